"""Kinds and shapes of a formula's symbols, inferred from notation and usage.

The compiler must draw every free symbol of a formula from a domain, so it needs to know
whether ``x`` is a scalar, a vector or a matrix, and which dimensions are shared. Sheets
rarely say so; the notation and the way symbols are used usually do. ``infer`` reads both:

1. *Stated membership* (``x \\in \\mathbb{R}^n``, in the statement or in ``given``) binds a
   shape first and always wins; a usage that contradicts it is a ``LatexError`` (category
   ``"shapes"``) naming the symbol and both shapes, because the sheet itself is wrong.
2. *Usage* adds constraints as the tree is walked: juxtaposition multiplies, ``+`` unifies,
   ``tr`` needs a square matrix, ``x_i`` with a bound ``i`` makes ``x`` a vector. Rules that
   need to know an operand's rank wait in a queue until they can fire.
3. *Notation defaults* (bold lowercase: vector, capital: matrix, else scalar) are applied one
   symbol at a time, strongest first, only when the queue is stuck: each default may let
   usage decide the others (``Xw - y``: X matrix, so w and then y are vectors).

Dimensions are terms in a union-find: stated names (``n``) and integers are rigid, so
unifying two different ones is a contradiction; names from summation bounds and fresh
variables give way. Fresh dimensions get readable names at the end.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from mlverify.errors import LatexError
from mlverify.latex import nodes as n
from mlverify.latex._probability import FAMILY_NOTATION
from mlverify.latex.render import render

DimTerm = str | int
Shape = tuple[DimTerm, ...]


class Kind(StrEnum):
    """What a symbol stands for; ``random`` is a random variable inside E / Var / Cov / P."""

    SCALAR = "scalar"
    VECTOR = "vector"
    MATRIX = "matrix"
    FUNCTION = "function"
    INDEX = "index"
    RANDOM = "random"


@dataclass(frozen=True)
class LayoutDependent:
    """A derivative's shape, fixed only by a layout convention: the compiler tries both layouts."""

    numerator: Shape
    denominator: tuple[Shape, ...]


@dataclass(frozen=True)
class SymbolType:
    """A symbol's kind and shape; ``source`` says what decided it: stated, usage or notation."""

    kind: Kind
    shape: Shape
    source: str = "notation"
    in_moment: bool = False  # used inside E, Var or Cov: a vector there may be a random vector


@dataclass(frozen=True)
class FunctionType:
    """A free function symbol (``f``, ``L``): what families the compiler may draw it from."""

    arity: int
    args: tuple[Shape, ...]
    output: Shape
    output_kind: Kind
    properties: frozenset[str] = frozenset()


@dataclass(frozen=True)
class DerivativeType:
    """The operands' shapes of one derivative node and the resulting (maybe layout-dependent) shape."""

    node: n.Derivative
    shape: Shape | LayoutDependent


@dataclass(frozen=True)
class Typing:
    """Everything ``infer`` found: symbols, canonical dimension names, indices, functions, derivatives."""

    symbols: Mapping[str, SymbolType]
    dims: tuple[str, ...]
    indices: frozenset[str]
    functions: Mapping[str, FunctionType] = field(default_factory=dict)
    derivatives: tuple[DerivativeType, ...] = ()
    dim_aliases: Mapping[str, str] = field(default_factory=dict)


ELEMENTWISE = frozenset({
    "exp", "log", "lg", "sigmoid", "tanh", "relu", "softplus", "sin", "cos", "tan", "sinh", "cosh", "coth",
    "sech", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "elu", "gelu", "leaky_relu", "sign", "abs",
    "erf", "swish", "silu", "logit", "sqrt", "floor", "ceil",
})
SCALAR_VALUED = frozenset({"KL", "binom", "factorial", "gcd", "deg", "dim", "rank", "P", "bb(P)"})
# Vector-valued functions whose value's entries sheets number: lambda = eig(A), then lambda_1 >= ... >= lambda_n.
_NUMBERED_VALUES = frozenset({"eig", "sv"})
_KNOWN = ELEMENTWISE | SCALAR_VALUED | _NUMBERED_VALUES | {"softmax", "logsumexp", "tr", "det", "diag", "max", "min",
                                                          "lambda", "singular_value", "pinv"}
_INDEX_LETTERS = frozenset({"i", "j", "k", "l"})
_MATRIX_GREEK = frozenset({"Sigma", "Lambda"})
_FRESH_NAMES = ("n", "m", "d", "k", "p", "q", "r")
_RIGID = 2  # priority of stated names; integers are 3, bound names 1, fresh variables 0


def _difference_of_symbols(node: n.Node) -> bool:
    """``x`` or ``y - x`` (``x + y``): what a norm of a vector is written of."""
    if isinstance(node, n.BinaryOp) and node.op in "+-":
        return _difference_of_symbols(node.left) and _difference_of_symbols(node.right)
    return isinstance(node, n.Symbol)


class _ClashError(Exception):
    """A failed unification: ``have`` vs ``need``, or a ready-made ``text`` when no one symbol is at fault."""

    def __init__(self, have: str, need: str, text: str | None = None) -> None:
        super().__init__(have, need)
        self.have, self.need, self.text = have, need, text


@dataclass
class _Var:
    shape: Shape | None = None
    nonscalar: bool = False  # usage says "not a scalar" but not yet which rank
    wild: bool = False  # unifies with anything without effect (elisions, layout-dependent results)


@dataclass
class _Sym:
    var: int
    bold: bool = False
    random: bool = False
    in_moment: bool = False
    stated: bool = False
    defaulted: bool = False
    bounded: bool = False  # ordered against a number (0 < t < T): a capital letter there is no matrix


@dataclass
class _Fn:
    args: list[int]
    out: int


def _key(sym: n.Symbol) -> str:
    """Bold and plain spellings name one symbol: ``\\mathbf{w}`` and its components ``w_i``."""
    return render(replace(sym, bold=False))


def _key_or_text(node: n.Symbol | n.Number) -> str:
    return _key(node) if isinstance(node, n.Symbol) else node.text


def _letter(key: str) -> str:
    """The letter under accents, fonts and a name's own subscript: ``hat(X)`` -> ``X``, ``x'`` -> ``x``,
    ``W_2`` -> ``W``."""
    return re.sub(r"_\d+$", "", key.rsplit("(", 1)[-1].rstrip(")'"))


def iid_sample(node: n.Node) -> tuple[str, n.Node] | None:
    """X and the law of ``X_i \\sim \\mathrm{Law}``: one law for every i, so the X_i are iid copies of X (not
    ``y_i \\sim \\mathcal{N}(x_i^\\top w, 1)``)."""
    if not (isinstance(node, n.Relation) and node.operators == ("~",)):
        return None
    copy, law = node.operands
    if not (isinstance(copy, n.Indexed) and isinstance(copy.base, n.Symbol) and len(copy.indices) == 1
            and isinstance(copy.indices[0], n.Symbol)):
        return None
    if _key(copy.indices[0]) in {_key(x) for x in n.walk(law) if isinstance(x, n.Symbol)}:
        return None
    return _key(copy.base), law


def _simplex_size(space: n.Node) -> str | None:
    """n of the simplex ``\\Delta^{n-1}`` or ``\\Delta_n`` (``\\Delta^n`` is left alone: texts disagree on its size)."""
    if isinstance(space, n.Power) and isinstance(space.base, n.Symbol) and space.base.name == "Delta":
        exponent = space.exponent
        if isinstance(exponent, n.BinaryOp) and exponent.op == "-" and isinstance(exponent.left, n.Symbol) \
                and isinstance(exponent.right, n.Number) and exponent.right.text == "1":
            return _key(exponent.left)
    if isinstance(space, n.Indexed) and isinstance(space.base, n.Symbol) and space.base.name == "Delta" \
            and len(space.indices) == 1 and isinstance(space.indices[0], n.Symbol):
        return _key(space.indices[0])
    return None


def _drawn_like_its_mean(law: n.Node) -> bool:
    """``x \\sim \\mathcal{N}(\\mu, \\Sigma)``: x has the shape of mu (not of a literal mean, which broadcasts)."""
    return isinstance(law, n.Apply) and (family := FAMILY_NOTATION.get(law.function)) is not None and \
        family.family == "normal" and len(law.args) == 2 and not _literal(law.args[0])


def _literal(node: n.Node) -> bool:
    """Numerals broadcast against anything: ``1 - \\sigma(z)`` keeps z's shape."""
    while isinstance(node, n.Negate):
        node = node.operand
    return isinstance(node, n.Number | n.Constant) or (
        isinstance(node, n.BinaryOp) and _literal(node.left) and _literal(node.right))


def describe(shape: Shape) -> str:
    """``a scalar``, ``a vector (n)``, ``a matrix (n x m)``: the words of error messages."""
    if not shape:
        return "a scalar"
    what = "a vector" if len(shape) == 1 else "a matrix"
    return f"{what} ({' x '.join(str(d) for d in shape)})"


class _Inference:
    def __init__(self) -> None:
        self.vars: list[_Var] = []
        self.parent: list[int] = []
        self.dparent: dict[DimTerm, DimTerm] = {}
        self.prio: dict[DimTerm, int] = {}
        self.fresh = 0
        self.syms: dict[str, _Sym] = {}
        self.fns: dict[str, _Fn] = {}
        self.fn_names: set[str] = set()
        self.indices: set[str] = set()
        self.numbered: set[str] = set()  # vectors whose numbered entries are named: lambda = eig(A), lambda_1
        self.samples: set[str] = set()  # X with X_i ~ law: X_i is one of iid copies of X, typed as X
        self.ranges: dict[str, DimTerm] = {}
        self.pending: list[tuple[tuple[int, ...], Callable[[], bool], n.Node]] = []
        self.derivs: list[tuple[n.Derivative, int, tuple[int, ...]]] = []
        self.dim(1)  # the row dimension of a transposed vector

    # -- union-find over dimensions and over shape variables --------------------------------
    def dim(self, term: DimTerm | None = None, prio: int = 0) -> DimTerm:
        if term is None:
            self.fresh += 1
            term = f"'{self.fresh}"
        if term not in self.dparent:
            self.dparent[term] = term
            self.prio[term] = 3 if isinstance(term, int) else prio
        elif isinstance(term, str):
            self.prio[term] = max(self.prio[term], prio)
        return term

    def find_dim(self, d: DimTerm) -> DimTerm:
        while self.dparent[d] != d:
            self.dparent[d] = self.dparent[self.dparent[d]]
            d = self.dparent[d]
        return d

    def unify_dim(self, a: DimTerm, b: DimTerm) -> None:
        ra, rb = self.find_dim(a), self.find_dim(b)
        if ra == rb:
            return
        if self.prio[ra] >= _RIGID and self.prio[rb] >= _RIGID:
            raise _ClashError(str(ra), str(rb))
        if self.prio[rb] > self.prio[ra]:
            ra, rb = rb, ra
        self.dparent[rb] = ra

    def new(self, shape: Shape | None = None, *, wild: bool = False) -> int:
        self.vars.append(_Var(shape, wild=wild))
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, v: int) -> int:
        while self.parent[v] != v:
            self.parent[v] = self.parent[self.parent[v]]
            v = self.parent[v]
        return v

    def shape(self, v: int) -> Shape | None:
        s = self.vars[self.find(v)].shape
        return None if s is None else tuple(self.find_dim(d) for d in s)

    def unify_shapes(self, a: Shape, b: Shape) -> None:
        try:
            if len(a) != len(b):
                raise _ClashError("", "")
            for x, y in zip(a, b, strict=True):
                self.unify_dim(x, y)
        except _ClashError:
            raise _ClashError(describe(self.resolve(a)), describe(self.resolve(b))) from None

    def resolve(self, shape: Shape) -> Shape:
        return tuple(self.find_dim(d) for d in shape)

    def unify(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        va, vb = self.vars[ra], self.vars[rb]
        if ra == rb or va.wild or vb.wild:
            return
        if va.shape is not None and vb.shape is not None:
            self.unify_shapes(va.shape, vb.shape)
        elif va.shape is None and vb.shape is None:
            vb.nonscalar |= va.nonscalar
        else:
            known, other = (va, vb) if va.shape is not None else (vb, va)
            assert known.shape is not None
            if other.nonscalar and not known.shape:
                raise _ClashError(describe(()), "a vector or matrix")
            other.shape = known.shape
        self.parent[ra] = rb

    def bind(self, v: int, shape: Shape) -> None:
        self.unify(v, self.new(shape))

    def scalar(self) -> int:
        return self.new(())

    def later(self, inputs: tuple[int, ...], rule: Callable[[], bool], node: n.Node) -> None:
        self.pending.append((inputs, rule, node))

    # -- errors ------------------------------------------------------------------------------
    def error(self, node: n.Node, clash: _ClashError) -> LatexError:
        names = list(dict.fromkeys(
            _key(s) for s in n.walk(node) if isinstance(s, n.Symbol) and _key(s) in self.syms))
        shown = {k: describe(s) for k in names if (s := self.shape(self.syms[k].var)) is not None}
        where = f"shape conflict in '{render(node)}': "
        if clash.text is not None:
            known = ", ".join(f"{k} is {v}{' (stated)' if self.syms[k].stated else ''}" for k, v in shown.items())
            return LatexError(where + clash.text + (f"; here {known}" if known else ""), category="shapes")
        who = next((k for k in names if shown.get(k) == clash.have and self.syms[k].stated), None) or next(
            (k for k in names if shown.get(k) in (clash.have, clash.need)), names[0] if names else None)
        subject = f"{who}{' (stated)' if self.syms[who].stated else ''}" if who else "an expression"
        return LatexError(f"{where}{subject} is {clash.have} but is used as {clash.need}", category="shapes")

    # -- what the notation states -----------------------------------------------------------
    def space(self, node: n.Node, prio: int) -> Shape | None:
        if isinstance(node, n.RealSpace | n.NumberSet):
            return tuple(self.dim(int(d.text) if isinstance(d, n.Number) and d.text.isdigit() else
                                  _key(d) if isinstance(d, n.Symbol) else None, prio) for d in node.dims)
        if (size := _simplex_size(node)) is not None:  # p in Delta^{n-1}, Delta_n: a probability vector of n
            return (self.dim(size, prio),)
        return () if isinstance(node, n.Interval) else None  # y in {0, 1}: of each entry of a vector y too

    def prepass(self, root: n.Node) -> None:
        """Indices, dimension names, function names and stated memberships, before any usage."""
        for node in n.walk(root):
            if isinstance(node, n.Sum | n.Product):
                cond = node.condition
                bound = [node.index] if node.index is not None else list(
                    cond.items if isinstance(cond, n.TupleLiteral) else cond.operands if isinstance(
                        cond, n.Relation) else [cond.element] if isinstance(cond, n.Membership) else [cond])
                names = [_key(b) for b in bound if isinstance(b, n.Symbol)]
                self.indices.update(names)
                upper = node.upper
                if isinstance(upper, n.BinaryOp) and upper.op == "-" and isinstance(node.lower, n.Number) \
                        and node.lower.text == "0":
                    upper = upper.left
                if names and isinstance(upper, n.Symbol | n.Number):
                    d = self.dim(int(upper.text) if isinstance(upper, n.Number) and upper.text.isdigit() else
                                 _key(upper) if isinstance(upper, n.Symbol) else None, 1)
                    if names[0] not in self.ranges:
                        self.ranges[names[0]] = d
                    else:  # i ranged freely in a given formula (A_{ii} >= 0): this sum says up to where
                        with contextlib.suppress(_ClashError):
                            self.unify_dim(self.ranges[names[0]], d)
            elif isinstance(node, n.KroneckerDelta):
                self.indices.update(_key(s) for s in (node.i, node.j) if isinstance(s, n.Symbol))
            elif isinstance(node, n.Indexed) and not n.is_ones(node.base) and not n.is_sized_identity(node):
                self.indices.update(_key(s) for s in node.indices
                                    if isinstance(s, n.Symbol) and s.name in _INDEX_LETTERS)
            elif isinstance(node, n.Apply) and node.function not in _KNOWN:
                self.fn_names.add(node.function)
            elif (sample := iid_sample(node)) is not None:
                self.samples.add(sample[0])
            elif isinstance(node, n.Relation) and node.operators == ("=",) and isinstance(node.operands[0], n.Symbol):
                value = node.operands[1].operand if isinstance(node.operands[1], n.Negate) else node.operands[1]
                if isinstance(value, n.Apply) and value.function in _NUMBERED_VALUES:
                    self.numbered.add(_key(node.operands[0]))
            elif isinstance(node, n.Mapping) and isinstance(node.function, n.Symbol):
                self.fn_names.add(_key(node.function))
        for name in self.indices - set(self.ranges):  # one range per index letter: x_i and y_i match
            self.ranges[name] = self.dim()
        for node in n.walk(root):
            pairs = [(node.element, node.set)] if isinstance(node, n.Membership) and not node.negated else []
            if isinstance(node, n.Relation):
                pairs += [(a, b) for a, op, b in zip(node.operands, node.operators, node.operands[1:],
                                                     strict=False) if op == "in"]
            for element, space in pairs:
                shape = self.space(space, _RIGID)
                items = element.items if isinstance(element, n.TupleLiteral) else (element,)
                for item in items:
                    if shape is not None and isinstance(item, n.Symbol) and _key(item) not in self.indices:
                        sym, before = self.symbol(item, False), None
                        try:
                            before = self.shape(sym.var)
                            self.bind(sym.var, shape)
                        except _ClashError:
                            raise LatexError(f"shape conflict: {_key(item)} is stated both as {describe(before or ())} "
                                             f"and as {describe(self.resolve(shape))}", category="shapes") from None
                        sym.stated = True

    def symbol(self, node: n.Symbol, random: bool) -> _Sym:
        key = _key(node)
        sym = self.syms.setdefault(key, _Sym(self.new()))
        sym.bold |= node.bold
        sym.random |= random and node.name[:1].isupper() and not node.bold
        sym.in_moment |= random
        return sym

    # -- usage -------------------------------------------------------------------------------
    def walk(self, node: n.Node, random: bool = False) -> int:
        try:
            return self._walk(node, random)
        except _ClashError as clash:
            raise self.error(node, clash) from None

    def _walk(self, node: n.Node, random: bool) -> int:
        w = self.walk
        match node:
            case n.Number() | n.Constant() | n.KroneckerDelta() | n.Indicator():
                for child in n.children(node):
                    if not isinstance(node, n.KroneckerDelta):
                        w(child, random)
                return self.scalar()
            case n.Symbol(name=name, bold=bold):
                key = _key(node)
                if key in self.indices or key in self.dparent or (bold and name.isdigit()):
                    v = self.new()
                    self.vars[v].shape = None if bold else ()
                    self.vars[v].nonscalar = bold
                    return v
                if key in self.fn_names:
                    return self.function(key, 0).out
                return self.symbol(node, random).var
            case n.Indexed(base=base, indices=idx):
                return self.indexed(node, base, idx, random)
            case n.Superscript(base=base) | n.Negate(operand=base) | n.Abs(operand=base) | n.Sqrt(operand=base):
                return w(base, random)
            case n.BinaryOp(op=op, left=left, right=right):
                return self.binary(node, op, w(left, random), w(right, random))
            case n.Power(base=base, exponent=exponent):
                b, e = w(base, random), w(exponent, random)
                if isinstance(base, n.Constant) and base.name == "e":
                    return e
                if not _literal(exponent):
                    self.bind(e, ())
                return b
            case n.Transpose(operand=operand):
                v, out = w(operand, random), self.new()
                if isinstance(operand, n.Symbol):
                    self.vars[self.find(v)].nonscalar = True
                    if self.shape(v) == ():
                        raise _ClashError(describe(()), "a vector or matrix (it is transposed)")
                self.later((v,), lambda: self.transpose(v, out), node)
                return out
            case n.Inverse(operand=operand):
                v, out = w(operand, random), self.new()
                self.later((v,), lambda: self.inverse(v, out), node)
                return out
            case n.Apply():
                return self.apply(node, random)
            case n.Covariance(args=(left, right)):  # Cov(X, Y): a number, or a cross-covariance of vectors
                a, b, out = w(left, True), w(right, True), self.new()
                self.later((a, b), lambda: self.cross_covariance(a, b, out), node)
                return out
            case n.Norm() | n.InnerProduct() | n.Variance() | n.Covariance() if not (
                    isinstance(node, n.Covariance | n.Variance) and len(node.args) == 1):
                vs = [w(c, random or isinstance(node, n.Variance | n.Covariance)) for c in n.children(node)]
                if isinstance(node, n.Norm) and _difference_of_symbols(node.operand) \
                        and self.shape(vs[0]) is None:  # \|x\|_2, \|y - x\|: not a number
                    self.vars[self.find(vs[0])].nonscalar = True
                if isinstance(node, n.InnerProduct):
                    self.unify(vs[0], vs[1])
                return self.scalar()
            case n.Covariance(args=(arg,)) | n.Variance(args=(arg,)):  # of a vector: its covariance matrix
                v, out = w(arg, True), self.new()
                self.later((v,), lambda: self.covariance(v, out), node)
                return out
            case n.Expectation(body=body, subscript=sub):
                if sub is not None:
                    w(sub, True)
                return w(body, True)
            case n.Limit(variable=var, to=to, body=body):
                v, t = w(var, random), w(to, random)
                if not _literal(to):
                    self.unify(v, t)
                return w(body, random)
            case n.Sum() | n.Product() | n.Integral():
                for child in n.children(node):
                    if child is not node.body:
                        w(child, random)
                return w(node.body, random)
            case n.Extremum(kind=kind, under=under, body=body):
                u = w(under, random) if under is not None else self.scalar()
                if isinstance(under, n.Membership):
                    u = w(under.element, random)
                b = w(body, random)
                return u if kind in ("argmax", "argmin") else b
            case n.Derivative():
                return self.derivative(node, random)
            case n.Relation(operands=ops, operators=rels):
                vs = [w(o, random) for o in ops]
                if set(rels) <= {"<", "<=", ">", ">="} and any(_literal(o) for o in ops):
                    for o in ops:
                        if isinstance(o, n.Symbol) and (sym := self.syms.get(_key(o))) is not None:
                            sym.bounded = True
                for i, rel in enumerate(rels):
                    if rel == "~" and _drawn_like_its_mean(ops[i + 1]):
                        self.unify(vs[i], vs[i + 1])
                    if rel not in ("in", "notin", "subset", "subseteq", "~", "perp") and not (
                            _literal(ops[i]) or _literal(ops[i + 1])):
                        self.unify(vs[i], vs[i + 1])
                    if rel in ("succ", "succeq", "prec", "preceq"):  # the Loewner order: of square matrices
                        d = self.dim()
                        for side, v in ((ops[i], vs[i]), (ops[i + 1], vs[i + 1])):
                            if not _literal(side):
                                try:
                                    self.bind(v, (d, d))
                                except _ClashError:
                                    raise _ClashError(describe(self.shape(v) or ()),
                                                      f"a square matrix ({rel} compares two)") from None
                return self.new(wild=True)
            case n.Definition(left=left, right=right):
                lv, rv = w(left, random), w(right, random)
                if not _literal(right):
                    self.unify(lv, rv)
                return self.new(wild=True)
            case n.Piecewise(cases=cases):
                out = self.new()
                for value, cond in cases:
                    v = w(value, random)
                    if not _literal(value):
                        self.unify(out, v)
                    if cond is not None:
                        w(cond, random)
                return out
            case n.MatrixLiteral(rows=rows, environment=env):
                for child in n.children(node):
                    w(child, random)
                cols = len(rows[0]) if rows else 0
                if env == "vmatrix" or not rows:
                    return self.scalar()
                return self.new((self.dim(len(rows)),) if cols == 1 else (self.dim(len(rows)), self.dim(cols)))
            case n.Mapping(function=f, domain=dom, codomain=cod):
                name = _key(f) if isinstance(f, n.Symbol) else render(f)
                fn = self.function(name, 1)
                for v, space in ((fn.args[0], dom), (fn.out, cod)):
                    shape = self.space(space, _RIGID)
                    if shape is not None:
                        self.bind(v, shape)
                return self.new(wild=True)
            case n.Conditional(event=event, given=given):
                w(given, random)
                return w(event, random)
            case _:  # statements, implications, memberships, sets, tuples, elisions
                for child in n.children(node):
                    w(child, random)
                return self.new(wild=True)

    def size_named(self, subscript: n.Symbol | n.Number) -> DimTerm:
        """The dimension the subscript of 1_n or I_3 names."""
        size = _key_or_text(subscript)
        return self.dim(int(size) if size.isdigit() else size, 1)

    def indexed(self, node: n.Node, base: n.Node, idx: tuple[n.Node, ...], random: bool) -> int:
        """``x_i`` with an index ``i`` is a component of x; ``theta_t``, ``beta_1`` are labels of a symbol."""
        if isinstance(base, n.Symbol) and _key(base) in self.samples and len(idx) == 1:  # X_i: a copy of X
            self.walk(idx[0], random)
            copy = self.walk(base, True)
            self.bind(copy, ())  # of a scalar law
            return copy
        if isinstance(base, n.Symbol) and _key(base) in self.numbered and len(idx) == 1:  # lambda_1, lambda_n
            self.walk(idx[0], random)
            index = _key(idx[0]) if isinstance(idx[0], n.Symbol) else None
            length = self.ranges[index] if index in self.ranges else self.dim(index, 1)  # lambda_n: n entries
            self.bind(self.walk(base, random), (length,))
            return self.scalar()
        if n.is_ones(base) and len(idx) == 1 and isinstance(idx[0], n.Symbol | n.Number) and _key_or_text(
                idx[0]) not in self.indices:  # 1_n: the ones of R^n
            return self.new((self.size_named(idx[0]),))
        if n.is_sized_identity(node) and isinstance(idx[0], n.Symbol | n.Number) and _key_or_text(
                idx[0]) not in self.indices:  # I_n: the identity of R^n
            d = self.size_named(idx[0])
            return self.new((d, d))
        if not all(isinstance(i, n.Symbol) and _key(i) in self.indices for i in idx):
            for i in idx:
                self.walk(i, random)
            v = self.walk(base, random)
            have = self.shape(v)
            if (isinstance(base, n.Symbol) and have is not None and len(have) == len(idx)
                    and all(isinstance(i, n.Number) and i.text.isdigit() for i in idx)):
                return self.scalar()  # g_2 of a vector g known to be one: its entry, as the evaluator reads it
            return v
        v = self.walk(base, random)
        if len(idx) > 2:
            return self.scalar()
        axes = tuple(self.ranges[_key(i)] if isinstance(i, n.Symbol) else self.dim() for i in idx)
        have = self.shape(v)
        if not isinstance(base, n.Symbol):  # softmax(x)_i: the index runs over the result's axes
            self.later((v,), lambda: self.ranged(v, axes), node)
            return self.scalar()
        if have is not None and len(have) == 2 and len(idx) == 1:  # a row of a data matrix
            self.unify_dim(have[0], axes[0])
            return self.new((have[1],))
        self.bind(v, axes)
        return self.scalar()

    def binary(self, node: n.BinaryOp, op: str, left: int, right: int) -> int:
        if op in ("+", "-", "pm") and (_literal(node.left) or _literal(node.right)):
            return right if _literal(node.left) else left
        if op in ("+", "-", "pm", "odot", "oplus"):
            self.unify(left, right)
            return left
        if op == "circ":
            return self.new(wild=True)
        out = self.new()
        if op == "otimes":
            operands = (node.left, node.right)
            if any(isinstance(x, n.Symbol) and x.name[:1].isupper() for x in operands) or any(
                    len(self.shape(v) or ()) == 2 for v in (left, right)):  # A (x) B of matrices: Kronecker
                raise LatexError(r"\otimes is read as an outer product of vectors; the Kronecker product of "
                                 "matrices is not evaluated", category="shapes")
            for v in (left, right):
                if self.shape(v) is None:
                    self.bind(v, (self.dim(),))
            self.later((left, right), lambda: self.outer(left, right, out), node)
        elif op == "/":
            self.later((left, right), lambda: self.broadcast(left, right, out), node)
        else:
            self.later((left, right), lambda: self.matmul(left, right, out, dot=op == "*"), node)
        return out

    def apply(self, node: n.Apply, random: bool) -> int:
        name = node.function
        if (density := n.gaussian_density(node)) is not None:
            x, mean, covariance = (self.walk(a, random) for a in density)
            self.unify(x, mean)
            self.later((x,), lambda: self.covariance_of(x, covariance), node)
            return self.scalar()
        args = [self.walk(a, random or name in ("P", "bb(P)")) for a in node.args]
        if name in ELEMENTWISE and len(args) == 1:
            return args[0]
        if name in ("KL", "H"):  # KL(p || q), H(p, q): two distributions on one support
            pair = (node.args[0].event, node.args[0].given) if len(node.args) == 1 and isinstance(
                node.args[0], n.Conditional) else node.args
            if len(pair) == 2:
                self.unify(self.walk(pair[0], random), self.walk(pair[1], random))
        if name in SCALAR_VALUED or not args:
            return self.scalar()
        if name == "softmax":  # of a vector, or of each row of a matrix (attention's softmax(QK^T))
            out = self.new()
            if isinstance(node.args[0], n.Symbol) and self.shape(args[0]) is None:
                self.vars[self.find(args[0])].nonscalar = True
            self.later((args[0],), lambda: self.rowwise(args[0], out), node)
            return out
        if name == "logsumexp":
            self.bind(args[0], (self.dim(),))
            return self.scalar()
        if name in ("tr", "det", "lambda"):  # lambda_max(A): an extreme eigenvalue
            d, have = self.dim(), self.shape(args[0])
            try:
                self.bind(args[0], (d, d))
            except _ClashError:
                raise _ClashError(describe(have or ()), f"a square matrix ({name} needs one)") from None
            return self.scalar()
        if name == "singular_value":
            self.bind(args[0], (self.dim(), self.dim()))
            return self.scalar()
        if name == "eig":  # the eigenvalues of a square matrix, as a vector
            d = self.dim()
            self.bind(args[0], (d, d))
            return self.new((d,))
        if name == "pinv":  # the pseudo-inverse of an m x n matrix is n x m
            rows, columns = self.dim(), self.dim()
            self.bind(args[0], (rows, columns))
            return self.new((columns, rows))
        if name == "sv":  # the singular values of a matrix, as a vector
            self.bind(args[0], (self.dim(), self.dim()))
            return self.new((self.dim(),))
        if name in ("max", "min"):
            if len(args) == 1:
                return self.scalar()
            out = self.new()
            self.later((args[0], args[1]), lambda: self.broadcast(args[0], args[1], out), node)
            return out
        if name == "diag":
            out = self.new()
            if isinstance(node.args[0], n.Symbol) and self.shape(args[0]) is None:
                self.vars[self.find(args[0])].nonscalar = True
            self.later((args[0],), lambda: self.diag(args[0], out), node)
            return out
        if name in _KNOWN:  # an elementwise function given several arguments
            return self.new(wild=True)
        if (law := FAMILY_NOTATION.get(name)) is not None and len(args) == len(law.domains):
            if law.family == "normal" and not _literal(node.args[0]):  # N(mu, Sigma): Sigma is d x d for mu in R^d
                self.later((args[0],), lambda: self.covariance_of(args[0], args[1]), node)
                return args[0]  # the shape of its draws
            return self.new()  # each law has its own parameters: N(mu, Sigma) and N(A mu + b, A Sigma A^T)
        fn = self.function(name, len(args))
        if len(fn.args) == len(args):
            for a, b in zip(fn.args, args, strict=True):
                self.unify(a, b)
        return fn.out

    def covariance_of(self, x: int, covariance: int) -> bool:
        """A variance for a scalar x, a d x d matrix for x in R^d."""
        shape = self.shape(x)
        if shape is None:
            return False
        self.bind(covariance, () if shape == () else (shape[0], shape[0]))
        return True

    def function(self, name: str, arity: int) -> _Fn:
        return self.fns.setdefault(name, _Fn([self.new() for _ in range(arity)], self.new()))

    def derivative(self, node: n.Derivative, random: bool) -> int:
        """Shapes of derivatives depend on the layout convention, so only their operands are recorded."""
        num = self.walk(node.expr, random)
        if node.notation == "prime":
            return num
        dens = tuple(self.walk(v, random) for v in node.variables)
        if not dens and isinstance(node.expr, n.Apply) and len(node.expr.args) == 1:
            dens = (self.walk(node.expr.args[0], random),) * node.order
        out = self.new(wild=node.notation != "nabla")
        self.derivs.append((node, num, dens))
        if node.notation == "nabla":  # a gradient has its variable's shape, in every layout
            self.later((num, *dens), lambda: self.gradient(num, dens, out, node.order), node)
            return out

        def scalar_if_all_scalar() -> bool:
            shapes = [self.shape(v) for v in (num, *dens)]
            if any(s is None for s in shapes):
                return False
            if not any(shapes):
                self.vars[out] = _Var(())
            return True

        self.later((num, *dens), scalar_if_all_scalar, node)
        return out

    # -- rules that wait for ranks ----------------------------------------------------------
    def matmul(self, a: int, b: int, out: int, dot: bool) -> bool:
        """Juxtaposition: scalars scale; otherwise a matrix product (vectors are columns)."""
        sa, sb = self.shape(a), self.shape(b)
        if sa == () or sb == ():
            self.unify(out, b if sa == () else a)
            return True
        if sa is None or sb is None:
            if sa is not None and sb is None:  # Xw, w^T x: what follows a matrix or a row is not a scalar
                self.vars[self.find(b)].nonscalar = True
            return False
        if len(sa) == 1 and len(sb) == 1:  # w \cdot x is a dot product; sigma(z)(1 - sigma(z)) elementwise
            self.unify_shapes(sa, sb)
            self.unify(out, self.scalar() if dot else a)
            return True
        left = sa if len(sa) == 2 else (sa[0], 1)
        if len(sa) == 1 and self.find_dim(sb[0]) != 1:
            raise _ClashError("", "", f"a column vector times {describe(sb)} is undefined (the right factor must "
                                 "be a row)")
        self.unify_dims_or_clash(left[1], sb[0], sa, sb)
        shape = (left[0], sb[1]) if len(sb) == 2 else (left[0],)
        self.bind(out, () if shape == (1,) or shape == (1, 1) else shape)
        return True

    def unify_dims_or_clash(self, x: DimTerm, y: DimTerm, sa: Shape, sb: Shape) -> None:
        try:
            self.unify_dim(x, y)
        except _ClashError:
            raise _ClashError("", "", f"the inner dimensions of the product differ ({self.find_dim(x)} vs "
                                 f"{self.find_dim(y)}: {describe(sa)} times {describe(sb)})") from None

    def broadcast(self, a: int, b: int, out: int) -> bool:
        sa, sb = self.shape(a), self.shape(b)
        if sa == () or sb == ():
            self.unify(out, b if sa == () else a)
            return True
        if sa is None or sb is None:
            return False
        self.unify(a, b)
        self.unify(out, a)
        return True

    def gradient(self, num: int, dens: tuple[int, ...], out: int, order: int) -> bool:
        top, bottoms = self.shape(num), [self.shape(d) for d in dens]
        if top is None or any(b is None for b in bottoms):
            return False
        if top or len(set(map(str, bottoms))) != 1:
            self.vars[self.find(out)].wild = True  # a Jacobian written with nabla: the layout decides
            return True
        bottom = bottoms[0] or ()
        self.bind(out, (bottom[0], bottom[0]) if order == 2 and len(bottom) == 1 else bottom)
        return True

    def transpose(self, v: int, out: int) -> bool:
        s = self.shape(v)
        if s is None:
            return False
        t = s if not s else (1, s[0]) if len(s) == 1 else (s[1],) if self.find_dim(s[0]) == 1 else (s[1], s[0])
        self.bind(out, t)
        return True

    def inverse(self, v: int, out: int) -> bool:
        s = self.shape(v)
        if s is None:
            return False
        if len(s) == 1:
            raise _ClashError(describe(s), "a scalar or a square matrix (it is inverted)")
        if s:
            self.unify_shapes(s, (s[0], s[0]))
        self.unify(out, v)
        return True

    def outer(self, a: int, b: int, out: int) -> bool:
        sa, sb = self.shape(a), self.shape(b)
        if sa is None or sb is None:
            return False
        if len(sa) != 1 or len(sb) != 1:
            raise _ClashError(describe(sa if len(sa) != 1 else sb), "a vector (\\otimes is read as an outer product)")
        self.bind(out, (sa[0], sb[0]))
        return True

    def ranged(self, v: int, axes: tuple[DimTerm, ...]) -> bool:
        have = self.shape(v)
        if have is None:
            return False
        if len(have) == len(axes):
            for d, axis in zip(have, axes, strict=True):
                self.unify_dim(d, axis)
        return True

    def rowwise(self, v: int, out: int) -> bool:
        s = self.shape(v)
        if s is None:
            return False
        if not s:
            raise _ClashError("a scalar", "a vector or a matrix (softmax needs one)")
        self.bind(out, s)
        return True

    def diag(self, v: int, out: int) -> bool:
        s = self.shape(v)
        if s is None:
            return False
        if len(s) == 2:
            self.unify_shapes(s, (s[0], s[0]))
        self.bind(out, (s[0], s[0]) if len(s) == 1 else (s[0],) if s else ())
        return True

    def cross_covariance(self, a: int, b: int, out: int) -> bool:
        s, t = self.shape(a), self.shape(b)
        if s is None or t is None:
            return False
        self.bind(out, () if s == t == () else (s[0] if s else 1, t[0] if t else 1))
        return True

    def covariance(self, v: int, out: int) -> bool:
        s = self.shape(v)
        if s is None:
            return False
        self.bind(out, (s[0], s[0]) if len(s) == 1 else ())
        return True

    # -- solving -----------------------------------------------------------------------------
    def settle(self) -> None:
        progress = True
        while progress:
            progress = False
            for item in list(self.pending):
                try:
                    done = item[1]()
                except _ClashError as clash:
                    raise self.error(item[2], clash) from None
                if done:
                    self.pending.remove(item)
                    progress = True

    def default(self, key: str, sym: _Sym) -> None:
        """Notation decides only what usage left open: bold/capital non-scalars first."""
        name = _letter(key)
        capital = (len(name) == 1 and name.isupper()) or name in _MATRIX_GREEK
        var = self.vars[self.find(sym.var)]
        sym.defaulted = True
        if key == "I":  # the identity
            d = self.dim()
            shape: Shape = (d, d)
        elif var.nonscalar or sym.bold:
            shape = (self.dim(), self.dim()) if name[:1].isupper() else (self.dim(),)
        else:
            matrix = capital and not (sym.random or sym.bounded) and "cal(" not in key
            shape = (self.dim(), self.dim()) if matrix else ()
        if var.wild:  # a symbol tied to a layout-dependent result: unifying has no effect, so set it
            var.shape = shape
            return
        try:
            self.bind(sym.var, shape)
        except _ClashError as clash:  # pragma: no cover - an unbound variable takes any shape
            raise LatexError(f"shape conflict for {key}: {clash.have} vs {clash.need}", category="shapes") from None

    def strength(self, key: str, sym: _Sym) -> int:
        var = self.vars[self.find(sym.var)]
        if key in self.dparent and not (var.nonscalar or sym.bold):  # a size (n, d_k): a scalar, settled first
            return 3
        return 2 if var.nonscalar or sym.bold else 1 if _letter(key)[:1].isupper() and not (
            sym.random or sym.bounded) else 0

    def solve(self) -> None:
        while True:
            self.settle()
            open_ = [(k, s) for k, s in self.syms.items() if self.shape(s.var) is None]
            if open_:
                self.default(*max(open_, key=lambda ks: self.strength(*ks)))
                continue
            loose = [v for fn in self.fns.values() for v in (fn.out, *fn.args)]
            loose += [v for inputs, _, _ in self.pending for v in inputs]
            loose = [v for v in loose if self.shape(v) is None and not self.vars[self.find(v)].wild]
            if not loose:
                return
            flagged = self.vars[self.find(loose[0])].nonscalar  # e.g. the ones vector \mathbf{1}
            self.bind(loose[0], (self.dim(),) if flagged else ())

    # -- the result --------------------------------------------------------------------------
    def typing(self) -> Typing:
        taken = set(self.syms) | self.indices | self.fn_names | {d for d in self.dparent if isinstance(d, str)}
        names: dict[DimTerm, DimTerm] = {}
        pool = iter([*_FRESH_NAMES, *(f"d{i}" for i in range(1, 1000))])

        def canon(shape: Shape | None) -> Shape:
            out: list[DimTerm] = []
            for d in shape or ():
                root = self.find_dim(d)
                if root not in names:
                    names[root] = root if not (isinstance(root, str) and root.startswith("'")) else next(
                        x for x in pool if x not in taken)
                out.append(names[root])
            return tuple(out)

        symbols: dict[str, SymbolType] = {}
        for key, sym in self.syms.items():
            if key in self.fn_names:
                continue
            shape = canon(self.shape(sym.var))
            kind = (Kind.MATRIX if len(shape) == 2 else Kind.VECTOR if shape else
                    Kind.RANDOM if sym.random and not sym.stated else Kind.SCALAR)
            source = "stated" if sym.stated else "notation" if sym.defaulted else "usage"
            symbols[key] = SymbolType(kind, shape, source, sym.in_moment)
        functions: dict[str, FunctionType] = {}
        for key, fn in self.fns.items():
            out = canon(self.shape(fn.out))
            kind = Kind.MATRIX if len(out) == 2 else Kind.VECTOR if out else Kind.SCALAR
            functions[key] = FunctionType(len(fn.args), tuple(canon(self.shape(a)) for a in fn.args), out, kind)
            symbols[key] = SymbolType(Kind.FUNCTION, out, "usage")
        for key in self.indices:
            symbols.setdefault(key, SymbolType(Kind.INDEX, (), "usage"))
        derivs = []
        for node, num, dens in self.derivs:
            top, bottoms = canon(self.shape(num)), tuple(canon(self.shape(d)) for d in dens)
            gradient = node.notation == "nabla" and not top and len(set(bottoms)) == 1
            derivs.append(DerivativeType(node, () if not top and not any(bottoms) else bottoms[0] if gradient
                                         and node.order == 1 else LayoutDependent(top, bottoms)))
        for d in self.dparent:  # named dimensions no symbol uses still count (n in \sum_{i=1}^n)
            if isinstance(d, str) and not d.startswith("'"):
                canon((d,))
        dims = tuple(dict.fromkeys(v for v in names.values() if isinstance(v, str)))
        aliases = {d: str(canon((d,))[0]) for d in self.dparent if isinstance(d, str) and not d.startswith("'")}
        return Typing(symbols, dims, frozenset(self.indices), functions, tuple(derivs),
                      {k: v for k, v in aliases.items() if k != v})


def infer(statement: n.Node, given: Sequence[n.Node] = ()) -> Typing:
    """Kinds and shapes of every free symbol of ``statement``, using the ``given`` formulas as context.

    Raises ``LatexError`` (category ``"shapes"``) when the stated shapes and the usage contradict.
    """
    state = _Inference()
    try:
        for formula in (*given, statement):
            state.prepass(formula)
        for formula in (*given, statement):
            state.walk(formula)
        state.solve()
        return state.typing()
    except RecursionError:
        raise LatexError("formula is nested too deeply to infer its shapes", category="nesting") from None
