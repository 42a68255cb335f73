"""What the guards and bounds of a user's own query cost (issue 16, items 1-3), on the seed review.

SPARQL, in one process, median over --runs, for each of the seed queries below:
  * `direct`: the query run on the open store and its rows read (what `sparql` did, less its
    rdflib check, which only ran for a query naming "service");
  * `worker`: `run_user_sparql` as `sparql` runs it now: the worker process started (Python,
    pyoxigraph, the store opened read-only, the network left), the probe parsed when the query
    names "service", the rows sent back as JSON lines.
Cypher (with --uri, the seed pushed there first), median over --runs:
  * `direct`: `execute_query` in a READ transaction, as `cypher` did;
  * `guarded`: `run_user_cypher`: an explicit READ transaction with a timeout, the query
    EXPLAINed and its plan walked, then run and read up to --max-rows, in a worker thread.
And --cli: fresh `litgraph sparql` processes (what a user waits for), this checkout against
--baseline PATH (another checkout's root, run with PYTHONPATH) when given.

    .venv/bin/python benchmarks/bench_query_guards.py [--runs 15] [--uri bolt://127.0.0.1:7697]
        [--cli] [--baseline /path/to/other/checkout]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from litgraph.graph.store import GraphStore
from litgraph.graph.vocab import PREFIXES
from litgraph.project import find_project
from litgraph.query.limits import QueryLimits
from litgraph.query.open import open_store
from litgraph.query.user_sparql import run_user_sparql

ROOT = Path(__file__).resolve().parent.parent

SPARQL = {
    "count every statement": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "hypotheses by kind": "SELECT ?h ?k WHERE { ?h lg:kind ?k } ORDER BY ?h",
    "titles of references": "SELECT ?r ?t WHERE { ?r a lg:Reference ; dcterms:title ?t }",
    'titles naming "service" (probe)': "SELECT ?t WHERE { ?r dcterms:title ?t "
    'FILTER(CONTAINS(LCASE(?t), "service")) }',
}
CYPHER = {
    "hypotheses of the review": "MATCH (h:Hypothesis {review: $review}) RETURN h.id AS id ORDER BY id",
    "evidence with references": "MATCH (h:Hypothesis {review: $review})-[e:EVIDENCE]->(r:Reference) "
    "RETURN h.id, r.id, e.direction",
    "labels (a procedure)": "CALL db.labels() YIELD label RETURN label",
}


def median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def cpu_ms(action, runs: int) -> float:
    """Median CPU time (user + system) of this process and its children: what the machine's load
    does not inflate, as it does wall time."""

    def used() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    times = []
    for _ in range(runs):
        start = used()
        action()
        times.append(used() - start)
    return statistics.median(times) * 1000


def seed_project(folder: Path) -> Path:
    shutil.copytree(ROOT / "references", folder / "references")
    shutil.copy(ROOT / "model.yaml", folder / "model.yaml")
    (folder / "litgraph.toml").write_text(
        '[review]\nbibtex = ["references/seed-review.bib"]\nmodel = "model.yaml"\n', encoding="utf-8"
    )
    return folder


def sparql(project, runs: int) -> None:
    _, store = open_store(project)
    database = str(GraphStore(project.store_dir).db_path)
    limits = QueryLimits()

    def direct(query: str) -> None:
        result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
        columns = [v.value for v in result.variables]
        [[s[c].value if s[c] is not None else "" for c in columns] for s in result]

    print(f"SPARQL on the seed review, median of {runs} (wall, and CPU of the process and its children)")
    print(f"  {'query':34} {'rows':>5} {'direct':>9} {'worker':>9} {'direct CPU':>11} {'worker CPU':>11}")
    for name, query in SPARQL.items():
        rows = len(run_user_sparql(database, query, limits)[1])
        old, new = (lambda q=query: direct(q)), (lambda q=query: run_user_sparql(database, q, limits))
        times = [median_ms(old, runs), median_ms(new, runs), cpu_ms(old, runs), cpu_ms(new, runs)]
        print(
            f"  {name:34} {rows:5} "
            + " ".join(f"{t:{w}.1f} ms" for t, w in zip(times, (6, 6, 8, 8), strict=True))
        )


def cypher(project, uri: str, runs: int) -> None:
    import neo4j

    from litgraph.neo4j.push import push_project
    from litgraph.neo4j.settings import neo4j_settings, open_driver
    from litgraph.query.neo4j import _review_id
    from litgraph.query.user_cypher import run_user_cypher

    settings = neo4j_settings(project, uri)
    push_project(project, settings)
    driver = open_driver(settings)
    params = {"review": _review_id(project)}
    limits = QueryLimits()
    print(f"Cypher on the seed review at {settings.shown_uri}, median of {runs}")
    print(f"  {'query':34} {'rows':>5} {'direct':>9} {'guarded':>9}")
    try:
        for name, query in CYPHER.items():
            rows = len(run_user_cypher(driver, settings, query, params, limits)[1])

            def direct(query=query):
                driver.execute_query(
                    query, params, database_=settings.database, routing_=neo4j.RoutingControl.READ
                )

            before = median_ms(direct, runs)
            after = median_ms(lambda q=query: run_user_cypher(driver, settings, q, params, limits), runs)
            print(f"  {name:34} {rows:5} {before:7.2f} ms {after:7.2f} ms")
    finally:
        driver.close()


def cli(folder: Path, runs: int, baseline: str | None) -> None:
    checkouts = {"this checkout": str(ROOT)} | ({"baseline": baseline} if baseline else {})
    print(f"litgraph sparql --json, fresh processes, median of {runs}")
    for name, query in SPARQL.items():
        cells = []
        for label, checkout in checkouts.items():
            env = {**os.environ, "PYTHONPATH": checkout}
            argv = [sys.executable, "-m", "litgraph", "sparql", query, "--json"]

            def run(argv=argv, env=env):
                subprocess.run(argv, cwd=folder, env=env, check=True, stdout=subprocess.DEVNULL)

            cells.append(f"{label} {median_ms(run, runs):6.0f} ms")
        print(f"  {name:34} " + "   ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--uri", help="a Neo4j server to measure cypher on (the seed is pushed there)")
    parser.add_argument("--cli", action="store_true", help="also time fresh `litgraph sparql` processes")
    parser.add_argument("--baseline", help="another checkout's root, timed the same way (with --cli)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = seed_project(Path(tmp) / "seed")
        project = find_project(folder)
        sparql(project, args.runs)
        if args.uri:
            cypher(project, args.uri, args.runs)
        if args.cli:
            cli(folder, args.runs, args.baseline)


if __name__ == "__main__":
    main()
