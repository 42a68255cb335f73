"""LaTeX to Unicode, only where a value needs it.

Decoding with pylatexenc costs 10-25x the BibTeX parse itself, while most values
hold no LaTeX at all; so plain values pass through, brace-only values lose their
braces, and only the rest meet the decoder (memoised: names and venues repeat).
The decoder's parsing context is built once: pylatexenc's `latex_to_text` would
rebuild its default context (about half a millisecond) for every value.
"""

from __future__ import annotations

import re
from functools import lru_cache

_LATEX_MARK = re.compile(r"[\\~$]")
_LIGATURES = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"))


@lru_cache(maxsize=1)
def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
    from pylatexenc.latexwalker import get_default_latex_context_db as get_walker_context_db

    context = get_default_latex_context_db()
    context.add_context_category("litgraph", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s")])
    return LatexNodes2Text(
        latex_context=context, math_mode="verbatim", keep_braced_groups=False
    ), get_walker_context_db()


@lru_cache(maxsize=65536)
def _decode_latex(value: str) -> str:
    from pylatexenc.latexwalker import LatexWalker

    to_text, walker_context = _decoder()
    try:
        return to_text.nodelist_to_text(LatexWalker(value, latex_context=walker_context).get_latex_nodes()[0])
    except Exception:  # pylatexenc gives up on malformed input; keep the text readable
        return value.replace("{", "").replace("}", "")


def decode(value: str) -> str:
    """Unicode text of a BibTeX value, whitespace collapsed."""
    if _LATEX_MARK.search(value):
        value = _decode_latex(value)
    else:
        if "{" in value:
            value = value.replace("{", "").replace("}", "")
        if "--" in value or "``" in value or "''" in value:  # TeX's ligatures, as pylatexenc reads them
            for tex, text in _LIGATURES:
                value = value.replace(tex, text)
    return " ".join(value.split())
