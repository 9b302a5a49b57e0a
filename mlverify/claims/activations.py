"""Activation functions: derivatives, symmetries, softmax and its losses.

Derivatives are compared with numerical differentiation of the reference function, so
neither side of a claim is trusted. Piecewise activations are differentiated away from
their kink (``min_abs``); at the kink the subgradient claim speaks instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlverify.claims import Accuracy, Evidence, Kind, at_least, claim, equal, wrong
from mlverify.domains import Dim, Label, Real, SimplexPoint, Vector
from mlverify.numerics import derivative, elu, leaky_relu, log_softmax, relu, sigmoid, softmax, softplus

n = Dim("n", 1, 5)
AWAY_FROM_KINK = Real(-10, 10, min_abs=0.01)
SLOPE = Real(0.01, 0.5)


def _d(f: Any, x: Any) -> Any:
    return derivative(f, x)


@claim(
    "activations.sigmoid_derivative",
    title="Derivative of the logistic sigmoid",
    statement=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
    variables={"x": Real(-20, 20)},
    accuracy=Accuracy.DERIVATIVE,
    wrong=[
        wrong("plus_sign", r"\sigma'(x) = \sigma(x)\,\bigl(1 + \sigma(x)\bigr)",
              lambda x: equal(_d(sigmoid, x), sigmoid(x) * (1 + sigmoid(x))), mistake="sign flipped in the factor"),
        wrong("missing_factor", r"\sigma'(x) = 1 - \sigma(x)",
              lambda x: equal(_d(sigmoid, x), 1 - sigmoid(x)), mistake="dropped the factor sigma(x)"),
    ],
)
def sigmoid_derivative(x: float) -> Evidence:
    """Differentiate 1/(1+e^-x): e^-x/(1+e^-x)^2 = sigma(x)(1 - sigma(x))."""
    return equal(_d(sigmoid, x), sigmoid(x) * (1 - sigmoid(x)))


@claim(
    "activations.tanh_derivative",
    title="Derivative of tanh",
    statement=r"\tanh'(x) = 1 - \tanh^2(x)",
    variables={"x": Real(-10, 10)},
    accuracy=Accuracy.DERIVATIVE,
    wrong=[
        wrong("missing_square", r"\tanh'(x) = 1 - \tanh(x)",
              lambda x: equal(_d(np.tanh, x), 1 - np.tanh(x)), mistake="dropped the square"),
        wrong("plus_sign", r"\tanh'(x) = 1 + \tanh^2(x)",
              lambda x: equal(_d(np.tanh, x), 1 + np.tanh(x) ** 2), mistake="sign of the square flipped"),
    ],
)
def tanh_derivative(x: float) -> Evidence:
    """tanh' = sech^2 = 1 - tanh^2."""
    return equal(_d(np.tanh, x), 1 - np.tanh(x) ** 2)


@claim(
    "activations.relu_derivative",
    title="Derivative of ReLU away from 0",
    statement=r"\operatorname{ReLU}'(x) = \mathbb{1}[x > 0] \quad (x \neq 0)",
    variables={"x": AWAY_FROM_KINK},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(r"x \neq 0",),
    wrong=[
        wrong("function_for_derivative", r"\operatorname{ReLU}'(x) = \max(0, x)",
              lambda x: equal(_d(relu, x), relu(x)), mistake="wrote the function instead of its derivative"),
    ],
)
def relu_derivative(x: float) -> Evidence:
    """ReLU is the identity right of 0 and constant left of it."""
    return equal(_d(relu, x), float(x > 0))


def _relu_subgradient(x: float, at_zero: float) -> float:
    return 1.0 if x > 0 else 0.0 if x < 0 else at_zero


@claim(
    "activations.relu_subgradient",
    title="Subgradients of ReLU, including at the kink",
    statement=r"g \in \partial \operatorname{ReLU}(x) \iff g = \mathbb{1}[x > 0] \text{ for } x \neq 0,"
    r"\ g \in [0, 1] \text{ for } x = 0",
    variables={"x": Real(-5, 5), "y": Real(-5, 5), "g0": Real(0, 1)},
    kind=Kind.PROPERTY,
    wrong=[
        wrong("too_wide_at_zero", r"\partial \operatorname{ReLU}(0) = [0, 2]",
              lambda y, g0: at_least(relu(y), relu(0.0) + g0 * y, "subgradient inequality at x = 0"),
              variables={"y": Real(-5, 5), "g0": Real(0, 2)}, mistake="subdifferential at the kink too wide"),
    ],
)
def relu_subgradient(x: float, y: float, g0: float) -> Evidence:
    """A subgradient g at x satisfies ReLU(y) >= ReLU(x) + g (y - x) for every y."""
    g = _relu_subgradient(x, g0)
    return at_least(relu(y), relu(x) + g * (y - x), "subgradient inequality")


@claim(
    "activations.leaky_relu_derivative",
    title="Derivative of leaky ReLU away from 0",
    statement=r"\frac{d}{dx}\operatorname{LeakyReLU}_\alpha(x) = \begin{cases} 1 & x > 0 \\ \alpha & x < 0 \end{cases}",
    variables={"x": AWAY_FROM_KINK, "alpha": SLOPE},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(r"x \neq 0", r"0 < \alpha < 1"),
    wrong=[
        wrong("zero_slope", r"\frac{d}{dx}\operatorname{LeakyReLU}_\alpha(x) = \mathbb{1}[x > 0]",
              lambda x, alpha: equal(_d(lambda t: leaky_relu(t, alpha), x), float(x > 0)),
              mistake="used the ReLU derivative, forgetting the leak"),
        wrong("swapped_pieces", r"\frac{d}{dx}\operatorname{LeakyReLU}_\alpha(x) = \alpha \text{ for } x > 0, 1 \text{ for } x < 0",
              lambda x, alpha: equal(_d(lambda t: leaky_relu(t, alpha), x), alpha if x > 0 else 1.0),
              mistake="pieces swapped"),
    ],
)
def leaky_relu_derivative(x: float, alpha: float) -> Evidence:
    """Each piece is linear: slope 1 on the right, alpha on the left."""
    return equal(_d(lambda t: leaky_relu(t, alpha), x), 1.0 if x > 0 else alpha)


@claim(
    "activations.elu_derivative",
    title="Derivative of ELU away from 0",
    statement=r"\frac{d}{dx}\operatorname{ELU}_\alpha(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x < 0 \end{cases}",
    variables={"x": AWAY_FROM_KINK, "alpha": Real(0.1, 2)},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(r"x \neq 0", r"\alpha > 0"),
    wrong=[
        wrong("function_for_derivative",
              r"\frac{d}{dx}\operatorname{ELU}_\alpha(x) = \alpha (e^{x} - 1) \text{ for } x < 0",
              lambda x, alpha: equal(_d(lambda t: elu(t, alpha), x), 1.0 if x > 0 else alpha * np.expm1(x)),
              mistake="kept the -1 of the function in the derivative"),
    ],
)
def elu_derivative(x: float, alpha: float) -> Evidence:
    """For x < 0, d/dx alpha (e^x - 1) = alpha e^x."""
    return equal(_d(lambda t: elu(t, alpha), x), 1.0 if x > 0 else alpha * np.exp(x))


@claim(
    "activations.softplus_derivative",
    title="The derivative of softplus is the sigmoid",
    statement=r"\frac{d}{dx} \log(1 + e^{x}) = \sigma(x)",
    variables={"x": Real(-20, 20)},
    accuracy=Accuracy.DERIVATIVE,
    wrong=[
        wrong("mirrored", r"\frac{d}{dx} \log(1 + e^{x}) = \sigma(-x)",
              lambda x: equal(_d(softplus, x), sigmoid(-x)), mistake="sign of the argument"),
        wrong("chain_rule_dropped", r"\frac{d}{dx} \log(1 + e^{x}) = \frac{1}{1 + e^{x}}",
              lambda x: equal(_d(softplus, x), 1 / (1 + np.exp(x))), mistake="forgot the inner derivative e^x"),
    ],
)
def softplus_derivative(x: float) -> Evidence:
    """e^x / (1 + e^x) = 1 / (1 + e^-x)."""
    return equal(_d(softplus, x), sigmoid(x))


@claim(
    "activations.sigmoid_symmetry",
    title="Symmetry of the sigmoid",
    statement=r"\sigma(-x) = 1 - \sigma(x)",
    variables={"x": Real(-30, 30)},
    wrong=[
        wrong("odd_function", r"\sigma(-x) = -\sigma(x)", lambda x: equal(sigmoid(-x), -sigmoid(x)),
              mistake="treated sigma as odd, like tanh"),
    ],
)
def sigmoid_symmetry(x: float) -> Evidence:
    """1/(1+e^x) = e^-x/(e^-x + 1) = 1 - 1/(1+e^-x)."""
    return equal(sigmoid(-x), 1 - sigmoid(x))


@claim(
    "activations.tanh_via_sigmoid",
    title="tanh is a rescaled sigmoid",
    statement=r"\tanh(x) = 2\sigma(2x) - 1",
    variables={"x": Real(-20, 20)},
    wrong=[
        wrong("missing_inner_factor", r"\tanh(x) = 2\sigma(x) - 1",
              lambda x: equal(np.tanh(x), 2 * sigmoid(x) - 1), mistake="dropped the 2 inside sigma"),
    ],
)
def tanh_via_sigmoid(x: float) -> Evidence:
    """(1 - e^-2x)/(1 + e^-2x) = 2/(1 + e^-2x) - 1."""
    return equal(np.tanh(x), 2 * sigmoid(2 * x) - 1)


@claim(
    "activations.log_sigmoid_derivative",
    title="Derivative of log-sigmoid",
    statement=r"\frac{d}{dx} \log \sigma(x) = 1 - \sigma(x)",
    variables={"x": Real(-20, 20)},
    accuracy=Accuracy.DERIVATIVE,
    wrong=[
        wrong("sigmoid", r"\frac{d}{dx} \log \sigma(x) = \sigma(x)",
              lambda x: equal(_d(lambda t: -softplus(-t), x), sigmoid(x)), mistake="wrong branch of the symmetry"),
    ],
)
def log_sigmoid_derivative(x: float) -> Evidence:
    """log sigma(x) = -softplus(-x), whose derivative is sigma(-x) = 1 - sigma(x)."""
    return equal(_d(lambda t: -softplus(-t), x), 1 - sigmoid(x))


@claim(
    "activations.softmax_jacobian",
    title="Jacobian of softmax",
    statement=r"\frac{\partial \operatorname{softmax}(z)}{\partial z} = \operatorname{diag}(s) - s s^\top,"
    r"\quad s = \operatorname{softmax}(z)",
    variables={"z": Vector(n, min=-5, max=5)},
    accuracy=Accuracy.DERIVATIVE,
    wrong=[
        wrong("diagonal_only", r"\frac{\partial \operatorname{softmax}(z)}{\partial z} = \operatorname{diag}\bigl(s \odot (1 - s)\bigr)",
              lambda z: equal(derivative(softmax, z), np.diag(softmax(z) * (1 - softmax(z)))),
              mistake="treated softmax elementwise, dropping the off-diagonal terms"),
        wrong("sign_flipped", r"\frac{\partial \operatorname{softmax}(z)}{\partial z} = s s^\top - \operatorname{diag}(s)",
              lambda z: equal(derivative(softmax, z), np.outer(softmax(z), softmax(z)) - np.diag(softmax(z))),
              mistake="sign flipped"),
    ],
)
def softmax_jacobian(z: Any) -> Evidence:
    """d s_i / d z_j = s_i (delta_ij - s_j)."""
    s = softmax(z)
    return equal(derivative(softmax, z), np.diag(s) - np.outer(s, s))


@claim(
    "activations.softmax_shift_invariance",
    title="Softmax ignores a common shift of the logits",
    statement=r"\operatorname{softmax}(z + c\mathbf{1}) = \operatorname{softmax}(z)",
    variables={"z": Vector(n), "c": Real(-20, 20)},
    wrong=[
        wrong("scale_invariance", r"\operatorname{softmax}(c z) = \operatorname{softmax}(z)",
              lambda z, c: equal(softmax(c * z), softmax(z)), mistake="scaling is not a shift: temperature matters"),
    ],
)
def softmax_shift_invariance(z: Any, c: float) -> Evidence:
    """The factor e^c cancels between numerator and denominator."""
    return equal(softmax(z + c), softmax(z))


def _cross_entropy_of_logits(y: Any) -> Any:
    return lambda z: -float(np.dot(y, log_softmax(z)))


@claim(
    "activations.softmax_cross_entropy_gradient",
    title="Gradient of cross-entropy through softmax",
    statement=r"\nabla_z \Bigl(-\sum_i y_i \log \operatorname{softmax}(z)_i\Bigr) = \operatorname{softmax}(z) - y",
    variables={"z": Vector(n), "y": SimplexPoint(n)},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(r"y_i \ge 0,\ \sum_i y_i = 1",),
    wrong=[
        wrong("sign_flipped", r"\nabla_z \Bigl(-\sum_i y_i \log \operatorname{softmax}(z)_i\Bigr) = y - \operatorname{softmax}(z)",
              lambda z, y: equal(derivative(_cross_entropy_of_logits(y), z, layout="denominator").ravel(),
                                 y - softmax(z)),
              mistake="sign flipped"),
        wrong("any_target", r"\nabla_z \Bigl(-\sum_i y_i \log \operatorname{softmax}(z)_i\Bigr) = \operatorname{softmax}(z) - y"
              r"\text{ for all } y \in \mathbb{R}^n",
              lambda z, y: equal(derivative(_cross_entropy_of_logits(y), z, layout="denominator").ravel(),
                                 softmax(z) - y),
              variables={"z": Vector(n), "y": Vector(n, min=-2, max=2)},
              mistake="dropped the condition that y sums to one"),
    ],
)
def softmax_cross_entropy_gradient(z: Any, y: Any) -> Evidence:
    """-sum y_i (z_i - logsumexp z) has gradient (sum y) softmax(z) - y, and sum y = 1."""
    return equal(derivative(_cross_entropy_of_logits(y), z, layout="denominator").ravel(), softmax(z) - y)


def _logistic_loss(y: float) -> Any:
    return lambda z: -(y * -softplus(-z) + (1 - y) * -softplus(z))


@claim(
    "activations.logistic_loss_gradient",
    title="Gradient of the logistic (binary cross-entropy) loss in the logit",
    statement=r"\frac{\partial}{\partial z}\Bigl[-y \log \sigma(z) - (1 - y)\log\bigl(1 - \sigma(z)\bigr)\Bigr] = \sigma(z) - y,"
    r"\quad y \in \{0, 1\}",
    variables={"z": Real(-15, 15), "y": Label((0, 1))},
    accuracy=Accuracy.DERIVATIVE,
    wrong=[
        wrong("sign_flipped", r"\frac{\partial \ell}{\partial z} = y - \sigma(z)",
              lambda z, y: equal(_d(_logistic_loss(y), z), y - sigmoid(z)), mistake="sign flipped"),
        wrong("sign_labels", r"\frac{\partial}{\partial z} \log\bigl(1 + e^{-y z}\bigr) = \sigma(z) - y,\quad y \in \{-1, +1\}",
              lambda z, y: equal(_d(lambda t: softplus(-y * t), z), sigmoid(z) - y),
              variables={"z": Real(-15, 15), "y": Label((-1, 1))},
              mistake="used the {0,1} formula with {-1,+1} labels"),
    ],
)
def logistic_loss_gradient(z: float, y: int) -> Evidence:
    """log sigma(z) = -softplus(-z) and log(1 - sigma(z)) = -softplus(z); differentiate each."""
    return equal(_d(_logistic_loss(y), z), sigmoid(z) - y)
