"""Bad input to the commands themselves — litgraph.toml values, query files, output paths,
a damaged store, queries that reach out — gets one clear message and a non-zero exit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TAM, Cli


def _clean(result) -> str:
    assert "Traceback" not in result.output
    return result.output


# --- litgraph.toml --------------------------------------------------------------------


@pytest.mark.parametrize(
    "review, key",
    [
        ("bibtex = [1, 2]", "bibtex"),
        ('bibtex = ["references.bib"]\nmodel = 5', "model"),
        ('bibtex = ["references.bib"]\nmodel = "model.yaml"\nmanuscript = 7', "manuscript"),
        ('bibtex = ["refer\\u0000ences.bib"]', "bibtex"),
    ],
)
def test_a_wrong_value_in_litgraph_toml_names_the_file_and_key(tam, tam_cli, review, key):
    (tam / "litgraph.toml").write_text(f"[review]\n{review}\n", encoding="utf-8")
    result = tam_cli("build")
    assert result.exit_code == 2
    assert "litgraph.toml" in _clean(result) and f"[review] {key}" in result.output


def test_a_bib_listed_twice_is_reported_as_listed_twice(tam, tam_cli):
    (tam / "litgraph.toml").write_text(
        '[review]\nbibtex = ["references.bib", "./references.bib"]\nmodel = "model.yaml"\n', encoding="utf-8"
    )
    result = tam_cli("build")
    assert result.exit_code == 2
    assert (
        "litgraph.toml" in _clean(result)
        and "twice" in result.output
        and "duplicate key" not in result.output
    )


# --- query files ----------------------------------------------------------------------


@pytest.mark.parametrize("command", ["sparql", "cypher"])
@pytest.mark.parametrize(
    "name, content",
    [
        ("missing.rq", None),
        ("folder", "a directory"),
        ("gbk.rq", 'SELECT ?s WHERE { ?s ?p "品牌" }'.encode("gb18030")),
    ],
)
def test_a_query_file_that_cannot_be_read(tam, tam_cli, command, name, content):
    path = tam / name
    if content == "a directory":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    result = tam_cli(command, "--query-file", str(path))
    assert result.exit_code == 2 and name in _clean(result)


def test_a_utf16_query_file_is_read(tam, tam_cli):
    query = 'SELECT ?id WHERE { ?h lg:hypothesisId ?id . FILTER(?id = "H1") }'
    (tam / "utf16.rq").write_bytes(query.encode("utf-16"))  # with a byte-order mark, as editors write it
    assert tam_cli.json("sparql", "--query-file", str(tam / "utf16.rq")) == [{"id": "H1"}]


# --- output paths and formats ---------------------------------------------------------


@pytest.mark.parametrize("args", [["hypotheses", "--format", "md"], ["report"]])
def test_output_to_a_folder_is_refused(tam, tam_cli, args):
    result = tam_cli(*args, "-o", str(tam))
    assert result.exit_code == 2 and "is a directory" in _clean(result)


def test_an_output_suffix_without_a_format_is_refused(tam, tam_cli):
    result = tam_cli("hypotheses", "-o", str(tam / "table.weird"))
    assert result.exit_code == 2 and ".md" in _clean(result) and ".csv" in result.output
    assert not (tam / "table.weird").exists() and "┃" not in result.stdout


def test_json_and_another_format_conflict(tam_cli):
    result = tam_cli("constructs", "--json", "--format", "csv")
    assert result.exit_code == 2 and "--json" in _clean(result)


# --- the built store ------------------------------------------------------------------


def test_a_damaged_store_is_built_again(tam, tam_cli, tam_model):
    assert tam_cli("build").exit_code == 0
    for part in (tam / ".litgraph" / "oxigraph").iterdir():
        part.write_bytes(os.urandom(max(part.stat().st_size, 64)))
    stats = tam_cli.json("stats")
    assert stats["counts"]["hypotheses"] == len(tam_model["hypotheses"])
    route = tam_model["hypotheses"][0]
    answer = tam_cli.json("paths", route["from"], route["to"])
    assert answer["routes"]


@pytest.mark.parametrize("command", [["stats"], ["build"]])
def test_a_file_where_the_store_belongs(tam, tam_cli, command):
    shutil.rmtree(tam / ".litgraph", ignore_errors=True)  # a copy of the fixture may hold a built store
    (tam / ".litgraph").write_text("x\n", encoding="utf-8")
    result = tam_cli(*command)
    assert result.exit_code == 2 and ".litgraph" in _clean(result) and "not a folder" in result.output
    assert (tam / ".litgraph").read_text(encoding="utf-8") == "x\n"  # the user's file is left alone


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0 or not shutil.which("setpriv"),
    reason="needs root and setpriv to take away root's right to read every file",
)
def test_a_store_another_user_cannot_read(tmp_path):
    """The store belongs to another user (mode 0700), and litgraph runs without root's power to read any
    file (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH dropped). Staying the same user keeps the checkout, its
    venv and tmp_path reachable wherever they lie, whatever the modes of their parent folders."""
    project = tmp_path / "tam"
    shutil.copytree(TAM, project)
    assert Cli(project)("build").exit_code == 0
    store = project / ".litgraph" / "oxigraph"
    for path in (store, *store.rglob("*")):
        os.chown(path, 65534, 65534)
    store.chmod(0o700)
    litgraph = Path(sys.executable).with_name("litgraph")
    result = subprocess.run(
        ["setpriv", "--bounding-set=-dac_override,-dac_read_search", str(litgraph), "stats", "--project",
         str(project)],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert ".litgraph" in result.stderr and "Permission denied" in result.stderr


# --- SPARQL that writes, reaches out or does not parse ----------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "ASK {{ FILTER EXISTS {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
        "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ service <{url}> {{ ?s ?p ?o }} }} }} }}",
    ],
)
def test_sparql_refuses_service_without_calling_out(tam_cli, http_server, template):
    result = tam_cli("sparql", template.format(url=http_server.url))
    assert result.exit_code == 2 and "SERVICE" in _clean(result)
    assert http_server.requests == []


def test_a_service_escaped_or_in_a_query_too_deep_for_the_checker_is_refused(tam_cli, http_server):
    escaped = f"SELECT * WHERE {{ \\u0053ERVICE <{http_server.url}> {{ ?s ?p ?o }} }}"
    deep = (
        f"SELECT * WHERE {{ BIND({'(' * 60}1{')' * 60} AS ?x) SERVICE <{http_server.url}> {{ ?s ?p ?o }} }}"
    )
    for query in (escaped, deep):
        result = tam_cli("sparql", query)
        assert result.exit_code == 2 and "SERVICE" in _clean(result) and "Traceback" not in result.output
    assert http_server.requests == []


def test_a_deeply_nested_query_without_service_is_answered(tam_cli):
    assert tam_cli.json("sparql", f"SELECT ?x WHERE {{ BIND({'(' * 60}1{')' * 60} AS ?x) }}") == [{"x": "1"}]


def test_the_word_service_in_a_literal_or_iri_is_no_service(tam_cli, http_server):
    query = f'SELECT ?s WHERE {{ ?s <{http_server.url}SERVICE> "SERVICE <{http_server.url}> {{ }}" }}'
    assert tam_cli.json("sparql", query) == []
    assert http_server.requests == []


@pytest.mark.parametrize(
    "query, expected",
    [
        ("SELEC bad", "error at 1:1"),
        ("SELECT ?s WHERE {\n  ?s lg:kind ?k .\n  ?s nope:x ?k }", "error at 3:"),
        ("SELECT ?s WHERE {\n  ?s ?p ?o . FILTER(?o = 1 }", "error at 2:"),
        # found by tests/test_fuzz.py: rdflib, wording the error, read "\u007D1111" as one 8-digit
        # escape (Oxigraph: "}" then "1111") and raised ValueError on the code point 0x7D1111
        ("SELECT * WHERE { ?s ?p ?o \\u007D1111 }", "error at 1:"),
    ],
)
def test_a_syntax_error_is_placed_in_the_users_text(tam_cli, query, expected):
    result = tam_cli("sparql", query)
    assert result.exit_code == 2 and expected in _clean(result)


@pytest.mark.parametrize("query", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "CLEAR ALL", "LOAD <urn:x>"])
def test_a_write_is_named_a_write(tam_cli, query):
    result = tam_cli("sparql", query)
    assert result.exit_code == 2 and "read-only" in _clean(result) and "update" in result.output


def test_an_empty_query(tam_cli):
    result = tam_cli("sparql", "  \n")
    assert result.exit_code == 2 and "empty" in _clean(result)


# --- keys that differ only in case ------------------------------------------------------

OTHER_DAVIS = """
@ARTICLE{davis1989a,
  author = {Other, Person},
  title = {A Different Paper Altogether},
  journal = {Journal of Other Things},
  year = {1999},
  volume = {1},
  pages = {1--2}
}
"""


def test_show_prefers_the_exact_key(tam, tam_cli):
    with (tam / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(OTHER_DAVIS)
    original = tam_cli.json("show", "Davis1989a")
    assert original["reference"]["key"] == "Davis1989a"
    assert original["links"] == tam_cli.json("supports", "Davis1989a")["links"] != []
    other = tam_cli.json("show", "davis1989a")
    assert other["reference"]["title"] == "A Different Paper Altogether" and other["links"] == []
    ambiguous = tam_cli("show", "DAVIS1989A")
    assert ambiguous.exit_code == 2 and "Davis1989a" in _clean(ambiguous) and "davis1989a" in ambiguous.output


def test_damage_found_mid_query_is_named_with_what_to_do(capsys):
    """RocksDB checks a table block only when a query reads it: the command names the damage."""
    import typer

    from litgraph.cli.common import handle_errors

    @handle_errors
    def reads_a_damaged_block():
        raise RuntimeError("Corruption: block checksum mismatch: stored = 1, computed = 2 in 000015.sst")

    with pytest.raises(typer.Exit) as stopped:
        reads_a_damaged_block()
    assert stopped.value.exit_code == 2
    assert "damaged" in capsys.readouterr().err


def test_other_runtime_errors_are_not_called_damage():
    from litgraph.cli.common import handle_errors

    @handle_errors
    def fails():
        raise RuntimeError("something else")

    with pytest.raises(RuntimeError, match="something else"):
        fails()


@pytest.mark.parametrize("model", ["nope.yaml", "."])
def test_a_model_gone_after_a_build_is_named(tam, tam_cli, model):
    assert tam_cli("build").exit_code == 0
    config = tam / "litgraph.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('model = "model.yaml"', f'model = "{model}"'),
        encoding="utf-8",
    )
    result = tam_cli("build")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert model in _clean(result) and ("not found" in _clean(result) or "directory" in _clean(result))


@pytest.mark.parametrize("line", ['uri = ["bolt://localhost:1"]', "user = 5", 'database = ""'])
def test_neo4j_settings_of_the_wrong_type_name_the_toml(tam, tam_cli, line):
    config = tam / "litgraph.toml"
    config.write_text(config.read_text(encoding="utf-8") + f"\n[neo4j]\n{line}\n", encoding="utf-8")
    result = tam_cli("neo4j", "push")
    assert result.exit_code == 2 and "litgraph.toml" in _clean(result) and line.split()[0] in _clean(result)


def test_an_output_under_a_file_names_that_file(tam, tam_cli):
    result = tam_cli("hypotheses", "-o", str(tam / "litgraph.toml" / "table.md"))
    assert result.exit_code == 2 and "litgraph.toml is a file, not a folder" in _clean(result)
