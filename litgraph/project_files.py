"""Changing a project's litgraph.toml without losing a byte the author wrote.

tomlkit keeps comments, order, quoting and layout; only the `[review] bibtex` list changes.
Apart from `project.py` (which reads the file on every command) so that reading a project
does not load tomlkit.
"""

from __future__ import annotations

import os
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from .errors import ProjectError
from .files import atomic_write_text
from .project import CONFIG_NAME, Project
from .records import Location


def add_bibtex_file(project: Project, bib: Path) -> bool:
    """Name `bib` in [review] bibtex (a single name becomes a list); False when it is named already."""
    if any(path.resolve() == bib.resolve() for path in project.bibtex):
        return False
    config = project.root / CONFIG_NAME
    try:
        document = tomlkit.parse(config.read_text(encoding="utf-8"))
    except (TOMLKitError, UnicodeDecodeError, OSError) as error:
        raise ProjectError(f"cannot update: {error}", Location(str(config))) from None
    review = document["review"]
    name = Path(os.path.relpath(bib.resolve(), project.root.resolve())).as_posix()
    listed = review.get("bibtex")  # type: ignore[union-attr]
    if isinstance(listed, str):
        names = tomlkit.array()
        names.extend([str(listed), name])
        review["bibtex"] = names  # type: ignore[index]
    else:
        listed.append(name)  # type: ignore[union-attr]
    atomic_write_text(config, tomlkit.dumps(document))
    project.bibtex.append(bib)
    return True
