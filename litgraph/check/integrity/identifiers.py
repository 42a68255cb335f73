"""DOI, ISSN, ISBN and URL: the syntax and check digits that catch a mistyped identifier."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from ...parse.latex import decode
from ...records import Problem, Reference, Severity
from ...text import bare_doi
from .registry import assignment, entry_rule, finding, value

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_IN_TEXT = re.compile(r"10\.\d{4,9}/[^\s\"<>{}]+")
_DOI_HEAD = re.compile(r"10\.\d{4,9}/[^\s\"<>{}?#]+")  # what a link cannot hold unescaped
_SENTENCE_END = ".,;:)]"  # after a DOI, usually the sentence's; inside one, legal: never dropped unasked


@entry_rule
def doi_syntax(ref: Reference) -> Iterator[Problem]:
    """A DOI field holds the bare DOI (10.prefix/suffix): styles add the resolver, and a URL
    there prints twice. The fix only ever removes a resolver or `doi:` label; anything else
    around the DOI is the author's to judge."""
    raw = value(ref, "doi")
    shown = decode(raw)
    if not raw or _DOI.fullmatch(shown):
        return
    inside = _DOI_IN_TEXT.search(shown)
    if not inside:
        yield finding(
            ref, Severity.ERROR, "doi-syntax", f"doi '{shown}' is not a DOI (10.<prefix>/<suffix>)", "doi"
        )
        return
    doi, said = _behind_resolver(raw)
    yield finding(
        ref,
        Severity.WARNING,
        "doi-syntax",
        f"doi '{shown}' {said}",
        "doi",
        fix=assignment("doi", doi) if doi else "",
    )


def _behind_resolver(raw: str) -> tuple[str, str]:
    """(the DOI, what is wrong) when `raw` is exactly a resolver or label and a DOI, else
    ("", what is wrong and what to check by hand)."""
    bare = bare_doi(raw)
    inside = _DOI_IN_TEXT.search(decode(bare))
    candidate = inside.group() if inside else ""
    if bare == raw.strip():
        what = "is a link to a page" if "://" in raw else "holds more than a DOI"
        return "", f"{what}: check by hand which part is the DOI ('{candidate}'?)"
    if "://" in raw:
        bare = unquote(bare)  # %28 in a link is ( in the DOI
    if any(mark in bare for mark in "\\{}"):
        return (
            "",
            f"is not a bare DOI, and a DOI needs no LaTeX markup: check by hand that it is '{candidate}'",
        )
    head = _DOI_HEAD.match(bare)
    if head is None:
        return "", f"is not a bare DOI: check by hand which part is the DOI ('{candidate}'?)"
    if head.end() < len(bare):
        rest = bare[head.end() :]
        return (
            "",
            f"is not a bare DOI, and '{rest}' follows '{head.group()}': check by hand where the DOI ends",
        )
    if bare[-1] in _SENTENCE_END:
        return "", f"is not a bare DOI: check by hand whether the final '{bare[-1]}' belongs to the DOI"
    return bare, "is not a bare DOI"


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
    found = _ISSN.findall(value(ref, "issn"))
    yield from _none_found(ref, "issn", found, "an ISSN (NNNN-NNNC)")
    for first, second in found:
        if not issn_valid(first + second):
            yield finding(
                ref,
                Severity.ERROR,
                "issn-checksum",
                f"ISSN {first}-{second.upper()} has a wrong check digit",
                "issn",
            )


def _none_found(ref: Reference, name: str, found: list, what: str) -> Iterator[Problem]:
    """An error when the field has text but nothing in it looks like `what`."""
    raw = value(ref, name)
    if raw and not found:
        yield finding(ref, Severity.ERROR, f"{name}-checksum", f"{name} '{raw}' is not {what}", name)


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
    candidates = _ISBN_CANDIDATE.findall(value(ref, "isbn"))
    yield from _none_found(ref, "isbn", candidates, "an ISBN")
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
            fix=assignment("url", unescaped),
        )
    elif not raw or _URL.fullmatch(raw):
        return
    elif (
        raw.startswith("\\url{")
        and raw.endswith("}")
        and _URL.fullmatch(raw[5:-1])
        and not re.search("[{}]", raw[5:-1])
    ):
        yield finding(
            ref,
            Severity.WARNING,
            "url-form",
            "url is wrapped in \\url{}; the field is already a URL",
            "url",
            fix=assignment("url", raw[5:-1]),
        )
    elif re.fullmatch(r"www\.\S+|[\w-]+(?:\.[\w-]+)+/\S*", raw):
        yield finding(ref, Severity.WARNING, "url-form", f"url '{raw}' has no scheme (https://)", "url")
    else:
        yield finding(ref, Severity.WARNING, "url-form", f"url '{raw}' is not a URL", "url")
