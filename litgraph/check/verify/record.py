"""One bibliographic record as a scholarly source describes it, whichever the source.

Crossref and OpenAlex answer in different JSON shapes; both are mapped to `Record`
so that matching and comparison never see an API's own format.
"""

from __future__ import annotations

from dataclasses import dataclass

LABELS = {"crossref": "Crossref", "openalex": "OpenAlex"}


@dataclass(frozen=True, slots=True)
class Record:
    source: str  # "crossref" or "openalex"
    doi: str = ""  # bare, lower-case: 10.xxxx/yyyy
    title: str = ""  # with its subtitle when the source keeps it apart
    authors: tuple[str, ...] = ()  # family names (Crossref) or full display names (OpenAlex)
    year: int | None = None  # the year a citation gives: print when known, else the first
    # The record's own dates as (name, "YYYY[-MM[-DD]]"): Crossref's published-print,
    # published-online and issued; OpenAlex's publication_date (or publication_year).
    dates: tuple[tuple[str, str], ...] = ()
    container: str = ""
    container_aliases: tuple[str, ...] = ()  # abbreviated journal titles
    volume: str = ""
    issue: str = ""
    pages: str = ""  # "19-34", or the first page alone
    type: str = ""
    retracted: bool = False
    retraction_notice: str = ""  # the notice's DOI or the source that reported it

    @property
    def label(self) -> str:
        return LABELS.get(self.source, self.source)

    @property
    def years(self) -> tuple[int, ...]:
        """The years of `dates`, each once."""
        return tuple(dict.fromkeys(int(date[:4]) for _, date in self.dates if date[:4].isdigit()))

    @property
    def first_author(self) -> str:
        return self.authors[0] if self.authors else ""
