"""Chunks parsed on both cores: forked workers, results handed back in file order.

Workers are forked, so the chunks and the task reach them by copy-on-write instead
of being pickled; what comes back is plain lists and tuples (`parse_packed`), which
pickle about five times faster than the dataclasses they stand for.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import islice

from ...records import Location, Person, Reference
from .chunks import Chunk
from .entry import parse_chunk

#: Below this many entries a file is parsed in-process: forking costs more than it saves.
PARALLEL_MIN_ENTRIES = 4000

Progress = Callable[[int], None]

# What forked workers run: set by `map_chunks` just before its pool forks, so that the
# chunks and the task reach the workers by copy-on-write instead of being pickled.
_JOB: tuple[Callable, list[Chunk], dict[str, str], object] | None = None


def default_workers(chunks: list[Chunk]) -> int:
    """Both cores for a big file; one below PARALLEL_MIN_ENTRIES, where forking costs more than it saves."""
    if sum(1 for chunk in chunks if chunk.is_entry) < PARALLEL_MIN_ENTRIES:
        return 1
    return min(os.cpu_count() or 1, 2)


def map_chunks(
    task: Callable,
    chunks: list[Chunk],
    macros: dict[str, str],
    context: object = None,
    workers: int = 1,
    progress: Progress | None = None,
) -> Iterator:
    """`task(chunk, macros, context)` for every chunk, results in order, on `workers`
    forked processes; yields as results arrive so a caller can stream them on.

    At most two ranges of chunks per worker are in flight, so results never pile
    up in memory when the caller consumes them slower than the workers make them.
    """
    if workers <= 1 or len(chunks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            yield task(chunk, macros, context)
            if progress and chunk.is_entry:
                progress(1)
        return
    global _JOB
    step = max(100, len(chunks) // (workers * 16))
    ranges = iter([(start, min(start + step, len(chunks))) for start in range(0, len(chunks), step)])
    _JOB = (task, chunks, macros, context)
    try:
        pool = multiprocessing.get_context("fork").Pool(workers)
    finally:
        _JOB = None
    with pool:
        pending = deque(
            (bounds, pool.apply_async(_run_range, (bounds,))) for bounds in islice(ranges, 2 * workers)
        )
        while pending:
            (start, end), future = pending.popleft()
            part = future.get()
            following = next(ranges, None)
            if following is not None:
                pending.append((following, pool.apply_async(_run_range, (following,))))
            yield from part
            if progress:
                progress(sum(1 for chunk in chunks[start:end] if chunk.is_entry))


def _run_range(bounds: tuple[int, int]) -> list:
    if _JOB is None:
        raise RuntimeError("map_chunks sets the job before its workers fork")
    task, chunks, macros, context = _JOB
    return [task(chunks[i], macros, context) for i in range(*bounds)]


def parse_packed(chunk: Chunk, macros: dict[str, str], _context: object) -> tuple[list, list[tuple]]:
    """A worker's task: a chunk's result and References as plain lists and tuples (`unpack` reads them)."""
    result, references = parse_chunk(chunk, macros)
    return result.to_json(), [_pack(ref) for ref in references]


def _pack(ref: Reference) -> tuple:
    people = [[(p.last, p.first, p.von, p.jr) for p in persons] for persons in (ref.authors, ref.editors)]
    return (
        ref.key,
        ref.entry_type,
        ref.location.line,
        ref.fields,
        ref.title,
        *people,
        ref.authors_truncated,
        ref.container,
        ref.publisher,
        ref.volume,
        ref.number,
        ref.pages,
        ref.doi,
        ref.url,
        ref.language,
        ref.raw,
    )


def unpack(packed: tuple) -> Reference:
    key, entry_type, line, fields, title, authors, editors, truncated, *rest = packed
    container, publisher, volume, number, pages, doi, url, language, raw = rest
    return Reference(
        key,
        entry_type,
        Location("", line),
        fields,
        title,
        [_person(*p) for p in authors],
        [_person(*p) for p in editors],
        truncated,
        container,
        publisher,
        volume,
        number,
        pages,
        doi,
        url,
        language,
        raw,
    )


@lru_cache(maxsize=1 << 16)
def _person(last: str, first: str, von: str, jr: str) -> Person:
    return Person(last, first, von, jr)
