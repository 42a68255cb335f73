"""Citations as a reader sees them (issue 16, item 8): full-width digits and letters, zero-width spaces,
soft hyphens and direction marks inside a citation do not hide it; it is reported as written, at its
line. The text outside the reference list is what `parse.reflist` says it is (one home), and a
citation's line is found in a long paragraph as in a short one (item 7; the time is measured by
benchmarks/bench_cite_check.py)."""

from __future__ import annotations

import pytest

from litgraph.text import readable

from .test_cite_check import cited, run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("品牌社群（周志民等，２０１９）。", [("周志民等，２０１９", "Zhou2019")]),  # full-width digits
        ("Shown (Solo,\u200b 2001).", [("Solo,\u200b 2001", "Solo2001")]),  # zero-width space
        ("Shown (Mal\u00adar et al., 2011).", [("Mal\u00adar et al., 2011", "Malar2011")]),  # soft hyphen
        ("Shown (Solo\u200f, 2001).", [("Solo\u200f, 2001", "Solo2001")]),  # right-to-left mark
        ("Shown (\u202bSolo, 2001\u202c).", [("Solo, 2001", "Solo2001")]),  # an embedding around it
        ("研究表明（Ｓｏｌｏ，2001）。", [("Ｓｏｌｏ，2001", "Solo2001")]),  # full-width Latin letters
        (
            "As Lee\u200b and Kim (２０１５) argue.",
            [("Lee\u200b and Kim (２０１５)", "Lee2015")],
        ),  # narrative
        (
            "Pandoc [@Solo2001] and @Solo\u00ad2005 says.",
            [("@Solo2001", "Solo2001"), ("@Solo\u00ad2005", None)],
        ),
    ],
)
def test_citations_are_read_as_a_reader_sees_them(tmp_path, text, expected):
    assert cited(run(tmp_path, text)) == expected


def test_full_width_brackets_are_still_told_apart_from_half_width(tmp_path):
    """The width of a citation's punctuation is a finding of its own: it is not folded away."""
    result = run(tmp_path, "甲（Solo，2001）。乙（Lee & Kim，2015）。丙(Solo,2005)。")
    [odd] = [p for p in result.problems if p.code == "citation-punctuation"]
    assert odd.message.split("'")[1] == "(Solo,2005)"


def test_invisible_characters_keep_the_citations_line(tmp_path):
    text = (
        "Title\u200b\n\nFirst\u00ad line\u200e\nsecond ＬＩＮＥ\u200b (Solo, ２００１).\n"
        "third (Lee & Kim, 2015)."
    )
    result = run(tmp_path, text)
    assert [(c.text, c.location.line) for c in result.citations] == [
        ("Solo, ２００１", 4),
        ("Lee & Kim, 2015", 5),
    ]


def test_a_latex_key_with_an_invisible_character_is_reported_as_such(tmp_path):
    """LaTeX finds no entry under 'Solo\u200b2001' either: the key is reported, with what is in it."""
    result = run(tmp_path, "As \\cite{Solo\u200b2001} shows.", name="ms.tex")
    assert cited(result) == [("\\cite{Solo\u200b2001}", None)]
    [missing] = [p for p in result.problems if p.code == "citation-missing-reference"]
    assert "U+200B" in missing.message and missing.message.endswith("did you mean 'Solo2001'?")


def test_every_line_of_a_long_paragraph_is_placed(tmp_path):
    """4,000 citations in one paragraph (no blank lines): each on its own line."""
    text = "\n".join(f"Line {n} (Solo, 2001)." for n in range(4000))
    result = run(tmp_path, text)
    assert [c.location.line for c in result.citations] == list(range(1, 4001))


@pytest.mark.parametrize(
    "heading", ["参考书目", "**References**", "References and notes", "引用文献", "Sources cited"]
)
def test_the_reference_list_is_found_by_parse_reflist(tmp_path, heading):
    """Headings the old pattern in cite-check did not know: the list's 'Solo (2005).' entries are not
    read as narrative citations of Solo 2005."""
    text = f"Body (Solo, 2001).\n\n{heading}\n\nSolo (2005). Another title. Journal, 3(1), 1-9.\n"
    assert cited(run(tmp_path, text)) == [("Solo, 2001", "Solo2001")]


# --- the rule, in litgraph/text.py ---------------------------------------------------------------------


def test_readable_maps_back_to_the_written_text():
    written = "（周志民等，２０１９）\u200b and Ma\u0308lar"
    shown = readable(written)
    assert shown.text == "（周志民等，2019） and Mälar"
    start = shown.text.index("2019")
    assert shown.original(start, start + 4) == "２０１９"
    assert shown.original(0, len(shown.text)) == written.replace("\u200b", "", 0)
    mark = shown.text.index("Mälar")
    assert shown.original(mark, mark + 5) == "Ma\u0308lar"


def test_readable_leaves_plain_text_and_line_breaks_alone():
    assert readable("plain (Solo, 2001)\n").text == "plain (Solo, 2001)\n"
    assert readable("a\u200b\nb\u00ad\n").text.count("\n") == 2


def test_author_year_citations_in_cyrillic_and_extended_latin_are_found():
    from litgraph.check.citations.find import find_in_body
    from litgraph.parse.manuscript import text_paragraphs

    body = text_paragraphs("As shown (Łukasiewicz, 2014) and (Иванов, 2019), the rest.", ".txt", "m.txt")
    assert [(cited.names, cited.year) for cited in find_in_body(body).author_year] == [
        (["Łukasiewicz"], 2014),
        (["Иванов"], 2019),
    ]
