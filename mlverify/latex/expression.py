"""An expression's value at given values: what a problem's worked solution displays and its key is checked by.

The compiler turns statements into properties over drawn examples; a problem instead knows its values and
asks what a formula of them comes to (``\\sigma(x)(1 - \\sigma(x))`` at x = 2, ``\\nabla_w \\frac{1}{2}\\|Xw - y\\|^2``
at the drawn X, w, y). The same parser, typing and evaluator serve both, so a key is computed by the same
notation the audit checks sheets with.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from mlverify.errors import LatexError
from mlverify.latex import nodes as n
from mlverify.latex.compile import _identity_dim, _parse, _read_given, _separate, _sizes, _StopError
from mlverify.latex.evaluate import (
    Env,
    FunctionDef,
    NotEvaluableError,
    OutsideDomainError,
    evaluate,
    key,
    plain,
    truth,
    used_definitions,
)
from mlverify.latex.render import render
from mlverify.latex.shapes import Typing, infer

Shape = tuple[int, ...]


class EvaluationError(Exception):
    """The expression has no value here: outside its domain (a pole, log of a negative) or not evaluable."""


@dataclass(frozen=True)
class Expression:
    """A parsed, typed expression over named values of fixed shapes."""

    latex: str
    node: n.Node
    typing: Typing
    functions: Mapping[str, FunctionDef]
    random: Mapping[str, Any]
    independent: frozenset[str]
    layout: str

    def value(self, values: Mapping[str, Any]) -> Any:
        """The value (a float or an array); raises ``EvaluationError``."""
        env = self._env(values)
        try:
            return plain(evaluate(self.node, env))
        except (OutsideDomainError, NotEvaluableError, ArithmeticError, ValueError) as error:
            raise EvaluationError(f"'{self.latex}' has no value here: {error}") from None

    def holds(self, values: Mapping[str, Any]) -> bool:
        """Whether a condition (a chain of comparisons) holds; raises ``EvaluationError``."""
        env = self._env(values)
        try:
            return truth(self.node, env)
        except (OutsideDomainError, NotEvaluableError, ArithmeticError, ValueError) as error:
            raise EvaluationError(f"'{self.latex}' cannot be decided here: {error}") from None

    def _env(self, values: Mapping[str, Any]) -> Env:
        env = Env(values, self.functions, _sizes(values, self.typing), self.layout, self.independent)
        identity = _identity_dim(self.typing)
        if identity is not None and "I" not in values and "I" not in self.functions:
            env = env.bind("I", np.eye(env.sizes.get(identity, 2)))
        try:
            for name, definition in self.random.items():
                env = env.bind(name, definition.case(env))
        except (OutsideDomainError, NotEvaluableError) as error:
            raise EvaluationError(f"the law of {name} has no value here: {error}") from None
        return env


def symbol_key(name: str) -> str:
    """The key a LaTeX name (``x``, ``\\mu``, ``\\mathbf{w}``) has in an expression's values."""
    node = _parsed(name)
    if not isinstance(node, n.Symbol):
        raise LatexError(f"'{name}' is not a single symbol", category="notation")
    return key(node)


def compile_expression(latex: str | n.Node, shapes: Mapping[str, Shape], given: Sequence[str] = (),
                       layout: str = "denominator") -> Expression:
    """Parse (unless it is a parsed node already) and type ``latex`` where each name of ``shapes`` (LaTeX, as
    ``\\mu``) holds a value of that shape
    (``()`` a scalar, ``(n,)`` a column vector, ``(m, n)`` a matrix); ``given`` holds definitions and laws
    (``z = Wx + b``, ``X \\sim \\operatorname{Bernoulli}(p)``); ``layout`` is that of matrix derivatives.
    Raises ``LatexError``."""
    return _compiled(latex, tuple(sorted(shapes.items())), tuple(given), layout)


@functools.lru_cache(maxsize=1024)
def _compiled(latex: str | n.Node, shapes: tuple[tuple[str, Shape], ...], given: tuple[str, ...],
              layout: str) -> Expression:
    node = _parsed(latex) if isinstance(latex, str) else latex
    given_nodes = [item for text in given for item in _separate(_parsed(text))]
    context: list[n.Node] = [n.Membership(_parsed(name), n.RealSpace(tuple(n.Number(str(d)) for d in shape)))
                             for name, shape in shapes]
    read = _read_given(given_nodes)
    typing = infer(node, [*context, *given_nodes])
    used = used_definitions(node, read.functions)
    mentioned = {key(x) for root in (node, *(d.body for d in used.values())) for x in n.walk(root)
                 if isinstance(x, n.Symbol)}
    laws = {name: law for name, law in read.random.items() if name in mentioned}  # the laws this expression needs
    return Expression(latex if isinstance(latex, str) else render(latex), node, typing, used, laws,
                      frozenset(read.independent), layout)


def _parsed(latex: str) -> n.Node:
    try:
        return _parse(latex)
    except _StopError as stop:
        raise LatexError(stop.reason.message, category=stop.reason.category) from None
