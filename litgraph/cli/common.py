"""What every command shares: the console, options, JSON output and error exits.

Kept free of heavy imports so that `litgraph --help` starts fast; commands import
rdflib, pyshacl, neo4j, httpx or docx inside their own bodies.
"""

from __future__ import annotations

import inspect
import json
import math
import re
import sys
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer
from typer.core import TyperGroup
from typer.main import get_command_from_info, get_command_name
from typer.models import CommandInfo

from ..errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, LitgraphError
from ..output.console import TerminalConsole, plain, print_message
from ..records import Severity
from ..text import is_language_tag, safe_text

#: Every line a command prints goes through these (see `output.console`): no emoji codes, control
#: characters shown rather than obeyed; user text enters their markup through `plain`.
console = TerminalConsole()
err_console = TerminalConsole(stderr=True)

# --- the options every command spells alike --------------------------------------------------------
# One definition each, so that an option means the same in every command; tests/test_cli_conventions.py
# walks every command's options and fails when one drifts. A command's own words about an option (what
# its --format values are, what its findings are) go in `format_option(help)` or its docstring.


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
JsonOption = Annotated[bool, typer.Option("--json", help="Print the answer as JSON on stdout, for scripts.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or notes.")]


def _language_tag(value: str | None) -> str | None:
    if value and not is_language_tag(value):
        raise typer.BadParameter(f"'{value}' is not a language tag (BCP 47: en, zh, zh-Hans, pt-BR, ...)")
    return value


def lang_option(help: str) -> Any:
    return typer.Option("--lang", callback=_language_tag, help=help, show_default=False)


LangOption = Annotated[
    Optional[str],
    lang_option(
        "Language of labels and statements, a language tag (zh, en, de, ...); default: litgraph.toml's "
        "[output] lang, else en. One the model lacks falls back to English, with a note."
    ),
]


def _backend(value: str) -> str:
    from ..query.open import BACKENDS  # the query layer, loaded by a command that asks a question

    if value not in BACKENDS:
        raise typer.BadParameter(f"'{value}' is not one of: {', '.join(BACKENDS)}")
    return value


BackendOption = Annotated[
    str,
    typer.Option(
        "--backend",
        callback=_backend,
        help="Where to answer from: embedded (the project's store) or neo4j.",
    ),
]


class FailOn(str, Enum):
    """The least severe finding that makes a command exit 1; `never`: exit 0 whatever is found."""

    error = "error"
    warning = "warning"
    info = "info"
    never = "never"

    def reached(self, severities: Iterable[Severity | str | None]) -> bool:
        if self is FailOn.never:
            return False
        least = Severity(self.value).rank
        return any(Severity(found).rank >= least for found in severities if found is not None)


FailOnOption = Annotated[
    FailOn,
    typer.Option(
        "--fail-on",
        case_sensitive=False,
        help="Exit 1 when a finding is at least this severe: error, warning or info; never: exit 0.",
    ),
]


def exit_for(severities: Iterable[Severity | str | None], fail_on: FailOn) -> NoReturn:
    """Exit 1 when a finding reaches `--fail-on`, else 0."""
    raise typer.Exit(EXIT_FINDINGS if fail_on.reached(severities) else EXIT_OK)


BibOption = Annotated[
    Optional[list[Path]],
    typer.Option("--bib", help="A BibTeX file (repeatable); default: the project's.", show_default=False),
]
BibArgument = Annotated[
    Optional[list[Path]],
    typer.Argument(help="BibTeX files (or --bib FILE); default: the project's.", show_default=False),
]


def bib_files(positional: list[Path] | None, named: list[Path] | None) -> list[Path]:
    """The BibTeX files named on the command line, as arguments or with --bib, in the order given."""
    return [*(positional or []), *(named or [])]


def _seconds(value: float) -> float:
    if not 0 < value < math.inf:  # nan and inf too
        raise typer.BadParameter(f"must be a positive, finite number of seconds, not {value}")
    return value


def timeout_option(help: str) -> Any:
    """--timeout SECONDS: a positive, finite number of seconds (what it bounds is the command's to say)."""
    return typer.Option("--timeout", callback=_seconds, help=help)


# The bounds of a user's own query (`sparql`, `cypher`; `litgraph.query.limits`).
TimeoutOption = Annotated[float, timeout_option("Stop the query after this many seconds (exit 2).")]
MaxRowsOption = Annotated[
    int,
    typer.Option("--max-rows", help="Stop the query when it answers more rows than this (exit 2).", min=1),
]


def style_option(help: str) -> Any:
    """-s/--style: a reference style by name (which ones a command takes is its help's to say)."""
    return typer.Option("--style", "-s", help=help, show_default=False)


def format_option(help: str) -> Any:
    return typer.Option("--format", "-f", help=help, show_default=False)


def output_option(help: str = "Write to this file instead of stdout.") -> Any:
    return typer.Option("--output", "-o", help=help, show_default=False)


QueryFileOption = Annotated[
    Optional[Path],
    typer.Option("--query-file", help="Read the query from this file instead.", show_default=False),
]


def query_text(query: str | None, query_file: Path | None) -> tuple[str, str]:
    """The query given on the command line or in a file, and the file's name as given ("" for none)."""
    from ..parse.text import read_text

    if query is not None and query_file is None:
        return query, ""
    if query_file is not None and query is None:
        return read_text(query_file, str(query_file)), str(query_file)
    raise LitgraphError("give a query, or --query-file FILE (not both)")


def print_json(data) -> None:
    """JSON to stdout, UTF-8 and unescaped so Chinese labels stay readable. Control characters are
    escaped: json escapes those below U+0020 itself; DEL and the C1 controls (U+009B starts a terminal
    sequence as ESC [ does) get `\\u` escapes here, which read back as the same text."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_default)
    sys.stdout.write(_C1_CONTROLS.sub(lambda char: f"\\u{ord(char.group()):04x}", text) + "\n")


_C1_CONTROLS = re.compile("[\x7f-\x9f]")


def print_output(text: str) -> None:
    """A file's text (a table, a figure, a reference list) on stdout: exact when piped or redirected,
    its control characters shown, not obeyed, on a terminal (`text.safe_text`)."""
    sys.stdout.write(safe_text(text) if sys.stdout.isatty() else text)


def _default(value):
    if hasattr(value, "as_dict"):
        return value.as_dict()
    if hasattr(value, "value"):
        return value.value
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def fail(error: LitgraphError) -> None:
    """One clear line per problem (plus a hint), never a traceback; exit with the error's code."""
    problems = getattr(error, "problems", None) or []
    if len(problems) > 1:  # each on its own line, so none is "(and N more)"
        for problem in problems:
            print_message(err_console, "error", problem.message, problem.location)
    else:
        print_message(err_console, "error", error.message, error.location)
    if error.hint:
        err_console.print(f"  {plain(error.hint)}", highlight=False, soft_wrap=True)
    raise typer.Exit(error.exit_code)


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
    any work is done. An -o file's suffix must fit the format, as every -o of every command is held to:
    `-o figure.jpg` is refused rather than filled with SVG. A suffix is one of `suffixes` or a format's
    own name (`graph.turtle`); a file without a suffix takes any format."""
    if fmt is not None and fmt not in formats:
        raise LitgraphError(f"unknown format '{fmt}' (use one of: {', '.join(formats)})")
    written = output.suffix if output is not None else ""
    named = suffixes.get(written.lower()) or (written[1:].lower() if written[1:].lower() in formats else None)
    if written and named is None:
        raise LitgraphError(
            f"-o {output}: '{written}' is not a file litgraph writes here: nothing was written",
            hint=f"name a file ending in {', '.join(suffixes)}",
        )
    if fmt is not None and named is not None and named != fmt:
        fitting = ", ".join(end for end, name in suffixes.items() if name == fmt) or "no suffix"
        raise LitgraphError(
            f"-o {output} names a {named} file, but --format says {fmt}: nothing was written",
            hint=f"end the file in {fitting}, or leave out --format",
        )
    chosen = fmt or named or default
    if chosen is None:
        from_file = f" (or an -o file ending in {', '.join(suffixes)})" if suffixes else ""
        raise LitgraphError(f"say which format: --format {'|'.join(formats)}{from_file}")
    return chosen


def usage_error(message: str) -> None:
    print_message(err_console, "error", message)
    raise typer.Exit(EXIT_USAGE)


def load_project(project: Path | None):
    from ..project import find_project

    return find_project(project)
