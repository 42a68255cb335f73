"""Finding a manuscript's reference section and splitting it into references (parse/reflist.py).

Expected counts, lines and texts are read off each fixture by hand; the seed's are the 31 entries
of its 参考文献 section, which ends where its English title begins."""

from __future__ import annotations

from pathlib import Path

import pytest

from litgraph.parse.manuscript import read_manuscript, text_paragraphs
from litgraph.parse.reflist import (
    body_paragraphs,
    find_reference_section,
    is_references_heading,
    looks_like_reference,
)

SEED = (
    Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "review-brand-community-attachment.txt"
)


def _section(text: str, suffix: str = ".txt", syntax: str = "text"):
    return find_reference_section(text_paragraphs(text, suffix, "m" + suffix), syntax)


def test_the_seed_list_has_31_references_and_ends_before_the_english_title():
    paragraphs = read_manuscript(SEED, "seed.txt")
    section = find_reference_section(paragraphs)
    assert len(section.references) == 31
    assert section.heading[0] == "参考文献"
    first, last = section.references[0], section.references[-1]
    assert first.text == "何佳讯等。品牌社群认同对品牌忠诚的影响研究[J]. 营销科学学报, 2017, 13(2): 45-60."
    assert last.text.startswith("Zhou, Z., Zhang, Q., & Su, C. (2021). The role of social media")
    assert "*" not in "".join(reference.text for reference in section.references)  # markdown emphasis gone
    assert "International Journal of Intercultural Relations, 82, 1-12." in last.text
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert lines[section.end.line - 1].startswith("A Study on the Impact of Community Marketing")
    body = body_paragraphs(paragraphs)
    assert not any(text.startswith("- 何佳讯") for text, _ in body)
    assert any(text.startswith("Against the backdrop") for text, _ in body)


def test_numbered_gbt_list_with_wrapped_lines():
    text = (
        "正文。\n\n参考文献：\n\n"
        "[1] 于潇, 刘义, 柴跃廷, 等. 基于交易的B2C电子商务平台信任评价[J]. 清华大学学报(自然科学版),\n"
        "    2012, 52(11): 1518-1523.\n"
        "[2] Algesheimer R, Dholakia U M, Herrmann A. The social influence of brand community: evidence\n"
        "from European car clubs[J]. Journal of Marketing, 2005, 69(3): 19-34.\n"
        "[4] 周志民. 品牌社群[M]. 北京: 经济科学出版社, 2007.\n\n"
        "附录A 问卷\n\n问卷内容 2020 年发放。\n"
    )
    section = _section(text)
    assert [(ref.label, ref.location.line) for ref in section.references] == [("1", 5), ("2", 7), ("4", 9)]
    assert section.references[0].text == (
        "于潇, 刘义, 柴跃廷, 等. 基于交易的B2C电子商务平台信任评价[J]. "
        "清华大学学报(自然科学版), 2012, 52(11): 1518-1523."
    )
    assert section.references[1].text.endswith(
        "evidence from European car clubs[J]. Journal of Marketing, 2005, 69(3): 19-34."
    )
    assert section.end.line == 11  # 附录 ends the list
    (jump,) = section.problems
    assert jump.location.line == 9 and "jumps from 2 to 4" in jump.message


def test_apa_list_hard_wrapped_without_blank_lines():
    text = (
        "References\n"
        "Algesheimer, R., Dholakia, U. M., & Herrmann, A. (2005). The social influence of brand\n"
        "community: Evidence from European car clubs. Journal of Marketing, 69(3), 19-34.\n"
        "Baumeister, R. F., & Leary, M. R. (1995). The need to belong: Desire for interpersonal\n"
        "attachments as a fundamental human motivation. Psychological Bulletin, 117(3), 497-529.\n"
        "World Health Organization. (2019). Social media and health. Geneva: WHO.\n"
    )
    section = _section(text)
    assert [ref.location.line for ref in section.references] == [2, 4, 6]
    assert section.references[0].text == (
        "Algesheimer, R., Dholakia, U. M., & Herrmann, A. (2005). The social influence of brand community: "
        "Evidence from European car clubs. Journal of Marketing, 69(3), 19-34."
    )


def test_hanging_indent_marks_continuations():
    text = (
        "Bibliography\n\n"
        "Park, C. W., MacInnis, D. J., Priester, J., Eisingerich, A. B., & Iacobucci, D. (2010).\n"
        "    Brand attachment and brand attitude strength. Journal of Marketing, 74(6), 1-17.\n"
        "Thomson, M., MacInnis, D. J., & Park, C. W. (2005). The ties that bind.\n"
        "    Journal of Consumer Psychology, 15(1), 77-91.\n"
    )
    section = _section(text)
    assert len(section.references) == 2 and section.references[1].text.endswith("15(1), 77-91.")


def test_markdown_list_with_emphasis_links_and_a_subheading():
    text = (
        "# Paper\n\nText.\n\n## References\n\n### 中文文献\n\n"
        "1. 何佳讯. 品牌社群认同对品牌忠诚的影响研究[J]. *营销科学学报*, 2017, 13(2): 45-60.\n\n"
        "### English\n\n"
        "2. Zeithaml, V. A. (1988). Consumer perceptions of price, quality, and value. "
        "*Journal of Marketing*, 52(3), 2-22. [https://doi.org/10.2307/1251446](https://doi.org/10.2307/1251446)\n\n"
        "## Appendix\n\nMore text from 2019 and so on, long enough to look like something.\n"
    )
    section = _section(text, ".md", "markdown")
    assert [ref.text for ref in section.references] == [
        "何佳讯. 品牌社群认同对品牌忠诚的影响研究[J]. 营销科学学报, 2017, 13(2): 45-60.",
        "Zeithaml, V. A. (1988). Consumer perceptions of price, quality, and value. Journal of Marketing, "
        "52(3), 2-22. https://doi.org/10.2307/1251446",
    ]
    assert [text for text, _ in section.skipped] == ["### 中文文献", "### English"]


def test_latex_thebibliography_keeps_keys():
    text = (
        "\\section{Intro}\nAs shown \\cite{park2010}.\n\n"
        "\\begin{thebibliography}{9}\n"
        "\\bibitem{park2010} C.~W. Park, D.~J. MacInnis, and J.~Priester, ``Brand attachment,''\n"
        "  \\emph{Journal of Marketing}, vol.~74, no.~6, pp. 1--17, 2010.\n"
        "\\bibitem[Zhou(2019)]{zhou2019} 周志民. 品牌社群文化[J]. 外国经济与管理, 2019, 41(8): 56-70.\n"
        "\\end{thebibliography}\n\\end{document}\n"
    )
    section = _section(text, ".tex", "latex")
    assert [(ref.key, ref.location.line) for ref in section.references] == [("park2010", 5), ("zhou2019", 7)]
    assert (
        "Journal of Marketing, vol. 74" in section.references[0].text
        and "\\emph" not in section.references[0].text
    )


def test_a_file_that_is_only_a_list_is_read_whole():
    text = "My list\n\n" + "".join(
        f"Author{n}, A. ({2000 + n}). A title number {n}. Journal, {n}(1), 1-10.\n" for n in range(1, 6)
    )
    section = _section(text)
    assert section.heading is None and len(section.references) == 5
    assert [text for text, _ in section.skipped] == ["My list"]


def test_prose_without_a_heading_is_no_list():
    text = (
        "This paper studies brand communities.\n\nIn 2019 a survey was run with 300 people.\n\nWe conclude.\n"
    )
    assert _section(text) is None


def test_headings():
    headings = ["参考文献", "参考文献：", "References", "## 6 References", "REFERENCES", "Works Cited",
                "**参考文献**", "\\section*{References}", "五、参考文献", "Bibliography",
                "7. Reference list"]  # fmt: skip
    for heading in headings:
        assert is_references_heading(heading), heading
    for text in ["References to prior work are many.", "参考文献很多", "See the bibliography below for more"]:
        assert not is_references_heading(text), text


def test_a_50000_line_file_is_read_in_linear_time():
    text = "References\n\n" + "".join(
        f"[{n}] Author{n}, A. ({1950 + n % 70}). Title {n}. Journal, {n % 90}(1), 1-{n % 400 + 2}.\n"
        for n in range(1, 50_001)
    )
    section = _section(text)  # a quadratic walk would not finish; benchmarks/bench_import.py times it
    assert len(section.references) == 50_000 and section.problems == []
    assert section.references[-1].text.startswith("Author50000, A. (")


@pytest.mark.parametrize(
    "line", ["Иванов, П. Механика конструкций в 2014 году", "Łukasiewicz J, Logika formalna w 2014 roku"]
)
def test_a_cyrillic_or_extended_latin_author_starts_a_reference(line):
    assert looks_like_reference(line)
