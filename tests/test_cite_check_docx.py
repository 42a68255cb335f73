"""cite-check on a .docx with reference-manager citations (issue 13): each field citation is matched
exactly through the item data it embeds — no author–year reading of its displayed text — and the
summary and --json say which way each citation was matched. The documents are built the way the
managers write them (tests/docx_fixtures.py)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from litgraph.check.citations import check_citations
from litgraph.cli.app import app
from litgraph.parse.bibtex import load_bibliography
from litgraph.parse.manuscript import read_manuscript
from litgraph.parse.sources.docx import read_docx_citations

from .docx_fixtures import csl_citation, field, make_docx, run, split
from .test_import_docx import ZHOU

SEED_BIB = Path(__file__).resolve().parents[1] / "references" / "seed-review.bib"
# A second Park 2010 with the same authors: "(Park et al., 2010)" cannot tell the two apart by name and year.
PARK_B = r"""
@article{Park2010b, author={Park, C. W. and MacInnis, D. J. and Priester, J. and Eisingerich, A. B. and
  Iacobucci, D.}, title={Brand attachment: a second study}, journal={Journal of Marketing}, year={2010}}
"""
PARK_B_ITEM = {
    "id": "PK2B",
    "type": "article-journal",
    "title": "Brand attachment: a second study",
    "container-title": "Journal of Marketing",
    "author": [{"family": "Park", "given": "C. W."}, {"family": "MacInnis", "given": "D. J."}],
    "issued": {"date-parts": [[2010]]},
}
UNKNOWN_ITEM = {
    "id": "NB99",
    "type": "article-journal",
    "title": "A work nobody listed",
    "author": [{"family": "Nobody", "given": "N."}],
    "issued": {"date-parts": [[1999]]},
}
NE_GUID = "5F3C2A1B-9D8E-4F7A-B6C5-D4E3F2A1B0C9"
NE_ITEM = (
    "<Item><ID>102</ID><UID>{66666666-7777-4888-9999-000000000000}</UID>"
    "<Title>Sense of community: A definition and theory</Title><Template>Journal Article</Template>"
    "<Author>McMillan D W, Chavis D M</Author><Year>1986</Year>"
    "<Details><_journal>Journal of Community Psychology</_journal><_volume>14</_volume></Details></Item>"
)


def zotero(items: list[dict], shown: str) -> str:
    code = " ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(csl_citation(items, shown), ensure_ascii=False)
    return field(split(code, 30, 90), shown)


def manuscript(tmp_path: Path) -> tuple[Path, Path]:
    ne_data = (
        f" ADDIN NE.Ref.{{{NE_GUID}}}<Citation><Group><References>{NE_ITEM}</References></Group></Citation>"
    )
    docx = make_docx(
        tmp_path / "review.docx",
        [
            run("品牌社群文化影响品牌认同") + zotero([ZHOU], "（周志民 等, 2019）") + run("。"),
            run("Attachment ")
            + zotero([PARK_B_ITEM], "(Park et al., 2010)")
            + run(" and, typed by hand, (Thomson et al., 2005)."),
            run("Also ") + zotero([UNKNOWN_ITEM], "(Nobody, 1999)"),
            run("Community ") + field([f" ADDIN NE.Ref.{{{NE_GUID}}}"], "[1]"),
        ],
        doc_vars={f"NE.Ref{{{NE_GUID}}}": ne_data},
    )
    bib = tmp_path / "refs.bib"
    bib.write_text(SEED_BIB.read_text(encoding="utf-8") + PARK_B, encoding="utf-8")
    return docx, bib


def checked(tmp_path: Path):
    docx, bib = manuscript(tmp_path)
    return check_citations(
        read_manuscript(docx, "review.docx"),
        load_bibliography([bib], ["refs.bib"]),
        "paragraph",
        syntax="docx",
        field_codes=read_docx_citations(docx, "review.docx"),
    )


def test_field_citations_are_matched_by_their_item_data(tmp_path):
    result = checked(tmp_path)
    assert [(c.location.line, c.text, c.key, c.matched_by, c.manager) for c in result.citations] == [
        (1, "（周志民 等, 2019）", "ZhouZhimin2019", "field-code", "zotero"),
        (2, "(Park et al., 2010)", "Park2010b", "field-code", "zotero"),  # by its data, not ambiguous
        (2, "Thomson et al., 2005", "Thomson2005", "author-year", ""),  # typed by hand: read from the text
        (3, "(Nobody, 1999)", None, "field-code", "zotero"),
        (4, "[1]", "McMillan1986", "field-code", "noteexpress"),
    ]
    assert result.field_codes == ["NoteExpress", "Zotero"]


def test_a_field_citation_is_not_read_again_from_its_text(tmp_path):
    codes = [p.code for p in checked(tmp_path).problems]
    assert "citation-ambiguous" not in codes  # '(Park et al., 2010)' would fit Park2010 and Park2010b


def test_a_cited_work_that_is_not_in_the_bib_is_named_by_its_title(tmp_path):
    [missing] = [p for p in checked(tmp_path).problems if p.code == "citation-missing-reference"]
    assert missing.location.line == 3
    assert (
        "(Zotero field code) cites 'A work nobody listed' (1999), which is not in the .bib" in missing.message
    )


def test_the_summary_says_which_way_citations_were_matched(tmp_path):
    docx, bib = manuscript(tmp_path)
    result = CliRunner().invoke(app, ["cite-check", str(docx), "--bib", str(bib), "--json"])
    data = json.loads(result.stdout)
    assert data["summary"]["matched_by"] == {
        "Zotero field codes": 2,
        "author-year": 1,
        "NoteExpress field codes": 1,
    }
    assert data["summary"]["field_codes"] == ["NoteExpress", "Zotero"]
    assert [c["matched_by"] for c in data["citations"]] == [
        "field-code", "field-code", "author-year", "field-code", "field-code"
    ]  # fmt: skip
    printed = CliRunner().invoke(app, ["cite-check", str(docx), "--bib", str(bib)]).stdout
    assert "2 by Zotero field codes, 1 by author-year, 1 by NoteExpress field codes" in " ".join(
        printed.split()
    )
