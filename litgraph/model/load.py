"""The research model file (YAML) into a `ResearchModel`, every item with its line.

The YAML is read into plain data whose mappings keep the line they came from and the line
of every key (`yamldoc`), so every message can say file:line; what the reader does not
understand is a problem, collected, never a stop.
"""

from __future__ import annotations

import gc
import math
import re
import reprlib
from pathlib import Path

from ..errors import InputError
from ..records import (
    Construct,
    Evidence,
    Hypothesis,
    HypothesisKind,
    Location,
    Problem,
    ResearchModel,
    Review,
    Severity,
)
from ..text import is_language_tag
from .validate import MODEL_CODE, did_you_mean
from .yamldoc import Node, read_yaml_file

_KINDS = {kind.value: kind for kind in HypothesisKind}
_KIND_ALIASES = {
    "moderated-mediation": "moderated_mediation",
    "direct_effect": "direct",
    "direct-effect": "direct",
}
_REVIEW_ID = re.compile(r"[\w-]+")
#: An id (the review's, a construct's, a hypothesis's): a name, and part of every IRI of its statements.
MAX_ID_CHARS = 200
#: A whole number (a sample size): read as a double, which holds whole numbers exactly up to 2^53.
MAX_WHOLE = 10**15
#: The keys docs/model-format.md defines at each level; any other is reported, not dropped unheard.
_KEYS = {
    "top level": ("review", "constructs", "hypotheses"),
    "review": ("id", "title", "authors"),
    "construct": ("id", "label", "alt_labels", "definition", "defined_by"),
    "hypothesis": (
        "id",
        "kind",
        "from",
        "to",
        "via",
        "sign",
        "statement",
        "evidence",
        "moderator",
        "moderates",
    ),
    "evidence": ("ref", "citation", "direction", "claim", "page", "beta", "p", "n"),
}


def _shown(value) -> str:
    """A value as a message quotes it: bounded, since aliases can nest a list a billion items deep."""
    shown = reprlib.Repr()
    shown.maxlevel, shown.maxlist, shown.maxdict, shown.maxstring, shown.maxother = 2, 4, 4, 60, 60
    return shown.repr(value)


class _Reader:
    """Turns plain YAML data into records, collecting problems instead of stopping."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def where(self, node, key: str = "") -> Location:
        """The line of `key` in the mapping `node` when known, else the mapping's line."""
        lines = getattr(node, "key_lines", {})
        return Location(self.file, lines.get(key) or getattr(node, "line", 0) or 0)

    def error(self, message: str, node, key: str = "") -> None:
        self.problems.append(Problem(Severity.ERROR, message, self.where(node, key), code=MODEL_CODE))

    def warning(self, message: str, node, key: str = "") -> None:
        self.problems.append(Problem(Severity.WARNING, message, self.where(node, key), code=MODEL_CODE))

    def known_keys(self, data: Node, level: str, owner: str = "") -> None:
        """Warn about keys the schema does not define at this level: a typo (`sgin`) is otherwise lost.
        Top-level keys starting with `x-` are the author's own (anchors for merge keys, notes)."""
        known = _KEYS[level]
        for key in data:
            if key not in known and not (level == "top level" and str(key).startswith("x-")):
                self.warning(
                    f"{owner or level}: unknown key '{key}' is ignored" + did_you_mean(key, known), data, key
                )

    def text(self, value, what: str, node, key: str) -> str:
        """One text: a string, or a whole number written without quotes; anything else is reported."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        quote = "" if isinstance(value, (list, dict)) else " (put it in quotes)"
        self.error(f"{what} must be text, got {_shown(value)}{quote}", node, key)
        return ""

    def identifier(self, node: Node, what: str) -> str:
        """The mapping's `id`, refused past `MAX_ID_CHARS` (a review id is in every IRI of the graph)."""
        text = self.text(node.get("id"), what, node, "id")
        if len(text) > MAX_ID_CHARS:
            raise InputError(
                f"{what} has {len(text):,} characters; litgraph reads ids of at most {MAX_ID_CHARS}",
                self.where(node, "id"),
            )
        return text

    def language(self, lang: str, what: str, node) -> bool:
        if is_language_tag(lang):
            return True
        self.error(
            f"{what}: '{lang}' is not a language tag (BCP 47, e.g. en, zh, zh-Hans, pt-BR)", node, lang
        )
        return False

    def texts(self, node: Node, key: str, what: str, required: bool = False) -> dict[str, str]:
        """A per-language text: `{zh: ..., en: ...}` or a plain string (English).

        An empty text is an error where one is `required` (a label), else a warning:
        either way it is not dropped without a word.
        """
        value = node.get(key)
        if value is None:
            return {}
        mapped = isinstance(value, Node)
        if isinstance(value, list):
            self.error(f"{what} must be text or a mapping of language to text", node, key)
            return {}
        pairs, where = (value.items(), value) if mapped else ([("en", value)], node)
        out: dict[str, str] = {}
        seen: dict[str, str] = {}  # RDF compares language tags without case
        for lang, raw in pairs:
            at = lang if mapped else key
            if mapped and not self.language(lang, what, value):
                continue
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if required:
                    self.error(f"{what} ({lang}) is empty", where, at)
                else:
                    self.warning(f"{what} ({lang}) is empty and is left out", where, at)
                continue
            text = self.text(raw, f"{what} ({lang})", where, at)
            if not text:
                continue
            if lang.lower() in seen:
                self.error(
                    f"{what}: '{seen[lang.lower()]}' and '{lang}' are the same language; "
                    "give one text per language",
                    where,
                    at,
                )
                continue
            seen[lang.lower()] = lang
            out[lang] = text
        return out

    def text_lists(self, node: Node, key: str, what: str) -> dict[str, list[str]]:
        """More texts per language: `{en: [a, b]}`, `{en: a}` or a plain list (English)."""
        value = node.get(key)
        if value is None:
            return {}
        mapped = isinstance(value, Node)
        if not mapped and not isinstance(value, list):
            self.error(f"{what} must be a list, or a mapping of language to lists", node, key)
            return {}
        pairs, where = (value.items(), value) if mapped else ([("en", value)], node)
        out: dict[str, list[str]] = {}
        for lang, values in pairs:
            at = lang if mapped else key
            if mapped and not self.language(lang, what, value):
                continue
            for item in values if isinstance(values, list) else [values]:
                if item is None or (isinstance(item, str) and not item.strip()):
                    self.warning(f"{what} ({lang}): an empty label is left out", where, at)
                elif text := self.text(item, f"{what} ({lang})", where, at):
                    out.setdefault(lang, []).append(text)
        return out

    def items(self, data: Node, key: str) -> list[Node]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(f"'{key}' must be a list", data, key)
            return []
        good = []
        for item in value:
            if isinstance(item, Node):
                good.append(item)
            else:
                self.error(f"each item of '{key}' must be a mapping, got {_shown(item)}", data, key)
        return good

    def evidence(self, parent: Node, key: str, owner: str) -> list[Evidence]:
        items = parent.get(key)
        out: list[Evidence] = []
        if items is None:
            return out
        if not isinstance(items, list):
            self.error(f"{owner}: {key} must be a list", parent, key)
            return out
        for item in items:
            if isinstance(item, str):  # shorthand: just a key
                out.append(Evidence(ref=item.strip(), location=self.where(parent, key)))
                continue
            if not isinstance(item, Node):
                self.error(f"{owner}: each evidence item must be a key or a mapping", parent, key)
                continue
            self.known_keys(item, "evidence", f"{owner}: evidence")
            ref = self.text(item.get("ref"), f"{owner}: ref", item, "ref")
            citation = self.text(item.get("citation"), f"{owner}: citation", item, "citation")
            if not ref and not citation:
                self.error(
                    f"{owner}: evidence needs 'ref' (a BibTeX key) or 'citation' "
                    "(text cited without an entry)",
                    item,
                )
                continue
            if ref and citation:
                self.error(
                    f"{owner}: evidence gives both 'ref' and 'citation'; keep 'ref' for a work in the BibTeX "
                    "files, 'citation' for one the reference list lacks",
                    item,
                    "citation",
                )
                continue
            out.append(
                Evidence(
                    ref=ref,
                    citation=citation,
                    direction=self.text(
                        item.get("direction", "supports"), f"{owner}: direction", item, "direction"
                    ),
                    claim=self.text(item.get("claim"), f"{owner}: claim", item, "claim"),
                    page=self.text(item.get("page"), f"{owner}: page", item, "page"),
                    beta=self.number(item, "beta", owner),
                    p=self.number(item, "p", owner, low=0, high=1),
                    n=self.count(item, "n", owner),
                    location=self.where(item),
                    key_lines=item.key_lines,
                )
            )
        return out

    def number(
        self,
        item: Node,
        key: str,
        owner: str,
        whole: bool = False,
        low: float | None = None,
        high: float | None = None,
    ) -> float | int | None:
        """A finite number within its bounds; a whole one where `whole` (a sample size)."""
        value = item.get(key)
        if value is None:
            return None
        number = _number(value)
        if number is None:
            self.error(f"{owner}: '{key}' must be a finite number, got {_shown(value)}", item, key)
            return None
        if whole and not number.is_integer():
            self.error(f"{owner}: '{key}' must be a whole number, got {_shown(value)}", item, key)
            return None
        if whole and abs(number) > MAX_WHOLE:
            self.error(f"{owner}: '{key}' must be at most {MAX_WHOLE:,}, got {_shown(value)}", item, key)
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = f"at least {low}" if high is None else f"between {low} and {high}"
            self.error(f"{owner}: '{key}' must be {bounds}, got {_shown(value)}", item, key)
            return None
        return int(number) if whole else float(number)

    def count(self, item: Node, key: str, owner: str) -> int | None:
        """A whole number of at least 1 (a sample size)."""
        number = self.number(item, key, owner, whole=True, low=1)
        return None if number is None else int(number)

    def construct(self, item: Node) -> Construct | None:
        cid = self.identifier(item, "a construct's id")
        if not cid:
            self.error("a construct needs an 'id'", item)
            return None
        owner = f"construct {cid}"
        self.known_keys(item, "construct", owner)
        return Construct(
            id=cid,
            labels=self.texts(item, "label", f"{owner}: label", required=True),
            alt_labels=self.text_lists(item, "alt_labels", f"{owner}: alt_labels"),
            definitions=self.texts(item, "definition", f"{owner}: definition"),
            defined_by=self.evidence(item, "defined_by", owner),
            location=self.where(item),
            key_lines=item.key_lines,
        )

    def hypothesis(self, item: Node) -> Hypothesis | None:
        hid = self.identifier(item, "a hypothesis's id")
        if not hid:
            self.error("a hypothesis needs an 'id'", item)
            return None
        owner = f"hypothesis {hid}"
        self.known_keys(item, "hypothesis", owner)
        raw_kind = self.text(item.get("kind") or "direct", f"{owner}: kind", item, "kind").lower()
        kind = _KINDS.get(_KIND_ALIASES.get(raw_kind, raw_kind))
        if kind is None:
            self.error(f"{owner}: unknown kind '{raw_kind}' (use one of: {', '.join(_KINDS)})", item, "kind")
            return None
        via = item.get("via") or []
        said = len(self.problems)
        statements = self.texts(item, "statement", f"{owner}: statement")
        if not statements and len(self.problems) == said:  # `texts` warns about a statement that is empty
            self.warning(f"{owner} has no statement: tables and the report show it without one", item)
        return Hypothesis(
            id=hid,
            kind=kind,
            sign=self.text(item.get("sign", "+"), f"{owner}: sign", item, "sign"),
            source=self.text(item.get("from"), f"{owner}: from", item, "from"),
            target=self.text(item.get("to"), f"{owner}: to", item, "to"),
            mediators=[
                self.text(v, f"{owner}: via", item, "via") for v in (via if isinstance(via, list) else [via])
            ],
            moderator=self.text(item.get("moderator"), f"{owner}: moderator", item, "moderator"),
            moderates=self.text(item.get("moderates"), f"{owner}: moderates", item, "moderates"),
            statements=statements,
            evidence=self.evidence(item, "evidence", owner),
            location=self.where(item),
            key_lines=item.key_lines,
        )

    def review(self, data: Node, file: str) -> Review:
        review_data = data.get("review")
        if review_data is None:
            review_data = Node(data.line)
        elif not isinstance(review_data, Node):
            self.error("'review' must be a mapping with id and title", data, "review")
            review_data = Node(data.line)
        self.known_keys(review_data, "review")
        review_id = self.identifier(review_data, "review id")
        if review_id and not _REVIEW_ID.fullmatch(review_id):
            self.error(
                f"review id '{review_id}' may hold only letters, digits, '-' and '_'", review_data, "id"
            )
        authors = review_data.get("authors") or []
        return Review(
            id=review_id or Path(file).stem,
            titles=self.texts(review_data, "title", "review title"),
            authors=[
                text
                for a in (authors if isinstance(authors, list) else [authors])
                if (text := self.text(a, "review authors", review_data, "authors"))
            ],
        )


def _number(value) -> float | None:
    """The finite number `value` is or spells; None for anything else (true, .nan, [1])."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def read_model(data: Node, file: str) -> tuple[ResearchModel, list[Problem]]:
    """Records from YAML data, plus the shape problems found while reading."""
    reader = _Reader(file)
    reader.known_keys(data, "top level")
    review = reader.review(data, file)
    constructs = [c for c in map(reader.construct, reader.items(data, "constructs")) if c]
    hypotheses = [h for h in map(reader.hypothesis, reader.items(data, "hypotheses")) if h]
    problems = sorted(reader.problems, key=lambda problem: problem.location.line)  # as the file reads
    return ResearchModel(review=review, constructs=constructs, hypotheses=hypotheses, source=file), problems


def load_model(path: Path, shown_as: str | None = None) -> tuple[ResearchModel, list[Problem]]:
    """Read a model file. The cycle collector is paused meanwhile: a big model is
    millions of YAML nodes and records, none in a cycle, that every collection would
    walk again (5,000 constructs / 50,000 hypotheses: 7.5-8.8 s → 5.6 s)."""
    name = shown_as or str(path)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return read_model(read_yaml_file(path, name), name)
    finally:
        if collecting:
            gc.enable()
