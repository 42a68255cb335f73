"""Citation styles: what GB/T 7714 (2015, 2025) and APA 7 say a reference looks like.

Shared by every layer that needs a style's rules: the import parser reads type marks,
the reference list renders entries, cite-check compares a typed list with what the
style asks. Nothing here reads files or knows about the project.
"""

from .render import Segment, Style, get_style, render, render_text

__all__ = ["Segment", "Style", "get_style", "render", "render_text"]
