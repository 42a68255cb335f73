"""Rows written in batches, one write transaction each, with up to `workers` batches in flight.

`UNWIND $rows` batches cost one round trip per few thousand rows instead of one per
row. On the fresh path several batches go at once, each on its own connection, so the
client packs the next batch while the server writes one; relationship batches in
flight together then share no node (`_disjoint_batches`), so neither waits for the
other's locks.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from itertools import islice

import neo4j

Progress = Callable[[str, int], None]  # (what is being written, rows written so far in it)
Part = tuple[int, int]  # a relationship batch's (start part, end part), see `_disjoint_batches`


def write_batches(
    driver: neo4j.Driver,
    database: str,
    query: str,
    rows: Iterable[list],
    params: dict,
    batch_size: int,
    what: str,
    progress: Progress | None = None,
    returned: dict | None = None,
    workers: int = 1,
    disjoint: bool = False,
) -> int:
    """UNWIND the rows in batches, one write transaction each (retried by the driver on a transient error).

    `returned` collects the `ids` → `nodes` the query returns (the fresh node writes).
    With `workers` > 1, that many batches are in flight at once, each on its own
    connection: the client packs the next batch while the server writes one. With
    `disjoint` (relationship rows), batches in flight together share no node, so
    neither waits for the other's locks (see `_disjoint_batches`). All have finished
    when this returns.
    """
    written, iterator = 0, iter(rows)

    def run(batch: list) -> list:
        return driver.execute_query(query, {**params, "rows": batch}, database_=database).records

    def done(records: list, size: int) -> None:
        nonlocal written
        if returned is not None:
            for record in records:
                returned.update(zip(record["ids"], record["nodes"], strict=False))
        written += size
        if progress:
            progress(what, written)

    if workers <= 1:
        while batch := list(islice(iterator, batch_size)):
            done(run(batch), len(batch))
        return written
    batches: Iterator[tuple[Part | None, list]] = (
        _disjoint_batches(iterator, batch_size)
        if disjoint
        else ((None, batch) for batch in iter(lambda: list(islice(iterator, batch_size)), []))
    )
    ready: deque[tuple[Part | None, list]] = deque()  # made but not sent yet
    running: dict[Future, tuple[Part | None, int]] = {}  # future -> (part, rows)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="litgraph-push") as pool:
        try:
            while True:
                while len(ready) < 2 * workers and (item := next(batches, None)) is not None:
                    ready.append(item)
                if not ready and not running:
                    return written
                startable = next(
                    (
                        k
                        for k, (part, _) in enumerate(ready)
                        if all(_apart(part, other) for other, _ in running.values())
                    ),
                    None,
                )
                if len(running) < workers and startable is not None:
                    part, batch = ready[startable]
                    del ready[startable]
                    running[pool.submit(run, batch)] = (part, len(batch))
                    continue
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    done(future.result(), running.pop(future)[1])
        finally:
            for future in running:
                future.cancel()


def _disjoint_batches(rows: Iterable[list], batch_size: int) -> Iterator[tuple[Part | None, list]]:
    """Relationship rows in four parts by the parity of a hash of each end: (start part, end part).

    A batch of part (0, 0) shares no node with one of part (1, 1), nor (0, 1) with (1, 0),
    so two such batches can be written at once without waiting for each other's node locks
    (relationships to the same node would otherwise serialise them, or deadlock and retry).
    """
    parts: dict[Part, list] = {}
    for row in rows:
        part = (hash(row[0]) & 1, hash(row[1]) & 1)
        batch = parts.setdefault(part, [])
        batch.append(row)
        if len(batch) >= batch_size:
            yield part, parts.pop(part)
    yield from parts.items()


def _apart(part: Part | None, other: Part | None) -> bool:
    return part is None or other is None or (part[0] != other[0] and part[1] != other[1])
