"""Grammar tree -> mlverify nodes: one method per grammar rule, called as the parser reduces.

The grammar leaves juxtaposition flat (``product`` is a list of factors and explicit
product operators). ``_fold`` reads that list left to right and is where notation that is
not context-free gets its meaning:

- **Prefix operators take the rest of the product as their body**: ``\\sum``, ``\\prod``,
  ``\\nabla``, ``\\partial_x``, ``\\frac{\\partial}{\\partial x}``, ``\\frac{d}{dx}``, ``\\lim``,
  ``\\int`` (whose trailing ``d x`` names the variable), ``\\max_x``, ``\\mathbb{E}_x`` with no
  bracket. So ``\\sum_i p_i \\log q_i`` sums ``p_i \\log q_i``; a ``+`` ends the body.
- **Application vs multiplication**: a factor followed by a parenthesised group is an
  application when the factor is a named function (``\\log``, ``\\operatorname{tr}``,
  ``\\text{softmax}``, any ``\\operatorname{word}``) or a letter in ``FUNCTION_LETTERS``; a
  letter in ``WEAK_FUNCTION_LETTERS`` (``p``, ``q``) only when its arguments are plain
  symbols, tuples or conditionals, so ``p(x | y)`` applies and ``p(1-p)`` multiplies; any
  letter applies to a group holding a conditional (``D_{KL}(p || q)``). Any
  other factor multiplies: ``x(1-x)``, ``\\sigma(z)(1-\\sigma(z))``.
- **Bare named functions** (``\\sin x``, ``\\log q_i``) take the following factors up to the
  next explicit operator or the next named function or prefix operator: ``\\sin x \\cos x``
  is ``sin(x) cos(x)``.
- **Primes**: ``f'(x)``, ``\\sigma'(x)``, ``\\tanh'(x)`` are derivatives of functions; ``W'``
  on a bold or capital symbol is a transpose; ``x'`` is a new variable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from lark import Token, Transformer

from mlverify.latex import nodes as n

FUNCTION_LETTERS: frozenset[str] = frozenset(
    {"f", "g", "h", "u", "v", "F", "G", "H", "J", "L", "M", "P", "Q", "V", "K", "R",
     "phi", "varphi", "psi", "sigma", "ell", "Phi", "Psi", "Pi", "pi", "mathcal:L", "mathcal:N", "mathcal:U",
     "mathcal:J", "mathcal:R", "mathcal:F", "bb:P"}
)
# Greek letters that sheets use for functions (softplus zeta(x), a schedule eta(t)) as often as for numbers
WEAK_FUNCTION_LETTERS: frozenset[str] = frozenset({"p", "q", "s", "r", "zeta", "eta", "gamma", "rho", "xi", "chi",
                                                   "tau", "omega", "mu", "nu", "kappa", "delta"})

# Canonical names for named functions; a name not listed is kept as written.
FUNCTION_NAMES: dict[str, str] = {
    "ln": "log", "log": "log", "lg": "lg", "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan",
    "sec": "sec", "csc": "csc", "cot": "cot", "arcsin": "arcsin", "arccos": "arccos", "arctan": "arctan",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "coth": "coth", "sech": "sech", "det": "det",
    "dim": "dim", "ker": "ker", "deg": "deg", "gcd": "gcd", "Pr": "P", "tr": "tr", "Tr": "tr",
    "trace": "tr", "diag": "diag", "Diag": "diag", "sgn": "sign", "sign": "sign", "rank": "rank",
    "softmax": "softmax", "Softmax": "softmax", "relu": "relu", "ReLU": "relu", "ReLu": "relu",
    "Relu": "relu", "softplus": "softplus", "Softplus": "softplus", "elu": "elu", "ELU": "elu",
    "gelu": "gelu", "GELU": "gelu", "LeakyReLU": "leaky_relu", "lrelu": "leaky_relu", "sigmoid": "sigmoid",
    "Sigmoid": "sigmoid", "logsumexp": "logsumexp", "LSE": "logsumexp", "erf": "erf", "KL": "KL",
    "vec": "vec", "abs": "abs", "swish": "swish", "SiLU": "silu", "silu": "silu", "logit": "logit",
    "Var": "Var", "var": "Var", "Cov": "Cov", "cov": "Cov", "sigma": "sigmoid", "eig": "eig", "sv": "sv",
}
_VARIANCE = frozenset({"Var"})
_COVARIANCE = frozenset({"Cov"})
_NUMBER_SETS = {"N": "N", "Z": "Z", "Q": "Q", "C": "C"}
_NORM_KINDS = {"1": "1", "2": "2", "F": "F", "infinity": "inf", "p": "p", "max": "max", "*": "*"}

_BINARY = {
    "/": "/", r"\cdot": "*", "*": "*", r"\ast": "*", r"\times": "times", r"\odot": "odot",
    r"\otimes": "otimes", r"\oplus": "oplus", r"\circ": "circ", r"\div": "/",
}
_RELATIONS: dict[str, n.RelationOperator] = {
    "EQ": "=", "NEQ": "!=", "LT": "<", "GT": ">", "LE": "<=", "GE": ">=", "APPROX": "approx", "SIM": "~",
    "PROPTO": "propto", "IN": "in", "NOTIN": "notin", "SUBSET": "subset", "SUBSETEQ": "subseteq", "TO": "->",
    "PERP": "perp", "LL": "<<", "GG": ">>", "SUCC": "succ", "SUCCEQ": "succeq", "PREC": "prec", "PRECEQ": "preceq",
}
_DEFINITION_FORMS: dict[str, n.DefinitionForm] = {
    ":=": ":=", r"\coloneqq": ":=", r"\doteq": ":=", r"\triangleq": "triangleq", r"\equiv": "equiv",
    "=:": "=:", r"\eqqcolon": "=:",
}


class TreeError(Exception):
    """A construct the grammar accepts but the notation rules reject; ``pos`` is a canonical offset."""

    def __init__(self, message: str, pos: int | None, category: str = "syntax") -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.category = category


# ---- intermediate values (never left in the final tree) -------------------------------------------


@dataclass(frozen=True, slots=True)
class Marker:
    """A primary that is an operator rather than a value: ``\\sum``, ``\\log``, ``\\nabla``, ..."""

    kind: str
    name: str
    pos: int


@dataclass(frozen=True, slots=True)
class Group:
    """A delimited list ``( ... )`` / ``[ ... ]`` before we know if it is arguments or a value."""

    items: tuple[n.Node, ...]
    open: str
    close: str
    pos: int


@dataclass(frozen=True, slots=True)
class Script:
    """A postfix: ``sub``/``sup`` with a list of nodes or a label (``T``, ``-T``, ``*``, ...), or a prime."""

    kind: str
    content: tuple[n.Node, ...] | str
    pos: int


@dataclass(frozen=True, slots=True)
class Atom:
    value: n.Node | Marker | Group
    pos: int


@dataclass(slots=True)
class Factor:
    value: n.Node | Marker | Group
    posts: list[Script] = field(default_factory=list)
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Paren(n.Node):
    """A whole operand that was one parenthesised group; kept so ``x^{(l)}`` reads as a label."""

    inner: n.Node


@dataclass(frozen=True, slots=True)
class Differential(n.Node):
    """A bare ``\\partial`` (or ``\\partial^k``) and the operand it binds, until a fraction reads it."""

    order: int | None
    operand: n.Node | None
    pos: int


@dataclass(frozen=True, slots=True)
class DerivativeOperator(n.Node):
    """``\\frac{\\partial}{\\partial x}`` / ``\\frac{d}{dx}``: a prefix operator awaiting its body."""

    variables: tuple[n.Node, ...]
    order: int
    notation: n.DerivativeNotation
    pos: int


Item = Factor | Token


def _pos(token: Token) -> int:
    return token.start_pos if token.start_pos is not None else 0


def _int(node: n.Node, pos: int) -> int:
    if isinstance(node, n.Number) and node.text.isdigit():
        return int(node.text)
    raise TreeError("a derivative order must be a whole number", pos, "unsupported")


def _single(items: Sequence[n.Node], what: str, pos: int) -> n.Node:
    if len(items) != 1:
        raise TreeError(f"{what} takes one expression, not a list of {len(items)}", pos)
    return items[0]


def _unparen(node: n.Node) -> n.Node:
    return node.inner if isinstance(node, Paren) else node


def _juxtaposed(node: n.Node) -> list[n.Node]:
    node = _unparen(node)
    if isinstance(node, n.BinaryOp) and node.op == "@":
        return [*_juxtaposed(node.left), *_juxtaposed(node.right)]
    return [node]


def _is_plain(node: n.Node, name: str) -> bool:
    return isinstance(node, n.Symbol) and node.name == name and not node.bold and node.font is None \
        and node.accent is None and node.primes == 0


def _letter_key(node: n.Node) -> str | None:
    if isinstance(node, n.Symbol) and node.accent is None and node.primes == 0:
        if node.font == "cal":
            return f"mathcal:{node.name}"
        if node.font == "bb":
            return f"bb:{node.name}"
        return node.name
    if isinstance(node, n.Constant) and node.name == "pi":
        return "pi"
    return None


def _index_list(content: tuple[n.Node, ...]) -> tuple[n.Node, ...]:
    """``w_{jk}`` has two indices: a juxtaposition of single letters/digits splits into them."""
    if len(content) == 1:
        parts = _juxtaposed(content[0])
        if len(parts) > 1 and all(
            (isinstance(p, n.Symbol) and len(p.name) == 1 and not p.bold) or (isinstance(p, n.Number))
            for p in parts
        ):
            return tuple(parts)
        return (_unparen(content[0]),)
    return tuple(_unparen(c) for c in content)


def _as_set(node: n.Node) -> n.Node:
    node = _unparen(node)
    if isinstance(node, n.TupleLiteral) and len(node.items) == 2 and node.delimiter in {"(", "["}:
        closed = node.delimiter == "["
        return n.Interval(node.items[0], node.items[1], closed, closed)
    return node


# ---- the fold over a product -----------------------------------------------------------------------


def _fold(items: Sequence[Item], pos: int) -> n.Node:
    result: n.Node | None = None
    op: str | None = None
    k = 0
    while k < len(items):
        item = items[k]
        if isinstance(item, Token):
            if result is None or op is not None:
                raise TreeError(f"{item.value} has no left operand", _pos(item))
            op = _BINARY[item.value]
            k += 1
            continue
        node, k = _operand(items, k)
        if result is None:
            result = node
        elif op == "/":
            result = _fraction(_unparen(result), _unparen(node), item.pos)
        else:
            result = n.BinaryOp(op or "@", _unparen(result), _unparen(node))  # type: ignore[arg-type]
        op = None
    if result is None:
        raise TreeError("expected an expression", pos)
    return result


def _rest(items: Sequence[Item], k: int, owner: str, pos: int) -> n.Node:
    if k >= len(items):
        raise TreeError(f"{owner} has no operand", pos, "arguments")
    return _fold(items[k:], pos)


def _operand(items: Sequence[Item], k: int) -> tuple[n.Node, int]:
    """Read one operand starting at ``items[k]``; return it and the index after it."""
    item = items[k]
    assert isinstance(item, Factor)
    value = item.value
    nxt = items[k + 1] if k + 1 < len(items) else None
    group = nxt.value if isinstance(nxt, Factor) and isinstance(nxt.value, Group) else None
    if isinstance(value, Marker):
        return _marker_operand(item, value, items, k, group)
    if isinstance(value, DerivativeOperator):
        body = _rest(items, k + 1, "the derivative operator", value.pos)
        return n.Derivative(body, value.variables, value.order, value.notation), len(items)
    if isinstance(value, Group):
        return _apply_posts(_group_value(value), item.posts), k + 1
    key = _letter_key(value)
    if group is not None and group.open == "(" and key in ("lambda", "sigma") and _extreme_subscript(item.posts):
        assert isinstance(nxt, Factor)  # \lambda_{\max}(A): an eigenvalue; \sigma_{\max}(A): a singular value
        return _application("singular_value" if key == "sigma" else key, item, group, nxt.posts), k + 2
    if group is not None and group.open == "(" and group.close == ")" and key is not None and not _transposed(
        item.posts) and (
        key in FUNCTION_LETTERS or (key in WEAK_FUNCTION_LETTERS and _simple_args(group.items))
        or (key == "I" and any(p.kind == "sub" for p in item.posts) and _simple_args(group.items))  # I_n(theta)
        or any(isinstance(_unparen(a), n.Conditional) for a in group.items)
    ):
        assert isinstance(nxt, Factor)
        name = "sigmoid" if key == "sigma" else re.sub(r"^(\w+):(\w+)$", r"\1(\2)", key).replace("mathcal(", "cal(")
        return _application(name, item, group, nxt.posts), k + 2
    if isinstance(value, n.Symbol) and value.name in {"1", "I"} and (value.bold or value.font == "bb"):
        if nxt is not None and isinstance(nxt, Factor) and (group is not None or isinstance(nxt.value, n.SetLiteral)):
            inner = group.items if group is not None else nxt.value.items  # type: ignore[union-attr]
            node = n.Indicator(_single(inner, "an indicator", item.pos))
            return _apply_posts(node, nxt.posts), k + 2
        subs = [p for p in item.posts if p.kind == "sub"]
        if subs and isinstance(subs[0].content, tuple):
            condition = _single(subs[0].content, "an indicator", item.pos)
            size = isinstance(condition, n.Number) or (isinstance(condition, n.Symbol) and len(condition.name) == 1
                                                       and condition.name.islower() and condition.accent is None)
            ones = n.Indexed(value, (condition,)) if size and value.name == "1" else None  # 1_n: the ones of R^n
            return _apply_posts(ones or n.Indicator(condition), [p for p in item.posts if p.kind != "sub"]), k + 1
    if _is_plain(value, "E") and group is not None and group.open == "[":
        assert isinstance(nxt, Factor)
        return _expectation(item, group, nxt.posts), k + 2
    return _apply_posts(value, item.posts), k + 1


def _transposed(posts: list[Script]) -> bool:
    """``v^\\top (A + B) v``: a letter with a transpose is a vector times the group, never a function of it."""
    return any(p.kind == "sup" and (p.content in ("T", "-T") or (
        isinstance(p.content, tuple) and len(p.content) == 1 and _is_plain(p.content[0], "T"))) for p in posts)


def _extreme_subscript(posts: list[Script]) -> bool:
    subs = [p.content for p in posts if p.kind == "sub"]
    return len(subs) == 1 and isinstance(subs[0], tuple) and len(subs[0]) == 1 and isinstance(subs[0][0], n.Symbol) \
        and subs[0][0].name in ("min", "max")


def _simple_args(args: tuple[n.Node, ...]) -> bool:
    def simple(a: n.Node) -> bool:
        a = _unparen(a)
        return isinstance(a, n.Symbol | n.Indexed | n.Conditional | n.TupleLiteral | n.Superscript)
    return len(args) > 1 or all(simple(a) for a in args)


def _group_value(group: Group) -> n.Node:
    items = group.items
    if group.open != group.close.replace(")", "(").replace("]", "["):
        if len(items) != 2:
            raise TreeError("an interval needs two end points", group.pos)
        return n.Interval(items[0], items[1], group.open == "[", group.close == "]")
    if not items:
        raise TreeError(f"empty {group.open}{group.close}", group.pos)
    if len(items) == 1:
        return Paren(_unparen(items[0])) if group.open == "(" else _unparen(items[0])
    return n.TupleLiteral(tuple(_unparen(i) for i in items), group.open)


def _split_posts(posts: list[Script]) -> tuple[Script | None, Script | None, int, list[Script]]:
    """(subscript, superscript, number of primes, the rest) of a function or operator."""
    sub = sup = None
    primes = 0
    for post in posts:
        if post.kind == "factorial":
            raise TreeError("a factorial applies to a value, not an operator", post.pos)
        if post.kind == "sub" and sub is None:
            sub = post
        elif post.kind == "sup" and sup is None:
            sup = post
        elif post.kind == "prime":
            primes += 1
        else:
            raise TreeError(f"double {'subscript' if post.kind == 'sub' else 'superscript'}", post.pos)
    return sub, sup, primes, []


def _application(name: str, head: Factor, group: Group, group_posts: list[Script]) -> n.Node:
    sub, sup, primes, _ = _split_posts(head.posts)
    args = tuple(_unparen(a) for a in group.items)
    if not args:
        raise TreeError(f"{name}() has no argument", group.pos, "arguments")
    node: n.Node
    if name in _VARIANCE:
        node = n.Variance(args)
    elif name in _COVARIANCE:
        node = n.Covariance(args)
    else:
        subscript = _index_list(sub.content) if sub is not None and isinstance(sub.content, tuple) else ()
        node = n.Apply(name, args, subscript)
    if primes:
        node = n.Derivative(node, (), primes, "prime")
    if sup is not None:
        node = _superscript(node, sup)
    return _apply_posts(node, group_posts)


def _expectation(head: Factor, group: Group, group_posts: list[Script]) -> n.Node:
    sub, sup, _, _ = _split_posts(head.posts)
    subscript = _tuple_or_single(sub.content) if sub is not None and isinstance(sub.content, tuple) else None
    node: n.Node = n.Expectation(_unparen(_single(group.items, "an expectation", group.pos)), subscript)
    if sup is not None:
        node = _superscript(node, sup)
    return _apply_posts(node, group_posts)


def _tuple_or_single(items: tuple[n.Node, ...]) -> n.Node:
    return _unparen(items[0]) if len(items) == 1 else n.TupleLiteral(tuple(_unparen(i) for i in items), "")


def _bare_argument(items: Sequence[Item], k: int, owner: str, pos: int) -> tuple[n.Node, int]:
    end = k
    while end < len(items):
        item = items[end]
        if isinstance(item, Token) or isinstance(item.value, Marker | DerivativeOperator):
            break
        end += 1
    if end == k and k < len(items) and isinstance(items[k], Factor) and isinstance(items[k].value, Marker):
        return _operand(items, k)  # \log\det(X) is log(det(X))
    if end == k:
        raise TreeError(f"{owner} needs an argument", pos, "arguments")
    return _fold(items[k:end], pos), end


def _applied_operand(items: Sequence[Item], k: int) -> tuple[tuple[n.Node, int], bool] | None:
    """A letter applied to arguments (``f(x)``, ``f(x)^\\top``) followed by more factors, or None."""
    if k + 2 >= len(items) or not isinstance(items[k], Factor) or isinstance(items[k].value, Marker):
        return None
    node, end = _operand(items, k)
    transposed = isinstance(node, n.Transpose)
    core = node.operand if isinstance(node, n.Transpose) else node
    if end >= len(items) or not isinstance(core, n.Apply):
        return None
    return (core, end), transposed


def _marker_operand(item: Factor, marker: Marker, items: Sequence[Item], k: int,
                    group: Group | None) -> tuple[n.Node, int]:
    sub, sup, primes, _ = _split_posts(item.posts)
    kind = marker.kind
    if k == len(items) - 1 and not item.posts and kind == "extremum":
        return n.Symbol(marker.name.lstrip("\\")), k + 1
    sub_items = sub.content if sub is not None and isinstance(sub.content, tuple) else None
    if sub is not None and sub_items is None:
        raise TreeError(f"{marker.name} cannot take the subscript {sub.content}", sub.pos)
    if kind == "func":
        if (group is not None and group.open == "(") or (group is not None and marker.name in _VARIANCE | _COVARIANCE):
            nxt = items[k + 1]
            assert isinstance(nxt, Factor) and group is not None
            return _application(marker.name, item, group, nxt.posts), k + 2
        if marker.name in _COVARIANCE:
            raise TreeError(f"{marker.name} needs parenthesised arguments", marker.pos, "arguments")
        arg, end = _bare_argument(items, k + 1, marker.name, marker.pos)
        fake = Group((arg,), "(", ")", marker.pos)
        return _application(marker.name, item, fake, []), end
    if kind == "word":
        if group is not None and group.open in "([":
            nxt = items[k + 1]
            assert isinstance(nxt, Factor)
            return _application(marker.name, item, group, nxt.posts), k + 2
        return _apply_posts(n.Symbol(marker.name), item.posts), k + 1
    if primes:
        raise TreeError(f"{marker.name} cannot take a prime", marker.pos)
    if kind == "expect":
        if group is not None:
            nxt = items[k + 1]
            assert isinstance(nxt, Factor)
            return _expectation(item, group, nxt.posts), k + 2
        body = _rest(items, k + 1, r"\mathbb{E}", marker.pos)
        return n.Expectation(body, _tuple_or_single(sub_items) if sub_items else None), len(items)
    if kind == "bigop":
        body = _rest(items, k + 1, marker.name, marker.pos)
        index = lower = condition = None
        if sub_items:
            bound = _unparen(_tuple_or_single(sub_items))
            if isinstance(bound, n.Relation) and bound.operators == ("=",) and len(bound.operands) == 2:
                index, lower = bound.operands
            elif isinstance(bound, n.Symbol | n.Indexed):
                index = bound
            else:
                condition = bound
        upper = _script_node(sup) if sup is not None else None
        cls = n.Sum if marker.name == r"\sum" else n.Product
        return cls(index, lower, upper, body, condition), len(items)
    if kind == "nabla":
        order = _int(_script_node(sup), sup.pos) if sup is not None else 1
        variables = tuple(_unparen(v) for v in sub_items) if sub_items else ()
        applied = _applied_operand(items, k + 1)
        if applied is not None:  # \nabla f(x)^\top (y - x): the gradient of f at x, then the product
            (node, end), transposed = applied
            gradient: n.Node = n.Derivative(node, variables, order, "nabla")
            return (n.Transpose(gradient) if transposed else gradient), end
        body = _rest(items, k + 1, r"\nabla", marker.pos)
        return n.Derivative(body, variables, order, "nabla"), len(items)
    if kind == "partial":
        partial_order = _int(_script_node(sup), sup.pos) if sup is not None else None
        if sub_items:
            body = _rest(items, k + 1, r"\partial", marker.pos)
            variables = tuple(_unparen(v) for v in sub_items)
            if partial_order is not None and len(variables) == 1:
                variables = variables * partial_order
            return n.Derivative(body, variables, len(variables), "partial"), len(items)
        if k + 1 < len(items) and isinstance(items[k + 1], Factor):
            operand, end = _operand(items, k + 1)
            return Differential(partial_order, operand, marker.pos), end
        return Differential(partial_order, None, marker.pos), k + 1
    if kind == "limit":
        if not sub_items:
            raise TreeError(r"\lim needs a subscript such as h \to 0", marker.pos, "arguments")
        approach = _unparen(_tuple_or_single(sub_items))
        if not (isinstance(approach, n.Relation) and approach.operators == ("->",)):
            raise TreeError(r"the subscript of \lim must read 'variable \to value'", marker.pos, "arguments")
        body = _rest(items, k + 1, r"\lim", marker.pos)
        return n.Limit(approach.operands[0], approach.operands[1], body), len(items)
    if kind == "integral":
        rest = list(items[k + 1:])
        variable = None
        if len(rest) >= 2 and isinstance(rest[-2], Factor) and isinstance(rest[-1], Factor) \
                and _is_plain(_as_node(rest[-2]), "d") and not rest[-2].posts:
            variable = _apply_posts(_as_node(rest[-1]), rest[-1].posts)
            rest = rest[:-2]
        body = _rest(rest, 0, r"\int", marker.pos)
        lower = _tuple_or_single(sub_items) if sub_items else None
        upper = _script_node(sup) if sup is not None else None
        return n.Integral(lower, upper, body, variable), len(items)
    if kind == "extremum":
        name = marker.name.lstrip("\\")
        if sub is None and group is not None and group.open == "(":
            nxt = items[k + 1]
            assert isinstance(nxt, Factor)
            return _apply_posts(n.Apply(name, tuple(_unparen(a) for a in group.items)), nxt.posts), k + 2
        nxt_item = items[k + 1] if k + 1 < len(items) else None
        if sub is None and isinstance(nxt_item, Factor) and isinstance(nxt_item.value, n.SetLiteral):
            return _apply_posts(n.Apply(name, nxt_item.value.items), nxt_item.posts), k + 2
        body = _rest(items, k + 1, marker.name, marker.pos)
        under = _tuple_or_single(sub_items) if sub_items else None
        return n.Extremum(name, under, body), len(items)  # type: ignore[arg-type]
    raise TreeError(f"{marker.name} is not supported here", marker.pos, "unsupported")


def _as_node(factor: Factor) -> n.Node:
    return factor.value if isinstance(factor.value, n.Node) else n.Symbol("?")


def _script_node(script: Script) -> n.Node:
    if isinstance(script.content, str):
        raise TreeError(f"unexpected label {script.content}", script.pos)
    return _tuple_or_single(script.content)


_INVERTIBLE_TRIG = frozenset({"sin", "cos", "tan"})
_INVERSES = {"sigmoid": "logit", "exp": "log", "log": "exp"}


_CAPITALS = frozenset({"Sigma", "Lambda", "Phi", "Psi", "Omega", "Gamma", "Theta", "Pi", "Delta"})


def _superscript(node: n.Node, sup: Script) -> n.Node:
    content = sup.content
    if content in ("+", "dagger") and isinstance(node, n.Symbol) and node.accent is None and (
            node.name.isupper() or node.name in _CAPITALS):  # X^+, A^\dagger: the pseudo-inverse of a matrix
        return n.Apply("pinv", (node,))
    if isinstance(content, str):
        if content == "T":
            return n.Transpose(node)
        if content == "-T":
            return n.Transpose(n.Inverse(node))
        return n.Superscript(node, content)
    if len(content) != 1:
        return n.Superscript(node, n.TupleLiteral(tuple(_unparen(c) for c in content), ""))
    exponent = content[0]
    if isinstance(exponent, Paren):
        return n.Superscript(node, exponent.inner)
    if _is_plain(exponent, "T"):
        return n.Transpose(node)
    if exponent == n.Negate(n.Number("1")) and isinstance(node, n.Apply) and node.function in _INVERTIBLE_TRIG:
        return replace(node, function="arc" + node.function)  # \tan^{-1} x is arctan x, not 1 / tan x
    if exponent == n.Negate(n.Number("1")) and isinstance(node, n.Apply) and len(node.args) == 1:
        return replace(node, function=_INVERSES.get(node.function, f"{node.function}^{{-1}}"))  # the inverse map
    if exponent == n.Negate(n.Number("1")):
        return n.Inverse(node)
    if exponent == n.Negate(n.Symbol("T")):
        return n.Transpose(n.Inverse(node))
    if isinstance(node, n.RealSpace | n.NumberSet):
        dims = _dims(exponent)
        return replace(node, dims=dims)
    return n.Power(node, exponent)


def _dims(node: n.Node) -> tuple[n.Node, ...]:
    node = _unparen(node)
    if isinstance(node, n.BinaryOp) and node.op == "times":
        return (*_dims(node.left), *_dims(node.right))
    return (node,)


def _apply_posts(node: n.Node, posts: list[Script]) -> n.Node:
    """Apply scripts and primes to a value: subscripts first (``x^2_i`` is ``x_i^2``)."""
    if posts:
        node = _unparen(node)
    if posts and posts[-1].kind == "factorial":
        return n.Apply("factorial", (_apply_posts(node, posts[:-1]),))
    sub, sup, primes, _ = _split_posts(posts)
    if sub is None and (_is_plain(node, "e")):
        node = n.Constant("e")
    if sub is None and _is_plain(node, "pi"):
        node = n.Constant("pi")
    if sub is not None:
        if isinstance(sub.content, str):
            if isinstance(node, n.RealSpace | n.NumberSet) and sub.content in {"+", "-"}:
                node = n.NumberSet(f"R{sub.content}" if isinstance(node, n.RealSpace) else
                                   f"{node.name}{sub.content}")
            elif isinstance(node, n.Norm) and node.kind is None and sub.content == "*":
                node = n.Norm(node.operand, "*")
            else:
                node = n.Indexed(node, (n.Symbol(sub.content),))
        else:
            node = _subscript(node, sub)
    if primes:
        base = node.base if isinstance(node, n.Indexed) else node
        if isinstance(base, n.Symbol) and not base.bold and not base.name[:1].isupper() \
                and base.name not in {"Sigma", "Phi", "Psi", "Omega", "Theta", "Lambda", "Gamma", "Delta"}:
            primed = replace(base, primes=base.primes + primes)
            node = replace(node, base=primed) if isinstance(node, n.Indexed) else primed
        else:
            for _ in range(primes):
                node = n.Transpose(node)
    if sup is not None:
        node = _superscript(node, sup)
    return node


def _subscript(node: n.Node, sub: Script) -> n.Node:
    assert isinstance(sub.content, tuple)
    indices = _index_list(sub.content)
    if isinstance(node, n.Norm) and node.kind is None and len(indices) == 1:
        key = indices[0]
        name = key.text if isinstance(key, n.Number) else key.name if isinstance(key, n.Symbol | n.Constant) else ""
        if name in _NORM_KINDS:
            return n.Norm(node.operand, _NORM_KINDS[name])
    if _is_plain(node, "delta") and len(indices) == 2:
        return n.KroneckerDelta(indices[0], indices[1])
    return n.Indexed(node, indices)


# ---- relations --------------------------------------------------------------------------------------


def _chain(children: list[Any]) -> n.Node:
    operands: list[n.Node] = [_unparen(c) for c in children[0::2]]
    tokens: list[Token] = list(children[1::2])
    for j, tok in enumerate(tokens):
        if tok.type in {"DEFINE", "RDEFINE"}:
            left = _chain(children[: 2 * j + 1])
            right = _chain(children[2 * j + 2:])
            return n.Definition(left, right, _DEFINITION_FORMS[tok.value])
    if not tokens:
        return children[0]  # type: ignore[no-any-return]
    ops = tuple(_RELATIONS[t.type] for t in tokens)
    if len(ops) == 1 and ops[0] in {"in", "notin"}:
        return n.Membership(operands[0], _as_set(operands[1]), ops[0] == "notin")
    return n.Relation(tuple(operands), ops)


_ACCENTED = re.compile(r"\\(\w+)\{(.*)\}$")


def _symbol_from(text: str) -> n.Symbol:
    """A symbol from a LETTER, GREEK, BOLD, CAL or ACCENTED token's text."""
    match = _ACCENTED.match(text)
    if match is None:
        return n.Symbol(text.lstrip("\\"))
    command, inner = match.groups()
    if command == "mathbf":
        return replace(_symbol_from(inner), bold=True)
    if command == "mathcal":
        return n.Symbol(inner, font="cal")
    return replace(_symbol_from(inner), accent=command)


class LatexTransformer(Transformer[Token, n.Node]):
    """Callbacks for ``latex.lark``; the method names are the grammar's rule names and aliases."""

    def start(self, children: list[n.Node]) -> n.Node:
        return children[0] if len(children) == 1 else n.Statements(tuple(children))

    def statement(self, children: list[n.Node]) -> n.Node:
        return children[0]

    def implication(self, children: list[Any]) -> n.Node:
        node: n.Node = children[0]
        for tok, right in zip(children[1::2], children[2::2], strict=True):
            node = n.Implication(node, right, "implies" if tok.type == "IMPLIES" else "iff")
        return node

    def signature(self, children: list[Any]) -> n.Node:
        if len(children) == 1:
            return children[0]  # type: ignore[no-any-return]
        function, colon, arrow = children
        if isinstance(arrow, n.Relation) and arrow.operators == ("->",):
            return n.Mapping(function, arrow.operands[0], arrow.operands[1])
        raise TreeError("after ':' a signature needs 'domain \\to codomain'", _pos(colon))

    def top_chain(self, children: list[Any]) -> n.Node:
        if isinstance(children[0], Token):
            return _chain([n.Previous(), *children])
        return _chain(children)

    def inner_chain(self, children: list[Any]) -> n.Node:
        return _chain(children)

    def tuple_expr(self, children: list[n.Node]) -> n.Node:
        if len(children) == 1:
            return children[0]
        return n.TupleLiteral(tuple(_unparen(c) for c in children), "")

    def arg_list(self, children: list[n.Node]) -> tuple[n.Node, ...]:
        return tuple(children)

    def arg(self, children: list[Any]) -> n.Node:
        if len(children) == 1:
            return children[0]  # type: ignore[no-any-return]
        return n.Conditional(_unparen(children[0]), _unparen(children[2]))

    def sum_expr(self, children: list[Any]) -> n.Node:
        node: n.Node = children[0]
        for tok, right in zip(children[1::2], children[2::2], strict=True):
            op = {"+": "+", "-": "-", r"\pm": "pm", r"\mp": "mp"}[tok.value]
            node = n.BinaryOp(op, _unparen(node), _unparen(right))  # type: ignore[arg-type]
        return node

    def unary(self, children: list[Any]) -> n.Node:
        tok, operand = children
        if tok.value == "-":
            return n.Negate(_unparen(operand))
        if tok.value == "+":
            return operand  # type: ignore[no-any-return]
        raise TreeError(f"unary {tok.value} is not supported", _pos(tok), "unsupported")

    def term(self, children: list[n.Node]) -> n.Node:
        return children[0]

    def product(self, children: list[Item]) -> n.Node:
        first = children[0]
        pos = first.pos if isinstance(first, Factor) else _pos(first)
        node = _fold(children, pos)
        if isinstance(node, n.BinaryOp):
            return replace(node, left=_unparen(node.left), right=_unparen(node.right))
        return node

    def factor(self, children: list[Any]) -> Factor:
        atom: Atom = children[0]
        return Factor(atom.value, list(children[1:]), atom.pos)

    def sub(self, children: list[Any]) -> Script:
        return Script("sub", children[1] if len(children) > 1 else (), _pos(children[0]))

    def sup(self, children: list[Any]) -> Script:
        if len(children) == 1:
            raise TreeError("empty superscript", _pos(children[0]))
        return Script("sup", children[1], _pos(children[0]))

    def factorial(self, children: list[Token]) -> Script:
        return Script("factorial", (), _pos(children[0]))

    def prime(self, children: list[Token]) -> Script:
        return Script("prime", (), _pos(children[0]))

    def script_body(self, children: list[Any]) -> tuple[n.Node, ...] | str:
        if len(children) == 1 and isinstance(children[0], tuple):
            items: tuple[n.Node, ...] = children[0]
            return items
        values: list[str] = [c.value for c in children]
        if values[-1] in {r"\top", r"\intercal"}:
            return "-T" if values[0] == "-" else "T"
        return {r"\dagger": "dagger", r"\star": "*"}.get(values[0], values[0])

    # -- primaries -----------------------------------------------------------------------------------

    def number(self, children: list[Token]) -> Atom:
        return Atom(n.Number(children[0].value), _pos(children[0]))

    def letter(self, children: list[Token]) -> Atom:
        return Atom(n.Symbol(children[0].value), _pos(children[0]))

    def greek(self, children: list[Token]) -> Atom:
        return Atom(n.Symbol(children[0].value[1:]), _pos(children[0]))

    def bold(self, children: list[Token]) -> Atom:
        return Atom(_symbol_from(children[0].value), _pos(children[0]))

    def cal(self, children: list[Token]) -> Atom:
        return Atom(_symbol_from(children[0].value), _pos(children[0]))

    def accented(self, children: list[Token]) -> Atom:
        return Atom(_symbol_from(children[0].value), _pos(children[0]))

    def blackboard(self, children: list[Token]) -> Atom:
        tok = children[0]
        letter = tok.value[len(r"\mathbb{"):-1]
        value: n.Node | Marker
        if letter == "R":
            value = n.RealSpace()
        elif letter in _NUMBER_SETS:
            value = n.NumberSet(letter)
        elif letter == "E":
            value = Marker("expect", r"\mathbb{E}", _pos(tok))
        elif letter == "V":
            value = Marker("func", "Var", _pos(tok))
        else:
            value = n.Symbol(letter, font="bb")
        return Atom(value, _pos(tok))

    def opname(self, children: list[Token]) -> Atom:
        tok = children[0]
        word = tok.value[len(r"\operatorname{"):-1]
        if word in FUNCTION_NAMES:
            return Atom(Marker("func", FUNCTION_NAMES[word], _pos(tok)), _pos(tok))
        if word.lower() in FUNCTION_NAMES:
            return Atom(Marker("func", FUNCTION_NAMES[word.lower()], _pos(tok)), _pos(tok))
        return Atom(Marker("word", word, _pos(tok)), _pos(tok))

    def func(self, children: list[Token]) -> Atom:
        tok = children[0]
        return Atom(Marker("func", FUNCTION_NAMES.get(tok.value[1:], tok.value[1:]), _pos(tok)), _pos(tok))

    def const(self, children: list[Token]) -> Atom:
        return Atom(n.Constant("infinity"), _pos(children[0]))

    def dots(self, children: list[Token]) -> Atom:
        return Atom(n.Dots(), _pos(children[0]))

    def _marker(self, kind: str, children: list[Token]) -> Atom:
        tok = children[0]
        return Atom(Marker(kind, tok.value, _pos(tok)), _pos(tok))

    def bigop(self, children: list[Token]) -> Atom:
        return self._marker("bigop", children)

    def nabla(self, children: list[Token]) -> Atom:
        return self._marker("nabla", children)

    def partial(self, children: list[Token]) -> Atom:
        return self._marker("partial", children)

    def limit(self, children: list[Token]) -> Atom:
        return self._marker("limit", children)

    def integral(self, children: list[Token]) -> Atom:
        return self._marker("integral", children)

    def extremum(self, children: list[Token]) -> Atom:
        return self._marker("extremum", children)

    def braces(self, children: list[Any]) -> Atom:
        pos = _pos(children[0])
        if len(children) == 1:
            raise TreeError("empty group {}", pos)
        items = children[1]
        if len(items) == 1:
            return Atom(_unparen(items[0]), pos)
        return Atom(n.TupleLiteral(tuple(_unparen(i) for i in items), "{"), pos)

    def delimited(self, children: list[Any]) -> Atom:
        items = children[1] if len(children) == 3 else ()
        return Atom(Group(tuple(items), children[0].value, children[-1].value, _pos(children[0])),
                    _pos(children[0]))

    def set_literal(self, children: list[Any]) -> Atom:
        items = children[1] if len(children) == 3 else ()
        return Atom(n.SetLiteral(tuple(_unparen(i) for i in items)), _pos(children[0]))

    def abs(self, children: list[Any]) -> Atom:
        return Atom(n.Abs(_unparen(children[1])), _pos(children[0]))

    def floor(self, children: list[Any]) -> Atom:
        return Atom(n.Apply("floor", (_unparen(children[1]),)), _pos(children[0]))

    def ceil(self, children: list[Any]) -> Atom:
        return Atom(n.Apply("ceil", (_unparen(children[1]),)), _pos(children[0]))

    def norm(self, children: list[Any]) -> Atom:
        return Atom(n.Norm(_unparen(children[1])), _pos(children[0]))

    def angle(self, children: list[Any]) -> Atom:
        items = children[1]
        if len(items) != 2:
            raise TreeError("an inner product needs two arguments", _pos(children[0]), "arguments")
        return Atom(n.InnerProduct(_unparen(items[0]), _unparen(items[1])), _pos(children[0]))

    def frac(self, children: list[Any]) -> Atom:
        tok, num_items, den_items = children
        pos = _pos(tok)
        num = _unparen(_single(num_items, "the numerator of \\frac", pos))
        den = _unparen(_single(den_items, "the denominator of \\frac", pos))
        return Atom(_fraction(num, den, pos), pos)

    def sqrt(self, children: list[Any]) -> Atom:
        tok = children[0]
        index = _unparen(children[2]) if len(children) == 5 else None
        body = _single(children[-1], "\\sqrt", _pos(tok))
        return Atom(n.Sqrt(_unparen(body), index), _pos(tok))

    def binom(self, children: list[Any]) -> Atom:
        tok, top, bottom = children
        pos = _pos(tok)
        return Atom(n.Apply("binom", (_single(top, "\\binom", pos), _single(bottom, "\\binom", pos))), pos)

    def matrix(self, children: list[Any]) -> Atom:
        begin, rows, end = children
        environment = begin.value[len(r"\begin{"):-1]
        if end.value[len(r"\end{"):-1] != environment:
            raise TreeError(f"{end.value} does not match {begin.value}", _pos(end), "environment")
        rows = [r for r in rows if any(c is not None for c in r)]
        if not rows:
            raise TreeError("empty matrix", _pos(begin))
        width = len(rows[0])
        for row in rows:
            if len(row) != width:
                raise TreeError(f"matrix rows have {width} and {len(row)} entries", _pos(begin))
            if any(c is None for c in row):
                raise TreeError("empty matrix entry", _pos(begin))
        return Atom(n.MatrixLiteral(tuple(tuple(_unparen(c) for c in r) for r in rows), environment),
                    _pos(begin))

    def cases(self, children: list[Any]) -> Atom:
        begin, rows, _ = children
        cases: list[tuple[n.Node, n.Node | None]] = []
        for row in rows:
            cells = list(row)
            while cells and cells[-1] is None:
                cells.pop()
            if not cells:
                continue
            if len(cells) > 2 or cells[0] is None:
                raise TreeError("a case needs 'value & condition'", _pos(begin))
            condition = _unparen(cells[1]) if len(cells) == 2 else None
            if condition is not None and _is_plain(condition, "otherwise"):
                condition = None
            cases.append((_unparen(cells[0]), condition))
        if not cases:
            raise TreeError("empty cases", _pos(begin))
        return Atom(n.Piecewise(tuple(cases)), _pos(begin))

    def matrix_rows(self, children: list[Any]) -> list[list[n.Node | None]]:
        return [row for row in children if not isinstance(row, Token)]

    def matrix_row(self, children: list[Any]) -> list[n.Node | None]:
        return [c for c in children if not isinstance(c, Token)]


def _fraction(num: n.Node, den: n.Node, pos: int) -> n.Node:
    """``\\frac``: a derivative in Leibniz notation, or a division."""
    if isinstance(num, Differential) or (
        isinstance(num, n.BinaryOp) and num.op == "@" and isinstance(_juxtaposed(num)[0], Differential)
    ):
        return _leibniz(num, den, "partial", pos)
    parts = _juxtaposed(num)
    head = parts[0]
    if (_is_plain(head, "d") or (isinstance(head, n.Power) and _is_plain(head.base, "d"))) and _d_variables(den):
        return _leibniz(num, den, "d", pos)
    return n.BinaryOp("/", num, den)


def _d_variables(den: n.Node) -> tuple[n.Node, ...] | None:
    parts = _juxtaposed(den)
    if len(parts) % 2:
        return None
    variables: list[n.Node] = []
    for d, var in zip(parts[0::2], parts[1::2], strict=True):
        if not _is_plain(d, "d"):
            return None
        variables.extend(_repeat(var))
    return tuple(variables)


def _repeat(var: n.Node) -> list[n.Node]:
    if isinstance(var, n.Power) and isinstance(var.exponent, n.Number) and var.exponent.text.isdigit():
        return [var.base] * int(var.exponent.text)
    return [var]


def _leibniz(num: n.Node, den: n.Node, notation: n.DerivativeNotation, pos: int) -> n.Node:
    parts = _juxtaposed(num)
    head, rest = parts[0], parts[1:]
    order: int | None
    if notation == "partial":
        assert isinstance(head, Differential)
        order = head.order
        if head.operand is not None:
            rest = [head.operand, *rest]
        variables: list[n.Node] = []
        for part in _juxtaposed(den):
            if not isinstance(part, Differential) or part.operand is None or part.order is not None:
                raise TreeError("the denominator of a partial derivative must read '\\partial x \\partial y'",
                                pos, "arguments")
            variables.extend(_repeat(part.operand))
    else:
        order = _int(head.exponent, pos) if isinstance(head, n.Power) else None
        found = _d_variables(den)
        assert found is not None
        variables = list(found)
    if order is not None and order != len(variables):
        raise TreeError(f"derivative of order {order} with {len(variables)} differentiation variables", pos,
                        "arguments")
    if not rest:
        return DerivativeOperator(tuple(variables), len(variables), notation, pos)
    body = rest[0]
    for part in rest[1:]:
        body = n.BinaryOp("@", body, part)
    return n.Derivative(body, tuple(variables), len(variables), notation)


_INTERNAL = (Paren, Differential, DerivativeOperator)


def _slash_derivative(node: n.Node) -> n.Node:
    """``dy/dx`` written inline reads as ((d y) / d) x; it is the derivative of y in x."""
    match node:
        case n.BinaryOp("@", n.BinaryOp("/", n.BinaryOp("@", n.Symbol("d") as d1, body), n.Symbol("d") as d2),
                        n.Symbol() as variable) if not d1.bold and not d2.bold:
            return n.Derivative(body, (variable,), 1, "d")
    return node


def finish(node: n.Node) -> n.Node:
    """Reject intermediate nodes left outside their context and drop stray ``Paren`` wrappers.

    The check is iterative (a flat sum of thousands of terms is a deep tree); the rebuild
    only runs when a ``Paren`` survived, which the fold avoids in the common cases.
    """
    stack = [node]
    has_paren = False
    while stack:
        current = stack.pop()
        if isinstance(current, Differential):
            raise TreeError("\\partial outside a derivative fraction (write \\frac{\\partial f}{\\partial x} "
                            "or \\partial_x f)", current.pos, "unsupported")
        if isinstance(current, DerivativeOperator):
            raise TreeError("the derivative operator has no operand", current.pos, "arguments")
        has_paren = has_paren or isinstance(current, Paren)
        stack.extend(n.children(current))
    node = _strip(node) if has_paren else node
    if isinstance(node, n.Relation):
        node = replace(node, operands=tuple(_slash_derivative(o) for o in node.operands))
    return node


def _strip(node: n.Node) -> n.Node:
    if isinstance(node, Paren):
        return _strip(node.inner)
    changes: dict[str, Any] = {}
    for f in fields(node):
        value = getattr(node, f.name)
        new = _strip_value(value)
        if new is not value:
            changes[f.name] = new
    return replace(node, **changes) if changes else node


def _strip_value(value: Any) -> Any:
    if isinstance(value, n.Node):
        return _strip(value)
    if isinstance(value, tuple):
        new = tuple(_strip_value(v) for v in value)
        return value if all(a is b for a, b in zip(new, value, strict=True)) else new
    return value
