"""``check_sheets``: statuses, context, counterexamples and unreadable files, on small sheets of our own."""


import pytest

from mlverify.audit.check import check_sheets, sheet_paths
from mlverify.audit.findings import Report

SHEET = r"""# Least squares

Let $X \in \mathbb{R}^{m \times n}$, $w \in \mathbb{R}^n$, $y \in \mathbb{R}^m$ and

$$L(w) = \frac{1}{2}\|Xw - y\|^2$$

The gradient is $\nabla_w L = X^\top (Xw - y)$, not $\nabla_w L = X^\top (Xw + y)$.

<!-- mlverify: ignore -->
$$\nabla_w L = \text{anything}$$

<!-- mlverify: calculus.chain_rule -->
$$\nabla_w L = g(w)$$

## Scaled loss

$$L(w) = \|Xw - y\|^2$$

Now $\nabla_w L = 2 X^\top (Xw - y)$.
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Report:
    folder = tmp_path_factory.mktemp("sheets")
    (folder / "least_squares.md").write_text(SHEET, encoding="utf-8")
    return check_sheets([folder / "least_squares.md"], max_examples=30)


def find(report, latex):
    return next(f for f in report.findings if f.latex == latex)


def test_a_gradient_is_verified_under_the_definition_before_it(report):
    finding = find(report, r"\nabla_w L = X^\top (Xw - y)")
    assert finding.status == "verified"
    assert r"L(w) = \frac{1}{2}\|Xw - y\|^2" in finding.definitions
    assert (finding.line, finding.column) == (7, 18)


def test_a_wrong_gradient_is_refuted_with_values_and_both_sides(report):
    finding = find(report, r"\nabla_w L = X^\top (Xw + y)")
    assert finding.status == "refuted"
    assert finding.counterexample is not None
    assert {"X", "w", "y"} <= set(finding.counterexample.values)
    assert finding.counterexample.lhs is not None and finding.counterexample.rhs is not None


def test_definitions_ignored_and_unchecked_formulas(report):
    assert find(report, r"L(w) = \frac{1}{2}\|Xw - y\|^2").status == "definition"
    assert find(report, r"w \in \mathbb{R}^n").status == "definition"
    assert find(report, r"\nabla_w L = \text{anything}").status == "ignored"
    unchecked = find(report, r"\nabla_w L = g(w)")
    assert unchecked.status == "unchecked"
    assert unchecked.reason is not None and unchecked.reason.category == "unknown_claim"  # a pin naming no claim
    assert unchecked.claim == "calculus.chain_rule"


def test_a_redefinition_in_a_later_section_is_used_there(report):
    finding = find(report, r"\nabla_w L = 2 X^\top (Xw - y)")
    assert finding.status == "verified"
    assert r"L(w) = \|Xw - y\|^2" in finding.definitions
    assert r"L(w) = \frac{1}{2}\|Xw - y\|^2" not in finding.definitions


def test_summary_counts_every_status(report):
    assert report.summary == {"verified": 2, "refuted": 1, "unchecked": 1, "definition": 5, "ignored": 1,
                              "files": 1, "errors": 0}
    data = report.to_json()
    assert set(data) == {"summary", "findings", "errors"}
    assert {"file", "line", "column", "latex", "status", "reason", "claim", "counterexample", "fix", "layout",
            "definitions"} <= set(data["findings"][0])


def test_unreadable_files_are_errors_and_the_others_are_still_checked(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("$$(a + b)^2 = a^2 + 2ab + b^2$$\n", encoding="utf-8")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x00\x01\x02$a = b$")
    report = check_sheets([tmp_path / "missing.md", binary, good], max_examples=30)
    assert [f.status for f in report.findings] == ["verified"]
    assert len(report.errors) == 2
    assert report.errors[0].startswith(str(tmp_path / "missing.md")) and "no such file" in report.errors[0]
    assert "binary" in report.errors[1] and "\n" not in report.errors[1]


def test_a_directory_gives_its_sheets_recursively(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.md", "sub/b.tex", "sub/c.ipynb", "skip.py", "d.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    files, errors = sheet_paths([tmp_path])
    assert sorted(f.name for f in files) == ["a.md", "b.tex", "c.ipynb", "d.txt"] and errors == []
    empty = tmp_path / "empty"
    empty.mkdir()
    assert sheet_paths([empty])[1] and sheet_paths([empty])[0] == []


CONDITIONS = r"""# Conditions in prose

Gradients explode if the largest singular value $\sigma_{\max}(U) > 1$.

Frobenius norms are invariant: $\|QA\|_F = \|A\|_F$ for orthogonal $Q$.

A symmetric $A$ is PSD if for all $x$: $x^\top A x \ge 0$.

For all $x$, $x^2 \ge 0$ holds, and $x^2 \ge x$ does not.
"""


def _findings(tmp_path, text: str) -> dict:
    """The findings on a sheet of ``text``, by their formula."""
    sheet = tmp_path / "sheet.md"
    sheet.write_text(text, encoding="utf-8")
    return {f.latex: f for f in check_sheets([sheet], max_examples=30).findings}


def test_formulas_a_sentence_states_as_conditions_are_not_refuted(tmp_path):
    found = _findings(tmp_path, CONDITIONS)
    assert found[r"\sigma_{\max}(U) > 1"].status == "unchecked"
    assert found[r"\sigma_{\max}(U) > 1"].reason.category == "prose", found[r"\sigma_{\max}(U) > 1"]
    assert found[r"\|QA\|_F = \|A\|_F"].status == "verified"  # "for orthogonal $Q$" is read
    assert found[r"x^\top A x \ge 0"].status != "refuted"  # true of the PSD A the sentence names
    assert found[r"x^2 \ge 0"].status == "verified"  # "for all" quantifies, it does not restrict


CLAUSES = r"""# Clauses

A common slip when copying from the board is $\sigma'(z) = \sigma(z)(1 + \sigma(z))$.

The product rule holds, while $e^{x + y} = e^x + e^y$ is a classic mistake.

This only type-checks when m = n, and dropping the 2, $\frac{d}{dx} x^2 = x$, is wrong.

Then $\frac{d}{dx} x^3 = 3x^2$ when the moon is full, and $\frac{d}{dx} x^3 = x^2$ when it is new.
"""


def test_a_condition_in_another_clause_does_not_govern_a_formula(tmp_path):
    found = _findings(tmp_path, CLAUSES)
    for latex in (r"\sigma'(z) = \sigma(z)(1 + \sigma(z))", r"e^{x + y} = e^x + e^y", r"\frac{d}{dx} x^2 = x"):
        assert found[latex].status == "refuted", found[latex]
    assert found[r"\frac{d}{dx} x^3 = 3x^2"].status == "verified"  # true without its condition, so under it
    wrong = found[r"\frac{d}{dx} x^3 = x^2"]
    assert wrong.status == "unchecked" and wrong.reason.category == "prose" and wrong.counterexample is None


SPECTRUM = r"""# Symmetric matrices

Let $A \in \mathbb{R}^{n \times n}$ be symmetric with eigenvalues $\lambda_1 \ge \lambda_2 \ge \dots \ge \lambda_n$.

$$
\operatorname{tr}(A) = \sum_{i=1}^n \lambda_i, \qquad \lambda_n \|x\|_2^2 \le x^\top A x \le \lambda_1 \|x\|_2^2
$$

A frequent error is $\operatorname{tr}(A^2) = \left(\sum_{i=1}^n \lambda_i\right)^2$, and $\|A\|_2 = \lambda_1$
fails unless A is PSD.
"""


def test_eigenvalues_numbered_in_words_are_the_matrix_eigenvalues(tmp_path):
    found = _findings(tmp_path, SPECTRUM)
    for latex in (r"\operatorname{tr}(A) = \sum_{i=1}^n \lambda_i",
                  r"\lambda_n \|x\|_2^2 \le x^\top A x \le \lambda_1 \|x\|_2^2"):
        assert found[latex].status == "verified", found[latex]
    for latex in (r"\operatorname{tr}(A^2) = \left(\sum_{i=1}^n \lambda_i\right)^2", r"\|A\|_2 = \lambda_1"):
        assert found[latex].status == "refuted", found[latex]


NORMAL = r"""# Notation

Throughout, $\mu = \mathbb{E}[X]$ and $\sigma^2 = \operatorname{Var}(X)$.

# The Gaussian

Let X be N(μ, σ²) with σ > 0 and let Φ be the standard normal CDF. Then

$$
P(X \le x) = \Phi\Big(\frac{x - \mu}{\sigma}\Big)
$$

and dividing by the variance, $P(X \le x) = \Phi\big(\frac{x - \mu}{\sigma^2}\big)$, is wrong.

# GELU

GELU uses the standard normal cdf Phi and density phi: $\operatorname{GELU}(x) = x\,\Phi(x)$, so
$\operatorname{GELU}'(x) = \Phi(x) + x\,\phi(x)$, and forgetting the product rule gives
$\operatorname{GELU}'(x) = \Phi(x)$.

# Elsewhere

Here $\Phi(x) = \Phi(x)^2$ means nothing in particular.
"""


def test_the_normal_cdf_and_density_named_in_words_and_a_law_in_plain_text(tmp_path):
    found = _findings(tmp_path, NORMAL)
    for latex in (r"P(X \le x) = \Phi\Big(\frac{x - \mu}{\sigma}\Big)",
                  r"\operatorname{GELU}'(x) = \Phi(x) + x\,\phi(x)"):
        assert found[latex].status == "verified", found[latex]
    for latex in (r"P(X \le x) = \Phi\big(\frac{x - \mu}{\sigma^2}\big)", r"\operatorname{GELU}'(x) = \Phi(x)"):
        assert found[latex].status == "refuted", found[latex]
    assert found[r"\Phi(x) = \Phi(x)^2"].reason.category == "free_function"  # no words name it in that section


CONVENTIONS = r"""For derivatives we use the denominator layout throughout these notes.
Let $M \in \mathbb{R}^{m \times n}$ and $x \in \mathbb{R}^n$.

## Derivatives

Recall the layout: denominator. Then $\frac{\partial (Mx)}{\partial x} = M^\top$,
not $\frac{\partial (Mx)}{\partial x} = M$.

Now let $X \in \mathbb{R}^{m \times n}$; $\frac{\partial}{\partial X}\operatorname{tr}(M^\top X) = M$.

Then $\frac{\partial}{\partial X}\log\lvert\det X\rvert = X^{-\top}$, and for square X,
$\frac{\partial}{\partial X}\log\lvert\det X\rvert = X^{-\top} + I$.

## Huber

For a threshold δ > 0, $H_\delta(r) := \frac{1}{2}r^2$ for |r| ≤ δ and
$H_\delta(r) := \delta\lvert r\rvert - \frac{1}{2}\delta^2$ otherwise. Its derivative is the clipped residual,
$H_\delta'(r) = \max(-\delta, \min(\delta, r))$.
"""


def test_a_layout_the_preamble_declares_holds_for_the_sections(tmp_path):
    found = _findings(tmp_path, CONVENTIONS)
    assert found[r"\frac{\partial (Mx)}{\partial x} = M^\top"].status == "verified"
    assert found[r"\frac{\partial (Mx)}{\partial x} = M"].status == "refuted"


def test_shapes_stated_before_that_the_formulas_subject_cannot_have_leave_it_unchecked(tmp_path):
    found = _findings(tmp_path, CONVENTIONS)
    square = found[r"\frac{\partial}{\partial X}\log\lvert\det X\rvert = X^{-\top}"]
    assert square.status == "unchecked" and square.reason.category == "shapes", square
    assert found[r"\frac{\partial}{\partial X}\operatorname{tr}(M^\top X) = M"].status == "verified"
    said_square = found[r"\frac{\partial}{\partial X}\log\lvert\det X\rvert = X^{-\top} + I"]  # m = n, said in words
    assert said_square.status == "refuted", said_square


def test_a_function_defined_case_by_case_in_words_is_no_definition(tmp_path):
    found = _findings(tmp_path, CONVENTIONS)[r"H_\delta'(r) = \max(-\delta, \min(\delta, r))"]
    assert found.status == "unchecked", found


READINGS = r"""# Gaussians

To sample, draw z from a standard normal and set $x = \mu + Lz$ with $LL^\top = \Sigma$.
For an observation x the score in the mean is $\nabla_\mu \log\mathcal{N}(x \mid \mu, \Sigma) = \Sigma^{-1}(x - \mu)$,
and $\nabla_\mu \log\mathcal{N}(x \mid \mu, \Sigma) = \Sigma^{-1}(\mu - x)$ has the wrong sign.

# Steps

Gradient descent updates $\theta_t = \theta_{t-1} - \eta g_t$. The first step is
$\theta_1 - \theta_0 = -\eta g_1$, and $\theta_1 - \theta_0 = \eta g_1 + \theta_0$ mixes the sides up.

# Norms

For $M \in \mathbb{R}^{m \times n}$ of rank r, $\lVert M\rVert_F \le \sqrt{r}\,\lVert M\rVert_2$, while
$\lVert M\rVert_F \le \lVert M\rVert_2$ fails.

# Convolutions

A separable convolution has $|\theta_{\mathrm{sep}}| = k^2 C_{\mathrm{in}} + C_{\mathrm{in}}C_{\mathrm{out}}$ weights.

$$
\frac{C_{\text{in}} + C_{\text{out}}}{C_{\text{in}}C_{\text{out}}} = \frac{1}{C_{\text{out}}} + \frac{1}{C_{\text{in}}}
$$

It is not $\frac{C_{\mathrm{in}} + C_{\mathrm{out}}}{C_{\mathrm{in}}C_{\mathrm{out}}} = \frac{1}{C_{\mathrm{out}}}$.
"""


def test_a_derivative_false_only_through_a_definition_of_a_named_variable_is_unchecked(tmp_path):
    found = _findings(tmp_path, READINGS)
    score = found[r"\nabla_\mu \log\mathcal{N}(x \mid \mu, \Sigma) = \Sigma^{-1}(x - \mu)"]
    assert score.status == "unchecked" and score.reason.category == "definition", score
    assert "x" in score.reason.message
    assert found[r"\nabla_\mu \log\mathcal{N}(x \mid \mu, \Sigma) = \Sigma^{-1}(\mu - x)"].status == "refuted"


def test_numbered_steps_that_share_no_variable_with_the_other_side_are_an_update_rules(tmp_path):
    found = _findings(tmp_path, READINGS)
    step = found[r"\theta_1 - \theta_0 = -\eta g_1"]
    assert step.status == "unchecked" and "update rule" in step.reason.message, step
    assert found[r"\theta_1 - \theta_0 = \eta g_1 + \theta_0"].status == "refuted"


def test_a_letter_the_text_makes_a_rank_is_not_drawn_freely(tmp_path):
    found = _findings(tmp_path, READINGS)
    bound = found[r"\lVert M\rVert_F \le \sqrt{r}\,\lVert M\rVert_2"]
    assert bound.status == "unchecked" and "rank" in bound.reason.message, bound
    assert found[r"\lVert M\rVert_F \le \lVert M\rVert_2"].status == "refuted"


def test_a_word_subscript_names_a_quantity_and_a_side_of_it_alone_names_it(tmp_path):
    found = _findings(tmp_path, READINGS)
    count = found[r"|\theta_{\mathrm{sep}}| = k^2 C_{\mathrm{in}} + C_{\mathrm{in}}C_{\mathrm{out}}"]
    assert count.status == "unchecked" and "theta_sep" in count.reason.message, count
    ratio = r"\frac{C_{\mathrm{in}} + C_{\mathrm{out}}}{C_{\mathrm{in}}C_{\mathrm{out}}} = \frac{1}{C_{\mathrm{out}}}"
    right = (r"\frac{C_{\text{in}} + C_{\text{out}}}{C_{\text{in}}C_{\text{out}}} = "
             r"\frac{1}{C_{\text{out}}} + \frac{1}{C_{\text{in}}}")
    assert found[right].status == "verified"
    wrong = found[ratio]
    assert wrong.status == "refuted" and {"C_in", "C_out"} <= set(wrong.counterexample.values), wrong


LAYERS = r"""# Forward pass

Each unit applies an activation, $h = \phi(z)$, to $z_i = \sum_{j=1}^n W_{ij}h_j$ from the layer below.

# Activations

Here α is a fixed hyperparameter (0 < α < 1 for leaky ReLU, α > 0 for ELU).

| definition | derivative |
|---|---|
| $\mathrm{LReLU}(z) := \max(\alpha z, z)$ | $\mathrm{LReLU}'(z) = \alpha + (1 - \alpha)\,\mathbb{1}[z > 0]$ |
| $\tanh(z) = 2\sigma(2z) - 1$ | $\tanh'(z) = 1 + \tanh^2(z)$ |

The slope for negative inputs is not $\mathrm{LReLU}'(z) = \mathbb{1}[z > 0]$.
"""


def test_definitions_that_lead_back_to_themselves_define_nothing_for_other_sections(tmp_path):
    found = _findings(tmp_path, LAYERS)
    assert found[r"\tanh'(z) = 1 + \tanh^2(z)"].status == "refuted"  # z is the activation's variable here
    assert found[r"\tanh(z) = 2\sigma(2z) - 1"].status == "verified"


def test_a_bound_the_section_states_in_plain_text_leaves_a_refutation_outside_it_unchecked(tmp_path):
    found = _findings(tmp_path, LAYERS)
    slope = found[r"\mathrm{LReLU}'(z) = \alpha + (1 - \alpha)\,\mathbb{1}[z > 0]"]
    assert slope.status == "unchecked" and "0 < \\alpha < 1" in slope.reason.message, slope
    assert found[r"\mathrm{LReLU}'(z) = \mathbb{1}[z > 0]"].status == "refuted"  # false under every bound


MOMENTS = r"""# Variances

Linearity needs no independence at all, and for any X and Y $\mathrm{Var}(X - Y) = \mathrm{Var}(X) - \mathrm{Var}(Y)$.

# Independent sums

Let X and Y be independent. Then $\mathrm{Var}(X + Y) = \mathrm{Var}(X) + \mathrm{Var}(Y)$.
The errors X and Z come from independent runs, so $\mathrm{Var}(X - Z) = \mathrm{Var}(X) + \mathrm{Var}(Z)$.

# Sums

$$
\mathrm{Var}(X + Y) = \mathrm{Var}(X) + \mathrm{Var}(Y) + 2\,\mathrm{Cov}(X, Y)
$$

For independent X and Y the covariance term drops.

# Scaling

A layer outputs $y = \gamma x + \beta$, and $\mathrm{Var}(\gamma X + \beta) = \gamma\,\mathrm{Var}(X) + \beta$.
"""


def test_several_random_variables_of_no_stated_law_are_drawn_with_any_joint_law(tmp_path):
    found = _findings(tmp_path, MOMENTS)
    wrong = found[r"\mathrm{Var}(X - Y) = \mathrm{Var}(X) - \mathrm{Var}(Y)"]
    assert wrong.status == "refuted" and wrong.counterexample.shown["X"].startswith("Outcomes("), wrong
    general = r"\mathrm{Var}(X + Y) = \mathrm{Var}(X) + \mathrm{Var}(Y) + 2\,\mathrm{Cov}(X, Y)"
    assert found[general].status == "verified"
    scaled = found[r"\mathrm{Var}(\gamma X + \beta) = \gamma\,\mathrm{Var}(X) + \beta"]
    assert scaled.status == "refuted", scaled  # \gamma and \beta of a formula name no law


def test_independence_said_in_words_is_read_or_leaves_the_formula_unchecked(tmp_path):
    found = _findings(tmp_path, MOMENTS)
    assert found[r"\mathrm{Var}(X + Y) = \mathrm{Var}(X) + \mathrm{Var}(Y)"].status == "verified"  # X \perp Y
    runs = found[r"\mathrm{Var}(X - Z) = \mathrm{Var}(X) + \mathrm{Var}(Z)"]
    assert runs.status == "unchecked" and "independent" in runs.reason.message.lower(), runs


def test_independence_said_once_for_the_sheet_leaves_a_refutation_unchecked(tmp_path):
    found = _findings(tmp_path, "# Notation\n\nThe errors $X$ and $Y$ of the two sensors are independent.\n\n"
                                "# Sums\n\n$$\\mathrm{Var}(X + Y) = \\mathrm{Var}(X) + \\mathrm{Var}(Y)$$\n")
    independent = found[r"\mathrm{Var}(X + Y) = \mathrm{Var}(X) + \mathrm{Var}(Y)"]
    assert independent.status != "refuted", independent


def test_a_sample_of_iid_copies_of_x_says_nothing_of_x_and_another_variable(tmp_path):
    found = _findings(tmp_path, "Throughout, X₁, …, Xₙ are iid copies of a random variable X with mean "
                                "$\\mu = \\mathbb{E}[X]$.\n\n# Sums\n\n"
                                "$$\\mathrm{Var}(X + Y) = \\mathrm{Var}(X) + \\mathrm{Var}(Y)$$\n\n"
                                "and $\\mathbb{E}[\\frac{1}{n}\\sum_{i=1}^n X_i] = \\mu$.\n")
    assert found[r"\mathrm{Var}(X + Y) = \mathrm{Var}(X) + \mathrm{Var}(Y)"].status == "refuted"
    assert found[r"\mathbb{E}[\frac{1}{n}\sum_{i=1}^n X_i] = \mu"].status == "verified"
