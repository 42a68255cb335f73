"""One journal spelled two ways (case, '&' vs 'and', abbreviated vs full) prints inconsistently."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from ...parse.latex import decode
from ...records import Problem, Reference, Severity
from ...text import fold
from .registry import bibliography_rule, finding, words

_STOP_WORDS = {"of", "the", "and", "for", "in", "on", "de", "des", "der", "und", "la", "le", "du", "d"}


def _journal_spelling(ref: Reference) -> str:
    return " ".join(decode(ref.fields.get("journal") or ref.fields.get("journaltitle") or "").split())


def _journal_key(spelling: str) -> str:
    """Equal for spellings that differ only in case, accents, punctuation, '&'/'and' or a leading 'The'."""
    tokens = words(spelling.replace("&", " and "))
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join(tokens)


def _abbreviation_of(short: str, full: str) -> bool:
    """'J. Consum. Res.' abbreviates 'Journal of Consumer Research': word by word, each a prefix."""
    short_words = [w for w in re.findall(r"[^\W\d_]+\.?", fold(short)) if w.rstrip(".") not in _STOP_WORDS]
    full_words = [w for w in re.findall(r"[^\W\d_]+", fold(full)) if w not in _STOP_WORDS]
    return (
        len(short_words) == len(full_words) > 1
        and any(w.endswith(".") for w in short_words)
        and all(f.startswith(s.rstrip(".")) for s, f in zip(short_words, full_words, strict=True))
    )


@bibliography_rule
def journal_variants(refs: list[Reference]) -> Iterator[Problem]:
    """One journal spelled two ways (case, '&' vs 'and', abbreviated vs full) prints inconsistently."""
    groups: dict[str, list[Reference]] = defaultdict(list)
    for ref in refs:
        spelling = _journal_spelling(ref)
        if spelling:
            groups[_journal_key(spelling)].append(ref)
    for members in _merge_abbreviations(groups).values():
        spellings = Counter(_journal_spelling(ref) for ref in members)
        if len(spellings) < 2:
            continue
        usual, count = max(spellings.items(), key=lambda item: (item[1], len(item[0])))
        for ref in members:
            spelling = _journal_spelling(ref)
            if spelling != usual:
                field = "journal" if "journal" in ref.fields else "journaltitle"
                yield finding(
                    ref,
                    Severity.WARNING,
                    "journal-variant",
                    f"journal '{spelling}' is written '{usual}' in {count} other "
                    f"entr{'ies' if count > 1 else 'y'}",
                    field,
                )


def _merge_abbreviations(groups: dict[str, list[Reference]]) -> dict[str, list[Reference]]:
    """Fold each abbreviated journal group into the one full name it abbreviates (if exactly one)."""

    def shape(key: str) -> tuple[int, str] | None:
        """(number of content words, first letter): what an abbreviation shares with its full name."""
        content = [w for w in key.split() if w not in _STOP_WORDS]
        return (len(content), content[0][0]) if content else None

    full_names = defaultdict(list)  # shape → keys of unabbreviated groups
    for key, members in groups.items():
        if "." not in _journal_spelling(members[0]) and shape(key):
            full_names[shape(key)].append(key)
    merged = {key: list(members) for key, members in groups.items()}
    for key, members in groups.items():
        spelling = _journal_spelling(members[0])
        if "." not in spelling or not shape(key):
            continue
        targets = [
            full
            for full in full_names.get(shape(key), ())
            if _abbreviation_of(spelling, _journal_spelling(groups[full][0]))
        ]
        if len(targets) == 1:
            merged[targets[0]].extend(merged.pop(key))
    return merged
