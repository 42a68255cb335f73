"""A user's SPARQL (`litgraph sparql`): read as Oxigraph reads it, refused if it could reach another
server, and run in a worker process that can be stopped.

The guard decides on Oxigraph's own reading. pyoxigraph has neither a parse-only call nor a way
to switch SERVICE off, and a second parser (rdflib) read `\\u0000000A` and a `\\r` in a comment
otherwise than Oxigraph does, letting a SERVICE through. So:

1. SPARQL applies its `\\u`/`\\U` escapes to the whole text before parsing. They are applied here,
   and the result must hold no `\\u` or `\\U` (`engine_text`): given such a text, Oxigraph reads it
   as it is, so the text checked is the text run.
2. In that text every `service` (ASCII letters, any case, whatever it is part of) gets x for its
   last letter (`service_probe`). A string, IRI, comment or name stays as valid as it was; the
   keyword becomes a word that is valid nowhere. Oxigraph parses the probe, on an empty store:
   only a probe that parses lets the query run.

The worker is a child process (`litgraph.query.sparql_worker`, request on stdin, rows as JSON
lines on stdout) because Oxigraph evaluates in Rust: no Python frame a signal could
interrupt (Ctrl-C waited 666 s), no cancellation in pyoxigraph, allocations that only the system
can bound. The child is killed at the timeout or at Ctrl-C, runs under RLIMIT_AS, stops itself
past the row and byte bounds, and on Linux, where the kernel lets it, leaves the network first
(a network namespace of its own, no interface up): nothing it runs reaches any server.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys

from ..errors import LitgraphError
from ..graph.vocab import PREFIXES
from ..records import Location
from . import sparql_worker
from .limits import (
    MAX_ANSWER_BYTES,
    QueryLimits,
    answer_too_large,
    timed_out,
    too_many_rows,
    too_much_memory,
)

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEFT_ESCAPE = re.compile(r"\\[uU]")
_SERVICE = re.compile(r"servic(e)", re.IGNORECASE)
#: How far past the start of a `service` Oxigraph may place its error (it reads a keyword's
#: length of characters before comparing): only the message depends on it, never the decision.
_NEAR = 16
#: What a worker out of address space says: Rust's allocator, C++ (RocksDB), Python, a thread not started.
_OUT_OF_MEMORY = ("memory allocation", "bad_alloc", "MemoryError", "Resource temporarily unavailable")


def engine_text(text: str, source: str = "") -> str:
    """The query with SPARQL's code point escapes applied, which Oxigraph reads unchanged."""
    where = Location(source) if source else None
    if not text.strip():
        raise LitgraphError("the SPARQL query is empty", where)

    def character(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)

    unescaped = _ESCAPE.sub(character, text)
    if _LEFT_ESCAPE.search(unescaped):
        raise LitgraphError(
            "the query holds a \\u or \\U that is not a code point escape (or one that spells another "
            "escape); write the character itself",
            where,
        )
    return unescaped


def service_probe(query: str) -> tuple[str, list[int]] | None:
    """The query with each `service` made a non-keyword, and where they start; None if it has none."""
    starts = [match.start() for match in _SERVICE.finditer(query)]
    if not starts:
        return None
    probe = _SERVICE.sub(lambda m: m.group(0)[:-1] + ("x" if m.group(1) == "e" else "X"), query)
    return probe, starts


def run_user_sparql(
    db_path: str, text: str, limits: QueryLimits, source: str = "", isolate: bool = True
) -> tuple[list[str], list[list]]:
    """Column names and rows of a user's read-only query on the store at `db_path`.

    `isolate=False` keeps the worker on the network: for tests of the guard alone.
    """
    where = Location(source) if source else None
    query = engine_text(text, source)
    probe = service_probe(query)
    request = {
        "store": db_path,
        "query": query,
        "probe": probe[0] if probe else None,
        "prefixes": PREFIXES,
        "max_rows": limits.max_rows,
        "max_bytes": MAX_ANSWER_BYTES,
        "memory_mb": limits.max_memory_mb,
        "isolate": isolate,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", sparql_worker.__name__],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        out, err = worker.communicate(json.dumps(request).encode(), timeout=limits.timeout)
    except subprocess.TimeoutExpired:
        raise timed_out(limits) from None
    finally:  # also on Ctrl-C: the worker never outlives the command
        if worker.poll() is None:
            worker.kill()
            worker.communicate()
    lines = out.splitlines()
    last = json.loads(lines[-1]) if lines else {}
    if worker.returncode != 0 or not isinstance(last, dict):
        raise _worker_failure(worker.returncode, err.decode(errors="replace"), limits)
    if "error" in last:
        raise _refusal(last, query, probe[1] if probe else [], where)
    if last["end"] == "rows":
        raise too_many_rows(limits)
    if last["end"] == "bytes":
        raise answer_too_large()
    return json.loads(lines[0])["columns"], [json.loads(line) for line in lines[1:-1]]


def _worker_failure(code: int, stderr: str, limits: QueryLimits) -> LitgraphError:
    if any(sign in stderr for sign in _OUT_OF_MEMORY):
        return too_much_memory(limits)
    if code == -signal.SIGKILL:
        return LitgraphError("the query was stopped by the system (out of memory?)")
    last = stderr.strip().splitlines()[-1:] or [f"exit status {code}"]
    return LitgraphError(f"the query's worker process failed: {last[0]}")


def _refusal(error: dict, query: str, starts: list[int], where) -> Exception:
    message = " ".join(error["message"].split())
    if error["error"] == "store":
        return OSError(message)  # "Corruption: ..." is named by the CLI (`handle_errors`)
    if error["error"] == "failed":
        return LitgraphError(f"the query failed: {message}", where)
    if error["error"] == "probe" and _near_service(message, query, starts):
        return LitgraphError(
            "sparql only reads this review's graph: SERVICE (a query sent to another server) is not allowed",
            where,
        )
    return _syntax_error(query, message, where)


def _near_service(message: str, query: str, starts: list[int]) -> bool:
    """Whether Oxigraph's "error at LINE:COLUMN" falls on one of the query's `service`s."""
    found = re.match(r"error at (\d+):(\d+)", message)
    if not found:
        return True
    line, column = int(found.group(1)), int(found.group(2))
    lines = query.split("\n")
    offset = sum(len(text) + 1 for text in lines[: line - 1]) + column - 1
    return any(start <= offset <= start + _NEAR for start in starts)


def _syntax_error(query: str, message: str, where) -> LitgraphError:
    """Oxigraph's syntax error as the user's message; an update is named as a write.

    rdflib's update parser only words the message (it runs nothing); imported here, as it
    takes 0.4 s to load. It is given the query with its escapes applied (`engine_text`): it
    reads "\\u" with eight digits as one escape where Oxigraph reads four, and raised
    ValueError on the code point that made.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(query)
    except (ParseException, RecursionError, ValueError):
        return LitgraphError(f"not a valid SPARQL query: {message}", where)
    return LitgraphError(
        "sparql is read-only: this is an update (INSERT, DELETE, LOAD, CLEAR, ...), "
        "not a SELECT, ASK, CONSTRUCT or DESCRIBE query",
        where,
    )
