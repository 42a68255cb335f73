"""What every command shares: the console, options, JSON output and error exits.

Kept free of heavy imports so that `litgraph --help` starts fast; commands import
rdflib, pyshacl, neo4j, httpx or docx inside their own bodies.
"""

from __future__ import annotations

import json
import sys
from functools import wraps
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from typer.core import TyperGroup

from ..errors import EXIT_USAGE, LitgraphError

console = Console()
err_console = Console(stderr=True)


class SummaryHelpGroup(TyperGroup):
    """Plain help (Rich's loads markdown-it: +80 ms on every `--help`) that lists each command with
    the first paragraph of its help, wrapped, as Rich's did, where click cuts it at one line."""

    def format_commands(self, ctx, formatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                summary = (command.short_help or command.help or "").split("\n\n")[0]
                rows.append((name, " ".join(summary.split())))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


ProjectOption = Annotated[
    Optional[Path],
    typer.Option(
        "--project",
        "-p",
        help="Review folder (with litgraph.toml); default: found from the current directory upwards.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the answer as JSON, for scripts.")]
LangOption = Annotated[str, typer.Option("--lang", help="Language of labels and statements (zh, en, ...).")]
BackendOption = Annotated[
    str, typer.Option("--backend", help="Where to answer from: embedded (the project's store) or neo4j.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or notes.")]
# The bounds of a user's own query (`sparql`, `cypher`; `litgraph.query.limits`).
TimeoutOption = Annotated[
    float, typer.Option("--timeout", help="Stop the query after this many seconds (exit 2).", min=0.001)
]
MaxRowsOption = Annotated[
    int,
    typer.Option("--max-rows", help="Stop the query when it answers more rows than this (exit 2).", min=1),
]


def print_json(data) -> None:
    """JSON to stdout, UTF-8 and unescaped so Chinese labels stay readable."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")


def _default(value):
    if hasattr(value, "as_dict"):
        return value.as_dict()
    if hasattr(value, "value"):
        return value.value
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def fail(error: LitgraphError) -> None:
    """One clear line (plus a hint), never a traceback; exit with the error's code."""
    err_console.print(f"[bold red]error:[/] {_escape(str(error))}", highlight=False, soft_wrap=True)
    if error.hint:
        err_console.print(f"  {_escape(error.hint)}", highlight=False, soft_wrap=True)
    problems = getattr(error, "problems", None)
    if problems and len(problems) > 1:
        for problem in problems[1:]:
            err_console.print(
                f"[red]error:[/] {_escape(str(problem.location))}: {_escape(problem.message)}",
                highlight=False,
                soft_wrap=True,
            )
    raise typer.Exit(error.exit_code)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def handle_errors(command):
    """Turn LitgraphError (and a broken pipe or Ctrl-C) into a clean exit."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except LitgraphError as error:
            fail(error)
        except (OSError, RuntimeError) as error:
            # RocksDB checks a table's blocks only when a query reads them: damage found
            # mid-query (the store's opening catches the rest, see `GraphStore.open`).
            if "Corruption:" not in str(error):
                raise
            fail(
                LitgraphError(
                    f"the built graph in .litgraph/ is damaged ({' '.join(str(error).split())})",
                    hint="run `litgraph build --force` to build it again from the sources",
                )
            )
        except KeyboardInterrupt:
            err_console.print("interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None

    return wrapper


def choose_format(
    fmt: str | None,
    output: Path | None,
    suffixes: dict[str, str],
    formats: tuple[str, ...],
    default: str | None = None,
) -> str:
    """The format asked for, else the one the output file's suffix names, else the default; checked before
    any work is done."""
    chosen = fmt or (suffixes.get(output.suffix.lower()) if output else None) or default
    if chosen is None:
        from_file = f" (or an -o file ending in {', '.join(suffixes)})" if suffixes else ""
        raise LitgraphError(f"say which format: --format {'|'.join(formats)}{from_file}")
    if chosen not in formats:
        raise LitgraphError(f"unknown format '{chosen}' (use one of: {', '.join(formats)})")
    return chosen


def usage_error(message: str) -> None:
    err_console.print(f"[bold red]error:[/] {_escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def load_project(project: Path | None):
    from ..project import find_project

    return find_project(project)
