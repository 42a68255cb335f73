"""The questions a review author asks, answered from any backend's rows.

Each answer is a plain dataclass of `answers` with `as_dict()`; the CLI draws it with
`output.terminal` or prints it as JSON, and the backend-equality tests compare those dicts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from ..errors import NotFoundError
from ..records import HypothesisKind
from ..style.labels import LabelStyle, LabelStyles
from ..text import fold, natural_key
from .answers import (
    UNCHECKED,
    Cited,
    ConstructAnswer,
    ConstructEntry,
    EvidenceAnswer,
    HypothesisView,
    Link,
    Moderation,
    Neighbour,
    NeighboursAnswer,
    PathsAnswer,
    Route,
    ShowAnswer,
    Step,
    Study,
    SupportsAnswer,
)
from .backend import Backend
from .rows import (
    CitationRow,
    ConstructRow,
    EvidenceRow,
    HypothesisRow,
    ReferenceRow,
    sort_hypotheses,
)


def _name_key(text: str) -> str:
    """A name as the user may type it: folded, and without spaces, '_' or '-' (社群支持 = 社群 支持,
    brand_attachment = Brand attachment)."""
    return "".join(fold(text).replace("_", " ").replace("-", " ").split())


def resolve_construct(
    backend: Backend, name: str, constructs: list[ConstructRow] | None = None
) -> ConstructRow:
    """A construct by id or any label in any language, any case; else 'did you mean'."""
    constructs = constructs if constructs is not None else backend.constructs()
    wanted = _name_key(name)
    for construct in constructs:
        if any(_name_key(candidate) == wanted for candidate in construct.names()):
            return construct
    raise NotFoundError(
        f"no construct named '{name}'", _suggest(name, {n: c.id for c in constructs for n in c.names()})
    )


def _suggest(name: str, choices: dict[str, str], limit: int = 3) -> list[str]:
    """The names closest to a name that matched nothing, for the error's 'did you mean'.

    rapidfuzz is imported here, on the way to an error: an answer never needs it, and
    every query command would load it (15 ms) only to be ready to fail."""
    from rapidfuzz import fuzz, process

    found = process.extract(name, list(choices), scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=55)
    suggestions: dict[str, str] = {}  # one name per thing named
    for match, _score, _ in found:
        suggestions.setdefault(choices[match], match)
    return list(suggestions.values())[:limit]


def _same_but_case(name: str, names: list[str], what: str) -> str | None:
    """The one name equal to `name` but for case, None for no such name; two or more are
    ambiguous (keys like Davis1989a and davis1989a), so the user is asked to pick."""
    matches = [n for n in names if n.casefold() == name.casefold()]
    if len(matches) > 1:
        raise NotFoundError(f"no {what} '{name}', and it differs only in case from several", matches)
    return matches[0] if matches else None


class ReviewQuestions:
    """Answers for one backend and one language; caches what a single command reuses.

    `verified` maps a BibTeX key to its last `verify` status. The verdicts are the check
    layer's (query does not import it): the caller reads them and hands them in, so every
    answer that shows a cited work shows its status, the same from either backend.
    """

    def __init__(
        self,
        backend: Backend,
        lang: str = "en",
        labels: LabelStyle | None = None,
        verified: Mapping[str, str] | None = None,
    ):
        self.backend = backend
        self.lang = lang
        self.labels = labels or LabelStyles()[lang]  # how works are cited: the project's style for `lang`
        self.verified = verified or {}
        self._constructs: list[ConstructRow] | None = None
        self._labels: dict[str, str] | None = None  # id → label: tables at field scale ask 100,000s of times
        self._refs: dict[str, ReferenceRow] = {}
        self._citations: dict[str, CitationRow] = {}

    # -- lookups --------------------------------------------------------------

    def constructs(self) -> list[ConstructRow]:
        if self._constructs is None:
            self._constructs = self.backend.constructs()
        return self._constructs

    def construct(self, name: str) -> ConstructRow:
        return resolve_construct(self.backend, name, self.constructs())

    def label(self, construct_id: str) -> str:
        if self._labels is None:
            self._labels = {c.id: c.label(self.lang) for c in self.constructs()}
        return self._labels.get(construct_id, construct_id)

    def label_of(self, ref: ReferenceRow | CitationRow) -> str:
        """The work's author–year label, as the review's text writes it."""
        names = [(author.family, author.given) for author in ref.authors]
        return self.labels.label(names, ref.year, ref.authors_truncated, ref.key)

    def references(self, keys) -> dict[str, ReferenceRow]:
        return _fetched(self._refs, self.backend.references, keys)

    def all_references(self) -> list[ReferenceRow]:
        """Every reference in one fetch, kept for the lookups that follow (the report lists them
        all, and its checks look up those the model cites)."""
        rows = self.backend.references()
        self._refs.update((row.key, row) for row in rows)
        return rows

    def citations(self, keys) -> dict[str, CitationRow]:
        """What labels need, for views that show nothing else of a reference."""
        return _fetched(self._citations, self.backend.citations, keys)

    def hypothesis(self, hid: str) -> HypothesisRow:
        rows = self.backend.hypotheses([hid])
        if not rows:
            all_ids = [h.id for h in self.backend.hypotheses()]
            match = _same_but_case(hid, all_ids, "hypothesis")
            if match:
                return self.backend.hypotheses([match])[0]
            raise NotFoundError(f"no hypothesis '{hid}'", _suggest(hid, {i: i for i in all_ids}))
        return rows[0]

    # -- views ----------------------------------------------------------------

    def path_text(self, hyp: HypothesisRow, by_id: dict[str, HypothesisRow] | None = None) -> str:
        """'A → B', 'A → M → B', or 'W × (A → B)' for a moderation."""
        if hyp.kind.claims_effects:
            return " → ".join(self.label(c) for c in [hyp.source, *hyp.mediators, hyp.target])
        target = (by_id or {}).get(hyp.moderates)
        if target is None:
            found = self.backend.hypotheses([hyp.moderates])
            target = found[0] if found else None
        inner = self.path_text(target, by_id) if target else hyp.moderates
        return f"{self.label(hyp.moderator)} × ({inner})"

    def views(
        self, hyps: list[HypothesisRow], by_id: dict[str, HypothesisRow] | None = None
    ) -> list[HypothesisView]:
        evidence = self.backend.evidence(owner_ids=[h.id for h in hyps]) if hyps else []
        refs = self.citations(e.ref for e in evidence)
        grouped: dict[str, list[EvidenceRow]] = {}
        for row in evidence:
            if row.owner_kind == "hypothesis":
                grouped.setdefault(row.owner_id, []).append(row)
        views = []
        for hyp in hyps:
            cited = [self.cited(row, refs) for row in grouped.get(hyp.id, [])]
            views.append(
                HypothesisView(
                    id=hyp.id,
                    kind=hyp.kind,
                    sign=hyp.sign,
                    path=self.path_text(hyp, by_id),
                    statement=hyp.statement(self.lang),
                    source=hyp.source,
                    target=hyp.target,
                    mediators=hyp.mediators,
                    moderator=hyp.moderator,
                    moderates=hyp.moderates,
                    supported_by=[c for c in cited if c.direction == "supports"],
                    contradicted_by=[c for c in cited if c.direction == "contradicts"],
                )
            )
        return views

    def moderation(self, hyp: HypothesisRow) -> Moderation:
        """A moderation or moderated mediation as the answers name it."""
        return Moderation(hyp.id, hyp.moderator, self.label(hyp.moderator), hyp.sign)

    def cited(self, row: EvidenceRow, refs: dict[str, ReferenceRow] | dict[str, CitationRow]) -> Cited:
        if row.ref and row.ref in refs:
            label = self.label_of(refs[row.ref])
            return Cited(row.ref, label, row.direction, row.claim, verify=self.verify_status(row.ref))
        return Cited(row.ref, row.citation or row.ref, row.direction, row.claim, listed=False)

    def verify_status(self, key: str) -> str:
        """The work's last `verify` status; UNCHECKED when no run has checked it."""
        return self.verified.get(key, UNCHECKED)

    # -- questions ------------------------------------------------------------

    def paths(self, source_name: str, target_name: str, max_length: int = 4) -> PathsAnswer:
        source, target = self.construct(source_name), self.construct(target_name)
        routes = self.backend.routes(source.id, target.id, max_length)
        # Only effects with a leg on some route matter, and a leg starts at its hypothesis's
        # source or at one of its mediators: hypotheses where a route's construct is only
        # the target or the moderator are not fetched. In a big model most hypotheses that
        # touch a route's constructs lead elsewhere, and their evidence is not fetched either.
        touching = (
            self.backend.hypotheses_touching(
                sorted({c for route in routes for c in route}), roles=("source", "mediator")
            )
            if routes
            else []
        )
        on_routes = {step for route in routes for step in zip(route, route[1:], strict=False)}
        direct: dict[tuple[str, str], list[HypothesisRow]] = defaultdict(list)  # step → hypotheses
        mediating: dict[tuple[str, str], list[HypothesisRow]] = defaultdict(list)
        for hyp in touching:
            for leg in hyp.effect_steps():
                if leg in on_routes:
                    (direct if hyp.kind is HypothesisKind.DIRECT else mediating)[leg].append(hyp)
        backing = {step: direct.get(step) or mediating.get(step, []) for step in on_routes}
        chains: dict[tuple, list[str]] = defaultdict(list)  # mediations that claim exactly a route
        for hyps in mediating.values():
            for hyp in hyps:
                if hyp.id not in chains[tuple([hyp.source, *hyp.mediators, hyp.target])]:
                    chains[tuple([hyp.source, *hyp.mediators, hyp.target])].append(hyp.id)
        effects = {h.id: h for hyps in [*direct.values(), *mediating.values()] for h in hyps}
        moderations = self.backend.moderations_of(sorted(effects)) if effects else []
        by_id = {h.id: h for h in touching} | {h.id: h for h in moderations}
        shown = {h.id: h for hyps in backing.values() for h in hyps}
        views = {v.id: v for v in self.views(sort_hypotheses(list(shown.values())), by_id)}
        answer = PathsAnswer(source.id, target.id, max_length, [])
        for route in routes:
            steps = []
            for step in zip(route, route[1:], strict=False):
                direct_ids = {h.id for h in direct.get(step, ())}
                acting = [
                    self.moderation(m)
                    for m in moderations
                    if m.kind is HypothesisKind.MODERATION and m.moderates in direct_ids
                ]
                steps.append(Step(*step, [views[h.id] for h in sort_hypotheses(backing[step])], acting))
            mediations = sorted(chains.get(tuple(route), ()), key=natural_key)
            moderated = [
                self.moderation(m)
                for m in moderations
                if m.kind is HypothesisKind.MODERATED_MEDIATION and m.moderates in mediations
            ]
            answer.routes.append(Route(route, [self.label(c) for c in route], steps, mediations, moderated))
        return answer

    def evidence(self, hid: str) -> EvidenceAnswer:
        hyp = self.hypothesis(hid)
        return self.evidence_answers([hyp], {hyp.id: hyp})[0]

    def evidence_answers(
        self, hyps: list[HypothesisRow], by_id: dict[str, HypothesisRow] | None = None
    ) -> list[EvidenceAnswer]:
        """`evidence` of each hypothesis, each kind of row fetched once for all of them (the
        report shows every hypothesis's evidence; one by one a field-scale model takes minutes)."""
        ids = [h.id for h in hyps]
        views = self.views(hyps, by_id)
        moderated_by: dict[str, list[Moderation]] = defaultdict(list)
        for moderation in self.backend.moderations_of(ids) if ids else []:
            moderated_by[moderation.moderates].append(self.moderation(moderation))
        rows: dict[str, list[EvidenceRow]] = defaultdict(list)
        for row in self.backend.evidence(owner_ids=ids) if ids else []:
            if row.owner_kind == "hypothesis":
                rows[row.owner_id].append(row)
        refs = self.references(r.ref for owned in rows.values() for r in owned)
        return [
            EvidenceAnswer(view, moderated_by[view.id], [self._study(row, refs) for row in rows[view.id]])
            for view in views
        ]

    def _study(self, row: EvidenceRow, refs: dict[str, ReferenceRow]) -> Study:
        cited = self.cited(row, refs)
        return Study(
            cited.key,
            cited.label,
            cited.direction,
            cited.claim,
            cited.listed,
            cited.verify,
            page=row.page,
            beta=row.beta,
            p=row.p,
            n=row.n,
            title=refs[row.ref].title if row.ref in refs else "",
        )

    def supports(self, key: str) -> SupportsAnswer:
        ref = self.reference(key)
        rows = self.backend.evidence(ref_keys=[ref.key])
        hyp_ids = [r.owner_id for r in rows if r.owner_kind == "hypothesis"]
        hyps = {h.id: h for h in self.backend.hypotheses(hyp_ids)} if hyp_ids else {}
        links = []
        for row in rows:
            if row.owner_kind == "hypothesis" and row.owner_id in hyps:
                path, statement = self.path_text(hyps[row.owner_id]), hyps[row.owner_id].statement(self.lang)
            else:
                path, statement = self.label(row.owner_id), "definition"
            links.append(Link(row.owner_kind, row.owner_id, row.direction, row.claim, path, statement))
        return SupportsAnswer(ref, self.label_of(ref), self.verify_status(ref.key), links)

    def reference(self, key: str) -> ReferenceRow:
        rows = self.backend.references([key])
        if rows:
            return rows[0]
        all_keys = [r.key for r in self.backend.references()]
        match = _same_but_case(key, all_keys, "reference with key")
        if match:
            return self.backend.references([match])[0]
        raise NotFoundError(f"no reference with key '{key}'", _suggest(key, {k: k for k in all_keys}))

    def neighbours(self, name: str, upstream: bool, depth: int = 1) -> NeighboursAnswer:
        """Antecedents (upstream) or consequents of a construct, up to `depth` steps away."""
        construct = self.construct(name)
        frontier, seen = {construct.id}, {construct.id}
        reached: dict[tuple[int, str], Neighbour] = {}  # (distance, construct) → how it is reached
        roles = ("mediator", "target") if upstream else ("source", "mediator")  # where a leg can end / start
        for distance in range(1, depth + 1):
            nxt = set()
            for hyp in self.backend.hypotheses_touching(sorted(frontier), roles):
                for cause, effect in hyp.effect_steps():
                    near, far = (effect, cause) if upstream else (cause, effect)
                    if near in frontier and far not in seen:
                        first = Neighbour(far, self.label(far), distance, hyp.kind, hyp.sign, [])
                        reached.setdefault((distance, far), first).hypotheses.append(hyp.id)
                        nxt.add(far)
            seen |= nxt
            frontier = nxt
            if not frontier:
                break
        found = [reached[place] for place in sorted(reached)]
        for neighbour in found:
            neighbour.hypotheses = sorted(set(neighbour.hypotheses), key=natural_key)
        moderators = [
            self.moderation(m)
            for m in self.backend.hypotheses_touching([construct.id])
            if not m.kind.claims_effects and m.moderator != construct.id
        ]
        direction = "antecedents" if upstream else "consequents"
        return NeighboursAnswer(construct.id, construct.label(self.lang), direction, depth, found, moderators)

    def hypothesis_table(self) -> list[HypothesisView]:
        hyps = self.backend.hypotheses()
        by_id = {h.id: h for h in hyps}
        return self.views(hyps, by_id)

    def construct_table(self) -> list[ConstructEntry]:
        rows = self.backend.evidence()
        defining = [r for r in rows if r.owner_kind == "construct"]
        refs = self.references(r.ref for r in defining)
        return [
            ConstructEntry(
                construct.id,
                construct.label(self.lang),
                construct.labels,
                construct.alt_labels,
                construct.definitions.get(self.lang) or construct.definitions.get("en", ""),
                [self.cited(r, refs) for r in defining if r.owner_id == construct.id],
            )
            for construct in self.constructs()
        ]

    def show(self, name: str) -> ShowAnswer:
        """A construct, hypothesis or reference by any of its names, with everything linked.
        An id or key written exactly wins over one that differs only in case."""
        hyp_ids = [h.id for h in self.backend.hypotheses()]
        keys = [r.key for r in self.backend.references()]
        if name in hyp_ids:
            return ShowAnswer("hypothesis", self.evidence(name))
        if name in keys:
            return ShowAnswer("reference", self.supports(name))
        if hyp_id := _same_but_case(name, hyp_ids, "hypothesis"):
            return ShowAnswer("hypothesis", self.evidence(hyp_id))
        if key := _same_but_case(name, keys, "reference with key"):
            return ShowAnswer("reference", self.supports(key))
        try:
            construct = self.construct(name)
        except NotFoundError:
            choices = {i: i for i in hyp_ids} | {k: k for k in keys}
            choices |= {n: c.id for c in self.constructs() for n in c.names()}
            raise NotFoundError(
                f"nothing named '{name}' (no construct, hypothesis or reference key)", _suggest(name, choices)
            ) from None
        entry = next(row for row in self.construct_table() if row.id == construct.id)
        hyps = self.backend.hypotheses_touching([construct.id])
        views = self.views(hyps, {h.id: h for h in hyps})
        answer = ConstructAnswer(
            entry.id, entry.label, entry.labels, entry.alt_labels, entry.definition, entry.defined_by, views
        )
        return ShowAnswer("construct", answer)


def _fetched(cache: dict, fetch, keys) -> dict:
    """`cache` (key → row) with the keys it lacked fetched in one call."""
    missing = [key for key in dict.fromkeys(keys) if key and key not in cache]
    if missing:
        cache.update((row.key, row) for row in fetch(missing))
    return cache
