"""The `litgraph` command: one Typer app, its commands grouped by pipeline step."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="litgraph",
    help="A literature knowledge graph for review authors: references and research model in, "
    "evidence paths, checks and hypothesis tables out.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each module has `register(app)`; their heavy imports live inside the commands.
COMMAND_MODULES = (
    "graph_cmds",
    "query_cmds",
    "audit_cmds",
    "verify_cmds",
    "check_cmds",
    "output_cmds",
    "references_cmds",
    "neo4j_cmds",
)

for _name in COMMAND_MODULES:
    importlib.import_module(f"{__package__}.{_name}").register(app)


def main() -> None:
    app()
