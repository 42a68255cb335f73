"""Commands that ask the model questions: paths, evidence, supports, show, tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table
from rich.tree import Tree

from ..errors import LitgraphError
from .common import (
    BackendOption,
    JsonOption,
    LangOption,
    ProjectOption,
    QuietOption,
    choose_format,
    console,
    handle_errors,
    load_project,
    print_json,
)


def _questions(project: Path | None, backend: str, lang: str):
    return questions_for(load_project(project), backend, lang)


def questions_for(proj, backend: str, lang: str):
    from ..check.citations import label_styles
    from ..query.open import open_backend
    from ..query.service import ReviewQuestions

    lang = lang or proj.lang
    return ReviewQuestions(open_backend(proj, backend), lang, label_styles(proj)[lang])


def _refs(cited, labels) -> str:
    return labels.join(c.label if c.listed else f"{c.label} [not in reference list]" for c in cited)


def paths(
    source: Annotated[
        str, typer.Argument(help="Construct id or any label, e.g. 'community support' or 社群支持.")
    ],
    target: Annotated[str, typer.Argument(help="Construct id or label.")],
    max_length: Annotated[
        int, typer.Option("--max-length", "-m", min=1, help="Longest route, in steps.")
    ] = 4,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = "",
    json: JsonOption = False,
) -> None:
    """Every route from one construct to another, with hypotheses, evidence and moderators per step."""
    questions = _questions(project, backend, lang)
    answer = questions.paths(source, target, max_length)
    if json:
        print_json(answer.as_dict())
        return
    title = f"{questions.label(answer.source)} → {questions.label(answer.target)}"
    if not answer.routes:
        console.print(f"No route from {title} within {max_length} steps.")
        return
    tree = Tree(f"[bold]{title}[/]: {len(answer.routes)} route(s)")
    for number, route in enumerate(answer.routes, 1):
        kind = f"  [dim](mediation {', '.join(route.mediations)})[/]" if route.mediations else ""
        branch = tree.add(f"[bold]{number}.[/] {' → '.join(route.labels)}{kind}")
        for step in route.steps:
            leg = f"{questions.label(step.source)} → {questions.label(step.target)}"
            for hyp in step.hypotheses:
                node = branch.add(f"[cyan]{hyp.id}[/] ({hyp.sign}) {leg}")
                if hyp.supported_by:
                    node.add(f"supported by: {_refs(hyp.supported_by, questions.labels)}")
                if hyp.contradicted_by:
                    node.add(f"[red]contradicted by[/]: {_refs(hyp.contradicted_by, questions.labels)}")
                for moderation in step.moderators:
                    node.add(
                        f"moderated by [magenta]{moderation.moderator_label}[/] "
                        f"({moderation.hypothesis}, {moderation.sign})"
                    )
        for moderation in route.moderated_mediations:
            branch.add(
                f"route moderated by [magenta]{moderation.moderator_label}[/] "
                f"({moderation.hypothesis}, {moderation.sign})"
            )
    console.print(tree)


def evidence(
    hypothesis: Annotated[str, typer.Argument(help="Hypothesis id, e.g. H1a.")],
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = "",
    json: JsonOption = False,
) -> None:
    """The studies behind a hypothesis: claim, direction, page and reported statistics."""
    answer = _questions(project, backend, lang).evidence(hypothesis)
    if json:
        print_json(answer)
        return
    _print_hypothesis(answer)


def _print_hypothesis(answer: dict) -> None:
    hyp = answer["hypothesis"]
    console.print(f"[bold cyan]{hyp['id']}[/] ({hyp['kind']}, {hyp['sign']}) {hyp['path']}")
    if hyp["statement"]:
        console.print(f"  {hyp['statement']}")
    for moderation in answer["moderated_by"]:
        console.print(
            f"  moderated by [magenta]{moderation['moderator_label']}[/] "
            f"({moderation['hypothesis']}, {moderation['sign']})"
        )
    optional = [
        (name, title)
        for name, title in (("page", "page"), ("beta", "β"), ("p", "p"), ("n", "N"))
        if any(item[name] not in (None, "") for item in answer["evidence"])
    ]
    table = Table("#", "study", "key", "direction", "claim", *(title for _, title in optional))
    for number, item in enumerate(answer["evidence"], 1):
        study = item["label"] if item["listed"] else f"{item['label']} [red](not in reference list)[/]"
        direction = item["direction"] if item["direction"] == "supports" else f"[red]{item['direction']}[/]"
        table.add_row(
            str(number),
            study,
            item["key"],
            direction,
            item["claim"],
            *("" if item[name] is None else str(item[name]) for name, _ in optional),
        )
    console.print(table if answer["evidence"] else "  no evidence recorded")


def supports(
    key: Annotated[str, typer.Argument(help="A BibTeX key.")],
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = "",
    json: JsonOption = False,
) -> None:
    """What a study backs: the hypotheses and construct definitions that cite it."""
    answer = _questions(project, backend, lang).supports(key)
    if json:
        print_json(answer)
        return
    _print_reference(answer)


def _print_reference(answer: dict) -> None:
    ref = answer["reference"]
    console.print(f"[bold]{answer['citation']}[/] [{ref['key']}] {ref['title']}")
    where = ", ".join(
        part
        for part in (
            ref["container"],
            ref["volume"] and f"vol. {ref['volume']}",
            ref["number"] and f"no. {ref['number']}",
            ref["pages"],
        )
        if part
    )
    console.print(f"  {where}  [dim]{ref['file']}:{ref['line']}[/]")
    if not answer["links"]:
        console.print("  cited by no hypothesis or construct of the model")
        return
    table = Table("kind", "id", "path", "direction", "claim")
    for link in answer["links"]:
        table.add_row(link["kind"], link["id"], link["path"], link["direction"], link["claim"])
    console.print(table)


def _neighbours(name: str, upstream: bool, depth: int, project, backend, lang, json) -> None:
    answer = _questions(project, backend, lang).neighbours(name, upstream, depth)
    if json:
        print_json(answer)
        return
    table = Table(
        "construct",
        "label",
        "distance",
        "hypotheses",
        "sign",
        title=f"{answer['direction']} of {answer['label']}",
        title_justify="left",
    )
    for item in answer["constructs"]:
        table.add_row(
            item["construct"],
            item["label"],
            str(item["distance"]),
            ", ".join(item["hypotheses"]),
            item["sign"],
        )
    console.print(table if answer["constructs"] else f"{answer['label']} has no {answer['direction']}.")
    for moderation in answer["moderators_on_its_paths"]:
        console.print(
            f"  moderated by [magenta]{moderation['moderator_label']}[/] "
            f"({moderation['hypothesis']}, {moderation['sign']})"
        )


DepthOption = Annotated[int, typer.Option("--depth", "-d", min=1, help="How many steps away to look.")]
ConstructArg = Annotated[str, typer.Argument(help="Construct id or any label.")]


def antecedents(
    construct: ConstructArg,
    depth: DepthOption = 1,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = "",
    json: JsonOption = False,
) -> None:
    """Constructs hypothesised to affect this one (directly, or up to --depth steps away)."""
    _neighbours(construct, True, depth, project, backend, lang, json)


def consequents(
    construct: ConstructArg,
    depth: DepthOption = 1,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = "",
    json: JsonOption = False,
) -> None:
    """Constructs this one is hypothesised to affect (directly, or up to --depth steps away)."""
    _neighbours(construct, False, depth, project, backend, lang, json)


def show(
    name: Annotated[str, typer.Argument(help="A construct (id or label), hypothesis id or BibTeX key.")],
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = "",
    json: JsonOption = False,
) -> None:
    """Everything about one construct, hypothesis or reference."""
    questions = _questions(project, backend, lang)
    answer = questions.show(name)
    if json:
        print_json(answer)
        return
    if answer["type"] == "hypothesis":
        _print_hypothesis(answer)
    elif answer["type"] == "reference":
        _print_reference(answer)
    else:
        labels = ", ".join(f"{text} ({lang})" for lang, text in answer["labels"].items())
        console.print(f"[bold]{answer['label']}[/] [{answer['id']}] {labels}")
        if answer["definition"]:
            console.print(f"  {answer['definition']}")
        if answer["defined_by"]:
            console.print("  defined by: " + questions.labels.join(c["label"] for c in answer["defined_by"]))
        table = Table("hypothesis", "kind", "sign", "path", "supported by")
        for hyp in answer["hypotheses"]:
            table.add_row(
                hyp["id"],
                hyp["kind"],
                hyp["sign"],
                hyp["path"],
                questions.labels.join(c["label"] for c in hyp["supported_by"]),
            )
        console.print(table)


FormatOption = Annotated[
    Optional[str],
    typer.Option("--format", "-f", help="md, csv, latex, docx or json (default: a table on the terminal)."),
]
OutputOption = Annotated[
    Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]


_TABLE_SUFFIXES = {".md": "md", ".csv": "csv", ".tex": "latex", ".docx": "docx", ".json": "json"}


def _table_format(fmt: str | None, output: Path | None) -> str | None:
    """The table's file format, checked before any work is done; None for a table on the terminal."""
    from ..output import tables

    if fmt is None and output is None:
        return None
    return choose_format(fmt, output, _TABLE_SUFFIXES, tables.FORMATS)


def _emit(table, rows_for_json, fmt: str | None, output: Path | None) -> None:
    from ..files import atomic_write_text
    from ..output import tables

    if fmt is None:
        grid = Table(*table.headers, title=table.title, title_justify="left", show_lines=True)
        for row in table.rows:
            grid.add_row(*row)
        console.print(grid)
        return
    if fmt == "docx":
        if output is None:
            raise LitgraphError("a Word table needs a file: add -o table.docx")
        tables.write_docx(table, output)
    else:
        text = tables.to_json(rows_for_json) if fmt == "json" else tables.render(table, fmt)
        if output is None:
            typer.echo(text, nl=False)
        else:
            atomic_write_text(output, text)
    if output is not None:
        console.print(f"wrote {output}", highlight=False)


def hypotheses(
    fmt: FormatOption = None,
    output: OutputOption = None,
    project: ProjectOption = None,
    backend: BackendOption = "embedded",
    lang: LangOption = "",
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

    chosen = _table_format(fmt, output)
    proj = load_project(project)
    questions = questions_for(proj, backend, lang)
    with working("reading the hypothesis table…", enabled=not quiet):
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
    lang: LangOption = "",
    json: JsonOption = False,
) -> None:
    """The model's constructs; --table gives the definition table for the paper."""
    from ..output import tables

    if json and fmt not in (None, "json"):
        raise LitgraphError(f"--json and --format {fmt} ask for two formats: give one")
    chosen = _table_format("json" if json else fmt, output)
    questions = _questions(project, backend, lang)
    rows = questions.construct_table()
    if table or chosen:
        _emit(tables.construct_table(rows, questions.lang, questions.labels), rows, chosen, output)
        return
    grid = Table("id", "labels", "also called", "defined by")
    for row in rows:
        grid.add_row(
            row["id"],
            "\n".join(f"{t} ({lang})" for lang, t in row["labels"].items()),
            "; ".join(alt for alts in row["alt_labels"].values() for alt in alts),
            questions.labels.join(c["label"] for c in row["defined_by"]),
        )
    console.print(grid)


def register(app: typer.Typer) -> None:
    for command in (constructs, show, paths, evidence, supports, antecedents, consequents, hypotheses):
        app.command()(handle_errors(command))
