"""What a backend answers with: plain rows, the same whichever store they came from.

Both backends (the embedded RDF store and Neo4j) return exactly these, sorted the
same way, so that every question above them is answered by one piece of code and
the two backends can be compared answer for answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import HypothesisKind, effect_steps
from ..text import natural_key


@dataclass(slots=True)
class ReviewRow:
    id: str
    titles: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ConstructRow:
    id: str
    labels: dict[str, str] = field(default_factory=dict)
    alt_labels: dict[str, list[str]] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or next(iter(self.labels.values()), self.id)

    def names(self) -> list[str]:
        """Every name a user may type for this construct: id, labels, alternative labels."""
        names = [self.id, *self.labels.values()]
        for alts in self.alt_labels.values():
            names.extend(alts)
        return names


@dataclass(slots=True)
class HypothesisRow:
    id: str
    kind: HypothesisKind  # a backend may give the kind's text: it is read as the kind
    sign: str
    source: str = ""
    target: str = ""
    mediators: list[str] = field(default_factory=list)
    moderator: str = ""
    moderates: str = ""
    statements: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.kind = HypothesisKind(self.kind)

    def statement(self, lang: str = "en") -> str:
        return (
            self.statements.get(lang) or self.statements.get("en") or next(iter(self.statements.values()), "")
        )

    def effect_steps(self) -> list[tuple[str, str]]:
        return effect_steps(self.kind, self.source, self.mediators, self.target)


@dataclass(slots=True)
class EvidenceRow:
    owner_kind: str  # "hypothesis" or "construct"
    owner_id: str
    position: int
    ref: str  # BibTeX key, "" for a citation missing from the reference list
    citation: str  # the citation text when `ref` is empty
    direction: str
    claim: str = ""
    page: str = ""
    beta: float | None = None
    p: float | None = None
    n: int | None = None


@dataclass(slots=True)
class AuthorRow:
    family: str
    given: str = ""


@dataclass(slots=True)
class ReferenceRow:
    key: str
    entry_type: str
    title: str = ""
    authors: list[AuthorRow] = field(default_factory=list)
    authors_truncated: bool = False
    year: str = ""
    container: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    doi: str = ""
    language: str = ""
    file: str = ""
    line: int = 0


@dataclass(slots=True)
class CitationRow:
    """What an author–year label needs of a reference (a table cites tens of thousands)."""

    key: str
    authors: list[AuthorRow] = field(default_factory=list)
    authors_truncated: bool = False
    year: str = ""


def sort_hypotheses(rows: list[HypothesisRow]) -> list[HypothesisRow]:
    return sorted(rows, key=lambda h: natural_key(h.id))


def sort_evidence(rows: list[EvidenceRow]) -> list[EvidenceRow]:
    return sorted(rows, key=lambda e: (e.owner_kind, natural_key(e.owner_id), e.position))
