"""Each reference against Crossref and OpenAlex, to exactly one verdict.

Order of questions: the DOI in each source (Crossref first: it is the registry
and carries Retraction Watch's notices; OpenAlex also knows DataCite DOIs such as
arXiv's), then a search in each source. The first record found decides. A source
that fails is skipped, but a reference nobody found while a source failed is an
`error`, never a `not_found`: we cannot say it is missing from a source we could
not ask. A missing record is a lead for the author, never a claim of fabrication.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from ...records import Reference
from ...text import bare_doi, doi_key, has_cjk
from .cache import Cache
from .client import OFFLINE_MISS, Client
from .errors import Cancelled, FetchError, NotCached
from .matching import choose, compare
from .record import Record
from .settings import Settings
from .sources import Crossref, OpenAlex, Source
from .transport import RetryPolicy, Transport
from .verdicts import Status, Verdict

NOT_FOUND = "no record found in Crossref or OpenAlex — check the reference by hand"
UNCOVERED = (
    "Crossref and OpenAlex were searched and hold no record of it, but they cover only part of "
    "Chinese journals: not a sign of error — look it up in CNKI or Wanfang"
)
# Title searches a reader can open; korder=TI makes CNKI search titles only.
_SEARCHES = {
    "CNKI": "https://kns.cnki.net/kns8s/defaultresult/index?korder=TI&kw={}",
    "Wanfang": "https://s.wanfangdata.com.cn/paper?q={}",
}


class Verifier:
    """Asks the sources about one reference at a time; safe to call from several threads."""

    def __init__(self, sources: list[Source], cancel: Callable[[], None] = lambda: None):
        self.sources = sources
        self.cancel = cancel  # stops requests in flight when the run is interrupted

    def verify(self, ref: Reference) -> Verdict:
        errors: list[tuple[Source, FetchError]] = []
        verdict = self._verdict(ref, errors)
        if errors:
            verdict.lookup_error = _explain(errors)
        return verdict

    def _verdict(self, ref: Reference, errors: list[tuple[Source, FetchError]]) -> Verdict:
        doi = doi_key(ref.doi) or bare_doi(ref.doi).lower()
        # Registries also hold a few works under a DOI with trailing punctuation (`…/15273)`):
        # the spelling as written is tried when the usual one is not found.
        written = bare_doi(ref.doi).lower()
        spellings = [spelling for spelling in dict.fromkeys((doi, written)) if spelling.startswith("10.")]
        for spelling in spellings:
            for source in self.sources:
                record = self._ask(source, source.by_doi, spelling, errors)
                if record:
                    return judge(ref, record, by_doi=True)
        if ref.title:
            for source in self.sources:
                choice = choose(ref, self._ask(source, source.search, ref, errors) or [])
                if choice.rivals:
                    listed = ", ".join(record.doi or record.title for record in choice.rivals)
                    return Verdict(
                        ref.key,
                        Status.AMBIGUOUS,
                        f"several {source.label} records fit equally well: "
                        f"{listed} — add the DOI to say which",
                        source.name,
                        doi,
                    )
                if choice.record:
                    return judge(ref, choice.record, by_doi=False)
        if errors:
            return Verdict(ref.key, Status.ERROR, _explain(errors), doi=doi)
        links = search_links(ref.title) if _is_chinese(ref) and ref.title else {}
        if doi:
            return Verdict(
                ref.key,
                Status.NOT_FOUND,
                f"DOI {doi} is registered with neither Crossref nor OpenAlex, "
                f"and no record matches the title — check the reference by hand",
                doi=doi,
                links=links,
            )
        if not ref.title:
            return Verdict(ref.key, Status.UNVERIFIABLE, "no DOI and no title to search by")
        if links:
            return Verdict(ref.key, Status.UNVERIFIABLE, UNCOVERED, links=links)
        return Verdict(ref.key, Status.NOT_FOUND, NOT_FOUND)

    @staticmethod
    def _ask(source: Source, question, argument, errors: list[tuple[Source, FetchError]]):
        try:
            return question(argument)
        except Cancelled:
            raise
        except FetchError as exc:
            errors.append((source, exc))
            return None


def search_links(title: str) -> dict[str, str]:
    """CNKI's and Wanfang's title search for a work no open source holds, percent-encoded."""
    return {name: url.format(quote(title, safe="")) for name, url in _SEARCHES.items()}


def _is_chinese(ref: Reference) -> bool:
    """Marked Chinese (langid), or written in Chinese whatever the marker says."""
    return ref.is_chinese or has_cjk(ref.title) or any(has_cjk(person.family) for person in ref.authors)


def _explain(errors: list[tuple[Source, FetchError]]) -> str:
    """One line for the failures: "not in cache (offline)" alone when that is all, else per source."""
    if all(isinstance(exc, NotCached) for _, exc in errors):
        return OFFLINE_MISS
    lines = dict.fromkeys(f"{source.label}: {exc}" for source, exc in errors)
    return "; ".join(lines)


@contextmanager
def open_verifier(
    settings: Settings,
    cache_dir: Path | None,
    *,
    offline: bool = False,
    timeout: float = 20.0,
    concurrency: int = 3,
    retry: RetryPolicy | None = None,
) -> Iterator[Verifier]:
    """A verifier over both sources, sharing one cache and one transport; closed on exit."""
    cache = Cache(cache_dir) if cache_dir is not None else None
    transport = (
        None
        if offline
        else Transport(
            timeout=timeout,
            retry=retry,
            user_agent=settings.user_agent,
            max_connections=2 * max(1, concurrency),
        )
    )
    client = Client(transport, cache, offline=offline)
    sources: list[Source] = [
        Crossref(client, settings.crossref_api, settings.mailto),
        OpenAlex(client, settings.openalex_api, settings.openalex_api_key, settings.mailto),
    ]
    try:
        yield Verifier(sources, cancel=transport.cancel if transport else lambda: None)
    finally:
        if transport:
            transport.close()
        if cache:
            cache.close()


def judge(ref: Reference, record: Record, *, by_doi: bool) -> Verdict:
    """The verdict once a record stands for the reference."""
    result = compare(ref, record)
    fields = {**result.mismatches, **result.tolerated}
    where = f"the {record.label} record {record.doi}".rstrip()
    notes = "".join(f"; {note}" for note in result.notes)
    if record.retracted:
        notice = f" ({record.retraction_notice})" if record.retraction_notice else ""
        return Verdict(
            ref.key,
            Status.RETRACTED,
            f"retracted according to {record.label}{notice}: replace or justify this reference",
            record.source,
            record.doi,
            fields,
        )
    if result.mismatches:
        names = ", ".join(result.mismatches)
        hint = (
            "; the DOI seems to point to another work"
            if by_doi and {"title", "author"} <= result.mismatches.keys()
            else ""
        )
        return Verdict(
            ref.key,
            Status.MISMATCH,
            f"differs from {where} in {names}{hint}{notes}",
            record.source,
            record.doi,
            fields,
            result.fixes,
        )
    return Verdict(
        ref.key, Status.VERIFIED, f"matches {where}{notes}", record.source, record.doi, fields, result.fixes
    )


def verify_all(
    refs: list[Reference],
    verifier: Verifier,
    *,
    workers: int = 3,
    on_verdict: Callable[[Verdict], None] | None = None,
) -> list[Verdict]:
    """Verdicts in the order of `refs`; `on_verdict` sees each as it arrives (the progress bar).

    Whatever interrupts the run (Ctrl-C, an exception in `on_verdict`) cancels the
    requests in flight and the queued references, then propagates; the answers
    already received stay in the cache for the next run.
    """
    verdicts: dict[int, Verdict] = {}  # by the reference's position
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="litgraph-verify")
    try:
        futures = {pool.submit(verifier.verify, ref): index for index, ref in enumerate(refs)}
        for future in as_completed(futures):
            verdict = future.result()
            verdicts[futures[future]] = verdict
            if on_verdict:
                on_verdict(verdict)
    except BaseException:
        verifier.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    return [verdicts[index] for index in range(len(refs))]
