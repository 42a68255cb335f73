"""The graph step: the built graph conforms to the SHACL shapes, broken graphs do not."""

from __future__ import annotations

import os

import pytest

from litgraph.graph.build import build
from litgraph.graph.shacl import validate_quads
from litgraph.graph.sources import read_sources
from litgraph.graph.store import GraphStore
from litgraph.graph.triples import all_quads
from litgraph.graph.vocab import CITO, LG, SKOS, ReviewIris
from litgraph.project import find_project


def quads_of(project_dir):
    sources = read_sources(find_project(project_dir))
    refs = sources.bibliography.references
    return all_quads(
        refs, {r.key: r.location.file for r in refs}, sources.model, ReviewIris(sources.model.review.id)
    )


@pytest.mark.parametrize("fixture", ["seed", "tam"])
def test_built_graph_conforms(fixture, request):
    report = validate_quads(quads_of(request.getfixturevalue(fixture)))
    assert report.conforms, report.results


def _without(quads, *fragments):
    return [q for q in quads if not all(f in q for f in fragments)]


def _replace(quads, old, new):
    return [q.replace(old, new) for q in quads]


def test_construct_without_label_fails(seed):
    quads = _without(quads_of(seed), "/construct/brand_attachment>", f"<{SKOS}prefLabel>")
    report = validate_quads(quads)
    assert not report.conforms
    assert any("brand_attachment" in r.focus and "prefLabel" in r.path for r in report.results)


def test_moderation_of_a_mediation_fails(seed):
    iris = ReviewIris("brand-community-attachment")
    moderates = f"<{LG}moderates> <{iris.hypothesis('H1a')}>"
    quads = _replace(quads_of(seed), moderates, f"<{LG}moderates> <{iris.hypothesis('H5a')}>")
    report = validate_quads(quads)
    assert any("moderates" in r.path for r in report.results), report.results


def test_evidence_citing_something_that_is_no_reference_fails(seed):
    iris = ReviewIris("brand-community-attachment")
    quads = _replace(
        quads_of(seed),
        f"<{CITO}hasCitedEntity> <{iris.reference('Park2010')}>",
        f"<{CITO}hasCitedEntity> <{iris.construct('brand_attachment')}>",
    )
    report = validate_quads(quads)
    assert any("hasCitedEntity" in r.path for r in report.results)


def test_cycle_of_effects_fails(seed):
    iris = ReviewIris("brand-community-attachment")
    back_edge = (
        f"<{iris.construct('brand_attachment')}> <{LG}affects> <{iris.construct('community_support')}> "
        f"<{iris.model_graph}> .\n"
    )
    report = validate_quads(quads_of(seed) + [back_edge])
    assert any("cycle" in r.message for r in report.results)


def test_missing_hypothesis_role_fails(seed):
    quads = _without(quads_of(seed), "/hypothesis/H3>", f"<{LG}target>")
    report = validate_quads(quads)
    assert any(r.focus.endswith("H3") and "target" in r.path for r in report.results)


def test_build_writes_the_store_once_and_rebuilds_on_change(seed):
    project = find_project(seed)
    first = build(project)
    assert first.rebuilt and first.manifest.counts["references"] == 31
    assert first.manifest.shacl == {"conforms": True, "violations": 0}
    assert not build(project).rebuilt
    model = seed / "model.yaml"
    os.utime(model, ns=(0, 0))  # touched, same content: no rebuild
    assert not build(project).rebuilt
    model.write_text(model.read_text(encoding="utf-8").replace("H1a", "H1x"), encoding="utf-8")
    assert build(project).rebuilt
    store = GraphStore(project.store_dir).open()
    ids = {
        s["id"].value
        for s in store.query(
            "SELECT ?id WHERE { ?h <https://w3id.org/litgraph/ontology#hypothesisId> ?id }",
            use_default_graph_as_union=True,
        )
    }
    assert "H1x" in ids and "H1a" not in ids


def test_the_documented_author_queries_give_each_reference_its_authors(tam):
    """docs/vocabulary.md tells users how to read authors in SPARQL; it must hold for every reference."""
    project = find_project(tam)
    build(project)
    parsed = {
        ref.key: [person.display for person in ref.authors]
        for ref in read_sources(project).bibliography.references
    }
    store = GraphStore(project.store_dir).open()
    prefixes = (
        "PREFIX bibo: <http://purl.org/ontology/bibo/> PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        "PREFIX lg: <https://w3id.org/litgraph/ontology#> "
    )
    every = store.query(
        prefixes + "SELECT ?key ?n ?name WHERE { ?ref lg:citationKey ?key ; bibo:authorList ?list . "
        "?list ?n ?person FILTER(STRSTARTS(STR(?n), STR(rdf:_))) ?person foaf:name ?name }"
    )
    found: dict[str, dict[int, str]] = {}
    for row in every:
        found.setdefault(row["key"].value, {})[int(row["n"].value.rsplit("_", 1)[1])] = row["name"].value
    assert {key: [names[n] for n in sorted(names)] for key, names in found.items()} == {
        key: names for key, names in parsed.items() if names
    }
    first = {
        row["key"].value: row["name"].value
        for row in store.query(
            prefixes + "SELECT ?key ?name WHERE { ?ref lg:citationKey ?key ; bibo:authorList/rdf:_1 ?p . "
            "?p foaf:name ?name }"
        )
    }
    assert first == {key: names[0] for key, names in parsed.items() if names}
