"""Accuracy and speed of the typed-reference parser (`litgraph.parse.typed`) on sets training never saw.

    .venv/bin/python benchmarks/bench_refparser.py                 # every set, per field
    .venv/bin/python benchmarks/bench_refparser.py --sets seed --diff   # each differing field
    .venv/bin/python benchmarks/bench_refparser.py --speed         # references per second, one core

A field is right when the parse and the truth are equal after Unicode NFKC, case and accent folding
and with punctuation and spaces removed; it counts when either side has it (a field found that the
truth lacks is wrong too). The sets are described in benchmarks/refparser_sets.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import refparser_sets as sets  # noqa: E402
from litgraph.style.marks import MARK_PATTERN  # noqa: E402

LOADERS = {
    "gbt": sets.gbt_cases,
    "gbt-marked": lambda: [case for case in sets.gbt_cases() if MARK_PATTERN.search(case.text)],
    "gbt-dev": sets.gbt_dev_cases,
    "gbt-dev-bst": sets.gbt_dev_bst_cases,
    "gbt-own": sets.gbt_own_cases,
    "gbt-hosts": sets.gbt_hosts_cases,
    "cnki": lambda: [case for case in sets.shape_cases() if case.set == "cnki"],
    "scholar": lambda: [case for case in sets.shape_cases() if case.set == "scholar"],
    "anystyle-gold": sets.anystyle_cases,
    "seed": sets.seed_cases,
}


def score(cases: list[sets.Case], diff: bool) -> dict[str, tuple[int, int]]:
    from litgraph.parse.typed import parse_references

    parsed = parse_references([case.text for case in cases])
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tally["uncertain"] = [sum(result.uncertain for result in parsed), len(parsed)]
    for case, result in zip(cases, parsed, strict=True):
        found = sets.item_fields(result.item)
        for field in sets.FIELDS:
            want, got = sets.folded(case.truth.get(field, "")), sets.folded(found.get(field, ""))
            if not want and not got:
                continue
            tally[field][1] += 1
            if want == got:
                tally[field][0] += 1
            elif diff:
                print(
                    f"  {case.kind} {field}: want {case.truth.get(field, '')!r} got {found.get(field, '')!r}"
                )
                print(f"      {case.text}")
    return {field: (right, total) for field, (right, total) in tally.items()}


def table(results: dict[str, tuple[int, dict[str, tuple[int, int]]]]) -> None:
    header = "| set | n | " + " | ".join(sets.FIELDS) + " | all fields | uncertain |"
    print(header)
    print("|" + "---|" * (len(sets.FIELDS) + 4))
    for name, (count, tally) in results.items():
        cells = []
        for field in sets.FIELDS:
            right, total = tally.get(field, (0, 0))
            cells.append(f"{right / total:.3f}" if total else "–")
        right = sum(tally[field][0] for field in sets.FIELDS if field in tally)
        total = sum(tally[field][1] for field in sets.FIELDS if field in tally)
        flagged, parsed = tally["uncertain"]
        print(
            f"| {name} | {count} | "
            + " | ".join(cells)
            + f" | {right / total:.3f} | {flagged / parsed:.1%} |"
        )


def seed_report() -> None:
    """Every difference between the seed's parsed references and seed-review.bib, all fields."""
    from litgraph.parse.bibtex import load_bibliography
    from litgraph.parse.csl import to_csl
    from litgraph.parse.typed import parse_references

    cases = sets.seed_cases()
    bib = load_bibliography([sets.ROOT / "references" / "seed-review.bib"])
    parsed = parse_references([case.text for case in cases])
    differences = 0
    for case, ref, result in zip(cases, bib.references, parsed, strict=True):
        want, got = to_csl(ref), result.item
        pairs = {
            "authors": (
                [(n.family, n.given) for n in want.author],
                [(n.family, n.given) for n in got.author],
            ),
            "truncated": (want.author_truncated, got.author_truncated),
            "type": (want.type, got.type),
            "language": (want.language, got.language),
            **{
                field: (value, sets.item_fields(got)[field])
                for field, value in sets.item_fields(want).items()
            },
            "page": (want.page, got.page),
        }
        for name, (expected, found) in pairs.items():
            if expected != found:
                differences += 1
                print(f"{ref.key} {name}: bib {expected!r} parsed {found!r}\n    {case.text}")
        if result.notes:
            print(f"{ref.key} notes: {result.notes}")
    print(f"{len(cases)} references, {differences} differing values")


def speed(repeat: int) -> None:
    from litgraph.parse.typed import parse_reference, parse_references

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    texts = [case.text for case in sets.seed_cases() + sets.gbt_cases()[:400] + sets.anystyle_cases()[:400]]
    parse_reference("warm-up: the model loads once")
    started, started_cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        parse_references(texts)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    count = repeat * len(texts)
    chars = sum(len(text) for text in texts) / len(texts)
    print(
        f"{count} references ({chars:.0f} characters on average) on one core: {elapsed:.2f} s wall "
        f"({count / elapsed:.0f} references per second), {cpu:.2f} s CPU ({count / cpu:.0f} per CPU second)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sets", nargs="*", default=list(LOADERS), choices=list(LOADERS))
    parser.add_argument("--diff", action="store_true", help="print every differing field")
    parser.add_argument("--by-kind", action="store_true", help="a row per shape or entry type")
    parser.add_argument(
        "--by-certainty", action="store_true", help="rows for the certain and uncertain parses"
    )
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--seed-report", action="store_true", help="every field of the seed against the .bib")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.speed:
        speed(args.repeat)
        return 0
    if args.seed_report:
        seed_report()
        return 0
    results: dict[str, tuple[int, dict[str, tuple[int, int]]]] = {}
    for name in args.sets:
        cases = LOADERS[name]()
        if args.diff:
            print(f"## {name}")
        results[name] = (len(cases), score(cases, args.diff))
        if args.by_certainty:
            from litgraph.parse.typed import parse_references

            flags = [result.uncertain for result in parse_references([case.text for case in cases])]
            for flag, label in ((False, "certain"), (True, "uncertain")):
                group = [case for case, uncertain in zip(cases, flags, strict=True) if uncertain == flag]
                if group:
                    results[f"{name}: {label}"] = (len(group), score(group, False))
        if args.by_kind:
            kinds: dict[str, list[sets.Case]] = defaultdict(list)
            for case in cases:
                kinds[case.kind].append(case)
            for kind, group in sorted(kinds.items()):
                results[f"{name}: {kind}"] = (len(group), score(group, False))
    table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
