"""The rules a research model must keep, checked against itself and its bibliography.

Each broken rule is a Problem with the model file's line; nothing is fixed silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import networkx as nx
from rapidfuzz import process

from ..records import Hypothesis, HypothesisKind, Location, Problem, ResearchModel, Severity

MODEL_CODE = "model"  # the code of every problem of the research model, read or checked
SIGNS = {"+", "-", "0", "?"}
DIRECTIONS = {"supports", "contradicts"}
_ID = re.compile(r"^[\w][\w.-]*$", re.UNICODE)


def model_errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that break the research model: a graph cannot be built from it."""
    return [p for p in problems if p.code == MODEL_CODE and p.severity is Severity.ERROR]


def validate_model(model: ResearchModel, reference_keys: set[str]) -> list[Problem]:
    problems: list[Problem] = []

    def error(message: str, location: Location) -> None:
        problems.append(Problem(Severity.ERROR, message, location, code=MODEL_CODE))

    constructs: dict[str, Location] = {}
    for construct in model.constructs:
        if not _ID.match(construct.id):
            error(
                f"construct id '{construct.id}' may hold only letters, digits, '_', '-' and '.'",
                construct.location,
            )
        if construct.id in constructs:
            error(
                f"construct '{construct.id}' defined twice (first at line {constructs[construct.id].line})",
                construct.location,
            )
        constructs[construct.id] = construct.location
        if not construct.labels:
            error(f"construct '{construct.id}' needs a label", construct.location)

    hypotheses: dict[str, Hypothesis] = {}
    for hyp in model.hypotheses:
        if not _ID.match(hyp.id):
            error(f"hypothesis id '{hyp.id}' may hold only letters, digits, '_', '-' and '.'", hyp.location)
        if hyp.id in hypotheses:
            error(
                f"hypothesis '{hyp.id}' defined twice (first at line {hypotheses[hyp.id].location.line})",
                hyp.location,
            )
        hypotheses.setdefault(hyp.id, hyp)

    def known_construct(cid: str, role: str, hyp) -> None:
        if not cid:
            error(f"hypothesis {hyp.id} ({hyp.kind.value}) is missing its '{role}' construct", hyp.location)
        elif cid not in constructs:
            error(
                f"hypothesis {hyp.id}: unknown construct '{cid}' in '{role}'" + did_you_mean(cid, constructs),
                hyp.location,
            )

    for hyp in model.hypotheses:
        if hyp.sign not in SIGNS:
            error(f"hypothesis {hyp.id}: sign '{hyp.sign}' is not one of + - 0 ?", hyp.location)
        if hyp.kind in (HypothesisKind.DIRECT, HypothesisKind.MEDIATION):
            known_construct(hyp.source, "from", hyp)
            known_construct(hyp.target, "to", hyp)
            if hyp.source and hyp.source == hyp.target:
                error(f"hypothesis {hyp.id}: 'from' and 'to' are the same construct", hyp.location)
        if hyp.kind is HypothesisKind.MEDIATION:
            if not hyp.mediators:
                error(f"hypothesis {hyp.id} (mediation) is missing its 'via' construct(s)", hyp.location)
            for mediator in hyp.mediators:
                known_construct(mediator, "via", hyp)
        if hyp.kind is HypothesisKind.DIRECT and hyp.mediators:
            error(f"hypothesis {hyp.id}: a direct effect has no 'via'; make it kind: mediation", hyp.location)
        if hyp.kind in (HypothesisKind.MODERATION, HypothesisKind.MODERATED_MEDIATION):
            known_construct(hyp.moderator, "moderator", hyp)
            wanted = (
                HypothesisKind.DIRECT if hyp.kind is HypothesisKind.MODERATION else HypothesisKind.MEDIATION
            )
            if not hyp.moderates:
                error(
                    f"hypothesis {hyp.id} ({hyp.kind.value}) is missing 'moderates' "
                    "(the hypothesis it acts on)",
                    hyp.location,
                )
            elif hyp.moderates not in hypotheses:
                error(
                    f"hypothesis {hyp.id}: 'moderates' names unknown hypothesis '{hyp.moderates}'"
                    + did_you_mean(hyp.moderates, hypotheses),
                    hyp.location,
                )
            elif hypotheses[hyp.moderates].kind is not wanted:
                error(
                    f"hypothesis {hyp.id} ({hyp.kind.value}) must moderate a {wanted.value} hypothesis, "
                    f"but {hyp.moderates} is {hypotheses[hyp.moderates].kind.value}",
                    hyp.location,
                )

    owners = [(f"construct {c.id}", c.defined_by) for c in model.constructs]
    owners += [(f"hypothesis {h.id}", h.evidence) for h in model.hypotheses]
    for owner, evidence in owners:
        for item in evidence:
            if item.ref and item.ref not in reference_keys:
                error(
                    f"{owner}: reference '{item.ref}' is not in the BibTeX files"
                    + did_you_mean(item.ref, reference_keys)
                    + " (write `citation:` instead of `ref:` for a work the reference list lacks)",
                    item.location,
                )
            if item.direction not in DIRECTIONS:
                error(
                    f"{owner}: direction '{item.direction}' is not 'supports' or 'contradicts'", item.location
                )

    problems.extend(_cycles(model))
    return problems


def _cycles(model: ResearchModel) -> list[Problem]:
    """A cycle among the hypothesised effects (direct, or mediation legs), reported once."""
    graph = nx.MultiDiGraph()
    for hyp in model.hypotheses:
        for cause, effect in hyp.effect_steps():
            if cause and effect:
                graph.add_edge(cause, effect, key=hyp.id, hypothesis=hyp)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return []
    route = " → ".join([cycle[0][0]] + [target for _, target, _ in cycle])
    hyps = [graph.edges[edge]["hypothesis"] for edge in cycle]
    ids = ", ".join(dict.fromkeys(h.id for h in hyps))
    return [
        Problem(
            Severity.ERROR,
            f"the hypothesised effects form a cycle: {route} ({ids})",
            hyps[0].location,
            code=MODEL_CODE,
        )
    ]


def did_you_mean(name: str, choices) -> str:
    """' — did you mean …?' naming up to three close choices, or '' when none is close."""
    best = process.extract(name, list(choices), limit=3, score_cutoff=60)
    return f" — did you mean {', '.join(repr(match) for match, *_ in best)}?" if best else ""
