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

from ... import __version__

CROSSREF_API = "https://api.crossref.org"
OPENALEX_API = "https://api.openalex.org"

_ENV = {
    "crossref_api": "LITGRAPH_CROSSREF_API",
    "openalex_api": "LITGRAPH_OPENALEX_API",
    "mailto": "LITGRAPH_MAILTO",
    "openalex_api_key": "LITGRAPH_OPENALEX_API_KEY",
}
_DEFAULTS = {"crossref_api": CROSSREF_API, "openalex_api": OPENALEX_API, "mailto": "", "openalex_api_key": ""}


@dataclass(frozen=True, slots=True)
class Settings:
    crossref_api: str = CROSSREF_API
    openalex_api: str = OPENALEX_API
    mailto: str = ""
    openalex_api_key: str = ""

    @classmethod
    def resolve(cls, section: Mapping, overrides: Mapping | None = None, env: Mapping | None = None) -> Settings:
        """`overrides` (CLI options, None when not given) > `section` (config) > `env` > defaults."""
        overrides = overrides or {}
        env = os.environ if env is None else env
        values = {}
        for name, default in _DEFAULTS.items():
            value = overrides.get(name) or section.get(name) or env.get(_ENV[name]) or default
            values[name] = str(value).strip()
        values["crossref_api"] = values["crossref_api"].rstrip("/")
        values["openalex_api"] = values["openalex_api"].rstrip("/")
        return cls(**values)

    @property
    def user_agent(self) -> str:
        contact = f" (mailto:{self.mailto})" if self.mailto else ""
        return f"litgraph/{__version__}{contact}"
