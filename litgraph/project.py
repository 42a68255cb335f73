"""A review project: the folder with `litgraph.toml`, its sources and its built store."""

from __future__ import annotations

import os
import re
import socket
import tomllib
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

from .errors import ProjectError
from .records import Location, ResearchModel
from .style.labels import KEYS as LABEL_KEYS
from .text import is_language_tag

CONFIG_NAME = "litgraph.toml"
#: Every key litgraph.toml may hold, table by table (docs/model-format.md): a command that reads a new
#: key adds it here. Any other key is an error with a suggestion, since a typo (`modle =`) read as
#: nothing built an empty model that "validated". `citations.*`: a table per language of the text.
CONFIG_KEYS: dict[str, tuple[str, ...]] = {
    "review": ("bibtex", "model", "manuscript"),
    "output": ("lang",),
    "references": ("style", "order", "lang", "group-by-language"),
    "verify": ("mailto", "crossref_api", "openalex_api", "openalex_api_key"),
    "neo4j": ("uri", "user", "database"),
    "citations.*": LABEL_KEYS,
}
#: Keys refused for a reason of their own: (table, key) → (message, hint).
_REFUSED = {
    ("neo4j", "password"): (
        "[neo4j] password: litgraph.toml must not hold the Neo4j password (it is committed and shared)",
        "remove it and set NEO4J_PASSWORD",
    ),
}


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
        """litgraph.toml's `[output] lang`, a language tag; "" when it sets none."""
        lang = self.section("output").get("lang", "")
        if lang != "" and not (isinstance(lang, str) and is_language_tag(lang)):
            raise ProjectError(
                f"[output] lang must be a language tag in quotes (en, zh, zh-Hans, ...), not {lang!r}",
                Location(str(self.root / CONFIG_NAME)),
            )
        return lang


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
        text = config_path.read_text(encoding="utf-8")
        config = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProjectError(f"not valid TOML: {exc}", Location(shown)) from None
    except UnicodeDecodeError:
        raise ProjectError("not valid UTF-8", Location(shown)) from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise ProjectError("not valid TOML: arrays or tables nested too deeply", Location(shown)) from None
    check_config_keys(config, text, shown)
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


def check_config_keys(config: dict, text: str, shown: str) -> None:
    """Refuse the first key `CONFIG_KEYS` does not name, at its line, with the nearest known key."""
    for table, value in config.items():
        if table not in CONFIG_KEYS and f"{table}.*" not in CONFIG_KEYS:
            what = (
                f"unknown table [{table}]" if isinstance(value, dict) else f"'{table}' stands outside a table"
            )
            _unknown(what, [], table, [name.removesuffix(".*") for name in CONFIG_KEYS], text, shown)
        elif not isinstance(value, dict):
            continue  # a value where a table belongs: the table's reader says what it wants
        elif table in CONFIG_KEYS:
            _known_keys([table], value, CONFIG_KEYS[table], text, shown)
        else:
            for name, inner in value.items():
                if isinstance(inner, dict):
                    _known_keys([table, name], inner, CONFIG_KEYS[f"{table}.*"], text, shown)


def _known_keys(path: list[str], table: dict, known: tuple[str, ...], text: str, shown: str) -> None:
    for key in table:
        if (path[0], key) in _REFUSED:
            message, hint = _REFUSED[path[0], key]
            raise ProjectError(message, Location(shown, _key_line(text, [*path, key])), hint=hint)
        if key not in known:
            _unknown(f"[{'.'.join(path)}] has no key '{key}'", path, key, known, text, shown)


def _unknown(message: str, path: list[str], key: str, known, text: str, shown: str) -> None:
    close = get_close_matches(key, list(known), n=1, cutoff=0.6)
    if close:
        hint = f"did you mean '{close[0]}'?"
    elif not path and (owners := [name for name, keys in CONFIG_KEYS.items() if key in keys]):
        hint = f"'{key}' belongs under {' or '.join(f'[{owner}]' for owner in owners)}"
    else:
        hint = f"{'the keys are' if path else 'the tables are'}: {', '.join(known)} (docs/model-format.md)"
    raise ProjectError(message, Location(shown, _key_line(text, [*path, key])), hint=hint)


_HEADER = re.compile(r"\s*\[\[?\s*([^\]#]+?)\s*\]\]?\s*(?:#.*)?$")
_ASSIGNMENT = re.compile(r"\s*([^=#\[][^=#]*?)\s*=")


def _key_line(text: str, path: list[str]) -> int:
    """The line that writes the dotted key `path` (under a header, or dotted, or as a header); 0 when
    it cannot be told (a key in an inline table)."""
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if header := _HEADER.match(line):
            table = _dotted(header.group(1))
            if table == path:
                return number
        elif assignment := _ASSIGNMENT.match(line):
            full = table + _dotted(assignment.group(1))
            if full[: len(path)] == path:
                return number
    return 0


def _dotted(key: str) -> list[str]:
    return [part.strip().strip("\"'") for part in key.split(".")]
