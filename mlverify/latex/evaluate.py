"""Evaluate a formula tree numerically, one example at a time.

The compiler turns both sides of a statement into numbers with this evaluator, so it must
follow the shape rules of ``shapes.py`` exactly: scalars are floats, column vectors 1-D
arrays, matrices 2-D arrays, and a row vector is a ``Row`` (not a 1 x n matrix), so that a
dimension of size 1 never blurs a row vector with a matrix or a scalar with a vector.

Two exceptions say why a value cannot be computed. ``OutsideDomainError``: the example lies
outside the formula's domain (log of a non-positive number, a singular inverse, overflow);
the caller rejects the example, it is never a counterexample. ``NotEvaluableError``: the
notation itself has no numerical reading here (an expectation, a limit, an unknown symbol).
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeGuard, TypeVar, cast

import numpy as np
from scipy import integrate, linalg, special

from mlverify.latex import nodes as n
from mlverify.latex.render import render
from mlverify.numerics import (
    UnsettledDerivativeError,
    derivative,
    elu,
    gaussian_density,
    leaky_relu,
    relu,
    second_derivative,
    sigmoid,
    softmax,
    softplus,
)

_TINY = 1e-9  # |denominator| below this: the example sits on a pole of the formula
_MAX_CONDITION = 1e6  # beyond this an inverse loses more digits than the exact tolerance allows
_MAX_CONDITION_DIFFERENCED = 1e3  # a Hessian by differences carries ~1e-9 errors: inverted, they grow by cond


class OutsideDomainError(Exception):
    """The example lies outside the formula's domain: reject it, do not refute."""


class NotEvaluableError(Exception):
    """The notation has no numerical reading in this evaluator; ``category`` is an ``Unchecked`` category."""

    def __init__(self, message: str, category: str = "unsupported") -> None:
        super().__init__(message)
        self.message, self.category = message, category


@dataclass(frozen=True)
class Row:
    """A row vector (a transposed column); kept apart from 1 x n matrices on purpose."""

    v: np.ndarray[Any, Any]


@dataclass(frozen=True)
class Fill:
    """``\\mathbf{1}`` / ``\\mathbf{0}``: a constant vector whose length the other operand decides."""

    value: float
    row: bool = False


@dataclass(frozen=True)
class FunctionDef:
    """A function or symbol defined in ``given`` (``L(w) = ...``, ``z := Wx``): parameters and body."""

    params: tuple[str, ...]
    body: n.Node
    entry_index: str | None = None  # a_i = body: the vector a, entry i of which is the body at i

    @functools.cached_property
    def takes_moments(self) -> bool:
        """Whether it speaks of a law (E, Var, Cov, P): its arguments are random quantities, not values."""
        return any(isinstance(x, n.Expectation | n.Variance | n.Covariance) or (
            isinstance(x, n.Apply) and x.function in ("P", "bb(P)")) for x in n.walk(self.body))

    @functools.cached_property
    def estimated(self) -> dict[str, str]:
        """For a definition that takes moments, each parameter ``\\hat\\theta`` whose body names ``\\theta`` too:
        the quantity it estimates, which is its argument's without the hat, never a variable of its own."""
        if not self.takes_moments:
            return {}
        named = {key(x) for x in n.walk(self.body) if isinstance(x, n.Symbol)}
        return {param: base for param in self.params
                if param.startswith("hat(") and (base := param.removeprefix("hat(").removesuffix(")")) in named}


Value = Any  # float | 1-D array | 2-D array | Row | Fill
NodeT = TypeVar("NodeT", bound=n.Node)


@dataclass(frozen=True)
class Env:
    """Values of the free symbols and bound indices, definitions, dimension sizes and the layout."""

    values: Mapping[str, Value]
    functions: Mapping[str, FunctionDef] = field(default_factory=dict)
    sizes: Mapping[str, int] = field(default_factory=dict)
    layout: str = "denominator"
    independent: frozenset[str] = frozenset()  # random variables stated mutually independent
    memo: dict[Any, Value] = field(default_factory=dict, compare=False, repr=False)  # see _defined_value

    def bind(self, name: str, value: Value) -> Env:
        return Env({**self.values, name: value}, self.functions, self.sizes, self.layout, self.independent, self.memo)


_KEYS: dict[n.Symbol, str] = {}


def key(sym: n.Symbol) -> str:
    """The name ``infer`` uses for a symbol: bold and plain spellings are one symbol."""
    if sym.accent is None and not sym.primes and sym.font not in ("cal", "bb"):  # as ``render`` spells it
        return sym.name
    try:
        return _KEYS[sym]
    except KeyError:
        return _KEYS.setdefault(sym, render(replace(sym, bold=False)))


def plain(value: Value, like: Value = None) -> Any:
    """The value as the engine's judge sees it: rows become 1 x n arrays, fills take ``like``'s shape."""
    if isinstance(value, Fill):
        if like is None or isinstance(like, Fill):
            raise NotEvaluableError("the length of \\mathbf{1} / \\mathbf{0} is not fixed by anything")
        return np.full(np.shape(plain(like)), value.value)
    if isinstance(value, Row):
        return value.v.reshape(1, -1)
    return value


def _finite(value: Value) -> Value:
    if isinstance(value, float):
        finite = math.isfinite(value)
    elif type(value) is np.ndarray:
        finite = bool(np.isfinite(value).all())
    elif isinstance(value, Row):
        finite = bool(np.isfinite(value.v).all())
    else:
        finite = isinstance(value, Fill) or bool(np.all(np.isfinite(value)))
    if not finite:
        raise OutsideDomainError("a value is infinite or undefined")
    return value


_QUIET: list[bool] = []  # not empty while an evaluation runs: numpy's error state is set once, at the outermost


def evaluate(node: n.Node, env: Env) -> Value:
    """The value of ``node`` in ``env``; raises ``OutsideDomainError`` or ``NotEvaluableError``. Only a whole
    side may be infinite (``\\infty``, a divergent series): inside an expression infinity is outside the domain."""
    if isinstance(node, n.Constant) and node.name == "infinity":
        return math.inf
    if _QUIET:  # inside another evaluation (a derivative's or an expectation's): warnings are off already
        return _series(node, env) if _infinite_series(node) else _value(node, env)
    _QUIET.append(True)
    try:
        with np.errstate(all="ignore"):
            return _series(node, env) if _infinite_series(node) else _value(node, env)
    finally:
        _QUIET.pop()


def _infinite_series(node: n.Node) -> TypeGuard[n.Sum]:
    return isinstance(node, n.Sum) and isinstance(node.upper, n.Constant) and node.upper.name == "infinity"


def _value(node: n.Node, env: Env) -> Value:
    entry = _COMPILED.get(id(node))
    if entry is None or entry[0] is not node:
        if len(_COMPILED) > 100_000:
            _COMPILED.clear()
        entry = _COMPILED[id(node)] = (node, _compiled(node))
    return entry[1](env)


Evaluator = Callable[[Env], Value]
_COMPILED: dict[int, tuple[n.Node, Evaluator]] = {}  # by id: a tree hashes by walking all of it


def _checked(value: Value) -> Value:
    if type(value) is float and value - value == 0.0:  # finite: most values of a scalar formula
        return value
    return _finite(value)


def _compiled(node: n.Node) -> Evaluator:
    """``node`` made a function of the environment once, so the examples of a search do not dispatch on node
    types at every visit: the arithmetic that makes up most formulas runs as nested closures, the rest
    through ``_eval``."""
    match node:
        case n.Number(text=text):
            number = float(text)
            return lambda env: number
        case n.Constant(name="e" | "pi" as name):
            constant = math.e if name == "e" else math.pi
            return lambda env: constant
        case n.Symbol(accent=None, primes=0, name=name) if node.font not in ("cal", "bb") and name not in ("0", "1"):
            def symbol(env: Env) -> Value:
                value = env.values.get(name)
                if type(value) is float and value - value == 0.0:
                    return value
                return _finite(value) if type(value) is np.ndarray else _checked(_symbol(node, env))
            return symbol
        case n.BinaryOp(op=op, left=left, right=right):
            first, second = _compiled(left), _compiled(right)
            return lambda env: _checked(binary(op, first(env), second(env)))
        case n.Negate(operand=operand):
            inner = _compiled(operand)
            return lambda env: _checked(_map(inner(env), np.negative))
        case n.Power(base=n.Constant(name="e"), exponent=exponent):
            inner = _compiled(exponent)
            return lambda env: _checked(_map(inner(env), np.exp))
        case n.Power(base=base, exponent=exponent):
            first, second = _compiled(base), _compiled(exponent)
            return lambda env: _checked(_power(first(env), second(env)))
        case n.Transpose(operand=operand):
            inner = _compiled(operand)
            return lambda env: _checked(transpose(inner(env)))
    return lambda env: _checked(_eval(node, env))


def _eval(node: n.Node, env: Env) -> Value:
    """The notations ``_compiled`` leaves to dispatch at each visit: the rarer ones, and those whose reading
    depends on the environment's definitions."""
    match node:
        case n.Symbol():
            return _symbol(node, env)
        case n.Indexed(base=base, indices=indices):
            return _indexed(base, indices, env)
        case n.Inverse(operand=operand):
            return _inverse(_value(operand, env), _MAX_CONDITION if not any(
                isinstance(x, n.Derivative) for x in n.walk(operand)) else _MAX_CONDITION_DIFFERENCED)
        case n.Apply():
            return _apply(node, env)
        case n.Norm(operand=operand, kind=kind):
            return _norm(_value(operand, env), kind)
        case n.Abs(operand=operand):
            return _map(_value(operand, env), np.abs)
        case n.Sqrt(operand=operand, index=None):
            return _map(_value(operand, env), _sqrt)
        case n.Sqrt(operand=operand, index=index):
            return _root(_value(operand, env), _value(index, env) if index is not None else 2.0)
        case n.Sum() | n.Product():
            return _series(node, env)
        case n.Integral(lower=lower, upper=upper, body=body, variable=n.Symbol() as variable) \
                if lower is not None and upper is not None:
            return _integral(body, key(variable), _limit(lower, env), _limit(upper, env), env)
        case n.Extremum(kind="max" | "min" | "sup" | "inf" as kind, under=n.Symbol() as index, body=body):
            return _over_index(kind, key(index), body, env)
        case n.Indicator(condition=test):
            return 1.0 if truth(test, env) else 0.0
        case n.KroneckerDelta(i=i, j=j):
            return 1.0 if _integer(_value(i, env)) == _integer(_value(j, env)) else 0.0
        case n.Piecewise(cases=cases):
            for case_value, when in cases:
                if when is None or truth(when, env):
                    return _value(case_value, env)
            raise OutsideDomainError("no case of the piecewise definition applies")
        case n.MatrixLiteral(rows=rows, environment=environment):
            return _matrix(rows, environment, env)
        case n.TupleLiteral(items=(item,)):
            return _value(item, env)
        case n.InnerProduct(left=left, right=right):
            a, b = plain(_value(left, env)), plain(_value(right, env))
            if np.shape(a) != np.shape(b):
                raise ValueError(f"inner product of shapes {np.shape(a)} and {np.shape(b)}")
            return float(np.sum(np.asarray(a) * np.asarray(b)))
        case n.Superscript() if render(node) in env.functions:  # x^\star defined in the context
            return _value(env.functions[render(node)].body, env)
        case n.Superscript() if render(node) in env.values:  # x^\star drawn: a drawn function's minimiser
            return env.values[render(node)]
        case n.Derivative():
            from mlverify.latex._derivatives import differentiate

            return differentiate(node, env)
        case n.Expectation(body=body, subscript=None):
            from mlverify.latex._probability import expectation

            return expectation(body, env)
        case n.Variance(args=args):
            from mlverify.latex._probability import variance

            return variance(args, env)
        case n.Covariance(args=(left, right)):
            from mlverify.latex._probability import covariance

            return covariance(left, right, env)
        case n.Covariance(args=(only,)):
            from mlverify.latex._probability import covariance

            return covariance(only, only, env)
    raise NotEvaluableError(f"{_describe(node)} has no numerical reading here ('{render(node)}')")


def _describe(node: n.Node) -> str:
    names = {n.Expectation: "an expectation", n.Variance: "a variance", n.Covariance: "a covariance",
             n.Integral: "an integral", n.Limit: "a limit", n.Extremum: "an optimisation (max/min over a set)",
             n.Dots: "an elision (\\dots)", n.Constant: "infinity", n.Conditional: "a conditional"}
    return names.get(type(node), f"the notation {type(node).__name__}")


def _symbol(sym: n.Symbol, env: Env) -> Value:
    if sym.bold and sym.name in ("1", "0"):
        return Fill(float(sym.name))
    name = key(sym)
    if name in env.values:
        value = env.values[name]
        if type(value) not in (float, np.ndarray) and not isinstance(value, int | np.number | np.ndarray | Row | Fill):
            raise NotEvaluableError(f"{name} stands for a {type(value).__name__.lower()} here, not a number "
                                    "(a random variable belongs inside E, Var or P)")
        return value
    if name in env.functions:
        definition = env.functions[name]  # a bare L means L at the current values of its parameters
        if definition.entry_index is not None:
            return _entries(definition, definition.entry_index, env)
        return _defined_value(name, definition, env)
    if name in env.sizes:
        return float(env.sizes[name])
    raise NotEvaluableError(f"the symbol {name} has no value")


def _defined_value(name: str, definition: FunctionDef, env: Env) -> Value:
    r"""A defined symbol used inside a sum (``\mu`` in ``\sum_i (x_i - \mu)^2``) has one value at every index:
    it is computed once per values of the symbols it depends on, not once per term."""
    memo_key = (name, env.layout, *(_fingerprint(env.values.get(s)) for s in _dependencies(name, env)))
    if (known := env.memo.get(memo_key)) is not None:
        return known
    value = env.memo[memo_key] = _value(definition.body, env)
    return value


_COSTLY = (n.Sum, n.Product, n.Apply, n.Inverse, n.Derivative, n.Expectation, n.Variance, n.Covariance, n.Integral,
           n.Extremum, n.Norm)
_BINDERS = (n.Sum, n.Product, n.Extremum, n.Integral, n.Derivative, n.Expectation, n.Variance, n.Covariance, n.Limit)
_LOOP_BODIES: dict[tuple[int, frozenset[str], int], tuple[n.Node, Mapping[str, FunctionDef], n.Node,
                                                          Mapping[str, FunctionDef]]] = {}


def loop_body(body: NodeT, indices: frozenset[str], env: Env) -> tuple[NodeT, Env]:
    r"""``body`` as a loop over ``indices`` evaluates it, with each costly part that does not depend on them
    (``\operatorname{softmax}(z / T)`` in ``\min_i \operatorname{softmax}(z / T)_i``) made a definition: like
    a defined symbol in a sum, it is computed once per values of what it depends on, not once per term."""
    cache_key = (id(body), indices, id(env.functions))
    cached = _LOOP_BODIES.get(cache_key)
    if cached is None or cached[0] is not body or cached[1] is not env.functions:
        if len(_LOOP_BODIES) > 10_000:
            _LOOP_BODIES.clear()
        hoisted: dict[str, FunctionDef] = {}
        rewritten = n.rebuild(body, lambda x: _hoisted(x, indices, env.functions, hoisted))
        cached = _LOOP_BODIES[cache_key] = (body, env.functions, rewritten, {**env.functions, **hoisted})
    _, functions, rewritten, extended = cached
    return cast(NodeT, rewritten), env if len(extended) == len(functions) else replace(env, functions=extended)


def _hoisted(node: n.Node, indices: frozenset[str], functions: Mapping[str, FunctionDef],
             hoisted: dict[str, FunctionDef]) -> n.Node | None:
    if isinstance(node, n.Symbol | n.Number | n.Constant):
        return node
    if isinstance(node, n.Statements | n.Relation):
        return None
    if isinstance(node, n.Sum) and isinstance(node.upper, n.Constant) and node.upper.name == "infinity":
        return node  # a series may be infinite only as a whole side (see evaluate)
    if not names_reached(node, functions) & indices and any(isinstance(x, _COSTLY) for x in n.walk(node)):
        placeholder = n.Symbol(f"⟨{render(node)}⟩")
        hoisted[key(placeholder)] = FunctionDef((), node)
        return placeholder
    return node if isinstance(node, _BINDERS) else None


def _dependencies(name: str, env: Env) -> tuple[str, ...]:
    """The names a definition's value can depend on, through the definitions its body uses."""
    if (known := env.memo.get(("dependencies", name))) is not None:
        return known  # type: ignore[no-any-return]
    found = names_reached(env.functions[name].body, env.functions)
    env.memo[("dependencies", name)] = dependencies = tuple(sorted(found))
    return dependencies


def names_reached(node: n.Node, functions: Mapping[str, FunctionDef]) -> set[str]:
    """The names ``node``'s value can depend on: those it references and those the definitions it uses do."""
    bodies = [node, *(d.body for d in used_definitions(node, functions).values())]
    return {used for b in bodies for x in n.walk(b) if (used := referenced_name(x))}


def _fingerprint(value: Value) -> Any:
    if value is None or isinstance(value, float | int | Fill):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.shape, value.tobytes()
    if isinstance(value, Row):
        return Row, _fingerprint(value.v)
    return id(value)  # a drawn law or function: fixed for the whole example


def referenced_name(node: n.Node) -> str:
    r"""The name under which ``node`` is looked up in values and definitions ('' for a node that names nothing):
    a symbol, a function applied (``M_X(t)`` under its subscript), ``x^\star``."""
    return function_key(node) if isinstance(node, n.Apply) else key(node) if isinstance(node, n.Symbol) else (
        render(node) if isinstance(node, n.Superscript) else "")


def used_definitions(statement: n.Node, functions: Mapping[str, FunctionDef]) -> dict[str, FunctionDef]:
    """The given definitions the statement reaches, directly or through other definitions."""
    used: dict[str, FunctionDef] = {}
    pending = [statement]
    while pending:
        for node in n.walk(pending.pop()):
            name = referenced_name(node)
            if name in functions and name not in used:
                used[name] = functions[name]
                pending.append(functions[name].body)
            if name in functions and isinstance(node, n.Apply) and functions[name].estimated:
                pending.extend(_without_hats(arg) for arg in node.args)  # MSE(hat sigma) reaches sigma too
    return used


def _entries(definition: FunctionDef, index: str, env: Env) -> Value:
    """The vector defined entry by entry (``a_i = body``), as long as the arrays its body indexes by i."""
    lengths = {len(value) for x in n.walk(definition.body) if isinstance(x, n.Indexed) and isinstance(x.base, n.Symbol)
               and x.indices == (n.Symbol(index),) and isinstance(value := _entries_of(x.base, env), np.ndarray)
               and value.ndim == 1}
    if len(lengths) != 1:
        raise NotEvaluableError(f"the length of a vector defined entry by entry (index {index}) is not fixed")
    body, env = loop_body(definition.body, frozenset((index,)), env)
    return np.array([float(plain(_value(body, env.bind(index, float(k))))) for k in range(1, lengths.pop() + 1)])


def _entries_of(array: n.Symbol, env: Env) -> Value | None:
    """The value of an array a body indexes: drawn, or itself defined entry by entry (y_i = gamma hat x_i + beta)."""
    name = key(array)
    definition = env.functions.get(name)
    if name not in env.values and definition is not None and definition.entry_index is not None:
        return _entries(definition, definition.entry_index, env)
    return env.values.get(name)


def _integer(value: Value) -> int:
    if type(value) is float and value.is_integer():
        return int(value)
    number = float(plain(value)) if np.ndim(plain(value)) == 0 else math.nan
    if not math.isfinite(number) or number != round(number):
        raise NotEvaluableError(f"an index or bound is not an integer ({number})")
    return round(number)


def _indexed(base: n.Node, indices: tuple[n.Node, ...], env: Env) -> Value:
    if n.is_ones(base) and len(indices) == 1:  # 1_n
        try:
            return np.full(_integer(_value(indices[0], env)), float(base.name))
        except NotEvaluableError:
            return _symbol(base, env)
    if n.is_sized_identity(n.Indexed(base, indices)):  # I_n
        return np.eye(_integer(_value(indices[0], env)))
    try:
        where = [_integer(_value(i, env)) - 1 for i in indices]  # indices are 1-based as written
    except NotEvaluableError:
        raise NotEvaluableError(f"the subscript of '{render(n.Indexed(base, indices))}' is a label, not an index "
                           "(subscripted variables are not supported yet)") from None
    value = _value(base, env)
    array = value.v if isinstance(value, Row) else value
    if not isinstance(array, np.ndarray) or len(where) > array.ndim:
        raise NotEvaluableError(f"'{render(base)}' is not indexable by {len(where)} indices")
    if any(not 0 <= w < array.shape[k] for k, w in enumerate(where)):
        raise OutsideDomainError("an index is out of range")
    return float(array[tuple(where)]) if len(where) == array.ndim else array[tuple(where)].copy()


def _resolve(a: Value, b: Value) -> tuple[Value, Value]:
    """Give ``\\mathbf{1}`` the length of the other operand."""
    if isinstance(a, Fill) and not isinstance(b, Fill):
        length = b.v.size if isinstance(b, Row) else np.shape(b)[0] if np.ndim(b) else 0
        if isinstance(b, np.ndarray) and b.ndim == 2 and a.row:
            length = b.shape[0]
        elif isinstance(b, np.ndarray) and b.ndim == 2:
            length = b.shape[1]
        full = np.full(length, a.value)
        a = Row(full) if a.row else full
    if isinstance(b, Fill) and not isinstance(a, Fill):
        a, b = _resolve(b, a)[::-1]
    return a, b


def _map(value: Value, fn: Callable[[Any], Any]) -> Value:
    """An elementwise function, applied inside rows too."""
    if isinstance(value, Row):
        return Row(np.asarray(fn(value.v), dtype=np.float64))
    if isinstance(value, Fill):
        return Fill(float(fn(value.value)), value.row)
    return _number_or_array(fn(value))


def _same_kind(a: Value, b: Value, what: str) -> None:
    if isinstance(a, Row) != isinstance(b, Row) or np.shape(plain(a)) != np.shape(plain(b)):
        raise ValueError(f"{what} of {np.shape(plain(a))} and {np.shape(plain(b))}")


_SCALAR_OPERATIONS: dict[str, Callable[[float, float], float]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "@": operator.mul, "odot": operator.mul,
    "times": operator.mul, "/": operator.truediv}


def binary(op: str, a: Value, b: Value) -> Value:
    """``+ - @ * / odot otimes times`` with the broadcasting rules of ``shapes.py``."""
    if type(a) is float and type(b) is float and op in _SCALAR_OPERATIONS:  # most of a scalar formula's work
        if op == "/" and abs(b) < _TINY:
            raise OutsideDomainError("division by zero")
        return _SCALAR_OPERATIONS[op](a, b)
    if op in ("@", "*", "times") and isinstance(a, Fill) != isinstance(b, Fill):
        fill, other = (a, b) if isinstance(a, Fill) else (b, a)
        if isinstance(other, float | int):  # c 1: still a constant vector of open length
            return Fill(fill.value * float(other), fill.row)
    a, b = _resolve(a, b)
    scalar = np.ndim(plain(a)) == 0 or np.ndim(plain(b)) == 0
    if op in ("+", "-", "odot") or (op == "/" and not scalar):
        if not scalar:
            _same_kind(a, b, f"'{op}'")
        if op == "/":
            return _divide(a, b)
        fn = {"+": np.add, "-": np.subtract, "odot": np.multiply}[op]
        return _zip(a, b, fn)
    if op == "/":
        return _divide(a, b)
    if op == "otimes":
        x, y = np.asarray(plain(a), dtype=np.float64), np.asarray(plain(b), dtype=np.float64)
        return np.outer(x, y) if x.ndim == 1 and y.ndim == 1 else np.kron(x, y)
    if op in ("@", "*", "times"):
        if scalar:
            return _zip(a, b, np.multiply)
        if op == "*" and isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.ndim == b.ndim == 1:
            _same_kind(a, b, "dot product")
            return float(a @ b)
        if op == "times" and np.shape(plain(a)) == np.shape(plain(b)) == (3,):
            return np.cross(a, b)
        return matmul(a, b)
    raise NotEvaluableError(f"the operator {op} has no numerical reading here")


def _zip(a: Value, b: Value, fn: Callable[[Any, Any], Any]) -> Value:
    row = isinstance(a, Row) or isinstance(b, Row)
    result = fn(a.v if isinstance(a, Row) else a, b.v if isinstance(b, Row) else b)
    if row:
        return Row(np.asarray(result, dtype=np.float64))
    return _number_or_array(result)


def _number_or_array(result: Any) -> Value:
    """A plain float for a scalar (the evaluator's fast paths test ``type(x) is float``), else a float array."""
    if isinstance(result, np.ndarray) and result.ndim:
        return result if result.dtype == np.float64 else result.astype(np.float64)
    return float(result)


def _divide(a: Value, b: Value) -> Value:
    denominator = b.v if isinstance(b, Row) else b
    if np.any(np.abs(denominator) < _TINY):
        raise OutsideDomainError("division by zero")
    return _zip(a, b, np.divide)


def matmul(a: Value, b: Value) -> Value:
    """Juxtaposition of non-scalars: columns are 1-D, rows are ``Row``; two columns multiply elementwise."""
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.ndim == b.ndim == 1:
        _same_kind(a, b, "elementwise product")
        return a * b
    if isinstance(a, Row) and isinstance(b, np.ndarray) and b.ndim == 1:
        _same_kind(a.v, b, "row times column")
        return float(a.v @ b)
    if isinstance(a, Row) and isinstance(b, np.ndarray):
        return Row(a.v @ b)
    if isinstance(a, np.ndarray) and a.ndim == 1 and isinstance(b, Row):
        return np.outer(a, b.v)
    if isinstance(a, np.ndarray) and a.ndim == 2 and isinstance(b, np.ndarray):
        return np.asarray(a @ b, dtype=np.float64)
    if isinstance(a, np.ndarray) and a.ndim == 2 and isinstance(b, Row) and a.shape[1] == 1:
        return np.asarray(a @ b.v.reshape(1, -1), dtype=np.float64)
    raise ValueError(f"product of {_kind(a)} and {_kind(b)} is undefined")


def _kind(value: Value) -> str:
    if isinstance(value, Row):
        return f"a row vector (1 x {value.v.size})"
    shape = np.shape(value)
    return "a scalar" if not shape else f"a vector ({shape[0]})" if len(shape) == 1 else f"a matrix {shape}"


def transpose(value: Value) -> Value:
    if isinstance(value, Row):
        return value.v.copy()
    if isinstance(value, Fill):
        return Fill(value.value, not value.row)
    if isinstance(value, np.ndarray):
        return Row(value.copy()) if value.ndim == 1 else value.T.copy()
    return value


def _inverse(value: Value, max_condition: float = 1e6) -> Value:
    if isinstance(value, np.ndarray) and value.ndim == 2 and value.shape[0] == value.shape[1]:
        singular_values = np.linalg.svd(value, compute_uv=False)
        if singular_values[-1] < _TINY or singular_values[0] > max_condition * singular_values[-1]:
            raise OutsideDomainError("the matrix is singular")  # or so near it that rounding decides the inverse
        return np.linalg.inv(value)
    if np.ndim(plain(value)) == 0:
        return _divide(1.0, value)
    raise ValueError(f"cannot invert {_kind(value)}")


def _fractional_power(base: np.ndarray, p: float) -> np.ndarray:
    """The principal power ((M^T M)^{1/2}, Sigma^{-1/2}, (AB)^{1/2}): defined, and real, when no eigenvalue lies
    on the closed negative real axis (zero allowed for a positive power of a symmetric matrix)."""
    scale = max(1.0, float(np.abs(base).max()))
    if np.allclose(base, base.T, rtol=1e-9, atol=1e-12 * scale):
        eigenvalues, vectors = np.linalg.eigh((base + base.T) / 2)
        if eigenvalues.min() < -1e-9 * scale or (p < 0 and eigenvalues.min() <= _TINY * scale):
            raise OutsideDomainError(f"power {p:g} of a matrix that is not positive "
                                     f"{'definite' if p < 0 else 'semi-definite'}")
        return cast(np.ndarray, (vectors * np.clip(eigenvalues, 0.0, None) ** p) @ vectors.T)
    eigenvalues = np.linalg.eigvals(base)
    if np.any((eigenvalues.real <= _TINY * scale) & (np.abs(eigenvalues.imag) <= 1e-9 * scale)):
        raise OutsideDomainError(f"power {p:g} of a matrix with an eigenvalue on the negative real axis")
    power = linalg.fractional_matrix_power(base, p)
    return cast(np.ndarray, np.real(power))


def _power(base: Value, exponent: Value) -> Value:
    if np.ndim(plain(exponent)) != 0:
        raise NotEvaluableError("a power with a non-scalar exponent")
    p = float(exponent)
    integral = p == round(p)
    if isinstance(base, np.ndarray) and base.ndim == 2:
        if base.shape[0] == base.shape[1] and not integral:
            return _fractional_power(base, p)
        if base.shape[0] != base.shape[1]:
            raise ValueError(f"power {p:g} of {_kind(base)}")
        if p < 0:
            base, p = _inverse(base), -p
        return np.linalg.matrix_power(base, int(p))
    data = base.v if isinstance(base, Row) else base
    if not integral and np.any(np.asarray(data) < 0):
        raise OutsideDomainError("a fractional power of a negative number")
    if p < 0 and np.any(np.abs(np.asarray(data)) < _TINY):
        raise OutsideDomainError("a negative power of zero")
    return _map(base, lambda x: np.power(x, p))


def _sqrt(x: Any) -> Any:
    if np.any(np.asarray(x) < 0):
        raise OutsideDomainError("square root of a negative number")
    return np.sqrt(x)


def _root(value: Value, index: Value) -> Value:
    k = _integer(index)
    if k % 2:
        return _map(value, lambda x: np.sign(x) * np.abs(x) ** (1.0 / k))
    return _map(value, lambda x: _sqrt(x) ** (2.0 / k))


def _log(x: Any) -> Any:
    if np.any(np.asarray(x) <= 0):
        raise OutsideDomainError("logarithm of a non-positive number")
    return np.log(x)


def _domain(lo: float, hi: float, fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def guarded(x: Any) -> Any:
        if np.any(np.asarray(x) < lo) or np.any(np.asarray(x) > hi):
            raise OutsideDomainError("argument outside the function's domain")
        return fn(x)

    return guarded


ELEMENTWISE: dict[str, Callable[[Any], Any]] = {
    "exp": np.exp, "log": _log, "sqrt": _sqrt, "sigmoid": sigmoid, "tanh": np.tanh,
    "relu": relu, "leaky_relu": lambda x: leaky_relu(x, 0.01),
    "softplus": softplus, "sin": np.sin, "cos": np.cos, "tan": np.tan, "sinh": np.sinh, "cosh": np.cosh,
    "coth": lambda x: 1.0 / np.tanh(x), "sech": lambda x: 1.0 / np.cosh(x), "sec": lambda x: 1.0 / np.cos(x),
    "csc": lambda x: 1.0 / np.sin(x), "cot": lambda x: 1.0 / np.tan(x), "arcsin": _domain(-1, 1, np.arcsin),
    "arccos": _domain(-1, 1, np.arccos), "arctan": np.arctan, "elu": lambda x: elu(x, 1.0), "abs": np.abs,
    "sign": np.sign, "logit": _domain(1e-12, 1 - 1e-12, lambda p: np.log(p / (1 - p))),
    "swish": lambda x: x * sigmoid(x), "silu": lambda x: x * sigmoid(x), "erf": special.erf,
    "floor": np.floor, "ceil": np.ceil,
}


# Activations whose parameter is written as a subscript: ELU_alpha(x), LeakyReLU_alpha(x).
PARAMETRISED: dict[str, Callable[[Any, float], Any]] = {"elu": elu, "leaky_relu": leaky_relu}


def is_generating_function(node: n.Apply) -> bool:
    r"""``M_X(t)``, the moment generating function of a random X, or ``K_X(t) = \log M_X(t)``, its cumulant
    generating function: what the notation means in every text that writes it."""
    return (node.function in ("M", "K") and len(node.args) == 1 and len(node.subscript) == 1
            and _sum_of_variables(node.subscript[0]))


def _sum_of_variables(node: n.Node) -> bool:
    """``X`` or ``X + Y`` (capital letters): what an MGF's subscript names (its convergence is each term's)."""
    if isinstance(node, n.BinaryOp) and node.op == "+":
        return _sum_of_variables(node.left) and _sum_of_variables(node.right)
    return isinstance(node, n.Symbol) and node.name[:1].isupper()


def function_key(node: n.Apply) -> str:
    """``M_X(t)``: a subscripted function defined in the context is a function of its own."""
    if not node.subscript:
        return node.function
    return f"{node.function}_{{{', '.join(render(s) for s in node.subscript)}}}"


def _apply(node: n.Apply, env: Env) -> Value:
    name = function_key(node)
    if (definition := env.functions.get(name)) is not None and (
            len(definition.params) == len(node.args) or (name, len(node.args)) not in _ENTROPIES):
        if len(definition.params) != len(node.args):
            raise NotEvaluableError(f"{name} takes {len(definition.params)} arguments, given {len(node.args)}")
        if definition.takes_moments:
            return _value(_substituted(definition, node.args), env)
        inner = env
        for param, arg in zip(definition.params, node.args, strict=True):
            inner = inner.bind(param, _value(arg, env))
        return _value(definition.body, inner)
    name = node.function
    if name == "KL" and len(node.args) == 1 and isinstance(node.args[0], n.Conditional):  # KL(p \\| q)
        node = n.Apply(name, (node.args[0].event, node.args[0].given))
    if name in ("P", "bb(P)") and len(node.args) == 1 and not node.subscript:
        from mlverify.latex._probability import probability

        return probability(node.args[0], env)
    if name in ("KL", "H", "h") and not node.subscript:
        from mlverify.latex._probability import information_of_laws

        if (value := information_of_laws(name, node.args, env)) is not None:
            return value
    if (density := n.gaussian_density(node)) is not None:
        return gaussian_density(*(plain(_value(a, env)) for a in density))
    args = [_value(a, env) for a in node.args]
    if is_generating_function(node):
        from mlverify.latex._probability import generating_function

        return generating_function(name, node.subscript[0], plain(args[0]), env)
    drawn = env.values.get(name)
    if callable(drawn) and len(args) == 1 and not node.subscript:  # a function drawn from a family
        result = drawn(plain(args[0]))
        return float(result) if np.ndim(result) == 0 else np.asarray(result, dtype=np.float64)
    return call(name, args, node.subscript, env)


def _substituted(definition: FunctionDef, args: Sequence[n.Node]) -> n.Node:
    r"""The body with the arguments written in: ``\mathrm{Bias}(\hat\theta) = \mathbb{E}[\hat\theta] - \theta``
    takes the expectation of the estimator itself, not of one value of it, and the theta its hat estimates is the
    argument without its hat (``\mathrm{Bias}(\hat\sigma^2)``: sigma^2)."""
    written: dict[str, n.Node] = dict(zip(definition.params, args, strict=True))
    for param, estimated in definition.estimated.items():
        if (plain_arg := _without_hats(written[param])) is not written[param]:
            written.setdefault(estimated, plain_arg)

    def write(x: n.Node) -> n.Node | None:
        return written.get(key(x)) if isinstance(x, n.Symbol) else None

    return n.rebuild(definition.body, write)


def _without_hats(node: n.Node) -> n.Node:
    return n.rebuild(node, lambda x: replace(x, accent=None) if isinstance(x, n.Symbol) and x.accent == "hat" else None)


_ENTROPIES = frozenset({("H", 1), ("H", 2)})  # H(p) defined on a sheet leaves H(p, q) the cross-entropy, and back


def call(name: str, args: list[Value], subscript: tuple[n.Node, ...] = (), env: Env | None = None) -> Value:
    """A known function applied to values (``derivative`` uses it for f'(x))."""
    if name == "log" and subscript and env is not None:
        base = float(plain(evaluate(subscript[0], env)))
        if base <= 0 or base == 1:
            raise OutsideDomainError("logarithm to a base that is not positive or is 1")
        return _map(args[0], lambda x: _log(x) / math.log(base))
    if name == "lambda" and len(subscript) == 1 and isinstance(subscript[0], n.Symbol) and len(args) == 1:
        return _extreme_eigenvalue(plain(args[0]), subscript[0].name)
    if name == "singular_value" and len(subscript) == 1 and isinstance(subscript[0], n.Symbol) and len(args) == 1:
        if np.ndim(plain(args[0])) != 2:
            raise ValueError(f"singular values of {_kind(args[0])}")
        values = np.linalg.svd(plain(args[0]), compute_uv=False)
        return float(np.max(values) if subscript[0].name == "max" else np.min(values))
    if name in PARAMETRISED and subscript and env is not None and len(args) == 1:
        parameter = float(plain(evaluate(subscript[0], env)))
        return _map(args[0], lambda x: PARAMETRISED[name](x, parameter))
    if name in ELEMENTWISE and len(args) == 1:
        return _map(args[0], ELEMENTWISE[name])
    if name in ("max", "min") and len(args) == 2:
        a, b = _resolve(*args)
        return _zip(a, b, np.maximum if name == "max" else np.minimum)
    if name in ("max", "min") and len(args) == 1:
        data = plain(args[0])
        return float(np.max(data) if name == "max" else np.min(data))
    if len(args) == 1:
        value = plain(args[0])
        if name == "softmax":
            return softmax(value) if np.ndim(value) == 1 else np.stack([softmax(row) for row in value]) if np.ndim(
                value) == 2 else _not_a_vector(name)  # of a matrix: of each row, as attention takes it
        if name == "logsumexp":
            return float(np.logaddexp.reduce(value)) if np.ndim(value) == 1 else _not_a_vector(name)
        if name in ("tr", "det"):
            if np.ndim(value) != 2 or value.shape[0] != value.shape[1]:
                raise ValueError(f"{name} of {_kind(args[0])}")
            return float(np.trace(value) if name == "tr" else np.linalg.det(value))
        if name == "diag":
            return np.diag(value).astype(np.float64) if np.ndim(value) in (1, 2) else _not_a_vector(name)
        if name == "eig":  # largest first, as sheets number them
            return _real_eigenvalues(value)[::-1].copy()
        if name == "pinv":
            if np.ndim(value) != 2:
                raise ValueError(f"the pseudo-inverse of {_kind(args[0])}")
            return np.linalg.pinv(value)
        if name == "sv":
            if np.ndim(value) != 2:
                raise ValueError(f"singular values of {_kind(args[0])}")
            return np.linalg.svd(value, compute_uv=False)
    if name == "factorial" and len(args) == 1:
        return float(math.factorial(_count(args[0], 170)))
    if name == "binom" and len(args) == 2:
        top, chosen = _count(args[0], 1000), _count(args[1], 1000)
        return float(math.comb(top, chosen))
    if name == "H" and len(args) in (1, 2) and all(np.ndim(plain(a)) == 1 for a in args):  # entropy, cross-entropy
        p, q = (np.asarray(plain(a), dtype=np.float64) for a in (args[0], args[-1]))
        return float(-np.sum(p * _log(q)))
    if name == "KL" and len(args) == 2:
        p, q = (np.asarray(plain(a), dtype=np.float64) for a in args)
        return float(np.sum(p * (_log(p) - _log(q))))
    raise NotEvaluableError(f"the function {name} with {len(args)} argument(s) has no numerical reading here")


def _count(value: Value, largest: int) -> int:
    """A factorial's or binomial coefficient's argument: a natural number small enough for a float result."""
    count = _integer(value)
    if not 0 <= count <= largest:
        raise OutsideDomainError(f"a count outside 0..{largest} ({count})")
    return count


def _extreme_eigenvalue(matrix: Any, which: str) -> float:
    values = _real_eigenvalues(matrix)
    return float(values[-1] if which == "max" else values[0])


def _real_eigenvalues(matrix: Any) -> np.ndarray[Any, Any]:
    """The eigenvalues of a square matrix, smallest first; complex ones put the example outside the domain."""
    if np.ndim(matrix) != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"eigenvalues of {_kind(matrix)}")
    values = np.linalg.eigvals(matrix)
    if np.any(np.abs(values.imag) > 1e-9 * max(1.0, float(np.max(np.abs(values))))):
        raise OutsideDomainError("the matrix has complex eigenvalues")
    return np.sort(values.real)


def _not_a_vector(name: str) -> Value:
    raise ValueError(f"{name} needs a vector")


def _norm(value: Value, kind: str | None) -> float:
    data = np.asarray(plain(value), dtype=np.float64)
    if isinstance(value, Row):
        data = value.v
    if kind == "p":
        raise NotEvaluableError("a p-norm with a symbolic p")
    if data.ndim == 0:
        return float(abs(data))
    if kind == "max":
        return float(np.max(np.abs(data)))
    if kind == "*" and data.ndim != 2:
        raise NotEvaluableError("a nuclear norm of a non-matrix")
    order: Any = {None: None, "1": 1, "2": 2, "F": "fro", "inf": np.inf, "*": "nuc"}[kind]
    if data.ndim == 1 and order == "fro":
        order = None
    return float(np.linalg.norm(data, order))


def _series(node: n.Sum | n.Product, env: Env) -> Value:
    if node.condition is not None or not isinstance(node.index, n.Symbol):
        raise NotEvaluableError(f"a {'sum' if isinstance(node, n.Sum) else 'product'} over a condition or a set")
    index = key(node.index)
    lower = _integer(_value(node.lower, env)) if node.lower is not None else 1
    if isinstance(node, n.Sum) and isinstance(node.upper, n.Constant) and node.upper.name == "infinity":
        return _infinite_sum(node.body, index, lower, env)
    upper = _integer(_value(node.upper, env)) if node.upper is not None else index_range(node.body, index, env)
    if upper - lower > 10_000:
        raise NotEvaluableError("a sum or product with more than 10000 terms")
    total: Value = 0.0 if isinstance(node, n.Sum) else 1.0
    body, env = loop_body(node.body, frozenset((index,)), env)
    for i in range(lower, upper + 1):
        term = _value(body, env.bind(index, float(i)))
        total = binary("+" if isinstance(node, n.Sum) else "odot", total, term)
    return total


def _infinite_sum(body: n.Node, index: str, lower: int, env: Env) -> float:
    r"""``\sum_{t=1}^\infty a_t`` for the series whose sum is known exactly: a power law c t^{-p} (c zeta(p), or
    infinity for p <= 1) and a geometric c r^t (or infinity for |r| >= 1 and terms of one sign); any other
    series is not read (partial sums cannot tell slow convergence from divergence)."""

    def term(t: int) -> float:
        value = plain(_value(body, env.bind(index, float(t))))
        if np.ndim(value):
            raise NotEvaluableError("a series of non-scalar terms")
        return float(value)

    start = max(lower, 1)
    doubling = [term(start * 2**k) for k in range(5)]
    if all(v > 0 for v in doubling) or all(v < 0 for v in doubling):
        ratios = [b / a for a, b in itertools.pairwise(doubling)]
        if max(ratios) - min(ratios) <= 1e-12 * max(abs(r) for r in ratios):  # c t^-p (from t = 1 on)
            p = -math.log2(ratios[0])
            if abs(p * 64 - round(p * 64)) < 1e-6:  # 1/t computed as (1/sqrt t)^2 is not exactly t^-1
                p = round(p * 64) / 64
            c = doubling[0] * float(start) ** p
            head = sum(term(t) for t in range(lower, start))
            if p <= 1:
                return math.copysign(math.inf, c)
            return float(head + c * float(special.zeta(p, start)))
    steps = [term(lower + k) for k in range(6)]
    if any(v == 0 for v in steps):
        if (total := _shrinking_series(term, lower)) is not None:
            return total
        raise OutsideDomainError("a series with zero terms here (x = 0): its kind cannot be told")
    r = steps[1] / steps[0]
    if all(abs(b / a - r) <= 1e-12 * max(1.0, abs(r)) for a, b in itertools.pairwise(steps)):
        if abs(r) < 1:
            return steps[0] / (1 - r)
        raise OutsideDomainError("a geometric series with ratio of size at least 1 diverges")
    if (total := _shrinking_series(term, lower)) is not None:
        return total
    raise NotEvaluableError("a series that is neither a power law nor geometric, nor shrinking faster than a "
                            "geometric one (its sum is not known exactly)")


def _shrinking_series(term: Callable[[int], float], lower: int) -> float | None:
    """A series whose term ratio falls below 1/2 and keeps falling (lambda^k / k!, a Poisson law's moments):
    summed until the ratio test bounds the tail below rounding; None if the terms never settle so."""
    terms: list[float] = []
    total = 0.0
    for t in range(lower, lower + 2000):
        terms.append(term(t))
        total += terms[-1]
        recent = terms[-8:]
        if len(recent) < 8 or 0.0 in recent[:-1]:
            continue
        ratios = [abs(b / a) for a, b in itertools.pairwise(recent)]
        falling = all(later <= earlier * (1 + 1e-12) for earlier, later in itertools.pairwise(ratios))
        if falling and ratios[-1] <= 0.5 and abs(terms[-1]) * ratios[-1] / (1 - ratios[-1]) <= 1e-16 * abs(total):
            if max(map(abs, terms)) > 1e5 * abs(total):  # e^{-20} as a sum of terms up to 10^7
                raise OutsideDomainError("the series' terms cancel beyond double precision")
            return total
    return None


def _limit(node: n.Node, env: Env) -> float:
    r"""An integral's limit: a number, or ``\infty`` / ``-\infty``."""
    if isinstance(node, n.Constant) and node.name == "infinity":
        return math.inf
    if isinstance(node, n.Negate) and isinstance(node.operand, n.Constant) and node.operand.name == "infinity":
        return -math.inf
    value = plain(_value(node, env))
    if np.ndim(value):
        raise NotEvaluableError("an integral with a non-scalar limit")
    return float(value)


def _integral(body: n.Node, variable: str, lower: float, upper: float, env: Env) -> float:
    r"""``\int_a^b f(x)\,dx`` by adaptive quadrature; an integral that does not settle is outside the domain."""

    def integrand(x: float) -> float:
        value = plain(_value(body, env.bind(variable, x)))
        if np.ndim(value):
            raise NotEvaluableError("the integral of a non-scalar")
        return float(value)

    pieces = [(lower, upper)]
    if math.isinf(lower) or math.isinf(upper):  # split where the integrand peaks, or quadrature can miss a spike
        peak = _peak(integrand, env, lower, upper)
        if peak is not None:
            pieces = [(lower, peak), (peak, upper)]
    value, error = 0.0, 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error", integrate.IntegrationWarning)
        try:
            for a, b in pieces:
                part, part_error = integrate.quad(integrand, a, b, epsabs=1e-12, epsrel=1e-11, limit=200)
                value, error = value + part, error + part_error
        except integrate.IntegrationWarning:
            raise OutsideDomainError("the integral does not converge (or quadrature cannot settle it)") from None
    if not math.isfinite(value) or error > 1e-8 * max(1.0, abs(value)):
        raise OutsideDomainError("the integral does not converge (or quadrature cannot settle it)")
    return float(value)


def _peak(integrand: Callable[[float], float], env: Env, lower: float, upper: float) -> float | None:
    """Of 0 and the formula's scalar values (a mean mu, a location), the point inside (lower, upper) where the
    integrand is largest: a narrow density centred at mu = 2 is invisible to quadrature over the whole line."""
    candidates = {0.0} | {float(v) for v in env.values.values()
                          if isinstance(v, float | int) and not isinstance(v, bool) and math.isfinite(v)}
    inside = [c for c in sorted(candidates) if lower < c < upper]
    sizes = []
    for c in inside:
        try:
            sizes.append((abs(integrand(c)), c))
        except (OutsideDomainError, NotEvaluableError, ArithmeticError, ValueError):
            continue
    return max(sizes)[1] if sizes else None


def _over_index(kind: str, index: str, body: n.Node, env: Env) -> float:
    r"""``\max_k z_k``: the largest (or smallest) term over the index's range, as a sum runs over it."""
    size = index_range(body, index, env)
    body, env = loop_body(body, frozenset((index,)), env)
    terms = [plain(_value(body, env.bind(index, float(i)))) for i in range(1, size + 1)]
    if any(np.ndim(t) for t in terms):
        raise NotEvaluableError("a max or min of non-scalar terms")
    return float(max(terms) if kind in ("max", "sup") else min(terms))


def index_range(body: n.Node, index: str, env: Env) -> int:
    """``\\sum_i x_i``: the index runs over the axis of the first array it subscripts."""
    stack: list[n.Node] = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, n.Indexed):
            for axis, i in enumerate(node.indices):
                if isinstance(i, n.Symbol) and key(i) == index:
                    base = plain(_value(node.base, env))
                    if np.ndim(base) > axis:
                        return int(np.shape(base)[axis])
        stack.extend(n.children(node))
    raise NotEvaluableError(f"the range of the index {index} is not stated")


COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def truth(condition: n.Node, env: Env) -> bool:
    """A condition of an indicator or a case: a chain of scalar comparisons."""
    if not isinstance(condition, n.Relation) or not all(op in COMPARISONS for op in condition.operators):
        raise NotEvaluableError(f"the condition '{render(condition)}' is not a comparison")
    values = [plain(evaluate(o, env)) for o in condition.operands]
    if any(np.ndim(v) for v in values):
        raise NotEvaluableError(f"the condition '{render(condition)}' compares non-scalars")
    return all(COMPARISONS[op](float(values[k]), float(values[k + 1])) for k, op in enumerate(condition.operators))


def _matrix(rows: tuple[tuple[n.Node, ...], ...], environment: str, env: Env) -> Value:
    entries = [[plain(_value(c, env)) for c in row] for row in rows]
    if any(np.ndim(e) for row in entries for e in row):
        raise NotEvaluableError("a block matrix literal")
    array = np.array(entries, dtype=np.float64)
    if environment == "vmatrix":
        return float(np.linalg.det(array))
    return array[:, 0].copy() if array.shape[1] == 1 else array


def scalar_derivative(fn: Callable[[float], float], x: float, order: int) -> float:
    """f'(x) or f''(x) of a scalar function, for the prime notation."""
    if order == 1:
        try:
            return float(derivative(fn, x, strict=True))
        except UnsettledDerivativeError as exc:
            raise OutsideDomainError(f"{exc}: a kink or a singularity is too close") from None
    if order == 2:
        return float(second_derivative(fn, x))
    raise NotEvaluableError(f"a derivative of order {order}")
