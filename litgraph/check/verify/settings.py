"""Where the scholarly APIs are and who we are to them.

Each value comes from the first place that sets it: a command-line option, the
project's `[verify]` table, an environment variable, the public default. Tests
and mirrors point the base URLs elsewhere; `mailto` joins Crossref's polite pool;
OpenAlex wants an API key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from ... import __version__
from ...errors import LitgraphError, ProjectError
from ...records import Location

CROSSREF_API = "https://api.crossref.org"
OPENALEX_API = "https://api.openalex.org"

_ENV = {
    "crossref_api": "LITGRAPH_CROSSREF_API",
    "openalex_api": "LITGRAPH_OPENALEX_API",
    "mailto": "LITGRAPH_MAILTO",
    "openalex_api_key": "LITGRAPH_OPENALEX_API_KEY",
}
_DEFAULTS = {"crossref_api": CROSSREF_API, "openalex_api": OPENALEX_API, "mailto": "", "openalex_api_key": ""}
_URLS = ("crossref_api", "openalex_api")


@dataclass(frozen=True, slots=True)
class Settings:
    crossref_api: str = CROSSREF_API
    openalex_api: str = OPENALEX_API
    mailto: str = ""
    openalex_api_key: str = ""

    @classmethod
    def resolve(
        cls,
        section: Mapping,
        overrides: Mapping | None = None,
        env: Mapping | None = None,
        config: str = "litgraph.toml",
    ) -> Settings:
        """`overrides` (CLI options, None when not given) > `section` (config, read from the file
        `config`) > `env` > defaults. A value that is not text, or a base URL that is not an
        http(s) URL, is an error naming where it was set (exit 2), never a failed lookup later."""
        overrides = overrides or {}
        env = os.environ if env is None else env
        values = {}
        for name, default in _DEFAULTS.items():
            given = (
                (overrides.get(name), f"--{name.replace('_', '-')}"),
                (section.get(name), f"[verify] {name}"),
                (env.get(_ENV[name]), _ENV[name]),
            )
            value, where = next(
                ((value, where) for value, where in given if value not in (None, "")), (default, "")
            )
            if not isinstance(value, str):
                raise ProjectError(f"{where} must be text in quotes, not {value!r}", Location(config))
            values[name] = value.strip()
            if name in _URLS:
                values[name] = values[name].rstrip("/")
                if not _is_web_url(values[name]):
                    message = f"{where} must be an http(s) URL such as {default}, not {value!r}"
                    raise (
                        ProjectError(message, Location(config))
                        if where.startswith("[")
                        else LitgraphError(message)
                    )
        return cls(**values)

    @property
    def user_agent(self) -> str:
        contact = f" (mailto:{self.mailto})" if self.mailto else ""
        return f"litgraph/{__version__}{contact}"


def _is_web_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is no number or out of range
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
