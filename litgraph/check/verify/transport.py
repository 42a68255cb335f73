"""HTTP for the scholarly APIs over httpx: per-host pacing, bounded retries, backoff.

A reference list is a burst of hundreds of lookups against services that meter
requests per second and concurrent requests per client, and that answer 429 or 503
when pushed. So every request passes a gate per (host, kind of request) that paces
it and bounds how many are in flight, and a failure is retried only a few times,
each after a longer, jittered pause, before it becomes a `FetchError`. A host that
keeps timing out, or fails request after request, is given up on for the rest of
the run, so that a hung or broken server costs a few failures, not a few per reference.
"""

from __future__ import annotations

import email.utils
import random
import re
import threading
import time
from dataclasses import dataclass
from datetime import timezone
from typing import Any, Callable
from urllib.parse import urlsplit

import httpx

from .errors import Cancelled, FetchError

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, None: 1.0}
_RETRYABLE_ERRORS = (httpx.NetworkError, httpx.RemoteProtocolError)  # timeouts are counted apart
# What reading JSON of the wrong shape raises (json's own errors are ValueErrors; nesting
# too deep for the decoder is a RecursionError).
MALFORMED_ERRORS = (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError)


@dataclass(frozen=True, slots=True)
class Pace:
    """What a source allows for one kind of request, before the server says otherwise."""

    kind: str  # "lookup" or "search": Crossref meters them apart
    rate: float  # requests per second
    concurrent: int  # requests in flight at once


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How long to keep trying. Tests shrink the pauses; the counts stay the same."""

    attempts: int = 5
    backoff: float = 0.5  # first pause after a 5xx or a timeout, doubled each time
    max_backoff: float = 30.0
    max_retry_after: float = 120.0  # a longer Retry-After gives up instead of stalling the run
    give_up_after: int = 3  # timed-out attempts, or failed requests, in a row before a host is given up on

    def pause(self, attempt: int) -> float:
        """Exponential backoff with jitter, so parallel workers do not retry in step."""
        ceiling = min(self.max_backoff, self.backoff * 2**attempt)
        return ceiling * random.uniform(0.5, 1.0)


class RateLimiter:
    """Requests spaced evenly at `rate` per second: a token bucket that holds one token.

    A bucket with a bigger burst would send several requests at once and trip a
    server that counts over a sliding window; even spacing reaches the same
    long-run rate without that risk. The rate follows the server's X-Rate-Limit
    headers, kept `headroom` below them so that jitter in arrival times cannot
    push one window over the limit; waiting requests see a new rate at once.
    """

    def __init__(self, rate: float, headroom: float = 0.95):
        self.headroom = headroom
        self.interval = 1.0 / rate
        self._last = float("-inf")  # when the last request was let through
        self._held_until = 0.0
        self._changed = threading.Condition()

    def wait(self, cancelled: threading.Event) -> None:
        with self._changed:
            while True:
                if cancelled.is_set():
                    raise Cancelled("cancelled")
                now = time.monotonic()
                start = max(self._last + self.interval, self._held_until)
                if now >= start:
                    self._last = now
                    return
                self._changed.wait(min(start - now, 0.1))  # woken early by adapt(); polls `cancelled`

    def adapt(self, limit: int, interval: float) -> None:
        if limit > 0 and interval > 0:
            with self._changed:
                self.interval = interval / (limit * self.headroom)
                self._changed.notify_all()

    def hold(self, seconds: float) -> None:
        """After a 429 or a Retry-After: nothing goes out before `seconds` have passed."""
        with self._changed:
            self._held_until = max(self._held_until, time.monotonic() + seconds)


class _Gate:
    def __init__(self, pace: Pace):
        self.limiter = RateLimiter(pace.rate)
        self.slots = threading.BoundedSemaphore(max(1, pace.concurrent))


@dataclass(frozen=True, slots=True)
class _Retry:
    problem: str
    retry_after: float | None = None  # seconds, when the server said
    throttled: bool = False  # a 429: the host wants fewer requests, not just this one again


@dataclass(frozen=True, slots=True)
class Reply:
    data: Any  # the parsed JSON, as it came
    value: Any  # what the caller's `read` made of it


class Transport:
    """GET JSON with pacing and retries. The API's own "no such resource" gives None;
    anything unusable raises FetchError.

    `read(data)` is the caller's reading of the JSON; it raises (ValueError,
    KeyError, ...) on JSON that is not the documented shape, and such an answer is
    retried like a 5xx: a truncated or garbled body is usually transient.
    `absent(body)` says whether a 404's body is the API's answer for a missing
    resource; without it (a search) or when it says no, the 404 comes from a wrong
    base URL or a foreign server, and is an error rather than "not found".
    `timeout` bounds each exchange as a whole, however slowly the answer trickles in.
    """

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        retry: RetryPolicy | None = None,
        user_agent: str = "",
        max_connections: int = 10,
    ):
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self.cancelled = threading.Event()
        self._gates: dict[tuple[str, str], _Gate] = {}
        self._lock = threading.Lock()
        self._closed: dict[
            str, tuple[float, str]
        ] = {}  # host → (until, why): it asked us to stay away, or hung
        self._strikes: dict[tuple[str, str], int] = {}  # (host, "timeout" or "request") → failures in a row
        self._headers = {"User-Agent": user_agent} if user_agent else {}
        self._max_connections = max_connections
        # A client (connection pool) per host: requests abandoned at their deadline keep
        # their connections until the run ends, and must not starve another server's.
        self._clients: dict[str, httpx.Client] = {}

    def close(self) -> None:
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    def _client(self, host: str) -> httpx.Client:
        with self._lock:
            if host not in self._clients:
                self._clients[host] = httpx.Client(
                    timeout=httpx.Timeout(self.timeout),
                    headers=self._headers,
                    follow_redirects=True,
                    limits=httpx.Limits(max_connections=self._max_connections),
                )
            return self._clients[host]

    def cancel(self) -> None:
        self.cancelled.set()

    def get(
        self,
        url: str,
        params: dict,
        pace: Pace,
        read: Callable[[Any], Any],
        absent: Callable[[str], bool] | None = None,
    ) -> Reply | None:
        host = urlsplit(url).netloc
        gate = self._gate(host, pace)
        for attempt in range(self.retry.attempts):
            until, why = self._closed.get(host, (0.0, ""))
            if time.monotonic() < until:
                raise FetchError(why)
            outcome = self._once(gate, host, url, params, read, absent)
            if not isinstance(outcome, _Retry):
                self._clear(host, "request")
                return outcome
            failed = outcome
            if attempt + 1 == self.retry.attempts:
                break
            if outcome.retry_after is not None or outcome.throttled:  # every request to the host waits
                self._hold(
                    host, self.retry.pause(attempt) if outcome.retry_after is None else outcome.retry_after
                )
            else:
                self._sleep(self.retry.pause(attempt))
        problem = f"{failed.problem} after {self.retry.attempts} attempts"
        self._strike(host, "request", f"{self.retry.give_up_after} requests in a row failed ({problem})")
        raise FetchError(problem)

    def _once(
        self,
        gate: _Gate,
        host: str,
        url: str,
        params: dict,
        read: Callable[[Any], Any],
        absent: Callable[[str], bool] | None,
    ) -> Reply | None | _Retry:
        client = self._client(host)  # made before the pacing wait, which times the request itself
        with gate.slots:
            gate.limiter.wait(self.cancelled)
            try:
                response = self._exchange(client, url, params)
            except httpx.TimeoutException:
                self._strike(
                    host,
                    "timeout",
                    f"no answer within {self.timeout:g} s {self.retry.give_up_after} times in a row",
                )
                return _Retry("timed out")
            except _RETRYABLE_ERRORS as exc:
                return _Retry(f"network error ({exc})")
            except httpx.HTTPError as exc:
                raise FetchError(f"cannot request {url}: {exc}") from None
        self._clear(host, "timeout")
        self._adapt(gate, response)
        status = response.status_code
        if status == 200:
            try:
                data = response.json()
                return Reply(data, read(data))
            except MALFORMED_ERRORS:
                return _Retry("malformed answer (not the API's JSON)")
        if status == 404:
            if absent is not None and absent(response.text):
                return None
            raise FetchError(
                f"HTTP 404 for {url}, not the API's answer for a missing record — is the base URL "
                f"right? ({_snippet(response)})"
            )
        if status in (408, 429) or status >= 500:
            wait = retry_after(response.headers.get("Retry-After"))
            if wait is not None and wait > self.retry.max_retry_after:
                # Waiting that long would stall the run: this host is done for now, every request
                # to it fails fast.
                why = f"HTTP {status}: the server asks to retry after {wait:.0f} s"
                self._closed[host] = (time.monotonic() + wait, why)
                raise FetchError(why)
            return _Retry(f"HTTP {status}", retry_after=wait, throttled=status == 429)
        raise FetchError(f"HTTP {status}: {_snippet(response)}")

    def _exchange(self, client: httpx.Client, url: str, params: dict) -> httpx.Response:
        """The GET, answer read to its end, within `timeout` seconds in all.

        httpx's timeouts bound each read, so a server sending a byte a second would
        hold a request forever. The exchange runs in a daemon thread instead, given
        up at the deadline; its connection is closed with the client.
        """
        outcome: list = []
        finished = threading.Event()

        def exchange() -> None:
            try:
                outcome.append(client.get(url, params=params))
            except BaseException as exc:  # handed to the waiting thread
                outcome.append(exc)
            finally:
                finished.set()

        threading.Thread(target=exchange, name="litgraph-http", daemon=True).start()
        deadline = time.monotonic() + self.timeout
        while not finished.wait(min(0.1, max(0.0, deadline - time.monotonic()))):
            if self.cancelled.is_set():
                raise Cancelled("cancelled")
            if time.monotonic() >= deadline:
                raise httpx.ReadTimeout(f"no complete answer within {self.timeout:g} s")
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        return outcome[0]

    def _strike(self, host: str, kind: str, why: str) -> None:
        """Count a failure; at `give_up_after` in a row the host fails fast for the rest of the run."""
        with self._lock:
            count = self._strikes[host, kind] = self._strikes.get((host, kind), 0) + 1
        if count >= self.retry.give_up_after:
            self._closed[host] = (
                float("inf"),
                f"not checked: {why}, so the server was given up on for this run",
            )

    def _clear(self, host: str, kind: str) -> None:
        with self._lock:
            self._strikes[host, kind] = 0

    def _gate(self, host: str, pace: Pace) -> _Gate:
        key = (host, pace.kind)
        with self._lock:
            if key not in self._gates:
                self._gates[key] = _Gate(pace)
            return self._gates[key]

    def _hold(self, host: str, seconds: float) -> None:
        with self._lock:
            gates = [gate for (gate_host, _), gate in self._gates.items() if gate_host == host]
        for gate in gates:
            gate.limiter.hold(seconds)

    def _sleep(self, seconds: float) -> None:
        if self.cancelled.wait(seconds):
            raise Cancelled("cancelled")

    @staticmethod
    def _adapt(gate: _Gate, response: httpx.Response) -> None:
        limit = response.headers.get("X-Rate-Limit-Limit", "")
        interval = _INTERVAL.match(response.headers.get("X-Rate-Limit-Interval", ""))
        if limit.isdigit() and interval:
            gate.limiter.adapt(int(limit), float(interval.group(1)) * _UNIT_SECONDS[interval.group(2)])


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000": UTC by RFC 5322
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _snippet(response: httpx.Response) -> str:
    text = " ".join(response.text.split())
    return text[:120] or response.reason_phrase
