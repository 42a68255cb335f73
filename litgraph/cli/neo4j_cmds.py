"""`litgraph neo4j push|status` and `litgraph cypher`: the review in a shared Neo4j database.

The connection comes from the options here, else NEO4J_URI, NEO4J_USER,
NEO4J_PASSWORD and NEO4J_DATABASE, else `[neo4j]` uri/user/database in
litgraph.toml. The query commands (`paths ... --backend neo4j`) have no
connection options of their own and read the same variables and config.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import ProjectError
from ..query.limits import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, QueryLimits
from .common import (
    JsonOption,
    MaxRowsOption,
    ProjectOption,
    QueryFileOption,
    QuietOption,
    SummaryHelpGroup,
    TimeoutOption,
    console,
    err_console,
    handle_errors,
    load_project,
    plain,
    print_json,
    query_text,
)

neo4j_app = typer.Typer(
    help="Push the review to a Neo4j server and see what the database holds.",
    no_args_is_help=True,
    cls=SummaryHelpGroup,
    rich_markup_mode=None,
)

UriOption = Annotated[
    Optional[str],
    typer.Option(
        "--uri",
        help="Bolt URI, e.g. bolt://localhost:7687 "
        "(default: NEO4J_URI, then \\[neo4j] uri in litgraph.toml).",
        show_default=False,
    ),
]
UserOption = Annotated[
    Optional[str],
    typer.Option(
        "--user", help="User name (default: NEO4J_USER, then \\[neo4j] user, then neo4j).", show_default=False
    ),
]
PasswordOption = Annotated[
    Optional[str],
    typer.Option(
        "--password",
        help="Password; prefer NEO4J_PASSWORD, since options show in the process list and shell history. "
        "Never prompted for, never printed.",
        show_default=False,
    ),
]
DatabaseOption = Annotated[
    Optional[str],
    typer.Option(
        "--database",
        help="Database (default: NEO4J_DATABASE, then \\[neo4j] database, then neo4j).",
        show_default=False,
    ),
]


def push(
    project: ProjectOption = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="First delete this review's data in the database (other reviews are untouched)."
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Write everything even if the database already holds this version of the sources."
        ),
    ] = False,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Rows per write transaction.")
    ] = 10_000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Write transactions in flight at once when the database holds nothing of this review yet.",
        ),
    ] = 2,
    json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Write the review's graph to Neo4j: idempotent, only when the sources changed, stale items removed."""
    from ..neo4j.push import push_project
    from ..neo4j.settings import neo4j_settings

    proj = load_project(project)
    settings = neo4j_settings(proj, uri, user, password, database)
    show_progress = not (json or quiet) and err_console.is_terminal
    with (
        err_console.status("pushing to Neo4j…", spinner="dots") if show_progress else nullcontext() as status
    ):

        def progress(what: str, rows: int) -> None:
            if status is not None:
                status.update(f"pushing {what}: {rows:,}")

        summary = push_project(proj, settings, batch_size, replace, progress, force, workers)
    if json:
        print_json(summary.as_dict())
        return
    if quiet:
        return
    data = summary.as_dict()
    if summary.up_to_date:
        console.print(
            f"[bold]{plain(summary.review)}[/] is up to date in Neo4j {plain(settings.where)} "
            "(--force to write it again)",
            highlight=False,
        )
        return
    console.print(
        f"[bold]{plain(summary.review)}[/] pushed to Neo4j {plain(settings.where)} in {data['seconds']} s "
        f"({data['relationships_per_second']:,} relationships/s)",
        highlight=False,
    )
    console.print("  nodes: " + _counts(summary.nodes), highlight=False)
    console.print("  relationships: " + _counts(summary.relationships), highlight=False)
    for what, counts in (("replaced", summary.replaced), ("removed as stale", summary.pruned)):
        if any(counts.values()):
            console.print(f"  {what}: " + _counts(counts), highlight=False)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in counts.items() if count) or "none"


def status(
    project: ProjectOption = None,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    json: JsonOption = False,
) -> None:
    """The reviews the database holds, with their node and relationship counts."""
    from rich.table import Table

    from ..neo4j.settings import neo4j_settings
    from ..neo4j.status import database_status

    settings = neo4j_settings(_optional_project(project), uri, user, password, database)
    reviews = database_status(settings)
    if json:
        print_json({"database": settings.database, "uri": settings.shown_uri, "reviews": reviews})
        return
    if not reviews:
        console.print(f"No litgraph review in Neo4j {plain(settings.where)}.", highlight=False)
        return
    table = Table(
        "review",
        "complete",
        "nodes",
        "relationships",
        title=f"Neo4j {plain(settings.where)}",
        title_justify="left",
    )
    for review in reviews:
        table.add_row(
            plain(review["review"]),
            "yes" if review["complete"] else "[red]no (push again)[/]",
            _counts(review["nodes"]),
            _counts(review["relationships"]),
        )
    console.print(table)


def _optional_project(project: Path | None):
    """The project when there is one: status and cypher also work outside a review folder."""
    if project is not None:
        return load_project(project)
    try:
        return load_project(None)
    except ProjectError:
        return None


def cypher(
    query: Annotated[
        Optional[str], typer.Argument(help="A read-only Cypher query; $review is this review's id.")
    ] = None,
    query_file: QueryFileOption = None,
    project: ProjectOption = None,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_rows: MaxRowsOption = DEFAULT_MAX_ROWS,
    json: JsonOption = False,
) -> None:
    """Run a read-only Cypher query on Neo4j (a write or bad Cypher: exit 2; server trouble: exit 3).

    Only reading clauses and a few describing procedures run (decided on Neo4j's plan of the
    query); it stops at --timeout or --max-rows (exit 2), on the server too; Ctrl-C stops it at once."""
    from ..query.neo4j import open_neo4j
    from .graph_cmds import print_rows

    text, _ = query_text(query, query_file)
    limits = QueryLimits(timeout, max_rows)
    backend = open_neo4j(_optional_project(project), uri, user, password, database, check_review=False)
    try:
        columns, rows = backend.raw_query(text, limits)
    finally:
        backend.close()
    print_rows(columns, rows, json)


def register(app: typer.Typer) -> None:
    neo4j_app.command()(handle_errors(push))
    neo4j_app.command()(handle_errors(status))
    app.add_typer(neo4j_app, name="neo4j")
    app.command()(handle_errors(cypher))
