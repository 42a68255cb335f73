"""Commands of the graph step: build, validate, stats, export, sparql."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..query.limits import DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, QueryLimits
from .common import (
    FailOn,
    FailOnOption,
    JsonOption,
    MaxRowsOption,
    ProjectOption,
    QueryFileOption,
    QuietOption,
    TimeoutOption,
    console,
    exit_for,
    handle_errors,
    load_project,
    print_json,
    query_text,
)

_BUILD_STAGES = {
    "model": "read the model",
    "parse": "parse BibTeX",
    "write": "write the store",
    "index": "finish",
}


def build(
    project: ProjectOption = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if no source changed.")] = False,
    shacl: Annotated[
        Optional[bool],
        typer.Option(
            "--shacl/--no-shacl",
            help="Run SHACL validation while building (default: on for graphs under 20,000 statements).",
        ),
    ] = None,
    json: JsonOption = False,
    quiet: QuietOption = False,
    fail_on: FailOnOption = FailOn.error,
) -> None:
    """Build the review's graph from its BibTeX and model (only when a source changed); the problems in
    the sources are its findings (a model that breaks its rules is not built: exit 2)."""
    from ..output import terminal
    from ..query.open import open_store
    from .progress import StepBars

    proj = load_project(project)
    with StepBars(_BUILD_STAGES, enabled=not quiet) as bars:
        result, _ = open_store(proj, force=force, shacl=shacl, steps=bars)
    if json:
        print_json(
            {
                "rebuilt": result.rebuilt,
                "counts": result.manifest.counts,
                "shacl": result.manifest.shacl,
                "problems": [p.as_dict() for p in result.problems],
            }
        )
    else:
        terminal.print_build(console, result, proj, quiet)
    exit_for((p.severity for p in result.problems), fail_on)


def validate(
    project: ProjectOption = None, json: JsonOption = False, fail_on: FailOnOption = FailOn.error
) -> None:
    """Check the BibTeX, the model's rules (with file:line) and the graph's SHACL shapes."""
    from ..check.validate import validate_project
    from ..output import terminal

    validation = validate_project(load_project(project))
    if json:
        print_json(validation.as_dict())
    else:
        terminal.print_validation(console, validation)
    exit_for((p.severity for p in validation.problems), fail_on)


_STATS = {
    "hypotheses by kind": "SELECT ?kind (COUNT(?h) AS ?n) WHERE { ?h lg:kind ?kind } "
    "GROUP BY ?kind ORDER BY ?kind",
    "references by type": "SELECT ?type (COUNT(?r) AS ?n) WHERE { ?r a lg:Reference ; lg:entryType ?type } "
    "GROUP BY ?type ORDER BY DESC(?n) ?type",
    "references by language": "SELECT ?language (COUNT(?r) AS ?n) WHERE { ?r a lg:Reference . "
    'OPTIONAL { ?r dcterms:language ?l } BIND(COALESCE(?l, "unknown") AS ?language) } '
    "GROUP BY ?language ORDER BY DESC(?n) ?language",
}


def stats(project: ProjectOption = None, json: JsonOption = False) -> None:
    """Counts of the built graph: references, constructs, hypotheses by kind, languages."""
    from ..output import terminal
    from ..query.open import open_store
    from ..query.rdf import RdfBackend

    result, store = open_store(load_project(project))
    manifest = result.manifest
    backend = RdfBackend(store, manifest.review_id)
    breakdowns = {}
    for title, query in _STATS.items():
        _, rows = backend.raw_query(query)
        breakdowns[title] = {row[0]: int(row[1]) for row in rows}
    if json:
        print_json(
            {
                "review": manifest.review_id,
                "built_at": manifest.built_at,
                "counts": manifest.counts,
                **breakdowns,
            }
        )
        return
    title = f"{manifest.review_id} (built {manifest.built_at})"
    console.print(terminal.stats_grid(title, manifest.counts, breakdowns))


def sparql(
    query: Annotated[
        Optional[str], typer.Argument(help="A SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE).")
    ] = None,
    query_file: QueryFileOption = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_rows: MaxRowsOption = DEFAULT_MAX_ROWS,
    max_memory: Annotated[
        int,
        typer.Option(
            "--max-memory",
            help="Stop the query when it needs more memory than this, in MB (exit 2).",
            min=1024,
        ),
    ] = DEFAULT_MAX_MEMORY_MB,
    project: ProjectOption = None,
    json: JsonOption = False,
) -> None:
    """Run a read-only SPARQL query on the embedded graph (prefixes lg:, cito:, skos:, ... are predefined).

    It never reaches another server (SERVICE is refused), and stops at --timeout, --max-rows or
    --max-memory (exit 2); Ctrl-C stops it at once."""
    from ..graph.store import GraphStore
    from ..query.open import open_store
    from ..query.user_sparql import engine_text, run_user_sparql

    text, source = query_text(query, query_file)
    limits = QueryLimits(timeout, max_rows, max_memory)
    engine_text(text, source)  # an empty or badly escaped query is refused before any build
    proj = load_project(project)
    open_store(proj)  # built first if stale, checked for damage; the worker opens it again, read-only
    columns, rows = run_user_sparql(str(GraphStore(proj.store_dir).db_path), text, limits, source)
    print_rows(columns, rows, json)


def print_rows(columns: list[str], rows: list[list], json: bool) -> None:
    """A query's rows: JSON objects, or a table on the terminal."""
    from ..output import terminal

    if json:
        print_json([dict(zip(columns, row, strict=False)) for row in rows])
    else:
        console.print(terminal.rows_grid(columns, rows))


def register(app: typer.Typer) -> None:
    for command in (build, validate, stats, sparql):
        app.command()(handle_errors(command))
