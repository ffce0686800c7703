"""Write the benchmark's query sets (run in the benchmark's environment: the innocents need Faker).

    bench/.venv-baseline/bin/python -m screening_support.generate --list L.jsonl --names DIR --out DIR

Writes into ``--out``: ``main.queries.jsonl`` / ``main.labels.jsonl`` (aliases, typos, surname first, dropped
middle name, innocents; against the OFAC + UN node), ``hard.*`` (hard variants of Arabic and Persian names, against
the same node), ``xs-latin.jsonl`` and ``xs-script.jsonl`` (the
national lists of the two cross-script nodes), ``xs-native.*`` (original-script queries against
``xs-latin``) and ``xs-latin.*`` (Latin queries against ``xs-script``), ``pairs.jsonl`` /
``pairs.labels.jsonl`` (romanisation pairs for ``screen compare``) and ``sets.json`` (sizes, removed innocents).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .innocents import population
from .testsets import Labelled, alias_queries, hard_queries, innocent_queries, variant_queries
from .variants import RomanisationTable
from .xscript import GOOGLE_AR, pair_queries, read_pairs, split_lists, split_queries


def romanisation_table(names_dir: Path) -> RomanisationTable:
    """Other Latin spellings of Arabic-script names: Wikidata pairs seen twice or more, and Google's pairs."""
    pairs = [(native, latin) for latin, native in read_pairs(names_dir, "ar")]
    for split in ("train", "eval", "test"):
        path = names_dir / GOOGLE_AR.replace("test", split)
        for line in path.read_text(encoding="utf-8").splitlines():
            native, _, latin = line.partition("\t")
            pairs.append((native, latin))
    return RomanisationTable.from_pairs(pairs)


def write(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as sink:
        for row in rows:
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_labelled(out: Path, stem: str, labelled: list[Labelled]) -> Counter[str]:
    write(out / f"{stem}.queries.jsonl", (q for q, _ in labelled))
    write(out / f"{stem}.labels.jsonl", (lab for _, lab in labelled))
    return Counter(lab["class"] for _, lab in labelled)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", type=Path, required=True, help="the exported OFAC + UN entries (JSON Lines)")
    parser.add_argument("--names", type=Path, required=True, help="shared/data/names")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--size", type=int, default=1000, help="queries per variant class (default 1000)")
    parser.add_argument("--aliases", type=int, default=2000, help="alias queries (0: every alias)")
    parser.add_argument("--innocents", type=int, default=20000)
    parser.add_argument("--pairs", type=int, default=300, help="positive (and as many negative) pairs a corpus")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    entries = [json.loads(line) for line in args.list.read_text(encoding="utf-8").splitlines() if line]
    table = romanisation_table(args.names)

    main_set = list(alias_queries(entries, args.aliases or None, args.seed))
    main_set += variant_queries(entries, args.size, args.seed + 1)
    innocents, removed = innocent_queries(population(args.innocents, args.seed + 2), entries)
    main_set += innocents
    classes = write_labelled(args.out, "main", main_set)
    classes += write_labelled(args.out, "hard", list(hard_queries(entries, args.size, args.seed + 4, table)))

    latin_list, script_list = split_lists(entries)
    write(args.out / "xs-latin.jsonl", latin_list)
    write(args.out / "xs-script.jsonl", script_list)
    both = list(split_queries(entries))
    for direction in ("native", "latin"):
        made = [(q, lab) for q, lab in both if lab["class"] == f"xscript-un-{direction}"]
        classes += write_labelled(args.out, f"xs-{direction}", made)

    pairs = list(pair_queries(args.names, args.pairs, args.seed + 3))
    write(args.out / "pairs.jsonl", (p for p, _ in pairs))
    write(args.out / "pairs.labels.jsonl", (lab for _, lab in pairs))
    classes += Counter(lab["class"] for _, lab in pairs)

    summary = {
        "seed": args.seed,
        "romanisation_table_tokens": len(table),
        "classes": dict(sorted(classes.items())),
        "innocents_generated": args.innocents,
        "innocents_removed_as_listed": removed,
        "xs_entries": len(latin_list),
    }
    (args.out / "sets.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k != "innocents_removed_as_listed"}, ensure_ascii=False))
    print(f"innocents removed (their name is a listed name): {len(removed)} {removed[:10]}")
    sample = random.Random(args.seed).sample(main_set, 12)
    for query, lab in sample:
        print(f"  {lab['class']:<16} {query['name']!r:<50} <- {lab.get('source')!r}")


if __name__ == "__main__":
    main()
