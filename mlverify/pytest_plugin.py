"""pytest plugin: ``pytest --mlverify-sheets docs/`` makes every formula of the sheets a test item.

A course's test suite can then hold its notes to the same standard as its code: a refuted
formula fails with its counterexample, an unchecked one is skipped with the reason (or fails
with ``--mlverify-fail-on unchecked``), and the items run under pytest-xdist like any other.
The audit is imported only when sheets are asked for, so the plugin costs nothing otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mlverify.audit.context import Statement

_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".tex", ".rst", ".ipynb"})


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mlverify", "check the formulas of course sheets")
    group.addoption("--mlverify-sheets", action="append", default=[], metavar="PATH",
                    help="sheet files or directories whose formulas become test items")
    group.addoption("--mlverify-fail-on", choices=("refuted", "unchecked"), default="refuted",
                    help="fail refuted formulas only (default), or unchecked ones too")
    group.addoption("--mlverify-examples", type=int, default=None, metavar="N",
                    help="examples per formula (default: the ci profile's)")
    group.addoption("--mlverify-no-cache", action="store_true",
                    help="check every formula again instead of reusing verdicts cached in .mlverify_cache")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    sheets = config.getoption("mlverify_sheets")
    if sheets:  # collect the sheets along with whatever else was asked for
        config.args.extend(str(Path(p)) for p in sheets if str(Path(p)) not in config.args)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    roots = [Path(p).resolve() for p in parent.config.getoption("mlverify_sheets")]
    if not roots or file_path.suffix.lower() not in _SUFFIXES:
        return None
    resolved = file_path.resolve()
    if any(resolved == root or root in resolved.parents for root in roots):
        return SheetFile.from_parent(parent, path=file_path)
    return None


class SheetFile(pytest.File):
    """A sheet: one item per formula that states something (definitions are context, not tests)."""

    def collect(self) -> Iterator[pytest.Item]:
        from mlverify.audit.context import statements
        from mlverify.audit.readers import read_sheet
        from mlverify.errors import SheetError

        try:
            formulas = read_sheet(self.path)
        except SheetError as error:
            raise self.CollectError(str(error)) from None
        for statement in statements(formulas):
            if statement.kind == "statement" and not statement.ignored:
                formula = statement.formula
                name = f"{formula.line}:{formula.column} {' '.join(formula.latex.split())[:60]}"
                yield FormulaItem.from_parent(self, name=name, statement=statement)


class FormulaItem(pytest.Item):
    """One formula, checked under the context its sheet gives it."""

    def __init__(self, *, statement: Statement, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.statement = statement

    def runtest(self) -> None:
        from mlverify.audit.cache import VerdictCache
        from mlverify.audit.check import check_statement

        cache = None if self.config.getoption("mlverify_no_cache") else VerdictCache(
            self.config.rootpath / ".mlverify_cache")
        finding = check_statement(self.statement, max_examples=self.config.getoption("mlverify_examples"), cache=cache)
        if finding.status == "refuted":
            raise FormulaFailedError(finding)
        if finding.status == "unchecked":
            reason = f"unchecked ({finding.reason.category}): {finding.reason.message}" if finding.reason \
                else "unchecked"
            if self.config.getoption("mlverify_fail_on") == "unchecked":
                raise FormulaFailedError(finding, reason)
            pytest.skip(reason)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, FormulaFailedError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        formula = self.statement.formula
        return self.path, formula.line - 1, f"{formula.file}:{formula.line}:{formula.column}"


class FormulaFailedError(Exception):
    """A formula the audit refuted (or left unchecked under ``--mlverify-fail-on unchecked``)."""

    def __init__(self, finding: Any, reason: str | None = None) -> None:
        lines = [f"{finding.file}:{finding.line}:{finding.column}: {finding.latex}"]
        example = finding.counterexample
        if reason is not None:
            lines.append(reason)
        elif example is not None:
            values = ", ".join(f"{k} = {v}" for k, v in example.shown.items())
            lines += [f"refuted at {values}", f"  left side:  {example.lhs}", f"  right side: {example.rhs}",
                      f"  reproduce: {example.reproduce}"]
        if getattr(finding, "fix", None):
            lines.append(f"  fix: {finding.fix}")
        super().__init__("\n".join(lines))
