"""Author–year labels: the one rule for how running text cites a work.

`Park et al., 2010`, `Huang & Benyoucef，2017`, `周志民等，2019`: cite-check's messages,
the hypothesis and construct tables, `paths`, `evidence`, `show` and the report all
label a work with `LabelStyle.label`, so that two outputs never label it differently.

The punctuation follows the language of the text around the label (Chinese text
writes `，` and `；`, English text `, ` and `; `). Each language's style starts from
`DEFAULT_STYLES`, takes what the manuscript itself writes most often (cite-check reads
it, see `check.citations.usage`), and last the `[citations.<lang>]` keys of
litgraph.toml (docs/model-format.md).

A Chinese name is cited in full (周志民, however the entry splits it into family and
given name) and takes 等 in either language, as GB/T 7714 has it; from ET_AL_MINIMUM
authors on, or for a list cut short with "and others"/等, only the first is named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace

from ..errors import ProjectError
from ..records import Location
from ..text import has_cjk

ET_AL_MINIMUM = 3  # APA 7 and GB/T 7714: "et al." / 等 from three authors on
CHINESE_ET_AL = "等"  # after a Chinese name, whatever the language of the text


@dataclass(frozen=True, slots=True)
class LabelStyle:
    """How text in one language writes an author–year label and a list of them."""

    year_separator: str = ", "  # between the names and the year
    two_authors: str = " & "  # between the names of a work with two authors
    two_chinese_authors: str = " & "  # the same, when both names are Chinese
    et_al: str = " et al."  # after the first of three or more Latin-script names
    no_year: str = "n.d."  # in place of a year the entry lacks
    list_separator: str = "; "  # between the labels of several works

    def label(
        self, names: Sequence[tuple[str, str]], year: str, truncated: bool = False, key: str = ""
    ) -> str:
        """A work's label from its (family, given) names in order and its year as written;
        `key` stands in for the names of a work that has none."""
        cited = [cited_name(family, given) for family, given in names]
        year = year.strip() or self.no_year
        if not cited:
            return f"{key}{self.year_separator}{year}"
        first = cited[0]
        if len(cited) >= ET_AL_MINIMUM or truncated:
            who = first + (CHINESE_ET_AL if has_cjk(first) else self.et_al)
        elif len(cited) == 2:
            both_chinese = has_cjk(first) and has_cjk(cited[1])
            who = first + (self.two_chinese_authors if both_chinese else self.two_authors) + cited[1]
        else:
            who = first
        return f"{who}{self.year_separator}{year}"

    def join(self, labels: Iterable[str]) -> str:
        """Several labels as one list (a table cell, a tree node)."""
        return self.list_separator.join(labels)


def cited_name(family: str, given: str = "") -> str:
    """How running text names a person: the family name, a Chinese name in full."""
    return family + given if has_cjk(family) else family


DEFAULT_STYLES = {
    "en": LabelStyle(),
    "zh": LabelStyle(year_separator="，", two_chinese_authors="、", et_al=CHINESE_ET_AL, list_separator="；"),
}
KEYS = tuple(field.name for field in fields(LabelStyle))

#: Changes to the default styles: language of the text → key → text.
Settings = Mapping[str, Mapping[str, str]]


class LabelStyles:
    """The style of each language: its default, changed by each layer of settings in turn
    (what the manuscript does, then what litgraph.toml says)."""

    def __init__(self, *layers: Settings):
        self.layers = layers
        self._styles: dict[str, LabelStyle] = {}

    def __getitem__(self, lang: str) -> LabelStyle:
        if lang not in self._styles:
            base = DEFAULT_STYLES.get(lang.split("-")[0].lower(), DEFAULT_STYLES["en"])
            changes: dict[str, str] = {}
            for layer in self.layers:
                changes.update(layer.get(lang, {}))
            self._styles[lang] = replace(base, **changes)
        return self._styles[lang]


def read_settings(section: Mapping, config: str) -> dict[str, dict[str, str]]:
    """litgraph.toml's `[citations]`: one table per language of the text, e.g. `[citations.zh]`;
    a wrong value is the file's error (a wrong key was refused with the file: `project.CONFIG_KEYS`)."""
    where = Location(config)
    settings: dict[str, dict[str, str]] = {}
    for lang, table in section.items():
        if not isinstance(table, dict):
            raise ProjectError(
                f"[citations] {lang} = {table!r}: give label styles per language of the text",
                where,
                hint=f"write the key under [citations.zh] or [citations.en] (keys: {', '.join(KEYS)})",
            )
        for key, value in table.items():
            if not isinstance(value, str):
                raise ProjectError(f"[citations.{lang}] {key} must be text in quotes, not {value!r}", where)
        settings[lang] = dict(table)
    return settings
