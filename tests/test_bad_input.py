"""Bad input gets one clear message naming file and line, a non-zero exit, no traceback."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli


def _project(tmp_path: Path, bib: str, model: str | None = None, bib_bytes: bytes | None = None) -> Cli:
    (tmp_path / "refs.bib").write_bytes(bib_bytes if bib_bytes is not None else bib.encode("utf-8"))
    lines = ["[review]", 'bibtex = ["refs.bib"]']
    if model is not None:
        (tmp_path / "model.yaml").write_text(model, encoding="utf-8")
        lines.append('model = "model.yaml"')
    (tmp_path / "litgraph.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Cli(tmp_path)


GOOD_BIB = "@article{k1, author = {A, B}, title = {T}, journal = {J}, year = {2000}}\n"
MODEL = """review: {id: bad}
constructs:
  - {id: a, label: A}
  - {id: b, label: B}
hypotheses:
  - {id: H1, kind: direct, from: a, to: b, evidence: [k1]}
"""


def _clean(result):
    assert "Traceback" not in result.output
    return result.output


def test_unclosed_brace_is_reported_and_the_rest_is_built(tmp_path):
    cli = _project(
        tmp_path,
        GOOD_BIB + "@article{k2, title = {Open {brace, year = 2001}\n\n@article{k3, title = {T3}}\n",
        MODEL,
    )
    result = cli("build")
    assert result.exit_code == 1
    output = _clean(result)
    assert "refs.bib:2" in output and "k2" in output
    built = cli.json("stats")["counts"]
    assert built["references"] == 2 and built["entries_in_files"] == 3  # k1 and k3 used, k2 reported


def test_duplicate_key_is_reported(tmp_path):
    cli = _project(tmp_path, GOOD_BIB + "\n" + GOOD_BIB, MODEL)
    result = cli("build")
    assert result.exit_code == 1
    assert "refs.bib:3" in _clean(result) and "duplicate key 'k1'" in result.output


def test_model_naming_an_unknown_construct(tmp_path):
    cli = _project(tmp_path, GOOD_BIB, MODEL.replace("to: b", "to: c"))
    result = cli("build")
    assert result.exit_code == 2
    assert "model.yaml:6" in _clean(result) and "unknown construct 'c'" in result.output


def test_model_naming_an_unknown_reference(tmp_path):
    cli = _project(tmp_path, GOOD_BIB, MODEL.replace("[k1]", "[k9]"))
    result = cli("paths", "a", "b")
    assert result.exit_code == 2 and "model.yaml:6" in _clean(result) and "'k9'" in result.output


def test_hypothesis_with_a_missing_role_and_a_cycle(tmp_path):
    model = (
        MODEL + "  - {id: H2, kind: mediation, from: a, to: b}\n  - {id: H3, kind: direct, from: b, to: a}\n"
    )
    result = _project(tmp_path, GOOD_BIB, model)("validate")
    output = _clean(result)
    assert result.exit_code == 1
    assert "model.yaml:7" in output and "'via'" in output
    assert "cycle" in output


def test_empty_model_and_empty_bib(tmp_path):
    result = _project(tmp_path, GOOD_BIB, "")("build")
    assert result.exit_code == 2 and "model.yaml:1" in _clean(result) and "empty" in result.output
    (tmp_path / "refs.bib").write_text("", encoding="utf-8")
    result = _project(tmp_path, "", None)("build")
    assert result.exit_code == 1 and "no entries" in _clean(result)


def test_non_utf8_bib(tmp_path):
    data = (GOOD_BIB + "@article{k2, title = {品牌社群}}\n").encode("gb18030")
    result = _project(tmp_path, "", MODEL, bib_bytes=data)("build")
    assert result.exit_code == 2
    assert "refs.bib:2" in _clean(result) and "UTF-8" in result.output and "iconv" in result.output


def test_no_project_found(tmp_path):
    result = Cli(None)("paths", "a", "b", "--project", str(tmp_path))
    assert result.exit_code == 2 and "litgraph.toml" in _clean(result)


def test_broken_project_file(tmp_path):
    (tmp_path / "litgraph.toml").write_text("[review\nbibtex = 1\n", encoding="utf-8")
    result = Cli(tmp_path)("build")
    assert result.exit_code == 2 and "litgraph.toml" in _clean(result) and "line 1" in result.output
