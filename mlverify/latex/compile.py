"""Formula -> numerical property for the engine, or a precise reason why it cannot be checked.

``compile_formula`` parses a statement (and the ``given`` formulas that define its symbols or
state their domains), infers kinds and shapes, draws every free symbol from a domain built
from its shape, and wraps the evaluator (``evaluate.py``) in a property returning evidence.
A formula whose derivative depends on the layout convention compiles to one property per
layout; ``check_formula`` verifies each and says which layout (if any) makes it true.
Examples outside the formula's domain are rejected, never reported as counterexamples.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import hypothesis
import numpy as np

from mlverify.domains import (
    Dim,
    Domain,
    Integer,
    Label,
    LabelVector,
    Matrix,
    Real,
    SimplexPoint,
    SymmetricMatrix,
    Vector,
)
from mlverify.errors import LatexError
from mlverify.latex import nodes as n
from mlverify.latex.evaluate import Env, FunctionDef, NotEvaluableError, OutsideDomainError, evaluate, key, plain
from mlverify.latex.parser import parse
from mlverify.latex.shapes import Kind as ShapeKind
from mlverify.latex.shapes import LayoutDependent, Typing, infer
from mlverify.properties import (
    Accuracy,
    Evidence,
    Kind,
    Quantifier,
    Status,
    all_of,
    at_least,
    at_most,
    equal,
    not_equal,
)

CATEGORIES = ("unknown_notation", "free_function", "prose", "approximation", "definition", "garbled", "shapes",
              "unsupported")
_PARSE_CATEGORIES = {"unknown_command": "unknown_notation", "text": "prose", "shapes": "shapes",
                     "unsupported": "unsupported"}
_CHECKABLE = ("=", "!=", "<", "<=", ">", ">=")
_KNOWN_FUNCTIONS = frozenset({
    "exp", "log", "sqrt", "sigmoid", "tanh", "relu", "softplus", "sin", "cos", "tan", "sinh", "cosh", "coth",
    "sech", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "elu", "abs", "sign", "logit", "swish", "silu",
    "max", "min", "softmax", "logsumexp", "tr", "det", "diag", "KL",
})


@dataclass(frozen=True)
class Unchecked:
    """Why a formula cannot be checked; ``category`` is one of ``CATEGORIES``."""

    category: str
    message: str
    column: int | None = None


@dataclass(frozen=True)
class FormulaProperty:
    """A compiled formula, ready for ``mlverify.engine.verify`` (the engine's Checkable protocol)."""

    id: str
    statement: str
    variables: Mapping[str, Domain]
    check: Callable[..., Evidence]
    kind: Kind
    accuracy: Accuracy
    quantifier: Quantifier = Quantifier.FORALL
    layout: str | None = None
    expected: Status = Status.VERIFIED


@dataclass(frozen=True)
class Compiled:
    """One property, or one per layout when the formula has a matrix/vector derivative."""

    properties: tuple[FormulaProperty, ...]
    typing: Typing


class _StopError(Exception):
    def __init__(self, reason: Unchecked) -> None:
        super().__init__(reason.message)
        self.reason = reason


def _parse(latex: str, where: str = "") -> n.Node:
    try:
        return parse(latex)
    except LatexError as exc:
        category = _PARSE_CATEGORIES.get(exc.category, "garbled")
        raise _StopError(Unchecked(category, f"{where}{exc}", exc.column)) from None


def _walk(node: n.Node) -> list[n.Node]:
    out: list[n.Node] = []
    stack: list[n.Node] = [node]
    while stack:
        item = stack.pop()
        out.append(item)
        slots: tuple[str, ...] = item.__slots__
        for slot in slots:
            value = getattr(item, slot)
            for child in value if isinstance(value, tuple) else (value,):
                if isinstance(child, n.Node):
                    stack.append(child)
                elif isinstance(child, tuple):
                    stack.extend(c for c in child if isinstance(c, n.Node))
    return out


# -- given: definitions and domain statements -------------------------------------------------
@dataclass
class _Given:
    functions: dict[str, FunctionDef]
    stated: dict[str, str]  # symbol -> "simplex" / "symmetric" / "labels01" / "labels-11" / "integer"
    bounds: dict[str, tuple[float | None, float | None]]


def _definition(node: n.Node) -> tuple[str, FunctionDef] | None:
    """``f(x, y) = body``, ``f(x) := body``, ``z = body`` read as a definition."""
    if isinstance(node, n.Definition):
        left, right = (node.right, node.left) if node.form == "=:" else (node.left, node.right)
    elif isinstance(node, n.Relation) and node.operators == ("=",):
        left, right = node.operands
    else:
        return None
    if isinstance(left, n.Apply) and all(isinstance(a, n.Symbol) for a in left.args) and not left.subscript:
        params = tuple(key(a) for a in left.args if isinstance(a, n.Symbol))
        if len(set(params)) == len(params) and left.function not in _KNOWN_FUNCTIONS:
            return left.function, FunctionDef(params, right)
    if isinstance(left, n.Symbol) and not left.bold:
        return key(left), FunctionDef((), right)
    return None


def _number(node: n.Node) -> float | None:
    try:
        value = plain(evaluate(node, Env({})))
    except (NotEvaluableError, OutsideDomainError, ValueError):
        return None
    return float(value) if np.ndim(value) == 0 else None


def _read_given(formulas: Sequence[n.Node]) -> _Given:
    given = _Given({}, {}, {})
    stack = list(formulas)
    while stack:
        node = stack.pop(0)
        if isinstance(node, n.Statements):
            stack[:0] = list(node.items)
            continue
        if isinstance(node, n.Relation) and (parts := _comma_separated(node)):
            stack[:0] = parts
            continue
        if isinstance(node, n.Relation) and node.operators == ("=",) and (name := _normalised(node)):
            given.stated[name] = "simplex"
            continue
        if isinstance(node, n.Membership) and isinstance(node.element, n.Symbol) and not node.negated:
            _membership(key(node.element), node.set, given)
            continue
        if isinstance(node, n.Relation) and all(op in ("<", "<=", ">", ">=") for op in node.operators):
            _bounds(node, given)
            continue
        if isinstance(node, n.Relation) and node.operators == ("=",) and _is_symmetry(node):
            given.stated[key(node.operands[0])] = "symmetric"  # type: ignore[arg-type]
            continue
        found = _definition(node)
        if found is not None:
            given.functions[found[0]] = found[1]
    return given


def _comma_separated(node: n.Relation) -> list[n.Node]:
    r"""``y_i \ge 0,\ \sum_i y_i = 1`` reads as one chain whose middle operand is the bare
    pair ``(0, \sum_i y_i)``; conditions listed with commas are separate relations."""
    for k, operand in enumerate(node.operands):
        if 0 < k < len(node.operands) - 1 and isinstance(operand, n.TupleLiteral) and not operand.delimiter:
            left = n.Relation((*node.operands[:k], operand.items[0]), node.operators[:k])
            right = n.Relation((operand.items[-1], *node.operands[k + 1:]), node.operators[k:])
            return [left, *operand.items[1:-1], right]
    return []


def _normalised(node: n.Relation) -> str | None:
    r"""``\sum_i p_i = 1`` states that p is a probability vector (with p_i >= 0 implied by sheets)."""
    total, one = node.operands
    if isinstance(one, n.Sum):
        total, one = one, total
    if not (isinstance(total, n.Sum) and _number(one) == 1.0 and isinstance(total.body, n.Indexed)):
        return None
    body = total.body
    if isinstance(body.base, n.Symbol) and len(body.indices) == 1 and body.indices[0] == total.index:
        return key(body.base)
    return None


def _is_symmetry(node: n.Relation) -> bool:
    a, b = node.operands
    return isinstance(a, n.Symbol) and isinstance(b, n.Transpose) and b.operand == a


def _membership(name: str, space: n.Node, given: _Given) -> None:
    base = space.base if isinstance(space, n.Power) else space
    if isinstance(base, n.Indexed):
        base = base.base
    if isinstance(base, n.Symbol) and (base.name == "Delta" or (base.font == "bb" and base.name == "S")):
        given.stated[name] = "simplex" if base.name == "Delta" else "symmetric"
    elif isinstance(space, n.SetLiteral):
        values = {_number(i) for i in space.items}
        if values == {0.0, 1.0}:
            given.stated[name] = "labels01"
        elif values == {-1.0, 1.0}:
            given.stated[name] = "labels-11"
    elif isinstance(space, n.Interval):
        given.bounds[name] = (_number(space.lower), _number(space.upper))
    elif isinstance(space, n.NumberSet) and space.name in ("N", "Z") and not space.dims:
        given.stated[name] = "integer"


def _bounds(node: n.Relation, given: _Given) -> None:
    for (a, b), op in zip(zip(node.operands, node.operands[1:], strict=False), node.operators, strict=True):
        if op in (">", ">="):
            a, b = b, a
        if isinstance(a, n.Symbol) and (value := _number(b)) is not None:
            lo, _ = given.bounds.get(key(a), (None, None))
            given.bounds[key(a)] = (lo, value)
        elif isinstance(b, n.Symbol) and (value := _number(a)) is not None:
            _, hi = given.bounds.get(key(b), (None, None))
            given.bounds[key(b)] = (value, hi)


# -- domains ----------------------------------------------------------------------------------
def _demands(statement: n.Node, bodies: Sequence[n.Node]) -> tuple[set[str], set[str]]:
    """Symbols that are directly the argument of log / sqrt (positive) or a denominator (non-zero)."""
    positive: set[str] = set()
    nonzero: set[str] = set()
    for root in (statement, *bodies):
        for node in _walk(root):
            if isinstance(node, n.Apply) and node.function in ("log", "sqrt") and len(node.args) == 1:
                arg = node.args[0]
                arg = arg.base if isinstance(arg, n.Indexed) else arg
                if isinstance(arg, n.Symbol):
                    positive.add(key(arg))
            elif isinstance(node, n.Sqrt) and isinstance(node.operand, n.Symbol):
                positive.add(key(node.operand))
            elif isinstance(node, n.BinaryOp) and node.op == "/" and isinstance(node.right, n.Symbol):
                nonzero.add(key(node.right))
            elif isinstance(node, n.Inverse) and isinstance(node.operand, n.Symbol):
                nonzero.add(key(node.operand))
    return positive, nonzero


def _domains(names: Sequence[str], typing: Typing, given: _Given, positive: set[str],
             nonzero: set[str]) -> dict[str, Domain]:
    dims: dict[str, Dim] = {}

    def dim(term: str | int) -> Dim:
        name = f"_{term}" if isinstance(term, int) else "".join(c if c.isalnum() else "_" for c in str(term))
        if name not in dims:
            dims[name] = Dim(name, term, term) if isinstance(term, int) else Dim(name, 1, 4)
        return dims[name]

    out: dict[str, Domain] = {}
    for name in names:
        shape, stated = typing.symbols[name].shape, given.stated.get(name)
        if len(shape) == 2:
            square = shape[0] == shape[1]
            out[name] = (SymmetricMatrix(dim(shape[0])) if stated == "symmetric" and square
                         else Matrix(dim(shape[0]), dim(shape[1]), min=-3, max=3))
        elif len(shape) == 1:
            d = dim(shape[0])
            out[name] = (SimplexPoint(d) if stated == "simplex" else
                         LabelVector(d, (0, 1)) if stated == "labels01" else
                         LabelVector(d, (-1, 1)) if stated == "labels-11" else
                         Vector(d, min=1e-3 if name in positive else -3, max=3))
        else:
            out[name] = _scalar(name, given, positive, nonzero)
    for term in typing.dims:  # n in \sum_{i=1}^n i: a dimension no variable carries is an integer
        if term not in {d for name in names for d in typing.symbols[name].shape} and term not in out:
            out[term] = Integer(1, 6)
    return out


def _scalar(name: str, given: _Given, positive: set[str], nonzero: set[str]) -> Domain:
    stated = given.stated.get(name)
    if stated == "labels01":
        return Label((0, 1))
    if stated == "labels-11":
        return Label((-1, 1))
    if stated == "integer":
        return Integer(0, 10)
    lo, hi = given.bounds.get(name, (None, None))
    low = max(lo if lo is not None else -5.0, 1e-3 if name in positive else -5.0)
    high = hi if hi is not None else max(5.0, low + 5.0)
    if low >= high:
        high = low + 1.0
    open_lo, open_hi = lo is not None and low == lo, hi is not None
    return Real(low, high, open_min=open_lo, open_max=open_hi, min_abs=1e-3 if name in nonzero and low < 0 else 0.0)


# -- the property -------------------------------------------------------------------------------
def _evidence(op: str, a: Any, b: Any) -> Evidence:
    if op == "=":
        return equal(a, b)
    if op == "!=":
        return not_equal(a, b)
    if op == "<=":
        return at_most(a, b)
    if op == ">=":
        return at_least(a, b)
    if op == "<":
        return all_of(at_most(a, b), not_equal(a, b))
    return all_of(at_least(a, b), not_equal(a, b))


def _sizes(values: Mapping[str, Any], typing: Typing) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for name, value in values.items():
        symbol = typing.symbols.get(name)
        if symbol is not None:
            for term, size in zip(symbol.shape, np.shape(value), strict=False):
                sizes[str(term)] = int(size)
        elif name in typing.dims:
            sizes[name] = int(value)
    return sizes


def _make_check(relation: n.Relation, functions: Mapping[str, FunctionDef], typing: Typing,
                layout: str | None) -> Callable[..., Evidence]:
    def check(**values: Any) -> Evidence:
        env = Env(values, functions, _sizes(values, typing), layout or "denominator")
        try:
            sides = [evaluate(o, env) for o in relation.operands]
        except OutsideDomainError:
            hypothesis.reject()
        parts = [_evidence(op, plain(sides[k], sides[k + 1]), plain(sides[k + 1], sides[k]))
                 for k, op in enumerate(relation.operators)]
        return parts[0] if len(parts) == 1 else all_of(*parts)

    return check


def _trial(check: Callable[..., Evidence], variables: Mapping[str, Domain], typing: Typing) -> None:
    """Evaluate once on a fixed example so unsupported notation is reported before any search."""
    rng = np.random.default_rng(0)
    values: dict[str, Any] = {}
    for name, domain in variables.items():
        shape = tuple(2 if not isinstance(d, int) else d for d in typing.symbols[name].shape) \
            if name in typing.symbols else ()
        values[name] = 3 if isinstance(domain, Integer) else (
            float(rng.uniform(0.3, 0.9)) if not shape else rng.uniform(0.3, 0.9, shape) / (2 if len(shape) == 1 else 1))
    try:
        check(**values)
    except NotEvaluableError as exc:
        raise _StopError(Unchecked(exc.category, exc.message)) from None
    except (OutsideDomainError, hypothesis.errors.UnsatisfiedAssumption):
        return
    except (ValueError, ArithmeticError) as exc:
        raise _StopError(Unchecked("shapes", f"the formula cannot be evaluated: {exc}")) from None


def compile_formula(latex: str, given: Sequence[str] = ()) -> Compiled | Unchecked:
    """Compile a statement (with ``given`` context) into properties, or say why it cannot be checked."""
    try:
        return _compile(latex, given)
    except _StopError as stop:
        return stop.reason


def _compile(latex: str, given_texts: Sequence[str]) -> Compiled:
    statement = _parse(latex)
    given_nodes = [_parse(text, f"given formula {k + 1}: ") for k, text in enumerate(given_texts)]
    given = _read_given(given_nodes)
    relation = _statement(statement, given)
    try:
        typing = infer(statement, given_nodes)
    except LatexError as exc:
        raise _StopError(Unchecked("shapes", str(exc), exc.column)) from None
    used = _used_definitions(statement, given.functions)
    free = [f for f in typing.functions if f not in given.functions and f not in _KNOWN_FUNCTIONS]
    if free:
        raise _StopError(Unchecked("free_function", f"{free[0]} is a function the formula does not define; state it "
                                               f"in given (e.g. {free[0]}(x) = ...)"))
    names = _variables(statement, used, typing)
    positive, nonzero = _demands(statement, [d.body for d in used.values()])
    variables = _domains(names, typing, given, positive, nonzero)
    has_derivative = any(isinstance(x, n.Derivative) for root in (statement, *(d.body for d in used.values()))
                         for x in _walk(root))
    layouts: tuple[str | None, ...] = (None,)
    if _layout_dependent(typing):
        stated = stated_layout(latex, given_texts)
        layouts = (stated,) if stated else ("numerator", "denominator")
    kind = Kind.IDENTITY if all(op == "=" for op in relation.operators) else Kind.INEQUALITY
    accuracy = Accuracy.DERIVATIVE if has_derivative else Accuracy.EXACT
    properties = []
    for layout in layouts:
        check = _make_check(relation, used, typing, layout)
        _trial(check, variables, typing)
        properties.append(FormulaProperty(f"formula[{layout}]" if layout else "formula", latex, variables, check,
                                          kind, accuracy, layout=layout))
    return Compiled(tuple(properties), typing)


_STATED_LAYOUT = re.compile(r"\b(numerator|denominator)[\s~-]+layout", re.IGNORECASE)


def stated_layout(latex: str, given: Sequence[str] = ()) -> str | None:
    """The layout a sheet names in words next to the formula ("(denominator layout)").

    A formula stated in one layout is only checked in that layout: right in the other one
    is still wrong as written. Two different named layouts leave the choice open.
    """
    named = {m.group(1).lower() for text in (latex, *given) for m in _STATED_LAYOUT.finditer(text)}
    return named.pop() if len(named) == 1 else None


def _statement(node: n.Node, given: _Given) -> n.Relation:
    if isinstance(node, n.Definition):
        raise _StopError(Unchecked("definition", f"'{node}' defines {node.left}; a definition has nothing to check"))
    if not isinstance(node, n.Relation):
        what = {n.Membership: "a membership (a domain statement)", n.Mapping: "a function signature"}.get(
            type(node))
        if what is not None:
            raise _StopError(Unchecked("definition", f"'{node}' is {what}, not a checkable statement"))
        raise _StopError(Unchecked("unsupported", f"'{node}' is not an equation or inequality; nothing to check"))
    if "approx" in node.operators:
        raise _StopError(Unchecked("approximation", "an approximation (\\approx) states no exact relation to check"))
    bad = [op for op in node.operators if op not in _CHECKABLE]
    if bad:
        raise _StopError(Unchecked("unsupported", f"the relation '{bad[0]}' is not checked numerically"))
    left = node.operands[0]
    if (node.operators == ("=",) and isinstance(left, n.Apply) and left.function not in _KNOWN_FUNCTIONS
            and left.function not in given.functions and not left.subscript
            and all(isinstance(a, n.Symbol) and not a.bold for a in left.args)
            and len({key(a) for a in left.args if isinstance(a, n.Symbol)}) == len(left.args)):
        raise _StopError(Unchecked("definition", f"'{node}' defines {left.function}; nothing else is known about "
                                            f"{left.function}, so there is nothing to check"))
    return node


def _used_definitions(statement: n.Node, functions: Mapping[str, FunctionDef]) -> dict[str, FunctionDef]:
    """The given definitions the statement reaches, directly or through other definitions."""
    used: dict[str, FunctionDef] = {}
    pending = [statement]
    while pending:
        for node in _walk(pending.pop()):
            name = node.function if isinstance(node, n.Apply) else key(node) if isinstance(node, n.Symbol) else ""
            if name in functions and name not in used:
                used[name] = functions[name]
                pending.append(functions[name].body)
    return used


def _variables(statement: n.Node, used: Mapping[str, FunctionDef], typing: Typing) -> list[str]:
    names: dict[str, None] = {}
    for root in (statement, *(d.body for d in used.values())):
        for node in _walk(root):
            if isinstance(node, n.Symbol) and not (node.bold and node.name in ("0", "1")):
                name = key(node)
                symbol = typing.symbols.get(name)
                if name in used or symbol is None or symbol.kind in (ShapeKind.FUNCTION, ShapeKind.INDEX):
                    continue
                if symbol.kind is ShapeKind.RANDOM:
                    raise _StopError(Unchecked("unsupported", f"{name} is a random variable; expectations and "
                                                         "probabilities are not compiled yet"))
                names[name] = None
    return sorted(names)


def _layout_dependent(typing: Typing) -> bool:
    return any(isinstance(d.shape, LayoutDependent) and (d.shape.numerator or any(d.shape.denominator))
               for d in typing.derivatives)
