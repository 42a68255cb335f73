"""`litgraph report` as the page read before submitting (issue 15, item 8): cite-check, the
BibTeX check, verify verdicts and audit flags, each linked to the hypotheses it affects; in the
author's language; printed to PDF by headless Chromium and read back with poppler.

The project is the second review (tests/fixtures/tam-review, whose EXPECTED.md lists its
deliberate problems: the citation `(Ajzen, 1991)` with no entry, `(Venkatesh et al., 2002)` for
Venkatesh2003, the uncited Venkatesh2008) with the model told that H4 rests on `Ajzen, 1991`,
and verdicts saved as `verify` writes them: Taylor1995 retracted, Gefen2003's year wrong.
Which hypothesis each finding affects comes from the model read as YAML.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import lxml.html
import pytest
import yaml

from litgraph.check.citations import check_citations
from litgraph.check.integrity import check_bibliography
from litgraph.parse.bibtex import load_bibliography
from litgraph.parse.manuscript import read_manuscript
from litgraph.text import has_cjk
from tests.test_report import chromium

SEARCH = "https://kns.cnki.net/kns8/defaultresult/index?kw=Fishbein"
VERDICTS = [
    {"key": "Taylor1995", "status": "retracted", "message": "retracted: a retraction notice was published"},
    {
        "key": "Gefen2003",
        "status": "mismatch",
        "message": "year: 2003 in the bib, 2002 found",
        "source": "crossref",
        "doi": "10.2307/30036519",
        "fields": {"year": {"bib": "2003", "found": "2002"}},
    },
    {"key": "Davis1989a", "status": "verified", "message": "all fields agree", "source": "crossref"},
    {"key": "Fishbein1975", "status": "not_found", "message": "no record found", "links": {"CNKI": SEARCH}},
]


@pytest.fixture
def review(tam):
    """The second review with H4 resting on the citation without an entry, and saved verdicts."""
    model = yaml.safe_load((tam / "model.yaml").read_text(encoding="utf-8"))
    h4 = next(h for h in model["hypotheses"] if h["id"] == "H4")
    h4["evidence"].append({"citation": "Ajzen, 1991", "claim": "Attitude is one of three antecedents."})
    (tam / "model.yaml").write_text(yaml.safe_dump(model, allow_unicode=True), encoding="utf-8")
    (tam / ".litgraph").mkdir(exist_ok=True)
    (tam / ".litgraph" / "verify.json").write_text(json.dumps({"verdicts": VERDICTS}), encoding="utf-8")
    return tam


@pytest.fixture
def model(review) -> dict:
    return yaml.safe_load((review / "model.yaml").read_text(encoding="utf-8"))


def resting_on(model: dict, key: str = "", citation: str = "") -> set[str]:
    """The report's anchors of the hypotheses and definitions whose evidence cites `key` or `citation`."""

    def cites(items) -> bool:
        return any(
            (key and e.get("ref") == key) or (citation and e.get("citation") == citation) for e in items
        )

    found = {f"#hyp-{h['id']}" for h in model["hypotheses"] if cites(h.get("evidence", []))}
    return found | {f"#construct-{c['id']}" for c in model["constructs"] if cites(c.get("defined_by", []))}


def report(cli_for, project, *args: str) -> lxml.html.HtmlElement:
    page = project / "out.html"
    result = cli_for(project)("report", "-o", str(page), *args)
    assert result.exit_code == 0, result.output
    return lxml.html.fromstring(page.read_text(encoding="utf-8"))


def row_with(doc, section: str, text: str):
    rows = [row for row in doc.xpath(f'//section[@id="{section}"]//tbody/tr') if text in row.text_content()]
    assert rows, f"no row in #{section} with {text!r}"
    return rows[0]


def affects(row) -> set[str]:
    return {a.get("href") for a in row.xpath("./td[last()]//a")}


def test_each_finding_is_shown_and_linked_to_the_hypotheses_resting_on_it(review, model, cli_for):
    doc = report(cli_for, review, "--lang", "en")
    missing = row_with(doc, "cite-check", "Ajzen, 1991")
    assert affects(missing) == resting_on(model, citation="Ajzen, 1991") == {"#hyp-H4"}
    wrong_year = row_with(doc, "cite-check", "Venkatesh et al., 2002")
    assert affects(wrong_year) == resting_on(model, "Venkatesh2003")  # the work it most likely means
    assert affects(row_with(doc, "cite-check", "Venkatesh2008")) == set()  # in the list, cited by nothing
    retracted = doc.get_element_by_id("verify-Taylor1995")
    assert "retracted" in retracted.text_content()
    assert affects(retracted) == resting_on(model, "Taylor1995") and affects(retracted)
    mismatch = doc.get_element_by_id("verify-Gefen2003")
    assert affects(mismatch) == resting_on(model, "Gefen2003")
    differences = [[c.text_content() for c in r] for r in mismatch.xpath(".//table//tbody/tr")]
    assert differences == [["year", "2003", "2002"]]
    flagged = {
        href
        for row in doc.xpath('//section[@id="audit"]//tbody/tr')
        if "retract" in row.text_content()
        for href in affects(row.xpath("./td[1]")[0].getparent())
        | {a.get("href") for a in row.xpath("./td[1]//a")}
    }
    assert resting_on(model, "Taylor1995") <= flagged
    h4 = doc.get_element_by_id("hyp-H4")
    about = {a.get("href") for a in h4.xpath('.//p[@class="about"]//a')}
    assert "#verify-Taylor1995" in about and f"#{missing.get('id')}" in about


def test_whatever_the_checks_return_is_in_the_report(review, cli_for):
    """Every cite-check and BibTeX-check finding, by its message, whatever its code."""
    doc = report(cli_for, review, "--lang", "en")
    bib_file = review / "references.bib"
    bib = load_bibliography([bib_file], ["references.bib"])
    paragraphs = read_manuscript(review / "manuscript.md", "manuscript.md")
    cited = check_citations(paragraphs, bib).problems
    assert {"citation-missing-reference", "citation-year-mismatch", "reference-uncited"} <= {
        p.code for p in cited
    }
    shown = " ".join(doc.get_element_by_id("cite-check").text_content().split())
    for problem in cited:
        assert " ".join(problem.message.split()) in shown and problem.code in shown
    shown = " ".join(doc.get_element_by_id("bib-check").text_content().split())
    for problem in check_bibliography(bib):
        assert " ".join(problem.message.split()) in shown


def test_the_summary_links_every_check_and_the_verdicts_print_their_messages(review, cli_for):
    doc = report(cli_for, review, "--lang", "en")
    summary = doc.get_element_by_id("summary")
    assert {a.get("href") for a in summary.xpath(".//a")} == {
        "#cite-check",
        "#bib-check",
        "#verify",
        "#audit",
    }
    for section in ("cite-check", "bib-check", "verify", "audit"):
        assert doc.get_element_by_id(section) is not None
    evidence = doc.get_element_by_id("hyp-H4").text_content()
    assert "retracted: a retraction notice was published" in evidence  # printed, not only a tooltip
    assert "Ajzen, 1991" in evidence and "not in the reference list" in evidence


def test_in_chinese_the_headers_and_flags_are_chinese(review, cli_for):
    doc = report(cli_for, review, "--lang", "zh")
    assert doc.get("lang") == "zh"
    headers = [th.text_content() for th in doc.xpath("//thead//th")]
    assert headers and all(has_cjk(h) or h in ("BibTeX 中",) for h in headers)
    for heading in doc.xpath("//h2"):
        assert has_cjk(heading.text_content()), heading.text_content()
    flags = doc.xpath('//section[@id="audit"]//tbody/tr/td[3]')
    assert flags
    for cell in flags:
        readings = re.sub(r"\([^)]*\)", "", cell.text_content())  # keys in brackets are keys
        assert has_cjk(readings) and not re.search(r"[a-z]+-[a-z]+", readings), readings
    table_flags = doc.xpath('//section[@id="hypotheses"]//tbody/tr/td[last()]')
    assert any(has_cjk(cell.text_content()) for cell in table_flags)


def test_the_default_language_is_the_review_s(seed, cli_for, tam):
    """The seed review is written in Chinese, the second review in English."""
    assert report(cli_for, seed).get("lang") == "zh"
    assert report(cli_for, tam).get("lang") == "en"
    config = seed / "litgraph.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[output]\nlang = "en"\n', encoding="utf-8")
    assert report(cli_for, seed).get("lang") == "en"


# --- printed ---------------------------------------------------------------------------------------


def _pdf(page, tmp_path, mode: str = "-layout") -> list[str]:
    """The page printed by headless Chromium, as poppler's text of each PDF page: laid out as
    on paper, or (`-raw`) each cell's text in one run."""
    pdf = tmp_path / "report.pdf"
    result = chromium(page, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert result.returncode == 0 and pdf.stat().st_size > 10_000, result.stderr[-2000:]
    for tool in ("pdftotext", "pdfinfo"):
        assert shutil.which(tool), "poppler-utils is missing: run tools/system-deps.sh"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return [
        subprocess.run(
            ["pdftotext", mode, "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printed_each_section_starts_a_page_and_no_header_is_stacked(review, cli_for, lang, tmp_path):
    doc = report(cli_for, review, "--lang", lang)
    page = review / "out.html"
    pages = _pdf(page, tmp_path)
    first_lines = [next((line.strip() for line in text.splitlines() if line.strip()), "") for text in pages]
    summary, *sections = [heading.text_content().strip() for heading in doc.xpath("//h2")]
    assert summary in pages[0] and doc.xpath("//h1")[0].text_content().strip()[:20] in first_lines[0]
    for title in sections:  # the summary shares the title's page; every other section starts one
        assert title in first_lines, f"section {title!r} does not start a page"
    text = "\n".join(pages)
    lines = text.splitlines()
    for header in {th.text_content().strip() for th in doc.xpath("//thead//th")}:
        for word in header.split():  # a header may wrap between words, never inside one (预期方向)
            assert any(word in line for line in lines), f"header {header!r} is split in print"
    if lang == "zh":  # what a stacked header looks like: lines holding one Chinese character
        lone = [line.strip() for line in text.splitlines() if len(line.strip()) == 1 and has_cjk(line)]
        assert lone == []
    bib = (review / "references.bib").read_text(encoding="utf-8")
    for key in re.findall(r"^@(?!string|comment)\w+\s*\{\s*([^,\s]+)\s*,", bib, flags=re.M | re.I):
        assert key in text, f"{key} is cut from the printed reference list"
    raw = "".join(_pdf(page, tmp_path, "-raw"))
    assert SEARCH in re.sub(r"\s+", "", raw)  # links show their address on paper
    assert "✗" in text and "✓" in text  # statuses are marked, not only coloured
