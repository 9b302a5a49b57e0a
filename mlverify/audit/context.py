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
- context applies within its own section; only the domains, bounds, properties and distributions of a
  section that states nothing to check (a notation section) serve the later ones, unless a section says
  again what the symbol is. Sheets reuse short
  names (``f``, ``X``, ``y``) for new things in every section, and an old definition wrongly applied
  refutes a true formula;
- a definition of a name already defined replaces it: "now let ``L(w) = ...``" is a definition, not a
  claim checked against the earlier one; a chain ``f(x) = \\tanh(x) = ...`` names a new f too;
- a formula with an ``ignore`` directive is not read at all, not even as context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from mlverify.audit.readers import Formula, split_rows
from mlverify.latex import Role, formula_role
from mlverify.latex.compile import named_layouts, stated_layout


@dataclass(frozen=True)
class Statement:
    """One formula of a sheet, how it reads (``role``) and, for a statement, the context formulas it uses.

    ``given`` is in reading order (the compiler lets a later context formula win) and holds only
    context whose names the statement reaches.
    """

    formula: Formula
    role: Role
    given: tuple[Formula, ...] = ()
    layout: str | None = None  # the derivative layout its section names in words, if one
    elsewhere: tuple[str, ...] = ()  # names it uses that only another section defines

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
    rows: list[Formula] = []
    said: set[int] = set()  # properties said in words, read as context formulas but never reported
    for formula in formulas:
        for row in split_rows(formula):
            rows.append(row)
            for latex in _properties_in_words(row):
                said.add(len(rows))
                rows.append(replace(row, latex=latex, directive=None))
    # "only holds at $x = 0$" restricts one sentence, it defines nothing
    roles = [Role("statement") if is_ignored(row) or _word_before(row) in _INTRODUCES_A_CONDITION
             else formula_role(row.latex) for row in rows]
    scope: list[_Entry] = []
    out: dict[int, Statement] = {}
    # Sections that only set notation (no statement) serve the whole sheet; others keep their symbols.
    notation = {row.section for row in rows} - {row.section for row, role in zip(rows, roles, strict=True)
                                                if role.kind == "statement"}
    for order in _reading_order(rows, roles):
        row, role = rows[order], roles[order]
        if is_ignored(row):
            out[order] = Statement(row, role)
            continue
        if role.kind == "statement":
            given = _given(row, role, scope, notation)
            out[order] = Statement(row, role, given, _section_layout(rows, order),
                                   _defined_elsewhere(row, given, scope, role))
            if role.introduces:  # f(x) = tanh(x) = ...: the old f no longer applies, and this chain gives no body
                shadow = Role("definition", tuple((name, "definition") for name in role.introduces))
                scope.append(_Entry(row, shadow, order, passed=False))
        else:
            out[order] = Statement(row, role)
            scope.append(_Entry(row, role, order))
    return [out[k] for k in sorted(out) if k not in said]


_PROPERTY_PHRASES = (  # longest first: "symmetric positive definite" is not just "symmetric"
    (r"symmetric positive[ -]definite|positive[ -]definite|spd", r"{x} \succ 0"),
    (r"positive[ -]semi-?definite|psd", r"{x} \succeq 0"),
    (r"symmetric", r"{x} = {x}^\top"),
    (r"orthogonal", r"{x}^\top {x} = I"),
    (r"invertible|non-?singular", r"\det {x} \neq 0"),
    (r"convex", r"{x} \text{{ convex}}"),
    (r"concave", r"{x} \text{{ concave}}"),
)
_NAMED = re.compile(r"^\s*((?:\\mathbf\{|\\boldsymbol\{|\\bm\{)?[A-Za-z]\}?)\s*(?:\\in\b.*)?$")


def _properties_in_words(formula: Formula) -> list[str]:
    """"Let $A \\in \\mathbb{R}^{n \\times n}$ be symmetric positive definite", "$f$ is convex": the
    property said of a symbol, as the formula the compiler reads (``A \\succ 0``, ``f \\text{ convex}``)."""
    named = _NAMED.match(formula.latex)
    around = formula.prose_around()
    if named is None or around is None:
        return []
    if set(sentence_before(formula)) & (_INTRODUCES_A_CONDITION | {"suppose", "assume", "assuming"}):
        return []  # "if $f$ is convex and ..." supposes, it does not state
    after = around[1][:60].lower()
    words = re.match(r"\s*,?\s*(?:is|be|are)\s+(?:both\s+|also\s+|a\s+|an\s+)*(.*)", after)
    if words is None:
        return []
    for phrase, template in _PROPERTY_PHRASES:
        if re.match(rf"(?:{phrase})\b", words.group(1)):
            return [template.format(x=named.group(1))]
    return []


_FORWARD_WORDS = frozenset({"where", "with", "here"})
_INTRODUCES_A_CONDITION = frozenset({"at", "if", "when", "whenever", "unless", "iff"})  # "... at $x = 0$"


def _section_layout(rows: Sequence[Formula], index: int) -> str | None:
    """"In this section we use numerator layout": the last layout named in the prose of the section up
    to the formula (its own sentence included), else in its heading; right in another layout is wrong as
    written."""
    section = rows[index].section
    named = set()
    for row in reversed(rows[:index + 1]):
        if row.section != section:
            break
        named |= named_layouts(row.context)
    if len(named) > 1:  # "we use numerator layout ... sometimes denominator layout is used": both stay open
        return None
    return named.pop() if named else stated_layout(section or "")  # "## 2. Matrix derivatives (denominator layout)"


def _reading_order(rows: Sequence[Formula], roles: Sequence[Role]) -> list[int]:
    """Reading order, except that context introduced by "where" ("..., where $p = \\sigma(Xw)$") is read
    before the statement just before it, which it serves."""
    order = list(range(len(rows)))
    forward: set[int] = set()
    for k, row in enumerate(rows):
        word = _word_before(row)
        chained = word in ("and", None) and k - 1 in forward and row.line - rows[k - 1].line <= 1  # where A and B
        if roles[k].kind == "statement" or (word not in _FORWARD_WORDS and not chained):
            continue
        forward.add(k)
        position = order.index(k)
        previous = order[position - 1] if position else None  # ", where $...$" follows the statement it serves
        if previous is not None and rows[previous].section == row.section and (
                roles[previous].kind == "statement" or previous in forward):
            back = position - 1
            while back > 0 and order[back] in forward:
                back -= 1
            order.insert(back, order.pop(position))
    return order


def sentence_before(formula: Formula) -> list[str]:
    """The words (lower case) of the sentence an inline formula stands in, up to the formula."""
    around = formula.prose_around()
    sentence = re.split(r"[.;!?]\s", around[0])[-1] if around else ""
    return [w.lower() for w in re.findall(r"[A-Za-z]+", sentence)]


def _word_before(formula: Formula) -> str | None:
    prose = around[0] if (around := formula.prose_around()) else ""
    words = re.findall(r"[A-Za-z]+", prose[-30:])
    return words[-1].lower() if words and not prose.rstrip().endswith("$") else None


def _given(row: Formula, role: Role, scope: Sequence[_Entry], notation: set[str | None]) -> tuple[Formula, ...]:
    """The context ``row`` reaches: its section's, nearest first, then that of notation sections."""
    own = [e for e in reversed(scope) if e.formula.section == row.section]
    named_here = {name for e in own for name, _ in e.role.subjects}  # a section that says what X is owns X
    ordered = own + [e for e in reversed(scope) if e.formula.section != row.section and e.role.kind != "definition"
                     and e.formula.section in notation and not {name for name, _ in e.role.subjects} & named_here]
    taken = {(name, "definition") for name in role.introduces}
    visible: list[_Entry] = []
    for entry in ordered:
        fresh = [s for s in entry.role.subjects if s not in taken]
        if fresh:
            visible.append(entry)
            taken.update(s for s in fresh if s[1] != "domain")  # y in {0,1}^K and sum_k y_k = 1 both hold
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


def _defined_elsewhere(row: Formula, given: Sequence[Formula], scope: Sequence[_Entry], role: Role) -> tuple[str, ...]:
    """Names the statement reaches that only another section defines (p = \\sigma(Xw) two sections up):
    read as free constants they could refute a true formula, so the statement is left unchecked."""
    reached = set(role.symbols) | {name for g in given for name in formula_role(g.latex).symbols}
    defined_here = {name for g in given for name, aspect in formula_role(g.latex).subjects if aspect == "definition"}
    return tuple(sorted({name for e in scope if e.formula.section != row.section and e.role.kind == "definition"
                         for name, aspect in e.role.subjects
                         if aspect == "definition" and name in reached and name not in defined_here}))
