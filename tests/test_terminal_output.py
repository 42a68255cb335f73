"""What litgraph prints on a terminal is what the files say, never an instruction to the terminal
(issue 16, items 11 and 12).

Rich read every printed string as markup with emoji codes: `model.yaml:100:` came out as
`model.yaml💯` and `:1234:` as `🔢`; a title holding `ESC ]0;…BEL ESC [2J` retitled the window and
cleared the screen (Rich removes only BEL); a label holding `[/]` ended the command in Rich's
error. The consoles (`output.console`) read no emoji codes and show every control character.
"""

from __future__ import annotations

import io
import json
import sys

import pytest

from litgraph.cli.common import print_output
from litgraph.text import safe_text

from .conftest import Cli

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b2J"
SHOWN = r"\x1b]0;pwned\x07\x1b[2J\x9b2J"  # each control character written out, as safe_text spells it
TITLE = "Perceived Usefulness, Perceived Ease of Use, and User Acceptance of Information Technology"


def _model_line(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("line", [100, 1234])
def test_a_line_number_is_printed_as_a_number_not_an_emoji(tam, line):
    """An unknown top-level key is a warning (printed by `validate` and `build`); a broken sign an
    error (which stops `build`): both at the line asked for, counted from the text itself."""
    model = tam / "model.yaml"
    original = model.read_text(encoding="utf-8")
    padding = "#\n" * (line - 1)
    model.write_text(padding + "colour: red\n" + original, encoding="utf-8")
    for command in ("validate", "build"):
        result = Cli(tam)(command)
        assert f"model.yaml:{line}:" in result.output, result.output
        assert "💯" not in result.output and "🔢" not in result.output
    broken = original.replace('sign: "+"', 'sign: "*"', 1)
    padding = "#\n" * (line - _model_line(broken, 'sign: "*"'))
    model.write_text(padding + broken, encoding="utf-8")
    result = Cli(tam)("build")
    assert result.exit_code == 2 and f"error: model.yaml:{line}: hypothesis" in result.stderr
    assert "💯" not in result.output and "🔢" not in result.output


@pytest.fixture
def hostile(tam):
    """The second review with terminal escapes in a BibTeX title, a statement and a label."""
    bib = tam / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(TITLE, TITLE + ESCAPES), encoding="utf-8")
    model = tam / "model.yaml"
    text = model.read_text(encoding="utf-8")
    text = text.replace(
        "statement: Perceived ease of use positively affects perceived usefulness.",
        'statement: "Perceived ease of use\\e]0;pwned\\a\\e[2J positively affects perceived usefulness."',
    )
    text = text.replace("label: attitude toward using", "label: 'att[/][b]'")
    model.write_text(text, encoding="utf-8")
    return tam


@pytest.mark.parametrize(
    "args",
    [
        ("show", "Davis1989a"),
        ("supports", "Davis1989a"),
        ("evidence", "H1"),
        ("hypotheses",),  # a table, whose cells may wrap the spelled-out escapes
        ("show", "nothing" + ESCAPES),  # the error printer
    ],
)
def test_control_characters_in_the_data_are_shown_not_sent(hostile, args):
    result = Cli(hostile)(*args)
    assert result.exit_code in (0, 2), result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\x9b" not in result.output
    if args == ("hypotheses",):  # a cell wraps the spelled-out sequence: its start is still there
        assert r"\x1b" in result.output
    else:
        assert r"\x1b]0;pwned\x07\x1b[2J" in "".join(result.output.split())


def test_markup_in_a_label_is_shown_as_written(hostile):
    """A label holding `[/]` once stopped the command with Rich's MarkupError."""
    for args in (
        ("constructs",),
        ("antecedents", "behavioral_intention"),
        ("show", "attitude"),
        ("paths", "perceived_ease_of_use", "behavioral_intention"),
    ):
        result = Cli(hostile)(*args)
        assert result.exit_code == 0, result.output
        assert "att[/][b]" in result.output


def test_json_keeps_the_data_exact(hostile):
    result = Cli(hostile)("show", "Davis1989a", "--json")
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout  # escaped as JSON escapes them
    assert "\\u009b" in result.stdout
    assert json.loads(result.stdout)["reference"]["title"] == TITLE + ESCAPES


def test_safe_text_spells_out_controls_and_keeps_the_rest():
    assert safe_text(ESCAPES) == SHOWN
    assert safe_text("line one\n\tline two 社群 — é") == "line one\n\tline two 社群 — é"
    assert safe_text("a\rb\x00c\x7f") == r"a\x0db\x00c\x7f"


class _Terminal(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [True, False])
def test_a_file_printed_to_stdout_is_shown_safely_on_a_terminal_and_exact_in_a_pipe(monkeypatch, tty):
    screen = _Terminal(tty)
    monkeypatch.setattr(sys, "stdout", screen)
    print_output(f"[1] Davis. {TITLE}{ESCAPES}.\n")
    assert screen.getvalue() == f"[1] Davis. {TITLE}{SHOWN if tty else ESCAPES}.\n"
