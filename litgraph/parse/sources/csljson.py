"""CSL-JSON, the exchange format of Zotero, Mendeley and citeproc: a list of items (or an object
holding one under `items`/`references`, or a single item). Items are decoded one at a time, so
that each keeps its line and one malformed item is reported while the others are read."""

from __future__ import annotations

import json

from ...csl import CslItem
from ...errors import InputError
from ...records import Location
from .base import SourceRead, exact

_DECODER = json.JSONDecoder()


def read_csljson(text: str, result: SourceRead) -> None:
    start = _skip_space(text, 0)
    if text.startswith("[", start):
        for position, data in _array_items(text, start + 1, result):
            _add(data, _line(text, position), text, position, result)
        return
    data = _decode(text, start, result)
    listed = (data.get("items") or data.get("references")) if isinstance(data, dict) else None
    if isinstance(listed, list):
        for number, item in enumerate(listed, 1):
            _add(item, 0, "", 0, result, number)
    elif isinstance(data, dict):
        _add(data, _line(text, start), text, start, result)
    else:
        raise InputError("CSL-JSON must be a list of items or an item object", Location(result.file, 1))


def _array_items(text: str, position: int, result: SourceRead):
    while True:
        position = _skip_space(text, position)
        if text.startswith("]", position):
            return
        start = position
        data, position = _raw(text, position, result)
        yield start, data
        position = _skip_space(text, position)
        if text.startswith(",", position):
            position += 1
        elif not text.startswith("]", position):
            raise InputError(
                "expected ',' or ']' after an item", Location(result.file, _line(text, position))
            )


def _add(data: object, line: int, text: str, position: int, result: SourceRead, number: int = 0) -> None:
    where = f"item {number}" if number else "item"
    try:
        item = CslItem.from_json(data)  # type: ignore[arg-type]
    except ValueError as error:
        result.problem(line, f"{where} not read: {error}", "csljson-item")
        return
    shown = json.dumps(data, ensure_ascii=False)[:300]
    result.records.append(exact(item, Location(result.file, line), shown, str(item.id)))


def _raw(text: str, position: int, result: SourceRead) -> tuple[object, int]:
    try:
        return _DECODER.raw_decode(text, position)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON: {error.msg}", Location(result.file, error.lineno)) from None


def _decode(text: str, position: int, result: SourceRead) -> object:
    data, end = _raw(text, position, result)
    if text[end:].strip():
        raise InputError("not valid JSON: text after the end", Location(result.file, _line(text, end)))
    return data


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n\ufeff":
        position += 1
    return position


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1
