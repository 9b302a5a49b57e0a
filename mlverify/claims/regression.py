"""Linear and logistic regression: normal equations, ridge, gradient steps, the logistic gradient and Hessian.

Every claim is stated in LaTeX and compiled. The design matrix ``X`` has one example per row (``x_i^\\top`` is
its i-th row), ``y`` holds the targets (labels in {0, 1} for logistic regression) and ``w`` the weights;
gradients are columns (denominator layout). The least-squares claims draw a tall design (at least as many
rows as columns), so ``X^\\top X`` is invertible.
"""

from __future__ import annotations

from mlverify.claims import stated, wrong
from mlverify.domains import Dim, LabelVector, Matrix, Real, Vector

n = Dim("n", 1, 3)  # features
m = Dim("m", 3, 5)  # examples: m >= n, a tall design
m_logistic = Dim("m", 1, 3)  # examples of a logistic regression: any number (few keep the Hessian fast)

DESIGN = Matrix(m, n, min=-3, max=3)
TARGETS = Vector(m, min=-5, max=5)
WEIGHTS = Vector(n, min=-2, max=2)
LAMBDA = Real(0.1, 5)

LOGISTIC_DESIGN = Matrix(m_logistic, n, min=-3, max=3)
LABELS = LabelVector(m_logistic)


# --- least squares and ridge ---------------------------------------------------------------------


stated(
    "regression.normal_equations",
    title="The least-squares solution satisfies the normal equations",
    # X^T X w = X^T y says the residual Xw - y is orthogonal to the columns of X; stated with X^T y on the right
    # rather than as X^T (Xw - y) = 0, whose zero side leaves only an absolute tolerance for ill-conditioned X
    statement=r"X^\top X\, w = X^\top y, \quad w = (X^\top X)^{-1} X^\top y",
    variables={"X": DESIGN, "y": TARGETS},
    given=(r"X \in \mathbb{R}^{m \times n}", r"\det(X^\top X) \neq 0"),
    wrong=[
        wrong("inverse_dropped", r"X^\top X\, w = X^\top y, \quad w = X^\top y",
              mistake="forgot to invert the Gram matrix X^T X"),
        wrong("residual_zero", r"X w - y = \mathbf{0}, \quad w = (X^\top X)^{-1} X^\top y",
              mistake="took the least-squares fit for an interpolation: the residual is orthogonal to the columns "
                      "of X, not zero, unless y lies in their span"),
    ],
)


stated(
    "regression.ridge_solution",
    title="The ridge solution zeroes the gradient of the ridge objective",
    statement=r"X^\top (X w - y) + \lambda w = \mathbf{0}, \quad w = (X^\top X + \lambda I)^{-1} X^\top y",
    variables={"X": DESIGN, "y": TARGETS, "lambda": LAMBDA},
    given=(r"X \in \mathbb{R}^{m \times n}", r"\lambda > 0"),
    wrong=[
        wrong("penalty_dropped", r"X^\top (X w - y) + \lambda w = \mathbf{0}, \quad w = (X^\top X)^{-1} X^\top y",
              mistake="used the ordinary least-squares solution, forgetting the penalty"),
        wrong("half_lambda",
              r"X^\top (X w - y) + \lambda w = \mathbf{0}, \quad w = (X^\top X + \tfrac{\lambda}{2} I)^{-1} X^\top y",
              mistake="kept the 1/2 of the penalty (lambda/2)||w||^2, forgetting the 2 from differentiating the square"),
    ],
)


_STEP = r"w - \eta \nabla_w \tfrac{1}{2}\lVert X w - y \rVert_2^2"

stated(
    "regression.least_squares_gradient_step",
    title="One gradient-descent step on the least-squares objective",
    statement=_STEP + r" = w - \eta X^\top (X w - y)",
    variables={"X": DESIGN, "y": TARGETS, "w": WEIGHTS, "eta": Real(0.01, 1)},
    given=(r"X \in \mathbb{R}^{m \times n}", r"\eta > 0"),
    wrong=[
        wrong("ascent", _STEP + r" = w + \eta X^\top (X w - y)",
              mistake="stepped along the gradient (ascent) instead of against it"),
        wrong("extra_two", _STEP + r" = w - 2 \eta X^\top (X w - y)",
              mistake="kept the 2 from the square although the 1/2 cancels it"),
        wrong("residual_sign", _STEP + r" = w - \eta X^\top (y - X w)",
              mistake="flipped the sign of the residual, which turns the step into ascent"),
    ],
)


# --- logistic regression -------------------------------------------------------------------------


_NLL = (r"\sum_{i=1}^{m} \Bigl[-y_i \log \sigma(x_i^\top w) - (1 - y_i) \log\bigl(1 - \sigma(x_i^\top w)\bigr)"
        r"\Bigr]")

stated(
    "regression.logistic_gradient",
    title="Gradient of the logistic regression negative log-likelihood",
    statement=r"\nabla_w " + _NLL + r" = X^\top \bigl(\sigma(X w) - y\bigr)",
    variables={"X": LOGISTIC_DESIGN, "w": WEIGHTS, "y": LABELS},
    given=(r"X \in \mathbb{R}^{m \times n}", r"y \in \{0, 1\}"),
    wrong=[
        wrong("sign_flipped", r"\nabla_w " + _NLL + r" = X^\top \bigl(y - \sigma(X w)\bigr)",
              mistake="sign flipped: the gradient of the log-likelihood, not of its negative"),
        wrong("least_squares", r"\nabla_w " + _NLL + r" = X^\top (X w - y)",
              mistake="used the least-squares gradient, forgetting the sigmoid"),
        wrong("missing_transpose", r"\nabla_w " + _NLL + r" = \sigma(X w) - y",
              mistake="stopped at the derivative in the logits Xw, forgetting the chain rule's X^T: an m-vector, "
                      "not a gradient in R^n"),
    ],
)


# The same loss in its softplus form (losses.bce_logit_form): -y log sigma(z) - (1 - y) log(1 - sigma(z)) equals
# log(1 + e^z) - yz, which stays accurate for large logits, where 1 - sigma(z) cancels and second differences of
# the cross-entropy form lose their digits. The exponential and the logarithm act entrywise.
_NLL_SOFTPLUS = r"\Bigl[\mathbf{1}^\top \log\bigl(\mathbf{1} + e^{X w}\bigr) - y^\top X w\Bigr]"
_WEIGHTS_S = r"S = \operatorname{diag}\bigl(\sigma(X w) \odot (\mathbf{1} - \sigma(X w))\bigr)"

stated(
    "regression.logistic_hessian",
    title="Hessian of the logistic regression negative log-likelihood",
    statement=r"\nabla^2_w " + _NLL_SOFTPLUS + r" = X^\top S X, \quad " + _WEIGHTS_S,
    variables={"X": LOGISTIC_DESIGN, "w": WEIGHTS, "y": LABELS},
    given=(r"y \in \{0, 1\}",),
    layout="denominator",  # the Hessian is symmetric, so both layouts agree
    wrong=[
        wrong("weights_dropped", r"\nabla^2_w " + _NLL_SOFTPLUS + r" = X^\top X",
              mistake="dropped the weights S = diag(sigma (1 - sigma)), as if the loss were least squares"),
        wrong("quarter_bound", r"\nabla^2_w " + _NLL_SOFTPLUS + r" = \tfrac{1}{4} X^\top X",
              mistake="used the bound sigma' <= 1/4 as an equality: it only bounds the Hessian"),
        wrong("sigmoid_weights", r"\nabla^2_w " + _NLL_SOFTPLUS
              + r" = X^\top \operatorname{diag}\bigl(\sigma(X w)\bigr) X",
              mistake="weighted by sigma instead of its derivative sigma (1 - sigma)"),
    ],
)


stated(
    "regression.decision_boundary",
    title="Logistic regression predicts the positive class exactly where w^T x >= 0",
    statement=r"\mathbb{1}\bigl[\sigma(w^\top x) \ge \tfrac{1}{2}\bigr] = \mathbb{1}\bigl[w^\top x \ge 0\bigr]",
    variables={"w": WEIGHTS, "x": Vector(n, min=-2, max=2)},
    # sigma(t) rounds to exactly 1/2 for |t| below about 1e-16: floating point cannot tell the sides apart there
    given=(r"\lvert w^\top x \rvert \ge 10^{-6}",),
    wrong=[
        wrong("threshold_half",
              r"\mathbb{1}\bigl[\sigma(w^\top x) \ge \tfrac{1}{2}\bigr] = \mathbb{1}\bigl[w^\top x \ge \tfrac{1}{2}\bigr]",
              mistake="moved the threshold 1/2 from the probability to the score w^T x"),
        wrong("flipped",
              r"\mathbb{1}\bigl[\sigma(w^\top x) \ge \tfrac{1}{2}\bigr] = \mathbb{1}\bigl[w^\top x \le 0\bigr]",
              mistake="sides of the boundary swapped"),
    ],
)


stated(
    "regression.log_odds",
    title="Logistic regression is linear in the log-odds",
    statement=r"\log \frac{\sigma(w^\top x)}{1 - \sigma(w^\top x)} = w^\top x",
    variables={"w": Vector(n, min=-2, max=2), "x": Vector(n, min=-2, max=2)},
    wrong=[
        wrong("log_dropped", r"\frac{\sigma(w^\top x)}{1 - \sigma(w^\top x)} = w^\top x",
              mistake="the odds are e^{w^T x}; it is their logarithm that is linear"),
        wrong("inverted_odds", r"\log \frac{1 - \sigma(w^\top x)}{\sigma(w^\top x)} = w^\top x",
              mistake="odds of the negative class: that log-odds is -w^T x"),
    ],
)
