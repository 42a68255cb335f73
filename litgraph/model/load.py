"""The research model file (YAML) into a `ResearchModel`, every item with its line.

The YAML is composed into nodes (libyaml when available) rather than loaded, so
each mapping keeps the line it came from and every message can say file:line.
"""

from __future__ import annotations

import gc
from pathlib import Path

import yaml

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
from ..parse.text import read_text

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = yaml.constructor.SafeConstructor()
_KINDS = {kind.value: kind for kind in HypothesisKind}
_KIND_ALIASES = {"moderated-mediation": "moderated_mediation", "direct_effect": "direct", "direct-effect": "direct"}


class Node(dict):
    """A YAML mapping that remembers its line."""

    line: int = 0


def _plain(node: yaml.Node):
    if isinstance(node, yaml.MappingNode):
        out = Node()
        out.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            out[str(_plain(key_node))] = _plain(value_node)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    return _SCALARS.construct_object(node)


def read_yaml(text: str, file: str) -> Node:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else 0
        raise InputError(f"not valid YAML: {exc.problem}", Location(file, line)) from None
    if root is None:
        raise InputError("the model file is empty", Location(file, 1))
    data = _plain(root)
    if not isinstance(data, Node):
        raise InputError("the model file must be a mapping with review, constructs and hypotheses", Location(file, 1))
    return data


class _Reader:
    """Turns plain YAML data into records, collecting problems instead of stopping."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def where(self, node, fallback: int = 0) -> Location:
        return Location(self.file, getattr(node, "line", 0) or fallback)

    def error(self, message: str, node, fallback: int = 0) -> None:
        self.problems.append(Problem(Severity.ERROR, message, self.where(node, fallback), code="model"))

    def texts(self, value, what: str, node) -> dict[str, str]:
        """A per-language text: `{zh: ..., en: ...}` or a plain string (English)."""
        if value is None:
            return {}
        if isinstance(value, str):
            return {"en": value.strip()}
        if isinstance(value, dict):
            return {str(lang): str(text).strip() for lang, text in value.items() if text is not None}
        self.error(f"{what} must be text or a mapping of language to text", node)
        return {}

    def text_lists(self, value, what: str, node) -> dict[str, list[str]]:
        if value is None:
            return {}
        if isinstance(value, list):
            return {"en": [str(item) for item in value]}
        if isinstance(value, dict):
            return {str(lang): [str(v) for v in (vals if isinstance(vals, list) else [vals])] for lang, vals in value.items()}
        self.error(f"{what} must be a list, or a mapping of language to lists", node)
        return {}

    def items(self, data: Node, key: str) -> list[Node]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(f"'{key}' must be a list", data)
            return []
        good = []
        for item in value:
            if isinstance(item, Node):
                good.append(item)
            else:
                self.error(f"each item of '{key}' must be a mapping, got {item!r}", data)
        return good

    def evidence(self, items, owner: str, parent: Node) -> list[Evidence]:
        out = []
        if items is None:
            return out
        if not isinstance(items, list):
            self.error(f"{owner}: evidence must be a list", parent)
            return out
        for item in items:
            if isinstance(item, str):  # shorthand: just a key
                out.append(Evidence(ref=item, location=self.where(parent)))
                continue
            if not isinstance(item, Node):
                self.error(f"{owner}: each evidence item must be a key or a mapping", parent)
                continue
            ref, citation = str(item.get("ref") or "").strip(), str(item.get("citation") or "").strip()
            if not ref and not citation:
                self.error(f"{owner}: evidence needs 'ref' (a BibTeX key) or 'citation' (text cited without an entry)", item)
                continue
            out.append(Evidence(
                ref=ref,
                citation=citation,
                direction=str(item.get("direction", "supports")).strip(),
                claim=str(item.get("claim") or "").strip(),
                page=str(item.get("page") or "").strip(),
                beta=self.number(item, "beta", float),
                p=self.number(item, "p", float),
                n=self.number(item, "n", int),
                location=self.where(item),
            ))
        return out

    def number(self, item: Node, key: str, kind):
        value = item.get(key)
        if value is None:
            return None
        try:
            return kind(value)
        except (TypeError, ValueError):
            self.error(f"'{key}' must be a number, got {value!r}", item)
            return None

    def construct(self, item: Node) -> Construct | None:
        cid = str(item.get("id") or "").strip()
        if not cid:
            self.error("a construct needs an 'id'", item)
            return None
        return Construct(
            id=cid,
            labels=self.texts(item.get("label"), f"construct {cid}: label", item),
            alt_labels=self.text_lists(item.get("alt_labels"), f"construct {cid}: alt_labels", item),
            definitions=self.texts(item.get("definition"), f"construct {cid}: definition", item),
            defined_by=self.evidence(item.get("defined_by"), f"construct {cid}", item),
            location=self.where(item),
        )

    def hypothesis(self, item: Node) -> Hypothesis | None:
        hid = str(item.get("id") or "").strip()
        if not hid:
            self.error("a hypothesis needs an 'id'", item)
            return None
        raw_kind = str(item.get("kind") or "direct").strip().lower()
        kind = _KINDS.get(_KIND_ALIASES.get(raw_kind, raw_kind))
        if kind is None:
            self.error(f"hypothesis {hid}: unknown kind '{raw_kind}' (use one of: {', '.join(_KINDS)})", item)
            return None
        via = item.get("via") or []
        return Hypothesis(
            id=hid,
            kind=kind,
            sign=str(item.get("sign", "+")).strip(),
            source=str(item.get("from") or "").strip(),
            target=str(item.get("to") or "").strip(),
            mediators=[str(v).strip() for v in (via if isinstance(via, list) else [via])],
            moderator=str(item.get("moderator") or "").strip(),
            moderates=str(item.get("moderates") or "").strip(),
            statements=self.texts(item.get("statement"), f"hypothesis {hid}: statement", item),
            evidence=self.evidence(item.get("evidence"), f"hypothesis {hid}", item),
            location=self.where(item),
        )


def read_model(data: Node, file: str) -> tuple[ResearchModel, list[Problem]]:
    """Records from YAML data, plus the shape problems found while reading."""
    reader = _Reader(file)
    review_data = data.get("review") or {}
    if not isinstance(review_data, dict):
        reader.error("'review' must be a mapping with id and title", data)
        review_data = {}
    review_id = str(review_data.get("id") or Path(file).stem).strip()
    authors = review_data.get("authors") or []
    review = Review(
        id=review_id,
        titles=reader.texts(review_data.get("title"), "review title", review_data),
        authors=[str(a) for a in (authors if isinstance(authors, list) else [authors])],
    )
    for key in data:
        if key not in ("review", "constructs", "hypotheses"):
            reader.problems.append(Problem(Severity.WARNING, f"unknown top-level key '{key}' is ignored",
                                           reader.where(data), code="model"))
    constructs = [c for c in map(reader.construct, reader.items(data, "constructs")) if c]
    hypotheses = [h for h in map(reader.hypothesis, reader.items(data, "hypotheses")) if h]
    return ResearchModel(review=review, constructs=constructs, hypotheses=hypotheses, source=file), reader.problems


def load_model(path: Path, shown_as: str | None = None) -> tuple[ResearchModel, list[Problem]]:
    """Read a model file. The cycle collector is paused meanwhile: a big model is
    millions of YAML nodes and records, none in a cycle, that every collection would
    walk again (5,000 constructs / 50,000 hypotheses: 7.5-8.8 s → 5.6 s)."""
    name = shown_as or str(path)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return read_model(read_yaml(read_text(path, name), name), name)
    finally:
        if collecting:
            gc.enable()
