"""`litgraph verify`: the real client against local Crossref and OpenAlex look-alikes.

Every test runs the real httpx transport, cache and matching against
`tests/fakeapis.py`, with short timeouts and backoffs passed as parameters so the
whole file runs in seconds.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from litgraph.check.verify.cache import Cache
from litgraph.check.verify.client import request_key
from litgraph.check.verify.matching import page_range, surname_agrees, title_similarity, venue_agrees
from litgraph.check.verify.record import Record
from litgraph.check.verify.settings import Settings
from litgraph.check.verify.transport import RetryPolicy, retry_after
from litgraph.check.verify.verdicts import Status, load_verdicts
from litgraph.check.verify.verify import open_verifier, verify_all
from litgraph.cli.app import app
from litgraph.parse.bibtex import load_bibliography, parse_bibtex
from litgraph.project import find_project

from .conftest import Cli, copy_seed
from .fakeapis import FakeAPI, FakeScholarlyAPIs, Fault, Work

FAST = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.05, max_retry_after=5.0)

OK = Work(
    "10.1000/ok.1",
    "Community ties and online loyalty",
    [("Ann", "Baker"), ("Tom", "Clark")],
    2015,
    "Journal of Test Studies",
    "10",
    "2",
    "100-120",
)
RETRACTED = Work(
    "10.1000/retracted.1",
    "A study that was later withdrawn",
    [("Rita", "Stone")],
    2018,
    "Journal of Test Studies",
    "13",
    "1",
    "1-10",
    retraction_notice="10.1000/retraction-notice.1",
)
# Two different works that a citation without venue, volume and pages cannot tell apart.
TWIN_A = Work(
    "10.1000/twin.a",
    "Social support in online communities",
    [("Mei", "Lee")],
    2012,
    "Proceedings of the Test Conference",
    "",
    "",
    "11-20",
)
TWIN_B = Work(
    "10.1000/twin.b",
    "Social support in online communities",
    [("Mei", "Lee")],
    2012,
    "Journal of Community Tests",
    "7",
    "3",
    "300-320",
)

DATABASE = [OK, RETRACTED, TWIN_A, TWIN_B]  # `Error`'s DOI gets 503s; no search finds it

EVERY_STATUS = r"""
@article{Verified, author = {Baker, Ann and Clark, Tom}, title = {Community ties and online loyalty},
  journal = {Journal of Test Studies}, year = {2015}, volume = {10}, number = {2}, pages = {100--120},
  doi = {10.1000/ok.1}}
@article{Mismatch, author = {Baker, A. and Clark, T.}, title = {Community Ties and Online Loyalty},
  journal = {Journal of Test Studies}, year = {2012}, volume = {11}, number = {2}, pages = {100--121},
  doi = {https://doi.org/10.1000/OK.1}}
@article{NotFound, author = {Nobody, Nora}, title = {Quantum gastronomy of invisible brands},
  journal = {Journal of Made-Up Results}, year = {2020}, volume = {1}, pages = {1--2}}
@inproceedings{Ambiguous, author = {Lee, Mei}, title = {Social support in online communities}, year = {2012}}
@article{Retracted, author = {Stone, Rita}, title = {A study that was later withdrawn},
  journal = {Journal of Test Studies}, year = {2018}, doi = {10.1000/retracted.1}}
@article{Unverifiable, author = {王永贵 and others}, title = {关系需求强度对品牌忠诚的影响机制研究},
  journal = {心理学报}, year = {2015}, volume = {47}, langid = {chinese}}
@article{Error, author = {Down, Dan}, title = {An answer the servers never give},
  journal = {Journal of Test Studies}, year = {2019}, doi = {10.1000/down.1}}
"""


def refs_of(text: str):
    return parse_bibtex(text, "test.bib").references


def run(apis: FakeScholarlyAPIs, refs, cache_dir: Path | None, **options):
    settings = Settings(
        apis.crossref.url,
        apis.openalex.url,
        mailto=options.pop("mailto", "test@example.org"),
        openalex_api_key=options.pop("api_key", ""),
    )
    workers = options.pop("workers", 3)
    on_verdict = options.pop("on_verdict", None)
    options.setdefault("timeout", 2.0)
    with open_verifier(
        settings, cache_dir, retry=options.pop("retry", FAST), concurrency=workers, **options
    ) as v:
        return verify_all(refs, v, workers=workers, on_verdict=on_verdict)


def statuses(verdicts) -> dict[str, str]:
    return {verdict.key: verdict.status.value for verdict in verdicts}


def make_apis(*works: Work, **options) -> FakeScholarlyAPIs:
    return FakeScholarlyAPIs(list(works), **options)


# --- verdicts ---------------------------------------------------------------------------


def test_every_status_is_produced_and_no_reference_is_lost(tmp_path):
    refs = refs_of(EVERY_STATUS)
    with make_apis(*DATABASE) as apis:
        for api in (apis.crossref, apis.openalex):
            api.faults["10.1000/down.1"] = Fault(status=503, times=None)
        verdicts = run(apis, refs, tmp_path)
    assert [v.key for v in verdicts] == [r.key for r in refs]
    assert statuses(verdicts) == {
        key: key.lower().replace("notfound", "not_found") for key in statuses(verdicts)
    }
    by_key = {v.key: v for v in verdicts}
    mismatch = by_key["Mismatch"]
    assert set(mismatch.fields) == {"year", "volume", "pages"}
    assert mismatch.fields["volume"].bib == "11" and mismatch.fields["volume"].found == "10"
    assert mismatch.fixes == {"year": "2015", "volume": "10", "pages": "100--120"}  # in the bib's dash style
    assert "Crossref" in mismatch.message and mismatch.source == "crossref"
    assert (
        by_key["NotFound"].message == "no record found in Crossref or OpenAlex — check the reference by hand"
    )
    assert "fabricat" not in " ".join(v.message for v in verdicts)
    assert "10.1000/twin.a" in by_key["Ambiguous"].message and "10.1000/twin.b" in by_key["Ambiguous"].message
    assert "10.1000/retraction-notice.1" in by_key["Retracted"].message
    assert "only part of Chinese journals" in by_key["Unverifiable"].message
    assert "HTTP 503 after 3 attempts" in by_key["Error"].message


def test_datacite_doi_is_found_in_openalex(tmp_path):
    preprint = Work(
        "10.48550/arxiv.2101.00001",
        "Graphs of reviews",
        [("Ada", "Byron")],
        2021,
        "arXiv (Cornell University)",
        in_crossref=False,
    )
    refs = refs_of(
        "@misc{P, author={Byron, Ada}, title={Graphs of reviews}, year={2021}, "
        "journal={arXiv preprint arXiv:2101.00001}, doi={10.48550/arXiv.2101.00001}}"
    )
    with make_apis(preprint) as apis:
        [verdict] = run(apis, refs, tmp_path)
    assert verdict.status is Status.VERIFIED and verdict.source == "openalex"


def test_retraction_flagged_by_openalex_alone(tmp_path):
    only_openalex = Work(
        RETRACTED.doi,
        RETRACTED.title,
        RETRACTED.authors,
        2018,
        RETRACTED.journal,
        retraction_notice="x",
        in_crossref=False,
    )
    with make_apis(only_openalex) as apis:
        [verdict] = run(apis, refs_of(EVERY_STATUS)[4:5], tmp_path)
    assert verdict.status is Status.RETRACTED and verdict.source == "openalex"


def test_a_doi_nobody_knows_is_a_lead_not_a_verdict_of_fake(tmp_path):
    refs = refs_of(
        "@article{D, author={Baker, Ann}, title={Never registered}, year={2015}, doi={10.1000/none}}"
    )
    with make_apis(OK) as apis:
        [verdict] = run(apis, refs, tmp_path)
    assert verdict.status is Status.NOT_FOUND
    assert "registered with neither" in verdict.message and "check the reference by hand" in verdict.message


def test_chinese_entry_with_a_doi_that_nobody_knows_is_not_found(tmp_path):
    refs = refs_of(
        "@article{C, author={王永贵}, title={关系需求强度对品牌忠诚的影响机制研究}, year={2015}, "
        "doi={10.3724/none}}"
    )
    with make_apis(OK) as apis:
        [verdict] = run(apis, refs, tmp_path)
    assert verdict.status is Status.NOT_FOUND


# --- a misbehaving network ------------------------------------------------------------


def ok_ref():
    return refs_of(EVERY_STATUS)[:1]


def crossref_only(work: Work) -> Work:
    return dataclasses.replace(work, in_openalex=False)


def break_everything(apis: FakeScholarlyAPIs, fault: Fault) -> None:
    """`fault` on OK's DOI and on every search, in both sources."""
    for api in (apis.crossref, apis.openalex):
        api.faults["10.1000/ok.1"] = dataclasses.replace(fault)
        api.faults["search"] = dataclasses.replace(fault)


def test_429_waits_for_retry_after_and_then_succeeds(tmp_path):
    with make_apis(OK) as apis:
        apis.crossref.faults["10.1000/ok.1"] = Fault(status=429, retry_after="1")
        [verdict] = run(apis, ok_ref(), tmp_path)
        asked = apis.crossref.requests("10.1000/ok.1")
    assert verdict.status is Status.VERIFIED
    assert [entry.status for entry in asked] == [429, 200]
    assert asked[1].at - asked[0].at >= 0.95


def test_a_retry_after_beyond_reason_gives_up_on_the_host(tmp_path):
    with make_apis(crossref_only(OK)) as apis:
        apis.crossref.faults["10.1000/ok.1"] = Fault(status=429, retry_after="3600", times=None)
        [verdict] = run(apis, ok_ref(), tmp_path)
        assert len(apis.crossref.requests()) == 1  # neither retried nor followed by a search
    assert verdict.status is Status.ERROR
    assert "Crossref: HTTP 429: the server asks to retry after 3600 s" in verdict.message


def test_retry_after_as_http_date():
    now = datetime(2026, 11, 27, 12, 0, 0, tzinfo=timezone.utc)
    later = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert retry_after(later, now=now.timestamp()) == pytest.approx(30)
    assert retry_after("7") == 7
    assert retry_after("soon") is None and retry_after(None) is None


def test_503_then_success(tmp_path):
    with make_apis(OK) as apis:
        apis.crossref.faults["10.1000/ok.1"] = Fault(status=503, times=2)
        [verdict] = run(apis, ok_ref(), tmp_path)
        assert [e.status for e in apis.crossref.requests("10.1000/ok.1")] == [503, 503, 200]
    assert verdict.status is Status.VERIFIED


def test_timeouts_are_retried_then_reported(tmp_path):
    with make_apis(crossref_only(OK)) as apis:
        apis.crossref.faults["10.1000/ok.1"] = Fault(delay=0.6, times=None)
        apis.crossref.faults["search"] = Fault(delay=0.6, times=None)
        [verdict] = run(
            apis, ok_ref(), tmp_path, timeout=0.15, retry=dataclasses.replace(FAST, give_up_after=10)
        )
        assert len(apis.crossref.requests("10.1000/ok.1")) == 3
    # each answer would come after 0.6 s and verify the work: an error says the 0.15 s bound held
    assert verdict.status is Status.ERROR and verdict.message == "Crossref: timed out after 3 attempts"


def test_one_slow_answer_is_retried(tmp_path):
    with make_apis(OK) as apis:
        apis.crossref.faults["10.1000/ok.1"] = Fault(delay=0.5)
        [verdict] = run(apis, ok_ref(), tmp_path, timeout=0.15)
        assert len(apis.crossref.requests("10.1000/ok.1")) == 2
    assert verdict.status is Status.VERIFIED


def test_malformed_json_is_retried_never_cached(tmp_path):
    with make_apis(OK) as apis:
        break_everything(apis, Fault(malformed=True, times=None))
        [verdict] = run(apis, ok_ref(), tmp_path)
        assert len(apis.crossref.requests("10.1000/ok.1")) == 3
        assert verdict.status is Status.ERROR and "malformed" in verdict.message
        apis.crossref.faults.clear()
        apis.openalex.faults.clear()
        [again] = run(apis, ok_ref(), tmp_path)
        assert len(apis.crossref.requests("10.1000/ok.1")) == 4
    assert again.status is Status.VERIFIED


def test_malformed_once_then_fine(tmp_path):
    with make_apis(OK) as apis:
        apis.crossref.faults["10.1000/ok.1"] = Fault(malformed=True)
        [verdict] = run(apis, ok_ref(), tmp_path)
    assert verdict.status is Status.VERIFIED


def test_errors_are_not_cached(tmp_path):
    with make_apis(OK) as apis:
        break_everything(apis, Fault(status=503, times=None))
        assert run(apis, ok_ref(), tmp_path)[0].status is Status.ERROR
        apis.crossref.faults.clear()
        assert run(apis, ok_ref(), tmp_path)[0].status is Status.VERIFIED


def test_json_nested_too_deep_is_a_malformed_answer(tmp_path):
    with make_apis(OK) as apis:
        break_everything(apis, Fault(body=b"[" * 200000 + b"]" * 200000, times=None))
        [verdict] = run(apis, ok_ref(), tmp_path)
    assert verdict.status is Status.ERROR and "malformed" in verdict.message


def test_a_404_that_is_not_the_apis_own_is_a_server_error(tmp_path):
    """A mistyped base URL: every path is 404, but not the API's "no such DOI" answer."""
    with make_apis(OK) as apis:
        for api in (apis.crossref, apis.openalex):
            api.faults["*"] = Fault(
                status=404, body=b"<html><body>Not Found</body></html>", content_type="text/html", times=None
            )
        [verdict] = run(apis, ok_ref(), tmp_path)
    assert verdict.status is Status.ERROR
    assert "HTTP 404" in verdict.message and "base URL" in verdict.message


def test_a_search_answering_404_is_a_server_error(tmp_path):
    """Below a wrong base path the fake answers Crossref's own not-found text, even for the search."""
    refs = refs_of(
        "@article{D, author={Baker, Ann}, title={Never registered}, year={2015}, doi={10.1000/none}}"
    )
    with make_apis(OK) as apis:
        settings = Settings(apis.crossref.url + "/typo", apis.openalex.url + "/typo")
        with open_verifier(settings, tmp_path, retry=FAST, timeout=2.0) as verifier:
            [verdict] = verify_all(refs, verifier)
    assert verdict.status is Status.ERROR and "registered with neither" not in verdict.message


def test_a_trickling_answer_is_bounded_by_the_timeout(tmp_path):
    """One byte every 20 ms: each read is quick, the whole answer would take about a minute."""
    with make_apis(OK) as apis:
        break_everything(apis, Fault(trickle=0.02, times=None))
        started = time.monotonic()
        [verdict] = run(apis, ok_ref(), tmp_path, timeout=0.3)
        elapsed = time.monotonic() - started
    assert verdict.status is Status.ERROR and "timed out" in verdict.message
    assert elapsed < 20.0  # not hung: the whole answer would take a minute, so not a speed measure


def test_a_server_that_keeps_timing_out_is_given_up_on(tmp_path):
    works = numbered_works(8)
    with make_apis(*works) as apis:
        for api in (apis.crossref, apis.openalex):
            api.faults["*"] = Fault(delay=3.0, times=None)
        verdicts = run(apis, refs_of(numbered_bib(works)), tmp_path, timeout=0.2)
        asked = apis.request_count()
    assert [v.status for v in verdicts] == [Status.ERROR] * 8
    assert all("given up on for this run" in v.message for v in verdicts)
    assert asked <= 2 * (
        FAST.give_up_after + 3
    )  # per host: the timeouts in a row, plus those already in flight


def test_a_server_that_keeps_failing_is_given_up_on(tmp_path):
    works = numbered_works(8)
    with make_apis(*works) as apis:
        for api in (apis.crossref, apis.openalex):
            api.faults["*"] = Fault(status=500, times=None)
        verdicts = run(apis, refs_of(numbered_bib(works)), tmp_path)
        asked = apis.request_count()
    assert [v.status for v in verdicts] == [Status.ERROR] * 8
    assert "3 requests in a row failed (HTTP 500 after 3 attempts)" in verdicts[-1].message
    assert asked <= 2 * (FAST.give_up_after + 2) * FAST.attempts  # not 8 references x 4 requests x 3 attempts


# --- rate limits and concurrency --------------------------------------------------------


def numbered_works(count: int) -> list[Work]:
    return [
        Work(
            f"10.1000/n.{i}",
            f"Numbered study {i} of brand ties",
            [("Ann", f"Author{i}")],
            2000 + i % 20,
            "Journal of Test Studies",
            str(i),
            "1",
            f"{i}-{i + 9}",
        )
        for i in range(count)
    ]


def numbered_bib(works: list[Work]) -> str:
    return "\n".join(
        f"@article{{N{i}, author={{{w.authors[0][1]}, Ann}}, title={{{w.title}}}, year={{{w.year}}}, "
        f"journal={{{w.journal}}}, volume={{{w.volume}}}, pages={{{w.pages}}}, doi={{{w.doi}}}}}"
        for i, w in enumerate(works)
    )


def test_rate_limit_from_headers_is_honoured(tmp_path):
    """Server: 3 requests per 0.5 s, enforced, below the client's default of 10/s.

    One worker, so that the first answer's headers are known before the second request.
    """
    works = numbered_works(10)
    with (
        FakeAPI("crossref", works, limit=3, interval=0.5, enforce=True) as crossref,
        FakeAPI("openalex", works) as openalex,
    ):
        settings = Settings(crossref.url, openalex.url, mailto="test@example.org")
        with open_verifier(settings, tmp_path, retry=FAST, concurrency=1) as verifier:
            verdicts = verify_all(refs_of(numbered_bib(works)), verifier, workers=1)
        log = crossref.requests()
    assert {v.status for v in verdicts} == {Status.VERIFIED}
    assert 429 not in [entry.status for entry in log]
    assert crossref.max_in_window(0.5) <= 3
    rate = (len(log) - 1) / (log[-1].at - log[0].at)
    assert rate <= 6.0


def test_a_generous_limit_is_used(tmp_path):
    """Server allows 100/s: the client speeds up from its default 10/s to follow it."""
    works = numbered_works(40)
    with make_apis(*works, limit=100, interval=1.0, enforce=True) as apis:
        verdicts = run(apis, refs_of(numbered_bib(works)), tmp_path, workers=3)
        log = apis.crossref.requests()
        assert 429 not in apis.crossref.statuses()
    assert {v.status for v in verdicts} == {Status.VERIFIED}
    rate = (len(log) - 1) / (log[-1].at - log[0].at)  # as the server saw them arrive
    assert rate > 10.0  # faster than the default 10/s: the server's limit was followed


def test_concurrency_per_host_is_bounded(tmp_path):
    works = numbered_works(12)
    with make_apis(*works, latency=0.05) as apis:
        run(apis, refs_of(numbered_bib(works)), tmp_path, workers=8)
        assert apis.crossref.max_in_flight <= 3


def test_mailto_and_api_key_are_sent_but_never_stored(tmp_path):
    only_openalex = Work("10.1000/oa.1", "Only in OpenAlex", [("Ann", "Baker")], 2015, in_crossref=False)
    refs = refs_of(
        "@article{O, author={Baker, Ann}, title={Only in OpenAlex}, year={2015}, doi={10.1000/oa.1}}"
    )
    with make_apis(only_openalex) as apis:
        run(apis, refs, tmp_path, mailto="me@example.org", api_key="SECRET-KEY-123")
        [crossref] = apis.crossref.requests()
        [openalex] = apis.openalex.requests()
    assert crossref.query["mailto"] == "me@example.org" and "mailto:me@example.org" in crossref.user_agent
    assert openalex.query["api_key"] == "SECRET-KEY-123"
    database = b"".join(path.read_bytes() for path in tmp_path.glob("verify.sqlite*"))
    assert b"SECRET-KEY-123" not in database and b"me@example.org" not in database
    assert (
        request_key("https://x/works", {"rows": 5, "mailto": "a", "api_key": "b"}) == "https://x/works?rows=5"
    )


# --- cache, offline, resuming ------------------------------------------------------------


def test_cached_rerun_makes_no_request(tmp_path):
    refs = refs_of(EVERY_STATUS)
    with make_apis(*DATABASE) as apis:
        first = run(apis, refs, tmp_path)
        asked = apis.request_count()
        second = run(apis, refs, tmp_path)
        assert apis.request_count() == asked
    assert statuses(first) == statuses(second)


def test_offline_answers_from_the_cache_only(tmp_path):
    refs = refs_of(EVERY_STATUS)
    with make_apis(*DATABASE) as apis:
        online = run(apis, refs[:3], tmp_path)
        asked = apis.request_count()
        offline = run(apis, refs, tmp_path, offline=True)
        assert apis.request_count() == asked
    assert statuses(offline)["Verified"] == "verified"
    assert [v.status for v in offline[:3]] == [v.status for v in online]
    uncached = [v for v in offline[3:]]
    assert {v.status for v in uncached} == {Status.ERROR}
    assert {v.message for v in uncached} == {"not in cache (offline)"}


def test_cache_lifetimes_found_and_not_found(tmp_path):
    cache = Cache(tmp_path, found_lifetime=100, missing_lifetime=0)
    cache.put("found", {"a": 1}, found=True)
    cache.put("missing", None, found=False)
    cache.put("empty search", {"items": []}, found=False)
    assert cache.get("found").data == {"a": 1}
    assert cache.get("missing") is None and cache.get("empty search") is None
    assert cache.get("missing", stale_ok=True).found is False  # offline runs take stale answers
    cache.close()


def test_each_answer_is_written_as_it_arrives(tmp_path):
    works = numbered_works(3)
    seen_rows = []

    def count_rows(verdict):
        with sqlite3.connect(tmp_path / "verify.sqlite") as db:
            seen_rows.append(db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])

    with make_apis(*works) as apis:
        run(apis, refs_of(numbered_bib(works)), tmp_path, workers=1, on_verdict=count_rows)
    assert all(
        rows >= done for done, rows in enumerate(seen_rows, start=1)
    )  # stored before the verdict is out


def test_an_interrupted_run_resumes_where_it_stopped(tmp_path):
    works = numbered_works(8)
    refs = refs_of(numbered_bib(works))
    done = []

    def interrupt_after_three(verdict):
        done.append(verdict)
        if len(done) == 3:
            raise KeyboardInterrupt

    with make_apis(*works) as apis:
        with pytest.raises(KeyboardInterrupt):
            run(apis, refs, tmp_path, workers=2, on_verdict=interrupt_after_three)
        first = {entry.path for entry in apis.crossref.requests()}
        assert 3 <= len(first) < 8
        verdicts = run(apis, refs, tmp_path, workers=2)
        second = [entry.path for entry in apis.crossref.requests()][len(first) :]
    assert {v.status for v in verdicts} == {Status.VERIFIED} and len(verdicts) == 8
    assert not first & set(second)  # nothing answered before is asked again
    assert len(first) + len(second) == 8


# --- matching rules ------------------------------------------------------------------


COMMON_TITLE = [
    Work(
        "10.1000/brand.1",
        "Brand community",
        [("Pat", "Smith")],
        2016,
        "Journal of Brand Management",
        "23",
        "2",
        "200-210",
    ),
    Work(
        "10.1000/brand.2",
        "Brand Community",
        [("Lee", "Wong")],
        2009,
        "Journal of Consumer Research",
        "36",
        "1",
        "1-5",
    ),
]


def test_a_common_title_by_other_authors_is_not_accepted(tmp_path):
    refs = refs_of(
        "@article{Muniz2001, author={Muniz, Albert M. and O'Guinn, Thomas C.}, title={Brand community}, "
        "journal={Journal of Consumer Research}, year={2001}, volume={27}, number={4}, pages={412--432}}"
    )
    with make_apis(*COMMON_TITLE) as apis:
        [verdict] = run(apis, refs, tmp_path)
        assert apis.crossref.requests("query.bibliographic")  # candidates were offered, and refused
    assert verdict.status is Status.NOT_FOUND and not verdict.doi


def test_a_title_alone_never_accepts(tmp_path):
    with make_apis(OK) as apis:
        [verdict] = run(apis, refs_of("@misc{T, title={Community ties and online loyalty}}"), tmp_path)
    assert verdict.status is Status.NOT_FOUND


@pytest.mark.parametrize(
    ("bib_year", "status", "year_field"),
    [
        (2016, "mismatch", {"bib": "2016", "found": "2015"}),  # off by one, but the record has no such date
        (2014, "mismatch", {"bib": "2014", "found": "2015"}),
        (2015, "verified", None),
        (2017, "mismatch", {"bib": "2017", "found": "2015"}),
    ],
)
def test_year_tolerance(tmp_path, bib_year, status, year_field):
    refs = refs_of(
        f"@article{{Y, author={{Baker, Ann and Clark, Tom}}, title={{Community ties and online loyalty}}, "
        f"year={{{bib_year}}}, journal={{J. Test Stud.}}, volume={{10}}, pages={{100-120}}}}"
    )
    with make_apis(OK) as apis:
        [verdict] = run(apis, refs, tmp_path)
    assert verdict.status.value == status
    assert verdict.as_dict()["fields"].get("year") == year_field


def test_sentence_case_without_subtitle_matches_title_case_with_subtitle(tmp_path):
    work = Work(
        "10.1000/sub.1",
        "Brand Experience",
        [("J. Josko", "Brakus")],
        2009,
        "Journal of Marketing",
        "73",
        "3",
        "52-68",
        subtitle="What Is It? How Is It Measured? Does It Affect Loyalty?",
    )
    refs = refs_of(
        "@article{B, author={Brakus, J. J.}, title={Brand experience}, journal={J. Mark.}, year={2009}, "
        "volume={73}, pages={52--68}}"
    )
    with make_apis(work) as apis:
        [verdict] = run(apis, refs, tmp_path)
    assert verdict.status is Status.VERIFIED and verdict.doi == "10.1000/sub.1"


def test_preprint_or_missing_venue_is_not_a_venue_mismatch(tmp_path):
    refs = refs_of(
        "@article{A, author={Baker, Ann and others}, title={Community ties and online loyalty}, "
        "year={2015}, journal={arXiv preprint arXiv:1501.00001}, doi={10.1000/ok.1}}\n"
        "@article{B, author={Baker, Ann and others}, title={Community ties and online loyalty}, "
        "year={2015}, doi={10.1000/ok.1}}"
    )
    with make_apis(OK) as apis:
        verdicts = run(apis, refs, tmp_path)
    assert [v.status for v in verdicts] == [Status.VERIFIED, Status.VERIFIED]


def test_wrong_journal_and_a_doi_pointing_elsewhere(tmp_path):
    refs = refs_of(
        "@article{J, author={Baker, Ann and Clark, Tom}, title={Community ties and online loyalty}, "
        "journal={Journal of Other Things}, year={2015}, doi={10.1000/ok.1}}\n"
        "@article{D, author={Zed, Zoe}, title={Something else entirely}, year={2015}, doi={10.1000/ok.1}}"
    )
    with make_apis(OK) as apis:
        journal, elsewhere = run(apis, refs, tmp_path)
    assert journal.status is Status.MISMATCH and set(journal.fields) == {"journal"} and not journal.fixes
    assert elsewhere.status is Status.MISMATCH and {"title", "author"} <= set(elsewhere.fields)
    assert "DOI seems to point to another work" in elsewhere.message and not elsewhere.fixes


def test_normalisation_helpers():
    assert (
        title_similarity(
            "The social influence of brand community: Evidence from European car clubs",
            "The Social Influence of Brand Community: Evidence from European Car Clubs",
        )
        == 100
    )
    assert (
        title_similarity(
            "Self-construal, reference groups, and brand meaning",
            "Self‐Construal, Reference Groups, and Brand Meaning",
        )
        == 100
    )
    assert title_similarity("{The} ties that bind", "The Ties That Bind: Measuring the strength") == 100
    assert title_similarity("Brand community", "Brand loyalty") < 90
    assert page_range("378-89") == ("378", "389") and page_range("pp. 19–34") == ("19", "34")
    assert surname_agrees("van der Berg", "Jan van der Berg") and surname_agrees("Malär", "Lucia Malar")
    assert not surname_agrees("Li", "Wei Ali")
    jm = Record("crossref", container="Journal of Marketing")
    assert venue_agrees("J. Mark.", jm) and venue_agrees("The Journal of Marketing", jm)
    assert venue_agrees("Journal of Marketing Research", jm) is False
    assert venue_agrees("arXiv preprint", jm) is None and venue_agrees("", jm) is None


# --- --fix -------------------------------------------------------------------------------


ORIGINAL = """% Library kept by hand: comments, macros and odd spacing must survive.
@string{ jts = "Journal of Test Studies" }

@comment{ keep me exactly }

@Article{Baker2015,
   author    = {Baker, Ann and Clark, Tom},
   title     = {Community ties and online loyalty},
   journal   = jts,
   year      = 2013,
   volume    = {11},
   number    = "2",
   pages     = {100--121}
}

  % between entries
@article{ Other,  title = {Untouched {Title}}, author={Nobody, N.}, year={1999} }
"""

EXPECTED = (
    ORIGINAL.replace("2013", "2015")
    .replace("{11}", "{10}")
    .replace("{100--121}\n", "{100--120},\n   doi       = {10.1000/ok.1}\n")
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_fix_changes_only_the_fixed_values(tmp_path, newline, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "library.bib"
    bib.write_bytes(ORIGINAL.replace("\n", newline).encode("utf-8"))
    with make_apis(OK) as apis:
        result = verify_cli(apis, str(bib), "--fix")
    assert result.exit_code == 1, result.output  # Baker2015 is a mismatch
    fixed = tmp_path / "library.fixed.bib"
    assert fixed.read_bytes() == EXPECTED.replace("\n", newline).encode("utf-8")
    assert bib.read_bytes() == ORIGINAL.replace("\n", newline).encode("utf-8")
    [again] = load_bibliography([fixed]).references[:1]
    assert (again.year, again.volume, again.pages, again.doi) == (2015, "10", "100--120", "10.1000/ok.1")


def test_fix_in_place_keeps_a_backup(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "library.bib"
    bib.write_text(ORIGINAL, encoding="utf-8")
    with make_apis(OK) as apis:
        verify_cli(apis, str(bib), "--fix", "--in-place")
    assert bib.read_text(encoding="utf-8") == EXPECTED
    assert (tmp_path / "library.bib.bak").read_text(encoding="utf-8") == ORIGINAL
    assert not list(tmp_path.glob(".library.bib.*"))  # no temp file left behind


def test_fix_in_place_never_overwrites_an_earlier_backup(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "library.bib"
    bib.write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "library.bib.bak").write_text("the user's own backup", encoding="utf-8")
    with make_apis(OK) as apis:
        result = verify_cli(apis, str(bib), "--fix", "--in-place")
    assert bib.read_text(encoding="utf-8") == EXPECTED
    assert (tmp_path / "library.bib.bak").read_text(encoding="utf-8") == "the user's own backup"
    assert (tmp_path / "library.bib.bak.1").read_text(encoding="utf-8") == ORIGINAL
    assert "backup: " + str(tmp_path / "library.bib.bak.1") in " ".join(result.stderr.split())


def test_fix_in_place_never_writes_through_a_linked_backup(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib, precious = tmp_path / "library.bib", tmp_path / "thesis.tex"
    bib.write_text(ORIGINAL, encoding="utf-8")
    precious.write_text("\\chapter{One}", encoding="utf-8")
    (tmp_path / "library.bib.bak").symlink_to(precious)
    with make_apis(OK) as apis:
        verify_cli(apis, str(bib), "--fix", "--in-place")
    assert precious.read_text(encoding="utf-8") == "\\chapter{One}"
    assert (tmp_path / "library.bib.bak").is_symlink()
    assert (tmp_path / "library.bib.bak.1").read_text(encoding="utf-8") == ORIGINAL
    assert bib.read_text(encoding="utf-8") == EXPECTED


def test_fix_in_place_on_a_link_edits_the_file_it_points_to(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "Zotero").mkdir()
    export = tmp_path / "Zotero" / "export.bib"
    export.write_text(ORIGINAL, encoding="utf-8")
    bib = tmp_path / "library.bib"
    bib.symlink_to(export)
    with make_apis(OK) as apis:
        result = verify_cli(apis, str(bib), "--fix", "--in-place")
    assert export.read_text(encoding="utf-8") == EXPECTED
    assert bib.is_symlink() and bib.resolve() == export.resolve()
    assert (tmp_path / "library.bib.bak").read_text(encoding="utf-8") == ORIGINAL
    assert str(export.resolve()) in " ".join(result.stderr.split())  # says where the fixes went


def test_fix_onto_an_existing_private_file_keeps_it_private(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib, out = tmp_path / "library.bib", tmp_path / "out.bib"
    bib.write_text(ORIGINAL, encoding="utf-8")
    out.write_text("older output", encoding="utf-8")
    out.chmod(0o600)
    with make_apis(OK) as apis:
        verify_cli(apis, str(bib), "--fix", "-o", str(out))
    assert out.read_text(encoding="utf-8") == EXPECTED and out.stat().st_mode & 0o777 == 0o600


# `litgraph verify ...` that stops before putting the fixed file in place (as a kill would
# find it: the whole temporary file written), says so, and waits for a line on stdin.
_PAUSED_VERIFY = """
import os, sys
from litgraph.cli.app import app

rename = os.replace

def paused(source, target):
    if os.path.basename(source).startswith(".library.bib."):
        print("writing", flush=True)
        sys.stdin.readline()
    rename(source, target)

os.replace = paused
app(sys.argv[1:], prog_name="litgraph")
"""


def test_a_fix_killed_mid_write_leaves_nothing_after_the_next_run(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "library.bib"
    bib.write_text(ORIGINAL + "% padding\n" * 200_000, encoding="utf-8")  # a few MB
    original = bib.read_bytes()
    with make_apis(OK) as apis:
        urls = ["--crossref-api", apis.crossref.url, "--openalex-api", apis.openalex.url]
        verifying = subprocess.Popen(
            [sys.executable, "-c", _PAUSED_VERIFY, "verify", *urls, str(bib), "--fix", "--in-place"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert verifying.stdout is not None
        while (line := verifying.stdout.readline()) not in ("writing\n", ""):
            pass
        assert line == "writing\n"
        verifying.kill()
        verifying.wait(timeout=30)
        [left] = [path for path in tmp_path.iterdir() if path.name.startswith(".library.bib.")]
        assert left.stat().st_size > len(original) // 2 and bib.read_bytes() == original
        verify_cli(apis, str(bib), "--fix", "--in-place")
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".library.bib.")]
    assert bib.read_bytes() != original and bib.read_text(encoding="utf-8").startswith(EXPECTED)
    assert (tmp_path / "library.bib.bak.1").read_bytes() == original  # .bak is the killed run's copy


def test_fix_leaves_uncertain_matches_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "library.bib"
    bib.write_text(
        "@article{D, author={Zed, Zoe}, title={Something else entirely}, year={2011}, doi={10.1000/ok.1}}\n",
        encoding="utf-8",
    )
    with make_apis(OK) as apis:
        result = verify_cli(apis, str(bib), "--fix", "-o", str(tmp_path / "out.bib"))
    assert "nothing to fix" in result.stderr
    assert not (tmp_path / "out.bib").exists()


# --- the command ---------------------------------------------------------------------------


def verify_cli(apis: FakeScholarlyAPIs, *args: str):
    return CliRunner().invoke(
        app,
        [
            "verify",
            "--crossref-api",
            apis.crossref.url,
            "--openalex-api",
            apis.openalex.url,
            "--mailto",
            "test@example.org",
            *args,
        ],
        catch_exceptions=False,
    )


def test_json_shape(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "refs.bib"
    bib.write_text(EVERY_STATUS, encoding="utf-8")
    with make_apis(*DATABASE) as apis:
        result = verify_cli(apis, str(bib), "--json", "--fail-on", "info")
    assert result.exit_code == 1
    answer = json.loads(result.stdout)
    assert [item["key"] for item in answer] == [ref.key for ref in refs_of(EVERY_STATUS)]
    shape = {"key", "status", "source", "doi", "fields", "message", "links", "checked"}
    for item in answer:
        assert set(item) == shape | {"from_this_run", "lookup_error"}
        for value in item["fields"].values():
            assert set(value) == {"bib", "found"}
        checked = datetime.fromisoformat(item.pop("checked"))
        assert abs(checked - datetime.now(timezone.utc)) < timedelta(minutes=5)
    verified = next(item for item in answer if item["key"] == "Verified")
    assert verified == {
        "key": "Verified",
        "status": "verified",
        "source": "crossref",
        "doi": "10.1000/ok.1",
        "fields": {},
        "message": "matches the Crossref record 10.1000/ok.1",
        "links": {},
        "from_this_run": True,
        "lookup_error": "",
    }
    mismatch = next(item for item in answer if item["key"] == "Mismatch")
    assert mismatch["fields"]["pages"] == {"bib": "100--121", "found": "100-120"}


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [("error", 1), ("warning", 1), ("info", 1), ("never", 0), ("mismatch", 2), ("nonsense", 2)],
)
def test_exit_codes_follow_fail_on(tmp_path, monkeypatch, fail_on, code):
    """--fail-on takes the severities every command takes (a status name is refused): a mismatch is an
    error."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "refs.bib"
    bib.write_text(EVERY_STATUS.split("@article{NotFound")[0], encoding="utf-8")  # verified + mismatch
    with make_apis(OK) as apis:
        assert verify_cli(apis, str(bib), "--fail-on", fail_on, "--quiet").exit_code == code


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1)])
def test_a_record_not_found_is_a_warning_for_fail_on(tmp_path, monkeypatch, fail_on, code):
    """Not found is a lead, not proof: below the default --fail-on error, caught by --fail-on warning."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{NotFound" + EVERY_STATUS.split("@article{NotFound")[1].split("@")[0], encoding="utf-8"
    )
    with make_apis(*DATABASE) as apis:
        result = verify_cli(apis, str(bib), "--fail-on", fail_on, "--json")
    assert [item["status"] for item in json.loads(result.stdout)] == ["not_found"]
    assert result.exit_code == code


def test_usage_errors(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "refs.bib"
    bib.write_text(EVERY_STATUS, encoding="utf-8")
    with make_apis(OK) as apis:
        assert verify_cli(apis, str(bib), "--in-place").exit_code == 2
        assert verify_cli(apis, str(bib), "--fix", "--in-place", "-o", "x.bib").exit_code == 2
        unknown = verify_cli(apis, str(bib), "--only", "Verifed")
        assert unknown.exit_code == 2 and "Verified" in unknown.stderr
        assert verify_cli(apis, str(tmp_path / "missing.bib")).exit_code == 2
        assert apis.request_count() == 0


def test_human_report(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "refs.bib"
    bib.write_text(EVERY_STATUS, encoding="utf-8")
    with make_apis(*DATABASE) as apis:
        for api in (apis.crossref, apis.openalex):
            api.faults["10.1000/down.1"] = Fault(status=403, times=None)  # refused: not retried
        result = verify_cli(apis, str(bib))
    assert result.exit_code == 3  # the servers refused one lookup: the run is not complete
    assert "1 reference(s) not checked: a server could not be used" in result.stderr
    out = " ".join(result.stdout.split())
    assert (
        "7 references: 1 retracted, 1 mismatch, 1 not found, 1 ambiguous, 1 error, 1 unverifiable, 1 verified"
        in out
    )
    assert "volume: 11 → 10" in out


def test_project_verdicts_are_saved_for_audit(tmp_path):
    root = tmp_path / "review"
    root.mkdir()
    (root / "refs.bib").write_text(EVERY_STATUS, encoding="utf-8")
    with make_apis(*DATABASE) as apis:
        (root / "litgraph.toml").write_text(
            f'[review]\nbibtex = ["refs.bib"]\n[verify]\ncrossref_api = '
            f'"{apis.crossref.url}"\nopenalex_api = "{apis.openalex.url}"\n'
        )
        runner = CliRunner()
        result = runner.invoke(app, ["verify", "--project", str(root), "--quiet", "--fail-on", "error"])
        assert result.exit_code == 1, result.output
        project = find_project(root)
        saved = load_verdicts(project)
        assert len(saved) == 7 and saved["Retracted"].status is Status.RETRACTED
        assert (root / ".litgraph" / "cache" / "verify.sqlite").exists()
        apis.crossref.works.remove(
            RETRACTED
        )  # (one list for both) --only rechecks one key; the rest are kept
        runner.invoke(app, ["verify", "--project", str(root), "--only", "Retracted", "--quiet"])
    saved = load_verdicts(project)
    assert len(saved) == 7 and saved["Retracted"].status is Status.RETRACTED  # still cached: 90 days


def test_settings_precedence(monkeypatch):
    env = {
        "LITGRAPH_CROSSREF_API": "http://env-cr",
        "LITGRAPH_OPENALEX_API": "http://env-oa/",
        "LITGRAPH_MAILTO": "env@example.org",
        "LITGRAPH_OPENALEX_API_KEY": "env-key",
    }
    assert Settings.resolve({}, {}, env) == Settings(
        "http://env-cr", "http://env-oa", "env@example.org", "env-key"
    )
    config = {"crossref_api": "http://config-cr", "mailto": "config@example.org"}
    resolved = Settings.resolve(config, {"crossref_api": "http://cli-cr", "mailto": None}, env)
    assert resolved.crossref_api == "http://cli-cr" and resolved.mailto == "config@example.org"
    assert Settings.resolve({}, {}, {}).crossref_api == "https://api.crossref.org"
    assert Settings.resolve({}, {}, {}).openalex_api == "https://api.openalex.org"
    assert re.fullmatch(r"litgraph/[\d.]+ \(mailto:config@example.org\)", resolved.user_agent)


@pytest.fixture
def fast_retries(monkeypatch):
    """The CLI's transport with the short pauses of FAST."""
    monkeypatch.setattr("litgraph.check.verify.transport.RetryPolicy", lambda: FAST)


@pytest.mark.parametrize("timeout", ["nan", "inf", "0", "-5"])
def test_timeout_must_be_a_positive_finite_number(tmp_path, monkeypatch, timeout):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "refs.bib"
    bib.write_text(EVERY_STATUS, encoding="utf-8")
    with make_apis(OK) as apis:
        result = verify_cli(apis, str(bib), f"--timeout={timeout}")
        assert apis.request_count() == 0
    assert result.exit_code == 2 and "--timeout" in result.stderr


UNUSABLE = {
    "500": Fault(status=500, times=None),
    "hang-up": Fault(hang_up=True, times=None),
    "html": Fault(body=b"<!doctype html><title>Maintenance</title>", content_type="text/html", times=None),
    "invalid json": Fault(body=b'{"status": "ok", "message-type": ', times=None),
    "wrong shape": Fault(body=b'{"status": "ok", "message-type": "work", "message": [1, 2]}', times=None),
    "list": Fault(body=b"[[[]]]", times=None),
    "redirect loop": Fault(redirect=True, times=None),
    "retry-after 99999": Fault(status=429, retry_after="99999", times=None),
    "sleeps": Fault(delay=3.0, times=None),
}


@pytest.mark.parametrize("fault", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_servers_that_cannot_be_used_exit_3(tmp_path, monkeypatch, fast_retries, fault):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "refs.bib"
    bib.write_text(EVERY_STATUS, encoding="utf-8")
    with make_apis(OK) as apis:
        for api in (apis.crossref, apis.openalex):
            api.faults["*"] = dataclasses.replace(fault)
        started = time.monotonic()
        result = verify_cli(apis, str(bib), "--timeout", "0.3", "--json")
        elapsed = time.monotonic() - started
    assert result.exit_code == 3, result.output
    answer = {item["key"]: item["status"] for item in json.loads(result.stdout)}
    assert answer == {ref.key: "error" for ref in refs_of(EVERY_STATUS)}  # every reference still listed
    assert "7 reference(s) not checked: a server could not be used" in result.stderr
    assert (
        elapsed < 20.0
    )  # not hung (a sleeping server held the old code for minutes), so not a speed measure


@pytest.mark.parametrize("fail_on", ["error", "info", "never"])
def test_exit_3_comes_after_the_other_references_whatever_fail_on(
    tmp_path, monkeypatch, fast_retries, fail_on
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "refs.bib"
    bib.write_text(EVERY_STATUS, encoding="utf-8")
    with make_apis(*DATABASE) as apis:
        for api in (apis.crossref, apis.openalex):
            api.faults["10.1000/down.1"] = Fault(status=500, times=None)
        result = verify_cli(apis, str(bib), "--fail-on", fail_on)
    assert result.exit_code == 3
    out = " ".join(result.stdout.split())
    assert (
        "7 references: 1 retracted, 1 mismatch, 1 not found, 1 ambiguous, 1 error, 1 unverifiable, 1 verified"
        in out
    )


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("crossref_api = 5", "[verify] crossref_api must be text in quotes, not 5"),
        ('openalex_api = "not a url"', "[verify] openalex_api must be an http(s) URL"),
        ('crossref_api = "ftp://example.org"', "[verify] crossref_api must be an http(s) URL"),
        ('openalex_api = "http://127.0.0.1:99999"', "[verify] openalex_api must be an http(s) URL"),
    ],
)
def test_wrong_urls_in_the_config_are_input_errors(tmp_path, line, named):
    root = tmp_path / "review"
    root.mkdir()
    (root / "refs.bib").write_text(EVERY_STATUS, encoding="utf-8")
    (root / "litgraph.toml").write_text(
        f'[review]\nbibtex = ["refs.bib"]\n[verify]\n{line}\n', encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["verify", "--project", str(root)])
    assert result.exit_code == 2
    assert "litgraph.toml" in result.stderr and named in " ".join(result.stderr.split())


def test_a_wrong_url_on_the_command_line_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "refs.bib"
    bib.write_text(EVERY_STATUS, encoding="utf-8")
    result = CliRunner().invoke(app, ["verify", str(bib), "--crossref-api", "api.crossref.org"])
    assert result.exit_code == 2 and "--crossref-api must be an http(s) URL" in " ".join(
        result.stderr.split()
    )


BROKEN_BIB = """@article{A1, author={Baker, Ann}, title={One}, journal={J}, year={2015}}

@article{A2, author={Baker, Ann}, title={Two {unclosed}, journal={J}, year={2015}}

@article{A3 author={Baker, Ann}, title={Three}, journal={J}, year={2015}}

@article{, author={Baker, Ann}, title={Four}, journal={J}, year={2015}}

@article{A5, author={Baker, Ann}, title={Five}, journal={J}, year={2015}}

@article{A1, author={Baker, Ann}, title={Six}, journal={J}, year={2015}}
"""


def test_entries_that_cannot_be_read_are_reported_and_counted(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "b1.bib"
    bib.write_text(BROKEN_BIB, encoding="utf-8")
    with make_apis() as apis:  # A1 and A5 are not found: below --fail-on mismatch
        result = verify_cli(apis, str(bib), "--json")
    assert result.exit_code == 1
    assert [item["key"] for item in json.loads(result.stdout)] == ["A1", "A5"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert [line.split(":")[2] for line in errors] == [
        "3",
        "5",
        "7",
        "11",
    ]  # A2, A3, the keyless one, A1 again
    assert all(f"{bib}:" in line for line in errors)
    assert "4 BibTeX problem(s)" in result.stderr


def test_an_empty_bib_is_reported_as_check_reports_it(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "empty.bib"
    bib.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["verify", "--offline", str(bib)])
    checked = CliRunner().invoke(app, ["check", str(bib)])
    assert result.exit_code == checked.exit_code == 1
    assert f"error: {bib}:1: no entries found in the file" in result.stderr
    assert "no entries found in the file" in checked.stdout


# --- the seed review, end to end ---------------------------------------------------------


# The real metadata of seven seed papers (as published; titles in the journals' title case).
SEED_RECORDS = [
    Work(
        "10.1509/jmkg.69.3.19.66363",
        "The Social Influence of Brand Community: Evidence from European Car Clubs",
        [("René", "Algesheimer"), ("Utpal M.", "Dholakia"), ("Andreas", "Herrmann")],
        2005,
        "Journal of Marketing",
        "69",
        "3",
        "19-34",
    ),
    Work(
        "10.1509/jmkg.74.6.1",
        "Brand Attachment and Brand Attitude Strength: Conceptual and Empirical "
        "Differentiation of Two Critical Brand Equity Drivers",
        [
            ("C. Whan", "Park"),
            ("Deborah J.", "MacInnis"),
            ("Joseph", "Priester"),
            ("Andreas B.", "Eisingerich"),
            ("Dawn", "Iacobucci"),
        ],
        2010,
        "Journal of Marketing",
        "74",
        "6",
        "1-17",
    ),
    Work(
        "10.1086/497549",
        "Self‐Construal, Reference Groups, and Brand Meaning",
        [("Jennifer Edson", "Escalas"), ("James R.", "Bettman")],
        2005,
        "Journal of Consumer Research",
        "32",
        "3",
        "378-389",
    ),
    Work(
        "10.1207/s15327663jcp1501_10",
        "The Ties That Bind: Measuring the Strength of Consumers' Emotional Attachments to Brands",
        [("Matthew", "Thomson"), ("Deborah J.", "MacInnis"), ("C. Whan", "Park")],
        2005,
        "Journal of Consumer Psychology",
        "15",
        "1",
        "77-91",
    ),
    Work(
        "10.1037/0033-2909.117.3.497",
        "The need to belong: Desire for interpersonal attachments as a fundamental human motivation.",
        [("Roy F.", "Baumeister"), ("Mark R.", "Leary")],
        1995,
        "Psychological Bulletin",
        "117",
        "3",
        "497-529",
    ),
    Work(
        "10.1509/jmkg.73.5.30",
        "How Brand Community Practices Create Value",
        [("Hope Jensen", "Schau"), ("Albert M.", "Muñiz"), ("Eric J.", "Arnould")],
        2009,
        "Journal of Marketing",
        "73",
        "5",
        "30-51",
    ),
    Work(
        "10.1509/jmkg.73.3.052",
        "Brand Experience: What is It? How is it Measured? Does it Affect Loyalty?",
        [("J Joško", "Brakus"), ("Bernd H", "Schmitt"), ("Lia", "Zarantonello")],
        2009,
        "Journal of Marketing",
        "73",
        "3",
        "52-68",
    ),
]
SEED_FOUND = {
    "Algesheimer2005",
    "Park2010",
    "Escalas2005",
    "Thomson2005",
    "Baumeister1995",
    "Schau2009",
    "Brakus2009",
}


def test_seed_references_end_to_end(tmp_path):
    root = copy_seed(tmp_path / "seed")
    bib = root / "references" / "seed-review.bib"
    original = bib.read_text(encoding="utf-8")
    refs = load_bibliography([bib]).references
    chinese = {ref.key for ref in refs if ref.is_chinese}
    assert len(chinese) == 11
    with make_apis(*SEED_RECORDS) as apis:
        runner = CliRunner()
        base = [
            "verify",
            "--project",
            str(root),
            "--crossref-api",
            apis.crossref.url,
            "--openalex-api",
            apis.openalex.url,
            "--mailto",
            "test@example.org",
        ]
        result = runner.invoke(app, [*base, "--json", "--fix", "-o", str(tmp_path / "fixed.bib")])
        asked = apis.request_count()
        again = runner.invoke(app, [*base, "--json", "--quiet", "--fail-on", "error"])
        assert apis.request_count() == asked and again.exit_code == 0
    assert result.exit_code == 0, result.output  # nothing at or above mismatch
    answer = {item["key"]: item for item in json.loads(result.stdout)}
    assert len(answer) == len(refs) == 31
    for key, item in answer.items():
        expected = "unverifiable" if key in chinese else "verified" if key in SEED_FOUND else "not_found"
        assert item["status"] == expected, (key, item)
    assert answer["Algesheimer2005"]["doi"] == "10.1509/jmkg.69.3.19.66363"
    assert answer["Algesheimer2005"]["fields"] == {"doi": {"bib": "", "found": "10.1509/jmkg.69.3.19.66363"}}
    assert {key for key, verdict in load_verdicts(find_project(root)).items()} == set(answer)
    fixed = (tmp_path / "fixed.bib").read_text(encoding="utf-8")
    added = re.findall(r",\n  doi = \{([^}]*)\}", fixed)
    assert sorted(added) == sorted(work.doi for work in SEED_RECORDS)
    assert re.sub(r",\n  doi = \{[^}]*\}", "", fixed) == original


def test_a_hung_server_does_not_starve_the_other(tmp_path):
    """Requests abandoned at their deadline keep their connections: they must not take the other server's."""
    works = numbered_works(6)
    with make_apis(*works) as apis:
        apis.crossref.faults["*"] = Fault(trickle=0.1, times=None)
        verdicts = run(apis, refs_of(numbered_bib(works)), tmp_path, timeout=0.5, workers=1)
    assert not any("OpenAlex" in v.message and "given up" in v.message for v in verdicts), [
        v.message for v in verdicts
    ]
    assert [v.status for v in verdicts] == [Status.VERIFIED] * 6, [(v.status, v.message) for v in verdicts]


def test_a_damaged_answer_cache_is_named_not_a_traceback(tmp_path):
    from litgraph.check.verify.cache import CACHE_NAME, Cache
    from litgraph.errors import InputError

    (tmp_path / CACHE_NAME).write_bytes(os.urandom(4096))
    with pytest.raises(InputError) as refused:
        Cache(tmp_path)
    assert CACHE_NAME in str(refused.value) and "remove it" in refused.value.hint


# --- verdicts are never lost: a run merges into what is saved ------------------------------


def cli_urls(apis: FakeScholarlyAPIs, suffix: str = "") -> list[str]:
    return ["--crossref-api", apis.crossref.url + suffix, "--openalex-api", apis.openalex.url + suffix]


PARK_RETRACTED = dataclasses.replace(SEED_RECORDS[1], retraction_notice="10.1000/retraction-notice.park")
SEED_WITH_A_RETRACTION = [SEED_RECORDS[0], PARK_RETRACTED, *SEED_RECORDS[2:]]


def _flagged(audit_answer: dict, code: str) -> set[str]:
    return {
        item["id"]
        for item in audit_answer["items"]
        if item["kind"] == "hypothesis" and code in {flag["code"] for flag in item["flags"]}
    }


@pytest.mark.parametrize("failure", ["servers down", "another base URL", "offline, cold cache"])
def test_a_run_whose_lookups_fail_keeps_every_saved_verdict(tmp_path, fast_retries, seed_model, failure):
    root = copy_seed(tmp_path / "seed")
    runner = CliRunner()
    base = ["verify", "--project", str(root), "--mailto", "test@example.org", "--json"]
    with make_apis(*SEED_WITH_A_RETRACTION) as apis:
        first = runner.invoke(app, [*base, *cli_urls(apis)])
        before = {item["key"]: item["status"] for item in json.loads(first.stdout)}
        assert before["Park2010"] == "retracted", first.output
        if failure == "servers down":  # and the cache gone (or its answers expired)
            shutil.rmtree(root / ".litgraph" / "cache")
            for api in (apis.crossref, apis.openalex):
                api.faults["*"] = Fault(status=503, times=None)
            again = [*cli_urls(apis)]
        elif failure == "another base URL":
            again = cli_urls(apis, "/elsewhere")
        else:
            shutil.rmtree(root / ".litgraph" / "cache")
            again = ["--offline", *cli_urls(apis)]
        second = runner.invoke(app, [*base, *again])
    assert second.exit_code == 3, second.output  # nothing could be checked: not "done and clean"
    answer = {item["key"]: item for item in json.loads(second.stdout)}
    assert {key: item["status"] for key, item in answer.items()} == before
    assert all(item["from_this_run"] is False and item["lookup_error"] for item in answer.values())
    saved = load_verdicts(find_project(root))
    assert {key: verdict.status.value for key, verdict in saved.items()} == before

    cli = Cli(root)
    retracted = _supported_by(seed_model, "Park2010")
    assert _flagged(cli.json("audit", "--fail-on", "never"), "retracted") == retracted
    table = cli("hypotheses", "--flags", "--format", "md").stdout
    rows = {line.split("|")[1].strip(): line for line in table.splitlines() if line.startswith("| H")}
    assert {hid for hid, row in rows.items() if "retracted (Park2010)" in row} == retracted


def _supported_by(model: dict, key: str) -> set[str]:
    """From the model YAML itself: the hypotheses whose evidence cites `key`."""
    return {h["id"] for h in model["hypotheses"] if any(e.get("ref") == key for e in h.get("evidence", []))}


def project_with(root: Path, bib: str, apis: FakeScholarlyAPIs) -> Path:
    root.mkdir(parents=True)
    (root / "refs.bib").write_text(bib, encoding="utf-8")
    (root / "litgraph.toml").write_text(
        f'[review]\nbibtex = ["refs.bib"]\n[verify]\ncrossref_api = "{apis.crossref.url}"\n'
        f'openalex_api = "{apis.openalex.url}"\nmailto = "test@example.org"\n',
        encoding="utf-8",
    )
    return root


TWO = (
    EVERY_STATUS.split("@article{NotFound")[0]
    + EVERY_STATUS[EVERY_STATUS.index("@article{Retracted") :].split("@article{Unverifiable")[0]
)  # Verified, Mismatch, Retracted


def test_this_runs_verdicts_and_the_kept_ones_are_told_apart(tmp_path, fast_retries):
    with make_apis(*DATABASE) as apis:
        root = project_with(tmp_path / "review", TWO, apis)
        runner = CliRunner()
        first = runner.invoke(app, ["verify", "--project", str(root), "--json"])
        first_checked = {item["key"]: item["checked"] for item in json.loads(first.stdout)}
        shutil.rmtree(root / ".litgraph" / "cache")  # expired, say
        for api in (apis.crossref, apis.openalex):
            api.faults["10.1000/retracted.1"] = Fault(status=503, times=None)
            api.faults["search"] = Fault(status=503, times=None)
        as_json = runner.invoke(app, ["verify", "--project", str(root), "--json"])
        human = runner.invoke(app, ["verify", "--project", str(root)])
    assert as_json.exit_code == human.exit_code == 3
    answer = {item["key"]: item for item in json.loads(as_json.stdout)}
    assert [key for key, item in answer.items() if item["from_this_run"]] == ["Verified", "Mismatch"]
    kept = answer["Retracted"]
    assert kept["status"] == "retracted" and kept["from_this_run"] is False
    assert "HTTP 503" in kept["lookup_error"] and kept["checked"] == first_checked["Retracted"]
    assert answer["Verified"]["lookup_error"] == ""
    out = " ".join(human.stdout.split())
    assert "3 references: 1 retracted, 1 mismatch, 1 verified" in out
    assert "2 from this run, 1 kept from an earlier run" in out
    assert re.search(r"Retracted .*retracted \(kept\)", out)
    assert "kept from the run of " + first_checked["Retracted"][:10] in out
    assert "1 reference(s) not checked: a server could not be used" in " ".join(human.stderr.split())


def test_a_retraction_survives_a_run_that_could_not_ask_crossref(tmp_path, fast_retries):
    """OpenAlex answers while Crossref, which carries the retraction notice, is down."""
    in_crossref = dataclasses.replace(RETRACTED, in_openalex=False)
    in_openalex = dataclasses.replace(RETRACTED, retraction_notice="", in_crossref=False)
    bib = EVERY_STATUS[EVERY_STATUS.index("@article{Retracted") :].split("@article{Unverifiable")[0]
    with make_apis(in_crossref, in_openalex) as apis:
        root = project_with(tmp_path / "review", bib, apis)
        runner = CliRunner()
        runner.invoke(app, ["verify", "--project", str(root)])
        shutil.rmtree(root / ".litgraph" / "cache")
        apis.crossref.faults["*"] = Fault(status=503, times=None)
        result = runner.invoke(app, ["verify", "--project", str(root), "--json"])
    [item] = json.loads(result.stdout)
    assert item["status"] == "retracted" and item["from_this_run"] is False
    assert "Crossref: HTTP 503" in item["lookup_error"]
    assert load_verdicts(find_project(root))["Retracted"].status is Status.RETRACTED


def test_a_verdict_reached_without_one_source_says_so(tmp_path, fast_retries):
    bib = EVERY_STATUS.split("@article{NotFound")[0].split("@article{Mismatch")[1]
    with make_apis(*DATABASE) as apis:
        root = project_with(tmp_path / "review", "@article{Mismatch" + bib, apis)
        apis.crossref.faults["*"] = Fault(status=503, times=None)
        as_json = CliRunner().invoke(app, ["verify", "--project", str(root), "--json"])
        human = CliRunner().invoke(app, ["verify", "--project", str(root)])
    [item] = json.loads(as_json.stdout)
    assert item["status"] == "mismatch" and item["source"] == "openalex" and item["from_this_run"] is True
    assert item["lookup_error"] == "Crossref: HTTP 503 after 3 attempts"
    assert "not every source could be asked: Crossref: HTTP 503" in " ".join(human.stdout.split())


def test_verdicts_of_keys_gone_from_the_bib_are_dropped_unless_an_entry_was_unreadable(tmp_path):
    with make_apis(*DATABASE) as apis:
        root = project_with(tmp_path / "review", TWO, apis)
        runner = CliRunner()
        runner.invoke(app, ["verify", "--project", str(root)])
        assert set(load_verdicts(find_project(root))) == {"Verified", "Mismatch", "Retracted"}
        unreadable = TWO.replace("@article{Retracted,", "@article{Retracted")  # no comma: not read
        (root / "refs.bib").write_text(unreadable, encoding="utf-8")
        runner.invoke(app, ["verify", "--project", str(root)])
        assert set(load_verdicts(find_project(root))) == {"Verified", "Mismatch", "Retracted"}
        (root / "refs.bib").write_text(TWO.split("@article{Retracted")[0], encoding="utf-8")
        runner.invoke(app, ["verify", "--project", str(root)])
    assert set(load_verdicts(find_project(root))) == {"Verified", "Mismatch"}


def test_offline_with_nothing_cached_exits_3(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "refs.bib"
    bib.write_text(EVERY_STATUS, encoding="utf-8")
    with make_apis(*DATABASE) as apis:
        result = verify_cli(apis, str(bib), "--offline")
        assert apis.request_count() == 0
    assert result.exit_code == 3
    assert "7 references: 7 error" in " ".join(result.stdout.split())
    assert "7 reference(s) not checked: not in the cache, and --offline asks no server" in " ".join(
        result.stderr.split()
    )


def test_offline_from_a_full_cache_is_a_complete_run(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "refs.bib"
    bib.write_text(EVERY_STATUS.split("@article{NotFound")[0], encoding="utf-8")  # verified + mismatch
    with make_apis(*DATABASE) as apis:
        verify_cli(apis, str(bib))
        assert verify_cli(apis, str(bib), "--offline", "--fail-on", "never").exit_code == 0
        assert verify_cli(apis, str(bib), "--offline").exit_code == 1  # the mismatch


def test_saving_merges_and_an_error_never_overwrites_a_verdict(tmp_path):
    from litgraph.check.verify.verdicts import Verdict, save_verdicts

    save_verdicts(
        tmp_path,
        [
            Verdict("A", Status.RETRACTED, "retracted (first run)"),
            Verdict("B", Status.MISMATCH, "year differs (first run)"),
            Verdict("C", Status.ERROR, "HTTP 500 (first run)"),
        ],
    )
    shown = save_verdicts(
        tmp_path,
        [
            Verdict("A", Status.ERROR, "HTTP 503"),
            Verdict("C", Status.VERIFIED, "matches"),
            Verdict("D", Status.ERROR, "x"),
        ],
    )
    assert [(v.key, v.status, v.kept) for v in shown] == [
        ("A", Status.RETRACTED, True),
        ("C", Status.VERIFIED, False),
        ("D", Status.ERROR, False),
    ]
    assert shown[0].lookup_error == "HTTP 503" and shown[0].message == "retracted (first run)"
    saved = _read_verdicts(tmp_path)
    assert {key: v.status for key, v in saved.items()} == {
        "A": Status.RETRACTED,
        "B": Status.MISMATCH,  # not in this run: kept as it was
        "C": Status.VERIFIED,
        "D": Status.ERROR,
    }


def _read_verdicts(folder: Path):
    class Project:
        store_dir = folder

    return load_verdicts(Project())


# --- a year off by one is right only when the record has that date -------------------------


ONLINE_FIRST = Work(
    "10.1000/of.2", "Attachment online before print", [("Ann", "Baker")], 2016, "Journal of Test Studies",
    "3", "1", "1-9", online_year=2015,
)  # fmt: skip
REHOSTED = Work(
    "10.1000/old.1", "A paper put online years after print", [("Ann", "Baker")], 1995,
    "Journal of Test Studies", "1", "1", "1-9", online_year=2006,
)  # fmt: skip
BACKLOG = Work(
    "10.1000/backlog.1", "Online two years before its issue", [("Ann", "Baker")], 2017,
    "Journal of Test Studies", "8", "1", "1-9", online_year=2015,
)  # fmt: skip
ONLINE_AFTER_PRINT = Work(
    "10.1000/late.1", "A print issue dated before its online release", [("Ann", "Baker")], 2015,
    "Journal of Test Studies", "4", "4", "10-19", online_year=2016,
)  # fmt: skip


@pytest.mark.parametrize(
    ("work", "source", "bib_year", "status"),
    [
        (ONLINE_FIRST, "crossref", 2015, "verified"),  # the published-online year
        (ONLINE_FIRST, "crossref", 2017, "mismatch"),  # one off print, but no date of the record has it
        (ONLINE_AFTER_PRINT, "crossref", 2016, "verified"),
        (ONLINE_AFTER_PRINT, "crossref", 2014, "mismatch"),
        (REHOSTED, "crossref", 2006, "mismatch"),  # an archive put online, never the year cited
        (BACKLOG, "crossref", 2015, "verified"),
        (BACKLOG, "crossref", 2016, "mismatch"),
        (ONLINE_FIRST, "openalex", 2015, "verified"),  # OpenAlex: publication_year, the earliest
        (ONLINE_FIRST, "openalex", 2016, "mismatch"),  # OpenAlex knows no print date
    ],
)
def test_a_year_off_by_one_needs_a_date_of_the_record(tmp_path, work, source, bib_year, status):
    held = dataclasses.replace(work, in_crossref=source == "crossref", in_openalex=source == "openalex")
    refs = refs_of(
        f"@article{{Y, author={{Baker, Ann}}, title={{{work.title}}}, year={{{bib_year}}}, "
        f"journal={{{work.journal}}}, volume={{{work.volume}}}, pages={{{work.pages}}}, doi={{{work.doi}}}}}"
    )
    with make_apis(held) as apis:
        [verdict] = run(apis, refs, tmp_path)
    assert verdict.status.value == status, verdict.message
    assert verdict.source == source
    own_year = work.year if source == "crossref" else work.issued  # print, else OpenAlex's earliest
    if status == "verified" and bib_year != own_year:
        assert "(online first vs print?)" in verdict.message and verdict.fields["year"].bib == str(bib_year)
    if status == "mismatch":
        assert set(verdict.fields) == {"year"} and "online first" not in verdict.message


def test_records_carry_their_dates_from_both_apis():
    """Crossref's and OpenAlex's own JSON (the documented fields, real values of one article)."""
    from litgraph.check.verify.sources import crossref_record, openalex_record

    crossref = crossref_record(
        {
            "DOI": "10.1057/ejis.2008.43",
            "title": ["Essence: facilitating software innovation"],
            "published-print": {"date-parts": [[2008, 10]]},
            "published-online": {"date-parts": [[2008, 10, 15]]},
            "issued": {"date-parts": [[2008, 10]]},
        }
    )
    assert crossref.dates == (
        ("published-print", "2008-10"),
        ("published-online", "2008-10-15"),
        ("issued", "2008-10"),
    )
    assert crossref.year == 2008
    openalex = openalex_record({"publication_year": 2008, "publication_date": "2008-10-15"})
    assert openalex.dates == (("publication_date", "2008-10-15"),) and openalex.year == 2008
    assert openalex_record({"publication_year": 2008}).dates == (("publication_year", "2008"),)


# --- one work under several DOI spellings; roman page numbers -------------------------------


def spelled(work: Work, doi: str) -> Work:
    return dataclasses.replace(work, doi=doi)


@pytest.mark.parametrize("variant", ["10.1000/15273)", "10.1000/15273.", "10.1000/15273/"])
def test_doi_spellings_of_one_work_are_one_record(tmp_path, variant):
    work = dataclasses.replace(OK, doi="10.1000/15273")
    refs = refs_of(
        "@article{S, author={Baker, Ann and Clark, Tom}, title={Community ties and online loyalty}, "
        "journal={Journal of Test Studies}, year={2015}, volume={10}, number={2}, pages={100--120}}\n"
        "@article{D, author={Baker, Ann and Clark, Tom}, title={Community ties and online loyalty}, "
        "journal={Journal of Test Studies}, year={2015}, volume={10}, pages={100--120}, "
        f"doi={{{variant}}}}}"
    )
    with make_apis(spelled(work, variant), work) as apis:  # the odd spelling comes first
        searched, looked_up = run(apis, refs, tmp_path)
    assert searched.status is Status.VERIFIED, searched.message
    assert searched.doi == "10.1000/15273"  # the clean spelling is the one offered to --fix
    assert looked_up.status is Status.VERIFIED and "doi" not in looked_up.fields, looked_up.message


def test_a_doi_with_trailing_punctuation_finds_its_record(tmp_path):
    refs = refs_of(
        "@article{P, author={Baker, Ann and Clark, Tom}, title={Community ties and online loyalty}, "
        "journal={Journal of Test Studies}, year={2015}, volume={10}, pages={100--120}, doi={10.1000/OK.1/}}"
    )
    with make_apis(OK) as apis:
        [verdict] = run(apis, refs, tmp_path)
        assert not apis.crossref.requests("query.bibliographic")  # found by its DOI, no search needed
    assert verdict.status is Status.VERIFIED and not verdict.fields, verdict.message


def test_a_work_registered_only_under_a_punctuated_doi_is_found_by_it(tmp_path):
    odd = dataclasses.replace(OK, doi="10.1000/15273)")
    refs = refs_of(
        "@article{P, author={Baker, Ann and Clark, Tom}, title={Community ties and online loyalty}, "
        "journal={Journal of Test Studies}, year={2015}, volume={10}, pages={100--120}, doi={10.1000/15273)}}"
    )
    with make_apis(odd) as apis:
        [verdict] = run(apis, refs, tmp_path)
        assert not apis.crossref.requests("query.bibliographic")
    assert verdict.status is Status.VERIFIED and verdict.doi == "10.1000/15273)", verdict.message


def test_roman_page_ranges_compare_like_arabic_ones(tmp_path):
    preface = Work(
        "10.1000/pref.1", "Editorial preface to the special issue", [("Ann", "Baker")], 2015,
        "Journal of Test Studies", "10", "S1", "iv-viii",
    )  # fmt: skip
    refs = refs_of(
        "@article{R, author={Baker, Ann}, title={Editorial preface to the special issue}, year={2015}, "
        "journal={Journal of Test Studies}, volume={10}, pages={iv--viii}, doi={10.1000/pref.1}}\n"
        "@article{W, author={Baker, Ann}, title={Editorial preface to the special issue}, year={2015}, "
        "journal={Journal of Test Studies}, volume={10}, pages={iv--ix}, doi={10.1000/pref.1}}"
    )
    with make_apis(preface) as apis:
        right, wrong = run(apis, refs, tmp_path)
    assert right.status is Status.VERIFIED and not right.fields, right.message
    assert wrong.status is Status.MISMATCH and set(wrong.fields) == {"pages"}
    assert page_range("IV–VIII") == page_range("iv--viii") == ("iv", "viii")


# --- legitimate variants of real records verify (held out: records of the EJIS corpus) ------

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "colrev-ejis-records.bib"
# ISO 4 (LTWA) and NLM abbreviations of the corpus's one journal, written out by hand.
EJIS_ABBREVIATIONS = ("Eur. J. Inf. Syst.", "Eur J Inf Syst")
_SUBTITLE_MARK = re.compile(r"\s*(?::|\s-{1,2}\s)\s*")


@pytest.fixture(scope="module")
def corpus_sample():
    """Every 40th entry with a DOI, two or more authors and a page range: 27 real records."""
    refs = [
        ref
        for ref in load_bibliography([CORPUS]).references
        if ref.doi and len(ref.authors) >= 2 and re.fullmatch(r"\d+--\d+", ref.fields.get("pages", ""))
    ]
    return refs[::40]


def corpus_work(ref, index: int) -> Work:
    """The registry's record of a corpus entry: Crossref's page dash; every other one with its
    subtitle in Crossref's separate `subtitle` field."""
    title, subtitle = ref.title, ""
    parts = _SUBTITLE_MARK.split(ref.title, maxsplit=1)
    if len(parts) == 2 and index % 2:
        title, subtitle = parts
    return Work(
        ref.doi.lower(),
        title,
        [(person.first, person.family) for person in ref.authors],
        ref.year,
        ref.container,
        ref.volume,
        ref.number,
        ref.pages.replace("--", "-"),
        subtitle=subtitle,
    )


def _initials(given: str) -> str:
    return " ".join(f"{part[0]}." for part in re.split(r"[\s.]+", given) if part)


def _names(ref, initials: bool = False, first: int | None = None) -> str:
    people = ref.authors if first is None else ref.authors[:first]
    names = " and ".join(
        f"{person.family}, {_initials(person.first) if initials else person.first}".rstrip(", ")
        for person in people
    )
    return names + (" and others" if first is not None else "")


def _without_subtitle(ref) -> str:
    return _SUBTITLE_MARK.split(ref.title, maxsplit=1)[0]


VARIANTS = {
    "as recorded": {},
    "lower-cased title": {"title": lambda ref: ref.title.lower()},
    "no subtitle": {"title": _without_subtitle},
    "ISO 4 journal": {"journal": lambda ref: EJIS_ABBREVIATIONS[0]},
    "NLM journal": {"journal": lambda ref: EJIS_ABBREVIATIONS[1]},
    "initials": {"author": lambda ref: _names(ref, initials=True)},
    "en dashes": {
        "pages": lambda ref: ref.pages.replace("--", "–"),
        "title": lambda ref: ref.title.replace(" - ", " – "),
    },
    "and others": {"author": lambda ref: _names(ref, first=1)},
    "all at once": {
        "title": lambda ref: _without_subtitle(ref).lower(),
        "journal": lambda ref: EJIS_ABBREVIATIONS[0],
        "author": lambda ref: _names(ref, initials=True, first=1),
        "pages": lambda ref: ref.pages.replace("--", "–"),
    },
}


def variant_bib(refs, changes: dict, with_doi: bool) -> str:
    entries = []
    for ref in refs:
        fields = {
            "author": _names(ref),
            "title": ref.title,
            "journal": ref.container,
            "year": ref.year_text,
            "volume": ref.volume,
            "number": ref.number,
            "pages": ref.pages,
        }
        fields.update({name: change(ref) for name, change in changes.items()})
        if with_doi:
            fields["doi"] = ref.doi
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
        entries.append(f"@article{{{ref.key},\n{body}\n}}\n")
    return "\n".join(entries)


@pytest.mark.parametrize("with_doi", [False, True], ids=["searched", "by DOI"])
@pytest.mark.parametrize("variant", VARIANTS, ids=VARIANTS)
def test_legitimate_variants_of_real_records_verify(tmp_path, corpus_sample, variant, with_doi):
    assert len(corpus_sample) >= 20
    works = [corpus_work(ref, index) for index, ref in enumerate(corpus_sample)]
    refs = refs_of(variant_bib(corpus_sample, VARIANTS[variant], with_doi))
    assert [ref.key for ref in refs] == [ref.key for ref in corpus_sample]
    with make_apis(*works) as apis:
        verdicts = run(apis, refs, tmp_path)
    wrong = [(v.key, v.status.value, v.message) for v in verdicts if v.status is not Status.VERIFIED]
    assert not wrong
    assert [v.doi for v in verdicts] == [work.doi for work in works]


# Real entries as their authors wrote them (efficient-biblio-ref.bib): abbreviated and IEEE-inverted
# journal names, DOIs as resolver and proxy URLs, spaced and en-dashed page ranges. The registry's
# journal titles are written out by hand (each journal's own name).
REGISTERED_VENUES = {
    "BoyerMoore1977": "Communications of the ACM",
    "Breitbart2004": "IEEE/ACM Transactions on Networking",
    "deLaunoisIPv6MH": "Computer Networks",
    "Lamport:prod-cons": "IEEE Transactions on Software Engineering",
    "Kharbutli08": "IEEE Transactions on Computers",
    "masri-ESE08": "Empirical Software Engineering",
    "masri-IST08": "Information and Software Technology",
    "Popek74": "Communications of the ACM",
    "Satyanarayanan:1994:LRVM": "ACM Transactions on Computer Systems",
    "Seidel92": "IEEE Transactions on Antennas and Propagation",
    "Shakkottai2006": "IEEE/ACM Transactions on Networking",
    "Stamos:1993": "Distributed and Parallel Databases",
    "Ji:2013:CNN:2412386.2412939": "IEEE Transactions on Pattern Analysis and Machine Intelligence",
    "zhu-vldb2017": "Proceedings of the VLDB Endowment",
    "Lemire:interval2019": "ACM Transactions on Modeling and Computer Simulation",
}


@pytest.mark.parametrize("with_doi", [False, True], ids=["searched", "by DOI"])
def test_entries_as_authors_write_them_verify(tmp_path, with_doi):
    corpus = CORPUS.parent / "efficient-biblio-ref.bib"
    refs = [ref for ref in load_bibliography([corpus]).references if ref.key in REGISTERED_VENUES]
    assert sorted(ref.key for ref in refs) == sorted(REGISTERED_VENUES)
    works = [
        Work(
            re.search(r"10\.\d+/\S+", ref.doi).group().lower(),
            ref.title,
            [(person.first, person.family) for person in ref.authors],
            ref.year,
            REGISTERED_VENUES[ref.key],
            ref.volume,
            ref.number,
            "-".join(part.strip() for part in re.split(r"\s*[-–]+\s*", ref.pages)),
        )
        for ref in refs
    ]
    if not with_doi:
        refs = [dataclasses.replace(ref, doi="") for ref in refs]
    with make_apis(*works) as apis:
        verdicts = run(apis, refs, tmp_path)
    assert [(v.key, v.status.value) for v in verdicts] == [(ref.key, "verified") for ref in refs], [
        v.message for v in verdicts
    ]
    assert [v.doi for v in verdicts] == [work.doi for work in works]


@pytest.mark.parametrize(
    ("ours", "registered", "agree"),
    [
        ("Int. J. Hum.-Comput. Stud.", "International Journal of Human-Computer Studies", True),
        ("Software Engineering, IEEE Transactions on", "IEEE Transactions on Software Engineering", True),
        ("Software Engineering, IEEE Transactions on", "IEEE Transactions on Computers", False),
        (
            "Proc. Natl. Acad. Sci. U.S.A.",
            "Proceedings of the National Academy of Sciences of the United States of America",
            True,
        ),
        ("Mgmt. Sci.", "Management Science", True),
        ("Environ. Plan. D", "Environment and Planning D: Society and Space", True),
        ("Environ. Plan. A", "Environment and Planning D: Society and Space", False),
        ("Environment and Planning A", "Environment and Planning B", False),  # a series letter counts
        ("J. Mark.", "Journal of Management", False),
        ("Mark. Sci.", "Management Science", False),
        ("IEEE Trans. Commun.", "IEEE Transactions on Computers", False),
        ("IEEE Trans. Comput.", "IEEE Transactions on Communications", False),
        ("Journal of Marketing Research", "Journal of Marketing", False),
        ("Int. J. Mark.", "Journal of Marketing", False),
    ],
)
def test_journal_abbreviations(ours, registered, agree):
    assert venue_agrees(ours, Record("crossref", container=registered)) is agree


@pytest.mark.parametrize("registered", ["Brand Experience—What Is It?", "Brand Experience. What Is It?"])
def test_a_title_cited_without_a_subtitle_the_registry_sets_off_otherwise(registered):
    assert title_similarity("Brand experience", registered) == 100
    assert title_similarity("U.S. brand experience", "U.S. Brand Experience") == 100
    assert title_similarity("U.S", "U.S. Brand Experience") < 90  # an initial's full stop starts no subtitle


# --- Chinese references ------------------------------------------------------------------


def _percent_encoded(text: str) -> str:
    """URL encoding written out from the UTF-8 bytes (RFC 3986), independent of urllib."""
    unreserved = re.compile(r"[A-Za-z0-9\-._~]")
    return "".join(
        char if unreserved.fullmatch(char) else "".join(f"%{b:02X}" for b in char.encode()) for char in text
    )


CHINESE_TITLE = "关系需求强度对品牌忠诚的影响机制研究"


def test_a_chinese_reference_no_source_holds_gets_search_links(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "refs.bib"
    bib.write_text(EVERY_STATUS, encoding="utf-8")
    with make_apis(*DATABASE) as apis:
        result = verify_cli(apis, str(bib), "--json", "--fail-on", "never")
        human = verify_cli(apis, str(bib), "--fail-on", "never")
        searched = apis.crossref.requests(CHINESE_TITLE) and apis.openalex.requests(CHINESE_TITLE)
    assert searched  # the message says they were searched: they were
    item = next(item for item in json.loads(result.stdout) if item["key"] == "Unverifiable")
    assert item["status"] == "unverifiable"
    assert "no open source covers it" not in item["message"]
    assert "Crossref and OpenAlex" in item["message"] and "only part of Chinese journals" in item["message"]
    encoded = _percent_encoded(CHINESE_TITLE)
    assert item["links"] == {
        "CNKI": f"https://kns.cnki.net/kns8s/defaultresult/index?korder=TI&kw={encoded}",
        "Wanfang": f"https://s.wanfangdata.com.cn/paper?q={encoded}",
    }
    lines = human.stdout.splitlines()
    assert any(line.strip().endswith(item["links"]["CNKI"]) for line in lines)  # whole, copyable
    assert any(line.strip().endswith(item["links"]["Wanfang"]) for line in lines)
    others = [other for other in json.loads(result.stdout) if other["key"] != "Unverifiable"]
    assert all(other["links"] == {} for other in others)


def test_a_chinese_reference_without_a_title_was_not_searched(tmp_path):
    refs = refs_of("@article{T, author={王永贵}, journal={心理学报}, year={2015}, langid={chinese}}")
    with make_apis(OK) as apis:
        [verdict] = run(apis, refs, tmp_path)
        assert apis.request_count() == 0
    assert verdict.status is Status.UNVERIFIABLE and verdict.message == "no DOI and no title to search by"
    assert verdict.links == {}


def test_search_links_encode_what_a_title_may_hold():
    from urllib.parse import parse_qs, urlsplit

    from litgraph.check.verify.verify import search_links

    title = "品牌社群：A&B 研究?#%+ 50%"
    for url in search_links(title).values():
        assert parse_qs(urlsplit(url).query)["kw" if "cnki" in url else "q"] == [title]
        assert " " not in url and "#" not in url


CHU = Work(
    "10.3760/cma.j.issn.0376-2491.2015.01.001",
    "乳腺癌新辅助化疗的研究进展",
    [("大同", "储"), ("五", "王"), ("明", "欧阳")],
    2015,
    "中华医学杂志",
    "95",
    "1",
    "1-4",
)


@pytest.mark.parametrize("source", ["crossref", "openalex"])
@pytest.mark.parametrize(
    "names", ["储大同 and 王五 and 欧阳明", "储, 大同 and 王, 五 and 欧阳, 明", "储大同 and others"]
)
@pytest.mark.parametrize("with_doi", [False, True], ids=["searched", "by DOI"])
def test_a_chinese_record_a_source_holds_verifies(tmp_path, source, names, with_doi):
    held = dataclasses.replace(CHU, in_crossref=source == "crossref", in_openalex=source == "openalex")
    doi = f", doi={{{CHU.doi}}}" if with_doi else ""
    refs = refs_of(
        f"@article{{C, author={{{names}}}, title={{{CHU.title}}}, journal={{{CHU.journal}}}, year={{2015}}, "
        f"volume={{95}}, number={{1}}, pages={{1--4}}, langid={{chinese}}{doi}}}"
    )
    with make_apis(held) as apis:
        [verdict] = run(apis, refs, tmp_path)
    assert verdict.status is Status.VERIFIED, verdict.message
    assert verdict.source == source and verdict.doi == CHU.doi


def test_a_chinese_name_is_not_another_persons():
    assert (
        surname_agrees("储大同", "储")
        and surname_agrees("储大同", "大同 储")
        and surname_agrees("储", "储大同")
    )
    assert surname_agrees("欧阳明", "明 欧阳") and surname_agrees("储大同", "储 大同")
    assert not surname_agrees("储大同", "储小明") and not surname_agrees("储大同", "小明 储")
    assert not surname_agrees("大", "大同 储")  # a given name's first character is no family name
