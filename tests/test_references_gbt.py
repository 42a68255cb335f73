"""GB/T 7714 rendering against its reference implementation, the gbt7714 BibTeX styles.

Every example of the standard (../shared/corpora/zepinglee-gbt7714-examples.bib) is rendered
by `bibtexu` with each of the four .bst variants and by us, and compared entry by entry.
The rule tests below name the examples that show one rule each; their expected text is the
.bst's, so a rule taken out of the renderer fails its test.
"""

from __future__ import annotations

import pytest

from litgraph.parse.bibtex import load_bibliography
from litgraph.parse.csl import to_csl
from litgraph.style.render import get_style, render, render_text
from litgraph.style.sorting import sort_key, year_suffixes

from .gbt_oracle import EXAMPLES, VARIANTS, bbl_entries, normalize, run_bibtexu, spaced

#: The share of examples rendered identically, per variant, as last measured (BENCHMARKS.md). The test
#: holds us at it: a change that breaks one entry fails here and prints the key.
MEASURED_IDENTICAL = {variant: 1.0 for variant in VARIANTS}


@pytest.fixture(scope="module")
def items():
    bibliography = load_bibliography([EXAMPLES], [str(EXAMPLES)])
    return {reference.key: to_csl(reference) for reference in bibliography.references}


@pytest.fixture(scope="module")
def oracle(tmp_path_factory):
    """variant → key → (year suffix, text) as the .bst writes it, NFKC-normalised; and, under
    (variant, "raw"), with its characters as written."""
    out = {}
    for variant in VARIANTS:
        bbl = run_bibtexu(variant, EXAMPLES, tmp_path_factory.mktemp(variant))
        out[variant] = bbl_entries(bbl)
        out[variant, "raw"] = bbl_entries(bbl, nfkc=False)
    return out


def _style(variant: str):
    return get_style(f"gb7714-{variant[:4]}", order="author-date" if "authoryear" in variant else "numeric")


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_example_renders_as_the_bst_does(variant, items, oracle):
    expected = oracle[variant]
    assert len(expected) == 344  # every example reached the oracle
    style = _style(variant)
    differing = [
        key
        for key, (suffix, text) in expected.items()
        if normalize(render_text(items[key], style, year_suffix=suffix)) != text
    ]
    rate = 1 - len(differing) / len(expected)
    print(f"{variant}: {rate:.1%} identical; differing: {differing}")
    assert rate >= MEASURED_IDENTICAL[variant], differing


# One rule per case: (rule, variant, example keys). The examples are the standard's own.
RULES = [
    ("three authors and 等 after them (Chinese)", "2025-numeric", ["gbt7714.7.1.2:3"]),
    ("three authors and et al. after them (English)", "2025-numeric", ["gbt7714.7.1.2:4"]),
    ("three authors in full, no 等", "2015-numeric", ["gbt7714.7.1.2:2"]),
    ("the source's 'and others' gives 等 after one name", "2025-numeric", ["gbt7714.8.5.3:3"]),
    ("foreign names: family name and initials without dots", "2025-numeric", ["gbt7714.7.1.1:7"]),
    ("2025: hyphenated initials kept (J-L)", "2025-numeric", ["gbt7714.7.1.1:11"]),
    ("2015: hyphenated initials split (J L), family name in capitals", "2015-numeric", ["gbt7714.7.1.1:11"]),
    ("2025: pinyin given names in full", "2025-numeric", ["gbt7714.7.1.1:10", "gbt7714.8.6.3:3"]),
    ("2015: pinyin given names as initials", "2015-numeric", ["gbt7714.7.1.1:10", "gbt7714.8.6.3:3"]),
    ("a Chinese family name with Latin initials", "2025-numeric", ["gbt7714.7.1.1:4"]),
    ("Russian names keep their given names, undotted", "2025-numeric", ["gbt7714.5.1:4"]),
    ("a suffix after the initials (Jr)", "2025-numeric", ["gbt7714.8.2.2:6"]),
    ("2025: full-width punctuation", "2025-numeric", ["gbt7714.5.1:1", "gbt7714.7.7:3"]),
    ("2015: ASCII punctuation", "2015-numeric", ["gbt7714.5.1:1", "gbt7714.7.7:3"]),
    ("type mark [J] and /OL for online works", "2025-numeric", ["gbt7714.8.1:3", "gbt7714.7.7:5"]),
    ("DOI after the URL", "2025-numeric", ["gbt7714.7.8:1"]),
    ("2025: CSTR", "2025-numeric", ["gbt7714.8.7.2:3"]),
    ("2015: access date after an online work's pages", "2015-numeric", ["gbt7714.7.7:5"]),
    ("2025: no access date for an online article", "2025-numeric", ["gbt7714.7.7:5"]),
    ("English titles in sentence case, braces kept", "2025-numeric", ["gbt7714.7.9.1:1", "gbt7714.5.1:3"]),
    ("journal abbreviations without dots", "2025-numeric", ["gbt7714.7.1.3:2"]),
    ("a chapter's host after //", "2025-numeric", ["gbt7714.8.1:2", "gbt7714.8.3.2:3"]),
    ("conference paper [C]//", "2025-numeric", ["gbt7714.8.6.1:2"]),
    ("translators with 译", "2025-numeric", ["gbt7714.5.1:1", "gbt7714.8.2.2:5"]),
    ("editions: 2 版, 4th ed., Rev. ed., none for the first", "2025-numeric",
     ["gbt7714.7.7:3", "gbt7714.8.2.2:6", "gbt7714.8.2.2:7", "gbt7714.7.4:5"]),
    ("a volume of a multi-volume book (第 35 卷)", "2025-numeric", ["gbt7714.8.3.2:3"]),
    ("newspaper: full date and page in parentheses", "2025-numeric", ["gbt7714.8.5.3:1"]),
    ("an online-first article: its full date and URL", "2025-numeric", ["gbt7714.8.5.3:4"]),
    ("patent: holder, number after title, date", "2025-numeric", ["gbt7714.8.10.2:1", "gbt7714.8.10.2:2"]),
    ("2025 standard: number before the title", "2025-numeric", ["gbt7714.8.9.2:1"]),
    ("2015 standard: number after the title", "2015-numeric", ["gbt7714.8.9.2:1"]),
    ("thesis [D] with place and school", "2025-numeric", ["gbt7714.8.7.2:1"]),
    ("report [R] with its number", "2025-numeric", ["gbt7714.8.8.3:4"]),
    ("web page: creation and access dates", "2025-numeric", ["gbt7714.8.11.3.2:2", "gbt7714.8.11.2.2:1"]),
    ("dataset [DS] and preprint [PP]", "2025-numeric", ["gbt7714.8.14.3:1", "gbt7714.8.15.2:3"]),
    ("map [CM] with scale and 2025's dimensions", "2025-numeric", ["gbt7714.8.13.3:1"]),
    ("archive [A] with its number", "2025-numeric", ["gbt7714.8.12.3:1"]),
    ("periodical with its run of years (2025: —)", "2025-numeric", ["gbt7714.8.4.2:1"]),
    ("years as written: 1947（民国三十六年）, [1936], c1988", "2025-numeric",
     ["gbt7714.7.5.4.1:1", "gbt7714.7.5.4.3:3", "gbt7714.7.5.4.3:1"]),
    ("author-date: the year after the authors", "2025-authoryear", ["gbt7714.5.1:1", "gbt7714.7.7:5"]),
    ("author-date: 佚名 / Anon without author", "2015-authoryear", ["gbt7714.7.1.3:1", "gbt7714.7.1.3:2"]),
    ("author-date: 无日期 / n.d. without a year", "2025-authoryear", ["gbt7714.7.1.1:1", "gbt7714.7.1.1:7"]),
    ("author-date: the year of access when nothing else is dated", "2025-authoryear", ["gbt7714.8.11.2.2:1"]),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "variant", "keys"), RULES, ids=[rule for rule, _, _ in RULES])
def test_style_rule(rule, variant, keys, items, oracle):
    """Each rule's examples as the .bst writes them, punctuation width and all (spacing collapsed only)."""
    style = _style(variant)
    for key in keys:
        suffix, expected = oracle[variant, "raw"][key]
        assert spaced(render_text(items[key], style, year_suffix=suffix)) == expected, key


@pytest.mark.parametrize("variant", ["2015-authoryear", "2025-authoryear"])
def test_year_suffixes_go_where_the_bst_puts_them(variant, items, oracle):
    """The works that share author and year (the standard's appendix repeats chapter 8's examples)
    get a/b: the same works as the .bst marks, in groups of the same size."""
    style = _style(variant)
    ordered = sorted(items.values(), key=lambda item: sort_key(item, style))
    ours = {item.id for item, suffix in zip(ordered, year_suffixes(ordered, style), strict=True) if suffix}
    theirs = {key for key, (suffix, _) in oracle[variant].items() if suffix}
    assert ours == theirs


def test_segments_carry_their_fields(items):
    """The pieces of an entry are labelled with the variable they show; punctuation and style words
    ("等", "译", "[J]" aside) are unlabelled and hold no letters of the data."""
    style = get_style("gb7714-2025")
    segments = render(items["gbt7714.8.5.3:3"], style)
    by_field: dict[str, list[str]] = {}
    for segment in segments:
        by_field.setdefault(segment.field, []).append(segment.text)
    assert by_field["author"] == ["于潇", "刘义", "柴跃廷"]
    assert by_field["title"] == ["互联网药品可信交易环境中主体资质审核备案模式"]
    assert by_field["container-title"] == ["清华大学学报（自然科学版）"]
    assert (by_field["issued"], by_field["volume"], by_field["issue"], by_field["page"]) == (
        ["2012"],
        ["52"],
        ["11"],
        ["1518-1523"],
    )
    assert by_field["type-mark"] == ["[J]"]
    assert "".join(by_field[""]) == "，，，等. . ，，（）：."
