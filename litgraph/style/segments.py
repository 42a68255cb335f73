"""Rendered text as labelled pieces, and the writer that joins them with a style's punctuation.

A reference renders to `Segment`s: each piece of text with the CSL variable it shows, and
punctuation or the style's own words with field "". The import engineer trains a reference
parser on these labels, so a piece of text is never without its field. The `Writer` keeps
BibTeX-style state between pieces (new block → ". ", same block → ", ", a set mark → that
mark), the way the gbt7714 styles and most bibliography styles are built.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    field: (
        str  # a CSL-JSON variable ("title", "container-title", "issued", ...); "" for punctuation and words
    )


Parts = list[Segment]


def text_of(parts: Parts) -> str:
    return "".join(part.text for part in parts)


def merged(parts: Parts) -> Parts:
    """Adjacent pieces of one field joined (". " + "[" → ". ["), empty pieces dropped."""
    out: Parts = []
    for part in parts:
        if not part.text:
            continue
        if out and out[-1].field == part.field:
            out[-1] = Segment(out[-1].text + part.text, part.field)
        else:
            out.append(part)
    return out


class _State(Enum):
    BEFORE_ALL = 0
    MID_SENTENCE = 1
    AFTER_SENTENCE = 2
    AFTER_BLOCK = 3
    AFTER_PUNCT = 4


_ENDS_SENTENCE = (".", "!", "?")


class Writer:
    """Joins the pieces of one entry: `comma` within a block, a full stop and a space between blocks
    (no second stop after one that ends a piece, as BibTeX's add.period$), or a mark set for the next."""

    def __init__(self, comma: str = ", ", period_space: str = " "):
        self.parts: Parts = []
        self.comma = comma
        self.period_space = period_space
        self._state = _State.BEFORE_ALL
        self._mark = ""

    def output(self, pieces: Parts | Segment | None) -> None:
        """Write the pieces after the punctuation the state asks for; nothing when they are empty."""
        if isinstance(pieces, Segment):
            pieces = [pieces]
        if not pieces or not any(piece.text for piece in pieces):
            return
        if self._state is _State.MID_SENTENCE:
            self.parts.append(Segment(self.comma, ""))
        elif self._state is _State.AFTER_PUNCT:
            self.parts.append(Segment(self._mark, ""))
        elif self._state in (_State.AFTER_BLOCK, _State.AFTER_SENTENCE):
            self._add_period()
            self.parts.append(Segment(self.period_space, ""))
        self._state = _State.MID_SENTENCE
        self.parts.extend(pieces)

    def new_block(self) -> None:
        if self._state is not _State.BEFORE_ALL:
            self._state = _State.AFTER_BLOCK

    def new_sentence(self) -> None:
        if self._state not in (_State.BEFORE_ALL, _State.AFTER_BLOCK):
            self._state = _State.AFTER_SENTENCE

    def set_mark(self, mark: str) -> None:
        """The next piece follows `mark` (": " before pages, "" before an issue in parentheses)."""
        if self._state in (_State.MID_SENTENCE, _State.AFTER_PUNCT):
            self._mark = mark
            self._state = _State.AFTER_PUNCT

    def restart(self, joint: Segment) -> None:
        """Write `joint` (GB/T's "//" before the host of a chapter) and go on as at the start."""
        if self._state is not _State.BEFORE_ALL:
            self.parts.append(joint)
            self._state = _State.BEFORE_ALL

    def finish(self, end: str = ".") -> Parts:
        if end:
            self._add_period(end)
        return merged(self.parts)

    def _add_period(self, period: str = ".") -> None:
        last = next((part.text for part in reversed(self.parts) if part.text), "")
        if last and not last.rstrip("}").endswith(_ENDS_SENTENCE):
            self.parts.append(Segment(period, ""))
