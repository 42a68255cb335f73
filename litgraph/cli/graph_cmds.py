"""Commands of the graph step: build, validate, stats, export, sparql."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..errors import EXIT_FINDINGS, EXIT_OK
from .common import (
    JsonOption,
    ProjectOption,
    QuietOption,
    console,
    handle_errors,
    load_project,
    print_json,
)


def print_problems(problems) -> None:
    """One line per problem, `file:line: severity: message`, as compilers print them."""
    from rich.markup import escape

    style = {"error": "red", "warning": "yellow", "info": "cyan"}
    for problem in problems:
        key = f" [{problem.key}]" if problem.key else ""
        console.print(
            f"{escape(str(problem.location))}: [{style[problem.severity.value]}]{problem.severity.value}[/]:"
            f"{escape(key)} {escape(problem.message)}",
            highlight=False,
            soft_wrap=True,
        )


def _exit_for(problems) -> None:
    if any(p.severity.value == "error" for p in problems):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


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
) -> None:
    """Build the review's graph from its BibTeX and model (only when a source changed)."""
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
        _exit_for(result.problems)
    counts = result.manifest.counts
    if not quiet:
        verb = ("updated" if result.incremental else "built") if result.rebuilt else "up to date"
        console.print(f"[bold]{result.manifest.review_id}[/]: graph {verb} in {proj.shown(proj.store_dir)}/")
        console.print(
            f"  references {counts['references']} (of {counts['entries_in_files']} entries in the BibTeX), "
            f"constructs {counts['constructs']}, hypotheses {counts['hypotheses']}, "
            f"evidence links {counts['evidence_links']}, statements {counts['quads']}"
        )
        if result.manifest.shacl:
            ok = result.manifest.shacl["conforms"]
            console.print(
                "  SHACL: "
                + (
                    "[green]conforms[/]"
                    if ok
                    else f"[red]{result.manifest.shacl['violations']} violations[/]"
                )
            )
    if result.problems:
        console.print(f"{len(result.problems)} problem(s) in the sources:")
        print_problems(result.problems)
    _exit_for(result.problems)


def validate(project: ProjectOption = None, json: JsonOption = False) -> None:
    """Check the BibTeX, the model's rules (with file:line) and the graph's SHACL shapes."""
    from ..graph.shacl import validate_quads
    from ..graph.sources import read_sources
    from ..graph.triples import all_quads
    from ..graph.vocab import ReviewIris

    proj = load_project(project)
    sources = read_sources(proj)
    problems = list(sources.problems)
    model_ok = not any(p.code == "model" and p.severity.value == "error" for p in problems)
    shacl = None
    if model_ok:
        review_id = sources.model.review.id if sources.model else proj.root.resolve().name
        refs = sources.bibliography.references
        quads = all_quads(refs, {r.key: r.location.file for r in refs}, sources.model, ReviewIris(review_id))
        shacl = validate_quads(quads)
        problems += shacl.problems()
    if json:
        print_json(
            {
                "valid": not any(p.severity.value == "error" for p in problems),
                "shacl_conforms": shacl.conforms if shacl else None,
                "problems": [p.as_dict() for p in problems],
            }
        )
        _exit_for(problems)
    bib = sources.bibliography
    console.print(f"BibTeX: {len(bib.references)} of {bib.heads} entries usable")
    if sources.model:
        console.print(
            f"Model: {len(sources.model.constructs)} constructs, {len(sources.model.hypotheses)} hypotheses"
            + ("" if model_ok else " — [red]breaks its rules[/]")
        )
    if shacl is not None:
        console.print(
            "SHACL: "
            + ("[green]conforms[/]" if shacl.conforms else f"[red]{len(shacl.results)} violations[/]")
        )
    else:
        console.print("SHACL: not run (fix the model first)")
    if problems:
        console.print(f"{len(problems)} problem(s):")
        print_problems(problems)
    else:
        console.print("[green]valid[/]")
    _exit_for(problems)


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
    table = Table(title=f"{manifest.review_id} (built {manifest.built_at})", title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, value in manifest.counts.items():
        table.add_row(name.replace("_", " "), str(value))
    for title, values in breakdowns.items():
        for name, value in values.items():
            table.add_row(f"{title}: {name}", str(value))
    console.print(table)


def sparql(
    query: Annotated[
        Optional[str], typer.Argument(help="A SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE).")
    ] = None,
    file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Read the query from a file.")] = None,
    project: ProjectOption = None,
    json: JsonOption = False,
) -> None:
    """Run a read-only SPARQL query on the embedded graph (prefixes lg:, cito:, skos:, ... are predefined)."""
    from ..errors import LitgraphError
    from ..parse.text import read_text
    from ..query.open import open_embedded
    from ..query.rdf import check_user_query, explain_refusal

    if (query is None) == (file is None):
        raise LitgraphError("give a query, or --file FILE")
    text = query if query is not None else read_text(file)
    source = str(file) if file is not None else ""
    check_user_query(text, source)
    backend = open_embedded(load_project(project))
    try:
        columns, rows = backend.raw_query(text)
    except SyntaxError as exc:
        raise explain_refusal(text, exc, source) from None
    print_rows(columns, rows, json)


def print_rows(columns: list[str], rows: list[list], json: bool) -> None:
    if json:
        print_json([dict(zip(columns, row, strict=False)) for row in rows])
        return
    table = Table(*columns, title=f"{len(rows)} rows", title_justify="left")
    for row in rows:
        table.add_row(*(str(value) for value in row))
    console.print(table)


def register(app: typer.Typer) -> None:
    for command in (build, validate, stats, sparql):
        app.command()(handle_errors(command))
