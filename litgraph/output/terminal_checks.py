"""Check findings drawn on a terminal with Rich: `check` and `cite-check` findings per file,
the audit, `verify`'s verdicts, and what `--fix` wrote.

The CLI runs the check and hands its result here with a console (`verify` draws on
stderr what must not mix with its --json on stdout).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..check.verify.verdicts import STATUS_ORDER, Status, Verdict
from ..records import Problem, Reference
from .console import plain, plain_text, print_message

if TYPE_CHECKING:  # only named here: `check` and `verify` need not load the audit's query side
    from ..check.audit import AuditItem
    from ..check.corrections import FixReport

_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {
    "verified": "green",
    "mismatch": "red",
    "retracted": "bold red",
    "not_found": "yellow",
    "ambiguous": "yellow",
    "error": "magenta",
    "unverifiable": "cyan",
}


def print_findings(console: Console, problems: list[Problem], files: list[str], unit: str) -> None:
    """One table per file, findings in line order, each with its fix when there is a certain one.
    `unit` is what the first file's locations count ('line', or 'paragraph' in a .docx)."""
    if not problems:
        console.print("[green]no findings[/]")
        return
    order = {name: index for index, name in enumerate(files)}
    by_file: dict[str, list[Problem]] = {}
    for problem in sorted(problems, key=lambda p: (order.get(p.location.file, len(order)), p.location.line)):
        by_file.setdefault(problem.location.file, []).append(problem)
    for file, found in by_file.items():
        table = Table(
            title=f"{plain(file)} — {len(found)} finding(s)", title_justify="left", show_lines=False
        )
        table.add_column("paragraph" if unit == "paragraph" and file == files[0] else "line", justify="right")
        table.add_column("severity")
        table.add_column("code", no_wrap=True)
        table.add_column("key", overflow="fold")
        table.add_column("message", ratio=1)
        for problem in found:
            message = plain_text(problem.message)
            if problem.fix:
                message.append(plain_text(f"\nfix: {problem.fix}", style="dim"))
            level = problem.severity.value
            table.add_row(
                str(problem.location.line or ""),
                Text(level, style=_SEVERITY_STYLE[level]),
                plain_text(problem.code),
                plain_text(problem.key),
                message,
            )
        console.print(table)


def print_audit(console: Console, items: list[AuditItem]) -> None:
    """Each hypothesis and definition with its references' verify status and its flags."""
    table = Table(
        "",
        "id",
        "path",
        "references (verify status)",
        "flags",
        title="Audit",
        title_justify="left",
        show_lines=True,
    )
    for item in items:
        refs = "\n".join(
            f"{plain(r.label)} ({r.verify})" + (" [red]BibTeX errors[/]" if r.has_errors else "")
            for r in item.references
        )
        flags = "\n".join(
            f"[{_SEVERITY_STYLE[f.severity]}]{f.code}[/]" + (f" {plain(', '.join(f.keys))}" if f.keys else "")
            for f in item.flags
        )
        table.add_row(item.kind[0].upper(), plain_text(item.id), plain_text(item.path), refs, flags)
    console.print(table)
    flagged = sum(1 for item in items if item.flags)
    console.print(
        f"{flagged} of {len(items)} hypotheses and definitions flagged; "
        "run `litgraph verify` to fill in the verify status."
        if any(r.verify == "unchecked" for i in items for r in i.references)
        else f"{flagged} of {len(items)} hypotheses and definitions flagged."
    )


def print_verdicts(console: Console, refs: list[Reference], verdicts: list[Verdict], quiet: bool) -> None:
    """A table of what needs a look (worst first), the search links, then one summary line.

    A verified reference is listed only for a note beyond a missing DOI, or when its
    verdict was kept from an earlier run; missing DOIs are counted in the summary,
    since --fix adds them all at once.
    """
    where = {ref.key: str(ref.location) for ref in refs}
    shown = [v for v in verdicts if v.kept or v.status is not Status.VERIFIED or set(v.fields) - {"doi"}]
    if shown:
        table = Table(show_header=True, header_style="bold")
        table.add_column("reference", overflow="fold")
        table.add_column("status", no_wrap=True)
        table.add_column("details", overflow="fold", ratio=1)
        for verdict in sorted(shown, key=lambda v: -v.status.rank):
            style = STATUS_STYLE[verdict.status.value]
            table.add_row(
                f"{plain(verdict.key)}\n[dim]{plain(where.get(verdict.key, ''))}[/]",
                f"[{style}]{verdict.status.value}[/]" + (" (kept)" if verdict.kept else ""),
                plain_text("\n".join(_details(verdict))),
            )
        console.print(table)
    reasons = Counter(v.lookup_error for v in verdicts if v.kept)
    for reason, count in reasons.items():  # once, not on each of the rows it kept
        console.print(f"Not checked now ({count} kept): {plain(reason)}", highlight=False)
    if quiet and shown:
        return
    _print_links(console, verdicts)
    counts = {status: sum(v.status.value == status for v in verdicts) for status in STATUS_ORDER}
    summary = ", ".join(f"[{STATUS_STYLE[s]}]{n} {s.replace('_', ' ')}[/]" for s, n in counts.items() if n)
    console.print(f"{len(verdicts)} references: {summary or 'none'}", highlight=False)
    kept = sum(v.kept for v in verdicts)
    if kept:
        console.print(
            f"{len(verdicts) - kept} from this run, {kept} kept from an earlier run (not checked now)",
            highlight=False,
        )
    lacking = sum(1 for v in verdicts if "doi" in v.fields and not v.fields["doi"].bib)
    if lacking:
        console.print(
            f"{lacking} found reference(s) lack a DOI in the bib; --fix adds the certain ones",
            highlight=False,
        )


def _details(verdict: Verdict) -> list[str]:
    lines = []
    if verdict.kept:
        when = verdict.checked.replace("T", " ").removesuffix("+00:00")[:16]
        lines.append(f"kept from the run of {when} UTC (not checked now: see below)")
    lines.append(verdict.message)
    if verdict.lookup_error and not verdict.kept and verdict.status is not Status.ERROR:
        lines.append(f"not every source could be asked: {verdict.lookup_error}")
    lines += [f"  {name}: {diff.bib or '—'} → {diff.found or '—'}" for name, diff in verdict.fields.items()]
    return lines


def _print_links(console: Console, verdicts: list[Verdict]) -> None:
    """Whole lines, never folded, so that a URL can be copied or clicked."""
    linked = [verdict for verdict in verdicts if verdict.links]
    if not linked:
        return
    console.print("Title searches for the Chinese references no open source holds:", highlight=False)
    for verdict in linked:
        for name, url in verdict.links.items():
            console.print(f"  {plain(verdict.key)} ({name}): {plain(url)}", highlight=False, soft_wrap=True)


def print_unread(console: Console, problems: list[Problem]) -> None:
    """The entries that could not be read, and so were not verified."""
    for problem in problems:
        print_message(console, "error", problem.message, problem.location)
    if problems:
        console.print(
            f"{len(problems)} BibTeX problem(s) above; what they concern was not verified", highlight=False
        )


def print_fixes(
    console: Console, shown: str, report: FixReport, waiting: Sequence[tuple[Problem, str]] = ()
) -> None:
    """What `--fix` did to one file: what it skipped, where it wrote, what it changed."""
    skipped = [*report.skipped, *((problem.key, problem.field, reason) for problem, reason in waiting)]
    for key, name, reason in skipped:
        console.print(
            f"{plain(shown)}: {plain(f'[{key}] {name}')} not fixed: {plain(reason)}", highlight=False
        )
    if report.written is None:
        console.print(f"{plain(shown)}: nothing to fix", highlight=False)
        return
    backup = f" (backup: {plain(report.backup)})" if report.backup else ""
    console.print(
        f"{plain(shown)}: {len(report.applied)} correction(s) written to {plain(report.written)}{backup}",
        highlight=False,
    )
    for key, name, old, new in report.applied:
        change = f"[{key}] {name}: {old or '—'} → {new}"
        console.print(f"  {plain(change)}", highlight=False)
