"""Commands of the check step: `check` (BibTeX integrity) and `cite-check` (the manuscript
against its references).

Both work inside a project or on files named on the command line (a Zotero
export, no litgraph.toml), print a Rich report or `--json`, and exit 1 when a
finding reaches `--fail-on`, so that `check` can run as a pre-commit hook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import LitgraphError
from ..records import Location, Problem, Severity
from .common import (
    BibArgument,
    BibOption,
    FailOn,
    FailOnOption,
    JsonOption,
    ProjectOption,
    QuietOption,
    bib_files,
    console,
    exit_for,
    handle_errors,
    load_project,
    print_json,
)

IgnoreOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--ignore",
        help="Leave out findings with this code (repeatable), e.g. --ignore pages-dash.",
        show_default=False,
    ),
]
_STAGES = {"parse": "parse BibTeX", "check": "check entries", "compare": "compare entries"}


def check(
    bibs: BibArgument = None,
    bib: BibOption = None,
    project: ProjectOption = None,
    json: JsonOption = False,
    fail_on: FailOnOption = FailOn.error,
    ignore: IgnoreOption = None,
    quiet: QuietOption = False,
) -> None:
    """Check BibTeX offline: fields, years, pages, DOI/ISSN/ISBN, duplicates, GB/T 7714 and consistency."""
    from ..check.integrity import check_bibliography
    from ..output import terminal_checks
    from .progress import StepBars

    files = bib_files(bibs, bib)
    proj = None if files else load_project(project)
    with StepBars(_STAGES, enabled=not (quiet or json)) as bars:
        bibliography = _bibliography(files, proj, bars)
        problems = _without(check_bibliography(bibliography, bars), ignore)
    summary = {
        "files": bibliography.files,
        "entries": bibliography.heads,
        "references": len(bibliography.references),
        **_counts(problems),
    }
    if json:
        print_json({"summary": summary, "problems": [p.as_dict() for p in problems]})
    else:
        terminal_checks.print_findings(console, problems, bibliography.files, "line")
        console.print(
            f"{summary['entries']} entries in {len(bibliography.files)} file(s){_not_used(summary)}: "
            f"{_count_text(summary)}",
            highlight=False,
        )
    exit_for((p.severity for p in problems), fail_on)


def _not_used(summary: dict) -> str:
    """How many entries of the files are not in the bibliography (the errors above say why)."""
    unused = summary["entries"] - summary["references"]
    return f" ({unused} of {summary['entries']} entries not used: see the errors above)" if unused else ""


def cite_check(
    manuscript: Annotated[
        Optional[Path],
        typer.Argument(
            help="The manuscript (.txt, .md, .tex, .docx); default: the project's.", show_default=False
        ),
    ] = None,
    bib: BibOption = None,
    project: ProjectOption = None,
    json: JsonOption = False,
    fail_on: FailOnOption = FailOn.error,
    ignore: IgnoreOption = None,
    quiet: QuietOption = False,
) -> None:
    """Check the manuscript's in-text citations against the reference list, and the list against the text."""
    from ..check.citations import check_citations, project_settings
    from ..output import terminal_checks
    from ..parse.manuscript import location_unit, read_manuscript
    from .progress import StepBars

    proj = None if manuscript is not None and bib else _project_for(project)  # else the line names all
    if manuscript is not None:
        shown = str(manuscript)  # as the user wrote it
    elif proj is not None and proj.manuscript is not None:
        manuscript, shown = proj.manuscript, proj.shown(proj.manuscript)
    else:
        raise LitgraphError(
            "no manuscript given, and the project names none",
            hint='pass the manuscript\'s path, or set manuscript = "..." under [review] in litgraph.toml',
        )
    unit = location_unit(manuscript)
    with StepBars(_STAGES, enabled=not (quiet or json)) as bars:
        bibliography = _bibliography(bib, proj, bars)
    labels = {"settings": project_settings(proj), "lang": proj.lang} if proj else {}
    result = check_citations(read_manuscript(manuscript, shown), bibliography, unit, **labels)
    if not result.citations:  # an empty file, or the wrong one (model.yaml named as the manuscript)
        result.problems.insert(
            0,
            Problem(
                Severity.WARNING,
                f"no in-text citations found in {shown}",
                Location(shown),
                code="no-citations",
            ),
        )
    problems = _without(result.problems, ignore)
    matched = sum(1 for citation in result.citations if citation.key)
    summary = {
        "manuscript": shown,
        "unit": unit,
        "files": bibliography.files,
        "entries": bibliography.heads,
        "references": len(bibliography.references),
        "citations": len(result.citations),
        "matched": matched,
        **_counts(problems),
    }
    if json:
        print_json(
            {
                "summary": summary,
                "citations": [c.as_dict() for c in result.citations],
                "problems": [p.as_dict() for p in problems],
            }
        )
    else:
        terminal_checks.print_findings(console, problems, [shown, *bibliography.files], unit)
        console.print(
            f"{summary['citations']} citations ({matched} matched) against {summary['references']} references"
            f"{_not_used(summary)}: {_count_text(summary)}",
            highlight=False,
        )
    exit_for((p.severity for p in problems), fail_on)


def _project_for(project: Path | None):
    """The project that supplies what the command line left out, with a hint that names --bib."""
    from ..errors import ProjectError

    try:
        return load_project(project)
    except ProjectError as error:
        if error.location is not None:  # found, and wrong: its own message says what to change
            raise
        raise ProjectError(
            error.message, error.location, hint="pass --bib FILE (repeatable), or --project DIR"
        ) from None


def _bibliography(paths: list[Path] | None, proj, steps):
    """The files named on the command line, else the project's, shown as the user knows them."""
    from ..parse.bibtex import load_bibliography

    if paths:
        return load_bibliography(paths, [str(path) for path in paths], steps=steps)
    return load_bibliography(proj.bibtex, [proj.shown(path) for path in proj.bibtex], steps=steps)


def _without(problems, codes: list[str] | None):
    return [p for p in problems if p.code not in set(codes or ())]


def _counts(problems) -> dict[str, int]:
    return {
        level: sum(1 for p in problems if p.severity.value == level) for level in ("error", "warning", "info")
    }


def _count_text(summary: dict) -> str:
    return ", ".join(
        f"{summary[level]} {level}{'s' if summary[level] != 1 and level != 'info' else ''}"
        for level in ("error", "warning", "info")
    )


def register(app: typer.Typer) -> None:
    app.command("check")(handle_errors(check))
    app.command("cite-check")(handle_errors(cite_check))
