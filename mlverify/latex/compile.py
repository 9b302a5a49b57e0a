"""Formula -> numerical property for the engine, or a precise reason why it cannot be checked.

``compile_formula`` parses a statement (and the ``given`` formulas that define its symbols or
state their domains), infers kinds and shapes, draws every free symbol from a domain built
from its shape, and wraps the evaluator (``evaluate.py``) in a property returning evidence.
A formula whose derivative depends on the layout convention compiles to one property per
layout; ``check_formula`` verifies each and says which layout (if any) makes it true.
Examples outside the formula's domain are rejected, never reported as counterexamples.
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any, cast

import hypothesis
import numpy as np

from mlverify.domains import (
    ConcaveFunction,
    ConvexFunction,
    ConvexFunctionOn,
    ConvexNondecreasingFunction,
    ConvexNonincreasingFunction,
    Dim,
    Distribution,
    Domain,
    Example,
    FunctionConstant,
    FunctionFamily,
    FunctionOptimum,
    Integer,
    InvertibleMatrix,
    Label,
    LabelVector,
    Matrix,
    OneHot,
    OnTheLine,
    OrthogonalMatrix,
    OrthonormalColumns,
    PermutationMatrix,
    PSDMatrix,
    RandomVectorLaw,
    Real,
    Ref,
    SharedSpace,
    SimplexPoint,
    SmoothFunction,
    SmoothFunctionOn,
    SPDMatrix,
    StepSchedule,
    StronglyConvexFunction,
    StronglyConvexFunctionOn,
    SymmetricMatrix,
    Vector,
    VectorFunctionFamily,
    examples,
)
from mlverify.errors import InvalidDomainError, LatexError
from mlverify.latex import nodes as n
from mlverify.latex._probability import (
    FAMILY_NOTATION,
    FINITE_FAMILIES,
    RandomDefinition,
    family_of,
    probability,
    random_symbols,
)
from mlverify.latex.evaluate import (
    COMPARISONS,
    Env,
    FunctionDef,
    NotEvaluableError,
    OutsideDomainError,
    evaluate,
    function_key,
    index_range,
    is_generating_function,
    key,
    loop_body,
    plain,
    used_definitions,
)
from mlverify.latex.normalize import GREEK_LETTERS, PROPERTY_WORDS
from mlverify.latex.parser import parse
from mlverify.latex.render import render
from mlverify.latex.shapes import Kind as ShapeKind
from mlverify.latex.shapes import LayoutDependent, Typing, iid_sample, infer
from mlverify.properties import (
    Accuracy,
    Comparison,
    Evidence,
    Kind,
    Quantifier,
    Status,
    all_of,
    at_least,
    at_most,
    equal,
    holds,
    not_equal,
)

CATEGORIES = ("unknown_notation", "free_function", "prose", "approximation", "definition", "garbled", "shapes",
              "unsupported")
_PARSE_CATEGORIES = {"unknown_command": "unknown_notation", "text": "prose", "shapes": "shapes",
                     "unsupported": "unsupported"}
_CHECKABLE = ("=", "!=", "<", "<=", ">", ">=", "succ", "succeq", "prec", "preceq")
_LOEWNER = {"succ": ">", "succeq": ">=", "prec": "<", "preceq": "<="}  # A \succeq B: A - B is PSD
_KNOWN_FUNCTIONS = frozenset({
    "exp", "log", "sqrt", "sigmoid", "tanh", "relu", "softplus", "sin", "cos", "tan", "sinh", "cosh", "coth",
    "sech", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "elu", "abs", "sign", "logit", "swish", "silu",
    "max", "min", "softmax", "logsumexp", "tr", "det", "diag", "KL", "lambda", "singular_value", "eig", "sv",
    "erf", "floor", "ceil", "binom", "factorial", "leaky_relu", "pinv",
})
# tr(H) = n, X^+ = ...: facts, not definitions
_FACTS_ABOUT_MATRICES = frozenset({"tr", "det", "eig", "sv", "singular_value", "lambda", "pinv"})


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
        return parsed(latex)
    except LatexError as exc:
        category = _PARSE_CATEGORIES.get(exc.category, "garbled")
        raise _StopError(Unchecked(category, f"{where}{exc}", exc.column)) from None


@functools.lru_cache(maxsize=4096)
def parsed(latex: str) -> n.Node:
    """The formula as the compiler reads it (labels like ``C_{\\mathrm{out}}`` are names). Nodes are immutable,
    so a sheet's formula parsed for its role, its pieces and its check is parsed once; raises ``LatexError``."""
    return _listed_entries(_labelled_names(parse(_quantified(latex)[1])))


def _listed_entries(node: n.Node) -> n.Node:
    r"""``a_1, \dots, a_n \ge 0`` bounds every entry: read as ``a_i \ge 0``."""
    if not (isinstance(node, n.Relation) and set(node.operators) <= {"<", "<=", ">", ">="}):
        return node

    def entries(x: n.Node) -> n.Node:
        items = x.items if isinstance(x, n.TupleLiteral) else ()
        bases = {key(i.base) for i in items if isinstance(i, n.Indexed) and isinstance(i.base, n.Symbol)}
        if len(bases) == 1 and any(isinstance(i, n.Dots) for i in items) and all(
                isinstance(i, n.Dots | n.Indexed) for i in items):
            return n.Indexed(n.Symbol(bases.pop()), (n.Symbol("i"),))
        return x

    return replace(node, operands=tuple(entries(o) for o in node.operands))


_EXTREMES = frozenset({"max", "min", "sup", "inf"})


def _labelled_names(node: n.Node) -> n.Node:
    r"""``C_{\mathrm{out}}``, ``L_{\mathrm{MSE}}``, ``x_{\mathrm{new}}``: a word as the only subscript names a
    quantity of its own (a scalar unless used otherwise), not an entry of C or L; so does a capital as the only
    subscript of a Greek letter (``\mu_B``, ``\sigma_Y``). ``\sigma_{\max}`` stays: the
    largest of something the sheet names elsewhere, which a free scalar would not be. A layer or step label
    names one too (``W^{(l)}``, ``x^{(1)}``), unless a sum runs over it (``\sum_i x^{(i)}``: the examples)."""

    bound = {key(i) for x in n.walk(node) if isinstance(x, n.Sum | n.Product) and x.index is not None
             for i in n.walk(x.index) if isinstance(i, n.Symbol)}
    subscripts: dict[str, set[tuple[n.Node, ...]]] = {}
    for x in n.walk(node):
        if isinstance(x, n.Indexed) and isinstance(x.base, n.Symbol):
            subscripts.setdefault(key(x.base), set()).add(x.indices)

    def named(x: n.Node) -> n.Node | None:
        if isinstance(x, n.Indexed) and isinstance(x.base, n.Symbol) and len(x.indices) == 1 \
                and isinstance(label := x.indices[0], n.Symbol) and len(label.name) > 1 and label.name.isalpha() \
                and label.name not in GREEK_LETTERS and label.name not in _EXTREMES and not label.accent:
            return replace(x.base, name=f"{x.base.name}_{label.name}")
        if isinstance(x, n.Indexed) and isinstance(x.base, n.Symbol) and x.base.name in GREEK_LETTERS \
                and len(x.indices) == 1 and isinstance(label := x.indices[0], n.Symbol) and label.name.isupper() \
                and len(label.name) == 1 and not label.accent and label.name not in bound \
                and len(subscripts[key(x.base)]) == 1:  # mu_B, sigma_Y: a batch's mean, Y's deviation
            return replace(x.base, name=f"{x.base.name}_{label.name}")
        if isinstance(x, n.Superscript) and isinstance(x.base, n.Symbol) and isinstance(x.label, n.Node) \
                and not {key(s) for s in n.walk(x.label) if isinstance(s, n.Symbol)} & bound:
            return replace(x.base, name=f"{x.base.name}^({render(x.label)})")
        return None

    return n.rebuild(node, named)


_QUANTIFIED = re.compile(r"^\s*\\(forall|exists)\s*(?:\\[,;!:]\s*)*(?P<over>[^:]*?)\s*(?::|\\colon)\s*(?P<body>.+)$",
                         re.DOTALL)


def _quantified(latex: str) -> tuple[Quantifier, str]:
    r"""``\forall x \in \mathbb{R}^n: body`` is the body with its domain as a condition (every statement is
    checked for all values); ``\exists p, q: body`` asks for a witness."""
    found = _QUANTIFIED.match(latex)
    if found is None:
        return Quantifier.FORALL, latex
    over, body = found.group("over"), found.group("body")
    quantifier = Quantifier.EXISTS if found.group(1) == "exists" else Quantifier.FORALL
    return quantifier, (f"{body}, \\quad {over}" if "\\in" in over else body)


# -- given: definitions and domain statements -------------------------------------------------
@dataclass
class _Given:
    functions: dict[str, FunctionDef]
    stated: dict[str, str]  # symbol -> "simplex" / "symmetric" / "labels01" / "labels-11" / "integer"
    bounds: dict[str, tuple[float | Ref | None, float | Ref | None]]
    nonzero: set[str] = field(default_factory=set)
    properties: dict[str, set[str]] = field(default_factory=dict)  # f -> {"convex", ...}
    random: dict[str, RandomDefinition] = field(default_factory=dict)
    conditions: list[n.Relation] = field(default_factory=list)  # checked per example; false ones are rejected
    constants: dict[str, tuple[str, str]] = field(default_factory=dict)  # mu -> (f, "strong_convexity")
    unread: list[n.Node] = field(default_factory=list)  # context this compiler does not understand
    independent: set[str] = field(default_factory=set)  # random variables stated mutually independent
    samples: set[str] = field(default_factory=set)  # X with X_i ~ law: X_1, ..., X_n are iid copies of X


def _definition(node: n.Node) -> tuple[str, FunctionDef] | None:
    """``f(x, y) = body``, ``f(x) := body``, ``z = body`` read as a definition."""
    if isinstance(node, n.Definition):
        left, right = (node.right, node.left) if node.form == "=:" else (node.left, node.right)
    elif isinstance(node, n.Relation) and node.operators == ("=",):
        left, right = node.operands
    else:
        return None
    if isinstance(left, n.Apply) and all(isinstance(a, n.Symbol) for a in left.args):
        params = tuple(key(a) for a in left.args if isinstance(a, n.Symbol))
        # ELU(x) = ... alpha ...: a known function with a parameter of the sheet's is defined, not checked; but
        # LReLU_alpha(z) = ... names its parameter, and tr(H) = n states a fact about H
        named = {key(x) for i in left.subscript for x in n.walk(i) if isinstance(x, n.Symbol)}
        parametrised = left.function not in _FACTS_ABOUT_MATRICES and bool(
            _unindexed(right) - set(params) - _bound_indices(right) - named)
        if len(set(params)) == len(params) and (left.function not in _KNOWN_FUNCTIONS or parametrised):
            return function_key(left), FunctionDef(params, right)
    if isinstance(left, n.Symbol) and not left.bold:
        return key(left), FunctionDef((), right)
    if (entry := _entrywise(left, right)) is not None:  # \hat a_i = (a_i - mu) / s: the vector entry by entry
        return key(entry[0]), FunctionDef((), right, entry_index=key(entry[1]))
    if isinstance(left, n.Superscript) and isinstance(left.base, n.Symbol):  # x^\star = A^{-1} b
        return render(left), FunctionDef((), right)
    if isinstance(left, n.Power) and isinstance(left.base, n.Symbol) and _number(left.exponent) == 2.0:
        return key(left.base), FunctionDef((), n.Sqrt(right))  # sigma^2 = Var(X) defines sigma
    return None


def _entrywise(left: n.Node, right: n.Node) -> tuple[n.Symbol, n.Symbol] | None:
    """The array and the index of ``a_i = body``, when the body uses i and not a: a definition of every entry."""
    match left:
        case n.Indexed(base=n.Symbol() as array, indices=(n.Symbol() as index,)) if not array.bold:
            used = _symbols(right)
            return (array, index) if key(index) in used and key(array) not in used else None
    return None


def _chain_introducing(statement: n.Node, given: _Given) -> tuple[n.Node, n.Relation | None]:
    """``\\sigma^2 = p(1 - p) \\le 1/4``, ``f(x) = \\tanh(x) = 2\\sigma(2x) - 1``: the first link names what the
    rest of the chain states facts about; it is a definition (returned), and the rest is checked under it."""
    if not (isinstance(statement, n.Relation) and len(statement.operators) > 1 and statement.operators[0] == "="):
        return statement, None
    first = n.Relation(statement.operands[:2], ("=",))
    defined = _definition(first)
    rest = n.Relation(statement.operands[1:], statement.operators[1:])
    if defined is None or defined[0] in given.functions or defined[0] in _symbols(rest) | {
            x.function for x in n.walk(rest) if isinstance(x, n.Apply)}:
        return statement, None
    return rest, first


def _entry_shapes(given_nodes: Sequence[n.Node]) -> list[n.Node]:
    """For the shapes only: a vector defined entry by entry (``p_i = e^{z_i} / ...``) is as long as an array its
    body indexes the same way (z)."""
    out: list[n.Node] = []
    for g in given_nodes:
        if isinstance(g, n.Relation) and g.operators == ("=",) and (entry := _entrywise(*g.operands)) is not None:
            array, index = entry
            like = next((x.base for x in n.walk(g.operands[1]) if isinstance(x, n.Indexed)
                         and isinstance(x.base, n.Symbol) and x.indices == (index,)), None)
            if like is not None:
                out.append(n.Relation((replace(array, bold=False), like), ("=",)))
    return out


def _bound_indices(node: n.Node) -> set[str]:
    """A sum's index and the symbols of its limits (\\sum_{i=1}^n: i and n)."""
    found: set[str] = set()
    for x in n.walk(node):
        if isinstance(x, n.Sum | n.Product):
            found |= {key(x.index)} if isinstance(x.index, n.Symbol) else set()
            found |= set().union(*(_symbols(limit) for limit in (x.lower, x.upper) if limit is not None))
    return found


def _refers_to_itself(name: str, definition: FunctionDef) -> bool:
    """``x = x + 1`` is an equation about x, not a definition of it (``L = \\frac{1}{n} \\sum_x L_x`` is one:
    an indexed L_x is another symbol)."""
    indexed = {id(x.base) for x in n.walk(definition.body) if isinstance(x, n.Indexed)}
    return any((isinstance(x, n.Symbol) and key(x) == name and id(x) not in indexed)
               or (isinstance(x, n.Apply) and function_key(x) == name) for x in n.walk(definition.body))


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
        elements = node.element.items if isinstance(node, n.Membership) and isinstance(
            node.element, n.TupleLiteral) else (node.element,) if isinstance(node, n.Membership) else ()
        if isinstance(node, n.Membership) and elements and all(isinstance(e, n.Symbol) for e in elements) \
                and not node.negated:
            for element in elements:
                _membership(key(element), node.set, given)  # type: ignore[arg-type]
            continue
        if isinstance(node, n.Implication) and node.kind == "implies":
            stack[:0] = [node.left, node.right]
            continue
        if isinstance(node, n.TupleLiteral):  # (mu = E[X], k > 0) lists conditions; f, g convex names several
            last = _stated_property(node.items[-1])
            if last is not None and all(isinstance(i, n.Symbol) for i in node.items[:-1]):
                names = [key(i) for i in node.items[:-1] if isinstance(i, n.Symbol)] + last.names
                _record(_Stated(names, last.properties), given)
            else:
                stack[:0] = list(node.items)
            continue
        if isinstance(node, n.Relation) and node.operators == ("~",) and isinstance(node.operands[0], n.Symbol) \
                and (family := family_of(node.operands[1])) is not None:
            given.random[key(node.operands[0])] = RandomDefinition(*family)
            continue
        if (sample := _sample_of(node)) is not None:  # X_i ~ Bernoulli(p), or X_i ~ X: iid copies of X
            name, law = sample
            given.samples.add(name)
            if (family := family_of(law)) is not None:
                given.random[name] = RandomDefinition(*family)
            continue
        if (stated := _stated_property(node)) is not None:
            _record(stated, given)
            continue
        if isinstance(node, n.Relation) and all(op in ("<", "<=", ">", ">=", "!=") for op in node.operators):
            _bounds(node, given)
            given.conditions.append(node)
            continue
        if isinstance(node, n.Relation) and node.operators in (("succ",), ("succeq",)) \
                and _number(node.operands[1]) == 0.0:  # A \succ 0, or A, B \succeq 0
            named = node.operands[0].items if isinstance(node.operands[0], n.TupleLiteral) else node.operands[:1]
            if all(isinstance(a, n.Symbol) for a in named):
                given.stated.update(dict.fromkeys((key(a) for a in named if isinstance(a, n.Symbol)),
                                                  "spd" if node.operators == ("succ",) else "psd"))
                continue
        if isinstance(node, n.Relation) and set(node.operators) == {"perp"} \
                and all(isinstance(o, n.Symbol) for o in node.operands):  # X \perp Y: independent
            given.independent.update(key(o) for o in node.operands if isinstance(o, n.Symbol))
            continue
        if isinstance(node, n.Relation) and node.operators == ("=",) and (a := _symmetric(node)) is not None:
            if given.stated.get(a) not in ("spd", "psd"):
                given.stated[a] = "symmetric"
            continue
        if isinstance(node, n.Relation) and node.operators == ("=",) and (q := _orthogonal(node)) is not None:
            columns = isinstance(product := node.operands[0], n.BinaryOp) and isinstance(product.left, n.Transpose)
            given.stated[q] = "orthonormal" if columns else "orthogonal"  # Q^T Q = I: Q may have more rows
            continue
        found = _definition(node)
        if found is not None and not _refers_to_itself(*found):
            given.functions[found[0]] = found[1]
        elif isinstance(node, n.Relation) and all(op == "=" for op in node.operators):
            given.conditions.append(node)  # E[X] = 1/lambda: a fact the examples must satisfy
        elif not isinstance(node, n.Symbol | n.Number) and not (
                isinstance(node, n.TupleLiteral) and all(isinstance(i, n.Symbol) for i in node.items)):
            given.unread.append(node)  # a bare symbol is a quantifier (for all x); anything else says something
    for name in _moments_of_stated_laws(given):
        del given.functions[name]
    for node in formulas:
        if _value_at_minimiser(node) in given.properties:  # of a convex f: what the notation of its optimum says
            given.functions.pop(render(cast(n.Relation, node).operands[0]), None)
    return given


def _value_at_minimiser(node: n.Node) -> str | None:
    r"""The f of ``f^\star = f(x^\star)``."""
    if not (isinstance(node, n.Relation) and node.operators == ("=",)):
        return None
    left, right = node.operands
    if isinstance(left, n.Superscript) and left.label in _STARS and isinstance(right, n.Apply) \
            and left.base == n.Symbol(right.function) and len(right.args) == 1 \
            and isinstance(at := right.args[0], n.Superscript) and isinstance(at.base, n.Symbol) and at.label in _STARS:
        return right.function
    return None


def _sample_of(node: n.Node) -> tuple[str, n.Node] | None:
    """X and its law for ``X_i \\sim \\mathrm{Law}`` or ``X_i \\sim X`` (the X_i are iid, of that law or of
    X's); see ``shapes.iid_sample``."""
    sample = iid_sample(node)
    if sample is None:
        return None
    name, law = sample
    return sample if family_of(law) is not None or (isinstance(law, n.Symbol) and key(law) == name) else None


def _moments_of_stated_laws(given: _Given) -> list[str]:
    r"""Definitions by a moment (``\mu = \mathbb{E}[X]``, a notation section's) of a parameter of a law stated for
    that variable (``X \sim \mathcal{N}(\mu, \sigma^2)``): the law says it already, and reading both is circular."""
    moments = (n.Expectation, n.Variance, n.Covariance)
    return [name for name, definition in given.functions.items() if not definition.params and any(
        name in {key(s) for a in law.args for s in n.walk(a) if isinstance(s, n.Symbol)}
        and any(isinstance(x, moments) and variable in {key(s) for s in n.walk(x) if isinstance(s, n.Symbol)}
                for x in n.walk(definition.body))
        for variable, law in given.random.items())]


_CONSTANT_OF = {"stronglyconvex": "strong_convexity", "smooth": "gradient_lipschitz",
                "lipschitz": "gradient_lipschitz"}


@dataclass(frozen=True)
class _Stated:
    r"""``f, g \text{ convex}``, ``f\ \mu\text{-strongly convex}``, ``\nabla f \text{ is } L\text{-Lipschitz}``."""

    names: list[str]
    properties: set[str]
    constant: tuple[str, str] | None = None  # (symbol, attribute of the drawn function)


_ARRAY_PROPERTIES = frozenset({"symmetric", "onehot", "orthogonal", "permutation", "invertible", "square"})
_SQUARE = frozenset({"symmetric", "orthogonal", "permutation", "invertible", "psd", "spd", "square"})
_KEPT_BY_A_SPACE = _SQUARE | {"orthonormal"}  # properties a space stated with them leaves in force


def _record(stated: _Stated, given: _Given) -> None:
    for name in stated.names:
        for kind in _ARRAY_PROPERTIES:  # what an array is, not what a function is
            if kind in stated.properties and not (kind == "symmetric" and given.stated.get(name) in ("spd", "psd")) \
                    and not (kind == "square" and name in given.stated):  # square says less than the others
                given.stated[name] = kind
        given.properties.setdefault(name, set()).update(stated.properties - _ARRAY_PROPERTIES)
    if stated.constant is not None:
        given.constants[stated.constant[0]] = (stated.names[0], stated.constant[1])


def _stated_property(node: n.Node) -> _Stated | None:
    r"""Properties stated in words (the normaliser reads them as symbols after what they qualify).

    A symbol just before ``smooth``, ``strongly convex`` or ``Lipschitz`` is the constant (L, mu);
    an L-Lipschitz gradient makes the function L-smooth.
    """
    gradient = isinstance(node, n.Derivative) and node.notation == "nabla" and not node.variables
    if gradient and isinstance(node, n.Derivative):
        node = node.expr
    words: list[str] = []
    while isinstance(node, n.BinaryOp) and node.op == "@" and isinstance(node.right, n.Symbol) \
            and node.right.name in PROPERTY_WORDS:
        words.append(node.right.name)
        node = node.left
    constant = None
    if words and words[-1] in _CONSTANT_OF and isinstance(node, n.BinaryOp) and node.op == "@" \
            and isinstance(node.right, n.Symbol) and not node.right.bold:
        constant, node = key(node.right), node.left
    items = node.items if isinstance(node, n.TupleLiteral) else (node,)
    if not words or not all(isinstance(i, n.Symbol) for i in items) or gradient != ("lipschitz" in words):
        return None
    properties = {p for w in words for p in PROPERTY_WORDS[w]}
    if constant is not None and properties & {"smooth", "lipschitz"}:
        properties = (properties - {"smooth", "lipschitz"}) | {"lsmooth"}
    names = [key(i) for i in items if isinstance(i, n.Symbol)]
    if constant is None or len(names) != 1:
        return _Stated(names, properties)
    return _Stated(names, properties, (constant, _CONSTANT_OF[words[-1]]))


def _separate(node: n.Node) -> list[n.Node]:
    r"""``f \text{ convex},\ x, y \in \mathbb{R}^n`` reads as the membership of the tuple
    ``(f convex, x, y)``: the symbols after the last non-symbol are the members, the rest are
    conditions of their own."""
    if isinstance(node, n.Relation) and len(node.operators) == 1 and node.operators[0] in ("<", "<=", ">", ">=") \
            and isinstance(node.operands[0], n.TupleLiteral) and not node.operands[0].delimiter \
            and all(isinstance(i, n.Symbol) for i in node.operands[0].items):  # a, b >= 0: each of them
        return [n.Relation((item, node.operands[1]), node.operators) for item in node.operands[0].items]
    if isinstance(node, n.Membership) and isinstance(node.element, n.TupleLiteral) and not node.element.delimiter:
        items = node.element.items
        last = max((k for k, item in enumerate(items) if not isinstance(item, n.Symbol)), default=-1)
        if 0 <= last < len(items) - 1:
            members = items[last + 1:]
            element = members[0] if len(members) == 1 else n.TupleLiteral(members)
            return [*items[:last + 1], n.Membership(element, node.set, node.negated)]
    return [node]


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


def _symmetric(node: n.Relation) -> str | None:
    """``A = A^\\top`` as a condition: the name of the symmetric matrix."""
    a, b = node.operands
    return key(a) if isinstance(a, n.Symbol) and isinstance(b, n.Transpose) and b.operand == a else None


def _orthogonal(node: n.Relation) -> str | None:
    r"""``Q^\top Q = I`` (or ``Q Q^\top = I``) as a condition: the name of the orthogonal matrix."""
    product, identity = node.operands
    if not ((identity == n.Symbol("I") or n.is_sized_identity(identity)) and isinstance(product, n.BinaryOp)
            and product.op == "@"):
        return None
    left, right = product.left, product.right
    for transposed, plain_ in ((left, right), (right, left)):
        if isinstance(transposed, n.Transpose) and isinstance(plain_, n.Symbol) and transposed.operand == plain_:
            return key(plain_)
    return None


def orthogonality_of(latex: str) -> str | None:
    """The matrix ``Q^\\top Q = I`` or ``Q Q^\\top = I_n`` is about, or None."""
    try:
        node = _parse(latex)
    except _StopError:
        return None
    return _orthogonal(node) if isinstance(node, n.Relation) and node.operators == ("=",) else None


def _membership(name: str, space: n.Node, given: _Given) -> None:
    base = space.base if isinstance(space, n.Power) else space
    cone = ""
    if isinstance(base, n.Indexed):
        cone = "".join(i.name for i in base.indices if isinstance(i, n.Symbol))
        base = base.base
    if isinstance(base, n.Symbol) and (base.name == "Delta" or (base.font == "bb" and base.name == "S")):
        given.stated[name] = "simplex" if base.name == "Delta" else {"+": "psd", "++": "spd"}.get(cone, "symmetric")
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
    elif isinstance(space, n.RealSpace):  # y \in \mathbb{R}^n written later widens an earlier condition
        if given.stated.get(name) not in _KEPT_BY_A_SPACE:  # A symmetric and A \in \mathbb{R}^{n \times n} both hold
            given.stated.pop(name, None)
        given.bounds.pop(name, None)


def _bounds(node: n.Relation, given: _Given) -> None:
    for (a, b), op in zip(zip(node.operands, node.operands[1:], strict=False), node.operators, strict=True):
        if op == "!=":
            for symbol, other in ((a, b), (b, a)):
                if isinstance(symbol, n.Symbol) and _number(other) == 0.0:
                    given.nonzero.add(key(symbol))
            continue
        if op in (">", ">="):
            a, b = b, a
        a, b = _every_entry(a), _every_entry(b)
        if isinstance(a, n.Symbol) and (value := _bound(b)) is not None:
            lo, _ = given.bounds.get(key(a), (None, None))
            given.bounds[key(a)] = (lo, value)
        elif isinstance(b, n.Symbol) and (value := _bound(a)) is not None:
            _, hi = given.bounds.get(key(b), (None, None))
            given.bounds[key(b)] = (value, hi)


def _every_entry(node: n.Node) -> n.Node:
    """``a_i > 0`` for a letter i bounds every entry of a: read it as a bound on a."""
    if isinstance(node, n.Indexed) and isinstance(node.base, n.Symbol) and all(
            isinstance(i, n.Symbol) for i in node.indices):
        return node.base
    return node


def _bound(node: n.Node) -> float | Ref | None:
    r"""A bound a domain can draw from: a number, or a scalar symbol scaled (``\beta``, ``2\lambda``,
    ``\beta / 2``, ``1/L``), which is drawn first and bounds the other per example."""
    if (value := _number(node)) is not None:
        return value
    if isinstance(node, n.Symbol) and not node.bold:
        return Ref(key(node))
    if isinstance(node, n.BinaryOp) and node.op in ("@", "*", "/"):
        left, right = _number(node.left), _number(node.right)
        if node.op != "/" and left is not None and isinstance(node.right, n.Symbol):
            return Ref(key(node.right), scale=left)
        if node.op == "/" and right and isinstance(node.left, n.Symbol):
            return Ref(key(node.left), scale=1 / right)
        if node.op == "/" and left is not None and isinstance(node.right, n.Symbol):
            return Ref(key(node.right), scale=left, inverse=True)
    return None


# -- domains ----------------------------------------------------------------------------------
def _demands(statement: n.Node, bodies: Sequence[n.Node]) -> tuple[set[str], set[str]]:
    """Symbols that are directly the argument of log / sqrt, the covariance of a Gaussian density (positive; a
    matrix then SPD) or a free sigma, which every sheet uses for a standard deviation or a scale (positive);
    and those that are a denominator (non-zero)."""
    positive: set[str] = set()
    nonzero: set[str] = set()
    for root in (statement, *bodies):
        for node in n.walk(root):
            if (density := n.gaussian_density(node)) is not None:
                positive.update(_scale_symbols(density[2]))
            elif isinstance(node, n.Apply) and node.function in ("log", "sqrt") and len(node.args) == 1:
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
            elif isinstance(node, n.Symbol) and key(node) == "sigma":  # a standard deviation or a scale
                positive.add("sigma")
    return positive, nonzero


def _scale_symbols(covariance: n.Node) -> set[str]:
    """``Sigma``, the sigma of ``\\sigma^2`` and of ``\\sigma^2 I``: what a Gaussian's covariance makes positive."""
    match covariance:
        case n.Symbol():
            return {key(covariance)}
        case n.Power(base=n.Symbol() as base, exponent=exponent) if _number(exponent) == 2.0:
            return {key(base)}
        case n.BinaryOp(op="@" | "*", left=scale, right=n.Symbol(name="I")):
            return _scale_symbols(scale)
    return set()


def _distributions(statement: n.Node, functions: Mapping[str, FunctionDef]) -> set[str]:
    """The vector arguments of KL and H are probability vectors: they range over the simplex, and so do
    the arguments of a defined function in those places (``JS(p, q)`` defined with ``KL(p \\| m)``)."""
    out: set[str] = set()
    for node in n.walk(statement):
        if not isinstance(node, n.Apply):
            continue
        definition = functions.get(function_key(node))
        if definition is not None and definition.body is not statement:  # H_delta(r) defined by the sheet
            inside = _distributions(definition.body, {})
            out.update(key(a) for param, a in zip(definition.params, node.args, strict=False)
                       if param in inside and isinstance(a, n.Symbol))
        if node.function == "KL" or (node.function == "H" and not node.subscript and (  # a defined entropy too
                definition is None or any(isinstance(x, n.Apply) and x.function == "log"
                                          for x in n.walk(definition.body)))):
            for arg in node.args:
                parts = (arg.event, arg.given) if isinstance(arg, n.Conditional) else (arg,)
                out.update(key(p) for p in parts if isinstance(p, n.Symbol))
    return out


def _of_probability_letters(relation: n.Node, typing: Typing) -> bool:
    """``H(p, q) \\ge H(p)`` with p and q of no stated shape: the letters of laws (p, q, r) are probability
    vectors there, as in KL (``H(X, Y)`` of random variables is a joint entropy, not read)."""
    args = [a for x in n.walk(relation) if isinstance(x, n.Apply) and x.function == "H" and not x.subscript
            for a in x.args]
    return bool(args) and all(isinstance(a, n.Symbol) and a.name in ("p", "q", "r") and (
        typing.symbols.get(key(a)) is None or typing.symbols[key(a)].kind is ShapeKind.SCALAR) for a in args)


def _nonnegative(given: _Given) -> set[str]:
    """The symbols a condition says are at least (or above) zero: ``X \\ge 0`` of a random variable of any
    law draws it from the laws on [0, inf) (Markov's inequality needs it)."""
    out: set[str] = set()
    for c in given.conditions:
        if isinstance(c, n.Relation) and len(c.operands) == 2 and isinstance(c.operands[0], n.Symbol) \
                and c.operators[0] in (">", ">=") and _number(c.operands[1]) == 0.0:
            out.add(key(c.operands[0]))
    return out


def _domains(names: Sequence[str], typing: Typing, given: _Given, positive: set[str],
             nonzero: set[str], dims: dict[str, Dim], distributions: set[str], vectors: set[str]) -> dict[str, Domain]:

    def dim(term: str | int) -> Dim:
        name = f"_{term}" if isinstance(term, int) else "".join(c if c.isalnum() else "_" for c in str(term))
        if name not in dims:
            dims[name] = Dim(name, term, term) if isinstance(term, int) else Dim(name, 1, 4)
        return dims[name]

    out: dict[str, Domain] = {}
    nonnegative = _nonnegative(given)
    dependent = [x for x in names if typing.symbols[x].kind is ShapeKind.RANDOM and x not in given.random
                 and x not in given.samples and x not in given.independent and x not in nonnegative]
    dependent = dependent if len(dependent) > 1 else []
    for name in names:
        if name in given.random:
            continue
        if name in vectors:
            out[name] = RandomVectorLaw(dim(typing.symbols[name].shape[0]))
            continue
        if name in given.samples:  # the law of iid copies: finite, so that sums over the sample are exact
            out[name] = ANY_SAMPLE_LAW
            continue
        if name in dependent:  # several variables of no stated law and no stated independence: any joint law
            out[name] = SharedSpace(None if name == dependent[0] else dependent[0])
            continue
        if typing.symbols[name].kind is ShapeKind.RANDOM:  # a law nothing states: any law (see _any_random_variable)
            out[name] = ANY_FINITE_LAW if name in given.independent else ANY_NONNEGATIVE_LAW if (
                name in nonnegative) else ANY_LAW
            continue
        shape, stated = typing.symbols[name].shape, given.stated.get(name)
        if name in distributions:  # KL(p || q) with p, q of no stated shape: probability vectors of one length
            stated, shape = "simplex", shape if len(shape) == 1 else ("k",)
        if len(shape) == 2:
            square = shape[0] == shape[1]
            cones: dict[str, Callable[[Dim], Domain]] = {
                "symmetric": SymmetricMatrix, "psd": PSDMatrix, "spd": SPDMatrix, "orthogonal": OrthogonalMatrix,
                "permutation": PermutationMatrix, "orthonormal": OrthogonalMatrix,
                "invertible": InvertibleMatrix}
            if stated is None and name in positive and square:  # \\mathcal{N}(x | mu, Sigma)
                stated = "spd"
            out[name] = (cones[stated](dim(shape[0])) if stated in cones and square
                         else OrthonormalColumns(dim(shape[0]), dim(shape[1])) if stated == "orthonormal"
                         else Matrix(dim(shape[0]), dim(shape[1]), min=-3, max=3))
        elif len(shape) == 1:
            d = dim(shape[0])
            lo, hi = given.bounds.get(name, (None, None))
            low = max(lo, 1e-3) if isinstance(lo, float | int) and lo >= 0 else 1e-3 if name in positive else -3
            high = hi if isinstance(hi, float | int) and hi > low else 3
            out[name] = (SimplexPoint(d) if stated == "simplex" else
                         OneHot(d) if stated == "onehot" else
                         LabelVector(d, (0, 1)) if stated == "labels01" else
                         LabelVector(d, (-1, 1)) if stated == "labels-11" else
                         Vector(d, min=low, max=high))
        else:
            out[name] = _scalar(name, given, positive, nonzero)
    carried = {d for name in names for d in typing.symbols[name].shape}
    identity = _identity_dim(typing)
    for term in typing.dims:  # n in \sum_{i=1}^n i: a dimension no variable carries is an integer
        if term not in carried and term not in out and term not in dims and str(term) != identity:
            out[term] = Integer(1, 6)
    return out


def _random_vectors(names: Sequence[str], typing: Typing, given: _Given, relation: n.Node) -> set[str]:
    """Vectors used inside E, Var or Cov that are random vectors of any law: capital ones (E[AX] = A E[X]) and
    those whose moments the context names (``m = \\mathbb{E}[x]``), but not one whose entries the formula
    uses (X_1, ..., X_n, whose joint law the prose may state). Never while a free symbol could be one of
    their moments the prose names (Sigma, mu): a true formula about them would be refuted."""
    indexed = {key(x.base) for x in n.walk(relation) if isinstance(x, n.Indexed) and isinstance(x.base, n.Symbol)}
    named = {key(subject) for d in given.functions.values() if not d.params and (subject := _moment_of(d.body))}
    vectors = {x for x in names if len(typing.symbols[x].shape) == 1 and typing.symbols[x].in_moment
               and (x[:1].isupper() or x in named) and x not in given.stated and x not in given.bounds
               and x not in indexed}
    if vectors and {x for x in names if x not in vectors} & (_MOMENT_NAMES | {"Sigma", "Lambda"}):
        raise _StopError(Unchecked("unsupported", f"{sorted(vectors)[0]} is a random vector whose law is not stated "
                                                  "(say what its mean and covariance are)"))
    return vectors


def _moment_of(node: n.Node) -> n.Symbol | None:
    """The X of E[X], Var(X) or Cov(X)."""
    inner = node.body if isinstance(node, n.Expectation) and node.subscript is None else node.args[0] if isinstance(
        node, n.Variance | n.Covariance) and len(node.args) == 1 else None
    return inner if isinstance(inner, n.Symbol) else None


def _scalar(name: str, given: _Given, positive: set[str], nonzero: set[str]) -> Domain:
    stated = given.stated.get(name)
    if stated == "labels01":
        return Label((0, 1))
    if stated == "labels-11":
        return Label((-1, 1))
    if stated == "integer":
        return Integer(0, 10)
    lo, hi = given.bounds.get(name, (None, None))
    floor = 1e-3 if name in positive or lo == 0 else -math.inf  # lambda > 0 means a positive size, not 1e-308
    low: float | Ref
    if isinstance(lo, Ref):
        low = lo
    else:
        below = min(-5.0, hi - _span(hi)) if isinstance(hi, float | int) else -5.0
        low = max(lo if lo is not None else below, floor)
    high: float | Ref = hi if hi is not None else max(5.0, low + _span(low)) if not isinstance(low, Ref) else Ref(
        low.name, low.scale, low.offset + 5.0, low.inverse)
    if not isinstance(low, Ref) and not isinstance(high, Ref) and low >= high:
        high = low + _span(low)  # contradictory bounds: the stated conditions reject every example
    open_lo, open_hi = lo is not None and low == lo, hi is not None
    below_zero = isinstance(low, Ref) or low < 0
    return Real(low, high, open_min=open_lo, open_max=open_hi, min_abs=1e-3 if name in nonzero and below_zero else 0.0)


def _span(bound: float) -> float:
    """A width that still holds floats next to a huge bound (x > 10^20)."""
    return max(5.0, abs(bound))


# -- the property -------------------------------------------------------------------------------
def _evidence(op: str, a: Any, b: Any) -> Evidence:
    op = _LOEWNER.get(op, op)
    if any(np.ndim(x) == 0 and math.isinf(float(x)) for x in (a, b)):  # sum 1/t = infinity: exact, no tolerance
        return holds(COMPARISONS[op](float(a), float(b)), f"{float(a):g} {op} {float(b):g}")
    if op in ("<=", ">=", "<", ">") and _square(a, b):  # A >= 0 between matrices: the Loewner order
        difference = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
        eigenvalues = np.linalg.eigvalsh((difference + difference.T) / 2)
        a, b = (float(np.min(eigenvalues)), 0.0) if op[0] == ">" else (float(np.max(eigenvalues)), 0.0)
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


def _square(a: Any, b: Any) -> bool:
    shapes = {np.shape(a), np.shape(b)} - {()}
    return len(shapes) == 1 and len(shape := next(iter(shapes))) == 2 and shape[0] == shape[1]


def _counts(relation: n.Node) -> set[str]:
    r"""The k of ``\binom{n}{k}`` and ``k!``: a count, drawn as a whole number (P(X = k) of a binomial law)."""
    return {key(s) for x in n.walk(relation) if isinstance(x, n.Apply) and x.function in ("binom", "factorial")
            for a in x.args for s in n.walk(a) if isinstance(s, n.Symbol)}


def _sizes(values: Mapping[str, Any], typing: Typing) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for name, value in values.items():
        symbol = typing.symbols.get(name)
        if symbol is not None:
            for term, size in zip(symbol.shape, np.shape(value), strict=False):
                sizes[str(term)] = int(size)
        elif name in typing.dims:
            sizes[name] = int(value)
    for alias, canonical in typing.dim_aliases.items():  # K of \sum_{j=1}^K z_j for a z stated in R^n
        if canonical in sizes:
            sizes.setdefault(alias, sizes[canonical])
    return sizes


def _identity_dim(typing: Typing) -> str | None:
    """I, a square matrix nothing else defines, is the identity: its dimension, or None."""
    symbol = typing.symbols.get("I")
    if symbol is None or symbol.kind is not ShapeKind.MATRIX or symbol.shape[0] != symbol.shape[1]:
        return None
    return str(symbol.shape[0])


def _square_size(relations: Sequence[n.Relation], env: Env) -> int:
    """The size of an identity nothing else sizes (dx/dx = I): that of a square side without I."""
    for relation in relations:
        for operand in relation.operands:
            if "I" not in _symbols(operand):
                value = plain(evaluate(operand, env))
                if np.ndim(value) == 2 and value.shape[0] == value.shape[1]:
                    return int(value.shape[0])
    return 3


def _make_check(relations: Sequence[n.Relation], functions: Mapping[str, FunctionDef], typing: Typing,
                layout: str | None, given: _Given, conditions: Sequence[n.Relation]) -> Callable[..., Evidence]:
    identity = _identity_dim(typing) if "I" not in functions else None

    free = sorted({i for relation in relations for i in _free_indices(relation, typing)})

    together = n.Statements(tuple(relations))  # one tree, so that its loop body is worked out once

    def check(**values: Any) -> Evidence:
        sizes = _sizes(values, typing)
        env = Env(values, functions, sizes, layout or "denominator", frozenset(given.independent))
        try:
            for name, definition in given.random.items():
                env = env.bind(name, definition.case(env))
            if identity is not None and "I" not in values:
                env = env.bind("I", np.eye(sizes.get(identity) or _square_size(relations, env)))
            for condition in conditions:  # an example outside the stated conditions is no counterexample
                if not _holds(condition, env):
                    hypothesis.reject()
            looped, env = loop_body(together, frozenset(free), env) if free else (together, env)
            evaluated = [(relation, [evaluate(o, each) for o in relation.operands])
                         for each in _every_index(free, relations, env)
                         for relation in cast("tuple[n.Relation, ...]", looped.items)]
        except OutsideDomainError:
            hypothesis.reject()
        parts = [_moment_label(_evidence(op, plain(sides[k], sides[k + 1]), plain(sides[k + 1], sides[k])), relation)
                 for relation, sides in evaluated for k, op in enumerate(relation.operators)]
        return parts[0] if len(parts) == 1 else all_of(*parts)

    return check


def _free_indices(node: n.Node, typing: Typing, bound: frozenset[str] = frozenset()) -> set[str]:
    """The index symbols a statement leaves free (the i of ``softmax(x)_i = ...``): it holds for each of them."""
    if isinstance(node, n.Sum | n.Product) and isinstance(node.index, n.Symbol):
        inner = bound | {key(node.index)}
        limits = [x for x in (node.lower, node.upper, node.condition) if x is not None]
        return _free_indices(node.body, typing, inner).union(*(_free_indices(x, typing, bound) for x in limits))
    if isinstance(node, n.Symbol):
        name = key(node)
        symbol = typing.symbols.get(name)
        return {name} if symbol is not None and symbol.kind is ShapeKind.INDEX and name not in bound else set()
    return set().union(*(_free_indices(child, typing, bound) for child in n.children(node)))


_MAX_INDEX_VALUES = 64


def _every_index(free: Sequence[str], relations: Sequence[n.Relation], env: Env) -> list[Env]:
    """The example once per value of each free index, over the axis it subscripts (at most 64 in all)."""
    envs = [env]
    for index in free:
        size = min(index_range(n.Statements(tuple(relations)), index, envs[0]), _MAX_INDEX_VALUES // len(envs))
        envs = [e.bind(index, float(k)) for e in envs for k in range(1, size + 1)]
    return envs


def _holds(condition: n.Relation, env: Env) -> bool:
    """A condition on numbers is tested (an equation up to rounding); one on a random variable
    (X >= 0) must hold almost surely."""
    outside = [x for x in n.walk(condition) if isinstance(x, n.Expectation | n.Variance)]
    if set(random_symbols(condition, env)) - {s for x in outside for s in random_symbols(x, env)}:
        return probability(condition, env) >= 1 - 1e-12
    if not (set(condition.operators) <= set(_ENTRYWISE) or set(condition.operators) == {"="}
            or condition.operators == ("!=",)):
        raise NotEvaluableError(f"the condition '{render(condition)}' is not a comparison")
    values = [np.asarray(plain(evaluate(o, env)), dtype=np.float64) for o in condition.operands]
    if all(op == "=" for op in condition.operators):
        if any(v.ndim for v in values):  # (X^T X + lambda I) w = X^T y: random examples meet it only when degenerate
            raise NotEvaluableError(f"the condition '{render(condition)}' is an equation between arrays", "prose")
        return all(a.shape == b.shape and np.allclose(a, b, rtol=1e-6, atol=1e-9) for a, b in pairwise(values))
    if condition.operators == ("!=",):  # det A != 0: an example at the edge of the excluded set cancels digits
        gap = np.max(np.abs(np.subtract(*values)), initial=0.0)
        return bool(gap > _CLEARLY_APART * max(1.0, *(np.max(np.abs(v), initial=0.0) for v in values)))
    if any(v.ndim > 1 for v in values):
        raise NotEvaluableError(f"the condition '{render(condition)}' orders matrices: say entrywise or definite")
    return all(bool(np.all(_ENTRYWISE[op](values[k], values[k + 1])))  # x > 0 for a vector: every entry
               for k, op in enumerate(condition.operators))


_ENTRYWISE = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}
_CLEARLY_APART = 1e-4


def _trial(check: Callable[..., Evidence], variables: Mapping[str, Domain], typing: Typing) -> None:
    """Evaluate once on a fixed example so unsupported notation is reported before any search."""
    if any(isinstance(domain, FunctionOptimum | SharedSpace | RandomVectorLaw) for domain in variables.values()):
        _search_trial(check, variables)
        return
    rng = np.random.default_rng(0)
    values: dict[str, Any] = {}
    for name, domain in variables.items():
        declared = tuple(domain.shape()) if not isinstance(domain, Distribution | FunctionFamily) else ()
        stated = declared or (typing.symbols[name].shape if name in typing.symbols else ())
        shape = tuple(d if isinstance(d, int) else 2 for d in stated)
        if isinstance(domain, Distribution | FunctionFamily):
            values[name] = _simplest(domain)
            continue
        values[name] = 3 if isinstance(domain, Integer) else (
            float(rng.uniform(0.3, 0.9)) if not shape else rng.uniform(0.3, 0.9, shape) / (2 if len(shape) == 1 else 1))
    try:
        with warnings.catch_warnings():  # a rejected trial example is fine outside a Hypothesis test
            warnings.simplefilter("ignore", hypothesis.errors.HypothesisDeprecationWarning)
            check(**values)
    except (OutsideDomainError, hypothesis.errors.UnsatisfiedAssumption):
        _search_trial(check, variables)  # the fixed example is outside the domain: find one inside
    except NotEvaluableError as exc:
        raise _StopError(Unchecked(exc.category, exc.message)) from None
    except (ValueError, ArithmeticError) as exc:
        raise _StopError(Unchecked("shapes", f"the formula cannot be evaluated: {exc}")) from None


def _search_trial(check: Callable[..., Evidence], variables: Mapping[str, Domain]) -> None:
    """Try a few drawn examples, so that notation with no numerical reading is reported now,
    not met by the engine in the middle of its search."""

    def evaluates(example: Example) -> bool:
        try:
            check(**example.values)
        except OutsideDomainError:
            return False
        return True

    quiet = hypothesis.settings(database=None, max_examples=25, deadline=None, phases=(hypothesis.Phase.generate,),
                                derandomize=True,
                                suppress_health_check=list(hypothesis.HealthCheck))
    try:
        hypothesis.find(examples(variables), evaluates, settings=quiet)
    except NotEvaluableError as exc:
        raise _StopError(Unchecked(exc.category, exc.message)) from None
    except (ValueError, ArithmeticError) as exc:
        raise _StopError(Unchecked("shapes", f"the formula cannot be evaluated: {exc}")) from None
    except (hypothesis.errors.NoSuchExample, hypothesis.errors.Unsatisfiable, InvalidDomainError):
        return


def _simplest(domain: Domain) -> Any:
    """The simplest member of a family (Hypothesis' shrink target), to try the formula on once."""
    sizes = {d.name: max(d.min, 2) for d in domain.dims()}
    return hypothesis.find(domain.strategy(sizes, {}), lambda _: True,
                           settings=hypothesis.settings(database=None, max_examples=10,
                                                         phases=(hypothesis.Phase.generate, hypothesis.Phase.shrink)))


_NUMBERED_SUBSCRIPT = re.compile(r"_\{?\s*\d")


def compile_formula(latex: str, given: Sequence[str] = (), variables: Mapping[str, Domain] | None = None,
                    layout: str | None = None, trial: bool = True) -> Compiled | Unchecked:
    """Compile a statement (with ``given`` context) into properties, or say why it cannot be checked.

    ``variables`` declares domains for some symbols (a claim's functions, distributions, SPD
    matrices); the others are inferred. ``layout`` fixes the layout of matrix derivatives. ``trial``
    evaluates the property once so that notation the evaluator cannot read is reported now; the
    registry skips it (its test battery verifies every claim), which halves the time it takes to load.
    """
    # beta_1 read as an entry of a scalar beta is caught by the trial, which then retries with numbered names
    numbered = any(_NUMBERED_SUBSCRIPT.search(text) for text in (latex, *given))
    trial = trial or numbered
    try:
        try:
            return _compile(latex, given, dict(variables or {}), layout, trial=trial)
        except _StopError as first:  # W_1, W_2 or delta_2 read as entries clash with their use as matrices, vectors
            if not numbered or not (first.reason.category == "shapes" or "is not indexable by" in first.reason.message
                                    or _IMPLICIT_ENTRIES in first.reason.message):
                raise
            try:
                return _compile(latex, given, dict(variables or {}), layout, numbered_names=True, trial=trial)
            except _StopError as second:
                raise first if second.reason.category == "shapes" else second from None
    except _StopError as stop:
        return stop.reason
    except RecursionError:
        return Unchecked("garbled", "the formula (or a definition it uses) is nested too deeply or refers to itself")




def _split(statement: n.Node) -> tuple[n.Node, list[n.Node]]:
    r"""The statement to check and the conditions written with it (``a = b \quad (x \neq 0)``, ``A \Rightarrow B``).

    Of several statements in one formula, those that read as conditions (memberships, bounds
    on a symbol, definitions, ``X \sim``, stated properties) are context; the others are all checked.
    """
    if isinstance(statement, n.Statements) and statement.items:
        first, *rest = statement.items
        checked = [first, *(item for item in rest if not _condition_like(item))]
        conditions = [item for item in rest if _condition_like(item)]
        if len(checked) > 1 and all(isinstance(c, n.Relation) for c in checked):
            return n.Statements(tuple(checked)), conditions
        return first, conditions
    if isinstance(statement, n.Implication) and statement.kind == "implies":
        inner, conditions = _split(statement.right)
        return inner, [statement.left, *conditions]
    return statement, []


def _condition_like(node: n.Node) -> bool:
    if not isinstance(node, n.Relation) or _stated_property(node) is not None:
        return True
    if node.operators == ("~",) or (node.operators == ("=",) and _definition(node) is not None):
        return True
    if not all(op in ("<", "<=", ">", ">=", "!=") for op in node.operators):
        return False
    for bound in (o for o in node.operands if isinstance(o, n.Symbol | n.Indexed)):  # 0 < eta <= 1/L, t < lambda
        others = [o for o in node.operands if o is not bound]
        if not any(bound == x or isinstance(x, n.Apply | n.Derivative | n.Expectation | n.Norm | n.Sum)
                   for o in others for x in n.walk(o)):
            return True
    return False


def _square_if_stated(node: n.Node, stated: Mapping[str, str]) -> n.Node:
    r"""``X \in \mathbb{R}^{m \times n}`` of an X stated square (invertible, symmetric, ...) is read with m = n:
    "let X be m-by-n", then "for a square invertible X"."""
    if isinstance(node, n.Membership) and isinstance(node.element, n.Symbol) and isinstance(node.set, n.RealSpace) \
            and len(node.set.dims) == 2 and stated.get(key(node.element)) in _SQUARE:
        return replace(node, set=n.RealSpace((node.set.dims[0],) * 2))
    return node


def _declared_shapes(variables: Mapping[str, Domain]) -> list[n.Node]:
    r"""Declared arrays and scalars as the memberships ``infer`` reads (``x \in \mathbb{R}^n``)."""
    out: list[n.Node] = []
    for name, domain in variables.items():
        if isinstance(domain, Distribution | FunctionFamily | StepSchedule):
            continue
        dims = tuple(n.Symbol(d.name) for d in domain.shape())
        if len(dims) <= 2:
            out.append(n.Membership(n.Symbol(name), n.RealSpace(dims)))
    return out


_WORD_IN_MATH = re.compile(r"(?<![\\A-Za-z{])[A-Za-z]{5,}(?![A-Za-z])")


def _numbered_names(nodes: Sequence[n.Node]) -> tuple[list[n.Node], frozenset[str]]:
    r"""``x_1``, ``\beta_2`` as names of their own (scalars, unless used otherwise) where the letter only ever
    carries numbers: nothing says x is a vector of some length, and Adam's beta_1 is no entry of a beta."""
    indexed = {key(x.base) for node in nodes for x in n.walk(node)
               if isinstance(x, n.Indexed) and isinstance(x.base, n.Symbol)}
    numbered = indexed - set().union(*(_unindexed(node) for node in nodes)) - {
        key(x.base) for node in nodes for x in n.walk(node) if isinstance(x, n.Indexed) and isinstance(x.base, n.Symbol)
        and not all(isinstance(i, n.Number) and i.text.isdigit() for i in x.indices)}

    names: set[str] = set()

    def name(node: n.Node) -> n.Node | None:
        if isinstance(node, n.Indexed) and isinstance(node.base, n.Symbol) and key(node.base) in numbered:
            digits = "".join(i.text for i in node.indices if isinstance(i, n.Number))
            named = replace(node.base, name=f"{node.base.name}_{digits}")
            names.add(key(named))
            return named
        return None

    return [n.rebuild(node, name) for node in nodes], frozenset(names)


def _dimension_names(nodes: Sequence[n.Node]) -> list[n.Node]:
    r"""``Q \in \mathbb{R}^{n \times d_k}``, ``W^{(l)} \in \mathbb{R}^{n_l \times n_{l-1}}``: a subscripted size is a
    name of its own (d_k, not entry k of a vector d), the same wherever it is written."""
    sizes = {d for node in nodes for x in n.walk(node) if isinstance(x, n.RealSpace) for d in x.dims
             if isinstance(d, n.Indexed) and isinstance(d.base, n.Symbol)
             and all(isinstance(y, n.Symbol | n.Number | n.BinaryOp) for i in d.indices for y in n.walk(i))}
    if not sizes:
        return list(nodes)

    def name(node: n.Node) -> n.Node | None:
        if isinstance(node, n.Indexed) and node in sizes and isinstance(node.base, n.Symbol):
            spelled = "".join({"-": "m", "+": "p"}.get(c, c) for c in "".join(render(i) for i in node.indices))
            return replace(node.base, name=f"{node.base.name}_{re.sub(r'[^A-Za-z0-9]', '', spelled)}")
        return None

    return [n.rebuild(node, name) for node in nodes]


def _rows_of_the_data_matrix(nodes: Sequence[n.Node]) -> list[n.Node]:
    r"""``\sum_i (y_i - x_i^\top w)^2 = \|y - Xw\|^2``: with a data matrix X, x_i is its i-th row (its i-th
    entry if X is a vector), not an entry of some other x. Only where x is never used without an index and
    X is no random variable."""
    symbols = [x for node in nodes for x in n.walk(node) if isinstance(x, n.Symbol)]
    if not any(key(x) == "X" for x in symbols) or "x" in set().union(*(_unindexed(node) for node in nodes)):
        return list(nodes)
    about_laws = [m for node in nodes for m in n.walk(node) if isinstance(m, n.Expectation | n.Variance | n.Covariance)
                  or (isinstance(m, n.Apply) and m.function in _PROBABILITIES)]
    random = {key(x) for m in about_laws for x in n.walk(m) if isinstance(x, n.Symbol)}
    random |= {key(node.operands[0]) for node in nodes if isinstance(node, n.Relation) and node.operators == ("~",)
               and isinstance(node.operands[0], n.Symbol)}
    if "X" in random:
        return list(nodes)

    def row(node: n.Node) -> n.Node | None:
        if isinstance(node, n.Indexed) and isinstance(node.base, n.Symbol) and key(node.base) == "x":
            return n.Indexed(replace(node.base, name="X"), tuple(n.rebuild(i, row) for i in node.indices))
        return None

    return [n.rebuild(node, row) for node in nodes]


def _sigmoid_complements(nodes: Sequence[n.Node]) -> list[n.Node]:
    r"""``1 - \sigma(u)`` read as ``\sigma(-u)``, the same number without the cancellation: at u = 9,
    1 - 0.99988 keeps four fewer digits, and a logistic loss's Hessian by differences drowns in them."""

    def complement(node: n.Node) -> n.Node | None:
        if isinstance(node, n.BinaryOp) and node.op == "-" and _number(node.left) == 1.0 and isinstance(
                node.right, n.Apply) and node.right.function == "sigmoid" and len(node.right.args) == 1 \
                and not node.right.subscript:
            return replace(node.right, args=(n.Negate(n.rebuild(node.right.args[0], complement)),))
        return None

    return [n.rebuild(node, complement) for node in nodes]


def _compile(latex: str, given_texts: Sequence[str], declared: dict[str, Domain], fixed_layout: str | None,
             numbered_names: bool = False, trial: bool = True) -> Compiled:
    for word in _WORD_IN_MATH.finditer(re.sub(r"\\[A-Za-z]+\*?(\{[^{}]*\})?", " ", latex)):
        raise _StopError(Unchecked("garbled", f"'{word.group()}' is a word, not a product of {len(word.group())} "
                                              "symbols: text in a formula", word.start() + 1))
    statement, conditions = _split(_parse(latex))
    given_nodes = [item for node in [*(_parse(text, f"given formula {k + 1}: ") for k, text in enumerate(given_texts)),
                                     *conditions] for item in _separate(node)]
    numbered: frozenset[str] = frozenset()
    if numbered_names:
        (statement, *given_nodes), numbered = _numbered_names([statement, *given_nodes])
    statement, *given_nodes = _sigmoid_complements(_rows_of_the_data_matrix(_dimension_names([statement,
                                                                                              *given_nodes])))
    given = _read_given(given_nodes)
    statement, introduced = _chain_introducing(statement, given)
    if introduced is not None:
        given_nodes.append(introduced)
        given = _read_given(given_nodes)
    statement, law = _same_law(statement, given, {key(x) for g in given_nodes if isinstance(g, n.Membership)
                                                  for x in n.walk(g.element) if isinstance(x, n.Symbol)})
    if law is not None:
        given_nodes.append(law)
        given = _read_given(given_nodes)
    relations = tuple(_statement(item, given) for item in (
        statement.items if isinstance(statement, n.Statements) else (statement,)))
    relation: n.Node = relations[0] if len(relations) == 1 else n.Statements(relations)
    _check_functions_multiplied(relation, given)
    for count in _counts(relation):
        given.stated.setdefault(count, "integer")
    context = [*_declared_shapes(declared), *(n.Membership(n.Symbol(c), n.RealSpace(())) for c in given.constants),
               *(_square_if_stated(g, given.stated) for g in given_nodes
                 if _stated_property(g) is None and _value_at_minimiser(g) not in given.properties),
               *(n.Relation((n.Symbol(x), n.Transpose(n.Symbol(x))), ("=",))  # a square matrix, whatever its use
                 for x, kind in given.stated.items() if kind in _SQUARE), *_entry_shapes(given_nodes)]
    try:
        if (powered := _powers_of_t(relation, context, given_nodes)) is not None:
            relation, typing = powered
            relations = cast("tuple[n.Relation, ...]", relation.items if isinstance(relation, n.Statements) else (
                relation,))
        else:
            typing = infer(relation, context)
        if sized := _sized_by_letter(relation, typing, given, declared, given_nodes):
            typing = infer(relation, [*context, *sized])
    except LatexError as exc:
        if (mismatch := _mismatched_sizes(latex, relation, context, exc)) is not None:
            return mismatch
        raise _StopError(Unchecked("shapes", str(exc), exc.column)) from None
    mentioned = _symbols(relation) | {x.function for x in n.walk(relation) if isinstance(x, n.Apply)}
    for node in given.unread:  # checking without an assumption the formula relies on could refute a true formula
        if _symbols(node) & mentioned:
            raise _StopError(Unchecked("prose", f"the condition '{render(node)}' is not understood, so the formula "
                                                "cannot be checked under it"))
    used = used_definitions(relation, given.functions)
    for condition in given.conditions:
        used.update(used_definitions(condition, given.functions))
    indexed = {key(x.base) for root in (relation, *(d.body for d in used.values())) for x in n.walk(root)
               if isinstance(x, n.Indexed) and isinstance(x.base, n.Symbol)}
    given.samples -= {x for x in given.samples if x not in indexed and x not in given.random}  # X, not its copies
    _check_derivative_variables(relation, given.functions)
    _check_implicit_entries(relation, typing, declared, given, numbered)
    dims = {d.name: d for domain in declared.values() for d in domain.dims()}
    families = _families(typing, given, declared, dims)
    defined = {name.split("_{", 1)[0] for name in given.functions}  # M_X(t) = ... defines the M of M_X
    defined |= {x.function for x in n.walk(relation) if isinstance(x, n.Apply) and is_generating_function(x)}
    defined |= {x.function for x in n.walk(relation) if isinstance(x, n.Apply) and (  # laws as values
        family_of(x) is not None or (x.function in ("h", "H") and len(x.args) == 1 and family_of(x.args[0])))}
    free = [f for f, t in typing.functions.items() if f not in defined and f not in _KNOWN_FUNCTIONS
            and not (f == "H" and t.args and (all(len(a) == 1 for a in t.args)  # entropy H(p), H(p, q)
                                              or _of_probability_letters(relation, typing)))
            and f not in families and not any(r.notation is FAMILY_NOTATION.get(f) for r in given.random.values())]
    if free:
        raise _StopError(Unchecked("free_function", f"{free[0]} is a function the formula does not define; state it "
                                               f"in given (e.g. {free[0]}(x) = ...) or say what it is "
                                               f"({free[0]} convex)"))
    scalars = {x for x, t in typing.symbols.items() if t.kind is not ShapeKind.INDEX}
    conditions_used = [c for c in given.conditions  # y_i >= 0 for all i is a domain, not a per-example test
                       if _symbols(c) <= scalars | set(used) and not any(isinstance(x, n.Indexed) for x in n.walk(c))
                       and not _symbols(c) & {x for x, t in typing.symbols.items() if t.kind is ShapeKind.RANDOM}]
    for c in given.conditions:  # u_i = 1/n fixes entries no domain draws: checking without it could refute
        if all(op == "=" for op in c.operators) and c not in conditions_used and _symbols(c) & mentioned \
                and any(isinstance(x, n.Indexed) for x in n.walk(c)):
            raise _StopError(Unchecked("unsupported", f"the condition '{render(c)}' fixes entries of a vector, "
                                                      "which is not read yet; define the vector whole"))
    constants = _constants(given, families)
    names = _variables([relation, *conditions_used], used, typing, {**declared, **families, **constants}, given)
    _check_dimension_letters(names, typing, given, declared)
    names += [given.constants[x][0] for x in names if x in constants and given.constants[x][0] not in names]
    positive, nonzero = _demands(relation, [d.body for d in used.values()])
    drawn = [x for x in names if x not in declared and x not in families and x not in constants]
    variables = _domains(drawn, typing, given, positive, nonzero | given.nonzero, dims,
                         _distributions(relation, given.functions), _random_vectors(drawn, typing, given, relation))
    variables.update({x: d for x, d in _random_parameters(given, declared, relation).items() if x in variables})
    variables.update({x: declared[x] for x in names if x in declared})
    variables.update(families)
    variables.update({x: d for x, d in constants.items() if x in names})
    optima = _optima(relation, families)
    variables.update(optima)
    variables = _drawing_order(variables)
    has_derivative = any(isinstance(x, n.Derivative) for root in (relation, *(d.body for d in used.values()))
                         for x in n.walk(root))
    layouts: tuple[str | None, ...] = (None,)
    if _layout_dependent(typing):
        stated = fixed_layout or stated_layout(latex, given_texts)
        layouts = (stated,) if stated else ("numerator", "denominator")
    kind = Kind.IDENTITY if all(op == "=" for r in relations for op in r.operators) else Kind.INEQUALITY
    integral = any(isinstance(x, n.Integral) for root in (relation, *(d.body for d in used.values()))
                   for x in n.walk(root))
    accuracy = (Accuracy.QUADRATURE if given.random or integral or any(isinstance(v, Distribution)
                                                                       for v in variables.values())
                else Accuracy.DERIVATIVE if has_derivative or optima else Accuracy.EXACT)
    properties = []
    quantifier = _quantified(latex)[0]
    for layout in layouts:
        check = _make_check(relations, used, typing, layout, given, conditions_used)
        if trial:
            _trial(check, variables, typing)
        properties.append(FormulaProperty(f"formula[{layout}]" if layout else "formula", latex, variables, check,
                                          kind, accuracy, quantifier=quantifier, layout=layout))
    return Compiled(tuple(properties), typing)


STATED_SIZES_DISAGREE = "the stated shapes make it meaningless"


def _mismatched_sizes(latex: str, relation: n.Node, context: Sequence[n.Node], clash: LatexError) -> Compiled | None:
    r"""``\nabla_x L = W \delta`` with ``W \in \mathbb{R}^{m \times n}``, ``\delta \in \mathbb{R}^m``: a product
    (or an equation) whose sizes only agree if the stated dimensions m and n were equal. A dropped or extra
    transpose does this; the formula is wrong as written, for every m != n. Refuted with the clash as its
    evidence, when making all the stated dimensions one size removes the clash (and nothing else is amiss)."""
    names = {key(d) for node in context if isinstance(node, n.Membership) and isinstance(node.set, n.RealSpace)
             for d in node.set.dims if isinstance(d, n.Symbol)}
    identities = sum(x == n.Symbol("I") for x in n.walk(relation))  # each I may have its own size: not read yet
    if len(names) < 2 or identities > 1 or _subject_clashes(relation, context):
        return None
    one = n.Symbol(sorted(names)[0])
    merged = [n.Membership(node.element, n.RealSpace(tuple(one if isinstance(d, n.Symbol) else d
                                                            for d in node.set.dims)), node.negated)
              if isinstance(node, n.Membership) and isinstance(node.set, n.RealSpace) else node for node in context]
    try:
        typing = infer(relation, merged)
    except LatexError:
        return None
    message = f"{STATED_SIZES_DISAGREE} unless {' = '.join(sorted(names))}: {clash}"
    prop = FormulaProperty("formula", latex, {}, lambda: holds(False, message), Kind.IDENTITY, Accuracy.EXACT)
    return Compiled((prop,), typing)


def _subject_clashes(relation: n.Node, context: Sequence[n.Node]) -> bool:
    r"""``\frac{\partial}{\partial X} \det X = ...`` after ``X \in \mathbb{R}^{m \times n}``: the left side itself
    has no meaning under the stated shapes, so they are not this formula's (a sentence in words made X square)."""
    if not isinstance(relation, n.Relation):
        return False
    try:
        infer(relation.operands[0], context)
    except LatexError:
        return True
    return False


_LAW = n.Symbol("Z_law")  # a variable of the law a ``~`` statement names


def _same_law(statement: n.Node, given: _Given, spaced: set[str]) -> tuple[n.Node, n.Node | None]:
    """``aX + b \\sim \\mathcal{N}(a\\mu + b, a^2\\sigma^2)`` of random variables whose laws the context states: the
    statement that it and a variable of the named law have the same first four moments, and that variable's law.
    Four moments tell apart the laws a sheet confuses (a variance for a standard deviation, a sum for a
    difference, a product of rates for their sum); their expectations are exact sums or quadratures."""
    if not (isinstance(statement, n.Relation) and statement.operators == ("~",)
            and family_of(statement.operands[1]) is not None):
        return statement, None
    variable, law = statement.operands
    unstated = sorted(x for x in _symbols(variable) if x[:1].isupper() and x not in given.random and x not in spaced)
    if unstated or not _symbols(variable) & set(given.random):
        raise _StopError(Unchecked("unsupported", f"'{render(statement)}' names a law, but the laws of "
                                                  f"{', '.join(unstated) or 'its random variables'} are not stated "
                                                  "(say X \\sim \\mathcal{N}(\\mu, \\sigma^2))"))
    moments = tuple(n.Relation(tuple(n.Expectation(x if k == 1 else n.Power(x, n.Number(str(k))))
                                     for x in (variable, _LAW)), ("=",)) for k in range(1, 5))
    return n.Statements(moments), n.Relation((_LAW, law), ("~",))


def _moment_label(evidence: Evidence, relation: n.Relation) -> Evidence:
    """A moment comparison of a ``~`` statement says which moment it compares (see ``_same_law``)."""
    law = relation.operands[-1]
    if not (isinstance(evidence, Comparison) and isinstance(law, n.Expectation) and _LAW in n.walk(law)):
        return evidence
    power = law.body.exponent if isinstance(law.body, n.Power) else None
    order = power.text if isinstance(power, n.Number) else "1"
    return replace(evidence, label=f"the moments of order {order}: E[(left side)^{order}] and the named law's")


def _powers_of_t(relation: n.Node, context: Sequence[n.Node],
                 given_nodes: Sequence[n.Node]) -> tuple[n.Node, Typing] | None:
    r"""``(1 - \eta\mu)^T`` beside ``\sum_{k=0}^{T-1}``: where T counts something, a scalar's ^T is a power
    (a scalar has no transpose to take). The relation with powers and its typing, or None to keep the
    transposes (unless every one of them is of a scalar)."""
    if not any("T" in _symbols(x) for x in (relation, *given_nodes)):
        return None
    bases: list[n.Node] = []

    def change(x: n.Node) -> n.Node | None:
        if not isinstance(x, n.Transpose):
            return None
        inverse = isinstance(x.operand, n.Inverse)
        base = n.rebuild(x.operand.operand if isinstance(x.operand, n.Inverse) else x.operand, change)
        bases.append(base)
        return n.Power(base, n.Negate(n.Symbol("T")) if inverse else n.Symbol("T"))

    powered = n.rebuild(relation, change)
    if not bases:
        return None
    try:
        typing = infer(powered, context)
    except LatexError:
        return None
    scalar = all(not isinstance(y, n.Indexed) and not (isinstance(y, n.Symbol) and (
        (t := typing.symbols.get(key(y))) is None or t.kind is not ShapeKind.SCALAR)) for b in bases for y in n.walk(b))
    return (powered, typing) if scalar else None


def _symbols(node: n.Node) -> set[str]:
    return {key(x) for x in n.walk(node) if isinstance(x, n.Symbol)}


def _families(typing: Typing, given: _Given, declared: Mapping[str, Domain], dims: dict[str, Dim]) -> dict[str, Domain]:
    """Free functions drawn from the family their stated properties select (``f`` convex)."""
    out: dict[str, Domain] = {}
    for name, function in typing.functions.items():
        if name in declared:
            out[name] = declared[name]
            continue
        properties = given.properties.get(name, set())
        if not properties or function.arity != 1 or function.output:
            continue
        arg = function.args[0]
        if arg == ():
            family = _scalar_family(properties)
        elif len(arg) == 1:
            term = str(arg[0])
            family = _vector_family(properties, dims.setdefault(term, Dim(term, 1, 4)))
        else:
            family = None
        if family is not None:
            out[name] = family
    return out


def _vector_family(properties: set[str], dim: Dim) -> VectorFunctionFamily | None:
    if "stronglyconvex" in properties and properties <= {"stronglyconvex", "convex", "lsmooth"}:
        return StronglyConvexFunctionOn(dim)
    if properties in ({"convex"}, {"convex", "lsmooth"}):
        return ConvexFunctionOn(dim)
    return SmoothFunctionOn(dim) if properties == {"lsmooth"} else None


def _constants(given: _Given, families: Mapping[str, Domain]) -> dict[str, Domain]:
    """mu and L stated with a function are that drawn function's constants, not free variables."""
    out: dict[str, Domain] = {}
    for symbol, (function, attribute) in given.constants.items():
        family = families.get(function)
        provides: dict[type[Domain], set[str]] = {
            StronglyConvexFunction: {"strong_convexity"},
            StronglyConvexFunctionOn: {"strong_convexity", "gradient_lipschitz"},
            ConvexFunctionOn: {"gradient_lipschitz"}, SmoothFunctionOn: {"gradient_lipschitz"}}
        if isinstance(family, OnTheLine):
            family = family.family
        if family is None or attribute not in provides.get(type(family), set()):
            raise _StopError(Unchecked("unsupported", f"no function family of {function} provides its constant "
                                                      f"{symbol} ({attribute.replace('_', ' ')})"))
        out[symbol] = FunctionConstant(function, attribute)
    return out


_STARS = frozenset({"*", "star", "ast"})


def _optima(relation: n.Node, families: Mapping[str, Domain]) -> dict[str, Domain]:
    r"""``f^\star`` and ``x^\star``: the minimum of the one strongly convex function of a formula, and its
    minimiser when x is that function's argument (``f(x) - f^\star \ge \frac{\mu}{2}\|x - x^\star\|^2``)."""
    strong = [(name, d) for name, d in families.items() if isinstance(d, StronglyConvexFunction | OnTheLine)
              or type(d) is StronglyConvexFunctionOn]
    if len(strong) != 1:
        return {}
    function, family = strong[0]
    dim = family.dim if isinstance(family, StronglyConvexFunctionOn) else None
    arguments = {key(base) for x in n.walk(relation)
                 if isinstance(x, n.Apply) and x.function == function and len(x.args) == 1
                 and isinstance(base := _base(x.args[0]), n.Symbol)}
    out: dict[str, Domain] = {}
    for node in n.walk(relation):
        if isinstance(node, n.Superscript) and isinstance(node.base, n.Symbol) and node.label in _STARS:
            if key(node.base) == function:
                out[render(node)] = FunctionOptimum(function, dim, value=True)
            elif key(node.base) in arguments:
                out[render(node)] = FunctionOptimum(function, dim, value=False)
    return out


def _base(node: n.Node) -> n.Node:
    return node.base if isinstance(node, n.Superscript) else node


def _scalar_family(properties: set[str]) -> Domain | None:
    if properties <= {"stronglyconvex", "convex"} and "stronglyconvex" in properties:
        return StronglyConvexFunction()
    if "lsmooth" in properties:  # the smooth families of R^n, on R
        family = _vector_family(properties, Dim("_1", 1, 1))
        return OnTheLine(family) if family is not None else None
    if properties == {"convex"}:
        return ConvexFunction()
    if properties == {"concave"}:
        return ConcaveFunction()
    if properties == {"convex", "nondecreasing"}:
        return ConvexNondecreasingFunction()
    if properties == {"convex", "nonincreasing"}:
        return ConvexNonincreasingFunction()
    if properties == {"smooth"}:
        return SmoothFunction()
    return None


def _random_parameters(given: _Given, declared: Mapping[str, Domain], relation: n.Node) -> dict[str, Domain]:
    r"""The symbols written as a stated family's parameters (the p of ``\mathrm{Bernoulli}(p)``, also of a
    law written as a value: ``D_{KL}(\mathcal{N}(\mu, \sigma^2) \| \mathcal{N}(0, 1))``) range over that
    parameter's domain; ``\sigma^2`` as the variance gives sigma a positive range."""
    out: dict[str, Domain] = {}
    laws = [(d.notation, d.args) for d in given.random.values()]
    laws += [law for x in n.walk(relation) if (law := family_of(x)) is not None]
    for notation, args in laws:
        for arg, domain in zip(args, notation.domains, strict=True):
            if isinstance(arg, n.Symbol) and key(arg) not in declared:
                out[key(arg)] = domain
            elif isinstance(arg, n.Power) and isinstance(arg.base, n.Symbol) and isinstance(domain, Real) \
                    and key(arg.base) not in declared and _number(arg.exponent) == 2.0:
                low, high = domain.min, domain.max
                if isinstance(low, float | int) and isinstance(high, float | int) and low >= 0:
                    out[key(arg.base)] = Real(math.sqrt(low), math.sqrt(high))
    return out


_STATED_LAYOUT = re.compile(r"\b(numerator|denominator)[\s~-]+layout|\blayout\s*[:=]\s*(numerator|denominator)\b",
                            re.IGNORECASE)


def stated_layout(latex: str, given: Sequence[str] = ()) -> str | None:
    """The layout a sheet names in words next to the formula ("(denominator layout)").

    A formula stated in one layout is only checked in that layout: right in the other one
    is still wrong as written. Two different named layouts leave the choice open.
    """
    named = named_layouts(latex, *given)
    return named.pop() if len(named) == 1 else None


def named_layouts(*texts: str) -> set[str]:
    """The derivative layouts (numerator, denominator) that ``texts`` name in words."""
    return {(m.group(1) or m.group(2)).lower() for text in texts for m in _STATED_LAYOUT.finditer(text)}


def _labelled(node: n.Node) -> tuple[str, set[str]] | None:
    """``theta_{t+1}``, ``z^t``, ``x^{(k)}``: a symbol and the symbols of its step label."""
    match node:
        case n.Indexed(base=n.Symbol() as base, indices=labels) if len(labels) == 1:
            label = labels[0]
        case n.Power(base=n.Symbol() as base, exponent=label) | n.Superscript(base=n.Symbol() as base, label=label):
            pass
        case _:
            return None
    if not isinstance(label, n.Node) or _number(label) is not None:
        return None
    steps = _symbols(label)
    simple = isinstance(label, n.Symbol) or (isinstance(label, n.BinaryOp) and label.op in "+-"
                                             and isinstance(label.left, n.Symbol) and _number(label.right) is not None)
    return (key(base), steps) if simple and steps else None


def _is_update(node: n.Relation) -> bool:
    r"""``\theta_{t+1} = \theta_t - \eta g_t``, ``z^t = \sigma(W x^t)``: the next iterate or the state at
    step t is being defined, not an identity stated for every value of the symbols."""
    left = _labelled(node.operands[0])
    if left is None or node.operators[0] != "=":
        return False
    right = [found for o in node.operands[1:] for x in n.walk(o) if (found := _labelled(x)) is not None]
    return any(steps & left[1] for _, steps in right)


def _statement(node: n.Node, given: _Given) -> n.Relation:
    if isinstance(node, n.Relation) and _is_update(node):
        raise _StopError(Unchecked("definition", f"'{node}' is an update rule: it defines the next iterate"))
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
    if all(isinstance(o, n.Symbol | n.Number) for o in node.operands):  # j \neq i, t > 0: a condition
        raise _StopError(Unchecked("prose", f"'{node}' relates bare symbols: a condition or a naming, not a fact"))
    left = node.operands[0]
    if isinstance(left, n.Apply) and left.function in _KNOWN_FUNCTIONS and node.operators == ("=",) \
            and _definition(node) is not None:
        raise _StopError(Unchecked("definition", f"'{node}' defines {left.function} with a parameter of its own"))
    recursive = any(isinstance(x, n.Apply) and isinstance(left, n.Apply) and x.function == left.function
                    for o in node.operands[1:] for x in n.walk(o))  # H(p, q) = H(p) + KL(p || q) relates values
    if (node.operators == ("=",) and isinstance(left, n.Apply) and left.function not in _KNOWN_FUNCTIONS
            and not recursive
            and left.function not in given.functions and not left.subscript
            and all(isinstance(a, n.Symbol) and not a.bold for a in left.args)
            and len({key(a) for a in left.args if isinstance(a, n.Symbol)}) == len(left.args)):
        raise _StopError(Unchecked("definition", f"'{node}' defines {left.function}; nothing else is known about "
                                            f"{left.function}, so there is nothing to check"))
    if node.operators == ("=",) and (name := _named_by(left)) is not None and name not in _symbols(
            node.operands[1]) | set(given.functions):  # delta_2 = \hat y - y, \hat{\boldsymbol\mu} = ...
        raise _StopError(Unchecked("definition", f"'{node}' names {render(left)}, which nothing else defines"))
    _check_notation_of_other_fields(node)
    if (named := _function_of_every_entry(node)) is not None:
        function, array = named
        raise _StopError(Unchecked("definition", f"the left side applies {function} to one entry of {array}, the "
                                            f"right side depends on every entry: {function} is a map of its own (a "
                                            "softmax?) that this formula defines"))
    return node


def _named_by(left: n.Node) -> str | None:
    r"""The name an equation's left side introduces when it is a lone letter (bold ones too), a numbered one
    (``\delta_2``) or a capital letter applied to a letter (``T(x)``, read as a product): nothing on its right
    refers back to it."""
    if isinstance(left, n.Symbol):
        return key(left)
    if isinstance(left, n.Indexed) and isinstance(left.base, n.Symbol) and all(
            isinstance(i, n.Number) for i in left.indices):
        return key(left.base)
    if isinstance(left, n.BinaryOp) and left.op in ("@", "*") and isinstance(left.left, n.Symbol) \
            and left.left.name.isupper() and isinstance(left.right, n.Symbol):  # T(x) = x: T is a map
        return key(left.left)
    return None


def _check_notation_of_other_fields(node: n.Relation) -> None:
    """Notation from outside real analysis that would read as real numbers: Landau's o(.), the imaginary unit
    in e^{it}, a group's identity e (``g^{-1} g = e``)."""
    for x in n.walk(node):
        if isinstance(x, n.Symbol) and x.name == "o" and not x.bold and not x.accent:
            raise _StopError(Unchecked("approximation", "o(...) is Landau's little-o: an asymptotic statement"))
        if isinstance(x, n.Power) and isinstance(x.base, n.Constant) and x.base.name == "e" and any(
                isinstance(y, n.Symbol) and y.name == "i" for y in n.walk(x.exponent)) and not any(
                isinstance(y, n.Sum | n.Product) for y in n.walk(node)):
            raise _StopError(Unchecked("unsupported", "i in an exponent is the imaginary unit: complex values are "
                                                      "not checked"))
    for side, other in ((node.operands[0], node.operands[-1]), (node.operands[-1], node.operands[0])):
        if isinstance(side, n.Constant) and side.name == "e" and not any(
                isinstance(y, n.Limit | n.Sum | n.Product | n.Integral | n.Apply | n.Power) for y in n.walk(other)):
            raise _StopError(Unchecked("unknown_notation", "e alone, equal to an expression with no exponential, "
                                                           "limit or series, names an identity element here"))


def _function_of_every_entry(node: n.Relation) -> tuple[str, str] | None:
    r"""``\sigma(x_j) = \frac{e^{x_j}}{\sum_i e^{x_i}}``, ``S(l_i) = ...``: the left applies a function (or a
    letter, read as a product) to one entry, the right sums over all entries of that array; the author
    names the whole map (softmax) after its entry, so the formula defines it."""
    left, right = node.operands[0], node.operands[-1]
    match left:
        case n.Apply(function=function, args=(n.Indexed(base=n.Symbol() as base),)):
            named = function
        case n.BinaryOp(left=n.Symbol() as letter, right=n.Indexed(base=n.Symbol() as base)):
            named = key(letter)
        case _:
            return None
    summed = any(isinstance(x, n.Sum) and isinstance(x.index, n.Symbol) and any(
        isinstance(y, n.Indexed) and y.base == base and x.index in y.indices for y in n.walk(x.body))
        for x in n.walk(right))
    return (named, key(base)) if summed else None


def _check_functions_multiplied(relation: n.Node, given: _Given) -> None:
    r"""``\zeta(x) - \zeta(-x) = x`` with softplus ``\zeta``: a letter that is a function elsewhere but reads as
    a number times a bracket here (its argument is not a plain symbol) would be evaluated as a product."""
    functions = {x.function for x in n.walk(relation) if isinstance(x, n.Apply)} | {
        name for name, definition in given.functions.items() if definition.params}
    for node in n.walk(relation):
        if isinstance(node, n.BinaryOp) and node.op == "@" and isinstance(node.left, n.Symbol) \
                and key(node.left) in functions:
            raise _StopError(Unchecked("unsupported", f"{key(node.left)} is a function, but '{render(node)}' reads "
                                                      f"as a product: write \\operatorname{{{key(node.left)}}}(...)"))


def _reachable_symbols(node: n.Node, functions: Mapping[str, FunctionDef]) -> set[str]:
    """The symbols ``node`` depends on, through the definitions it uses (a drawn f(x) depends on x)."""
    found = _symbols(node)
    for name, definition in used_definitions(node, functions).items():
        found |= _symbols(definition.body) | {name}
    return found


def _check_derivative_variables(relation: n.Node, functions: Mapping[str, FunctionDef]) -> None:
    r"""``\frac{\partial}{\partial x} [a^\top X b]`` or ``\partial f / \partial x`` with f undefined: the
    expression does not depend on x, so the derivative is 0 by the letter and something else by intent
    (a typo, a function nobody defined). Refuting it would be refuting a notation slip."""
    for node in n.walk(relation):
        if not isinstance(node, n.Derivative) or not node.variables or node.notation == "prime":
            continue
        depends = _reachable_symbols(node.expr, functions)
        for variable in node.variables:
            if isinstance(variable, n.Symbol) and key(variable) not in depends:
                raise _StopError(Unchecked("free_function", f"'{render(node.expr)}' does not depend on "
                                                             f"{key(variable)}: define it as a function of "
                                                             f"{key(variable)} (or is the variable a typo?)"))


_IMPLICIT_ENTRIES = "is used only with indices next to a matrix"


def _check_implicit_entries(relation: n.Node, typing: Typing, declared: Mapping[str, Domain], given: _Given,
                            numbered: frozenset[str]) -> None:
    r"""``\operatorname{tr}(A) = \sum_i a_{ii}`` and ``\sum_i \lambda_i``: next to a matrix, a symbol
    used only with indices most likely names its entries, eigenvalues or singular values, which
    nothing here says; drawing it as a free array would refute a true formula. Read as names of their own
    (``numbered``), W_1 and W_2 are layers' matrices, but a scalar sigma_1 may still be a singular value."""
    if not any(t.kind is ShapeKind.MATRIX for t in typing.symbols.values()):
        return
    for name in sorted(numbered):
        symbol = typing.symbols.get(name)
        if symbol is not None and symbol.kind is ShapeKind.SCALAR and not (name in declared or name in given.functions):
            base = name.rsplit("_", 1)[0]
            raise _StopError(Unchecked("unsupported", f"{base}_i {_IMPLICIT_ENTRIES}: say what it is (the entries "
                                                      "or eigenvalues of a matrix?)"))
    indexed = {key(x.base) for x in n.walk(relation) if isinstance(x, n.Indexed) and isinstance(x.base, n.Symbol)
               and not n.is_ones(x.base) and not n.is_sized_identity(x)}  # 1_n: the ones vector; I_n
    for name in sorted(indexed - _unindexed(relation)):
        if name in declared or name in given.functions or given.stated.get(name) in _SQUARE:  # A_ij of a stated
            continue  # A >= 0: its entries; constrained (lambda_i >= 0) is not said to be what
        raise _StopError(Unchecked("unsupported", f"{name}_i {_IMPLICIT_ENTRIES}: say what it is (the entries or "
                                                  "eigenvalues of a matrix?)"))


def _unindexed(node: n.Node) -> set[str]:
    """Symbols that also occur without an index (x in x^\top x next to x_i)."""
    inside = {id(x.base) for x in n.walk(node) if isinstance(x, n.Indexed)}
    return {key(x) for x in n.walk(node) if isinstance(x, n.Symbol) and id(x) not in inside}


def _variables(roots: Sequence[n.Node], used: Mapping[str, FunctionDef], typing: Typing,
               bound: Mapping[str, Domain], given: _Given) -> list[str]:
    """The symbols drawn per example: free symbols, drawn functions and random variables."""
    names: dict[str, None] = {}
    identity, sizes = _identity_dim(typing), _carried_dims(typing)
    scopes = [*((root, ()) for root in roots),
              *((d.body, (*d.params, *d.estimated.values())) for d in used.values()),
              *((a, ()) for r in given.random.values() for a in r.args)]
    counts = {key(x.upper) for root, _ in scopes for x in n.walk(root)  # n of iid copies X_1, ..., X_n
              if isinstance(x, n.Sum | n.Product) and isinstance(x.upper, n.Symbol)}
    for root, params in scopes:  # a definition's parameters are bound by it, not drawn
        integrated = {key(x.variable) for x in n.walk(root) if isinstance(x, n.Integral)
                      and isinstance(x.variable, n.Symbol)}  # \int_0^1 x^2 dx: x is bound by the integral
        params = (*params, *integrated)
        for node in n.walk(root):
            name = node.function if isinstance(node, n.Apply) and node.function in bound else (
                key(node) if isinstance(node, n.Symbol) and not (node.bold and node.name in ("0", "1")) else None)
            if name is None or name in used or name in params:
                continue
            symbol = typing.symbols.get(name)
            if name in given.random and symbol is None:
                raise _StopError(Unchecked("unsupported", f"{name} is a random variable used as a bound or a size "
                                                          "(a random sum), which is not evaluated"))
            if name in bound or name in given.random:
                names[name] = None
                continue
            if symbol is None or symbol.kind in (ShapeKind.FUNCTION, ShapeKind.INDEX) or (
                    name == "I" and identity is not None) or (
                    symbol.kind is ShapeKind.SCALAR and name in sizes):  # n of A in R^{n x n}
                continue
            if symbol.kind is ShapeKind.RANDOM and not any(
                    _any_random_variable(r, name, given.functions, counts if name in given.samples else ())
                    for r in roots[:1]):
                raise _StopError(Unchecked("unsupported", f"{name} is a random variable whose distribution is not "
                                                     f"stated (say {name} \\sim \\mathcal{{N}}(\\mu, \\sigma^2))"))
            names[name] = None
    return sorted(names)


_MOMENT_NAMES = frozenset({"mu", "sigma", "m", "s"})
# A random variable of any law: the families whose moments and MGF near 0 exist
ANY_LAW = Distribution(("geometric", "uniform", "normal", "exponential", "gamma", "poisson", "binomial", "bernoulli",
                        "beta", "laplace"), ranges={"uniform": {"low": (-3.0, 3.0), "width": (0.1, 10.0)},
                                                    "normal": {"mu": (-3.0, 3.0), "sigma": (0.1, 10.0)},
                                                    "geometric": {"p": (0.02, 0.95)}})  # wide and heavy-tailed too
ANY_FINITE_LAW = Distribution(FINITE_FAMILIES)  # independent variables: their joint expectations are exact sums
# iid copies X_1, ..., X_n of a law nothing states: small finite supports, so sums over all samples stay short
ANY_SAMPLE_LAW = Distribution(("bernoulli", "categorical"))
# X >= 0 (Markov's inequality): the laws on [0, inf), wide uniform and heavy-tailed geometric ones included
ANY_NONNEGATIVE_LAW = Distribution(("geometric", "uniform", "exponential", "gamma", "poisson", "binomial", "bernoulli",
                                    "beta"), ranges={"uniform": {"low": (0.0, 3.0), "width": (0.1, 10.0)},
                                                     "geometric": {"p": (0.02, 0.95)}})


def _any_random_variable(relation: n.Node, name: str, functions: Mapping[str, FunctionDef],
                         counts: Iterable[str] = ()) -> bool:
    """``\\operatorname{Var}(aX + b) = a^2 \\operatorname{Var}(X)`` holds for every law of X, so X may be drawn from
    any family. Only where nothing ties it to one law: every side speaks of X through E, Var, Cov, P or an MGF
    (or is a number: ``Var(X) >= 0``), and no free mu or sigma names its moments (``E[X] = \\lambda`` or
    Chebyshev's mu are about a law the prose names, unless it says ``\\mu = \\mathbb{E}[X]``). Other symbols
    of a probability bound must be thresholds of its events (Markov's a, not Hoeffding's range [a, b]); the
    number of iid copies (``counts``) is no parameter of the law either."""
    if not isinstance(relation, n.Relation):
        return False
    if set(relation.operators) == {"="} and any(not _symbols(side) for side in relation.operands) and any(
            (m := _moment_of(side)) is not None and key(m) == name for side in relation.operands):
        return False  # E[N] = 3: a fact about the one N the prose describes, not about every law
    moments = {x for x in _MOMENT_NAMES if x in functions and not functions[x].params}.union(counts)
    events = [x for x in n.walk(relation) if isinstance(x, n.Apply) and x.function in _PROBABILITIES]
    thresholds = {s for event in events for s in _symbols(event)}
    about_x = (n.Expectation, n.Variance, n.Covariance)
    for side in relation.operands:
        about = any(isinstance(x, about_x) or (isinstance(x, n.Apply) and (
            is_generating_function(x) or x.function in _PROBABILITIES or (  # Bias(hat theta) := E[hat theta] - theta
                (f := functions.get(function_key(x))) is not None and f.takes_moments))) for x in n.walk(side))
        if not about and _symbols(side) - moments - thresholds:
            return False
    if events and _symbols(relation) - thresholds - moments - {name}:
        return False
    return not (_symbols(relation) - {name} - moments) & _MOMENT_NAMES


_PROBABILITIES = frozenset({"P", "bb(P)"})


def _drawing_order(variables: dict[str, Domain]) -> dict[str, Domain]:
    """Each variable after those its bounds refer to. A bound on a symbol that is not a drawn
    scalar, or a circular one, is dropped: the stated condition still rejects examples outside it."""
    scalars = {x for x, d in variables.items()
               if not isinstance(d, FunctionFamily | Distribution | StepSchedule) and d.shape() == ()}
    pending = {x: _unbounded(d, scalars) if isinstance(d, Real) else d for x, d in variables.items()}
    ordered: dict[str, Domain] = {}
    while pending:
        ready = [x for x, d in pending.items() if all(r in ordered for r in d.references())]
        if not ready:
            name, domain = next(iter(pending.items()))
            pending[name] = _unbounded(domain, set(ordered))
            continue
        ordered.update((x, pending.pop(x)) for x in ready)
    return ordered


def _unbounded(domain: Domain, allowed: set[str]) -> Domain:
    """The domain without its bounds that refer to symbols outside ``allowed``."""
    if not isinstance(domain, Real):
        raise _StopError(Unchecked("unsupported", f"the domain {domain.describe()} refers to a variable that is "
                                                  "not drawn before it"))
    low = -5.0 if isinstance(domain.min, Ref) and domain.min.name not in allowed else domain.min
    high = 5.0 if isinstance(domain.max, Ref) and domain.max.name not in allowed else domain.max
    if isinstance(low, float | int) and isinstance(high, float | int) and low >= high:
        low, high = (low, low + 5.0) if high == domain.max else (high - 5.0, high)
    return Real(low, high, open_min=domain.open_min, open_max=domain.open_max, min_abs=domain.min_abs)


def _carried_dims(typing: Typing) -> set[str]:
    """Dimension names some array's stated shape carries: a scalar of that name is its size."""
    return {str(d) for symbol in typing.symbols.values() for d in symbol.shape if symbol.source == "stated"}


_DIMENSION_LETTERS = frozenset({"n", "m", "d", "N", "M", "D", "K"})


def _free_dimension_letter(name: str, typing: Typing, given: _Given, declared: Mapping[str, Domain]) -> bool:
    """n, m, d, K, ... drawn as a number: nothing declares, bounds or defines it."""
    symbol = typing.symbols.get(name)
    return name in _DIMENSION_LETTERS and symbol is not None and symbol.kind is ShapeKind.SCALAR \
        and name not in declared and name not in given.bounds and name not in given.functions


def _sized_by_letter(relation: n.Node, typing: Typing, given: _Given, declared: Mapping[str, Domain],
                     given_nodes: Sequence[n.Node]) -> list[n.Node]:
    r"""``\log \sum_k e^{z_k} \le \max_k z_k + \log K``: arrays of one size nobody names, and one free
    dimension letter, which by convention is that size: the memberships (``z \in \mathbb{R}^K``) saying so."""
    letters = [x for x in sorted(_symbols(relation))
               if _free_dimension_letter(x, typing, given, declared) and x not in given.constants]
    arrays = {x: t.shape for x, t in typing.symbols.items() if t.kind in (ShapeKind.VECTOR, ShapeKind.MATRIX)}
    named = _symbols(relation).union(*(_symbols(g) for g in given_nodes))
    sizes = {d for shape in arrays.values() for d in shape}
    if len(letters) != 1 or len(sizes) != 1 or any(isinstance(d, int) or str(d) in named for d in sizes):
        return []
    letter = n.Symbol(letters[0])
    return [n.Membership(n.Symbol(x), n.RealSpace((letter,) * len(shape))) for x, shape in arrays.items()]


def _check_dimension_letters(names: Sequence[str], typing: Typing, given: _Given,
                             declared: Mapping[str, Domain]) -> None:
    """``\\det(cA) = c^n \\det(A)``: next to arrays whose shapes nothing states, n is their size by
    convention, not a real number; drawing it as one would refute a true formula."""
    if not any(t.kind in (ShapeKind.MATRIX, ShapeKind.VECTOR) for t in typing.symbols.values()):
        return
    for name in names:
        if _free_dimension_letter(name, typing, given, declared):
            raise _StopError(Unchecked("unsupported", f"{name} is probably a dimension: state the shapes "
                                                      f"(e.g. A \\in \\mathbb{{R}}^{{{name} \\times {name}}})"))


def _layout_dependent(typing: Typing) -> bool:
    return any(isinstance(d.shape, LayoutDependent) and (d.shape.numerator or any(d.shape.denominator))
               for d in typing.derivatives)


# -- sheets: which formulas are context -------------------------------------------------------
@dataclass(frozen=True)
class Role:
    """How a formula reads on a sheet, by the same rules that read ``given`` formulas.

    ``kind`` is ``definition`` (it defines symbols or functions), ``context`` (a domain, a
    distribution, a bound or a stated property) or ``statement`` (a claim to check).
    ``subjects`` are the names it defines or constrains, each with the aspect it fixes
    (``definition``, ``domain``, ``bound``, ``property``, ``distribution``), so that a later
    formula fixing the same aspect of a name can replace it; ``symbols`` are every name it
    mentions (symbols and functions), so that a sheet passes on only the context a statement reaches.
    ``explicit`` says the author wrote ``:=`` (or ``=:``). ``introduces`` are the names a statement's
    first link defines (``f(x) = \\tanh(x) = ...`` names a new f): an earlier definition of them does not apply.
    """

    kind: str
    subjects: tuple[tuple[str, str], ...] = ()
    symbols: frozenset[str] = frozenset()
    explicit: bool = False
    introduces: tuple[str, ...] = ()


def own_variables(latex: str) -> frozenset[str]:
    r"""The names ``latex`` makes its own, whatever another section defines them as: the variables it
    differentiates with respect to (z of d/dz), optimises over (\max_z) or sums over, and those its own
    conditions say what they are (``\quad (f \text{ convex})``, ``0 < \eta \le 1/L \implies ...``)."""
    try:
        node = _parse(latex)
    except _StopError:
        return frozenset()
    bound = [v for x in n.walk(node) for v in (
        x.variables if isinstance(x, n.Derivative) else (x.under,) if isinstance(x, n.Extremum) else ())]
    _, conditions = _split(node)
    if isinstance(node, n.Statements) and node.items:  # "0 < eta \implies ..., \quad ...": its first one's too
        conditions = [*conditions, *_split(node.items[0])[1]]
    said = _read_given([item for c in conditions for item in _separate(c)])
    subjects = {*said.functions, *said.stated, *said.bounds, *said.properties, *said.random, *said.samples}
    return frozenset({key(v) for v in bound if isinstance(v, n.Symbol)} | subjects)


def moment_named(latex: str) -> tuple[str, str] | None:
    r"""``\mathbb{E}[X] = \mu``, ``\sigma^2 = \operatorname{Var}(X)``, ``\Sigma = \operatorname{Cov}(X)``: a moment of
    a random letter and a bare symbol that names it (when X has no stated law). The letter and the naming
    definition (``\mu = \mathbb{E}[X]``), or None."""
    try:
        node = _parse(latex)
    except _StopError:
        return None
    if not (isinstance(node, n.Relation) and node.operators == ("=",)):
        return None
    left_side, right_side = node.operands
    for moment, name, named_first in ((left_side, right_side, False), (right_side, left_side, True)):
        named = name.base if isinstance(name, n.Power) and _number(name.exponent) == 2 else name
        subject = _moment_of(moment)
        if (subject is not None and subject.name.isalpha() and len(subject.name) == 1
                and subject.accent is None and isinstance(named, n.Symbol) and not named.name.isupper()  # not Y
                and named.accent is None):
            if named_first:
                return key(subject), latex
            left, right = latex.rsplit("=", 1)  # the named side is a bare symbol: the last '=' is the relation's
            return key(subject), f"{right.strip()} = {left.strip()}"
    return None


_DEFINED_AS = re.compile(r"^(?P<left>[^=<>]+?)\s*(?::=|\\coloneqq|\\triangleq|\\equiv)")


def unreadable_definition(latex: str) -> str | None:
    r"""The name a definition this compiler cannot read defines (``\tilde y := (1 - \varepsilon) y + \1``, with an
    unknown macro): a statement that uses it must not read that name as a free variable."""
    found = _DEFINED_AS.match(latex)
    if found is None:
        return None
    try:
        _parse(latex)
    except _StopError:
        pass
    else:
        return None
    try:
        left = _parse(found["left"])
    except _StopError:
        return None
    if isinstance(left, n.Indexed) and isinstance(left.base, n.Symbol):
        left = left.base
    if isinstance(left, n.Power) and isinstance(left.base, n.Symbol):
        left = left.base
    return key(left) if isinstance(left, n.Symbol) else function_key(left) if isinstance(left, n.Apply) else None


@functools.lru_cache(maxsize=4096)
def formula_role(latex: str) -> Role:
    """Whether ``latex`` is context or a statement, as ``compile_formula`` would read it in ``given``.

    A formula is context only when every part of it is read as context (nothing left ``unread``,
    no equation kept as a fact to test): a definition whose name recurs in its own body, or a
    relation between two expressions, stays a statement and is checked.
    """
    try:
        node = _parse(latex)
    except _StopError:
        return Role("statement")
    symbols = frozenset(_symbols(node) | {function_key(x) for x in n.walk(node) if isinstance(x, n.Apply)} | {
        render(x) for x in n.walk(node) if isinstance(x, n.Superscript) and isinstance(x.base, n.Symbol)})  # x^\star
    if isinstance(node, n.Mapping):  # f: R^n -> R says what f is, but gives nothing to draw it from
        return Role("context", symbols=symbols)
    if isinstance(node, n.Relation) and isinstance(node.operands[0], n.Apply) \
            and is_generating_function(node.operands[0]):
        return Role("statement", symbols=symbols)  # M_X(t) = ... states X's MGF, it does not name a function
    parts = _separate(node)
    given = _read_given(parts)
    if isinstance(node, n.Relation) and len(node.operators) > 1 and node.operators[0] == "=" and (
            first := _definition(n.Relation(node.operands[:2], ("=",)))) is not None:
        return Role("statement", symbols=symbols, introduces=(first[0],))
    if given.unread:
        return Role("statement", symbols=symbols)
    spaces = [key(e) for m in n.walk(node) if isinstance(m, n.Membership) and not m.negated
              for e in (m.element.items if isinstance(m.element, n.TupleLiteral) else (m.element,))
              if isinstance(e, n.Symbol)]
    entrywise_domains: list[str] = []
    for condition in given.conditions:
        if not all(op in ("<", "<=", ">", ">=", "!=") for op in condition.operators):
            return Role("statement", symbols=symbols)  # E[X] = 1/lambda: a fact, i.e. a claim on its own
        probe = _Given({}, {}, {})
        _bounds(condition, probe)
        entrywise = [o.base for o in condition.operands if isinstance(o, n.Indexed) and isinstance(o.base, n.Symbol)]
        if entrywise and all(_number(o) is not None for o in condition.operands if not isinstance(o, n.Indexed)):
            entrywise_domains.extend(key(b) for b in entrywise if isinstance(b, n.Symbol))  # y_i >= 0: y's domain
            continue
        if not probe.bounds and not probe.nonzero:
            return Role("statement", symbols=symbols)  # f(y) >= f(x) + ...: an inequality to check
    for name, definition in given.functions.items():
        indexed = {id(x.base) for x in n.walk(definition.body) if isinstance(x, n.Indexed)}  # L = mean of L_x
        body = {key(x) for x in n.walk(definition.body) if isinstance(x, n.Symbol) and id(x) not in indexed} | {
            function_key(x) for x in n.walk(definition.body) if isinstance(x, n.Apply)}
        if name in body or name.split("_{", 1)[0] in body - set(definition.params):
            return Role("statement", symbols=symbols)  # x = x + 0 relates, it does not define
    aspects = {"space": spaces, "domain": [*entrywise_domains, *given.stated], "bound": [*given.bounds, *given.nonzero],
               "property": [*given.properties, *given.constants], "distribution": [*given.random, *given.samples],
               "independence": sorted(given.independent)}
    constrained = [(name, aspect) for aspect, names in aspects.items() for name in names]
    subjects = tuple(dict.fromkeys([*((name, "definition") for name in given.functions), *constrained]))
    if not subjects:
        return Role("statement", symbols=symbols)
    explicit = any(isinstance(x, n.Definition) for x in n.walk(node))
    return Role("definition" if given.functions and not constrained else "context", subjects, symbols, explicit)
