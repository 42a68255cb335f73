"""`check --fix`: the rules' fixes written into the files they were found in.

A rule offers a fix only when it is certain and loses nothing (`registry.assignment`),
so every fix is applied; the writing is `check.corrections`', which `verify --fix`
uses too. Two rules may offer different values for one field (an `&` and full-width
punctuation in one title): the first is applied, and the other waits for the next
run, which works it out afresh from the corrected value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...records import Problem, Reference
from ..corrections import FixReport, write_corrections
from .registry import assigned

FieldOf = tuple[str, str]  # (cite key, field name)


@dataclass(slots=True)
class FixPlan:
    """The fixes to write, the findings each answers, and the fixes that must wait a run."""

    corrections: dict[str, dict[str, str]] = field(default_factory=dict)
    answers: dict[FieldOf, list[Problem]] = field(default_factory=dict)
    waiting: list[tuple[Problem, str]] = field(default_factory=list)


@dataclass(slots=True)
class FileFixes:
    """What `--fix` did to one file, with the findings behind each change."""

    shown: str
    report: FixReport
    answers: dict[FieldOf, list[Problem]]
    waiting: list[tuple[Problem, str]]

    def fixed(self) -> list[Problem]:
        """The findings whose fix was written."""
        return [problem for key, name, _, _ in self.report.applied for problem in self.answers[key, name]]

    def as_dict(self) -> dict:
        def codes(key: str, name: str) -> list[str]:
            return [problem.code for problem in self.answers.get((key, name), [])]

        skipped = [
            {"key": key, "field": name, "codes": codes(key, name), "reason": reason}
            for key, name, reason in self.report.skipped
        ]
        skipped += [
            {"key": p.key, "field": p.field, "codes": [p.code], "reason": reason}
            for p, reason in self.waiting
        ]
        return {
            "file": self.shown,
            "written": str(self.report.written) if self.report.written else None,
            "backup": str(self.report.backup) if self.report.backup else None,
            "applied": [
                {"key": key, "field": name, "codes": codes(key, name), "old": old, "new": new}
                for key, name, old, new in self.report.applied
            ],
            "skipped": skipped,
        }


def plan_fixes(problems: list[Problem]) -> FixPlan:
    """One new value per field: the first finding's fix; a different value for the same field waits."""
    plan = FixPlan()
    for problem in problems:
        new = assigned(problem)
        if new is None:
            continue
        fixes = plan.corrections.setdefault(problem.key, {})
        first = fixes.setdefault(problem.field, new)
        if first == new:
            plan.answers.setdefault((problem.key, problem.field), []).append(problem)
        else:
            codes = ", ".join(p.code for p in plan.answers[problem.key, problem.field])
            plan.waiting.append((problem, f"another fix ({codes}) changes this field first: run --fix again"))
    return plan


def fix_files(
    files: list[tuple[Path, str]],
    refs: list[Reference],
    problems: list[Problem],
    *,
    output: Path | None = None,
    in_place: bool = False,
) -> list[FileFixes]:
    """Write each file's fixes (to `<name>.fixed.bib`, `output` or in place, as `verify --fix`)."""
    plan = plan_fixes(problems)
    done = []
    for path, shown in files:
        mine = [ref for ref in refs if ref.location.file == shown]
        report = write_corrections(path, shown, mine, plan.corrections, output=output, in_place=in_place)
        waiting = [(problem, reason) for problem, reason in plan.waiting if problem.location.file == shown]
        done.append(FileFixes(shown, report, plan.answers, waiting))
    return done


def findings_left(problems: list[Problem], done: list[FileFixes]) -> list[Problem]:
    """The findings that no written fix answered."""
    fixed = {id(problem) for file_fixes in done for problem in file_fixes.fixed()}
    return [problem for problem in problems if id(problem) not in fixed]
