"""Crossref and OpenAlex: how to ask each for a DOI or a search, and how to read its JSON.

Both sources offer the same two questions (`by_doi`, `search`) and answer with
`Record`s, so the verifier treats them alike. Paces follow the public
documentation (shared/notes/scholarly-apis.md); the servers' X-Rate-Limit headers
then adjust them.
"""

from __future__ import annotations

import html
import json
import re
from itertools import takewhile
from typing import Any
from urllib.parse import quote

from ...records import Reference
from ...text import bare_doi
from .client import Client
from .record import Record
from .transport import MALFORMED_ERRORS, Pace

_TAG = re.compile(r"<[^>]+>")
_NOT_WORD = re.compile(r"[^\w\s]+")
# Crossmark update types that take a work out of the record.
_RETRACTION_TYPES = {"retraction", "withdrawal", "removal"}
SEARCH_ROWS = 5
# Crossref's dates a work may rightly be cited with; `issued` is the earlier of print and online.
_CROSSREF_DATES = ("published-print", "published-online", "issued")


class Crossref:
    name = "crossref"
    label = "Crossref"

    def __init__(self, client: Client, base: str, mailto: str = ""):
        self.client = client
        self.base = base
        self.mailto = mailto
        # Polite pool (with mailto) vs public pool, as documented since Dec 2025.
        polite = bool(mailto)
        self.lookup_pace = Pace("lookup", 10.0 if polite else 5.0, 3 if polite else 1)
        self.search_pace = Pace("search", 3.0 if polite else 1.0, 3 if polite else 1)

    def by_doi(self, doi: str) -> Record | None:
        url = f"{self.base}/works/{quote(doi, safe='/')}"
        return self.client.get(url, self._params(), self.lookup_pace, _crossref_work, _crossref_absent)

    def search(self, ref: Reference) -> list[Record]:
        """`query.bibliographic` takes a whole citation: title, first author, venue and year."""
        first = ref.authors[0].family if ref.authors else ""
        query = " ".join(part for part in (ref.title, first, ref.container, ref.year_text) if part)
        params = self._params(**{"query.bibliographic": query, "rows": SEARCH_ROWS})
        return self.client.get(f"{self.base}/works", params, self.search_pace, _crossref_list) or []

    def _params(self, **params: Any) -> dict:
        return {**params, "mailto": self.mailto} if self.mailto else params


class OpenAlex:
    name = "openalex"
    label = "OpenAlex"

    def __init__(self, client: Client, base: str, api_key: str = "", mailto: str = ""):
        self.client = client
        self.base = base
        self.identity = {name: value for name, value in (("api_key", api_key), ("mailto", mailto)) if value}
        self.lookup_pace = Pace("lookup", 10.0, 3)
        self.search_pace = Pace("search", 10.0, 3)

    def by_doi(self, doi: str) -> Record | None:
        url = f"{self.base}/works/doi:{quote(doi, safe='/')}"
        return self.client.get(url, dict(self.identity), self.lookup_pace, _openalex_work, _openalex_absent)

    def search(self, ref: Reference) -> list[Record]:
        # title.search is a filter: a comma would end it, other punctuation only adds noise.
        words = " ".join(_NOT_WORD.sub(" ", ref.title).split())
        if not words:
            return []
        params = {"filter": f"title.search:{words}", "per_page": SEARCH_ROWS, **self.identity}
        return self.client.get(f"{self.base}/works", params, self.search_pace, _openalex_list) or []


Source = Crossref | OpenAlex


# --- reading the answers ---------------------------------------------------------
# Each reader raises on JSON that is not the documented shape (the transport
# retries it, the cache never keeps it).


def _crossref_absent(body: str) -> bool:
    """Crossref's 404 for a DOI it does not know is this plain-text line."""
    return body.strip() == "Resource not found."


def _openalex_absent(body: str) -> bool:
    """OpenAlex's 404 for a work it does not know: JSON such as {"error": "Not Found", "message": ...}."""
    try:
        answer = json.loads(body)
    except MALFORMED_ERRORS:
        return False
    return isinstance(answer, dict) and "not found" in str(answer.get("error", "")).lower()


def _crossref_work(data: dict) -> Record:
    if data["message-type"] != "work":
        raise ValueError("not a Crossref work")
    return crossref_record(data["message"])


def _crossref_list(data: dict) -> list[Record]:
    if data["message-type"] != "work-list":
        raise ValueError("not a Crossref work list")
    return [crossref_record(item) for item in data["message"]["items"]]


def _openalex_work(data: dict) -> Record:
    if not str(data["id"]).startswith("https://openalex.org/"):
        raise ValueError("not an OpenAlex work")
    return openalex_record(data)


def _openalex_list(data: dict) -> list[Record]:
    if "meta" not in data:
        raise ValueError("not an OpenAlex list")
    return [openalex_record(work) for work in data["results"]]


def crossref_record(item: dict) -> Record:
    title = _text(_first(item.get("title")))
    subtitle = _text(_first(item.get("subtitle")))
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    dates = tuple((name, date) for name in _CROSSREF_DATES if (date := _date(item.get(name))) is not None)
    printed, issued = _year(item.get("published-print")), _year(item.get("issued"))
    notice = next(
        (update for update in item.get("updated-by") or [] if update.get("type") in _RETRACTION_TYPES), None
    )
    return Record(
        source="crossref",
        doi=bare_doi(item.get("DOI", "")).lower(),
        title=title,
        authors=tuple(_text(a.get("family") or a.get("name") or "") for a in item.get("author") or []),
        year=printed or issued,
        dates=dates,
        container=_text(_first(item.get("container-title"))),
        container_aliases=tuple(_text(name) for name in item.get("short-container-title") or []),
        volume=str(item.get("volume") or ""),
        issue=str(item.get("issue") or ""),
        pages=str(item.get("page") or ""),
        type=str(item.get("type") or ""),
        retracted=notice is not None,
        retraction_notice=_notice(notice.get("DOI", ""), notice.get("source", "")) if notice else "",
    )


def openalex_record(work: dict) -> Record:
    location = work.get("primary_location") or {}
    venue = location.get("source") or {}
    biblio = work.get("biblio") or {}
    first, last = biblio.get("first_page") or "", biblio.get("last_page") or ""
    year = work.get("publication_year")
    published = str(work.get("publication_date") or "")
    dates: tuple[tuple[str, str], ...] = ()
    if re.fullmatch(r"\d{4}(-\d\d){0,2}", published):
        dates = (("publication_date", published),)
    elif isinstance(year, int):
        dates = (("publication_year", str(year)),)
    return Record(
        source="openalex",
        doi=bare_doi(work.get("doi") or "").lower(),
        title=_text(work.get("title") or work.get("display_name") or ""),
        authors=tuple(
            _text((a.get("author") or {}).get("display_name") or a.get("raw_author_name") or "")
            for a in work.get("authorships") or []
        ),
        year=year if isinstance(year, int) else None,
        dates=dates,
        container=_text(venue.get("display_name") or ""),
        volume=str(biblio.get("volume") or ""),
        issue=str(biblio.get("issue") or ""),
        pages=f"{first}-{last}" if first and last and first != last else str(first),
        type=str(work.get("type") or ""),
        retracted=bool(work.get("is_retracted")),
        retraction_notice="OpenAlex marks it retracted" if work.get("is_retracted") else "",
    )


def _first(values) -> str:
    return str(values[0]) if isinstance(values, list) and values else ""


def _text(value: str) -> str:
    """Crossref titles carry JATS/HTML markup (<i>, <sub>, &amp;): plain text only."""
    return " ".join(html.unescape(_TAG.sub("", value)).split())


def _year(date: Any) -> int | None:
    try:
        year = (date or {})["date-parts"][0][0]
    except (TypeError, KeyError, IndexError):
        return None
    return year if isinstance(year, int) else None


def _date(date: Any) -> str | None:
    """Crossref's {"date-parts": [[2015, 11, 2]]} as "2015-11-02", as far as it goes."""
    try:
        parts = list(takewhile(lambda part: isinstance(part, int), date["date-parts"][0][:3]))
    except (TypeError, KeyError, IndexError):
        return None
    return "-".join([f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])]) if parts else None


def _notice(doi: str, source: str) -> str:
    parts = (f"notice {doi}" if doi else "", f"reported by {source}" if source else "")
    return ", ".join(part for part in parts if part)
