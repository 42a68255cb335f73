"""What `verify` concludes about each reference, and where it keeps it between runs.

Kept free of httpx and the matching code so that `audit` and the report can read a
project's verdicts (`load_verdicts`) without pulling in the network stack.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

from ...files import atomic_write_text

VERDICTS_NAME = "verify.json"


class Status(str, Enum):
    """One verdict per reference. `rank` orders them for `--fail-on`, worst first:

    retracted > mismatch > not_found > ambiguous > error > unverifiable > verified.
    A retraction outweighs any wrong field; a wrong field is certain, a missing
    record only a lead; ambiguity and network errors leave the reference unchecked;
    an unverifiable reference is one no open source can speak for.
    """

    VERIFIED = "verified"
    UNVERIFIABLE = "unverifiable"
    ERROR = "error"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"
    MISMATCH = "mismatch"
    RETRACTED = "retracted"

    @property
    def rank(self) -> int:
        return list(Status).index(self)


#: The statuses worst first, as `--fail-on` and the summary name them.
STATUS_ORDER = tuple(status.value for status in sorted(Status, key=lambda status: status.rank, reverse=True))


@dataclass(frozen=True, slots=True)
class FieldDiff:
    """A field where the bib and the found record differ: our value, then theirs."""

    bib: str
    found: str


@dataclass(slots=True)
class Verdict:
    """The outcome for one reference.

    `fields` holds only the fields that differ from the record: on a `mismatch` the
    wrong ones; on a `verified` reference only tolerated differences (a year off by
    one, a DOI the bib lacks), each explained in `message`. `fixes` maps bib field
    names to the certain corrections `--fix` may write; it lives for one run only
    and is not saved.
    """

    key: str
    status: Status
    message: str
    source: str = ""  # "crossref" or "openalex": where the record came from
    doi: str = ""  # the record's DOI, else the bib's
    fields: dict[str, FieldDiff] = field(default_factory=dict)
    fixes: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "status": self.status.value,
            "source": self.source,
            "doi": self.doi,
            "fields": {name: {"bib": diff.bib, "found": diff.found} for name, diff in self.fields.items()},
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Verdict:
        fields = {
            name: FieldDiff(value["bib"], value["found"]) for name, value in data.get("fields", {}).items()
        }
        return cls(
            data["key"],
            Status(data["status"]),
            data.get("message", ""),
            data.get("source", ""),
            data.get("doi", ""),
            fields,
        )


def save_verdicts(store_dir: Path, verdicts: list[Verdict], *, merge: bool = False) -> Path:
    """Write `verify.json` atomically; with `merge` (a `--only` run) keep the other keys' verdicts."""
    path = store_dir / VERDICTS_NAME
    by_key = _read(path) if merge else {}
    by_key.update({v.key: v for v in verdicts})
    payload = {
        "written": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "verdicts": [v.as_dict() for v in by_key.values()],
    }
    atomic_write_text(path, json.dumps(payload, ensure_ascii=False, indent=2))
    return path


def load_verdicts(project) -> dict[str, Verdict]:
    """The verdicts of the project's last `verify` run by key; empty when it never ran."""
    return _read(project.store_dir / VERDICTS_NAME)


def _read(path: Path) -> dict[str, Verdict]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        return {item["key"]: Verdict.from_dict(item) for item in payload["verdicts"]}
    except FileNotFoundError:
        return {}
    except (ValueError, KeyError, TypeError):  # a damaged file is as good as none: verify rewrites it
        return {}
