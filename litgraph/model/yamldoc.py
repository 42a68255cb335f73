"""The model file's YAML as plain data that remembers its lines, read within bounds.

The parser's events (libyaml when available) are turned into data directly rather
than composed into PyYAML's node tree first: the tree of a 19 MB model held 640 MB,
and counting as the events come is what lets a hostile file be refused early. The
walk keeps a stack rather than recursing, so deep nesting cannot overflow Python's.

Limits a real review never reaches (docs/model-format.md, "Limits"): a big one is a
few hundred kilobytes, and the field-scale benchmark model (5,000 constructs, 50,000
hypotheses) 19 MB with 1.5 million values. Past them, a file is refused with its
line instead of read for minutes into gigabytes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..parse.text import read_text
from ..records import Location

#: The model file, in bytes.
MAX_FILE_BYTES = 32 * 1024 * 1024
#: Values (texts, numbers, lists, mappings), an alias counting what it names each time it is used:
#: shared by its aliases in memory, what it names is written out again in the graph.
MAX_VALUES = 3_000_000
#: Characters of all the texts together, aliases counted the same way.
MAX_TOTAL_CHARS = 32 * 1024 * 1024
#: One text or key (a definition runs to a thousand characters, a claim to a few hundred).
MAX_VALUE_CHARS = 10_000
#: One number, written out: Python reads whole numbers of at most 4,300 digits.
MAX_NUMBER_CHARS = 100

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
#: Scalars of other types than text that a model may hold (PyYAML's safe ones, sets and pairs aside).
_SCALAR_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "binary", "timestamp")
}
_MERGE_TAG = "tag:yaml.org,2002:merge"
_COLLECTION_TAGS = (None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as libyaml counts lines (NEL, LS and PS hidden from it)
#: Line breaks to YAML 1.1 (libyaml) but ordinary characters to YAML 1.2 and to editors, which show
#: them inside a line: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
_YAML11_BREAKS = "\x85\u2028\u2029"


class Node(dict):
    """A YAML mapping that remembers its line and the line of each key."""

    line: int

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


def read_yaml_file(path: Path, shown_as: str) -> Node:
    """The model file as plain data; one over `MAX_FILE_BYTES` is refused before it is read."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_text names what is wrong with it
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"the model file has {size:,} bytes; litgraph reads model files of at most {MAX_FILE_BYTES:,}",
            Location(shown_as),
            hint="a review's model is a few hundred kilobytes at most: is this the right file?",
        )
    return read_yaml(read_text(path, shown_as), shown_as)


def read_yaml(text: str, file: str) -> Node:
    """Plain data from YAML text: one document whose top is a mapping.

    Keys are taken as written (`no:` is Norwegian, not false); a key given twice is
    an error, as YAML says, rather than one value silently replacing the other. A
    merge key (`<<: *defaults`, or a list of them) adds the keys the mapping does not
    give itself, the earlier merged mapping winning, as PyYAML's own loader does.
    A list or mapping read once is shared by its aliases, not copied ("billion laughs"
    stay small in memory), and an alias inside what it names (`x: &a [*a]`) is an error.
    """
    text, restore = _hide_yaml11_breaks(text)
    parser = _Loader(text)
    try:
        data = _Events(parser, file, restore).document()
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; its position is in bytes
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
        line = len(_LINE_BREAK.findall(before)) + 1
        raise InputError(
            f"not valid YAML: character U+{exc.character:04X} is not allowed in a YAML file",
            Location(file, line),
            hint="remove it, or write it as an escape (e.g. \\x07) inside double quotes",
        ) from None
    except yaml.MarkedYAMLError as exc:
        # libyaml ends a last line that has no line break with one of its own: an error at the end of
        # such a file would be on a line past it
        last = len(_LINE_BREAK.findall(text)) + 1
        line = min(exc.problem_mark.line + 1, last) if exc.problem_mark else 0
        raise InputError(f"not valid YAML: {exc.problem}", Location(file, line)) from None
    finally:
        parser.dispose()
    if data is None:
        raise InputError("the model file is empty", Location(file, 1))
    if not isinstance(data, Node):
        raise InputError(
            "the model file must be a mapping with review, constructs and hypotheses", Location(file, 1)
        )
    return data


def _hide_yaml11_breaks(text: str) -> tuple[str, dict[int, str]]:
    """The text with NEL, U+2028 and U+2029 swapped for private-use characters it does not hold, and the
    table that swaps them back in values: so they stay in the text they were pasted into, as YAML 1.2
    reads them, instead of breaking a line no editor shows (which moved every later line number, and
    made a plain text that held one invalid YAML)."""
    found = [char for char in _YAML11_BREAKS if char in text]
    if not found:
        return text, {}
    unused = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)
    hidden = {char: next(unused) for char in found}
    swap = {ord(char): stand_in for char, stand_in in hidden.items()}
    return text.translate(swap), {ord(stand_in): char for char, stand_in in hidden.items()}


class _Frame:
    """A list or mapping being read: its data, and for a mapping the key waiting for its value."""

    __slots__ = ("data", "anchor", "key", "key_line", "merging", "merges", "start")

    def __init__(self, data, anchor: str | None, start: tuple[int, int]):
        self.data = data
        self.anchor = anchor
        self.key: str | None = None
        self.key_line = 0
        self.merging = False
        self.merges: list = []  # [(merged data, line of its `<<`)], applied when the mapping is done
        self.start = start  # (values, characters) read before it: what it holds, written out, is the rest


class _Events:
    """One document's events into plain data (see `read_yaml`), counting against the limits."""

    def __init__(self, parser, file: str, restore: dict[int, str]):
        self.parser = parser
        self.file = file
        self.restore = restore  # see `_hide_yaml11_breaks`
        self.anchors: dict[str, tuple] = {}  # anchor → (data, raw key text or None, values, characters)
        self.open: set[str] = set()  # anchors of lists and mappings not finished yet
        self.values = 0
        self.chars = 0

    def error(self, message: str, event) -> InputError:
        return InputError(message, Location(self.file, event.start_mark.line + 1))

    def document(self):
        parser = self.parser
        parser.get_event()  # stream start
        if parser.check_event(yaml.StreamEndEvent):
            return None
        parser.get_event()  # document start
        data = self.walk()
        parser.get_event()  # document end
        if not parser.check_event(yaml.StreamEndEvent):
            raise self.error(
                "not valid YAML: the file holds a second document (after '---'); a model is one document",
                parser.get_event(),
            )
        return data

    def walk(self) -> Any:
        stack: list[_Frame] = []
        while True:
            event = self.parser.get_event()
            raw, tag = None, None  # a scalar's text as written and its resolved tag, for keys
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                value = self.finish(stack.pop())
            elif isinstance(event, yaml.AliasEvent):
                value, raw = self.alias(event)
            elif isinstance(event, yaml.ScalarEvent):
                value, raw, tag = self.scalar(event)
            else:
                if stack and isinstance(stack[-1].data, Node) and stack[-1].key is None:
                    raise self.error("not valid here: a key must be a name, not a list or mapping", event)
                stack.append(self.begin(event))
                continue
            if not stack:
                return value
            self.add(stack[-1], value, raw, tag == _MERGE_TAG, event)

    def count(self, values: int, chars: int, event) -> None:
        self.values += values
        self.chars += chars
        if self.values > MAX_VALUES:
            raise self.error(
                f"the file holds more than {MAX_VALUES:,} values (an alias counts all it names "
                "each time it is used)",
                event,
            )
        if self.chars > MAX_TOTAL_CHARS:
            raise self.error(
                f"the file's texts hold more than {MAX_TOTAL_CHARS:,} characters (an alias counts "
                "all it names each time it is used)",
                event,
            )

    def begin(self, event) -> _Frame:
        if event.tag not in _COLLECTION_TAGS:
            raise self.error(_tag_message(event.tag), event)
        self.count(1, 0, event)
        mapping = isinstance(event, yaml.MappingStartEvent)
        data = Node(event.start_mark.line + 1) if mapping else []
        if event.anchor is not None:
            self.anchor(event)
            self.open.add(event.anchor)
        return _Frame(data, event.anchor, (self.values, self.chars))

    def finish(self, frame: _Frame):
        if frame.merges:
            _merge(frame.data, frame.merges, self.file)
        if frame.anchor is not None:
            self.open.discard(frame.anchor)
            values, chars = frame.start
            self.anchors[frame.anchor] = (frame.data, None, self.values - values + 1, self.chars - chars)
        return frame.data

    def anchor(self, event) -> None:
        if event.anchor in self.anchors or event.anchor in self.open:
            raise self.error(f"not valid YAML: anchor '&{event.anchor}' is defined twice", event)

    def alias(self, event) -> tuple:
        if event.anchor in self.open:
            raise self.error("not valid YAML: an alias refers to the list or mapping that contains it", event)
        if event.anchor not in self.anchors:
            raise self.error(f"not valid YAML: alias '*{event.anchor}' names no anchor before it", event)
        data, raw, values, chars = self.anchors[event.anchor]
        self.count(values, chars, event)
        return data, raw

    def scalar(self, event):
        value = event.value.translate(self.restore) if self.restore else event.value
        if len(value) > MAX_VALUE_CHARS:
            raise self.error(
                f"a value of {len(value):,} characters; litgraph reads texts of at most {MAX_VALUE_CHARS:,}",
                event,
            )
        self.count(1, len(value), event)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.parser.resolve(yaml.ScalarNode, value, event.implicit)
        data = value if tag in (_STR, _MERGE_TAG) else self.construct(tag, event)
        if event.anchor is not None:
            self.anchor(event)
            self.anchors[event.anchor] = (data, value, 1, len(value))
        return data, value, tag

    def construct(self, tag: str, event):
        """A scalar of another type than text, through PyYAML's safe constructors (called directly:
        `construct_object` would keep every node it was given)."""
        if tag not in _SCALAR_TAGS:
            raise self.error(_tag_message(event.tag), event)
        construct = _SCALARS.yaml_constructors[tag]
        if tag in _NUMBERS and len(event.value) > MAX_NUMBER_CHARS:
            raise self.error(
                f"a number of {len(event.value):,} characters; litgraph reads numbers of at most "
                f"{MAX_NUMBER_CHARS}",
                event,
            )
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return construct(_SCALARS, node)
        except (yaml.YAMLError, ValueError, KeyError, TypeError, OverflowError) as exc:
            # a bad explicit tag (`!!int x`, `!!bool maybe`) or date (`2020-13-45`)
            detail = getattr(exc, "problem", None) or (str(exc) if isinstance(exc, ValueError) else "")
            shown = event.value if len(event.value) <= 60 else event.value[:57] + "..."
            raise self.error(
                f"not valid YAML: '{shown}' is not a valid !!{tag.rsplit(':', 1)[-1]}"
                + (f" ({detail})" if detail else ""),
                event,
            ) from None

    def add(self, frame: _Frame, value, raw: str | None, merge: bool, event) -> None:
        """Put a finished value into the list or mapping being read; `raw` is a scalar's text as
        written (a key's name), `merge` whether it is the merge key `<<`."""
        out = frame.data
        if not isinstance(out, Node):
            out.append(value)
            return
        if frame.key is None:  # the value is a key
            if raw is None:
                raise self.error("not valid here: a key must be a name, not a list or mapping", event)
            line = event.start_mark.line + 1
            if raw in out.key_lines:
                raise self.error(
                    f"not valid YAML: key '{raw}' is given twice in one mapping "
                    f"(first at line {out.key_lines[raw]})",
                    event,
                )
            frame.key, frame.key_line, frame.merging = raw, line, merge
            out.key_lines[raw] = line
            return
        key, frame.key = frame.key, None
        if frame.merging:
            del out.key_lines[key]
            frame.merges.append((value, frame.key_line))
        else:
            out[key] = value


def _tag_message(tag: str) -> str:
    shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
    return f"not valid here: the tag '{shown}' (a model holds plain YAML values: remove the tag)"


def _merge(out: Node, merged: list, file: str) -> None:
    """Add to a finished mapping the keys of its merge keys' mappings that it lacks."""
    for value, line in merged:
        for source in value if isinstance(value, list) else [value]:
            if not isinstance(source, Node):
                raise InputError(
                    "not valid YAML: a merge key (<<) takes a mapping or a list of mappings",
                    Location(file, line),
                )
            for key, item in source.items():
                if key not in out:
                    out[key] = item
                    out.key_lines[key] = source.key_lines.get(key, line)
