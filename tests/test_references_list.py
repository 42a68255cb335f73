"""The reference list: order, numbering, a/b, formats, the `litgraph references` command, odd input."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from litgraph.cli.app import app
from litgraph.csl import CslItem, Name
from litgraph.errors import LitgraphError
from litgraph.output.reflist import as_html, as_markdown, as_text, build_list, write_docx
from litgraph.style.render import get_style, render, render_text

ROOT = Path(__file__).resolve().parents[1]
SEED_BIB = ROOT / "references" / "seed-review.bib"
runner = CliRunner()


def _item(key: str, family: str, year: int, language: str = "", **extra) -> CslItem:
    given = "" if language == "zh" else "A."
    return CslItem(
        type="article-journal",
        id=key,
        title=f"Title {key}",
        author=[
            Name(family=family[:1], given=family[1:])
            if language == "zh"
            else Name(family=family, given=given)
        ],
        issued=(year,),
        container_title="Journal",
        language=language,
        **extra,
    )


def test_author_date_sorts_chinese_by_pinyin_and_groups_languages():
    """张 (zhang) after 王 (wang) after 李 (li), though their code points say 张 < 李 < 王; Chinese first."""
    items = [_item("en", "Adams", 2000, "en"), _item("z", "张三", 2001, "zh"), _item("w", "王五", 2001, "zh"),
             _item("l", "李四", 2001, "zh")]  # fmt: skip
    keys = [e.key for e in build_list(items, get_style("gb7714-2025", order="author-date")).entries]
    assert keys == ["l", "w", "z", "en"]
    ungrouped = build_list(items, get_style("gb7714-2025", order="author-date"), group_by_language=False)
    assert [e.key for e in ungrouped.entries] == ["en", "l", "w", "z"]  # adams < li < wang < zhang


def test_surnames_sort_by_their_reading_as_surnames():
    """曾 is zeng as a surname (ceng elsewhere), 单 shan (not dan): 陈 chen < 单 shan < 曾 zeng;
    read as common characters they would sort 曾 (ceng) before 陈 and 单 (dan) after it."""
    items = [
        _item("zeng", "曾明", 2001, "zh"),
        _item("shan", "单明", 2001, "zh"),
        _item("chen", "陈明", 2001, "zh"),
    ]
    keys = [e.key for e in build_list(items, get_style("gb7714-2025", order="author-date")).entries]
    assert keys == ["chen", "shan", "zeng"]


def test_same_author_and_year_get_a_and_b():
    items = [_item("second", "Smith", 2010, "en", volume="2"), _item("first", "Smith", 2010, "en"),
             _item("other", "Jones", 2010, "en")]  # fmt: skip
    reflist = build_list(items, get_style("apa7"))
    texts = {entry.key: entry.text for entry in reflist.entries}
    assert "(2010)." in texts["other"]
    assert {texts["first"].split(" (")[1][:5], texts["second"].split(" (")[1][:5]} == {"2010a", "2010b"}


def test_numeric_follows_first_citation_then_file_order():
    items = [_item(key, key.title(), 2000, "en") for key in ("a", "b", "c", "d")]
    style = get_style("gb7714-2015")
    reflist = build_list(items, style, cited=["c", "a", "c"])
    assert [(e.label, e.key) for e in reflist.entries] == [
        ("[1]", "c"),
        ("[2]", "a"),
        ("[3]", "b"),
        ("[4]", "d"),
    ]
    only = build_list(items, style, cited=["c", "a"], cited_only=True)
    assert [e.key for e in only.entries] == ["c", "a"]


def test_render_never_raises_on_odd_items():
    """Whatever is missing, every style renders what there is; each gap is reported by the list."""
    odd = [
        CslItem(),
        CslItem(type="no-such-type", id="x", title="Only a title"),
        CslItem(type="book", id="y", author=[Name(literal="")], issued=(2020,)),
        CslItem(type="chapter", id="z", editor=[Name(family="Lee", given="A.")], page="5"),
        CslItem(type="article-journal", id="w", other={"bibtex-type": "inproceedigns", "issued": "spring"}),
    ]
    for name in ("gb7714-2025", "gb7714-2015", "apa7"):
        for order in (None, "author-date") if name != "apa7" else (None,):
            style = get_style(name, order=order)
            for item in odd:
                assert isinstance(render_text(item, style), str)
    reflist = build_list(odd, get_style("gb7714-2025"))
    assert [(gap.key, gap.missing) for gap in reflist.gaps] == [
        ("", ["title", "year"]),
        ("x", ["year"]),
        ("y", ["title"]),
        ("z", ["title", "year"]),
        ("w", ["title", "year", "type"]),
    ]


def test_lang_sets_the_words_of_entries_whose_language_nothing_tells():
    """Four authors and no language, title or script: et al. by default, 等 with --lang zh."""
    item = CslItem(type="book", id="n", author=[Name(literal=f"{i}") for i in "1234"], issued=(2000,))
    assert "et al." in render_text(item, get_style("gb7714-2025"))
    assert "等" in render_text(item, get_style("gb7714-2025", lang="zh"))


def test_a_misspelt_style_is_an_error_with_a_suggestion():
    with pytest.raises(LitgraphError) as raised:
        get_style("gb7714-2052")
    assert "did you mean 'gb7714-2025'" in raised.value.hint
    with pytest.raises(LitgraphError):
        get_style("apa7", order="numeric")


def test_every_segment_of_a_seed_entry_is_labelled():
    """The texts labelled with a field are exactly the item's values (the training data must be right)."""
    item = CslItem(
        type="article-journal", id="k", title="The need to belong", author=[Name("Baumeister", "Roy F.")],
        issued=(1995,), container_title="Psychological Bulletin", volume="117", issue="3", page="497-529",
        DOI="10.1037/0033-2909.117.3.497",
    )  # fmt: skip
    for name in ("gb7714-2025", "apa7"):
        fields = {segment.field: segment.text for segment in render(item, get_style(name))}
        assert fields["title"] == "The need to belong"
        assert fields["container-title"] == "Psychological Bulletin"
        assert (fields["issued"], fields["volume"], fields["issue"]) == ("1995", "117", "3")
        assert fields["DOI"].endswith("10.1037/0033-2909.117.3.497")


def _seed_list(name="gb7714-2025"):
    from litgraph.parse.bibtex import load_bibliography
    from litgraph.parse.csl import to_csl

    bibliography = load_bibliography([SEED_BIB], [str(SEED_BIB)])
    return build_list([to_csl(r) for r in bibliography.references], get_style(name))


def test_formats_show_the_same_entries():
    reflist = _seed_list()
    text = as_text(reflist)
    assert text.splitlines()[0].startswith(
        "[1] 何佳讯等. 品牌社群认同对品牌忠诚的影响研究[J]. 营销科学学报，2017，13（2）：45-60."
    )
    assert len(text.splitlines()) == len(reflist.entries) == 31
    assert as_markdown(reflist).count("\n\n") == 30
    assert as_html(reflist).count('<p class="entry"') == 31
    apa = as_markdown(_seed_list("apa7"))
    assert "*Journal of Marketing*, *69*(3)" in apa  # APA's italics: journal and volume


def test_word_list_is_numbered_by_word_with_a_hanging_indent(tmp_path):
    from docx import Document

    path = tmp_path / "refs.docx"
    write_docx(_seed_list(), path)
    document = Document(str(path))
    paragraphs = [p for p in document.paragraphs if p.text]
    assert len(paragraphs) == 31
    assert paragraphs[0].text.startswith("何佳讯等.")  # the [1] is Word's own numbering, not typed text
    assert paragraphs[0].paragraph_format.first_line_indent < 0 < paragraphs[0].paragraph_format.left_indent
    numbering = zipfile.ZipFile(path).read("word/numbering.xml").decode()
    assert 'w:lvlText w:val="[%1]"' in numbering
    assert all(p._p.pPr.numPr is not None for p in paragraphs)


def test_cli_json_is_the_list_in_order():
    result = runner.invoke(app, ["references", str(SEED_BIB), "--style", "apa7", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data[0]) == {"key", "text", "style"} and {row["style"] for row in data} == {"apa7"}
    assert data[0]["text"].startswith("Algesheimer, R., Dholakia, U. M., & Herrmann, A. (2005).")


def test_cli_bad_style_exits_2():
    result = runner.invoke(app, ["references", str(SEED_BIB), "--style", "apa6"])
    assert result.exit_code == 2
    assert "unknown style 'apa6'" in result.stderr and "apa7" in result.stderr


def test_cli_reports_gaps_by_key(tmp_path):
    bib = tmp_path / "odd.bib"
    bib.write_text("@article{untitled, author={Li, Wei}, year={2020}, journal={J}}\n"
                   "@inproceedigns{oddtype, title={A paper}, author={Wu, Z}, year={2019}}\n")  # fmt: skip
    result = runner.invoke(app, ["references", str(bib)])
    assert result.exit_code == 1
    assert (
        "[1] Li Wei. J，2020." in result.stdout
    )  # a pinyin name in full (2025), no title: the journal follows
    assert "untitled" in result.stderr and "no title" in result.stderr
    assert "oddtype" in result.stderr and "type" in result.stderr
    as_json = runner.invoke(app, ["references", str(bib), "--json"])
    assert [row["key"] for row in json.loads(as_json.stdout)] == ["untitled", "oddtype"]
    gaps = json.loads(as_json.stderr)["gaps"]
    assert [(gap["key"], gap["missing"]) for gap in gaps] == [("untitled", ["title"]), ("oddtype", ["type"])]


def test_cli_reads_the_style_from_the_project(tmp_path):
    (tmp_path / "refs.bib").write_text(SEED_BIB.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "litgraph.toml").write_text(
        '[review]\nbibtex = ["refs.bib"]\n\n[references]\nstyle = "gb7714-2015"\norder = "author-date"\n'
    )
    result = runner.invoke(app, ["references", "--project", str(tmp_path), "-o", str(tmp_path / "list.md")])
    assert result.exit_code == 0, result.output
    first = (tmp_path / "list.md").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(
        "何佳讯等, 2017. 品牌社群认同对品牌忠诚的影响研究[J]. 营销科学学报, 13(2): 45-60."
    )


def test_cli_numbers_by_the_manuscripts_first_citation(tmp_path):
    manuscript = tmp_path / "m.md"
    manuscript.write_text(
        "As Zeithaml (1988) and 周志民等（2019） show, and Park et al. (2010).\n", encoding="utf-8"
    )
    result = runner.invoke(
        app, ["references", str(SEED_BIB), "-m", str(manuscript), "--cited-only", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert [row["key"] for row in json.loads(result.stdout)] == ["Zeithaml1988", "ZhouZhimin2019", "Park2010"]


def test_help_does_not_load_the_heavy_libraries():
    code = "import sys; from litgraph.cli.app import app; print(sorted(m for m in ('pypinyin', 'docx', 'bibtexparser') if m in sys.modules))"  # noqa: E501
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"
