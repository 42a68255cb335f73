"""Commands that write what people look at: diagram, report, sem, export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError, LitgraphError
from ..records import Location
from .common import (
    BackendOption,
    LangOption,
    ProjectOption,
    choose_format,
    console,
    err_console,
    handle_errors,
    load_project,
)
from .query_cmds import questions_for

OutputOption = Annotated[
    Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]


def _write(data: bytes, output: Path | None, binary: bool) -> None:
    """To the file atomically, else to stdout (a binary format needs a file)."""
    from ..files import atomic_write_bytes

    if output is not None:
        atomic_write_bytes(output, data)
        console.print(f"wrote {output}", highlight=False)
    elif binary:
        raise LitgraphError("this format is binary: add -o FILE")
    else:
        sys.stdout.write(data.decode("utf-8"))


_FIGURE_SUFFIXES = {
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
}


def diagram(
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format", "-f", help="svg, png, pdf, dot or mermaid (default: from the -o suffix, else svg)."
        ),
    ] = None,
    output: OutputOption = None,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = "",
) -> None:
    """The research-model figure: constructs left to right, an arrow per hypothesis, moderators onto paths."""
    from rich.markup import escape

    from ..output.diagram import BINARY_FORMATS, FORMATS, figure, unlinked

    chosen = choose_format(fmt, output, _FIGURE_SUFFIXES, FORMATS, "svg")
    questions = questions_for(load_project(project), backend, lang)
    constructs, hypotheses = questions.constructs(), questions.backend.hypotheses()
    for construct in unlinked(constructs, hypotheses):
        named = escape(f"{construct.id} ({construct.label(questions.lang)})")
        err_console.print(
            f"[yellow]warning:[/] construct {named} is in no hypothesis: drawn apart, below the model",
            highlight=False,
            soft_wrap=True,
        )
    data = figure(constructs, hypotheses, questions.lang, chosen)
    _write(data, output, chosen in BINARY_FORMATS)


def report(
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output",
            "-o",
            help="The HTML file to write; default report.html, replaced only if litgraph wrote it.",
            show_default=False,
        ),
    ] = None,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = "",
) -> None:
    """The page to read before submitting (one HTML file): figure, tables, cite-check, BibTeX check,
    verify verdicts and audit flags linked to the hypotheses they affect. Default --lang: the review's."""
    from ..check.submission import review_language
    from ..files import atomic_write_text
    from ..output.report import build_report, made_by_litgraph

    if output is None:
        output = Path("report.html")
        if output.exists() and not made_by_litgraph(output):
            raise InputError(
                "exists and is not a report litgraph wrote: nothing was written",
                Location(str(output)),
                hint="name the file with -o (-o report.html replaces this one)",
            )
    proj = load_project(project)
    questions = questions_for(proj, backend, lang, lambda opened: review_language(proj, opened.constructs()))
    written = atomic_write_text(output, build_report(questions, proj))
    console.print(
        f"wrote {output}" + (" (replacing the file that was there)" if written.replaced else ""),
        highlight=False,
    )


def sem(
    fmt: Annotated[str, typer.Option("--format", "-f", help="lavaan (R) or semopy (Python).")] = "lavaan",
    output: OutputOption = None,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = "",
) -> None:
    """The model as SEM syntax: regressions, indirect effects of mediations, interactions for moderations."""
    from ..output.sem import FORMATS, to_syntax

    chosen = choose_format(fmt, None, {}, FORMATS)
    questions = questions_for(load_project(project), backend, lang)
    text = to_syntax(
        questions.constructs(),
        questions.backend.hypotheses(),
        chosen,
        questions.lang,
        questions.backend.review().id,
    )
    _write(text.encode("utf-8"), output, binary=False)


def export(
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format",
            "-f",
            help="turtle, jsonld, nquads, graphml, gexf, vosviewer or cypher (default: from the -o suffix).",
        ),
    ] = None,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output",
            "-o",
            help="The file to write (for vosviewer a prefix: PREFIX_map.txt and PREFIX_network.txt).",
        ),
    ] = None,
    project: ProjectOption = None,
    lang: LangOption = "",
) -> None:
    """The review graph for other tools: RDF, Gephi (GraphML, GEXF), VOSviewer map and network, Cypher."""
    from ..output import exports

    chosen = choose_format(fmt, output, exports.SUFFIXES, exports.FORMATS)
    proj = load_project(project)
    if chosen in exports.RDF_FORMATS:
        from ..query.open import open_store

        _, store = open_store(proj)
        _write(exports.rdf_export(store, chosen), output, binary=False)
        return
    if chosen == "cypher":
        _write(exports.cypher_script(proj).encode("utf-8"), output, binary=False)
        return
    if output is None:
        target = "PREFIX" if chosen == "vosviewer" else f"FILE.{chosen}"
        raise LitgraphError(f"{chosen} needs a file: add -o {target}")
    questions = questions_for(proj, "embedded", lang)
    graph = exports.review_network(questions)
    if chosen == "vosviewer":
        for path in exports.write_vosviewer(graph, exports.cocitations(questions), output):
            console.print(f"wrote {path}", highlight=False)
    else:
        exports.write_network(graph, chosen, output)
        console.print(f"wrote {output}", highlight=False)


def register(app: typer.Typer) -> None:
    for command in (diagram, report, sem, export):
        app.command()(handle_errors(command))
