"""The records training strings are rendered from, split once into training and evaluation records.

A record's side is fixed by a hash of its title, so the CNKI and Scholar benchmark sets hold records
the model never saw in any shape. Nothing the held-out GB/T examples hold reaches either side: no
record with their title or nearly their title, their DOI or their URL (`HeldOut`).

Two pools: `all_items` (the corpora, zotero-chinese, the synthetic Chinese records), rendered in
every shape; `gbt_items` (real GB/T-shaped records of every type from the biblatex GB/T styles' and
thesis templates' examples, and `rare.py`'s records of the rare types), rendered in GB/T's shapes.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata

from rapidfuzz import fuzz, process

from litgraph.csl import CslItem, Name
from litgraph.parse.bibtex import load_bibliography
from litgraph.parse.bibtex.assemble import SourceFile, bibliography_of
from litgraph.parse.csl import to_csl
from litgraph.text import bare_doi, fold, has_cjk

from . import chinese, rare
from .sources import CORPORA, GBT_EXAMPLE_BIBS, HELD_OUT_BIB, TRAINING_BIBS, ZOTERO_CHINESE_ITEMS

#: Records kept per corpus (the RFC index is 9,519 near-identical @techreport entries).
PER_CORPUS = {"hupili-rfc.bib": 500, "contextlab-cdl.bib": 3500, "efficient-biblio-ref.bib": 2500}
EVAL_SHARE = 10  # percent of records kept for evaluation


def fold_title(title: str) -> str:
    return re.sub(r"[\W_]+", "", fold(unicodedata.normalize("NFKC", title)))


class HeldOut:
    """What the held-out GB/T examples hold, so that no training record repeats one of them: the same
    or nearly the same title (folded: 80 % alike, one holding the other when that is at least half of
    it, or one beginning with the other: `康熙字典` and `康熙字典: 巳集上: 水部`), the same DOI, the same
    URL, or the same first author (or editor) and year. Thesis templates and GB/T styles copy the
    standard's examples, often with a word or a volume changed; Chinese titles are short, so one
    character changed in six is only 83 % alike (`图书馆学通信`, `图书馆学通讯`)."""

    NEAR = 80
    SHORTEST = 4  # folded characters; shorter titles match only when equal

    def __init__(self) -> None:
        items = [to_csl(ref) for ref in load_bibliography([HELD_OUT_BIB]).references]
        self.titles = {fold_title(item.title) for item in items if item.title}
        self._long = sorted(title for title in self.titles if len(title) >= self.SHORTEST)
        self.dois = {bare_doi(item.DOI).lower() for item in items if item.DOI}
        self.urls = {item.URL.rstrip("/").lower() for item in items if item.URL}
        self.author_years = {key for item in items if (key := _author_year(item))}

    def holds_title(self, title: str) -> bool:
        folded = fold_title(title)
        if not folded or folded in self.titles:
            return bool(folded)
        if len(folded) < self.SHORTEST:
            return False
        if process.extractOne(folded, self._long, scorer=fuzz.ratio, score_cutoff=self.NEAR):
            return True
        return any(
            short in long_ and (len(short) * 2 >= len(long_) or long_.startswith(short))
            for other in self._long
            for short, long_ in [sorted((folded, other), key=len)]
        )

    def holds(self, item: CslItem) -> bool:
        if item.DOI and bare_doi(item.DOI).lower() in self.dois:
            return True
        if item.URL and item.URL.rstrip("/").lower() in self.urls:
            return True
        if (key := _author_year(item)) and key in self.author_years:
            return True
        return self.holds_title(item.title)


def _author_year(item: CslItem) -> tuple[str, int] | None:
    """The first author's (or editor's) folded name with the year: a copied example keeps both."""
    people = item.author or item.editor
    if not people or not item.issued:
        return None
    name = fold_title(people[0].literal or people[0].family + people[0].given)
    return (name, item.issued[0]) if name else None


def is_eval(item: CslItem) -> bool:
    digest = hashlib.sha1(fold_title(item.title).encode()).digest()
    return digest[0] * 100 // 256 < EVAL_SHARE


def usable(item: CslItem) -> bool:
    return bool(item.title) and len(item.title) < 400 and "\\" not in item.title + item.container_title


def corpus_items(rng: random.Random, held_out: HeldOut) -> list[CslItem]:
    items: list[CslItem] = []
    for name in TRAINING_BIBS:
        bibliography = load_bibliography([CORPORA / name], workers=1)
        found = [to_csl(ref) for ref in bibliography.references]
        found = [item for item in found if usable(item) and not held_out.holds(item)]
        found.sort(key=lambda item: item.id)
        if name in PER_CORPUS and len(found) > PER_CORPUS[name]:
            found = rng.sample(found, PER_CORPUS[name])
        items.extend(found)
    return items


def zotero_items(held_out: HeldOut) -> list[CslItem]:
    items = []
    for snapshot in ZOTERO_CHINESE_ITEMS:
        for data in json.loads(snapshot.read()):
            try:
                item = CslItem.from_json(data)
            except ValueError:
                continue
            if usable(item) and not held_out.holds(item):
                items.append(item)
    return items


def gbt_example_items(held_out: HeldOut) -> list[CslItem]:
    """The records of the GB/T styles' and thesis templates' example files, less the held-out ones,
    each title once."""
    items = []
    for snapshot in GBT_EXAMPLE_BIBS:
        source = SourceFile.from_text(snapshot.read(), f"{snapshot.repo}/{snapshot.path}")
        for ref in bibliography_of([source], workers=1).references:
            item = to_csl(ref)
            if usable(item) and not held_out.holds(item):
                items.append(item)
    return items


RETYPED_SHARE = 0.08  # English records given a type the corpora rarely have (patent, standard, ...)


def retyped(item: CslItem, rng: random.Random) -> CslItem:
    """The record as a patent, standard, dataset, map, web page or thesis: the types of GB/T 7714 the
    corpora hardly hold, with the record's real title and names and a synthetic number or host."""
    year = item.issued[0] if item.issued else rng.randint(1990, 2025)
    kind = rng.choice(("patent", "standard", "dataset", "map", "webpage", "thesis", "software"))
    new = CslItem(type=kind, id=item.id, title=item.title, author=item.author[:3], issued=(year,))
    if kind == "patent":
        office, kind_code = rng.choice(("US", "EP", "WO", "JP")), rng.choice(("A1", "B2", ""))
        new.number = f"{office}{rng.randint(1000000, 9999999)}{kind_code}"
        new.issued = (year, rng.randint(1, 12), rng.randint(1, 28))
    elif kind == "standard":
        new.author = [
            Name(literal=rng.choice(("ISO", "IEC", "IEEE", "ANSI", "British Standards Institution")))
        ]
        new.number = f"{rng.choice(('ISO', 'ISO/IEC', 'IEEE Std', 'BS'))} {rng.randint(100, 39999)}:{year}"
        new.publisher, new.publisher_place = (
            new.author[0].literal,
            rng.choice(("Geneva", "New York", "London")),
        )
    elif kind in ("dataset", "software", "webpage"):
        host = rng.choice(("zenodo.org/records", "github.com", "figshare.com/articles"))
        new.URL = f"https://{host}/{rng.randint(1000, 9999999)}"
        new.accessed = (min(2026, year + rng.randint(0, 3)), rng.randint(1, 12), rng.randint(1, 28))
        new.publisher = rng.choice(("Zenodo", "figshare", "GitHub", "Dryad", ""))
        if item.DOI and kind == "dataset":
            new.DOI = item.DOI
    elif kind == "map":
        new.publisher, new.publisher_place = rng.choice(
            (("Ordnance Survey", "Southampton"), ("USGS", "Reston"))
        )
    else:
        new.publisher = rng.choice(
            ("University of Oxford", "Stanford University", "MIT", "University of Toronto")
        )
        new.publisher_place = rng.choice(("Oxford", "Stanford", "Cambridge, MA", "Toronto"))
        new.genre = rng.choice(("PhD thesis", "Master's thesis"))
        new.author = item.author[:1]
    return new


def _unique(items: list[CslItem]) -> list[CslItem]:
    seen: set[str] = set()
    unique = []
    for item in items:
        key = fold_title(item.title)
        if key and key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def all_items(seed: int, chinese_count: int, held_out: HeldOut | None = None) -> list[CslItem]:
    """Every record rendered in every shape, deduplicated by folded title, in a fixed order."""
    rng = random.Random(seed)
    held_out = held_out or HeldOut()
    items = corpus_items(rng, held_out) + zotero_items(held_out)
    items = [retyped(item, rng) if rng.random() < RETYPED_SHARE else item for item in items]
    items += chinese.chinese_items(rng, chinese_count, held_out.holds_title)
    return _unique(items)


def rare_parts(items: list[CslItem], held_out: HeldOut) -> rare.Parts:
    """The real pieces of the rare-type records: titles, names, journals and proceedings of the
    training records (never of an evaluation record), Chinese titles and journals of the CNKI crawl."""
    english = [item for item in items if not is_eval(item) and not has_cjk(item.title)]
    rows = [row for row in chinese.load_titles() if not held_out.holds_title(row[0])]
    zh_titles = sorted({title for title, _, _ in rows if not is_eval(CslItem(title=title))})
    return rare.Parts(
        zh_titles=zh_titles,
        zh_journals=sorted(set(chinese.load_journals()) | set(chinese.SCIENCE_JOURNALS)),
        en_titles=sorted({item.title for item in english if len(item.title) < 160}),
        en_names=sorted(
            {name for item in english for name in item.author if name.family and name.given},
            key=lambda name: (name.family, name.given, name.particle),
        ),
        en_journals=sorted(
            {item.container_title for item in english if item.type == "article-journal"} - {""}
        ),
        en_proceedings=sorted(
            {item.container_title for item in english if item.type == "paper-conference"} - {""}
        ),
    )


def gbt_items(seed: int, rare_count: int, items: list[CslItem], held_out: HeldOut) -> list[CslItem]:
    """The records rendered in GB/T's shapes only: the GB/T examples of other sources (deduplicated),
    then `rare_count` records of the rare types made of the parts of `items` (`all_items`)."""
    rng = random.Random(seed + 2)
    found = rare_parts(items, held_out)
    return gbt_example_items(held_out) + rare.rare_items(rng, rare_count, found)
