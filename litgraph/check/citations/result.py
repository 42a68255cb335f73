"""What cite-check hands on: each citation found, with the entry it was matched to and how; each
reference the manuscript types in its list, with the entry it was matched to, what differs and
the line as the chosen style writes it; and the problems (made by `Reporter`, so that every
message names its location alike). Plain data: the report and the CLI read it as it is."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...records import Location, Problem, Severity

#: How a citation was matched (`Citation.matched_by`).
BY_KEY, BY_AUTHOR_YEAR, BY_NUMBER, BY_FIELD_CODE = "key", "author-year", "number", "field-code"


@dataclass(slots=True)
class Citation:
    """One cited work as written in the text, and the reference it was matched to (None if none).

    `matched_by`: "key" (\\cite, [@key]), "author-year" (name and year read from the text), "number"
    ([3]: the numbered list's item 3) or "field-code" (a reference manager's embedded item data,
    `manager` naming which)."""

    text: str
    location: Location
    key: str | None = None
    matched_by: str = ""
    manager: str = ""  # "zotero", "mendeley", "mendeley-cite", "endnote", "noteexpress"

    def as_dict(self) -> dict:
        out = {
            "text": self.text,
            "file": self.location.file,
            "line": self.location.line,
            "key": self.key,
            "matched_by": self.matched_by,
        }
        if self.manager:
            out["manager"] = self.manager
        return out


@dataclass(slots=True)
class Deviation:
    """One way a typed reference differs: from its entry's data (`kind` "data", `field` the CSL
    variable) or from the style ("type-mark", "et-al", "full-stop", "width", "spacing", "dash",
    "initials", "case", "punctuation", "words", "missing", "order-of-elements", "other-style")."""

    kind: str
    message: str
    typed: str = ""
    expected: str = ""
    field: str = ""

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "field": self.field,
            "typed": self.typed,
            "expected": self.expected,
            "message": self.message,
        }


@dataclass(slots=True)
class ListedReference:
    """One reference as the manuscript's list types it, and what cite-check found about it.

    `matched_by`: "key" (\\bibitem), "doi", "identity" (title, year and first author, as
    `csl.same_work`), "similar" (close title, author or year) or "" (not in the .bib).
    `corrected`: the line as the chosen style writes the matched entry (from the typed data
    when there is no entry)."""

    text: str
    location: Location
    label: str = ""
    key: str | None = None
    matched_by: str = ""
    corrected: str = ""
    differences: list[Deviation] = field(default_factory=list)  # data: the list says X, the entry Y
    deviations: list[Deviation] = field(default_factory=list)  # from the style

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "file": self.location.file,
            "line": self.location.line,
            "label": self.label,
            "key": self.key,
            "matched_by": self.matched_by,
            "corrected": self.corrected,
            "differences": [d.as_dict() for d in self.differences],
            "deviations": [d.as_dict() for d in self.deviations],
        }


@dataclass(slots=True)
class CiteCheckResult:
    citations: list[Citation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    references: list[ListedReference] = field(default_factory=list)  # the typed list, in its order
    style: str = ""  # the style the typed list was checked against: "gb7714-2025", "apa7"
    order: str = ""  # and its order: "numeric" or "author-date"
    style_title: str = ""  # as people write it: "GB/T 7714-2025 (author-date)"
    style_source: str = ""  # why: "--style", litgraph.toml's [references], or what the list looks like
    field_codes: list[str] = field(default_factory=list)  # the managers whose citations were read


class Reporter:
    """Makes citation problems, naming the paragraph in messages when locations count paragraphs."""

    def __init__(self, problems: list[Problem], unit: str):
        self.problems = problems
        self.unit = unit

    def __call__(
        self, severity: Severity, code: str, location: Location, message: str, key: str = "", fix: str = ""
    ) -> None:
        if self.unit != "line":
            message = f"{self.unit} {location.line}: {message}"
        self.problems.append(Problem(severity, message, location, key=key, code=code, fix=fix))
