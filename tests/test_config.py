"""litgraph.toml: every key is one litgraph reads, or an error at its line (issue 15, item 6).

`modle = "model.yaml"` used to be read as no model at all: the build made an empty graph that
"validated". The known keys live in `project.CONFIG_KEYS`; docs/model-format.md describes them.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from litgraph.errors import ProjectError
from litgraph.project import CONFIG_KEYS, load_project

from .conftest import Cli

DOCS = Path(__file__).resolve().parents[1] / "docs" / "model-format.md"
#: tests/fixtures/tam-review/litgraph.toml, as a hand count of its lines reads it: two comment lines,
#: then [review] on line 3, bibtex on 4, model on 5, manuscript on 6.
MODEL_LINE = 5


def _write(tam: Path, text: str) -> None:
    (tam / "litgraph.toml").write_text(text, encoding="utf-8")


def _config(tam: Path) -> str:
    return (tam / "litgraph.toml").read_text(encoding="utf-8")


def test_a_misspelt_model_key_is_an_error_not_an_empty_model(tam):
    _write(tam, _config(tam).replace("model =", "modle ="))
    for command in ("build", "validate", "hypotheses"):
        result = Cli(tam)(command)
        assert result.exit_code == 2, result.output
        assert f"litgraph.toml:{MODEL_LINE}: [review] has no key 'modle'" in result.output
        assert "did you mean 'model'?" in result.output
    assert not (tam / ".litgraph").exists()  # nothing was built


@pytest.mark.parametrize(
    ("added", "message", "hint"),  # the offending key on the last line (an unknown table: its header)
    [
        ('\n[output]\nlanguage = "zh"\n', "[output] has no key 'language'", "did you mean 'lang'?"),
        ('\n[reviw]\nmodel = "m.yaml"\n', "unknown table [reviw]", "did you mean 'review'?"),
        ('\n[verify]\nmail_to = "a@b.org"\n', "[verify] has no key 'mail_to'", "did you mean 'mailto'?"),
        ('\n[neo4j]\nurl = "bolt://x"\n', "[neo4j] has no key 'url'", "did you mean 'uri'?"),
        ("\n[references]\ngrouped = true\n", "[references] has no key 'grouped'", "the keys are: style"),
        ('\n[citations.zh]\net_all = "等"\n', "[citations.zh] has no key 'et_all'", "did you mean 'et_al'?"),
        ('\n[neo4j]\npassword = "s3cret"\n', "must not hold the Neo4j password", "NEO4J_PASSWORD"),
    ],
)
def test_an_unknown_key_is_named_at_its_line_with_the_key_meant(tam, added, message, hint):
    text = _config(tam) + added
    _write(tam, text)
    line = len(text.splitlines()) - ("unknown table" in message)
    with pytest.raises(ProjectError) as raised:
        load_project(tam / "litgraph.toml")
    assert raised.value.message.startswith(message) or message in raised.value.message
    assert raised.value.location.line == line and hint in raised.value.hint
    assert "s3cret" not in str(raised.value)


def test_a_key_above_every_table_is_told_where_it_belongs(tam):
    _write(tam, 'lang = "zh"\n' + _config(tam))
    with pytest.raises(ProjectError) as raised:
        load_project(tam / "litgraph.toml")
    assert raised.value.location.line == 1
    assert "'lang' stands outside a table" in raised.value.message
    assert "[output]" in raised.value.hint and "[references]" in raised.value.hint


def test_a_dotted_key_is_found_at_its_line(tam):
    _write(tam, _config(tam) + '\n[output]\nlang = "en"\n\n[verify]\n"crossref-api" = "x"\n')
    with pytest.raises(ProjectError) as raised:
        load_project(tam / "litgraph.toml")
    assert raised.value.location.line == len(_config(tam).splitlines())
    assert "did you mean 'crossref_api'?" in raised.value.hint


def _documented_toml() -> list[str]:
    return re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.S)


def test_every_known_key_is_documented_and_every_documented_key_is_known(tmp_path):
    """docs/model-format.md's examples, read as litgraph.toml files, are accepted; together they use
    every key of CONFIG_KEYS (so a key added there is documented there)."""
    used: dict[str, set[str]] = {}
    for block in _documented_toml():
        config = tomllib.loads(block)
        (tmp_path / "litgraph.toml").write_text(
            block if "[review]" in block else "[review]\nbibtex = []\n" + block, encoding="utf-8"
        )
        load_project(tmp_path / "litgraph.toml")  # raises on a key the code does not know
        for table, keys in config.items():
            for key, value in keys.items():
                name = f"{table}.*" if f"{table}.*" in CONFIG_KEYS else table
                used.setdefault(name, set()).update(value if name.endswith("*") else {key})
    commented = {
        line.split("=")[0].strip("# ").strip()
        for block in _documented_toml()
        for line in block.splitlines()
        if line.startswith("# ") and "=" in line
    }
    for table, keys in CONFIG_KEYS.items():
        missing = set(keys) - used.get(table, set()) - commented
        assert missing == set(), f"[{table}] keys not in docs/model-format.md: {missing}"


def test_the_output_language_must_be_a_language_tag(tam):
    _write(tam, _config(tam) + "\n[output]\nlang = 3\n")
    result = Cli(tam)("hypotheses")
    assert result.exit_code == 2 and "[output] lang must be a language tag" in result.output


def test_deeply_nested_arrays_are_an_error_not_a_recursion_traceback(tam):
    """tomllib recurses per nesting level (found by the fuzzer: RecursionError out of `build`)."""
    config = tam / "litgraph.toml"
    config.write_text(config.read_text().replace('["references.bib"]', "[" * 3000 + "]" * 3000))
    with pytest.raises(ProjectError, match="nested too deeply") as error:
        load_project(config)
    assert error.value.location.file == str(config)
