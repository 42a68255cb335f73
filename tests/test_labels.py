"""Author–year labels: one rule (`style.labels`) for cite-check, tables, answers and the report.

Expected labels are written by hand from the conventions (APA 7 in English text, GB/T 7714
and the Chinese journals' practice in Chinese text) and from what each test's manuscript
writes; the cross-command tests then check that every output labels an entry alike.
"""

from __future__ import annotations

import json
import re
from html import escape

import pytest

from litgraph.style.labels import DEFAULT_STYLES, LabelStyles

EN, ZH = DEFAULT_STYLES["en"], DEFAULT_STYLES["zh"]


@pytest.mark.parametrize(
    ("names", "year", "truncated", "english", "chinese"),
    [
        ([("Park", "C. W.")], "2010", False, "Park, 2010", "Park，2010"),
        (
            [("Huang", "Z."), ("Benyoucef", "M.")],
            "2017",
            False,
            "Huang & Benyoucef, 2017",
            "Huang & Benyoucef，2017",
        ),
        (
            [("Park", "C."), ("MacInnis", "D."), ("Priester", "J.")],
            "2010",
            False,
            "Park et al., 2010",
            "Park等，2010",
        ),
        ([("Kozinets", "R. V.")], "2021", True, "Kozinets et al., 2021", "Kozinets等，2021"),  # 'and others'
        ([("Lee", "A."), ("Kim", "B.")], "2015", True, "Lee et al., 2015", "Lee等，2015"),
        (
            [("周", "志民"), ("王", "五")],
            "2019",
            False,
            "周志民 & 王五, 2019",
            "周志民、王五，2019",
        ),  # split names
        ([("周志民", ""), ("王五", "")], "2019", False, "周志民 & 王五, 2019", "周志民、王五，2019"),
        ([("何佳讯", ""), ("秦翕嫣", ""), ("杨清云", "")], "2017", False, "何佳讯等, 2017", "何佳讯等，2017"),
        ([("周志民", "")], "2019", True, "周志民等, 2019", "周志民等，2019"),
        ([("Park", "C. W."), ("周", "志民")], "2020", False, "Park & 周志民, 2020", "Park & 周志民，2020"),
        ([("van den Berg", "Jan")], "2018", False, "van den Berg, 2018", "van den Berg，2018"),
        ([("Park", "C. W.")], "", False, "Park, n.d.", "Park，n.d."),
        ([("Park", "C. W.")], " 2010a ", False, "Park, 2010a", "Park，2010a"),
    ],
)
def test_labels_by_convention(names, year, truncated, english, chinese):
    assert EN.label(names, year, truncated) == english
    assert ZH.label(names, year, truncated) == chinese


def test_a_work_without_names_is_labelled_by_its_key():
    assert EN.label([], "2001", key="ISO9001") == "ISO9001, 2001"
    assert ZH.label([], "", key="WHO") == "WHO，n.d."


def test_lists_of_labels_use_one_separator():
    assert EN.join(["Park, 2010", "Lee & Kim, 2015"]) == "Park, 2010; Lee & Kim, 2015"
    assert ZH.join(["Park，2010", "周志民等，2019"]) == "Park，2010；周志民等，2019"


def test_settings_change_one_language_and_override_in_order():
    usage = {"zh": {"et_al": " 等"}}
    config = {"zh": {"year_separator": ", "}, "de": {"et_al": " u. a."}}
    styles = LabelStyles(usage, config)
    assert styles["zh"].label([("Park", ""), ("Lee", ""), ("Kim", "")], "2010") == "Park 等, 2010"
    assert styles["en"] == EN
    assert styles["de"].label([("Park", ""), ("Lee", ""), ("Kim", "")], "2010") == "Park u. a., 2010"
    assert LabelStyles({"zh": {"et_al": " 等"}}, {"zh": {"et_al": "等"}})["zh"].et_al == "等"


# --- one label everywhere: cite-check, tables, answers, report ----------------------------------

BIB = r"""
@article{Park2010, author = {Park, C. W. and MacInnis, D. J. and Priester, J.}, title = {Brand attachment},
  journal = {J}, year = {2010}}
@article{Huang2017, author = {Huang, Zhao and Benyoucef, Morad}, title = {Social commerce}, journal = {J},
  year = {2017}}
@article{Zhou2019, author = {周, 志民 and 王, 五}, title = {品牌社群}, journal = {管理}, year = {2019},
  langid = {chinese}}
@article{He2017, author = {何佳讯 and 秦翕嫣 and 杨清云}, title = {品牌}, journal = {管理}, year = {2017},
  langid = {chinese}}
@article{Kozinets2021, author = {Kozinets, Robert V. and others}, title = {Netnography}, journal = {J},
  year = {2021}}
@article{Lee, author = {Lee, Ann}, title = {Undated}, journal = {J}}
"""
KEYS = ["Park2010", "Huang2017", "Zhou2019", "He2017", "Kozinets2021", "Lee"]
MODEL = """review: {id: labels}
constructs:
  - {id: a, label: {en: A, zh: 甲}}
  - {id: b, label: {en: B, zh: 乙}}
hypotheses:
  - id: H1
    from: a
    to: b
    evidence:
""" + "".join(f"      - ref: {key}\n" for key in KEYS)

# What each language's text writes (Latin name, a space, 等), and the defaults elsewhere.
EXPECTED = {
    "zh": ["Park 等，2010", "Huang & Benyoucef，2017", "周志民、王五，2019", "何佳讯等，2017",
           "Kozinets 等，2021", "Lee，n.d."],
    "en": ["Park et al., 2010", "Huang & Benyoucef, 2017", "周志民 & 王五, 2019", "何佳讯等, 2017",
           "Kozinets et al., 2021", "Lee, n.d."],
}  # fmt: skip


def _a_year_late(label: str) -> str:
    """The citation written as the label is, with the year one too late ('Lee，2001' for n.d.)."""
    return re.sub(
        r"\d{4}|n\.d\.", lambda year: str(int(year.group()) + 1) if year.group()[0] != "n" else "2001", label
    )


# Every entry cited a year late in Chinese text and in English text, so that cite-check
# names each entry, with its label, in both languages.
MANUSCRIPT = (
    "品牌社群的研究（" + "；".join(map(_a_year_late, EXPECTED["zh"])) + "）。\n\n"
    "Brand community research (" + "; ".join(map(_a_year_late, EXPECTED["en"])) + ").\n"
)


def _project(tmp_path, config: str = "", manuscript: str = MANUSCRIPT):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "model.yaml").write_text(MODEL, encoding="utf-8")
    (tmp_path / "ms.md").write_text(manuscript, encoding="utf-8")
    review = '[review]\nbibtex = ["refs.bib"]\nmodel = "model.yaml"\nmanuscript = "ms.md"\n'
    (tmp_path / "litgraph.toml").write_text(review + config, encoding="utf-8")
    return tmp_path


def _cite_check_labels(cli, lang: str) -> dict[str, str]:
    """Entry key → the label cite-check names it with for citations in `lang` text."""
    result = cli("cite-check", "--json")
    problems = json.loads(result.stdout)["problems"]
    chinese = [p for p in problems if p["code"] == "citation-year-mismatch" and p["line"] == 1]
    english = [p for p in problems if p["code"] == "citation-year-mismatch" and p["line"] == 3]
    found = chinese if lang == "zh" else english
    return {p["key"]: re.search(r"likely meant \S+ \((.*)\)$", p["message"]).group(1) for p in found}


def _table_labels(cli, lang: str) -> list[str]:
    [row] = json.loads(cli("hypotheses", "--format", "json", "--lang", lang).stdout)
    return [cited["label"] for cited in row["supported_by"]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cite_check_and_the_tables_label_an_entry_alike(tmp_path, cli_for, lang):
    cli = cli_for(_project(tmp_path))
    from_cite_check = _cite_check_labels(cli, lang)
    assert [from_cite_check[key] for key in KEYS] == EXPECTED[lang]
    assert _table_labels(cli, lang) == EXPECTED[lang]
    evidence = cli.json("evidence", "H1", "--lang", lang)
    assert [study["label"] for study in evidence["evidence"]] == EXPECTED[lang]
    for key, label in zip(KEYS, EXPECTED[lang], strict=True):
        assert cli.json("supports", key, "--lang", lang)["citation"] == label
    separator = "；" if lang == "zh" else "; "
    markdown = cli("hypotheses", "--format", "md", "--lang", lang).stdout
    assert separator.join(EXPECTED[lang]) in markdown
    [route] = cli.json("paths", "a", "b", "--lang", lang)["routes"]
    assert [c["label"] for c in route["steps"][0]["hypotheses"][0]["supported_by"]] == EXPECTED[lang]


def test_the_report_labels_entries_as_the_tables_do(tmp_path, cli_for):
    project = _project(tmp_path)
    cli = cli_for(project)
    assert cli("report", "-o", str(tmp_path / "r.html"), "--lang", "zh").exit_code == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    for label in EXPECTED["zh"]:
        assert escape(label) in html


def test_the_manuscript_decides_between_styles(tmp_path, cli_for):
    """Without a space before 等 in the text, the labels have none either."""
    cli = cli_for(_project(tmp_path, manuscript="研究（Park等，2010；Kozinets等，2021）。\n"))
    labels = _table_labels(cli, "zh")
    assert labels[0] == "Park等，2010" and labels[4] == "Kozinets等，2021"


def test_litgraph_toml_overrides_the_manuscript(tmp_path, cli_for):
    config = '[citations.zh]\ntwo_authors = " 和 "\net_al = " 等人"\n[citations.en]\nyear_separator = " "\n'
    cli = cli_for(_project(tmp_path, config))
    zh = _table_labels(cli, "zh")
    assert zh[:2] == ["Park 等人，2010", "Huang 和 Benyoucef，2017"]
    assert _cite_check_labels(cli, "zh")["Huang2017"] == "Huang 和 Benyoucef，2017"
    assert _table_labels(cli, "en")[0] == "Park et al. 2010"


def test_the_kept_manuscript_usage_follows_the_manuscript_and_litgraph_toml(tmp_path, cli_for):
    """The usage a query labels with is kept beside the store (labels.json), as the build keeps
    its sources' fingerprints; an edit of the manuscript and one of litgraph.toml still tell."""
    project = _project(tmp_path, manuscript="研究（Park等，2010；Kozinets等，2021）。\n")
    cli = cli_for(project)
    assert _table_labels(cli, "zh")[0] == "Park等，2010"
    assert (project / ".litgraph" / "labels.json").is_file()
    (project / "ms.md").write_text("研究（Park 等，2010；Kozinets 等，2021）。\n", encoding="utf-8")
    assert _table_labels(cli, "zh")[0] == "Park 等，2010"
    config = project / "litgraph.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '[citations.zh]\net_al = " 等人"\n', encoding="utf-8"
    )
    assert _table_labels(cli, "zh")[0] == "Park 等人，2010"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('[citations.zh]\net_all = "等"\n', "did you mean 'et_al'?"),
        ('[citations]\net_al = "等"\n', "per language of the text"),
        ("[citations.zh]\net_al = 3\n", "must be text in quotes"),
    ],
)
def test_a_wrong_citations_table_is_an_error_naming_it(tmp_path, cli_for, config, message):
    cli = cli_for(_project(tmp_path, config))
    for args in (("hypotheses",), ("cite-check",)):
        result = cli(*args)
        assert result.exit_code == 2 and "litgraph.toml" in result.output
        assert message in " ".join(result.output.split())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_uncited_entry_is_named_as_the_tables_name_it(tmp_path, cli_for, lang):
    """An entry no citation accounts for stands in no text: it is labelled in the project's language."""
    manuscript = "Only one (Park et al., 2010).\n" if lang == "en" else "仅此（Park 等，2010）。\n"
    config = f'[output]\nlang = "{lang}"\n'
    cli = cli_for(_project(tmp_path, config, manuscript))
    problems = json.loads(cli("cite-check", "--json").stdout)["problems"]
    uncited = {p["key"]: p["message"] for p in problems if p["code"] == "reference-uncited"}
    assert set(uncited) == set(KEYS[1:])
    labels = dict(zip(KEYS, _table_labels(cli, lang), strict=True))
    for key, message in uncited.items():
        assert message == f"{key} ({labels[key]}) is in the reference list but never cited"
    assert labels["Lee"] == ("Lee, n.d." if lang == "en" else "Lee，n.d.")
