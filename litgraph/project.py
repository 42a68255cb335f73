"""A review project: the folder with `litgraph.toml`, its sources and its built store."""

from __future__ import annotations

import os
import socket
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ProjectError
from .records import Location, ResearchModel

CONFIG_NAME = "litgraph.toml"


@dataclass(slots=True)
class Project:
    root: Path
    bibtex: list[Path]
    model: Path | None = None
    manuscript: Path | None = None
    config: dict = field(default_factory=dict)

    @property
    def source_files(self) -> list[Path]:
        """The files the review is built from: its BibTeX files, then its model."""
        return [*self.bibtex, *([self.model] if self.model else [])]

    @property
    def store_dir(self) -> Path:
        return self.root / ".litgraph"

    def shown(self, path: Path) -> str:
        """A path as messages show it: relative to the project when inside it."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return os.path.relpath(path.resolve(), self.root.resolve())

    def review_id(self, model: ResearchModel | None) -> str:
        """The review's id: the model's, or the folder's name for a project without a model. The store,
        its IRIs and the Neo4j nodes are all named by it."""
        return model.review.id if model else self.root.resolve().name

    @property
    def origin(self) -> str:
        """Where this project is (host and folder): a review in a shared Neo4j database records the
        project it was pushed from, so that another project with the same review id does not
        replace it unasked."""
        return f"{socket.gethostname()}:{self.root.resolve()}"

    def section(self, name: str) -> dict:
        value = self.config.get(name) or {}
        return value if isinstance(value, dict) else {}

    @property
    def lang(self) -> str:
        """The language of labels and statements when a command is given no --lang."""
        return self.lang_setting or "en"

    @property
    def lang_setting(self) -> str:
        """litgraph.toml's `[output] lang`; "" when it sets none."""
        return self.section("output").get("lang", "")


def find_project(explicit: Path | None = None, start: Path | None = None) -> Project:
    """The project named by --project, or the nearest litgraph.toml upwards from `start`."""
    if explicit is not None:
        config = explicit / CONFIG_NAME if explicit.is_dir() else explicit
        if not config.is_file():
            raise ProjectError(f"no {CONFIG_NAME} in {explicit}")
        return load_project(config)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return load_project(candidate)
    raise ProjectError(
        f"no {CONFIG_NAME} found in {here} or its parents",
        hint="run litgraph inside a review folder, or pass --project DIR",
    )


def load_project(config_path: Path) -> Project:
    shown = str(config_path)
    try:
        config = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProjectError(f"not valid TOML: {exc}", Location(shown)) from None
    except UnicodeDecodeError:
        raise ProjectError("not valid UTF-8", Location(shown)) from None
    root = config_path.parent
    review = config.get("review")
    if not isinstance(review, dict):
        raise ProjectError("needs a [review] table naming bibtex and model files", Location(shown))
    if "bibtex" not in review:
        raise ProjectError(
            "[review] needs bibtex = [...] naming the .bib files ([] before the first import)",
            Location(shown),
        )
    bibtex = review["bibtex"]
    if isinstance(bibtex, str):
        bibtex = [bibtex]
    if not isinstance(bibtex, list):
        raise ProjectError("[review] bibtex must be a list of .bib file names", Location(shown))
    bib_paths = [_source_path(root, name, "bibtex", shown) for name in bibtex]
    first_named: dict[Path, str] = {}
    for name, path in zip(bibtex, bib_paths, strict=True):
        same = path.resolve()
        if same in first_named:  # read twice, each entry would clash with itself as a duplicate key
            raise ProjectError(
                f"[review] bibtex names one file twice: '{first_named[same]}' and '{name}'", Location(shown)
            )
        first_named[same] = name
    return Project(
        root=root,
        bibtex=bib_paths,
        model=_optional_path(root, review, "model", shown),
        manuscript=_optional_path(root, review, "manuscript", shown),
        config=config,
    )


def _optional_path(root: Path, review: dict, key: str, shown: str) -> Path | None:
    value = review.get(key)
    return None if value in (None, "") else _source_path(root, value, key, shown)


def _source_path(root: Path, value, key: str, shown: str) -> Path:
    """A file named in [review], checked here so that a wrong type or a NUL byte is the toml's
    fault, not a crash later."""
    if not isinstance(value, str) or not value.strip():
        raise ProjectError(f"[review] {key} must be a file name in quotes, not {value!r}", Location(shown))
    if "\0" in value:
        raise ProjectError(f"[review] {key} contains a NUL character: {value!r}", Location(shown))
    return root / value
