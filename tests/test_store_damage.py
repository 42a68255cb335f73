"""A damaged store is noticed when it is opened: rebuilt from the sources, or named (exit 2) when they are
gone — never answered from as if it were whole. RocksDB takes a cut-short MANIFEST for a write that never
finished and opens without the tables it lost, so the answers were empty with exit 0 (issue 16, item 5)."""

from __future__ import annotations

import json
import os
import shutil

import pytest


def _halve(path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def _rocksdb_manifest(store):
    (manifest,) = store.glob("MANIFEST-*")
    return manifest


def _largest_table(store):
    return max(store.glob("*.sst"), key=lambda table: table.stat().st_size)


DAMAGE = {
    "RocksDB's MANIFEST cut to half": lambda store: _halve(_rocksdb_manifest(store)),
    "RocksDB's MANIFEST cut by its last bytes": lambda store: os.truncate(
        _rocksdb_manifest(store), _rocksdb_manifest(store).stat().st_size - 40
    ),
    "a table cut to half": lambda store: _halve(_largest_table(store)),
    "a table deleted": lambda store: _largest_table(store).unlink(),
    "CURRENT deleted": lambda store: (store / "CURRENT").unlink(),
    "our manifest emptied": lambda store: (store.parent / "manifest.json").write_bytes(b""),
    "our state emptied": lambda store: (store.parent / "state.json").write_bytes(b""),
}


def _answers(cli, model: dict) -> None:
    """The store answers what the model file says, counted from the YAML itself."""
    constructs = cli.json("constructs")
    assert sorted(c["id"] for c in constructs) == sorted(c["id"] for c in model["constructs"])
    hypotheses = json.loads(cli("hypotheses", "-f", "json").stdout)
    assert sorted(h["id"] for h in hypotheses) == sorted(h["id"] for h in model["hypotheses"])
    route = model["hypotheses"][0]
    assert cli.json("paths", route["from"], route["to"])["routes"]
    stats = cli.json("stats")
    assert stats["counts"]["constructs"] == len(model["constructs"])


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_store_is_rebuilt_before_it_answers(tam, tam_cli, tam_model, damage):
    assert tam_cli("build").exit_code == 0
    DAMAGE[damage](tam / ".litgraph" / "oxigraph")
    _answers(tam_cli, tam_model)


@pytest.mark.parametrize("command", [["constructs"], ["stats"], ["build"]])
def test_a_damaged_store_whose_sources_are_gone_is_named(tam, tam_cli, command):
    assert tam_cli("build").exit_code == 0
    store = tam / ".litgraph" / "oxigraph"
    _halve(_rocksdb_manifest(store))
    (tam / "references.bib").unlink()
    result = tam_cli(*command)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert str(store) in result.output and "damaged" in result.output
    assert "references.bib" in result.output  # and why it cannot be built again


def test_a_database_older_than_its_manifest_is_rebuilt(tam, tam_cli):
    """The database folder as it was before the last build (a backup put back, a sync tool's copy): RocksDB
    opens it without complaint and it holds as many statements, but not the edit."""
    assert tam_cli("build").exit_code == 0
    store = tam / ".litgraph" / "oxigraph"
    shutil.copytree(store, tam / "before")
    bib = tam / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("title = {", "title = {Edited ", 1), encoding="utf-8"
    )
    assert "graph updated" in tam_cli("build", "--no-shacl").output  # in place (SHACL wants a full build)
    shutil.rmtree(store)
    shutil.copytree(tam / "before", store)
    titles = [row["title"] for row in tam_cli.json("sparql", "--query-file", str(_titles_query(tam)))]
    assert sum(title.startswith("Edited ") for title in titles) == 1


def _titles_query(tam):
    query = tam / "titles.rq"
    query.write_text("SELECT ?title WHERE { ?r a lg:Reference ; dcterms:title ?title }", encoding="utf-8")
    return query


def test_an_undamaged_store_is_not_rebuilt(tam, tam_cli):
    assert tam_cli("build").exit_code == 0
    before = (tam / ".litgraph" / "manifest.json").read_text(encoding="utf-8")
    for command in (["constructs"], ["stats"], ["hypotheses"]):
        assert tam_cli(*command).exit_code == 0
    assert not tam_cli.json("build")["rebuilt"]
    assert (tam / ".litgraph" / "manifest.json").read_text(encoding="utf-8") == before
