"""Commands that write what people look at: diagram, report, sem, export.

Each writes its file (-o) or, for a text format, stdout. With --json it prints what it did
instead, as JSON: the files written (or, with no -o, the text itself), their format, and any
warnings, so that a script never reads a figure where it expects JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError, LitgraphError
from ..records import Location
from .common import (
    BackendOption,
    JsonOption,
    LangOption,
    ProjectOption,
    choose_format,
    console,
    err_console,
    format_option,
    handle_errors,
    load_project,
    output_option,
    plain,
    print_json,
    print_message,
    print_output,
)
from .query_cmds import questions_for

OutputOption = Annotated[Optional[Path], output_option()]


def _write(data: bytes, output: Path | None, binary: bool, fmt: str, json: bool, warnings=()) -> None:
    """To the file atomically, else to stdout (a binary format needs a file); with `json`, what was
    done as JSON."""
    from ..files import atomic_write_bytes

    if output is None and binary:
        raise LitgraphError(f"{fmt} is a binary format: add -o FILE")
    if output is not None:
        atomic_write_bytes(output, data)
    if json:
        done = {"wrote": [str(output)]} if output is not None else {"text": data.decode("utf-8")}
        print_json({"format": fmt, **done, "warnings": list(warnings)})
        return
    for warning in warnings:
        print_message(err_console, "warning", warning)
    if output is not None:
        console.print(f"wrote {plain(output)}", highlight=False)
    else:
        print_output(data.decode("utf-8"))


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
        format_option("svg, png, pdf, dot or mermaid; default: the -o file's suffix, else svg."),
    ] = None,
    output: OutputOption = None,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """The research-model figure: constructs left to right, an arrow per hypothesis, moderators onto paths."""
    from ..output.diagram import BINARY_FORMATS, FORMATS, figure, unlinked

    chosen = choose_format(fmt, output, _FIGURE_SUFFIXES, FORMATS, "svg")
    questions = questions_for(load_project(project), backend, lang)
    constructs, hypotheses = questions.constructs(), questions.backend.hypotheses()
    warnings = [
        f"construct {construct.id} ({construct.label(questions.lang)}) is in no hypothesis: "
        "drawn apart, below the model"
        for construct in unlinked(constructs, hypotheses)
    ]
    data = figure(constructs, hypotheses, questions.lang, chosen)
    _write(data, output, chosen in BINARY_FORMATS, chosen, json, warnings)


def report(
    output: Annotated[
        Optional[Path],
        output_option("The HTML file to write; default report.html, replaced only if litgraph wrote it."),
    ] = None,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = None,
    json: JsonOption = False,
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
    choose_format(None, output, {".html": "html", ".htm": "html"}, ("html",), "html")
    proj = load_project(project)
    questions = questions_for(proj, backend, lang, lambda opened: review_language(proj, opened.constructs()))
    written = atomic_write_text(output, build_report(questions, proj))
    if json:
        print_json({"format": "html", "wrote": [str(output)], "replaced": written.replaced})
        return
    console.print(
        f"wrote {plain(output)}" + (" (replacing the file that was there)" if written.replaced else ""),
        highlight=False,
    )


def sem(
    fmt: Annotated[str, format_option("lavaan (R) or semopy (Python).")] = "lavaan",
    output: Annotated[
        Optional[Path], output_option("Write the syntax to this file (any text file) instead of stdout.")
    ] = None,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """The model as SEM syntax: regressions, indirect effects of mediations, interactions for moderations."""
    from ..output.sem import FORMATS, to_syntax

    chosen = choose_format(fmt, None, {}, FORMATS)  # R or Python source: any suffix a text file takes
    questions = questions_for(load_project(project), backend, lang)
    text = to_syntax(
        questions.constructs(),
        questions.backend.hypotheses(),
        chosen,
        questions.lang,
        questions.backend.review().id,
    )
    _write(text.encode("utf-8"), output, False, chosen, json)


def export(
    fmt: Annotated[
        Optional[str],
        format_option(
            "turtle, jsonld, nquads, graphml, gexf, vosviewer or cypher; default: the -o file's suffix."
        ),
    ] = None,
    output: Annotated[
        Optional[Path],
        output_option("The file to write (for vosviewer a prefix: PREFIX_map.txt and PREFIX_network.txt)."),
    ] = None,
    project: ProjectOption = None,
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """The review graph for other tools: RDF, Gephi (GraphML, GEXF), VOSviewer map and network, Cypher."""
    from ..output import exports

    chosen = choose_format(fmt, None if fmt == "vosviewer" else output, exports.SUFFIXES, exports.FORMATS)
    proj = load_project(project)
    if chosen in exports.RDF_FORMATS:
        from ..query.open import open_store

        _, store = open_store(proj)
        _write(exports.rdf_export(store, chosen), output, False, chosen, json)
        return
    if chosen == "cypher":
        _write(exports.cypher_script(proj).encode("utf-8"), output, False, chosen, json)
        return
    if output is None:
        target = "PREFIX" if chosen == "vosviewer" else f"FILE.{chosen}"
        raise LitgraphError(f"{chosen} needs a file: add -o {target}")
    questions = questions_for(proj, "embedded", lang)
    graph = exports.review_network(questions)
    if chosen == "vosviewer":
        written = list(exports.write_vosviewer(graph, exports.cocitations(questions), output))
    else:
        exports.write_network(graph, chosen, output)
        written = [output]
    if json:
        print_json({"format": chosen, "wrote": [str(path) for path in written], "warnings": []})
        return
    for path in written:
        console.print(f"wrote {plain(path)}", highlight=False)


def register(app: typer.Typer) -> None:
    for command in (diagram, report, sem, export):
        app.command()(handle_errors(command))
