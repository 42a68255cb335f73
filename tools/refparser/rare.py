"""Records of the GB/T 7714 types and shapes that real bibliographies hardly hold, built from real parts.

Real lists have few periodicals described as a whole (`1984, 1(1)-`), archive files with their call
numbers, maps with scales, preprints, datasets with versions and CSTR identifiers, reports,
standards, patents, newspapers, web pages read on a date, translated and multi-volume works, named
parts of a host (`船山全书: 第1册`), old imprints dated by reign, pages such as `序2-3`, supplements
(`增刊2`) and article numbers. Each record here has a real title (the CNKI crawl for Chinese, the
shared corpora for English), real people (the corpora's) or people drawn as `chinese.py` draws them,
and the real names of `rare_parts.py` and `chinese.py`; numbers, dates and identifiers are drawn in
their registries' shapes. Fields follow `litgraph.parse.csl.to_csl`'s reading of biblatex (`holder`,
`scale`, `version`, `cstr`, `eid`, a year written with words in `issued.literal`), so the renderer
writes them as the gbt7714 styles write real biblatex records. Over 400 lines: one short maker per
type, which reads best beside the others (the names they draw from are in `rare_parts.py`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from litgraph.csl import CslItem, Name

from . import chinese
from . import rare_parts as parts

_DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class Parts:
    """The real pieces records are made of (English ones from the shared corpora)."""

    zh_titles: list[str]
    zh_journals: list[str]
    en_titles: list[str]
    en_names: list[Name]
    en_journals: list[str]
    en_proceedings: list[str]


@dataclass
class _Draw:
    """One record's draws: its language and the helpers every maker uses."""

    rng: random.Random
    parts: Parts
    zh: bool

    def title(self) -> str:
        return self.rng.choice(self.parts.zh_titles if self.zh else self.parts.en_titles)

    def people(self, most: int = 4) -> list[Name]:
        count = self.rng.choices(range(1, most + 1), weights=[40, 30, 18, 12][:most])[0]
        if self.zh:
            return [chinese.person(self.rng) for _ in range(count)]
        return [self.rng.choice(self.parts.en_names) for _ in range(count)]

    def body(self) -> Name:
        return chinese.body(self.rng) if self.zh else Name(literal=self.rng.choice(parts.BODIES_EN))

    def authors(self, body_share: float = 0.3, most: int = 4) -> list[Name]:
        return [self.body()] if self.rng.random() < body_share else self.people(most)

    def year(self, low: int = 1980, high: int = 2025) -> int:
        return self.rng.randint(low, high)

    def date(self, year: int) -> tuple[int, int, int]:
        return (year, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def later(self, year: int) -> tuple[int, int, int]:
        return self.date(min(2026, year + self.rng.randint(0, 3)))

    def imprint(self) -> tuple[str, str]:
        if self.zh:
            return self.rng.choice(chinese.PUBLISHERS)
        return self.rng.choice(parts.ENGLISH_PLACES)

    def digits(self, count: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(count))


def _chinese_number(number: int) -> str:
    """三十六 for 36, 四 for 4, 十三 for 13: how reign years and months are written."""
    tens, units = divmod(number, 10)
    if not tens:
        return _DIGITS[units]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def reign_literal(rng: random.Random, year: int, full: bool) -> str:
    """`1887（光绪十三年三月十三日）`, `1947（民国三十六年）`: a year AD with the reign's year."""
    reign, first = max((r for r in parts.REIGNS if r[1] <= year), key=lambda r: r[1], default=parts.REIGNS[0])
    prefix = (
        "中华民国" if reign == "民国" and rng.random() < 0.4 else ("清" if reign != "民国" else "") + reign
    )
    if reign == "民国" and not prefix.startswith("中华"):
        prefix = "民国"
    text = prefix + ("元" if year == first else _chinese_number(year - first + 1)) + "年"
    if full:
        text += _chinese_number(rng.randint(1, 12)) + "月" + (_chinese_number(rng.randint(1, 30)) + "日")
    return f"{year}（{text}）"


def _literal_year(item: CslItem, year: int, literal: str) -> None:
    item.issued = (year,)
    item.other["issued"] = {"date-parts": [[year]], "literal": literal}


def periodical(d: _Draw) -> CslItem:
    """A journal as a whole: `1984, 1(1)-` from its first issue on, or `1957(1)-1990(4)`."""
    start = d.year(1880 if not d.zh else 1950, 2015)
    title = d.rng.choice(d.parts.zh_journals if d.zh else d.parts.en_journals)
    item = CslItem(type="periodical", title=title, issued=(start,))
    if d.rng.random() < 0.5:
        item.volume, literal = f"{start}, 1(1)-", f"{start}/"
    else:
        end = min(2025, start + d.rng.randint(3, 40))
        item.volume = f"{start}({d.rng.randint(1, 4)})-{end}({d.rng.randint(1, 12)})"
        literal = f"{start}/{end}"
    item.other["issued"] = {"date-parts": [[start]], "literal": literal}
    if d.rng.random() < 0.7:
        item.editor = [d.body()]
    place, publisher = d.imprint()
    item.publisher_place, item.publisher = place, (item.editor[0].literal if item.editor else publisher)
    if d.rng.random() < 0.25:
        item.URL, item.accessed = f"https://www.{d.digits(5)}.org/journal", d.date(2024)
    return item


def archive(d: _Draw) -> CslItem:
    """An archive's file, with its call number, kept by a named archive."""
    place, keeper = d.rng.choice(parts.ARCHIVES_ZH if d.zh else parts.ARCHIVES_EN)
    if d.zh and d.rng.random() < 0.2:
        place, university = d.rng.choice(chinese.UNIVERSITIES)
        keeper = university + "档案馆"
    year = d.year(1860, 1990)
    number = d.rng.choice(
        (
            f"{d.digits(2)}-{d.digits(2)}-{d.digits(2)}-{d.digits(4)}-{d.digits(3)}",
            f"{d.rng.choice('JLQSR')}{d.digits(3)}-{d.digits(3)}-{d.digits(4)}-{d.digits(3)}",
            f"{d.rng.choice(('LS', 'JS', 'WS'))}{d.digits(3)}-{d.digits(3)}-{d.digits(4)}-{d.digits(3)}",
            f"{d.rng.choice('JQR')}{d.digits(3)}-{d.digits(1)}-{d.digits(3)}",
        )
    )
    kind = "personal_communication" if d.rng.random() < 0.3 else "document"
    item = CslItem(type=kind, title=d.title(), author=d.authors(0.5, 2), number=number)
    item.publisher_place, item.publisher = place, keeper
    item.other["bibtex-type"] = "letter" if kind == "personal_communication" else "archive"
    if d.zh and year < 1950 and d.rng.random() < 0.6:
        _literal_year(item, year, reign_literal(d.rng, year, d.rng.random() < 0.5))
    else:
        item.issued = d.date(year)
    if d.rng.random() < 0.3:
        item.URL, item.accessed = f"https://www.{d.digits(4)}.gov.cn/pdf/{number}.PDF", d.date(2024)
    return item


def map_sheet(d: _Draw) -> CslItem:
    """A map: its scale after the title; its size (2025); or a map inside an atlas."""
    place, publisher = d.rng.choice(parts.MAP_PUBLISHERS_ZH if d.zh else parts.MAP_PUBLISHERS_EN)
    if d.zh:
        title = d.rng.choice(parts.REGIONS_ZH) + d.rng.choice(parts.MAP_SUBJECTS_ZH)
    else:
        title = f"{d.rng.choice(parts.MAP_SUBJECTS_EN).capitalize()} of {d.rng.choice(parts.REGIONS_EN)}"
    item = CslItem(type="map", title=title, author=d.authors(0.5, 2), issued=(d.year(1950),))
    item.publisher_place, item.publisher = place, publisher
    denominator = d.rng.choice((10000, 25000, 50000, 100000, 170000, 250000, 500000, 1000000, 4000000))
    spaced = f"{denominator:,}".replace(",", " ") if d.rng.random() < 0.3 else str(denominator)
    item.other["scale"] = f"1{d.rng.choice((':', ':', '∶'))}{spaced}"
    if d.rng.random() < 0.6:
        item.other["dimensions"] = f"{d.rng.randint(40, 150)}cm x {d.rng.randint(30, 110)}cm"
    if d.rng.random() < 0.15:
        item.container_title = (d.rng.choice(parts.REGIONS_ZH) + "地图集") if d.zh else d.title()
        item.page = str(d.rng.randint(1, 200))
    return item


def conference(d: _Draw) -> CslItem:
    """A paper after `//`: a conference's name only, or its proceedings with editors and imprint."""
    year = d.year(1970)
    if d.zh:
        name = f"第{d.rng.randint(2, 40)}届{d.rng.choice(chinese.CONFERENCES)}"
    else:
        name = d.rng.choice(d.parts.en_proceedings)
    item = CslItem(type="paper-conference", title=d.title(), author=d.people(), issued=(year,))
    if d.rng.random() < 0.5:  # GB/T: `[C]//2022 6th … Conference, 2022: 2.`
        item.event_title = name + ("" if d.zh or d.rng.random() < 0.5 else f", {year}")
        item.page = str(d.rng.randint(1, 12))
    else:
        item.container_title = name + ("论文集" if d.zh and d.rng.random() < 0.7 else "")
        if d.rng.random() < 0.5:
            item.editor = [d.body()] if d.rng.random() < 0.5 else d.people(3)
        item.publisher_place, item.publisher = d.imprint()
        start = d.rng.randint(1, 900)
        item.page = f"{start}-{start + d.rng.randint(2, 20)}"
    if d.rng.random() < 0.3:
        item.URL = f"https://ieeexplore.ieee.org/document/{d.digits(8)}"
        if d.rng.random() < 0.5:
            item.DOI = f"10.1109/{d.rng.choice(('ICASSP', 'CVPR', 'ICDE', 'IJCNN'))}.{year}.{d.digits(8)}"
    return item


def preprint(d: _Draw) -> CslItem:
    name, doi, url = d.rng.choice(parts.PREPRINT_SERVERS[-2:] if d.zh else parts.PREPRINT_SERVERS[:-2])
    year = d.year(2008)
    number = f"{year % 100:02d}{d.rng.randint(1, 12):02d}.{d.digits(5)}"
    item = CslItem(type="article", title=d.title(), author=d.people(), issued=d.date(year))
    item.accessed = d.later(year)
    item.URL = url.format(id=number)
    item.other.update({"eprint": number, "archiveprefix": name})
    if doi and d.rng.random() < 0.6:
        item.DOI = doi.format(id=number)
    if d.rng.random() < 0.4:
        item.other["version"] = str(d.rng.randint(1, 4))
    if d.zh and d.rng.random() < 0.5:
        item.other["cstr"] = f"{d.rng.choice(parts.CSTR_PREFIXES)}.{name}.{number}.V{d.rng.randint(1, 3)}"
    return item


def dataset(d: _Draw) -> CslItem:
    name, prefix, host = d.rng.choice(parts.DATA_REPOSITORIES_ZH if d.zh else parts.DATA_REPOSITORIES_EN)
    year = d.year(2005)
    code = (
        d.digits(7)
        if d.rng.random() < 0.5
        else "".join(d.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(6))
    )
    item = CslItem(type="dataset", title=d.title(), author=d.authors(0.3, 4), publisher=name)
    item.issued = d.date(year) if d.rng.random() < 0.7 else (year,)
    item.accessed, item.URL = d.later(year), host + code
    if prefix and d.rng.random() < 0.6:
        item.DOI = prefix + code
    if d.rng.random() < 0.6:
        item.other["version"] = d.rng.choice(
            (f"{d.rng.randint(1, 3)}.{d.rng.randint(0, 9)}", str(d.rng.randint(1, 5)))
        )
    if d.zh and d.rng.random() < 0.4:
        item.other["cstr"] = f"{d.rng.choice(parts.CSTR_PREFIXES)}.{code}"
    return item


def report(d: _Draw) -> CslItem:
    year = d.year(1970)
    title = d.title() + (d.rng.choice(("报告", "研究报告", "白皮书", "")) if d.zh else "")
    item = CslItem(type="report", title=title, author=d.authors(0.7, 3), issued=(year,))
    if d.rng.random() < 0.5:
        item.number = d.rng.choice(
            (
                f"PB {d.digits(2)}-{d.digits(6)}",
                f"NREL/TP-{d.digits(4)}-{d.digits(5)}",
                f"WP/{year % 100:02d}/{d.digits(3)}",
                f"Working Paper {d.digits(5)}",
                f"{d.rng.choice(('GAO', 'EPA', 'DOE'))}-{year % 100:02d}-{d.digits(3)}",
            )
        )
    roll = d.rng.random()
    if roll < 0.3:  # a publisher's imprint
        item.publisher_place, item.publisher = d.imprint()
    elif roll < 0.6:  # the body that wrote it published it
        item.publisher = item.author[0].literal or d.body().literal
        item.publisher_place = d.rng.choice(("北京", "上海", "")) if d.zh else ""
    else:  # none: GB/T 2025 gives the full date
        item.issued = d.date(year)
    if d.rng.random() < 0.5:
        item.URL, item.accessed = f"https://www.{d.digits(4)}.org/reports/{d.digits(6)}.pdf", d.later(year)
    if d.rng.random() < 0.2:
        item.page = str(d.rng.randint(5, 300))
    return item


def standard(d: _Draw) -> CslItem:
    year = d.year(1985)
    if d.zh:
        part = f".{d.rng.randint(1, 30)}" if d.rng.random() < 0.25 else ""
        number = f"{d.rng.choice(parts.STANDARD_PREFIXES_ZH)} {d.rng.randint(100, 59999)}{part}—{year}"
        title = f"{d.rng.choice(chinese.FIELDS)} {d.title()}"
        place, publisher = d.rng.choice(parts.STANDARD_PUBLISHERS_ZH)
        author = [
            chinese.body(d.rng)
            if d.rng.random() < 0.5
            else Name(literal=d.rng.choice(parts.STANDARD_BODIES_ZH))
        ]
    else:
        prefix, body, place, publisher = d.rng.choice(parts.STANDARDS_EN)
        part = f"-{d.rng.randint(1, 12)}" if d.rng.random() < 0.3 else ""
        number = f"{prefix} {d.rng.randint(100, 39999)}{part}:{year}"
        title, author = d.title(), [Name(literal=body)]
    item = CslItem(type="standard", title=title, author=author, number=number, issued=(year,))
    if d.rng.random() < 0.8:
        item.publisher_place, item.publisher = place, publisher
    if d.rng.random() < 0.3:
        item.URL, item.accessed = f"http://c.gb688.cn/bzgk/gb/showGb?hcno={d.digits(12)}", d.later(year)
    return item


def patent(d: _Draw) -> CslItem:
    year = d.year(1990)
    office, shape = d.rng.choice(
        [o for o in parts.PATENT_OFFICES if (o[0] == "CN") == d.zh] or parts.PATENT_OFFICES
    )
    number = shape.format(
        y=year, n6=d.digits(6), n7=d.digits(7), n8=d.digits(8), n9=d.digits(9), n10=d.digits(10),
        n12=d.digits(12), d=d.rng.randint(0, 9), k=d.rng.choice(("A", "B", "U", "A1", "B2", "")),
    )  # fmt: skip
    item = CslItem(type="patent", title=d.title(), number=number, issued=d.date(year))
    if d.rng.random() < 0.6:
        holder = chinese.body(d.rng).literal if d.zh else d.rng.choice(parts.PATENT_HOLDERS_EN)
        item.other["holder"] = holder
    else:
        item.author = d.people(3)
    if d.rng.random() < 0.5:
        item.URL, item.accessed = d.rng.choice(parts.PATENT_SITES).format(n=number), d.later(year)
    return item


def newspaper(d: _Draw) -> CslItem:
    year = d.year(1950)
    paper = d.rng.choice(chinese.NEWSPAPERS if d.zh else parts.NEWSPAPERS_EN)
    page = (
        f"{d.rng.randint(1, 16):02d}"
        if d.zh
        else d.rng.choice((f"A{d.rng.randint(1, 20)}", str(d.rng.randint(1, 40))))
    )
    item = CslItem(
        type="article-newspaper", title=d.title(), container_title=paper, issued=d.date(year), page=page
    )
    if d.rng.random() < 0.7:
        item.author = d.people(2)
    return item


def webpage(d: _Draw) -> CslItem:
    year = d.year(2000)
    item = CslItem(type="webpage", title=d.title(), accessed=d.later(year))
    item.URL = (
        f"{d.rng.choice(chinese.SITES)}/{d.digits(4)}/{d.digits(6)}.html"
        if d.zh
        else f"https://www.{d.digits(5)}.org/{d.digits(4)}"
    )
    if d.rng.random() < 0.7:
        item.author = d.authors(0.6, 2)
    if d.rng.random() < 0.6:
        item.issued = d.date(year) if d.rng.random() < 0.6 else (year,)
    return item


#: Syllables of foreign names as Chinese writes them (约翰·斯科特).
_FOREIGN = "约翰 斯科特 玛丽 安德森 彼得 德鲁克 亚当 斯密 卡尔 波普尔 托马斯 库恩 大卫 哈维".split()


def translated(d: _Draw) -> CslItem:
    """A translation: `科林·斯科特. 书名[M]. 安永康, 译. 北京: …` (Chinese) or an English book's."""
    place, publisher = d.imprint()
    item = CslItem(
        type="book", title=d.title(), issued=(d.year(1950),), publisher=publisher, publisher_place=place
    )
    if d.zh:
        names = [d.rng.choice(_FOREIGN) + "·" + d.rng.choice(_FOREIGN) for _ in range(d.rng.randint(1, 2))]
        item.author = [Name(literal=name) for name in names]
        item.translator = [chinese.person(d.rng) for _ in range(d.rng.randint(1, 3))]
    else:
        item.author, item.translator = d.people(2), d.people(2)
    if d.rng.random() < 0.3:
        item.edition = str(d.rng.randint(2, 8))
    return item


def _named_volume(d: _Draw) -> str:
    """A volume as a Chinese book names it (第4卷, 第二册, 卷5, 上册, 美国卷, 2011年卷), or a number."""
    if not d.zh:
        return str(d.rng.randint(1, 12))
    number = d.rng.randint(1, 12)
    written = str(number) if d.rng.random() < 0.5 else _chinese_number(number)
    region = d.rng.choice(
        (*(p[:2] for p in chinese.PROVINCES), "美国", "英国", "日本", "德国", "法国", "欧洲")
    )
    part = d.rng.choice(
        ("上册", "下册", "上卷", "下卷", "续编", region + "卷", f"{d.year()}年卷", f"第{written}集")
    )
    return d.rng.choice(
        (str(number), f"第{written}卷", f"第{written}册", f"卷{number}", f"第{written}编", part)
    )


def volumes(d: _Draw) -> CslItem:
    """A work in volumes: `三松堂全集: 第4卷 …`, `世界出版业: 美国卷`, or a chapter of a named part."""
    place, publisher = d.imprint()
    host = d.title()
    if d.zh:
        host = host[: d.rng.randint(4, 12)] + d.rng.choice(("全集", "文集", "丛书", "年鉴", ""))
    item = CslItem(type="book", issued=(d.year(1950),), publisher=publisher, publisher_place=place)
    item.author, item.volume = d.authors(0.2, 2), _named_volume(d)
    kind = d.rng.randrange(3)
    if kind == 0:  # a series' volume with a title of its own
        item.collection_title, item.title = host, d.title()
    elif kind == 1:  # a book's named part
        item.title = host
    else:  # a chapter in a named part of its host: `…[M]//王夫之. 船山全书: 第1册`
        item.type, item.container_title = "chapter", host
        item.title = d.title() + (f"：卷{d.rng.randint(1, 20)}" if d.zh and d.rng.random() < 0.3 else "")
        item.editor, item.author = d.authors(0.3, 2), (d.people(2) if d.rng.random() < 0.6 else [])
        start = d.rng.randint(1, 900)
        item.page = f"{start}-{start + d.rng.randint(2, 40)}"
    if d.rng.random() < 0.2:
        item.edition = d.rng.choice(("修订版", "2", "3", "增订本") if d.zh else ("2", "3", "Rev. ed."))
    return item


def old_imprint(d: _Draw) -> CslItem:
    """An old Chinese imprint dated by reign (`1865（清同治四年）`), or an undated one (`[1936]`)."""
    place, publisher = d.rng.choice(parts.OLD_PUBLISHERS)
    year = d.rng.randint(1662, 1949)
    item = CslItem(type="book", title=d.rng.choice(d.parts.zh_titles)[: d.rng.randint(2, 10)],
                   author=[chinese.person(d.rng)], publisher=publisher, publisher_place=place)  # fmt: skip
    item.language = "zh"
    roll = d.rng.random()
    _literal_year(
        item,
        year,
        reign_literal(d.rng, year, False) if roll < 0.7 else f"[{year}]" if roll < 0.85 else f"{year}印刷",
    )
    item.edition = d.rng.choice(parts.OLD_EDITIONS)
    if d.rng.random() < 0.3:
        item.page = str(d.rng.randint(1, 300))
    return item


def special_pages(d: _Draw) -> CslItem:
    """A book by a body, or with the pages of its front matter (`序2-3`, `扉页`, `xii-xv`)."""
    place, publisher = d.imprint()
    item = CslItem(type="book", title=d.title(), author=d.authors(0.6, 3), issued=(d.year(1950),),
                   publisher=publisher, publisher_place=place)  # fmt: skip
    if d.zh:
        start = d.rng.randint(1, 9)
        item.page = d.rng.choice(
            (f"序{start}-{start + 2}", "扉页", f"前言{start}", f"{d.rng.randint(1, 400)}", "第1版自序")
        )
    else:
        item.page = d.rng.choice(("xii-xv", "ix", f"{d.rng.randint(1, 400)}"))
    if d.rng.random() < 0.3:
        item.edition = (
            d.rng.choice(("修订本", "2", "3", "影印本")) if d.zh else d.rng.choice(("2", "6", "Rev. ed."))
        )
    return item


def journal_special(d: _Draw) -> CslItem:
    """A journal article in a supplement or a double issue (`增刊2`, `8/9/10`, `S1`), or numbered as an
    article (`267: 147370`) rather than paged."""
    year = d.year(1985)
    journal = d.rng.choice(d.parts.zh_journals if d.zh else d.parts.en_journals)
    item = CslItem(
        type="article-journal", title=d.title(), author=d.people(), container_title=journal, issued=(year,)
    )
    item.volume = str(d.rng.randint(1, 80)) if d.rng.random() < 0.8 else ""
    first = d.rng.randint(1, 10)
    double, triple = f"{first}/{first + 1}", f"{first}/{first + 1}/{first + 2}"
    item.issue = d.rng.choice((f"增刊{first}", f"S{first}", f"Suppl {first}", double, triple, str(first), ""))
    if d.rng.random() < 0.4:
        item.other["eid"] = d.rng.choice(
            (d.digits(6), f"e{d.digits(5)}", f"{d.rng.choice('abcdefgh')}{d.digits(4)}")
        )
    else:
        start = d.rng.randint(1, 300)
        item.page = f"{start}-{start + d.rng.randint(2, 20)}"
    if d.rng.random() < 0.4:
        item.DOI = f"10.{d.rng.randint(1000, 9999)}/{d.digits(4)}.{year}.{d.digits(5)}"
    return item


MAKERS: tuple[tuple[Callable[[_Draw], CslItem], int], ...] = (
    (periodical, 5), (archive, 7), (map_sheet, 6), (conference, 12), (preprint, 7), (dataset, 7),
    (report, 8), (standard, 8), (patent, 7), (newspaper, 5), (webpage, 7), (translated, 5), (volumes, 12),
    (old_imprint, 4), (special_pages, 6), (journal_special, 8),
)  # fmt: skip


def rare_items(rng: random.Random, count: int, found: Parts, zh_share: float = 0.6) -> list[CslItem]:
    """`count` records of the rare types, about `zh_share` of them Chinese."""
    makers, weights = zip(*MAKERS, strict=True)
    items = []
    for index in range(count):
        maker = rng.choices(makers, weights=weights)[0]
        zh = rng.random() < zh_share or maker is old_imprint
        item = maker(_Draw(rng, found, zh))
        item.id = f"rare-{index}"
        item.language = "zh" if zh else "en"
        items.append(item)
    return items
