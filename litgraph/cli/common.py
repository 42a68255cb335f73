"""What every command shares: the console, options, JSON output and error exits.

Kept free of heavy imports so that `litgraph --help` starts fast; commands import
rdflib, pyshacl, neo4j, httpx or docx inside their own bodies.
"""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Callable, Iterator, MutableMapping
from functools import wraps
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from typer.core import TyperGroup
from typer.main import get_command_from_info, get_command_name
from typer.models import CommandInfo

from ..errors import EXIT_USAGE, LitgraphError

console = Console()
err_console = Console(stderr=True)


class SummaryHelpGroup(TyperGroup):
    """Plain help (Rich's loads markdown-it: +80 ms on every `--help`) that lists each command with
    the first paragraph of its help, wrapped, as Rich's did, where click cuts it at one line."""

    def format_commands(self, ctx, formatter) -> None:
        rows = [(name, " ".join(summary.split())) for name, summary in self.summaries(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def summaries(self, ctx) -> list[tuple[str, str]]:
        """Each shown command's name and the first paragraph of its help."""
        found = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                found.append((name, _first_paragraph(command.short_help or command.help)))
        return found


class DeferredGroup(SummaryHelpGroup):
    """A group that makes a command's click command only when it runs or draws its own help.

    Typer makes one from each function's signature (its options, their types and help):
    for litgraph's 26 commands that is 40 ms of every start, though a run uses one. `defer`
    takes a Typer app's registered commands into the group (its sub-apps stay Typer's); the
    group's `--help` lists every command, summarised from its help or docstring as Typer
    would make it, without making any.
    """

    deferred: dict[str, CommandInfo] = {}
    pretty_exceptions_short = True

    @classmethod
    def defer(cls, app: typer.Typer) -> None:
        cls.deferred = {_command_name(info): info for info in app.registered_commands}
        cls.pretty_exceptions_short = app.pretty_exceptions_short
        app.registered_commands = []

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.commands = DeferredCommands(self.deferred, dict(self.commands), self._make)

    def list_commands(self, ctx) -> list[str]:
        return list(self.commands)  # Typer's reads `items()`, which would make every command

    def _make(self, info: CommandInfo):
        return get_command_from_info(
            info, pretty_exceptions_short=self.pretty_exceptions_short, rich_markup_mode=self.rich_markup_mode
        )

    def summaries(self, ctx) -> list[tuple[str, str]]:
        found = []
        for name in self.list_commands(ctx):
            info = self.deferred.get(name)
            if info is None:
                command = self.commands[name]
                if not command.hidden:
                    found.append((name, _first_paragraph(command.short_help or command.help)))
            elif not info.hidden:
                found.append((name, _first_paragraph(info.short_help or _command_help(info))))
        return found


class DeferredCommands(MutableMapping):
    """A group's commands by name, each deferred one made on first use: what click and Typer
    read of a group's `commands` (the names listed and suggested, the command run) stays true."""

    def __init__(self, deferred: dict[str, CommandInfo], made: dict, make: Callable[[CommandInfo], object]):
        self.deferred, self.made, self.make = deferred, made, make

    def __getitem__(self, name: str):
        if name not in self.made:
            self.made[name] = self.make(self.deferred[name])
        return self.made[name]

    def __setitem__(self, name: str, command) -> None:
        self.made[name] = command

    def __delitem__(self, name: str) -> None:
        self.made.pop(name, None)
        self.deferred.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter([*self.deferred, *(name for name in self.made if name not in self.deferred)])

    def __len__(self) -> int:
        return len(set(self.deferred) | set(self.made))


def _first_paragraph(text: str | None) -> str:
    return (text or "").split("\n\n")[0]


def _command_name(info: CommandInfo) -> str:
    """The name Typer gives the command (`get_command_from_info`)."""
    return info.name or get_command_name(info.callback.__name__)  # type: ignore[union-attr]


def _command_help(info: CommandInfo) -> str:
    """The help Typer gives the command (`get_command_from_info`)."""
    return (inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help)) or ""


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
