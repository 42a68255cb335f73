"""Word field codes read exactly: Zotero, Mendeley (Desktop and Cite), EndNote (inline and base64,
in one chunk or several), NoteExpress; each citation with its paragraph and the works it cites;
checked against pandoc's own `docx+citations` reader where pandoc reads the manager."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pypandoc
import pytest

from litgraph.errors import InputError
from litgraph.parse.manuscript import read_manuscript
from litgraph.parse.sources import read_source
from litgraph.parse.sources.docx import read_docx_citations
from tests.docx_fixtures import (
    csl_citation,
    data_element,
    field,
    make_docx,
    mendeley_cite_tag,
    mendeley_sdt,
    run,
    split,
    wrapped_base64,
)

ZHOU = {
    "id": "ZH7Q2K",
    "type": "article-journal",
    "title": "品牌社群文化对消费者品牌认同的影响研究",
    "container-title": "外国经济与管理",
    "volume": "41",
    "issue": "8",
    "page": "56-70",
    "language": "zh-CN",
    "author": [{"family": "周", "given": "志民"}, {"family": "张", "given": "江乐"}],
    "issued": {"date-parts": [["2019"]]},
}
ALGESHEIMER = {
    "id": "AL5P9R",
    "type": "article-journal",
    "title": "The social influence of brand community: Evidence from European car clubs",
    "container-title": "Journal of Marketing",
    "volume": "69",
    "issue": "3",
    "page": "19-34",
    "DOI": "10.1509/jmkg.69.3.19.66363",
    "author": [
        {"family": "Algesheimer", "given": "René"},
        {"family": "Dholakia", "given": "Utpal M."},
        {"family": "Herrmann", "given": "Andreas"},
    ],
    "issued": {"date-parts": [[2005, 7]]},
}
THOMSON = {
    "id": "TH3M8N",
    "type": "article-journal",
    "title": "The ties that bind: Measuring the strength of consumers' emotional attachments to brands",
    "container-title": "Journal of Consumer Psychology",
    "volume": "15",
    "issue": "1",
    "page": "77-91",
    "author": [
        {"family": "Thomson", "given": "Matthew"},
        {"family": "MacInnis", "given": "Deborah J."},
        {"family": "Park", "given": "C. Whan"},
    ],
    "issued": {"date-parts": [[2005]]},
}


def _zotero_docx(path: Path, broken: bool = False) -> Path:
    first = (
        " ADDIN ZOTERO_ITEM CSL_CITATION "
        + json.dumps(csl_citation([ZHOU], "（周志民 等, 2019）"), ensure_ascii=False)
        + " "
    )
    second = " ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(
        csl_citation([ALGESHEIMER, THOMSON], "(Algesheimer et al., 2005; Thomson et al., 2005)", "d4e5f6")
    )
    if broken:
        second = second[:-40]  # the JSON cut off: a damaged field
    bibliography = ' ADDIN ZOTERO_BIBL {"uncited":[],"omitted":[],"custom":[]} CSL_BIBLIOGRAPHY '
    return make_docx(
        path,
        [
            run("品牌社群文化影响品牌认同")
            + field(split(first, 40, 97, 230), "（周志民 等, 2019）")
            + run("。"),
            "",
            run("Brand communities matter ")
            + field(split(second, 12, 300, 301), "(Algesheimer et al., 2005; Thomson et al., 2005)"),
            run("参考文献"),
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            + f'<w:r><w:instrText xml:space="preserve">{escape(bibliography)}</w:instrText></w:r>'
            + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            + run("Algesheimer, R., Dholakia, U. M., & Herrmann, A. (2005). The social influence ..."),
            run("Thomson, M., MacInnis, D. J., & Park, C. W. (2005). The ties that bind ...")
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        ],
    )


def test_zotero_citations_are_read_with_their_paragraphs(tmp_path):
    path = _zotero_docx(tmp_path / "zotero.docx")
    found = read_docx_citations(path, "zotero.docx")
    assert found.problems == []
    assert [(c.manager, c.location.line, c.text) for c in found.citations] == [
        ("zotero", 1, "（周志民 等, 2019）"),
        ("zotero", 3, "(Algesheimer et al., 2005; Thomson et al., 2005)"),
    ]
    assert [[work.source_id for work in c.works] for c in found.citations] == [
        ["http://zotero.org/users/1234/items/ZH7Q2K"],
        ["http://zotero.org/users/1234/items/AL5P9R", "http://zotero.org/users/1234/items/TH3M8N"],
    ]
    zhou = found.citations[0].works[0].item
    assert (zhou.title, zhou.container_title, zhou.issued, zhou.volume, zhou.issue, zhou.page) == (
        "品牌社群文化对消费者品牌认同的影响研究", "外国经济与管理", (2019,), "41", "8", "56-70"
    )  # fmt: skip
    assert [(n.family, n.given) for n in zhou.author] == [("周", "志民"), ("张", "江乐")]
    assert found.citations[1].works[0].item.DOI == "10.1509/jmkg.69.3.19.66363"
    assert found.bibliography == [found.bibliography[0]] and found.bibliography[0].line == 5
    # the paragraphs are numbered as cite-check numbers them
    assert [location.line for _, location in read_manuscript(path)] == [
        loc.line for _, loc in found.paragraphs
    ]


def test_a_docx_with_field_codes_imports_each_work_once(tmp_path):
    read = read_source(_zotero_docx(tmp_path / "zotero.docx"), "auto", "zotero.docx")
    assert read.format == "docx"
    assert [record.item.title[:20] for record in read.records] == [
        "品牌社群文化对消费者品牌认同的影响研究",
        "The social influence",
        "The ties that bind: ",
    ]
    assert [record.location.line for record in read.records] == [1, 3, 3]
    assert all(set(record.confidence.values()) == {1.0} for record in read.records)


def test_a_field_code_with_broken_json_is_reported_at_its_paragraph(tmp_path):
    read = read_source(_zotero_docx(tmp_path / "broken.docx", broken=True), "auto", "broken.docx")
    assert [record.item.title[:4] for record in read.records] == ["品牌社群"]
    (problem,) = read.problems
    assert problem.location.line == 3 and problem.severity.value == "error"
    assert "broken JSON" in problem.message and "Zotero" in problem.message


def _mendeley_docx(path: Path) -> Path:
    # Mendeley Desktop numbers the items of each citation from ITEM-1, so ids repeat across citations.
    one = {**THOMSON, "id": "ITEM-1"}
    two = {**ALGESHEIMER, "id": "ITEM-1"}

    def code(item, shown):
        data = {
            "citationItems": [
                {
                    "id": "ITEM-1",
                    "itemData": item,
                    "uris": [f"http://www.mendeley.com/documents/?uuid={item['title'][:8]}"],
                }
            ],
            "mendeley": {"formattedCitation": shown, "plainTextFormattedCitation": shown},
            "properties": {"noteIndex": 0},
            "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json",
        }
        return "ADDIN CSL_CITATION " + json.dumps(data)

    return make_docx(
        path,
        [
            run("Attachment ")
            + field([code(one, "(Thomson et al., 2005)")], "(Thomson et al., 2005)")
            + run("."),
            run("Community ")
            + field([code(two, "(Algesheimer et al., 2005)")], "(Algesheimer et al., 2005)"),
        ],
    )


def test_mendeley_desktop_citations(tmp_path):
    found = read_docx_citations(_mendeley_docx(tmp_path / "m.docx"), "m.docx")
    assert [(c.manager, c.location.line, [w.item.title[:13] for w in c.works]) for c in found.citations] == [
        ("mendeley", 1, ["The ties that"]),
        ("mendeley", 2, ["The social in"]),
    ]
    read = read_source(tmp_path / "m.docx", "docx", "m.docx")
    assert len(read.records) == 2  # the same id in two citations is two works


def test_mendeley_cite_content_controls(tmp_path):
    tag = mendeley_cite_tag([{**ZHOU, "id": "3f2a9c1e-2b7d-4e11-9a55-0c8d7e6f5a4b"}], "(周志民等, 2019)")
    path = make_docx(
        tmp_path / "cite.docx",
        [
            run("研究表明") + mendeley_sdt(tag, "(周志民等, 2019)") + run("。"),
            '<w:sdt><w:sdtPr><w:tag w:val="MENDELEY_BIBLIOGRAPHY"/></w:sdtPr><w:sdtContent>'
            f"<w:p>{run('周志民, 张江乐. 品牌社群文化 ...')}</w:p></w:sdtContent></w:sdt>",
        ],
    )
    found = read_docx_citations(path, "cite.docx")
    (citation,) = found.citations
    assert (citation.manager, citation.location.line, citation.text) == (
        "mendeley-cite",
        1,
        "(周志民等, 2019)",
    )
    assert citation.works[0].source_id == "3f2a9c1e-2b7d-4e11-9a55-0c8d7e6f5a4b"
    assert citation.works[0].item.container_title == "外国经济与管理"
    assert found.bibliography[0].line == 2
    # URL-safe base64 without padding, as some writers leave it, reads the same
    safe = tag.replace("+", "-").replace("/", "_").rstrip("=")
    again = read_docx_citations(make_docx(tmp_path / "safe.docx", [mendeley_sdt(safe, "x")]), "safe.docx")
    assert again.citations[0].works[0].item.title == ZHOU["title"]


ENDNOTE_RECORD = (
    "<record><rec-number>{n}</rec-number>"
    '<foreign-keys><key app="EN" db-id="x9vzt2e0">{n}</key></foreign-keys>'
    '<ref-type name="Journal Article">17</ref-type><contributors><authors>{authors}</authors></contributors>'
    "<titles><title>{title}</title><secondary-title>{journal}</secondary-title></titles>"
    "<periodical><full-title>{journal}</full-title></periodical><pages>{pages}</pages><volume>{volume}</volume>"
    "<number>{issue}</number><dates><year>{year}</year></dates>{doi}</record>"
)


def _endnote_cite(n: int, first: str, year: int, authors: list[str], title: str, journal: str, pages: str,
                  volume: str, issue: str, doi: str = "") -> str:  # fmt: skip
    record = ENDNOTE_RECORD.format(
        n=n,
        authors="".join(f'<author><style face="normal" size="100%">{a}</style></author>' for a in authors),
        title=title, journal=journal, pages=pages, volume=volume, issue=issue, year=year,
        doi=f"<electronic-resource-num>{doi}</electronic-resource-num>" if doi else "",
    )  # fmt: skip
    display = f"<DisplayText>[{n}]</DisplayText>"
    return f"<Cite><Author>{first}</Author><Year>{year}</Year><RecNum>{n}</RecNum>{display}{record}</Cite>"


PARK = (7, "Park", 2010, ["Park, C. Whan", "MacInnis, Deborah J.", "Priester, Joseph"],
        "Brand attachment and brand attitude strength", "Journal of Marketing", "1-17", "74", "6",
        "10.1509/jmkg.74.6.1")  # fmt: skip
MALAR = (8, "Malär", 2011, ["Malär, Lucia", "Krohmer, Harley"],
         "Emotional brand attachment and brand personality", "Journal of Marketing",
         "35-52", "75", "4")  # fmt: skip
ZHOU_EN = (9, "周志民", 2019, ["周志民", "张江乐"], "品牌社群文化对消费者品牌认同的影响研究",
           "外国经济与管理", "56-70", "41", "8")  # fmt: skip


def _endnote_docx(path: Path) -> Path:
    inline = "<EndNote>" + _endnote_cite(*PARK) + _endnote_cite(*MALAR) + "</EndNote>"
    single = ("<EndNote>" + _endnote_cite(*ZHOU_EN) + "</EndNote>").encode("utf-8")
    chunked = ("<EndNote>" + _endnote_cite(*PARK) + _endnote_cite(*ZHOU_EN) + "</EndNote>").encode(
        "utf-8"
    ) + b"\x00"
    cut = len(chunked) // 2
    data_field = lambda data: (  # noqa: E731
        f'<w:r><w:fldChar w:fldCharType="begin">{data_element(data)}</w:fldChar></w:r>'
        '<w:r><w:instrText xml:space="preserve"> ADDIN EN.CITE.DATA </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return make_docx(
        path,
        [
            run("Inline ") + field(split(" ADDIN EN.CITE " + inline, 60, 400), "[7, 8]"),
            run("Base64 ")
            + field(
                [" ADDIN EN.CITE "],
                "[9]",
                data=wrapped_base64(single),
                nested=data_field(wrapped_base64(single)),
            ),
            run("Chunked ")
            + field(
                [" ADDIN EN.CITE "],
                "[7, 9]",
                data=wrapped_base64(chunked[cut:]),
                nested=data_field(wrapped_base64(chunked[:cut])) + data_field(wrapped_base64(chunked[cut:])),
            ),
        ],
    )


def test_endnote_inline_base64_and_chunked_citations(tmp_path):
    found = read_docx_citations(_endnote_docx(tmp_path / "en.docx"), "en.docx")
    assert found.problems == []
    assert [(c.location.line, c.text, [w.source_id for w in c.works]) for c in found.citations] == [
        (1, "[7, 8]", ["x9vzt2e0:7", "x9vzt2e0:8"]),
        (2, "[9]", ["x9vzt2e0:9"]),
        (3, "[7, 9]", ["x9vzt2e0:7", "x9vzt2e0:9"]),
    ]
    park = found.citations[0].works[0].item
    assert park.title == "Brand attachment and brand attitude strength" and park.DOI == "10.1509/jmkg.74.6.1"
    assert [(n.family, n.given) for n in park.author] == [
        ("Park", "C. Whan"),
        ("MacInnis", "Deborah J."),
        ("Priester", "Joseph"),
    ]
    assert (park.container_title, park.volume, park.issue, park.page, park.issued) == (
        "Journal of Marketing", "74", "6", "1-17", (2010,)
    )  # fmt: skip
    zhou = found.citations[1].works[0].item
    assert [(n.family, n.given) for n in zhou.author] == [("周", "志民"), ("张", "江乐")]
    assert len(read_source(tmp_path / "en.docx", "docx", "en.docx").records) == 3


def test_noteexpress_citations_from_document_variables(tmp_path):
    guid_one, guid_two = "5F3C2A1B-9D8E-4F7A-B6C5-D4E3F2A1B0C9", "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"
    item = (
        "<Item><ID>{id}</ID><UID>{{{uid}}}</UID><Title>{title}</Title><Template>Journal Article</Template>"
        "<Star>0</Star><Tag>0</Tag><Author>{author}</Author><Year>{year}</Year><Details>{details}</Details>"
        "<Extra><DBUID>{{A8B7C6D5-E4F3-4A2B-9C1D-0E9F8A7B6C5D}}</DBUID></Extra></Item>"
    )
    first = item.format(
        id=101, uid="11111111-2222-4333-8444-555555555555", title="社群支持对用户持续参与行为的影响研究",
        author="张志杰, 李明", year=2021,
        details="<_journal>管理评论</_journal><_volume>33</_volume><_issue>7</_issue><_pages>123-135</_pages>",
    )  # fmt: skip
    second = item.format(
        id=102, uid="66666666-7777-4888-9999-000000000000",
        title="Sense of community: A definition and theory",
        author="McMillan D W, Chavis D M", year=1986,
        details="<_journal>Journal of Community Psychology</_journal><_volume>14</_volume><_issue>1</_issue>"
        "<_pages>6-23</_pages><_doi>10.1002/1520-6629(198601)14:1&lt;6::AID-JCOP2290140103&gt;3.0.CO;2-I</_doi>",
    )  # fmt: skip
    citation = lambda guid, items: (  # noqa: E731
        f" ADDIN NE.Ref.{{{guid}}}<Citation><Group><References>{items}</References></Group></Citation>_x000a_"
    )
    path = make_docx(
        tmp_path / "ne.docx",
        [
            run("社群支持") + field([f" ADDIN NE.Ref.{{{guid_one}}}"], "[1-2]"),
            run("Sense of community") + field([f" ADDIN NE.Ref.{{{guid_two}}}"], "[2]"),
        ],
        doc_vars={
            f"NE.Ref{{{guid_one}}}": citation(guid_one, first + second),
            f"NE.Ref{{{guid_two}}}": citation(guid_two, second),
        },
    )
    found = read_docx_citations(path, "ne.docx")
    assert found.problems == []
    assert [(c.manager, c.location.line, len(c.works)) for c in found.citations] == [
        ("noteexpress", 1, 2),
        ("noteexpress", 2, 1),
    ]
    zhang, mcmillan = found.citations[0].works
    z = zhang.item
    assert (z.title, z.container_title, z.volume, z.issue, z.page) == (
        "社群支持对用户持续参与行为的影响研究", "管理评论", "33", "7", "123-135"
    )  # fmt: skip
    assert [(n.family, n.given) for n in zhang.item.author] == [("张", "志杰"), ("李", "明")]
    assert [(n.family, n.given) for n in mcmillan.item.author] == [("McMillan", "D W"), ("Chavis", "D M")]
    assert mcmillan.item.DOI == "10.1002/1520-6629(198601)14:1<6::AID-JCOP2290140103>3.0.CO;2-I"
    assert len(read_source(path, "docx", "ne.docx").records) == 2


def test_a_missing_noteexpress_variable_is_reported(tmp_path):
    path = make_docx(
        tmp_path / "ne.docx",
        [run("x") + field([" ADDIN NE.Ref.{5F3C2A1B-9D8E-4F7A-B6C5-D4E3F2A1B0C9}"], "[1]")],
    )
    found = read_docx_citations(path, "ne.docx")
    assert found.problems[0].location.line == 1 and "NE.Ref{5F3C2A1B" in found.problems[0].message


# --- pandoc's docx+citations reader as an independent check ----------------------------------------


def _pandoc_cites(path: Path) -> tuple[list[int], set[str]]:
    """(items per citation, the titles of the references) as pandoc reads the document."""
    document = json.loads(pypandoc.convert_file(str(path), "json", format="docx+citations"))
    counts: list[int] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Cite":
                counts.append(len(node["c"][0]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document["blocks"])
    references = json.loads(pypandoc.convert_file(str(path), "csljson", format="docx+citations") or "[]")
    return counts, {reference.get("title", "") for reference in references}


@pytest.mark.parametrize(
    "build", [_zotero_docx, _mendeley_docx, _endnote_docx], ids=["zotero", "mendeley", "endnote"]
)
def test_field_codes_agree_with_pandocs_reader(tmp_path, build):
    path = build(tmp_path / "doc.docx")
    found = read_docx_citations(path, "doc.docx")
    counts, titles = _pandoc_cites(path)
    ours = [len(citation.works) for citation in found.citations]
    if build is _endnote_docx:  # pandoc reads EndNote's inline XML only, not its base64 forms
        assert counts == ours[:1]
        ours_titles = {work.item.title for work in found.citations[0].works}
    else:
        assert counts == ours
        ours_titles = {work.item.title for citation in found.citations for work in citation.works}
    if build is _mendeley_docx:  # pandoc keys references by item id, and Mendeley repeats ITEM-1
        assert titles <= ours_titles and len(titles) == 1
    else:
        assert titles == ours_titles


# --- bad .docx files ------------------------------------------------------------------------------------


def test_garbage_and_truncated_docx_files_are_input_errors(tmp_path):
    garbage = tmp_path / "garbage.docx"
    garbage.write_bytes(b"this is not a zip at all" * 100)
    with pytest.raises(InputError, match="not a Word .docx file"):
        read_source(garbage, "auto", "garbage.docx")
    whole = _zotero_docx(tmp_path / "whole.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match="not a Word .docx file"):
        read_source(cut, "auto", "cut.docx")
    other_zip = tmp_path / "other.docx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    with pytest.raises(InputError, match="word/document.xml"):
        read_source(other_zip, "auto", "other.docx")


def test_a_decompression_bomb_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    from litgraph.parse.sources import docx_package

    monkeypatch.setattr(docx_package, "MAX_PART_BYTES", 1 << 20)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (8 << 20) + b"</w:document>")
    assert bomb.stat().st_size < 100_000
    with pytest.raises(InputError, match="unpacks to more than 1 MB"):
        read_source(bomb, "auto", "bomb.docx")


def test_a_zip_with_too_many_entries_is_refused(tmp_path, monkeypatch):
    from litgraph.parse.sources import docx_package

    monkeypatch.setattr(docx_package, "MAX_ENTRIES", 50)
    many = tmp_path / "many.docx"
    with zipfile.ZipFile(many, "w") as archive:
        for number in range(60):
            archive.writestr(f"word/media/{number}.xml", "x")
    with pytest.raises(InputError, match="60 entries"):
        read_source(many, "auto", "many.docx")


def test_entities_in_a_docx_are_not_expanded(tmp_path):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>'
    )
    path = tmp_path / "laughs.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", laughs)
    found = read_docx_citations(path, "laughs.docx")
    assert all(len(text) < 100 for text, _ in found.paragraphs)
