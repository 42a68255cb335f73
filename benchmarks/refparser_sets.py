"""The evaluation sets of the reference-string parser, none of them seen in training.

- `gbt`: the 344 GB/T 7714 examples (`zepinglee-gbt7714-examples.bib`, held out of training by
  title) rendered by the real gbt7714 BibTeX styles with `bibtexu`, all four variants (2015/2025,
  numeric/author-year), TeX markup removed. Truth: the .bib entries (`to_csl`), as each rendering
  shows them (`bst_truth`).
- `gbt-marked`: those of them that are whole references (with a type mark): the others are the
  standard's examples of one element (`武汉: 武汉大学, 2022.`, `3 版.`).
- `cnki`, `scholar`: the evaluation share of the training records (`tools/refparser/records.py`,
  split by a hash of the title, never rendered for training) in CNKI's and Google Scholar's GB/T
  shape. Truth: the records.
- `gbt-dev`: the evaluation share of the GB/T example records of other sources (the biblatex GB/T
  styles', a Typst style's and thesis templates' example files, less everything the held-out examples
  hold; `tools/refparser/records.py`), rendered by `litgraph.style.render` in the four GB/T variants.
  A development set: the parser's rules and the recipe were tuned looking at it.
- `gbt-dev-bst`: gbt-dev's records rendered by the real gbt7714 styles (`bibtexu`) instead.
- `gbt-own`: our own invented entries of every GB/T type and hard shape, whole and partial (as the
  standard's element examples), in eight files by eight hands (`benchmarks/data/gbt-own*.bib`, Chinese,
  English and other languages, `langid` set), rendered by the real gbt7714 styles; development.
- `gbt-hosts`: training-style records (the `cnki` share) given hosts of shapes training hardly holds
  (journals with brackets or subtitles, books and proceedings with editors or a body); development.
- `anystyle-gold`: anystyle's gold.xml (real references from many fields), minus every string
  core.xml (trained on) also holds. Truth: its spans.
- `seed`: the 31 references typed in the seed review; truth: references/seed-review.bib.

Each case is (set, shape or type, text, truth: dict field → value); a field absent from the string
is absent from the truth, so no set asks for what its strings do not say.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from litgraph.csl import CslItem
from litgraph.parse.bibtex import load_bibliography
from litgraph.parse.csl import to_csl
from litgraph.parse.latex import decode
from litgraph.parse.typed.values import VOLUME_NAME, number_value
from litgraph.text import fold, has_cjk

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIELDS = ("title", "author", "issued", "container-title", "volume", "issue", "page", "publisher", "DOI")
GBT_VARIANTS = ("2015-numeric", "2015-authoryear", "2025-numeric", "2025-authoryear")


@dataclass(frozen=True)
class Case:
    set: str
    kind: str  # the shape or the entry type
    text: str
    truth: dict[str, str]


def folded(value: str) -> str:
    """Exact after NFKC, case and accent folding, punctuation and spaces removed."""
    return re.sub(r"[\W_]+", "", fold(unicodedata.normalize("NFKC", value)))


#: The CSL types whose BibTeX `number` to_csl reads as their `number`; every other type's is its issue.
_NUMBERED = {"report", "patent", "standard"}


def item_fields(item: CslItem) -> dict[str, str]:
    """The compared fields of an item: the first author's family name (an editor's where GB/T puts the
    editors first, a patent's holder where it names one), year, first page. A CJK name of more
    than four characters is a body's or a transliterated foreign name and is compared whole (to_csl
    splits 全国信息… as 全 + 国信息…). As to_csl reads biblatex, an archive file's or a preprint's
    number is its issue, an article number (`eid`) its first page and a preprint's server
    (`archiveprefix`) its publisher; a parse is read the same way. A title and a container take
    their subtitle and addition (`_joined`); a named volume at their end is the volume
    (`_volume_apart`), and a volume is read as the parser reads one (`Vol. 3` is 3); a standard's
    title is compared without its number (`_standard_title`)."""
    people = item.author or item.editor
    first = people[0] if people else None
    family = ""
    if first:
        family = first.literal or first.full_family
        if has_cjk(family) and len(first.family + first.given) > 4:
            family = first.family + first.given
    holder = item.other.get("holder")
    if isinstance(holder, str) and holder.strip():  # GB/T names a patent by its holder when it has one
        named = re.split(r"\s+and\s+", holder)[0].strip("{} ")
        if not first or named != (first.literal or first.family + first.given):  # not the inventor
            family = named
    page = item.page or _other(item, "eid")
    fields = {
        "title": _joined(item.title, item, ("subtitle", "titleaddon")),
        "author": family,
        "issued": str(item.issued[0]) if item.issued else "",
        "container-title": _joined(
            item.container_title,
            item,
            ("booksubtitle", "booktitleaddon", "journalsubtitle", "journaltitleaddon"),
        ),
        "volume": number_value(item.volume) if item.volume else "",
        "issue": item.issue or ("" if item.type in _NUMBERED else item.number),
        "page": re.split(r"\s*[-–—~]\s*", page)[0] if page else "",
        "publisher": item.publisher or _other(item, "archiveprefix") or _other(item, "eprinttype"),
        "DOI": item.DOI,
    }
    if item.type == "standard":
        fields["title"] = _standard_title(fields["title"])
    return _volume_apart(fields)


#: A volume the styles print after a title (`Title: 第 3 卷`, `Title: v.3`) and a .bib may also keep
#: inside its title (`现代汉语研究: 第3辑`, `…论文集(第5卷)`): the string cannot show which.
_NAMED_VOLUME = re.compile(
    rf"(?:\s*[:：]\s*(?P<volume>{VOLUME_NAME})|\s*[(（]\s*(?P<bracketed>{VOLUME_NAME})\s*[)）])\s*$",
    re.IGNORECASE,
)
#: A standard's number, which GB/T 2015 writes after its title (`: GB/T 7714—2015`) and 2025 before it.
_STANDARD_NUMBER = (
    r"(?:[A-Z]{2,6}\d{0,2}(?:/[A-Z]{1,6})?(?:\s+Std)?\s+[A-Z]?\d[\d.]*(?:[-—–]\d+)*(?:[:：]\d{4})?)"
)
_STANDARD_AT_END = re.compile(rf"\s*[:：]\s*{_STANDARD_NUMBER}\s*$")
_STANDARD_AT_START = re.compile(rf"^{_STANDARD_NUMBER}\s+(?=\S)")


def _volume_apart(fields: dict[str, str]) -> dict[str, str]:
    """A named volume at the end of a title or container read as the volume, for the truth and the
    parse alike, where no volume is given apart."""
    if fields["volume"]:
        return fields
    for name in ("container-title", "title"):
        found = _NAMED_VOLUME.search(fields[name])
        if found:
            fields[name] = fields[name][: found.start()]
            fields["volume"] = number_value(found["volume"] or found["bracketed"])
            break
    return fields


def _standard_title(title: str) -> str:
    """A standard's title without its number, which a .bib keeps in the title or apart (`number`)."""
    return _STANDARD_AT_START.sub("", _STANDARD_AT_END.sub("", title))


def _joined(title: str, item: CslItem, extras: tuple[str, ...]) -> str:
    """A title with the subtitle and addition biblatex keeps apart: the styles print them as one
    (`Title: subtitle`), and the parser reads them as one."""
    parts = [title, *(_other(item, extra) for extra in extras)]
    return ": ".join(part for part in parts if part) if title else ""


def _other(item: CslItem, name: str) -> str:
    value = item.other.get(name, "")
    return value if isinstance(value, str) else ""


_LINKS = re.compile(r"(?:https?://|www\.)\S+|\b(?:CSTR|DOI)\s*[:：]\s*\S+", re.IGNORECASE)


def _standalone(number: str, text: str) -> bool:
    """A number written as itself, not as a piece of a longer one."""
    found = re.search(rf"(?<!\d)0*{re.escape(number)}(?!\d)", unicodedata.normalize("NFKC", text))
    return found is not None  # a leading zero is CNKI's (`(02)`)


def shown(truth: dict[str, str], text: str) -> dict[str, str]:
    """The truth's fields that the string shows (a style may leave a field out); a value that only a
    link or an identifier spells (`…/abs/202303.00020`, `CSTR:…`) is not shown, except a DOI; a
    volume, issue or page number only inside a longer number is not shown."""
    everything, haystack = folded(text), folded(_LINKS.sub(" ", text))
    out = {}
    for name, value in truth.items():
        needle = folded(value)
        where = everything if name == "DOI" else haystack
        if not needle or needle not in where:
            continue
        if name in ("volume", "issue", "page") and value.isdigit() and not _standalone(value, text):
            continue  # `1` inside `2021-03-05` is not a newspaper's number the style left out
        inside_others = sum(  # the DOI, spelt by a link, is not in the haystack of the other fields
            folded(other).count(needle) for key, other in truth.items() if key not in (name, "DOI")
        )
        if where.count(needle) > inside_others or name in ("volume", "issue", "page", "issued"):
            out[name] = value  # not only a piece of the container ("National Academy of Sciences")
    return out


# --- GB/T 7714 examples through the gbt7714 styles ------------------------------------------------

_BIBITEM = re.compile(  # the label may wrap and hold brackets
    r"\\bibitem\[(?:[^\[\]]|\[[^\]]*\])*\]\{([^}]+)\}\n(.*?)(?=\n\s*\n|\n\\end\{thebibliography\})", re.S
)
_TEX_DROP = re.compile(r"\\(?:newblock|allowbreak|relax)\b\s*")
_TEX_ARGUMENT = re.compile(r"\\(?:url|doi|cstr|nolinkurl|natexlab|emph|textit|textbf|mbox)\{([^{}]*)\}")


def tex_to_text(body: str) -> str:
    text = _TEX_DROP.sub("", body)
    for _ in range(3):
        text = _TEX_ARGUMENT.sub(r"\1", text)
    text = text.replace("\\quad", " ").replace("{\\em ", "{").replace("~", " ").replace("$\\times$", "×")
    return decode(text)


#: The types whose GB/T entry names a host after `//` (a book's or proceedings' contribution).
_IN_A_HOST = frozenset({"chapter", "paper-conference"})
_HOST_MARK = re.compile(r"(?<![:/])//")  # not a link's `https://`


def bst_truth(item: CslItem, text: str) -> dict[str, str]:
    """What a `.bst` rendering shows of its entry. A contribution with no title of its own is printed
    as its host alone, with no `//` where the style prints none (`聂书言. 黄土高原植被恢复研究进展.
    太原: …`, the numeric variants): the string shows a work, whose title is the host's."""
    fields = item_fields(item)
    if item.type in _IN_A_HOST and not fields["title"] and not _HOST_MARK.search(text):
        fields["title"], fields["container-title"] = fields["container-title"], ""
    return shown(fields, text)


def bst_renderings(bib_text: str) -> list[tuple[str, str, str]]:
    """(variant, key, text) of every entry of a .bib rendered by the real gbt7714 styles (`bibtexu`), in
    the four variants, TeX markup removed."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "refs.bib").write_text(bib_text, encoding="utf-8")
        for variant in GBT_VARIANTS:
            style = f"gbt7714-{variant}"
            shutil.copy(SHARED / "gbt7714-styles" / f"{style}.bst", work)
            (work / f"{variant}.aux").write_text(
                f"\\relax\n\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n"
            )
            env = {**os.environ, "BSTINPUTS": ".:", "BIBINPUTS": ".:"}
            subprocess.run(["bibtexu", f"./{variant}"], cwd=work, env=env, capture_output=True, check=False)
            bbl = work / f"{variant}.bbl"
            if not bbl.exists():
                continue
            for key, body in _BIBITEM.findall(bbl.read_text(encoding="utf-8", errors="replace")):
                text = tex_to_text(body)
                if text:
                    out.append((variant, key, text))
    return out


def gbt_cases() -> list[Case]:
    bib = SHARED / "corpora" / "zepinglee-gbt7714-examples.bib"
    entries = {ref.key: to_csl(ref) for ref in load_bibliography([bib]).references}
    cases = []
    for variant, key, text in bst_renderings(bib.read_text(encoding="utf-8")):
        item = entries.get(key)
        if item is not None:
            cases.append(Case("gbt", f"{variant} {item.type}", text, bst_truth(item, text)))
    return cases


# --- CNKI and Scholar shapes of the evaluation records ---------------------------------------------


def shape_cases(seed: int = 7714, chinese_count: int = 6000) -> list[Case]:
    from tools.refparser import records, shapes

    rng = random.Random(seed + 1)
    cases = []
    for item in records.all_items(seed, chinese_count):
        if not records.is_eval(item):
            continue
        for name, recipe in (("cnki", shapes.cnki), ("scholar", shapes.scholar)):
            text = "".join(part for part, _ in recipe(item, rng))
            lang = "zh" if item.language == "zh" else "en"
            cases.append(Case(name, f"{lang} {item.type}", text, shown(item_fields(item), text)))
    return cases


def gbt_dev_cases(seed: int = 7714) -> list[Case]:
    from tools.refparser import records, shapes

    held_out = records.HeldOut()
    examples = records.gbt_example_items(held_out)
    cases = []
    for item in examples:
        if not records.is_eval(item):
            continue
        for variant in shapes.GBT_SHAPES:
            text = "".join(part for part, _ in shapes.rendered(item, variant))
            cases.append(Case("gbt-dev", f"{variant[7:]} {item.type}", text, shown(item_fields(item), text)))
    return cases


def gbt_dev_bst_cases() -> list[Case]:
    """gbt-dev's records rendered by the real gbt7714 styles (as the held-out `gbt` set is), not by
    `litgraph.style.render`: the renderer the held-out set uses, on records it does not hold."""
    from litgraph.parse.bibtex.assemble import SourceFile, bibliography_of
    from tools.refparser import records, sources

    held_out = records.HeldOut()
    cases = []
    for snapshot in sources.GBT_EXAMPLE_BIBS:
        text = snapshot.read()
        source = SourceFile.from_text(text, f"{snapshot.repo}/{snapshot.path}")
        entries = {}
        for ref in bibliography_of([source], workers=1).references:
            item = to_csl(ref)
            if records.usable(item) and records.is_eval(item) and not held_out.holds(item):
                entries[ref.key] = item
        for variant, key, rendered in bst_renderings(text):
            item = entries.get(key)
            if item is not None:
                truth = bst_truth(item, rendered)
                cases.append(Case("gbt-dev-bst", f"{variant} {item.type}", rendered, truth))
    return cases


#: Our own development entries, invented (`benchmarks/data/gbt-own*.bib`).
OWN_BIBS = tuple(sorted((ROOT / "benchmarks" / "data").glob("gbt-own*.bib")))


def gbt_own_cases(bibs: tuple[Path, ...] = OWN_BIBS) -> list[Case]:
    """Our own development entries rendered by the real gbt7714 styles."""
    cases = []
    for bib in bibs:
        entries = {ref.key: to_csl(ref) for ref in load_bibliography([bib]).references}
        for variant, key, text in bst_renderings(bib.read_text(encoding="utf-8")):
            item = entries.get(key)
            if item is not None:
                truth = bst_truth(item, text)
                cases.append(Case("gbt-own", f"{variant} {item.type}", text, truth))
    return cases


#: Hosts of the shapes the training renderings hardly hold: a journal with brackets or a subtitle, a
#: book or proceedings with editors or a body before its title (ours, invented; (editors, title)).
_HARD_JOURNALS = {
    "zh": ("清华大学学报(哲学社会科学版)", "北京师范大学学报（社会科学版）", "中山大学学报(自然科学版)"),
    "en": (
        "Journal of the Royal Statistical Society: Series B (Statistical Methodology)",
        "Biochimica et Biophysica Acta (BBA): Molecular Cell Research",
        "Journal of Physics: Conference Series",
        "Annals of Mathematics, Second Series",
    ),
}
_HARD_HOSTS = {
    "zh": (
        (("中国社会科学院语言研究所",), "现代汉语研究: 第3辑"),
        (("张明", "李华"), "教育学原理: 理论、方法与实践"),
    ),
    "en": (
        ((("Smith", "J"), ("Jones", "K")), "Handbook of memory: theory, research, and practice"),
        ((("IEEE",),), "2019 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"),
        ((), "4th International Conference on Pervasive Computing (PerCom 2006)"),
    ),
}


def gbt_hosts_cases(seed: int = 7714) -> list[Case]:
    """The evaluation share of the training records (as `cnki`), a third of their journal articles,
    chapters and papers given one of the hosts above, in the four GB/T variants of `litgraph.style`."""
    from dataclasses import replace

    from litgraph.csl import Name
    from tools.refparser import records, shapes

    rng = random.Random(seed + 2)
    cases = []
    for item in records.all_items(seed, 6000):
        lang = "zh" if item.language == "zh" else "en"
        if not records.is_eval(item) or item.type not in ("article-journal", "chapter", "paper-conference"):
            continue
        if rng.random() > 0.35:
            continue
        if item.type == "article-journal":
            new = replace(item, container_title=rng.choice(_HARD_JOURNALS[lang]))
        else:
            editors, title = rng.choice(_HARD_HOSTS[lang])
            names = [Name(literal=e[0]) if len(e) == 1 else Name(family=e[0], given=e[1]) for e in editors]
            new = replace(item, container_title=title, editor=names)
        for variant in shapes.GBT_SHAPES:
            text = "".join(part for part, _ in shapes.rendered(new, variant))
            cases.append(Case("gbt-hosts", f"{variant[7:]} {new.type}", text, shown(item_fields(new), text)))
    return cases


# --- anystyle's gold standard ---------------------------------------------------------------------


def anystyle_cases() -> list[Case]:
    from tools.refparser import anystyle
    from tools.refparser.sources import ANYSTYLE_CORE, ANYSTYLE_GOLD

    trained = {folded(anystyle.plain(segments)) for segments in anystyle.sequences(ANYSTYLE_CORE.read())}
    cases = []
    for segments in anystyle.sequences(ANYSTYLE_GOLD.read()):
        text = anystyle.plain(segments)
        if folded(text) in trained:
            continue
        spans: dict[str, str] = {}
        for part, label in segments:
            if label != "O" and part.strip() and label not in spans:
                spans[label] = part
        spans = {label: _TAGS.sub("", span).strip() for label, span in spans.items()}
        truth = {
            "title": spans.get("title", ""),
            "author": first_family(spans.get("author", "")),
            "issued": _first(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)", spans.get("issued", "")),
            "container-title": spans.get("container-title", ""),
            "volume": _first(r"[0-9]+|[IVXLC]+\b", spans.get("volume", "")),
            "issue": _first(r"[0-9]+", spans.get("issue", "")),
            "page": _first(r"[A-Za-z]*[0-9]+", spans.get("page", "")),
            "publisher": spans.get("publisher", ""),
            "DOI": _gold_doi(spans.get("DOI", ""), spans.get("URL", "")),
        }
        cases.append(Case("anystyle-gold", "en", text, {k: v for k, v in truth.items() if v}))
    return cases


#: gold.xml keeps a source's markup in its text (`<italic>Water Research</italic>`); a field is without it.
_TAGS = re.compile(r"</?[A-Za-z]+>|^[A-Za-z]+>|</[A-Za-z]+$")
_RESOLVED = re.compile(r"doi\.\s*org/\s*(10\.\d{4,9}/\S+)", re.IGNORECASE)


def _gold_doi(doi: str, url: str) -> str:
    """The DOI of a gold span, without `doi:`/`DOI:` and the resolver; a doi.org link gold labels a
    URL spells the DOI too."""
    found = _RESOLVED.search(doi or url)
    if found:
        return found.group(1).rstrip(".,;")
    return re.sub(r"^\s*doi\s*[:：]?\s*", "", doi, flags=re.IGNORECASE).rstrip(".,;")


def _first(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    return found.group() if found else ""


def first_family(authors: str) -> str:
    """The benchmark's own reading of a first author's family name (independent of the parser's):
    `Smith, J.` → Smith; `Smith JA, …` → Smith; `J. A. Smith and …` → Smith."""
    first = re.split(r"\s*(?:;|&|\band\b|\bet al\b)\s*", authors.strip())[0]
    words = first.partition(",")[0].split()
    initial = re.compile(r"(?:[A-Z]\.-?)+|[A-Z]{1,3}")
    while len(words) > 1 and initial.fullmatch(words[-1]):
        words.pop()
    while len(words) > 1 and initial.fullmatch(words[0]):
        words.pop(0)
    return " ".join(words)


# --- the seed review ------------------------------------------------------------------------------


def seed_cases() -> list[Case]:
    text = (SHARED / "seed" / "review-brand-community-attachment.txt").read_text(encoding="utf-8")
    section = text.split("\n参考文献\n", 1)[1]
    lines = [line.strip() for line in section.splitlines() if line.strip().startswith("- ")]
    bib = load_bibliography([ROOT / "references" / "seed-review.bib"])
    items = [to_csl(ref) for ref in bib.references]
    if len(lines) != len(items):
        raise SystemExit(f"the seed has {len(lines)} typed references, seed-review.bib {len(items)}")
    return [
        Case("seed", item.id, line, shown(item_fields(item), line))
        for line, item in zip(lines, items, strict=True)
    ]
