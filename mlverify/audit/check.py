"""Sheets -> a ``Report``: read each file, give each formula its context, check the statements.

One unreadable file is an error of its own (one line, in ``Report.errors``); the other files are
still checked, so one bad path in a list does not hide the verdicts on the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mlverify.audit.context import Statement, statements
from mlverify.audit.formula import check_formula
from mlverify.audit.readers import Formula, read_sheet
from mlverify.engine import Counterexample
from mlverify.errors import MlverifyError, SheetError
from mlverify.latex import Unchecked

STATUSES = ("verified", "refuted", "unchecked", "definition", "ignored")
SHEET_SUFFIXES = (".md", ".markdown", ".txt", ".tex", ".rst", ".ipynb")


@dataclass(frozen=True)
class Finding:
    """The verdict on one statement of a sheet, where its author wrote it.

    ``status`` is one of ``STATUSES``; ``reason`` says why a formula is unchecked, a definition or
    ignored; ``counterexample`` (values and both sides) comes with ``refuted``; ``definitions`` are
    the context formulas it was checked under, so a reader can see what the verdict assumed;
    ``claim`` is a claim id named by a directive (recorded, not yet used).
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

    def to_json(self) -> dict[str, Any]:
        """The finding as ``mlverify check --format json`` prints it (``fix`` is reserved for suggestions)."""
        return {
            "file": self.file, "line": self.line, "column": self.column, "cell": self.cell, "latex": self.latex,
            "section": self.section, "status": self.status,
            "reason": None if self.reason is None else {"category": self.reason.category,
                                                        "message": self.reason.message},
            "claim": self.claim,
            "counterexample": None if self.counterexample is None else self.counterexample.to_json(),
            "fix": None, "layout": self.layout, "definitions": list(self.definitions),
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


def sheet_paths(paths: Iterable[Path | str]) -> tuple[list[Path], list[str]]:
    """The files to read: each path as given, a directory's sheets (by suffix, recursively, sorted).

    A directory without sheets is an error: a mistyped path should not pass as "nothing refuted".
    """
    files: list[Path] = []
    errors: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SHEET_SUFFIXES)
            if not found:
                errors.append(f"{path}: no sheets ({', '.join(SHEET_SUFFIXES)}) in this directory")
            files.extend(found)
        else:
            files.append(path)
    return list(dict.fromkeys(files)), errors


def check_sheets(paths: Sequence[Path | str], *, profile: str = "ci", seed: int | None = None,
                 max_examples: int | None = None) -> Report:
    """Read and check every sheet in ``paths`` (files or directories); see ``Report``."""
    files, errors = sheet_paths(paths)
    findings: list[Finding] = []
    read: list[str] = []
    for path in files:
        try:
            formulas = read_sheet(path)
        except SheetError as error:
            errors.append(str(error).splitlines()[0])
            continue
        read.append(str(path))
        findings.extend(check_statement(s, profile=profile, seed=seed, max_examples=max_examples)
                        for s in statements(formulas))
    return Report(tuple(findings), tuple(errors), tuple(read))


def check_statement(statement: Statement, *, profile: str = "ci", seed: int | None = None,
                    max_examples: int | None = None) -> Finding:
    """The verdict on one statement under its context (definitions and context formulas are not checked)."""
    formula = statement.formula
    directive = (formula.directive or "").strip()
    base = Finding(formula.file, formula.line, formula.column, formula.latex, "unchecked",
                   claim=directive if directive and not statement.ignored else None, section=formula.section,
                   cell=formula.cell)
    if statement.ignored:
        return replace(base, status="ignored",
                       reason=Unchecked("ignored", "an 'mlverify: ignore' directive skips this formula"))
    if statement.kind != "statement":
        return replace(base, status="definition", reason=Unchecked("definition", _context_message(statement)))
    if (word := _conditional_word(formula)) is not None:
        return replace(base, reason=Unchecked("prose", f"the sentence states it as a condition ('{word} ...'), "
                                                       "not as a fact"))
    given = [g.latex for g in statement.given]
    try:
        result = check_formula(formula.latex, given, profile=profile, seed=seed, max_examples=max_examples)
    except MlverifyError as error:  # one formula the notation layer trips over must not end the whole audit
        return replace(base, reason=Unchecked("unsupported", str(error).splitlines()[0]), definitions=tuple(given))
    return replace(base, status=result.status, reason=result.reason, layout=result.layout,
                   counterexample=result.counterexample, definitions=tuple(given))



_CONDITION_WORDS = frozenset({"if", "when", "whenever", "unless", "provided", "assuming", "assume", "suppose",
                              "iff", "until", "while", "whether"})


_QUANTIFIERS = frozenset({"all", "every", "any", "each", "some"})


def _conditional_word(formula: Formula) -> str | None:
    """The word that makes an inline formula a condition, or adds one in prose: "explodes if the largest
    singular value $\\sigma_{max}(U) > 1$", "$\\|QA\\|_F = \\|A\\|_F$ for orthogonal $Q$"."""
    at = formula.context.find(f"${formula.latex}$")
    if formula.display or at < 0:
        return None
    sentence: str = re.split(r"[.;!?]\s", formula.context[:at])[-1]  # since the sentence began
    before: list[str] = [w.lower() for w in re.findall(r"[A-Za-z]+", sentence)]
    if found := next((w for w in before if w in _CONDITION_WORDS), None):
        return found
    rest: str = re.split(r"[.:;!?]\s|[.:;!?]$", formula.context[at + len(formula.latex) + 2:])[0]
    after: list[str] = [w.lower() for w in re.findall(r"[A-Za-z]+", rest)]
    if len(after) >= 2 and after[0] in _CONDITION_WORDS | {"for", "where"} and after[1] not in _QUANTIFIERS:
        return after[0]
    return None


_ASPECT_WORDS = {"definition": "defines", "domain": "states the domain of", "bound": "bounds",
                 "property": "states a property of", "distribution": "states the distribution of"}


def _context_message(statement: Statement) -> str:
    """What a context formula says, e.g. "defines L; context for the formulas after it"."""
    said: dict[str, list[str]] = {}
    for name, aspect in statement.role.subjects:
        said.setdefault(_ASPECT_WORDS.get(aspect, aspect), []).append(name)
    what = "; ".join(f"{words} {', '.join(names)}" for words, names in said.items()) or "gives a function's signature"
    return f"{what}; context for the formulas after it"
