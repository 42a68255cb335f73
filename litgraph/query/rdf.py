"""The embedded backend: SPARQL over the project's Oxigraph store, networkx for routes.

Every query is a constant string; a user's value reaches it only as a bound
variable (`substitutions`), never pasted into the text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from ..graph.vocab import SPARQL_PREFIXES, ReviewIris
from .backend import Backend, sort_routes
from .rows import (
    AuthorRow, ConstructRow, EvidenceRow, HypothesisRow, ReferenceRow, ReviewRow, sort_evidence, sort_hypotheses,
)

_REVIEW = SPARQL_PREFIXES + """
SELECT ?review ?id ?title WHERE { ?review a lg:Review ; lg:reviewId ?id . OPTIONAL { ?review dcterms:title ?title } }"""

_CONSTRUCTS = SPARQL_PREFIXES + """
SELECT ?id ?p ?o WHERE {
  ?c a lg:Construct ; lg:constructId ?id ; ?p ?o .
  VALUES ?p { skos:prefLabel skos:altLabel skos:definition }
}"""

_HYPOTHESES = SPARQL_PREFIXES + """
SELECT ?h ?id ?kind ?sign ?source ?target ?moderator ?moderates WHERE {
  ?h a lg:Hypothesis ; lg:hypothesisId ?id ; lg:kind ?kind ; lg:expectedSign ?sign .
  OPTIONAL { ?h lg:source/lg:constructId ?source }
  OPTIONAL { ?h lg:target/lg:constructId ?target }
  OPTIONAL { ?h lg:moderator/lg:constructId ?moderator }
  OPTIONAL { ?h lg:moderates/lg:hypothesisId ?moderates }
}"""

_HYPOTHESIS_STATEMENTS = SPARQL_PREFIXES + """
SELECT ?h ?id ?text WHERE { ?h a lg:Hypothesis ; lg:hypothesisId ?id ; dcterms:description ?text }"""

_HYPOTHESIS_MEDIATORS = SPARQL_PREFIXES + """
SELECT ?h ?id ?member ?mediator WHERE {
  ?h a lg:Hypothesis ; lg:hypothesisId ?id ; lg:mediatorChain ?chain .
  ?chain ?member ?m . ?m lg:constructId ?mediator .
}"""

_TOUCHING = SPARQL_PREFIXES + """
SELECT DISTINCT ?c ?id WHERE {
  ?h a lg:Hypothesis ; lg:hypothesisId ?id .
  { ?h lg:source ?c } UNION { ?h lg:target ?c } UNION { ?h lg:mediator ?c } UNION { ?h lg:moderator ?c }
}"""

_MODERATIONS = SPARQL_PREFIXES + """
SELECT ?h ?id WHERE { ?m lg:moderates ?h ; lg:hypothesisId ?id }"""

_EVIDENCE = SPARQL_PREFIXES + """
SELECT ?owner ?cited ?kind ?ownerId ?position ?key ?citation ?direction ?claim ?page ?beta ?p ?n WHERE {
  ?e a lg:EvidenceLink ; cito:hasCitingEntity ?owner ; cito:hasCitedEntity ?cited ;
     lg:position ?position ; lg:direction ?direction .
  { ?owner lg:hypothesisId ?ownerId . BIND("hypothesis" AS ?kind) }
  UNION { ?owner lg:constructId ?ownerId . BIND("construct" AS ?kind) }
  OPTIONAL { ?cited lg:citationKey ?key }
  OPTIONAL { ?cited lg:citationText ?citation }
  OPTIONAL { ?e lg:claim ?claim }
  OPTIONAL { ?e lg:page ?page }
  OPTIONAL { ?e lg:beta ?beta }
  OPTIONAL { ?e lg:pValue ?p }
  OPTIONAL { ?e lg:sampleSize ?n }
}"""

_REFERENCES = SPARQL_PREFIXES + """
SELECT ?r ?key ?type ?title ?year ?container ?volume ?number ?pages ?doi ?language ?file ?line ?truncated WHERE {
  ?r a lg:Reference ; lg:citationKey ?key ; lg:entryType ?type ; lg:sourceLine ?line ;
     prov:wasDerivedFrom/lg:path ?file .
  OPTIONAL { ?r dcterms:title ?title }
  OPTIONAL { ?r lg:yearAsWritten ?year }
  OPTIONAL { ?r dcterms:isPartOf/dcterms:title ?container }
  OPTIONAL { ?r bibo:volume ?volume }
  OPTIONAL { ?r bibo:issue ?number }
  OPTIONAL { ?r bibo:pages ?pages }
  OPTIONAL { ?r bibo:doi ?doi }
  OPTIONAL { ?r dcterms:language ?language }
  OPTIONAL { ?r lg:authorsTruncated ?truncated }
}"""

# Names are read from the reference's own graph: a person node shared by several
# references may be spelt differently in each.
_AUTHORS = SPARQL_PREFIXES + """
SELECT ?r ?key ?member ?family ?given WHERE {
  ?r lg:citationKey ?key .
  GRAPH ?g { ?r bibo:authorList ?list . ?list ?member ?person . ?person foaf:familyName ?family .
             OPTIONAL { ?person foaf:givenName ?given } }
}"""

_EDGES = SPARQL_PREFIXES + """
SELECT ?source ?target WHERE { ?a lg:affects ?b . ?a lg:constructId ?source . ?b lg:constructId ?target }"""

# Bound variables must be projected for Oxigraph's substitutions, hence ?h, ?c,
# ?owner, ?cited and ?r in the SELECT lists above.
_RDF_MEMBER = "http://www.w3.org/1999/02/22-rdf-syntax-ns#_"


def _text(term) -> str:
    return "" if term is None else term.value


class RdfBackend(Backend):
    """Answers from an open (read-only) Oxigraph store."""

    name = "embedded"

    def __init__(self, store: ox.Store, review_id: str):
        self._store = store
        self._iris = ReviewIris(review_id)
        self._graph = None

    def _select(self, query: str, **bindings):
        substitutions = {ox.Variable(name): value for name, value in bindings.items()} or None
        return self._store.query(query, use_default_graph_as_union=True, substitutions=substitutions)

    def review(self) -> ReviewRow:
        row = None
        for solution in self._select(_REVIEW):
            row = row or ReviewRow(id=_text(solution["id"]))
            title = solution["title"]
            if title is not None:
                row.titles[title.language or "en"] = title.value
        return row or ReviewRow(id="")

    def constructs(self) -> list[ConstructRow]:
        rows: dict[str, ConstructRow] = {}
        for solution in self._select(_CONSTRUCTS):
            cid = solution["id"].value
            row = rows.setdefault(cid, ConstructRow(id=cid))
            literal, predicate = solution["o"], solution["p"].value
            lang = literal.language or "en"
            if predicate.endswith("prefLabel"):
                row.labels[lang] = literal.value
            elif predicate.endswith("altLabel"):
                row.alt_labels.setdefault(lang, []).append(literal.value)
            else:
                row.definitions[lang] = literal.value
        for row in rows.values():
            for labels in row.alt_labels.values():
                labels.sort()
        return [rows[cid] for cid in sorted(rows)]

    def hypotheses(self, ids: Iterable[str] | None = None) -> list[HypothesisRow]:
        subjects = [None] if ids is None else [ox.NamedNode(self._iris.hypothesis(i)) for i in dict.fromkeys(ids)]
        rows: dict[str, HypothesisRow] = {}
        for subject in subjects:
            bindings = {} if subject is None else {"h": subject}
            for s in self._select(_HYPOTHESES, **bindings):
                rows[s["id"].value] = HypothesisRow(
                    id=s["id"].value, kind=s["kind"].value, sign=s["sign"].value, source=_text(s["source"]),
                    target=_text(s["target"]), moderator=_text(s["moderator"]), moderates=_text(s["moderates"]),
                )
            for s in self._select(_HYPOTHESIS_STATEMENTS, **bindings):
                rows[s["id"].value].statements[s["text"].language or "en"] = s["text"].value
            chains: dict[str, list] = defaultdict(list)
            for s in self._select(_HYPOTHESIS_MEDIATORS, **bindings):
                member = s["member"].value
                if member.startswith(_RDF_MEMBER):
                    chains[s["id"].value].append((int(member[len(_RDF_MEMBER):]), s["mediator"].value))
            for hid, chain in chains.items():
                rows[hid].mediators = [mediator for _, mediator in sorted(chain)]
        return sort_hypotheses(list(rows.values()))

    def hypotheses_touching(self, construct_ids: Iterable[str]) -> list[HypothesisRow]:
        ids = {s["id"].value for cid in construct_ids
               for s in self._select(_TOUCHING, c=ox.NamedNode(self._iris.construct(cid)))}
        return self.hypotheses(sorted(ids)) if ids else []

    def moderations_of(self, hypothesis_ids: Iterable[str]) -> list[HypothesisRow]:
        ids = {s["id"].value for hid in hypothesis_ids
               for s in self._select(_MODERATIONS, h=ox.NamedNode(self._iris.hypothesis(hid)))}
        return self.hypotheses(sorted(ids)) if ids else []

    def evidence(self, owner_ids: Iterable[str] | None = None, ref_keys: Iterable[str] | None = None) -> list[EvidenceRow]:
        if owner_ids is None and ref_keys is None:
            bindings_list = [{}]
        else:
            bindings_list = []
            for oid in owner_ids or ():
                bindings_list.append({"owner": ox.NamedNode(self._iris.hypothesis(oid))})
                bindings_list.append({"owner": ox.NamedNode(self._iris.construct(oid))})
            for key in ref_keys or ():
                bindings_list.append({"cited": ox.NamedNode(self._iris.reference(key))})
        rows = {}
        for bindings in bindings_list:
            for s in self._select(_EVIDENCE, **bindings):
                row = EvidenceRow(
                    owner_kind=s["kind"].value, owner_id=s["ownerId"].value, position=int(s["position"].value),
                    ref=_text(s["key"]), citation=_text(s["citation"]), direction=s["direction"].value,
                    claim=_text(s["claim"]), page=_text(s["page"]),
                    beta=float(s["beta"].value) if s["beta"] is not None else None,
                    p=float(s["p"].value) if s["p"] is not None else None,
                    n=int(s["n"].value) if s["n"] is not None else None,
                )
                rows[(row.owner_kind, row.owner_id, row.position)] = row
        return sort_evidence(list(rows.values()))

    def references(self, keys: Iterable[str] | None = None) -> list[ReferenceRow]:
        subjects = [{}] if keys is None else [{"r": ox.NamedNode(self._iris.reference(k))} for k in dict.fromkeys(keys)]
        rows: dict[str, ReferenceRow] = {}
        authors: dict[str, list] = defaultdict(list)
        for bindings in subjects:
            for s in self._select(_REFERENCES, **bindings):
                rows[s["key"].value] = ReferenceRow(
                    key=s["key"].value, entry_type=s["type"].value, title=_text(s["title"]), year=_text(s["year"]),
                    container=_text(s["container"]), volume=_text(s["volume"]), number=_text(s["number"]),
                    pages=_text(s["pages"]), doi=_text(s["doi"]), language=_text(s["language"]),
                    file=s["file"].value, line=int(s["line"].value), authors_truncated=s["truncated"] is not None
                    and s["truncated"].value == "true",
                )
            for s in self._select(_AUTHORS, **bindings):
                member = s["member"].value
                if member.startswith(_RDF_MEMBER):
                    authors[s["key"].value].append((int(member[len(_RDF_MEMBER):]), s["family"].value, _text(s["given"])))
        for key, people in authors.items():
            if key in rows:
                rows[key].authors = [AuthorRow(family, given) for _, family, given in sorted(set(people))]
        return [rows[key] for key in sorted(rows)]

    def _construct_graph(self):
        """The networkx view of hypothesised effects between constructs (built once per process)."""
        if self._graph is None:
            import networkx as nx

            self._graph = nx.DiGraph()
            self._graph.add_edges_from((s["source"].value, s["target"].value) for s in self._select(_EDGES))
        return self._graph

    def routes(self, source: str, target: str, max_length: int) -> list[list[str]]:
        import networkx as nx

        graph = self._construct_graph()
        if source not in graph or target not in graph:
            return []
        return sort_routes(nx.all_simple_paths(graph, source, target, cutoff=max_length))

    def raw_query(self, text: str) -> tuple[list[str], list[list]]:
        result = self._store.query(text, use_default_graph_as_union=True)
        if isinstance(result, ox.QuerySolutions):
            columns = [variable.value for variable in result.variables]
            return columns, [[_text(solution[c]) for c in columns] for solution in result]
        if isinstance(result, ox.QueryBoolean):
            return ["ask"], [[bool(result)]]
        return ["subject", "predicate", "object"], [[t.subject.value, t.predicate.value, str(t.object)] for t in result]
