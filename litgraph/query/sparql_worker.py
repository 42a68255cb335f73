"""The worker process of `litgraph sparql` (see `litgraph.query.user_sparql`, which starts it).

It reads one request (JSON) on stdin, bounds itself (address space, and on Linux the network:
a namespace of its own with no interface up), parses the guard's probe on an empty store, runs
the query on the store opened read-only and writes the answer as JSON lines: the columns,
each row, then how it ended (`done`, or the `rows` or `bytes` bound passed), or an error.
Ctrl-C ends it at once. It imports nothing of litgraph: it starts in a fresh interpreter for
every query, so every import is paid each time.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sys

import pyoxigraph as ox


def _limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # not on Windows
        return
    limit = megabytes * 2**20
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:  # lowered, never raised
        limit = min(limit, soft)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000


def _leave_network() -> bool:
    """Linux: move into a new network namespace (in a new user namespace unless privileged),
    where no interface is up. False where the kernel does not allow it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        unshare = ctypes.CDLL(None, use_errno=True).unshare
    except (OSError, AttributeError):
        return False
    return any(unshare(flags) == 0 for flags in (_CLONE_NEWUSER | _CLONE_NEWNET, _CLONE_NEWNET))


class _Answer:
    """Rows written as JSON lines until a bound is passed."""

    def __init__(self, max_rows: int, max_bytes: int):
        self.out = sys.stdout.buffer
        self.rows_left, self.bytes_left = max_rows, max_bytes

    def line(self, data) -> None:
        self.out.write(json.dumps(data, ensure_ascii=False).encode() + b"\n")

    def rows(self, columns: list[str], rows) -> None:
        self.line({"columns": columns})
        for row in rows:
            if self.rows_left == 0:
                return self.line({"end": "rows"})
            encoded = json.dumps(row, ensure_ascii=False).encode() + b"\n"
            self.rows_left -= 1
            self.bytes_left -= len(encoded)
            if self.bytes_left < 0:
                return self.line({"end": "bytes"})
            self.out.write(encoded)
        self.line({"end": "done"})


def _value(term) -> str:
    return "" if term is None else term.value


def _worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the worker too, even inside Rust
    request = json.loads(sys.stdin.buffer.read())
    _limit_memory(request["memory_mb"])
    if request["isolate"]:
        _leave_network()
    answer = _Answer(request["max_rows"], request["max_bytes"])
    options = {"prefixes": request["prefixes"], "use_default_graph_as_union": True}
    try:
        if request["probe"] is not None:
            try:
                ox.Store().query(request["probe"], **options)
            except SyntaxError as error:
                return answer.line({"error": "probe", "message": str(error)})
        result = ox.Store.read_only(request["store"]).query(request["query"], **options)
        if isinstance(result, ox.QuerySolutions):
            columns = [variable.value for variable in result.variables]
            answer.rows(columns, ([_value(s[c]) for c in columns] for s in result))
        elif isinstance(result, ox.QueryBoolean):
            answer.rows(["ask"], [[bool(result)]])
        else:
            answer.rows(
                ["subject", "predicate", "object"],
                ([t.subject.value, t.predicate.value, str(t.object)] for t in result),
            )
    except SyntaxError as error:
        answer.line({"error": "syntax", "message": str(error)})
    except (OSError, RuntimeError) as error:
        kind = "store" if "Corruption:" in str(error) else "failed"
        answer.line({"error": kind, "message": str(error)})


if __name__ == "__main__":
    _worker()
    sys.stdout.flush()
    os._exit(0)  # no clean-up that could wait on the store's threads
