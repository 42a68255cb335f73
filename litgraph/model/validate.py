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


def at_key(item, key: str) -> Location:
    """Where an item (construct, hypothesis, evidence) writes `key`: the key's own line, so that a message
    points at the wrong value rather than the item's first line; the item's line when the key is absent."""
    line = item.key_lines.get(key)
    return Location(item.location.file, line) if line else item.location


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
                at_key(construct, "id"),
            )
        if construct.id in constructs:
            error(
                f"construct '{construct.id}' defined twice (first at line {constructs[construct.id].line})",
                at_key(construct, "id"),
            )
        constructs[construct.id] = construct.location
        if not construct.labels:
            error(f"construct '{construct.id}' needs a label", at_key(construct, "label"))

    hypotheses: dict[str, Hypothesis] = {}
    for hyp in model.hypotheses:
        if not _ID.match(hyp.id):
            error(
                f"hypothesis id '{hyp.id}' may hold only letters, digits, '_', '-' and '.'", at_key(hyp, "id")
            )
        if hyp.id in hypotheses:
            error(
                f"hypothesis '{hyp.id}' defined twice (first at line {hypotheses[hyp.id].location.line})",
                at_key(hyp, "id"),
            )
        hypotheses.setdefault(hyp.id, hyp)

    def known_construct(cid: str, role: str, hyp) -> None:
        if not cid:
            error(f"hypothesis {hyp.id} ({hyp.kind.value}) is missing its '{role}' construct", hyp.location)
        elif cid not in constructs:
            error(
                f"hypothesis {hyp.id}: unknown construct '{cid}' in '{role}'" + did_you_mean(cid, constructs),
                at_key(hyp, role),
            )

    for hyp in model.hypotheses:
        if hyp.sign not in SIGNS:
            error(f"hypothesis {hyp.id}: sign '{hyp.sign}' is not one of + - 0 ?", at_key(hyp, "sign"))
        if hyp.kind in (HypothesisKind.DIRECT, HypothesisKind.MEDIATION):
            known_construct(hyp.source, "from", hyp)
            known_construct(hyp.target, "to", hyp)
            if hyp.source and hyp.source == hyp.target:
                error(f"hypothesis {hyp.id}: 'from' and 'to' are the same construct", at_key(hyp, "to"))
        if hyp.kind is HypothesisKind.MEDIATION:
            if not hyp.mediators:
                error(f"hypothesis {hyp.id} (mediation) is missing its 'via' construct(s)", hyp.location)
            for mediator in hyp.mediators:
                known_construct(mediator, "via", hyp)
        if hyp.kind is HypothesisKind.DIRECT and hyp.mediators:
            error(
                f"hypothesis {hyp.id}: a direct effect has no 'via'; make it kind: mediation",
                at_key(hyp, "via"),
            )
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
                    at_key(hyp, "moderates"),
                )
            elif hypotheses[hyp.moderates].kind is not wanted:
                error(
                    f"hypothesis {hyp.id} ({hyp.kind.value}) must moderate a {wanted.value} hypothesis, "
                    f"but {hyp.moderates} is {hypotheses[hyp.moderates].kind.value}",
                    at_key(hyp, "moderates"),
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
                    at_key(item, "ref"),
                )
            if item.direction not in DIRECTIONS:
                error(
                    f"{owner}: direction '{item.direction}' is not 'supports' or 'contradicts'",
                    at_key(item, "direction"),
                )

    problems.extend(_cycles(model))
    return sorted(problems, key=lambda problem: problem.location.line)  # as the file reads


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
