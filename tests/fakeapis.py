"""Local stand-ins for the Crossref and OpenAlex REST APIs, for tests and benchmarks.

Each `FakeAPI` is a real HTTP server on 127.0.0.1 (http.server in a thread) that
answers in the documented JSON of its API — Crossref: status / message-type /
message with DOI, title, author[given, family, sequence], container-title,
issued/published-print date-parts, volume, issue, page, type, updated-by, and
work-lists with items / total-results / score; OpenAlex: works with id, doi,
display_name, publication_year, authorships[].author.display_name,
primary_location.source.display_name, biblio, is_retracted, and lists with meta /
results — from a small database of `Work`s. It can misbehave on request (status
codes with Retry-After, slow or trickling answers, malformed JSON, any body, hang-ups,
redirect loops), can enforce a rate limit
while advertising it in X-Rate-Limit-* headers, and logs every request so tests
count requests and measure rates on the server side.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass
class Work:
    """A published work as the fake database holds it."""

    doi: str
    title: str
    authors: list[tuple[str, str]]  # (given, family)
    year: int  # print year
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""  # "19-34"
    subtitle: str = ""  # Crossref keeps subtitles apart; OpenAlex joins them to the title
    online_year: int | None = None  # online-first, when earlier than print
    retraction_notice: str = ""  # DOI of a retraction notice
    type: str = "journal-article"
    in_crossref: bool = True
    in_openalex: bool = True

    @property
    def issued(self) -> int:
        return min(self.year, self.online_year or self.year)


@dataclass
class Fault:
    """Misbehaviour for the first `times` matching requests (None: all of them)."""

    status: int = 0  # answer with this status instead
    retry_after: str = ""  # Retry-After header value
    delay: float = 0.0  # seconds to wait before answering
    malformed: bool = False  # 200 with a body that is not JSON
    body: bytes | None = None  # answer with this body (status 200 unless `status`)
    content_type: str = "application/json;charset=utf-8"  # of `body`
    hang_up: bool = False  # close the connection without answering
    redirect: bool = False  # 302 to the very same URL, for ever
    trickle: float = 0.0  # send the whole answer one byte every `trickle` seconds
    times: int | None = 1


@dataclass
class Logged:
    at: float  # time.monotonic()
    path: str
    query: dict[str, str]
    user_agent: str = ""
    status: int = 0


@dataclass
class FakeAPI:
    """One fake API server; `flavour` is "crossref" or "openalex"."""

    flavour: str
    works: list[Work]
    latency: float = 0.0
    limit: int = 1000  # advertised (and, with `enforce`, enforced) requests per `interval`
    interval: float = 1.0
    enforce: bool = False
    faults: dict[str, Fault] = field(
        default_factory=dict
    )  # by lower-case DOI, "search", or "*" for any request
    log: list[Logged] = field(default_factory=list)

    def __post_init__(self):
        self._lock = threading.Lock()
        self._window: deque[float] = deque()
        self._server: ThreadingHTTPServer | None = None
        self._in_flight = 0
        self.max_in_flight = 0  # the most requests being answered at once

    # --- lifecycle ---------------------------------------------------------------

    def __enter__(self) -> FakeAPI:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - http.server's naming
                api._handle(self)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.handle_error = lambda request, address: None  # a client that gave up mid-answer
        threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True
        ).start()  # quick shutdown
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # --- what tests look at ------------------------------------------------------------

    def requests(self, needle: str = "") -> list[Logged]:
        """Logged requests whose path or query contains `needle` (case-insensitive)."""
        with self._lock:
            return [
                entry
                for entry in self.log
                if needle.lower() in (entry.path + " " + json.dumps(entry.query, ensure_ascii=False)).lower()
            ]

    def statuses(self) -> list[int]:
        with self._lock:
            return [entry.status for entry in self.log]

    def max_in_window(self, window: float | None = None) -> int:
        """The most requests received within any `window` seconds (default: the limit's interval)."""
        window = window or self.interval
        times = sorted(entry.at for entry in self.requests())
        most, start = 0, 0
        for end, at in enumerate(times):
            while at - times[start] >= window:
                start += 1
            most = max(most, end - start + 1)
        return most

    # --- serving -----------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        path = unquote(parts.path)
        query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
        entry = Logged(time.monotonic(), path, query, request.headers.get("User-Agent", ""))
        with self._lock:
            self.log.append(entry)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            status, body, headers, fault = self._answer(request.path, path, query)
            entry.status = status
            if self.latency:
                time.sleep(self.latency)
        finally:
            with self._lock:
                self._in_flight -= 1
        if fault and fault.hang_up:
            request.close_connection = True
            return
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers.setdefault("Content-Type", "application/json;charset=utf-8")
        headers["X-Rate-Limit-Limit"] = str(self.limit)
        headers["X-Rate-Limit-Interval"] = f"{self.interval:g}s"
        headers["Content-Length"] = str(len(data))
        head = (
            f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
            + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
            + "\r\n"
        )
        try:
            if fault and fault.trickle:
                for byte in head.encode("latin-1") + data:
                    request.wfile.write(bytes([byte]))
                    request.wfile.flush()
                    time.sleep(fault.trickle)
            else:
                request.wfile.write(head.encode("latin-1") + data)
        except (BrokenPipeError, ConnectionResetError):
            request.close_connection = True

    def _answer(self, target: str, path: str, query: dict) -> tuple[int, object, dict, Fault | None]:
        """Status, body and headers for a request, and the fault that shaped them (if any)."""
        if self.enforce and not self._admit():
            return 429, {"message": "rate limit exceeded"}, {"Retry-After": "1"}, None
        lookup = self._lookup_doi(path)
        fault = self._take_fault(lookup if lookup is not None else "search")
        if fault:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.redirect:
                return 302, b"", {"Location": target}, fault
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            if fault.body is not None:
                return fault.status or 200, fault.body, {**headers, "Content-Type": fault.content_type}, fault
            if fault.status:
                phrase = HTTPStatus(fault.status).phrase.encode()
                return fault.status, phrase, {**headers, "Content-Type": "text/plain"}, fault
            if fault.malformed:
                return 200, b'{"status":"ok","message-type":"work","message":{"DOI": "10.', {}, fault
        status, body, headers = self._found(lookup, path, query)
        return status, body, headers, fault

    def _found(self, lookup: str | None, path: str, query: dict) -> tuple[int, object, dict]:
        """What the API answers when it behaves."""
        if lookup is not None:
            work = next((w for w in self._mine() if w.doi.lower() == lookup), None)
            if work is None:
                if self.flavour == "crossref":
                    return 404, b"Resource not found.", {"Content-Type": "text/plain"}
                return 404, {"error": "Not Found", "message": f"The doi:{lookup} does not exist."}, {}
            return 200, self._single(work), {}
        if path.rstrip("/") == "/works":
            return 200, self._search(query), {}
        return 404, b"Resource not found.", {"Content-Type": "text/plain"}

    def _admit(self) -> bool:
        """A sliding window: at most `limit` admitted requests in any `interval` seconds."""
        with self._lock:
            now = time.monotonic()
            while self._window and now - self._window[0] >= self.interval:
                self._window.popleft()
            if len(self._window) >= self.limit:
                return False
            self._window.append(now)
            return True

    def _take_fault(self, key: str) -> Fault | None:
        with self._lock:
            fault = self.faults.get(key) or self.faults.get("*")
            if fault is None or fault.times == 0:
                return None
            if fault.times is not None:
                fault.times -= 1
            return fault

    def _lookup_doi(self, path: str) -> str | None:
        prefix = "/works/" if self.flavour == "crossref" else "/works/doi:"
        if self.flavour == "openalex" and path.startswith("/works/https://doi.org/"):
            prefix = "/works/https://doi.org/"
        return path[len(prefix) :].lower() if path.startswith(prefix) and len(path) > len(prefix) else None

    def _mine(self) -> list[Work]:
        return [w for w in self.works if (w.in_crossref if self.flavour == "crossref" else w.in_openalex)]

    def _single(self, work: Work) -> dict:
        if self.flavour == "crossref":
            return {
                "status": "ok",
                "message-type": "work",
                "message-version": "1.0.0",
                "message": crossref_item(work),
            }
        return openalex_work(work, self.works.index(work))

    def _search(self, query: dict) -> dict:
        if self.flavour == "crossref":
            text, rows = query.get("query.bibliographic", ""), int(query.get("rows", 20))
        else:
            text = query.get("search", "") or query.get("filter", "").removeprefix("title.search:")
            rows = int(query.get("per_page", 25))
        words = set(_words(text))
        scored = []
        for work in self._mine():
            haystack = _words(
                " ".join(
                    [
                        work.title,
                        work.subtitle,
                        work.journal,
                        str(work.year),
                        *(family for _, family in work.authors),
                    ]
                )
            )
            overlap = len(words & set(haystack))
            if overlap:
                scored.append((overlap, work))
        scored.sort(key=lambda pair: -pair[0])
        hits = scored[:rows]
        if self.flavour == "crossref":
            items = [{**crossref_item(work), "score": float(score)} for score, work in hits]
            return {
                "status": "ok",
                "message-type": "work-list",
                "message-version": "1.0.0",
                "message": {
                    "facets": {},
                    "total-results": len(scored),
                    "items": items,
                    "items-per-page": rows,
                    "query": {"start-index": 0, "search-terms": text},
                },
            }
        results = [
            {**openalex_work(work, self.works.index(work)), "relevance_score": float(score)}
            for score, work in hits
        ]
        return {
            "meta": {
                "count": len(scored),
                "db_response_time_ms": 3,
                "page": 1,
                "per_page": rows,
                "groups_count": None,
            },
            "results": results,
            "group_by": [],
        }


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _date(year: int) -> dict:
    return {"date-parts": [[year]]}


def crossref_item(work: Work) -> dict:
    """A work as Crossref's /works/{doi} `message` (fields absent when unknown, as Crossref does)."""
    item = {
        "indexed": {
            "date-parts": [[2026, 11, 1]],
            "date-time": "2026-11-01T00:00:00Z",
            "timestamp": 1793491200000,
        },
        "reference-count": 0,
        "publisher": "Fake Publisher",
        "content-domain": {"domain": [], "crossmark-restriction": False},
        "short-container-title": [],
        "DOI": work.doi,
        "type": work.type,
        "source": "Crossref",
        "is-referenced-by-count": 0,
        "title": [work.title],
        "prefix": work.doi.split("/")[0],
        "author": [
            {
                "given": given,
                "family": family,
                "sequence": "first" if index == 0 else "additional",
                "affiliation": [],
            }
            for index, (given, family) in enumerate(work.authors)
        ],
        "member": "1",
        "container-title": [work.journal] if work.journal else [],
        "original-title": [],
        "subtitle": [work.subtitle] if work.subtitle else [],
        "short-title": [],
        "issued": _date(work.issued),
        "published": _date(work.issued),
        "published-print": _date(work.year),
        "references-count": 0,
        "URL": f"https://doi.org/{work.doi}",
        "relation": {},
    }
    if work.online_year:
        item["published-online"] = _date(work.online_year)
    for name, value in (("volume", work.volume), ("issue", work.issue), ("page", work.pages)):
        if value:
            item[name] = value
    if work.retraction_notice:
        item["updated-by"] = [
            {
                "updated": {
                    "date-parts": [[2024, 1, 1]],
                    "date-time": "2024-01-01T00:00:00Z",
                    "timestamp": 1704067200000,
                },
                "DOI": work.retraction_notice,
                "type": "retraction",
                "source": "retraction-watch",
                "label": "Retraction",
                "record-id": "50000",
            }
        ]
    return item


def openalex_work(work: Work, number: int) -> dict:
    """A work as OpenAlex's /works/doi:... answer."""
    title = f"{work.title}: {work.subtitle}" if work.subtitle else work.title
    first, _, last = work.pages.partition("-")
    count = len(work.authors)
    return {
        "id": f"https://openalex.org/W{4000000000 + number}",
        "doi": f"https://doi.org/{work.doi}",
        "title": title,
        "display_name": title,
        "publication_year": work.issued,
        "publication_date": f"{work.issued}-01-01",
        "ids": {
            "openalex": f"https://openalex.org/W{4000000000 + number}",
            "doi": f"https://doi.org/{work.doi}",
        },
        "language": "en",
        "primary_location": {
            "is_oa": False,
            "landing_page_url": f"https://doi.org/{work.doi}",
            "pdf_url": None,
            "source": {
                "id": "https://openalex.org/S1",
                "display_name": work.journal,
                "issn_l": None,
                "issn": None,
                "is_oa": False,
                "host_organization": None,
                "type": "journal",
            }
            if work.journal
            else None,
            "license": None,
            "version": None,
        },
        "type": "article",
        "type_crossref": work.type,
        "authorships": [
            {
                "author_position": "first" if i == 0 else "last" if i == count - 1 else "middle",
                "author": {
                    "id": f"https://openalex.org/A{i}",
                    "display_name": f"{given} {family}",
                    "orcid": None,
                },
                "institutions": [],
                "countries": [],
                "is_corresponding": False,
                "raw_author_name": f"{given} {family}",
                "raw_affiliation_strings": [],
            }
            for i, (given, family) in enumerate(work.authors)
        ],
        "biblio": {
            "volume": work.volume or None,
            "issue": work.issue or None,
            "first_page": first or None,
            "last_page": last or None,
        },
        "is_retracted": bool(work.retraction_notice),
        "is_paratext": False,
        "cited_by_count": 0,
        "updated_date": "2026-11-01T00:00:00",
        "created_date": "2016-06-24",
    }


class FakeScholarlyAPIs:
    """Crossref and OpenAlex together, on two ports, over one database."""

    def __init__(self, works: list[Work], **options):
        self.crossref = FakeAPI("crossref", works, **options)
        self.openalex = FakeAPI("openalex", works, **options)

    def __enter__(self) -> FakeScholarlyAPIs:
        self.crossref.__enter__()
        self.openalex.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.crossref.__exit__(*exc)
        self.openalex.__exit__(*exc)

    def request_count(self) -> int:
        return len(self.crossref.requests()) + len(self.openalex.requests())
