"""Imported references as BibTeX entries: which are new, which the project already has, their keys,
and the text appended to the import file.

A work the project already has (the same DOI, or the same title, year and first author:
`csl.same_work`, the one identity rule) is not added again but reported with the key it has,
so importing a file twice adds nothing. Each new entry says where it came from
(`importsource = {file:line}`), and an uncertain parse says why (`importnote`), which
`check` lists for review (`check/integrity/imported.py`) until the author removes the note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..csl import CslItem, WorkIndex, identity
from ..parse.csl import to_csl
from ..parse.sources.base import NOTE_FIELD, SOURCE_FIELD, ImportedRecord
from ..records import Location, Reference
from ..text import has_cjk
from .bibtex import entry_text
from .citekeys import citation_key

_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


@dataclass(slots=True)
class Planned:
    """One record's fate: added under `key`, or a duplicate of `existing` (a key, and where it is)."""

    record: ImportedRecord
    key: str = ""
    existing: str = ""
    existing_in: str = ""

    @property
    def added(self) -> bool:
        return not self.existing


@dataclass(slots=True)
class ImportPlan:
    planned: list[Planned] = field(default_factory=list)

    @property
    def added(self) -> list[Planned]:
        return [entry for entry in self.planned if entry.added]

    @property
    def duplicates(self) -> list[Planned]:
        return [entry for entry in self.planned if not entry.added]

    def bibtex(self, recorded_as: Mapping[str, str] | None = None) -> str:
        """The new entries as BibTeX, one blank line between them. `recorded_as` renames a source
        file in `importsource` (messages name it as the user gave it; the entry, relative to the
        project, so that the note stays true wherever the author works from)."""
        return "\n".join(entry_bibtex(entry.key, entry.record, recorded_as) for entry in self.added)


def plan_import(records: list[ImportedRecord], existing: list[Reference]) -> ImportPlan:
    """Keys for the new records (free among `existing`'s keys and each other's) and the duplicates."""
    known: WorkIndex[tuple[str, str]] = WorkIndex()
    for ref in existing:
        known.add(identity(to_csl(ref)), (ref.key, ref.location.file))
    taken = {ref.key.lower() for ref in existing}
    plan = ImportPlan()
    for record in records:
        _mark_language(record.item)
        who = identity(record.item)
        found = known.find(who)
        if found is not None:
            plan.planned.append(Planned(record, existing=found[0], existing_in=found[1]))
            continue
        key = citation_key(record.item, taken)
        known.add(who, (key, "this import"))
        plan.planned.append(Planned(record, key=key))
    return plan


def entry_bibtex(key: str, record: ImportedRecord, recorded_as: Mapping[str, str] | None = None) -> str:
    item = record.item
    item.other.pop("citation-key", None)  # it is the key now
    where = record.location
    extra = {SOURCE_FIELD: str(Location((recorded_as or {}).get(where.file, where.file), where.line))}
    if record.uncertain:
        extra[NOTE_FIELD] = uncertainty_note(record)
    return entry_text(key, item, extra)


def uncertainty_note(record: ImportedRecord) -> str:
    """Why a parse is doubtful, in words the author can act on: the parser's notes and its least
    sure fields."""
    doubts = sorted((score, name) for name, score in record.confidence.items() if score < 0.9)
    parts = ["uncertain parse, check against the source"]
    parts += record.notes
    if not record.notes and not record.item.title:
        parts.append("no title found")
    if not record.notes and not record.item.issued:
        parts.append("no year found")
    if doubts:
        parts.append("confidence " + ", ".join(f"{name} {score:.2f}" for score, name in doubts[:5]))
    return "; ".join(dict.fromkeys(parts))


def _mark_language(item: CslItem) -> None:
    """Chinese works get `langid = {chinese}` (GB/T styles choose 等 and full-width marks by it);
    kana or hangul make a CJK title Japanese or Korean."""
    if item.language:
        return
    sample = item.title + "".join(person.family + person.literal for person in item.author + item.editor)
    if has_cjk(sample) or _KANA.search(sample) or _HANGUL.search(sample):
        item.language = "ja" if _KANA.search(sample) else "ko" if _HANGUL.search(sample) else "zh"
