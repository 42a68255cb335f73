"""`litgraph audit`: the hypotheses and definitions with the health of their references."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

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

_STYLE = {"error": "red", "warning": "yellow"}


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
    from .query_cmds import questions_for

    if fail_on not in ("error", "warning", "never"):
        raise LitgraphError(f"--fail-on must be error, warning or never, not '{fail_on}'")
    proj = load_project(project)
    items = run_audit(questions_for(proj, backend, lang), proj)
    flagged = [item for item in items if item.flags]
    if json:
        print_json({"items": as_dicts(items), "flagged": len(flagged)})
    else:
        table = Table(
            "",
            "id",
            "path",
            "references (verify status)",
            "flags",
            title="Audit",
            title_justify="left",
            show_lines=True,
        )
        for item in items:
            refs = "\n".join(
                f"{escape(r.label)} ({r.verify})"
                + (" [red]BibTeX errors[/]" if any(f["severity"] == "error" for f in r.check) else "")
                for r in item.references
            )
            flags = "\n".join(
                f"[{_STYLE[f.severity]}]{f.code}[/]" + (f" {', '.join(f.keys)}" if f.keys else "")
                for f in item.flags
            )
            table.add_row(item.kind[0].upper(), item.id, item.path, refs, flags)
        console.print(table)
        console.print(
            f"{len(flagged)} of {len(items)} hypotheses and definitions flagged; "
            "run `litgraph verify` to fill in the verify status."
            if any(r.verify == "unchecked" for i in items for r in i.references)
            else f"{len(flagged)} of {len(items)} hypotheses and definitions flagged."
        )
    levels = {"error": ("error",), "warning": ("error", "warning"), "never": ()}[fail_on]
    if any(flag.severity in levels for item in items for flag in item.flags):
        raise typer.Exit(EXIT_FINDINGS)


def register(app: typer.Typer) -> None:
    app.command()(handle_errors(audit))
