"""The formula compiler end to end: LaTeX (+ given) -> verified / refuted / unchecked with a reason."""

from __future__ import annotations

import pytest

from mlverify.audit import check_formula
from mlverify.claims import Accuracy, Kind
from mlverify.latex import Compiled, Unchecked, compile_formula
from mlverify.latex.compile import stated_layout

EXAMPLES = 30

SOFTMAX_ENTRIES = r"p_i = \frac{e^{z_i}}{\sum_{j=1}^K e^{z_j}}"

# (statement, given, expected status, expected layout when verified)
CHECKED: list[tuple[str, tuple[str, ...], str, str | None]] = [
    (r"\sigma'(x) = \sigma(x)(1-\sigma(x))", (), "verified", None),
    (r"\sigma'(x) = \sigma(x)(1+\sigma(x))", (), "refuted", None),
    (r"\tanh'(x) = 1 - \tanh^2(x)", (), "verified", None),
    (r"\tanh'(x) = 1 - \tanh(x)", (), "refuted", None),
    (r"\frac{d}{dx}\log(1+e^x) = \sigma(x)", (), "verified", None),
    (r"\frac{d}{dx}\log(1+e^x) = \sigma(-x)", (), "refuted", None),
    (r"(a+b)^2 = a^2 + 2ab + b^2", (), "verified", None),
    (r"(a+b)^2 = a^2 + b^2", (), "refuted", None),
    (r"\nabla_x (a^\top x) = a", (), "verified", None),
    (r"\frac{\partial a^\top x}{\partial x} = a", (), "verified", "denominator"),
    (r"\frac{\partial a^\top x}{\partial x} = a^\top", (), "verified", "numerator"),
    (r"\nabla_x (a^\top x) = x", (), "refuted", None),
    (r"\nabla_x x^\top A x = (A + A^\top) x", (), "verified", None),
    (r"\nabla_x x^\top A x = 2Ax", (), "refuted", None),
    (r"\nabla_x x^\top A x = 2Ax", (r"A \in \mathbb{S}^n",), "verified", None),
    (r"\nabla_x x^\top A x = 2Ax", (r"A = A^\top",), "verified", None),
    (r"\nabla_w \frac{1}{2}\|Xw - y\|^2 = X^\top (Xw - y)", (), "verified", None),
    (r"\nabla_w \frac{1}{2}\|Xw - y\|^2 = X(Xw - y)", (), "refuted", None),
    (r"\nabla_w L = X^\top(Xw - y)", (r"L(w) = \frac{1}{2}\|Xw-y\|^2",), "verified", None),
    (r"\frac{\partial \mathrm{tr}(AX)}{\partial X} = A^\top", (), "verified", "denominator"),
    (r"\frac{\partial \mathrm{tr}(AX)}{\partial X} = A", (), "verified", "numerator"),
    (r"\frac{\partial \mathrm{tr}(AX)}{\partial X} = X^\top", (), "refuted", None),
    (r"\mathrm{tr}(AB) = \mathrm{tr}(BA)", (), "verified", None),
    # the Gaussian density as Bishop writes it; its covariance is drawn SPD, a sigma of sigma^2 positive
    (r"\nabla_x \log\mathcal{N}(x \mid \mu, \Sigma) = -\Sigma^{-1}(x - \mu)", (r"x \in \mathbb{R}^d",), "verified",
     None),
    (r"\nabla_x \log\mathcal{N}(x \mid \mu, \Sigma) = \Sigma^{-1}(x - \mu)", (r"x \in \mathbb{R}^d",), "refuted", None),
    (r"\mathcal{N}(\mu \mid \mu, \sigma^2 I) = (2\pi\sigma^2)^{-d/2}", (r"\mu \in \mathbb{R}^d",), "verified", None),
    (r"\mathcal{N}(\mu \mid \mu, \sigma^2 I) = (2\pi\sigma^2)^{-1/2}", (r"\mu \in \mathbb{R}^d",), "refuted", None),
    (r"\mathcal{N}(x; \mu, \sigma^2) = \frac{1}{\sqrt{2\pi}\sigma} e^{-(x-\mu)^2/(2\sigma^2)}", (), "verified", None),
    (r"\log \mathcal{N}(x \mid \mu, \sigma^2) = -\frac{(x-\mu)^2}{2\sigma^2} - \log\sigma", (), "refuted", None),
    (r"\int_{-\infty}^{\infty} \mathcal{N}(x \mid \mu, \sigma^2)\, dx = 1", (), "verified", None),
    # labels name quantities of their own: layers and steps x^{(1)}, words C_{out}
    (r"(x^{(1)} + x^{(2)})^2 = (x^{(1)})^2 + 2x^{(1)}x^{(2)} + (x^{(2)})^2", (), "verified", None),
    (r"(x^{(1)} + x^{(2)})^2 = (x^{(1)})^2 + (x^{(2)})^2", (), "refuted", None),
    (r"\nabla_{w^{(1)}} \|w^{(1)}\|^2 = 2 w^{(1)}", (), "verified", None),
    (r"\frac{1}{C_{\mathrm{in}}} + \frac{1}{C_{\text{out}}} = \frac{C_{\mathrm{in}} + C_{\text{out}}}"
     r"{C_{\mathrm{in}}C_{\text{out}}}", (), "verified", None),
    # a free sigma is a standard deviation or a scale: drawn positive
    (r"\int_{-\infty}^{\infty} e^{-(x - \mu)^2 / (2\sigma^2)}\, dx = \sqrt{2\pi}\,\sigma", (), "verified", None),
    (r"\int_{-\infty}^{\infty} e^{-(x - \mu)^2 / (2\sigma^2)}\, dx = \sqrt{\pi}\,\sigma", (), "refuted", None),
    # 1 - sigma(z) is evaluated as sigma(-z): far out, 1 - 0.9999999 has lost the digits the log needs
    (r"\log(1 - \sigma(z)) = -z - \log(1 + e^{-z})", (r"z > 20",), "verified", None),
    (r"\log(1 - \sigma(z)) = -\log(1 + e^{-z})", (r"z > 20",), "refuted", None),
    (r"\|x\|_2^2 = x^\top x", (), "verified", None),
    (r"\|x\|_1 \ge \|x\|_2", (), "verified", None),
    (r"\log(ab) = \log a + \log b", (), "verified", None),
    (r"\log(a + b) = \log a + \log b", (), "refuted", None),
    (r"\sqrt{x^2} = x", (), "refuted", None),
    (r"\sqrt{x^2} = |x|", (), "verified", None),
    (r"e^{a+b} = e^a e^b", (), "verified", None),
    (r"\sum_{i=1}^n x_i = \mathbf{1}^\top x", (), "verified", None),
    (r"\sum_{i=1}^n i = \frac{n(n+1)}{2}", (), "verified", None),
    (r"\mathrm{softmax}(z + c\mathbf{1}) = \mathrm{softmax}(z)", (), "verified", None),
    (r"\mathrm{softmax}(z + c) = \mathrm{softmax}(z)", (), "refuted", None),
    (r"a + 1 \le b", (), "refuted", None),
    (r"x^2 \ge 0", (), "verified", None),
    (r"x^2 > 0", (), "refuted", None),
    (r"|a + b| \le |a| + |b|", (), "verified", None),
    (r"|a - b| \le |a| - |b|", (), "refuted", None),
    (r"2a = b = 2a", (), "refuted", None),
    (r"a + b = b + a = a + b", (), "verified", None),
    (r"\sum_i p_i \log p_i \le 0", (r"p \in \Delta",), "verified", None),
    (r"\sigma(x) = \frac{1}{1+e^{-x}}", (), "verified", None),
    (r"\mathrm{ReLU}(x) = \max(0, x)", (), "verified", None),
    (r"(AB)^\top = B^\top A^\top", (), "verified", None),
    (r"(AB)^\top = A^\top B^\top", (), "refuted", None),
    (r"\frac{1}{x} \neq 0", (), "verified", None),
    (r"\det(A^{-1}) = \frac{1}{\det A}", (), "verified", None),
    (r"f(2) = 4", (r"f(x) = x^2",), "verified", None),
    (r"f'(x) = 2x", (r"f(x) = x^2",), "verified", None),
    (r"\frac{d^2}{dx^2} x^3 = 6x", (), "verified", None),
    # max/min over an index, integrals, dimension letters, norms of vectors
    (r"\max_k z_k \le \log \sum_k e^{z_k} \le \max_k z_k + \log K", (), "verified", None),
    (r"\log \sum_k e^{z_k} \le \max_k z_k + \log(K/2)", (), "refuted", None),
    (r"\min_i x_i \le \frac{1}{n}\sum_{i=1}^n x_i", (), "verified", None),
    (r"\int_0^1 x^2 \, dx = \frac{1}{3}", (), "verified", None),
    (r"\int_0^1 x^2 \, dx = \frac{1}{2}", (), "refuted", None),
    (r"\int_{-\infty}^{\infty} e^{-x^2/2} \, dx = \sqrt{2\pi}", (), "verified", None),
    (r"\int_0^\infty \lambda e^{-\lambda x} dx = 1", (r"\lambda > 0",), "verified", None),
    (r"\int_0^a t \, dt = a^2", (), "refuted", None),
    (r"\|x\|_2 \le \sqrt{n} \|x\|_\infty", (), "verified", None),
    (r"\|x\|_1 \le \|x\|_2", (), "refuted", None),
    (r"\sum_{i=1}^K \operatorname{softmax}(x)_i = 1", (), "verified", None),
    # MGFs of a stated distribution, KL arguments on one support, square properties stated in given
    (r"M_X(t) = \frac{\lambda}{\lambda - t}", (r"X \sim \operatorname{Exp}(\lambda)",), "verified", None),
    (r"M_X(t) = \frac{\lambda}{t - \lambda}", (r"X \sim \operatorname{Exp}(\lambda)", r"t < \lambda"), "refuted",
     None),
    (r"K_Y(s) = \mu(e^s - 1)", (r"Y \sim \operatorname{Poisson}(\mu)",), "verified", None),
    (r"M_{X + Y}(t) = e^{(\lambda + \nu)(e^t - 1)}", (r"X \sim \operatorname{Poisson}(\lambda)",
                                                      r"Y \sim \operatorname{Poisson}(\nu)", r"X \perp Y"),
     "verified", None),
    (r"M_{X + Y}(t) = M_X(t) + M_Y(t)", (r"X \sim \operatorname{Exp}(\lambda)", r"Y \sim \operatorname{Exp}(\nu)",
                                         r"X \perp Y"), "refuted", None),
    (r"D_{\mathrm{KL}}(p \,\|\, q) \ge 0", (r"\sum_{i=1}^K p_i = 1",), "verified", None),
    (r"\|Qx\|_2 = \|x\|_2", (r"Q^\top Q = I",), "verified", None),
    (r"\|Qx\|_2 = 2\|x\|_2", (r"Q \text{ orthogonal}",), "refuted", None),
    (r"\nabla_x \Big(-\sum_{i=1}^K y_i \log \operatorname{softmax}(x)_i\Big) = \operatorname{softmax}(x) - y",
     (r"y \in \{0, 1\}^K", r"y \text{ onehot}"), "verified", None),
    (r"h''(a) = -\frac{1}{a(1 - a)}", (r"0 < a < 1", r"h(a) = -a\log a - (1 - a)\log(1 - a)"), "verified", None),
    (r"h''(a) = -\frac{1.00001}{a(1 - a)}", (r"0 < a < 1", r"h(a) = -a\log a - (1 - a)\log(1 - a)"), "refuted", None),
    (r"\operatorname{zeta}(-x) = \zeta(x) - x", (r"\zeta(x) = \log(1 + e^{x})",), "verified", None),
    # series whose sums are known exactly: power laws and geometric ones
    (r"\sum_{t=1}^\infty \frac{1}{t^2} = \frac{\pi^2}{6}", (), "verified", None),
    (r"\sum_{t=1}^\infty \frac{1}{t^2} = \infty", (), "refuted", None),
    (r"\sum_{t=1}^\infty \frac{1}{t} = \infty", (), "verified", None),
    (r"\sum_{t=1}^\infty \left(\frac{1}{\sqrt{t}}\right)^2 < \infty", (), "refuted", None),
    (r"\sum_{k=0}^\infty x^k = \frac{1}{1-x}", (), "verified", None),
    (r"\sum_{t=1}^\infty \eta^t = \frac{1}{1 - \eta}", (), "refuted", None),
    # a dropped transpose under stated shapes: meaningless unless m = n
    (r"\nabla_x L = W \delta", (r"W \in \mathbb{R}^{m \times n}", r"\delta \in \mathbb{R}^m", r"x \in \mathbb{R}^n"),
     "refuted", None),
    (r"\nabla^2_w L(w) = \frac{1}{n} X X^\top", (r"X \in \mathbb{R}^{n \times d}", r"w \in \mathbb{R}^d",
                                                 r"L(w) = \frac{1}{2n}\|Xw - y\|^2"), "refuted", None),
    (r"\nabla^2_w L(w) = \frac{1}{n} X^\top X", (r"X \in \mathbb{R}^{n \times d}", r"w \in \mathbb{R}^d",
                                                 r"L(w) = \frac{1}{2n}\|Xw - y\|^2"), "verified", "both"),
    # a chain whose first link names what the rest states
    (r"\sigma^2 = p(1 - p) \le \frac{1}{4}", (), "verified", None),
    (r"\sigma^2 = p^2 + 1 \le 1", (), "refuted", None),
    (r"f(x) = \tanh(x) = 2\sigma(2x) - 1", (), "verified", None),
    (r"f(x) = \tanh(x) = 2\sigma(x) - 1", (), "refuted", None),
    # a vector defined entry by entry: its entries, and the whole vector
    (r"\frac{\partial p_i}{\partial z_j} = p_i(\delta_{ij} - p_j)", (SOFTMAX_ENTRIES,),
     "verified", None),
    (r"\frac{\partial p_i}{\partial z_j} = p_i(\delta_{ij} - p_i)", (SOFTMAX_ENTRIES,),
     "refuted", None),
    (r"\frac{\partial p}{\partial z} = \operatorname{diag}(p) - p p^\top", (SOFTMAX_ENTRIES,),
     "verified", "both"),
    (r"\frac{1}{H}\sum_{i=1}^H \hat a_i^2 = 1", (r"\mu = \frac{1}{H}\sum_{i=1}^H a_i",
                                                 r"s^2 = \frac{1}{H}\sum_{i=1}^H (a_i - \mu)^2",
                                                 r"\hat a_i = \frac{a_i - \mu}{s}"), "verified", None),
    (r"\frac{1}{H}\sum_{i=1}^H \hat a_i = 1", (r"\mu = \frac{1}{H}\sum_{i=1}^H a_i",
                                               r"s^2 = \frac{1}{H}\sum_{i=1}^H (a_i - \mu)^2",
                                               r"\hat a_i = \frac{a_i - \mu}{s}"), "refuted", None),
]

UNCHECKED: list[tuple[str, tuple[str, ...], str]] = [
    # each I may have its own size (d x d on the left, n x n on the right): never refuted as a size clash
    (r"(X^\top X + \lambda I)^{-1} X^\top = X^\top (X X^\top + \lambda I)^{-1}", (r"X \in \mathbb{R}^{n \times d}",),
     "shapes"),
    (r"\|\Pi_C(x) - \Pi_C(y)\|_2 \le \|x - y\|_2", (), "free_function"),  # a projection, not a matrix product
    (r"\mathbb{E}[N] = 3", (), "unsupported"),  # a fact about the one N the prose describes, not about every law
    (r"x \approx y", (), "approximation"),
    (r"\sigma(x) \approx x", (), "approximation"),
    (r"f(x) = x^2", (), "definition"),
    (r"f(x) := x^2", (), "definition"),
    (r"x \in \mathbb{R}^n", (), "definition"),
    (r"\text{the loss is convex}", (), "prose"),
    (r"\foo(x) = 1", (), "unknown_notation"),
    (r"\frac{1}{2", (), "garbled"),
    (r"a + = b", (), "garbled"),
    (r"f(x) + 1 = g(x)", (), "free_function"),
    (r"\mathbb{E}[X] = \mu", (), "unsupported"),
    (r"x^\top A = Ax", (r"A \in \mathbb{R}^{n \times m}", r"x \in \mathbb{R}^n"), "shapes"),
    (r"\nabla_x (a^\top x) = a^\top", (), "shapes"),  # a gradient is a column in every layout
    (r"\mathbb{E}[S] = np", (r"S = \sum_{i=1}^n X_i", r"0 < p < 1"), "unsupported"),  # nothing in S is random
    (r"\zeta(x) - \zeta(-x) = x", (r"\zeta(x) = \log(1 + e^{x})",), "unsupported"),  # zeta times (-x)?
    (r"\sigma(x_j) = \frac{e^{x_j}}{\sum_i e^{x_i}}", (), "definition"),  # sigma names the softmax here
    (r"S(l_i) = \frac{e^{l_i}}{\sum_k e^{l_k}}", (), "definition"),
    (r"\operatorname{tr}(A) = \sum_i \lambda_i", (r"\lambda_i \ge 0, \sum_{i=1}^n \lambda_i = 1", r"A \succeq 0"),
     "unsupported"),  # weights somewhere else are not the eigenvalues of A
    (r"\delta_2 = \hat y - y", (), "definition"),  # names delta_2 in a list of backpropagation steps
    (r"\hat{\boldsymbol{\mu}} = \frac{1}{n} \sum_{i=1}^n \mathbf{x}_i", (), "definition"),
    (r"T(x) = x", (), "definition"),  # T is a map, not a matrix times x
    (r"q \left(e^{-x} - 1\right) = -qx + o(x)", (), "approximation"),  # Landau's little-o
    (r"|\varphi(t)| = |e^{i t \mu}|", (), "unsupported"),  # the imaginary unit
    (r"g^{-1} \cdot g = e", (), "unknown_notation"),  # a group's identity
]


@pytest.mark.parametrize(("latex", "given", "status", "layout"), CHECKED)
def test_checked(latex: str, given: tuple[str, ...], status: str, layout: str | None) -> None:
    result = check_formula(latex, given, max_examples=EXAMPLES)
    assert result.status == status, (result.reason, result.results)
    if status == "verified":
        assert result.layout == layout
    else:
        assert result.counterexample is not None


@pytest.mark.parametrize(("latex", "given", "category"), UNCHECKED)
def test_unchecked(latex: str, given: tuple[str, ...], category: str) -> None:
    result = check_formula(latex, given, max_examples=EXAMPLES)
    assert result.status == "unchecked"
    assert result.reason is not None and result.reason.category == category, result.reason
    assert result.results == ()


def test_a_divergent_integral_is_never_a_counterexample() -> None:
    result = check_formula(r"\int_0^1 \frac{1}{x} dx = 1", max_examples=EXAMPLES)
    assert result.status == "unchecked"


def test_unknown_command_keeps_its_column() -> None:
    reason = compile_formula(r"x + \foo(x) = 1")
    assert isinstance(reason, Unchecked) and reason.column == 5


def test_layout_dependent_formula_compiles_to_two_properties() -> None:
    compiled = compile_formula(r"\frac{\partial a^\top x}{\partial x} = a")
    assert isinstance(compiled, Compiled)
    assert [p.id for p in compiled.properties] == ["formula[numerator]", "formula[denominator]"]
    assert all(p.accuracy is Accuracy.DERIVATIVE and p.kind is Kind.IDENTITY for p in compiled.properties)


def test_scalar_formula_is_one_exact_inequality() -> None:
    compiled = compile_formula(r"|a + b| \le |a| + |b|")
    assert isinstance(compiled, Compiled)
    (prop,) = compiled.properties
    assert (prop.id, prop.layout, prop.kind, prop.accuracy) == ("formula", None, Kind.INEQUALITY, Accuracy.EXACT)


def test_domain_violations_are_rejected_not_refuted() -> None:
    # log x on x <= 0 and 1/(x - y) at x = y lie outside the domain: they must never be counterexamples
    assert check_formula(r"\log(x^2) = 2\log|x|", max_examples=EXAMPLES).status == "verified"
    assert check_formula(r"\frac{x - y}{x - y} = 1", max_examples=EXAMPLES).status == "verified"


def test_refutation_reports_a_counterexample() -> None:
    result = check_formula(r"\sqrt{x^2} = x", max_examples=EXAMPLES)
    assert result.counterexample is not None and float(result.counterexample.values["x"]) < 0


@pytest.mark.parametrize(
    "latex",
    [
        r"\frac{d}{dx}|x| = \mathrm{sign}(x)",
        r"\frac{d}{dx}\operatorname{ELU}_\alpha(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x < 0 \end{cases}",
        r"\frac{\partial \log |\det X|}{\partial X} = X^{-\top}",
    ],
)
def test_true_formulas_are_not_refuted_at_kinks_or_poles(latex):
    assert check_formula(latex, seed=0, max_examples=60).status == "verified"


def test_hessians_use_mixed_differences():
    hessian = r"\nabla^2_x \bigl(x^\top A x\bigr)"
    assert check_formula(hessian + r" = A + A^\top", seed=0, max_examples=40).status == "verified"
    assert check_formula(hessian + " = 2A", seed=0, max_examples=40).status == "refuted"


@pytest.mark.parametrize(
    ("texts", "layout"),
    [
        ((r"\frac{\partial f}{\partial x} = a \quad \text{(denominator layout)}",), "denominator"),
        ((r"\nabla_x f = a^\top", r"\text{numerator-layout convention}"), "numerator"),
        ((r"\nabla_x f = a",), None),
        ((r"\text{numerator layout}", r"\text{denominator layout}"), None),
    ],
)
def test_a_layout_named_in_words_is_read(texts, layout):
    assert stated_layout(texts[0], texts[1:]) == layout


def test_a_formula_stated_in_one_layout_is_checked_only_in_that_layout():
    right_in_numerator = r"\frac{\partial a^\top x}{\partial x} = a^\top"
    assert check_formula(right_in_numerator, seed=0, max_examples=30).layout == "numerator"
    named = check_formula(right_in_numerator + r" \quad \text{(denominator layout)}", seed=0, max_examples=30)
    assert named.status == "refuted"


@pytest.mark.parametrize("condition", [r"y_i \ge 0,\ \sum_i y_i = 1", r"\sum_{i=1}^n y_i = 1", r"y \in \Delta"])
def test_conditions_that_make_a_probability_vector(condition):
    gradient = r"\nabla_z \Bigl(-\sum_i y_i \log \operatorname{softmax}(z)_i\Bigr) = \operatorname{softmax}(z) - y"
    assert check_formula(gradient, seed=0, max_examples=30).status == "refuted"
    assert check_formula(gradient, [condition], seed=0, max_examples=30).status == "verified"


# -- context: distributions, function families, declared domains, several statements -----------
CONTEXT = [
    (r"\mathbb{E}[e^{tX}] = 1 - p + p e^t", (r"X \sim \mathrm{Bernoulli}(p)",), "verified"),
    (r"\mathbb{E}[e^{tX}] = 1 + p e^t", (r"X \sim \mathrm{Bernoulli}(p)",), "refuted"),
    (r"\mathbb{E}[e^{tX}] = \exp(\mu t + \sigma^2 t^2 / 2)", (r"X \sim \mathcal{N}(\mu, \sigma^2)",), "verified"),
    (r"\mathbb{E}[e^{tX}] = \exp(\mu t + \sigma t^2 / 2)", (r"X \sim \mathcal{N}(\mu, \sigma^2)",), "refuted"),
    (r"\operatorname{Var}(X) = \lambda", (r"X \sim \mathrm{Poisson}(\lambda)",), "verified"),
    (r"\operatorname{Var}(X) = \lambda^2", (r"X \sim \mathrm{Poisson}(\lambda)",), "refuted"),
    (r"P(X \ge a) \le \frac{\mathbb{E}[X]}{a}", (r"X \sim \mathrm{Exp}(\lambda)", "a > 0"), "verified"),
    (r"P(X \ge a) \le \frac{\mathbb{E}[X]}{a^2}", (r"X \sim \mathrm{Exp}(\lambda)", "a > 0"), "refuted"),
    (r"f(y) \ge f(x) + f'(x)(y - x)", (r"f \text{ convex}",), "verified"),
    (r"f(y) \ge f(x) + f'(x)(y - x)", (r"f \text{ is concave}",), "refuted"),
    (r"f(\mathbf{y}) \ge f(\mathbf{x}) + \nabla f(\mathbf{x})^\top(\mathbf{y} - \mathbf{x})", (r"f \text{ convex}",),
     "verified"),
    (r"\operatorname{ReLU}'(x) = \mathbb{1}[x > 0] \quad (x \neq 0)", (), "verified"),
    (r"\frac{1}{x} \le 1 \quad (x \ge 1)", (), "verified"),
    (r"x^2 \ge 0 \ \text{and}\ x^2 \ge x", (), "refuted"),  # both statements are checked, not one
    (r"|x| = x \text{ for } x \ge 0", (), "verified"),  # a condition in words, not |x| = x x >= 0
    (r"|x| = x", (), "refuted"),
    (r"x^\top A x \ge 0", (r"A \in \mathbb{S}^n_{+}", r"x \in \mathbb{R}^n"), "verified"),
    (r"x^\top A x \ge 0", (r"A \in \mathbb{S}^n", r"x \in \mathbb{R}^n"), "refuted"),
    # constants of a stated family: mu of a strongly convex f, L of an L-smooth one, bounds drawn from them
    (r"f(y) \ge f(x) + \nabla f(x)^\top (y - x) + \frac{\mu}{2} \|y - x\|^2",
     (r"f\ \mu\text{-strongly convex}", r"x \in \mathbb{R}^n"), "verified"),
    (r"f(y) \ge f(x) + \nabla f(x)^\top (y - x) + \mu \|y - x\|^2",
     (r"f\ \mu\text{-strongly convex}", r"x \in \mathbb{R}^n"), "refuted"),
    (r"f(y) \ge f(x) + f'(x)(y - x) + \frac{\mu}{2}(y - x)^2", (r"f \text{ is $\mu$-strongly convex}",), "verified"),
    (r"0 < \eta \le \tfrac{1}{L} \implies f(x - \eta \nabla f(x)) \le f(x) - \frac{\eta}{2} \|\nabla f(x)\|^2",
     (r"f \text{ is } L\text{-smooth}", r"x \in \mathbb{R}^n"), "verified"),
    (r"0 < \eta \le \tfrac{2}{L} \implies f(x - \eta \nabla f(x)) \le f(x) - \frac{\eta}{2} \|\nabla f(x)\|^2",
     (r"\nabla f \text{ is } L\text{-Lipschitz}", r"x \in \mathbb{R}^n"), "refuted"),
    (r"\mathbb{E}[e^{tX}] = (1 - t/\beta)^{-\alpha}", (r"X \sim \mathrm{Gamma}(\alpha, \beta)", r"t < \beta"),
     "verified"),
    # the minimiser x^* and minimum f^* of the one strongly convex function of a formula; L-smooth on R or R^n
    (r"f(x) - f^\star \ge \frac{\mu}{2}\|x - x^\star\|_2^2", (r"f\ \mu\text{-strongly convex}",), "verified"),
    (r"f(x) - f^\star \le \frac{\mu}{2}\|x - x^\star\|_2^2", (r"f\ \mu\text{-strongly convex}",), "refuted"),
    (r"\tfrac{1}{2}\|\nabla f(x)\|^2 \ge \mu (f(x) - f^*)",
     (r"f\ \mu\text{-strongly convex}", r"f \text{ is } L\text{-smooth}", r"x \in \mathbb{R}^n"), "verified"),
    (r"\tfrac{1}{2}\|\nabla f(x)\|^2 \le \mu (f(x) - f^*)",
     (r"f\ \mu\text{-strongly convex}", r"f \text{ is } L\text{-smooth}", r"x \in \mathbb{R}^n"), "refuted"),
    (r"\|x - x^\star\| \le \frac{1}{L}\|\nabla f(x)\|",
     (r"f\ \mu\text{-strongly convex}", r"f \text{ is } L\text{-smooth}"), "refuted"),
    (r"\nabla f(x^\star) = \mathbf{0}", (r"f\ \mu\text{-strongly convex}", r"x \in \mathbb{R}^n"), "verified"),
    (r"f(x^\star) \le f(x)", (r"f\ \mu\text{-strongly convex}", r"x \in \mathbb{R}^n"), "verified"),
    # free indices: the statement holds for each entry; derivatives with respect to one entry
    (r"\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_{k} e^{x_k}}", (), "verified"),
    (r"\frac{\partial s_i}{\partial x_i} = s_i(1 - s_i)", (r"s = \operatorname{softmax}(x)",), "verified"),
    (r"\frac{\partial s_i}{\partial x_i} = s_i(1 + s_i)", (r"s = \operatorname{softmax}(x)",), "refuted"),
    (r"\frac{\partial}{\partial w_j} \tfrac{1}{2}\|Xw - y\|^2 = (X^\top (Xw - y))_j", (), "verified"),
    (r"\frac{d}{dz}\log(1 + e^{-yz}) = -y\,\sigma(-yz)", (r"z = x^\top w",), "verified"),  # z, not its definition
    # x_i with a data matrix X: its rows; labels in {0, 1} for each entry of a vector y
    (r"\sum_{i=1}^n (y_i - x_i^\top w)^2 = \|y - Xw\|^2", (r"X \in \mathbb{R}^{n \times d}",), "verified"),
    (r"\sum_{i=1}^n (y_i - x_i^\top w)^2 = \|y + Xw\|^2", (r"X \in \mathbb{R}^{n \times d}",), "refuted"),
    (r"\nabla \ell(w) = X^\top (p - y)", (r"X \in \mathbb{R}^{n \times d}", r"y \in \{0, 1\}", r"p = \sigma(Xw)",
     r"\ell(w) = -\sum_{i=1}^n [y_i \log \sigma(x_i^\top w) + (1 - y_i) \log(1 - \sigma(x_i^\top w))]"), "verified"),
    # v^T (A) v: a letter with a transpose is a vector, not a function applied to the group
    (r"v^\top (X^\top X + \lambda I) v \ge \lambda \|v\|_2^2", (r"\lambda > 0",), "verified"),
    (r"v^\top (X^\top X + \lambda I) v \ge \lambda \|v\|_2", (r"\lambda > 0",), "refuted"),
    # laws written as values: their divergence and entropy
    (r"D_{KL}(\mathcal{N}(\mu, \sigma^2) \| \mathcal{N}(0, 1)) = \tfrac{1}{2}(\mu^2 + \sigma^2 - 1 - \log\sigma^2)",
     (), "verified"),
    (r"D_{KL}(\mathcal{N}(\mu, \sigma^2) \| \mathcal{N}(0, 1)) = \tfrac{1}{2}(\mu^2 + \sigma^2 - 1 + \log\sigma^2)",
     (), "refuted"),
    (r"D_{\mathrm{KL}}(\mathrm{Bernoulli}(a) \| \mathrm{Bernoulli}(b)) = a\log\frac{a}{b} + (1 - a)\log\frac{1-a}{1-b}",
     (), "verified"),
    (r"h(\mathcal{N}(\mu, \sigma^2)) = \frac{1}{2}\log(2\pi\sigma^2)", (), "refuted"),
    (r"H(\mathrm{Bernoulli}(p)) = -p\log p - (1 - p)\log(1 - p)", (), "verified"),
    # x_1, beta_1 with only numbers as subscripts: names of their own
    (r"\frac{e^{x_1}}{e^{x_1} + e^{x_2}} = \sigma(x_1 - x_2)", (), "verified"),
    (r"\frac{e^{x_1}}{e^{x_1} + e^{x_2}} = \sigma(x_2 - x_1)", (), "refuted"),
    (r"(1 - \beta_1)\sum_{s=1}^{t} \beta_1^{t - s} = 1 - \beta_1^{t+1}", (r"t \in \mathbb{N}",), "refuted"),
    # tail bounds of a variable of any law: thresholds inside the events, moments named, X >= 0 stated
    (r"P(X \ge a) \le \frac{\mathbb{E}[X]}{a}", (r"a > 0", r"X \ge 0"), "verified"),
    (r"P(X \ge a) \le \frac{\mathbb{E}[X]}{a}", (r"a > 0",), "refuted"),
    (r"P(|X - \mu| \ge t) \le \frac{\sigma^2}{t^2}",
     (r"t > 0", r"\mu = \mathbb{E}[X]", r"\sigma^2 = \operatorname{Var}(X)"), "verified"),
    # several variables of no stated law: any joint law, unless they are stated independent
    (r"\mathrm{Var}(X - Y) = \mathrm{Var}(X) + \mathrm{Var}(Y) - 2\,\mathrm{Cov}(X, Y)", (), "verified"),
    (r"\mathrm{Var}(X - Y) = \mathrm{Var}(X) - \mathrm{Var}(Y) - 2\,\mathrm{Cov}(X, Y)", (), "refuted"),
    (r"\mathrm{Cov}(aX + b, cY + d) = ac\,\mathrm{Cov}(X, Y)", (), "verified"),
    (r"\mathrm{Cov}(aX + b, cY + d) = a\,\mathrm{Cov}(X, Y)", (), "refuted"),
    (r"|\mathrm{Cov}(X, Y)| \le \sqrt{\mathrm{Var}(X)\,\mathrm{Var}(Y)}", (), "verified"),
    (r"\mathbb{E}[XY] = \mathbb{E}[X]\,\mathbb{E}[Y]", (), "refuted"),
    (r"\mathbb{E}[XY] = \mathbb{E}[X]\,\mathbb{E}[Y]", (r"X \perp Y",), "verified"),
    (r"\mathrm{Var}(X + Y + Z) = \mathrm{Var}(X) + \mathrm{Var}(Y) + \mathrm{Var}(Z)", (), "refuted"),
    # X ~ law: the first four moments of both sides, over the laws the context states
    (r"aX + b \sim \mathcal{N}(a\mu + b, a^2\sigma^2)", (r"X \sim \mathcal{N}(\mu, \sigma^2)",), "verified"),
    (r"aX + b \sim \mathcal{N}(a\mu + b, a\sigma^2)", (r"X \sim \mathcal{N}(\mu, \sigma^2)",), "refuted"),
    (r"X - Y \sim \mathcal{N}(\mu_1 - \mu_2, \sigma_1^2 + \sigma_2^2)", (r"X \sim \mathcal{N}(\mu_1, \sigma_1^2)",
     r"Y \sim \mathcal{N}(\mu_2, \sigma_2^2)", r"X \perp Y"), "verified"),
    (r"X - Y \sim \mathcal{N}(\mu_1 - \mu_2, \sigma_1^2 - \sigma_2^2)", (r"X \sim \mathcal{N}(\mu_1, \sigma_1^2)",
     r"Y \sim \mathcal{N}(\mu_2, \sigma_2^2)", r"X \perp Y"), "refuted"),
    (r"X + Y \sim \mathrm{Poisson}(\lambda + \nu)", (r"X \sim \mathrm{Poisson}(\lambda)",
     r"Y \sim \mathrm{Poisson}(\nu)", r"X \perp Y"), "verified"),
    (r"X + Y \sim \mathrm{Poisson}(\lambda\nu)", (r"X \sim \mathrm{Poisson}(\lambda)",
     r"Y \sim \mathrm{Poisson}(\nu)", r"X \perp Y"), "refuted"),
    (r"\lambda X \sim \mathrm{Exp}(1)", (r"X \sim \mathrm{Exp}(\lambda)",), "verified"),
    (r"2X \sim \mathrm{Exp}(2\lambda)", (r"X \sim \mathrm{Exp}(\lambda)",), "refuted"),
    # E[X] and Var(X) inside an event or a bound are numbers
    (r"P(|X - \mathbb{E}[X]| \ge t) \le \frac{\operatorname{Var}(X)}{t^2}", (r"t > 0",), "verified"),
    (r"P(|X - \mathbb{E}[X]| \ge t) \le \frac{\operatorname{Var}(X)}{t}", (r"t > 0",), "refuted"),
    # entropy H(p) defined, cross-entropy H(p, q) used: the other arity is the known function
    (r"H(p, q) = H(p) + D_{\mathrm{KL}}(p \,\|\, q)", (r"H(p) = -\sum_{k=1}^K p_k \log p_k",), "verified"),
    (r"H(p, q) = H(p) - D_{\mathrm{KL}}(p \,\|\, q)", (r"H(p) = -\sum_{k=1}^K p_k \log p_k",), "refuted"),
    (r"H(p, q) \ge H(p)", (r"H(p, q) = -\sum_{i=1}^K p_i \log q_i",), "verified"),  # q a law too, not any vector
    # D(p || q), Cover and Thomas's name of the KL divergence
    (r"D(\mathcal{N}(\mu, \sigma^2)\,\|\,\mathcal{N}(0, 1)) = \tfrac{1}{2}(\mu^2 + \sigma^2 - 1 - \log\sigma^2)", (),
     "verified"),
    (r"D\big(\mathcal{N}(\mu, \sigma^2) \| \mathcal{N}(0, 1)\big) = \tfrac{1}{2}(\mu^2 + \sigma^2 - 1 - \log\sigma)",
     (),
     "refuted"),
    (r"D(p \| q) = D(q \| p)", (), "refuted"),
    # conditional and interval events of one variable, from its cdf
    (r"P(X > s + u \mid X > s) = P(X > u)", (r"X \sim \mathrm{Exp}(\lambda)", r"s \ge 0", r"u \ge 0"), "verified"),
    (r"P(X > s + u \mid X > s) = P(X > s)", (r"X \sim \mathrm{Exp}(\lambda)", r"s \ge 0", r"u \ge 0"), "refuted"),
    (r"P(X > s + u \mid X > s) = P(X > u)", (r"X \sim \mathcal{N}(\mu, \sigma^2)", r"s \ge 0", r"u \ge 0"),
     "refuted"),  # only the exponential law forgets
    (r"P(X > a \mid X < b) = \frac{P(a < X < b)}{P(X < b)}", (r"X \sim \mathrm{Exp}(\lambda)", r"0 < a", r"a < b"),
     "verified"),
    (r"P(a < X \le b) = P(X \le b) - P(X < a)", (r"X \sim \mathrm{Poisson}(\lambda)", r"a < b"), "refuted"),
]


@pytest.mark.parametrize(("latex", "given", "status"), CONTEXT)
def test_context_selects_distributions_and_families(latex: str, given: tuple[str, ...], status: str) -> None:
    # 100 examples, as the ci profile: some refutations need a narrow region (a step between 1/L and 2/L)
    result = check_formula(latex, given, seed=0, max_examples=100)
    assert result.status == status, (result.reason, result.counterexample)


@pytest.mark.parametrize(("latex", "given"), [
    (r"x^\top A x \ge 0 \text{ if A is PSD}", ()),  # a condition in words is never dropped
    (r"x^\top A x \ge 0", (r"A \text{ positive semidefinite}",)),
    (r"f(y) \ge f(x)", (r"f \text{ is } L\text{-Lipschitz}",)),  # f itself Lipschitz: no family says so
])
def test_context_that_is_not_understood_leaves_the_formula_unchecked(latex: str, given: tuple[str, ...]) -> None:
    result = compile_formula(latex, given)
    assert isinstance(result, Unchecked), result


@pytest.mark.parametrize("latex", [r"\mathbb{E}[X] = \lambda", r"P(X \ge a) \le \mathbb{E}[X] / (b - a)",
                                   r"P(|X - \mu| \ge k\sigma) \le 1/k^2", r"\operatorname{Var}(X) = \sigma^2"])
def test_a_random_variable_tied_to_a_law_nothing_states_is_unchecked(latex: str) -> None:
    result = compile_formula(latex)
    assert isinstance(result, Unchecked) and "distribution is not stated" in result.message


def test_a_refuted_law_says_which_moment_differs() -> None:
    result = check_formula(r"aX + b \sim \mathcal{N}(a\mu + b, a\sigma^2)", [r"X \sim \mathcal{N}(\mu, \sigma^2)"],
                           seed=0, max_examples=50)
    assert result.status == "refuted" and "moments of order 2" in result.counterexample.detail, result


@pytest.mark.parametrize(("latex", "given"), [
    (r"X + Y \sim \mathcal{N}(0, 2)", ()),  # no law stated
    (r"X + Y \sim \mathcal{N}(0, 2)", (r"X \sim \mathcal{N}(0, 1)",)),  # Y's law unstated
])
def test_a_law_of_variables_whose_laws_are_unstated_is_unchecked(latex: str, given: tuple[str, ...]) -> None:
    result = compile_formula(latex, given)
    assert isinstance(result, Unchecked) and "are not stated" in result.message, result


@pytest.mark.parametrize(("latex", "status"), [
    (r"\operatorname{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]^2", "verified"),
    (r"\operatorname{Var}(aX + b) = a^2 \operatorname{Var}(X)", "verified"),
    (r"\operatorname{Var}(aX) = a \operatorname{Var}(X)", "refuted"),
    (r"\mathbb{E}[X]^2 \le \mathbb{E}[X^2]", "verified"),
])
def test_a_fact_about_every_law_is_checked_on_random_laws(latex: str, status: str) -> None:
    assert check_formula(latex, max_examples=EXAMPLES).status == status


@pytest.mark.parametrize(("latex", "status"), [
    (r"\operatorname{Var}(aX + bY) = a^2\operatorname{Var}(X) + b^2\operatorname{Var}(Y)", "verified"),
    (r"\operatorname{Var}(aX + bY) = a\operatorname{Var}(X) + b\operatorname{Var}(Y)", "refuted"),
    (r"\operatorname{Cov}(X, Y) = 0", "verified"),
    (r"\mathbb{E}[XY] = \mathbb{E}[X]\,\mathbb{E}[Y] + 1", "refuted"),
])
def test_independent_variables_are_checked_on_finite_laws_summed_exactly(latex: str, status: str) -> None:
    assert check_formula(latex, [r"X \perp Y"], max_examples=EXAMPLES).status == status
    assert check_formula(latex, max_examples=EXAMPLES).status == "refuted"  # unstated, their joint law is any law


def test_declared_domains_override_inferred_ones() -> None:
    from mlverify.domains import Dim, Distribution, SimplexPoint

    n = Dim("n", 2, 4)
    simplex = {"p": SimplexPoint(n), "q": SimplexPoint(n)}
    assert check_formula(r"H(p, q) = H(p) + D_{\mathrm{KL}}(p \,\|\, q)", variables=simplex, seed=0,
                         max_examples=EXAMPLES).status == "verified"
    assert check_formula(r"0 \le H(p) \le \log n", variables=simplex, seed=0,
                         max_examples=EXAMPLES).status == "verified"
    variance = r"\operatorname{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]^2"
    assert check_formula(variance, variables={"X": Distribution(["normal", "poisson"])}, seed=0,
                         max_examples=10).status == "verified"


def test_a_declared_square_matrix_is_a_matrix() -> None:
    from mlverify.domains import Dim, InvertibleMatrix

    declared = {"X": InvertibleMatrix(Dim("n", 1, 4))}
    result = check_formula(r"\frac{\partial \det X}{\partial X} = \det(X)\, X^{-\top}", variables=declared,
                           layout="denominator", seed=0, max_examples=EXAMPLES)
    assert result.status == "verified", result.reason


def test_inference_terminates_when_a_symbol_meets_a_layout_dependent_result() -> None:
    """Regression: n in 1/n and the sum's range used to loop forever in shape inference."""
    result = compile_formula(r"\nabla_w L = -\frac{1}{n} \sum_i y_i x_i \mathbb{1}(y_i w^\top x_i < 1)")
    assert isinstance(result, Compiled | Unchecked)


# -- a notation slip or an unstated convention is never a refutation ---------------------------------
UNCHECKED_NOT_REFUTED = [
    (r"\frac{\partial}{\partial x} [a^\top X b] = a^\top", ()),  # the expression has no x: a typo for X?
    (r"\frac{\partial f}{\partial x} = 2xy", ()),  # f never defined as a function of x
    (r"\operatorname{tr}(A) = \sum_i a_{ii}", ()),  # a_ii: the entries of A, by convention only
    (r"\operatorname{tr}(A) = \sum_i \lambda_i", ()),  # the eigenvalues of A, said nowhere
    (r"\theta_{t+1} = \theta_t - \eta \nabla f(\theta_t)", ()),  # an update rule defines the next iterate
    (r"z^t = \tanh(W z^{t-1})", ()),
    (r"\operatorname{ELU}(x) = \begin{cases} x & x \ge 0 \\ \alpha (e^x - 1) & x < 0 \end{cases}", ()),
    (r"j \neq i", ()),  # a condition, not a fact
    (r"clearly 1 = x", ()),  # a word read as a product of letters
    (r"\frac{dp}{dz} = p(1 - p)", (r"z \in \mathbb{R}^K", r"p = \sigma(z)")),  # a Jacobian written elementwise
]


@pytest.mark.parametrize(("latex", "given"), UNCHECKED_NOT_REFUTED)
def test_notation_slips_and_unstated_conventions_are_unchecked(latex: str, given: tuple[str, ...]) -> None:
    result = check_formula(latex, given, seed=0, max_examples=EXAMPLES)
    assert result.status == "unchecked", result.counterexample


_BERNOULLI_SAMPLE = (r"X_i \sim \operatorname{Bernoulli}(p)", r"\bar X = \frac{1}{n}\sum_{i=1}^n X_i",
                     r"S = \sum_{i=1}^n X_i")
_ANY_SAMPLE = (r"X_i \sim X", r"\sigma^2 = \operatorname{Var}(X)", r"\bar X = \frac{1}{n}\sum_{i=1}^n X_i",
               r"\hat\sigma^2 = \frac{1}{n}\sum_{i=1}^n (X_i - \bar X)^2")
_BIAS_MSE = (r"\mathrm{Bias}(\hat\theta) = \mathbb{E}[\hat\theta] - \theta",
             r"\mathrm{MSE}(\hat\theta) = \mathbb{E}[(\hat\theta - \theta)^2]")
NOTATION_READ_AS_MEANT = [
    (r"f'(x) = \frac{1}{1 + x^2}", (r"f(x) = \tan^{-1}(x)",), "verified"),  # arctan, not 1 / tan
    (r"dy/dx = -1/x^2", ("y = 1/x",), "verified"),
    (r"dy/dx = 1/x^2", ("y = 1/x",), "refuted"),
    (r"\frac{d}{dx} x^n = n x^{n-1}", (), "verified"),  # small derivatives near 0 are refined, not refuted
    (r"A I = A", (), "verified"),  # I is the identity
    (r"\frac{\partial}{\partial \mathbf{x}} [\mathbf{x}] = \mathbf{I}", (), "verified"),
    (r"\frac{\partial}{\partial \mathbf{x}} [\mathbf{x}] = 2\mathbf{I}", (), "refuted"),
    (r"X X^\top \ge 0", (), "verified"),  # the Loewner order, not entrywise
    (r"X + X^\top \ge 0", (), "refuted"),
    (r"X^\top X \le X^\top X + I", (), "verified"),
    (r"X^\top X + I \le X^\top X", (), "refuted"),
    (r"A + B \succeq 0", (r"A \succeq 0", r"B \succeq 0"), "verified"),  # \succeq and \preceq: the Loewner order
    (r"AB \succeq 0", (r"A \succeq 0", r"B \succeq 0"), "refuted"),
    (r"A \preceq A + B", (r"A, B \succeq 0",), "verified"),
    (r"A + B \preccurlyeq A", (r"A, B \succeq 0",), "refuted"),
    ("A + B ≻ A", (r"A \succeq 0", r"B \succ 0"), "verified"),
    (r"A^\top A \succ 0", (), "refuted"),
    # a property and a space said apart both hold; a square property makes an m x n space square
    (r"\frac{\partial (x^\top S x)}{\partial x} = 2Sx", (r"S = S^\top", r"S \in \mathbb{R}^{n \times n}"), "verified"),
    (r"\frac{\partial}{\partial X} \log |\det X| = X^{-\top}",
     (r"X \in \mathbb{R}^{m \times n}", r"X \text{ invertible}"), "verified"),
    (r"\sum_{j=1}^K z_j = \mathbf{1}^\top z", (r"z \in \mathbb{R}^n",), "verified"),  # K counts the entries of z
    (r"\sum_{j=1}^K z_j = \mathbf{1}^\top z + 1", (r"z \in \mathbb{R}^n",), "refuted"),
    (r"\sigma_{\max}(A) \ge 0", (), "verified"),  # a singular value, not the sigmoid
    (r"\lambda_{\max}(A) \le \sigma_{\max}(A)", (r"A \succ 0",), "verified"),
    # eigenvalues and singular values numbered largest first: lambda_1 is an entry, not a label of a scalar
    (r"\det(A) = \prod_{i=1}^n \lambda_i", (r"A = A^\top", r"\lambda = \operatorname{eig}(A)"), "verified"),
    (r"\lambda_1 = \lambda_{\max}(A)", (r"A = A^\top", r"\lambda = \operatorname{eig}(A)"), "verified"),
    (r"\lambda_1 = \lambda_{\min}(A)", (r"A = A^\top", r"\lambda = \operatorname{eig}(A)"), "refuted"),
    (r"\mu_1 = \lambda_{\min}(A)", (r"A = A^\top", r"\mu = -\operatorname{eig}(-A)"), "verified"),
    (r"\|B\|_F^2 = \sum_{i} s_i^2", (r"s = \operatorname{sv}(B)",), "verified"),
    (r"\|B\|_2 = s_1", (r"s = \operatorname{sv}(B)",), "verified"),
    (r"\|B\|_F = \sum_{i} s_i", (r"s = \operatorname{sv}(B)",), "refuted"),
    (r"\operatorname{erf}(-x) = -\operatorname{erf}(x)", (), "verified"),
    # iid copies X_1, ..., X_n (X_i ~ law, or X_i ~ X of any law): expectations sum over every sample exactly
    (r"\operatorname{Var}(\bar X) = \frac{p(1-p)}{n}", _BERNOULLI_SAMPLE, "verified"),
    (r"\operatorname{Var}(\bar X) = \frac{p(1-p)}{n^2}", _BERNOULLI_SAMPLE, "refuted"),
    (r"M_S(t) = (1 - p + p e^t)^n", _BERNOULLI_SAMPLE, "verified"),
    (r"P(|\bar X - p| \ge \varepsilon) \le 2e^{-2n\varepsilon^2}", (*_BERNOULLI_SAMPLE, r"\varepsilon > 0"),
     "verified"),
    (r"P(|\bar X - p| \ge \varepsilon) \le e^{-2n\varepsilon^2}", (*_BERNOULLI_SAMPLE, r"\varepsilon > 0"),
     "refuted"),
    (r"\operatorname{Var}(\bar X) = \frac{\sigma^2}{n}", _ANY_SAMPLE, "verified"),
    (r"\operatorname{Var}(\bar X) = \frac{\sigma}{n}", _ANY_SAMPLE, "refuted"),
    (r"\mathbb{E}[\hat\sigma^2] = \frac{n-1}{n}\sigma^2", _ANY_SAMPLE, "verified"),
    (r"M_{\bar X}(t) = M_X(t)^n", _ANY_SAMPLE, "refuted"),
    # Bias and MSE of an estimator, defined on the sheet: of the estimator itself, against what its hat estimates
    (r"\mathrm{Bias}(\hat\sigma^2) = -\frac{\sigma^2}{n}", (*_ANY_SAMPLE, *_BIAS_MSE), "verified"),
    (r"\mathrm{Bias}(\hat\sigma^2) = -\frac{\sigma^2}{n - 1}", (*_ANY_SAMPLE, *_BIAS_MSE), "refuted"),
    (r"\mathrm{MSE}(\hat\sigma^2) = \mathrm{Var}(\hat\sigma^2) + \mathrm{Bias}(\hat\sigma^2)^2",
     (*_ANY_SAMPLE, *_BIAS_MSE), "verified"),
    (r"\mathrm{MSE}(\hat\sigma^2) = \mathrm{Var}(\hat\sigma^2) + \mathrm{Bias}(\hat\sigma^2)",
     (*_ANY_SAMPLE, *_BIAS_MSE), "refuted"),
    # quantifiers, entropies of p and q, the simplex of n points
    (r"\forall x \in \mathbb{R}^n: x^\top x \ge 0", (), "verified"),
    (r"\forall x: x^2 \ge x", (), "refuted"),
    (r"\exists\, p, q:\ D_{\mathrm{KL}}(p \,\|\, q) \ne D_{\mathrm{KL}}(q \,\|\, p)", (), "verified"),
    (r"\exists x: x^2 < 0", (), "unchecked"),  # no witness is no counterexample
    (r"H(p, q) = H(p) + D_{\mathrm{KL}}(p \,\|\, q)", (), "verified"),
    (r"H(p, q) \ge H(q)", (), "refuted"),
    (r"0 \le H(p) \le \log n,\quad p \in \Delta^{n-1}", (), "verified"),
    (r"H(p) \ge \log n,\quad p \in \Delta_n", (), "refuted"),
    # derivatives of a generating function at 0: its moments
    (r"M_X''(0) = \mathbb{E}[X^2]", (), "verified"),
    (r"M_X''(0) = \operatorname{Var} X", (), "refuted"),
    (r"K_X''(0) = \operatorname{Var}(X)", (), "verified"),
    # a law's parameter also defined by its moment (a notation section's mu = E[X]): the law says it, no circle
    (r"\mathbb{E}[X^2] = \mu^2 + 1", (r"\mu = \mathbb{E}[X]", r"X \sim \mathcal{N}(\mu, 1)"), "verified"),
    (r"\mathbb{E}[X^2] = \mu^2", (r"\mu = \mathbb{E}[X]", r"X \sim \mathcal{N}(\mu, 1)"), "refuted"),
    (r"\operatorname{ELU}'(x) = \begin{cases} 1 & x \ge 0 \\ \alpha e^x & x < 0 \end{cases}",
     (r"\operatorname{ELU}(x) = \begin{cases} x & x \ge 0 \\ \alpha (e^x - 1) & x < 0 \end{cases}", r"\alpha > 0"),
     "verified"),
    # counts, floors and series that shrink faster than a geometric one
    (r"\sum_{k=0}^{n} \binom{n}{k} p^k (1-p)^{n-k} = 1", (), "verified"),
    (r"\sum_{k=0}^{n} \binom{n}{k} p^k (1-p)^{n-k} = p", (), "refuted"),
    (r"\sum_{k=0}^{\infty} k^2 \frac{\lambda^k e^{-\lambda}}{k!} = \lambda + \lambda^2", (r"\lambda > 0",), "verified"),
    (r"\sum_{k=0}^{\infty} k^2 \frac{\lambda^k e^{-\lambda}}{k!} = \lambda^2", (r"\lambda > 0",), "refuted"),
    (r"\sum_{k=0}^{\infty} \frac{x^k}{k!} = e^x", (r"-40 \le x \le 40",), "verified"),  # no cancelled sums
    (r"\lfloor x \rfloor \le x \le \lceil x \rceil", (), "verified"),
    (r"\lceil x \rceil \le x", (), "refuted"),
    # a_i > 0 for every i bounds the vector's entries
    (r"\sum_i a_i \log \frac{a_i}{b_i} \ge \Bigl(\sum_i a_i\Bigr) \log \frac{\sum_i a_i}{\sum_i b_i}",
     (r"a_i > 0, b_i > 0",), "verified"),
    (r"\sum_i a_i \log \frac{a_i}{b_i} \ge 0", (r"a_i > 0, b_i > 0",), "refuted"),
    # entries fixed by a condition no domain draws: checking without it would refute a true formula
    (r"H(p) + D_{\mathrm{KL}}(p \,\|\, u) = \log n", (r"u_i = \frac{1}{n}", r"p \in \Delta^{n-1}"), "unchecked"),
    # a variable both defined and differentiated: the derivative is taken at the defined point
    (r"\nabla_w \Bigl(\frac{1}{2}\|Xw - y\|^2 + \frac{\lambda}{2} \|w\|^2\Bigr) = \mathbf{0}",
     (r"w = (X^\top X + \lambda I)^{-1} X^\top y", r"\lambda > 0"), "verified"),
    (r"\nabla_w \Bigl(\frac{1}{2}\|Xw - y\|^2 + \frac{\lambda}{2} \|w\|^2\Bigr) = \mathbf{0}",
     (r"w = (X^\top X + 2 \lambda I)^{-1} X^\top y", r"\lambda > 0"), "refuted"),
    (r"\frac{d}{dz} \log(1 + e^{-yz}) = -y \sigma(-yz)", (r"z = x^\top w",), "verified"),
    # a definition used inside a sum, differentiated through
    (r"\frac{\partial}{\partial x_1} \sum_{i=1}^{n} (x_i - \mu)^2 = 2 (x_1 - \mu)",
     (r"\mu = \frac{1}{n} \sum_{i=1}^{n} x_i", r"x \in \mathbb{R}^n"), "verified"),
    (r"\frac{\partial}{\partial x_1} \sum_{i=1}^{n} (x_i - \mu)^2 = 2 x_1",
     (r"\mu = \frac{1}{n} \sum_{i=1}^{n} x_i", r"x \in \mathbb{R}^n"), "refuted"),
    # conditions on a vector: x != 0 is not the zero vector, x > 0 holds entry by entry
    (r"\frac{\partial \|x\|_2}{\partial x} = \frac{x}{\|x\|_2}", (r"x \in \mathbb{R}^n", r"x \neq 0"), "verified"),
    (r"\frac{\partial \|x\|_2}{\partial x} = \frac{x}{\|x\|_2^2}", (r"x \in \mathbb{R}^n", r"x \neq 0"), "refuted"),
    (r"\sum_i \log x_i \le n \log \frac{\sum_i x_i}{n}", (r"x \in \mathbb{R}^n", r"x > 0"), "verified"),
    (r"\sum_i \log x_i \ge n \log \frac{\sum_i x_i}{n}", (r"x \in \mathbb{R}^n", r"x > 0"), "refuted"),
    # a capital letter ordered against a number bounds a scalar; it is no matrix
    (r"\log x \le x - 1", (r"0 < x < M",), "verified"),
    (r"\log x \ge x - 1", (r"0 < x < M",), "refuted"),
    (r"e^{-a t} \ge e^{-a T}", (r"0 < t < T", r"a > 0"), "verified"),
    # T counts the terms of a sum, so the ^T of a scalar is a power, not a transpose
    (r"\sum_{k=0}^{T-1} q^k = \frac{1 - q^T}{1 - q}", (r"0 < q < 1",), "verified"),
    (r"\sum_{k=0}^{T-1} q^k = \frac{1 - q^{T-1}}{1 - q}", (r"0 < q < 1",), "refuted"),
    (r"\sum_{k=0}^{T-1} (1 - \eta)^k = \frac{1 - (1 - \eta)^T}{\eta}", (r"0 < \eta < 1",), "verified"),
    (r"\sum_{t=1}^{T} x^\top x = T \|x\|^2", (r"x \in \mathbb{R}^n",), "verified"),
    # a_1, ..., a_n >= 0 bounds every entry
    (r"\Bigl(\prod_{i=1}^{n} a_i\Bigr)^{1/n} \le \frac{1}{n}\sum_{i=1}^{n} a_i", (r"a_1, \dots, a_n \ge 0",),
     "verified"),
    (r"\Bigl(\prod_{i=1}^{n} a_i\Bigr)^{1/n} \ge \frac{1}{n}\sum_{i=1}^{n} a_i", (r"a_1, \dots, a_n \ge 0",),
     "refuted"),
    # a known function with its parameter named (LReLU_alpha) or a fact about a matrix (tr H) is no definition
    (r"\operatorname{LReLU}_\alpha(z) = \max(\alpha z, z)", (r"0 < \alpha < 1",), "verified"),
    (r"\operatorname{LReLU}_\alpha(z) = \alpha z + \operatorname{ReLU}(z)", (r"0 < \alpha < 1",), "refuted"),
    (r"\operatorname{tr}(H) = n", (r"H = X (X^\top X)^{-1} X^\top", r"X \in \mathbb{R}^{n \times d}"), "refuted"),
    # f^{-1}(x) is the inverse map, not 1 / f(x)
    (r"\sigma^{-1}(p) = \log\frac{p}{1 - p}", (r"p \in (0, 1)",), "verified"),
    (r"\sigma^{-1}(p) = \log\frac{1 - p}{p}", (r"p \in (0, 1)",), "refuted"),
    # a gap of rounding size (1 - (1 - ab) at ab = 1e-8 loses digits) is no counterexample; an O(1) one is
    (r"\frac{1 - (1 - ab)^2}{ab} = 2 - ab", (r"0 < ab < 1",), "verified"),
    (r"\frac{1 - (1 - ab)^2}{ab} = 2 + ab", (r"0 < ab < 1",), "refuted"),
    # f^* = f(x^*) of a convex f says what the notation of its optimum says already
    (r"f(x) - f^\star \ge \frac{\mu}{2}\|x - x^\star\|_2^2",
     (r"f^\star = f(x^\star)", r"f\ \mu\text{-strongly convex}"), "verified"),
    (r"f(x) - f^\star \le \frac{\mu}{2}\|x - x^\star\|_2^2",
     (r"f^\star = f(x^\star)", r"f\ \mu\text{-strongly convex}"), "refuted"),
]


@pytest.mark.parametrize(("latex", "given", "status"), NOTATION_READ_AS_MEANT)
def test_notation_is_read_as_meant(latex: str, given: tuple[str, ...], status: str) -> None:
    result = check_formula(latex, given, seed=0, max_examples=100)
    assert result.status == status, (result.reason, result.counterexample)


def test_a_kronecker_product_of_matrices_is_unchecked_not_read_as_an_outer_product():
    # read as outer products of vectors, this true identity was refuted
    compiled = compile_formula(r"(A \otimes B)(C \otimes D) = (A C) \otimes (B D)")
    assert isinstance(compiled, Unchecked) and "Kronecker" in compiled.message  # unchecked, never refuted


def test_a_capital_with_a_stated_space_is_a_constant_in_a_law_not_a_random_variable():
    given = [r"X \sim \mathcal{N}(\mu, \sigma^2)", r"C \in \mathbb{R}"]
    assert check_formula(r"CX + b \sim \mathcal{N}(C\mu + b, C^2\sigma^2)", given).status == "verified"
    assert check_formula(r"CX + b \sim \mathcal{N}(C\mu + b, C\sigma^2)", given).status == "refuted"


ATTENTION = [r"Q \in \mathbb{R}^{n \times d_k}", r"K \in \mathbb{R}^{m \times d_k}",
             r"A = \mathrm{softmax}(QK^\top/\sqrt{d_k})"]


@pytest.mark.parametrize(("latex", "given", "status"), [
    (r"A\mathbf{1}_m = \mathbf{1}_n", ATTENTION, "verified"),  # d_k is one size; softmax acts on each row
    (r"\mathbf{1}_n^\top A = \mathbf{1}_m^\top", ATTENTION, "refuted"),
    (r"\mathbf{1}_n^\top \mathbf{1}_n = n", (), "verified"),  # 1_n is the ones vector of R^n, not an indicator
    (r"\mathbf{1}_n^\top \mathbf{1}_n = n + 1", (), "refuted"),
    (r"\mathbf{1}_{x > 0} = H(x)", (r"H(x) = \mathbf{1}[x > 0]",), "verified"),
    (r"\sum_{i=1}^K \operatorname{softmax}(x)_i = 1", (), "verified"),
    (r"PQ\mathbf{1}_k = Q\mathbf{1}_k", (r"P \text{ permutation}", r"P \in \mathbb{R}^{n \times n}",
                                         r"Q \in \mathbb{R}^{n \times k}"), "refuted"),
    (r"\mathbf{1}_n^\top PQ = \mathbf{1}_n^\top Q", (r"P \text{ permutation}", r"P \in \mathbb{R}^{n \times n}",
                                                    r"Q \in \mathbb{R}^{n \times k}"), "verified"),
])
def test_sizes_with_subscripts_ones_vectors_row_softmax_and_permutations(latex, given, status):
    assert check_formula(latex, list(given)).status == status


def test_each_law_has_its_own_parameters():
    """N(mu, Sigma) and N(A mu + b, A Sigma A^T) in one formula: no shared signature makes their sizes clash."""
    given = [r"A \in \mathbb{R}^{p \times n}", r"\Sigma \succ 0"]
    latex = r"AX + b \sim \mathcal{N}(A\mu + b, A \Sigma A^\top), \quad X \sim \mathcal{N}(\mu, \Sigma)"
    assert check_formula(latex, given).status != "refuted"


@pytest.mark.parametrize(("latex", "given", "status"), [
    (r"P(X = k) = \binom{n}{k} p^k (1-p)^{n-k}", (r"X \sim \mathrm{Bin}(n, p)",), "verified"),
    (r"P(X = k) = \binom{n}{k} p^{k+1} (1-p)^{n-k}", (r"X \sim \mathrm{Bin}(n, p)",), "refuted"),
    (r"P(X = k) = \frac{\lambda^k e^{-\lambda}}{k!}", (r"X \sim \mathrm{Poisson}(\lambda)",), "verified"),
    (r"P(X = k) = \frac{\lambda^k e^{-\lambda}}{(k+1)!}", (r"X \sim \mathrm{Poisson}(\lambda)",), "refuted"),
])
def test_what_a_binomial_coefficient_or_a_factorial_counts_is_a_whole_number(latex, given, status):
    assert check_formula(latex, list(given)).status == status


MATRIX = (r"M \in \mathbb{R}^{m \times n}",)


@pytest.mark.parametrize(("latex", "given", "status"), [
    (r"\Sigma^{-1/2} \Sigma \Sigma^{-1/2} = I", (r"\Sigma \succ 0",), "verified"),
    (r"\Sigma^{1/2} \Sigma^{1/2} = 2 \Sigma", (r"\Sigma \succ 0",), "refuted"),
    (r"(A B)^{1/2} = A^{1/2} B^{1/2}", (r"A \succ 0", r"B \succ 0"), "refuted"),  # AB is not symmetric
    (r"\lVert M\rVert_* = \operatorname{tr}\big((M^\top M)^{1/2}\big)", MATRIX, "verified"),
    (r"\lVert M\rVert_* = \operatorname{tr}(M^\top M)", MATRIX, "refuted"),
    (r"\lVert M\rVert_{\max} \le \lVert M\rVert_F", MATRIX, "verified"),
    (r"\lVert M\rVert_{\max} \ge \lVert M\rVert_F", MATRIX, "refuted"),
])
def test_fractional_matrix_powers_and_nuclear_and_max_norms(latex, given, status):
    assert check_formula(latex, given, max_examples=EXAMPLES).status == status


def test_a_random_variable_as_the_bound_of_a_sum_is_unchecked_with_a_reason():
    found = check_formula(r"\mathbb{E}\Big[\sum_{i=1}^N X_i\Big] = \mathbb{E}[N]\,\mathbb{E}[X_1]",
                          [r"N \sim \operatorname{Poisson}(\lambda)"], max_examples=EXAMPLES)
    assert found.status == "unchecked" and "random sum" in found.reason.message


UV = (r"U \in \mathbb{R}^{m \times n}", r"V \in \mathbb{R}^{n \times m}")


@pytest.mark.parametrize(("latex", "given", "status"), [
    (r"\det(I_m + UV) = \det(I_n + VU)", UV, "verified"),
    (r"\det(I_m + UV) = \det(I_m + VU)", UV, "unchecked"),  # sized only when m = n
    (r"(I_n + UCV)^{-1} = I_n - U\,(C^{-1} + VU)^{-1}\,V", (), "verified"),
    (r"(I_n + UCV)^{-1} = I_n - U\,(C + VU)^{-1}\,V", (), "refuted"),
    (r"x^\top I_n x = 2 \lVert x\rVert^2", (), "refuted"),
    (r"\operatorname{tr}(I_3) = 3", (), "verified"),
    (r"I_n(\theta) = n\, I_1(\theta)", (), "unchecked"),  # the Fisher information of n draws
])
def test_a_subscripted_identity_has_the_size_its_subscript_names(latex, given, status):
    assert check_formula(latex, given, max_examples=EXAMPLES).status == status


LAYER_TWO = (r"L = \frac12 \|W_2 h - y\|^2", r"\delta_2 = W_2 h - y")


@pytest.mark.parametrize(("latex", "given", "status"), [
    (r"\frac{\partial L}{\partial W_2} = \delta_2 h^\top", LAYER_TWO, "verified"),
    (r"\frac{\partial L}{\partial W_2} = 2\,\delta_2 h^\top", LAYER_TWO, "refuted"),
    (r"(W_2 W_1)^\top = W_1^\top W_2^\top", (), "verified"),
    (r"(W_2 W_1)^\top = W_2^\top W_1^\top", (), "refuted"),
    (r"\lVert M\rVert_2 = \sigma_1", (), "unchecked"),  # a scalar numbered next to a matrix: a singular value?
])
def test_numbered_layers_are_matrices_and_vectors_of_their_own(latex, given, status):
    assert check_formula(latex, given, max_examples=EXAMPLES).status == status


@pytest.mark.parametrize(("latex", "given", "status"), [
    (r"X^{+} = (X^\top X)^{-1} X^\top", (), "verified"),
    (r"X^{+} = (X^\top X)^{-1} X", (r"X \in \mathbb{R}^{n \times d}",), "refuted"),
    (r"X X^\dagger X = X", (), "verified"),
    (r"X^\dagger X X^\dagger = X", (r"X \in \mathbb{R}^{n \times d}",), "refuted"),
    (r"\lVert M^{+}\rVert_2 = 1/\sigma_{\min}(M)", (), "verified"),
])
def test_a_capital_with_a_plus_or_dagger_is_its_pseudo_inverse(latex, given, status):
    assert check_formula(latex, given, max_examples=EXAMPLES).status == status
