"""The `litgraph` command: one Typer app, its commands grouped by pipeline step."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from .common import DeferredGroup


class _Commands(DeferredGroup):
    """litgraph's commands, each made when it runs (`DeferredGroup`)."""


app = typer.Typer(
    name="litgraph",
    help="A literature knowledge graph for review authors: references and research model in, "
    "evidence paths, checks and hypothesis tables out.",
    no_args_is_help=True,
    cls=_Commands,
    rich_markup_mode=None,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each module has `register(app)`; their heavy imports live inside the commands.
COMMAND_MODULES = (
    "init_cmds",
    "graph_cmds",
    "query_cmds",
    "audit_cmds",
    "verify_cmds",
    "check_cmds",
    "output_cmds",
    "references_cmds",
    "neo4j_cmds",
    "import_cmds",
)


def _print_version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version  # 30 ms to load: only when asked

        typer.echo(f"litgraph {version('litgraph')}")
        raise typer.Exit()


@app.callback()
def _options(
    _version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """A literature knowledge graph for review authors: references and research model in, evidence paths,
    checks and hypothesis tables out."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__package__}.{_name}").register(app)
_Commands.defer(app)


def main() -> None:
    app()
