"""The report's sections of findings: the summary at the top, cite-check, the BibTeX check, the
verify verdicts and the audit's flags, each finding linked to what it affects.

Findings are drawn as the checks give them, grouped by severity and code: a kind of finding
added to a check appears here without a change.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from html import escape

from ..check.audit import AuditItem, flag_reading
from ..check.submission import BeforeSubmission, Linked, LinkedVerdict, Owner
from ..check.verify.verdicts import STATUS_ORDER, Status
from ..records import Location, Severity
from .marks import severity_text, verify_text
from .report_html import (
    note,
    owner_links,
    section,
    severity_badge,
    status_badge,
    table,
    words_for,
)

_SEVERITIES = ("error", "warning", "info")
Label = Callable[[str], str]  # construct id → its label


class Anchors:
    """The id of each finding's row, so that the evidence of a hypothesis can link to it."""

    def __init__(self, checks: BeforeSubmission):
        self._ids: dict[int, str] = {}
        for number, item in enumerate([*checks.cite_check.findings, *checks.integrity], 1):
            self._ids[id(item)] = f"finding-{number}"
        for linked in checks.verdicts:
            self._ids[id(linked)] = f"verify-{linked.verdict.key}"

    def __call__(self, item: Linked | LinkedVerdict) -> str:
        return self._ids[id(item)]


def summary(checks: BeforeSubmission, lang: str) -> str:
    """One row per check: what it found, linked to its section."""
    words = words_for(lang)
    part = checks.cite_check
    if not part.manuscript:
        cited = escape(words["no_manuscript"])
    elif part.unreadable:
        cited = escape(f"{words['unreadable']}: {part.unreadable}")
    else:
        cited = (
            escape(
                words["citations"].format(
                    citations=part.citations, matched=part.matched, manuscript=part.manuscript
                )
            )
            + f"<br>{_severity_counts([i.problem.severity.value for i in part.findings], lang)}"
        )
    statuses = Counter(linked.verdict.status.value for linked in checks.verdicts)
    verified = " · ".join(
        f"{escape(verify_text(status, lang))} {statuses[status]}"
        for status in STATUS_ORDER
        if statuses[status]
    )
    unverified = words["unverified_short"].format(n=len(checks.unverified)) if checks.unverified else ""
    flagged = [item for item in checks.audit if item.flags]
    flags = [flag.severity for item in flagged for flag in item.flags]
    rows = [
        [_link("cite-check", words["cite_check"]), cited],
        [
            _link("bib-check", words["bib_check"]),
            _severity_counts([i.problem.severity.value for i in checks.integrity], lang),
        ],
        [_link("verify", words["verify"]), " · ".join(filter(None, (verified, escape(unverified))))],
        [
            _link("audit", words["audit"]),
            escape(words["flagged"].format(flagged=len(flagged), total=len(checks.audit)))
            + f"<br>{_severity_counts(flags, lang)}",
        ],
    ]
    return section("summary", words["contents"], table([words["check"], words["result"]], rows, raw=True))


def _link(anchor: str, text: str) -> str:
    return f'<a href="#{anchor}">{escape(text)}</a>'


def _severity_counts(severities: list[str], lang: str) -> str:
    counts = Counter(severities)
    shown = [f"{escape(severity_text(s, lang))} {counts[s]}" for s in _SEVERITIES if counts[s]]
    return " · ".join(shown) or escape(words_for(lang)["none"])


def cite_check(checks: BeforeSubmission, lang: str, label: Label, anchors: Anchors) -> str:
    words = words_for(lang)
    part = checks.cite_check
    if not part.manuscript:
        body = f"<p>{escape(words['no_manuscript'])}</p>"
    elif part.unreadable:
        body = f'<p class="bad">{escape(words["unreadable"])}: {escape(part.unreadable)}</p>'
    else:
        counted = words["citations"].format(
            citations=part.citations, matched=part.matched, manuscript=part.manuscript
        )
        body = f'<p class="meta">{escape(counted)}</p>'
        body += findings(part.findings, lang, label, anchors, part.manuscript, part.unit)
    return section("cite-check", words["cite_check"], body)


def bib_check(checks: BeforeSubmission, lang: str, label: Label, anchors: Anchors) -> str:
    return section(
        "bib-check", words_for(lang)["bib_check"], findings(checks.integrity, lang, label, anchors)
    )


def findings(
    items: list[Linked], lang: str, label: Label, anchors: Anchors, manuscript: str = "", unit: str = "line"
) -> str:
    """The findings grouped by severity (worst first), then by code, each group a table."""
    words = words_for(lang)
    if not items:
        return f'<p class="ok">{escape(words["none"])}</p>'
    groups: dict[tuple[str, str], list[Linked]] = defaultdict(list)
    for item in items:
        groups[(item.problem.severity.value, item.problem.code)].append(item)
    parts = []
    headers = [words["where"], words["key"], words["finding"], words["affects"]]
    for severity, code in sorted(groups, key=lambda group: (-Severity(group[0]).rank, group[1])):
        group = groups[(severity, code)]
        rows = [
            [
                escape(_where(item.problem.location, words, manuscript, unit)),
                escape(item.problem.key),
                escape(item.problem.message)
                + (f"<br>{note(words['fix'] + ': ' + item.problem.fix)}" if item.problem.fix else ""),
                owner_links(item.owners, label),
            ]
            for item in group
        ]
        grid = table(headers, rows, raw=True, row_ids=[anchors(i) for i in group], wide=(2,))
        parts.append(
            f'<div class="group"><h3>{severity_badge(severity, lang)} <code>{escape(code or "—")}</code> '
            f"({len(group)})</h3>{grid}</div>"
        )
    return "".join(parts)


def _where(location: Location, words: dict, manuscript: str, unit: str) -> str:
    """A location; in the manuscript (named above the findings) its line or paragraph alone."""
    if manuscript and location.file == manuscript and location.line:
        return f"{words[unit]} {location.line}"
    return str(location)


def verify(checks: BeforeSubmission, lang: str, label: Label, anchors: Anchors) -> str:
    """Every verdict that is not a clean verification, with its field differences, then the
    references no run has checked that the model cites."""
    words = words_for(lang)
    if not checks.verdicts:
        body = f"<p>{escape(words['no_verdicts'])}</p>"
    else:
        shown = [v for v in checks.verdicts if v.verdict.status is not Status.VERIFIED or v.verdict.fields]
        clean = len(checks.verdicts) - len(shown)
        headers = [words[w] for w in ("key", "status", "finding", "differences", "record", "affects")]
        rows = [_verdict_row(linked, lang, label) for linked in shown]
        ids = [anchors(v) for v in shown]
        body = table(headers, rows, raw=True, row_ids=ids, wide=(2, 4)) if rows else ""
        body += f'<p class="ok">{escape(words["verified_clean"].format(n=clean))}</p>' if clean else ""
    if checks.unverified:
        by_model = {ref.key for item in checks.audit for ref in item.references if ref.key}
        cited = [key for key in checks.unverified if key in by_model]
        links = ", ".join(f'<a href="#ref-{escape(key)}">{escape(key)}</a>' for key in cited) or "—"
        body += f"<p>{escape(words['unverified'].format(n=len(checks.unverified)))} {links}</p>"
    return section("verify", words["verify"], body)


def _verdict_row(linked: LinkedVerdict, lang: str, label: Label) -> list[str]:
    words = words_for(lang)
    verdict = linked.verdict
    differences = (
        table(
            [words["field"], words["in_bib"], words["in_record"]],
            [[name, diff.bib or "—", diff.found or "—"] for name, diff in verdict.fields.items()],
        )
        if verdict.fields
        else ""
    )
    record = [escape(verdict.source)] if verdict.source else []
    if verdict.doi:
        url = f"https://doi.org/{verdict.doi}"
        record.append(f'<a class="doi" href="{escape(url)}">doi:{escape(verdict.doi)}</a>')
    record += [f'<a href="{escape(url)}">{escape(name)}</a>' for name, url in verdict.links.items()]
    checked = verdict.checked.replace("T", " ")[:16]
    return [
        f'<a href="#ref-{escape(verdict.key)}">{escape(verdict.key)}</a>',
        status_badge(verdict.status.value, lang),
        escape(verdict.message) + (f"<br>{note(words['checked'] + ' ' + checked)}" if checked else ""),
        differences,
        "<br>".join(record),
        owner_links(linked.owners, label),
    ]


def audit(checks: BeforeSubmission, lang: str, label: Label) -> str:
    """The hypotheses and definitions the audit flags, each flag in the author's language."""
    words = words_for(lang)
    flagged = [item for item in checks.audit if item.flags]
    line = words["flagged"].format(flagged=len(flagged), total=len(checks.audit))
    rows = [
        [owner_links([Owner(item.kind, item.id)], label), escape(item.path), _flags(item, lang)]
        for item in flagged
    ]
    body = f'<p class="meta">{escape(line)}</p>'
    if rows:
        body += table([words["item"], words["path"], words["flags"]], rows, raw=True)
    return section("audit", words["audit"], body)


def _flags(item: AuditItem, lang: str) -> str:
    return "<br>".join(
        f"{severity_badge(flag.severity, lang)} {escape(flag_reading(flag.code, lang))}"
        + (f" ({', '.join(escape(key) for key in flag.keys)})" if flag.keys else "")
        for flag in item.flags
    )


def about(touching: list[Linked | LinkedVerdict], lang: str, anchors: Anchors) -> str:
    """Links from a hypothesis to every warning, error and verdict short of verified about its
    evidence (`touching`: what `BeforeSubmission.by_owner` gives it)."""
    found = [
        item
        for item in touching
        if (
            item.verdict.status is not Status.VERIFIED
            if isinstance(item, LinkedVerdict)
            else item.problem.severity is not Severity.INFO
        )
    ]
    if not found:
        return ""
    links = []
    for item in found:
        if isinstance(item, LinkedVerdict):
            text = f"{verify_text(item.verdict.status.value, lang)}: {item.verdict.key}"
        else:
            problem = item.problem
            text = f"{severity_text(problem.severity.value, lang)}: {problem.code}" + (
                f" ({problem.key})" if problem.key else ""
            )
        links.append(f'<a href="#{escape(anchors(item))}">{escape(text)}</a>')
    return f'<p class="about">{escape(words_for(lang)["findings_here"])}: {"; ".join(links)}</p>'
