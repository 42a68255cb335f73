"""`litgraph import`: references in from typed lists, Word field codes and reference-manager exports.

Works inside a project (new entries go to references/imported.bib, which is added to
litgraph.toml) or outside one with `-o FILE` or `--json`, like `check BIB`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import ProjectError
from ..records import Problem, Severity
from .common import (
    FailOn,
    FailOnOption,
    JsonOption,
    ProjectOption,
    QuietOption,
    choose_format,
    console,
    err_console,
    exit_for,
    format_option,
    handle_errors,
    output_option,
    plain,
    print_json,
    print_message,
)

DEFAULT_OUTPUT = Path("references") / "imported.bib"
_FORMATS = "auto|text|docx|ris|refer|refworks|noteexpress|csljson|endnote-xml|bibtex"


def import_references(
    sources: Annotated[list[Path], typer.Argument(help="Files to read references from.", show_default=False)],
    fmt: Annotated[str, format_option(f"The files' format: {_FORMATS}; default: auto.")] = "auto",
    output: Annotated[
        Optional[Path], output_option(f"BibTeX file to add entries to; default: {DEFAULT_OUTPUT}.")
    ] = None,
    json: JsonOption = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing; say what would be written.")
    ] = False,
    project: ProjectOption = None,
    fail_on: FailOnOption = FailOn.error,
    quiet: QuietOption = False,
) -> None:
    """Import references from typed lists (.txt, .md, .tex, .docx), Word field codes (Zotero, Mendeley,
    EndNote, NoteExpress) and exports (RIS, refer/.enw, RefWorks, NoteExpress .net, CSL-JSON,
    EndNote XML, BibTeX) as BibTeX entries."""
    from ..output.imported import plan_import
    from ..parse.sources import read_source

    if output is not None:
        choose_format(None, output, {".bib": "bibtex"}, ("bibtex",), "bibtex")
    proj = _project(project, required=not (json or output))
    target = output if output is not None else proj.root / DEFAULT_OUTPUT if proj else None
    reads = [read_source(path, fmt, str(path)) for path in sources]  # messages name them as given
    # each entry's importsource names its file relative to the project
    recorded_as = {str(path): proj.shown(path) for path in sources} if proj else {}
    records = [record for read in reads for record in read.records]
    problems = [problem for read in reads for problem in read.problems]
    plan = plan_import(records, _existing(proj, target))
    review = [
        _review(entry) for entry in plan.added if entry.record.uncertain
    ]  # listed, and --fail-on warning
    if json or target is None:
        print_json([_as_json(entry) for entry in plan.planned])
        _print_problems(problems)  # stdout holds the records; what was not read is said on stderr
        exit_for((p.severity for p in problems + review), fail_on)
    for read in reads:
        _print_read(read)
    wrote = "" if dry_run else _write(plan, target, proj, recorded_as)
    _print_plan(plan, str(output) if output is not None else proj.shown(target), dry_run, wrote, quiet)
    _print_problems(problems)
    exit_for((p.severity for p in problems + review), fail_on)


def _project(explicit: Path | None, required: bool):
    from ..project import find_project

    try:
        return find_project(explicit)
    except ProjectError as error:
        if error.location is not None:  # found, and wrong: its own message says what to change
            raise
        if required or explicit is not None:
            raise ProjectError(
                error.message, error.location, hint="outside a project, pass -o FILE.bib (or --json)"
            ) from None
        return None


def _existing(proj, target: Path | None):
    """The project's entries and the import file's own (when it is not in the project yet)."""
    from ..parse.bibtex import load_bibliography

    paths = list(proj.bibtex) if proj else []
    if (
        target is not None
        and target.is_file()
        and not any(path.resolve() == target.resolve() for path in paths)
    ):
        paths.append(target)
    paths = [path for path in paths if path.is_file()]
    if not paths:
        return []
    shown = [proj.shown(path) if proj else str(path) for path in paths]
    return load_bibliography(paths, shown).references


def _review(entry) -> Problem:
    from ..output.imported import uncertainty_note

    return Problem(
        Severity.WARNING,
        f"imported as {entry.key} for review: {uncertainty_note(entry.record)}",
        entry.record.location,
        key=entry.key,
        code="import-uncertain",
    )


def _as_json(entry) -> dict:
    data = entry.record.as_json()
    if entry.added:
        data["id"] = entry.key
    else:
        data["duplicate-of"] = entry.existing
    return data


def _write(plan, target: Path, proj, recorded_as: dict[str, str]) -> str:
    """Append the new entries to the import file (atomically: an interrupted import leaves it as it
    was) and name the file in litgraph.toml; returns what was done."""
    from ..files import atomic_write_bytes

    if not plan.added:
        return ""
    previous = target.read_bytes() if target.is_file() else b""
    if previous and not previous.endswith(b"\n"):
        previous += b"\n"
    separator = b"\n" if previous else b""
    atomic_write_bytes(target, previous + separator + plan.bibtex(recorded_as).encode("utf-8"))
    if proj is None:
        return "wrote"
    from ..project_files import add_bibtex_file

    return "wrote, listed" if add_bibtex_file(proj, target) else "wrote"


_FORMAT_NAMES = {
    "text": "typed reference list", "docx": "Word document", "ris": "RIS", "wos": "Web of Science",
    "refer": "EndNote refer", "refworks": "RefWorks", "noteexpress": "NoteExpress", "csljson": "CSL-JSON",
    "endnote-xml": "EndNote XML", "bibtex": "BibTeX",
}  # fmt: skip


def _print_read(read) -> None:
    encoding = f", read as {read.encoding}" if read.encoding else ""
    uncertain = sum(1 for record in read.records if record.uncertain)
    doubtful = f", {uncertain} uncertain" if uncertain else ""
    console.print(
        f"{plain(read.file)}: {_FORMAT_NAMES.get(read.format, read.format)}{plain(encoding)}: "
        f"{len(read.records)} reference(s){doubtful}",
        highlight=False,
        soft_wrap=True,
    )
    for note in read.notes:
        console.print(f"  {plain(note)}", style="dim", highlight=False)


def _print_plan(plan, target: str, dry_run: bool, wrote: str, quiet: bool) -> None:
    added, duplicates = plan.added, plan.duplicates
    verb = "would add" if dry_run else "added"
    if added:
        listed = " and listed it in litgraph.toml" if "listed" in wrote else ""
        console.print(
            f"{verb} {len(added)} entr{'y' if len(added) == 1 else 'ies'} to {plain(target)}{listed}",
            highlight=False,
        )
    else:
        console.print(f"nothing new to add to {plain(target)}", highlight=False)
    uncertain = [entry for entry in added if entry.record.uncertain]
    if uncertain:
        console.print(
            f"{len(uncertain)} uncertain parse(s), imported with an importnote for review "
            "(`litgraph check` lists them):",
            style="yellow",
            highlight=False,
        )
        for entry in uncertain:
            from ..output.imported import uncertainty_note

            note = f"{entry.record.location}  {entry.key}: {uncertainty_note(entry.record)}"
            console.print(f"  {plain(note)}", highlight=False, soft_wrap=True)  # a path unbroken
    if duplicates:
        console.print(f"{len(duplicates)} already there, not added again:", highlight=False)
        for entry in duplicates[: None if not quiet else 0]:
            console.print(
                f"  {plain(entry.record.location)}  = {plain(entry.existing)} ({plain(entry.existing_in)})",
                style="dim",
                highlight=False,
                soft_wrap=True,
            )


def _print_problems(problems) -> None:
    for problem in problems:
        print_message(err_console, problem.severity.value, problem.message, problem.location)


def register(app: typer.Typer) -> None:
    app.command("import")(handle_errors(import_references))
