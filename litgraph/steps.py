"""How long-running work reports its progress, whoever draws it (the CLI draws Rich bars)."""

from __future__ import annotations

from typing import Protocol


class Steps(Protocol):
    """A named stage begins (with its total, if known) and advances."""

    def begin(self, stage: str, total: int | None = None) -> None: ...

    def advance(self, stage: str, amount: int = 1) -> None: ...


class Silent:
    """Steps that nobody watches."""

    def begin(self, stage: str, total: int | None = None) -> None:
        pass

    def advance(self, stage: str, amount: int = 1) -> None:
        pass
