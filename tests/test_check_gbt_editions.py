"""`check --style gb7714-2025|gb7714-2015`: the GB/T 7714 rules follow the chosen edition (issue 14).

What differs between the editions for what check looks at is read from the gbt7714 BibTeX styles
(the standard's reference implementation): their warnings ("empty urldate in KEY"), what they print,
and their settings. Each difference has a test here; so has each point where the editions agree.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from litgraph.check.integrity import check_bibliography
from litgraph.cli.app import app
from litgraph.parse.bibtex import load_bibliography
from litgraph.style.render import get_style

from .gbt_oracle import STYLES, bbl_entries, run_bibtexu

EDITIONS = ("2015", "2025")
BIB = r"""
@dataset{ds, author={Lee, A.}, title={Survey data}, publisher={ICPSR}, year={2020}, url={https://example.org/ds},
  langid={english}}
@online{web, author={Lee, A.}, title={A page}, year={2020}, url={https://example.org/page}, langid={english}}
@article{art, author={Lee, A.}, title={An article}, journal={J}, year={2020}, volume={1}, pages={1--2},
  url={https://example.org/a}, urldate={2021-01-02}, langid={english}}
@article{art2, author={Lee, A.}, title={An article two}, journal={J}, year={2020}, volume={1}, pages={1--2},
  urldate={2021-01-02}, langid={english}}
@book{bk, author={Lee, A. and others}, title={A book}, publisher={P}, address={B}, year={2020},
  langid={english}}
@misc{pp, author={Lee, A.}, title={A preprint}, year={2020}, eprint={2001.00001}, archiveprefix={arXiv},
  langid={english}}
@article{marked, author={Lee, A.}, title={Marked by hand}, journal={J}, year={2020}, entrytypeid={PP},
  langid={english}}
@article{zh, author={何佳讯 and others}, title={品牌社群认同对品牌忠诚的影响研究}, journal={营销科学学报},
  year={2017}}
"""


@pytest.fixture(scope="module")
def bib(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("editions") / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def oracle(bib, tmp_path_factory):
    """edition → (the .blg's warnings, key → text as the .bst prints it)."""
    out = {}
    for edition in EDITIONS:
        folder = tmp_path_factory.mktemp(edition)
        bbl = run_bibtexu(f"{edition}-numeric", bib, folder)
        out[edition] = ((folder / "t.blg").read_text(encoding="utf-8"), bbl_entries(bbl, nfkc=False))
    return out


@pytest.fixture(scope="module")
def found(bib):
    """edition → code → the keys reported with it."""
    out = {}
    for edition in EDITIONS:
        problems = check_bibliography(load_bibliography([bib]), style=get_style(f"gb7714-{edition}"))
        by_code: dict[str, set[str]] = {}
        for problem in problems:
            by_code.setdefault(problem.code, set()).add(problem.key)
        out[edition] = by_code
    return out


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_access_date_is_asked_where_the_edition_asks_it(edition, oracle, found):
    """Both ask it of web pages and preprints; 2025 of datasets too (the .bst warns "empty urldate")."""
    warned = set(re.findall(r"empty urldate in (\S+)", oracle[edition][0]))
    assert warned == ({"web", "pp"} if edition == "2015" else {"ds", "web", "pp"})
    assert found[edition].get("urldate-missing", set()) == warned


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_urldate_the_edition_does_not_print_is_named(edition, oracle, found):
    """2015 prints the access date of any work with a URL or DOI; 2025 only of online resources."""
    printed = {key for key, (_, text) in oracle[edition][1].items() if "2021-01-02" in text}
    assert printed == ({"art"} if edition == "2015" else set())
    assert found[edition].get("urldate-unprinted", set()) == {"art", "art2"} - printed


@pytest.mark.parametrize("edition", EDITIONS)
def test_pp_is_a_type_mark_of_2025_only(edition, oracle, found):
    """The .bst marks a preprint [A] in 2015 (its table has no PP) and [PP] in 2025."""
    assert oracle[edition][1]["pp"][1].endswith(
        "[A]. arXiv." if edition == "2015" else "[PP]. arXiv（2020）."
    )
    assert found[edition].get("type-mark-unknown", set()) == ({"marked"} if edition == "2015" else set())


@pytest.mark.parametrize("edition", EDITIONS)
def test_both_editions_list_the_first_three_authors(edition, found):
    """The .bst of either edition sets max.bib.names to 3: 'and others' after one name is reported."""
    bst = (STYLES / f"gbt7714-{edition}-numeric.bst").read_text(encoding="utf-8")
    names = int(re.search(r"#(\d+) 'control\.max\.bib\.names :=", bst).group(1))
    assert get_style(f"gb7714-{edition}").names_listed == names == 3
    assert found[edition]["authors-truncated"] == {"bk", "zh"}


def test_the_editions_agree_on_language_marks_and_punctuation(found):
    """Both choose 等 or et al. by the entry's language, and both print a field's punctuation in their
    own width, so these findings are the same whichever edition is chosen."""
    for code in ("language-missing", "punctuation-width"):
        assert found["2015"].get(code) == found["2025"].get(code)
    assert found["2025"]["language-missing"] == {"zh"}


def test_the_message_names_the_edition(bib):
    for edition in EDITIONS:
        problems = check_bibliography(load_bibliography([bib]), style=get_style(f"gb7714-{edition}"))
        [zh] = [p for p in problems if p.code == "authors-truncated" and p.key == "zh"]
        assert f"GB/T 7714-{edition} wants the first 3 authors" in zh.message


# --- the command -------------------------------------------------------------------------------------------

runner = CliRunner()


def test_check_style_on_the_command_line(bib):
    data = json.loads(runner.invoke(app, ["check", str(bib), "--style", "gb7714-2015", "--json"]).stdout)
    assert data["summary"]["style"] == "gb7714-2015"
    assert {p["key"] for p in data["problems"] if p["code"] == "type-mark-unknown"} == {"marked"}
    default = json.loads(runner.invoke(app, ["check", str(bib), "--json"]).stdout)
    assert default["summary"]["style"] == "gb7714-2025"


def test_check_style_from_litgraph_toml(tmp_path, bib):
    (tmp_path / "refs.bib").write_text(bib.read_text(encoding="utf-8"), encoding="utf-8")
    config = '[review]\nbibtex = ["refs.bib"]\n\n[references]\nstyle = "gb7714-2015"\n'
    (tmp_path / "litgraph.toml").write_text(config, encoding="utf-8")
    data = json.loads(runner.invoke(app, ["check", "-p", str(tmp_path), "--json"]).stdout)
    assert data["summary"]["style"] == "gb7714-2015"


@pytest.mark.parametrize("style", ["apa7", "gb7714-2020"])
def test_check_style_takes_only_a_gbt_edition(bib, style):
    result = runner.invoke(app, ["check", str(bib), "--style", style])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
