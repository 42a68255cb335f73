"""Time of `litgraph cite-check`: long manuscripts, and a manuscript whose typed list is checked.

1. In-text citations at scale (issue 16, item 7): N author–year citations, one a line, with no
   blank line between them (one paragraph of N lines) and with a blank line after each (N
   paragraphs), against a 300-entry .bib. Before the fix, a citation's line was counted from its
   paragraph's start, so one long paragraph took time quadratic in its length.
2. The typed list (issue 14): a manuscript of 300 numbered references (the .bib from
   benchmarks/synth.py with a fixed seed, each entry rendered in GB/T 7714-2015 and then spoiled
   the way hand-typed lists are: 。 for the full stop after the authors in every third entry,
   another year in every tenth), cited [1]…[300] in the text, checked against GB/T 7714-2025:
   `check_citations` in this process (the parser's model loaded once before), and the whole
   command in a fresh process (start-up, reading, parsing, matching, rendering, printing).

    .venv/bin/python benchmarks/bench_cite_check.py [--citations 100000] [--references 300]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(index: int) -> str:
    """Distinct family names without digits: Aaab, Aaac, ..."""
    letters = ""
    index += 26 * 26 * 26
    while index:
        index, rest = divmod(index, 26)
        letters = chr(ord("a") + rest) + letters
    return "A" + letters


def in_text(citations: int, folder: Path) -> list[tuple[str, int, float, float]]:
    from litgraph.check.citations.run import check_citations
    from litgraph.parse.bibtex import load_bibliography
    from litgraph.parse.manuscript import text_paragraphs

    bib = folder / "names.bib"
    bib.write_text(
        "".join(
            f"@article{{K{i}, author={{{_name(i)}, A.}}, title={{T{i}}}, journal={{J}}, year={{2001}}}}\n"
            for i in range(300)
        ),
        encoding="utf-8",
    )
    bibliography = load_bibliography([bib])
    rows = []
    for label, separator in (("one paragraph (no blank lines)", "\n"), ("a paragraph each", "\n\n")):
        text = separator.join(f"Line {i} cites ({_name(i % 300)}, 2001) here." for i in range(citations))
        paragraphs = text_paragraphs(text, ".txt", "long.txt")
        start, cpu = time.perf_counter(), time.process_time()
        result = check_citations(paragraphs, bibliography)
        rows.append((label, len(result.citations), time.perf_counter() - start, time.process_time() - cpu))
    return rows


def typed_list(references: int, folder: Path) -> tuple[Path, Path]:
    """The .bib and a manuscript whose numbered list types each of its entries (see the docstring)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from synth import bibliography

    from litgraph.parse.bibtex import load_bibliography
    from litgraph.parse.csl import to_csl
    from litgraph.style.render import get_style, render_text

    bib = folder / "refs.bib"
    bib.write_text(bibliography(references, seed=1), encoding="utf-8")
    style = get_style("gb7714-2015")
    lines = []
    for number, ref in enumerate(load_bibliography([bib]).references, 1):
        line = render_text(to_csl(ref), style)
        if number % 3 == 0:
            line = line.replace(". ", "。", 1)
        if number % 10 == 0 and ref.year:
            line = line.replace(str(ref.year), str(ref.year - 1))
        lines.append(f"[{number}] {line}")
    body = " ".join(f"As shown [{number}]." for number in range(1, len(lines) + 1))
    manuscript = folder / "manuscript.md"
    manuscript.write_text(f"# Introduction\n\n{body}\n\n# References\n\n" + "\n".join(lines) + "\n", "utf-8")
    return bib, manuscript


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citations", type=int, default=100_000)
    parser.add_argument("--references", type=int, default=300)
    args = parser.parse_args()
    from litgraph.check.citations.run import check_citations
    from litgraph.parse.bibtex import load_bibliography
    from litgraph.parse.manuscript import read_manuscript
    from litgraph.parse.typed import parse_reference
    from litgraph.style.render import ListSettings

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print(f"{'in-text citations':40} {'found':>8} {'wall s':>8} {'cpu s':>8}")
        for label, found, seconds, cpu_seconds in in_text(args.citations, folder):
            print(f"{label:40} {found:8,} {seconds:8.2f} {cpu_seconds:8.2f}")
        bib, manuscript = typed_list(args.references, folder)
        parse_reference("Lee A. T[J]. J, 2001, 1: 1-2.")  # load the parser's model once
        bibliography = load_bibliography([bib])
        paragraphs = read_manuscript(manuscript)
        start, cpu = time.perf_counter(), time.process_time()
        result = check_citations(
            paragraphs, bibliography, syntax="markdown", list_settings=ListSettings("gb7714-2025")
        )
        checked, checked_cpu = time.perf_counter() - start, time.process_time() - cpu
        codes = sorted({p.code for p in result.problems})
        command = [sys.executable, "-m", "litgraph", "cite-check", str(manuscript), "--bib", str(bib)]
        runs = []
        for output in ([], ["--json"]):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([*command, "--style", "gb7714-2025", *output], capture_output=True, check=False)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu_used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            runs.append((time.perf_counter() - start, cpu_used))
    found = f"{len(result.references)} references, {len(result.citations)} citations ({', '.join(codes)})"
    print(f"\ntyped list of {found}")
    print(f"{'':40} {'wall s':>8} {'cpu s':>8}")
    print(f"{'check_citations (list included)':40} {checked:8.2f} {checked_cpu:8.2f}")
    for label, (wall, cpu_used) in zip(("table", "--json"), runs, strict=True):
        print(f"{'litgraph cite-check, ' + label + ' (new process)':40} {wall:8.2f} {cpu_used:8.2f}")


if __name__ == "__main__":
    main()
