"""The answers `ReviewQuestions` gives: plain dataclasses, the same from either backend.

The CLI prints them as JSON (`as_dict`, whose keys and their order are the `--json`
contract the scripts and the backend-parity tests read) or hands them to
`output.terminal` to draw; nothing indexes them by string keys.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..records import HypothesisKind
from .rows import ReferenceRow

#: The `verify` of a cited work that no `verify` run has checked (or that is missing from the
#: reference list, which `verify` cannot check); any other value is the last run's status.
UNCHECKED = "unchecked"


class Answer:
    """An answer as JSON data: its fields in order, nested answers and rows included."""

    __slots__ = ()

    def as_dict(self) -> dict:
        return asdict(self)  # type: ignore[call-overload]  # every subclass is a dataclass


@dataclass(slots=True)
class Cited(Answer):
    """A reference as an answer shows it: key plus author–year label."""

    key: str
    label: str
    direction: str = "supports"
    claim: str = ""
    listed: bool = True  # False: cited in the review, missing from its reference list
    verify: str = UNCHECKED  # the last `verify` status of the work (see `ReviewQuestions`)


@dataclass(slots=True)
class Study(Cited):
    """A study behind a hypothesis, with what the review records of it."""

    page: str = ""
    beta: float | None = None
    p: float | None = None
    n: int | None = None
    title: str = ""


@dataclass(slots=True)
class HypothesisView(Answer):
    id: str
    kind: HypothesisKind
    sign: str
    path: str
    statement: str
    source: str  # the roles as in `HypothesisRow`, "" where the kind has none
    target: str
    mediators: list[str]
    moderator: str
    moderates: str
    supported_by: list[Cited] = field(default_factory=list)
    contradicted_by: list[Cited] = field(default_factory=list)


@dataclass(slots=True)
class Moderation(Answer):
    hypothesis: str
    moderator: str
    moderator_label: str
    sign: str


@dataclass(slots=True)
class Step(Answer):
    source: str
    target: str
    hypotheses: list[HypothesisView]
    moderators: list[Moderation]


@dataclass(slots=True)
class Route(Answer):
    constructs: list[str]
    labels: list[str]
    steps: list[Step]
    mediations: list[str]  # mediation hypotheses that claim exactly this route
    moderated_mediations: list[Moderation]


@dataclass(slots=True)
class PathsAnswer(Answer):
    source: str
    target: str
    max_length: int
    routes: list[Route]


@dataclass(slots=True)
class EvidenceAnswer(Answer):
    """A hypothesis, what moderates it, and the studies behind it."""

    hypothesis: HypothesisView
    moderated_by: list[Moderation]
    evidence: list[Study]


@dataclass(slots=True)
class Link(Answer):
    """A hypothesis or construct definition that cites a reference."""

    kind: str  # "hypothesis" or "construct"
    id: str
    direction: str
    claim: str
    path: str  # the hypothesis's path, or the construct's label
    statement: str  # the hypothesis's statement, or "definition"


@dataclass(slots=True)
class SupportsAnswer(Answer):
    """A reference, its label, and what cites it."""

    reference: ReferenceRow
    citation: str
    verify: str  # the last `verify` status of the work, or UNCHECKED
    links: list[Link]


@dataclass(slots=True)
class Neighbour(Answer):
    """A construct some steps up- or downstream, with the hypotheses that lead there."""

    construct: str
    label: str
    distance: int
    kind: HypothesisKind  # of the first hypothesis found to lead there
    sign: str  # of that hypothesis
    hypotheses: list[str]


@dataclass(slots=True)
class NeighboursAnswer(Answer):
    construct: str
    label: str
    direction: str  # "antecedents" or "consequents"
    depth: int
    constructs: list[Neighbour]
    moderators_on_its_paths: list[Moderation]


@dataclass(slots=True)
class ConstructEntry(Answer):
    """A row of the construct table."""

    id: str
    label: str
    labels: dict[str, str]
    alt_labels: dict[str, list[str]]
    definition: str
    defined_by: list[Cited]


@dataclass(slots=True)
class ConstructAnswer(ConstructEntry):
    """A construct with the hypotheses it takes part in."""

    hypotheses: list[HypothesisView] = field(default_factory=list)


@dataclass(slots=True)
class ShowAnswer(Answer):
    """Whatever a name names: a hypothesis, a reference or a construct."""

    type: str  # "hypothesis", "reference" or "construct"
    answer: EvidenceAnswer | SupportsAnswer | ConstructAnswer

    def as_dict(self) -> dict:
        return {"type": self.type, **self.answer.as_dict()}
