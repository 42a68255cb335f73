"""The one small interface every graph backend implements.

A backend answers a handful of fetches — written once in SPARQL for the embedded
store and once in Cypher for Neo4j — and everything users ask (paths, evidence,
tables, audits) is computed from those rows in `service.py`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

from .rows import CitationRow, ConstructRow, EvidenceRow, HypothesisRow, ReferenceRow, ReviewRow

#: The parts a construct can play in a hypothesis.
ROLES = ("source", "target", "mediator", "moderator")


class Backend(ABC):
    name = "backend"

    @abstractmethod
    def review(self) -> ReviewRow: ...

    @abstractmethod
    def constructs(self) -> list[ConstructRow]:
        """All constructs, sorted by id."""

    @abstractmethod
    def hypotheses(self, ids: Iterable[str] | None = None) -> list[HypothesisRow]:
        """Hypotheses (all, or those with the given ids), sorted naturally by id."""

    @abstractmethod
    def hypotheses_touching(
        self, construct_ids: Iterable[str], roles: Iterable[str] = ROLES
    ) -> list[HypothesisRow]:
        """Hypotheses with one of the constructs in one of the `roles` (see ROLES)."""

    @abstractmethod
    def moderations_of(self, hypothesis_ids: Iterable[str]) -> list[HypothesisRow]:
        """Moderation / moderated-mediation hypotheses acting on the given hypotheses."""

    @abstractmethod
    def evidence(
        self, owner_ids: Iterable[str] | None = None, ref_keys: Iterable[str] | None = None
    ) -> list[EvidenceRow]:
        """Evidence links of the given hypotheses/constructs, or citing the given references, or all."""

    @abstractmethod
    def references(self, keys: Iterable[str] | None = None) -> list[ReferenceRow]:
        """References (all, or by key), sorted by key."""

    def citations(self, keys: Iterable[str]) -> list[CitationRow]:
        """What citation labels need of the given references, sorted by key; a backend
        may answer this faster than `references`."""
        return [CitationRow(r.key, r.authors, r.authors_truncated, r.year) for r in self.references(keys)]

    @abstractmethod
    def routes(self, source: str, target: str, max_length: int) -> list[list[str]]:
        """Every simple route of hypothesised effects from source to target, as construct ids.

        Effects are direct hypotheses and the legs of mediations; sorted by length,
        then by the ids along the route.
        """

    @abstractmethod
    def raw_query(self, text: str) -> tuple[list[str], list[list]]:
        """A read-only query in the backend's own language: column names and rows."""

    def close(self) -> None:
        """Release connections; a no-op where there are none.

        A hook, not abstract: a backend without connections need not override it.
        """
        return None


def sort_routes(routes: Iterable[list[str]]) -> list[list[str]]:
    unique = {tuple(route) for route in routes}
    return [list(route) for route in sorted(unique, key=lambda r: (len(r), r))]


def simple_routes(
    graph: Mapping[str, Iterable[str]], source: str, target: str, cutoff: int
) -> Iterator[list[str]]:
    """Every simple path of at most `cutoff` edges in a directed graph: each construct's
    successors, every construct a key (a networkx DiGraph is one such mapping).

    networkx's `all_simple_paths` walks every branch to the full depth; in a model of
    thousands of constructs that is most of the graph. A breadth-first pass back
    from the target first gives each construct its distance to it, and the walk
    enters only constructs from which the target is still near enough. Plain
    mappings, not networkx, because loading networkx took longer than the rest of
    `litgraph paths` together.
    """
    if source not in graph or target not in graph:
        return
    if source == target:  # as networkx has it: a construct alone is a route to itself
        if cutoff >= 0:
            yield [source]
        return
    if cutoff < 1:
        return
    distance = _distances_to(graph, target, cutoff)
    if source not in distance:
        return
    route, on_route = [source], {source}

    def walk(node: str, left: int) -> Iterator[list[str]]:
        for successor in graph[node]:
            if successor == target:
                yield [*route, target]
            elif left > 1 and successor not in on_route and distance.get(successor, cutoff + 1) < left:
                route.append(successor)
                on_route.add(successor)
                yield from walk(successor, left - 1)
                on_route.discard(route.pop())

    yield from walk(source, cutoff)


def _distances_to(graph: Mapping[str, Iterable[str]], target: str, cutoff: int) -> dict[str, int]:
    """Each construct's number of steps to `target`, for those at most `cutoff` away."""
    causes: defaultdict[str, list[str]] = defaultdict(list)
    for node in graph:
        for successor in graph[node]:
            causes[successor].append(node)
    distance, frontier = {target: 0}, [target]
    for steps in range(1, cutoff + 1):
        frontier = list(
            dict.fromkeys(cause for node in frontier for cause in causes[node] if cause not in distance)
        )
        distance.update((cause, steps) for cause in frontier)
    return distance
