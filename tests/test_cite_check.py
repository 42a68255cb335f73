"""`litgraph cite-check`: citation forms, matching rules, the seed and tam manuscripts, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from litgraph.check.citations import check_citations
from litgraph.cli.app import app
from litgraph.parse.bibtex import load_bibliography
from litgraph.parse.manuscript import read_manuscript

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = ROOT.parent / "shared" / "seed" / "review-brand-community-attachment.txt"
SEED_BIB = ROOT / "references" / "seed-review.bib"
TAM = ROOT / "tests" / "fixtures" / "tam-review"

BIB = r"""
@article{Park2010a, author={Park, C. W. and MacInnis, D. J. and Priester, J.}, title={Beta},
  journal={J}, year={2010}}
@article{Park2010b, author={Park, C. W. and Eisingerich, A. B. and Iacobucci, D.}, title={Alpha},
  journal={J}, year={2010}}
@article{Lee2015, author={Lee, A. and Kim, B.}, title={T}, journal={J}, year={2015}}
@article{Solo2001, author={Solo, H.}, title={T}, journal={J}, year={2001}}
@article{Solo2005, author={Solo, H.}, title={T}, journal={J}, year={2005}}
@article{Zhou2019, author={周志民 and others}, title={品牌}, journal={J}, year={2019}, langid={chinese}}
@article{Ma2020, author={马, 云}, title={电商}, journal={J}, year={2020}, langid={chinese}}
@article{Malar2011, author={Mal{\"a}r, L. and Krohmer, H. and Hoyer, W. D.}, title={T},
  journal={J}, year={2011}}
@article{Berg2018, author={van den Berg, Jan and Smit, K.}, title={T}, journal={J}, year={2018}}
"""


def run(tmp_path, text: str, name: str = "ms.md", bib: str = BIB):
    manuscript = tmp_path / name
    manuscript.write_text(text, encoding="utf-8")
    references = tmp_path / "refs.bib"
    references.write_text(bib, encoding="utf-8")
    return check_citations(read_manuscript(manuscript, name), load_bibliography([references], ["refs.bib"]))


def cited(result) -> list[tuple[str, str | None]]:
    return [(c.text, c.key) for c in result.citations]


def codes(result, exclude=("reference-uncited",)) -> list[str]:
    return [p.code for p in result.problems if p.code not in exclude]


# --- the forms reviews use --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shown before (Solo, 2001).", [("Solo, 2001", "Solo2001")]),
        ("Both (Lee & Kim, 2015; Solo, 2005).", [("Lee & Kim, 2015", "Lee2015"), ("Solo, 2005", "Solo2005")]),
        ("As Lee and Kim (2015) argue.", [("Lee and Kim (2015)", "Lee2015")]),
        ("See (e.g., Solo, 2001, p. 3).", [("Solo, 2001", "Solo2001")]),
        ("Solo (2001, 2005) twice.", [("Solo (2001, 2005)", "Solo2001"), ("Solo (2001, 2005)", "Solo2005")]),
        (
            "Accents (Malar et al., 2011) and Malär et al. (2011).",
            [("Malar et al., 2011", "Malar2011"), ("Malär et al. (2011)", "Malar2011")],
        ),
        ("Particles (van den Berg & Smit, 2018).", [("van den Berg & Smit, 2018", "Berg2018")]),
        ("品牌社群（周志民等，2019）。", [("周志民等，2019", "Zhou2019")]),
        ("品牌社群(周志民等,2019)。", [("周志民等,2019", "Zhou2019")]),
        (
            "研究表明（Solo，2001；Lee & Kim，2015）。",
            [("Solo，2001", "Solo2001"), ("Lee & Kim，2015", "Lee2015")],
        ),
        ("国内学者周志民等（2019）认为如此。", [("国内学者周志民等（2019）", "Zhou2019")]),
        ("马云（2020）指出。", [("马云（2020）", "Ma2020")]),
        (
            "Version a (Park et al., 2010a) and b (Park et al., 2010b).",
            [("Park et al., 2010a", "Park2010b"), ("Park et al., 2010b", "Park2010a")],
        ),  # a/b follow title order
        (
            r"As \citet{Lee2015} and \citep[see][p.~3]{Solo2001, Solo2005} and \parencite{Ma2020}.",
            [
                (r"\citet{Lee2015}", "Lee2015"),
                (r"\citep{Solo2001}", "Solo2001"),
                (r"\citep{Solo2005}", "Solo2005"),
                (r"\parencite{Ma2020}", "Ma2020"),
            ],
        ),
        (
            r"Many \cites{Lee2015}[p. 2]{Solo2001}.",
            [(r"\cites{Lee2015}", "Lee2015"), (r"\cites{Solo2001}", "Solo2001")],
        ),
        (
            "Pandoc [@Lee2015; see @Solo2001, p. 3] and @Solo2005 says.",
            [("@Lee2015", "Lee2015"), ("@Solo2001", "Solo2001"), ("@Solo2005", "Solo2005")],
        ),
    ],
)
def test_citation_forms(tmp_path, text, expected):
    assert cited(run(tmp_path, text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Write to me at author2020@example.com or follow @someone.",
        "A season (Spring 2019) and a figure (Table 2, 2019) and a count (N = 120, 2019).",
        "该报告（2019）显示了趋势。",
        "```\n@decorator2020\n```",
    ],
)
def test_text_that_is_not_a_citation(tmp_path, text):
    assert run(tmp_path, text).citations == []


def test_the_reference_list_is_not_read_as_citations(tmp_path):
    text = (
        "Body (Solo, 2001).\n\n# References\n\n- Lee, A., & Kim, B. (2015). T. J.\n"
        "- Solo, H. (2005). T. J.\n\nAppendix text."
    )
    assert cited(run(tmp_path, text)) == [("Solo, 2001", "Solo2001")]


def test_locations_are_lines_of_the_file(tmp_path):
    result = run(tmp_path, "Title\n\nFirst line\nsecond line (Solo, 2001).\n")
    assert [(c.location.file, c.location.line) for c in result.citations] == [("ms.md", 4)]


# --- matching rules ---------------------------------------------------------------------------------


def test_citation_without_a_reference(tmp_path):
    result = run(tmp_path, "Cited (Ajzen, 1991) and (Sola, 2001) and [@Nobody2000] and [@lee2015].")
    missing = {p.message.split("'")[1]: p for p in result.problems if p.code == "citation-missing-reference"}
    assert set(missing) == {"Ajzen, 1991", "Sola, 2001", "@Nobody2000", "@lee2015"}
    assert {p.severity.value for p in missing.values()} == {"error"}
    assert missing["Sola, 2001"].message.endswith("did you mean Solo2001, Solo2005?")
    assert missing["@lee2015"].message.endswith("did you mean 'Lee2015'?")


def test_year_mismatch_names_the_likely_entry(tmp_path):
    result = run(tmp_path, "Cited (Solo, 2004) and (Lee & Kim, 2016).")
    mismatches = [p for p in result.problems if p.code == "citation-year-mismatch"]
    assert [p.key for p in mismatches] == ["Solo2005", "Lee2015"]
    assert "likely meant Solo2005 (Solo, 2005)" in mismatches[0].message
    assert [c.key for c in result.citations] == [None, None]


def test_ambiguous_citation_needs_a_suffix(tmp_path):
    result = run(tmp_path, "Cited (Park et al., 2010).")
    [problem] = [p for p in result.problems if p.code == "citation-ambiguous"]
    assert "Park2010a and Park2010b" in problem.message
    assert result.citations[0].key is None
    assert "reference-uncited" not in {p.code for p in result.problems if p.key.startswith("Park")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(Lee et al., 2015)", "citation-et-al"),  # two authors: 'Lee & Kim'
        ("(Lee, 2015)", "citation-et-al"),  # two authors, one named
        ("(Solo et al., 2001)", "citation-et-al"),  # one author
        ("(Malar, 2011)", "citation-et-al"),  # three authors without et al.
        ("(Lee & Park, 2015)", "citation-authors"),  # wrong second author
    ],
)
def test_et_al_and_author_forms(tmp_path, text, expected):
    assert codes(run(tmp_path, text)) == [expected]


@pytest.mark.parametrize(
    "text",
    ["(Lee & Kim, 2015)", "(Malar et al., 2011)", "（周志民等，2019）", "(Malär, Krohmer, & Hoyer, 2011)"],
)
def test_right_et_al_forms(tmp_path, text):
    """'and others' counts as three or more authors, so 等 is right for a truncated list."""
    assert codes(run(tmp_path, text)) == []


def test_davis_1989_resolves_by_form(tmp_path):
    bib = (TAM / "references.bib").read_text(encoding="utf-8")
    result = run(tmp_path, "(Davis, 1989) and Davis et al. (1989) and (Davis et al., 1989).", bib=bib)
    assert [c.key for c in result.citations] == ["Davis1989a", "Davis1989b", "Davis1989b"]


def test_uncited_references(tmp_path):
    result = run(tmp_path, "Only (Solo, 2001).")
    uncited = {p.key for p in result.problems if p.code == "reference-uncited"}
    assert uncited == {
        "Park2010a",
        "Park2010b",
        "Lee2015",
        "Solo2005",
        "Zhou2019",
        "Ma2020",
        "Malar2011",
        "Berg2018",
    }


def test_nocite_all_lists_without_citing(tmp_path):
    result = run(tmp_path, r"Only \cite{Solo2001}. \nocite{*}", name="ms.tex")
    assert codes(result, exclude=()) == []


def test_minority_punctuation_in_chinese_text(tmp_path):
    text = (
        "甲（Solo，2001）。乙（Lee & Kim，2015）。丙（周志民等，2019）。"
        "丁(Solo,2005)。戊（Lee 和 Kim，2015）。"
    )
    result = run(tmp_path, text)
    punctuation = [p for p in result.problems if p.code == "citation-punctuation"]
    assert [p.message.split("'")[1] for p in punctuation] == ["(Solo,2005)", "（Lee 和 Kim，2015）"]
    assert all(p.severity.value == "info" for p in punctuation)
    assert "'()' where most use '（）'" in punctuation[0].message
    assert "'和' where most use '&'" in punctuation[1].message


def test_english_and_chinese_citations_are_compared_separately(tmp_path):
    text = "English text (Solo, 2001) and more (Lee & Kim, 2015).\n\n中文（周志民等，2019）和（Solo，2005）。"
    assert codes(run(tmp_path, text)) == []


# --- the seed review and the tam fixture -------------------------------------------------------------

# Read by hand from the seed text: line → the citations on it, with the entry each means.
SEED_CITATIONS = {
    17: ["Thomson2005"],
    35: ["Kozinets2021", "Huang2017", "LiaoJunyun2019", "ZhouZhimin2019"],
    39: ["McMillan1986", "Zhou2013", "Zhou2021"],
    41: ["Liang2011", "ZhangZhijie2021", "LiXianguo2022"],
    45: ["Zhou2021", "Yan2022", "LiXianguo2022", "HuangMinxue2018"],
    53: ["Zeithaml1988", "Park2010"],
    57: ["Algesheimer2005", "Escalas2005", "ZhouZhimin2019", "HeJiaxun2017"],
    59: ["Brakus2009", "Schau2009", "LiuYang2020", "JinXiaotong2023"],
    63: ["Algesheimer2005", "Liang2011", "Schau2009", "Liang2011", "ZhuLiye2021", "ZhangZhijie2021"],
    69: ["Park2010", "Thomson2005", "Malar2011"],
    75: ["Park2010", "Escalas2005", "Sirgy2017", "HeJiaxun2017", "JinXiaotong2023"],
    81: ["Deci2000", "Baumeister1995"],
    83: ["Ren2012", "WangYonggui2015", "ZhangXinsheng2020"],
    87: [None, "ZhangZhijie2021", "Hung2011", "ZhangZhijie2021", "LiuYang2020"],  # 'Huang，2020' has no entry
}
# The half-width citations of sections 2.1.1–2.1.3 and two with a half-width comma inside full-width brackets.
SEED_PUNCTUATION_LINES = [35, 35, 35, 39, 39, 39, 41, 41, 45, 45, 45, 53, 57]


@pytest.fixture(scope="module")
def seed_result():
    return check_citations(read_manuscript(SEED_TEXT), load_bibliography([SEED_BIB]))


def test_seed_finds_every_citation(seed_result):
    assert len(seed_result.citations) == 49 == sum(len(keys) for keys in SEED_CITATIONS.values())
    found: dict[int, list] = {}
    for citation in seed_result.citations:
        found.setdefault(citation.location.line, []).append(citation.key)
    assert found == SEED_CITATIONS


def test_seed_cites_all_31_references(seed_result):
    keys = {ref.key for ref in load_bibliography([SEED_BIB]).references}
    assert len(keys) == 31
    assert {c.key for c in seed_result.citations if c.key} == keys


def test_seed_findings_are_exactly_the_real_ones(seed_result):
    """In the text; the typed list's findings are tested in test_cite_check_list.py."""
    problems = [p for p in seed_result.problems if not p.code.startswith("list-")]
    [mismatch] = [p for p in problems if p.code != "citation-punctuation"]
    assert (mismatch.code, mismatch.severity.value, mismatch.location.line, mismatch.key) == (
        "citation-year-mismatch",
        "error",
        87,
        "Huang2017",
    )
    assert mismatch.message.startswith(
        "'Huang，2020': no Huang 2020 in the reference list; likely meant Huang2017"
    )
    assert [p.location.line for p in problems if p.code == "citation-punctuation"] == SEED_PUNCTUATION_LINES


def test_tam_has_exactly_its_three_deliberate_problems():
    result = check_citations(
        read_manuscript(TAM / "manuscript.md"), load_bibliography([TAM / "references.bib"])
    )
    assert [(p.code, p.key or p.message.split("'")[1]) for p in result.problems] == [
        ("citation-missing-reference", "Ajzen, 1991"),
        ("citation-year-mismatch", "Venkatesh2003"),
        ("reference-uncited", "Venkatesh2008"),
    ]
    assert len(result.citations) == 11
    assert {c.text for c in result.citations if c.key is None} == {"Ajzen, 1991", "Venkatesh et al., 2002"}


# --- the command -----------------------------------------------------------------------------------------

runner = CliRunner()


def test_cite_check_on_the_project(seed):
    result = runner.invoke(app, ["cite-check", "--project", str(seed), "--json"])
    assert result.exit_code == 1  # the year mismatch is an error
    data = json.loads(result.stdout)
    summary = data["summary"]
    assert (
        Path(seed, summary.pop("manuscript")).resolve() == SEED_TEXT.resolve()
    )  # shown relative to the project
    assert summary == {
        "unit": "line",
        "files": ["references/seed-review.bib"],
        "entries": 31,
        "references": 31,
        "citations": 49,
        "matched": 48,
        "matched_by": {"author-year": 48},
        "field_codes": [],
        "typed_references": 31,
        "style": "gb7714-2025",
        "order": "author-date",
        "style_source": "the list has 11 Chinese entries and is not numbered",
        "error": 1,
        "warning": 31,  # one list-style finding for each typed reference
        "info": 13,
    }
    assert set(data["citations"][0]) == {"text", "file", "line", "key", "matched_by"}
    assert set(data["problems"][0]) == {"severity", "code", "key", "field", "file", "line", "message", "fix"}


def test_cite_check_without_a_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app, ["cite-check", str(TAM / "manuscript.md"), "--bib", str(TAM / "references.bib")]
    )
    assert result.exit_code == 1
    shown = " ".join(result.stdout.split())  # the console wraps long lines
    assert (
        "11 citations (9 matched: 2 by key, 7 by author-year) against 8 references: "
        "2 errors, 1 warning, 0 info" in shown
    )


def solo_only(tmp_path, text: str) -> list[str]:
    """cite-check arguments for `text` against a list of the two Solo entries."""
    manuscript = tmp_path / "ms.md"
    manuscript.write_text(text, encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text("\n".join(line for line in BIB.splitlines() if "{Solo" in line), encoding="utf-8")
    return ["cite-check", str(manuscript), "--bib", str(bib)]


def test_a_clean_manuscript_exits_0_at_any_level(tmp_path):
    args = solo_only(tmp_path, "Both (Solo, 2001, 2005).")
    result = runner.invoke(app, [*args, "--fail-on", "info"])
    assert result.exit_code == 0 and "no findings" in result.stdout


def test_a_warning_fails_only_at_warning_level(tmp_path):
    args = solo_only(tmp_path, "Only (Solo, 2001).")  # Solo2005 uncited: a warning
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, [*args, "--fail-on", "warning"]).exit_code == 1


def test_docx_locations_are_paragraphs(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Introduction.")
    document.add_paragraph("")
    document.add_paragraph("Brand attachment (Lee et al., 2015).")
    path = tmp_path / "review.docx"
    document.save(str(path))
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    data = json.loads(runner.invoke(app, ["cite-check", str(path), "--bib", str(bib), "--json"]).stdout)
    assert data["summary"]["unit"] == "paragraph"
    [et_al] = [p for p in data["problems"] if p["code"] == "citation-et-al"]
    assert et_al["line"] == 3 and et_al["message"].startswith("paragraph 3: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/review.md", "--bib", str(SEED_BIB)], "file not found"),
        ([str(SEED_TEXT), "--bib", "/no/such/refs.bib"], "file not found"),
    ],
)
def test_missing_files_exit_2(args, message):
    result = runner.invoke(app, ["cite-check", *args])
    assert result.exit_code == 2 and message in result.stderr


def test_non_utf8_manuscript_exits_2_with_the_line_and_a_hint(tmp_path):
    path = tmp_path / "review.txt"
    path.write_bytes("第一行\n引用（周志民等，2019）\n".encode("gb18030"))
    result = runner.invoke(app, ["cite-check", str(path), "--bib", str(SEED_BIB)])
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())  # the console wraps long paths
    assert "review.txt:1: not valid UTF-8" in message and "iconv -f gb18030" in message
    assert "Traceback" not in result.stderr


def test_no_project_and_no_bib_asks_for_bib(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["cite-check", str(TAM / "manuscript.md")])
    assert result.exit_code == 2 and "--bib" in result.stderr


def test_project_without_manuscript_is_a_usage_error(tmp_path):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "litgraph.toml").write_text('[review]\nbibtex = ["refs.bib"]\n', encoding="utf-8")
    result = runner.invoke(app, ["cite-check", "--project", str(tmp_path)])
    assert result.exit_code == 2 and "no manuscript" in result.stderr


def test_entries_that_cannot_be_read_are_reported_and_fail(tmp_path):
    bib = tmp_path / "b1.bib"
    bib.write_text(
        "\n".join(line for line in BIB.splitlines() if "{Solo" in line or "{Lee" in line)
        + "\n@article{Broken2002, author={Beta, B.}, title={Two {unclosed}, journal={J}, year={2002}}\n"
        + "@article{A3\n  title={Three}, author={Gamma, G.}, journal={J}, year={2003}}\n"
        + "@article{, title={x}, author={A, B}, year={2000}}\n",
        encoding="utf-8",
    )
    manuscript = tmp_path / "ms.md"
    manuscript.write_text("All (Solo, 2001, 2005; Lee & Kim, 2015).", encoding="utf-8")
    result = runner.invoke(app, ["cite-check", str(manuscript), "--bib", str(bib), "--json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert (data["summary"]["entries"], data["summary"]["references"]) == (6, 3)
    assert [(p["code"], p["key"], p["file"], p["line"]) for p in data["problems"]] == [
        ("syntax", "Broken2002", str(bib), 4),
        ("syntax", "A3", str(bib), 5),
        ("syntax", "", str(bib), 7),
    ]


def test_keys_differing_in_case_match_exactly(tmp_path):
    bib = BIB + "@article{solo2001, author={Solo, K.}, title={Other}, journal={J}, year={2001}}\n"
    result = run(
        tmp_path,
        r"\cite{solo2001} and \cite{Solo2001, Solo2005} and \cite{SOLO2001}.",
        name="ms.tex",
        bib=bib,
    )
    assert cited(result)[:3] == [
        (r"\cite{solo2001}", "solo2001"),
        (r"\cite{Solo2001}", "Solo2001"),
        (r"\cite{Solo2005}", "Solo2005"),
    ]
    [missing] = [p for p in result.problems if p.code == "citation-missing-reference"]
    assert "'SOLO2001'" in missing.message


def test_empty_and_unclosed_cite_commands_are_reported(tmp_path):
    result = run(
        tmp_path,
        "Intro \\cite{} here.\n\nThen \\citep[p.~3]{Solo2001 and text\nand \\cite{Solo2005}.",
        name="ms.tex",
    )
    assert cited(result) == [(r"\cite{Solo2005}", "Solo2005")]
    syntax = [(p.severity.value, p.location.line) for p in result.problems if p.code == "citation-syntax"]
    assert syntax == [("warning", 1), ("error", 3)]


@pytest.mark.parametrize("text", ["", "  \n\n\t\n", "constructs:\n  - id: PU\n    label: usefulness\n"])
def test_a_manuscript_without_citations_is_a_warning(tmp_path, text):
    args = solo_only(tmp_path, text)
    result = runner.invoke(app, [*args, "--json"])
    data = json.loads(result.stdout)
    [note] = [p for p in data["problems"] if p["code"] == "no-citations"]
    assert note["severity"] == "warning" and note["message"] == f"no in-text citations found in {args[1]}"


def test_utf16_manuscript_without_bom_is_read(tmp_path):
    args = solo_only(tmp_path, "")
    Path(args[1]).write_bytes("Both (Solo, 2001, 2005).\n".encode("utf-16-le"))
    result = runner.invoke(app, [*args, "--fail-on", "info"])
    assert result.exit_code == 0 and "2 citations (2 matched: 2 by author-year)" in result.stdout
