"""Plain data handed from one pipeline step to the next.

parse → model → graph → query/check → output: each step takes and returns these
dataclasses, never a parser's or a store's own objects, so every step can be tested
and replaced on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum, StrEnum

_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True, slots=True)
class Location:
    """Where something was written: a file and a 1-based line (0 when unknown)."""

    file: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return ("info", "warning", "error").index(self.value)


@dataclass(slots=True)
class Problem:
    """A finding about the input: what is wrong, where, and how to fix it when certain."""

    severity: Severity
    message: str
    location: Location
    key: str = ""
    field: str = ""
    code: str = ""
    fix: str = ""

    def as_dict(self) -> dict:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "key": self.key,
            "field": self.field,
            "file": self.location.file,
            "line": self.location.line,
            "message": self.message,
            "fix": self.fix,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Problem:
        return cls(
            Severity(data["severity"]),
            data["message"],
            Location(data["file"], data["line"]),
            data.get("key", ""),
            data.get("field", ""),
            data.get("code", ""),
            data.get("fix", ""),
        )


@dataclass(frozen=True, slots=True)
class Person:
    """One author or editor, split into BibTeX's name parts."""

    last: str
    first: str = ""
    von: str = ""
    jr: str = ""

    @property
    def family(self) -> str:
        return f"{self.von} {self.last}".strip()

    @property
    def display(self) -> str:
        """'Park, C. W.' style for Latin names, the name itself for CJK names."""
        if not self.first:
            return self.family
        return f"{self.family}, {self.first}" + (f", {self.jr}" if self.jr else "")


@dataclass(slots=True)
class Reference:
    """One BibTeX entry after macro, crossref, name and LaTeX handling.

    `fields` keeps every field as written (macros and crossref resolved, LaTeX not
    decoded, names lower-cased) so checks can point at the raw text; the named
    attributes hold the decoded values the graph and the outputs use.
    """

    key: str
    entry_type: str
    location: Location
    fields: dict[str, str]
    title: str = ""
    authors: list[Person] = field(default_factory=list)
    editors: list[Person] = field(default_factory=list)
    authors_truncated: bool = False  # the list ends in "and others" / 等
    container: str = ""  # journal, booktitle or publisher series
    publisher: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""
    language: str = ""  # "zh", "en", ... ("" when neither marked nor evident)
    raw: str = ""  # the entry's source text, for hashing and exact fixes

    @property
    def year_text(self) -> str:
        return self.fields.get("year", "") or self.fields.get("date", "")[:4]

    @property
    def year(self) -> int | None:
        match = _YEAR.search(self.year_text)
        return int(match.group()) if match else None

    @property
    def is_chinese(self) -> bool:
        return self.language == "zh"


@dataclass(slots=True)
class Bibliography:
    """Everything read from the BibTeX files of a project, kept or reported."""

    references: list[Reference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    heads: int = 0  # `@type{key` heads seen, @string/@preamble/@comment excluded

    def by_key(self) -> dict[str, Reference]:
        return {ref.key: ref for ref in self.references}


# --- the research model -------------------------------------------------------


class HypothesisKind(StrEnum):
    DIRECT = "direct"
    MEDIATION = "mediation"
    MODERATION = "moderation"
    MODERATED_MEDIATION = "moderated_mediation"

    @property
    def claims_effects(self) -> bool:
        """Direct and mediation hypotheses claim effects; the moderations act on those."""
        return self in (HypothesisKind.DIRECT, HypothesisKind.MEDIATION)


def effect_steps(
    kind: HypothesisKind, source: str, mediators: list[str], target: str
) -> list[tuple[str, str]]:
    """The construct → construct effects a hypothesis claims: the direct effect, or each leg of a
    mediation; none for a moderation, which acts on another hypothesis's effects."""
    if kind is HypothesisKind.DIRECT:
        return [(source, target)]
    if kind is HypothesisKind.MEDIATION:
        chain = [source, *mediators, target]
        return list(zip(chain, chain[1:], strict=False))
    return []


@dataclass(slots=True)
class Evidence:
    """A link from a hypothesis or construct to the study that backs or contradicts it.

    `ref` names a BibTeX key; a citation the review makes without a reference-list
    entry is kept as `citation` text so that the audit can flag it.
    """

    ref: str
    direction: str = "supports"  # or "contradicts"
    claim: str = ""
    page: str = ""
    beta: float | None = None
    p: float | None = None
    n: int | None = None
    citation: str = ""
    location: Location = Location("")
    key_lines: dict[str, int] = field(default_factory=dict)  # the line of each key, for messages

    @property
    def listed(self) -> bool:
        return bool(self.ref)


@dataclass(slots=True)
class Construct:
    id: str
    labels: dict[str, str]  # language → preferred label
    alt_labels: dict[str, list[str]] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    defined_by: list[Evidence] = field(default_factory=list)
    location: Location = Location("")
    key_lines: dict[str, int] = field(default_factory=dict)  # the line of each key, for messages


@dataclass(slots=True)
class Hypothesis:
    """A claim of the model. Roles by kind:

    direct: source → target; mediation: source → mediators… → target;
    moderation: moderator acts on the hypothesis `moderates`;
    moderated_mediation: moderator acts on the mediation `moderates`.
    """

    id: str
    kind: HypothesisKind
    sign: str = "+"
    source: str = ""
    target: str = ""
    mediators: list[str] = field(default_factory=list)
    moderator: str = ""
    moderates: str = ""
    statements: dict[str, str] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    location: Location = Location("")
    key_lines: dict[str, int] = field(default_factory=dict)  # the line of each key, for messages

    def effect_steps(self) -> list[tuple[str, str]]:
        return effect_steps(self.kind, self.source, self.mediators, self.target)


@dataclass(slots=True)
class Review:
    id: str
    titles: dict[str, str] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ResearchModel:
    review: Review
    constructs: list[Construct] = field(default_factory=list)
    hypotheses: list[Hypothesis] = field(default_factory=list)
    source: str = ""

    def construct_map(self) -> dict[str, Construct]:
        return {c.id: c for c in self.constructs}

    def hypothesis_map(self) -> dict[str, Hypothesis]:
        return {h.id: h for h in self.hypotheses}
