"""Losses and their derivatives: squared and absolute error, binary cross-entropy, logistic, hinge and Huber.

Every claim is stated in LaTeX and compiled: the left side is differentiated numerically from the loss as
written, so neither side is trusted. Predictions are written ``z`` (a plain letter, so a problem family can
name its parameters like the claim's variables). Piecewise losses are differentiated away from their kinks:
the kink is excluded by the domain (``|z_i - y_i| > 0``) or by a stated condition (``y z \\neq 1``).
"""

from __future__ import annotations

from mlverify.claims import stated, wrong
from mlverify.domains import Dim, Label, Real, Vector

n = Dim("n", 1, 5)

PREDICTIONS = Vector(n, min=-5, max=5)
TARGETS = Vector(n, min=-5, max=5)

_MSE = r"\nabla_{z} \frac{1}{n}\sum_{i=1}^{n} (z_i - y_i)^2"

stated(
    "losses.mse_gradient",
    title="Gradient of the mean squared error in the predictions",
    statement=_MSE + r" = \frac{2}{n}(z - y)",
    variables={"z": PREDICTIONS, "y": TARGETS},
    given=(r"z, y \in \mathbb{R}^n",),
    wrong=[
        wrong("missing_two", _MSE + r" = \frac{1}{n}(z - y)",
              mistake="dropped the 2 from differentiating the square (that is the gradient of half the MSE)"),
        wrong("missing_mean", _MSE + r" = 2(z - y)",
              mistake="dropped the 1/n of the mean (that is the gradient of the sum of squares)"),
        wrong("sign_flipped", _MSE + r" = \frac{2}{n}(y - z)",
              mistake="sign flipped: differentiated with respect to the targets, not the predictions"),
    ],
)

_MAE = r"\nabla_{z} \frac{1}{n}\sum_{i=1}^{n} \lvert z_i - y_i \rvert"

stated(
    "losses.mae_gradient",
    title="Gradient of the mean absolute error away from its kinks",
    statement=_MAE + r" = \frac{1}{n}\operatorname{sign}(z - y), \quad z_i \neq y_i",
    variables={"z": PREDICTIONS, "y": TARGETS},
    wrong=[
        wrong("sign_flipped", _MAE + r" = \frac{1}{n}\operatorname{sign}(y - z), \quad z_i \neq y_i",
              mistake="sign flipped inside the sign function"),
        wrong("squared_error_gradient", _MAE + r" = \frac{1}{n}(z - y), \quad z_i \neq y_i",
              mistake="used the residual itself, as for a squared error, instead of its sign"),
        wrong("missing_mean", _MAE + r" = \operatorname{sign}(z - y), \quad z_i \neq y_i",
              mistake="dropped the 1/n of the mean"),
    ],
)

_BCE = r"\frac{\partial}{\partial p}\Bigl[-y \log p - (1 - y)\log(1 - p)\Bigr]"

stated(
    "losses.bce_probability_derivative",
    title="Derivative of binary cross-entropy in the predicted probability",
    statement=_BCE + r" = -\frac{y}{p} + \frac{1 - y}{1 - p}",
    variables={"p": Real(0.01, 0.99), "y": Label((0, 1))},
    given=(r"0 < p < 1", r"y \in \{0, 1\}"),
    wrong=[
        wrong("sign_flipped", _BCE + r" = \frac{y}{p} - \frac{1 - y}{1 - p}",
              mistake="sign flipped: the derivative of the log-likelihood, not of its negative"),
        wrong("logit_gradient", _BCE + r" = p - y",
              mistake="gave the derivative with respect to the logit z (where p = sigma(z)), not the probability"),
        wrong("complement_chain_rule", _BCE + r" = -\frac{y}{p} - \frac{1 - y}{1 - p}",
              mistake="forgot the inner derivative -1 of log(1 - p)"),
    ],
)

_BCE_LOGIT = r"-y \log \sigma(z) - (1 - y)\log\bigl(1 - \sigma(z)\bigr)"

stated(
    "losses.bce_logit_form",
    title="Binary cross-entropy written in the logit",
    statement=_BCE_LOGIT + r" = \log\bigl(1 + e^{z}\bigr) - y z, \quad y \in \{0, 1\}",
    variables={"z": Real(-15, 15), "y": Label((0, 1))},
    wrong=[
        wrong("exponent_sign", _BCE_LOGIT + r" = \log\bigl(1 + e^{-z}\bigr) - y z, \quad y \in \{0, 1\}",
              mistake="sign of the exponent: log(1 + e^{-z}) is -log(sigma(z)), not -log(1 - sigma(z))"),
        wrong("label_term_sign", _BCE_LOGIT + r" = \log\bigl(1 + e^{z}\bigr) + y z, \quad y \in \{0, 1\}",
              mistake="sign of the label term yz"),
    ],
)

_MARGIN = r"\frac{d}{dz} \log\bigl(1 + e^{-y z}\bigr)"

stated(
    "losses.logistic_margin_derivative",
    title="Derivative of the logistic loss with labels in {-1, +1}",
    statement=_MARGIN + r" = -y\,\sigma(-y z), \quad y \in \{-1, +1\}",
    variables={"z": Real(-15, 15), "y": Label((-1, 1))},
    wrong=[
        wrong("argument_sign", _MARGIN + r" = -y\,\sigma(y z), \quad y \in \{-1, +1\}",
              mistake="sign of the sigmoid's argument: sigma(yz) is the probability of the correct label"),
        wrong("label_dropped", _MARGIN + r" = -\sigma(-y z), \quad y \in \{-1, +1\}",
              mistake="forgot the inner derivative -y of the margin, keeping only its sign"),
        wrong("minus_dropped", _MARGIN + r" = y\,\sigma(-y z), \quad y \in \{-1, +1\}",
              mistake="dropped the minus sign of the inner derivative"),
    ],
)

_HINGE = r"\frac{d}{dz} \max(0, 1 - y z)"

stated(
    "losses.hinge_derivative",
    title="Derivative of the hinge loss away from its kink",
    statement=_HINGE + r" = -y\,\mathbb{1}[y z < 1]",
    variables={"z": Real(-5, 5), "y": Label((-1, 1))},
    given=(r"y \in \{-1, +1\}", r"y z \neq 1"),
    wrong=[
        wrong("indicator_dropped", _HINGE + r" = -y",
              mistake="forgot that the loss is flat (zero) once the margin yz exceeds 1"),
        wrong("wrong_side", _HINGE + r" = -y\,\mathbb{1}[y z > 1]",
              mistake="the indicator on the wrong side of the margin"),
        wrong("sign_flipped", _HINGE + r" = y\,\mathbb{1}[y z < 1]",
              mistake="sign flipped: forgot the minus of 1 - yz"),
    ],
)

_HUBER = (r"\frac{d}{dr} \begin{cases} \frac{1}{2} r^2 & \lvert r \rvert \le \delta \\"
          r" \delta\bigl(\lvert r \rvert - \frac{1}{2}\delta\bigr) & \lvert r \rvert > \delta \end{cases}")

stated(
    "losses.huber_derivative",
    title="Derivative of the Huber loss: the residual clipped to [-delta, delta]",
    statement=_HUBER + r" = \begin{cases} r & \lvert r \rvert \le \delta \\"
    r" \delta \operatorname{sign}(r) & \lvert r \rvert > \delta \end{cases}",
    variables={"r": Real(-5, 5), "delta": Real(0.1, 3)},
    given=(r"\delta > 0",),
    wrong=[
        wrong("delta_dropped", _HUBER + r" = \begin{cases} r & \lvert r \rvert \le \delta \\"
              r" \operatorname{sign}(r) & \lvert r \rvert > \delta \end{cases}",
              mistake="dropped the factor delta on the linear pieces (right only for delta = 1)"),
        wrong("quadratic_everywhere", _HUBER + r" = r",
              mistake="used the squared-error derivative on the linear pieces too"),
        wrong("absolute_outer", _HUBER + r" = \begin{cases} r & \lvert r \rvert \le \delta \\"
              r" \delta r & \lvert r \rvert > \delta \end{cases}",
              mistake="differentiated delta |r| as delta r, forgetting the sign"),
    ],
)
