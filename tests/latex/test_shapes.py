"""Table-driven tests of shape inference: (LaTeX, given, expected kinds and shapes) and contradictions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlverify.errors import LatexError
from mlverify.latex import Kind, LayoutDependent, infer, parse

S, V, M, R, IX, F = Kind.SCALAR, Kind.VECTOR, Kind.MATRIX, Kind.RANDOM, Kind.INDEX, Kind.FUNCTION
Expected = dict[str, tuple[Kind, tuple[object, ...]]]

# (statement, given formulas, expected symbol -> (kind, shape)); fresh dimensions are named n, m, d, ...
CASES: list[tuple[str, tuple[str, ...], Expected]] = [
    ("x^\\top A x", (), {"x": (V, ("n",)), "A": (M, ("n", "n"))}),
    ("Xw - y", (), {"X": (M, ("n", "m")), "w": (V, ("m",)), "y": (V, ("n",))}),
    ("w^\\top x", (), {"w": (V, ("n",)), "x": (V, ("n",))}),
    ("\\nabla_w \\frac{1}{2}\\|Xw - y\\|^2 = X^\\top(Xw - y)", (),
     {"X": (M, ("n", "m")), "w": (V, ("m",)), "y": (V, ("n",))}),
    ("\\frac{\\partial s_i}{\\partial z_j} = s_i(\\delta_{ij} - s_j)", (),
     {"s": (V, ("n",)), "z": (V, ("n",)), "i": (IX, ()), "j": (IX, ())}),
    ("\\sum_{i=1}^n w_i x_i = w^\\top x", (), {"w": (V, ("n",)), "x": (V, ("n",)), "i": (IX, ())}),
    ("\\mathrm{tr}(AB) = \\mathrm{tr}(BA)", ("A \\in \\mathbb{R}^{m \\times n}", "B \\in \\mathbb{R}^{n \\times m}"),
     {"A": (M, ("m", "n")), "B": (M, ("n", "m"))}),
    ("\\mathrm{tr}(AB) = \\mathrm{tr}(BA)", (), {"A": (M, ("n", "m")), "B": (M, ("m", "n"))}),
    ("u \\otimes v = u v^\\top", (), {"u": (V, ("n",)), "v": (V, ("m",))}),
    ("\\mathbf{z} = W\\mathbf{x} + \\mathbf{b}", ("W \\in \\mathbb{R}^{n \\times d}",),
     {"W": (M, ("n", "d")), "x": (V, ("d",)), "b": (V, ("n",)), "z": (V, ("n",))}),
    ("H(p,q) = -\\sum_i p_i \\log q_i", (), {"p": (V, ("n",)), "q": (V, ("n",)), "H": (F, ())}),
    ("\\mathbb{E}[aX + b] = a\\mathbb{E}[X] + b", (), {"a": (S, ()), "b": (S, ()), "X": (R, ())}),
    ("\\sigma'(x) = \\sigma(x)(1-\\sigma(x))", (), {"x": (S, ())}),
    ("\\sigma'(x) = \\sigma(x)(1-\\sigma(x))", ("x \\in \\mathbb{R}^n",), {"x": (V, ("n",))}),
    ("x^\\top A x", ("x \\in \\mathbb{R}^n", "A \\in \\mathbb{R}^{n \\times n}"),
     {"x": (V, ("n",)), "A": (M, ("n", "n"))}),
    ("\\nabla_{\\mathbf{x}}(\\mathbf{x}^\\top A\\mathbf{x}) = (A + A^\\top)\\mathbf{x}", (),
     {"x": (V, ("n",)), "A": (M, ("n", "n"))}),
    ("(X^\\top X)^{-1} X^\\top y", (), {"X": (M, ("n", "m")), "y": (V, ("n",))}),
    ("\\nabla_w L(w) = X^\\top(Xw - y)", ("L(w) = \\frac{1}{2}\\|Xw-y\\|^2",),
     {"w": (V, ("n",)), "X": (M, ("m", "n")), "y": (V, ("m",)), "L": (F, ())}),
    ("\\text{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}", (), {"z": (V, ("n",)), "i": (IX, ()), "j": (IX, ())}),
    ("\\text{softmax}(\\mathbf{z})_i = \\frac{\\exp(z_i)}{\\sum_{j=1}^{K} \\exp(z_j)}", (), {"z": (V, ("K",))}),
    ("f(\\lambda x + (1-\\lambda) y) \\le \\lambda f(x) + (1-\\lambda) f(y)", (),
     {"lambda": (S, ()), "x": (S, ()), "y": (S, ()), "f": (F, ())}),
    ("f(\\lambda x + (1-\\lambda) y) \\le \\lambda f(x) + (1-\\lambda) f(y)", ("x \\in \\mathbb{R}^d",),
     {"lambda": (S, ()), "x": (V, ("d",)), "y": (V, ("d",)), "f": (F, ())}),
    ("\\text{Var}[X] = \\mathbb{E}[X^2] - \\mathbb{E}[X]^2", (), {"X": (R, ())}),
    ("\\mathrm{Cov}(X, Y) = \\mathbb{E}[XY] - \\mathbb{E}[X]\\mathbb{E}[Y]", (), {"X": (R, ()), "Y": (R, ())}),
    ("P(X = x_i)", (), {"X": (R, ()), "x": (V, ("n",))}),
    ("\\frac{\\partial}{\\partial X} \\text{tr}(A^\\top X) = A", (), {"A": (M, ("n", "m")), "X": (M, ("n", "m"))}),
    ("\\frac{\\partial}{\\partial X} \\log\\det(X) = X^{-\\top}", (), {"X": (M, ("n", "n"))}),
    ("\\frac{\\partial}{\\partial X} \\|AX - B\\|_F^2 = 2A^\\top (AX - B)", (),
     {"A": (M, ("n", "m")), "X": (M, ("m", "d")), "B": (M, ("n", "d"))}),
    ("\\sum_{i=1}^n x_i", ("x \\in \\mathbb{R}^d",), {"x": (V, ("d",)), "i": (IX, ())}),
    ("\\sum_{i,j} w_{ij} x_i y_j = x^\\top W y", (),
     {"w": (M, ("n", "m")), "W": (M, ("n", "m")), "x": (V, ("n",)), "y": (V, ("m",))}),
    ("\\langle a, b \\rangle = a^\\top b", (), {"a": (V, ("n",)), "b": (V, ("n",))}),
    ("\\mathrm{diag}(x) y = x \\odot y", (), {"x": (V, ("n",)), "y": (V, ("n",))}),
    ("\\lambda I + A", (), {"lambda": (S, ()), "I": (M, ("n", "n")), "A": (M, ("n", "n"))}),
    ("\\|Ax - b\\|_2^2 \\ge 0", (), {"A": (M, ("n", "m")), "x": (V, ("m",)), "b": (V, ("n",))}),
    ("\\theta_{t+1} = \\theta_t - \\eta \\nabla_\\theta J(\\theta_t)", (),
     {"theta": (S, ()), "eta": (S, ()), "t": (S, ()), "J": (F, ())}),
    ("\\theta_{t+1} = \\theta_t - \\eta \\nabla_\\theta J(\\theta_t)", ("\\theta \\in \\mathbb{R}^d",),
     {"theta": (V, ("d",)), "eta": (S, ())}),
    ("\\mathcal{L} = -\\frac{1}{N}\\sum_{i=1}^N \\left[y_i \\log \\hat{y}_i + (1-y_i)\\log(1-\\hat{y}_i)\\right]", (),
     {"cal(L)": (S, ()), "y": (V, ("N",)), "hat(y)": (V, ("N",))}),
    ("\\mathbf{A}\\mathbf{x} = \\mathbf{b}", (), {"A": (M, ("n", "m")), "x": (V, ("m",)), "b": (V, ("n",))}),
    ("\\Sigma^{-1} \\mu", (), {"Sigma": (M, ("n", "n")), "mu": (V, ("n",))}),
    ("(AB)^T = B^T A^T", (), {"A": (M, ("n", "m")), "B": (M, ("m", "d"))}),
    ("\\det(AB) = \\det(A)\\det(B)", (), {"A": (M, ("n", "n")), "B": (M, ("n", "n"))}),
    ("A \\in \\mathbb{R}^{2 \\times 3}", (), {"A": (M, (2, 3))}),
    ("A x", ("A \\in \\mathbb{R}^{2 \\times 3}",), {"A": (M, (2, 3)), "x": (V, (3,))}),
    ("\\max(0, x) = \\mathrm{ReLU}(x)", ("x \\in \\mathbb{R}^n",), {"x": (V, ("n",))}),
    ("\\frac{d}{dx} f(x) = f'(x)", (), {"x": (S, ()), "f": (F, ())}),
    ("\\|x\\|_2^2 = x^\\top x", (), {"x": (V, ("n",))}),
    ("\\bar{x} = \\frac{1}{n}\\sum_{i=1}^n x_i", (), {"bar(x)": (S, ()), "x": (V, ("n",))}),
    ("\\log x \\le x - 1", ("0 < x < M",), {"x": (S, ()), "M": (S, ())}),  # bounded against a number
    ("\\det(A) > 0", ("0 < A",), {"A": (M, ("n", "n"))}),  # usage still decides
]


def _ids(cases: list[tuple[str, tuple[str, ...], Expected]]) -> list[str]:
    return [f"{c[0][:40]}|{len(c[1])}" for c in cases]


@pytest.mark.parametrize(("latex", "context", "expected"), CASES, ids=_ids(CASES))
def test_inferred_kinds_and_shapes(latex: str, context: tuple[str, ...], expected: Expected) -> None:
    typing = infer(parse(latex), [parse(g) for g in context])
    got = {name: (typing.symbols[name].kind, typing.symbols[name].shape) for name in expected}
    assert got == expected


def test_the_table_is_large_and_has_no_duplicates() -> None:
    assert len(CASES) >= 40
    assert len({(latex, context) for latex, context, _ in CASES}) == len(CASES)


BAD: list[tuple[str, tuple[str, ...], str]] = [
    ("x^\\top A x", ("x \\in \\mathbb{R}",), "x (stated) is a scalar but is used as a vector or matrix"),
    ("\\mathrm{tr}(A)", ("A \\in \\mathbb{R}^{2 \\times 3}",), "A (stated) is a matrix (2 x 3) but is used as a"
     " square"),
    ("\\det(x)", ("x \\in \\mathbb{R}^n",), "x (stated) is a vector (n) but is used as a square matrix"),
    ("Ax", ("x \\in \\mathbb{R}^n", "A \\in \\mathbb{R}^{m \\times d}"), "inner dimensions of the product"
     " differ (d vs n"),
    ("x + A", ("x \\in \\mathbb{R}^n", "A \\in \\mathbb{R}^{n \\times n}"), "x (stated) is a vector (n) but is used"
     " as a matrix (n x n)"),
    ("x^{-1}", ("x \\in \\mathbb{R}^n",), "x (stated) is a vector (n) but is used as a scalar or a square matrix"),
    ("x \\in \\mathbb{R}^n", ("x \\in \\mathbb{R}^m",), "x is stated both as a vector (m) and as a vector (n)"),
    ("\\sum_i x_i", ("x \\in \\mathbb{R}",), "x (stated) is a scalar but is used as a vector"),
    ("x \\odot y", ("x \\in \\mathbb{R}^{2}", "y \\in \\mathbb{R}^{3}"), "is a vector (2) but is used as a vector (3)"),
    ("u \\otimes v", ("u \\in \\mathbb{R}^{n \\times n}",), "\\otimes is read as an outer product"),
    ("x A", ("x \\in \\mathbb{R}^n", "A \\in \\mathbb{R}^{n \\times n}"), "the right factor must be a row"),
]


@pytest.mark.parametrize(("latex", "context", "fragment"), BAD, ids=[b[0] for b in BAD])
def test_contradictions_raise_shapes_errors(latex: str, context: tuple[str, ...], fragment: str) -> None:
    with pytest.raises(LatexError) as info:
        infer(parse(latex), [parse(g) for g in context])
    assert info.value.category == "shapes"
    assert fragment in str(info.value)


def test_stated_names_become_the_dimension_names() -> None:
    typing = infer(parse("\\sum_{i=1}^n x_i = \\mathbf{1}^\\top x"), [parse("x \\in \\mathbb{R}^d")])
    assert typing.dims == ("d",)
    assert typing.dim_aliases == {"n": "d"}
    assert typing.indices == frozenset({"i"})


def test_sources_record_what_decided_each_shape() -> None:
    typing = infer(parse("Xw - y"), [parse("y \\in \\mathbb{R}^n")])
    assert {k: v.source for k, v in typing.symbols.items()} == {"y": "stated", "X": "notation", "w": "notation"}
    assert typing.symbols["X"].shape == ("n", "m")


def test_free_functions_record_arity_and_argument_shapes() -> None:
    typing = infer(parse("f: \\mathbb{R}^n \\to \\mathbb{R}"))
    fn = typing.functions["f"]
    assert (fn.arity, fn.args, fn.output, fn.output_kind, fn.properties) == (1, (("n",),), (), S, frozenset())
    typing = infer(parse("g(x, y) = Ax + y"))
    assert typing.functions["g"].output_kind == V
    assert typing.functions["g"].args == (("n",), ("m",))  # x comes first, so its dimension is n


def test_derivatives_of_non_scalars_are_layout_dependent() -> None:
    typing = infer(parse("\\frac{\\partial}{\\partial w} \\frac{1}{2}\\|Xw - y\\|^2 = X^\\top(Xw - y)"))
    assert [d.shape for d in typing.derivatives] == [LayoutDependent((), (("m",),))]
    typing = infer(parse("\\nabla_w \\frac{1}{2}\\|Xw - y\\|^2 = X^\\top(Xw - y)"))
    assert [d.shape for d in typing.derivatives] == [("m",)]  # a gradient has its variable's shape
    typing = infer(parse("\\frac{\\partial s_i}{\\partial z_j} = s_i(\\delta_{ij} - s_j)"))
    assert [d.shape for d in typing.derivatives] == [()]


def test_fresh_dimension_names_avoid_symbol_names() -> None:
    typing = infer(parse("\\mathbf{n} + \\mathbf{m}"))
    assert typing.symbols["n"].shape == typing.symbols["m"].shape == ("d",)


PIECES = [
    r"\frac", "{", "}", "^", "_", "(", ")", "[", "]", "|", r"\|", "x", "y", "A", "X", "w", "i", "j", "n", "e", "f",
    "1", "2", "+", "-", "=", r"\cdot", r"\sum", r"\prod", r"\nabla", r"\partial", r"\sigma", r"\log", r"\mathbf",
    r"\mathbb{E}", r"\text{softmax}", r"\operatorname{tr}", r"\det", r"\text{diag}", r"\top", "^{-1}", r"\in",
    r"\mathbb{R}", r"\mathbb{R}^{n \times m}", r"\mathbb{R}^n", ",", r"\odot", r"\otimes", r"\delta_{ij}",
    r"\langle", r"\rangle", r"\begin{pmatrix}", r"\end{pmatrix}", "&", r"\\", r"\max", r"\to", ":", r"\quad",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map(" ".join), st.sampled_from(["", r"x \in \mathbb{R}^n"]))
def test_inference_raises_only_latex_errors(latex: str, context: str) -> None:
    message = "ok"
    try:
        infer(parse(latex), [parse(context)] if context else [])
    except LatexError as exc:
        message = str(exc)
    assert message
    assert "\n" not in message
