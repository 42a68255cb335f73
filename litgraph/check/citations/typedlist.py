"""cite-check's reading of the reference list the manuscript types.

The list is found by `parse.reflist` and each reference parsed by `parse.typed` (the import's
parser), then matched to its entry (`listdata`). Each typed reference is reported with the
line the chosen style writes for its entry (`style.render`): (a) the data in which they differ,
(b) how its form differs from the style (`listformat`), the list's numbering and its order
(numeric: by first citation in the text; author-date: the style's sort, `style.sorting`), and
(c) references typed but not in the .bib, and entries in the .bib not typed in the list.

The style is the one asked for (--style, litgraph.toml's [references] style), else chosen from
what the list looks like, and named in the result either way.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ...parse.csl import to_csl
from ...parse.reflist import ReferenceSection
from ...parse.typed import ParsedReference, parse_references
from ...records import Bibliography, Severity
from ...style.marks import MARK_PATTERN
from ...style.render import AUTHOR_DATE, NUMERIC, ListSettings, Style, get_style, render, text_of
from ...style.sorting import sort_key, year_suffixes
from ...text import has_cjk
from .listdata import DUPLICATE, Candidate, data_differences, match_list, missing
from .listformat import style_deviations, summary
from .result import Citation, ListedReference, Reporter

_APA_SHAPE = re.compile(r"\(\s*(?:1[5-9]|20)\d\d[a-z]?\s*\)\s*\.|\(n\.\s?d\.\)")
DEFAULT_STYLE = "gb7714-2025"  # the GB/T edition in force since 2026-07-01


def choose_style(
    section: ReferenceSection, parsed: list[ParsedReference], wanted: ListSettings, source: str
) -> tuple[Style, str]:
    """The style to check the list against, and why: the one asked for, else what the list looks like
    (Chinese entries: GB/T 7714, the edition in force; English ones written "(2005)." : APA 7); the
    order as asked, else numeric for a numbered list and author-date otherwise."""
    numbered = any(reference.label or reference.key for reference in section.references)  # \bibitem: numbered
    shape = NUMERIC if numbered else AUTHOR_DATE
    if wanted.style:
        name = wanted.style
        style = get_style(name)
        order = wanted.order or (AUTHOR_DATE if style.family == "apa" else shape)
        return get_style(name, order=order), source
    chinese = sum(1 for parse in parsed if has_cjk(parse.text))
    apa = sum(1 for parse in parsed if _APA_SHAPE.search(parse.text) and not MARK_PATTERN.search(parse.text))
    numbering = "numbered" if numbered else "not numbered"
    if chinese:
        why = f"the list has {chinese} Chinese entr{'y' if chinese == 1 else 'ies'} and is {numbering}"
        return get_style(DEFAULT_STYLE, order=wanted.order or shape), why
    if apa * 2 > len(parsed):
        return get_style("apa7"), f"{apa} of {len(parsed)} entries are written as APA"
    return get_style(DEFAULT_STYLE, order=wanted.order or shape), f"the list is {numbering}"


@dataclass(slots=True)
class TypedList:
    """The typed list as checked: each reference with its parse, the .bib's entries, the style and why."""

    references: list[ListedReference]
    parsed: list[ParsedReference]
    candidates: list[Candidate]
    style: Style
    why: str
    group_by_language: bool


def check_typed_list(
    section: ReferenceSection,
    bib: Bibliography,
    report: Reporter,
    wanted: ListSettings,
    source: str = "",
) -> TypedList:
    """Every typed reference checked (see the module docstring) but for its place in the list, which
    `report_order` checks once the citations are known; problems go to `report`. `wanted` is what the
    user asked for, `source` where they asked it (--style, litgraph.toml)."""
    parsed = parse_references([reference.text for reference in section.references])
    style, why = choose_style(section, parsed, wanted, source)
    candidates = [Candidate(ref.key, to_csl(ref), ref.location) for ref in bib.references]
    matches = match_list(section.references, parsed, candidates)
    suffixes = _year_suffixes(candidates, style, wanted.group_by_language)
    listed = []
    for reference, parse, (index, how) in zip(section.references, parsed, matches, strict=True):
        entry = ListedReference(reference.text, reference.location, reference.label, matched_by=how)
        if how == DUPLICATE and index is not None:
            other = next(p for p, (i, h) in enumerate(matches) if i == index and h != DUPLICATE)
            entry.key = candidates[index].key
            report(
                Severity.WARNING,
                "list-duplicate",
                reference.location,
                f"typed twice: {entry.key} is also the reference on line "
                f"{section.references[other].location.line}",
                entry.key,
            )
        elif index is None:
            entry.corrected = text_of(render(parse.item, style))
            report(
                Severity.WARNING,
                "list-not-in-bib",
                reference.location,
                f"typed in the list but not in the .bib: '{_short(reference.text)}' "
                "(the line below is written from the typed data)",
                fix=entry.corrected,
            )
        else:
            candidate = candidates[index]
            segments = render(candidate.item, style, year_suffix=suffixes.get(candidate.key, ""))
            entry.key, entry.corrected = candidate.key, text_of(segments)
            entry.differences = data_differences(parse, candidate.item)
            entry.deviations = style_deviations(parse, candidate.item, style, segments) + missing(
                parse, segments
            )
            _report_entry(entry, style, report)
        listed.append(entry)
    for problem in section.problems:  # the numbering: jumps and repeats
        report(problem.severity, problem.code, problem.location, problem.message)
    typed_keys = {entry.key for entry in listed if entry.key}
    for candidate in candidates:
        if candidate.key not in typed_keys:
            report(
                Severity.WARNING,
                "list-not-typed",
                candidate.location,
                f"{candidate.key} is in the .bib but not in the manuscript's reference list",
                candidate.key,
                fix=text_of(render(candidate.item, style, year_suffix=suffixes.get(candidate.key, ""))),
            )
    return TypedList(listed, parsed, candidates, style, why, wanted.group_by_language)


def _report_entry(entry: ListedReference, style: Style, report: Reporter) -> None:
    if entry.differences:
        report(
            Severity.WARNING,
            "list-data",
            entry.location,
            "; ".join(d.message for d in entry.differences),
            entry.key or "",
            fix=entry.corrected,
        )
    if entry.deviations:
        report(
            Severity.WARNING,
            "list-style",
            entry.location,
            f"not as {style.title} writes it: {summary(entry.deviations)}",
            entry.key or "",
            fix=entry.corrected,
        )


def _year_suffixes(candidates: list[Candidate], style: Style, group_by_language: bool) -> dict[str, str]:
    """2013a, 2013b in an author-date list: assigned over the whole .bib in the style's order."""
    if style.order != AUTHOR_DATE:
        return {}
    ordered = sorted(candidates, key=lambda c: sort_key(c.item, style, group_by_language=group_by_language))
    return dict(zip((c.key for c in ordered), year_suffixes([c.item for c in ordered], style), strict=True))


def report_order(typed: TypedList, citations: list[Citation], report: Reporter) -> None:
    """References out of the style's order: a numeric list follows the first citations in the text,
    an author-date list the style's sort. The longest run already in order stays; the rest is named."""
    style = typed.style
    listed = typed.references
    if style.order == NUMERIC:
        first: dict[str, Citation] = {}
        for citation in sorted(citations, key=lambda c: c.location.line):
            if citation.key:
                first.setdefault(citation.key, citation)
        order = {key: position for position, key in enumerate(first)}
        placed = [position for position, entry in enumerate(listed) if entry.key in order]
        ranks = [(order[listed[position].key or ""],) for position in placed]
    else:
        by_key = {candidate.key: candidate.item for candidate in typed.candidates}
        placed = list(range(len(listed)))
        ranks = [
            sort_key(
                by_key[entry.key] if entry.key else parse.item,
                style,
                group_by_language=typed.group_by_language,
            )
            for entry, parse in zip(listed, typed.parsed, strict=True)
        ]
    keep = _longest_ordered(ranks)
    for at, position in enumerate(placed):
        if at in keep:
            continue
        entry = listed[position]
        before = max((p for p in keep if ranks[p] <= ranks[at]), default=None, key=lambda p: ranks[p])
        after = f"after '{_short(listed[placed[before]].text, 30)}'" if before is not None else "first"
        if style.order == NUMERIC:
            cited = first[entry.key or ""].location.line
            message = (
                f"out of order: first cited on line {cited}, so it goes {after} "
                "(a numeric list follows the order of first citation)"
            )
        else:
            message = f"out of order: {style.title} sorts it {after}"
        report(Severity.WARNING, "list-order", entry.location, message, entry.key or "")


def _longest_ordered(ranks: list[tuple]) -> set[int]:
    """The positions of a longest non-decreasing run of `ranks` (patience sorting)."""

    tails: list[tuple] = []
    tail_at: list[int] = []
    previous = [-1] * len(ranks)
    for position, rank in enumerate(ranks):
        place = bisect.bisect_right(tails, rank)
        if place == len(tails):
            tails.append(rank)
            tail_at.append(position)
        else:
            tails[place] = rank
            tail_at[place] = position
        previous[position] = tail_at[place - 1] if place else -1
    out, position = set(), tail_at[-1] if tail_at else -1
    while position >= 0:
        out.add(position)
        position = previous[position]
    return out


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
