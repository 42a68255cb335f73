"""Commands that ask the model questions: paths, evidence, supports, show, tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import LitgraphError
from .common import (
    BackendOption,
    JsonOption,
    LangOption,
    ProjectOption,
    QuietOption,
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


def _questions(project: Path | None, backend: str, lang: str | None):
    return questions_for(load_project(project), backend, lang)


def questions_for(proj, backend: str, lang: str | None, default_lang=None):
    """The project's questions in `lang`, each cited work with its last `verify` status (the check
    layer's verdicts, joined here because query cannot import check). Without `lang`, the
    language `default_lang(backend)` gives, else the project's. A language no label of the model is
    in is answered in English (else the labels' first language), with a note saying so."""
    from ..check.citations import label_styles
    from ..check.verify.verdicts import load_verdicts
    from ..query.open import open_backend
    from ..query.service import ReviewQuestions

    opened = open_backend(proj, backend)
    wanted = lang or (default_lang(opened) if default_lang else proj.lang)
    styles = label_styles(proj)
    verified = {key: verdict.status.value for key, verdict in load_verdicts(proj).items()}
    questions = ReviewQuestions(opened, wanted, styles[wanted], verified)
    languages = sorted({tag for construct in questions.constructs() for tag in construct.labels})
    spelled = next((tag for tag in languages if tag.lower() == wanted.lower()), None)  # tags ignore case
    if spelled is not None and spelled != wanted:
        return ReviewQuestions(opened, spelled, styles[spelled], verified)
    if (
        languages and spelled is None and (lang or "lang" in proj.section("output"))
    ):  # asked for, not the default
        print_message(
            err_console,
            "note",
            f"the model has no labels in '{wanted}' (it has {', '.join(languages)}): "
            "labels and statements fall back to English, else to their first language",
        )
    return questions


def paths(
    source: Annotated[
        str, typer.Argument(help="Construct id or any label, e.g. 'community support' or 社群支持.")
    ],
    target: Annotated[str, typer.Argument(help="Construct id or label.")],
    max_length: Annotated[int, typer.Option("--max-length", min=1, help="Longest route, in steps.")] = 4,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Every route from one construct to another, with hypotheses, evidence and moderators per step."""
    from ..output import terminal

    questions = _questions(project, backend, lang)
    answer = questions.paths(source, target, max_length)
    if json:
        print_json(answer.as_dict())
        return
    terminal.print_paths(console, answer, questions)


def evidence(
    hypothesis: Annotated[str, typer.Argument(help="Hypothesis id, e.g. H1a.")],
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """The studies behind a hypothesis: claim, direction, page and reported statistics."""
    from ..output import terminal

    answer = _questions(project, backend, lang).evidence(hypothesis)
    if json:
        print_json(answer.as_dict())
        return
    terminal.print_evidence(console, answer)


def supports(
    key: Annotated[str, typer.Argument(help="A BibTeX key.")],
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """What a study backs: the hypotheses and construct definitions that cite it."""
    from ..output import terminal

    answer = _questions(project, backend, lang).supports(key)
    if json:
        print_json(answer.as_dict())
        return
    terminal.print_supports(console, answer)


def _neighbours(name: str, upstream: bool, depth: int, project, backend, lang, json) -> None:
    from ..output import terminal

    answer = _questions(project, backend, lang).neighbours(name, upstream, depth)
    if json:
        print_json(answer.as_dict())
        return
    terminal.print_neighbours(console, answer)


DepthOption = Annotated[int, typer.Option("--depth", "-d", min=1, help="How many steps away to look.")]
ConstructArg = Annotated[str, typer.Argument(help="Construct id or any label.")]


def antecedents(
    construct: ConstructArg,
    depth: DepthOption = 1,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Constructs hypothesised to affect this one (directly, or up to --depth steps away)."""
    _neighbours(construct, True, depth, project, backend, lang, json)


def consequents(
    construct: ConstructArg,
    depth: DepthOption = 1,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Constructs this one is hypothesised to affect (directly, or up to --depth steps away)."""
    _neighbours(construct, False, depth, project, backend, lang, json)


def show(
    name: Annotated[str, typer.Argument(help="A construct (id or label), hypothesis id or BibTeX key.")],
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Everything about one construct, hypothesis or reference."""
    from ..output import terminal

    questions = _questions(project, backend, lang)
    answer = questions.show(name)
    if json:
        print_json(answer.as_dict())
        return
    terminal.print_show(console, answer, questions.labels)


FormatOption = Annotated[
    Optional[str],
    format_option(
        "md, csv, latex, docx or json; default: the -o file's suffix, else a table on the terminal."
    ),
]
OutputOption = Annotated[Optional[Path], output_option()]


_TABLE_SUFFIXES = {".md": "md", ".csv": "csv", ".tex": "latex", ".docx": "docx", ".json": "json"}


def _table_format(fmt: str | None, output: Path | None, json: bool) -> str | None:
    """The table's file format, checked before any work is done; None for a table on the terminal.
    --json is --format json, as in every command that also has --format."""
    from ..output import tables

    if json and fmt not in (None, "json"):
        raise LitgraphError(f"--json and --format {fmt} ask for two formats: give one")
    if json:
        fmt = "json"
    if fmt is None and output is None:
        return None
    return choose_format(fmt, output, _TABLE_SUFFIXES, tables.FORMATS)


def _emit(table, rows_for_json, fmt: str | None, output: Path | None) -> None:
    from ..files import atomic_write_text
    from ..output import tables, terminal

    if fmt is None:
        console.print(terminal.table_grid(table))
        return
    if fmt == "docx":
        if output is None:
            raise LitgraphError("a Word table needs a file: add -o table.docx")
        tables.write_docx(table, output)
    else:
        text = tables.to_json(rows_for_json) if fmt == "json" else tables.render(table, fmt)
        if output is None:
            print_output(text)
        else:
            atomic_write_text(output, text)
    if output is not None:
        console.print(f"wrote {plain(output)}", highlight=False)


def hypotheses(
    fmt: FormatOption = None,
    output: OutputOption = None,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = None,
    json: JsonOption = False,
    flags: Annotated[
        bool,
        typer.Option(
            "--flags/--no-flags",
            help="Add the audit's flags (single study, missing or failing references) as a column.",
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """The review's hypothesis table: ID, statement, path, expected sign, supporting literature."""
    from ..output import tables
    from .progress import working

    chosen = _table_format(fmt, output, json)
    proj = load_project(project)
    questions = questions_for(proj, backend, lang)
    with working("reading the hypothesis table…", enabled=not (quiet or json)):
        views = questions.hypothesis_table()
        flag_texts = None
        if flags:
            from ..check.audit import hypothesis_flags

            flag_texts = hypothesis_flags(questions, proj)
    _emit(tables.hypothesis_table(views, questions.lang, questions.labels, flag_texts), views, chosen, output)


def constructs(
    table: Annotated[
        bool, typer.Option("--table", help="The construct-definition table (label, definition, sources).")
    ] = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """The model's constructs; --table gives the definition table for the paper."""
    from ..output import tables, terminal

    chosen = _table_format(fmt, output, json)
    questions = _questions(project, backend, lang)
    rows = questions.construct_table()
    if table or chosen:
        _emit(tables.construct_table(rows, questions.lang, questions.labels), rows, chosen, output)
        return
    console.print(terminal.construct_list(rows, questions.labels))


def register(app: typer.Typer) -> None:
    for command in (constructs, show, paths, evidence, supports, antecedents, consequents, hypotheses):
        app.command()(handle_errors(command))
