"""Item fixes: corrections to the item read from the labelled spans, where a field's value (not only
its label) shows the labeller wrong — a host's editors inside its title, a journal read as a place.

`apply` runs `FIXES` in their order on a `Reading`, which holds the string, its tokens and labels and
the item read so far; each fix changes the item and its confidences in place and moves a field's
confidence with it. The order matters where one fix reads what another sets: the host is split into
editors, title and imprint before any rule asks whether a container is there, or what volume of a
work it is (`_volume_of_a_work`); a name that runs into the mark is made the title
(`_title_read_as_its_imprint`) before `_serial_or_publisher` moves a book's container to its
publisher; the type is guessed
(`_type_guessed`) only after every fix that asks whether the string had a mark (so a fix before it
that asks the type, `_periodical_imprint`, sees only marked strings), and the newspaper's page and
the standard's year are read after it, as they ask the type. The fixes for strings that show one
element only (`_imprint_alone`, `_name_alone`, `_publisher_alone`) run on unmarked strings, once the
fixes of whole references are done.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import pycrfsuite

from ...csl import CslItem, Name
from ...text import CAPITALS, has_cjk
from . import values
from .labels import MARK, OTHER, TEXT_FIELDS
from .names import (
    TRUNCATION,
    is_host_body,
    is_name_list,
    is_transliterated,
    names_a_body,
    names_a_publisher,
    split_names,
)
from .passes import stretch
from .tokens import Token

_TRUNCATED = re.compile(TRUNCATION, re.IGNORECASE)


@dataclass(slots=True)
class Reading:
    """One string as the fixes see it; `item` and `confidence` are what the fixes change."""

    text: str
    tokens: list[Token]
    labels: list[str]  # after the label passes
    tagged: list[str]  # the labeller's own, to score what a rule relabelled
    tagger: pycrfsuite.Tagger  # set to this string's features
    gbt: bool  # in GB/T's shape (a type mark): names family first, elements in GB/T's order
    has_host: bool  # GB/T's `//` before a host
    spans: dict[str, tuple[int, int]]  # each label's first stretch of tokens
    item: CslItem
    confidence: dict[str, float]

    @property
    def marked(self) -> bool:
        """The string has a type mark, so its type was read, not guessed."""
        return "type" in self.confidence

    def text_of(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start : self.tokens[last].end]

    def score(self, label: str, first: int, last: int) -> float:
        """A span's confidence: the labeller's mean marginal for its label over its tokens, but not over
        the tokens a rule added to it (the `第` of `第2辑`) unless a rule made the whole span."""
        ours = [i for i in range(first, last + 1) if self.labels[i] == label]
        scored = [i for i in ours if self.tagged[i] == label] or ours
        return round(sum(self.tagger.marginal(label, i) for i in scored) / len(scored), 3)


def apply(reading: Reading) -> None:
    for fix in FIXES:
        fix(reading)


def _volume_of_a_work(r: Reading) -> None:
    """A title or host holding a volume of a multi-volume work gives the volume, and the volume's
    own title, whether the labeller split them (`_volume_title`) or not (`values.inner_volume`)."""
    item = r.item
    for label in ("title", "container-title"):
        if not item.volume and (inner := values.inner_volume(getattr(item, TEXT_FIELDS[label]))):
            main, item.volume, volume_title = inner
            _maintitle_apart(item, label, main, volume_title)
            r.confidence.setdefault("volume", r.confidence.get(label, 0.5))
        elif item.volume and (own_title := _volume_title(r.tokens, r.labels, label)):
            first, last = own_title
            _maintitle_apart(item, label, getattr(item, TEXT_FIELDS[label]), r.text_of(first, last))
            r.confidence[label] = r.score(label, first, last)


def _authors_truncated(r: Reading) -> None:
    """等 and et al. right after the authors: the styles print them as punctuation, not a name."""
    if "author" not in r.spans or r.item.author_truncated:
        return
    after = r.spans["author"][1] + 1
    following = next((i for i in range(after, len(r.labels)) if r.labels[i] != OTHER), len(r.labels))
    if following > after and _TRUNCATED.search(r.text_of(after, following - 1)):
        r.item.author_truncated = True


def _doi_in_url(r: Reading) -> None:
    """GB/T writes a DOI as its doi.org link, and publishers' links spell it."""
    if r.item.URL and not r.item.DOI and (doi := values.doi_in_url(r.item.URL)):
        r.item.DOI = doi
        r.confidence["DOI"] = r.confidence.get("URL", 0.5)


def _host_editors(r: Reading) -> None:
    if r.has_host and r.item.container_title and _split_host(r.item, r.gbt):
        r.confidence.setdefault("editor", r.confidence.get("container-title", 0.5))


def _host_imprint(r: Reading) -> None:
    if r.has_host and not r.item.publisher and _imprint_in_host(r.item):
        r.confidence["publisher"] = r.confidence.get("container-title", 0.5)


def _host_imprint_read_as_its_title(r: Reading) -> None:
    """A host's "title" that is `Place: Publisher` while its "editors" run on into a title
    (`//Петров А В, Сафонов Г И. Механика тонкостенных конструкций. Москва: Северный луч`): the
    imprint, the title being in the editors (read by `_host_title_read_as_editors`)."""
    item = r.item
    if not (r.has_host and item.container_title and not item.publisher and "editor" in r.spans):
        return
    editors = r.text_of(*r.spans["editor"])
    if _HOST.match(editors) and (imprint := _IMPRINT.fullmatch(item.container_title)):
        item.publisher_place, item.publisher = imprint["place"].strip(), imprint["publisher"].strip()
        item.container_title = ""
        r.confidence["publisher"] = r.confidence.pop("container-title", 0.5)


def _host_title_read_as_editors(r: Reading) -> None:
    """A host has a title, not always an editor: editors with no host title are (or hold) the title."""
    item = r.item
    if not (r.has_host and item.editor and not item.container_title and "editor" in r.spans):
        return
    span = r.text_of(*r.spans["editor"])
    if not _title_in_editors(item, span, r.gbt):
        item.editor, item.container_title = [], values.text_value(span)
    r.confidence["container-title"] = r.confidence.pop("editor", 0.5)


def _host_brackets_closed(r: Reading) -> None:
    if r.item.container_title.count("(") > r.item.container_title.count(")"):
        r.item.container_title = _closed(r.item.container_title, r.text)


def _periodical_by_its_holdings(r: Reading) -> None:
    """[J] on a journal as a whole: what follows its holdings (`1957(1)-`) is its imprint."""
    if r.item.type == "article-journal" and values.is_holdings(r.item.volume):
        r.item.type = "periodical"


def _serial_or_publisher(r: Reading) -> None:
    """An article names its serial, never a publisher; a work with no host has a publisher, never a
    container: a subtitle, a numbered "publisher" or a "container" the labeller gave the wrong field."""
    item, confidence = r.item, r.confidence
    if r.marked and item.type in _IN_SERIAL and _subtitled_serial(item, r.text):
        _publisher_is_subtitle(item, confidence)
    if r.marked and item.container_title and item.type not in _HOSTED and not r.has_host:
        _container_is_publisher(item, confidence)
    elif r.marked and item.type in _IN_SERIAL and _numbered_publisher(item):
        _publisher_is_container(item, confidence)


def _serial_read_as_imprint(r: Reading) -> None:
    """GB/T names an article's serial where a book has its imprint: a newspaper read as its publisher,
    or a journal read as a place with no publisher after it, is the container."""
    item = r.item
    newspaper_named = item.type == "article-newspaper" and item.publisher and not item.publisher_place
    place_only = item.publisher_place and not item.publisher
    if item.type in _IN_SERIAL and not item.container_title and (newspaper_named or place_only):
        _moved(item, r.confidence, "publisher" if newspaper_named else "publisher-place", "container-title")


def _year_read_as_volume(r: Reading) -> None:
    """A year-like volume of anything but a serial, with no year read, is the year (`SPIE, 2021: 118990K`)."""
    item = r.item
    if r.gbt and not item.issued and item.type not in _NUMBERED_SERIALS and values.is_year(item.volume):
        item.issued, item.volume = (int(item.volume),), ""
        r.confidence["issued"] = r.confidence.pop("volume", 0.5)


def _title_read_as_author(r: Reading) -> None:
    """No full stop between the "author" and the mark: the title of an authorless work."""
    item = r.item
    if not (r.gbt and not item.title and item.author and "author" in r.spans):
        return
    if _runs_into_mark(r, "author", (OTHER, "number")):
        item.title, item.author = values.text_value(r.text_of(*r.spans["author"])), []
        r.confidence["title"] = r.confidence.pop("author", 0.5)


def _title_read_as_its_imprint(r: Reading) -> None:
    """A "publisher" or "container" that opens the string and runs into the mark (`湘江年鉴（2018）[M].`)
    is the title: GB/T names the others only after the mark."""
    item = r.item
    if not r.gbt or item.title or item.author or r.has_host:
        return
    for label in ("publisher", "container-title"):
        if (
            label in r.spans
            and r.spans[label][0] == 0
            and _runs_into_mark(r, label, (OTHER, "number", "issued"))
        ):
            _moved(item, r.confidence, label, "title")
            return


def _series_as_title(r: Reading) -> None:
    """A series with no title in the reference is the title."""
    if not r.item.title and r.item.collection_title:
        _moved(r.item, r.confidence, "collection-title", "title")


def _unhosted_container_as_title(r: Reading) -> None:
    """A work with no host and no title: what was read as its container is its own title, where the
    string is marked (and no article), or unmarked with a full stop after the "container" and a
    publisher (`王一鸣. 近代城市史论丛. 杭州: 钱塘出版社, 2018.`): a serial names no publisher."""
    item = r.item
    if item.title or r.has_host or not item.container_title:
        return
    if r.marked:
        if item.type not in _IN_SERIAL:
            _moved(item, r.confidence, "container-title", "title")
        return
    last = r.spans["container-title"][1] if "container-title" in r.spans else None
    stop = last is not None and last + 1 < len(r.tokens) and r.tokens[last + 1].text in ".。"
    if last is not None and last + 1 < len(r.tokens) and r.tokens[last + 1].text in ":：":
        following = next((label for label in r.labels[last + 1 :] if label != OTHER), "")
        stop = following == "volume"  # `Proceedings of …: v.3. Ocean Power Society, 2022.`
    if stop and item.publisher:  # a serial has no publisher; `近代城市史论丛. 33-41.` may be either
        _moved(item, r.confidence, "container-title", "title")


def _periodical_imprint(r: Reading) -> None:
    """A journal as a whole (`沙洲地学通报[J]. 兰州: 沙洲地学通报编辑部, 1982-1999.`), with no author and
    its run of years, has a title and an imprint: a "container" that is `Place: Publisher` is it."""
    item = r.item
    if item.type not in _NUMBERED_SERIALS or not item.title or item.author or item.publisher:
        return
    if item.volume or item.page or not _YEAR_RUN.search(r.text):
        return
    if _imprint_read(item, "container-title", r.confidence):
        item.type = "periodical"


#: A periodical's run of years, open or closed: `1982-1999`, `1936-`.
_YEAR_RUN = re.compile(rf"{values.YEAR}\s*[-–—]")


# --- imprints: `Place: Publisher`, the one shape every imprint fix below reads ---------------------

#: A place in Latin or Cyrillic letters (`Brisbane`, `Washington, D.C.`, `Montréal`, `Москва`) and a
#: Chinese one (`贵阳`, `呼和浩特`).
_PLACE_WORD = rf"[{CAPITALS}][^\W\d_]*\.?"
_LATIN_PLACE = rf"{_PLACE_WORD}(?:[,，-]? ?{_PLACE_WORD}){{0,3}}"
_CJK_PLACE = r"[\u4e00-\u9fff]{2,4}"
#: A place a title ran on into is believed only when short: one or two bare words (`Leicester`, `New York`).
_SHORT_LATIN_PLACE = rf"[{CAPITALS}][^\W\d_]+(?: [{CAPITALS}][^\W\d_]+)?"
_COLON = r"\s*[:：]\s*"
#: Any imprint as a field holds it, the place up to the first colon.
_IMPRINT = re.compile(rf"^(?P<place>[^:：]{{1,40}}){_COLON}(?P<publisher>\S.*)$")
#: A Latin imprint, `Brisbane: IEEE`, `Москва: Северный луч`: a place, then a capitalised publisher.
_LATIN_IMPRINT = re.compile(rf"(?P<place>{_LATIN_PLACE}){_COLON}(?P<publisher>[{CAPITALS}][^.:：/]{{0,60}})")
#: A host's title that ran on into its imprint: `Conference on Robotics. Brisbane: IEEE`.
_HOST_AND_IMPRINT = re.compile(rf"(?P<title>.+)\.\s+{_LATIN_IMPRINT.pattern}")
#: A title run on into the place after it: `西南少数民族口传文学选编. 贵阳`, `Local history methods.
#: Leicester` (then `: Publisher`).
_TITLE_AND_PLACE = re.compile(rf"(?P<title>.+?)[.。]\s*(?P<place>{_CJK_PLACE}|{_SHORT_LATIN_PLACE})")
#: A whole string that is only an imprint and a date (`昆明：滇池高原生物研究所，2022.`, `江宁: 崇文书局,
#: 1884（清光绪十年）.`, the reign year kept as written).
_ONLY_AN_IMPRINT = re.compile(
    rf"(?P<place>[^:：,，.。;；\d]{{1,20}}){_COLON}(?P<publisher>[^:：,，.。;；\d]{{2,60}}?)\s*"
    rf"(?:[,，]\s*(?P<date>{values.YEAR}(?:[-/]\d{{1,2}}){{0,2}})(?:\s*[(（][^()（）]{{1,12}}[)）])?)?[.。]?"
)


def _imprint_read(item: CslItem, label: str, confidence: dict[str, float]) -> bool:
    """A text field that is `Place: Publisher`, a publisher that names a body, is the imprint."""
    imprint = _IMPRINT.match(getattr(item, TEXT_FIELDS[label]))
    if not imprint or not names_a_body(imprint["publisher"].strip()):
        return False
    item.publisher_place, item.publisher = imprint["place"].strip(), imprint["publisher"].strip()
    setattr(item, TEXT_FIELDS[label], "")
    confidence["publisher"] = confidence.pop(label, 0.5)
    return True


def _place_after_the_title(r: Reading) -> None:
    """A title or host title that ran on into the place of `Place: Publisher` (or of a proceedings'
    `Place, year`) gives the place back."""
    item = r.item
    if item.publisher_place or not (item.publisher or r.has_host):
        return
    after = re.escape(item.publisher) if item.publisher else values.YEAR  # `Brest, 2021: 12-19`
    for label in ("container-title", "title"):
        found = _TITLE_AND_PLACE.fullmatch(getattr(item, TEXT_FIELDS[label]))
        if found and _NO_PLACE.search(found["place"]):
            continue  # `…Conference. Supplement, 2019`
        if found and re.search(re.escape(found["place"]) + r"\s*[:：,，]\s*" + after, r.text):
            setattr(item, TEXT_FIELDS[label], found["title"])
            item.publisher_place = found["place"]
            r.confidence["publisher-place"] = r.confidence.get(label, 0.5)
            return


def _type_guessed(r: Reading) -> None:
    """A reference without a mark gets a type from the fields it has; after this, every string is
    "marked", so every fix that asks whether the type was read runs before it."""
    if not r.marked:
        r.item.type = _guess_type(r.item)
        r.confidence["type"] = 0.5


def _newspaper_page(r: Reading) -> None:
    """GB/T: a newspaper's date, then its page in brackets (`2000-11-20(15)`), not an issue."""
    item = r.item
    if item.type == "article-newspaper" and item.issue and not (item.page or item.volume):
        _moved(item, r.confidence, "issue", "page")


def _standard_year(r: Reading) -> None:
    """GB/T 2025 names a standard by its number, whose end is its year."""
    item = r.item
    if item.type == "standard" and not item.issued and (year := values.standard_year(item.number)):
        item.issued = year
        r.confidence["issued"] = r.confidence.get("number", 0.5)


def _imprint_alone(r: Reading) -> None:
    """A string with no mark that shows only an imprint (`昆明: 滇池高原生物研究所, 2022.`, `佚名, 2022.
    江宁: 崇文书局.`): what the labeller took for a name, a host or a title is the imprint. A Latin one
    must name a publisher (`Oxford: Clarendon Press`): `Ocean policy: the role of …` is a title."""
    item = r.item
    if r.marked:
        return
    whole = _ONLY_AN_IMPRINT.fullmatch(r.text.strip())
    if whole and _publisher_named(whole["publisher"], whole["place"]):
        item.author, item.title, item.container_title = [], "", ""
        item.publisher_place, item.publisher = whole["place"].strip(), whole["publisher"].strip()
        if whole["date"]:
            item.issued = values.date_value(whole["date"])
        for label in ("author", "title", "container-title"):
            r.confidence.pop(label, None)
        r.confidence.update({"publisher": 0.5, "publisher-place": 0.5})
        return
    if item.publisher or item.volume or item.issue or item.page:
        return
    if item.container_title and item.publisher_place and not item.title:
        _container_is_publisher(item, r.confidence)
    elif item.title and not (item.container_title or item.author or item.publisher_place):
        imprint = _IMPRINT.match(item.title)
        if imprint and _publisher_named(imprint["publisher"], imprint["place"]):
            _imprint_read(item, "title", r.confidence)


def _publisher_named(publisher: str, place: str) -> bool:
    """A publisher as an imprint alone names it: a Chinese body after a place of a few characters,
    or a Latin publisher (`… Press`)."""
    publisher, place = publisher.strip(), place.strip()
    if has_cjk(publisher):
        return names_a_body(publisher) and len(place) <= 4
    return names_a_publisher(publisher)


#: What a string that names only who is responsible has besides the name: a year at most.
_BESIDES_A_NAME = ("container_title", "publisher", "publisher_place", "volume", "issue", "page", "DOI", "URL")


def _name_alone(r: Reading) -> None:
    """A string with no mark that names only a body or a person (`江南流域水文观测总站.`, `约翰·卡维尔.`,
    `欧阳明轩, 上官婉清.`) names who is responsible, not a title: GB/T's element examples of authors."""
    item = r.item
    if r.marked or not item.title or any(getattr(item, name) for name in _BESIDES_A_NAME):
        return
    title_span = r.spans.get("title")
    if item.author and title_span and "author" in r.spans:
        author_end, title_start = r.tokens[r.spans["author"][1]].end, r.tokens[title_span[0]].start
        if r.text[author_end:title_start].strip() not in (",", "，") or len(item.title) > 4:
            return  # GB/T ends the authors with a full stop: a title after a comma is one more name
        names, _ = split_names(r.text_of(r.spans["author"][0], title_span[1]), family_first=True)
    elif not item.author and names_a_publisher(item.title):
        _moved(item, r.confidence, "title", "publisher")  # `佚名, 2011a. 海澄教育出版社.`
        return
    elif not item.author and (names_a_body(item.title) or is_transliterated(item.title)):
        names = [Name(literal=item.title)]
    else:
        return
    item.author, item.title = names, ""
    r.confidence["author"] = min(r.confidence.get("author", 1.0), r.confidence.pop("title", 0.5))


def _publisher_alone(r: Reading) -> None:
    """A string with no mark that names a publisher and a year (`Bellweather Books, 2020.`): the
    labeller's "author" is the publisher of GB/T's imprint example."""
    item = r.item
    if r.marked or item.title or "author" not in r.spans or any(getattr(item, n) for n in _BESIDES_A_NAME):
        return
    span = r.text_of(*r.spans["author"])
    if names_a_publisher(span) and not re.search("[,，]", span):  # not `Smith J, Penguin Books, 2018.`
        item.author, item.publisher = [], values.text_value(span)
        r.confidence["publisher"] = r.confidence.pop("author", 0.5)


#: A year in brackets after a web page's or data set's publisher (GB/T 2025: `城市记忆网（2022）[…]`).
_PUBLISHER_YEAR = re.compile(rf"(?P<publisher>.+?)\s*[(（]\s*(?P<year>{values.YEAR})\s*[)）]")


def _year_after_publisher(r: Reading) -> None:
    """GB/T 2025 prints an online work's year in brackets after its publisher: the year, not the name."""
    item = r.item
    found = _PUBLISHER_YEAR.fullmatch(item.publisher)
    if found:
        item.publisher = found["publisher"]
        if not item.issued:
            item.issued = (int(found["year"]),)
            r.confidence["issued"] = r.confidence.get("publisher", 0.5)


Fix = Callable[[Reading], None]
#: The fixes in the order they run (see the module's docstring for why the order matters).
FIXES: tuple[Fix, ...] = (
    _authors_truncated,
    _doi_in_url,
    _host_editors,
    _host_imprint,
    _host_imprint_read_as_its_title,
    _host_title_read_as_editors,
    _host_brackets_closed,
    _volume_of_a_work,
    _periodical_by_its_holdings,
    _title_read_as_its_imprint,
    _serial_or_publisher,
    _serial_read_as_imprint,
    _year_read_as_volume,
    _title_read_as_author,
    _series_as_title,
    _unhosted_container_as_title,
    _periodical_imprint,
    _place_after_the_title,
    _imprint_alone,
    _name_alone,
    _publisher_alone,
    _year_after_publisher,
    _type_guessed,
    _newspaper_page,
    _standard_year,
)


def _runs_into_mark(r: Reading, label: str, between: tuple[str, ...]) -> bool:
    """The label's span reaches the mark with only `between` labels in between (`食品安全国家标准 …:
    GB 5009.999—2023[S]`): GB/T ends the authors with a full stop, a title with its mark."""
    if MARK not in r.spans:
        return False
    tokens, after, mark = r.tokens, r.spans[label][1] + 1, r.spans[MARK][0]
    stops = [
        k for k in range(after, mark) if tokens[k].text in ".。" and tokens[k].end != tokens[k + 1].start
    ]
    if r.spans[label][0] > mark or stops:  # a full stop, not the point of `5009.999`
        return False
    return all(other in between for other in r.labels[after:mark])


def _volume_title(tokens: list[Token], labels: list[str], label: str) -> tuple[int, int] | None:
    """A title, a colon, a volume and the volume's own title (`中国近代城市史：第 4 卷 华南与西南城市`,
    `The Oxford history of trade: v.3 The age of steam`): the second title's tokens, else None."""
    if label not in labels:
        return None
    first_end = stretch(labels, labels.index(label), label)
    volume = next((i for i in range(first_end + 1, len(labels)) if labels[i] != OTHER), None)
    if volume is None or labels[volume] != "volume":
        return None
    if not any(token.text in ":：" for token in tokens[first_end + 1 : volume]):
        return None
    volume_end = stretch(labels, volume, "volume")
    second = next((i for i in range(volume_end + 1, len(labels)) if labels[i] != OTHER), None)
    if second is None or labels[second] != label:
        return None
    if any(token.text in ".。" for token in tokens[volume_end + 1 : second]):
        return None  # `…論文集: v.2. 名古屋: …`: after a full stop comes the imprint, not the volume's title
    return second, stretch(labels, second, label)


def _maintitle_apart(item: CslItem, label: str, main: str, volume_title: str) -> None:
    """A volume's own title is the title (the host's, for a container); the work's is biblatex's
    `maintitle`, kept in `other` so the BibTeX written back has it."""
    item.other["maintitle"] = main
    setattr(item, TEXT_FIELDS[label], values.text_value(volume_title))


_HOST = re.compile(r"^(?P<who>[^.。:：/]{1,60}?)[.。]\s*(?P<title>\S.*)$")
#: What follows a host title's full stop that is still the title: `. Series A: …`, `. Part 2: …`.
_NO_PLACE = re.compile(
    r"\d|^(?:Series|Part|Section|Vol|Volume|No|Track|Session|Supplement|Abstracts|Серия|Série|Serie|Reihe|"
    r"Teil|Band|Tome|Том|Выпуск)\b",
    re.IGNORECASE,
)


def _imprint_in_host(item: CslItem) -> bool:
    """Split a host's `Place: Publisher` off its title, where the labeller ran the title on."""
    found = _HOST_AND_IMPRINT.fullmatch(item.container_title)
    if not found or item.publisher_place or _NO_PLACE.search(found["place"]):
        return False
    item.container_title = found["title"].strip()
    item.publisher_place, item.publisher = found["place"].strip(), found["publisher"].strip()
    return True


def _title_in_editors(item: CslItem, span: str, gbt: bool) -> bool:
    """The host's title the labeller took for the end of its editors (`//KEMP D. Rivers. Washington`)."""
    trial = replace(item, editor=[], container_title=values.text_value(span))
    if not _split_host(trial, gbt) or not trial.editor:
        return False
    item.editor, item.container_title = trial.editor, trial.container_title
    return True


#: How the title of a work ends, which names no person (`…大会论文集. 呼和浩特`: a title, then a place).
_WORK_TITLE = re.compile(r"(?:论文集|文集|汇编|报告|年鉴|丛书|手册|全集|选集|词典|辞典|大全|学报)$")


def _split_host(item: CslItem, gbt: bool) -> bool:
    """The host's responsible persons read off its title ("赵其国. 长江流域…"); False when none."""
    found = _HOST.match(item.container_title)
    if not found:
        return False
    who = found["who"].strip()
    if re.match(rf"[{CAPITALS}]\.", found["title"]):
        return False  # `Петров А.В., Сафонов Г.И. Механика`: the stop of an initial, not of the names
    imprint_only = not item.publisher and _LATIN_IMPRINT.fullmatch(found["title"])  # ran on
    if is_host_body(who) and re.search(r"[^\W\d_]", found["title"]) and not imprint_only:
        item.editor, item.container_title = [*item.editor, Name(literal=who)], found["title"].strip()
        return True
    if _WORK_TITLE.search(who) or not is_name_list(who):
        return False
    names, _ = split_names(who, family_first=gbt)
    if not names:
        return False
    item.editor, item.container_title = item.editor + names, found["title"].strip()
    return True


#: The types whose GB/T entry names a host (a journal, a newspaper, a book or proceedings after //).
_HOSTED = frozenset({"article-journal", "article-newspaper", "chapter", "paper-conference"})


def _container_is_publisher(item: CslItem, confidence: dict[str, float]) -> None:
    """A book, thesis, dataset, report, preprint… has no host in GB/T: what the labeller took for one
    is its publisher (`Ohio: Wright State University`, `arXiv`, `UK Data Service`)."""
    if not item.publisher:
        imprint = _IMPRINT.match(item.container_title)
        item.publisher = imprint["publisher"].strip() if imprint else item.container_title
        if imprint and not item.publisher_place:
            item.publisher_place = imprint["place"].strip()
        confidence["publisher"] = confidence.get("container-title", 0.5)
    item.container_title = ""
    confidence.pop("container-title", None)


#: What GB/T marks as an article of a journal or a newspaper ([J], [N]) names its serial, never a publisher.
_IN_SERIAL = frozenset({"article-journal", "article-newspaper"})
#: The types whose volume may look like a year (a journal's volume 1999); any other's is its year.
_NUMBERED_SERIALS = frozenset({"article-journal", "periodical"})


def _numbered_publisher(item: CslItem) -> bool:
    """A publisher, no container, and a volume or issue: only a serial is numbered so."""
    return bool(item.publisher and not item.container_title and (item.volume or item.issue))


def _publisher_is_container(item: CslItem, confidence: dict[str, float]) -> None:
    """An article has a journal or newspaper, no publisher: what the labeller took for one, numbered
    by volume or issue, is its serial (`…[J/OL]. Modern China, 1993, 19(2): 199-215`). Not without
    the numbers: a shape that marks a data set or a map [J] (`[J].figshare,2020.`) names its
    publisher there. A "place" before it is the journal name's first part (`Light: Science &
    Applications, 2021, 10: 55`)."""
    _moved(item, confidence, "publisher", "container-title")
    if item.publisher_place:
        item.container_title = f"{item.publisher_place}: {item.container_title}"
        item.publisher_place = ""
        confidence.pop("publisher-place", None)


def _moved(item: CslItem, confidence: dict[str, float], read_as: str, field: str) -> None:
    """What the labeller read as one text field is another: its value and its confidence move."""
    setattr(item, TEXT_FIELDS[field], getattr(item, TEXT_FIELDS[read_as]))
    setattr(item, TEXT_FIELDS[read_as], "")
    confidence[field] = confidence.pop(read_as, 0.5)


def _closed(container: str, text: str) -> str:
    """A container cut inside its brackets, the year taken for the date (`… Communications (PerCom
    2006)`), closed again up to its bracket: a name's brackets are its own."""
    found = re.search(re.escape(container) + r"([^()]{1,12}\))", text)
    return container + found[1] if found else container


def _subtitled_serial(item: CslItem, text: str) -> bool:
    """A journal and a "publisher" written as one `Journal: Subtitle` after the mark of an article."""
    if not (item.container_title and item.publisher):
        return False
    joined = re.escape(item.container_title) + r"\s*[:：]\s*" + re.escape(item.publisher)
    return re.search(joined, text) is not None


def _publisher_is_subtitle(item: CslItem, confidence: dict[str, float]) -> None:
    """GB/T names no publisher for an article: a "publisher" after the journal's colon is the rest of
    the journal's name (`Biochimica et Biophysica Acta (BBA): Molecular Cell Research`)."""
    item.container_title, item.publisher = f"{item.container_title}: {item.publisher}", ""
    score = min(confidence.get("container-title", 0.5), confidence.pop("publisher", 0.5))
    confidence["container-title"] = score


def _guess_type(item: CslItem) -> str:
    """A type for a reference without a mark, from the fields it has."""
    if item.container_title and (item.volume or item.issue or item.page) and not item.publisher:
        return "article-journal"
    if item.container_title:
        return "chapter" if item.publisher or item.editor else "article-journal"
    if item.genre:
        return "thesis"
    if item.publisher:
        return "report" if item.number else "book"
    if item.URL:
        return "webpage"
    return "document"
