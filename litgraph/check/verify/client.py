"""The one way sources ask for JSON: the cache first, then (unless offline) the network.

Sources describe a request (URL, parameters, pace, how to read the answer); the
client decides whether it goes out at all. A request is cached under its URL and
parameters without `mailto` and `api_key`: who asks does not change the answer,
and an API key has no business on disk.
"""

from __future__ import annotations

from typing import Any, Callable
from urllib.parse import urlencode

from .cache import Cache
from .errors import NotCached
from .transport import MALFORMED_ERRORS, Pace, Transport

_IDENTITY_PARAMS = {"mailto", "api_key"}
OFFLINE_MISS = "not in cache (offline)"


def request_key(url: str, params: dict) -> str:
    kept = sorted((name, value) for name, value in params.items() if name not in _IDENTITY_PARAMS)
    return f"{url}?{urlencode(kept)}" if kept else url


class Client:
    def __init__(self, transport: Transport | None, cache: Cache | None, *, offline: bool = False):
        if transport is None and not offline:
            raise ValueError("an online client needs a transport")
        self.transport = transport
        self.cache = cache
        self.offline = offline

    def get(
        self,
        url: str,
        params: dict,
        pace: Pace,
        read: Callable[[Any], Any],
        absent: Callable[[str], bool] | None = None,
    ) -> Any | None:
        """What `read` makes of the JSON answer, or None when the server has no such resource
        (a 404 whose body `absent` recognises as the API's own; see `Transport`).

        An answer counts as found for the cache when `read` gives something truthy
        (a record, a non-empty list).
        """
        key = request_key(url, params)
        if self.cache is not None:
            cached = self.cache.get(key, stale_ok=self.offline)
            if cached is not None:
                try:
                    return read(cached.data) if cached.data is not None else None
                except MALFORMED_ERRORS:  # stored by an older reader: ask again
                    pass
        if self.offline or self.transport is None:  # an online client always has one (see __init__)
            raise NotCached(OFFLINE_MISS)
        reply = self.transport.get(url, params, pace, read, absent)
        if self.cache is not None:
            self.cache.put(key, reply.data if reply else None, found=bool(reply and reply.value))
        return reply.value if reply else None
