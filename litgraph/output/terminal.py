"""Answers and graph summaries drawn on a terminal with Rich: trees, tables, problem lists.

The CLI parses arguments, asks `ReviewQuestions` (or the build, or the validation)
and hands the answer here with its console; what a script reads is the same answer
as JSON. Everything drawn comes from the answer, never from another lookup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from ..query.answers import (
    Cited,
    ConstructAnswer,
    ConstructEntry,
    EvidenceAnswer,
    Moderation,
    NeighboursAnswer,
    PathsAnswer,
    ShowAnswer,
    SupportsAnswer,
)
from ..records import Problem
from ..style.labels import LabelStyle
from .console import plain, plain_text
from .marks import verify_text
from .terminal_checks import STATUS_STYLE

if TYPE_CHECKING:  # what is only named here: `paths` must not wait for the build's or Word's libraries
    from ..check.validate import Validation
    from ..graph.state import BuildResult
    from ..project import Project
    from ..query.service import ReviewQuestions
    from . import tables

_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


# --- answers ---------------------------------------------------------------------------------


def verify_mark(status: str) -> str:
    """Rich markup for a verify status (a study never verified says so)."""
    return f"[{STATUS_STYLE.get(status, 'dim')}]{plain(verify_text(status))}[/]"


def _study(cited: Cited) -> str:
    """A cited work's label, then what it lacks: an entry in the reference list, or its verify status."""
    if not cited.listed:
        return f"{plain(cited.label)} [red](not in reference list)[/]"
    return f"{plain(cited.label)} ({verify_mark(cited.verify)})"


def _cited(cited: list[Cited], labels: LabelStyle) -> str:
    return labels.join(_study(c) for c in cited)


def _moderation(moderation: Moderation, prefix: str = "moderated by") -> str:
    return (
        f"{prefix} [magenta]{plain(moderation.moderator_label)}[/] "
        f"({plain(moderation.hypothesis)}, {plain(moderation.sign)})"
    )


def print_paths(console: Console, answer: PathsAnswer, questions: ReviewQuestions) -> None:
    """A tree: each route, each step's hypotheses with their studies and moderators."""
    title = plain(f"{questions.label(answer.source)} → {questions.label(answer.target)}")
    if not answer.routes:
        console.print(f"No route from {title} within {answer.max_length} steps.")
        return
    tree = Tree(f"[bold]{title}[/]: {len(answer.routes)} route(s)")
    for number, route in enumerate(answer.routes, 1):
        kind = f"  [dim](mediation {plain(', '.join(route.mediations))})[/]" if route.mediations else ""
        branch = tree.add(f"[bold]{number}.[/] {plain(' → '.join(route.labels))}{kind}")
        for step in route.steps:
            leg = plain(f"{questions.label(step.source)} → {questions.label(step.target)}")
            for hyp in step.hypotheses:
                node = branch.add(f"[cyan]{plain(hyp.id)}[/] ({plain(hyp.sign)}) {leg}")
                if hyp.supported_by:
                    node.add(f"supported by: {_cited(hyp.supported_by, questions.labels)}")
                if hyp.contradicted_by:
                    node.add(f"[red]contradicted by[/]: {_cited(hyp.contradicted_by, questions.labels)}")
                for moderation in step.moderators:
                    node.add(_moderation(moderation))
        for moderation in route.moderated_mediations:
            branch.add(_moderation(moderation, "route moderated by"))
    console.print(tree)


def print_evidence(console: Console, answer: EvidenceAnswer) -> None:
    """The hypothesis, its moderators, and a table of its studies (with the statistics any has)."""
    hyp = answer.hypothesis
    console.print(f"[bold cyan]{plain(hyp.id)}[/] ({hyp.kind}, {plain(hyp.sign)}) {plain(hyp.path)}")
    if hyp.statement:
        console.print(f"  {plain(hyp.statement)}")
    for moderation in answer.moderated_by:
        console.print(f"  {_moderation(moderation)}")
    optional = [
        (name, title)
        for name, title in (("page", "page"), ("beta", "β"), ("p", "p"), ("n", "N"))
        if any(getattr(study, name) not in (None, "") for study in answer.evidence)
    ]
    table = Table("#", "study", "key", "verify", "direction", "claim", *(title for _, title in optional))
    for number, study in enumerate(answer.evidence, 1):
        label = plain(study.label) if study.listed else _study(study)
        direction = (
            plain(study.direction) if study.direction == "supports" else f"[red]{plain(study.direction)}[/]"
        )
        table.add_row(
            str(number),
            label,
            plain(study.key),
            verify_mark(study.verify) if study.listed else "",
            direction,
            plain(study.claim),
            *("" if getattr(study, name) is None else plain(getattr(study, name)) for name, _ in optional),
        )
    console.print(table if answer.evidence else "  no evidence recorded")


def print_supports(console: Console, answer: SupportsAnswer) -> None:
    """The reference, where it is written, and what cites it."""
    ref = answer.reference
    console.print(
        f"[bold]{plain(answer.citation)}[/] {plain(f'[{ref.key}]')} {plain(ref.title)}"
        f"  {verify_mark(answer.verify)}"
    )
    where = ", ".join(
        part
        for part in (
            ref.container,
            ref.volume and f"vol. {ref.volume}",
            ref.number and f"no. {ref.number}",
            ref.pages,
        )
        if part
    )
    console.print(f"  {plain(where)}  [dim]{plain(f'{ref.file}:{ref.line}')}[/]")
    if not answer.links:
        console.print("  cited by no hypothesis or construct of the model")
        return
    table = Table("kind", "id", "path", "direction", "claim")
    for link in answer.links:
        table.add_row(*map(plain_text, (link.kind, link.id, link.path, link.direction, link.claim)))
    console.print(table)


def print_neighbours(console: Console, answer: NeighboursAnswer) -> None:
    table = Table(
        "construct",
        "label",
        "distance",
        "hypotheses",
        "sign",
        title=f"{answer.direction} of {plain(answer.label)}",
        title_justify="left",
    )
    for item in answer.constructs:
        table.add_row(
            *map(
                plain_text, (item.construct, item.label, item.distance, ", ".join(item.hypotheses), item.sign)
            )
        )
    console.print(table if answer.constructs else f"{plain(answer.label)} has no {answer.direction}.")
    for moderation in answer.moderators_on_its_paths:
        console.print(f"  {_moderation(moderation)}")


def print_construct(console: Console, answer: ConstructAnswer, labels: LabelStyle) -> None:
    """The construct's labels, definition and sources, and its hypotheses."""
    names = ", ".join(f"{text} ({lang})" for lang, text in answer.labels.items())
    console.print(f"[bold]{plain(answer.label)}[/] {plain(f'[{answer.id}]')} {plain(names)}")
    if answer.definition:
        console.print(f"  {plain(answer.definition)}")
    if answer.defined_by:
        console.print("  defined by: " + _cited(answer.defined_by, labels))
    table = Table("hypothesis", "kind", "sign", "path", "supported by")
    for hyp in answer.hypotheses:
        table.add_row(plain(hyp.id), hyp.kind, hyp.sign, plain(hyp.path), _cited(hyp.supported_by, labels))
    console.print(table)


def print_show(console: Console, shown: ShowAnswer, labels: LabelStyle) -> None:
    answer = shown.answer
    if isinstance(answer, EvidenceAnswer):
        print_evidence(console, answer)
    elif isinstance(answer, SupportsAnswer):
        print_supports(console, answer)
    else:
        print_construct(console, answer, labels)


def construct_list(entries: list[ConstructEntry], labels: LabelStyle) -> Table:
    """The model's constructs: id, labels in every language, other names, sources."""
    grid = Table("id", "labels", "also called", "defined by")
    for entry in entries:
        grid.add_row(
            plain_text(entry.id),
            plain_text("\n".join(f"{t} ({lang})" for lang, t in entry.labels.items())),
            plain_text("; ".join(alt for alts in entry.alt_labels.values() for alt in alts)),
            plain_text(labels.join(c.label for c in entry.defined_by)),
        )
    return grid


def table_grid(table: tables.Table) -> Table:
    """A hypothesis or construct table as the terminal shows it."""
    grid = Table(*map(plain, table.headers), title=plain(table.title), title_justify="left", show_lines=True)
    for row in table.rows:
        grid.add_row(*map(plain_text, row))
    return grid


def rows_grid(columns: list[str], rows: list[list]) -> Table:
    """The rows of a SPARQL or Cypher query."""
    grid = Table(*map(plain, columns), title=f"{len(rows)} rows", title_justify="left")
    for row in rows:
        grid.add_row(*map(plain_text, row))
    return grid


# --- the graph: build, validate, stats -------------------------------------------------------------


def print_problems(console: Console, problems: list[Problem]) -> None:
    """One line per problem, `file:line: severity: message`, as compilers print them."""
    for problem in problems:
        key = f" [{problem.key}]" if problem.key else ""
        console.print(
            f"{plain(problem.location)}: "
            f"[{_SEVERITY_STYLE[problem.severity.value]}]{problem.severity.value}[/]:"
            f"{plain(key)} {plain(problem.message)}",
            highlight=False,
            soft_wrap=True,
        )


def print_build(console: Console, result: BuildResult, project: Project, quiet: bool) -> None:
    """What the build did and holds, then the problems in the sources."""
    counts = result.manifest.counts
    if not quiet:
        verb = ("updated" if result.incremental else "built") if result.rebuilt else "up to date"
        where = project.shown(project.store_dir)
        console.print(f"[bold]{plain(result.manifest.review_id)}[/]: graph {verb} in {plain(where)}/")
        console.print(
            f"  references {counts['references']} (of {counts['entries_in_files']} entries in the BibTeX), "
            f"constructs {counts['constructs']}, hypotheses {counts['hypotheses']}, "
            f"evidence links {counts['evidence_links']}, statements {counts['quads']}"
        )
        if result.manifest.shacl:
            ok = result.manifest.shacl["conforms"]
            violations = result.manifest.shacl["violations"]
            console.print("  SHACL: " + ("[green]conforms[/]" if ok else f"[red]{violations} violations[/]"))
    if result.problems:
        console.print(f"{len(result.problems)} problem(s) in the sources:")
        print_problems(console, result.problems)


def print_validation(console: Console, validation: Validation) -> None:
    """What was read and checked, then every problem found (or 'valid')."""
    bib, model, shacl = validation.bibliography, validation.model, validation.shacl
    console.print(f"BibTeX: {len(bib.references)} of {bib.heads} entries usable")
    if model:
        console.print(
            f"Model: {len(model.constructs)} constructs, {len(model.hypotheses)} hypotheses"
            + ("" if validation.model_ok else " — [red]breaks its rules[/]")
        )
    if shacl is not None:
        console.print(
            "SHACL: "
            + ("[green]conforms[/]" if shacl.conforms else f"[red]{len(shacl.results)} violations[/]")
        )
    else:
        console.print("SHACL: not run (fix the model first)")
    if validation.problems:
        console.print(f"{len(validation.problems)} problem(s):")
        print_problems(console, validation.problems)
    else:
        console.print("[green]valid[/]")


def stats_grid(title: str, counts: dict[str, int], breakdowns: dict[str, dict[str, int]]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, value in counts.items():
        table.add_row(name.replace("_", " "), str(value))
    for heading, values in breakdowns.items():
        for name, value in values.items():  # entry types and languages as the BibTeX writes them
            table.add_row(plain(f"{heading}: {name}"), str(value))
    return table
