"""The BibTeX step: every entry is either a Reference or a reported problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from litgraph.errors import InputError
from litgraph.parse.bibtex import UNPARSED_CODES, load_bibliography, parse_bibtex

ROOT = Path(__file__).resolve().parents[1]
SEED_BIB = ROOT / "references" / "seed-review.bib"


def test_seed_reference_list_is_complete_and_as_written():
    bib = load_bibliography([SEED_BIB])
    assert bib.problems == []
    assert len(bib.references) == 31
    chinese = [r for r in bib.references if r.language == "zh"]
    assert len(chinese) == 11
    # The author wrote "等" for every Chinese entry: kept as a truncated list.
    assert all(r.authors_truncated and len(r.authors) == 1 for r in chinese)
    refs = bib.by_key()
    park = refs["Park2010"]
    assert [a.family for a in park.authors] == ["Park", "MacInnis", "Priester", "Eisingerich", "Iacobucci"]
    assert park.authors[0].first == "C. W."
    assert (park.container, park.volume, park.number, park.pages, park.year) == (
        "Journal of Marketing",
        "74",
        "6",
        "1-17",
        2010,
    )
    assert refs["Malar2011"].authors[0].family == "Malär"
    # A Chinese journal issue without volume, exactly as written: 2023(4): 120-135.
    jin = refs["JinXiaotong2023"]
    assert (jin.volume, jin.number, jin.pages) == ("", "4", "120-135")


def test_macros_crossref_months_and_latex_are_resolved():
    text = r"""
@string{jm = "Journal of Marketing"}
@proceedings{conf2020, title = {Proceedings of the Brand Conference}, year = 2020, publisher = {ACM}}
@inproceedings{child, author = {Andr\'{a}s, P{\'e}ter and {La Joie}, Renée}, title = {On {B}rands},
  crossref = {conf2020}, month = apr, pages = {1--10}}
@article{a, author = {Smith, J.}, title = {X}, journal = jm, year = 2019}
"""
    bib = parse_bibtex(text, "t.bib")
    refs = bib.by_key()
    assert bib.problems == []
    child = refs["child"]
    assert child.container == "Proceedings of the Brand Conference"  # parent title → booktitle
    assert child.year == 2020 and child.publisher == "ACM"
    assert child.fields["month"] == "4"
    assert [a.family for a in child.authors] == ["András", "La Joie"]
    assert child.authors[0].first == "Péter"
    assert child.title == "On Brands"
    assert refs["a"].container == "Journal of Marketing"


@pytest.mark.parametrize(
    ("written", "bare"),
    [
        ("10.1509/jmkg.74.6.1", "10.1509/jmkg.74.6.1"),
        ("https://doi.org/10.1509/jmkg.74.6.1", "10.1509/jmkg.74.6.1"),
        ("HTTP://DX.DOI.ORG/10.1509/JMKG.74.6.1", "10.1509/JMKG.74.6.1"),  # the case as written
        ("doi:10.1509/jmkg.74.6.1", "10.1509/jmkg.74.6.1"),
        ("doi: 10.1509/jmkg.74.6.1", "10.1509/jmkg.74.6.1"),
        ("  10.1509/jmkg.74.6.1 ", "10.1509/jmkg.74.6.1"),
    ],
)
def test_a_doi_is_read_without_its_resolver_or_prefix(written, bare):
    ref = parse_bibtex(f"@article{{a, title = {{T}}, doi = {{{written}}}}}", "t.bib").references[0]
    assert ref.doi == bare


def test_broken_entries_are_reported_with_their_lines_and_nothing_is_lost():
    text = """@article{ok1, title = {Fine}, year = {2001}}

@article{broken, title = {Unclosed {brace, year = {2002}}

@article{ok2, title = {Swallowed?}, year = {2003}}
@article{ok1, title = {Again}, year = {2004}}
@article{dupfield, title = {One}, title = {Two}, year = {2005}}
@article{missingparent, crossref = {nowhere}, title = {T}, year = {2006}}
"""
    bib = parse_bibtex(text, "b.bib")
    heads = len(re.findall(r"^@article", text, re.MULTILINE))
    dropped = [p for p in bib.problems if p.code in UNPARSED_CODES]
    assert len(bib.references) + len(dropped) == heads
    by_code = {p.code: p for p in bib.problems}
    assert by_code["syntax"].location.line == 3 and by_code["syntax"].key == "broken"
    assert by_code["duplicate-key"].location.line == 6
    assert "line 1" in by_code["duplicate-key"].message
    assert by_code["duplicate-field"].key == "dupfield"
    assert bib.by_key()["dupfield"].title == "One"  # kept, first value wins
    assert by_code["crossref-missing"].location.line == 8


def test_names_the_splitter_rejects_do_not_lose_the_entry():
    bib = parse_bibtex(
        "@techreport{rfc1, author = {ISO, and Chatterjee,  and Mitra, }, title = {T}, year = 1990}", "r.bib"
    )
    assert len(bib.references) == 1
    assert [a.family for a in bib.references[0].authors] == ["ISO", "Chatterjee", "Mitra"]


def test_non_utf8_file_names_the_line(tmp_path):
    path = tmp_path / "gbk.bib"
    path.write_bytes("@article{a, title = {ok}}\n@article{b, title = {品牌}}\n".encode("gb18030"))
    with pytest.raises(InputError) as error:
        load_bibliography([path])
    assert error.value.location.line == 2
    assert "iconv" in error.value.hint


def test_same_key_in_two_files_is_reported(tmp_path):
    first, second = tmp_path / "a.bib", tmp_path / "b.bib"
    first.write_text("@article{k, title = {A}}\n", encoding="utf-8")
    second.write_text("\n@article{k, title = {B}}\n", encoding="utf-8")
    bib = load_bibliography([first, second])
    assert [r.title for r in bib.references] == ["A"]
    [problem] = bib.problems
    assert problem.code == "duplicate-key" and problem.location.line == 2 and str(first) in problem.message


@pytest.mark.parametrize("head", ["@article{,", "@article{ ,", "@article{\n,"])
def test_an_entry_without_a_key_is_reported_not_used(head):
    text = (
        "@article{ok, title = {Fine}, year = {2001}}\n"
        + head
        + " title = {x}, author = {A, B}, year = {2000}}\n"
    )
    bib = parse_bibtex(text, "k.bib")
    unparsed = [p for p in bib.problems if p.code in UNPARSED_CODES]
    assert [r.key for r in bib.references] == ["ok"]
    assert len(bib.references) + len(unparsed) == bib.heads == 2
    [problem] = unparsed
    assert (problem.code, problem.location.file, problem.location.line) == ("syntax", "k.bib", 2)
    assert "entry has no key" in problem.message
