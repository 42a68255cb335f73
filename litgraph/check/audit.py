"""What the model rests on: each hypothesis and definition with its references' health.

The evidence comes from the graph (any backend); each reference's health from the
offline integrity check of the project's BibTeX and from the last `verify` run
(`.litgraph/verify.json`). A hypothesis is flagged when it rests on one study, on a
citation missing from the reference list, or on a reference that fails a check.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..parse.bibtex import load_bibliography
from ..project import Project
from ..query.answers import UNCHECKED
from ..query.service import ReviewQuestions
from ..records import Severity
from .integrity import check_bibliography
from .verify.verdicts import load_verdicts

#: Flag code → (severity, how it reads). Errors mean the evidence is broken;
#: warnings that it is thin or disputed.
FLAGS = {
    "missing-reference": (Severity.ERROR, "cited but missing from the reference list"),
    "retracted": (Severity.ERROR, "rests on a retracted work"),
    "mismatch": (Severity.ERROR, "rests on a reference whose metadata disagrees with the record"),
    "not-found": (Severity.ERROR, "rests on a reference no open source could find"),
    "bibtex-error": (Severity.ERROR, "rests on a BibTeX entry with errors"),
    "no-evidence": (Severity.WARNING, "no study cited"),
    "single-study": (Severity.WARNING, "supported by a single study"),
    "ambiguous": (Severity.WARNING, "rests on a reference matching several records"),
    "contradicted": (Severity.WARNING, "a cited study contradicts it"),
}
_VERIFY_FLAGS = {
    "retracted": "retracted",
    "mismatch": "mismatch",
    "not_found": "not-found",
    "ambiguous": "ambiguous",
}


@dataclass(slots=True)
class Finding:
    """An integrity finding about a reference, as the audit and the report show it."""

    severity: str
    code: str
    message: str


@dataclass(slots=True)
class ReferenceHealth:
    key: str
    label: str
    listed: bool
    direction: str
    verify: str = UNCHECKED  # a verify status, or UNCHECKED before any verify run
    check: list[Finding] = field(default_factory=list)  # integrity findings of warning or error severity

    @property
    def has_errors(self) -> bool:
        return any(finding.severity == Severity.ERROR.value for finding in self.check)


@dataclass(slots=True)
class Flag:
    code: str
    severity: str
    message: str
    keys: list[str] = field(default_factory=list)


@dataclass(slots=True)
class AuditItem:
    kind: str  # "hypothesis" or "construct"
    id: str
    path: str
    references: list[ReferenceHealth]
    flags: list[Flag]


def reference_health(project: Project) -> tuple[dict[str, list[Finding]], dict[str, str]]:
    """Integrity findings and verify statuses per BibTeX key."""
    bib = load_bibliography(project.bibtex, [project.shown(p) for p in project.bibtex])
    findings: dict[str, list[Finding]] = {}
    for problem in check_bibliography(bib):
        if problem.key and problem.severity.rank >= Severity.WARNING.rank:
            findings.setdefault(problem.key, []).append(
                Finding(problem.severity.value, problem.code, problem.message)
            )
    verdicts = {key: verdict.status.value for key, verdict in load_verdicts(project).items()}
    return findings, verdicts


def audit(questions: ReviewQuestions, project: Project) -> list[AuditItem]:
    findings, verdicts = reference_health(project)
    rows = questions.backend.evidence()
    refs = questions.references(r.ref for r in rows)
    hyps = questions.backend.hypotheses()
    by_id = {h.id: h for h in hyps}
    owners = [("hypothesis", h.id, questions.path_text(h, by_id)) for h in hyps]
    owners += [("construct", c.id, c.label(questions.lang)) for c in questions.constructs()]
    items = []
    for kind, owner_id, path in owners:
        health = []
        for row in (r for r in rows if r.owner_kind == kind and r.owner_id == owner_id):
            cited = questions.cited(row, refs)
            health.append(
                ReferenceHealth(
                    cited.key,
                    cited.label,
                    cited.listed,
                    row.direction,
                    verdicts.get(row.ref, UNCHECKED) if row.ref else "unlisted",
                    findings.get(row.ref, []),
                )
            )
        items.append(AuditItem(kind, owner_id, path, health, _flags(kind, health)))
    return items


def _flags(kind: str, health: list[ReferenceHealth]) -> list[Flag]:
    found: dict[str, list[str]] = {}

    def flag(code: str, key: str = "") -> None:
        found.setdefault(code, [])
        if key:
            found[code].append(key)

    supporting = [h for h in health if h.direction == "supports"]
    if not health:
        flag("no-evidence")
    elif kind == "hypothesis" and len(supporting) == 1:
        flag("single-study", supporting[0].key or supporting[0].label)
    for ref in health:
        name = ref.key or ref.label
        if not ref.listed:
            flag("missing-reference", name)
        if ref.verify in _VERIFY_FLAGS:
            flag(_VERIFY_FLAGS[ref.verify], name)
        if ref.has_errors:
            flag("bibtex-error", name)
        if ref.direction == "contradicts":
            flag("contradicted", name)
    return [Flag(code, FLAGS[code][0].value, FLAGS[code][1], found[code]) for code in FLAGS if code in found]


def hypothesis_flags(questions: ReviewQuestions, project: Project) -> dict[str, str]:
    """Short flag text per hypothesis, for the `Flags` column of the hypothesis table."""
    texts = {}
    for item in audit(questions, project):
        if item.kind == "hypothesis" and item.flags:
            texts[item.id] = "; ".join(
                f"{f.code}" + (f" ({', '.join(f.keys)})" if f.keys else "") for f in item.flags
            )
    return texts


def as_dicts(items: list[AuditItem]) -> list[dict]:
    return [asdict(item) for item in items]
