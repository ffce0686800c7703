"""Targeting rules in CEL, the Common Expression Language (https://cel.dev), evaluated by the ``cel`` package
(PyPI ``common-expression-language``, bindings to the Rust implementation).

A rule is compiled once: a syntax error names its line and column; a rule is then tried on a sample traveller that
has every variable (:func:`~perimeter.passengers.variables.sample_variables`), so an unknown variable or field,
or a type error such as ``24.0`` against an ``int``, is refused when the rule is written rather than silently
never firing. A rule must give ``true`` or ``false``.

When a rule fires, :meth:`CompiledRule.fired_fields` says which fields made it fire: the fields the expression
reads, with this traveller's values, limited to the alternatives that were true when the rule is an ``a || b``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import cel

from perimeter.core.errors import InvalidInput
from perimeter.passengers.variables import VARIABLE_NAMES, sample_variables

MAX_EXPRESSION_LENGTH = 4000
_STRING = re.compile(r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"")
_FIELD = re.compile(r"(?<![\w.])(" + "|".join(VARIABLE_NAMES) + r")\b((?:\.[A-Za-z_]\w*\b(?!\s*\())*)")
_SYNTAX = re.compile(r"ERROR: <input>:(\d+):(\d+): (.*?)(?:\n|$)")


class RuleError(InvalidInput):
    """A rule that cannot be compiled or checked; the message says where and why."""

    code = "rule-error"


@dataclass(frozen=True)
class Clause:
    text: str
    program: Any
    fields: tuple[str, ...]


@dataclass(frozen=True)
class CompiledRule:
    rule_id: str
    version: int
    name: str
    action: str
    expression: str
    program: Any
    clauses: tuple[Clause, ...]
    variables: frozenset[str] = frozenset(VARIABLE_NAMES)  # the variables it reads

    def fires(self, variables: Variables) -> bool:
        """True when the rule holds; an evaluation error (a ``null`` compared, say) raises :class:`RuleError`."""
        return _run(self.program, variables.context)

    def fired_fields(self, variables: Variables) -> dict[str, Any]:
        """The fields that made the rule fire, with their values for this traveller."""
        clauses = self.clauses
        if len(clauses) > 1:
            clauses = tuple(clause for clause in clauses if _holds(clause.program, variables.context)) or clauses
        return {path: value_at(variables.values, path) for clause in clauses for path in clause.fields}


@dataclass(frozen=True)
class Variables:
    """One traveller's variables, as Python values and as a CEL context converted once for every rule."""

    values: Mapping[str, Any]
    context: Any

    @classmethod
    def of(cls, values: Mapping[str, Any], names: Iterable[str] | None = None) -> Variables:
        """``names``: only the variables the rules read (converting costs far more than evaluating a rule)."""
        chosen = values if names is None else {name: values[name] for name in names}
        return cls(values, cel.Context(dict(chosen)))


def compile_rule(rule_id: str, version: int, name: str, action: str, expression: str) -> CompiledRule:
    program = compile_expression(expression)
    parts = split_top_level(expression, "||")
    clauses = tuple(
        Clause(part, program if len(parts) == 1 else compile_expression(part), referenced_fields(part))
        for part in parts
    )
    reads = frozenset(VARIABLE_NAMES).intersection(program.variables())
    return CompiledRule(rule_id, version, name, action, expression, program, clauses, reads)


def compile_expression(expression: str) -> Any:
    """The compiled program, once the expression has been checked against a sample traveller."""
    if not expression.strip():
        raise RuleError("the rule's expression is empty")
    if len(expression) > MAX_EXPRESSION_LENGTH:
        raise RuleError(f"the expression is {len(expression)} characters long; at most {MAX_EXPRESSION_LENGTH}")
    try:
        program = cel.compile(expression)
    except ValueError as error:
        raise RuleError(syntax_message(expression, str(error))) from None
    try:
        result = program.execute(sample_variables())
    except KeyError as error:
        raise RuleError(f"unknown field {error.args[0]!r} in {_fields_near(expression, str(error.args[0]))}") from None
    except (RuntimeError, TypeError, ValueError) as error:
        raise RuleError(_evaluation_message(str(error))) from None
    if not isinstance(result, bool):
        raise RuleError(f"a rule must give true or false; this one gives {type(result).__name__} {result!r}")
    return program


def syntax_message(expression: str, error: str) -> str:
    found = _SYNTAX.search(error)
    if not found:
        return f"the expression does not compile: {error}"
    line, column, reason = int(found.group(1)), int(found.group(2)), found.group(3)
    text = expression.splitlines()[line - 1] if expression.splitlines() else expression
    pointer = " " * (column - 1) + "^"
    return f"syntax error at line {line}, column {column}: {reason}\n  {text}\n  {pointer}"


def _evaluation_message(error: str) -> str:
    if "Undefined variable" in error:
        name = re.search(r"'([^']+)'", error)
        what = f" {name.group(1)!r}" if name else ""
        return f"unknown variable{what}: rules may use {', '.join(VARIABLE_NAMES)}"
    first = error.split(". ")[0]
    return f"the expression fails on a traveller with every field given: {first}"


def _fields_near(expression: str, key: str) -> str:
    paths = [path for path in referenced_fields(expression) if path.endswith(f".{key}")]
    return paths[0] if paths else "the expression"


def referenced_fields(expression: str) -> tuple[str, ...]:
    """Variable paths the expression reads (``pnr.agency.name``), in order, ignoring text inside string literals."""
    blanked = _STRING.sub(lambda match: " " * len(match.group()), expression)
    return tuple(dict.fromkeys(match.group(1) + match.group(2) for match in _FIELD.finditer(blanked)))


def split_top_level(expression: str, operator: str) -> list[str]:
    """The expression's alternatives joined by ``operator`` outside brackets and strings (one when there are none)."""
    parts: list[str] = []
    depth, start, index, quote = 0, 0, 0, ""
    while index < len(expression):
        char = expression[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and expression.startswith(operator, index):
            parts.append(expression[start:index].strip())
            start = index + len(operator)
            index += len(operator) - 1
        index += 1
    parts.append(expression[start:].strip())
    return [part for part in parts if part] if len(parts) > 1 else [expression.strip()]


def value_at(variables: Mapping[str, Any], path: str) -> Any:
    value: Any = variables
    for key in path.split("."):
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def _run(program: Any, context: Any) -> bool:
    try:
        result = program.execute(context)
    except (KeyError, RuntimeError, TypeError, ValueError) as error:
        raise RuleError(f"evaluation failed: {str(error).split('. ')[0]}") from None
    return result is True


def _holds(program: Any, context: Any) -> bool:
    try:
        return _run(program, context)
    except RuleError:
        return False
