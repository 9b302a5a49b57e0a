"""Sheet readers: exact places in every format, the traps of real sheets, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlverify.audit.readers import CONTEXT_CHARS, Formula, read_sheet, read_text
from mlverify.errors import MlverifyError, SheetError

SHEETS = Path(__file__).parent / "sheets"

# (line, column, latex, display) of every formula of each fixture sheet, in reading order.
EXPECTED: dict[str, list[tuple[int, int, str, bool]]] = {
    "activations.md": [
        (3, 14, r"\sigma(x) = \frac{1}{1 + e^{-x}}", False),
        (3, 54, r"\mathbb{R}", False),
        (3, 70, "(0, 1)", False),
        (6, 1, r"\sigma'(x) = \sigma(x)(1 - \sigma(x))", True),
        (9, 8, r"x \in \mathbb{R}", False),
        (25, 11, r"|x| \ge 0", False),
        (26, 22, r"\|v\|_2 \ge 0", False),
        (29, 3, r"\sum_i p_i = 1", True),
        (31, 11, "q_1 +\nq_2", False),
        (35, 1, "a &= b \\\\\n&\\le c", True),
        (39, 14, "k^2", False),
        (39, 28, "K = 1", True),
        (39, 49, "t", False),
    ],
    "losses.tex": [
        (5, 19, r"\ell(y, \hat y) = (y - \hat y)^2", False),
        (7, 16, "e^{x}", False),
        (7, 28, "f", False),
        (10, 3, "H(p, q) &= -\\sum_i p_i \\log q_i \\\\\n          &\\ge 0 \\nonumber", True),
        (17, 4, r"x \le y", True),
        (18, 4, "z = 1", True),
    ],
    "norms.rst": [
        (4, 17, r"\|x\|_2 \ge 0", False),
        (4, 48, r"|x| \ge 0", False),
        (11, 4, r"\|x + y\| \le \|x\| + \|y\|", True),
        (13, 4, r"\|a x\| = |a| \|x\|", True),
        (15, 14, r"a \in \mathbb{R}", False),
        (33, 15, "(y - t)^2", True),
        (35, 19, "|x|", False),
    ],
    "notes.html": [
        (4, 14, r"\mu = \frac{1}{n} \sum_i x_i", False),
        (4, 50, r"\sigma^2", False),
        (7, 6, r"\mathrm{Var}[X] = E[X^2] - E[X]^2", True),
    ],
}


def places(formulas: list[Formula]) -> list[tuple[int, int, str, bool]]:
    return [(f.line, f.column, f.latex, f.display) for f in formulas]


def source_at(text: str, formula: Formula) -> str:
    return text.split("\n")[formula.line - 1][formula.column - 1:]


def md(text: str) -> list[Formula]:
    return read_text(text, "sheet.md", "markdown")


@pytest.mark.parametrize("name", EXPECTED)
def test_each_format_gives_exact_lines_and_columns(name):
    assert places(read_sheet(SHEETS / name)) == EXPECTED[name]


@pytest.mark.parametrize("name", EXPECTED)
def test_the_source_at_each_place_starts_with_the_formula(name):
    text = (SHEETS / name).read_text(encoding="utf-8")
    for formula in read_sheet(SHEETS / name):
        assert source_at(text, formula).startswith(formula.latex.split("\n")[0]), formula


def test_formulas_carry_file_section_environment_and_directives():
    by_latex = {f.latex: f for f in read_sheet(SHEETS / "activations.md")}
    assert by_latex[r"\mathbb{R}"].file == str(SHEETS / "activations.md")
    assert by_latex[r"\mathbb{R}"].section == "Activations"
    assert by_latex[r"|x| \ge 0"].section == "Activations › Tables"  # a subsection is named under its section
    assert by_latex["a &= b \\\\\n&\\le c"].environment == "align*"
    assert by_latex[r"\sum_i p_i = 1"].directive == "ignore"
    assert all(f.directive is None for f in by_latex.values() if f.latex != r"\sum_i p_i = 1")
    tex = {f.latex.split()[0]: f for f in read_sheet(SHEETS / "losses.tex")}
    assert tex[r"\ell(y,"].directive == "ignore"
    assert tex["H(p,"].directive == "losses.cross_entropy"
    assert tex["H(p,"].environment == "align*"
    assert tex["x"].section == "Losses › Displays"
    rst = read_sheet(SHEETS / "norms.rst")
    assert [f.directive for f in rst if f.display][:2] == ["norms.triangle", "norms.triangle"]
    assert rst[-1].section == "Tables"


def test_a_paragraph_without_math_leads_into_the_next_formula_of_its_section(tmp_path):
    path = tmp_path / "sheet.md"
    path.write_text("# A\n\nWe use <b>denominator</b> layout.\n\nStill words.\n\n$x = 1$ and $y = 2$\n\n"
                    "No math here.\n\n# B\n\n$z = 3$\n", encoding="utf-8")
    assert [f.lead for f in read_sheet(path)] == ["We use  denominator  layout.\nStill words.", "", ""]


def test_a_display_block_takes_its_context_from_the_prose_around_it():
    sigma = read_sheet(SHEETS / "activations.md")[3]
    assert sigma.context.startswith("The sigmoid $")
    assert sigma.context.endswith(r"where $x \in \mathbb{R}$.")
    inline = md("Let $p$ be a probability, where $p = 1 - q$.\n")
    assert [f.context for f in inline] == ["Let $p$ be a probability, where $p = 1 - q$."] * 2


def test_a_long_paragraph_is_cut_to_about_300_characters_around_the_formula():
    words = " ".join(f"word{i}" for i in range(200))
    [formula] = md(f"{words} $y = mx + b$ {words}\n")
    assert "$y = mx + b$" in formula.context
    assert len(formula.context) <= CONTEXT_CHARS + 2
    assert formula.context.startswith("…") and formula.context.endswith("…")
    [long] = md(f"Where {words}: $${' + '.join(f'x_{{{i}}}' for i in range(300))}$$ and more.\n")
    assert len(long.context) <= CONTEXT_CHARS + 2
    assert long.context.endswith("…$ and more.")


# --- Markdown -----------------------------------------------------------------------------------------

def test_math_in_code_spans_and_fences_is_not_a_formula():
    text = "Code `$a$` and ``$b$ `x` $c$``.\n\n```\n$d$\n$$e$$\n```\n\n~~~tex\n\\(f\\)\n~~~\n\nBut $g$.\n"
    assert [f.latex for f in md(text)] == ["g"]


@pytest.mark.parametrize(("text", "expected"), [
    ("It costs $5 and $10.", []),
    ("From $20,000 to $30,000.", []),
    (r"An escaped \$x\$ and a real $y$.", ["y"]),
    ("Spaces $ x $ are not math, $x$ is.", ["x"]),
    ("Digits after: $x$5 is not math.", []),
    (r"Inside: $a \$ b$.", [r"a \$ b"]),
    (r"A backslash \\$x$ then.", ["x"]),
], ids=["currency", "thousands", "escaped", "spaces", "digit-after", "escaped-inside", "escaped-backslash"])
def test_dollars_follow_pandocs_rule(text, expected):
    assert [f.latex for f in md(text)] == expected
    assert [f.latex for f in read_text(text, "sheet", "text")] == expected


def test_an_escaped_dollar_before_the_same_math_does_not_shift_its_column():
    assert places(md(r"\$x$ $x$ and \\$y$ $y$")) == [(1, 7, "x", False), (1, 17, "y", False), (1, 21, "y", False)]


def test_table_cells_keep_pipes_and_escaped_pipes_inside_math():
    text = "| a | b |\n|---|---|\n| $|x|$ | $\\|v\\|$ and `$no$` |\n"
    assert places(md(text)) == [(3, 4, "|x|", False), (3, 12, r"\|v\|", False)]
    assert md(text)[0].context == r"| $|x|$ | $\|v\|$ and `$no$` |"


def test_table_rows_read_the_unfinished_sentence_that_leads_into_the_table():
    lead = "Intro. If X is Poisson with rate $\\lambda$, then\n\n"
    text = "| q | v |\n|---|---|\n| mean | $E[X] = \\lambda$ |\n"
    assert md(lead + text)[1].context == "If X is Poisson with rate $\\lambda$, then | mean | $E[X] = \\lambda$ |"
    assert md("A full stop.\n\n" + text)[0].context == "| mean | $E[X] = \\lambda$ |"


def test_html_entities_are_decoded_in_markdown_but_not_in_latex():
    [formula] = md("$$a &lt; b &amp;&amp; c$$\n")
    assert formula.latex == "a < b && c"
    assert formula.column == 3
    [tex] = read_text("$a &lt; b$\n", "sheet.tex", "latex")
    assert tex.latex == "a &lt; b"


def test_blockquotes_lists_and_multiline_math_keep_exact_positions():
    text = "> Quoted $a +\n> b$ here.\n\n- item $c$\n  more $d$\n\n> $$\n> e = f\n> $$\n"
    formulas = md(text)
    assert places(formulas) == [(1, 11, "a +\nb", False), (4, 9, "c", False), (5, 9, "d", False),
                                (8, 3, "e = f", True)]
    assert formulas[0].position(4) == (2, 3)  # the "b" after the "> " prefix


def test_bare_amsmath_environments_and_bracket_delimiters():
    text = "Text\n\\begin{equation}\n  x = 1\n\\end{equation}\n\n\\[\ny = 2\n\\]\n\n\\\\[z = 3\\\\]\n"
    assert [(f.line, f.column, f.latex, f.environment) for f in md(text)] == [
        (3, 3, "x = 1", "equation"), (7, 1, "y = 2", None), (10, 4, "z = 3", None)]


def test_math_in_html_blocks_is_read_but_not_in_comments_or_pre():
    text = "<div>\nSee $h$ <!-- $no$ -->\n<pre>$no$</pre>\n<h2>Title</h2>\n</div>\n\nThen $k$.\n"
    formulas = md(text)
    assert [(f.line, f.column, f.latex) for f in formulas] == [(2, 6, "h"), (7, 7, "k")]
    assert formulas[1].section == "Title"


def test_an_unclosed_dollar_does_not_swallow_the_sheet():
    text = "A stray $ sign.\n\n$$\nx = 1\n\nNext $y$ paragraph.\n"
    assert [f.latex for f in md(text)] == ["y"]
    assert [f.latex for f in read_text(text, "sheet", "text")] == ["y"]


# --- Directives ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("$a$ <!-- mlverify: ignore -->\n", ["ignore"]),
    ("<!-- mlverify: activations.sigmoid -->\n$$\na\n$$\n", ["activations.sigmoid"]),
    ("<!-- mlverify: ignore -->\n\n$a$ and $b$\n", ["ignore", "ignore"]),
    ("<!-- mlverify: ignore -->\nProse first.\n$a$\n", [None]),
    ("$a$ <!-- mlverify: ignore -->\n$b$\n", ["ignore", None]),
    ("```\n<!-- mlverify: ignore -->\n```\n$a$\n", [None]),
], ids=["same-line", "line-before", "blank-between", "prose-between", "formula-line-above", "in-code"])
def test_a_directive_applies_on_its_line_or_just_above(text, expected):
    assert [f.directive for f in md(text)] == expected


# --- LaTeX --------------------------------------------------------------------------------------------

def test_latex_skips_comments_verbatim_and_the_preamble():
    latex = [f.latex for f in read_sheet(SHEETS / "losses.tex")]
    assert not any("not math" in x or x in ("p", "c = d", "after") for x in latex)
    assert "% a note" not in latex[3]


@pytest.mark.parametrize("environment", ["equation", "align", "gather", "multline", "eqnarray", "flalign",
                                         "displaymath", "equation*", "align*", "gather*", "multline*"])
def test_latex_display_environments(environment):
    [formula] = read_text(f"Text\n\\begin{{{environment}}}\n  a = b\n\\end{{{environment}}}\n", "s.tex", "latex")
    assert (formula.line, formula.column, formula.latex, formula.display, formula.environment) == (
        3, 3, "a = b", True, environment)


def test_latex_inline_environments_and_alignat_arguments():
    text = "\\begin{math} x \\end{math} and \\begin{alignat}{2} a &= b \\end{alignat}\n\\verb|$no$| $y$\n"
    assert [(f.latex, f.display, f.environment) for f in read_text(text, "s.tex", "latex")] == [
        ("x", False, "math"), ("a &= b", True, "alignat"), ("y", False, None)]


# --- reStructuredText ---------------------------------------------------------------------------------

def test_rst_skips_literal_blocks_code_blocks_and_inline_literals():
    latex = [f.latex for f in read_sheet(SHEETS / "norms.rst")]
    assert "not math" not in latex and "no" not in latex
    text = "A ``:math:`no``` literal and :math:`yes`.\n"
    assert [f.latex for f in read_text(text, "s.rst", "rst")] == ["yes"]


def test_rst_math_directive_argument_and_nested_bodies():
    text = ".. math:: a = b\n\n.. note::\n\n   .. math::\n\n      c = d\n"
    assert places(read_text(text, "s.rst", "rst")) == [(1, 11, "a = b", True), (7, 7, "c = d", True)]


# --- Notebooks ----------------------------------------------------------------------------------------

def test_notebook_markdown_cells_have_cell_and_line_within_the_cell():
    formulas = read_sheet(SHEETS / "softmax.ipynb")
    assert [(f.cell, f.line, f.column, f.display, f.section) for f in formulas] == [
        (0, 3, 10, False, "Softmax"), (2, 2, 3, True, "Softmax")]
    assert formulas[1].latex == r"\frac{\partial s_i}{\partial z_j} = s_i(\delta_{ij} - s_j)"


def test_notebook_code_and_raw_cells_are_not_read():
    notebook = {"cells": [{"cell_type": "code", "source": "$a$"}, {"cell_type": "raw", "source": "$b$"},
                          {"cell_type": "markdown", "source": "$c$"}]}
    assert [(f.cell, f.latex) for f in read_text(json.dumps(notebook), "n.ipynb", "notebook")] == [(2, "c")]


# --- Line endings and encodings -----------------------------------------------------------------------

@pytest.mark.parametrize("name", EXPECTED)
def test_crlf_line_endings_give_the_same_places(name, tmp_path):
    crlf = tmp_path / name
    crlf.write_bytes((SHEETS / name).read_bytes().replace(b"\n", b"\r\n"))
    assert places(read_sheet(crlf)) == EXPECTED[name]


def test_a_utf8_bom_does_not_shift_the_first_line(tmp_path):
    sheet = tmp_path / "bom.md"
    sheet.write_bytes(b"\xef\xbb\xbf$x$ and $y$\r\n")
    assert places(read_sheet(sheet)) == [(1, 2, "x", False), (1, 10, "y", False)]


def test_suffixes_pick_the_reader_and_format_overrides(tmp_path):
    sheet = tmp_path / "sheet.dat"
    sheet.write_text(":math:`a` and $b$\n", encoding="utf-8")
    assert [f.latex for f in read_sheet(sheet)] == ["b"]
    assert [f.latex for f in read_sheet(sheet, format="rst")] == ["a"]
    txt = tmp_path / "export.TXT"
    txt.write_text("`$code$` and $b$\n", encoding="utf-8")
    assert [f.latex for f in read_sheet(txt)] == ["b"]


# --- Errors -------------------------------------------------------------------------------------------

def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


ERRORS = [
    ("missing", lambda d: d / "missing.md", "missing.md: no such file"),
    ("directory", lambda d: d, "is a directory"),
    ("binary", lambda d: (d / "image.md", (d / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"))[0],
     "image.md: binary file, not a sheet"),
    ("latin-1", lambda d: (d / "old.md", (d / "old.md").write_bytes("ok\nle café $x$".encode("latin-1")))[0],
     "old.md:2: not UTF-8 (byte 0xe9 at column 7); save the file as UTF-8"),
    ("utf-16", lambda d: (d / "wide.md", (d / "wide.md").write_bytes("$x$".encode("utf-16")))[0],
     "wide.md: UTF-16 text, not UTF-8; save the file as UTF-8"),
    ("too-large", lambda d: _sparse(d / "huge.md", int(52.4 * 2**20)),
     "huge.md: 52.4 MB is over the 10 MB limit for a sheet"),
    ("bad-json", lambda d: (d / "bad.ipynb", (d / "bad.ipynb").write_text('{"cells": [}'))[0],
     "bad.ipynb:1: not a readable notebook: invalid JSON"),
    ("not-a-notebook", lambda d: (d / "list.ipynb", (d / "list.ipynb").write_text("[1, 2]"))[0],
     "list.ipynb: not a notebook"),
]


@pytest.mark.parametrize(("make", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_unreadable_sheets_raise_one_line_with_the_path(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(SheetError) as caught:
        read_sheet(path)
    error = caught.value
    assert isinstance(error, MlverifyError)
    assert str(error).startswith(str(path))
    assert message in str(error)
    assert "\n" not in str(error)
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)


def test_the_size_limit_is_a_keyword(tmp_path):
    sheet = tmp_path / "small.md"
    sheet.write_text("$x$ " * 100, encoding="utf-8")
    with pytest.raises(SheetError, match=r"small\.md: 400 bytes is over the 100 bytes limit"):
        read_sheet(sheet, max_bytes=100)
    assert len(read_sheet(sheet, max_bytes=400)) == 100


def test_an_unknown_format_is_a_sheet_error():
    with pytest.raises(SheetError, match="unknown sheet format 'docx'"):
        read_text("$x$", "sheet", "docx")


# --- Properties ---------------------------------------------------------------------------------------

PLAIN = st.text(alphabet=st.sampled_from("abcxyz019 .,;:!?()-*_#=+>\t"), max_size=30)


@given(before=st.lists(PLAIN, max_size=4), prefix=PLAIN, suffix=PLAIN, after=st.lists(PLAIN, max_size=4),
       format=st.sampled_from(["markdown", "text", "latex"]))
def test_an_embedded_formula_is_found_where_it_was_put(before, prefix, suffix, after, format):
    text = "\n".join([*before, f"{prefix} $x_{{k}}$ {suffix}", *after])
    found = [(f.line, f.column, f.latex) for f in read_text(text, "sheet", format)]
    assert (len(before) + 1, len(prefix) + 3, "x_{k}") in found


@given(before=st.lists(PLAIN, max_size=4), prefix=PLAIN, after=st.lists(PLAIN, max_size=4))
def test_an_embedded_role_is_found_where_it_was_put(before, prefix, after):
    text = "\n".join([*before, f"a{prefix} :math:`x_{{k}}` b", *after])
    found = [(f.line, f.column, f.latex) for f in read_text(text, "sheet.rst", "rst")]
    assert (len(before) + 1, len(prefix) + 10, "x_{k}") in found


NASTY = st.lists(st.sampled_from([*"$\\{}[]()`|<>!-:#*%_^=+.~ \t\n\rabx1é", "&lt;", "\\\\(", "$$", "\\begin{align}",
                                  "\\end{align}", ".. math::", ":math:`", "  ", "| ", "+--+"]),
                 max_size=60).map("".join)


@given(text=NASTY, format=st.sampled_from(["markdown", "text", "latex", "rst"]))
def test_every_formula_found_in_random_text_is_where_it_says(text, format):
    source = text.replace("\r\n", "\n").replace("\r", "\n")
    for formula in read_text(text, "sheet", format):
        assert formula.latex.strip() == formula.latex and formula.latex
        if "&" not in source:
            assert source_at(source, formula)[:1] == formula.latex[:1], formula


JSON = st.recursive(st.none() | st.booleans() | st.integers() | NASTY,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                        st.sampled_from(["cells", "cell_type", "source", "markdown", "worksheets"]), inner, max_size=3),
                    max_leaves=8)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("random")


@given(data=st.one_of(st.binary(max_size=200), NASTY.map(str.encode), JSON.map(json.dumps).map(str.encode)),
       suffix=st.sampled_from([".md", ".tex", ".rst", ".ipynb", ".txt", ".html"]))
def test_random_bytes_raise_nothing_but_sheet_error(scratch, data, suffix):
    path = scratch / f"random{suffix}"
    path.write_bytes(data)
    try:
        formulas = read_sheet(path)
    except SheetError as error:
        message = str(error)
        formulas = []
    else:
        message = str(path)
    assert "\n" not in message and message.startswith(str(path))
    assert all(isinstance(f, Formula) and f.line >= 1 and f.column >= 1 for f in formulas)


def test_a_latex_sheet_s_macros_without_arguments_are_expanded_where_they_are_used():
    text = ("\\documentclass{article}\n\\newcommand{\\R}{\\mathbb{R}}\n\\DeclareMathOperator{\\ReLU}{ReLU}\n"
            "\\newcommand{\\pair}[2]{(#1, #2)}\n\\begin{document}\n$x \\in \\R^n$ and $\\ReLU(x) = \\max(0, x)$, "
            "$\\pair{a}{b}$.\n\\end{document}\n")
    found = read_text(text, "notes.tex", "latex")
    assert [(f.latex, f.line, f.column) for f in found] == [
        (r"x \in \mathbb{R}^n", 6, 2), (r"\operatorname{ReLU}(x) = \max(0, x)", 6, 19), (r"\pair{a}{b}", 6, 44)]


def test_a_macro_named_by_a_digit_is_expanded_but_a_line_break_before_a_digit_is_not():
    text = ("\\documentclass{article}\n\\newcommand{\\1}{\\mathbf{1}}\n\\begin{document}\n"
            "$\\1^\\top x = \\sum_i x_i$\n\\begin{align}\na &= b \\\\1 &= 1\n\\end{align}\n\\end{document}\n")
    found = [f.latex for f in read_text(text, "notes.tex", "latex")]
    assert found[0] == r"\mathbf{1}^\top x = \sum_i x_i"
    assert "\\mathbf{1} &= 1" not in " ".join(found)
