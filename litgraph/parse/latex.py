"""LaTeX to Unicode, only where a value needs it.

Decoding with pylatexenc costs 10-25x the BibTeX parse itself, while most values
hold no LaTeX at all; so plain values pass through, brace-only values lose their
braces, and only the rest meet the decoder (memoised: names and venues repeat).
"""

from __future__ import annotations

from functools import lru_cache

_LATEX_MARKS = ("\\", "~", "$")


@lru_cache(maxsize=1)
def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    context.add_context_category("litgraph", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s")])
    return LatexNodes2Text(latex_context=context, math_mode="verbatim", keep_braced_groups=False)


@lru_cache(maxsize=65536)
def _decode_latex(value: str) -> str:
    try:
        return _decoder().latex_to_text(value)
    except Exception:  # pylatexenc gives up on malformed input; keep the text readable
        return value.replace("{", "").replace("}", "")


def decode(value: str) -> str:
    """Unicode text of a BibTeX value, whitespace collapsed."""
    if any(mark in value for mark in _LATEX_MARKS):
        value = _decode_latex(value)
    elif "{" in value:
        value = value.replace("{", "").replace("}", "")
    return " ".join(value.split())
