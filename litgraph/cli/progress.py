"""Rich progress bars for a command's long stages, drawn on stderr."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .common import err_console

if TYPE_CHECKING:
    from rich.progress import TaskID


@contextmanager
def working(message: str, enabled: bool) -> Iterator[None]:
    """A spinner on stderr while a long step that cannot count its progress runs
    (on a terminal, when `enabled`)."""
    if not (enabled and err_console.is_terminal):
        yield
        return
    with err_console.status(message, spinner="dots"):
        yield


class StepBars:
    """One bar per stage (see `litgraph.steps.Steps`), shown only on a terminal and
    when `enabled`; the work calls `begin`/`advance` whether or not anything is drawn.
    A stage begun without a total is shown done when the next one begins."""

    def __init__(self, labels: dict[str, str], enabled: bool):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._labels = labels
        self._progress = Progress(
            TextColumn("{task.description:<16}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=not (enabled and err_console.is_terminal),
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> StepBars:
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()

    def begin(self, stage: str, total: int | None = None) -> None:
        for task in self._tasks.values():
            if self._progress.tasks[task].total is None:
                self._progress.update(task, total=1, completed=1)
        if stage in self._tasks:
            self._progress.update(self._tasks[stage], total=total)
        else:
            self._tasks[stage] = self._progress.add_task(self._labels.get(stage, stage), total=total)

    def advance(self, stage: str, amount: int = 1) -> None:
        if stage in self._tasks:
            self._progress.advance(self._tasks[stage], amount)
