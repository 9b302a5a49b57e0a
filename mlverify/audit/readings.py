"""Readings a sheet leaves open, which make a refutation unsafe.

A formula false under the compiler's reading may be true under the one its author meant: a variable the
context defines read as independent, a labelled quantity the formula only names, the steps of an update rule,
a letter the prose makes a rank, a bound the section states in words. Each function here recognises one such
reading; ``check`` then reports the formula unchecked, saying which reading to make explicit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mlverify.audit.context import plain_bounds
from mlverify.audit.findings import Finding
from mlverify.audit.formula import check_formula
from mlverify.errors import MlverifyError
from mlverify.latex import nodes as n
from mlverify.latex.compile import formula_role, parsed
from mlverify.latex.evaluate import key


def tied_by_definitions(latex: str, given: Sequence[str], profile: str, seed: int | None,
                        max_examples: int | None) -> str:
    """The symbols a refuted derivative names whose context definitions make it false: ``x = \\mu + Lz`` said
    of a sample, then ``\\nabla_\\mu \\log\\mathcal{N}(x \\mid \\mu, \\Sigma)`` of an observation x. Read with
    those symbols free the formula holds, so which reading is meant is the author's to say ("" otherwise)."""
    try:
        node = parsed(latex)
    except MlverifyError:
        return ""
    if not any(isinstance(x, n.Derivative) for x in n.walk(node)):
        return ""
    named = formula_role(latex).symbols
    defined = [g for g in given if any(aspect == "definition" and name in named
                                       for name, aspect in formula_role(g).subjects)]
    if not defined:
        return ""
    free = check_formula(latex, [g for g in given if g not in defined], profile=profile, seed=seed,
                         max_examples=max_examples)
    if free.status != "verified":
        return ""
    return ", ".join(sorted({name for g in defined for name, aspect in formula_role(g).subjects
                             if aspect == "definition" and name in named}))


def section_bounds_on(found: Finding, prose: str) -> list[str]:
    """The plain-text bounds the section's prose states on variables of a counterexample, each once ("α is a
    fixed hyperparameter (0 < α < 1 for leaky ReLU, α > 0 for ELU)" gives both)."""
    cex = found.counterexample
    if cex is None or not prose:
        return []
    return list(dict.fromkeys(latex for name, latex, _ in plain_bounds(prose)
                              if name in cex.values and isinstance(cex.values[name], float | int)))


def named_quantity(latex: str, given: Sequence[str]) -> str:
    """The labelled name (``C_{\\mathrm{out}}``, read as C_out) a side is a quantity of, alone, when the other side
    does not use it and no context formula is about it: ``|\\theta_{\\mathrm{sep}}| = k^2 C_{\\mathrm{in}} +
    C_{\\mathrm{in}}C_{\\mathrm{out}}`` counts the parameters it names ("" otherwise). A label says the author
    names a quantity; a plain letter alone on one side is far more often a variable of a wrong identity."""
    try:
        node = parsed(latex)
    except MlverifyError:
        return ""
    if not isinstance(node, n.Relation) or node.operators != ("=",):
        return ""
    about = {name for g in given for name, _ in formula_role(g).subjects}
    left, right = ({key(x) for x in n.walk(side) if isinstance(x, n.Symbol)} - {"I"} for side in node.operands)
    for side, other in ((left, right), (right, left)):
        if len(side) == 1 and other and not side & other and not side & about and _LABELLED.match(name := min(side)):
            return name
    return ""


_LABELLED = re.compile(r"^\w+_[A-Za-z]{2,}$")


def steps_apart(latex: str, given: Sequence[str]) -> bool:
    """Whether one side speaks only of numbered steps (``\\theta_1 - \\theta_0``) and shares no symbol with the
    other, even through the context formulas about them: the steps are what an update rule makes them, and
    drawn freely they refute "the first Adam step has size eta"."""
    try:
        node = parsed(latex)
    except MlverifyError:
        return False
    if not isinstance(node, n.Relation) or len(node.operands) != 2:
        return False
    roles = [formula_role(g) for g in given]

    def reach(side: n.Node) -> set[str]:
        found = {key(x) for x in n.walk(side) if isinstance(x, n.Symbol)}
        grown = True
        while grown:
            grown = False
            for role in roles:
                if {name for name, _ in role.subjects} & found and not role.symbols <= found:
                    found |= role.symbols
                    grown = True
        return found

    def numbered_steps_only(side: n.Node) -> bool:
        steps = [x for x in n.walk(side) if isinstance(x, n.Indexed) and isinstance(x.base, n.Symbol)
                 and all(isinstance(i, n.Number) and i.text.isdigit() for i in x.indices)]
        bases = {id(x.base) for x in steps}
        return bool(steps) and all(id(x) in bases for x in n.walk(side) if isinstance(x, n.Symbol))

    left, right = (reach(side) for side in node.operands)
    return bool(left) and bool(right) and not left & right and any(map(numbered_steps_only, node.operands))


def quantity_said_of(found: Finding, prose: str) -> tuple[str, str] | None:
    """A letter of the counterexample that the prose makes a quantity of something else ("M of rank r",
    "r is the rank of M", "condition number k"): drawn freely, it can take values that quantity never has."""
    cex = found.counterexample
    plain = re.sub(r"\$[^$]*\$", " ", prose)
    for m in [*_QUANTITY_THEN_LETTER.finditer(plain), *_LETTER_THEN_QUANTITY.finditer(plain)]:
        letter, quantity = (m.group(2), m.group(1)) if m.re is _QUANTITY_THEN_LETTER else m.group(1, 2)
        if cex is not None and letter in cex.values:
            return letter, quantity.lower()
    return None


_QUANTITIES = r"rank|condition\s+number|number\s+of\s+(?:rows|columns|non-?zero\s+\w+|classes|layers)"
_QUANTITY_THEN_LETTER = re.compile(rf"\b({_QUANTITIES})\s+([A-Za-z])(?![\w(])", re.IGNORECASE)
_LETTER_THEN_QUANTITY = re.compile(
    rf"(?<![\w\\])([A-Za-z])\s*(?:,\s*)?(?:is\s+|be\s+|denotes\s+)?the\s+({_QUANTITIES})\b", re.IGNORECASE)
