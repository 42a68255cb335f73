"""The records training strings are rendered from, split once into training and evaluation records.

A record's side is fixed by a hash of its title, so the CNKI and Scholar benchmark sets hold records
the model never saw in any shape. Titles of the held-out GB/T examples never reach either side.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata

from litgraph.csl import CslItem, Name
from litgraph.parse.bibtex import load_bibliography
from litgraph.parse.csl import to_csl
from litgraph.text import fold

from . import chinese
from .sources import CORPORA, HELD_OUT_BIB, TRAINING_BIBS, ZOTERO_CHINESE_ITEMS

#: Records kept per corpus (the RFC index is 9,519 near-identical @techreport entries).
PER_CORPUS = {"hupili-rfc.bib": 500, "contextlab-cdl.bib": 3500, "efficient-biblio-ref.bib": 2500}
EVAL_SHARE = 10  # percent of records kept for evaluation


def fold_title(title: str) -> str:
    return re.sub(r"[\W_]+", "", fold(unicodedata.normalize("NFKC", title)))


def held_out_titles() -> set[str]:
    bibliography = load_bibliography([HELD_OUT_BIB])
    return {fold_title(ref.title) for ref in bibliography.references if ref.title}


def is_eval(item: CslItem) -> bool:
    digest = hashlib.sha1(fold_title(item.title).encode()).digest()
    return digest[0] * 100 // 256 < EVAL_SHARE


def usable(item: CslItem) -> bool:
    return bool(item.title) and len(item.title) < 400 and "\\" not in item.title + item.container_title


def corpus_items(rng: random.Random, held_out: set[str]) -> list[CslItem]:
    items: list[CslItem] = []
    for name in TRAINING_BIBS:
        bibliography = load_bibliography([CORPORA / name], workers=1)
        found = [to_csl(ref) for ref in bibliography.references]
        found = [item for item in found if usable(item) and fold_title(item.title) not in held_out]
        found.sort(key=lambda item: item.id)
        if name in PER_CORPUS and len(found) > PER_CORPUS[name]:
            found = rng.sample(found, PER_CORPUS[name])
        items.extend(found)
    return items


def zotero_items(held_out: set[str]) -> list[CslItem]:
    items = []
    for snapshot in ZOTERO_CHINESE_ITEMS:
        for data in json.loads(snapshot.read()):
            try:
                item = CslItem.from_json(data)
            except ValueError:
                continue
            if usable(item) and fold_title(item.title) not in held_out:
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


def all_items(seed: int, chinese_count: int) -> list[CslItem]:
    """Every record, deduplicated by folded title, in a fixed order."""
    rng = random.Random(seed)
    held_out = held_out_titles()
    items = corpus_items(rng, held_out) + zotero_items(held_out)
    items = [retyped(item, rng) if rng.random() < RETYPED_SHARE else item for item in items]
    items += chinese.chinese_items(rng, chinese_count, held_out, fold_title)
    seen: set[str] = set()
    unique = []
    for item in items:
        key = fold_title(item.title)
        if key and key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
