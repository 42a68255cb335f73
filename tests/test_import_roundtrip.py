"""BibTeX → CSL-JSON → BibTeX keeps every field, on every shared corpus.

Each entry is read (`to_csl`), serialised as CSL-JSON and read back (`CslItem.from_json`),
written as BibTeX (`output/bibtex.py`) and parsed again; every non-empty field of the
original must come back with the same decoded value. "The same" allows only what BibTeX
and biblatex themselves treat as one: biblatex's field aliases (journal/journaltitle,
address/location, school/institution, annote/annotation), a date written as year + month,
a month name as its number, `--` for `-` in page ranges, a DOI with or without resolver,
and names compared by their parsed parts. `crossref` itself is not written back: its
parent's fields are inherited into the child, as BibTeX does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from litgraph.csl import CslItem, same_field
from litgraph.output.bibtex import entry_text
from litgraph.parse.bibtex import load_bibliography, parse_bibtex
from litgraph.parse.csl import to_csl
from litgraph.parse.latex import decode
from litgraph.parse.names import split_persons
from litgraph.text import doi_key

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
# Values BibTeX itself cannot read as their authors meant; each changes, for a reason in the source:
KNOWN = {
    ("hupili-rfc.bib", "RFC0425", "title"),  # an unescaped `$` opens math: decoded, the brace after it stays
    ("hupili-rfc.bib", "RFC8457", "title"),  # the same
    ("efficient-biblio-ref.bib", "www-spamhaus-faq", "note"),  # `\url{% ...}`: the `%` comments it all out
    ("contextlab-cdl.bib", "GrifEtal11", "author"),  # `{\'{E}}adaoin` is read as a "von" part, not a name
}


def _same(field: str, before: str, after: str) -> bool:
    if field in ("author", "editor", "translator"):
        return _people(before) == _people(after)
    if field == "doi":
        return (doi_key(before) or decode(before)) == (doi_key(after) or decode(after))
    if field == "month":
        return _month(before) == _month(after)
    if field == "pages":
        return _dashes(decode(before)) == _dashes(decode(after))
    return decode(before) == decode(after)


def _people(value: str):
    persons, truncated = split_persons(value)
    return [(p.last, p.first, p.von, p.jr) for p in persons], truncated


def _month(value: str) -> str:
    written = value.strip().strip("{}").lower()
    return str(_MONTHS.index(written[:3]) + 1) if written[:3] in _MONTHS else written.lstrip("0")


def _dashes(value: str) -> str:
    return value.replace("–", "-").replace("--", "-").replace(" ", "")


def _written_back(fields: dict[str, str], name: str) -> str | None:
    """The value of `name` after the round trip: the field itself, a biblatex alias of it, or, for a
    date, the year and month it was written as."""
    if name in fields:
        return fields[name]
    alias = next((other for other in fields if same_field(other, name)), None)
    if alias:
        return fields[alias]
    if name == "date" and "year" in fields:
        month = fields.get("month", "")
        return fields["year"] + (f"-{int(month):02d}" if month.isdigit() else "")
    return None


@pytest.mark.parametrize("path", sorted(CORPORA.glob("*.bib")), ids=lambda path: path.name)
def test_bibtex_to_csl_json_to_bibtex_keeps_every_field(path: Path):
    bibliography = load_bibliography([path])
    written = "".join(
        entry_text(ref.key, CslItem.from_json(to_csl(ref).to_json())) for ref in bibliography.references
    )
    again = parse_bibtex(written, "round-trip")
    assert again.problems == []
    back = again.by_key()
    losses = []
    for ref in bibliography.references:
        after = back[ref.key]
        if after.entry_type != ref.entry_type:
            losses.append((ref.key, "@type", ref.entry_type, after.entry_type))
        for name, value in ref.fields.items():
            if name == "crossref" or not decode(value).strip() or (path.name, ref.key, name) in KNOWN:
                continue
            kept = _written_back(after.fields, name)
            if kept is None or not _same(name, value, kept):
                losses.append((ref.key, name, value, kept))
    assert losses == [], f"{len(losses)} fields lost or changed, e.g. {losses[:5]}"
    assert len(back) == len(bibliography.references)
