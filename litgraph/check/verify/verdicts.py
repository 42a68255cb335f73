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
from ...records import Severity

VERDICTS_NAME = "verify.json"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Status(str, Enum):
    """One verdict per reference. `rank` orders them, worst first:

    retracted > mismatch > not_found > ambiguous > error > unverifiable > verified.
    A retraction outweighs any wrong field; a wrong field is certain, a missing
    record only a lead; ambiguity and network errors leave the reference unchecked;
    an unverifiable reference is one no open source can speak for. `severity` is how
    `--fail-on` weighs it, as it weighs every other command's findings.
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

    @property
    def severity(self) -> Severity | None:
        """A retraction or a wrong field is an error; a record not found or not told apart a warning (a
        lead); unverifiable is info. Verified is no finding, and error none either: a reference that
        could not be checked makes `verify` exit 3, whatever `--fail-on` says."""
        return _SEVERITY.get(self)


_SEVERITY = {
    Status.RETRACTED: Severity.ERROR,
    Status.MISMATCH: Severity.ERROR,
    Status.NOT_FOUND: Severity.WARNING,
    Status.AMBIGUOUS: Severity.WARNING,
    Status.UNVERIFIABLE: Severity.INFO,
}


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
    one, a DOI the bib lacks), each explained in `message`. `links` are searches the
    author can run by hand (CNKI, Wanfang) where no open source holds the work.
    `checked` is when the verdict was reached, so a verdict kept from an earlier run
    says how old it is.

    The rest lives for one run only and is not saved: `fixes` maps bib field names to
    the certain corrections `--fix` may write; `lookup_error` says which lookups of
    this run failed (the whole story of an `error`, or a source skipped on the way to
    another verdict); `kept` marks a saved verdict shown because this run's lookups
    failed (see `save_verdicts`).
    """

    key: str
    status: Status
    message: str
    source: str = ""  # "crossref" or "openalex": where the record came from
    doi: str = ""  # the record's DOI, else the bib's
    fields: dict[str, FieldDiff] = field(default_factory=dict)
    fixes: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # name → URL
    checked: str = field(default_factory=_now)
    lookup_error: str = ""
    kept: bool = False

    def as_dict(self) -> dict:
        """The saved form (verify.json); `--json` adds `from_this_run` and `lookup_error`."""
        return {
            "key": self.key,
            "status": self.status.value,
            "source": self.source,
            "doi": self.doi,
            "fields": {name: {"bib": diff.bib, "found": diff.found} for name, diff in self.fields.items()},
            "message": self.message,
            "links": dict(self.links),
            "checked": self.checked,
        }

    @classmethod
    def from_dict(cls, data: dict, written: str = "") -> Verdict:
        """`written` (the file's time) dates verdicts saved before each carried its own."""
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
            links=dict(data.get("links") or {}),
            checked=str(data.get("checked") or written),
        )


def outranks(saved: Verdict, fresh: Verdict) -> bool:
    """Whether a saved verdict stands against this run's: a failed lookup never replaces a
    verdict. So an `error` never overwrites a real verdict, and a retraction stays until a
    run that could ask every source says otherwise (OpenAlex alone may not know the notice
    Crossref carries)."""
    if saved.status is Status.ERROR:
        return False
    if fresh.status is Status.ERROR:
        return True
    return (
        saved.status is Status.RETRACTED and fresh.status is not Status.RETRACTED and bool(fresh.lookup_error)
    )


def save_verdicts(
    store_dir: Path, verdicts: list[Verdict], *, known: set[str] | None = None
) -> list[Verdict]:
    """Merge this run's verdicts into `verify.json` (written atomically) and return them as they
    now stand: a saved verdict that `outranks` this run's is kept, marked `kept`, with this run's
    failure as its `lookup_error`. Keys this run did not check stay as they were, except those
    not in `known` (the keys of the bibliography, when every entry of it could be read)."""
    path = store_dir / VERDICTS_NAME
    by_key = _read(path)
    if known is not None:
        by_key = {key: verdict for key, verdict in by_key.items() if key in known}
    standing = []
    for fresh in verdicts:
        saved = by_key.get(fresh.key)
        if saved is not None and outranks(saved, fresh):
            saved.kept, saved.lookup_error = True, fresh.lookup_error or fresh.message
            fresh = saved
        by_key[fresh.key] = fresh
        standing.append(fresh)
    payload = {"written": _now(), "verdicts": [v.as_dict() for v in by_key.values()]}
    atomic_write_text(path, json.dumps(payload, ensure_ascii=False, indent=2))
    return standing


def load_verdicts(project) -> dict[str, Verdict]:
    """The project's standing verdicts by key (each from the last run that could check it);
    empty when verify never ran."""
    return _read(project.store_dir / VERDICTS_NAME)


def _read(path: Path) -> dict[str, Verdict]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        written = str(payload.get("written", ""))
        return {item["key"]: Verdict.from_dict(item, written) for item in payload["verdicts"]}
    except FileNotFoundError:
        return {}
    except (ValueError, KeyError, TypeError, AttributeError):  # damaged: as good as none, verify rewrites it
        return {}
