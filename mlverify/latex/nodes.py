"""mlverify's typed expression tree for formulas read from LaTeX.

The tree records what the notation *says*, not what it means numerically: shapes,
layouts and the reading of ambiguous notation are the compiler's job, so every node
keeps enough of the source notation for the compiler to decide. Two conventions matter:

- ``BinaryOp("@", a, b)`` is juxtaposition (``Xw``, ``2x``, ``x^\\top A x``): a matrix
  product when both sides are matrices, a scaling otherwise. Explicit operators keep
  their own op: ``\\cdot`` and ``*`` are ``"*"``, ``\\times`` is ``"times"``, ``\\odot``
  (Hadamard) is ``"odot"``, ``\\otimes`` (outer / Kronecker) is ``"otimes"``.
- ``Inverse`` is ``^{-1}`` on anything; the compiler decides whether it is a reciprocal
  (scalar) or a matrix inverse. Other exponents stay ``Power``.

Every node is a frozen, slotted dataclass, so trees hash, compare by value and can be
used as cache keys; ``str(node)`` is the compact unambiguous form of ``render``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from typing import Any, Literal, TypeGuard

BinaryOperator = Literal["+", "-", "pm", "@", "*", "times", "/", "odot", "otimes", "oplus", "circ"]
RelationOperator = Literal["=", "!=", "<", ">", "<=", ">=", "approx", "~", "propto", "in", "notin",
                           "subset", "subseteq", "->", "perp", "<<", ">>", "succ", "succeq", "prec",
                           "preceq"]
DefinitionForm = Literal[":=", "=:", "equiv", "triangleq"]
DerivativeNotation = Literal["nabla", "partial", "d", "prime"]
ExtremumKind = Literal["max", "min", "sup", "inf", "argmax", "argmin"]
ConstantName = Literal["e", "pi", "infinity"]


@dataclass(frozen=True, slots=True)
class Node:
    """Base of every tree node."""

    def __str__(self) -> str:
        from mlverify.latex.render import render

        return render(self)


@dataclass(frozen=True, slots=True)
class Number(Node):
    """A numeral, kept as written so ``0.1`` stays exact for the compiler."""

    text: str


@dataclass(frozen=True, slots=True)
class Symbol(Node):
    """A variable or function name: ``x``, ``alpha`` (Greek without backslash), ``softmax``.

    ``font`` is ``"cal"`` for ``\\mathcal``; ``accent`` is ``hat``, ``bar``, ``tilde``, ...;
    ``primes`` counts trailing primes of a variable that is not a derivative (``x'``).
    """

    name: str
    bold: bool = False
    font: str | None = None
    accent: str | None = None
    primes: int = 0


@dataclass(frozen=True, slots=True)
class Constant(Node):
    """``e`` (Euler's number unless the compiler finds it bound), ``\\pi`` and ``\\infty``."""

    name: ConstantName


@dataclass(frozen=True, slots=True)
class Dots(Node):
    """``\\dots`` and its relatives: an elided run of terms."""


@dataclass(frozen=True, slots=True)
class Previous(Node):
    """The left side elided by a continuation line (``= 2x^T``): the previous formula's last side."""


@dataclass(frozen=True, slots=True)
class Indexed(Node):
    """``x_i``, ``w_{jk}`` (two indices), ``x_{i,j}``, ``\\theta_{t+1}``."""

    base: Node
    indices: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Superscript(Node):
    """A superscript that is a label, not an exponent: ``x^{(i)}``, ``\\theta^*``, ``A^\\dagger``."""

    base: Node
    label: Node | str


@dataclass(frozen=True, slots=True)
class BinaryOp(Node):
    """An arithmetic operation; see the module docstring for the product operators."""

    op: BinaryOperator
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Negate(Node):
    """Unary minus."""

    operand: Node


@dataclass(frozen=True, slots=True)
class Power(Node):
    """``base^exponent`` for every exponent except ``-1`` and transpose labels."""

    base: Node
    exponent: Node


@dataclass(frozen=True, slots=True)
class Transpose(Node):
    """``^T``, ``^\\top``, ``^\\intercal``, or ``'`` on a bold or capital symbol."""

    operand: Node


@dataclass(frozen=True, slots=True)
class Inverse(Node):
    """``^{-1}``: reciprocal of a scalar or inverse of a matrix, decided by the compiler."""

    operand: Node


@dataclass(frozen=True, slots=True)
class Apply(Node):
    """A named function applied to arguments: ``f(x)``, ``\\log x``, ``softmax(z)``, ``f_X(t)``.

    ``function`` is the canonical name (``log`` for ``\\log`` and ``\\ln``, ``sigmoid`` for an
    applied ``\\sigma``, ``tr`` for ``\\operatorname{Tr}``); ``subscript`` holds the function's
    own subscripts (the ``X`` of ``f_X``).
    """

    function: str
    args: tuple[Node, ...]
    subscript: tuple[Node, ...] = ()


@dataclass(frozen=True, slots=True)
class Norm(Node):
    """``\\|x\\|`` with ``kind`` ``None`` (unspecified), ``"1"``, ``"2"``, ``"F"``, ``"inf"`` or ``"p"``."""

    operand: Node
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Abs(Node):
    """``|x|``."""

    operand: Node


@dataclass(frozen=True, slots=True)
class Sqrt(Node):
    """``\\sqrt{x}`` and ``\\sqrt[n]{x}``."""

    operand: Node
    index: Node | None = None


@dataclass(frozen=True, slots=True)
class Sum(Node):
    """``\\sum_{index=lower}^{upper} body``; ``condition`` holds ``\\sum_{i<j}`` or ``\\sum_{x \\in S}``."""

    index: Node | None
    lower: Node | None
    upper: Node | None
    body: Node
    condition: Node | None = None


@dataclass(frozen=True, slots=True)
class Product(Node):
    """``\\prod``, with the same fields as ``Sum``."""

    index: Node | None
    lower: Node | None
    upper: Node | None
    body: Node
    condition: Node | None = None


@dataclass(frozen=True, slots=True)
class Indicator(Node):
    """``\\mathbb{1}(c)``, ``\\mathbb{1}[c]``, ``\\mathbf{1}\\{c\\}``, ``\\mathbb{1}_{c}``."""

    condition: Node


@dataclass(frozen=True, slots=True)
class KroneckerDelta(Node):
    """``\\delta_{ij}``."""

    i: Node
    j: Node


@dataclass(frozen=True, slots=True)
class Piecewise(Node):
    """``\\begin{cases}``: (value, condition) pairs; a ``None`` condition is "otherwise"."""

    cases: tuple[tuple[Node, Node | None], ...]


@dataclass(frozen=True, slots=True)
class MatrixLiteral(Node):
    """``pmatrix``/``bmatrix``/... literal; ``environment`` keeps ``vmatrix`` (a determinant)."""

    rows: tuple[tuple[Node, ...], ...]
    environment: str = "pmatrix"


@dataclass(frozen=True, slots=True)
class TupleLiteral(Node):
    """``(a, b)``, ``[x_1, \\dots, x_n]`` or a top-level ``X, Y``."""

    items: tuple[Node, ...]
    delimiter: str = "("


@dataclass(frozen=True, slots=True)
class SetLiteral(Node):
    """``\\{0, 1\\}``."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Interval(Node):
    """``[a, b]``, ``(a, b]``, ... read as an interval (a set)."""

    lower: Node
    upper: Node
    lower_closed: bool
    upper_closed: bool


@dataclass(frozen=True, slots=True)
class RealSpace(Node):
    """``\\mathbb{R}``, ``\\mathbb{R}^n``, ``\\mathbb{R}^{n \\times m}`` (dims in order)."""

    dims: tuple[Node, ...] = ()


@dataclass(frozen=True, slots=True)
class NumberSet(Node):
    """``\\mathbb{N}``, ``\\mathbb{Z}``, ``\\mathbb{Q}``, ``\\mathbb{C}`` (with optional power)."""

    name: str
    dims: tuple[Node, ...] = ()


@dataclass(frozen=True, slots=True)
class Relation(Node):
    """A chain ``a = b \\le c``: ``len(operators) == len(operands) - 1``.

    ``approx`` (``\\approx``) is its own operator so the compiler can say "approximation,
    not checkable"; ``->`` is ``\\to``.
    """

    operands: tuple[Node, ...]
    operators: tuple[RelationOperator, ...]


@dataclass(frozen=True, slots=True)
class Membership(Node):
    """``x \\in S`` (``negated`` for ``\\notin``)."""

    element: Node
    set: Node
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Implication(Node):
    """``A \\implies B`` (``kind="implies"``) or ``A \\iff B`` (``kind="iff"``)."""

    left: Node
    right: Node
    kind: Literal["implies", "iff"]


@dataclass(frozen=True, slots=True)
class Definition(Node):
    """``left := right``; for ``=:`` the *right* side is the name being defined."""

    left: Node
    right: Node
    form: DefinitionForm


@dataclass(frozen=True, slots=True)
class Derivative(Node):
    """A derivative of ``expr``.

    ``nabla``: ``\\nabla_x F`` (``variables`` empty for a bare ``\\nabla F``; ``order`` 2 for
    ``\\nabla^2``). ``partial``/``d``: ``\\frac{\\partial^2 F}{\\partial x \\partial y}`` or
    ``\\partial_{z} s``, one entry in ``variables`` per differentiation. ``prime``: ``expr`` is
    the ``Apply`` of the differentiated function and the derivative is evaluated at its
    arguments (``f''(x)``: order 2, ``variables`` empty).
    """

    expr: Node
    variables: tuple[Node, ...]
    order: int
    notation: DerivativeNotation


@dataclass(frozen=True, slots=True)
class Expectation(Node):
    """``\\mathbb{E}[body]`` and ``\\mathbb{E}_{x \\sim p}[body]``."""

    body: Node
    subscript: Node | None = None


@dataclass(frozen=True, slots=True)
class Variance(Node):
    """``\\operatorname{Var}(X)`` / ``\\text{Var}[X]``."""

    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Covariance(Node):
    """``\\mathrm{Cov}(X, Y)``; one argument is a covariance matrix."""

    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Conditional(Node):
    """``A | B`` or ``A \\mid B`` inside an argument list: ``P(X | Y)``."""

    event: Node
    given: Node


@dataclass(frozen=True, slots=True)
class InnerProduct(Node):
    """``\\langle a, b \\rangle``."""

    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Limit(Node):
    """``\\lim_{variable \\to to} body``."""

    variable: Node
    to: Node
    body: Node


@dataclass(frozen=True, slots=True)
class Integral(Node):
    """``\\int_lower^upper body \\, d variable``; ``lower`` alone may be a domain (``\\int_{\\mathbb{R}}``)."""

    lower: Node | None
    upper: Node | None
    body: Node
    variable: Node | None


@dataclass(frozen=True, slots=True)
class Extremum(Node):
    """``\\max_{x} f(x)``, ``\\arg\\min_\\theta L``: ``under`` is the subscript."""

    kind: ExtremumKind
    under: Node | None
    body: Node


@dataclass(frozen=True, slots=True)
class Mapping(Node):
    """A signature ``f: \\mathbb{R}^n \\to \\mathbb{R}^m``."""

    function: Node
    domain: Node
    codomain: Node


@dataclass(frozen=True, slots=True)
class Statements(Node):
    """Several statements in one formula, separated by ``\\quad``, ``;`` or aligned rows."""

    items: tuple[Node, ...]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(node: Node) -> tuple[str, ...]:
    """The fields of the node's class, looked up once per class (``fields`` is slow in the evaluator's loops)."""
    try:
        return _FIELD_NAMES[type(node)]
    except KeyError:
        return _FIELD_NAMES.setdefault(type(node), tuple(f.name for f in fields(node)))


def children(node: Node) -> Iterator[Node]:
    """The nodes directly below ``node``, in field order (tuples of nodes, and of tuples, flattened)."""
    for name in _field_names(node):
        stack = [getattr(node, name)]
        while stack:
            item = stack.pop()
            if isinstance(item, Node):
                yield item
            elif isinstance(item, tuple):
                stack.extend(reversed(item))


def walk(node: Node) -> Iterator[Node]:
    """``node`` and every node below it, depth first, in field order; iterative, so a flat sum of
    thousands of terms (a deep tree) does not exhaust the recursion limit."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        stack.extend(reversed(list(children(item))))


def rebuild(node: Node, change: Callable[[Node], Node | None]) -> Node:
    """``node`` with each subtree that ``change`` maps to a node replaced by it (tried from the top down)."""
    new = change(node)
    if new is not None:
        return new
    updates = {name: _rebuilt(getattr(node, name), change) for name in _field_names(node)}
    if all(updates[name] is getattr(node, name) for name in updates):
        return node
    return replace(node, **updates)


def _rebuilt(item: Any, change: Callable[[Node], Node | None]) -> Any:
    if isinstance(item, Node):
        return rebuild(item, change)
    if isinstance(item, tuple):
        items = tuple(_rebuilt(x, change) for x in item)
        return item if all(a is b for a, b in zip(items, item, strict=True)) else items
    return item


def is_ones(node: Node) -> TypeGuard[Symbol]:
    """``\\mathbf{1}`` or ``\\mathbf{0}``: a vector of ones (zeros) whose length its use fixes."""
    return isinstance(node, Symbol) and node.bold and node.name in ("0", "1")


def is_sized_identity(node: Node) -> TypeGuard[Indexed]:
    """``I_n``, ``I_d``, ``I_3``: the identity matrix of the size its subscript names."""
    if not (isinstance(node, Indexed) and node.base == Symbol("I") and len(node.indices) == 1):
        return False
    size = node.indices[0]
    if isinstance(size, Number):
        return size.text.isdigit()
    return isinstance(size, Symbol) and len(size.name) == 1 and size.name.islower() and size.accent is None


def gaussian_density(node: Node) -> tuple[Node, Node, Node] | None:
    """``(x, mean, covariance)`` of ``\\mathcal{N}(x \\mid \\mu, \\Sigma)`` or ``\\mathcal{N}(x; \\mu, \\sigma^2)``: the
    Gaussian density at x, as Bishop writes it (two arguments, ``\\mathcal{N}(\\mu, \\sigma^2)``, name a law)."""
    if not isinstance(node, Apply) or node.function != "cal(N)" or node.subscript:
        return None
    match node.args:
        case (Conditional(event=x, given=mean), covariance) | (x, mean, covariance) if not isinstance(x, Conditional):
            return x, mean, covariance
    return None
