"""A `CslItem` written as a BibTeX entry: the inverse of `parse/csl.py`'s `to_csl`.

Each CSL variable goes back to the field `to_csl` reads it from, in names both BibTeX and
biblatex understand (`journal`, `address`, `number`, `year` + `month`, `school` for theses,
`institution` for reports). What `to_csl` kept in `CslItem.other` (fields CSL has no
variable for, a year or month written otherwise than as a number, the entry type when CSL
cannot name it back) is written under its BibTeX name, so BibTeX → CSL → BibTeX loses no
field (`tests/test_import_roundtrip.py` checks it on every shared corpus). Values are written
as Unicode with LaTeX's special characters escaped outside math; links are written verbatim.
"""

from __future__ import annotations

import json
import re

from ..csl import CSL_VARIABLES, THESIS_GENRES, CslItem, Name, bibtex_field, bibtex_type_of
from ..text import has_cjk, language_name

#: `CslItem.other` names that are CSL variables, back to the BibTeX field `to_csl` read them from.
_OTHER_FIELDS = {
    "title-short": "shorttitle",
    "container-title-short": "shortjournal",
    "keyword": "keywords",
    "status": "pubstate",
    "chapter-number": "chapter",
    "original-title": "origtitle",
    "collection-number": "seriesnumber",
    "citation-key": "",  # the key itself, not a field
    "bibtex-type": "",  # the entry type, written as such
}
_WRITTEN_AS_KEPT = ("year", "month", "date", "langid")  # `to_csl` keeps these when the item says less
_NUMBERED_TYPES = {"report", "patent", "standard"}
_NAME_FIELDS = ("author", "editor", "translator")
_VERBATIM_FIELDS = {"url", "doi", "eprint", "file"}
_LINK = re.compile(r"^(?:https?|ftp)://\S*$", re.IGNORECASE)
_MATH = re.compile(r"(?<!\\)\$[^$\n]+(?<!\\)\$")
_SPECIAL = re.compile(r"(?<!\\)([&%#_$])")
_NOT_IN_NAMES = re.compile(r"[\s\"#%'(),={}]+")  # what a BibTeX field name cannot hold
_SIMPLE_RANGE = re.compile(r"^(\w+(?:\.\w+)?)\s*[-–]\s*(\w+(?:\.\w+)?)$")


def entry_text(key: str, item: CslItem, extra: dict[str, str] | None = None) -> str:
    """The entry as BibTeX source, one field a line; `extra` fields (our own bookkeeping) last."""
    fields = bibtex_fields(item)
    for name, value in (extra or {}).items():
        fields.setdefault(name, value)
    width = max((len(name) for name in fields), default=0)
    lines = [f"@{bibtex_type(item)}{{{key},"]
    cased = {"title": "title", "booktitle": "container-title", "journal": "container-title"}
    for name, value in fields.items():
        text = _written(name, value)
        for protected in item.nocase.get(cased.get(name, ""), ()):  # {California} stays unlowered
            text = text.replace(_escaped(protected), "{" + _escaped(protected) + "}", 1)
        lines.append(f"  {name.ljust(width)} = {{{text}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def bibtex_type(item: CslItem) -> str:
    kept = item.other.get("bibtex-type")
    return kept if isinstance(kept, str) and kept else bibtex_type_of(item.type, item.genre)


def bibtex_fields(item: CslItem) -> dict[str, str]:
    """BibTeX field → plain Unicode value (escaped only when written), only fields that are set."""
    out: dict[str, str] = {}
    for role in _NAME_FIELDS:
        people: list[Name] = getattr(item, role)
        names = [_name(person) for person in people]
        if role == "author" and item.author_truncated:
            names.append("others")
        out[role] = " and ".join(names)
    out["title"] = item.title
    kept = item.other
    out[_home(item, "container-title", ("journal", "booktitle", "journaltitle"))] = item.container_title
    out["series"] = item.collection_title
    out["edition"] = item.edition
    out[_home(item, "publisher", ("publisher", "school", "institution", "organization"))] = item.publisher
    out[_home(item, "publisher-place", ("address", "location"))] = item.publisher_place
    out["eventtitle"] = item.event_title
    out["venue"] = item.event_place
    out.update(_dates(item))
    out["volume"] = item.volume
    if item.type in _NUMBERED_TYPES:
        out["number"], out["issue"] = item.number, item.issue
    else:  # an article's issue is BibTeX's number; an article number beside it is biblatex's eid
        out[_home(item, "issue", ("number", "issue"))] = item.issue or item.number
        out["eid"] = item.number if item.issue else ""
    out["pages"] = _pages(item.page)
    if THESIS_GENRES.get(bibtex_type(item)) != item.genre:
        out["type"] = item.genre
    out["howpublished"] = item.medium
    out["pagetotal"] = item.number_of_pages
    out["doi"] = item.DOI
    out["url"] = item.URL
    out["urldate"] = _iso(item.accessed)
    out["origdate"] = _iso(item.original_date)
    out["isbn"] = item.ISBN
    out["issn"] = item.ISSN
    if "bibtex-language" not in kept:  # a `language` field as written wins over the code's name
        out["langid"] = language_name(item.language) if item.language else ""
    out["note"] = item.note
    for name in _WRITTEN_AS_KEPT:
        written = item.other.get(name)
        if isinstance(written, str):
            out[name] = written
    out = {name: value for name, value in out.items() if value}
    for variable, value in item.other.items():
        name = _field_name(variable)
        if name and name not in out and variable not in _WRITTEN_AS_KEPT and variable not in CSL_VARIABLES:
            out[name] = _plain(value)
    return {name: value for name, value in out.items() if value}


def _home(item: CslItem, variable: str, names: tuple[str, ...]) -> str:
    """The field a variable is written to: the one its reader noted, else the usual one for the type
    (`bibtex_field`), else the first of `names` that `to_csl` did not keep for another value (an
    entry with both `journal` and `booktitle` has its container in one and the other kept)."""
    noted = item.other.get(f"bibtex-field:{variable}")
    if isinstance(noted, str) and noted:
        return noted
    usual = bibtex_field(variable, item.type)
    free = [name for name in (usual, *names) if name not in item.other and f"bibtex-{name}" not in item.other]
    return free[0] if free else usual


def _field_name(variable: str) -> str:
    """The BibTeX field a kept variable is written as: `bibtex-issue` → issue, `title-short` →
    shorttitle, an unknown one as it is, less what a field name cannot hold."""
    if variable.startswith("bibtex-field:") or variable == "bibtex-type":
        return ""
    if variable.startswith("bibtex-"):
        return variable[len("bibtex-") :]
    name = _OTHER_FIELDS.get(variable, variable)
    return _NOT_IN_NAMES.sub("", name.lower()) if name else ""


def _dates(item: CslItem) -> dict[str, str]:
    if not item.issued:
        return {}
    out = {"year": str(item.issued[0])}
    if len(item.issued) > 1:
        out["month"] = str(item.issued[1])
    if len(item.issued) > 2:
        out["date"] = _iso(item.issued)  # biblatex keeps the day; BibTeX reads year and month
    return out


def _pages(page: str) -> str:
    """A range with BibTeX's en dash (`--`); anything else as written."""
    simple = _SIMPLE_RANGE.match(page.strip())
    return f"{simple.group(1)}--{simple.group(2)}" if simple else page


def _name(person: Name) -> str:
    """A name as BibTeX reads it back into the same parts: 'von Last, Jr, First', a Chinese name in
    one piece (周志民), a literal in braces."""
    if person.literal:
        return "{" + _escaped(person.literal) + "}"
    family = _protected(_escaped(person.family), family=True)
    given, suffix = _protected(_escaped(person.given)), _protected(_escaped(person.suffix))
    chinese = has_cjk(person.family) and (not person.given or has_cjk(person.given))
    if chinese and not person.particle and not person.suffix:
        return family + given
    last = f"{_escaped(person.particle)} {family}".strip()
    if person.suffix:
        return f"{last}, {suffix}, {given}"
    if given:
        return f"{last}, {given}"
    return last if " " not in family or person.particle else "{" + family + "}"


def _protected(part: str, family: bool = False) -> str:
    """A name part with a comma, a lone 'and' or a lower-case word before its last (read as a "von"
    part: `van Helden`) braced, so the name list splits where it should and the parts stay whole."""
    words = part.split()
    lower_first = family and any(word[:1].islower() for word in words[:-1])
    return "{" + part + "}" if "," in part or lower_first or re.search(r"(?i)\band\b", part) else part


def _iso(date: tuple[int, ...]) -> str:
    return "-".join(f"{part:02d}" if index else str(part) for index, part in enumerate(date))


def _plain(value: object) -> str:
    """A CSL variable's value as field text: a date object as an ISO date, a list of strings joined,
    anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict) and isinstance(value.get("date-parts"), list) and value["date-parts"]:
        parts = value["date-parts"][0]
        if isinstance(parts, list) and parts and all(str(part).isdigit() for part in parts):
            return _iso(tuple(int(part) for part in parts))
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return ", ".join(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _written(name: str, value: str) -> str:
    if name in _NAME_FIELDS:
        return value  # escaped part by part, braces are structure
    if name in _VERBATIM_FIELDS or _LINK.match(value):
        return _balanced(value)
    return _escaped(value)


def _escaped(value: str) -> str:
    """LaTeX's specials escaped outside math (`$\\alpha$` stays math); braces that pair up escaped."""
    pieces, position = [], 0
    for math in _MATH.finditer(value):
        pieces += [_escaped_text(value[position : math.start()]), math.group()]
        position = math.end()
    pieces.append(_escaped_text(value[position:]))
    return _balanced("".join(pieces))


def _escaped_text(text: str) -> str:
    text = _SPECIAL.sub(r"\\\1", text)
    if "{" in text or "}" in text:
        text = re.sub(r"(?<!\\)([{}])", r"\\\1", _balanced(text))
    return text


def _balanced(value: str) -> str:
    """BibTeX counts braces even after a backslash: a stray one, left over from a damaged source, is
    dropped rather than break the entry."""
    if "{" not in value and "}" not in value:
        return value
    depth, kept = 0, []
    for char in value:
        if char == "}" and depth == 0:
            continue
        depth += (char == "{") - (char == "}")
        kept.append(char)
    text = "".join(kept)
    while depth > 0:  # unclosed: drop the last unmatched opening braces
        cut = text.rfind("{")
        text, depth = text[:cut] + text[cut + 1 :], depth - 1
    return text
