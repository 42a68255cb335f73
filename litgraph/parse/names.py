"""Author and editor lists into `Person`s, with bibtexparser 2's name splitter.

bibtexparser's `SplitNameParts` middleware turns a whole entry into a failed block
when one name is odd (`ISO, ` or a doubled `and`); here each name is split on its
own, leniently, so an entry is never lost for a name. Parts are LaTeX-decoded after
splitting so that protective braces (`{La Joie}`) still hold during the split.
"""

from __future__ import annotations

from functools import lru_cache

from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

from ..records import Person
from .latex import decode

_TRUNCATION_WORDS = {"others", "et al.", "et al", "等", "等人"}
_TRUNCATION_SUFFIXES = ("等人", "等")


def split_persons(value: str) -> tuple[list[Person], bool]:
    """The persons of a name list, and whether the list was cut short ("and others", 等)."""
    return _split_cached(value)


@lru_cache(maxsize=65536)
def _split_cached(value: str) -> tuple[list[Person], bool]:
    persons: list[Person] = []
    truncated = False
    for name in split_multiple_persons_names(value):
        name = name.strip()
        if not name:
            continue
        if name.lower() in _TRUNCATION_WORDS:
            truncated = True
            continue
        for suffix in _TRUNCATION_SUFFIXES:  # "何佳讯等" written without "and others"
            if name.endswith(suffix) and len(name) > len(suffix):
                name, truncated = name[: -len(suffix)], True
                break
        persons.append(_person(name))
    return persons, truncated


@lru_cache(maxsize=65536)
def _person(name: str) -> Person:
    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except Exception:  # the splitter's own failure: keep the whole name as a family name
        return Person(last=decode(name))
    last = decode(" ".join(parts.last))
    first = decode(" ".join(parts.first))
    if not last:  # "ISO, " and friends: a corporate name written with a trailing comma
        last, first = first or decode(name.strip(" ,")), ""
    return Person(last=last, first=first, von=decode(" ".join(parts.von)), jr=decode(" ".join(parts.jr)))


# Two-character Chinese surnames (复姓) that occur in scholarly author lists.
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 澹台 公冶 "
    "太史 申屠 端木 闻人 百里 呼延 南宫 万俟 司空 独孤 东郭 西门 梁丘 左丘 第五 赫连 拓跋 宗政 "
    "濮阳 淳于 单于 公羊 仲孙 乐正 漆雕 壤驷 谷梁 段干 巫马 公西 颛孙 亓官 司寇 鲜于 闾丘 羊舌 "
    "微生 东门 胥门 子车".split()
)


def split_cjk_name(name: str) -> tuple[str, str]:
    """A Chinese name written in one piece as (family, given): 周志民 → 周 + 志民, 欧阳修 → 欧阳 + 修.

    A transliterated foreign name with a dot (马克·吐温) and a one-character name stay whole."""
    name = name.strip()
    if len(name) < 2 or "·" in name or "•" in name or " " in name:
        return name, ""
    if len(name) >= 3 and name[:2] in _COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]
