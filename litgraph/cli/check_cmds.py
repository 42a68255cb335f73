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
    err_console,
    exit_for,
    handle_errors,
    load_project,
    print_json,
    style_option,
)
from .fix_options import FixOutputOption, InPlaceOption, check_fix_options

IgnoreOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--ignore",
        help="Leave out findings with this code (repeatable), e.g. --ignore pages-dash.",
        show_default=False,
    ),
]
StyleOption = Annotated[
    Optional[str],
    style_option(
        "gb7714-2025, gb7714-2015 or apa7; default: litgraph.toml's [references] style, else chosen "
        "from the list."
    ),
]
_STAGES = {"parse": "parse BibTeX", "check": "check entries", "compare": "compare entries"}


def check(
    bibs: BibArgument = None,
    bib: BibOption = None,
    style: Annotated[
        Optional[str],
        style_option(
            "gb7714-2025 or gb7714-2015: the edition the GB/T 7714 rules follow; default: "
            "litgraph.toml's [references] style when it is one, else gb7714-2025."
        ),
    ] = None,
    project: ProjectOption = None,
    json: JsonOption = False,
    fail_on: FailOnOption = FailOn.error,
    ignore: IgnoreOption = None,
    quiet: QuietOption = False,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Write the certain fixes (those shown as 'fix:') to <name>.fixed.bib, changing "
            "nothing else; the exit code then counts only the findings left.",
        ),
    ] = False,
    in_place: InPlaceOption = False,
    output: FixOutputOption = None,
) -> None:
    """Check BibTeX offline: fields, years, pages, DOI/ISSN/ISBN, duplicates, GB/T 7714 and consistency.

    --json: {summary, problems}, and with --fix also fixes: per file {file, written, backup,
    applied: [{key, field, codes, old, new}], skipped: [{key, field, codes, reason}]}.
    """
    from ..check.integrity import check_bibliography
    from ..check.integrity.fixes import findings_left, fix_files
    from ..output import terminal_checks
    from .progress import StepBars

    named = bib_files(bibs, bib)
    proj = None if named else load_project(project)
    edition = _gbt_edition(style, proj)
    files = _files(named, proj)
    check_fix_options(fix, in_place, output, len(files))
    with StepBars(_STAGES, enabled=not (quiet or json)) as bars:
        bibliography = _bibliography(named, proj, bars)
        problems = _without(check_bibliography(bibliography, bars, edition), ignore)
    summary = {
        "style": edition.name,
        "files": bibliography.files,
        "entries": bibliography.heads,
        "references": len(bibliography.references),
        **_counts(problems),
    }
    fixes = (
        fix_files(files, bibliography.references, problems, output=output, in_place=in_place) if fix else None
    )
    left = findings_left(problems, fixes or [])
    if fixes is not None:
        summary["fixed"] = len(problems) - len(left)
    if json:
        data = {"summary": summary, "problems": [p.as_dict() for p in problems]}
        print_json(data if fixes is None else {**data, "fixes": [f.as_dict() for f in fixes]})
    else:
        terminal_checks.print_findings(console, problems, bibliography.files, "line")
        console.print(
            f"{summary['entries']} entries in {len(bibliography.files)} file(s){_not_used(summary)}: "
            f"{_count_text(summary)}" + (f" ({summary['fixed']} fixed)" if fixes is not None else ""),
            highlight=False,
        )
        for done in fixes or []:
            if not quiet:
                terminal_checks.print_fixes(err_console, done.shown, done.report, done.waiting)
    exit_for((p.severity for p in left), fail_on)


def _gbt_edition(style: str | None, proj):
    """The GB/T 7714 edition of check's GB/T rules: --style, else litgraph.toml's when it names one."""
    from ..check.integrity import DEFAULT_EDITION
    from ..project import CONFIG_NAME
    from ..style.render import get_style, read_list_settings

    if style is not None:
        chosen = get_style(style)
        if chosen.family != "gbt":
            raise LitgraphError(
                f"check's --style is a GB/T 7714 edition, not '{style}'",
                hint="use gb7714-2025 or gb7714-2015 (cite-check --style also takes apa7)",
            )
        return chosen
    if proj is not None:
        named = read_list_settings(proj.section("references"), str(proj.root / CONFIG_NAME)).style
        if named is not None and get_style(named).family == "gbt":
            return get_style(named)
    return get_style(DEFAULT_EDITION)


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
    style: StyleOption = None,
    project: ProjectOption = None,
    json: JsonOption = False,
    fail_on: FailOnOption = FailOn.error,
    ignore: IgnoreOption = None,
    quiet: QuietOption = False,
) -> None:
    """Check the manuscript's in-text citations against the reference list, and the list against the text;
    the list the manuscript types is checked against its .bib entries and the style."""
    from ..check.citations import project_settings
    from ..check.citations.run import check_citations
    from ..output import terminal_checks
    from ..parse.manuscript import location_unit, read_manuscript
    from ..parse.reflist import syntax_of
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
    wanted, source = _list_settings(style, proj)
    field_codes = None
    if syntax_of(manuscript) == "docx":
        from ..parse.sources.docx import read_docx_citations

        field_codes = read_docx_citations(manuscript, shown)
    result = check_citations(
        read_manuscript(manuscript, shown),
        bibliography,
        unit,
        **labels,
        syntax=syntax_of(manuscript),
        list_settings=wanted,
        style_source=source,
        field_codes=field_codes,
    )
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
        "matched_by": _matched_by(result.citations),
        "field_codes": result.field_codes,
        "typed_references": len(result.references),
        "style": result.style,
        "order": result.order,
        "style_source": result.style_source,
        **_counts(problems),
    }
    if json:
        print_json(
            {
                "summary": summary,
                "citations": [c.as_dict() for c in result.citations],
                "reference_list": [r.as_dict() for r in result.references],
                "problems": [p.as_dict() for p in problems],
            }
        )
    else:
        terminal_checks.print_findings(console, problems, [shown, *bibliography.files], unit)
        how = ", ".join(f"{count} by {way}" for way, count in summary["matched_by"].items())
        console.print(
            f"{summary['citations']} citations ({matched} matched{': ' + how if how else ''}) against "
            f"{summary['references']} references{_not_used(summary)}: {_count_text(summary)}",
            highlight=False,
        )
        if result.style:
            why = (
                f"as {source} asks"
                if source
                else f"chosen because {result.style_source} (--style to choose another)"
            )
            console.print(
                f"reference list: {len(result.references)} typed references checked against "
                f"{result.style_title}, {why}",
                highlight=False,
            )
    exit_for((p.severity for p in problems), fail_on)


def _list_settings(style: str | None, proj):
    """What the typed list is checked against: --style, else litgraph.toml's [references], else the list."""
    from ..project import CONFIG_NAME
    from ..style.render import ListSettings, get_style, read_list_settings

    settings = (
        read_list_settings(proj.section("references"), str(proj.root / CONFIG_NAME))
        if proj
        else ListSettings()
    )
    if style is not None:
        get_style(style)  # a misspelt name is a usage error, with the closest name
        return ListSettings(style, settings.order, settings.lang, settings.group_by_language), "--style"
    if settings.style is not None:
        get_style(settings.style, order=settings.order)
        return settings, f"{CONFIG_NAME}'s [references] style"
    return settings, ""


def _matched_by(citations) -> dict[str, int]:
    """How many citations were matched each way: 'Zotero field codes', 'author-year', 'key'."""
    from ..parse.sources.fieldcodes import MANAGERS

    counts: dict[str, int] = {}
    for citation in citations:
        if citation.key:
            way = f"{MANAGERS[citation.manager]} field codes" if citation.manager else citation.matched_by
            counts[way] = counts.get(way, 0) + 1
    return counts


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


def _files(paths: list[Path] | None, proj) -> list[tuple[Path, str]]:
    """The files named on the command line, else the project's, each with its name as the user knows it."""
    if paths:
        return [(path, str(path)) for path in paths]
    return [(path, proj.shown(path)) for path in proj.bibtex]


def _bibliography(paths: list[Path] | None, proj, steps):
    from ..parse.bibtex import load_bibliography

    files = _files(paths, proj)
    return load_bibliography([path for path, _ in files], [shown for _, shown in files], steps=steps)


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
