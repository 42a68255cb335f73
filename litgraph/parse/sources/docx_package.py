"""Opening a .docx, within bounds: the one place litgraph does (import's field codes and typed
list, cite-check's paragraphs), so one set of limits holds for every command.

The zip's entry count is taken from its end record before anything is unpacked, and only the
parts a reader needs (the main document, settings, foot- and endnotes, their relationships) are
unpacked, each cut off at a size limit whatever its header claims. Their XML is parsed with no
entity expanded, no DTD or network fetched, and its elements counted as it is built
(`xml.parse_xml`). The limits, which no real document reaches (docs/limits.md):

- the .docx file: `parse.text.MAX_FILE_BYTES` (256 MiB);
- zip entries: `MAX_ENTRIES`;
- one part unpacked: `MAX_PART_BYTES`; all the parts read: `MAX_READ_BYTES`;
- XML elements in all the parts read: `xml.MAX_ELEMENTS`; nesting: `xml.MAX_DEPTH`;
- paragraphs (`w:p`, empty ones and those of tables and notes included): `MAX_PARAGRAPHS`.

A decompression bomb, a zip of a million entries, twenty million empty paragraphs, a truncated
download or a part that is not XML is an InputError naming the file, never a memory blow-up, a
wait of minutes or a traceback.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ...errors import InputError
from ...records import Location
from ..text import read_bytes
from .xml import ElementBudget, parse_xml

MAX_ENTRIES = 10_000  # a long thesis with many images has a few hundred
MAX_PART_BYTES = 64 << 20  # one XML part, unpacked (the longest real document.xml seen: ~20 MB)
MAX_READ_BYTES = 160 << 20  # all parts read, unpacked
MAX_PARAGRAPHS = 200_000  # a 1,000-page thesis has about 15,000
_END_RECORD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_PART_TYPES = {"settings": "settings", "footnotes": "footnotes", "endnotes": "endnotes"}
_NOT_DOCX = "not a Word .docx file"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARAGRAPHS = etree.XPath("count(//w:p)", namespaces={"w": W})


@dataclass(slots=True)
class Package:
    """The parsed XML parts of a .docx a reader needs: `document` always, the others when present."""

    file: str
    document: etree._Element
    parts: dict[str, etree._Element] = field(default_factory=dict)  # "settings", "footnotes", "endnotes"


@dataclass(slots=True)
class _Budget:
    """What has been read of one .docx so far."""

    file: str
    unpacked: int = 0
    elements: ElementBudget = field(default_factory=ElementBudget)
    paragraphs: int = 0


def read_package(path: Path, shown_as: str | None = None) -> Package:
    """The .docx at `path` (named `shown_as` in messages), read within the limits above."""
    name = shown_as or str(path)
    return open_package(read_bytes(path, name), name)


def open_package(data: bytes, file: str) -> Package:
    """The .docx whose bytes are `data`, read within the limits above."""
    entries = _entry_count(data, file)
    if entries > MAX_ENTRIES:
        raise InputError(
            f"{_NOT_DOCX}: its zip holds {entries:,} entries (more than {MAX_ENTRIES:,})", Location(file)
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError) as error:
        raise InputError(f"{_NOT_DOCX}: the zip is damaged ({error})", Location(file)) from None
    with archive:
        budget = _Budget(file)
        main = _main_part(archive, budget)
        document = _part(archive, main, budget)
        if document.find(f"{{{W}}}body") is None:
            raise InputError(f"{_NOT_DOCX}: {main} has no document body", Location(file))
        package = Package(file, document)
        for kind, name in _related_parts(archive, main, budget).items():
            package.parts[kind] = _part(archive, name, budget)
    return package


def _entry_count(data: bytes, file: str) -> int:
    """The number of entries the zip's end record declares (zip64 included), read before unpacking."""
    end = data.rfind(_END_RECORD, max(0, len(data) - 65_557))
    if data[:4] != b"PK\x03\x04" or end < 0 or len(data) < end + 22:
        raise InputError(f"{_NOT_DOCX}: not a zip archive, or one cut short", Location(file))
    (count,) = struct.unpack("<H", data[end + 10 : end + 12])
    locator = data.rfind(_ZIP64_LOCATOR, max(0, end - 20), end)
    if count == 0xFFFF and locator >= 0:
        (record,) = struct.unpack("<Q", data[locator + 8 : locator + 16])
        if record + 40 <= len(data):
            (count,) = struct.unpack("<Q", data[record + 32 : record + 40])
    return count


def _part(archive: zipfile.ZipFile, name: str, budget: _Budget) -> etree._Element:
    """A part's XML, its elements and paragraphs charged to the budget."""
    root = parse_xml(_read(archive, name, budget), budget.file, name, budget.elements)
    budget.paragraphs += int(_PARAGRAPHS(root))
    if budget.paragraphs > MAX_PARAGRAPHS:
        raise InputError(
            f"{name} brings the document to more than {MAX_PARAGRAPHS:,} paragraphs: not read",
            Location(budget.file),
            hint="a real document has far fewer (a 1,000-page thesis about 15,000): "
            "it is most likely damaged or built to exhaust memory",
        )
    return root


def _read(archive: zipfile.ZipFile, name: str, budget: _Budget) -> bytes:
    """A part's bytes, at most MAX_PART_BYTES (and what is left of MAX_READ_BYTES), checked as read."""
    file = budget.file
    limit = min(MAX_PART_BYTES, MAX_READ_BYTES - budget.unpacked)
    try:
        info = archive.getinfo(name)
        if info.file_size > limit:
            raise _too_big(name, file, info.file_size, limit)
        with archive.open(info) as part:
            data = part.read(limit + 1)
    except KeyError:
        raise InputError(f"{_NOT_DOCX}: it has no {name}", Location(file)) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise InputError(f"damaged .docx: {name} cannot be unpacked ({error})", Location(file)) from None
    if len(data) > limit:
        raise _too_big(name, file, len(data), limit)
    budget.unpacked += len(data)
    return data


def _too_big(name: str, file: str, size: int, limit: int) -> InputError:
    what = "" if limit == MAX_PART_BYTES else f" (what is left of {MAX_READ_BYTES >> 20} MB for all parts)"
    return InputError(
        f"{name} unpacks to more than {limit / (1 << 20):.3g} MB{what} ({size:,} bytes or more): not read",
        Location(file),
        hint="a document this large is most likely damaged or a decompression bomb",
    )


def _main_part(archive: zipfile.ZipFile, budget: _Budget) -> str:
    """The main document part, as the package's relationships name it (word/document.xml by default)."""
    if "_rels/.rels" in archive.namelist():
        root = _part(archive, "_rels/.rels", budget)
        for relation in root.iter(_RELATIONSHIPS):
            if relation.get("Type") == _OFFICE_DOCUMENT and relation.get("Target"):
                return posixpath.normpath(relation.get("Target", "").lstrip("/"))
    return "word/document.xml"


def _related_parts(archive: zipfile.ZipFile, main: str, budget: _Budget) -> dict[str, str]:
    """settings, footnotes and endnotes parts of the main document, by its relationships."""
    folder, name = posixpath.split(main)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    found: dict[str, str] = {}
    names = set(archive.namelist())
    if rels in names:
        root = _part(archive, rels, budget)
        for relation in root.iter(_RELATIONSHIPS):
            kind = relation.get("Type", "").rsplit("/", 1)[-1]
            target = posixpath.normpath(posixpath.join(folder, relation.get("Target", "")))
            if kind in _PART_TYPES and target in names and relation.get("TargetMode") != "External":
                found[_PART_TYPES[kind]] = target
    for kind in _PART_TYPES:
        default = posixpath.join(folder, f"{kind}.xml")
        if kind not in found and default in names:
            found[kind] = default
    return found
