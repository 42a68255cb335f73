"""Text rules every layer shares: folding, CJK detection, natural sort, DOI spelling, terminal-safe text.

Each rule lives here once. Checks, matching, import and rendering all ask the same
questions of text ("is this Chinese?", "are these the same name?", "is this the
same DOI?"), and the answers must not drift apart between copies.
"""

from __future__ import annotations

import re
import unicodedata

#: CJK ideographs: the Unified blocks (with Extension A) and the compatibility block.
CJK_IDEOGRAPHS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Full-width and CJK punctuation: 。，；：（）【】《》、 and the full-width ASCII forms.
CJK_PUNCTUATION = r"\u3000-\u303f\uff00-\uffef"

_CJK = re.compile(f"[{CJK_IDEOGRAPHS}]")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_DIGITS = re.compile(r"(\d+)")
_DOI_RESOLVER = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
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
