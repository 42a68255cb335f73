"""`litgraph import`: speed on a 300-reference .docx (field codes, and a typed list parsed by the CRF),
typed references per second, a 50,000-line text file, the BibTeX → CSL-JSON → BibTeX round trip on
every shared corpus, and the seed review's list against its hand transcription.

    .venv/bin/python benchmarks/bench_import.py            # everything
    .venv/bin/python benchmarks/bench_import.py --only seed docx

Inputs are made here, from fixed data: the typed references are the first 150 records of
zepinglee-gbt7714-examples.bib and of colrev-ejis-records.bib (for the speed run: all 344 of the
first and 656 of the second) rendered in GB/T 7714-2015 by `litgraph.style.render`; the Zotero
document cites the same 300 records as CSL-JSON items, one citation each (11 of them are the same
work twice by the identity rule: CoLRev lists some papers twice under one DOI).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPORA = ROOT.parent / "shared" / "corpora"
SEED = ROOT.parent / "shared" / "seed" / "review-brand-community-attachment.txt"
LITGRAPH = [sys.executable, "-m", "litgraph"]  # a whole command: process start and imports included


def records(count: int = 300):
    from litgraph.parse.bibtex import load_bibliography
    from litgraph.parse.csl import to_csl

    chinese = load_bibliography([CORPORA / "zepinglee-gbt7714-examples.bib"]).references[: count // 2]
    english = load_bibliography([CORPORA / "colrev-ejis-records.bib"]).references[: count - len(chinese)]
    return [to_csl(ref) for ref in chinese + english]


def typed_list(items) -> list[str]:
    from litgraph.style.render import get_style, render_text

    style = get_style("gb7714-2015")
    return [f"[{number}] {render_text(item, style)}" for number, item in enumerate(items, 1)]


def timed_cli(*args: str) -> tuple[float, float, int]:
    """Wall and CPU seconds (the child's user + system time, less sensitive to a busy machine) of one
    `litgraph` run, and how many records it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([*LITGRAPH, *args], capture_output=True, text=True, cwd=tempfile.gettempdir())
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, len(json.loads(result.stdout or "[]"))


def bench_docx(folder: Path) -> None:
    from tests.docx_fixtures import csl_citation, field, make_docx, run

    items = records()
    lines = typed_list(items)
    typed = make_docx(
        folder / "typed-300.docx", [run("Text."), run("参考文献"), *[run(line) for line in lines]]
    )
    cited = []
    for number, item in enumerate(items):
        data = item.to_json()
        data["id"] = f"I{number}"
        code = " ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(
            csl_citation([data], f"[{number + 1}]", f"c{number}")
        )
        cited.append(run(f"Sentence {number} ") + field([code[:200], code[200:]], f"[{number + 1}]"))
    zotero = make_docx(folder / "zotero-300.docx", cited)
    for path in (zotero, typed):
        wall, cpu, found = timed_cli("import", str(path), "--json")
        print(f"docx  {path.name}: {found} references, `import --json` {wall:.2f} s wall, {cpu:.2f} s CPU")


def bench_speed(folder: Path) -> None:
    from litgraph.parse.sources import read_source

    lines = typed_list(records(1000))
    path = folder / "list-1000.txt"
    path.write_text("References\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    read_source(path, "text")  # the model loaded once, as in a command
    started, cpu = time.perf_counter(), time.process_time()
    found = read_source(path, "text")
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    count = len(found.records)
    print(f"speed {count} typed references (GB/T 2015, zh + en): {wall:.2f} s, "
          f"{count / wall:.0f} refs/s wall, {count / used:.0f} refs/s CPU (one core)")  # fmt: skip


def bench_large(folder: Path) -> None:
    from litgraph.parse.manuscript import text_paragraphs
    from litgraph.parse.reflist import find_reference_section

    prose = folder / "prose-50000.txt"
    prose.write_text(
        ("In 2019 we asked people about brands and their communities.\n\n" * 25_000), encoding="utf-8"
    )
    wall, cpu, _ = timed_cli("import", str(prose), "--json")
    print(f"large 50,000-line prose file, no list: refused in {wall:.2f} s wall, {cpu:.2f} s CPU")
    text = "References\n\n" + "".join(
        f"[{n}] Author{n}, A. ({1950 + n % 70}). Title {n}. Journal, {n % 90}(1), 1-{n % 400 + 2}.\n"
        for n in range(1, 50_001)
    )
    started = time.perf_counter()
    section = find_reference_section(text_paragraphs(text, ".txt", "list.txt"))
    print(f"large 50,000-line list: {len(section.references)} references found and split in "
          f"{time.perf_counter() - started:.2f} s (before parsing)")  # fmt: skip


def bench_roundtrip() -> None:
    from litgraph.csl import CslItem
    from litgraph.output.bibtex import entry_text
    from litgraph.parse.bibtex import load_bibliography, parse_bibtex
    from litgraph.parse.csl import to_csl

    for path in sorted(CORPORA.glob("*.bib")):
        refs = load_bibliography([path]).references
        started = time.perf_counter()
        text = "".join(entry_text(ref.key, CslItem.from_json(to_csl(ref).to_json())) for ref in refs)
        again = parse_bibtex(text, "round-trip")
        seconds = time.perf_counter() - started
        fields = sum(len(ref.fields) for ref in refs)
        back = f"{len(again.references)} entries read back, {len(again.problems)} problems"
        print(
            f"round {path.name}: {len(refs)} entries, {fields} fields, there and back {seconds:.1f} s; {back}"
        )


def bench_seed() -> None:
    """The seed's list parsed against references/seed-review.bib, field by field."""
    from litgraph.parse.bibtex import load_bibliography
    from litgraph.parse.csl import to_csl
    from litgraph.parse.sources import read_source

    found = read_source(SEED, "text").records
    truth = load_bibliography([ROOT / "references" / "seed-review.bib"]).references
    print(f"seed  {len(found)} references found (the transcription has {len(truth)})")
    compared = (
        "type",
        "title",
        "author",
        "author-truncated",
        "container-title",
        "issued",
        "volume",
        "issue",
        "page",
    )
    differences = 0
    for record, ref in zip(found, truth, strict=False):
        got, want = record.item.to_json(), to_csl(ref).to_json()
        for name in compared:
            if got.get(name) != want.get(name):
                differences += 1
                print(f"      {ref.key} {name}: parsed {got.get(name)!r}, transcribed {want.get(name)!r}")
    uncertain = sum(1 for record in found if record.uncertain)
    print(
        f"seed  {differences} differing fields over {len(truth)} x {len(compared)}; "
        f"{uncertain} marked uncertain"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=["seed", "docx", "speed", "large", "round"])
    chosen = set(parser.parse_args().only)
    with tempfile.TemporaryDirectory() as folder:
        if "seed" in chosen:
            bench_seed()
        if "docx" in chosen:
            bench_docx(Path(folder))
        if "speed" in chosen:
            bench_speed(Path(folder))
        if "large" in chosen:
            bench_large(Path(folder))
        if "round" in chosen:
            bench_roundtrip()


if __name__ == "__main__":
    main()
