"""Answers of the scholarly APIs kept on disk, so a rerun is instant and an interrupted run resumes.

One sqlite file, one row per request. Each answer is committed as soon as it
arrives, so a run killed halfway keeps everything it already asked. Found answers
live long (a published record rarely changes); "nothing there" answers expire
sooner, since a new DOI registration or an index update may fill the gap. Errors
are never stored: the next run asks again.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...records import Location

DAY = 86400.0
FOUND_LIFETIME = 90 * DAY
MISSING_LIFETIME = 7 * DAY
CACHE_NAME = "verify.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    request TEXT PRIMARY KEY,
    found INTEGER NOT NULL,   -- 0: 404 or an empty result list
    body BLOB,                -- zlib-compressed JSON, NULL for a 404
    stored REAL NOT NULL      -- unix time
)
"""


@dataclass(frozen=True, slots=True)
class Cached:
    data: Any  # None for a 404
    found: bool


def default_cache_dir(store_dir: Path | None) -> Path:
    """The project's `.litgraph/cache/`, else the user's cache folder (XDG)."""
    if store_dir is not None:
        return store_dir / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "litgraph"


class Cache:
    """A thread-safe request → answer store with two lifetimes."""

    def __init__(
        self, folder: Path, found_lifetime: float = FOUND_LIFETIME, missing_lifetime: float = MISSING_LIFETIME
    ):
        self.path = folder / CACHE_NAME
        self.found_lifetime = found_lifetime
        self.missing_lifetime = missing_lifetime
        self._lock = threading.Lock()
        try:  # a damaged or read-only file shows here: setting the journal mode reads and writes its header
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")  # readers and the one writer do not block each other
            self._db.execute(
                "PRAGMA synchronous=NORMAL"
            )  # durable at each commit in WAL mode, without an fsync each
            self._db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as error:
            raise InputError(
                f"cannot use the cache of Crossref/OpenAlex answers: {error}",
                Location(str(self.path)),
                hint="it holds only answers fetched before: remove it, or make its folder writable",
            ) from None

    def get(self, request: str, *, stale_ok: bool = False) -> Cached | None:
        """The stored answer, or None; expired answers count only with `stale_ok` (offline runs)."""
        with self._lock:
            row = self._db.execute(
                "SELECT found, body, stored FROM answers WHERE request = ?", (request,)
            ).fetchone()
        if row is None:
            return None
        found, body, stored = row
        lifetime = self.found_lifetime if found else self.missing_lifetime
        if not stale_ok and time.time() - stored > lifetime:
            return None
        return Cached(json.loads(zlib.decompress(body)) if body is not None else None, bool(found))

    def put(self, request: str, data: Any, found: bool) -> None:
        body = (
            zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8")) if data is not None else None
        )
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)", (request, int(found), body, time.time())
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
