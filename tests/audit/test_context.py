"""Which formulas of a sheet are context, and which context each statement is checked under."""

from pathlib import Path

import pytest

from mlverify.audit.context import statements
from mlverify.audit.readers import read_sheet
from mlverify.latex import formula_role


def sheet(tmp_path: Path, text: str):
    path = tmp_path / "sheet.md"
    path.write_text(text, encoding="utf-8")
    return statements(read_sheet(path))


def by_latex(found, latex):
    return next(s for s in found if s.formula.latex == latex)


def test_the_compiler_decides_what_is_context():
    assert formula_role(r"L(w) = \frac{1}{2}\|Xw - y\|^2").kind == "definition"
    assert formula_role(r"f(z) := z^2").explicit
    assert formula_role(r"p = \sigma(Xw)").subjects == (("p", "definition"),)
    assert formula_role(r"x \in \mathbb{R}^n").subjects == (("x", "space"),)
    assert formula_role(r"X \sim \mathcal{N}(\mu, \sigma^2)").kind == "context"
    assert formula_role(r"t < 1/\beta").subjects == (("t", "bound"),)
    assert formula_role(r"f \text{ convex}").subjects == (("f", "property"),)
    assert formula_role(r"X_i \sim \operatorname{Bernoulli}(p)").subjects == (("X", "distribution"),)  # iid copies
    assert formula_role(r"y_i \sim \mathcal{N}(x_i^\top w, \sigma^2)").kind == "statement"  # not identical laws
    for claim in (r"\nabla_w L = X^\top (Xw - y)", r"\sigma(-z) = 1 - \sigma(z)", r"a^2 + b^2 \ge 2ab",
                  r"f(y) \ge f(x) + \nabla f(x)^\top (y - x)", r"x = x", r"\frac{"):
        assert formula_role(claim).kind == "statement", claim


def test_a_statement_gets_only_the_context_it_reaches(tmp_path):
    found = sheet(tmp_path, "# S\n\n$x \\in \\mathbb{R}^n$, $p = \\sigma(Xw)$, $u \\in \\mathbb{R}^k$, $L(w) = "
                            "\\sum_i p_i$, $w \\in \\mathbb{R}^n$.\n\n$\\nabla_w L = X^\\top p$\n")
    statement = by_latex(found, r"\nabla_w L = X^\top p")
    assert statement.kind == "statement"
    assert [g.latex for g in statement.given] == [r"p = \sigma(Xw)", r"L(w) = \sum_i p_i", r"w \in \mathbb{R}^n"]
    assert by_latex(found, r"p = \sigma(Xw)").kind == "definition"
    assert by_latex(found, r"x \in \mathbb{R}^n").kind == "context"


def test_a_redefinition_replaces_and_definitions_stay_in_their_section(tmp_path):
    found = sheet(tmp_path, "# A\n\n$x \\in \\mathbb{R}$, $f(x) = x^2$\n\n# B\n\n$f(x) = x$ and $f(x) = x^3$\n\n"
                            "$f'(x) = 3x^2$\n\n# C\n\n$f'(x) = 3x^2$\n")
    assert [s.kind for s in found[:4]] == ["context", "definition", "definition", "definition"]
    b, c = [s for s in found if s.formula.latex == "f'(x) = 3x^2"]
    assert [g.latex for g in b.given] == [r"x \in \mathbb{R}", "f(x) = x^3"]
    assert [g.latex for g in c.given] == [r"x \in \mathbb{R}"]  # a domain reaches later sections, f does not


def test_a_chain_that_starts_by_naming_f_does_not_use_the_old_f(tmp_path):
    found = sheet(tmp_path, "# S\n\n$f(x) = x$\n\n$f(x) = \\tanh(x) = \\frac{2}{1 + e^{-2x}} - 1$\n\n"
                            "$f'(x) = 1 - f(x)^2$\n")
    assert found[1].kind == "statement" and found[1].given == ()
    assert found[2].given == ()  # neither the old f nor the chain: unchecked, not refuted
    assert formula_role(r"L = \frac{1}{n} \sum_x L_x").kind == "definition"


def test_an_ignored_formula_is_not_context(tmp_path):
    found = sheet(tmp_path, "<!-- mlverify: ignore -->\n$q = 2$\n\n$q + q = 4$\n")
    assert found[0].ignored
    assert found[1].given == ()


def test_same_section_context_comes_before_a_nearer_one_from_another_section(tmp_path):
    found = sheet(tmp_path, "# A\n\n$x \\in \\mathbb{R}^2$\n\n# B\n\n$x \\in \\mathbb{R}^3$\n\n"
                            "# A\n\n$x^\\top x \\ge 0$\n")
    assert [g.latex for g in found[-1].given] == [r"x \in \mathbb{R}^2"]


def test_definitions_introduced_by_where_serve_the_statement_before_them(tmp_path):
    found = sheet(tmp_path, "# Logistic regression\n\nThe gradient is $\\nabla_w L = X^\\top (p - y)$, where "
                            "$p = \\sigma(Xw)$ and $L(w) = -\\sum_i y_i \\log p_i$.\n\nLater, $q = p$.\n")
    gradient = by_latex(found, r"\nabla_w L = X^\top (p - y)")
    assert [g.latex for g in gradient.given] == [r"p = \sigma(Xw)", r"L(w) = -\sum_i y_i \log p_i"]
    assert [s.formula.line for s in found] == sorted(s.formula.line for s in found)  # findings stay in order


def test_a_definition_from_another_section_leaves_the_formula_unchecked(tmp_path):
    from mlverify.audit.check import check_sheets

    path = tmp_path / "sheet.md"
    path.write_text("# A\n\n$$p = \\sigma(Xw)$$\n\n# B\n\n"
                    "$$L(w) = -\\sum_i y_i \\log p_i + \\frac{\\lambda}{2}\\|w\\|^2$$\n\n"
                    "$$\\nabla_w L = X^\\top (p - y) + \\lambda w$$\n", encoding="utf-8")
    gradient = check_sheets([path], max_examples=20).findings[-1]
    assert gradient.status == "unchecked" and "defined in another section" in gradient.reason.message


def test_a_formula_true_whatever_another_sections_name_means_is_verified(tmp_path):
    found = _verdicts(tmp_path, "# S\n\nA layer outputs $a = \\phi(z)$.\n\n# T\n\n"
                                "Then $a + a = 2a$ and $a + a = 3a$.\n")
    assert found[1:] == [("a + a = 2a", "verified"), ("a + a = 3a", "unchecked")]


def test_a_section_that_names_both_layouts_fixes_neither(tmp_path):
    found = sheet(tmp_path, "# Calculus\n\nWe use numerator layout. Sometimes denominator layout is used.\n\n"
                            "$$\\frac{\\partial (Ax)}{\\partial x} = A$$\n\n# Other (denominator layout)\n\n"
                            "$$\\frac{\\partial (a^\\top x)}{\\partial x} = a$$\n")
    assert [s.layout for s in found] == [None, "denominator"]


def test_a_layout_declared_in_a_paragraph_without_math_outweighs_one_only_mentioned_later(tmp_path):
    found = sheet(tmp_path, "# Calculus\n\nThis section uses the *denominator layout*.\n\nLet a be a vector.\n\n"
                            "| rule | formula |\n|---|---|\n| linear | $\\nabla_x (a^\\top x) = a$ |\n"
                            "| numerator-layout answer | $\\frac{\\partial (Bx)}{\\partial x} = B$ |\n\n"
                            "# Other\n\nThe numerator-layout answer differs.\n\n"
                            "$$\\frac{\\partial (Bx)}{\\partial x} = B$$\n")
    assert [s.layout for s in found] == ["denominator", "denominator", "numerator"]


def test_another_sections_definition_that_cannot_apply_leaves_a_formula_to_its_plain_reading(tmp_path):
    found = _verdicts(tmp_path, "# Binary\n\n$$h(a) = -a\\log a - (1 - a)\\log(1 - a)$$\n\n# Gaussian\n\n"
                                "For $\\sigma > 0$, $h(\\mathcal{N}(\\mu, \\sigma^2)) = \\log(2\\pi\\sigma^2)$, not "
                                "$h(\\mathcal{N}(\\mu, \\sigma^2)) = \\frac{1}{2}\\log(2\\pi e\\sigma^2)$.\n")
    assert [status for _, status in found] == ["definition", "definition", "refuted", "verified"]


def test_a_definition_from_another_section_can_verify_a_formula_but_never_refute_one(tmp_path):
    from mlverify.audit.check import check_sheets

    path = tmp_path / "sheet.md"
    path.write_text("# A\n\n$$g(x) = x^3 + 1$$\n\n# B\n\n$$\\frac{d g}{d x} = 3x^2$$\n\n$$\\frac{d g}{d x} = 2x^2$$\n",
                    encoding="utf-8")
    right, wrong = check_sheets([path], max_examples=20).findings[-2:]
    assert right.status == "verified" and right.definitions == ("g(x) = x^3 + 1",)
    assert wrong.status == "unchecked" and "defined in another section" in wrong.reason.message


def _verdicts(tmp_path, text: str) -> list[tuple[str, str]]:
    from mlverify.audit.check import check_sheets

    path = tmp_path / "sheet.md"
    path.write_text(text, encoding="utf-8")
    return [(f.latex, f.status) for f in check_sheets([path], max_examples=20).findings]


def test_a_condition_written_right_after_a_formula_serves_that_formula_only(tmp_path):
    found = _verdicts(tmp_path, "# MGF\n\nLet $X \\sim \\operatorname{Exp}(\\lambda)$. Then "
                                "$M_X(t) = \\frac{\\lambda}{\\lambda - t}$ for $t < \\lambda$, and "
                                "$\\operatorname{ReLU}'(x) = 1$ for $x > 0$.\n\n$\\operatorname{ReLU}'(x) = 1$ too.\n")
    assert found[1:] == [(r"M_X(t) = \frac{\lambda}{\lambda - t}", "verified"), (r"t < \lambda", "definition"),
                         (r"\operatorname{ReLU}'(x) = 1", "verified"), ("x > 0", "definition"),
                         (r"\operatorname{ReLU}'(x) = 1", "refuted")]  # x > 0 serves its own sentence only


def test_a_moment_generating_function_of_a_stated_distribution_is_a_fact_to_check(tmp_path):
    found = _verdicts(tmp_path, "# MGFs\n\nLet $Y \\sim \\operatorname{Poisson}(\\mu)$: $M_Y(s) = e^{\\mu(e^s - 1)}$, "
                                "$K_Y(s) = \\mu(e^s - 1)$ and $M_Y(s) = e^{\\mu(e^s + 1)}$.\n")
    assert [status for _, status in found[1:]] == ["verified", "verified", "refuted"]


def test_a_distribution_said_in_words_is_read_and_a_supposed_one_serves_its_sentence_only(tmp_path):
    found = _verdicts(tmp_path, "# Counts\n\nIf $X$ is Poisson with rate $\\lambda$, then $\\mathbb{E}[X] = \\lambda$ "
                                "and $\\operatorname{Var}(X) = \\lambda^2$. Next, "
                                "$\\mathbb{E}[X] = \\lambda$ again.\n\n"
                                "# Heights\n\nLet $H$ be Gaussian with mean $m$ and variance $v$. "
                                "Then $\\operatorname{Var}(H) = v$.\n\n$\\mathbb{E}[H] = 2m$\n")
    assert [(latex, status) for latex, status in found if "=" in latex] == [
        (r"\mathbb{E}[X] = \lambda", "verified"), (r"\operatorname{Var}(X) = \lambda^2", "refuted"),
        (r"\mathbb{E}[X] = \lambda", "unchecked"),  # the "if" supposed X's law for its own sentence only
        (r"\operatorname{Var}(H) = v", "verified"), (r"\mathbb{E}[H] = 2m", "refuted")]


def test_properties_said_in_words_before_a_symbol_or_of_a_letter_in_prose_are_read(tmp_path):
    found = _verdicts(tmp_path, "# W\n\nFor a symmetric weight matrix $W \\in \\mathbb{R}^{n \\times n}$,\n\n"
                                "$$\\nabla_w \\tfrac{1}{2} (Xw - y)^\\top W (Xw - y) = X^\\top W (Xw - y)$$\n\n"
                                "# Q\n\nAn orthogonal matrix Q keeps norms: $\\|Qx\\|_2 = \\|x\\|_2$.\n\n"
                                "# Hot\n\nFor a one-hot label $y \\in \\{0, 1\\}^K$,\n\n"
                                "$$\\nabla_x \\Big(-\\sum_{i=1}^K y_i \\log \\operatorname{softmax}(x)_i\\Big) = "
                                "\\operatorname{softmax}(x) - y$$\n")
    assert [status for latex, status in found if "=" in latex and "\\in" not in latex] == ["verified"] * 3


def test_sign_conditions_in_words_serve_their_formula(tmp_path):
    found = _verdicts(tmp_path, "# ReLU\n\nFor negative x we have $\\operatorname{ReLU}'(x) = 0$, and "
                                "$\\operatorname{ReLU}'(x) = 1$ for positive $x$.\n\n"
                                "Wrong: $\\operatorname{ReLU}'(x) = 1$ for negative x.\n")
    assert [status for latex, status in found if "=" in latex] == ["verified", "verified", "refuted"]


def test_a_formula_rejected_in_words_is_not_a_definition_and_an_equation_to_solve_is_not_an_identity(tmp_path):
    found = dict(_verdicts(tmp_path, "# Leaky\n\nThe leaky ReLU is $f(x) = \\max(0, x) + a \\min(0, x)$ and not "
                                     "$f(x) = \\max(0, x) - a \\min(0, x)$. For negative x, $f'(x) = a$.\n\n"
                                     "# LS\n\nSetting the gradient to zero gives the normal equations "
                                     "$X^\\top X w = X^\\top y$.\n"))
    assert found[r"f(x) = \max(0, x) - a \min(0, x)"] == "refuted"
    assert found["f'(x) = a"] == "verified"
    assert found[r"X^\top X w = X^\top y"] == "unchecked"


def test_a_formula_true_under_an_assumption_the_prose_states_in_words_is_never_refuted(tmp_path):
    from mlverify.audit.check import check_sheets

    path = tmp_path / "sheet.md"
    path.write_text("# Quadratic forms\n\nThe shortcut only holds for symmetric matrices: "
                    "$\\nabla_x (x^\\top A x) = 2Ax$.\n\nAnd $\\nabla_x (x^\\top A x) = 3Ax$.\n", encoding="utf-8")
    shortcut, wrong = check_sheets([path], max_examples=20).findings
    assert shortcut.status == "unchecked" and "holds if A is symmetric" in shortcut.reason.message
    assert wrong.status == "refuted"


def test_a_matrix_property_in_words_must_be_said_of_that_matrix_or_in_the_formula_sentence(tmp_path):
    found = _verdicts(tmp_path, "# Traces\n\nFor a symmetric matrix S, $\\nabla_x (x^\\top S x) = 2Sx$.\n\n"
                                "A slip: $\\nabla_X \\operatorname{tr}(AX) = A$.\n\n"
                                "# All\n\nAll matrices here are symmetric. "
                                "So $\\nabla_X \\operatorname{tr}(AX) = A$.\n")
    assert [status for _, status in found] == ["verified", "refuted", "unchecked"]


def test_what_a_section_says_of_its_functions_serves_formulas_that_leave_them_free(tmp_path):
    found = _verdicts(tmp_path, "# Smooth\n\nWe say that f is L-smooth when $\\|\\nabla f(x) - \\nabla f(y)\\| \\le "
                                "L\\|x - y\\|$.\n\n"
                                "A slip: $f(y) \\ge f(x) + \\nabla f(x)^\\top (y - x) + L\\|y - x\\|^2$.\n\n"
                                "# Strong\n\nIf f is μ-strongly convex, then it has a unique minimiser $x^\\star$.\n\n"
                                "The misprint $f(x) - f^\\star \\le \\frac{\\mu}{2}\\|x - x^\\star\\|^2$ is wrong.\n")
    assert [status for latex, status in found if "\\le L" not in latex] == ["unchecked", "unchecked", "refuted"]


def test_what_a_sentence_says_without_dollars_of_signs_and_distributions_is_read_after_a_refutation(tmp_path):
    found = _verdicts(tmp_path, "# Young\n\nFor real a and b and any ε > 0,\n\n"
                                "$$ab \\le \\frac{\\varepsilon}{2} a^2 + \\frac{1}{2\\varepsilon} b^2$$\n\n"
                                "# AM-GM\n\nFor a, b ≥ 0, $\\sqrt{ab} \\le \\frac{a + b}{2}$, not "
                                "$\\sqrt{ab} \\le \\frac{a + b}{4}$.\n\n"
                                "# Gibbs\n\nFor probability vectors p and q, "
                                "$\\sum_i q_i \\log\\frac{q_i}{p_i} \\ge 0$.\n")
    assert [status for _, status in found] == ["verified", "verified", "refuted", "verified"]


def test_a_sign_said_in_the_sentence_of_a_definition_holds_wherever_the_definition_is_used(tmp_path):
    found = _verdicts(tmp_path, "# Huber\n\nFor a threshold δ > 0, the loss is\n\n"
                                "$$H_\\delta(r) = \\begin{cases} \\frac{1}{2} r^2 & |r| \\le \\delta \\\\ "
                                "\\delta(|r| - \\frac{1}{2}\\delta) & |r| > \\delta \\end{cases}$$\n\n"
                                "Its derivative is $H_\\delta'(r) = \\max(-\\delta, \\min(\\delta, r))$, not "
                                "$H_\\delta'(r) = \\min(\\delta, r)$.\n")
    assert [status for _, status in found] == ["definition", "verified", "refuted"]


def test_what_a_section_supposes_after_a_formula_can_refute_it_but_never_verify_it(tmp_path):
    found = _verdicts(tmp_path, "# Sums\n\nFor any X and Y, $\\operatorname{Var}(X - Y) = \\operatorname{Var}(X) + "
                                "\\operatorname{Var}(Y)$. If X and Y are independent, the variances add.\n\n"
                                "# Independent\n\nSuppose X and Y are independent. Then "
                                "$\\operatorname{Var}(X - Y) = \\operatorname{Var}(X) + \\operatorname{Var}(Y)$.\n")
    assert [status for _, status in found] == ["refuted", "verified"]  # false for dependent X and Y


def test_a_bound_said_in_plain_text_that_a_counterexample_breaks_is_read(tmp_path):
    found = _verdicts(tmp_path, "# Leaky\n\n| activation | derivative |\n|---|---|\n"
                                "| leaky | $\\frac{d}{dz}\\max(\\alpha z, z) = \\alpha$ for z < 0 and 0 < α < 1 |\n"
                                "| wrong | $\\frac{d}{dz}\\max(\\alpha z, z) = 1$ for z < 0 and 0 < α < 1 |\n")
    assert [status for _, status in found] == ["verified", "refuted"]


def test_a_variable_of_differentiation_is_the_formulas_own_whatever_another_section_defines(tmp_path):
    found = _verdicts(tmp_path, "# Logistic\n\n$$z = w^\\top x$$\n\n$z^2 \\ge 0$\n\n# Softplus\n\n"
                                "$\\frac{d}{dz}\\log(1 + e^z) = \\sigma(z)$, not\n"
                                "$\\frac{d}{dz}\\log(1 + e^z) = \\sigma(-z)$\n")
    assert [status for _, status in found] == ["definition", "verified", "verified", "refuted"]


def test_the_one_law_a_section_gives_a_letter_serves_its_later_sentences(tmp_path):
    found = _verdicts(tmp_path, "# Uniform\n\nIf U is uniform on [a, b] with $a < b$, then "
                                "$\\mathbb{E}[U] = \\frac{a + b}{2}$. A forum post has "
                                "$M_U(t) = \\frac{e^{tb} - e^{ta}}{b - a}$.\n\n"
                                "# Two laws\n\nIf U is uniform on [0, 1], then $\\mathbb{E}[U] = 1/2$. If U is Poisson "
                                "with rate $\\lambda$, then $\\mathbb{E}[U] = \\lambda$. "
                                "So $\\operatorname{Var}(U) = 1$.\n")
    assert [status for latex, status in found if "=" in latex] == ["verified", "refuted", "verified", "verified",
                                                                     "unchecked"]


def test_tail_bounds_of_a_variable_of_any_law_read_its_sign_and_moments_in_words(tmp_path):
    found = _verdicts(tmp_path, "# Markov\n\nFor a nonnegative random variable X and $a > 0$: "
                                "$P(X \\ge a) \\le \\frac{\\mathbb{E}[X]}{a}$, not "
                                "$P(X \\ge a) \\ge \\frac{\\mathbb{E}[X]}{a}$.\n\n"
                                "# Chebyshev\n\nIf X has mean μ and variance σ², then for $t > 0$, "
                                "$P(|X - \\mu| \\ge t) \\le \\frac{\\sigma^2}{t^2}$.\n\n"
                                "# Bare\n\nWhen X is a positive random variable, "
                                "$P(X \\ge a) \\le \\frac{\\mathbb{E}[X]}{a}$ when $a > 0$.\n")
    statements = [status for latex, status in found if "P(" in latex]
    assert statements == ["verified", "refuted", "verified", "unchecked"]
    later = _verdicts(tmp_path, "# Markov\n\nFor a nonnegative random variable X and $a > 0$: "
                                "$P(X \\ge a) \\le \\frac{\\mathbb{E}[X]}{a}$. An exam reversed it: "
                                "$P(X \\ge a) \\ge \\frac{\\mathbb{E}[X]}{a}$.\n")
    assert [status for latex, status in later if "P(" in latex] == ["verified", "refuted"]


def test_independence_said_in_words_lets_moments_of_several_variables_be_checked(tmp_path):
    found = _verdicts(tmp_path, "# Independence\n\nLet $X$ and $Y$ be independent. Then "
                                "$\\mathbb{E}[XY] = \\mathbb{E}[X]\\,\\mathbb{E}[Y]$ and "
                                "$\\operatorname{Var}(X - Y) = \\operatorname{Var}(X) - \\operatorname{Var}(Y)$.\n\n"
                                "# Dependent\n\nHere $X$ and $Y$ are not independent: "
                                "$\\operatorname{Var}(X + Y) = \\operatorname{Var}(X) + \\operatorname{Var}(Y)$.\n")
    assert [status for latex, status in found if "=" in latex] == ["verified", "refuted", "refuted"]


def test_a_supposition_never_leaks_into_the_sentences_after_it(tmp_path):
    found = _verdicts(tmp_path, "# Rules\n\n- If $f$ is convex and $g$ is convex and non-decreasing then $g \\circ f$ "
                                "is convex\n\nA function $f$ is *μ*-strongly convex if it curves up like a quadratic "
                                "with curvature $\\mu > 0$. For all $x, y$:\n\n"
                                "$$f(y) \\geq f(x) + \\nabla f(x)^T (y - x) + \\frac{\\mu}{2} \\|y - x\\|^2$$\n")
    assert found[-1][1] != "refuted"  # f is only convex in the first sentence, and only supposed there


def test_the_law_of_a_letter_named_in_words_is_read(tmp_path):
    found = _verdicts(tmp_path, "# Waiting times\n\nLet T be exponential with rate $\\lambda > 0$. Then "
                                "$\\mathbb{E}[T] = 1/\\lambda$ and $\\operatorname{Var}(T) = 1/\\lambda$.\n\n"
                                "# Uniform\n\nLet U be uniform on [a, b]. Then $\\mathbb{E}[U] = (a + b)/2$.\n")
    assert [status for latex, status in found if "=" in latex] == ["verified", "refuted", "verified"]


def test_properties_said_as_alternatives_state_neither(tmp_path):
    found = _verdicts(tmp_path, "# Jensen\n\nFor $f$ convex/concave, the inequality flips: "
                                "$f(\\mathbb{E}[X]) \\leq \\mathbb{E}[f(X)]$ (convex case).\n\n"
                                "# Again\n\nIf g is concave or convex, $g(\\mathbb{E}[Y]) \\ge \\mathbb{E}[g(Y)]$.\n")
    assert [status for latex, status in found if "mathbb{E}" in latex] == ["unchecked", "unchecked"]


def test_laws_said_in_plain_text_are_read_with_their_subscripts_and_without_a_verb(tmp_path):
    found = _verdicts(tmp_path, "# Scaling\n\nFor X normal with mean μ and variance σ², "
                                "$X + 2X \\sim \\mathcal{N}(3\\mu, 5\\sigma^2)$.\n\n"
                                "# Sums\n\nIf X ~ N(μ₁, σ₁²) and Y ~ N(μ₂, σ₂²) with $X \\perp Y$, then "
                                "$X + Y \\sim \\mathcal{N}(\\mu_1 + \\mu_2, \\sigma_1^2 + \\sigma_2^2)$.\n")
    assert [status for latex, status in found if "sim" in latex] == ["refuted", "verified"]


def test_independence_said_of_letters_with_their_laws_and_laws_said_of_two_letters_at_once_are_read(tmp_path):
    found = _verdicts(tmp_path, "# Combinations\n\nIf X ~ N(μ₁, σ₁²) and Y ~ N(μ₂, σ₂²) are independent, then\n\n"
                                "$$X + Y \\sim \\mathcal{N}(\\mu_1 + \\mu_2, \\sigma_1^2 + \\sigma_2^2)$$\n\n"
                                "# Sums\n\nFor independent X and Y, normal with means μ₁, μ₂ and variances σ₁², σ₂²,"
                                "\n\n"
                                "$$X - Y \\sim \\mathcal{N}(\\mu_1 - \\mu_2, \\sigma_1^2 - \\sigma_2^2)$$\n\n"
                                "# Counts\n\nFor independent X and Y, Poisson with rates λ, μ respectively, "
                                "$\\operatorname{Var}(X - Y) = \\lambda + \\mu$.\n")
    assert [status for _, status in found] == ["verified", "refuted", "verified"]


def test_notation_sections_and_definitions_said_throughout_serve_every_section(tmp_path):
    found = sheet(tmp_path, "# Notes\n\n## Notation\n\n$\\mu = \\mathbb{E}[X]$\n\n## 1. Logistic\n\n"
                            "Throughout, $p = \\sigma(z)$.\n\n## 2. Softmax\n\n$q = \\operatorname{softmax}(z)$\n\n"
                            "## 3. Use\n\n$\\mathbb{E}[X - \\mu] = 0$\n\n$2p = p + p$\n\n$q_1 = 1$\n")
    mean, logistic, softmax = (by_latex(found, latex) for latex in (
        r"\mathbb{E}[X - \mu] = 0", "2p = p + p", "q_1 = 1"))
    assert [g.latex for g in mean.given] == [r"\mu = \mathbb{E}[X]"] and mean.elsewhere == ()
    assert [g.latex for g in logistic.given] == [r"p = \sigma(z)"] and logistic.elsewhere == ()
    assert softmax.given == () and softmax.elsewhere == ("q",)  # an ordinary section keeps its definitions


def test_a_chain_that_numbers_eigenvalues_defines_them(tmp_path):
    found = sheet(tmp_path, "# S\n\nLet A be symmetric with eigenvalues $\\lambda_1 \\ge \\dots \\ge \\lambda_n$.\n\n"
                            "$\\operatorname{tr}(A) = \\sum_{i=1}^n \\lambda_i$\n\n"
                            "A symmetric matrix with eigenvalues $\\mu_1 \\le \\dots \\le \\mu_n$ of $B$ too.\n\n"
                            "$\\mu_1 = \\mu_1$\n\nThe singular values of C, $s_1 \\ge \\dots \\ge s_k$, are real.\n\n"
                            "$s_1 = s_1$\n\nSome numbers $t_1 \\ge \\dots \\ge t_n$.\n\n$t_1 = t_1$\n")
    assert by_latex(found, r"\lambda_1 \ge \dots \ge \lambda_n").kind == "definition"
    assert [g.latex for g in by_latex(found, r"\operatorname{tr}(A) = \sum_{i=1}^n \lambda_i").given] == [
        r"A = A^\top", r"\lambda = \operatorname{eig}(A)"]
    assert [g.latex for g in by_latex(found, r"\mu_1 = \mu_1").given] == [r"\mu = -\operatorname{eig}(-B)"]
    assert [g.latex for g in by_latex(found, r"s_1 = s_1").given] == [r"s = \operatorname{sv}(C)"]
    assert r"\operatorname" not in " ".join(g.latex for g in by_latex(found, r"t_1 = t_1").given)


def test_a_property_said_as_an_exception_is_not_assumed(tmp_path):
    found = sheet(tmp_path, "# S\n\nThis is not the top eigenvalue unless A is PSD: "
                            "$\\|A\\|_2 = \\lambda_{\\max}(A)$.\n\nLet A be PSD: $x^\\top A x \\ge 0$.\n")
    assert by_latex(found, r"\|A\|_2 = \lambda_{\max}(A)").given == ()
    assert [g.latex for g in by_latex(found, r"x^\top A x \ge 0").given] == [r"A \succeq 0"]


@pytest.mark.parametrize(("words", "law"), [
    ("Let $X_1, \\dots, X_n$ be iid Bernoulli(p) with $0 < p < 1$.", r"X_i \sim \operatorname{Bernoulli}(p)"),
    ("Let $X_1, \\ldots, X_n$ be independent Poisson with mean $\\lambda$.",
     r"X_i \sim \operatorname{Poisson}(\lambda)"),
    ("Throughout, X₁, …, Xₙ are iid copies of a random variable X.", r"X_i \sim X"),
    ("Let $X_1, \\dots, X_n$ be i.i.d. with finite variance.", r"X_i \sim X"),
    ("Let $X_1, \\dots, X_n$ be iid Gamma(a, b).", None),  # a law it cannot read is not 'any law'
])
def test_an_iid_sample_said_in_words_is_read_as_its_law(tmp_path, words, law):
    found = sheet(tmp_path, f"# S\n\n{words} Then $\\mathbb{{E}}[X_1] = 0$.\n")
    given = [g.latex for g in by_latex(found, r"\mathbb{E}[X_1] = 0").given]
    assert (law in given) if law else not any(r"\sim" in g for g in given)


def test_a_formula_the_sentence_says_fails_in_general_is_refuted_whatever_assumption_it_names(tmp_path):
    from mlverify.audit.check import check_sheets

    path = tmp_path / "sheet.md"
    path.write_text("# Quadratic forms\n\nThe shortcut $\\nabla_x (x^\\top A x) = 2Ax$ only holds for symmetric "
                    "matrices.\n\nWriting $\\nabla_x (x^\\top B x) = 2Bx$ is a slip (it is right for symmetric B).\n",
                    encoding="utf-8")
    assert [f.status for f in check_sheets([path], max_examples=20).findings] == ["refuted", "refuted"]


def test_what_a_formula_or_its_section_says_of_a_name_makes_it_theirs(tmp_path):
    found = sheet(tmp_path, "# A\n\n$f(x) = x^2$\n\n$g(x) = x$\n\n# B\n\n"
                            "$f(\\mathbb{E}[X]) \\le \\mathbb{E}[f(X)] \\quad (f \\text{ convex})$\n\n"
                            "$g \\text{ convex}$\n\n$g(0) \\le g(1)$\n\n$f(2) = 4$\n")
    assert by_latex(found, r"f(\mathbb{E}[X]) \le \mathbb{E}[f(X)] \quad (f \text{ convex})").elsewhere == ()
    assert by_latex(found, "g(0) \\le g(1)").elsewhere == ()
    assert by_latex(found, "f(2) = 4").elsewhere == ("f",)


def test_a_definition_beside_a_statement_in_its_display_serves_it(tmp_path):
    found = sheet(tmp_path, "# S\n\n$$\\frac{\\partial \\operatorname{softmax}(z)}{\\partial z} = "
                            "\\operatorname{diag}(s) - s s^\\top,\\quad s = \\operatorname{softmax}(z)$$\n")
    statement = next(s for s in found if s.kind == "statement")
    assert [g.latex for g in statement.given] == [r"s = \operatorname{softmax}(z)"]


def test_the_parameters_of_a_law_stated_in_a_section_are_that_sections(tmp_path):
    found = sheet(tmp_path, "# A\n\n$\\mu = 3$\n\n# B\n\n$$X \\sim \\mathcal{N}(\\mu, \\sigma^2)$$\n\n"
                            "$\\mathbb{E}[e^{tX}] = e^{\\mu t + \\sigma^2 t^2 / 2}$\n")
    statement = by_latex(found, r"\mathbb{E}[e^{tX}] = e^{\mu t + \sigma^2 t^2 / 2}")
    assert statement.elsewhere == () and [g.latex for g in statement.given] == [r"X \sim \mathcal{N}(\mu, \sigma^2)"]


@pytest.mark.parametrize(("after", "read"), [
    ("when z ≤ 0.", [r"z \le 0"]),
    ("for i ≠ j (the off-diagonal).", [r"i \neq j"]),
    ("for 0 < α < 1 and r > 0.", [r"0 < \alpha < 1", "r > 0"]),
    ("when n = n_in.", [r"n = n_{\mathrm{in}}"]),
    ("for orthogonal Q.", [r"Q \text{ orthogonal}"]),
    ("for independent X and Y.", [r"X \perp Y"]),
    ("if the gradients are stationary.", None),  # a condition no formula states: left unread
    ("for small steps and z ≤ 0.", None),
    ("for convex $f$.", [r"f \text{ convex}"]),
    ("for a general square $A$.", [r"A \text{ square}"]),
    ("for square matrices $A$ and $B$.", [r"A \text{ square}", r"B \text{ square}"]),
    ("for a nonsingular square $A$.", [r"A \text{ invertible}", r"A \text{ square}"]),
    ("for symmetric positive definite $A$.", [r"A \succ 0"]),
    ("for square $A$ and $B$ of the same size.", None),
])
def test_a_condition_in_plain_words_after_a_formula_is_read_when_nothing_is_left_over(tmp_path, after, read):
    found = sheet(tmp_path, f"# S\n\nThen $\\sigma(z) + \\sigma(-z) = 1$ {after}\n")
    statement = by_latex(found, r"\sigma(z) + \sigma(-z) = 1")
    said = [g.latex for g in statement.given]
    if read is None:
        assert statement.unread_condition is not None and not said
    else:
        assert statement.unread_condition is None and said == read, said


@pytest.mark.parametrize(("before", "read"), [
    ("When K itself is invertible we can split the inverse as", [r"K \text{ invertible}"]),
    ("If A is symmetric,", ["A = A^\\top"]),
    ("If x > 0, one has", ["x > 0"]),
    ("If the gradients are stationary,", None),  # a condition no formula states: left unread
])
def test_a_condition_in_plain_words_before_a_formula_is_read_when_nothing_is_left_over(tmp_path, before, read):
    found = sheet(tmp_path, f"# S\n\n{before} $A^{{-1}} A = I$.\n")
    statement = by_latex(found, r"A^{-1} A = I")
    said = [g.latex for g in statement.given]
    if read is None:
        assert statement.unread_condition is not None and not said
    else:
        assert statement.unread_condition is None and said == read, said


def test_a_starred_name_defined_in_passing_reaches_the_formulas_using_it(tmp_path):
    found = sheet(tmp_path, "# S\n\nLet $f(x) = \\frac{1}{2}x^\\top A x - b^\\top x$ with $A \\succ 0$; the minimiser "
                            "is $x^\\star = A^{-1} b$.\n\n"
                            "$$f(x) - f(x^\\star) = \\frac{1}{2}(x - x^\\star)^\\top A (x - x^\\star)$$\n")
    statement = by_latex(found, r"f(x) - f(x^\star) = \frac{1}{2}(x - x^\star)^\top A (x - x^\star)")
    assert r"x^\star = A^{-1} b" in [g.latex for g in statement.given]


def test_each_copy_of_a_formula_said_twice_in_a_paragraph_reads_its_own_prose(tmp_path):
    found = sheet(tmp_path, "# S\n\nA common error is to write $\\nabla_x (x^\\top A x) = 2Ax$ for a general square "
                            "$A$. When $A$ is symmetric, $\\nabla_x (x^\\top A x) = 2Ax$ holds.\n")
    first, second = [s for s in found if s.formula.latex == r"\nabla_x (x^\top A x) = 2Ax"]
    assert [g.latex for g in first.given] == [r"A \text{ square}"]
    assert r"A = A^\top" in [g.latex for g in second.given]


def test_a_subsection_reads_what_its_section_defined_but_not_what_a_sibling_did(tmp_path):
    found = sheet(tmp_path, "# Notes\n\n## Softmax\n\n$$s = \\mathrm{softmax}(z)$$\n\n### Jacobian\n\n"
                            "$$\\frac{\\partial s}{\\partial z} = \\mathrm{diag}(s) - ss^\\top$$\n\n## Other\n\n"
                            "$$\\frac{\\partial s}{\\partial z} = 0$$\n")
    jacobian, other = [s for s in found if s.formula.latex.startswith(r"\frac{\partial s}")]
    assert [g.latex for g in jacobian.given] == [r"s = \mathrm{softmax}(z)"]
    assert not other.given


@pytest.mark.parametrize(("text", "read"), [
    ("Let $A \\in \\mathbb{R}^{d \\times d}$ symmetric positive definite. Then $x^\\top A x > 0$.", "A \\succ 0"),
    ("Let $A \\in \\mathbb{R}^{d \\times d}$ be orthogonal. Then $x^\\top A x > 0$.", r"A \text{ orthogonal}"),
])
def test_a_property_said_right_after_a_space_is_read(tmp_path, text, read):
    given = [g.latex for g in by_latex(sheet(tmp_path, f"# S\n\n{text}\n"), r"x^\top A x > 0").given]
    assert read in given, given


@pytest.mark.parametrize(("before", "word"), [
    ("With two classes softmax is a sigmoid, namely", "with"),
    ("If A were not symmetric we would still have", "if not"),
    ("Strong convexity is equivalent to", "equivalent"),
])
def test_conditions_in_words_that_are_not_read_keep_the_formula_unchecked(tmp_path, before, word):
    found = sheet(tmp_path, f"# S\n\n{before} $s_1 = \\sigma(z_1 - z_2)$.\n")
    assert by_latex(found, r"s_1 = \sigma(z_1 - z_2)").unread_condition == word


def test_a_condition_before_the_formula_is_not_cleared_by_a_bound_after_it(tmp_path):
    found = sheet(tmp_path, "# S\n\nIf the data are stationary, $\\sigma(t) + \\sigma(-t) = 1$ for t > 0.\n")
    statement = by_latex(found, r"\sigma(t) + \sigma(-t) = 1")
    assert statement.unread_condition == "if"


def test_a_supposition_ends_where_the_sentence_turns_to_the_general_case(tmp_path):
    found = sheet(tmp_path, "# S\n\nLet $\\phi(\\theta) := \\frac{1}{2}\\theta^\\top A\\theta$. If A is symmetric its "
                            "gradient is $\\nabla\\phi(\\theta) = A\\theta$, and for a general square A it is "
                            "$\\nabla\\phi(\\theta) = A^\\top\\theta$.\n")
    symmetric = [g.latex for g in by_latex(found, r"\nabla\phi(\theta) = A\theta").given]
    general = [g.latex for g in by_latex(found, r"\nabla\phi(\theta) = A^\top\theta").given]
    assert any("symmetric" in g or "A^\\top" in g for g in symmetric), symmetric
    assert not any("symmetric" in g or g.startswith("A = A^") for g in general), general


def test_moments_named_in_words_or_by_a_formula_after_with_define_the_symbols(tmp_path):
    found = _verdicts(tmp_path, "# Have\n\nLet X have mean μ and variance σ². Then "
                                "$\\mathbb{E}[X^2] = \\sigma + \\mu^2$.\n\n"
                                "# Named\n\nHere μ and σ² > 0 are the mean and variance of X, so "
                                "$\\mathbb{E}[X^2] = \\sigma^2 + \\mu^2$.\n\n"
                                "# Is\n\nThe mean of X is μ and its variance is σ², so "
                                "$\\mathbb{E}[X^2] = \\sigma^2 - \\mu^2$.\n\n"
                                "# Sample\n\nLet X₁, …, Xₙ be iid with mean μ and variance σ². Then "
                                "$\\operatorname{Var}(\\frac{1}{n}\\sum_{i=1}^n X_i) = \\frac{\\sigma^2}{n^2}$.\n\n"
                                "# Formula\n\nFor a random variable $X$ with $\\mathbb{E}[X] = \\mu$, "
                                "$\\mathbb{E}[(X - \\mu)^2] = \\mathbb{E}[X^2] - \\mu^2$ and "
                                "$\\mathbb{E}[(X - \\mu)^2] = \\mathbb{E}[X^2] + \\mu^2$.\n\n"
                                "# Stated\n\nLet $X \\sim \\mathcal{N}(\\mu, 1)$ with $\\mathbb{E}[X] = \\mu$.\n")
    assert [status for latex, status in found if latex != "X"] == [
        "refuted", "verified", "refuted", "refuted", "definition", "verified", "refuted", "definition", "verified"]


def test_moments_another_letter_names_elsewhere_leave_a_formula_of_free_parameters_checked(tmp_path):
    found = _verdicts(tmp_path, "# Chebyshev\n\nIf X has mean μ and variance σ², "
                                "$P(|X - \\mu| \\ge t) \\le \\frac{\\sigma^2}{t^2}$ for $t > 0$.\n\n"
                                "# KL\n\n$D(\\mathcal{N}(\\mu, \\sigma^2) \\| \\mathcal{N}(0, 1)) = "
                                "\\frac{1}{2}(\\mu^2 + \\sigma^2 - 1 - \\log\\sigma)$\n")
    assert found[-1][1] == "refuted"


def test_a_moment_named_for_a_letter_serves_only_formulas_about_that_letter(tmp_path):
    found = _verdicts(tmp_path, "Let $X$ be a random variable with $\\mathbb{E}[X] = \\mu$. Then "
                                "$\\mathbb{E}[X^2] \\ge \\mu^2$.\n\nA function $f$ is *μ*-strongly convex if it curves "
                                "up like a quadratic with curvature $\\mu > 0$. For all $x, y$:\n\n"
                                "$$f(y) \\geq f(x) + \\nabla f(x)^T (y - x) + \\frac{\\mu}{2} \\|y - x\\|^2$$\n")
    assert [status for latex, status in found if "\\ge" in latex] == ["verified", "verified"]
    throughout = _verdicts(tmp_path, "Throughout, X₁, …, Xₙ are iid copies of X with variance "
                                     "$\\sigma^2 = \\operatorname{Var}(X)$.\n\n# MSE\n\nFor σ > 0 and every n ≥ 2, "
                                     "$\\frac{2\\sigma^4}{n + 1} < \\frac{2\\sigma^4}{n - 1}$.\n")
    assert throughout[-1][1] != "refuted"  # σ is X's throughout, so n counts X's copies, not any real


def test_a_random_vector_said_in_words_with_its_mean_and_covariance_is_read(tmp_path):
    found = _verdicts(tmp_path, "# A\n\nLet X be a random vector in R^d with mean m and covariance matrix Σ. Then "
                                "$\\mathbb{E}[XX^\\top] = \\Sigma + mm^\\top$ and "
                                "$\\mathbb{E}[XX^\\top] = \\Sigma - mm^\\top$.\n\n"
                                "# B\n\nLet the random vector x in R^d have mean μ and covariance "
                                "$\\Sigma := \\mathbb{E}[(x - \\mu)(x - \\mu)^\\top]$. Then "
                                "$\\mathbb{E}[x^\\top x] = \\operatorname{tr}(\\Sigma) + \\mu^\\top \\mu$.\n")
    assert [status for latex, status in found if "tr" in latex or "XX" in latex] == ["verified", "refuted",
                                                                                   "verified"]


def test_a_space_said_after_a_statement_is_the_one_it_quantifies_over(tmp_path):
    found = sheet(tmp_path, "# PSD\n\n- $X^\\top X \\succeq 0$ for any $X \\in \\mathbb{R}^{m \\times n}$.\n"
                            "- $X^\\top A X \\succeq 0$ for any $X \\in \\mathbb{R}^{n \\times m}$.\n")
    statement = by_latex(found, r"X^\top A X \succeq 0")
    assert [g.latex for g in statement.given] == [r"X \in \mathbb{R}^{n \times m}"]  # the nearest space of X


def test_positive_definite_says_nothing_of_a_sign(tmp_path):
    found = _verdicts(tmp_path, "# PSD\n\nIf A and B are both positive semidefinite, $\\operatorname{tr}(AB) \\ge 0$, "
                                "but in general $AB \\succeq 0$ is false.\n")
    assert [status for _, status in found] == ["verified", "refuted"]


@pytest.mark.parametrize(("words", "space"), [
    ("take a k × d matrix A", r"A \in \mathbb{R}^{k \times d}"),
    ("for n-by-n matrices A and B", r"B \in \mathbb{R}^{n \times n}"),
    ("let A be m x n", r"A \in \mathbb{R}^{m \times n}"),
    ("a vector b in R^k", r"b \in \mathbb{R}^{k}"),
    ("an n-vector x", r"x \in \mathbb{R}^{n}"),
    ("a vector x of length n", r"x \in \mathbb{R}^{n}"),
])
def test_a_shape_said_in_words_is_the_space_of_its_letter(tmp_path, words, space):
    found = sheet(tmp_path, f"# S\n\nFor the example, {words}. Then $A B x = b$.\n")
    assert space in [g.latex for g in by_latex(found, "A B x = b").given]


def test_a_matrix_shaped_in_words_is_no_random_variable(tmp_path):
    found = _verdicts(tmp_path, "# Vectors\n\nLet the random vector x in R^d have mean μ and covariance Σ, and take "
                                "a k × d matrix A and a vector b in R^k. Then $\\mathrm{Cov}(Ax + b) = "
                                "A\\Sigma A^\\top$, not $\\mathrm{Cov}(Ax + b) = A\\Sigma A$.\n")
    assert [status for _, status in found] == ["verified", "refuted"]


def test_a_definition_that_cannot_be_read_leaves_its_uses_unchecked(tmp_path):
    found = _verdicts(tmp_path, "# Smoothing\n\nLet $\\tilde y := (1 - \\varepsilon) y + \\unknownmacro$. Then "
                                "$\\tilde y + y = 2y$.\n")
    assert [status for _, status in found] == ["unchecked", "unchecked"]  # not refuted with a free tilde y


def test_batch_statistics_named_by_a_capital_subscript_are_quantities_of_their_own(tmp_path):
    found = _verdicts(tmp_path, "# Batch norm\n\nOver a batch x_1, ..., x_B,\n\n$$\\mu_B := \\frac{1}{B}\\sum_{i=1}^B "
                                "x_i, \\qquad \\sigma_B^2 := \\frac{1}{B}\\sum_{i=1}^B (x_i - \\mu_B)^2, \\qquad "
                                "\\hat x_i := \\frac{x_i - \\mu_B}{\\sqrt{\\sigma_B^2 + \\epsilon}}, \\qquad "
                                "y_i := \\gamma\\hat x_i + \\beta$$\n\n"
                                "Then $\\frac{1}{B}\\sum_{i=1}^B \\hat x_i = 0$ and "
                                "$\\frac{1}{B}\\sum_{i=1}^B y_i = \\beta$, not "
                                "$\\frac{1}{B}\\sum_{i=1}^B y_i = \\gamma$.\n")
    assert [status for _, status in found][-3:] == ["verified", "verified", "refuted"]


def test_a_sign_is_read_from_a_formula_that_states_only_signs():
    from mlverify.audit.context import signs_in_sentence

    assert signs_in_sentence("For $a, b \\ge 0$ and any ε > 0,")[0] == {"a": r"\ge", "b": r"\ge", "varepsilon": ">",
                                                                      "epsilon": ">"}
    assert signs_in_sentence("A is PSD when $x^\\top A x \\ge 0$ for every x.")[0] == {}  # x^T A x, not x


def test_a_law_supposed_as_a_formula_serves_the_rest_of_its_sentence_and_no_further(tmp_path):
    found = _verdicts(tmp_path, "# Laws\n\n- Poisson: if $X \\sim \\mathrm{Poisson}(\\lambda)$ then "
                                "$\\mathbb{E}[X] = \\lambda$ and $\\mathrm{Var}(X) = \\lambda^2$.\n"
                                "- Uniform: $\\mathbb{E}[X] = (a + b)/2$.\n\n"
                                "If $X \\sim \\mathcal{N}(\\mu_1, \\sigma_1^2)$ and $Y \\sim \\mathcal{N}(\\mu_2, "
                                "\\sigma_2^2)$ are independent, then\n\n"
                                "$$X + Y \\sim \\mathcal{N}(\\mu_1 + \\mu_2, (\\sigma_1 + \\sigma_2)^2)$$\n")
    assert [status for _, status in found] == ["definition", "verified", "refuted", "unchecked", "definition",
                                               "definition", "refuted"]


def test_a_sentence_that_opens_with_a_law_names_the_law_of_its_one_random_letter(tmp_path):
    found = _verdicts(tmp_path, "# Laws\n\n- Uniform on $[a, b]$: $\\mathbb{E}[X] = (b - a)/2$ and "
                                "$\\mathrm{Var}(X) = (b - a)^2/12$.\n"
                                "- Exponential with rate $\\lambda$, density $f(x) = \\lambda e^{-\\lambda x}$: "
                                "$\\mathbb{E}[T] = 1/\\lambda$ and $\\mathrm{Var}(T) = 1/\\lambda$.\n"
                                "- $\\mathbb{E}[X] = 1/\\lambda$ again.\n"
                                "- Poisson: $\\mathbb{E}[X + Y] = \\mathbb{E}[X] + \\mathbb{E}[Y]$.\n")
    statuses = [status for latex, status in found if "=" in latex and not latex.startswith("f(")]
    assert statuses == ["refuted", "verified", "verified", "refuted", "unchecked", "verified"]


def test_a_matrix_defined_case_by_case_in_words_can_verify_but_never_refute(tmp_path):
    found = _verdicts(tmp_path, "# Mask\n\nDefine the mask $M_{ij} = 0$ if $j \\le i$ and $M_{ij} = -\\infty$ "
                                "otherwise, and set\n\n$$A = \\mathrm{softmax}(S + M)$$\n\n"
                                "Then $A_{ij} = 0$ whenever $j > i$.\n")
    assert dict(found)["A_{ij} = 0"] == "unchecked"


def test_a_property_said_after_two_formulas_belongs_to_both(tmp_path):
    found = _verdicts(tmp_path, "# Symmetries\n\nLet $P \\in \\{0,1\\}^{n \\times n}$ and "
                                "$P' \\in \\{0,1\\}^{n \\times n}$ "
                                "be permutation matrices, and $x \\in \\mathbb{R}^n$.\n"
                                "Then $\\|P'x\\| = \\|x\\|$ and $\\mathbf{1}_n^\\top P x = \\mathbf{1}_n^\\top x$, "
                                "but not $x^\\top P x = \\|x\\|^2$.\n")
    assert [status for latex, status in found if "x" in latex and "\\in" not in latex] == [
        "verified", "verified", "refuted"]


def test_an_abbreviation_does_not_end_a_sentence(tmp_path):
    found = _verdicts(tmp_path, "# Sample mean\n\nLet $X_1, \\dots, X_n$ be i.i.d. with mean $\\mu$ and variance "
                                "$\\sigma^2$, and let $\\bar X = \\frac{1}{n}\\sum_{i=1}^{n} X_i$. Its variance is\n\n"
                                "$$\\mathrm{Var}(\\bar X) = \\sigma^2$$\n\nand its standard error is "
                                "$\\sqrt{\\mathrm{Var}(\\bar X)} = \\sigma/\\sqrt{n}$.\n")
    assert [status for latex, status in found if "Var" in latex] == ["refuted", "verified"]


def test_orthonormal_columns_stated_with_a_sized_identity_are_context(tmp_path):
    found = _verdicts(tmp_path, "# S\n\nLet $Q \\in \\mathbb{R}^{n \\times d}$ with $Q^\\top Q = I_d$.\n\n"
                                "Then $\\|Qx\\| = \\|x\\|$ and $\\|Qx\\| = 2\\|x\\|$.\n")
    assert found[1:] == [(r"Q^\top Q = I_d", "definition"), (r"\|Qx\| = \|x\|", "verified"),
                         (r"\|Qx\| = 2\|x\|", "refuted")]


def test_a_list_of_eigenvalues_or_a_chain_ending_above_zero_defines_them(tmp_path):
    found = _verdicts(tmp_path, "# S\n\nIf $A$ has eigenvalues $\\lambda_1, \\dots, \\lambda_n$, then "
                                "$\\det(A) = \\prod_{i=1}^{n}\\lambda_i$ and $\\operatorname{tr}(A) = \\sum_{i=1}^n "
                                "\\lambda_i^2$.\n\n# T\n\nFor $M \\in \\mathbb{R}^{m \\times n}$ with singular values "
                                "$\\sigma_1 \\ge \\dots \\ge \\sigma_r > 0$, $\\lVert M\\rVert_2 = \\sigma_1$ and "
                                "$\\lVert M\\rVert_2 = \\sigma_1^2$.\n\n# U\n\nThe eigenvalues $\\mu_i$ of a symmetric "
                                "$B$ add up: $\\sum_i \\mu_i = \\operatorname{tr}(B)$, not $\\sum_i \\mu_i = "
                                "\\operatorname{tr}(B^2)$.\n")
    verdicts = dict(found)
    assert verdicts[r"\det(A) = \prod_{i=1}^{n}\lambda_i"] == "verified"
    assert verdicts[r"\operatorname{tr}(A) = \sum_{i=1}^n \lambda_i^2"] == "refuted"
    assert verdicts[r"\lVert M\rVert_2 = \sigma_1"] == "verified"
    assert verdicts[r"\lVert M\rVert_2 = \sigma_1^2"] == "refuted"
    assert verdicts[r"\sum_i \mu_i = \operatorname{tr}(B)"] == "verified"
    assert verdicts[r"\sum_i \mu_i = \operatorname{tr}(B^2)"] == "refuted"


def test_a_thin_svd_has_a_factor_with_orthonormal_columns(tmp_path):
    found = _verdicts(tmp_path, "# S\n\nLet $X = U \\Sigma V^\\top$ with $U \\in \\mathbb{R}^{n \\times d}$, "
                                "$U^\\top U = I_d$, $V \\in \\mathbb{R}^{d \\times d}$ orthogonal and $\\Sigma \\in "
                                "\\mathbb{R}^{d \\times d}$ diagonal and invertible. "
                                "Then $X^{+} = V \\Sigma^{-1} U^\\top$, not $X^{+} = U \\Sigma^{-1} V^\\top$.\n")
    assert found[-2:] == [(r"X^{+} = V \Sigma^{-1} U^\top", "verified"), (r"X^{+} = U \Sigma^{-1} V^\top", "refuted")]


def test_a_second_orthogonality_of_the_same_matrix_is_a_claim_about_it(tmp_path):
    found = _verdicts(tmp_path, "# Square\n\nLet $Q^\\top Q = I$. Then $Q Q^\\top = I$.\n\n# Tall\n\n"
                                "Let $U \\in \\mathbb{R}^{n \\times d}$ with $U^\\top U = I_d$. "
                                "Then $U U^\\top = I_n$.\n")
    assert found == [(r"Q^\top Q = I", "definition"), (r"Q Q^\top = I", "verified"),
                     (r"U \in \mathbb{R}^{n \times d}", "definition"), (r"U^\top U = I_d", "definition"),
                     (r"U U^\top = I_n", "refuted")]
