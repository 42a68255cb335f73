"""Where `--fix` writes, alike in `check` and `verify`: `<name>.fixed.bib` beside the file by
default, `-o FILE`, or `--in-place` after a numbered backup (litgraph.files)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import usage_error

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
    typer.Option("--output", "-o", help="With --fix: write the fixed file here.", show_default=False),
]


def check_fix_options(fix: bool, in_place: bool, output: Path | None, files: int) -> None:
    """Exit 2 on --in-place or -o without --fix, on both at once, or on -o for several files."""
    if (in_place or output) and not fix:
        usage_error("--in-place and --output go with --fix")
    if in_place and output:
        usage_error("--in-place and --output exclude each other")
    if output and files > 1:
        usage_error("--output needs a single BibTeX file")
