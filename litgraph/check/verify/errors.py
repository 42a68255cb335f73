"""Why a lookup gave no answer. Caught per reference and turned into status `error`,
so one bad server never stops a run or loses a reference."""

from __future__ import annotations


class FetchError(Exception):
    """No usable answer: retries exhausted, a refused request, or offline with no cached answer."""


class NotCached(FetchError):
    """Offline, and this request was never answered before."""


class Cancelled(FetchError):
    """The run was interrupted; requests still queued give up at once."""
