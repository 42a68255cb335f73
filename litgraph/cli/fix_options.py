"""Where `--fix` writes, alike in `check` and `verify`: `<name>.fixed.bib` beside the file by
default, `-o FILE`, or `--in-place` after a numbered backup (litgraph.files)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import choose_format, output_option, usage_error

InPlaceOption = Annotated[
    bool,
    typer.Option(
        "--in-place",
        help="With --fix: edit the .bib itself (a link: the file it points to), after copying it "
        "to <name>.bib.bak, or <name>.bib.bak.1, .2, ... when that is taken.",
    ),
]
FixOutputOption = Annotated[
    Optional[Path],
    output_option("With --fix: write the fixed file here."),
]


def check_fix_options(fix: bool, in_place: bool, output: Path | None, files: int) -> None:
    """Exit 2 on --in-place or -o without --fix, on both at once, on -o for several files, or on an
    -o that is not named as a .bib file."""
    if (in_place or output) and not fix:
        usage_error("--in-place and --output go with --fix")
    if in_place and output:
        usage_error("--in-place and --output exclude each other")
    if output and files > 1:
        usage_error("--output needs a single BibTeX file")
    if output is not None:
        choose_format(None, output, {".bib": "bibtex"}, ("bibtex",), "bibtex")
