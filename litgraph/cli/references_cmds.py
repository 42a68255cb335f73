"""`litgraph references`: the reference list in GB/T 7714 (2025, 2015) or APA 7.

Works on any .bib named on the command line, or on the project's, with the style read from
litgraph.toml's [references] table. A numeric list follows the manuscript's first citations
when there is one (the project's, or --manuscript). Entries lacking a title, a year or a known
type are rendered as far as they go and named on stderr (with --json: a JSON object
{"gaps": [{"key", "missing", "message"}]} there) as warnings; an entry that cannot be read is an
error. The command exits 1 when one reaches --fail-on (default: warning, so that a list with a gap
never passes unnoticed).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import LitgraphError
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
    err_console,
    exit_for,
    format_option,
    handle_errors,
    lang_option,
    load_project,
    output_option,
    plain,
    print_json,
    print_message,
    print_output,
    style_option,
)

_DEFAULT_STYLE = "gb7714-2025"  # the standard in force since 2026-07-01


def references(
    bibs: BibArgument = None,
    bib: BibOption = None,
    style: Annotated[
        Optional[str],
        style_option("gb7714-2025, gb7714-2015 or apa7; default: litgraph.toml's, else gb7714-2025."),
    ] = None,
    order: Annotated[
        Optional[str], typer.Option("--order", help="numeric or author-date; default: the style's.")
    ] = None,
    lang: Annotated[
        Optional[str],
        lang_option("zh or en: GB/T's words (等 or et al.) for entries of no evident language."),
    ] = None,
    fmt: Annotated[
        Optional[str], format_option("txt, md, html, docx or json; default: the -o file's suffix, else txt.")
    ] = None,
    output: Annotated[Optional[Path], output_option("Write the list to this file.")] = None,
    cited_only: Annotated[
        bool, typer.Option("--cited-only", help="Only the entries the manuscript cites.")
    ] = False,
    manuscript: Annotated[
        Optional[Path],
        typer.Option(
            "--manuscript",
            "-m",
            help="The manuscript whose citations order a numeric list; default: the project's.",
        ),
    ] = None,
    project: ProjectOption = None,
    json: JsonOption = False,
    quiet: QuietOption = False,
    fail_on: FailOnOption = FailOn.warning,
) -> None:
    """Write the reference list in GB/T 7714-2025/-2015 or APA 7: txt, md, html, Word or JSON."""
    from ..check.citations.run import check_citations
    from ..output.reflist import FORMATS, SUFFIXES, build_list, write
    from ..parse.bibtex import UNPARSED_CODES, load_bibliography
    from ..parse.csl import to_csl
    from ..parse.manuscript import location_unit, read_manuscript
    from ..project import CONFIG_NAME
    from ..style.render import ListSettings, get_style, read_list_settings
    from .common import choose_format

    files = bib_files(bibs, bib)
    proj = None if files else load_project(project)
    settings = (
        read_list_settings(proj.section("references"), str(proj.root / CONFIG_NAME))
        if proj
        else ListSettings()
    )
    chosen = get_style(
        style or settings.style or _DEFAULT_STYLE,
        order=order or settings.order,
        lang=lang or settings.lang,
    )
    fmt = choose_format(fmt, output, SUFFIXES, FORMATS, default="txt")
    if fmt == "docx" and output is None:
        raise LitgraphError("a Word list needs a file", hint="add -o references.docx")
    if files:
        paths, shown = files, [str(path) for path in files]
    else:
        assert proj is not None  # no files named: load_project found one or raised
        paths, shown = proj.bibtex, [proj.shown(path) for path in proj.bibtex]
    bibliography = load_bibliography(paths, shown)
    items = [to_csl(reference) for reference in bibliography.references]
    text_file = manuscript or (proj.manuscript if proj else None)
    cited = None
    if text_file is not None:
        where = proj.shown(text_file) if proj and manuscript is None else str(text_file)
        found = check_citations(
            read_manuscript(text_file, where), bibliography, location_unit(text_file), typed_list=False
        )
        cited = [citation.key for citation in found.citations if citation.key]
    elif cited_only:
        raise LitgraphError(
            "--cited-only needs a manuscript", hint="pass --manuscript FILE, or name one in litgraph.toml"
        )
    reflist = build_list(
        items,
        chosen,
        cited=cited,
        cited_only=cited_only,
        group_by_language=settings.group_by_language,
    )
    text = write(reflist, fmt, output) if (output or not json) else None
    if json:
        print_json(reflist.as_json())
    elif text is not None:
        print_output(text)
    unread = [problem for problem in bibliography.problems if problem.code in UNPARSED_CODES]
    _report(reflist.gaps, unread, json, quiet)
    if not reflist.entries and not (json or quiet):
        print_message(err_console, "note", f"no references in {', '.join(shown)}")
    if output is not None and not (json or quiet):
        err_console.print(
            f"wrote {len(reflist.entries)} references ({chosen.name}) to {plain(output)}", highlight=False
        )
    exit_for([*(Severity.ERROR for _ in unread), *(Severity.WARNING for _ in reflist.gaps)], fail_on)


def _report(gaps, unread, json: bool, quiet: bool) -> None:
    """Each incomplete entry by key and each unreadable one by place, on stderr."""
    if json:
        import json as json_module

        found = {"gaps": [gap.as_dict() for gap in gaps], "unread": [problem.as_dict() for problem in unread]}
        sys.stderr.write(json_module.dumps(found, ensure_ascii=False) + "\n")
        return
    for problem in unread:
        print_message(err_console, "error", problem.message, problem.location)
    if quiet:
        return
    for gap in gaps:
        print_message(err_console, "warning", gap.message, gap.key)


def register(app: typer.Typer) -> None:
    app.command("references")(handle_errors(references))
