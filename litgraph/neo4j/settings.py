"""Where the Neo4j server is, how to reach it, and its failures as one-line errors.

The connection comes from options, then NEO4J_* variables, then `[neo4j]` in
litgraph.toml; the password never from a file. Every driver or server failure
becomes a `BackendError` (exit 3) with the password scrubbed, never a traceback.
"""

from __future__ import annotations

import logging
import os
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j import exceptions as ex

from .. import __version__
from ..errors import BackendError, ProjectError
from ..project import CONFIG_NAME, Project
from ..records import Location

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
#: Seconds to open a TCP connection, and to get the server's first answers (Bolt handshake, hello):
#: a server that accepts and says nothing made every command wait 61 s.
CONNECT_TIMEOUT = 10.0
ANSWER_TIMEOUT = 15.0

_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _masked_tail(text: str) -> str:
    """Anything from a "?" or "#" on masked."""
    cut = min((i for i in (text.find("?"), text.find("#")) if i >= 0), default=-1)
    return text if cut < 0 else text[: cut + 1] + "***"


@dataclass(frozen=True, slots=True)
class Neo4jSettings:
    """Where to connect. The password is excluded from repr so it cannot leak into a message."""

    uri: str
    user: str
    database: str
    password: str = field(default="", repr=False)

    @property
    def shown_uri(self) -> str:
        """The URI safe to print: no user:password@ part, a query or fragment masked (they may hold
        a token)."""
        try:
            parts = urlsplit(self.uri)
        except ValueError:  # not a URI at all ("bolt://[::1"): shown without anything up to an "@"
            scheme, separator, rest = self.uri.rpartition("://")
            return _masked_tail(scheme + separator + rest.rsplit("@", 1)[-1])
        return urlunsplit(
            parts._replace(
                netloc=parts.netloc.rsplit("@", 1)[-1],
                query="***" if parts.query else "",
                fragment="***" if parts.fragment else "",
            )
        )

    def scrub(self, text: str) -> str:
        """A message with the secrets of these settings masked: the password, the URI's user part,
        query and fragment."""
        secrets = [self.password] if self.password else []
        try:
            parts = urlsplit(self.uri)
            secrets += [parts.query, parts.fragment, parts.netloc.rpartition("@")[0]]
        except ValueError:
            secrets.append(self.uri)
        for secret in sorted(filter(None, secrets), key=len, reverse=True):
            text = text.replace(secret, "***")
        return text

    @property
    def where(self) -> str:
        return f"database '{self.database}' at {self.shown_uri}"


def neo4j_settings(
    project: Project | None,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> Neo4jSettings:
    """Options first, then NEO4J_* variables, then `[neo4j]` in litgraph.toml, then defaults.

    The password comes only from an option or NEO4J_PASSWORD: a config file is
    committed and shared, so one holding a password is refused (`project.load_project`).
    """
    config = project.section("neo4j") if project is not None else {}
    config_file = str(project.root / CONFIG_NAME) if project is not None else CONFIG_NAME
    for key in ("uri", "user", "database"):
        if key in config and not (isinstance(config[key], str) and config[key].strip()):
            raise ProjectError(
                f"[neo4j] {key} must be text in quotes, not {config[key]!r}", Location(config_file)
            )

    def pick(option: str | None, variable: str, key: str, default: str) -> str:
        return str(option or os.environ.get(variable) or config.get(key) or default)

    return Neo4jSettings(
        uri=pick(uri, "NEO4J_URI", "uri", DEFAULT_URI),
        user=pick(user, "NEO4J_USER", "user", DEFAULT_USER),
        database=pick(database, "NEO4J_DATABASE", "database", DEFAULT_DATABASE),
        password=password or os.environ.get("NEO4J_PASSWORD", ""),
    )


def open_driver(settings: Neo4jSettings) -> neo4j.Driver:
    """A driver that has reached the server; server notifications are switched off.

    Notifications (deprecations, performance hints) would otherwise be logged to
    stderr on every query; the driver's own log gets a NullHandler so nothing but
    litgraph's one-line errors reach the terminal.
    """
    logger = logging.getLogger("neo4j")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    _check_uri(settings)
    auth = (settings.user, settings.password) if settings.password else None
    with neo4j_errors(settings):
        try:
            with warnings.catch_warnings():  # the driver's warnings quote the whole URI, secrets and all
                warnings.simplefilter("ignore")
                driver = neo4j.GraphDatabase.driver(
                    settings.uri,
                    auth=auth,
                    notifications_min_severity="OFF",
                    connection_timeout=CONNECT_TIMEOUT,
                    connection_acquisition_timeout=ANSWER_TIMEOUT,
                    user_agent=f"litgraph/{__version__}",
                )
        except (ValueError, ex.ConfigurationError):  # its message may quote the whole URI
            raise BackendError(f"not a usable Neo4j URI: '{settings.shown_uri}'") from None
        try:
            driver.verify_connectivity()  # fails at once; a query would retry for 30 s first
        except BaseException:
            driver.close()
            raise
    return driver


def _check_uri(settings: Neo4jSettings) -> None:
    """Bolt URIs only (driver 6 would try its preview HTTP API, which needs more packages), no
    credentials in it."""
    try:
        parts = urlsplit(settings.uri)
        _ = parts.port  # read only to check it: a port that is not a number raises here
    except ValueError:  # ... and a malformed host ("bolt://[::1") above
        parts = urlsplit("")
    if parts.scheme not in _SCHEMES or not parts.netloc:
        raise BackendError(
            f"not a Neo4j URI: '{settings.shown_uri}' (use bolt://host:port or neo4j://host:port)"
        )
    if "@" in parts.netloc:
        raise BackendError(
            f"keep the user and password out of the URI '{settings.shown_uri}': "
            "set NEO4J_USER and NEO4J_PASSWORD"
        )


@contextmanager
def connected(settings: Neo4jSettings) -> Iterator[neo4j.Driver]:
    driver = open_driver(settings)
    try:
        yield driver
    finally:
        driver.close()


@contextmanager
def neo4j_errors(settings: Neo4jSettings) -> Iterator[None]:
    """Driver and server failures as one-line BackendErrors (exit 3), never a traceback."""
    try:
        yield
    except ex.AuthError as error:
        raise BackendError(
            f"Neo4j at {settings.shown_uri} refused user '{settings.user}': "
            f"{_one_line(error, settings)} (check NEO4J_USER and NEO4J_PASSWORD)"
        ) from None
    except ex.ClientError as error:
        if error.code == "Neo.ClientError.Database.DatabaseNotFound":
            raise BackendError(
                f"Neo4j at {settings.shown_uri} has no database '{settings.database}' "
                "(set NEO4J_DATABASE or --database)"
            ) from None
        raise BackendError(
            f"Neo4j {settings.where} refused the request: {_one_line(error, settings)}"
        ) from None
    except (ex.ServiceUnavailable, ex.SessionExpired) as error:
        raise BackendError(
            f"cannot reach Neo4j at {settings.shown_uri}: {_reason(error, settings)}"
        ) from None
    except (ex.Neo4jError, ex.DriverError) as error:
        raise BackendError(f"Neo4j {settings.where} failed: {_one_line(error, settings)}") from None


def _one_line(error: BaseException, settings: Neo4jSettings) -> str:
    """The server's own message on one line, with the settings' secrets scrubbed should they appear."""
    text = " ".join(
        str(error.message if isinstance(error, ex.Neo4jError) and error.message else error).split()
    )
    return settings.scrub(text)


def _reason(error: BaseException, settings: Neo4jSettings) -> str:
    if "handshake" in str(error) or "Deadline" in str(error):
        return f"the server accepted the connection but did not answer within {ANSWER_TIMEOUT:g} s"
    match = re.search(r"reason (?:\[Errno \d+\] )?([^)]*)", str(error))
    return match.group(1).strip() if match else _one_line(error, settings)
