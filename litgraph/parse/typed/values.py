"""A labelled span's text as the value CSL wants: the rigid formats finished by rules.

The CRF says where the year, the pages or the DOI are; what they say is read here: `2017, 13(2)`
needs no model, and neither does `pp. 1477–81` or `DOI:10.1/x.`. Each function takes the span's text
and returns the value, "" (or `()`) when there is none.
"""

from __future__ import annotations

import re

from ...style.marks import MARK_PATTERN, MARK_TO_CSL
from ...text import bare_doi, has_cjk

_STRIP = " \t.,;:，。；：、/"
_QUOTES = "\"'“”‘’«»「」『』《》"
#: A year as the references write one (1400-2099): the one pattern every rule that asks "a year?" uses.
YEAR = r"(?:1[4-9]|20)\d\d"
_YEAR = re.compile(rf"(?<!\d)({YEAR})(?!\d)")
_A_YEAR = re.compile(YEAR)


def is_year(text: str) -> bool:
    return _A_YEAR.fullmatch(text) is not None


_ISO = re.compile(r"(?<!\d)(1[4-9]\d\d|20\d\d)\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?")
_NUMBER = re.compile(r"[A-Za-z]?\d+[A-Za-z]?|\b[IVXLCDM]+\b|\b[ivxlcdm]+\b")
#: A page: 45, e1234, S12, giad067, 1.1 (chapter.page), e2019WR026543 (an article number).
_PAGE = r"[A-Za-z]{0,4}\d+(?:(?:\.|[A-Za-z]{1,3})\d+)*[A-Za-z]?"
_PAGES = re.compile(rf"{_PAGE}(?:\s*[-–—~～]+\s*{_PAGE})?")
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ],
        1,
    )
    for name in names.split()
}
_MONTH_WORD = re.compile(r"\b(" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\b\.?", re.I)


#: What a style writes where the place, publisher or date is unknown: `[出版地不详]`, `[S.l.]`, `[s.n.]`.
_UNKNOWN = re.compile(
    r"[\[［(（]?\s*(?:出版地不详|出版者不详|出版年不详|s\.\s*l\.?|s\.\s*n\.?|sine loco|sine nomine)"
    r"\s*[\]］)）]?",
    re.IGNORECASE,
)


def is_unknown(text: str) -> bool:
    """A placeholder for an unknown place, publisher or year: no value, whatever its label."""
    return _UNKNOWN.fullmatch(text.strip(_STRIP)) is not None


def text_value(text: str) -> str:
    """A span without the separators around it; quotes around a title dropped, brackets balanced."""
    value = text.strip(_STRIP)
    if len(value) > 1 and value[0] in _QUOTES and value[-1] in _QUOTES:
        value = value[1:-1].strip(_STRIP)
    for opener, closer in ("()", "（）", "[]", "［］", "【】"):
        if value.startswith(opener) and value.endswith(closer):
            value = value[1:-1].strip(_STRIP)
        if value.endswith(closer) and opener not in value:
            value = value[:-1].strip(_STRIP)
        if value.startswith(opener) and closer not in value:
            value = value[1:].strip(_STRIP)
    return value


def date_value(text: str) -> tuple[int, ...]:
    """(year, month, day) of `2020-03-15`, `2020年3月`, `March 2020`, `(2005)`; () without a year."""
    iso = _ISO.search(text)
    if iso:
        year, month, day = (int(part) if part else 0 for part in iso.groups())
        if 1 <= month <= 12:
            return (year, month, day) if 1 <= day <= 31 else (year, month)
    year_match = _YEAR.search(text)
    if not year_match:
        return ()
    month_match = _MONTH_WORD.search(text)
    if month_match:
        return (int(year_match.group()), _MONTH_NAMES[month_match.group(1).lower()])
    return (int(year_match.group()),)


_SUPPLEMENT = re.compile(r"suppl(?:ement)?(?![a-z])", re.IGNORECASE)

#: A periodical's holdings, from an issue on: `1984, 1(1)-`, `1957(1)-1990(4)`.
_HOLDINGS = re.compile(r"\d\s*[(（]\s*\d+\s*[)）]\s*[-–—]")


#: A volume named in a title: `第 4 卷`, `第二辑`, `第一分册`, `卷三`, `上册`, `2018年卷`, `v.3`, `Vol. 3`.
#: The units a Chinese volume is counted in: `第3卷`, `第1册`, `第2辑`.
VOLUME_UNITS = "卷册辑集编"
VOLUME_NAME = (
    rf"第\s*[\d一二三四五六七八九十百]+\s*(?:分册|[{VOLUME_UNITS}])|卷\s*[\d一二三四五六七八九十百]+"
    r"|[上中下]\s*[册卷编]|\d{4}\s*年卷|v\.\s*\d+|vol\.?\s*\d+|part\s+(?:[ivxlc]+|\d+)\b"
)
#: Of the Chinese volume names, those that are only a number (`第3卷`, `3期`): read as the number; any
#: other (`第1册`, `第二辑`, `美国卷`) names its volume and is kept as written.
_CJK_NUMBERED = re.compile(r"第?\s*\d+\s*[卷期]?")
_INNER_VOLUME = re.compile(rf"(?P<main>\S.*?)\s*[:：]\s*(?P<volume>{VOLUME_NAME})\s+(?P<rest>\S.*)", re.I)


def inner_volume(title: str) -> tuple[str, str, str] | None:
    """A multi-volume work's title, its volume and the volume's own title, as the styles print them
    (`中国近代城市史: 第 4 卷 华南与西南城市`, `The Oxford history of trade: v.3 The age of steam`)."""
    found = _INNER_VOLUME.fullmatch(title.strip())
    if not found:
        return None
    return found["main"], number_value(found["volume"]), found["rest"]


def number_value(text: str) -> str:
    """A volume or issue: `Vol. 13` → 13, `(02)` → 2, `第3卷` → 3; `第1册`, `Suppl 2` kept as written,
    and so is a journal's run (`1984, 1(1)-`, `1957(1)-1990(4)`: GB/T's holdings of a periodical)."""
    value = text_value(text)
    if has_cjk(value) and not _CJK_NUMBERED.fullmatch(value):
        return value  # "第1册", "美国卷", "巳集上": a volume named, not numbered
    if _SUPPLEMENT.match(value):
        return value  # a supplement is not the issue of its number
    if is_holdings(value):
        return _RUN_DASHES.sub("-", value.replace("（", "(").replace("）", ")").replace("，", ", "))
    found = _NUMBER.search(value)
    if not found:
        return value
    number = found.group()
    if number[0].isalpha() and number[1:].isdigit() and found.start() == 0 and len(value) > 1:
        number = number if not value[1:2].isspace() else number[1:]
    if re.fullmatch(r"\d+", number):
        number = str(int(number))  # CNKI writes the issue with a leading zero: (02)
    double = re.match(r"(?:\s*[-–/]\s*\d+\b)+", value[found.end() :])
    if double:  # a double issue or volume, 3-4, 5/6 or 8/9/10, as written
        return number + re.sub(r"\s+", "", double.group()).replace("–", "-")
    return number


def is_holdings(value: str) -> bool:
    """A volume that is GB/T's holdings of a journal described as a whole, not one issue's number."""
    return _HOLDINGS.search(value) is not None


_RUN_DASHES = re.compile(r"\s*[-–—]+\s*")


def page_value(text: str) -> str:
    """Pages as `45-60`: `pp. 45–60`, `45~60`, `: 45-60.`, `e1234`; front matter as written (`序2-3`,
    `扉页`, `第1版自序`)."""
    if has_cjk(text):
        return _RUN_DASHES.sub("-", text_value(text))
    found = _PAGES.search(text)
    if not found:
        return ""
    return re.sub(r"\s*[-–—~～]+\s*", "-", found.group())


_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")


def doi_value(text: str) -> str:
    """The DOI in a span: `DOI:10.1/x.`, `https://doi.org/10.1/x`, `doi.org/10.1/x` → `10.1/x`."""
    found = _DOI.search(text)
    value = found.group() if found else bare_doi(re.sub(r"^\s*doi\s*[:：]\s*", "", text.strip(), flags=re.I))
    return value.rstrip(".,;)]）。")


_DOI_IN_URL = re.compile(r"(?:doi\.org/|/doi/(?:[a-z]+/)*|[/=:])(10\.\d{4,9}/[^\s?#&]+)", re.IGNORECASE)


def doi_in_url(url: str) -> str:
    """The DOI a resolver's, publisher's or repository's URL spells: `https://doi.org/10.1/x`,
    `…/doi/full/10.1/x`, `…/book/10.1/x`, `…?persistentId=doi:10.1/x`, `…?DOI=10.1/x`."""
    found = _DOI_IN_URL.search(url)
    return found.group(1).rstrip(".,;)]）。") if found else ""


def url_value(text: str) -> str:
    return text.strip().rstrip(".,;)]）。")


_STANDARD_YEAR = re.compile(r"(?:^|[—–\-:：\s])(1[89]\d\d|20\d\d)(?:\s*\(\w+\))?$")


def standard_year(number: str) -> tuple[int, ...]:
    """The year a standard's number ends with (`GB/T 3792—2021`, `ISO 21378:2019`, `…-2020`)."""
    found = _STANDARD_YEAR.search(number.strip())
    return (int(found.group(1)),) if found else ()


def mark_type(text: str, has_host: bool) -> str:
    """The CSL type a mark names; [M] with a host (`//`) is a chapter, [C] a paper in proceedings."""
    found = MARK_PATTERN.search(text)
    if not found:
        return ""
    csl_type = MARK_TO_CSL.get(found.group("type"), "")
    if csl_type == "book" and has_host:
        return "chapter"
    return csl_type
