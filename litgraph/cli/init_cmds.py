"""`litgraph init`: a new review folder, ready for `litgraph import` and `litgraph build`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError, ProjectError
from ..records import Location
from .common import JsonOption, console, handle_errors, plain, print_json

MODEL_NAME = "model.yaml"


def init(
    folder: Annotated[
        Path,
        typer.Argument(help="The review folder (made if missing); default: this one.", show_default=False),
    ] = Path("."),
    bib: Annotated[
        Optional[list[Path]],
        typer.Option("--bib", help="A BibTeX file the review already has (repeatable).", show_default=False),
    ] = None,
    manuscript: Annotated[
        Optional[Path],
        typer.Option(
            "--manuscript", "-m", help="The manuscript (.docx, .md, .tex, .txt).", show_default=False
        ),
    ] = None,
    json: JsonOption = False,
) -> None:
    """Start a review: litgraph.toml and a commented example model.yaml, then the next steps."""
    from importlib.resources import files

    from ..files import atomic_write_text
    from ..project import CONFIG_NAME

    config = folder / CONFIG_NAME
    if config.exists():
        raise ProjectError("exists already: nothing was changed", Location(str(config)))
    for given in [*(bib or []), *([manuscript] if manuscript else [])]:
        if not given.is_file():
            raise InputError("file not found", Location(str(given)))
    bib_names = [_relative(path, folder) for path in bib or []]
    created = []
    if not (folder / MODEL_NAME).exists():
        atomic_write_text(
            folder / MODEL_NAME,
            files("litgraph").joinpath("templates/model-template.yaml").read_text("utf-8"),
        )
        created.append(MODEL_NAME)
    atomic_write_text(config, _config_text(bib_names, _relative(manuscript, folder) if manuscript else ""))
    created.insert(0, CONFIG_NAME)
    steps = _next_steps(folder, _relative(manuscript, folder) if manuscript else None)
    if json:
        print_json({"folder": str(folder), "created": created, "bibtex": bib_names, "next": steps})
        return
    console.print(f"created in {plain(folder)}: {', '.join(created)}", highlight=False)
    console.print("next:", highlight=False)
    for number, step in enumerate(steps, 1):
        console.print(f"  {number}. {step}", highlight=False, markup=False)


def _relative(path: Path, folder: Path) -> str:
    """A path as litgraph.toml holds it: relative to the review folder, with forward slashes."""
    return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()


def _config_text(bib_names: list[str], manuscript: str) -> str:
    listed = ", ".join(_quoted(name) for name in bib_names)  # [] until `litgraph import` adds its file
    lines = [
        "# A litgraph review (https://w3id.org/litgraph): the files it is made of.",
        "[review]",
        f"bibtex = [{listed}]   # BibTeX files; `litgraph import` adds the one it writes",
        f'model = "{MODEL_NAME}"              # constructs, hypotheses and their evidence',
    ]
    lines.append(f"manuscript = {_quoted(manuscript)}" if manuscript else '# manuscript = "manuscript.docx"')
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _next_steps(folder: Path, manuscript: str | None) -> list[str]:
    """What to run next, from the review folder (the manuscript named as litgraph.toml names it)."""
    where = "" if folder == Path(".") else f"cd {folder} && "
    source = manuscript or "manuscript.docx (or a Zotero/EndNote/CNKI export)"
    return [
        f"{where}litgraph import {source}   # the reference list in, as BibTeX",
        f"edit {MODEL_NAME}: your constructs and hypotheses, with `ref:` keys from the .bib",
        "litgraph build    # the graph, validated",
        "litgraph check && litgraph cite-check   # the references and the manuscript's citations",
    ]


def register(app: typer.Typer) -> None:
    app.command("init")(handle_errors(init))
