"""What ``mlverify check`` reports: one ``Finding`` per statement of a sheet, gathered in a ``Report``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mlverify.engine import Counterexample
from mlverify.latex import Unchecked

STATUSES = ("verified", "refuted", "unchecked", "definition", "ignored")


@dataclass(frozen=True)
class Finding:
    """The verdict on one statement of a sheet, where its author wrote it.

    ``status`` is one of ``STATUSES``; ``reason`` says why a formula is unchecked, a definition or
    ignored; ``counterexample`` (values and both sides) comes with ``refuted``; ``definitions`` are
    the context formulas it was checked under, so a reader can see what the verdict assumed;
    ``claim`` is the registry claim the formula states (pinned by a directive, or matched by meaning when it
    is refuted); ``fix`` is the claim's correct statement, or else a stronger assumption under which the
    formula holds; ``hint`` names the known mistake (or the assumption, when ``fix`` is the claim's statement).
    """

    file: str
    line: int
    column: int
    latex: str
    status: str
    reason: Unchecked | None = None
    layout: str | None = None
    counterexample: Counterexample | None = None
    definitions: tuple[str, ...] = ()
    claim: str | None = None
    section: str | None = None
    cell: int | None = None
    fix: str | None = None
    hint: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The finding as ``mlverify check --format json`` prints it."""
        return {
            "file": self.file, "line": self.line, "column": self.column, "cell": self.cell, "latex": self.latex,
            "section": self.section, "status": self.status,
            "reason": None if self.reason is None else {"category": self.reason.category,
                                                        "message": self.reason.message},
            "claim": self.claim,
            "counterexample": None if self.counterexample is None else self.counterexample.to_json(),
            "fix": self.fix, "hint": self.hint, "layout": self.layout, "definitions": list(self.definitions),
        }


@dataclass(frozen=True)
class Report:
    """Everything ``check_sheets`` found: findings in file and reading order, and one line per unreadable path."""

    findings: tuple[Finding, ...]
    errors: tuple[str, ...] = ()
    files: tuple[str, ...] = field(default=())

    @property
    def summary(self) -> dict[str, int]:
        """Counts per status (every status present, zero or not), plus files read and errors."""
        counts = dict.fromkeys(STATUSES, 0)
        for finding in self.findings:
            counts[finding.status] += 1
        return {**counts, "files": len(self.files), "errors": len(self.errors)}

    def to_json(self) -> dict[str, Any]:
        return {"summary": self.summary, "findings": [f.to_json() for f in self.findings], "errors": list(self.errors)}
