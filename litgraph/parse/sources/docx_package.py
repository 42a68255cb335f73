"""A .docx read within bounds: the zip's entry count is taken from its end record before anything is
unpacked, and only the parts a citation reader needs (the main document, settings, foot- and
endnotes) are unpacked, each cut off at a size limit whatever its header claims. A
decompression bomb, a zip of a million entries or a truncated download is an InputError naming
the file, never a memory blow-up or a traceback.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from ...errors import InputError
from ...records import Location
from .xml import parse_xml

MAX_ENTRIES = 10_000  # a long thesis with many images has a few hundred
MAX_PART_BYTES = 64 << 20  # one XML part, unpacked (the longest real document.xml seen: ~20 MB)
MAX_READ_BYTES = 160 << 20  # all parts read, unpacked
_END_RECORD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_PART_TYPES = {"settings": "settings", "footnotes": "footnotes", "endnotes": "endnotes"}
_NOT_DOCX = "not a Word .docx file"


@dataclass(slots=True)
class Package:
    """The parsed XML parts of a .docx a reader needs: `document` always, the others when present."""

    file: str
    document: etree._Element
    parts: dict[str, etree._Element] = field(default_factory=dict)  # "settings", "footnotes", "endnotes"


def open_package(data: bytes, file: str) -> Package:
    entries = _entry_count(data, file)
    if entries > MAX_ENTRIES:
        raise InputError(
            f"{_NOT_DOCX}: its zip holds {entries:,} entries (more than {MAX_ENTRIES:,})", Location(file)
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise InputError(f"{_NOT_DOCX}: the zip is damaged ({error})", Location(file)) from None
    with archive:
        budget = [MAX_READ_BYTES]
        main = _main_part(archive, file, budget)
        document = parse_xml(_read(archive, main, file, budget), file, main)
        if document.find(f"{{{W}}}body") is None:
            raise InputError(f"{_NOT_DOCX}: {main} has no document body", Location(file))
        package = Package(file, document)
        for kind, name in _related_parts(archive, main, file, budget).items():
            package.parts[kind] = parse_xml(_read(archive, name, file, budget), file, name)
    return package


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


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


def _read(archive: zipfile.ZipFile, name: str, file: str, budget: list[int]) -> bytes:
    """A part's bytes, at most MAX_PART_BYTES (and what is left of MAX_READ_BYTES), checked as read."""
    limit = min(MAX_PART_BYTES, budget[0])
    try:
        info = archive.getinfo(name)
        if info.file_size > limit:
            raise _too_big(name, file, info.file_size)
        with archive.open(info) as part:
            data = part.read(limit + 1)
    except KeyError:
        raise InputError(f"{_NOT_DOCX}: it has no {name}", Location(file)) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise InputError(f"damaged .docx: {name} cannot be unpacked ({error})", Location(file)) from None
    if len(data) > limit:
        raise _too_big(name, file, len(data))
    budget[0] -= len(data)
    return data


def _too_big(name: str, file: str, size: int) -> InputError:
    return InputError(
        f"{name} unpacks to more than {MAX_PART_BYTES >> 20} MB ({size:,} bytes or more): not read",
        Location(file),
        hint="a document this large is most likely damaged or a decompression bomb",
    )


def _main_part(archive: zipfile.ZipFile, file: str, budget: list[int]) -> str:
    """The main document part, as the package's relationships name it (word/document.xml by default)."""
    if "_rels/.rels" in archive.namelist():
        root = parse_xml(_read(archive, "_rels/.rels", file, budget), file, "_rels/.rels")
        for relation in root.iter(_RELATIONSHIPS):
            if relation.get("Type") == _OFFICE_DOCUMENT and relation.get("Target"):
                return posixpath.normpath(relation.get("Target", "").lstrip("/"))
    return "word/document.xml"


def _related_parts(archive: zipfile.ZipFile, main: str, file: str, budget: list[int]) -> dict[str, str]:
    """settings, footnotes and endnotes parts of the main document, by its relationships."""
    folder, name = posixpath.split(main)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    found: dict[str, str] = {}
    names = set(archive.namelist())
    if rels in names:
        root = parse_xml(_read(archive, rels, file, budget), file, rels)
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
