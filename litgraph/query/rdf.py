"""The embedded backend: the project's Oxigraph store.

No user text ever reaches a query string. Lookups by a given id or key go through
the store's quad-pattern API — direct index lookups with typed terms, no query text
at all — because Oxigraph applies SPARQL `substitutions` only after evaluating the
pattern: on a 100,000-reference store the evidence of one hypothesis took 1.3 s as
a substituted query against 2 ms as index lookups. Fetches of everything (or of so
many ids that lookups one by one cost more) read each predicate they need once,
with a one-pattern SPARQL query whose only IRIs are litgraph's own vocabulary. The
research model lives in one named graph, so model lookups are confined to it;
references, people and venues live in the default graph.

At about 600 lines this module is over the ~400 we aim for because it is one class: the
`Backend` interface on Oxigraph, whose methods share its term tables and fact readers;
split by method, each half would import the other's private helpers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import unquote

import pyoxigraph as ox

from ..graph.vocab import (
    BIBO,
    CITO,
    DCTERMS,
    FOAF,
    LG,
    PREFIXES,
    PROV,
    RDF,
    SKOS,
    SPARQL_PREFIXES,
    ReviewIris,
)
from .backend import ROLES, Backend, simple_routes, sort_routes
from .rows import (
    AuthorRow,
    CitationRow,
    ConstructRow,
    EvidenceRow,
    HypothesisRow,
    ReferenceRow,
    ReviewRow,
    sort_evidence,
    sort_hypotheses,
)

_REVIEW = (
    SPARQL_PREFIXES
    + """
SELECT ?review ?id ?title
WHERE { ?review a lg:Review ; lg:reviewId ?id . OPTIONAL { ?review dcterms:title ?title } }"""
)

_RDF_MEMBER = RDF + "_"
#: Past this many ids, one scan per predicate beats looking each id up.
_SCAN_ABOVE = 1500


def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


_CONSTRUCT_ID, _HYPOTHESIS_ID, _KIND, _SIGN = (
    _node(LG + name) for name in ("constructId", "hypothesisId", "kind", "expectedSign")
)
_SOURCE, _TARGET, _MEDIATOR, _MODERATOR, _MODERATES, _CHAIN, _AFFECTS = (
    _node(LG + name)
    for name in ("source", "target", "mediator", "moderator", "moderates", "mediatorChain", "affects")
)
_ROLE_PREDICATES = {"source": _SOURCE, "target": _TARGET, "mediator": _MEDIATOR, "moderator": _MODERATOR}
_DESCRIPTION, _TITLE, _PART_OF, _LANGUAGE = (
    _node(DCTERMS + name) for name in ("description", "title", "isPartOf", "language")
)
_LABELS = {SKOS + "prefLabel": "labels", SKOS + "altLabel": "alt_labels", SKOS + "definition": "definitions"}
_CITING, _CITED = _node(CITO + "hasCitingEntity"), _node(CITO + "hasCitedEntity")
_POSITION, _DIRECTION, _CLAIM, _PAGE, _BETA, _P_VALUE, _SAMPLE = (
    _node(LG + name) for name in ("position", "direction", "claim", "page", "beta", "pValue", "sampleSize")
)
_KEY, _CITATION, _ENTRY_TYPE, _LINE, _YEAR, _TRUNCATED, _PATH = (
    _node(LG + name)
    for name in (
        "citationKey",
        "citationText",
        "entryType",
        "sourceLine",
        "yearAsWritten",
        "authorsTruncated",
        "path",
    )
)
_DERIVED_FROM = _node(PROV + "wasDerivedFrom")
_VOLUME, _ISSUE, _PAGES, _DOI, _AUTHOR_LIST = (
    _node(BIBO + name) for name in ("volume", "issue", "pages", "doi", "authorList")
)
_FAMILY, _GIVEN = _node(FOAF + "familyName"), _node(FOAF + "givenName")

_HYPOTHESIS_FACTS = (
    _HYPOTHESIS_ID,
    _KIND,
    _SIGN,
    _SOURCE,
    _TARGET,
    _MODERATOR,
    _MODERATES,
    _DESCRIPTION,
    _CHAIN,
)
_EVIDENCE_FACTS = (_CITING, _CITED, _POSITION, _DIRECTION, _CLAIM, _PAGE, _BETA, _P_VALUE, _SAMPLE)
_REFERENCE_FACTS = (
    _KEY,
    _ENTRY_TYPE,
    _LINE,
    _DERIVED_FROM,
    _TITLE,
    _YEAR,
    _PART_OF,
    _VOLUME,
    _ISSUE,
    _PAGES,
    _DOI,
    _LANGUAGE,
    _TRUNCATED,
)

Facts = dict[str, list]  # predicate IRI → objects, for one subject


def _text(term) -> str:
    return "" if term is None else term.value


def _first(facts: Facts, predicate: ox.NamedNode):
    values = facts.get(predicate.value)
    return values[0] if values else None


def _id_in(iri: str, prefix: str) -> str:
    """The id an IRI was minted from (`ReviewIris`: prefix + percent-encoded id), or "" for
    another kind of node."""
    return unquote(iri[len(prefix) :]) if iri.startswith(prefix) else ""


def _member(predicate: str) -> int | None:
    """n for rdf:_n, else None."""
    return int(predicate[len(_RDF_MEMBER) :]) if predicate.startswith(_RDF_MEMBER) else None


class RdfBackend(Backend):
    """Answers from an open (read-only) Oxigraph store; caches what never changes in it."""

    name = "embedded"

    def __init__(self, store: ox.Store, review_id: str):
        self._store = store
        self._iris = ReviewIris(review_id)
        self._model = _node(self._iris.model_graph)
        self._predecessors: dict[str, list[str]] = {}  # construct IRI → IRIs of its causes
        self._constructs: list[ConstructRow] | None = None

    # -- reading the store ---------------------------------------------------------

    def _quads(self, subject=None, predicate=None, obj=None, graph=None):
        return self._store.quads_for_pattern(subject, predicate, obj, graph)

    def _scan(self, predicate: ox.NamedNode, graph: ox.NamedNode | None = None):
        """(subject IRI, object) of every statement with `predicate`, in `graph` or any.

        A one-pattern SPARQL query: reading its solutions costs about half of reading
        the same quads from `quads_for_pattern`. The IRIs are litgraph's vocabulary.
        """
        options = {"default_graph": graph} if graph is not None else {"use_default_graph_as_union": True}
        for row in self._select(f"SELECT ?s ?o WHERE {{ ?s <{predicate.value}> ?o }}", **options):
            yield row[0].value, row[1]

    def _select(self, query: str, **options) -> ox.QuerySolutions:
        """The solutions of one of litgraph's own SELECT queries."""
        solutions = self._store.query(query, **options)
        if not isinstance(solutions, ox.QuerySolutions):
            raise TypeError(f"not a SELECT query: {query}")
        return solutions

    def _facts(
        self, subjects: Iterable[ox.NamedNode] | None, predicates: tuple, graph=None
    ) -> dict[str, Facts]:
        """The given predicates' objects for each subject (or for every subject that has any).

        Few subjects are looked up one by one; many, or all, by one scan per predicate.
        Callers keep the subjects that have their kind's identifying fact (a citation
        key, a hypothesis id, ...), so no rdf:type pass is needed.
        """
        wanted = {p.value for p in predicates}
        found: dict[str, Facts] = {}
        subjects = None if subjects is None else list(dict.fromkeys(subjects))
        if subjects is not None and len(subjects) <= _SCAN_ABOVE:
            for subject in subjects:
                facts: Facts = defaultdict(list)
                for quad in self._quads(subject, None, None, graph):
                    if quad.predicate.value in wanted:
                        facts[quad.predicate.value].append(quad.object)
                found[subject.value] = facts
        else:
            keep = None if subjects is None else {s.value for s in subjects}
            for predicate in predicates:
                name = predicate.value
                for subject, value in self._scan(predicate, graph):
                    if keep is None or subject in keep:
                        known = found.get(subject)
                        if known is None:
                            known = found[subject] = defaultdict(list)
                        known[name].append(value)
        return found

    def _subjects(self, predicate: ox.NamedNode, obj, graph=None) -> list:
        return [quad.subject for quad in self._quads(None, predicate, obj, graph)]

    def _construct_id(self, iri: str) -> str:
        return _id_in(iri, self._iris.construct(""))

    def _hypothesis_ids(self, nodes: Iterable) -> set[str]:
        """The ids of hypothesis nodes, read back from their IRIs."""
        prefix = self._iris.hypothesis("")
        return {hid for node in nodes if (hid := _id_in(node.value, prefix))}

    # -- the backend interface -------------------------------------------------------

    def review(self) -> ReviewRow:
        row = None
        for solution in self._select(_REVIEW, use_default_graph_as_union=True):
            row = row or ReviewRow(id=_text(solution["id"]))
            title = solution["title"]
            if title is not None:
                row.titles[title.language or "en"] = title.value
        return row or ReviewRow(id="")

    def constructs(self) -> list[ConstructRow]:
        if self._constructs is None:
            predicates = (_CONSTRUCT_ID, *(_node(p) for p in _LABELS))
            rows = {}
            for facts in self._facts(None, predicates, self._model).values():
                named = [p for p in _LABELS if p in facts]
                if _CONSTRUCT_ID.value not in facts or not named:
                    continue
                row = rows[facts[_CONSTRUCT_ID.value][0].value] = ConstructRow(
                    id=facts[_CONSTRUCT_ID.value][0].value
                )
                for predicate in named:
                    for literal in facts[predicate]:
                        lang = literal.language or "en"
                        if _LABELS[predicate] == "alt_labels":
                            row.alt_labels.setdefault(lang, []).append(literal.value)
                        else:
                            getattr(row, _LABELS[predicate])[lang] = literal.value
                for labels in row.alt_labels.values():
                    labels.sort()
            self._constructs = [rows[cid] for cid in sorted(rows)]
        return list(self._constructs)

    def hypotheses(self, ids: Iterable[str] | None = None) -> list[HypothesisRow]:
        nodes = None if ids is None else [_node(self._iris.hypothesis(i)) for i in dict.fromkeys(ids)]
        found = self._facts(nodes, _HYPOTHESIS_FACTS, self._model)
        chains = self._chains(found, scan=nodes is None or len(nodes) > _SCAN_ABOVE)
        construct, hypothesis = self._construct_id, self._iris.hypothesis("")
        rows: dict[str, HypothesisRow] = {}
        for node, facts in found.items():
            hid, kind, sign = (_first(facts, p) for p in (_HYPOTHESIS_ID, _KIND, _SIGN))
            if hid is None or kind is None or sign is None:
                continue
            moderates = _first(facts, _MODERATES)
            row = rows[hid.value] = HypothesisRow(
                id=hid.value,
                kind=kind.value,
                sign=sign.value,
                source=construct(_text(_first(facts, _SOURCE))),
                target=construct(_text(_first(facts, _TARGET))),
                moderator=construct(_text(_first(facts, _MODERATOR))),
                moderates=_id_in(moderates.value, hypothesis) if moderates is not None else "",
            )
            for literal in facts.get(_DESCRIPTION.value, ()):
                row.statements[literal.language or "en"] = literal.value
            members = sorted(m for chain in facts.get(_CHAIN.value, ()) for m in chains.get(chain.value, ()))
            row.mediators = [cid for _, node in members if (cid := construct(node))]
        return sort_hypotheses(list(rows.values()))

    def _chains(self, hypotheses: dict[str, Facts], scan: bool) -> dict[str, list[tuple[int, str]]]:
        """Mediator chain node → [(position, construct node)]."""
        chains: dict[str, list[tuple[int, str]]] = defaultdict(list)
        wanted = [chain for facts in hypotheses.values() for chain in facts.get(_CHAIN.value, ())]
        if not wanted:
            return chains
        if scan:
            keep = {chain.value for chain in wanted}
            position = 1
            while True:  # rdf:_1, rdf:_2, ... until no chain is that long
                found = [
                    (chain, member.value)
                    for chain, member in self._scan(_node(f"{_RDF_MEMBER}{position}"), self._model)
                    if chain in keep
                ]
                if not found:
                    return chains
                for chain, member in found:
                    chains[chain].append((position, member))
                position += 1
        for chain in dict.fromkeys(wanted):
            for quad in self._quads(chain, None, None, self._model):
                place = _member(quad.predicate.value)
                if place is not None:
                    chains[chain.value].append((place, quad.object.value))
        return chains

    def hypotheses_touching(
        self, construct_ids: Iterable[str], roles: Iterable[str] = ROLES
    ) -> list[HypothesisRow]:
        predicates = [_ROLE_PREDICATES[role] for role in roles]
        ids = set()
        for cid in construct_ids:
            node = _node(self._iris.construct(cid))
            for predicate in predicates:
                ids |= self._hypothesis_ids(self._subjects(predicate, node, self._model))
        return self.hypotheses(sorted(ids)) if ids else []

    def moderations_of(self, hypothesis_ids: Iterable[str]) -> list[HypothesisRow]:
        ids = set()
        for hid in hypothesis_ids:
            ids |= self._hypothesis_ids(
                self._subjects(_MODERATES, _node(self._iris.hypothesis(hid)), self._model)
            )
        return self.hypotheses(sorted(ids)) if ids else []

    def evidence(
        self, owner_ids: Iterable[str] | None = None, ref_keys: Iterable[str] | None = None
    ) -> list[EvidenceRow]:
        if owner_ids is None and ref_keys is None:
            links = None
        else:
            owners = [
                _node(make(oid))
                for oid in dict.fromkeys(owner_ids or ())
                for make in (self._iris.hypothesis, self._iris.construct)
            ]
            cited = [_node(self._iris.reference(key)) for key in dict.fromkeys(ref_keys or ())]
            if len(owners) + len(cited) > _SCAN_ABOVE:
                keep = {n.value for n in owners} | {n.value for n in cited}
                links = [
                    _node(link)
                    for p, asked in ((_CITING, owners), (_CITED, cited))
                    if asked
                    for link, target in self._scan(p, self._model)
                    if target.value in keep
                ]
            else:
                links = [e for owner in owners for e in self._subjects(_CITING, owner, self._model)]
                links += [e for ref in cited for e in self._subjects(_CITED, ref, self._model)]
        found = self._facts(links, _EVIDENCE_FACTS, self._model)
        scan = links is None or len(links) > _SCAN_ABOVE
        owners_of = self._owners({f[_CITING.value][0].value for f in found.values() if _CITING.value in f})
        cited_of = self._cited({f[_CITED.value][0].value for f in found.values() if _CITED.value in f}, scan)
        rows = {}
        for facts in found.values():
            owner, cited, position, direction = (
                _first(facts, p) for p in (_CITING, _CITED, _POSITION, _DIRECTION)
            )
            if owner is None or cited is None or position is None or direction is None:
                continue
            key, citation = cited_of.get(cited.value, ("", ""))
            beta, p, n = (_first(facts, q) for q in (_BETA, _P_VALUE, _SAMPLE))
            for kind, owner_id in owners_of.get(owner.value, ()):
                row = EvidenceRow(
                    owner_kind=kind,
                    owner_id=owner_id,
                    position=int(position.value),
                    ref=key,
                    citation=citation,
                    direction=direction.value,
                    claim=_text(_first(facts, _CLAIM)),
                    page=_text(_first(facts, _PAGE)),
                    beta=float(beta.value) if beta is not None else None,
                    p=float(p.value) if p is not None else None,
                    n=int(n.value) if n is not None else None,
                )
                rows[(row.owner_kind, row.owner_id, row.position)] = row
        return sort_evidence(list(rows.values()))

    def _owners(self, nodes: set[str]) -> dict[str, list[tuple[str, str]]]:
        """Owner node → [(kind, id)], read back from the IRIs (minted from kind and id)."""
        owners: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for kind, prefix in (
            ("hypothesis", self._iris.hypothesis("")),
            ("construct", self._iris.construct("")),
        ):
            for node in nodes:
                if node.startswith(prefix):
                    owners[node].append((kind, _id_in(node, prefix)))
        return owners

    def _cited(self, nodes: set[str], scan: bool) -> dict[str, tuple[str, str]]:
        """Cited node → (citation key, citation text of an unlisted work). A reference's
        key is read back from its IRI: the model names only references that exist."""
        prefix = self._iris.reference("")
        keys = {node: _id_in(node, prefix) for node in nodes if node.startswith(prefix)}
        unlisted = nodes - keys.keys()
        if scan:
            texts = {
                node: text.value for node, text in self._scan(_CITATION, self._model) if node in unlisted
            }
        else:
            texts = {
                n: q.object.value
                for n in unlisted
                for q in self._quads(_node(n), _CITATION, None, self._model)
            }
        return {n: (keys.get(n, ""), texts.get(n, "")) for n in nodes}

    def references(self, keys: Iterable[str] | None = None) -> list[ReferenceRow]:
        nodes = None if keys is None else [_node(self._iris.reference(k)) for k in dict.fromkeys(keys)]
        scan = nodes is None or len(nodes) > _SCAN_ABOVE
        # A scan reads every author list in one query; lookups follow each reference's bibo:authorList.
        found = self._facts(nodes, _REFERENCE_FACTS if scan else (*_REFERENCE_FACTS, _AUTHOR_LIST))
        paths = self._single(
            {s.value for f in found.values() for s in f.get(_DERIVED_FROM.value, ())},
            _PATH,
            scan,
            self._model,
        )
        venues = self._single(
            {v.value for f in found.values() for v in f.get(_PART_OF.value, ())}, _TITLE, scan
        )
        authors = self._authors(found, scan)
        rows: dict[str, ReferenceRow] = {}
        for node, facts in found.items():
            key, entry_type, line = (_first(facts, p) for p in (_KEY, _ENTRY_TYPE, _LINE))
            file = next(
                (paths[s.value] for s in facts.get(_DERIVED_FROM.value, ()) if s.value in paths), None
            )
            if key is None or entry_type is None or line is None or file is None:
                continue
            truncated = _first(facts, _TRUNCATED)
            container = next(
                (venues[v.value] for v in facts.get(_PART_OF.value, ()) if v.value in venues), ""
            )
            rows[key.value] = ReferenceRow(
                key=key.value,
                entry_type=entry_type.value,
                title=_text(_first(facts, _TITLE)),
                year=_text(_first(facts, _YEAR)),
                container=container,
                volume=_text(_first(facts, _VOLUME)),
                number=_text(_first(facts, _ISSUE)),
                pages=_text(_first(facts, _PAGES)),
                doi=_text(_first(facts, _DOI)),
                language=_text(_first(facts, _LANGUAGE)),
                file=file,
                line=int(line.value),
                authors_truncated=truncated is not None and truncated.value == "true",
                authors=[AuthorRow(family, given) for _, family, given in sorted(authors.get(node, ()))],
            )
        return [rows[key] for key in sorted(rows)]

    def citations(self, keys: Iterable[str]) -> list[CitationRow]:
        """As `references`, reading only the four facts a label needs: for a table
        citing most of a 100,000-entry bibliography, a third of the statements."""
        keys = list(dict.fromkeys(keys))
        if len(keys) <= _SCAN_ABOVE:
            return super().citations(keys)
        wanted = {self._iris.reference(key): key for key in keys}
        found = {node: key for node, value in self._scan(_KEY) if (key := wanted.get(node)) is not None}
        years = {node: value.value for node, value in self._scan(_YEAR) if node in found}
        truncated = {
            node for node, value in self._scan(_TRUNCATED) if node in found and value.value == "true"
        }
        authors = self._authors(dict.fromkeys(found, {_AUTHOR_LIST.value: []}), scan=True)
        rows = [
            CitationRow(
                key,
                [AuthorRow(family, given) for _, family, given in sorted(authors.get(node, ()))],
                node in truncated,
                years.get(node, ""),
            )
            for node, key in found.items()
        ]
        return sorted(rows, key=lambda row: row.key)

    def _single(self, nodes: set[str], predicate: ox.NamedNode, scan: bool, graph=None) -> dict[str, str]:
        """node → its (first) value of `predicate`."""
        if scan:
            values: dict[str, str] = {}
            for node, value in self._scan(predicate, graph):
                if node in nodes:
                    values.setdefault(node, value.value)
            return values
        return {
            n: value
            for n in nodes
            if (value := next((q.object.value for q in self._quads(_node(n), predicate, None, graph)), None))
            is not None
        }

    def _authors(self, references: dict[str, Facts], scan: bool) -> dict[str, set[tuple[int, str, str]]]:
        """Reference node → {(position, family, given)}: a person node is one spelling of a
        name, so these are the names as the reference wrote them."""
        people: dict[str, set[tuple[int, str, str]]] = defaultdict(set)
        if scan:  # one pass per predicate: a join over 300,000 authorships cost 3x as much
            lists = {seq.value: ref for ref, seq in self._scan(_AUTHOR_LIST) if ref in references}
            members: dict[str, list[tuple[int, str]]] = defaultdict(list)
            position = 1
            while True:  # rdf:_1, rdf:_2, ... until no list is that long
                found = [
                    (ref, person.value)
                    for seq, person in self._scan(_node(f"{_RDF_MEMBER}{position}"))
                    if (ref := lists.get(seq)) is not None
                ]
                if not found:
                    break
                for ref, person in found:
                    members[person].append((position, ref))
                position += 1
            families = {node: value.value for node, value in self._scan(_FAMILY) if node in members}
            givens = {node: value.value for node, value in self._scan(_GIVEN) if node in members}
            for person, listed in members.items():
                if person in families:
                    for position, ref in listed:
                        people[ref].add((position, families[person], givens.get(person, "")))
            return people
        for node, facts in references.items():
            if _AUTHOR_LIST.value not in facts:
                continue
            for listed in self._quads(_node(node), _AUTHOR_LIST, None):
                for member in self._quads(listed.object, None, None, listed.graph_name):
                    place = _member(member.predicate.value)
                    if place is None:
                        continue
                    names: dict[str, list[str]] = {_FAMILY.value: [], _GIVEN.value: []}
                    for fact in self._quads(member.object, None, None, listed.graph_name):
                        names.get(fact.predicate.value, []).append(fact.object.value)
                    spelt = names[_GIVEN.value] or [""]
                    people[node].update(
                        (place, family, given) for family in names[_FAMILY.value] for given in spelt
                    )
        return people

    def _causes(self, construct_iri: str) -> list[str]:
        """The constructs hypothesised to affect this one (remembered: the store never changes)."""
        found = self._predecessors.get(construct_iri)
        if found is None:
            found = self._predecessors[construct_iri] = [
                quad.subject.value for quad in self._quads(None, _AFFECTS, _node(construct_iri), self._model)
            ]
        return found

    def routes(self, source: str, target: str, max_length: int) -> list[list[str]]:
        """Routes in the graph of the effects that can still reach the target.

        Only that neighbourhood is read — breadth-first, back from the target, one
        index lookup per construct — so a first question on a model of thousands of
        constructs does not wait for all of its effects to be loaded.
        """
        if source == target:  # as networkx has it: a construct with any effect is a route to itself
            node = _node(self._iris.construct(source))
            linked = any(
                next(self._quads(start, _AFFECTS, end, self._model), None) is not None
                for start, end in ((node, None), (None, node))
            )
            return [[source]] if max_length >= 0 and linked else []
        prefix = self._iris.construct("")
        graph: dict[str, set[str]] = {_id_in(self._iris.construct(target), prefix): set()}
        frontier, seen = [self._iris.construct(target)], {self._iris.construct(target)}
        for _ in range(max(max_length, 0)):
            following = []
            for effect in frontier:
                for cause in self._causes(effect):
                    graph.setdefault(_id_in(cause, prefix), set()).add(_id_in(effect, prefix))
                    if cause not in seen:
                        seen.add(cause)
                        following.append(cause)
            frontier = following
        return sort_routes(simple_routes(graph, source, target, max_length))

    def raw_query(self, text: str) -> tuple[list[str], list[list]]:
        """One of litgraph's own queries, run here; a user's runs bounded, in a worker
        (`query.user_sparql`). litgraph's prefixes are given apart from the text."""
        result = self._store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        if isinstance(result, ox.QuerySolutions):
            columns = [variable.value for variable in result.variables]
            return columns, [[_text(solution[c]) for c in columns] for solution in result]
        if isinstance(result, ox.QueryBoolean):
            return ["ask"], [[bool(result)]]
        return ["subject", "predicate", "object"], [
            [t.subject.value, t.predicate.value, str(t.object)] for t in result
        ]
