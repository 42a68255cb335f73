"""GB/T 7714 (2015 and 2025, numeric and author-date): one entry as a list of `Segment`s.

A table says, per kind of work, its type mark and the order of its elements; `gbt_fields`
formats each element. The steps and their punctuation follow the gbt7714 BibTeX styles
(Zeping Lee), which LaTeX users rely on and our tests compare against: "block" starts a new
element group (". "), a plain step continues one (", " or "，"), "pages" puts ": " before the
pages, "slash" writes the "//" before a chapter's host, "tight" joins the next piece with no
punctuation (2013, 8(3)).
"""

from __future__ import annotations

import re

from ..csl import CslItem, Name
from . import gbt_fields as f
from . import gbt_publication as p
from .segments import Parts, Segment, Writer

# --- which recipe an item follows --------------------------------------------------------------------

#: CSL types → the recipe (named as the BibTeX types of the gbt7714 styles).
_CSL_RECIPE = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "newspaper",
    "article": "preprint", "periodical": "periodical", "book": "book", "pamphlet": "book",
    "chapter": "incollection", "entry-encyclopedia": "incollection", "entry-dictionary": "incollection",
    "entry": "incollection", "paper-conference": "inproceedings", "thesis": "thesis", "report": "techreport",
    "patent": "patent", "standard": "standard", "webpage": "webpage", "post": "webpage",
    "post-weblog": "webpage", "dataset": "dataset", "software": "software", "map": "map",
    "manuscript": "misc", "legislation": "archive", "legal_case": "archive",
    "personal_communication": "archive",
    "graphic": "misc", "motion_picture": "misc", "song": "misc", "document": "misc",
}  # fmt: skip
#: BibTeX types the CSL type does not tell apart (a @proceedings is a CSL book), kept by `to_csl`.
_BIBTEX_RECIPE = {
    "proceedings": "proceedings", "mvproceedings": "proceedings", "collection": "collection",
    "mvcollection": "collection", "archive": "archive", "letter": "archive", "legislation": "archive",
    "inbook": "inbook", "online": "online", "www": "online", "electronic": "online", "misc": "misc",
    "image": "misc", "video": "misc", "unpublished": "misc", "database": "database",
}  # fmt: skip
_SUBTYPE_MARKS = {"newspaper": "N", "inproceedings": "C", "report": "R", "techreport": "R", "standard": "S",
                  "patent": "P", "dataset": "DS"}  # fmt: skip
_NUMBERED = {"archive", "patent", "techreport"}

# Each recipe: (type mark, its steps in order). A step names a formatter of gbt_fields, or the layout
# ("block", "sentence", "tight", "slash"); "step@2015" is taken in that edition only.
_RECIPES = {
    "article": (
        "J",
        "authors block title block translators block journal article_numbers tight urldate@2015 url doi",
    ),
    "book": (
        "M",
        "authors_or_editors block btitle block translators sentence edition block place_publisher year "
        "pages tight urldate@2015 url doi",
    ),
    "proceedings": (
        "C",
        "editors block btitle block translators sentence edition block place_publisher year pages tight "
        "urldate@2015 url doi",
    ),
    "incollection": (
        "M",
        "authors block title block translators slash host block edition block place_publisher year pages "
        "tight urldate@2015 url doi",
    ),
    "inproceedings": (
        "C",
        "authors block title slash proceedings_host year pages tight urldate@2015 url doi",
    ),
    "thesis": ("D", "authors block btitle block place_publisher year pages tight urldate@2015 url doi"),
    "techreport": (
        "R",
        "authors block btitle block report_publication tight creation@2015 tight urldate@2015 url doi",
    ),
    "patent": ("P", "holder block title block full_date pages@2025 tight urldate@2015 url doi"),
    "archive": (
        "A",
        "authors block btitle block place_publisher archive_date pages tight creation@2015 tight "
        "urldate@2015 url doi",
    ),
    "periodical": (
        "J",
        "editors block title block periodical_volume block place_publisher year tight urldate@2015 url doi",
    ),
    "webpage": ("EB", "authors block btitle block web_publication creation tight urldate url doi"),
    "dataset": (
        "DS",
        "authors block btitle block version block publisher tight creation tight urldate url doi",
    ),
    "preprint": ("PP", "authors block title block version block eprint tight creation tight urldate url doi"),
    "map": (
        "CM",
        "authors block btitle block edition block place_publisher year pages dimensions@2025 tight "
        "creation@2015 tight urldate@2015 url doi",
    ),
    "standard": ("S", "standard_head btitle block url block doi"),
}
_ALIASES = {"newspaper": ("article", "N"), "collection": ("book", "G"), "software": ("webpage", "CP"),
            "database": ("dataset", "DB")}  # fmt: skip


def recipe_name(item: CslItem) -> str:
    """The recipe for an item: its BibTeX type where that says more than its CSL type, else the CSL type's."""
    written = item.other.get("bibtex-type")
    name = _BIBTEX_RECIPE.get(written, "") if isinstance(written, str) else ""
    name = name or _CSL_RECIPE.get(item.type, "misc")
    has_eprint = any(item.other.get(key) for key in ("eprint", "archiveprefix", "eprinttype"))
    if name in ("misc", "online") and has_eprint:
        return "preprint"
    if name == "online":
        return "webpage"
    if name == "misc":
        return "webpage" if item.URL else "misc"
    if name == "inbook":
        return "incollection" if item.container_title else "book"
    if name == "map" and item.container_title:
        return "map-in"
    if name == "article" and not item.container_title and has_eprint:
        return "preprint"
    return name


#: The recipes whose access date (引用日期, BibTeX urldate) the standard asks for, from that edition on:
#: web pages, software and preprints in both, datasets from 2025 (the gbt7714 styles warn "empty
#: urldate" for exactly these).
_ACCESS_DATE_REQUIRED = {
    "webpage": 2015,
    "software": 2015,
    "preprint": 2015,
    "dataset": 2025,
    "database": 2025,
}


def needs_access_date(item: CslItem, edition: f.Edition) -> bool:
    """Whether the edition asks for the date the work was read (online resources)."""
    return edition.year >= _ACCESS_DATE_REQUIRED.get(recipe_name(item), 10_000)


def render_gbt(item: CslItem, edition: f.Edition, year_suffix: str = "", lang: str | None = None) -> Parts:
    entry = f.Entry(item, edition, year_suffix=year_suffix, fallback_language=lang)
    name = recipe_name(item)
    default_mark = ""
    if name == "misc":
        name, default_mark = "book", "Z"
    elif name == "map-in":
        name, default_mark = "incollection", "CM"
    elif name in _ALIASES:
        name, default_mark = _ALIASES[name]
    numbered = name in _NUMBERED
    if (
        name == "standard" and edition.year < 2025
    ):  # 2015: a standard is a book with its number after the title
        name, default_mark, numbered = "book", "S", True
    mark, recipe = _RECIPES[name]
    entry.type_mark = _entry_mark(entry, default_mark or mark, edition)
    entry.require_url = name in ("webpage", "preprint") or _undated_article(entry, name)
    writer = Writer(comma=entry.comma)
    for step in recipe.split():
        name, _, only_in = step.partition("@")
        if not only_in or int(only_in) == edition.year:
            _STEPS[name](entry, writer, numbered)
    return writer.finish()


def _entry_mark(entry: f.Entry, mark: str, edition: f.Edition) -> str:
    """The type mark: the entry's own (entrytypeid, entrysubtype), else the recipe's."""
    if entry.other("entrytypeid"):
        return entry.other("entrytypeid")
    subtype = entry.other("entrysubtype").lower()
    if subtype in _SUBTYPE_MARKS:
        return _SUBTYPE_MARKS[subtype]
    if entry.other("mark"):
        return entry.other("mark")
    if mark not in edition.type_marks:  # PP before 2025: the gbt7714 styles write [A], so do we
        return "A"
    return mark


def _undated_article(entry: f.Entry, name: str) -> bool:
    """An online-first article (no volume, no issue, a full date) is shown with its URL."""
    item = entry.item
    return name == "article" and not (item.volume or item.issue) and bool(entry.url) and len(item.issued) == 3


# --- the steps ------------------------------------------------------------------------------------


def _authors(entry: f.Entry, writer: Writer, people, variable: str) -> None:
    parts = f.names(entry, people, variable, entry.item.author_truncated and variable == "author")
    if not parts and entry.edition.author_date:
        parts = [Segment("佚名" if entry.language == "zh" else "Anon", "")]
    writer.output(parts)
    if entry.edition.author_date:
        writer.output(p.label_year(entry, undated="无日期" if entry.language == "zh" else "n.d."))


def _step_authors(entry: f.Entry, writer: Writer, _numbered: bool) -> None:
    _authors(entry, writer, entry.item.author, "author")


def _step_authors_or_editors(entry: f.Entry, writer: Writer, _numbered: bool) -> None:
    if entry.item.author:
        _authors(entry, writer, entry.item.author, "author")
    else:
        _authors(entry, writer, entry.item.editor, "editor")


def _step_editors(entry: f.Entry, writer: Writer, _numbered: bool) -> None:
    _authors(entry, writer, entry.item.editor, "editor")


def _step_holder(entry: f.Entry, writer: Writer, _numbered: bool) -> None:
    holder = entry.other("holder")
    if holder:  # a BibTeX name list of the patent's holders, each written as a body's name
        people = [Name(literal=name) for name in re.split(r"\s+and\s+", holder) if name.strip()]
        writer.output(f.names(entry, people, "author"))
        if entry.edition.author_date:
            writer.output(p.label_year(entry, undated="无日期" if entry.language == "zh" else "n.d."))
    else:
        _authors(entry, writer, entry.item.author, "author")


def _step_host(entry: f.Entry, writer: Writer, _numbered: bool) -> None:
    """The book a chapter is in: its editors (or the book's author), then its title."""
    book_author = entry.other("bookauthor")
    if book_author:
        writer.output(Segment(entry.punctuate(book_author), "container-author"))
        writer.new_block()
    elif entry.item.editor:
        writer.output(f.names(entry, entry.item.editor, "editor"))
        writer.new_block()
    writer.output(f.container(entry))


def _step_proceedings_host(entry: f.Entry, writer: Writer, numbered: bool) -> None:
    if not entry.item.container_title:
        event = entry.item.event_title
        writer.output(Segment(entry.punctuate(event), "event-title") if event else None)
        return
    _step_host(entry, writer, numbered)
    writer.new_block()
    writer.output(p.edition(entry))
    writer.new_block()
    writer.output(p.place_publisher(entry))


def _step_article_numbers(entry: f.Entry, writer: Writer, _numbered: bool) -> None:
    """2012, 52(11): 1518-1523 — or a newspaper's date and page: 2000-11-20(15)."""
    item = entry.item
    if entry.type_mark == "N":
        writer.output(p.full_date(entry))
        writer.set_mark("")
        page = p.pages(entry)
        writer.output(entry.parens(page) if page else None)
        return
    if entry.edition.year >= 2025 and not (item.volume or item.issue) and len(item.issued) == 3:
        writer.output(p.full_date(entry))
    else:
        writer.output(p.year(entry))
    writer.output(Segment(item.volume, "volume") if item.volume else None)
    writer.set_mark("")
    writer.output(entry.parens([Segment(item.issue, "issue")]) if item.issue else None)
    writer.set_mark(entry.colon)
    writer.output(p.journal_pages(entry))


def _step_report_publication(entry: f.Entry, writer: Writer, _numbered: bool) -> None:
    item = entry.item
    if entry.edition.year >= 2025 and not item.publisher:
        writer.output(p.full_date(entry))
    elif entry.edition.year < 2025 and not item.publisher and not item.page and entry.url:
        return
    else:
        writer.output(p.place_publisher(entry))
        writer.output(p.year(entry))
    writer.set_mark(entry.colon)
    writer.output(p.pages(entry))


def _step_archive_date(entry: f.Entry, writer: Writer, _numbered: bool) -> None:
    writer.output(p.full_date(entry) if entry.edition.year >= 2025 else p.year(entry))


def _step_web_publication(entry: f.Entry, writer: Writer, _numbered: bool) -> None:
    if entry.item.publisher:
        writer.output(p.place_publisher(entry))
        writer.output(p.year(entry))
        writer.set_mark(entry.colon)
        writer.output(p.pages(entry))
        writer.set_mark("")


def _step_periodical_volume(entry: f.Entry, writer: Writer, _numbered: bool) -> None:
    text = entry.item.volume or entry.item.issue
    if text:
        writer.output(Segment(p._dash(entry, entry.punctuate(text)), "volume"))


def _step_eprint(entry: f.Entry, writer: Writer, _numbered: bool) -> None:
    archive = entry.other("archiveprefix") or entry.other("eprinttype")
    if not archive and entry.item.container_title.lower().startswith("arxiv"):
        archive = "arXiv"
    archive = {"arxiv": "arXiv", "pubmed": "PubMed"}.get(archive.lower(), archive)
    if not entry.url and archive == "arXiv" and entry.other("eprint"):
        entry.url = "https://arxiv.org/abs/" + entry.other("eprint")
    writer.output(Segment(archive, "publisher") if archive else None)


def _step_standard_head(entry: f.Entry, writer: Writer, _numbered: bool) -> None:
    """2025: the standard's number, then its title after a space (GB/T 3792—2021 信息与文献 资源描述)."""
    if entry.edition.author_date:
        _step_authors_or_editors(entry, writer, False)
        writer.new_block()
    number = entry.item.number
    writer.output(Segment(number, "number") if number else None)
    writer.set_mark(" ")


def _plain(formatter):
    return lambda entry, writer, numbered: writer.output(formatter(entry))


def _layout(action):
    return lambda entry, writer, numbered: action(entry, writer)


def _pages(entry: f.Entry, writer: Writer, _numbered: bool) -> None:
    writer.set_mark(entry.colon)
    writer.output(p.pages(entry))


_STEPS = {
    "authors": _step_authors,
    "authors_or_editors": _step_authors_or_editors,
    "editors": _step_editors,
    "holder": _step_holder,
    "block": _layout(lambda entry, writer: writer.new_block()),
    "sentence": _layout(lambda entry, writer: writer.new_sentence()),
    "tight": _layout(lambda entry, writer: writer.set_mark("")),
    "slash": _layout(lambda entry, writer: writer.restart(Segment("//", ""))),
    "title": lambda entry, writer, numbered: writer.output(f.title(entry, numbered)),
    "btitle": lambda entry, writer, numbered: writer.output(f.book_title(entry, numbered)),
    "translators": _plain(f.translators),
    "edition": _plain(p.edition),
    "version": _plain(p.version),
    "place_publisher": _plain(p.place_publisher),
    "publisher": lambda entry, writer, numbered: writer.output(
        Segment(entry.item.publisher, "publisher") if entry.item.publisher else None
    ),
    "year": _plain(p.year),
    "full_date": _plain(p.full_date),
    "pages": _pages,
    "journal": _plain(f.journal),
    "article_numbers": _step_article_numbers,
    "host": _step_host,
    "proceedings_host": _step_proceedings_host,
    "report_publication": _step_report_publication,
    "archive_date": _step_archive_date,
    "web_publication": _step_web_publication,
    "periodical_volume": _step_periodical_volume,
    "eprint": _step_eprint,
    "standard_head": _step_standard_head,
    "creation": _plain(p.creation_date),
    "urldate": _plain(p.access_date),
    "dimensions": lambda entry, writer, numbered: _dimensions(entry, writer),
    "url": lambda entry, writer, numbered: (
        (writer.new_block(), writer.output(p.url(entry))) if p.url(entry) else None
    ),
    "doi": lambda entry, writer, numbered: (
        (writer.new_block(), writer.output(p.doi(entry))) if p.doi(entry) else None
    ),
}


def _dimensions(entry: f.Entry, writer: Writer) -> None:
    size = entry.other("dimensions")
    if size:
        writer.new_block()
        writer.output(Segment(size.replace("x", "×"), "dimensions"))
