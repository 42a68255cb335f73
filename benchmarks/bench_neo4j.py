"""Neo4j at field scale: push throughput, client memory, a naive loop, `paths` on both backends.

A deterministic synthetic review is generated straight as records (no BibTeX):
100,000 references, 5,000 constructs, 20,000 hypotheses (direct, mediation,
moderation, moderated mediation; the effects form a DAG, as the model rules
require) and 1,000,000 evidence relationships. It is pushed with the real push
code; then a sample of EVIDENCE rows is written the naive way (one auto-commit
`MERGE` per row) into a separate review, and the same sample batched, for
comparison. `paths` latency is measured on that graph in Neo4j and in an Oxigraph
store built from the same records with `litgraph.graph.triples`.

It writes to the database only under its own review ids (`bench-*`), removing
earlier runs of them first. Start a server of its own, with more heap and page cache
than the test server's (tools/neo4j/README.md):

    NEO4J_TEST_PORT=7711 NEO4J_TEST_HEAP=4g NEO4J_TEST_PAGECACHE=2g tools/neo4j/start.sh
    .venv/bin/python benchmarks/bench_neo4j.py --uri bolt://127.0.0.1:7711 [--scale 1] [--batch-size 10000]
        [--workers 2] [--naive 5000] [--tune 5000,10000,20000,50000] [--twice] [--push-only]
        [--no-embedded] [--embedded-answers 1] [--json]
    NEO4J_TEST_PORT=7711 tools/neo4j/stop.sh

The first push goes into an emptied review, so it takes the fresh (CREATE) path;
`--workers` is the number of its batches in flight. The push's `group_seconds` give
the time per label and relationship type. `--push-only` stops after the push (and
`--twice`).

`--twice` pushes again unchanged (an up-to-date no-op) and with `force` (every
MERGE meets an existing item). Client memory is the process's peak RSS
(ru_maxrss): after generating the records, and after the push (the difference is
what pushing added). A whole `paths` answer on the embedded store fetches evidence
per hypothesis and takes minutes at full scale, so `--embedded-answers` defaults
to one pair (0 skips it).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from litgraph.neo4j.batches import write_batches
from litgraph.neo4j.cypher import relationship_query
from litgraph.neo4j.push import DEFAULT_WORKERS, delete_review, push_graph
from litgraph.neo4j.rows import NodeGroup, RelGroup, ReviewGraph, review_graph
from litgraph.neo4j.settings import connected, neo4j_settings, open_driver
from litgraph.records import (
    Construct,
    Evidence,
    Hypothesis,
    HypothesisKind,
    Location,
    Person,
    Reference,
    ResearchModel,
    Review,
)

REVIEW = "bench-field"
FAMILIES = (
    "Smith Johnson Garcia Miller Davis Martinez Wilson Anderson Taylor Moore Jackson Martin Lee Thompson "
    "White Harris Clark Lewis Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell "
    "Kim Park Chen Wang Li Zhang Liu Yang Huang Zhao Tanaka Suzuki Schmidt Fischer Weber Rossi Silva"
).split()
GIVENS = (
    "James Mary John Linda David Susan Wei Fang Jing Lei Hiroshi Yuki Anna Peter Hans Sophie Marco Ana"
).split()
WORDS = (
    "brand community trust engagement attachment identity value social intention adoption technology "
    "mediation moderation evidence theory empirical effect structural latent measurement online platform "
    "loyalty satisfaction experience usefulness"
).split()


def rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the synthetic review ---------------------------------------------------------------------


def synthetic_review(
    scale: float = 1.0, seed: int = 7
) -> tuple[list[Reference], dict[str, str], ResearchModel]:
    """References, their source file and a model; the same arguments give the same records."""
    rng = random.Random(seed)
    n_refs, n_constructs, n_hyps = int(100_000 * scale), max(50, int(5_000 * scale)), int(20_000 * scale)
    n_evidence = int(1_000_000 * scale)
    references = [_reference(i, rng, max(20, int(2_000 * scale))) for i in range(n_refs)]
    keys = [ref.key for ref in references]
    constructs = [
        Construct(
            id=f"c{i:05d}",
            labels={"en": f"construct {i}", "zh": f"构念{i}"},
            alt_labels={"en": [f"c{i}"]},
            definitions={"en": f"The definition of construct {i}."},
            defined_by=[Evidence(ref=rng.choice(keys), claim="Defines it.") for _ in range(2)],
        )
        for i in range(n_constructs)
    ]
    hypotheses = _hypotheses(rng, n_constructs, n_hyps)
    _cite(rng, hypotheses, keys, n_evidence - 2 * n_constructs)
    model = ResearchModel(
        Review(REVIEW, {"en": "A synthetic field-scale review"}),
        constructs,
        hypotheses,
        source="synthetic.yaml",
    )
    return references, {key: "synthetic.bib" for key in keys}, model


def _reference(i: int, rng: random.Random, venues: int) -> Reference:
    authors = [
        Person(
            f"{rng.choice(FAMILIES)}{rng.randrange(800)}",
            f"{rng.choice(GIVENS)} {chr(65 + rng.randrange(26))}.",
        )
        for _ in range(rng.randint(1, 4))
    ]
    year = str(1990 + rng.randrange(35))
    return Reference(
        key=f"R{i:06d}",
        entry_type="article",
        location=Location("synthetic.bib", 1 + 9 * i),
        fields={"year": year},
        title=" ".join(rng.choice(WORDS) for _ in range(8)).capitalize(),
        authors=authors,
        container=f"Journal of {rng.choice(WORDS).capitalize()} {rng.randrange(venues)}",
        volume=str(rng.randint(1, 60)),
        number=str(rng.randint(1, 12)),
        pages=f"{(p := rng.randint(1, 900))}--{p + rng.randint(5, 30)}",
        doi=f"10.5555/synth.{i}",
        language="en",
    )


def _hypotheses(rng: random.Random, n_constructs: int, n_hyps: int) -> list[Hypothesis]:
    """Effects only run from a lower to a higher construct number, so they never form a cycle."""
    cid = lambda i: f"c{i:05d}"  # noqa: E731
    direct, mediations, moderations = (
        int(n_hyps * 0.8),
        int(n_hyps * 0.15),
        n_hyps - int(n_hyps * 0.8) - int(n_hyps * 0.15),
    )
    hyps: list[Hypothesis] = []
    for _ in range(direct):
        s = rng.randrange(n_constructs - 1)
        t = min(n_constructs - 1, s + rng.randint(1, 25))
        hyps.append(Hypothesis(f"H{len(hyps) + 1}", HypothesisKind.DIRECT, "+", cid(s), cid(t)))
    for _ in range(mediations):
        s = rng.randrange(n_constructs - 2)
        m = min(n_constructs - 2, s + rng.randint(1, 12))
        t = min(n_constructs - 1, m + rng.randint(1, 12))
        hyps.append(
            Hypothesis(f"H{len(hyps) + 1}", HypothesisKind.MEDIATION, "+", cid(s), cid(t), mediators=[cid(m)])
        )
    for k in range(moderations):
        kind = HypothesisKind.MODERATION if k % 4 else HypothesisKind.MODERATED_MEDIATION
        pool = (0, direct) if kind is HypothesisKind.MODERATION else (direct, direct + mediations)
        hyps.append(
            Hypothesis(
                f"H{len(hyps) + 1}",
                kind,
                rng.choice("+-"),
                moderator=cid(rng.randrange(n_constructs)),
                moderates=hyps[rng.randrange(*pool)].id,
            )
        )
    for hyp in hyps:
        hyp.statements = {"en": f"Hypothesis {hyp.id} of the synthetic review."}
    return hyps


def _cite(rng: random.Random, hypotheses: list[Hypothesis], keys: list[str], total: int) -> None:
    """Spread `total` evidence links over the hypotheses; a few are citations missing from the list."""
    for k in range(total):
        hyp = hypotheses[k % len(hypotheses)]
        stats: dict = (
            {"beta": round(rng.uniform(-0.5, 0.9), 3), "p": 0.001, "n": rng.randint(80, 2000)}
            if k % 5 == 0
            else {}
        )
        if k % 997 == 0:
            hyp.evidence.append(
                Evidence(ref="", citation=f"Unlisted {k % 300}, 2020", claim="Cited without an entry.")
            )
        else:
            hyp.evidence.append(
                Evidence(
                    ref=rng.choice(keys),
                    direction="contradicts" if k % 10 == 0 else "supports",
                    claim=f"Reports finding {k}.",
                    page=str(k % 300) if k % 3 == 0 else "",
                    **stats,
                )
            )


# --- Neo4j -------------------------------------------------------------------------------------------


class GroupTimer:
    """A push's progress callback: the seconds up to each batch's report go to that batch's group."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.since = time.perf_counter()

    def __call__(self, what: str, written: int) -> None:
        now = time.perf_counter()
        self.seconds[what] = self.seconds.get(what, 0.0) + now - self.since
        self.since = now

    def report(self) -> dict[str, float]:
        return {what: round(seconds, 1) for what, seconds in self.seconds.items()}


def push_field(settings, graph: ReviewGraph, batch_size: int, workers: int) -> dict:
    with connected(settings) as driver:
        with driver.session(database=settings.database) as session:
            started = time.perf_counter()
            removed = delete_review(session, graph.review, batch_size)
            deleted_in = time.perf_counter() - started
        timer = GroupTimer()
        summary = push_graph(driver, settings, graph, "bench-1", batch_size, progress=timer, workers=workers)
    data = summary.as_dict()
    data["previous_run_deleted"] = {**removed, "seconds": round(deleted_in, 1)}
    data["group_seconds"] = timer.report()
    return data


def evidence_sample(graph: ReviewGraph, size: int) -> tuple[RelGroup, list[list]]:
    group = next(
        g for g in graph.relationships if (g.type, g.start, g.end) == ("EVIDENCE", "Hypothesis", "Reference")
    )
    rows = []
    for row in group.rows():
        rows.append(row)
        if len(rows) == size:
            break
    return group, rows


def sample_graph(review: str, rows: list[list]) -> ReviewGraph:
    """Just the endpoints of the sample rows, under another review id."""
    hyps = sorted({row[0] for row in rows})
    refs = sorted({row[1] for row in rows})
    return ReviewGraph(
        review,
        [
            NodeGroup("Review", lambda: [{"id": review, "complete": False}]),
            NodeGroup(
                "Hypothesis",
                lambda: [{"id": h, "kind": HypothesisKind.DIRECT.value, "sign": "+"} for h in hyps],
            ),
            NodeGroup("Reference", lambda: [[k] for k in refs], ("id",)),
        ],
        [],
    )


def naive_vs_batched(settings, graph: ReviewGraph, size: int, batch_size: int) -> dict:
    """The same EVIDENCE rows written one MERGE per auto-commit query, then in UNWIND batches."""
    group, rows = evidence_sample(graph, size)
    query = relationship_query(group).replace("UNWIND $rows AS row ", "WITH $row AS row ")
    results: dict = {"rows": len(rows)}
    with connected(settings) as driver, driver.session(database=settings.database) as session:
        for mode in ("naive", "batched"):
            review = f"bench-{mode}"
            delete_review(session, review)
            push_graph(driver, settings, sample_graph(review, rows), "bench-1", batch_size)
            params = {"review": review, "revision": "bench-1"}
            started = time.perf_counter()
            if mode == "naive":
                for row in rows:
                    session.run(query, {**params, "row": row}).consume()
            else:
                write_batches(
                    driver, settings.database, relationship_query(group), rows, params, batch_size, "sample"
                )
            seconds = time.perf_counter() - started
            results[mode] = {
                "seconds": round(seconds, 2),
                "relationships_per_second": round(len(rows) / seconds),
            }
            delete_review(session, review)
    return results


def tune(settings, scale: float, sizes: list[int]) -> dict:
    """Push a smaller graph once per batch size (each into an emptied review)."""
    refs, sources, model = synthetic_review(scale, seed=11)
    graph = review_graph("bench-tune", refs, sources, model)
    out = {}
    for size in sizes:
        with connected(settings) as driver:
            with driver.session(database=settings.database) as session:
                delete_review(session, graph.review, 10_000)
            summary = push_graph(driver, settings, graph, "bench-1", size)
        out[size] = {
            "seconds": round(summary.seconds, 1),
            "relationships_per_second": round(summary.relationships_per_second),
        }
        print(
            f"  batch {size:>6}: {out[size]['relationships_per_second']:>7,} rel/s "
            f"({out[size]['seconds']} s)",
            file=sys.stderr,
        )
    with connected(settings) as driver, driver.session(database=settings.database) as session:
        delete_review(session, graph.review, 10_000)
    return out


# --- paths on both backends ---------------------------------------------------------------------------


def route_pairs(model: ResearchModel, count: int = 12, seed: int = 3) -> list[tuple[str, str]]:
    """Pairs a few effects apart: the questions `paths` is for."""
    rng = random.Random(seed)
    n = len(model.constructs)
    pairs = []
    for k in range(count):
        s = rng.randrange(n - 60)
        pairs.append((f"c{s:05d}", f"c{s + (15, 30, 45)[k % 3]:05d}"))
    return pairs


def time_paths(
    backend, pairs: list[tuple[str, str]], max_length: int, answers: int, repeats: int = 3
) -> dict:
    """Median latency of routes() (the path query itself), and of whole `paths` answers for
    the first `answers` pairs.

    The whole answer adds the hypotheses, evidence and references of every step;
    in the embedded store that part grows with the evidence, so it is timed on
    fewer pairs there.
    """
    from litgraph.query.service import ReviewQuestions

    first_started = time.perf_counter()
    backend.routes(
        *pairs[0], max_length
    )  # the first query of a process builds caches (networkx graph, plans)
    first = time.perf_counter() - first_started
    routes, counts = [], []
    for source, target in pairs:
        for _ in range(repeats):
            started = time.perf_counter()
            found = backend.routes(source, target, max_length)
            routes.append(time.perf_counter() - started)
        counts.append(len(found))
    whole = []
    for source, target in pairs[:answers]:
        started = time.perf_counter()
        ReviewQuestions(backend).paths(source, target, max_length)
        whole.append(time.perf_counter() - started)
    return {
        "first_routes_ms": round(first * 1000, 1),
        "routes_median_ms": round(statistics.median(routes) * 1000, 1),
        "routes_max_ms": round(max(routes) * 1000, 1),
        "answers_timed": len(whole),
        "paths_answer_median_ms": round(statistics.median(whole) * 1000, 1) if whole else None,
        "route_counts": counts,
    }


def embedded_backend(refs, sources, model, folder: Path, chunk: int = 2_000):
    """An Oxigraph store from the same records, written through a file in chunks to bound memory.

    `all_quads` would hold every N-Quads line at once (~15 M at full scale), so the
    model goes through `model_quads` a slice of hypotheses at a time (the review's
    own statements repeat per slice; a store keeps each statement once).
    """
    import pyoxigraph

    from litgraph.graph.store import GraphStore
    from litgraph.graph.triples import QuadWriter, model_quads, reference_lines, source_quads
    from litgraph.graph.vocab import ReviewIris
    from litgraph.query.rdf import RdfBackend

    started = time.perf_counter()
    iris, store, lines = ReviewIris(model.review.id), GraphStore(folder), 0
    nquads = folder / "graph.nq"
    with nquads.open("w", encoding="utf-8") as out:

        def flush(writer: QuadWriter) -> None:
            nonlocal lines
            out.writelines(writer.lines)
            lines += len(writer.lines)

        writer = QuadWriter()
        source_quads(sorted(set(sources.values())), iris, writer)
        flush(writer)
        for start in range(0, max(len(model.hypotheses), 1), chunk):
            writer = QuadWriter()
            part = ResearchModel(
                model.review,
                model.constructs if start == 0 else [],
                model.hypotheses[start : start + chunk],
                model.source,
            )
            model_quads(part, iris, writer)
            flush(writer)
        known: set[str] = set()  # people and venues already described
        for start in range(0, len(refs), chunk * 10):
            writer = QuadWriter()
            for ref in refs[start : start + chunk * 10]:
                writer.lines += reference_lines(ref, iris, sources[ref.key], known)
            flush(writer)
    db = pyoxigraph.Store(str(store.db_path))
    db.bulk_load(path=str(nquads), format=pyoxigraph.RdfFormat.N_QUADS)
    db.flush()
    del db
    nquads.unlink()
    print(
        f"  Oxigraph store: {lines:,} N-Quads lines loaded in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return RdfBackend(store.open(), model.review.id)


# --- main -------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uri", default="bolt://127.0.0.1:7697")
    parser.add_argument("--database", default="neo4j")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, help="batches in flight on the fresh path"
    )
    parser.add_argument("--naive", type=int, default=5_000, help="rows in the naive-loop sample")
    parser.add_argument("--tune", default="", help="comma-separated batch sizes to compare on a 1/10 graph")
    parser.add_argument("--twice", action="store_true", help="push again (nothing changed) and time it")
    parser.add_argument("--max-length", type=int, default=4)
    parser.add_argument("--no-embedded", action="store_true")
    parser.add_argument(
        "--embedded-answers", type=int, default=1, help="whole `paths` answers timed on the embedded store"
    )
    parser.add_argument(
        "--push-only", action="store_true", help="only the first push (and --twice): no naive loop, no paths"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    settings = neo4j_settings(None, uri=args.uri, database=args.database)
    report: dict = {"scale": args.scale, "uri": settings.shown_uri}

    started = time.perf_counter()
    refs, sources, model = synthetic_review(args.scale)
    graph = review_graph(REVIEW, refs, sources, model)
    evidence = sum(len(h.evidence) for h in model.hypotheses) + sum(
        len(c.defined_by) for c in model.constructs
    )
    report["records"] = {
        "references": len(refs),
        "constructs": len(model.constructs),
        "hypotheses": len(model.hypotheses),
        "evidence": evidence,
        "seconds": round(time.perf_counter() - started, 1),
        "client_peak_rss_mb": round(rss_mb()),
    }
    print(f"records: {report['records']}", file=sys.stderr)

    report["push"] = push_field(settings, graph, args.batch_size, args.workers)
    report["push"]["client_peak_rss_mb"] = round(rss_mb())
    print(
        f"push: {report['push']['relationship_total']:,} relationships in {report['push']['seconds']} s = "
        f"{report['push']['relationships_per_second']:,}/s; "
        f"client peak RSS {report['push']['client_peak_rss_mb']} MB",
        file=sys.stderr,
    )
    if args.twice:
        with connected(settings) as driver:
            unchanged = push_graph(driver, settings, graph, "bench-1", args.batch_size)
            forced = push_graph(driver, settings, graph, "bench-1", args.batch_size, force=True)
        report["push_again"] = {
            "up_to_date": unchanged.up_to_date,
            "up_to_date_seconds": round(unchanged.seconds, 2),
            "forced_seconds": round(forced.seconds, 1),
            "forced_pruned": forced.pruned,
            "forced_relationships_per_second": round(forced.relationships_per_second),
        }
        print(f"push again (unchanged): {report['push_again']}", file=sys.stderr)
    if args.push_only:
        print(json.dumps(report, indent=1) if args.json else _summary(report))
        return

    report["naive_vs_batched"] = naive_vs_batched(settings, graph, args.naive, args.batch_size)
    sample = report["naive_vs_batched"]
    report["speedup"] = {
        "full_push_vs_naive": round(
            report["push"]["relationships_per_second"] / sample["naive"]["relationships_per_second"], 1
        ),
        "batched_sample_vs_naive": round(
            sample["batched"]["relationships_per_second"] / sample["naive"]["relationships_per_second"], 1
        ),
    }
    print(f"naive vs batched: {sample}; speed-up {report['speedup']}", file=sys.stderr)

    if args.tune:
        report["tune"] = tune(settings, args.scale / 10, [int(size) for size in args.tune.split(",")])

    pairs = route_pairs(model)
    from litgraph.query.neo4j import Neo4jBackend

    neo = Neo4jBackend(open_driver(settings), settings, REVIEW)
    report["paths"] = {
        "pairs": len(pairs),
        "max_length": args.max_length,
        "neo4j": time_paths(neo, pairs, args.max_length, answers=len(pairs)),
    }
    print(f"paths neo4j: {report['paths']['neo4j']}", file=sys.stderr)
    if not args.no_embedded:
        with tempfile.TemporaryDirectory(prefix="bench-neo4j-") as folder:
            embedded = embedded_backend(refs, sources, model, Path(folder))
            report["paths"]["embedded"] = time_paths(
                embedded, pairs, args.max_length, answers=args.embedded_answers
            )
            print(f"paths embedded: {report['paths']['embedded']}", file=sys.stderr)
            report["paths"]["same_routes"] = all(
                neo.routes(a, b, args.max_length) == embedded.routes(a, b, args.max_length) for a, b in pairs
            )
            del embedded
    neo.close()
    report["client_peak_rss_mb"] = round(rss_mb())
    print(json.dumps(report, indent=1) if args.json else _summary(report))


def _summary(report: dict) -> str:
    records, push = report["records"], report["push"]
    sample, paths = report.get("naive_vs_batched"), report.get("paths", {})
    rate = lambda figures: f"{figures['relationships_per_second']:,}/s"  # noqa: E731
    lines = [
        f"synthetic review: {records['references']:,} references, {records['constructs']:,} constructs, "
        f"{records['hypotheses']:,} hypotheses, {records['evidence']:,} evidence links",
        f"push: {push['node_total']:,} nodes + {push['relationship_total']:,} relationships "
        f"in {push['seconds']} s = {push['relationships_per_second']:,} relationships/s "
        f"(batch {push['batch_size']:,})",
        f"client peak RSS: {records['client_peak_rss_mb']} MB after generating the records, "
        f"{push['client_peak_rss_mb']} MB after the push",
    ]
    if sample:
        lines += [
            f"naive loop ({sample['rows']:,} EVIDENCE rows, one MERGE per query): {rate(sample['naive'])}; "
            f"the same rows batched: {rate(sample['batched'])}",
            f"speed-up: full push {report['speedup']['full_push_vs_naive']}x, "
            f"same sample {report['speedup']['batched_sample_vs_naive']}x",
        ]
    if "push_again" in report:
        again = report["push_again"]
        lines.append(
            f"push again, nothing changed: {again['up_to_date_seconds']} s (up to date); with --force "
            f"{again['forced_seconds']} s ({again['forced_relationships_per_second']:,} "
            "relationships/s MERGEd onto existing ones)"
        )
    for backend in ("neo4j", "embedded"):
        if backend in paths:
            p = paths[backend]
            lines.append(
                f"paths ({paths['pairs']} pairs, max {paths['max_length']} steps) {backend}: routes median "
                f"{p['routes_median_ms']} ms (max {p['routes_max_ms']}, first {p['first_routes_ms']} ms); "
                f"whole answer median {p['paths_answer_median_ms']} ms over {p['answers_timed']} pair(s); "
                f"routes per pair {p['route_counts']}"
            )
    if "same_routes" in paths:
        lines.append(f"same routes on both backends: {paths['same_routes']}")
    for size, figures in report.get("tune", {}).items():
        lines.append(f"tune (1/10 graph) batch {size:>6}: {figures['relationships_per_second']:,} rel/s")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
