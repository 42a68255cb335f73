"""Errors a user can act on. The CLI prints them on one line and exits with `exit_code`."""

from __future__ import annotations

from .records import Location

#: Exit codes shared by every command.
EXIT_OK = 0
EXIT_FINDINGS = 1  # the command ran and found problems at or above --fail-on
EXIT_USAGE = 2  # bad arguments or bad input
EXIT_BACKEND = 3  # a server (Neo4j, Crossref, OpenAlex) could not be used


class LitgraphError(Exception):
    """An error in the user's input or environment, never a bug in litgraph."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, location: Location | None = None, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.message}"


class InputError(LitgraphError):
    """A file that cannot be read or understood."""


class ProjectError(LitgraphError):
    """No project, or a project whose litgraph.toml is wrong."""


class ModelError(LitgraphError):
    """A research model that breaks the rules; carries every problem found.

    Its message is the first problem's; `str()` adds "(and N more)" for the ones it hides. The CLI
    prints every problem on its own line instead, so it never says that.
    """

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__(problems[0].message, problems[0].location)

    def __str__(self) -> str:
        hidden = len(self.problems) - 1
        return super().__str__() + (f" (and {hidden} more)" if hidden else "")


class BackendError(LitgraphError):
    """A graph server that is unreachable, refuses us or fails."""

    exit_code = EXIT_BACKEND


class NotFoundError(LitgraphError):
    """A construct, hypothesis or reference the user named does not exist."""

    def __init__(self, message: str, suggestions: list[str] | None = None):
        self.suggestions = suggestions or []
        hint = ("did you mean: " + ", ".join(self.suggestions) + "?") if self.suggestions else ""
        super().__init__(message, hint=hint)
