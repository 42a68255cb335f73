"""cite-check's reading of the typed reference list: each reference matched to its entry, the data
that differ, deviations from the style (against `style.render`'s line), numbering, order, and
what is typed but not in the .bib or the reverse; the style asked for or chosen from the list.

Expectations are read by hand from the typed lines and the standard (GB/T 7714: the first three
authors before 等; 2025 writes full-width ，（）：, 2015 half-width), and the corrected lines are
checked against the gbt7714 BibTeX styles, the standard's reference implementation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from litgraph.check.citations import check_citations
from litgraph.cli.app import app
from litgraph.parse.bibtex import load_bibliography
from litgraph.parse.manuscript import read_manuscript
from litgraph.style.render import ListSettings

from .gbt_oracle import bbl_entries, run_bibtexu, spaced

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = ROOT.parent / "shared" / "seed" / "review-brand-community-attachment.txt"
SEED_BIB = ROOT / "references" / "seed-review.bib"
CHINESE_LINES = list(range(127, 138))  # the seed's 11 Chinese references
ENGLISH_LINES = [line for line in range(139, 160) if line != 145]  # 20 English ones (145 is blank)


def seed(style: str | None = None):
    return check_citations(
        read_manuscript(SEED_TEXT), load_bibliography([SEED_BIB]), list_settings=ListSettings(style)
    )


@pytest.fixture(scope="module")
def seed_2025():
    return seed()


def by_line(result) -> dict:
    return {entry.location.line: entry for entry in result.references}


def kinds(entry) -> set[str]:
    return {deviation.kind for deviation in entry.deviations}


def pairs(entry, kind: str) -> list[tuple[str, str]]:
    return [(d.typed, d.expected) for d in entry.deviations if d.kind == kind]


def codes(result, prefix: str = "list-") -> list[tuple[int, str]]:
    return [(p.location.line, p.code) for p in result.problems if p.code.startswith(prefix)]


# --- the seed review -----------------------------------------------------------------------------------


def test_the_seed_list_is_checked_against_the_style_its_shape_asks_for(seed_2025):
    """Chinese entries → GB/T 7714 (2025, the edition in force); no numbers → author-date."""
    assert (seed_2025.style, seed_2025.order) == ("gb7714-2025", "author-date")
    assert "11 Chinese entries" in seed_2025.style_source and "not numbered" in seed_2025.style_source
    assert len(seed_2025.references) == 31
    assert all(entry.key for entry in seed_2025.references)


def test_the_seeds_chinese_entries_and_their_format_problems(seed_2025):
    """何佳讯等。品牌社群认同…[J]. 营销科学学报, 2017, 13(2): 45-60. — 等 after one name (GB/T names three
    before 等), 。 where GB/T writes '. ', the year after the journal in an author-date list, and
    2015's half-width punctuation where 2025 writes ，（）：."""
    lines = by_line(seed_2025)
    for line in CHINESE_LINES:
        entry = lines[line]
        assert kinds(entry) == {"order-of-elements", "et-al", "full-stop", "width"}, (line, entry.deviations)
        [et_al] = [d for d in entry.deviations if d.kind == "et-al"]
        assert et_al.message.startswith("等 after 1 author") and "first 3" in et_al.message
        assert pairs(entry, "full-stop") == [("。", ". ")]
    assert pairs(lines[127], "width") == [(", ", "，"), (", ", "，"), ("(", "（"), ("): ", "）：")]
    # 金晓彤等 … 中国工业经济, 2023(4): 120-135.: no volume, so one comma fewer
    assert pairs(lines[129], "width") == [(", ", "，"), ("(", "（"), ("): ", "）：")]


def test_against_2015_only_the_edition_independent_problems_remain():
    """2015 writes half-width punctuation, as the seed does: the width findings go, the rest stay."""
    result = seed("gb7714-2015")
    lines = by_line(result)
    for line in CHINESE_LINES:
        assert kinds(lines[line]) == {"order-of-elements", "et-al", "full-stop"}


def test_the_seeds_english_entries_are_named_as_apa(seed_2025):
    lines = by_line(seed_2025)
    for line in ENGLISH_LINES:
        [deviation] = lines[line].deviations
        assert (deviation.kind, deviation.message) == ("other-style", "written as APA 7")


def test_the_seeds_list_agrees_with_its_bib_in_data_and_order(seed_2025):
    """The .bib is the list transcribed: no data differ, nothing is missing either way, and the list is
    in GB/T's author-date order (Chinese entries first, by pinyin: He, Huang, Jin, Li, Liao, Liu, Wang,
    Zhang, Zhang, Zhou, Zhu; then the English ones alphabetically)."""
    assert {code for _, code in codes(seed_2025)} == {"list-style"}
    assert [line for line, _ in codes(seed_2025)] == CHINESE_LINES + ENGLISH_LINES


def test_apa_sorts_the_chinese_entries_among_the_english():
    """APA 7 sorts letter by letter with no grouping by language: He (何) comes after Escalas."""
    result = seed("apa7")
    assert [line for line, code in codes(result) if code == "list-order"] == CHINESE_LINES
    for line in CHINESE_LINES:
        [deviation] = by_line(result)[line].deviations
        assert deviation.kind == "other-style" and deviation.message.startswith("written as GB/T 7714")
    for line in ENGLISH_LINES:  # APA's page ranges take an en dash
        assert pairs(by_line(result)[line], "dash") == [("-", "–")]


@pytest.mark.parametrize("variant", ["2025-authoryear", "2015-authoryear"])
def test_corrected_lines_are_the_gbt7714_bsts(variant, tmp_path):
    expected = bbl_entries(run_bibtexu(variant, SEED_BIB, tmp_path), nfkc=False)
    result = seed(f"gb7714-{variant[:4]}")
    assert len(expected) == 31
    assert {entry.key: spaced(entry.corrected) for entry in result.references} == {
        key: text for key, (_suffix, text) in expected.items()
    }


# --- a numbered list with one error of each kind ---------------------------------------------------------

BIB = r"""
@article{Lee2008, author={Lee, Anna and Kim, Bo}, title={Trust in online communities},
  journal={Journal of Marketing}, year={2008}, volume={72}, number={3}, pages={10--25}}
@article{Wang2019, author={王永贵 and 马双 and 刘菲}, title={关系需求强度对品牌忠诚的影响},
  journal={心理学报}, year={2019}, volume={47}, number={6}, pages={789--800}, langid={chinese}}
@book{Smith2010, author={Smith, John}, title={Brand communities}, publisher={Springer}, address={Berlin},
  year={2010}}
@article{Zhou2013, author={Zhou, Tao and Lu, Yaobin and Wang, Bin}, title={The effects of trust and perceived
  risk}, journal={Computers in Human Behavior}, year={2013}, volume={29}, number={1}, pages={286--294}}
@article{Park2010, author={Park, C. W. and MacInnis, D. J. and Priester, J. and Eisingerich, A. B.},
  title={Brand attachment}, journal={Journal of Marketing}, year={2010}, volume={74}, number={6},
  pages={1--17}}
"""
LIST = """\
[1] 王永贵等. 关系需求强度对品牌忠诚的影响[J]. 心理学报, 2019, 47(6): 789-800.
[2] Lee A., Kim B. Trust in online communities[J]. Journal of Marketing, 2017, 72: 10–25.
[3] Smith J. Brand communities. Berlin: Springer, 2010.
[5] Gone G. A missing work[J]. Nowhere Journal, 2001, 1(1): 1-2.
[6] ZHOU T, LU Y, WANG B. The effects of trust and perceived risk[J]. Computers in Human Behavior, \
2013, 29(1): 286-294.
"""
TEXT = "# Intro\n\nTrust matters [1]. Risk [6] and brands [2-3]. Unknown [9].\n\n# References\n\n" + LIST


def numbered(tmp_path, style: str = "gb7714-2025", text: str = TEXT, bib: str = BIB):
    (tmp_path / "ms.md").write_text(text, encoding="utf-8")
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    return check_citations(
        read_manuscript(tmp_path / "ms.md", "ms.md"),
        load_bibliography([tmp_path / "refs.bib"], ["refs.bib"]),
        syntax="markdown",
        list_settings=ListSettings(style),
    )


@pytest.fixture
def listed(tmp_path):
    return numbered(tmp_path)


def test_a_numbered_list_is_numeric(listed):
    assert (listed.style, listed.order) == ("gb7714-2025", "numeric")
    assert [(e.label, e.key) for e in listed.references] == [
        ("1", "Wang2019"),
        ("2", "Lee2008"),
        ("3", "Smith2010"),
        ("5", None),
        ("6", "Zhou2013"),
    ]


def test_data_that_differ_the_list_says_the_entry_says(listed):
    [problem] = [p for p in listed.problems if p.code == "list-data"]
    assert (problem.location.line, problem.key) == (8, "Lee2008")
    assert problem.message == "year: the list says 2017, the entry says 2008"
    assert problem.fix.startswith(
        "Lee A，Kim B. Trust in online communities[J]. Journal of Marketing，2008，72（3）"
    )


def test_each_kind_of_deviation_is_named(listed):
    lines = by_line(listed)
    assert pairs(lines[8], "initials") == [("., ", "，")]  # 'Lee A., Kim B.'
    assert pairs(lines[8], "dash") == [("–", "-")]
    assert [(d.field, d.expected) for d in lines[8].deviations if d.kind == "missing"] == [("issue", "3")]
    assert pairs(lines[9], "type-mark") == [("", "[M]")]  # a book typed without its mark
    assert kinds(lines[7]) == {"et-al", "width"}  # 王永贵等: the entry has three authors
    assert {d.typed for d in lines[11].deviations if d.kind == "case"} == {"ZHOU", "LU", "WANG"}


def test_2015_sets_family_names_in_capitals(tmp_path):
    """ZHOU T, LU Y, WANG B is 2015's form (foreign family names in capitals, pinyin initials)."""
    lines = by_line(numbered(tmp_path, "gb7714-2015"))
    assert kinds(lines[11]) == set()


def test_typed_but_not_in_the_bib_and_the_reverse(listed):
    [typed_only] = [p for p in listed.problems if p.code == "list-not-in-bib"]
    assert typed_only.location.line == 10 and "Gone G. A missing work" in typed_only.message
    [bib_only] = [p for p in listed.problems if p.code == "list-not-typed"]
    assert (bib_only.key, bib_only.location.file) == ("Park2010", "refs.bib")
    assert bib_only.fix.startswith("Park C W，MacInnis D J，Priester J，et al. Brand attachment[J]")


def test_numbering_gaps_and_the_order_of_first_citation(listed):
    assert ("list-numbering", 10) in [(p.code, p.location.line) for p in listed.problems]
    [order] = [p for p in listed.problems if p.code == "list-order"]
    assert (order.location.line, order.key) == (11, "Zhou2013")  # [6] is cited second, after [1]
    assert "first cited on line 3" in order.message


def test_numeric_citations_are_matched_through_the_list(listed):
    assert [(c.text, c.key, c.matched_by) for c in listed.citations] == [
        ("[1]", "Wang2019", "number"),
        ("[6]", "Zhou2013", "number"),
        ("[2-3]", "Lee2008", "number"),
        ("[2-3]", "Smith2010", "number"),
        ("[9]", None, "number"),
    ]
    [missing] = [p for p in listed.problems if p.code == "citation-missing-reference"]
    assert missing.message == "'[9]': the reference list has no item [9]"


def test_a_year_span_in_brackets_is_not_a_citation(tmp_path):
    text = TEXT.replace("Unknown [9].", "Over [2019-2021] and [3-1].")
    assert "[2019-2021]" not in [c.text for c in numbered(tmp_path, text=text).citations]


def test_a_close_title_matches_and_its_differences_are_reported(tmp_path):
    """A title typed with a typo and another year is still the entry (first author agrees)."""
    text = TEXT.replace("Trust in online communities[J]", "Trust in onlne comunities[J]")
    lines = by_line(numbered(tmp_path, text=text))
    assert (lines[8].key, lines[8].matched_by) == ("Lee2008", "similar")
    assert {d.field for d in lines[8].differences} == {"title", "issued"}


def test_a_reference_typed_twice(tmp_path):
    text = TEXT.replace("[5] Gone G.", "[4] Smith J. Brand communities. Berlin: Springer, 2010.\n[5] Gone G.")
    result = numbered(tmp_path, text=text)
    [twice] = [p for p in result.problems if p.code == "list-duplicate"]
    assert (twice.location.line, twice.key) == (10, "Smith2010") and "line 9" in twice.message


def test_without_typed_list_nothing_is_read(tmp_path):
    (tmp_path / "ms.md").write_text("Text [@Lee2008].", encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    result = check_citations(
        read_manuscript(tmp_path / "ms.md"), load_bibliography([tmp_path / "refs.bib"]), syntax="markdown"
    )
    assert result.references == [] and result.style == ""
    assert not codes(result)


# --- the command -------------------------------------------------------------------------------------------

runner = CliRunner()


def project(tmp_path, references: str = "") -> Path:
    (tmp_path / "ms.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    config = '[review]\nbibtex = ["refs.bib"]\nmanuscript = "ms.md"\n' + references
    (tmp_path / "litgraph.toml").write_text(config, encoding="utf-8")
    return tmp_path


def test_json_carries_each_reference_with_its_corrected_line(tmp_path):
    data = json.loads(runner.invoke(app, ["cite-check", "-p", str(project(tmp_path)), "--json"]).stdout)
    summary = data["summary"]
    assert (summary["style"], summary["order"], summary["typed_references"]) == ("gb7714-2025", "numeric", 5)
    first = data["reference_list"][0]
    assert (first["label"], first["key"], first["matched_by"]) == ("1", "Wang2019", "identity")
    assert (
        first["corrected"]
        == "王永贵，马双，刘菲. 关系需求强度对品牌忠诚的影响[J]. 心理学报，2019，47（6）：789-800."
    )
    assert {d["kind"] for d in first["deviations"]} == {"et-al", "width"}
    assert summary["matched_by"] == {"number": 4}


def test_the_style_comes_from_litgraph_toml_and_is_named(tmp_path):
    folder = project(tmp_path, '[references]\nstyle = "gb7714-2015"\n')
    data = json.loads(runner.invoke(app, ["cite-check", "-p", str(folder), "--json"]).stdout)
    assert data["summary"]["style"] == "gb7714-2015"
    assert "litgraph.toml" in data["summary"]["style_source"]
    over = json.loads(
        runner.invoke(app, ["cite-check", "-p", str(folder), "--style", "apa7", "--json"]).stdout
    )
    assert (over["summary"]["style"], over["summary"]["style_source"]) == ("apa7", "--style")


def test_the_assumed_style_is_printed(tmp_path):
    result = runner.invoke(app, ["cite-check", "-p", str(project(tmp_path))])
    shown = " ".join(result.stdout.split())
    assert "5 typed references checked against GB/T 7714-2025 (numeric)" in shown
    assert "the list has 1 Chinese entry and is numbered" in shown


@pytest.mark.parametrize("config", ["", '[references]\nstyle = "gb7714"\n'])
def test_a_misspelt_style_is_a_usage_error(tmp_path, config):
    folder = project(tmp_path, config)
    args = ["cite-check", "-p", str(folder)] + ([] if config else ["--style", "gbt-2025"])
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "unknown style" in result.stderr and "Traceback" not in result.stderr


LATEX = r"""\section{Intro}
Trust \cite{Wang2019} and risk \cite{Zhou2013} and \cite{Lee2008}.

\begin{thebibliography}{9}
\bibitem{Wang2019} 王永贵, 马双, 刘菲. 关系需求强度对品牌忠诚的影响[J]. 心理学报, 2019, 47(6): 789-800.
\bibitem{Lee2008} LEE A, KIM B. Trust in online communities[J]. Journal of Marketing, 2008, 72(3): 10-25.
\bibitem{Zhou2013} ZHOU T, LU Y, WANG B. The effects of trust and perceived risk[J]. Computers in Human
Behavior, 2013, 29(1): 286-294.
\end{thebibliography}
"""


def test_a_latex_thebibliography_is_matched_by_key_and_ordered_by_first_citation(tmp_path):
    """The paragraph just above \\begin{thebibliography} is text, and its \\cite commands count; the list
    is numbered by LaTeX, so it follows the order of first citation: Wang, Zhou, Lee."""
    (tmp_path / "ms.tex").write_text(LATEX, encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    result = check_citations(
        read_manuscript(tmp_path / "ms.tex"),
        load_bibliography([tmp_path / "refs.bib"]),
        syntax="latex",
        list_settings=ListSettings("gb7714-2015"),
    )
    assert [(c.key, c.matched_by) for c in result.citations] == [
        ("Wang2019", "key"),
        ("Zhou2013", "key"),
        ("Lee2008", "key"),
    ]
    assert [(e.key, e.matched_by) for e in result.references] == [
        ("Wang2019", "key"),
        ("Lee2008", "key"),
        ("Zhou2013", "key"),
    ]
    assert result.order == "numeric"
    assert [(line, code) for line, code in codes(result) if code != "list-not-typed"] == [(6, "list-order")]
