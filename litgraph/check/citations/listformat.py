"""How a typed reference differs from the line the style writes for its entry.

The style's rules live in `litgraph.style`; nothing here restates them. The typed line is
compared with what `style.render` writes for the matched entry, word by word and with the
marks and spaces between two words as one piece, and each difference is named by what it is
made of: a 。 where the style has a full stop, a mark in the other width, a space too many or
too few, another dash, dots after initials, a type mark missing or another one, a name in
other capitals, elements in another order. Differences in the data themselves (another year,
another title) are the data comparison's (`listdata`), so they are left out here. A line
closer to another style's rendering than to the chosen one's is named once ("written as
APA 7") rather than difference by difference.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter

from rapidfuzz.distance import Indel

from ...csl import CslItem
from ...parse.typed import ParsedReference
from ...style.marks import MARK_PATTERN
from ...style.render import AUTHOR_DATE, NUMERIC, ORDERS, STYLE_NAMES, Segment, Style, get_style, render
from ...text import CJK_IDEOGRAPHS, has_cjk
from .listdata import FIELD_NAMES
from .result import Deviation

_WORD = re.compile(rf"[{CJK_IDEOGRAPHS}]|[^\W_]+")  # one CJK character, or a run of letters and digits
_DASHES = set("-‐‑‒–—―－~～")
_NAMES = {"author", "editor", "translator", "container-author"}
_STOPS = {"。", "．", "."}
_ET_AL = re.compile(r"等|et\s*al", re.IGNORECASE)
_QUOTES = str.maketrans("‘’“”", "''\"\"")  # straight or curly: typography, not the style's
CLOSER = 0.08  # how much closer another rendering must be to count as the one the line follows


def tokens(text: str) -> list[str]:
    """Separators and words, alternating: ['', 'Lee', ' ', 'A', '., ', 'Kim', ...]; even places hold
    what stands between two words (marks and spaces, or ''), odd places the words. Curly quotes are
    read as straight ones: typography, not the style's."""
    text = text.translate(_QUOTES)
    out, at = [], 0
    for word in _WORD.finditer(text):
        out += [text[at : word.start()], word.group()]
        at = word.end()
    out.append(text[at:])
    return out


class Rendered:
    """A rendered line as `tokens`, each with the field it stands in (a separator: "" when any of it is
    the style's own punctuation, else the field whose text it is part of)."""

    def __init__(self, segments: list[Segment]):
        self.segments = segments
        self.tokens = tokens("".join(segment.text for segment in segments))
        self.folded = _folded(self.tokens)
        starts, at = [], 0
        for segment in segments:
            starts.append(at)
            at += len(segment.text)
        self.fields: list[str] = []
        at = 0
        for token in self.tokens:
            first = max(bisect.bisect_right(starts, at) - 1, 0)
            last = max(bisect.bisect_left(starts, at + len(token)) - 1, first)
            names = {segments[k].field for k in range(first, last + 1)} if segments else {""}
            self.fields.append("" if "" in names else min(names))
            at += len(token)

    def mark(self) -> str:
        return next((s.text for s in self.segments if s.field == "type-mark"), "")


def _folded(items: list[str]) -> list[str]:
    return [token.casefold() for token in items]


def similarity(typed: list[str], rendered: Rendered) -> float:
    return Indel.normalized_similarity(_folded(typed), rendered.folded)


def _opcodes(typed: list[str], rendered: Rendered) -> list[tuple[str, int, int, int, int]]:
    """The alignment of the two token lists (a longest common subsequence), a deletion next to an
    insertion read as one replacement."""
    out: list[list] = []
    for op in Indel.opcodes(_folded(typed), rendered.folded):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if out and tag != "equal" and out[-1][0] != "equal":
            out[-1] = ["replace", out[-1][1], i2, out[-1][3], j2]
        else:
            out.append([tag, i1, i2, j1, j2])
    return [(tag, i1, i2, j1, j2) for tag, i1, i2, j1, j2 in out]


def follows(
    typed: list[str], item: CslItem, style: Style, rendered: Rendered
) -> tuple[Rendered, Deviation | None]:
    """The rendering to compare the typed line with: the chosen style's (`rendered`), unless the line is
    written in another style (a Deviation "other-style", nothing more to compare) or has its year where
    the other order of the same style puts it (a Deviation "order-of-elements"; then compared with that
    order's rendering, so that its punctuation is still checked)."""
    chosen = similarity(typed, rendered)
    if chosen + CLOSER >= 1:
        others: list[Style] = []  # no other rendering can be closer by CLOSER: none need be made
    else:
        others = (
            [get_style("apa7")]
            if style.family == "gbt"
            else [get_style(name, order=order) for name in STYLE_NAMES if name != "apa7" for order in ORDERS]
        )
    for other in others:
        if similarity(typed, Rendered(render(item, other))) > chosen + CLOSER:
            return rendered, Deviation("other-style", f"written as {other.standard}", expected=style.title)
    if style.family == "gbt" and _moved(typed, rendered):
        flipped = get_style(style.name, order=NUMERIC if style.order == AUTHOR_DATE else AUTHOR_DATE)
        flipped_line = Rendered(render(item, flipped))
        if not _moved(typed, flipped_line):
            return flipped_line, Deviation(
                "order-of-elements",
                f"the year after the {_before_year(flipped_line, item)}, as in a {flipped.order} list "
                f"(here it follows the {_before_year(rendered, item)})",
                expected=style.title,
            )
    return rendered, None


def _before_year(rendered: Rendered, item: CslItem) -> str:
    """What the year follows in a rendering: 'authors', 'journal', 'publisher', ..."""
    fields = [segment.field for segment in rendered.segments if segment.field]
    at = fields.index("issued") if "issued" in fields else 0
    if not at:
        return "start"
    before = fields[at - 1]
    if before == "container-title":
        return "journal" if item.type.startswith(("article", "periodical")) else "book"
    return FIELD_NAMES.get(before, before)


def _moved(typed: list[str], rendered: Rendered) -> bool:
    """Whether the year stands elsewhere in the typed line than in the rendered one: its word is left
    out at one place and put in at another."""
    years = {token for token, name in zip(rendered.folded, rendered.fields, strict=True) if name == "issued"}
    for tag, i1, i2, j1, j2 in _opcodes(typed, rendered):
        if tag != "equal" and years & set(typed[i1:i2]) and not years & set(rendered.folded[j1:j2]):
            return True
    return False


def style_deviations(
    parsed: ParsedReference, item: CslItem, style: Style, segments: list[Segment]
) -> list[Deviation]:
    """Every difference of form between the typed line and `segments`, the style's line for `item`."""
    typed = tokens(parsed.text)
    compared, whole = follows(typed, item, style, Rendered(segments))
    if whole is not None and whole.kind == "other-style":
        return [whole]
    found = [whole] if whole else []
    found += _type_mark(parsed.text, compared)
    found += _et_al(parsed, style)
    found += _diff(typed, compared)
    return found


def _type_mark(typed: str, rendered: Rendered) -> list[Deviation]:
    written = MARK_PATTERN.search(typed)
    expected = rendered.mark()
    if written is None and expected:
        return [Deviation("type-mark", f"no type mark (the style writes {expected})", "", expected)]
    if written is None:
        return []
    shown = written.group()
    if not expected:
        return [Deviation("type-mark", f"a type mark {shown}, which the style does not write", shown, "")]
    plain = unicodedata.normalize("NFKC", shown).replace(" ", "")
    if plain != expected:
        return [
            Deviation(
                "type-mark", f"type mark {shown} where the entry's type takes {expected}", shown, expected
            )
        ]
    if shown != expected:
        return [Deviation("width", f"'{shown}' where the style writes '{expected}'", shown, expected)]
    return []


def _et_al(parsed: ParsedReference, style: Style) -> list[Deviation]:
    """等 / et al. after fewer names than the style lists, or a list longer than it allows."""
    named = len(parsed.item.author)
    limit = style.names_listed
    word = "等" if has_cjk(parsed.text) else "et al."
    if parsed.item.author_truncated and named < limit:
        return [
            Deviation(
                "et-al",
                f"{word} after {named} author{'s' if named != 1 else ''} "
                + (
                    f"(the style names up to {limit} authors)"
                    if style.family == "apa"
                    else f"(the style lists the first {limit} before {word})"
                ),
                word,
            )
        ]
    if not parsed.item.author_truncated and named > limit:
        return [
            Deviation(
                "et-al", f"{named} authors named (the style lists the first {limit}, then {word})", "", word
            )
        ]
    return []


def _diff(typed: list[str], rendered: Rendered) -> list[Deviation]:
    """The differences of form, piece by piece; those of data (words of a field) left out."""
    found: list[Deviation] = []
    for tag, i1, i2, j1, j2 in _opcodes(typed, rendered):
        if tag == "equal":
            found += _case(typed, rendered, i1, i2, j1)
            continue
        if "type-mark" in rendered.fields[j1:j2] or MARK_PATTERN.search(
            "".join(typed[max(i1 - 2, 0) : i2 + 2])
        ):
            continue  # `_type_mark` compares the marks
        previous = next((typed[k] for k in range(i1 - 1, -1, -1) if k % 2), "")
        following = next((typed[k] for k in range(i2, len(typed)) if k % 2), "")
        written, expected = "".join(typed[i1:i2]), "".join(rendered.tokens[j1:j2])
        if any(k % 2 for k in range(i1, i2)) or any(k % 2 for k in range(j1, j2)):
            found += _words(written, expected, set(rendered.fields[j1:j2]) - {""})
        else:
            around = set(rendered.fields[max(j1 - 1, 0) : j2 + 1])
            found += _separator(written, expected, previous, following, around)
    return found


def _case(typed: list[str], rendered: Rendered, i1: int, i2: int, j1: int) -> list[Deviation]:
    """Names written in other capitals (GB/T 7714-2015 sets foreign family names in capitals)."""
    out = []
    for offset, token in enumerate(typed[i1:i2]):
        expected = rendered.tokens[j1 + offset]
        if token != expected and rendered.fields[j1 + offset] in _NAMES:
            out.append(Deviation("case", f"'{token}' where the style writes '{expected}'", token, expected))
    return out


def _words(written: str, expected: str, fields: set[str]) -> list[Deviation]:
    """Words typed where the style has others, or none: its own words (等, et al., In, Eds.) are named;
    the words of a field are the data comparison's."""
    if _ET_AL.search(written) or _ET_AL.search(expected):
        if _has_data(_ET_AL.sub("", written)) or _has_data(_ET_AL.sub("", expected)):
            return []  # names left out or added: the data comparison's
        return [Deviation("et-al", f"'{written}' where the style writes '{expected}'", written, expected)]
    if fields or any(char.isdigit() for char in written + expected):
        return []
    if len(_WORD.findall(written)) > 3 or len(_WORD.findall(expected)) > 3:
        return []
    if not _has_data(expected):
        return [Deviation("words", f"'{written.strip()}', which the style does not write", written, expected)]
    if not _has_data(written):
        return [Deviation("words", f"no '{expected.strip()}'", written, expected)]
    return [
        Deviation(
            "words", f"'{written.strip()}' where the style writes '{expected.strip()}'", written, expected
        )
    ]


def _separator(
    written: str, expected: str, previous: str, following: str, around: set[str]
) -> list[Deviation]:
    """What stands between two words, typed otherwise than the style writes it."""
    where = f" after '{previous}'" if previous else ""
    if following.casefold() in ("等", "et"):
        return [
            Deviation("et-al", f"'{written}' where the style writes '{expected}'{where}", written, expected)
        ]
    if around & _NAMES and "." in written and "." not in expected and _is_initial(previous):
        found = [Deviation("initials", f"initials with dots ('{previous}.')", written, expected)]
        rest = written.replace(".", "")
        if rest != expected:
            found += _separator(rest, expected, previous, following, around)
        return found
    return [_punctuation(written, expected, where, around)]


def _is_initial(token: str) -> bool:
    return len(token) <= 2 and token.isalpha() and token.isupper()


def _has_data(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _punctuation(written: str, expected: str, where: str, context: set[str]) -> Deviation:
    bare_written, bare_expected = written.replace(" ", ""), expected.replace(" ", "")
    if bare_written == bare_expected:
        if " " in expected and " " not in written:
            return Deviation("spacing", f"no space{where}", written, expected)
        if " " in written and " " not in expected:
            return Deviation("spacing", f"a space{where} that the style does not write", written, expected)
        return Deviation(
            "spacing", f"'{written}' where the style writes '{expected}'{where}", written, expected
        )
    if set(bare_written) & {"。"} and set(bare_expected) & (_STOPS - {"。"}):
        return Deviation("full-stop", f"'{written}' for '{expected}'{where}", written, expected)
    if bare_written and bare_expected and set(bare_written) <= _DASHES and set(bare_expected) <= _DASHES:
        return Deviation(
            "dash", f"'{bare_written}' in a range where the style writes '{bare_expected}'", written, expected
        )
    if bare_written and unicodedata.normalize("NFKC", bare_written) == unicodedata.normalize(
        "NFKC", bare_expected
    ):
        width = "full-width" if _full_width(bare_written) else "half-width"
        return Deviation(
            "width", f"{width} '{written}' where the style writes '{expected}'", written, expected
        )
    if context & _NAMES:
        return Deviation(
            "names", f"'{written}' between names where the style writes '{expected}'", written, expected
        )
    if not bare_written:
        return Deviation("punctuation", f"no '{expected.strip()}'{where}", written, expected)
    return Deviation(
        "punctuation", f"'{written}' where the style writes '{expected}'{where}", written, expected
    )


def _full_width(text: str) -> bool:
    return any(unicodedata.east_asian_width(char) in ("F", "W") for char in text)


_PAIRED = {
    "full-stop": "'。' for a full stop",
    "width": "punctuation in the other width",
    "dash": "dash",
    "names": "punctuation between names",
    "case": "capitals",
    "punctuation": "punctuation",
}


def summary(deviations: list[Deviation]) -> str:
    """The deviations of one reference in a line: pairs (typed → the style's) for marks, messages else."""
    by_kind: dict[str, list[Deviation]] = {}
    for deviation in deviations:
        by_kind.setdefault(deviation.kind, []).append(deviation)
    parts = []
    for kind, group in by_kind.items():
        if kind in _PAIRED:
            pairs = Counter(f"'{d.typed}'→'{d.expected}'" for d in group)
            shown = ", ".join(pair + (f" ×{count}" if count > 1 else "") for pair, count in pairs.items())
            parts.append(f"{_PAIRED[kind]}: {shown}")
        else:
            parts += list(dict.fromkeys(d.message for d in group))
    return "; ".join(parts)
