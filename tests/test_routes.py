"""The pruned route walk gives exactly networkx's simple paths, on many random models."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from litgraph.query.backend import simple_routes, sort_routes


@pytest.mark.parametrize("seed", range(40))
def test_simple_routes_equal_networkx(seed):
    rng = random.Random(seed)
    size = rng.randint(1, 14)
    graph = nx.gnp_random_graph(size, rng.random() * 0.5, seed=seed, directed=True)
    graph = nx.relabel_nodes(graph, {i: f"c{i}" for i in graph})
    graph.add_edge("c0", "c0")  # a self-loop is never part of a simple route
    for _ in range(10):
        source, target, cutoff = f"c{rng.randrange(size)}", f"c{rng.randrange(size)}", rng.randint(0, 6)
        expected = sort_routes(nx.all_simple_paths(graph, source, target, cutoff=cutoff))
        assert sort_routes(simple_routes(graph, source, target, cutoff)) == expected


def test_unknown_constructs_have_no_routes():
    graph = nx.DiGraph([("a", "b")])
    assert list(simple_routes(graph, "a", "zzz", 4)) == [] == list(simple_routes(graph, "zzz", "b", 4))


@pytest.mark.parametrize("review", ["seed", "tam"])
def test_embedded_routes_equal_networkx_over_the_whole_model(review, request):
    """The store's neighbourhood search answers as networkx does over every effect of the model."""
    from litgraph.graph.build import build
    from litgraph.graph.sources import read_sources
    from litgraph.project import find_project
    from litgraph.query.open import open_embedded

    project = find_project(request.getfixturevalue(review))
    build(project)
    model = read_sources(project).model
    graph = nx.DiGraph(step for hyp in model.hypotheses for step in hyp.effect_steps())
    backend = open_embedded(project)
    ids = [c.id for c in model.constructs]
    for source in ids:
        for target in ids:
            for length in range(-1, 5):
                known = source in graph and target in graph
                expected = (
                    sort_routes(nx.all_simple_paths(graph, source, target, cutoff=length)) if known else []
                )
                assert backend.routes(source, target, length) == expected, (source, target, length)
