"""Reading a user's text file: UTF-8 (with or without BOM), UTF-16, or a clear error that says where.

Import reads exports that Chinese databases write in GB18030 too (`decode_named` with
`legacy=True`); it accepts that encoding only when the bytes can be nothing else, and names the
encoding it used, so that no file is ever read in a guessed encoding without saying so.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..records import Location
from ..text import CJK_IDEOGRAPHS, CJK_PUNCTUATION

# How much of a file the UTF-16 and binary guesses look at: enough to be sure, cheap on a 50 MB .bib.
_SAMPLE = 8192
# Control bytes that no text file has (tab, newlines, form feed and escape are allowed).
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_BINARY_HINT = (
    "it looks like a binary file, not text: name the text file (.bib, .txt, .md, .tex or .docx) instead"
)
_CJK = re.compile(f"[{CJK_IDEOGRAPHS}{CJK_PUNCTUATION}]")  # text of a CJK file, punctuation included
#: The most bytes read from a file a user names (.bib, model, manuscript, query, import source,
#: .docx): a 100,000-entry .bib is about 40 MB, so this bounds memory, not any real review.
MAX_FILE_BYTES = 256 << 20
_IRREGULAR = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text and the encoding it was read in, as messages name it ("UTF-8", "GB18030")."""

    text: str
    encoding: str


def decode_bytes(data: bytes, file: str) -> str:
    """Decode UTF-8, or UTF-16 (by BOM, or by its NULs when there is none), or raise an
    InputError naming the line and byte, with a conversion hint only when the guess is likely right."""
    return decode_named(data, file).text


def decode_named(data: bytes, file: str, legacy: bool = False) -> Decoded:
    """As `decode_bytes`, with the encoding named; `legacy` also accepts GB18030 when the bytes are
    not UTF-8 and decode to (nearly) nothing but common simplified Chinese, which text in another
    encoding (Big5, Latin-1) does not."""
    encoding = _utf16_encoding(data)
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid {encoding.upper()} (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                Location(file, data[: exc.start].decode(encoding, "replace").count("\n") + 1),
                hint="the file looks like UTF-16 but is cut short or damaged",
            ) from None
        name = "UTF-16 with BOM" if encoding == "utf-16" else encoding.upper().replace("UTF-16-", "UTF-16")
    else:
        try:
            text = data.decode("utf-8-sig")
            name = "UTF-8 with BOM" if data.startswith(codecs.BOM_UTF8) else "UTF-8"
        except UnicodeDecodeError as exc:
            if legacy and _is_gb18030(data):
                text, name = data.decode("gb18030"), "GB18030"
            else:
                raise InputError(
                    f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                    Location(file, data.count(b"\n", 0, exc.start) + 1),
                    hint=_encoding_hint(data),
                ) from None
    _refuse_nul(text, data, file)
    return Decoded(text, name)


def _refuse_nul(text: str, data: bytes, file: str) -> None:
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(
            f"contains a NUL character (character {nul} of the file)",
            Location(file, text.count("\n", 0, nul) + 1),
            hint=_BINARY_HINT
            if _looks_binary(data)
            else "text files have no NUL characters: the file was saved in another encoding or damaged; "
            "remove it (e.g. `tr -d '\\000'`) or save the file again as UTF-8",
        )


def _utf16_encoding(data: bytes) -> str:
    """'utf-16' for a file with a UTF-16 BOM; 'utf-16-le'/'-be' for one without, told by its NULs:
    in UTF-16 text with Latin letters every other byte is 0, all on the same side of the pairs."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:_SAMPLE]
    if len(sample) < 2 or b"\x00" not in sample:
        return ""
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= max(8, pairs // 4) and even * 8 <= odd:  # a few stray NULs in a tiny file are not UTF-16
        return "utf-16-le"
    if even >= max(8, pairs // 4) and odd * 8 <= even:
        return "utf-16-be"
    # Chinese UTF-16 has few NULs, but its control-looking bytes (。 is 02 30) read back as text.
    return next((encoding for encoding in ("utf-16-le", "utf-16-be") if _reads_as_text(sample, encoding)), "")


def _reads_as_text(sample: bytes, encoding: str) -> bool:
    """Whether the sample decodes to (nearly) nothing but Chinese, printable ASCII and white space,
    which bytes of another kind decoded as UTF-16 almost never do."""
    try:
        text = sample[: len(sample) // 2 * 2].decode(encoding)
    except UnicodeDecodeError:
        return False
    plain = sum(1 for char in text if _CJK.match(char) or char.isspace() or " " <= char <= "~")
    return len(text) >= 8 and plain * 100 >= len(text) * 95


def _looks_binary(data: bytes) -> bool:
    """Control bytes (NUL and the like) make more than 1% of the start of the file: a few stray
    ones are not enough."""
    sample = data[:_SAMPLE]
    controls = len(_CONTROL.findall(sample))
    return controls >= 4 and controls * 100 > len(sample)


def _encoding_hint(data: bytes) -> str:
    """A conversion command when the file's encoding can be told with fair certainty, else what to check.

    A file that is mostly valid UTF-8 has stray bytes, not another encoding; Western
    single-byte text has isolated high bytes between ASCII (Caf\\xe9); GB18030 text
    has its high bytes in pairs that decode to Chinese.
    """
    if _looks_binary(data):
        return _BINARY_HINT
    as_utf8 = data[: 1 << 20].decode("utf-8", "replace")
    invalid = as_utf8.count("\ufffd")
    if sum(1 for char in as_utf8 if not char.isascii()) - invalid >= 2 * invalid:
        return (
            "the rest of the file is UTF-8: this is probably a stray character pasted from elsewhere; "
            "retype it"
        )
    if all(len(run) == 1 for run in _HIGH_RUN.findall(data)):
        encoding = "cp1252" if _decodes(data, "cp1252") else "latin-1"
        return (
            f"it looks like {encoding.upper()} (Western European): "
            f"convert it with `iconv -f {encoding} -t utf-8`"
        )
    for encoding in ("gb18030", "big5"):
        if _decodes_to_chinese(data, encoding) and (encoding != "gb18030" or _is_gb18030(data)):
            return f"it looks like {encoding.upper()}: convert it with `iconv -f {encoding} -t utf-8`"
    return "its encoding is unclear: open it in an editor and save it as UTF-8"


def _is_gb18030(data: bytes) -> bool:
    """GB18030 beyond doubt: the bytes decode, (nearly) all non-ASCII characters are Chinese, and
    nearly all ideographs are in GB2312's common set. Big5 bytes also decode as GB18030, but to
    rare characters outside GB2312 (their second bytes fall below 0xA1), so they fail here."""
    if not _decodes_to_chinese(data, "gb18030"):
        return False
    ideographs = [char for char in data.decode("gb18030") if "\u3400" <= char <= "\u9fff"]
    common = sum(1 for char in ideographs if _in_gb2312(char))
    return len(ideographs) >= 2 and common * 100 >= len(ideographs) * 95


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _decodes_to_chinese(data: bytes, encoding: str) -> bool:
    """Whether the data decodes in `encoding` with (nearly) all its non-ASCII characters Chinese."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    foreign = [char for char in text if not char.isascii()]
    return len(foreign) > 0 and sum(1 for char in foreign if _CJK.match(char)) * 10 >= len(foreign) * 9


def read_text(path: Path, shown_as: str | None = None, limit: int = MAX_FILE_BYTES) -> str:
    """Read a text file for parsing; `shown_as` is the name used in messages, `limit` its most bytes."""
    name = shown_as or str(path)
    return decode_bytes(read_bytes(path, name, limit), name)


def read_bytes(path: Path, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, at most `limit` of them, or an InputError naming it.

    A FIFO, a device (/dev/zero, a terminal) or a socket is refused from its `stat`
    before it is opened, so nothing blocks or reads for ever; it is opened without
    blocking and checked again, in case it was swapped for one in between. A file
    over `limit` is refused from its size, and read no further than `limit` when its
    size says less than it holds (a file still being written, a /proc file)."""
    try:
        _refuse_irregular(os.stat(path).st_mode, name)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError("file not found", Location(name)) from None
    except NotADirectoryError:
        raise InputError("file not found (a part of its path is a file)", Location(name)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(name)) from None
    with os.fdopen(descriptor, "rb") as file:
        try:
            status = os.fstat(file.fileno())
            _refuse_irregular(status.st_mode, name)
            if status.st_size > limit:
                raise _too_big(name, status.st_size, limit)
            data = file.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", Location(name)) from None
    if len(data) > limit:
        raise _too_big(name, len(data), limit)
    return data


def _refuse_irregular(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise InputError("is a directory, not a file", Location(name))
    kind = next((kind for test, kind in _IRREGULAR if test(mode)), "not a regular file")
    raise InputError(
        f"is {kind}, not a regular file: not read",
        Location(name),
        hint="litgraph reads files saved on disk; save the data to a file and name that",
    )


def _too_big(name: str, size: int, limit: int) -> InputError:
    return InputError(
        f"the file has {size:,} bytes or more; litgraph reads files of at most {limit:,} bytes here",
        Location(name),
        hint="is this the right file? A reference list, manuscript or export this large is most "
        "likely something else, or damaged",
    )
