"""The console everything litgraph prints goes through, and the one way user text enters its markup.

Rich reads a printed string as markup with emoji codes: `model.yaml:100:` came out as
`model.yaml💯`, a label holding `[/]` stopped the command with Rich's error, and a title
holding terminal escapes retitled the window. So the console never reads emoji codes,
shows every control character instead of sending it (`text.safe_text`, on every string it
renders: messages, table cells, tree labels, progress), and text from the user's files is
put into markup only through `plain`, which escapes it.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from ..text import safe_text


class TerminalConsole(Console):
    """A Rich console without emoji codes whose every rendered string has its control characters
    shown (a `Text` built from data is made with `plain_text`)."""

    def __init__(self, **options) -> None:
        super().__init__(emoji=False, **options)

    def render_str(self, text: str, **options) -> Text:
        return super().render_str(safe_text(text), **options)


def plain(text: object) -> str:
    """User text (a label, a key, a location, a message) to put into a markup string: read as written."""
    return escape(safe_text(str(text)))


def plain_text(text: object, style: str = "") -> Text:
    """User text as a Rich `Text` (never read as markup), its control characters shown."""
    return Text(safe_text(str(text)), style=style)


_LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan", "note": "dim"}


def print_message(console: Console, level: str, message: object, location: object = None) -> None:
    """One message line, `level: file:line: message`, as compilers print them: the location and the
    message (user text, as written) never read as markup, never wrapped mid-line."""
    where = f"{plain(location)}: " if location else ""
    console.print(
        f"[{_LEVEL_STYLE[level]}]{level}:[/] {where}{plain(message)}", highlight=False, soft_wrap=True
    )
