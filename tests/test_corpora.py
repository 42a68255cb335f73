"""Every real bibliography in ../shared/corpora: nothing crashes, nothing is lost.

The expected entry counts are read from SOURCES.md, which counted the `@type{key`
heads independently of litgraph: each file's parsed references plus its reported
unparsed entries must add up to that count.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from litgraph.graph.build import build
from litgraph.parse.bibtex import UNPARSED_CODES, load_bibliography
from litgraph.project import find_project

CORPORA = Path(__file__).parents[1].parent / "shared" / "corpora"


def _expected_counts() -> dict[str, int]:
    """file name → entries, from the SOURCES.md table ("153 (147 unique keys)" counts 153)."""
    counts = {}
    for line in (CORPORA / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 9 and cells[1].startswith("`") and cells[1].endswith(".bib`"):
            counts[cells[1].strip("`")] = int(re.match(r"[\d,]+", cells[8]).group().replace(",", ""))
    return counts


EXPECTED = _expected_counts()


def test_sources_lists_every_corpus_file():
    assert set(EXPECTED) == {path.name for path in CORPORA.glob("*.bib")}
    assert len(EXPECTED) == 6


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parsed_plus_reported_is_every_entry(name):
    path = CORPORA / name
    bib = load_bibliography([path], [name])
    unparsed = [p for p in bib.problems if p.code in UNPARSED_CODES]
    assert bib.heads == EXPECTED[name]
    assert len(bib.references) + len(unparsed) == EXPECTED[name]
    assert all(p.location.file == name and p.location.line > 0 for p in bib.problems)
    assert len({ref.key for ref in bib.references}) == len(bib.references)


def test_known_messes_are_reported_where_they_are():
    gnossos = load_bibliography([CORPORA / "gnossos-rethinking-rent-references.bib"], ["g.bib"])
    duplicates = [p for p in gnossos.problems if p.code == "duplicate-key"]
    assert len(duplicates) == 6 and len(gnossos.references) == 147  # 153 heads, 147 unique keys
    efficient = load_bibliography([CORPORA / "efficient-biblio-ref.bib"], ["e.bib"])
    refs = efficient.by_key()
    [field] = [p for p in efficient.problems if p.code == "duplicate-field"]
    assert field.key == "Markatos2001"
    assert refs["Markatos2001"].container == "Computer Communications"  # quotes of the kept entry removed
    assert {p.code for p in efficient.problems} == {"duplicate-string", "duplicate-field"}
    crossref_children = [r for r in efficient.references if "crossref" in r.fields]
    assert len(crossref_children) == 1032 and all(r.container for r in crossref_children)


@pytest.mark.parametrize("name", ["gnossos-rethinking-rent-references.bib", "zepinglee-gbt7714-examples.bib"])
def test_corpus_file_builds(name, tmp_path):
    shutil.copy(CORPORA / name, tmp_path / name)
    (tmp_path / "litgraph.toml").write_text(f'[review]\nbibtex = ["{name}"]\n', encoding="utf-8")
    result = build(find_project(tmp_path))
    unparsed = [p for p in result.problems if p.code in UNPARSED_CODES]
    counts = result.manifest.counts
    assert counts["entries_in_files"] == EXPECTED[name]
    assert counts["references"] + len(unparsed) == EXPECTED[name]
    assert counts["quads"] > 10 * counts["references"]
