"""`litgraph audit`: the hypotheses and definitions with the health of their references."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import EXIT_FINDINGS, LitgraphError
from .common import (
    BackendOption,
    JsonOption,
    LangOption,
    ProjectOption,
    console,
    handle_errors,
    load_project,
    print_json,
)


def audit(
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = "",
    json: JsonOption = False,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on", help="Exit 1 when a flag is at least this severe: error, warning or never."
        ),
    ] = "error",
) -> None:
    """Per hypothesis and definition: its references, their check/verify status, and flags."""
    from ..check.audit import as_dicts
    from ..check.audit import audit as run_audit
    from ..output import terminal_checks
    from .query_cmds import questions_for

    if fail_on not in ("error", "warning", "never"):
        raise LitgraphError(f"--fail-on must be error, warning or never, not '{fail_on}'")
    proj = load_project(project)
    items = run_audit(questions_for(proj, backend, lang), proj)
    flagged = [item for item in items if item.flags]
    if json:
        print_json({"items": as_dicts(items), "flagged": len(flagged)})
    else:
        terminal_checks.print_audit(console, items)
    levels = {"error": ("error",), "warning": ("error", "warning"), "never": ()}[fail_on]
    if any(flag.severity in levels for item in items for flag in item.flags):
        raise typer.Exit(EXIT_FINDINGS)


def register(app: typer.Typer) -> None:
    app.command()(handle_errors(audit))
