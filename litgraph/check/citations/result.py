"""What cite-check hands on: each citation found, with the entry it was matched to, and the problems
(made by `Reporter`, so that every message names its location alike)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...records import Location, Problem, Severity


@dataclass(slots=True)
class Citation:
    """One cited work as written in the text, and the reference it was matched to (None if none)."""

    text: str
    location: Location
    key: str | None = None

    def as_dict(self) -> dict:
        return {"text": self.text, "file": self.location.file, "line": self.location.line, "key": self.key}


@dataclass(slots=True)
class CiteCheckResult:
    citations: list[Citation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class Reporter:
    """Makes citation problems, naming the paragraph in messages when locations count paragraphs."""

    def __init__(self, problems: list[Problem], unit: str):
        self.problems = problems
        self.unit = unit

    def __call__(
        self, severity: Severity, code: str, location: Location, message: str, key: str = ""
    ) -> None:
        if self.unit != "line":
            message = f"{self.unit} {location.line}: {message}"
        self.problems.append(Problem(severity, message, location, key=key, code=code))
