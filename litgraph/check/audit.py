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
from ..records import Problem, Severity
from .integrity import check_bibliography
from .verify.verdicts import Verdict, load_verdicts

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
#: How a flag reads in another language: (its name in a table's flag column, its reading).
#: English uses the code and FLAGS' reading.
FLAG_WORDS = {
    "zh": {
        "missing-reference": ("文献缺失", "被引用但不在参考文献列表中"),
        "retracted": ("已撤稿", "依据的文献已被撤稿"),
        "mismatch": ("元数据不符", "依据的文献元数据与检索到的记录不符"),
        "not-found": ("未找到记录", "依据的文献在开放数据源中未找到"),
        "bibtex-error": ("BibTeX 错误", "依据的 BibTeX 条目有错误"),
        "no-evidence": ("无文献", "未引用文献"),
        "single-study": ("仅一项研究", "仅有一项研究支持"),
        "ambiguous": ("多条匹配", "依据的文献匹配到多条记录"),
        "contradicted": ("有反对证据", "有被引研究与之相反"),
    }
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


Health = tuple[dict[str, list[Finding]], dict[str, str]]


def reference_health(project: Project) -> Health:
    """Integrity findings and verify statuses per BibTeX key."""
    bib = load_bibliography(project.bibtex, [project.shown(p) for p in project.bibtex])
    return health_of(check_bibliography(bib), load_verdicts(project))


def health_of(problems: list[Problem], verdicts: dict[str, Verdict]) -> Health:
    """`reference_health` from integrity findings and verdicts a caller already has."""
    findings: dict[str, list[Finding]] = {}
    for problem in problems:
        if problem.key and problem.severity.rank >= Severity.WARNING.rank:
            findings.setdefault(problem.key, []).append(
                Finding(problem.severity.value, problem.code, problem.message)
            )
    return findings, {key: verdict.status.value for key, verdict in verdicts.items()}


def audit(questions: ReviewQuestions, project: Project, known: Health | None = None) -> list[AuditItem]:
    """Each hypothesis and definition with its references' health (`known`, else
    `reference_health`) and its flags."""
    findings, verdicts = known or reference_health(project)
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


def hypothesis_flags(
    questions: ReviewQuestions, project: Project, items: list[AuditItem] | None = None
) -> dict[str, str]:
    """Short flag text per hypothesis in the questions' language, for the `Flags` column of the
    hypothesis table (from the audit's `items` when the caller has them)."""
    chinese = questions.lang == "zh"
    texts = {}
    for item in audit(questions, project) if items is None else items:
        if item.kind == "hypothesis" and item.flags:
            texts[item.id] = ("；" if chinese else "; ").join(
                flag_name(f.code, questions.lang)
                + ((f"（{', '.join(f.keys)}）" if chinese else f" ({', '.join(f.keys)})") if f.keys else "")
                for f in item.flags
            )
    return texts


def flag_name(code: str, lang: str) -> str:
    """A flag as a table names it: its code, or its name in `lang`."""
    return FLAG_WORDS[lang][code][0] if lang in FLAG_WORDS else code


def flag_reading(code: str, lang: str) -> str:
    """What a flag means, in `lang` (English for a language without its words)."""
    return FLAG_WORDS[lang][code][1] if lang in FLAG_WORDS else FLAGS[code][1]


def as_dicts(items: list[AuditItem]) -> list[dict]:
    return [asdict(item) for item in items]
