"""Each export reader on files written the way the exporting tool writes them; the expected fields
are written by hand from each fixture. Shapes: Zotero's and CNKI's RIS, Web of Science's tagged
export, EndNote's and CNKI's refer (.enw), CNKI's RefWorks and NoteExpress exports (after the CNKI
exports in Vopaaz/CNKI_2_BibTeX's tests), CSL-JSON as Zotero writes it, EndNote XML as EndNote
writes it (values in <style> children), BibTeX."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from litgraph.errors import InputError
from litgraph.parse.sources import detect_format, read_source


def _read(tmp_path: Path, name: str, text: str | bytes, fmt: str = "auto"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read_source(path, fmt, name)


def _names(item) -> list[tuple[str, str]]:
    return [(name.family or name.literal, name.given) for name in item.author]


ZOTERO_RIS = """TY  - JOUR
TI  - The social influence of brand community: Evidence from European car clubs
AU  - Algesheimer, René
AU  - Dholakia, Utpal M.
AU  - Herrmann, Andreas
T2  - Journal of Marketing
DA  - 2005/07/01/
PY  - 2005
DO  - 10.1509/jmkg.69.3.19.66363
VL  - 69
IS  - 3
SP  - 19
EP  - 34
SN  - 0022-2429
UR  - https://doi.org/10.1509/jmkg.69.3.19.66363
KW  - brand community
KW  - social influence
ER  - 

TY  - BOOK
TI  - Consumer Behavior
AU  - Solomon, Michael R.
PY  - 2017
PB  - Pearson
CY  - Boston
ET  - 12
SN  - 978-0-13-408731-6
T2  - Pearson Series in Marketing
ER  - 
"""


def test_ris_as_zotero_writes_it(tmp_path):
    read = _read(tmp_path, "zotero.ris", ZOTERO_RIS)
    assert (read.format, read.encoding, read.problems) == ("ris", "UTF-8", [])
    article, book = (record.item for record in read.records)
    assert article.type == "article-journal" and book.type == "book"
    assert _names(article) == [("Algesheimer", "René"), ("Dholakia", "Utpal M."), ("Herrmann", "Andreas")]
    assert (article.container_title, article.issued, article.volume, article.issue, article.page) == (
        "Journal of Marketing", (2005,), "69", "3", "19-34"
    )  # fmt: skip
    assert (article.DOI, article.ISSN, article.URL) == (
        "10.1509/jmkg.69.3.19.66363", "0022-2429", "https://doi.org/10.1509/jmkg.69.3.19.66363"
    )  # fmt: skip
    assert article.other["keyword"] == "brand community; social influence"
    assert (book.publisher, book.publisher_place, book.edition, book.ISBN, book.collection_title) == (
        "Pearson", "Boston", "12", "978-0-13-408731-6", "Pearson Series in Marketing"
    )  # fmt: skip
    assert [record.location.line for record in read.records] == [1, 20]


CNKI_RIS = "\ufeffTY - JOUR\nAU - 于潇;刘义;柴跃廷;\nTI - 基于交易的B2C电子商务平台信任评价\nJO - 清华大学学报(自然科学版)\nPY - 2012\nVL - 52\nIS - 11\nSP - 1518\nEP - 1523\nSN - 1000-0054\nER - \n"  # noqa: E501


def test_ris_as_cnki_writes_it_bom_one_space_tags_names_on_one_line(tmp_path):
    (record,) = _read(tmp_path, "cnki.txt", CNKI_RIS).records
    item = record.item
    assert _names(item) == [("于", "潇"), ("刘", "义"), ("柴", "跃廷")]
    assert (item.title, item.container_title, item.issued, item.volume, item.issue, item.page) == (
        "基于交易的B2C电子商务平台信任评价", "清华大学学报(自然科学版)", (2012,), "52", "11", "1518-1523"
    )  # fmt: skip


def test_a_ris_record_without_er_is_reported_not_guessed(tmp_path):
    text = ZOTERO_RIS.replace("ER  - \n\nTY  - BOOK", "\nTY  - BOOK", 1)
    read = _read(tmp_path, "cut.ris", text)
    assert [record.item.title for record in read.records] == ["Consumer Behavior"]
    (problem,) = read.problems
    assert (
        problem.location.line == 1 and "no ER line" in problem.message and "not imported" in problem.message
    )
    truncated = _read(tmp_path, "end.ris", ZOTERO_RIS.rstrip().rsplit("\n", 1)[0])
    assert len(truncated.records) == 1 and truncated.problems[0].location.line == 20


@pytest.mark.parametrize(
    ("text", "title"),
    [(CNKI_RIS, "基于交易的B2C电子商务平台信任评价"), (ZOTERO_RIS.split("\n\n")[0], "The social influence")],
)
def test_a_record_without_er_is_named_by_its_whole_title(tmp_path, text, title):
    """The title was cut at column 6 whatever the tag's spacing (CNKI's 'TI - ' lost a character)."""
    read = _read(tmp_path, "cut.ris", text.replace("ER  - ", "").replace("ER - ", ""))
    (problem,) = read.problems
    assert f"('{title}" in problem.message


def test_an_untagged_line_after_ty_is_kept_not_a_crash(tmp_path):
    """rispy files it under the tag None, which broke the JSON identity of a title-less record (a
    TypeError out of `import`, found by the fuzzer)."""
    read = _read(tmp_path, "odd.ris", "TY  - JOUR\n34\nAU  - Malär, Lucia\nER  - \n")
    (record,) = read.records
    assert record.item.other == {"TY": "34"}


WOS = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Park, CW
   MacInnis, DJ
AF Park, C. Whan
   MacInnis, Deborah J.
TI Brand Attachment and Brand Attitude Strength: Conceptual and Empirical
   Differentiation of Two Critical Brand Equity Drivers
SO JOURNAL OF MARKETING
LA English
DT Article
PD NOV
PY 2010
VL 74
IS 6
BP 1
EP 17
DI 10.1509/jmkg.74.6.1
UT WOS:000283163100001
ER

EF
"""


def test_web_of_science_tagged_export(tmp_path):
    read = _read(tmp_path, "savedrecs.txt", WOS)
    assert read.format == "wos" and read.problems == []
    (record,) = read.records
    item = record.item
    assert _names(item) == [("Park", "C. Whan"), ("MacInnis", "Deborah J.")]
    assert item.title == (
        "Brand Attachment and Brand Attitude Strength: Conceptual and Empirical Differentiation of Two "
        "Critical Brand Equity Drivers"
    )
    assert (item.container_title, item.issued, item.volume, item.issue, item.page, item.DOI) == (
        "JOURNAL OF MARKETING", (2010, 11), "74", "6", "1-17", "10.1509/jmkg.74.6.1"
    )  # fmt: skip
    assert item.other["WOS"] == "WOS:000283163100001"


def test_web_of_science_tag_outside_rispys_table_is_kept(tmp_path):
    """rispy's WokParser raised KeyError('UK') on a tag it has no name for (found by the fuzzer)."""
    read = _read(tmp_path, "savedrecs.txt", WOS.replace("PY 2010\n", "PY 2010\nQQ odd tag\n"))
    (record,) = read.records
    assert record.item.issued == (2010, 11) and record.item.other["QQ"] == "odd tag"


ENDNOTE_REFER = """%0 Journal Article
%A Thomson, Matthew
%A MacInnis, Deborah J.
%A Park, C. Whan
%T The ties that bind: Measuring the strength of consumers' emotional attachments to brands
%J Journal of Consumer Psychology
%V 15
%N 1
%P 77-91
%@ 1057-7408
%D 2005
%R 10.1207/s15327663jcp1501_10

%0 Thesis
%A 殷玮川
%T 云环境下铁路“门到门”货运产品设计优化方法研究
%I 北京交通大学
%9 博士
%D 2018
"""


def test_refer_enw_and_a_refer_file_named_ris(tmp_path):
    assert detect_format(Path("x.ris"), ENDNOTE_REFER.encode()) == "refer"
    read = _read(tmp_path, "export.ris", ENDNOTE_REFER)
    assert read.format == "refer"
    article, thesis = (record.item for record in read.records)
    assert _names(article) == [("Thomson", "Matthew"), ("MacInnis", "Deborah J."), ("Park", "C. Whan")]
    assert (article.container_title, article.volume, article.issue, article.page, article.issued) == (
        "Journal of Consumer Psychology", "15", "1", "77-91", (2005,)
    )  # fmt: skip
    assert (article.ISSN, article.DOI) == ("1057-7408", "10.1207/s15327663jcp1501_10")
    assert (thesis.type, thesis.publisher, thesis.genre, _names(thesis)) == (
        "thesis", "北京交通大学", "博士", [("殷", "玮川")]
    )  # fmt: skip


CNKI_REFWORKS = """RT Journal Article
SR 1
A1 唐力;刘启钢;孙文桥
AD 中国铁道科学研究院 研究生部
T1 基于灰色关联分析法的铁路物流服务方案评价
JF 铁道运输与经济
YR 2019
IS 01
vo 41
OP 7-12
K1 铁路物流;服务方案;评价指标
SN 1003-1421
CN 11-1949/U
LA 中文;
DS CNKI
"""


def test_refer_records_with_no_blank_line_between_are_two_records(tmp_path):
    """A %0 line opens a record (found by the fuzzer: the thesis was merged into the article)."""
    read = _read(tmp_path, "export.enw", ENDNOTE_REFER.replace("\n\n", "\n"))
    assert [record.item.type for record in read.records] == ["article-journal", "thesis"]
    assert [record.location.line for record in read.records] == [1, 13]


def test_refworks_as_cnki_writes_it(tmp_path):
    read = _read(tmp_path, "cnki.txt", CNKI_REFWORKS)
    assert read.format == "refworks"
    (record,) = read.records
    item = record.item
    assert _names(item) == [("唐", "力"), ("刘", "启钢"), ("孙", "文桥")]
    assert (item.title, item.container_title, item.issued, item.volume, item.issue, item.page, item.ISSN) == (
        "基于灰色关联分析法的铁路物流服务方案评价", "铁道运输与经济", (2019,), "41", "01", "7-12", "1003-1421"
    )  # fmt: skip
    assert item.language == "中文" and item.other["CN"] == "11-1949/U"


CNKI_NOTEEXPRESS = """{Reference Type}: Journal Article
{Title}: 基于灰色关联分析法的铁路物流服务方案评价
{Author}: 唐力;刘启钢;孙文桥
{Author Address}: 1.中国铁道科学研究院 研究生部；2.中国铁道科学研究院集团有限公司 运输及经济研究所
{Journal}: 铁道运输与经济
{Year}: 2019
{Issue}: 01
{Pages}: 7-12
{Keywords}: 铁路物流;服务方案;评价指标
{ISBN/ISSN}: 1003-1421
{Notes}: 11-1949/U
{Database Provider}: CNKI


{Reference Type}: Thesis
{Title}: 我国铁路客运站建筑空间室内设计方法研究
{Author}: 胡增辉
{Tertiary Author}: 孙伟
{Publisher}: 北京交通大学
{Type of Work}: 硕士
{Year}: 2018
{Database Provider}: CNKI


{Reference Type}: Journal Article
{Title}: 创新能力培养视域下高职院校解剖学教学改革思考
{Author}: 娄丽芳;
{Journal}: 科教文汇(下旬刊)
{Database Provider}: CNKI
"""


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_noteexpress_as_cnki_writes_it_in_either_encoding(tmp_path, encoding):
    read = _read(tmp_path, "CNKI-export.net", CNKI_NOTEEXPRESS.encode(encoding))
    assert read.format == "noteexpress"
    assert read.encoding == {"utf-8-sig": "UTF-8 with BOM", "gb18030": "GB18030"}[encoding]
    article, thesis, online_first = (record.item for record in read.records)
    assert _names(article) == [("唐", "力"), ("刘", "启钢"), ("孙", "文桥")]
    assert (article.container_title, article.issued, article.issue, article.page, article.ISSN) == (
        "铁道运输与经济", (2019,), "01", "7-12", "1003-1421"
    )  # fmt: skip
    assert article.other["notes"] == "11-1949/U" and not article.note  # a serial number, not a note to print
    assert (thesis.type, thesis.publisher, thesis.genre, thesis.other["tertiary-author"]) == (
        "thesis", "北京交通大学", "硕士", "孙伟"
    )  # fmt: skip
    assert _names(online_first) == [("娄", "丽芳")] and online_first.issued == ()


def test_big5_and_latin1_are_not_guessed(tmp_path):
    with pytest.raises(InputError, match="not valid UTF-8") as big5:
        _read(
            tmp_path,
            "big5.net",
            "{Reference Type}: Book\n{Title}: 品牌社群認同對品牌忠誠的影響研究\n".encode("big5"),
        )
    assert "BIG5" in big5.value.hint
    with pytest.raises(InputError, match="not valid UTF-8") as latin:
        _read(tmp_path, "latin.ris", "TY  - JOUR\nAU  - Malär, Lucia\nER  - \n".encode("latin-1"))
    assert "LATIN-1" in latin.value.hint or "CP1252" in latin.value.hint


CSL_JSON = """[
  {"id": "http://zotero.org/users/1/items/ABC", "type": "chapter", "title": "Brand communities",
   "container-title": "Handbook of Brand Relationships",
   "editor": [{"family": "MacInnis", "given": "Deborah J."}],
   "author": [{"family": "Muniz", "given": "Albert M."}, {"literal": "Marketing Science Institute"}],
   "publisher": "M.E. Sharpe", "publisher-place": "Armonk, NY", "page": "128-142",
   "issued": {"date-parts": [["2009"]]}, "ISBN": "978-0-7656-2087-1", "abstract": "kept"},
  {"id": "bad", "author": "not a list"},
  {"id": 7, "type": "webpage", "title": "Community marketing", "URL": "https://example.org/cm",
   "accessed": {"date-parts": [[2024, 5, 1]]}}
]"""


def test_csl_json_items_with_their_lines_and_a_bad_one_reported(tmp_path):
    read = _read(tmp_path, "My Library.json", CSL_JSON)
    assert read.format == "csljson"
    chapter, page = (record.item for record in read.records)
    assert [record.location.line for record in read.records] == [2, 9]
    assert _names(chapter) == [("Muniz", "Albert M."), ("Marketing Science Institute", "")]
    assert (chapter.container_title, chapter.publisher, chapter.page, chapter.issued, chapter.ISBN) == (
        "Handbook of Brand Relationships", "M.E. Sharpe", "128-142", (2009,), "978-0-7656-2087-1"
    )  # fmt: skip
    assert chapter.other["abstract"] == "kept" and page.accessed == (2024, 5, 1)
    (problem,) = read.problems
    assert problem.location.line == 8 and "list of names" in problem.message


def test_broken_csl_json_names_its_line(tmp_path):
    with pytest.raises(InputError) as error:
        _read(tmp_path, "broken.json", '[\n {"id": 1, "title": "a"},\n {"id": 2 "title": "b"}\n]')
    assert error.value.location.line == 3


ENDNOTE_XML = """<?xml version="1.0" encoding="UTF-8" ?><xml><records><record><database name="My EndNote Library.enl" path="C:\\My EndNote Library.enl">My EndNote Library.enl</database><source-app name="EndNote" version="20.0">EndNote</source-app><rec-number>12</rec-number><foreign-keys><key app="EN" db-id="x9vzt2e0">12</key></foreign-keys><ref-type name="Journal Article">17</ref-type><contributors><authors><author><style face="normal" font="default" size="100%">Malär, Lucia</style></author><author><style face="normal" font="default" size="100%">Krohmer, Harley</style></author></authors></contributors><titles><title><style face="normal" font="default" size="100%">Emotional brand attachment and brand personality: The relative importance of the actual and the ideal self</style></title><secondary-title><style face="normal" font="default" size="100%">Journal of Marketing</style></secondary-title></titles><periodical><full-title><style face="normal" font="default" size="100%">Journal of Marketing</style></full-title></periodical><pages><style face="normal" font="default" size="100%">35-52</style></pages><volume><style face="normal" font="default" size="100%">75</style></volume><number><style face="normal" font="default" size="100%">4</style></number><dates><year><style face="normal" font="default" size="100%">2011</style></year><pub-dates><date><style face="normal" font="default" size="100%">Jul</style></date></pub-dates></dates><isbn><style face="normal" font="default" size="100%">0022-2429</style></isbn><electronic-resource-num><style face="normal" font="default" size="100%">10.1509/jmkg.75.4.35</style></electronic-resource-num></record>
<record><rec-number>13</rec-number><ref-type name="Book Section">5</ref-type><contributors><authors><author>Fournier, Susan</author></authors><secondary-authors><author>MacInnis, Deborah J.</author></secondary-authors></contributors><titles><title>Lessons learned about consumers' relationships with their brands</title><secondary-title>Handbook of Brand Relationships</secondary-title></titles><pages>5-23</pages><dates><year>2009</year></dates><pub-location>Armonk, NY</pub-location><publisher>M.E. Sharpe</publisher></record></records></xml>"""  # noqa: E501


def test_endnote_xml_export(tmp_path):
    read = _read(tmp_path, "library.xml", ENDNOTE_XML)
    assert read.format == "endnote-xml"
    article, chapter = (record.item for record in read.records)
    assert _names(article) == [("Malär", "Lucia"), ("Krohmer", "Harley")]
    assert (article.container_title, article.issued, article.volume, article.issue, article.page) == (
        "Journal of Marketing", (2011, 7), "75", "4", "35-52"
    )  # fmt: skip
    assert (article.ISSN, article.DOI) == ("0022-2429", "10.1509/jmkg.75.4.35")
    assert (chapter.type, chapter.container_title, chapter.publisher, chapter.publisher_place) == (
        "chapter", "Handbook of Brand Relationships", "M.E. Sharpe", "Armonk, NY"
    )  # fmt: skip
    assert [(name.family, name.given) for name in chapter.editor] == [("MacInnis", "Deborah J.")]
    assert [record.location.line for record in read.records] == [1, 2]


def test_bibtex_keeps_its_keys(tmp_path):
    bib = "@article{park2010, author = {Park, C. Whan}, title = {Brand attachment},\n"
    read = _read(tmp_path, "refs.txt", bib + " journal = {Journal of Marketing}, year = 2010}\n")
    assert read.format == "bibtex"
    (record,) = read.records
    assert (
        record.item.other["citation-key"] == "park2010"
        and record.item.container_title == "Journal of Marketing"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (ZOTERO_RIS, "ris"), (CNKI_RIS, "ris"), (WOS, "ris"), (ENDNOTE_REFER, "refer"),
        (CNKI_REFWORKS, "refworks"),
        (CNKI_NOTEEXPRESS, "noteexpress"), (CSL_JSON, "csljson"), (ENDNOTE_XML, "endnote-xml"),
        ("@book{k, title={T}}", "bibtex"), ("参考文献\n\n[1] 何佳讯. 品牌[J]. 学报, 2017.\n", "text"),
    ],
)  # fmt: skip
def test_formats_are_told_by_content_not_suffix(content, expected):
    assert detect_format(Path("export.txt"), content.encode("utf-8")) == expected
    if expected != "text":
        assert (
            detect_format(Path("export.txt"), codecs.BOM_UTF16_LE + content.encode("utf-16-le")) == expected
        )
