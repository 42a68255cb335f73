"""A .bib file cut at its `@type{key` heads into chunks, and its `@string` macros.

Cutting at heads (lines starting with `@`) is what bibtexparser does anyway: it
aborts a block at any line-start `@`. Each chunk is then one block, parsed on its
own (`entry.parse_chunk`), so every head is accounted for and a chunk's text hash
says whether an earlier parse of it can be reused.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass

from bibtexparser.model import DuplicateBlockKeyBlock, String
from bibtexparser.splitter import Splitter

from ...records import Location, Problem, Severity

# bibtexparser logs each block it cannot read; every one of them is reported as a Problem instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

NON_ENTRY_TYPES = frozenset({"string", "preamble", "comment"})
#: A block's head: `@type{key` (or `@type(key`) at the start of a line; groups type and key.
HEAD = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]\w*)[ \t]*[{(][ \t\r\n]*([^,\s}]*)", re.MULTILINE)
# Where bibtexparser would read an @string block (it also does so mid-line).
_STRING_MARK = re.compile(r"@string\w*[ \t]*[{(]", re.IGNORECASE)


@dataclass(slots=True)
class Chunk:
    """The text from one line-start `@` head to the next: one block of the file."""

    text: str
    line: int  # 1-based line of the head
    kind: str  # the head's type, lower-cased ("" for text before the first head)
    key: str  # the key as the head shows it

    @property
    def is_entry(self) -> bool:
        return bool(self.kind) and self.kind not in NON_ENTRY_TYPES

    @property
    def digest(self) -> str:
        return hashlib.blake2b(self.text.encode("utf-8"), digest_size=16).hexdigest()


def split_chunks(text: str) -> list[Chunk]:
    """The file's chunks in order; text before the first head is a chunk of kind ""."""
    chunks: list[Chunk] = []
    line, position, start = 1, 0, 0
    kind, key = "", ""
    for match in HEAD.finditer(text):
        if match.start() > start or kind:
            chunks.append(Chunk(text[start : match.start()], line, kind, key))
        line += text.count("\n", position, match.start())
        position = start = match.start()
        kind, key = match.group(1).lower(), match.group(2)
    if len(text) > start or kind:
        chunks.append(Chunk(text[start:], line, kind, key))
    return [chunk for chunk in chunks if chunk.kind or chunk.text.strip()]


def string_macros(chunks: list[Chunk], file: str) -> tuple[dict[str, str], list[Problem]]:
    """The file's `@string` macros (name lower-cased → value as written) and their problems.

    As in bibtexparser: the first definition of a name wins; names differing only in
    case are one macro, the later definition winning.
    """
    first: dict[str, str] = {}
    problems: list[Problem] = []
    for chunk in chunks:
        if not _STRING_MARK.search(chunk.text):
            continue
        for block in Splitter(chunk.text).split().blocks:
            if isinstance(block, DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, String):
                block = block.ignore_error_block
            if not isinstance(block, String):
                continue
            if block.key in first:
                problems.append(
                    Problem(
                        Severity.WARNING,
                        f"@string '{block.key}' defined twice; the first definition is used",
                        Location(file, chunk.line + (block.start_line or 0)),
                        key=block.key,
                        code="duplicate-string",
                    )
                )
            else:
                first[block.key] = block.value
    return {name.lower(): value for name, value in first.items()}, problems
