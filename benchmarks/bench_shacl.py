"""How SHACL gets its rdflib graph (issue 16, item 10): three ways, on inputs from the seed to the limits.

  * before: Oxigraph re-serialises the N-Quads as N-Triples and rdflib's N-Triples reader parses them
    (what `validate_quads` did; its time grows with the square of a literal's length);
  * after: the rdflib graph built from Oxigraph's parsed terms (`shacl.merged_graph`);
  * oxrdflib store: an Oxigraph-backed rdflib graph loaded natively, which pyshacl then copies into
    memory for its RDFS inference; oxrdflib types plain literals xsd:string, which rdflib tells apart
    from the shapes' untyped ones, so its violation count is printed too (0 is right for these inputs).

Prints the median CPU seconds over --runs of building the graph, and of pyshacl's validation of it.

    .venv/bin/python benchmarks/bench_shacl.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from litgraph.graph.build import read_sources
from litgraph.graph.shacl import merged_graph, validate_graph
from litgraph.graph.triples import all_quads
from litgraph.graph.vocab import ReviewIris
from litgraph.project import find_project

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402
from bench_store_open import seed_project  # noqa: E402

ALT_LABEL = "<http://www.w3.org/2004/02/skos/core#altLabel>"


def review_quads(folder: Path) -> list[str]:
    sources = read_sources(find_project(folder))
    refs = sources.bibliography.references
    iris = ReviewIris(sources.model.review.id)
    return list(all_quads(refs, {r.key: r.location.file for r in refs}, sources.model, iris))


def long_labels(count: int, length: int) -> list[str]:
    text = ("ab " * length)[:length]
    return [f'<https://w3id.org/litgraph/x/c{i}> {ALT_LABEL} "{i}{text}"@en .\n' for i in range(count)]


def before(lines: list[str]) -> Graph:
    quads = ox.parse("".join(lines).encode("utf-8"), ox.RdfFormat.N_QUADS)
    triples = ox.serialize(
        (ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES
    )
    return Graph().parse(data=triples.decode("utf-8"), format="nt")


def oxrdflib_store(lines: list[str]) -> Graph:
    quads = ox.parse("".join(lines).encode("utf-8"), ox.RdfFormat.N_QUADS)
    triples = ox.serialize(
        (ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES
    )
    graph = Graph(store="Oxigraph")
    graph.parse(data=triples, format="ox-ntriples")
    return graph


def cpu_median(action, argument, runs: int):
    times, result = [], None
    for _ in range(runs):
        start = time.process_time()
        result = action(argument)
        times.append(time.process_time() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        seed_lines = review_quads(seed_project(tmp_path / "seed"))
        synth.write_project(tmp_path / "bib", 800, constructs=50, hypotheses=200)
        synth.write_project(tmp_path / "model", 300, constructs=500, hypotheses=2000)
        inputs = {
            "seed review": seed_lines,
            "synthetic, 800 entries, 50 constructs, 200 hypotheses": review_quads(tmp_path / "bib"),
            "synthetic, 300 entries, 500 constructs, 2,000 hypotheses": review_quads(tmp_path / "model"),
            "seed + 3,000 labels of 10,000 characters (the texts' limit)": seed_lines
            + long_labels(3000, 10_000),
            "seed + one label of 300,000 characters (past the limit)": seed_lines + long_labels(1, 300_000),
        }
        for name, lines in inputs.items():
            print(f"{name}: {len(lines):,} statements, {sum(map(len, lines)) / 1e6:.1f} MB of N-Quads")
            for method, build_graph in (
                ("before", before),
                ("after", merged_graph),
                ("oxrdflib", oxrdflib_store),
            ):
                built, graph = cpu_median(build_graph, lines, runs)
                checked, report = cpu_median(validate_graph, graph, 1)
                print(
                    f"  {method:9s} graph {built:7.2f} s   pyshacl {checked:6.2f} s   "
                    f"violations {len(report.results)}"
                )


if __name__ == "__main__":
    main()
