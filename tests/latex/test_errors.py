"""Bad LaTeX gets one precise ``LatexError``: what went wrong, where, and a stable category."""

from __future__ import annotations

import pytest

from mlverify.errors import LatexError, MlverifyError
from mlverify.latex import MAX_LENGTH, parse

BAD: list[tuple[str, str, str]] = [
    (r"\foo + 1", r"unknown command \foo at column 1", "unknown_command"),
    (r"x + \lefty", r"unknown command \lefty at column 5", "unknown_command"),
    (r"\inx", r"unknown command \inx at column 1", "unknown_command"),
    (r"a^{b", "unbalanced braces: '{' at column 3 is never closed", "braces"),
    (r"a}", "unbalanced braces: '}' closes nothing at column 2", "braces"),
    (r"x + \frac{1}", r"\frac needs two arguments at column 5", "arguments"),
    (r"\frac", r"\frac needs two arguments at column 1", "arguments"),
    (r"x^", "superscript ^ has no argument at column 2", "arguments"),
    (r"x_", "subscript _ has no argument at column 2", "arguments"),
    (r"\sqrt", r"\sqrt needs an argument at column 1", "arguments"),
    (r"\left( x", "formula ends too early, after 'x' at column 8", "syntax"),
    (r"x + ", "formula ends too early", "syntax"),
    (r"x = = y", "unexpected '=' at column 5", "syntax"),
    (r"(a + b", "formula ends too early", "syntax"),
    (r"a + b)", "unexpected ')' at column 6", "syntax"),
    (r"\sum_{i=1}^n", r"\sum has no operand at column 1", "arguments"),
    (r"\nabla", r"\nabla has no operand at column 1", "arguments"),
    (r"\lim x", r"\lim needs a subscript", "arguments"),
    (r"\lim_{x} f", r"must read 'variable \to value'", "arguments"),
    (r"\log", "log needs an argument at column 1", "arguments"),
    (r"\log + 1", "log needs an argument at column 1", "arguments"),
    (
        r"\begin{pmatrix} a & b \end{bmatrix}",
        r"\end{bmatrix} does not match \begin{pmatrix} at column 1",
        "environment",
    ),
    (r"\begin{pmatrix} a & b", r"\begin{pmatrix} at column 1 is never closed by \end", "environment"),
    (r"\begin{foo} a \end{foo}", "unknown environment foo at column 1", "environment"),
    (r"\begin{pmatrix} a & b \\ c \end{pmatrix}", "matrix rows have 2 and 1 entries", "syntax"),
    (r"\frac{\partial^2 f}{\partial x}", "derivative of order 2 with 1 differentiation variables", "arguments"),
    (r"\partial f", r"\partial outside a derivative fraction", "unsupported"),
    (r"\frac{\partial}{\partial x}", "the derivative operator has no operand at column 1", "arguments"),
    (r"x_i_j", "double subscript at column 4", "syntax"),
    (r"\overline{AB}", r"accent \overline over an expression is not supported at column 1", "unsupported"),
    (r"\mathbb{R2}", "is not a letter", "unsupported"),
    (r"x = 1 \text{how much} + 2", "free text", "text"),
    ("", "empty formula", "empty"),
    ("   ", "empty formula", "empty"),
    (r"\pm x", r"unary \pm is not supported at column 1", "unsupported"),
    (r"f: x", "signature needs", "syntax"),
    (r"\langle a \rangle", "inner product needs two arguments", "arguments"),
    (r"()", "empty ()", "syntax"),
    (r"(a, b, c]", "an interval needs two end points", "syntax"),
    (r"\frac{a, b}{c}", "takes one expression, not a list of 2", "syntax"),
    (r"\left x", r"\left needs a delimiter, not x", "arguments"),
    ("x ? y", "unexpected '?' at column 3", "syntax"),
]


@pytest.mark.parametrize(("latex", "fragment", "category"), BAD, ids=[b[0] or "<empty>" for b in BAD])
def test_bad_latex_raises_a_precise_error(latex: str, fragment: str, category: str) -> None:
    with pytest.raises(LatexError) as info:
        parse(latex)
    assert fragment in str(info.value)
    assert info.value.category == category
    assert "\n" not in str(info.value)


def test_error_is_an_mlverify_error_with_a_column() -> None:
    with pytest.raises(MlverifyError) as info:
        parse(r"a + \nope")
    assert isinstance(info.value, LatexError)
    assert info.value.column == 5


def test_columns_point_into_the_original_text_after_normalisation() -> None:
    latex = r"\left( \mathbf{x} \right) + \,\, \bogus"
    with pytest.raises(LatexError) as info:
        parse(latex)
    assert info.value.column == latex.index(r"\bogus") + 1


def test_oversized_input_is_rejected_before_parsing() -> None:
    with pytest.raises(LatexError, match="longer than the limit") as info:
        parse("x+" * (MAX_LENGTH // 2) + "x")
    assert info.value.category == "too_long"


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(LatexError) as info:
        parse("{" * 500 + "x" + "}" * 500)
    assert info.value.category == "nesting"


def test_long_flat_formulas_still_parse() -> None:
    node = parse("+".join(["x_i"] * 2000))
    assert node is not None
