"""Property: finder and owner applying the same steps keep identical cases, and the rules hold on any sequence."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from perimeter.core.errors import PerimeterError
from perimeter.records import case_deadlines as deadlines
from perimeter.records.cases import CaseState, CaseStep, Side, StepAction, apply, new_id, open_case
from tests.records.test_cases import T0, notification

STEPS = st.lists(
    st.tuples(
        st.sampled_from(list(StepAction)),
        st.sampled_from(list(Side)),
        st.sampled_from([None, "", "Refer to secondary"]),
        st.sampled_from([{}, {"category": "terrorism"}]),
        st.sampled_from([None, 48.0]),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(STEPS)
def test_both_copies_agree_on_every_sequence(
    steps: list[tuple[StepAction, Side, str | None, dict, float | None]],
) -> None:
    sent = notification()
    finder, owner = open_case(sent, Side.FINDER), open_case(sent, Side.OWNER)
    for minute, (action, side, text, fields, core_hours) in enumerate(steps):
        step = CaseStep(
            step_id=new_id(),
            case_id=sent.case_id,
            action=action,
            side=side,
            node_id=sent.finder_node if side is Side.FINDER else sent.owner_node,
            officer="someone",
            at=T0 + timedelta(minutes=minute),
            text=text,
            fields=fields,
        )
        outcomes = []
        for copy in (finder, owner):
            try:
                outcomes.append(apply(copy, step, core_hours))
            except PerimeterError as error:
                outcomes.append(type(error))  # type: ignore[arg-type]
        assert type(outcomes[0]) is type(outcomes[1]) and (
            not isinstance(outcomes[0], type) or outcomes[0] is outcomes[1]
        )
        if isinstance(outcomes[0], type):
            continue
        new_finder, new_owner = outcomes
        assert new_finder.model_dump(exclude={"side"}) == new_owner.model_dump(exclude={"side"})
        assert finder.state is not CaseState.CLOSED, "a closed case accepted a step"
        if new_finder.released:  # data is released only after the owner confirmed the identity
            assert new_finder.identity_answered_at is not None
            assert new_finder.state in (CaseState.IDENTITY_CONFIRMED, CaseState.CLOSED)
        if new_finder.state is CaseState.CLOSED:
            assert new_finder.closed_at is not None and deadlines.running_deadline(new_finder) is None
        finder, owner = new_finder, new_owner
