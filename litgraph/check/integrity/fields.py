"""Required fields per entry type, and entry types BibTeX and biblatex know."""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import process
from rapidfuzz.distance import OSA  # counts a swapped pair of letters as one edit

from ...records import Problem, Reference, Severity
from .registry import entry_rule, finding, is_empty

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


@entry_rule
def required_fields(ref: Reference) -> Iterator[Problem]:
    """Fields every style needs for this entry type; without them the reference prints incomplete."""
    requirements = _REQUIRED.get(ref.entry_type, ("title",) if ref.entry_type in _TITLED_TYPES else ())
    if "crossref" in ref.fields:
        # The rest comes from the parent, which is checked itself (or reported missing by the parser).
        requirements = tuple(r for r in requirements if r.split("|")[0] in _OWN_FIELDS)
    for requirement in requirements:
        names = requirement.split("|")
        if all(is_empty(ref.fields.get(name, "")) for name in names):
            shown = " or ".join(names)
            yield finding(
                ref, Severity.WARNING, "required-field", f"@{ref.entry_type} needs {shown}", names[0]
            )


@entry_rule
def entry_type_known(ref: Reference) -> Iterator[Problem]:
    """A misspelt type (`@inproceedigns`) is printed as @misc by BibTeX and drops fields."""
    if ref.entry_type in KNOWN_TYPES:
        return
    # On a tie the first candidate wins: the common BibTeX types come first.
    guess = process.extractOne(
        ref.entry_type, [*_REQUIRED, *_TITLED_TYPES], scorer=OSA.distance, score_cutoff=2
    )
    hint = f"; did you mean @{guess[0]}?" if guess else ""
    yield finding(ref, Severity.WARNING, "entry-type-unknown", f"unknown entry type @{ref.entry_type}{hint}")
