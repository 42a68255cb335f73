"""`litgraph init` starts a review that builds as it is; `litgraph --version` names the installed version."""

from __future__ import annotations

import json
import tomllib
from importlib.metadata import version

import yaml

from tests.conftest import Cli


def test_init_makes_a_review_that_builds_and_validates(tmp_path, cli):
    folder = tmp_path / "review"
    result = cli("init", str(folder))
    assert result.exit_code == 0, result.output
    assert "litgraph import" in result.output
    config = tomllib.loads((folder / "litgraph.toml").read_text(encoding="utf-8"))
    assert config["review"] == {"bibtex": [], "model": "model.yaml"}
    model = yaml.safe_load((folder / "model.yaml").read_text(encoding="utf-8"))
    kinds = {hypothesis.get("kind", "direct") for hypothesis in model["hypotheses"]}
    assert kinds == {"direct", "mediation", "moderation"} and len(model["constructs"]) == 4
    review = Cli(folder)
    assert review("build").exit_code == 0
    assert review("validate").exit_code == 0
    table = review("hypotheses", "--format", "json")
    assert table.exit_code == 0
    assert [row["id"] for row in json.loads(table.stdout)] == [h["id"] for h in model["hypotheses"]]


def test_init_names_the_given_files_relative_to_the_review(tmp_path, cli):
    (tmp_path / "refs").mkdir()
    bib = tmp_path / "refs" / "zotero.bib"
    bib.write_text("@article{a2020, title = {T}, author = {A, B}, journal = {J}, year = {2020}}\n", "utf-8")
    manuscript = tmp_path / "paper.md"
    manuscript.write_text("As shown (A, 2020).\n", encoding="utf-8")
    folder = tmp_path / "review"
    out = cli.json("init", str(folder), "--bib", str(bib), "--manuscript", str(manuscript))
    assert out["created"] == ["litgraph.toml", "model.yaml"] and out["bibtex"] == ["../refs/zotero.bib"]
    review = tomllib.loads((folder / "litgraph.toml").read_text(encoding="utf-8"))["review"]
    assert review["bibtex"] == ["../refs/zotero.bib"] and review["manuscript"] == "../paper.md"
    assert Cli(folder)("check").exit_code == 0


def test_init_never_overwrites_a_review(tmp_path, cli):
    (tmp_path / "litgraph.toml").write_text("# mine\n", encoding="utf-8")
    result = cli("init", str(tmp_path))
    assert result.exit_code == 2 and "exists already" in result.output
    assert (tmp_path / "litgraph.toml").read_text(encoding="utf-8") == "# mine\n"
    assert not (tmp_path / "model.yaml").exists()


def test_init_with_a_missing_file_changes_nothing(tmp_path, cli):
    result = cli("init", str(tmp_path / "review"), "--bib", str(tmp_path / "nowhere.bib"))
    assert result.exit_code == 2 and "not found" in result.output
    assert not (tmp_path / "review").exists()


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and result.output.strip() == f"litgraph {version('litgraph')}"
