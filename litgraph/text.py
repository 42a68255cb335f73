"""Text rules every layer shares: folding, CJK detection, natural sort, DOI spelling, terminal-safe text.

Each rule lives here once. Checks, matching, import and rendering all ask the same
questions of text ("is this Chinese?", "are these the same name?", "is this the
same DOI?"), and the answers must not drift apart between copies.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

#: CJK ideographs: the Unified blocks (with Extension A) and the compatibility block.
CJK_IDEOGRAPHS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Full-width and CJK punctuation: 。，；：（）【】《》、 and the full-width ASCII forms.
CJK_PUNCTUATION = r"\u3000-\u303f\uff00-\uffef"

_CJK = re.compile(f"[{CJK_IDEOGRAPHS}]")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_DIGITS = re.compile(r"(\d+)")
# A resolver (doi.org, dx.doi.org, the doi.* hosts of publishers: doi.acm.org, doi.wiley.com) or a label,
# before a DOI: a library proxy's host (dx.doi.org.proxy.edu/1015...) in front of no DOI is kept.
_DOI_RESOLVER = re.compile(r"^\s*(?:https?://(?:[\w-]+\.)*doi(?:\.[\w-]+)+/|doi:\s*)(?=10\.)", re.IGNORECASE)
_DOI_IN_TEXT = re.compile(r"10\.\d{4,9}/[^\s\"<>{}]+")
#: A well-formed BCP 47 tag as RDF takes it: letters first, then subtags of 1-8 letters or digits.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
#: What a terminal obeys instead of showing: the C0 controls but tab and line feed, DEL, the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    """Text as a terminal may show it: each control character written out (ESC as `\\x1b`), so that data
    (a BibTeX title holding `ESC ]0;…BEL ESC [2J`) cannot retitle the window, clear the screen or hide
    what follows. Tab and line feed stay; everything else is unchanged."""
    return _CONTROL.sub(_spelled, text) if _CONTROL.search(text) else text


def _spelled(control: re.Match) -> str:
    return f"\\x{ord(control.group()):02x}"


#: The capital letters of the alphabets names are written in: Latin with its accents (Latin-1 and
#: Extended-A: `DVOŘÁK`, `ŁUKASIEWICZ`, `ŞAHIN`) and Cyrillic; a character class's inside.
CAPITALS = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽА-ЯЁ"


def has_cjk(text: str) -> bool:
    """Whether the text holds a CJK ideograph (Chinese, or Japanese kanji)."""
    return bool(_CJK.search(text))


def is_cjk_char(char: str) -> bool:
    return bool(_CJK.match(char))


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so that 'Malär' and 'Malar' compare equal."""
    if text.isascii():
        return text.casefold()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def natural_key(text: str) -> list:
    """Sort key that puts H2 before H10 and H1a before H1b."""
    return [int(part) if part.isdigit() else part.lower() for part in _DIGITS.split(text)]


def bare_doi(value: str) -> str:
    """A DOI as written, without resolver or `doi:` prefix: `https://doi.org/10.1/X` → `10.1/X`."""
    return _DOI_RESOLVER.sub("", value.strip())


def doi_key(value: str) -> str:
    """The form two spellings of one DOI share: bare, lower case (DOIs are case-insensitive), without the
    punctuation a sentence leaves after it; "" when the value holds no DOI."""
    inside = _DOI_IN_TEXT.search(bare_doi(value))
    return inside.group().rstrip(".,;)/]").lower() if inside else ""


_LANGUAGE_CODES = {
    "chinese": "zh", "zh": "zh", "zh-cn": "zh", "zh-hans": "zh", "zh-tw": "zh", "中文": "zh", "pinyin": "zh",
    "english": "en", "en": "en", "american": "en", "british": "en", "en-us": "en", "en-gb": "en",
    "german": "de", "ngerman": "de", "de": "de", "french": "fr", "fr": "fr", "japanese": "ja", "ja": "ja",
    "russian": "ru", "ru": "ru", "spanish": "es", "es": "es",
}  # fmt: skip


#: The `langid` (babel/polyglossia name) written for a language code: the first name above of each code.
_LANGUAGE_NAMES = {"zh": "chinese", "en": "english", "de": "german", "fr": "french", "ja": "japanese",
                   "ru": "russian", "es": "spanish"}  # fmt: skip


def is_language_tag(tag: str) -> bool:
    """Whether `tag` is a well-formed language tag (`en`, `zh-Hans`, `pt-BR`), as labels are keyed by."""
    return bool(_LANGUAGE_TAG.fullmatch(tag))


def language_code(value: str) -> str:
    """A `langid`/`language` value as a language code: 'chinese' → 'zh', 'english' → 'en'."""
    marked = value.strip().lower()
    return _LANGUAGE_CODES.get(marked, marked)


def language_name(code: str) -> str:
    """The `langid` of a language code: 'zh' → 'chinese'; a name already, or an unknown code, as given."""
    return _LANGUAGE_NAMES.get(language_code(code), code.strip())


# --- text as a reader sees it ---------------------------------------------------------------------

#: Characters that show nothing: soft hyphen, zero-width spaces and joiners, direction marks and
#: embeddings, word joiner and invisible operators, variation selectors, the byte order mark.
INVISIBLE = "\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff"
_INVISIBLE_CHAR = re.compile(f"[{INVISIBLE}]")
# Runs that NFKC may change, with the character before them (a combining mark composes with it).
# Full-width punctuation and the CJK symbols block are left as written: their width is itself a finding
# (（周志民等，2019） against (周志民等,2019)), and whoever looks for citations reads both widths.
_MAY_CHANGE = re.compile(
    r"[\x00-\x7f]?[^\x00-\x7f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff"
    r"\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+"
)


class ReadableText:
    """A text as a reader sees it (`readable`), with the way back to the text as written: a citation
    found in `.text` is reported with `.original(start, end)` and its offsets in the written text."""

    __slots__ = ("text", "written", "_norm_starts", "_norm_ends", "_orig_starts", "_orig_ends")

    def __init__(self, written: str, text: str, pieces: list[tuple[int, int, int, int]]):
        self.written = written
        self.text = text
        # Each changed piece: (start, end) in `text`, (start, end) in `written`; the text between
        # pieces is the same in both.
        self._norm_starts = [piece[0] for piece in pieces]
        self._norm_ends = [piece[1] for piece in pieces]
        self._orig_starts = [piece[2] for piece in pieces]
        self._orig_ends = [piece[3] for piece in pieces]

    def offset(self, index: int) -> int:
        """Where the character at `index` of `.text` starts in the written text."""
        k = bisect.bisect_right(self._norm_starts, index) - 1
        if k < 0:
            return index
        if index < self._norm_ends[k]:
            return self._orig_starts[k]
        return self._orig_ends[k] + index - self._norm_ends[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The written span of `.text[start:end]` (invisible characters at its edges left out)."""
        if end <= start:
            return self.offset(start), self.offset(start)
        last = end - 1
        k = bisect.bisect_right(self._norm_starts, last) - 1
        inside = k >= 0 and self._norm_starts[k] <= last < self._norm_ends[k]
        return self.offset(start), self._orig_ends[k] if inside else self.offset(last) + 1

    def original(self, start: int, end: int) -> str:
        """The written text of `.text[start:end]`."""
        begin, finish = self.span(start, end)
        return self.written[begin:finish]


def readable(text: str) -> ReadableText:
    """The text with invisible characters removed and compatibility forms folded (NFKC: full-width
    digits and letters, ligatures, CJK compatibility ideographs), so that `（周志民等，２０１９）` and
    `Park\u200b et al.` read as a reader reads them; full-width punctuation is kept (see `_MAY_CHANGE`).
    Line breaks are never added or removed, so a line counted in either text is the same line."""
    if text.isascii():
        return ReadableText(text, text, [])
    out: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    written_at = length = 0  # how far `text` is copied, and the length of what is written so far
    for run in _MAY_CHANGE.finditer(text):
        chunk = run.group()
        if unicodedata.is_normalized("NFKC", chunk) and not _INVISIBLE_CHAR.search(chunk):
            continue
        for start, end in _clusters(chunk, run.start()):
            cluster = text[start:end]
            folded = "" if _INVISIBLE_CHAR.fullmatch(cluster) else unicodedata.normalize("NFKC", cluster)
            folded = _INVISIBLE_CHAR.sub("", folded)
            if folded == cluster:
                continue
            out.append(text[written_at:start])
            length += start - written_at
            pieces.append((length, length + len(folded), start, end))
            out.append(folded)
            length += len(folded)
            written_at = end
    if not pieces:
        return ReadableText(text, text, [])
    out.append(text[written_at:])
    return ReadableText(text, "".join(out), pieces)


def _clusters(chunk: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of each character of `chunk` with the combining marks that follow it."""
    spans: list[tuple[int, int]] = []
    for index, char in enumerate(chunk, offset):
        if spans and unicodedata.combining(char) and not _INVISIBLE_CHAR.match(char):
            spans[-1] = (spans[-1][0], index + 1)
        else:
            spans.append((index, index + 1))
    return spans


def letter_suffix(rank: int) -> str:
    """a … z, then aa, ab, …: the letters that tell apart one author's works of a year (2019a,
    as the gbt7714 styles count on) and imported keys that would clash."""
    out = ""
    rank += 1
    while rank:
        rank, rest = divmod(rank - 1, 26)
        out = chr(ord("a") + rest) + out
    return out
