"""Author and editor lists into `Person`s, with bibtexparser 2's name splitter.

bibtexparser's `SplitNameParts` middleware turns a whole entry into a failed block
when one name is odd (`ISO, ` or a doubled `and`); here each name is split on its
own, leniently, so an entry is never lost for a name. Parts are LaTeX-decoded after
splitting so that protective braces (`{La Joie}`) still hold during the split.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

from ..csl import Name
from ..records import Person
from ..text import CAPITALS, CJK_IDEOGRAPHS, has_cjk
from .latex import decode

#: What cuts a list of names short, in the languages reference lists hold (every name reader asks it):
#: 等, et al., and others (lower case: `Jane Others` is a name), ほか, и др., 外 after a space or a
#: name of three characters or more (`王小明外`, `山田太郎外`; `李外` is a name), an ellipsis.
TRUNCATION = (
    r"等人|等|(?<!\w)et\s*al\.?|(?<!\w)(?:and\s+)?(?-i:others)|(?<=[\s,，])外|"
    r"(?<=[\u3040-\u30ff\u4e00-\u9fff]{3})外|ほか|(?<!\w)и\s*др\.?|\.\.\.|…"
)
_CUT_SHORT = re.compile(rf"\s*(?:[,，]\s*)?(?:{TRUNCATION})\s*\.?$", re.IGNORECASE)
#: Where in a list the search for its marks starts: the longest mark with its separators fits, and a
#: search from there takes the same time on any list (from the start, a run of spaces took seconds).
_TAIL = 64


def cut_short(names: str) -> tuple[str, bool]:
    """A name list without the marks that end it cut short (`何佳讯等`, `Smith J, et al.`, a lone
    `others`), and whether there were any."""
    truncated = False
    while found := _CUT_SHORT.search(names, max(0, len(names) - _TAIL)):
        names, truncated = names[: found.start()].strip().rstrip(",，"), True
    return names, truncated


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
        name, cut = cut_short(name)  # "others", or "何佳讯等" written without "and others"
        truncated = truncated or cut
        if name:
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


#: A Chinese person's name written in one piece: two to four ideographs, or a transliterated name
#: with a middle dot (马克·吐温); a longer run (本报评论员, 《环球科学》杂志社) names a body.
_CHINESE_PERSON = re.compile(f"^[{CJK_IDEOGRAPHS}]{{2,4}}$|^[{CJK_IDEOGRAPHS}]+[·•][{CJK_IDEOGRAPHS}·•]+$")


def is_chinese_person(name: str) -> bool:
    return bool(_CHINESE_PERSON.match(name.strip()))


def split_cjk_name(name: str) -> tuple[str, str]:
    """A Chinese name written in one piece as (family, given): 周志民 → 周 + 志民, 欧阳修 → 欧阳 + 修.

    A transliterated foreign name with a dot (马克·吐温) and a one-character name stay whole."""
    name = name.strip()
    if len(name) < 2 or "·" in name or "•" in name or " " in name:
        return name, ""
    if len(name) >= 3 and name[:2] in _COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


# --- names as export files write them (RIS, refer, RefWorks, NoteExpress, EndNote) ---------------

_INITIALS = re.compile(rf"^(?:[{CAPITALS}]\.?-?){{1,3}}$")  # "JA", "J.A.", "J-P", "И."
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
#: The particles before a family name (`van der Berg`, `de la Cruz`): every name reader asks this list.
PARTICLES = frozenset("van von de der den del della di da du dos la le ter ten".split())
#: The same as a pattern: any run of them before a family name, each followed by a space.
PARTICLE_RUN = rf"(?:(?:{'|'.join(sorted(PARTICLES, key=len, reverse=True))})\s+)*"
_NAME_LIST = re.compile(r"[;；]")  # each part is stripped: a `\s*` here made a run of spaces quadratic
#: Words that make a Latin name a body's ("World Health Organization", "IEEE Computer Society"), lower
#: case. Every name reader asks these lists: export files, typed references.
BODY_WORDS = frozenset(
    "organization organisation association society institute institution university college committee "
    "council agency office department ministry bureau center centre group foundation commission press "
    "corporation company board academy consortium federation union administration service network "
    "project team developers contributors laboratory library museum bank fund forum authority survey "
    "publisher publishers international government force program programme school".split()
)
#: The same words in the other languages of a GB/T list (German, French, Spanish, Italian, Russian).
OTHER_BODY_WORDS = frozenset(
    "gesellschaft institut verein verband akademie universität ministerium stiftung bundesamt "
    "société université académie ministère comité conseil instituto universidad sociedad asociación "
    "ministerio centro consejo istituto università società associazione ministero consiglio "
    "институт университет академия министерство общество комитет центр союз ассоциация".split()
) | {"рабочая группа"}
#: A company's legal form, which ends a body's name (`Acme Inc`, `Google LLC`, `Robert Bosch GmbH`).
LEGAL_FORMS = frozenset("inc ltd llc gmbh corp".split())
#: Legal forms that are also initials or a family name (`Siemens AG`, but `Smith SE`, `Jennifer Co`):
#: a body's in a typed GB/T list, a person's in an export file, where Vancouver names are common.
SHORT_LEGAL_FORMS = frozenset("ag se co".split())


def _is_body_word(word: str, first: bool) -> bool:
    """A body word of an export's name; a legal form only after the name it ends (`Acme Co.` with
    its full stop)."""
    bare = word.lower().strip(",.")
    if bare in BODY_WORDS or bare in OTHER_BODY_WORDS:
        return True
    return not first and (bare in LEGAL_FORMS or word.lower().rstrip(",") == "co.")


def _names_a_body(words: list[str]) -> bool:
    pairs = (" ".join(words[i : i + 2]).lower() for i in range(len(words) - 1))  # рабочая группа
    return any(_is_body_word(word, first=i == 0) for i, word in enumerate(words)) or any(
        pair in OTHER_BODY_WORDS for pair in pairs
    )


def _family_then_given(parts: list[str]) -> bool:
    """`Family, Given`: a family name of one word is a person's (`Fund, Judith`) unless a legal form
    follows (`Microsoft, Inc.`); a longer one, unless it names a body."""
    if len(parts[0].split()) > 1:
        return not _names_a_body(parts[0].split())
    return not any(part.lower().strip(".") in LEGAL_FORMS for part in parts[1:])


def name_from_text(text: str) -> Name | None:
    """One name as an export writes it: 'Smith, John A.', 'Smith JA' (Vancouver), 'John Smith',
    周志民 (split 周 + 志民), a body ('World Health Organization', 本报评论员) as a literal;
    None for an empty one."""
    text = " ".join(text.split()).strip(" ,")
    if not text:
        return None
    if has_cjk(text) and "," not in text and "，" not in text:
        compact = text.replace(" ", "")
        if _CHINESE_PERSON.match(compact):
            family, given = split_cjk_name(compact)
            return Name(family=family, given=given)
        return Name(literal=text)
    parts = [part.strip() for part in re.split(r"[,，]", text) if part.strip()]
    if len(parts) >= 2 and _family_then_given(parts):
        suffix = parts[2] if len(parts) > 2 and parts[1].lower() in _SUFFIXES else ""
        given = parts[2] if suffix else " ".join(parts[1:])
        suffix = parts[1] if suffix else ""
        return _with_particle(parts[0], given, suffix)
    words = text.split()
    if len(words) == 1:
        return Name(family=words[0])
    if _names_a_body(words):
        return Name(literal=text)
    initials = len(words)
    while initials > 1 and _INITIALS.match(words[initials - 1]):
        initials -= 1
    if initials < len(words) and len(words) - initials <= 3:  # Vancouver: Smith JA, McMillan D W
        return _with_particle(" ".join(words[:initials]), " ".join(words[initials:]))
    if len(words) > 4 or words[-1][:1].islower():
        return Name(literal=text)
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return _with_particle(" ".join(words[start:]), " ".join(words[: max(start, 1)]) if start else "")


def _with_particle(family: str, given: str, suffix: str = "") -> Name:
    words = family.split()
    particle = []
    while len(words) > 1 and words[0].lower() in PARTICLES:
        particle.append(words.pop(0))
    return Name(family=" ".join(words), given=given, particle=" ".join(particle), suffix=suffix)


def names_from_list(values: list[str], separated: bool = True) -> tuple[list[Name], bool]:
    """Names from an export's author lines (one name a line, or several split by ';' as CNKI writes
    them: 于潇;刘义;), and whether the list ends in 等 / et al."""
    names: list[Name] = []
    truncated = False
    for value in values:
        for part in _NAME_LIST.split(value) if separated else [value]:
            part, cut = cut_short(part.strip())
            truncated = truncated or cut
            name = name_from_text(part)
            if name is not None:
                names.append(name)
    return names, truncated
