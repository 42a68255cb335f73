"""Offline integrity of a bibliography: what JabRef's integrity check covers, plus GB/T 7714 points.

Each rule is a small function registered with `@entry_rule` (one reference in,
findings out) or `@bibliography_rule` (all references in, for duplicates and
file-wide inconsistencies), so a rule can be read, tested and removed on its own.
Problems the parser already found (syntax, duplicate keys and fields, swallowed
entries, missing crossref targets) are passed through, never detected twice.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator

from ..parse.latex import decode
from ..records import Bibliography, Location, Problem, Reference, Severity
from ..steps import Silent, Steps
from ..text import CJK_IDEOGRAPHS, doi_key, fold, has_cjk

EntryRule = Callable[[Reference], Iterable[Problem]]
BibliographyRule = Callable[[list[Reference]], Iterable[Problem]]
ENTRY_RULES: list[EntryRule] = []
BIBLIOGRAPHY_RULES: list[BibliographyRule] = []


def entry_rule(rule: EntryRule) -> EntryRule:
    """Register a rule that looks at one entry at a time."""
    ENTRY_RULES.append(rule)
    return rule


def bibliography_rule(rule: BibliographyRule) -> BibliographyRule:
    """Register a rule that compares entries with each other."""
    BIBLIOGRAPHY_RULES.append(rule)
    return rule


def check_bibliography(bib: Bibliography, steps: Steps | None = None) -> list[Problem]:
    """Every finding about `bib`: the parser's problems and those of each rule, in file order.
    `steps` hears of the stages "check" (each entry's rules) and "compare" (entries
    against each other, for duplicates)."""
    steps = steps or Silent()
    steps.begin("check", len(bib.references))
    problems = list(bib.problems)
    for done, ref in enumerate(bib.references, 1):
        for rule in ENTRY_RULES:
            problems.extend(rule(ref))
        if done % 1000 == 0:
            steps.advance("check", 1000)
    steps.advance("check", len(bib.references) % 1000)
    steps.begin("compare")
    for rule in BIBLIOGRAPHY_RULES:
        problems.extend(rule(bib.references))
    file_order = {name: index for index, name in enumerate(bib.files)}
    problems.sort(key=lambda p: (file_order.get(p.location.file, len(file_order)), p.location.line, p.code))
    return problems


# --- shared helpers -------------------------------------------------------------


def finding(
    ref: Reference, severity: Severity, code: str, message: str, field: str = "", fix: str = ""
) -> Problem:
    """A problem about one entry, placed at its field's line when the field is in the entry's text."""
    return Problem(
        severity, message, field_location(ref, field), key=ref.key, field=field, code=code, fix=fix
    )


def field_location(ref: Reference, field: str) -> Location:
    """The line of `field = ` inside the entry; the entry's own line for inherited or unknown fields."""
    if not field or not ref.raw:
        return ref.location
    match = re.search(rf"(?:^|[,{{])[ \t]*{re.escape(field)}[ \t]*=", ref.raw, re.IGNORECASE | re.MULTILINE)
    if match is None or not ref.location.line:
        return ref.location
    return Location(ref.location.file, ref.location.line + ref.raw.count("\n", 0, match.start()))


def value(ref: Reference, field: str) -> str:
    return ref.fields.get(field, "").strip()


def words(text: str) -> list[str]:
    """The folded words (letters and digits; a CJK run stays whole) of already LaTeX-decoded text."""
    return re.findall(r"\w+", fold(text))


# --- required fields --------------------------------------------------------------

# `a|b` means either field satisfies the requirement; BibTeX and biblatex names of
# the same field (journal/journaltitle, year/date, school/institution) are both
# accepted, so neither dialect's good entries are reported.
_REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal|journaltitle", "year|date"),
    "book": ("author|editor", "title", "publisher", "year|date"),
    "mvbook": ("author|editor", "title", "year|date"),
    "inbook": ("author|editor", "title", "chapter|pages|booktitle", "publisher", "year|date"),
    "bookinbook": ("author", "title", "booktitle", "year|date"),
    "suppbook": ("author", "title", "booktitle", "year|date"),
    "booklet": ("title",),
    "collection": ("editor", "title", "year|date"),
    "mvcollection": ("editor", "title", "year|date"),
    "incollection": ("author", "title", "booktitle", "publisher", "year|date"),
    "suppcollection": ("author", "title", "booktitle", "year|date"),
    "conference": ("author", "title", "booktitle", "year|date"),
    "inproceedings": ("author", "title", "booktitle", "year|date"),
    # Shared crossref parents often carry only the booktitle their children inherit.
    "proceedings": ("title|booktitle", "year|date"),
    "mvproceedings": ("title", "year|date"),
    "reference": ("editor", "title", "year|date"),
    "mvreference": ("editor", "title", "year|date"),
    "inreference": ("author", "title", "booktitle", "year|date"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "school|institution", "year|date"),
    "phdthesis": ("author", "title", "school|institution", "year|date"),
    "thesis": ("author", "title", "institution|school", "year|date"),
    "techreport": ("author", "title", "institution|school", "year|date"),
    "report": ("author", "title", "institution|school", "year|date"),
    "unpublished": ("author", "title", "note|howpublished|pubstate"),
    "online": ("title", "url|doi|eprint"),
    "electronic": ("title", "url|doi|eprint"),
    "www": ("title", "url|doi|eprint"),
    "patent": ("author", "title", "number", "year|date"),
    "periodical": ("title", "year|date"),
    "dataset": ("author|editor", "title", "year|date"),
    "misc": (),
    "software": (),
    "set": (),
    "xdata": (),
}
# Types biblatex, its GB/T 7714 styles and common managers know but define no
# required fields for: only a title is expected.
_TITLED_TYPES = (
    "artwork audio bibnote commentary image jurisdiction legislation legal letter movie music performance "
    "review standard video preprint newspaper map archive database "
    "customa customb customc customd custome customf"
).split()
KNOWN_TYPES = set(_REQUIRED) | set(_TITLED_TYPES)
_OWN_FIELDS = ("author", "title")  # what a crossref child must carry itself


def _is_empty(text: str) -> bool:
    return not text.strip().strip("{}").strip()


@entry_rule
def required_fields(ref: Reference) -> Iterator[Problem]:
    """Fields every style needs for this entry type; without them the reference prints incomplete."""
    requirements = _REQUIRED.get(ref.entry_type, ("title",) if ref.entry_type in _TITLED_TYPES else ())
    if "crossref" in ref.fields:
        # The rest comes from the parent, which is checked itself (or reported missing by the parser).
        requirements = tuple(r for r in requirements if r.split("|")[0] in _OWN_FIELDS)
    for requirement in requirements:
        names = requirement.split("|")
        if all(_is_empty(ref.fields.get(name, "")) for name in names):
            shown = " or ".join(names)
            yield finding(
                ref, Severity.WARNING, "required-field", f"@{ref.entry_type} needs {shown}", names[0]
            )


@entry_rule
def entry_type_known(ref: Reference) -> Iterator[Problem]:
    """A misspelt type (`@inproceedigns`) is printed as @misc by BibTeX and drops fields."""
    if ref.entry_type in KNOWN_TYPES:
        return
    from rapidfuzz import process
    from rapidfuzz.distance import OSA  # counts a swapped pair of letters as one edit

    # On a tie the first candidate wins: the common BibTeX types come first.
    guess = process.extractOne(
        ref.entry_type, [*_REQUIRED, *_TITLED_TYPES], scorer=OSA.distance, score_cutoff=2
    )
    hint = f"; did you mean @{guess[0]}?" if guess else ""
    yield finding(ref, Severity.WARNING, "entry-type-unknown", f"unknown entry type @{ref.entry_type}{hint}")


# --- year, date and month ---------------------------------------------------------

# Besides plain years: BCE/AD years, ranges and open ranges of serials (1957-1990,
# 1984-), and the cataloguing forms GB/T 7714 prints as written: c1988, [1936],
# 1947（民国三十六年）, 1995印刷.
_YEAR_ACCEPTED = re.compile(
    r"\d{4}|\d{1,4}\s*(?:BCE|BC|CE|AD|B\.C\.|A\.D\.)|\d{4}\s*(?:-{1,2}|–|/)\s*(?:\d{2,4})?|[\[c]?\d{4}\]?\??[^\d]*",
    re.IGNORECASE,
)
_YEAR_SUFFIXED = re.compile(r"(\d{4})[a-z]")
_LEADING_YEAR = re.compile(r"[\[c]?(\d{4})(?!\d)")
EARLIEST_YEAR = 1450  # printing; an earlier year is more often a typo than a source


@entry_rule
def year_format(ref: Reference) -> Iterator[Problem]:
    """Styles sort and label by the year; a malformed one breaks both."""
    year = decode(value(ref, "year"))
    if suffixed := _YEAR_SUFFIXED.fullmatch(year):
        yield finding(
            ref,
            Severity.WARNING,
            "year-format",
            f"year '{year}' carries a letter; the style adds a/b itself when two works share author and year",
            "year",
            fix=f"year = {{{suffixed.group(1)}}}",
        )
    elif not year or _YEAR_ACCEPTED.fullmatch(year):
        return
    elif not re.search(r"\d", year):
        yield finding(
            ref,
            Severity.WARNING,
            "year-format",
            f"year '{year}' is not a year (a forthcoming work says so in pubstate)",
            "year",
        )
    else:
        yield finding(ref, Severity.ERROR, "year-format", f"year '{year}' is not a four-digit year", "year")


@entry_rule
def year_range(ref: Reference) -> Iterator[Problem]:
    """A year after next year or before printing is almost always a typo."""
    match = _LEADING_YEAR.match(decode(value(ref, "year")))
    if match is None:
        return
    year, latest = int(match.group(1)), datetime.date.today().year + 1
    if not EARLIEST_YEAR <= year <= latest:
        yield finding(
            ref, Severity.WARNING, "year-range", f"year {year} is outside {EARLIEST_YEAR}–{latest}", "year"
        )


# biblatex's date: ISO 8601 / EDTF level 0-1 (2020, 2020-05, 2020-05-17, ranges, ~ ? uncertainty, times).
_ISO_DATE = r"-?\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?[~?%]?"
_DATE = re.compile(rf"(?:{_ISO_DATE}|\.\.)?(?:/(?:{_ISO_DATE}|\.\.)?)?|\d{{2}}XX|\d{{3}}X")
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WRITTEN_DATE = re.compile(r"([A-Za-z]+)\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})")


@entry_rule
def date_format(ref: Reference) -> Iterator[Problem]:
    """biblatex rejects a `date` that is not ISO 8601 and then loses the year."""
    date = decode(value(ref, "date"))
    if not date or _DATE.fullmatch(date):
        return
    yield finding(
        ref,
        Severity.WARNING,
        "date-format",
        f"date '{date}' is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)",
        "date",
        fix=_iso_from_written(date),
    )


def _iso_from_written(date: str) -> str:
    """'January 5, 2008' → date = {2008-01-05}; only month-name dates, which cannot be misread."""
    match = _WRITTEN_DATE.fullmatch(date)
    if match is None or match.group(1).lower() not in _MONTH_NAMES:
        return ""
    iso = f"{match.group(3)}-{_MONTH_NAMES[match.group(1).lower()]:02d}"
    if match.group(2):
        iso += f"-{int(match.group(2)):02d}"
    return f"date = {{{iso}}}"


@entry_rule
def month_value(ref: Reference) -> Iterator[Problem]:
    """A month must name a month (1–12, jan, April, Sep/Oct, June 6); seasons and other text do not sort."""
    if "month" not in ref.fields:
        return
    month = decode(ref.fields["month"]).strip()
    tokens = re.findall(r"[A-Za-z]+|\d+", month)
    first_ok = bool(tokens) and (
        tokens[0].lower() in _MONTH_NAMES or (tokens[0].isdigit() and 1 <= int(tokens[0]) <= 12)
    )
    others_ok = all(token.isdigit() or token.lower() in _MONTH_NAMES for token in tokens[1:])
    if not (first_ok and others_ok):
        yield finding(
            ref, Severity.WARNING, "month", f"month '{month}' is not a month (1–12 or a month name)", "month"
        )


# --- pages ------------------------------------------------------------------------------

_PAGE_RANGE = re.compile(r"(?<![\w.:/])([A-Za-z]*)(\d+)\s*(-{1,3}|–|—)\s*([A-Za-z]*)(\d*)(?![\w.:/])")
_SIMPLE_RANGE = re.compile(r"([A-Za-z]*\d+)\s*(-{1,3}|–|—)\s*([A-Za-z]*\d+)")
_LOOKS_LIKE_LINK = re.compile(r"10\.\d{4,9}/|doi\.org|https?://|www\.", re.IGNORECASE)


@entry_rule
def pages_range(ref: Reference) -> Iterator[Problem]:
    """A range must run forwards; an abbreviated end (123-8) or a missing end is spelled out."""
    pages = value(ref, "pages")
    if _LOOKS_LIKE_LINK.search(pages):
        yield finding(
            ref, Severity.WARNING, "pages-format", f"pages holds a DOI or link, not pages: '{pages}'", "pages"
        )
        return
    for match in _PAGE_RANGE.finditer(pages):
        start_prefix, start, _, end_prefix, end = match.groups()
        if not end:
            yield finding(
                ref, Severity.WARNING, "pages-range", f"page range '{match.group()}' has no end page", "pages"
            )
            continue
        if end_prefix.lower() not in ("", start_prefix.lower()) or int(end) >= int(start):
            continue  # forwards, or mixed sections ('S1-A3') that cannot be compared
        full = _expanded_end(start, end)
        if int(full) >= int(start):
            replacement = f"{start_prefix}{start}--{start_prefix}{full}"
            fix = f"pages = {{{pages[: match.start()]}{replacement}{pages[match.end() :]}}}"
            yield finding(
                ref,
                Severity.WARNING,
                "pages-range",
                f"page range '{match.group()}' abbreviates its end page",
                "pages",
                fix=fix,
            )
        else:
            yield finding(
                ref,
                Severity.ERROR,
                "pages-range",
                f"page range '{match.group()}' ends before it starts",
                "pages",
            )


def _expanded_end(start: str, end: str) -> str:
    """'1234', '56' → '1256': an abbreviated end page written in full."""
    return start[: max(len(start) - len(end), 0)] + end


@entry_rule
def pages_dash(ref: Reference) -> Iterator[Problem]:
    """BibTeX writes ranges with `--`; a hyphen or en dash prints the same in most styles, hence only info."""
    pages = value(ref, "pages")
    match = _SIMPLE_RANGE.fullmatch(pages)
    canonical = f"{match.group(1)}--{match.group(3)}" if match else pages
    if pages != canonical:
        yield finding(
            ref,
            Severity.INFO,
            "pages-dash",
            f"page range '{pages}' is not in BibTeX's form '{canonical}'",
            "pages",
            fix=f"pages = {{{canonical}}}",
        )


# --- identifiers ----------------------------------------------------------------------

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_IN_TEXT = re.compile(r"10\.\d{4,9}/[^\s\"<>{}]+")


@entry_rule
def doi_syntax(ref: Reference) -> Iterator[Problem]:
    """A DOI field holds the bare DOI (10.prefix/suffix): styles add the resolver, and a URL
    there prints twice."""
    raw = decode(value(ref, "doi"))
    if not raw or _DOI.fullmatch(raw):
        return
    inside = _DOI_IN_TEXT.search(raw)
    if inside:
        yield finding(
            ref,
            Severity.WARNING,
            "doi-syntax",
            f"doi '{raw}' is not a bare DOI",
            "doi",
            fix=f"doi = {{{inside.group().rstrip('.,;')}}}",
        )
    else:
        yield finding(
            ref, Severity.ERROR, "doi-syntax", f"doi '{raw}' is not a DOI (10.<prefix>/<suffix>)", "doi"
        )


_ISSN = re.compile(r"\b(\d{4})-?(\d{3}[\dXx])\b")


def issn_valid(issn: str) -> bool:
    """ISSN check digit: weights 8..2, mod 11, X for 10."""
    digits = issn.replace("-", "").upper()
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=False))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


@entry_rule
def issn_checksum(ref: Reference) -> Iterator[Problem]:
    """A mistyped ISSN points to another journal; its check digit catches most typos."""
    raw = value(ref, "issn")
    if not raw:
        return
    found = _ISSN.findall(raw)
    if not found:
        yield finding(
            ref, Severity.ERROR, "issn-checksum", f"issn '{raw}' is not an ISSN (NNNN-NNNC)", "issn"
        )
    for first, second in found:
        if not issn_valid(first + second):
            yield finding(
                ref,
                Severity.ERROR,
                "issn-checksum",
                f"ISSN {first}-{second.upper()} has a wrong check digit",
                "issn",
            )


_ISBN_CANDIDATE = re.compile(r"[0-9][0-9 -]{7,}[0-9Xx]")


def isbn_valid(digits: str) -> bool:
    """ISBN-10 (weights 10..1, mod 11) or ISBN-13 (weights 1,3, mod 10)."""
    if len(digits) == 10:
        values = [10 if d in "Xx" else int(d) for d in digits]
        return (
            "X" not in digits[:9].upper()
            and sum(v * w for v, w in zip(values, range(10, 0, -1), strict=True)) % 11 == 0
        )
    if len(digits) == 13 and digits.isdigit():
        return sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0
    return False


@entry_rule
def isbn_checksum(ref: Reference) -> Iterator[Problem]:
    """A mistyped ISBN points to another book; its check digit catches most typos."""
    raw = value(ref, "isbn")
    if not raw:
        return
    candidates = _ISBN_CANDIDATE.findall(raw)
    if not candidates:
        yield finding(ref, Severity.ERROR, "isbn-checksum", f"isbn '{raw}' is not an ISBN", "isbn")
    for candidate in candidates:
        digits = re.sub(r"[ -]", "", candidate)
        if not isbn_valid(digits):
            kind = (
                "a wrong check digit"
                if len(digits) in (10, 13)
                else f"{len(digits)} digits (10 or 13 expected)"
            )
            yield finding(ref, Severity.ERROR, "isbn-checksum", f"ISBN {candidate} has {kind}", "isbn")


_URL = re.compile(r"(?:https?|ftp)://[^\s/?#]+\.[^\s/?#]+\S*|(?:https?|ftp)://localhost\S*", re.IGNORECASE)
_URL_ESCAPE = re.compile(r"\\([_%#&~])")


@entry_rule
def url_form(ref: Reference) -> Iterator[Problem]:
    """`url` is typeset verbatim and linked: it needs a scheme, no spaces and no LaTeX markup."""
    raw = value(ref, "url")
    unescaped = _URL_ESCAPE.sub(r"\1", raw)
    if unescaped != raw and _URL.fullmatch(unescaped):
        yield finding(
            ref,
            Severity.WARNING,
            "url-form",
            "url has LaTeX escapes (\\_, \\%); the field is verbatim",
            "url",
            fix=f"url = {{{unescaped}}}",
        )
    elif not raw or _URL.fullmatch(raw):
        return
    elif raw.startswith("\\url{") and raw.endswith("}") and _URL.fullmatch(raw[5:-1]):
        yield finding(
            ref,
            Severity.WARNING,
            "url-form",
            "url is wrapped in \\url{}; the field is already a URL",
            "url",
            fix=f"url = {{{raw[5:-1]}}}",
        )
    elif re.fullmatch(r"www\.\S+|[\w-]+(?:\.[\w-]+)+/\S*", raw):
        yield finding(ref, Severity.WARNING, "url-form", f"url '{raw}' has no scheme (https://)", "url")
    else:
        yield finding(ref, Severity.WARNING, "url-form", f"url '{raw}' is not a URL", "url")


# --- characters in values ------------------------------------------------------------------

# Fields a style typesets as LaTeX text; verbatim fields (url, doi, file, eprint) and
# fields no standard style prints (abstract, keywords) may hold & # % freely.
TYPESET_FIELDS = (
    "author editor title subtitle titleaddon booktitle maintitle journal journaltitle series publisher "
    "institution school organization address location note howpublished edition chapter type translator"
).split()
BACKSLASH = "\\"
_UNESCAPED = re.compile(r"(?<!\\)[&%#]")
_VERBATIM_COMMANDS = re.compile(r"\\(?:url|href|path)\{[^}]*\}")
_INNERMOST_GROUP = re.compile(r"\{[^{}]*\}")


def _braces_balanced(text: str) -> bool:
    """BibTeX's own count, in which `\\{` is a brace like any other: remove innermost {...}
    until none is left."""
    if "{" not in text and "}" not in text:
        return True
    while True:
        reduced = _INNERMOST_GROUP.sub("", text)
        if reduced == text:
            return "{" not in text and "}" not in text
        text = reduced


@entry_rule
def balanced_braces(ref: Reference) -> Iterator[Problem]:
    """An unbalanced brace makes LaTeX swallow or end the rest of the reference list."""
    for name, text in ref.fields.items():
        if not _braces_balanced(text):
            quote = (
                '; a double quote inside a "..." value misleads parsers, delimit it with braces'
                if '"' in text
                else ""
            )
            yield finding(
                ref, Severity.ERROR, "braces-unbalanced", f"{name} has unbalanced braces{quote}", name
            )


@entry_rule
def unescaped_specials(ref: Reference) -> Iterator[Problem]:
    """`&` is LaTeX's column separator, `#` a macro parameter and `%` a comment: written bare,
    they break the build."""
    for name in TYPESET_FIELDS:
        text = ref.fields.get(name, "")
        if "&" not in text and "%" not in text and "#" not in text:
            continue
        searchable = _VERBATIM_COMMANDS.sub("", text)
        if "&amp;" in searchable:
            fixed = text.replace("&amp;", BACKSLASH + "&")
            yield finding(
                ref,
                Severity.WARNING,
                "unescaped-special",
                f"{name} holds the HTML entity '&amp;'",
                name,
                fix=f"{name} = {{{fixed}}}",
            )
            continue
        chars = sorted(set(_UNESCAPED.findall(searchable)))
        if chars:
            escaped_forms = " ".join(BACKSLASH + char for char in chars)
            yield finding(
                ref,
                Severity.WARNING,
                "unescaped-special",
                f"{name} has unescaped {' '.join(chars)}; write {escaped_forms}",
                name,
                fix=f"{name} = {{{_escape_outside_verbatim(text)}}}",
            )


def _escape_outside_verbatim(text: str) -> str:
    """The value with & % # escaped, except inside \\url{} and friends, where they belong to the link."""
    pieces = []
    position = 0
    for match in _VERBATIM_COMMANDS.finditer(text):
        pieces += [
            _UNESCAPED.sub(lambda m: BACKSLASH + m.group(), text[position : match.start()]),
            match.group(),
        ]
        position = match.end()
    pieces.append(_UNESCAPED.sub(lambda m: BACKSLASH + m.group(), text[position:]))
    return "".join(pieces)


# --- authors and language --------------------------------------------------------------

GBT_AUTHORS = 3  # GB/T 7714: list the first three authors, then 等 / et al.


@entry_rule
def truncated_authors(ref: Reference) -> Iterator[Problem]:
    """GB/T 7714 lists the first three authors before 等/et al.; a list cut earlier cannot be
    printed right."""
    if ref.authors_truncated and len(ref.authors) < GBT_AUTHORS:
        listed = len(ref.authors)
        yield finding(
            ref,
            Severity.WARNING,
            "authors-truncated",
            f"author list ends in 'and others' after {listed} name{'s' if listed != 1 else ''}; "
            f"GB/T 7714 wants the first {GBT_AUTHORS} authors",
            "author",
        )


_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


@entry_rule
def language_marker(ref: Reference) -> Iterator[Problem]:
    """GB/T and multilingual styles choose 等 vs et al., quotes and hyphenation from `langid`."""
    if _is_empty(ref.fields.get("langid", "")) and _is_empty(ref.fields.get("language", "")):
        sample = ref.title + "".join(person.family for person in ref.authors + ref.editors)
        if has_cjk(sample):
            language = (
                "japanese" if _KANA.search(sample) else "korean" if _HANGUL.search(sample) else "chinese"
            )
            yield finding(
                ref,
                Severity.WARNING,
                "language-missing",
                f"CJK title or author without langid; add langid = {{{language}}}",
                "langid",
            )


# --- duplicates across entries -------------------------------------------------------------


@bibliography_rule
def duplicate_dois(refs: list[Reference]) -> Iterator[Problem]:
    """Two entries with one DOI are usually one work entered twice (or a chapter given its book's DOI)."""
    first: dict[str, Reference] = {}
    for ref in refs:
        doi = doi_key(ref.doi)
        if not doi:
            continue
        if doi in first:
            other = first[doi]
            yield finding(
                ref, Severity.WARNING, "doi-duplicate", f"same DOI as '{other.key}' ({other.location})", "doi"
            )
        else:
            first[doi] = ref


@bibliography_rule
def keys_differing_in_case(refs: list[Reference]) -> Iterator[Problem]:
    """BibTeX compares cite keys and crossref targets ignoring case (citing both
    `Davis1989a` and `davis1989a` is its "case mismatch error") and biber warns of
    such pairs, so one of them must be renamed."""
    first: dict[str, Reference] = {}
    for ref in refs:
        other = first.setdefault(ref.key.casefold(), ref)
        if other is not ref:
            yield finding(
                ref,
                Severity.WARNING,
                "key-case",
                f"key '{ref.key}' differs only in case from '{other.key}' ({other.location}); "
                "BibTeX and biber compare keys ignoring case in places: rename one of them",
            )


TITLE_SIMILARITY = 90  # rapidfuzz ratio, 0-100, after folding case, accents and LaTeX
AUTHOR_SIMILARITY = 85
_TITLE_PREFIX = 12  # characters of the folded title used as a blocking key
_DISTINGUISHING = ("volume", "number")
_NUMBERING = re.compile(r"\b(?:\w*\d\w*|[ivx]{1,4})\b")  # title words that number a part, volume or version
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+\b")  # 'ICDE', 'TAM': names that tell two similar titles apart


class _DuplicateKey:
    """What near-duplicate detection compares, computed once per entry."""

    __slots__ = ("ref", "title", "title_words", "identifiers", "author", "year", "doi", "first_page")

    def __init__(self, ref: Reference):
        self.ref = ref
        folded = fold(ref.title)
        title_words = re.findall(r"\w+", folded)
        self.title = " ".join(title_words)
        self.title_words = set(title_words)
        self.identifiers = set(_NUMBERING.findall(folded))
        self.identifiers.update(fold(acronym) for acronym in _ACRONYM.findall(ref.title))
        people = ref.authors or ref.editors
        self.author = "".join(words(people[0].family)) if people else ""
        self.year = ref.year
        self.doi = doi_key(ref.doi)
        page = re.match(r"\s*[A-Za-z]*\d+", ref.pages)
        self.first_page = page.group().strip() if page else ""

    def conflicts(self, other: _DuplicateKey) -> bool:
        """A number or acronym of one title is missing from the other ('Vol. 2A' / 'Vol. 2B',
        'Part I' / 'Part II', 'ICDE' / 'ACL'), or both carry a field that tells the works
        apart (DOI, volume, issue, first page)."""
        if not (self.identifiers <= other.title_words and other.identifiers <= self.title_words):
            return True
        pairs = [(self.doi, other.doi), (self.first_page, other.first_page)]
        pairs += [
            (self.ref.fields.get(n, "").strip(), other.ref.fields.get(n, "").strip()) for n in _DISTINGUISHING
        ]
        return any(a and b and a != b for a, b in pairs)


@bibliography_rule
def near_duplicates(refs: list[Reference]) -> Iterator[Problem]:
    """Same first author and year with a near-identical title: one work entered twice.

    Candidates are blocked by (year, first author) and by (year, title prefix), so
    the cost grows with block sizes, not with the square of the bibliography.
    """
    from rapidfuzz import fuzz

    keys = [_DuplicateKey(ref) for ref in refs if ref.year is not None]
    keys = [key for key in keys if len(key.title) >= 8]
    reported: set[int] = set()
    for i, j, score in _similar_pairs(keys):
        first, second = keys[i], keys[j]
        if j in reported or first.conflicts(second) or (first.doi and first.doi == second.doi):
            continue
        if first.author != second.author and fuzz.ratio(first.author, second.author) < AUTHOR_SIMILARITY:
            continue
        reported.add(j)
        yield finding(
            second.ref,
            Severity.WARNING,
            "near-duplicate",
            f"possible duplicate of '{first.ref.key}' ({first.ref.location}): first author and year agree, "
            f"title {score:.0f}% similar",
        )


def _similar_pairs(keys: list[_DuplicateKey]) -> Iterator[tuple[int, int, float]]:
    """(i, j, score) with i < j for titles at least TITLE_SIMILARITY alike within a shared block."""
    from rapidfuzz import fuzz, process

    blocks: dict[tuple, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if key.author:
            blocks[("author", key.year, key.author)].append(index)
        blocks[("title", key.year, key.title[:_TITLE_PREFIX])].append(index)
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        for position, i in enumerate(members[:-1]):
            rest = members[position + 1 :]
            matches = process.extract(
                keys[i].title,
                [keys[j].title for j in rest],
                scorer=fuzz.ratio,
                score_cutoff=TITLE_SIMILARITY,
                limit=None,
            )
            for _, score, offset in matches:
                pair = (i, rest[offset])
                if pair not in seen:
                    seen.add(pair)
                    yield i, rest[offset], score


# --- file-wide consistency -------------------------------------------------------------------

_FULL_WIDTH = "，：；（）？！"
_HALF_WIDTH = ",:;()?!"
_TO_HALF = str.maketrans(_FULL_WIDTH, _HALF_WIDTH)
_CJK_CHAR = f"[{CJK_IDEOGRAPHS}]"
_HALF_NEAR_CJK = re.compile(rf"{_CJK_CHAR}\s?[,:;()?!]|[,:;()?!]\s?{_CJK_CHAR}")
_FULL = re.compile(f"[{_FULL_WIDTH}]")
_PUNCTUATED_FIELDS = ("title", "subtitle", "booktitle", "journal", "journaltitle", "publisher", "series")


def _cjk_punctuation_style(ref: Reference) -> str:
    """'full', 'half', 'mixed' or '' for the punctuation inside an entry's CJK text."""
    full = half = False
    for name in _PUNCTUATED_FIELDS:
        text = ref.fields.get(name, "")
        if has_cjk(text):
            full = full or bool(_FULL.search(text))
            half = half or bool(_HALF_NEAR_CJK.search(text))
    return "mixed" if full and half else "full" if full else "half" if half else ""


@bibliography_rule
def punctuation_width(refs: list[Reference]) -> Iterator[Problem]:
    """A reference list writes Chinese punctuation one way: report entries against the file's majority.

    Full-width punctuation in a Latin-script value is always wrong and has a certain fix.
    """
    styles = {ref.key: _cjk_punctuation_style(ref) for ref in refs}
    counts = Counter(style for style in styles.values() if style in ("full", "half"))
    majority = "full" if counts["full"] >= counts["half"] else "half"
    label = {"full": "full-width (，：)", "half": "half-width (, :)"}
    for ref in refs:
        style = styles[ref.key]
        if style == "mixed":
            yield finding(
                ref,
                Severity.INFO,
                "punctuation-width",
                "mixes full-width and half-width punctuation in Chinese text",
            )
        elif style and style != majority and counts[majority]:
            yield finding(
                ref,
                Severity.INFO,
                "punctuation-width",
                f"uses {label[style]} punctuation in Chinese text; "
                f"{counts[majority]} other entries use {label[majority]}",
            )
        yield from _full_width_in_latin(ref)


def _full_width_in_latin(ref: Reference) -> Iterator[Problem]:
    for name in _PUNCTUATED_FIELDS:
        text = ref.fields.get(name, "")
        if text and not has_cjk(text) and _FULL.search(text):
            yield finding(
                ref,
                Severity.WARNING,
                "punctuation-width",
                f"{name} has full-width punctuation in Latin text",
                name,
                fix=f"{name} = {{{_to_half_width(text)}}}",
            )


def _to_half_width(text: str) -> str:
    """Full-width marks as their Latin forms, spaced as English is, touching nothing else."""
    text = re.sub(r"\s*([，：；？！])\s*", lambda m: m.group(1).translate(_TO_HALF) + " ", text)
    text = re.sub(r"\s*（\s*", " (", text)
    text = re.sub(r"\s*）", ")", text)
    return text.strip()


_STOP_WORDS = {"of", "the", "and", "for", "in", "on", "de", "des", "der", "und", "la", "le", "du", "d"}


def _journal_spelling(ref: Reference) -> str:
    return " ".join(decode(ref.fields.get("journal") or ref.fields.get("journaltitle") or "").split())


def _journal_key(spelling: str) -> str:
    """Equal for spellings that differ only in case, accents, punctuation, '&'/'and' or a leading 'The'."""
    tokens = words(spelling.replace("&", " and "))
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join(tokens)


def _abbreviation_of(short: str, full: str) -> bool:
    """'J. Consum. Res.' abbreviates 'Journal of Consumer Research': word by word, each a prefix."""
    short_words = [w for w in re.findall(r"[^\W\d_]+\.?", fold(short)) if w.rstrip(".") not in _STOP_WORDS]
    full_words = [w for w in re.findall(r"[^\W\d_]+", fold(full)) if w not in _STOP_WORDS]
    return (
        len(short_words) == len(full_words) > 1
        and any(w.endswith(".") for w in short_words)
        and all(f.startswith(s.rstrip(".")) for s, f in zip(short_words, full_words, strict=True))
    )


@bibliography_rule
def journal_variants(refs: list[Reference]) -> Iterator[Problem]:
    """One journal spelled two ways (case, '&' vs 'and', abbreviated vs full) prints inconsistently."""
    groups: dict[str, list[Reference]] = defaultdict(list)
    for ref in refs:
        spelling = _journal_spelling(ref)
        if spelling:
            groups[_journal_key(spelling)].append(ref)
    for members in _merge_abbreviations(groups).values():
        spellings = Counter(_journal_spelling(ref) for ref in members)
        if len(spellings) < 2:
            continue
        usual, count = max(spellings.items(), key=lambda item: (item[1], len(item[0])))
        for ref in members:
            spelling = _journal_spelling(ref)
            if spelling != usual:
                field = "journal" if "journal" in ref.fields else "journaltitle"
                yield finding(
                    ref,
                    Severity.WARNING,
                    "journal-variant",
                    f"journal '{spelling}' is written '{usual}' in {count} other "
                    f"entr{'ies' if count > 1 else 'y'}",
                    field,
                )


def _merge_abbreviations(groups: dict[str, list[Reference]]) -> dict[str, list[Reference]]:
    """Fold each abbreviated journal group into the one full name it abbreviates (if exactly one)."""

    def shape(key: str) -> tuple[int, str] | None:
        """(number of content words, first letter): what an abbreviation shares with its full name."""
        content = [w for w in key.split() if w not in _STOP_WORDS]
        return (len(content), content[0][0]) if content else None

    full_names = defaultdict(list)  # shape → keys of unabbreviated groups
    for key, members in groups.items():
        if "." not in _journal_spelling(members[0]) and shape(key):
            full_names[shape(key)].append(key)
    merged = {key: list(members) for key, members in groups.items()}
    for key, members in groups.items():
        spelling = _journal_spelling(members[0])
        if "." not in spelling or not shape(key):
            continue
        targets = [
            full
            for full in full_names.get(shape(key), ())
            if _abbreviation_of(spelling, _journal_spelling(groups[full][0]))
        ]
        if len(targets) == 1:
            merged[targets[0]].extend(merged.pop(key))
    return merged
