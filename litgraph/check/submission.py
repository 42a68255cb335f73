"""What an author reads before submitting (`litgraph report`): every check the project can run
offline, each finding joined to the hypotheses and construct definitions it touches.

The checks are the commands' own — cite-check of the manuscript litgraph.toml names, the BibTeX
integrity check, the verdicts the last `verify` runs saved, the audit — run once each on one
reading of the bibliography. Findings are kept as the checks give them (severity, code,
message), so a new kind of finding reaches the report without a change here. A finding names
a reference by its key; one that names none (a citation of a work missing from the list) is
joined, by the first author and year or the key it is written with, to the model's evidence
cited without an entry.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..errors import LitgraphError
from ..parse.manuscript import location_unit, read_manuscript
from ..project import Project
from ..query.rows import ConstructRow, EvidenceRow
from ..query.service import ReviewQuestions
from ..records import Bibliography, Location, Problem
from .audit import AuditItem, audit, health_of
from .citations import Citation, project_settings
from .citations.find import find_citations
from .citations.match import ReferenceIndex, name_key
from .citations.run import check_citations
from .citations.written import manuscript_language
from .integrity import check_bibliography
from .verify.verdicts import Verdict, load_verdicts


@dataclass(frozen=True, slots=True)
class Owner:
    """A hypothesis or a construct's definition that cites a reference."""

    kind: str  # "hypothesis" or "construct"
    id: str


@dataclass(slots=True)
class Linked:
    """A check's finding with the parts of the model resting on what it is about."""

    problem: Problem
    owners: list[Owner] = field(default_factory=list)


@dataclass(slots=True)
class LinkedVerdict:
    verdict: Verdict
    owners: list[Owner] = field(default_factory=list)


@dataclass(slots=True)
class CiteCheckPart:
    """cite-check of the project's manuscript; `manuscript` is "" when litgraph.toml names none,
    `unreadable` says why it could not be read."""

    manuscript: str = ""
    unit: str = "line"
    citations: int = 0
    matched: int = 0
    findings: list[Linked] = field(default_factory=list)
    unreadable: str = ""


@dataclass(slots=True)
class BeforeSubmission:
    cite_check: CiteCheckPart
    integrity: list[Linked]
    verdicts: list[LinkedVerdict]  # every saved verdict, worst first
    unverified: list[str]  # keys of the reference list no verify run has checked
    audit: list[AuditItem]

    def by_owner(self) -> dict[Owner, list[Linked | LinkedVerdict]]:
        """Every finding and verdict that touches each hypothesis and definition."""
        found: dict[Owner, list[Linked | LinkedVerdict]] = defaultdict(list)
        items: list[Linked | LinkedVerdict] = [*self.cite_check.findings, *self.integrity, *self.verdicts]
        for item in items:
            for owner in item.owners:
                found[owner].append(item)
        return found


def review_language(project: Project, constructs: list[ConstructRow]) -> str:
    """The language the author writes the review in, for what they read before submitting:
    litgraph.toml's `[output] lang`; else the language of the manuscript's text, when the model
    labels its constructs in it; else the language that labels most constructs (English on a tie)."""
    if project.lang_setting:
        return project.lang_setting
    counts: dict[str, int] = defaultdict(int)
    for construct in constructs:
        for lang in construct.labels:
            counts[lang] += 1
    written = manuscript_language(project)
    if written and counts.get(written):
        return written
    return max(sorted(counts), key=lambda lang: (counts[lang], lang == "en"), default="en")


def before_submission(questions: ReviewQuestions, project: Project, bib: Bibliography) -> BeforeSubmission:
    rows = questions.backend.evidence()
    listed = {ref.key for ref in bib.references}
    by_key: dict[str, list[Owner]] = defaultdict(list)
    for row in rows:
        if row.ref:
            _add(by_key[row.ref], Owner(row.owner_kind, row.owner_id))
    problems = check_bibliography(bib)
    verdicts = load_verdicts(project)
    integrity = [Linked(p, list(by_key.get(p.key, ()))) for p in problems]
    return BeforeSubmission(
        _cite_check(questions, project, bib, by_key, [r for r in rows if r.ref not in listed]),
        integrity,
        [
            LinkedVerdict(v, list(by_key.get(v.key, ())))
            for v in sorted(verdicts.values(), key=lambda v: (-v.status.rank, v.key))
        ],
        [ref.key for ref in bib.references if ref.key not in verdicts],
        audit(questions, project, health_of(problems, verdicts)),
    )


def _add(owners: list[Owner], owner: Owner) -> None:
    if owner not in owners:
        owners.append(owner)


def _cite_check(
    questions: ReviewQuestions,
    project: Project,
    bib: Bibliography,
    by_key: dict[str, list[Owner]],
    unlisted: list[EvidenceRow],
) -> CiteCheckPart:
    if project.manuscript is None:
        return CiteCheckPart()
    shown = project.shown(project.manuscript)
    part = CiteCheckPart(shown, location_unit(project.manuscript))
    try:
        paragraphs = read_manuscript(project.manuscript, shown)
    except LitgraphError as error:
        part.unreadable = str(error)
        return part
    result = check_citations(paragraphs, bib, part.unit, project_settings(project), questions.lang)
    part.citations, part.matched = len(result.citations), sum(1 for c in result.citations if c.key)
    cited_as = _CitedAs(bib, by_key, unlisted)
    at: dict[Location, list[Citation]] = defaultdict(list)
    for citation in result.citations:
        at[citation.location].append(citation)
    for problem in result.problems:
        about = [c for c in at.get(problem.location, ()) if c.text in problem.message]
        owners = cited_as.owners([identity for c in about for identity in _identities(c.text)])
        part.findings.append(Linked(problem, owners or list(by_key.get(problem.key, ()))))
    return part


class _CitedAs:
    """The model's evidence by what a citation of it is written with: a key, or the first author
    and year (cite-check's own index of the reference list; the citation text of evidence
    without an entry). A finding about a citation affects the evidence cited like it."""

    def __init__(self, bib: Bibliography, by_key: dict[str, list[Owner]], unlisted: list[EvidenceRow]):
        self.index, self.by_key = ReferenceIndex(bib), by_key
        self.without_entry: dict[tuple, list[Owner]] = defaultdict(list)
        for row in unlisted:
            for identity in _identities(row.citation or row.ref):
                _add(self.without_entry[identity], Owner(row.owner_kind, row.owner_id))

    def owners(self, identities: list[tuple]) -> list[Owner]:
        owners: list[Owner] = []
        for identity in identities:
            if identity[0] == "key":
                keys = [identity[1]]
            else:
                keys = [ref.key for ref in self.index.by_name.get(identity[1], []) if ref.year == identity[2]]
            for owner in [
                *(o for key in keys for o in self.by_key.get(key, ())),
                *self.without_entry[identity],
            ]:
                _add(owners, owner)
        return owners


def _identities(text: str) -> list[tuple]:
    """What a citation names, as cite-check reads it: a key, or a first author and a year.
    A bare 'Huang, 2020' (as models write a citation missing from the list) is read as if in
    brackets."""
    for written in (text, f"({text})"):
        found = find_citations([(written, Location(""))])
        identities: list[tuple] = [("key", c.key) for c in found.by_key if c.key]
        identities += [("author", name_key(c.names[0]), c.year) for c in found.author_year]
        if identities:
            return identities
    return [("key", text)]
