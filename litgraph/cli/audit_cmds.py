"""`litgraph audit`: the hypotheses and definitions with the health of their references."""

from __future__ import annotations

import typer

from .common import (
    BackendOption,
    FailOn,
    FailOnOption,
    JsonOption,
    LangOption,
    ProjectOption,
    console,
    exit_for,
    handle_errors,
    load_project,
    print_json,
)


def audit(
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = None,
    json: JsonOption = False,
    fail_on: FailOnOption = FailOn.error,
) -> None:
    """Per hypothesis and definition: its references, their check/verify status, and flags (a finding each,
    for --fail-on)."""
    from ..check.audit import as_dicts
    from ..check.audit import audit as run_audit
    from ..output import terminal_checks
    from .query_cmds import questions_for

    proj = load_project(project)
    items = run_audit(questions_for(proj, backend, lang), proj)
    flagged = [item for item in items if item.flags]
    if json:
        print_json({"items": as_dicts(items), "flagged": len(flagged)})
    else:
        terminal_checks.print_audit(console, items)
    exit_for((flag.severity for item in items for flag in item.flags), fail_on)


def register(app: typer.Typer) -> None:
    app.command()(handle_errors(audit))
