"""An author span as typed into persons: the rigid part of the job, left to rules.

The styles write names in four ways: Chinese names whole (周志民, split by `split_cjk_name`); family
name then initials without dots (GB/T and Vancouver: `Algesheimer R`, `Lim KH`); `Family, I. I.` pairs
(APA, Harvard); given names first (`J. A. Smith`, Chicago's later authors). `等`, `et al.` and
`and others` say the list was cut short. GB/T 7714 always writes the family name first and joins
names with commas only (`Godard J-L`, `Veen P H v d`, `Zhong Xiaoya`, a body `… and Architecture`):
`family_first` reads a span so.
"""

from __future__ import annotations

import re

from ...csl import Name
from ...text import CAPITALS, has_cjk
from ..names import (
    BODY_WORDS,
    LEGAL_FORMS,
    OTHER_BODY_WORDS,
    PARTICLE_RUN,
    PARTICLES,
    SHORT_LEGAL_FORMS,
    TRUNCATION,
    cut_short,
    split_cjk_name,
)

_SEPARATORS = re.compile(r"\s*(?:;|；|，|、|,?\s*&\s*|,?\s+and\s+|\s+和\s+|,)\s*")
_CJK_SEPARATORS = re.compile(r"\s*(?:;|；|，|、|,|&|和|与)\s*")
_GBT_CJK_SEPARATORS = re.compile(r"\s*(?:;|；|，|、|,)\s*")  # 和, 与 inside a body's name: 工业和信息化部
#: How a body's name ends (教育部, 国家统计局, 中国科学院物理研究所): never a person's given name.
_CJK_BODY = re.compile(r"(?:[部局院所厅委馆社会室组站]|中心|公司|大学|集团|政府|组织|评论员|编辑部)$")
#: Who an author-date list names when a work has no author: nobody.
_PLACEHOLDERS = frozenset({"佚名", "anon", "anonymous", "无名氏"})
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.?[-‐]?\s*){1,4}$")  # "R.", "U. M.", "J.-P.", "KH", "Th."


def _alternation(words: frozenset[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_LEGAL_FORMS = LEGAL_FORMS | SHORT_LEGAL_FORMS
_ENGLISH_BODY_WORDS = _alternation(BODY_WORDS | _LEGAL_FORMS)
_CORPORATE = re.compile(rf"\b(?:{_ENGLISH_BODY_WORDS}|{_alternation(OTHER_BODY_WORDS)})\b", re.IGNORECASE)
_ENGLISH_BODY_WORD = re.compile(rf"(?:{_ENGLISH_BODY_WORDS})", re.IGNORECASE)


def is_body(name: str) -> bool:
    """A Latin or Cyrillic name that names a body ("IEEE Computer Society", "World Bank", "Institut
    für …", "Рабочая группа …"), not a person: one word and initials is a person's (`FORCE P`, `FORCE E
    J`, `Bank J`), unless the "initials" are a legal form (`Siemens AG`)."""
    words = name.split()
    initials = words[1:4] if len(words) <= 4 else []
    if initials and all(_bare_initials(w) and w.lower() not in _LEGAL_FORMS for w in initials):
        return False
    return _CORPORATE.search(name) is not None


#: GB/T's name list: family names (with their particles) and bare initials, comma-joined (`SMITH J, DE
#: VRIES H K, et al`, `Krämer L，von Berg U`, `Петров А В, Сафонов Г И`).
_FAMILY_INITIALS = (
    rf"{PARTICLE_RUN}[{CAPITALS}][\w'’-]+"
    rf"(?: [{CAPITALS}]{{1,3}}(?:-[{CAPITALS}])?)+"
)
_NAME_LIST = re.compile(
    rf"{_FAMILY_INITIALS}(?:[,，] ?(?:{_FAMILY_INITIALS}|Jr))*(?:[,，] ?(?:{TRUNCATION}))?"
)
#: A body named by its acronym (`IEEE`, `AT&T`).
_BODY_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,9}")
#: How a host's own title begins, which names no body even with "Society" in it.
_SERIAL_TITLE = re.compile(
    r"(?:Proc(?:eedings)?|Journal|Trans(?:actions)?|Annals|Bull(?:etin)?|Advances|Lecture)\b", re.IGNORECASE
)


def names_a_body(name: str) -> bool:
    """A Chinese or Latin name that names a body (昆明植物研究所, 江南书局, Eastern Railway Company; not
    …社会, society, which ends many titles), the Latin one capitalised as a name (not `History of…`)."""
    if has_cjk(name):
        return bool(_CJK_BODY.search(name)) and not name.endswith("社会")
    words = name.split()
    heads = [i for i, word in enumerate(words) if _CORPORATE.fullmatch(word.strip(".,"))]
    if not heads:
        heads = [i for i in range(len(words) - 1) if _CORPORATE.fullmatch(" ".join(words[i : i + 2]))]
    if not heads:
        return False
    if _ENGLISH_BODY_WORD.fullmatch(words[heads[0]].strip(".,")) and not is_title_cased(name):
        return False  # GB/T sentence-cases an English title, not a body's name; other languages differ
    if words[0].lower() in _ARTICLES:
        return False  # `Das Amt und die Macht`, `Il centro storico`: a title
    # the body word heads the name (`Institute of …`, `Eastholm Institute of …`) or ends it with no
    # `of` before (`World Health Organization`): `History of the Royal Society` names a history
    return heads[0] <= 1 or (heads[-1] == len(words) - 1 and "of" not in words[: heads[-1]])


_ARTICLES = frozenset("the a an der die das ein eine le la les un une el los las il lo gli".split())


def is_title_cased(text: str) -> bool:
    """Every word longer than three letters capitalised: a name, or a title as typed, not GB/T's
    sentence case (`Tunable optical filter…`)."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    return len(words) >= 2 and all(len(word) <= 3 or word[0].isupper() for word in words)


#: The dots that join the parts of a foreign name written in Chinese characters (约翰·卡维尔).
_NAME_DOTS = "·•・"
_TRANSLITERATED = re.compile(rf"[\u4e00-\u9fff]{{1,8}}(?:[{_NAME_DOTS}][\u4e00-\u9fff]{{1,8}})+")


def is_transliterated(name: str) -> bool:
    return _TRANSLITERATED.fullmatch(name.strip()) is not None


#: How a publisher's name ends (黔山民族出版社, 江南书局, Severn Academic Press, Bellweather Books).
_PUBLISHER = re.compile(
    r"(?:出版社|书局|书店|书社|出版公司|出版集团|出版|\bPress|\bPublishers?|\bPublishing|\bBooks|Verlag|"
    r"-Пресс)$|^(?:Verlag|Presses|Éditions|Editions|Editorial|Edizioni|Издательство)\b"
)


def names_a_publisher(name: str) -> bool:
    return _PUBLISHER.search(name.strip()) is not None


def is_name_list(text: str) -> bool:
    """GB/T's family names and initials (Latin or Cyrillic), or Chinese or Japanese names, comma-joined:
    who a host's `责任者.` can be (not `東海地方のことばと暮らし`)."""
    cut = cut_short(text)[0]
    if not has_cjk(cut):
        return _NAME_LIST.fullmatch(cut) is not None  # `SMITH J, JONES K, 等`
    pieces = [_ROLE.sub("", piece).strip() for piece in _GBT_CJK_SEPARATORS.split(cut)]
    pieces = [piece for piece in pieces if piece]  # `王小明, 李华, 编`: the role is no name
    return bool(pieces) and all(_one_cjk_name(piece) for piece in pieces)


def _one_cjk_name(piece: str) -> bool:
    if names_a_body(piece) or is_transliterated(piece):
        return True
    family, _, given = piece.partition(" ")
    return all(map(has_cjk, (family, given))) if given else 1 < len(piece) <= 4


def is_host_body(who: str) -> bool:
    """A body as a host's responsible party (`//IEEE. 2019 IEEE Conference on …`, `//Mineralogical
    Society. …`): an acronym or a Latin body's name, but not a host title's own beginning."""
    if _BODY_ACRONYM.fullmatch(who):
        return True
    return not has_cjk(who) and is_body(who) and not _SERIAL_TITLE.match(who)


_ROLE = re.compile(
    r"\s*[(（]?\s*(?:eds?\.?|主编|编著|编译|选编|译注|校注|点校|整理|编|等译|等编|译|注|trans\.?|Hrsg\.?)\s*[)）]?\.?\s*$",
    re.IGNORECASE,
)


_GBT_SEPARATORS = re.compile(r"\s*(?:;|；|，|、|,)\s*")


def split_names(span: str, family_first: bool = False) -> tuple[list[Name], bool]:
    """The persons of an author (or editor) span, and whether the list was cut short; `family_first`
    for a GB/T 7714 reference (see the module docstring)."""
    text = _ROLE.sub("", _trim(span)).strip()
    text, truncated = cut_short(text)
    if not text or text.lower().strip(" .") in _PLACEHOLDERS:
        return [], truncated
    if has_cjk(text) and not re.search(r"[A-Za-z]", text):
        separators = _GBT_CJK_SEPARATORS if family_first else _CJK_SEPARATORS
        return [_cjk_name(part) for part in separators.split(text) if part], truncated
    pieces = [
        piece.strip(" .") if not _INITIALS.match(piece.strip()) else piece.strip()
        for piece in (_GBT_SEPARATORS if family_first else _SEPARATORS).split(text)
    ]
    pieces = [piece for piece in pieces if piece]
    if family_first:
        return [_family_first(piece) for piece in pieces], truncated
    return _latin_names(pieces), truncated


def _family_first(piece: str) -> Name:
    """`Godard J-L`, `Veen P H v d` (initials and particles after the family name), `Zhong Xiaoya`
    (a Chinese name in pinyin); a body's name whole."""
    words = piece.split()
    if len(words) == 1 or is_body(piece):
        return _one_piece(piece)
    given: list[str] = []  # initials, and a particle written after them (`v d`: van der)
    particle: list[str] = []
    while len(words) > 1 and (_bare_initials(words[-1]) or words[-1].islower() and len(words[-1]) <= 3):
        given.insert(0, words.pop())
    while len(words) > 1 and words[0] in PARTICLES:  # de la Macorra JC
        particle.append(words.pop(0))
    if given or particle:
        return Name(family=_title_case(" ".join(words)), given=" ".join(given), particle=" ".join(particle))
    if len(words) == 2:
        return Name(family=_title_case(words[0]), given=words[1])
    return Name(literal=piece)


def _trim(span: str) -> str:
    """The span without separators around it; the full stop of a final initial ("A.") stays."""
    text = span.strip().lstrip(".,;:，。；：")
    while text and text[-1] in ".,;:，。；：":
        if text[-1] == "." and re.search(r"(?:^|[\s.,-])[A-Z]\.$", text):
            break
        text = text[:-1].rstrip()
    return text


def _cjk_name(part: str) -> Name:
    family, _, given = part.strip().partition(" ")
    given = given.strip()
    person = given and " " not in given and len(family) <= 3 and len(given) <= 3
    if person and not _CJK_BODY.search(family + given):
        return Name(family=family, given=given)  # `丸山 典`, `欧阳 修`: the space parts them
    part = part.strip().replace(" ", "")
    if len(part) > 4 or (len(part) > 2 and _CJK_BODY.search(part)):
        return Name(literal=part)
    if any(dot in part for dot in _NAME_DOTS):
        return Name(family=part)
    family, given = split_cjk_name(part)
    return Name(family=family, given=given)


def _latin_names(pieces: list[str]) -> list[Name]:
    """Pair `Family, Initials` pieces; read every other piece on its own."""
    names: list[Name] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        following = pieces[i + 1] if i + 1 < len(pieces) else ""
        first = i == 0  # Chicago inverts only the first author: "Smith, John, and Jane Doe"
        if (
            following
            and " " not in piece.strip()
            and _looks_given(following, first)
            and not _has_initials(piece)
        ):
            names.append(_family_given(piece, following))
            i += 2
            continue
        if following and _looks_given(following, first) and not _has_initials(piece) and piece.istitle():
            names.append(_family_given(piece, following))  # "Van Dijk, T."
            i += 2
            continue
        names.append(_one_piece(piece))
        i += 1
    return names


def _looks_given(piece: str, first: bool) -> bool:
    """Initials ("R.", "U. M."), a given name with an initial ("C. Whan"), or the first author's given
    names ("Lucia")."""
    piece = piece.strip()
    if _INITIALS.match(piece):
        return True
    words = piece.split()
    if not 0 < len(words) <= 2 or not all(w[:1].isupper() for w in words):
        return False
    return first or any(len(w.rstrip(".")) == 1 for w in words)


def _bare_initials(word: str) -> bool:
    """`R`, `UM`, `JJ`, `J-L`, `Я`: one to three capitals without dots (any script)."""
    letters = word.replace("-", "").replace("‐", "")
    return 0 < len(letters) <= 3 and letters.isalpha() and letters.isupper()


def _has_initials(piece: str) -> bool:
    words = piece.split()
    return len(words) > 1 and (_bare_initials(words[-1]) or "." in words[0])


def _family_given(family: str, given: str) -> Name:
    family = family.strip()
    words = family.split()
    particle = " ".join(w for w in words[:-1] if w.lower() in PARTICLES)
    if particle:
        family = " ".join(w for w in words if w.lower() not in PARTICLES)
    given = given.strip()
    lost_dot = re.search(r"(?:^|[\s.-])[A-Z]$", given)  # "F. D", "Fred D": the span lost the last dot
    if lost_dot and ("." in given or re.search(r"[a-z]", given)):
        given += "."
    return Name(family=_title_case(family), given=given, particle=particle)


def _one_piece(piece: str) -> Name:
    words = piece.split()
    if not words:
        return Name(literal=piece)
    if has_cjk(piece) and len(words) == 1:
        return _cjk_name(piece)
    if len(words) == 1:  # an acronym is a body's (IBM, ISO); GB/T 2015 writes a lone surname in capitals too
        return Name(literal=piece) if piece.isupper() and len(piece) <= 5 else Name(family=_title_case(piece))
    if is_body(piece):  # "American Chemical Society", "World Health Organization"
        return Name(literal=piece)
    tail: list[str] = []
    while len(words) > 1 and _bare_initials(words[-1]):  # "Algesheimer R", "Dholakia U M"
        tail.insert(0, words.pop())
    if tail:
        return _family_given(" ".join(words), " ".join(tail))
    # given names first: "J. A. Smith", "Ronald van der Berg"
    family_start = len(words) - 1
    while family_start > 1 and words[family_start - 1].lower() in PARTICLES:
        family_start -= 1
    particle = " ".join(w for w in words[family_start:-1])
    return Name(family=_title_case(words[-1]), given=" ".join(words[:family_start]), particle=particle)


def _title_case(family: str) -> str:
    """GB/T capitalises foreign surnames (`BOOBIER T`); the name itself is `Boobier`."""
    if family.isupper() and len(family) > 1 and family.isascii():
        return "-".join(part.capitalize() for part in family.split("-"))
    if family.isupper() and len(family) > 1 and not has_cjk(family):
        return family.title()
    return family
