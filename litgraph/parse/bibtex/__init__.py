"""BibTeX files into `Reference`s with bibtexparser 2, losing nothing silently.

A file is first cut at its `@type{key` heads (lines starting with `@`) into chunks,
one block each (`chunks`), and every chunk is parsed on its own by bibtexparser's
splitter, followed by the steps of its string, enclosing and month middlewares and
our own field, name and LaTeX handling (`entry`). Cutting at heads is what
bibtexparser does anyway (it aborts a block at any line-start `@`), and it buys
three things at field scale:

- every head is accounted for: each chunk yields its entry or a `Problem` with file
  and line, so references + reported entries = `@type{key` heads in the file;
- chunks can be parsed on both cores (`parallel.map_chunks` forks workers for big files);
- a chunk is the unit of an incremental build: its text hash says whether its
  parse can be reused (see `ChunkResult`, which holds nothing that depends on where
  the chunk sits in the file).

`@string` definitions are collected from the whole file first and handed to every
chunk; duplicate keys and crossref parents are settled after all chunks are parsed
(`assemble`).
"""

from __future__ import annotations

from .assemble import (
    UNPARSED_CODES,
    Assembler,
    SourceFile,
    Winner,
    assemble,
    bibliography_of,
    finished,
    likely_parents,
    load_bibliography,
    parse_bibtex,
)
from .chunks import Chunk, split_chunks, string_macros
from .entry import ChunkResult, EntryInfo, complete, inherit, parse_chunk, resolve_entry
from .parallel import PARALLEL_MIN_ENTRIES, Progress, default_workers, map_chunks

__all__ = [
    "PARALLEL_MIN_ENTRIES",
    "UNPARSED_CODES",
    "Assembler",
    "Chunk",
    "ChunkResult",
    "EntryInfo",
    "Progress",
    "SourceFile",
    "Winner",
    "assemble",
    "bibliography_of",
    "complete",
    "default_workers",
    "finished",
    "inherit",
    "likely_parents",
    "load_bibliography",
    "map_chunks",
    "parse_bibtex",
    "parse_chunk",
    "resolve_entry",
    "split_chunks",
    "string_macros",
]
