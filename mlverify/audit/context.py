"""A sheet's formulas -> ``Statement`` objects, each with the context it is checked under.

A sheet defines symbols (``L(w) = ...``, ``p = \\sigma(Xw)``), states their domains (``x \\in \\mathbb{R}^n``,
``X \\sim ...``), bounds (``t < 1/\\beta``) and properties (``f \\text{ convex}``) before it states facts about
them; a fact checked without them would be unchecked or, worse, refuted. Which formula is context is
decided by the compiler's own reading of ``given`` formulas (``mlverify.latex.formula_role``), so the two
cannot disagree.

The rules, kept simple on purpose:

- context is read in reading order; for a statement, context from its own section comes first, nearest first,
  then the earlier sections', nearest first; a nearer formula fixing the same aspect (definition, domain,
  bound, property, distribution) of the same name replaces a farther one;
- only the context a statement reaches is passed on: context about a name it mentions, then, in turn, context
  about the names that context mentions; unrelated context cannot make it unchecked;
- definitions apply within their own section only; domains, bounds, properties and distributions also apply
  in later sections. Sheets reuse short names (``f``, ``y``) for new things in every section, and an old
  definition wrongly applied refutes a true formula; a stray domain at worst leaves one unchecked;
- a definition of a name already defined replaces it: "now let ``L(w) = ...``" is a definition, not a
  claim checked against the earlier one; a chain ``f(x) = \\tanh(x) = ...`` names a new f too;
- a formula with an ``ignore`` directive is not read at all, not even as context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mlverify.audit.readers import Formula, split_rows
from mlverify.latex import Role, formula_role


@dataclass(frozen=True)
class Statement:
    """One formula of a sheet, how it reads (``role``) and, for a statement, the context formulas it uses.

    ``given`` is in reading order (the compiler lets a later context formula win) and holds only
    context whose names the statement reaches.
    """

    formula: Formula
    role: Role
    given: tuple[Formula, ...] = ()

    @property
    def kind(self) -> str:
        """``statement`` (to check), ``definition`` or ``context`` (nothing to check)."""
        return self.role.kind

    @property
    def ignored(self) -> bool:
        return is_ignored(self.formula)


def is_ignored(formula: Formula) -> bool:
    """The author asked the audit to skip this formula (``mlverify: ignore``, maybe followed by why)."""
    return (formula.directive or "").split(maxsplit=1)[:1] == ["ignore"]


@dataclass(frozen=True)
class _Entry:
    formula: Formula
    role: Role
    order: int
    passed: bool = True  # False: it only hides earlier definitions of its names


def statements(formulas: Sequence[Formula]) -> list[Statement]:
    """One sheet's formulas (as ``read_sheet`` gives them) -> one ``Statement`` per row, in reading order."""
    rows = [row for formula in formulas for row in split_rows(formula)]
    scope: list[_Entry] = []
    out: list[Statement] = []
    for order, row in enumerate(rows):
        if is_ignored(row):
            out.append(Statement(row, Role("statement")))
            continue
        role = formula_role(row.latex)
        if role.kind == "statement":
            out.append(Statement(row, role, _given(row, role, scope)))
            if role.introduces:  # f(x) = tanh(x) = ...: the old f no longer applies, and this chain gives no body
                shadow = Role("definition", tuple((name, "definition") for name in role.introduces))
                scope.append(_Entry(row, shadow, order, passed=False))
        else:
            out.append(Statement(row, role))
            scope.append(_Entry(row, role, order))
    return out


def _given(row: Formula, role: Role, scope: Sequence[_Entry]) -> tuple[Formula, ...]:
    """The context ``row`` reaches: nearest first for replacing, then back in reading order."""
    ordered = [e for e in reversed(scope) if e.formula.section == row.section] + [
        e for e in reversed(scope) if e.formula.section != row.section and e.role.kind != "definition"]
    taken = {(name, "definition") for name in role.introduces}
    visible: list[_Entry] = []
    for entry in ordered:
        fresh = [s for s in entry.role.subjects if s not in taken]
        if fresh:
            visible.append(entry)
            taken.update(fresh)
    reached = set(role.symbols)
    chosen: list[_Entry] = []
    changed = True
    while changed:
        changed = False
        for entry in visible:
            if entry not in chosen and any(name in reached for name, _ in entry.role.subjects):
                chosen.append(entry)
                reached |= entry.role.symbols
                changed = True
    return tuple(e.formula for e in sorted(chosen, key=lambda e: e.order) if e.passed)
