"""`litgraph verify`: the references' metadata against Crossref and OpenAlex."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..check.verify.verdicts import Status
from ..errors import EXIT_BACKEND
from ..records import Severity
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
    print_json,
    timeout_option,
)
from .fix_options import FixOutputOption, InPlaceOption, check_fix_options

_PROGRESS_FROM = 5  # references; fewer finish before a bar would be worth drawing


def verify(
    bibs: BibArgument = None,
    bib: BibOption = None,
    project: ProjectOption = None,
    json: JsonOption = False,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline",
            help="Answer from the cache only; an uncached reference is not checked (exit 3) "
            "and keeps its saved verdict.",
        ),
    ] = False,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Write the certain corrections (missing DOI; year, volume, "
            "number, pages of a certain match) to <name>.fixed.bib.",
        ),
    ] = False,
    in_place: InPlaceOption = False,
    output: FixOutputOption = None,
    mailto: Annotated[
        Optional[str],
        typer.Option("--mailto", help="Contact address for Crossref's polite pool.", show_default=False),
    ] = None,
    crossref_api: Annotated[
        Optional[str], typer.Option("--crossref-api", help="Crossref base URL.", show_default=False)
    ] = None,
    openalex_api: Annotated[
        Optional[str], typer.Option("--openalex-api", help="OpenAlex base URL.", show_default=False)
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=16, help="References looked up at once.")
    ] = 3,
    timeout: Annotated[
        float,
        timeout_option("Seconds one request may take in all; a server that keeps timing out is given up on."),
    ] = 20.0,
    only: Annotated[
        Optional[list[str]],
        typer.Option("--only", help="Verify only this key (repeatable).", show_default=False),
    ] = None,
    fail_on: FailOnOption = FailOn.error,
    quiet: QuietOption = False,
) -> None:
    """Check each reference against Crossref and OpenAlex: DOI first, then a search that must agree on
    several fields. Verdicts: verified, mismatch, not_found (a lead, not proof of fabrication),
    ambiguous, retracted, unverifiable, error.

    A run merges into the project's saved verdicts: a reference this run could not check keeps the
    verdict of an earlier run, marked as kept.

    --fail-on weighs a verdict as a finding: retracted and mismatch are errors, not_found and ambiguous
    warnings, unverifiable info.

    --json: a list of {key, status, source, doi, fields, message, links, checked, from_this_run,
    lookup_error}; fields: those differing, as {bib, found}; links: CNKI and Wanfang title searches for
    Chinese references no open source holds; checked: when the verdict was reached; lookup_error: what
    this run could not ask.

    Exit 3 when a reference could not be checked: a server could not be used, or --offline found no answer
    in the cache (each is still listed, with status error or its kept verdict); else 1 when a finding
    reaches --fail-on (an entry that could not be read is an error); else 0.
    """
    from ..check.verify.cache import default_cache_dir
    from ..check.verify.settings import Settings
    from ..check.verify.verdicts import save_verdicts
    from ..check.verify.verify import open_verifier, verify_all
    from ..output import terminal_checks
    from ..project import CONFIG_NAME

    named = bib_files(bibs, bib)
    proj, files = _inputs(named, project)
    check_fix_options(fix, in_place, output, len(files))
    every_ref, unread = _load(files)
    refs = _select(every_ref, only)
    overrides = {"crossref_api": crossref_api, "openalex_api": openalex_api, "mailto": mailto}
    settings = Settings.resolve(
        proj.section("verify") if proj else {}, overrides, config=str(proj.root / CONFIG_NAME) if proj else ""
    )
    cache_dir = default_cache_dir(proj.store_dir if proj else None)

    with open_verifier(
        settings, cache_dir, offline=offline, timeout=timeout, concurrency=concurrency
    ) as verifier:
        with _progress(len(refs), show=not (quiet or json) and len(refs) >= _PROGRESS_FROM) as advance:
            verdicts = verify_all(refs, verifier, workers=concurrency, on_verdict=advance)
    if proj and not named:  # the keys of entries that could not be read are unknown: forget none then
        known = None if unread else {ref.key for ref in every_ref}
        verdicts = save_verdicts(proj.store_dir, verdicts, known=known)
    if json:
        print_json([_as_json(verdict) for verdict in verdicts])
    else:
        terminal_checks.print_verdicts(console, refs, verdicts, quiet)
    terminal_checks.print_unread(err_console, unread)  # on stderr, so that --json stays a list of verdicts
    if fix:
        _write_fixes(files, refs, verdicts, output, in_place, quiet)
    unchecked = [v for v in verdicts if v.status is Status.ERROR or v.kept]
    if unchecked:
        kept = sum(v.kept for v in unchecked)
        why = (
            "not in the cache, and --offline asks no server"
            if offline
            else "a server could not be used (see their messages)"
        )
        err_console.print(
            f"{len(unchecked)} reference(s) not checked: {why}"
            + (f"; {kept} keep the verdict of an earlier run" if kept else ""),
            highlight=False,
        )
        raise typer.Exit(EXIT_BACKEND)
    exit_for([*(Severity.ERROR for _ in unread), *(v.status.severity for v in verdicts)], fail_on)


def _inputs(bibs: list[Path] | None, project: Path | None):
    """The project (for config, cache and verify.json) and the files as (path, shown name).

    Bare .bib paths need no project; with --project its settings and cache are used.
    """
    from ..project import find_project

    if bibs:
        proj = find_project(project) if project else None
        return proj, [(path, str(path)) for path in bibs]
    proj = find_project(project)
    return proj, [(path, proj.shown(path)) for path in proj.bibtex]


def _load(files):
    """The references to verify, and the problems of what cannot be verified: an entry
    the parser could not read (an entry without a key among them), a duplicate key, an
    empty file — reported (file:line, as `check` does) instead of lost."""
    from ..parse.bibtex import UNPARSED_CODES, load_bibliography

    bibliography = load_bibliography([path for path, _ in files], [shown for _, shown in files])
    unread = UNPARSED_CODES | {"empty-file"}
    return bibliography.references, [problem for problem in bibliography.problems if problem.code in unread]


def _select(refs, only: list[str] | None):
    if not only:
        return refs
    from difflib import get_close_matches

    from ..errors import NotFoundError

    keys = {ref.key for ref in refs}
    for key in only:
        if key not in keys:
            raise NotFoundError(f"no reference with key '{key}'", get_close_matches(key, sorted(keys), n=3))
    wanted = set(only)
    return [ref for ref in refs if ref.key in wanted]


@contextmanager
def _progress(total: int, show: bool):
    """A transient bar on stderr, drawn only on a terminal; yields the per-verdict callback."""
    if not show or not err_console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("verifying"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("verify", total=total)
        yield lambda verdict: progress.advance(task)


def _as_json(verdict) -> dict:
    return {**verdict.as_dict(), "from_this_run": not verdict.kept, "lookup_error": verdict.lookup_error}


def _write_fixes(files, refs, verdicts, output: Path | None, in_place: bool, quiet: bool) -> None:
    from ..check.corrections import write_corrections
    from ..output import terminal_checks

    corrections = {verdict.key: verdict.fixes for verdict in verdicts if verdict.fixes}
    for path, shown in files:
        mine = [ref for ref in refs if ref.location.file == shown]
        report = write_corrections(path, shown, mine, corrections, output=output, in_place=in_place)
        if not quiet:
            terminal_checks.print_fixes(err_console, shown, report)


def register(app: typer.Typer) -> None:
    app.command("verify")(handle_errors(verify))
