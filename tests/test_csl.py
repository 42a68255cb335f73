"""The shared CSL contract: items to and from CSL-JSON, BibTeX entries read as items, Chinese names."""

from __future__ import annotations

from pathlib import Path

import pytest

from litgraph.csl import BIBTEX_TO_CSL, CSL_TO_BIBTEX, CslItem, Name
from litgraph.parse.bibtex import load_bibliography
from litgraph.parse.csl import to_csl
from litgraph.parse.names import split_cjk_name
from litgraph.text import doi_key

ZOTERO_ITEM = {  # as Zotero writes an item into a Word field code
    "id": 1234,
    "type": "article-journal",
    "title": "Brand attachment and brand attitude strength",
    "container-title": "Journal of Marketing",
    "volume": "74",
    "issue": "6",
    "page": "1-17",
    "DOI": "10.1509/jmkg.74.6.1",
    "author": [{"family": "Park", "given": "C. Whan"}, {"literal": "Marketing Science Institute"}],
    "issued": {"date-parts": [["2010", 11]]},
    "abstract": "kept as it came",
}


def test_csl_json_round_trip_keeps_every_variable():
    item = CslItem.from_json(ZOTERO_ITEM)
    assert item.author[0] == Name(family="Park", given="C. Whan")
    assert item.author[1].literal == "Marketing Science Institute"
    assert item.issued == (2010, 11) and item.year == 2010
    again = item.to_json()
    assert again == {**ZOTERO_ITEM, "id": "1234", "issued": {"date-parts": [[2010, 11]]}}


def test_a_wrong_shape_is_a_value_error():
    with pytest.raises(ValueError):
        CslItem.from_json({"author": "Park"})
    with pytest.raises(ValueError):
        CslItem.from_json(["not", "an", "object"])


def test_every_csl_type_written_reads_back_as_itself():
    for csl_type, bibtex_type in CSL_TO_BIBTEX.items():
        if BIBTEX_TO_CSL[bibtex_type] != csl_type:
            # several CSL types share one BibTeX type; the first-listed CSL type is the reading
            assert bibtex_type in {"article", "online", "inreference", "misc"}, (csl_type, bibtex_type)


BIB = r"""
@article{zhou2019,
  author = {周志民 and 张三 and others},
  title = {品牌社群文化对消费者品牌认同的影响研究},
  journal = {外国经济与管理}, year = {2019}, volume = {41}, number = {8}, pages = {56--70},
  langid = {chinese},
}
@phdthesis{mal2011,
  author = {Mal{\"a}r, Lucia and van der Berg, Jan},
  title = {Emotional {Brand} Attachment}, school = {University of Bern}, address = {Bern},
  date = {2011-03}, urldate = {2024-05-01}, shorttitle = {Attachment}, mynote = {odd field},
}
@techreport{rfc1, author = {{Internet Engineering Task Force}}, title = {An RFC}, number = {1},
  institution = {IETF}, year = 1969, month = apr}
"""


def test_bibtex_entries_read_as_items(tmp_path: Path):
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    zhou, malar, rfc = (to_csl(ref) for ref in load_bibliography([bib]).references)
    assert zhou.type == "article-journal" and zhou.language == "zh"
    assert [(n.family, n.given) for n in zhou.author] == [("周", "志民"), ("张", "三")]
    assert zhou.author_truncated and zhou.container_title == "外国经济与管理"
    assert (zhou.issued, zhou.volume, zhou.issue, zhou.page) == ((2019,), "41", "8", "56-70")
    assert malar.type == "thesis" and malar.genre == "PhD thesis"
    assert malar.author[0] == Name(family="Malär", given="Lucia")
    assert malar.author[1] == Name(family="Berg", given="Jan", particle="van der")
    assert (malar.title, malar.publisher, malar.publisher_place) == (
        "Emotional Brand Attachment",
        "University of Bern",
        "Bern",
    )
    assert (malar.issued, malar.accessed) == ((2011, 3), (2024, 5, 1))
    # @phdthesis is a CSL thesis: the BibTeX type is kept so that writing the entry back loses nothing
    assert malar.other == {"title-short": "Attachment", "mynote": "odd field", "bibtex-type": "phdthesis"}
    assert rfc.type == "report" and rfc.number == "1" and rfc.issue == ""
    assert rfc.author == [Name(literal="Internet Engineering Task Force")]
    assert rfc.issued == (1969, 4)


@pytest.mark.parametrize(
    ("name", "family", "given"),
    [("周志民", "周", "志民"), ("何佳讯", "何", "佳讯"), ("欧阳修", "欧阳", "修"), ("王五", "王", "五"),
     ("司马相如", "司马", "相如"), ("马克·吐温", "马克·吐温", ""), ("储", "储", "")],
)  # fmt: skip
def test_chinese_names_split_into_family_and_given(name, family, given):
    assert split_cjk_name(name) == (family, given)


@pytest.mark.parametrize(
    ("written", "key"),
    [("10.1509/JMKG.74.6.1", "10.1509/jmkg.74.6.1"), ("https://doi.org/10.1000/15273)", "10.1000/15273"),
     ("doi: 10.1000/14911/", "10.1000/14911"), ("doi:10.1000/abc.", "10.1000/abc"), ("not a doi", "")],
)  # fmt: skip
def test_doi_spellings_share_one_key(written, key):
    assert doi_key(written) == key


def test_bibtex_details_a_style_needs_are_kept(tmp_path: Path):
    """What GB/T rendering reads beyond CSL: the BibTeX type, a year as written, braced words, TeX dashes."""
    bib = tmp_path / "r.bib"
    bib.write_text(
        "@proceedings{p, title = {A Companion to {California} History, 1975--1979 and {NCBI SRA}},"
        " year = {1947（民国三十六年）}, volume = {巳集上~水部}}\n",
        encoding="utf-8",
    )
    item = to_csl(load_bibliography([bib], [str(bib)]).references[0])
    assert (item.type, item.other["bibtex-type"]) == ("book", "proceedings")
    assert item.issued == (1947,) and item.other["issued"] == {
        "date-parts": [[1947]],
        "literal": "1947（民国三十六年）",
    }
    assert item.nocase == {"title": ("California", "NCBI SRA")}
    assert item.title == "A Companion to California History, 1975–1979 and NCBI SRA"
    assert item.volume == "巳集上 水部"
    assert CslItem.from_json(item.to_json()).other["issued"]["literal"] == "1947（民国三十六年）"
