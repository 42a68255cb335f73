"""One paragraph of a manuscript's body as cite-check reads it, and the way back to it as written."""

from __future__ import annotations

import bisect
import re

from ...records import Location
from ...text import readable


class Passage:
    """One paragraph of the body as found (`readable`: invisible characters removed, full-width digits and
    letters folded) and as written, with its lines: a citation is found in `.text`, reported with the
    written text and its line. Each lookup is a bisection, so a paragraph of any length is read in
    linear time."""

    def __init__(self, text: str, location: Location):
        self.readable = readable(text)
        self.text = self.readable.text
        self.location = location
        self._breaks = [match.start() for match in _LINE_BREAK.finditer(self.text)]

    def where(self, offset: int) -> Location:
        """The line of `offset` (line breaks are the same in the text as found and as written)."""
        return Location(self.location.file, self.location.line + bisect.bisect_left(self._breaks, offset))

    def written(self, start: int, end: int) -> str:
        return self.readable.original(start, end)


_LINE_BREAK = re.compile("\n")
