"""The bounds a user's own query runs within (`litgraph sparql`, `litgraph cypher`), and their messages.

A hand-written query can ask for a cross join of everything with everything: without
bounds, a three-pattern join on the seed review ran for 666 s (deaf to Ctrl-C) and a
two-pattern one took 9.25 GB. Each bound, once passed, ends the query and is reported as
the user's to change (exit 2): narrow the query, or raise the bound.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import LitgraphError

DEFAULT_TIMEOUT = 30.0  # seconds
DEFAULT_MAX_ROWS = 10_000
#: The embedded query's worker process may map this much memory (Neo4j bounds its own).
DEFAULT_MAX_MEMORY_MB = 4096
#: The answer's text as the worker sends it; past this it is not collected.
MAX_ANSWER_BYTES = 256 * 2**20


@dataclass(frozen=True, slots=True)
class QueryLimits:
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB

    def __post_init__(self):
        if not self.timeout > 0:
            raise LitgraphError(f"--timeout must be more than 0 seconds, not {self.timeout:g}")
        if self.max_rows < 1:
            raise LitgraphError(f"--max-rows must be at least 1, not {self.max_rows}")
        if self.max_memory_mb < 64:
            raise LitgraphError(f"--max-memory must be at least 64 MB, not {self.max_memory_mb}")


class QueryLimitError(LitgraphError):
    """A query stopped at one of its bounds (exit 2: the query asks too much)."""


def timed_out(limits: QueryLimits) -> QueryLimitError:
    return QueryLimitError(
        f"the query ran longer than {limits.timeout:g} s and was stopped",
        hint="narrow it (LIMIT, more specific patterns), or allow more time with --timeout SECONDS",
    )


def too_many_rows(limits: QueryLimits) -> QueryLimitError:
    return QueryLimitError(
        f"the query answers more than {limits.max_rows:,} rows and was stopped",
        hint="add LIMIT or narrow it, or allow more rows with --max-rows N",
    )


def too_much_memory(limits: QueryLimits) -> QueryLimitError:
    return QueryLimitError(
        f"the query needed more than {limits.max_memory_mb:,} MB of memory and was stopped",
        hint="narrow it (a join of unrelated patterns multiplies their rows), or allow more: --max-memory MB",
    )


def answer_too_large() -> QueryLimitError:
    return QueryLimitError(
        f"the answer is larger than {MAX_ANSWER_BYTES // 2**20} MB and was stopped",
        hint="add LIMIT or ask for fewer or shorter columns",
    )
