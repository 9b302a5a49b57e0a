"""``split_rows``: a block -> its statements, each at the place its row starts."""

from __future__ import annotations

import pytest

from mlverify.audit.readers import Formula, read_text, split_rows, split_statements


def block(latex: str, environment: str | None = None, *, display: bool = True) -> Formula:
    return Formula(file="sheet", line=1, column=1, latex=latex, display=display, environment=environment)


# (latex, environment, statements)
ROWS: list[tuple[str, str | None, list[str]]] = [
    (r"a &= b \\ &= c", "align*", ["a = b", "a = c"]),
    (r"L(\theta) &= -\sum_i y_i \\ &\le 0", "align", [r"L(\theta) = -\sum_i y_i", r"L(\theta) \le 0"]),
    (r"a &= b \\ c &= d", "align", ["a = b", "c = d"]),
    (r"a &= b \\ &= c \\ &\approx d", "align*", ["a = b", "a = c", r"a \approx d"]),
    (r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}", None,
     [r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}"]),
    (r"J = \begin{pmatrix} a & b \\ c & d \end{pmatrix} \\ K = \begin{bmatrix} 1 \\ 2 \end{bmatrix}", None,
     [r"J = \begin{pmatrix} a & b \\ c & d \end{pmatrix}", r"K = \begin{bmatrix} 1 \\ 2 \end{bmatrix}"]),
    (r"\begin{aligned} a &= b \\ &= c \end{aligned}", None, ["a = b", "a = c"]),
    (r"\begin{aligned}[t] a &= b \\ c &= d \end{aligned}.", None, ["a = b", "c = d"]),
    (r"\begin{split} a &= b \\ &= c \end{split}", "equation", ["a = b", "a = c"]),
    (r"a &= b \label{eq:a} \\ c &= d \nonumber \\ e &= f \tag{3} \\ g &= h \notag", "align",
     ["a = b", "c = d", "e = f", "g = h"]),
    (r"x_1 + x_2 \\ + x_3 \\ = y", "multline", ["x_1 + x_2 + x_3 = y"]),
    (r"a &= b & c &= d \\ e &= f & g &= h", "alignat", ["a = b", "c = d", "e = f", "g = h"]),
    (r"a &= b + c \\ &\quad + d", "align", ["a = b + c + d"]),
    (r"a &= b && \text{by Jensen}", "align", [r"a = b \text{by Jensen}"]),
    (r"L &:= \\ \sum_i x_i", "align", [r"L := \sum_i x_i"]),
    (r"a &=& b \\ &=& c", "eqnarray", ["a = b", "a = c"]),
    (r"a = b \\[2pt] c = d", None, ["a = b", "c = d"]),
    (r"x = y, \quad y = z", None, [r"x = y, \quad y = z"]),
    (r"a &= b \\", "align", ["a = b"]),
    (r"a \& b = c", "equation", [r"a \& b = c"]),
    (r"&= \sum_k w_k \\ &= 1", "align", [r"= \sum_k w_k", "= 1"]),
    (r"\text{with } x \\ y", None, [r"\text{with } x", "y"]),
]


@pytest.mark.parametrize(("latex", "environment", "statements"), ROWS, ids=[r[0][:40] for r in ROWS])
def test_rows_become_statements(latex, environment, statements):
    assert [f.latex for f in split_rows(block(latex, environment))] == statements


def test_a_formula_with_nothing_to_split_comes_back_as_it_is():
    formula = block("a = b")
    assert split_rows(formula) == [formula]
    inline = block(r"a \\ b", display=False)
    assert split_rows(inline) == [inline]


def test_rows_keep_their_own_line_and_column():
    text = "Text\n\\begin{align*}\n  a &= b \\\\ % note\n    &\\le c \\\\ d &= e\n\\end{align*}\n"
    [formula] = read_text(text, "sheet.tex", "latex")
    assert [(f.line, f.column, f.latex) for f in split_rows(formula)] == [
        (3, 3, "a = b"), (4, 6, r"a \le c"), (4, 15, "d = e")]


def test_rows_of_a_markdown_block_in_a_blockquote_are_placed_past_the_prefix():
    [formula] = read_text("> $$\n> a = b \\\\\n> c &lt; d\n> $$\n", "sheet.md", "markdown")
    assert [(f.line, f.column, f.latex) for f in split_rows(formula)] == [(2, 3, "a = b"), (3, 3, "c < d")]


def test_rows_of_a_hand_made_formula_are_placed_from_its_newlines():
    formula = Formula(file="f", line=10, column=5, latex="a &= b \\\\\n  &= c", display=True, environment="align")
    assert [(f.line, f.column, f.latex) for f in split_rows(formula)] == [(10, 5, "a = b"), (11, 4, "a = c")]


def test_statements_keep_the_blocks_other_fields():
    formula = Formula(file="f", line=1, column=1, latex=r"a &= b \\ &= c", display=True, environment="align",
                      section="Sums", context="where a is real", directive="ignore", cell=3)
    rows = split_rows(formula)
    assert {(f.file, f.section, f.context, f.directive, f.cell, f.environment, f.display) for f in rows} == {
        ("f", "Sums", "where a is real", "ignore", 3, "align", True)}


def _kind(latex: str) -> str:
    return "context" if any(mark in latex for mark in (">", "\\ge", "\\in", "\\dots")) else "statement"


@pytest.mark.parametrize(("latex", "statements"), [
    (r"a = b, \qquad c = d", ["a = b", "c = d"]),
    (r"a = b \quad (x > 0)", [r"a = b \quad (x > 0)"]),
    (r"f(x, y) = x + y, \quad x > 0, \quad g = 1", [r"f(x, y) = x + y, \quad x > 0", "g = 1"]),
    (r"a = b; \; c = d", ["a = b", "c = d"]),
    (r"x > 0, \quad a = b", [r"x > 0, \quad a = b"]),
    (r"a, b \ge 0, \qquad a + b = c", [r"a, b \ge 0, \qquad a + b = c"]),
    (r"\{x, y\} = S \text{ and } \left( a, b \right) = T", [r"\{x, y\} = S", r"\left( a, b \right) = T"]),
    (r"a = b,", ["a = b,"]),
    (r"s_i(z) = e^{z_i}, \quad i = 1, \dots, K.", [r"s_i(z) = e^{z_i}, \quad i = 1, \dots, K."]),
    (r"\text{Bernoulli: } T(x) = x, \quad \eta = \log p", ["T(x) = x", r"\eta = \log p"]),
])
def test_statements_side_by_side_become_findings_of_their_own(latex, statements):
    row = Formula("s.md", 3, 5, latex, True, context=f"Say ${latex}$ here.")
    found = split_statements(row, _kind)
    assert [f.latex for f in found] == statements
    if len(found) > 1:
        assert [f.column for f in found] == [5 + latex.index(s) for s in statements]
        assert all(f"${f.latex}$" in f.context for f in found)
