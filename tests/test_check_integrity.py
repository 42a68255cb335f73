"""`litgraph check`: every integrity rule on small inputs, the seed and tam bibliographies, the CLI."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from litgraph.check.integrity import check_bibliography, isbn_valid, issn_valid
from litgraph.cli.app import app
from litgraph.parse.bibtex import load_bibliography

ROOT = Path(__file__).resolve().parents[1]
SEED_BIB = ROOT / "references" / "seed-review.bib"
TAM_BIB = ROOT / "tests" / "fixtures" / "tam-review" / "references.bib"
CORPORA = ROOT.parent / "shared" / "corpora"


def entry(key="Good2010", kind="article", **fields) -> str:
    """A complete, clean article unless fields are overridden (None removes one)."""
    values = {
        "author": "Park, C. W. and MacInnis, D. J.",
        "title": "Brand attachment and brand attitude strength",
        "journal": "Journal of Marketing",
        "year": "2010",
        "volume": "74",
        "number": "6",
        "pages": "1--17",
        "doi": "10.1509/jmkg.74.6.1",
        "langid": "english",
    }
    values.update(fields)
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in values.items() if value is not None)
    return f"@{kind}{{{key},\n{body}\n}}\n\n"


def findings(tmp_path, *entries: str, code: str | None = None):
    path = tmp_path / "refs.bib"
    path.write_text("".join(entries), encoding="utf-8")
    problems = check_bibliography(load_bibliography([path], ["refs.bib"]))
    return [p for p in problems if code is None or p.code == code]


def test_a_complete_entry_has_no_findings(tmp_path):
    assert findings(tmp_path, entry()) == []


# --- one test per rule: each fails if its rule is removed ---------------------------------


def test_required_fields_per_type_in_either_dialect(tmp_path):
    found = findings(
        tmp_path,
        entry(journal=None),
        entry("Biblatex", journal=None, journaltitle="Journal of Marketing"),
        entry("Book", "book", journal=None),
        code="required-field",
    )
    assert [(p.key, p.field) for p in found] == [("Good2010", "journal"), ("Book", "publisher")]
    assert found[0].message == "@article needs journal or journaltitle"


def test_a_crossref_child_is_not_blamed_for_its_missing_parent(tmp_path):
    child = entry("Child", "inproceedings", journal=None, crossref="NoSuchProc")
    problems = findings(tmp_path, child)
    assert [p.code for p in problems] == ["crossref-missing"]


def test_unknown_entry_type_with_a_suggestion(tmp_path):
    found = findings(
        tmp_path,
        entry(kind="inproceedigns"),
        entry("Web", "online", url="https://example.org"),
        code="entry-type-unknown",
    )
    assert [p.key for p in found] == ["Good2010"]
    assert "did you mean @inproceedings?" in found[0].message


@pytest.mark.parametrize(
    ("year", "severity"), [("19999", "error"), ("2010a", "warning"), ("Forthcoming", "warning")]
)
def test_year_format(tmp_path, year, severity):
    [problem] = findings(tmp_path, entry(year=year), code="year-format")
    assert (problem.severity.value, problem.field) == (severity, "year")


def test_a_year_letter_is_not_dropped_by_a_fix(tmp_path):
    """The manuscript may cite 2010a; the style's own letters follow its sort order."""
    [problem] = findings(tmp_path, entry(year="2010a"), code="year-format")
    assert problem.fix == ""
    assert "write year = {2010}" in problem.message and "check by hand" in problem.message


@pytest.mark.parametrize("year", ["c1988", "[1936]", "1947（民国三十六年）", "1984-", "1957-1990", "535 BCE"])
def test_cataloguing_and_historical_years_are_accepted(tmp_path, year):
    assert findings(tmp_path, entry(year=year), code="year-format") == []


def test_year_outside_the_plausible_range(tmp_path):
    found = findings(tmp_path, entry(year="2999"), entry("Old", year="1570"), code="year-range")
    assert [p.key for p in found] == ["Good2010"]


@pytest.mark.parametrize(
    ("date", "fix"),
    [
        ("January 5, 2008", "date = {2008-01-05}"),
        ("March 2011", "date = {2011-03}"),
        ("06/01/2009", ""),
        ("February 30, 2008", ""),  # no such day: which one was meant is the author's to say
    ],
)
def test_date_not_iso(tmp_path, date, fix):
    [problem] = findings(tmp_path, entry(date=date), code="date-format")
    assert problem.fix == fix


def test_iso_dates_and_ranges_pass(tmp_path):
    assert (
        findings(tmp_path, entry(date="2020-05-17"), entry("R", date="1990/1995"), code="date-format") == []
    )


def test_month_must_name_a_month(tmp_path):
    bib = entry(month="Spring") + entry("B", month="Sep/Oct") + entry("C", month="June 6,")
    bib += "@article{D, author={A, B}, title={T}, journal={J}, year={2001}, month=apr}\n"
    found = findings(tmp_path, bib, code="month")
    assert [p.key for p in found] == ["Good2010"]


@pytest.mark.parametrize(
    ("pages", "severity", "fix"),
    [
        ("347--256", "error", ""),
        ("1234-56", "warning", "pages = {1234--1256}"),
        ("307--", "warning", ""),
    ],
)
def test_page_ranges(tmp_path, pages, severity, fix):
    [problem] = findings(tmp_path, entry(pages=pages), code="pages-range")
    assert (problem.severity.value, problem.fix) == (severity, fix)


@pytest.mark.parametrize(
    "pages", ["e69--e171", "8:1--8:12", "S43--S62", "379-423 (Part I) and 623-656 (Part II)", "e0130834"]
)
def test_unusual_but_valid_pages(tmp_path, pages):
    assert findings(tmp_path, entry(pages=pages), code="pages-range") == []


def test_a_doi_in_the_pages_field(tmp_path):
    [problem] = findings(tmp_path, entry(pages="doi.org/10.1038/srep19741"), code="pages-format")
    assert problem.severity.value == "warning"


def test_every_abbreviated_range_of_a_field_is_written_out_by_one_fix(tmp_path):
    """Two fixes for one field would compete; the dash rule leaves abbreviated ranges alone."""
    one = entry("One", pages="1234-56", doi="10.1000/one")
    found = findings(tmp_path, entry(pages="101-5, 1234-56"), one)
    pages = [(p.key, p.code, p.fix) for p in found if p.field == "pages"]
    assert pages == [
        ("Good2010", "pages-range", "pages = {101--105, 1234--1256}"),
        ("Good2010", "pages-range", "pages = {101--105, 1234--1256}"),
        ("One", "pages-range", "pages = {1234--1256}"),
    ]


@pytest.mark.parametrize(
    ("pages", "fix"),
    [("45-60", "pages = {45--60}"), ("1–12", "pages = {1--12}"), ("119 -- 125", "pages = {119--125}")],
)
def test_page_dash_is_info_with_a_fix(tmp_path, pages, fix):
    [problem] = findings(tmp_path, entry(pages=pages), code="pages-dash")
    assert (problem.severity.value, problem.fix) == ("info", fix)


@pytest.mark.parametrize(
    ("doi", "fix", "told"),
    [
        ("10.1234/abc def", "", "which part is the DOI ('10.1234/abc'?)"),
        ("https://doi.org/10.1234/abc def", "", "' def' follows '10.1234/abc'"),
        ("https://doi.org/10.1234/abc?download=true", "", "'?download=true' follows '10.1234/abc'"),
        ("https://doi.org/10.1234/abc.", "", "whether the final '.' belongs to the DOI"),
        ("https://onlinelibrary.wiley.com/doi/10.1111/abc", "", "a link to a page"),
        ("https://doi.org/10.1000/a\\_b", "", "no LaTeX markup"),
        ("https://doi.org/10.1000/a--b", "doi = {10.1000/a--b}", ""),  # not an en dash, as TeX would print
        ("doi:10.1111/1468-2427.00445", "doi = {10.1111/1468-2427.00445}", ""),
        ("https://doi.org/10.1002/%28SICI%291097-4571", "doi = {10.1002/(SICI)1097-4571}", ""),
        ("https://doi.wiley.com/10.1111/abc", "doi = {10.1111/abc}", ""),
    ],
)
def test_a_doi_fix_only_removes_a_resolver(tmp_path, doi, fix, told):
    [problem] = findings(tmp_path, entry(doi=doi), code="doi-syntax")
    assert problem.fix == fix
    assert told in problem.message and ("check by hand" in problem.message) == (not fix)


def test_doi_syntax(tmp_path):
    found = findings(
        tmp_path,
        entry(doi="http://doi.acm.org/10.1145/359842.359859"),
        entry("Bad", doi="2006-02-17 02:00:03.800"),
        code="doi-syntax",
    )
    assert [(p.key, p.severity.value, p.fix) for p in found] == [
        ("Good2010", "warning", "doi = {10.1145/359842.359859}"),
        ("Bad", "error", ""),
    ]


def test_issn_and_isbn_check_digits():
    assert issn_valid("0140-3664") and issn_valid("0018-926X") and not issn_valid("0140-3665")
    assert isbn_valid("9783161484100") and isbn_valid("0306406152") and not isbn_valid("9783161484101")


def test_issn_rule(tmp_path):
    found = findings(
        tmp_path,
        entry(issn="0140-3665"),
        entry("Ok", issn="0042-0980, 1360-063X"),
        entry("Text", issn="print only"),
        code="issn-checksum",
    )
    assert [p.key for p in found] == ["Good2010", "Text"]


def test_isbn_rule(tmp_path):
    found = findings(
        tmp_path,
        entry(isbn="978-3-16-148410-1"),
        entry("Ok", isbn="0-306-40615-2, 978-3-16-148410-0"),
        entry("Short", isbn="978-3-16-14841"),
        code="isbn-checksum",
    )
    assert [p.key for p in found] == ["Good2010", "Short"]
    assert "10 or 13" in found[1].message


@pytest.mark.parametrize(
    ("url", "fix"),
    [
        ("www.example.com/paper", ""),
        (r"https://example.org/a\_b", "url = {https://example.org/a_b}"),
        (r"\url{https://example.org}", "url = {https://example.org}"),
    ],
)
def test_url_form(tmp_path, url, fix):
    [problem] = findings(tmp_path, entry(url=url), code="url-form")
    assert problem.fix == fix


def test_good_urls_pass(tmp_path):
    assert findings(tmp_path, entry(url="https://example.org/x?q=1#top"), code="url-form") == []


def test_unbalanced_braces(tmp_path):
    text = '@article{A, title = "Unbalanced { brace", author={X, Y}, journal={J}, year={2001}}\n'
    text += '@article{B, title = {Set \\{x\\}}, author={X, Y}, journal={J}, note = "a \\{ b", year={2001}}\n'
    found = findings(tmp_path, text, code="braces-unbalanced")
    assert [(p.key, p.field) for p in found] == [("A", "title"), ("B", "note")]


def test_unescaped_specials(tmp_path):
    found = findings(
        tmp_path,
        entry(title="Research & Development at 50%"),
        entry("Ok", title=r"R \& D"),
        entry("Url", note=r"see \url{http://x.org/#a%20b}"),
        entry("Html", journal="Q&amp;A"),
        code="unescaped-special",
    )
    assert [p.key for p in found] == ["Good2010", "Html"]
    assert found[0].fix == r"title = {Research \& Development at 50\%}"
    assert found[1].fix == r"journal = {Q\&A}"


def test_an_entity_and_a_bare_special_in_one_field_get_one_fix(tmp_path):
    [problem] = findings(tmp_path, entry(journal="Q&amp;A at 50%"), code="unescaped-special")
    assert problem.fix == r"journal = {Q\&A at 50\%}"


@pytest.mark.parametrize("names", ["Park, C. W. & MacInnis, D. J.", "Park, C. W. &amp; MacInnis, D. J."])
def test_an_ampersand_among_names_is_left_to_the_author(tmp_path, names):
    """Escaped, 'Park & MacInnis' would print, but as one author: the & was more likely an 'and'."""
    [problem] = findings(tmp_path, entry(author=names), code="unescaped-special")
    assert problem.fix == "" and "names are separated by 'and'" in problem.message


def test_gbt_truncated_author_lists(tmp_path):
    found = findings(
        tmp_path,
        entry(author="何佳讯 and others"),
        entry("Three", author="A, B and C, D and E, F and others"),
        code="authors-truncated",
    )
    assert [p.key for p in found] == ["Good2010"]


def test_chinese_entry_without_language_marker(tmp_path):
    found = findings(
        tmp_path,
        entry(title="品牌社群认同", langid=None),
        entry("Marked", title="品牌社群认同"),
        entry("Ja", title="ブランド愛着の研究", langid=None),
        code="language-missing",
    )
    assert [p.key for p in found] == ["Good2010", "Ja"]
    assert "chinese" in found[0].message and "japanese" in found[1].message


def test_same_doi_on_two_entries(tmp_path):
    [problem] = findings(
        tmp_path,
        entry(),
        entry("Copy", title="Another title", doi="10.1509/JMKG.74.6.1"),
        code="doi-duplicate",
    )
    assert problem.key == "Copy" and "Good2010" in problem.message


def test_near_duplicates_by_title_author_and_year(tmp_path):
    variant = entry("Park2010dup", title="Brand Attachment and Brand-Attitude Strength", doi=None, pages=None)
    [problem] = findings(tmp_path, entry(), variant, code="near-duplicate")
    assert problem.key == "Park2010dup" and "Good2010" in problem.message
    assert problem.message.endswith(
        "first author and year agree; differs in title's case or punctuation, pages (only there), "
        "doi (only there)"
    )


def test_the_same_work_under_two_years_is_a_near_duplicate(tmp_path):
    """Online first in 2009, in print in 2010: one work, entered twice."""
    online = entry("Park2009", year="2009", volume=None, number=None, pages=None)
    [problem] = findings(tmp_path, online, entry(doi=None), code="near-duplicate")
    assert problem.key == "Good2010" and "'Park2009' (refs.bib:1)" in problem.message
    assert "same authors and title; differs in year (2010 here, 2009 there)" in problem.message


@pytest.mark.parametrize(
    "other",
    [
        {"author": "Park, C. W. and Priester, J. R."},  # another co-author
        {"journal": "Journal of Consumer Psychology"},  # the journal version of another paper
        {"kind": "techreport", "journal": None, "institution": "USC"},  # the report before the paper
    ],
)
def test_the_same_title_under_two_years_by_other_authors_or_elsewhere_is_two_works(tmp_path, other):
    fields = {"year": "2009", "volume": None, "number": None, "pages": None, "doi": None, **other}
    assert findings(tmp_path, entry("Park2009", **fields), entry(), code="near-duplicate") == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Developer's Manual: Vol. {2A}", "Developer's Manual: Vol. {2B}"),
        ("Proceedings of the ICDE Conference", "Proceedings of the ACL Conference"),
        ("Social identity in brand communities, Part I", "Social identity in brand communities, Part II"),
    ],
)
def test_similar_titles_that_name_different_works(tmp_path, first, second):
    a = entry("A", title=first, doi=None, pages=None, volume=None, number=None)
    b = entry("B", title=second, doi=None, pages=None, volume=None, number=None)
    assert findings(tmp_path, a, b, code="near-duplicate") == []


def test_near_duplicates_with_different_dois_are_different_works(tmp_path):
    assert findings(tmp_path, entry(), entry("Other", doi="10.1000/other"), code="near-duplicate") == []


def test_near_duplicates_compare_within_blocks_only():
    """20,000 distinct titles: all pairs would be 200 million comparisons (minutes); blocks
    take well under a second."""
    import time

    from litgraph.check.integrity import near_duplicates
    from litgraph.records import Location, Person, Reference

    refs = [
        Reference(
            f"K{i}",
            "article",
            Location("x.bib", i),
            {"year": str(1950 + i % 70)},
            title=f"A study of topic {i} in a field",
            authors=[Person(f"Author{i % 500}")],
        )
        for i in range(20_000)
    ]
    start = time.process_time()
    assert list(near_duplicates(refs)) == []
    assert time.process_time() - start < 10


def test_cjk_punctuation_minority_and_full_width_in_latin_text(tmp_path):
    full = [entry(f"Z{i}", title=f"品牌研究{i}：基于社群", langid="chinese") for i in range(3)]
    half = entry("Half", title="品牌研究:基于社群", langid="chinese")
    latin = entry("Latin", title="Brand attachment，a review（2020）")
    found = findings(tmp_path, *full, half, latin, code="punctuation-width")
    assert [(p.key, p.severity.value) for p in found] == [("Half", "info"), ("Latin", "warning")]
    assert found[1].fix == "title = {Brand attachment, a review (2020)}"


def test_journal_spelled_two_ways(tmp_path):
    usual = [entry(f"M{i}", doi=f"10.1/{i}") for i in range(3)]
    variants = [
        entry("Case", journal="Journal of marketing", doi="10.1/c"),
        entry("Abbrev", journal="J. Mark.", doi="10.1/a"),
        entry("The", journal="The Journal of Marketing", doi="10.1/t"),
        entry("Other", journal="Journal of Retailing"),
    ]
    found = findings(tmp_path, *usual, *variants, code="journal-variant")
    assert [p.key for p in found] == ["Case", "Abbrev", "The"]
    assert all("'Journal of Marketing' in 3 other entries" in p.message for p in found)


def test_parser_problems_pass_through(tmp_path):
    found = findings(tmp_path, entry(), entry())
    assert [p.code for p in found] == ["duplicate-key"]


def test_findings_point_at_the_field_line(tmp_path):
    [problem] = findings(tmp_path, "% comment\n" + entry(pages="45-60"), code="pages-dash")
    assert (problem.location.file, problem.location.line) == ("refs.bib", 9)


# --- the seed, the tam fixture and the corpora ---------------------------------------------------


def test_seed_bibliography():
    problems = check_bibliography(load_bibliography([SEED_BIB]))
    chinese = {
        "HeJiaxun2017",
        "HuangMinxue2018",
        "JinXiaotong2023",
        "LiXianguo2022",
        "LiaoJunyun2019",
        "LiuYang2020",
        "WangYonggui2015",
        "ZhangXinsheng2020",
        "ZhangZhijie2021",
        "ZhouZhimin2019",
        "ZhuLiye2021",
    }
    assert {p.key for p in problems if p.code == "authors-truncated"} == chinese
    assert Counter((p.code, p.severity.value) for p in problems) == {
        ("authors-truncated", "warning"): 11,
        ("pages-dash", "info"): 31,
    }


def test_tam_bibliography_is_clean():
    assert check_bibliography(load_bibliography([TAM_BIB])) == []


def test_gbt7714_examples_have_no_false_format_findings():
    problems = check_bibliography(load_bibliography([CORPORA / "zepinglee-gbt7714-examples.bib"]))
    codes = Counter(p.code for p in problems)
    assert not {"year-format", "language-missing", "punctuation-width", "pages-range"} & set(codes)
    assert not [p for p in problems if p.severity.value == "error"]


def test_rfc_index_only_has_its_hash_and_ampersand_titles():
    problems = check_bibliography(load_bibliography([CORPORA / "hupili-rfc.bib"]))
    assert {p.code for p in problems} == {"unescaped-special"}
    assert all("#" in p.message or "&" in p.message for p in problems)


# --- the command -----------------------------------------------------------------------------------

runner = CliRunner()


def test_check_a_bib_file_without_a_project(tmp_path):
    result = runner.invoke(app, ["check", str(SEED_BIB)])
    assert result.exit_code == 0, result.output
    assert "31 entries in 1 file(s): 0 errors, 11 warnings, 31 info" in result.stdout


@pytest.mark.parametrize(("level", "code"), [("error", 0), ("warning", 1), ("info", 1)])
def test_fail_on(level, code):
    assert runner.invoke(app, ["check", str(SEED_BIB), "--fail-on", level]).exit_code == code


def test_errors_exit_1_and_clean_exits_0(tmp_path):
    bad = tmp_path / "bad.bib"
    bad.write_text(entry(pages="347--256"), encoding="utf-8")
    assert runner.invoke(app, ["check", str(bad)]).exit_code == 1
    clean = runner.invoke(app, ["check", str(TAM_BIB), "--fail-on", "info"])
    assert clean.exit_code == 0 and "no findings" in clean.stdout


def test_json_output_shape():
    result = runner.invoke(app, ["check", str(SEED_BIB), "--json"])
    data = json.loads(result.stdout)
    assert data["summary"] == {
        "style": "gb7714-2025",  # the GB/T 7714 edition of the GB/T rules
        "files": [str(SEED_BIB)],
        "entries": 31,
        "references": 31,
        "error": 0,
        "warning": 11,
        "info": 31,
    }
    assert len(data["problems"]) == 42
    first = data["problems"][0]
    assert set(first) == {"severity", "code", "key", "field", "file", "line", "message", "fix"}
    assert (first["key"], first["code"], first["line"]) == ("HeJiaxun2017", "authors-truncated", 10)


def test_ignore_leaves_out_a_code():
    data = json.loads(runner.invoke(app, ["check", str(SEED_BIB), "--json", "--ignore", "pages-dash"]).stdout)
    assert {p["code"] for p in data["problems"]} == {"authors-truncated"}


def test_check_the_project_found_from_the_working_directory(seed, monkeypatch):
    monkeypatch.chdir(seed)
    data = json.loads(runner.invoke(app, ["check", "--json"]).stdout)
    assert data["summary"]["files"] == ["references/seed-review.bib"] and data["summary"]["entries"] == 31


def test_check_with_project_option(tam):
    result = runner.invoke(app, ["check", "--project", str(tam)])
    assert result.exit_code == 0 and "no findings" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("@article{A, title={品牌}}".encode("gb18030"), "not valid UTF-8"),
        (None, "file not found"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, content, message):
    path = tmp_path / "refs.bib"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output + result.stderr


def test_pre_commit_hook_definition():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("litgraph-check", "litgraph check", "python")
    assert hook["files"] == r"\.bib$"


def test_keys_differing_only_in_case_are_reported_with_both_lines(tmp_path):
    found = findings(
        tmp_path,
        entry("Davis1989a"),
        entry("Other2000", title="Another title"),
        entry("davis1989a", title="User acceptance of computer technology"),
        code="key-case",
    )
    [problem] = found
    assert (problem.key, problem.severity.value, str(problem.location)) == (
        "davis1989a",
        "warning",
        "refs.bib:25",
    )  # 12 lines an entry
    assert "'Davis1989a' (refs.bib:1)" in problem.message


def test_latin1_bib_is_told_to_convert_from_cp1252_not_gb18030(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_bytes(entry(author="M\xfcller, J. and Ren\xe9e, A.").encode("latin-1"))
    result = runner.invoke(app, ["check", str(path)])
    message = " ".join(result.stderr.split())
    assert result.exit_code == 2 and "refs.bib:2: not valid UTF-8 (byte 0xfc" in message
    assert "iconv -f cp1252 -t utf-8" in message and "gb18030" not in message


def test_entries_not_used_are_counted_apart_from_references(tmp_path):
    bib = tmp_path / "two.bib"
    bib.write_text(
        "@article{A1, author={Baker, Ann}, title={Used}, journal={J}, year={2001}, volume={1}, "
        "pages={1--2}}\n"
        "@article{, author={Cole, Bo}, title={No key}, journal={J}, year={2002}}\n",
        encoding="utf-8",
    )
    data = json.loads(runner.invoke(app, ["check", str(bib), "--json"]).stdout)
    assert (data["summary"]["entries"], data["summary"]["references"]) == (2, 1)
    result = runner.invoke(app, ["check", str(bib)])
    assert "2 entries in 1 file(s) (1 of 2 entries not used: see the errors above)" in " ".join(
        result.stdout.split()
    )
