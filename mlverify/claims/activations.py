"""Activation functions: derivatives, symmetries, softmax and its losses.

Claims are stated in LaTeX and compiled: derivatives are computed by numerical
differentiation of the other side's notation, so neither side is trusted. Piecewise
activations are differentiated away from their kink (``x \\neq 0``); at the kink the
subgradient claim, a Python property, speaks instead.
"""

from __future__ import annotations

from mlverify.claims import Evidence, Kind, Reference, at_least, claim, stated, wrong
from mlverify.domains import Dim, Label, Real, SimplexPoint, Vector
from mlverify.numerics import relu

n = Dim("n", 1, 5)
AWAY_FROM_KINK = Real(-10, 10, min_abs=0.01)
SLOPE = Real(0.01, 0.5)

stated(
    "activations.sigmoid_derivative",
    title="Derivative of the logistic sigmoid",
    statement=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
    variables={"x": Real(-20, 20)},
    wrong=[
        wrong("plus_sign", r"\sigma'(x) = \sigma(x)\,\bigl(1 + \sigma(x)\bigr)", mistake="sign flipped in the factor"),
        wrong("missing_factor", r"\sigma'(x) = 1 - \sigma(x)", mistake="dropped the factor sigma(x)"),
    ],
)

stated(
    "activations.tanh_derivative",
    title="Derivative of tanh",
    statement=r"\tanh'(x) = 1 - \tanh^2(x)",
    variables={"x": Real(-10, 10)},
    wrong=[
        wrong("missing_square", r"\tanh'(x) = 1 - \tanh(x)", mistake="dropped the square"),
        wrong("plus_sign", r"\tanh'(x) = 1 + \tanh^2(x)", mistake="sign of the square flipped"),
    ],
)

stated(
    "activations.relu_derivative",
    title="Derivative of ReLU away from 0",
    statement=r"\operatorname{ReLU}'(x) = \mathbb{1}[x > 0] \quad (x \neq 0)",
    variables={"x": AWAY_FROM_KINK},
    wrong=[
        wrong("function_for_derivative", r"\operatorname{ReLU}'(x) = \max(0, x)",
              mistake="wrote the function instead of its derivative"),
    ],
)


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


stated(
    "activations.leaky_relu_derivative",
    title="Derivative of leaky ReLU away from 0",
    statement=r"\frac{d}{dx}\operatorname{LeakyReLU}_\alpha(x) = \begin{cases} 1 & x > 0 \\ \alpha & x < 0 \end{cases}",
    variables={"x": AWAY_FROM_KINK, "alpha": SLOPE},
    given=(r"x \neq 0", r"0 < \alpha < 1"),
    wrong=[
        wrong("zero_slope", r"\frac{d}{dx}\operatorname{LeakyReLU}_\alpha(x) = \mathbb{1}[x > 0]",
              mistake="used the ReLU derivative, forgetting the leak"),
        wrong("swapped_pieces",
              r"\frac{d}{dx}\operatorname{LeakyReLU}_\alpha(x) = \begin{cases} \alpha & x > 0 \\ 1 & x < 0 \end{cases}",
              mistake="pieces swapped"),
    ],
)

stated(
    "activations.elu_derivative",
    title="Derivative of ELU away from 0",
    statement=r"\frac{d}{dx}\operatorname{ELU}_\alpha(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x < 0 \end{cases}",
    variables={"x": AWAY_FROM_KINK, "alpha": Real(0.1, 2)},
    given=(r"x \neq 0", r"\alpha > 0"),
    wrong=[
        wrong("function_for_derivative",
              r"\frac{d}{dx}\operatorname{ELU}_\alpha(x) = \begin{cases} 1 & x > 0 \\ \alpha (e^{x} - 1) & x < 0 \end{cases}",
              mistake="kept the -1 of the function in the derivative"),
    ],
)

stated(
    "activations.softplus_derivative",
    title="The derivative of softplus is the sigmoid",
    statement=r"\frac{d}{dx} \log(1 + e^{x}) = \sigma(x)",
    variables={"x": Real(-20, 20)},
    wrong=[
        wrong("mirrored", r"\frac{d}{dx} \log(1 + e^{x}) = \sigma(-x)", mistake="sign of the argument"),
        wrong("chain_rule_dropped", r"\frac{d}{dx} \log(1 + e^{x}) = \frac{1}{1 + e^{x}}",
              mistake="forgot the inner derivative e^x"),
    ],
)

stated(
    "activations.sigmoid_symmetry",
    title="Symmetry of the sigmoid",
    statement=r"\sigma(-x) = 1 - \sigma(x)",
    variables={"x": Real(-30, 30)},
    wrong=[wrong("odd_function", r"\sigma(-x) = -\sigma(x)", mistake="treated sigma as odd, like tanh")],
)

stated(
    "activations.tanh_via_sigmoid",
    title="tanh is a rescaled sigmoid",
    statement=r"\tanh(x) = 2\sigma(2x) - 1",
    variables={"x": Real(-20, 20)},
    wrong=[wrong("missing_inner_factor", r"\tanh(x) = 2\sigma(x) - 1", mistake="dropped the 2 inside sigma")],
)

stated(
    "activations.tanh_exponential_form",
    title="tanh as a ratio of exponentials",
    statement=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
    variables={"x": Real(-20, 20)},
    wrong=[
        wrong("sinh_for_tanh", r"\tanh(x) = \frac{e^{x} - e^{-x}}{2}", mistake="wrote sinh: tanh divides by cosh"),
        wrong("signs_swapped", r"\tanh(x) = \frac{e^{x} + e^{-x}}{e^{x} - e^{-x}}", mistake="wrote coth, the reciprocal"),
    ],
)

stated(
    "activations.log_sigmoid_derivative",
    title="Derivative of log-sigmoid",
    statement=r"\frac{d}{dx} \log \sigma(x) = 1 - \sigma(x)",
    variables={"x": Real(-20, 20)},
    wrong=[wrong("sigmoid", r"\frac{d}{dx} \log \sigma(x) = \sigma(x)", mistake="wrong branch of the symmetry")],
)

stated(
    "activations.softmax_jacobian",
    title="Jacobian of softmax",
    statement=r"\frac{\partial \operatorname{softmax}(z)}{\partial z} = \operatorname{diag}(s) - s s^\top,"
    r"\quad s = \operatorname{softmax}(z)",
    variables={"z": Vector(n, min=-5, max=5)},
    layout="numerator",
    wrong=[
        wrong("diagonal_only", r"\frac{\partial \operatorname{softmax}(z)}{\partial z} = "
              r"\operatorname{diag}\bigl(s \odot (1 - s)\bigr), \quad s = \operatorname{softmax}(z)",
              mistake="treated softmax elementwise, dropping the off-diagonal terms"),
        wrong("sign_flipped", r"\frac{\partial \operatorname{softmax}(z)}{\partial z} = s s^\top - \operatorname{diag}(s),"
              r"\quad s = \operatorname{softmax}(z)", mistake="sign flipped"),
    ],
)

stated(
    "activations.softmax_shift_invariance",
    title="Softmax ignores a common shift of the logits",
    statement=r"\operatorname{softmax}(z + c\mathbf{1}) = \operatorname{softmax}(z)",
    variables={"z": Vector(n), "c": Real(-20, 20)},
    wrong=[
        wrong("scale_invariance", r"\operatorname{softmax}(c z) = \operatorname{softmax}(z)",
              mistake="scaling is not a shift: temperature matters"),
    ],
)

stated(
    "activations.softmax_cross_entropy_gradient",
    title="Gradient of cross-entropy through softmax",
    statement=r"\nabla_z \Bigl(-\sum_i y_i \log \operatorname{softmax}(z)_i\Bigr) = \operatorname{softmax}(z) - y",
    variables={"z": Vector(n), "y": SimplexPoint(n)},
    given=(r"y_i \ge 0,\ \sum_i y_i = 1",),
    wrong=[
        wrong("sign_flipped",
              r"\nabla_z \Bigl(-\sum_i y_i \log \operatorname{softmax}(z)_i\Bigr) = y - \operatorname{softmax}(z)",
              mistake="sign flipped"),
        wrong("any_target",
              r"\nabla_z \Bigl(-\sum_i y_i \log \operatorname{softmax}(z)_i\Bigr) = \operatorname{softmax}(z) - y,"
              r"\quad y \in \mathbb{R}^n",
              variables={"z": Vector(n), "y": Vector(n, min=-2, max=2)},
              mistake="dropped the condition that y sums to one"),
    ],
)

stated(
    "activations.logistic_loss_gradient",
    title="Gradient of the logistic (binary cross-entropy) loss in the logit",
    statement=r"\frac{\partial}{\partial z}\Bigl[-y \log \sigma(z) - (1 - y)\log\bigl(1 - \sigma(z)\bigr)\Bigr]"
    r" = \sigma(z) - y, \quad y \in \{0, 1\}",
    variables={"z": Real(-15, 15), "y": Label((0, 1))},
    wrong=[
        wrong("sign_flipped", r"\frac{\partial}{\partial z}\Bigl[-y \log \sigma(z) - (1 - y)\log\bigl(1 - \sigma(z)\bigr)"
              r"\Bigr] = y - \sigma(z), \quad y \in \{0, 1\}", mistake="sign flipped"),
        wrong("sign_labels", r"\frac{\partial}{\partial z} \log\bigl(1 + e^{-y z}\bigr) = \sigma(z) - y,"
              r"\quad y \in \{-1, +1\}",
              variables={"z": Real(-15, 15), "y": Label((-1, 1))},
              mistake="used the {0,1} formula with {-1,+1} labels"),
    ],
)

HE_2015 = "He, Zhang, Ren & Sun, Delving Deep into Rectifiers (ICCV 2015)"
RAMACHANDRAN_2017 = "Ramachandran, Zoph & Le, Searching for Activation Functions (2017)"

stated(
    "activations.identity_derivative",
    title="Derivative of the identity (linear) activation",
    statement=r"\frac{d}{dx}\, x = 1",
    variables={"x": Real(-10, 10)},
    wrong=[
        wrong("function_for_derivative", r"\frac{d}{dx}\, x = x",
              mistake="wrote the activation instead of its derivative"),
        wrong("constant_rule", r"\frac{d}{dx}\, x = 0",
              mistake="treated the identity like a constant, as if a linear unit passed no gradient"),
    ],
)

stated(
    "activations.binary_step_derivative",
    title="The binary step has derivative 0 away from 0",
    statement=r"\frac{d}{dx}\mathbb{1}[x > 0] = 0 \quad (x \neq 0)",
    variables={"x": AWAY_FROM_KINK},
    given=(r"x \neq 0",),
    wrong=[
        wrong("straight_through", r"\frac{d}{dx}\mathbb{1}[x > 0] = 1 \quad (x \neq 0)",
              mistake="took the straight-through estimator's surrogate gradient for the true derivative"),
        wrong("relu_derivative", r"\frac{d}{dx}\mathbb{1}[x > 0] = \mathbb{1}[x > 0] \quad (x \neq 0)",
              mistake="used the ReLU derivative: the step is ReLU's derivative, not its own"),
    ],
)

stated(
    "activations.prelu_derivative",
    title="Derivatives of PReLU in its input and in its learned slope",
    statement=r"\frac{\partial}{\partial x}\operatorname{PReLU}(x) = \begin{cases} 1 & x > 0 \\ \alpha & x < 0 \end{cases}"
    r" \ \text{ and } \ \frac{\partial}{\partial \alpha}\operatorname{PReLU}(x) = \min(0, x)",
    variables={"x": AWAY_FROM_KINK, "alpha": SLOPE},
    given=(r"\operatorname{PReLU}(x) = \max(0, x) + \alpha \min(0, x)", r"x \neq 0", r"0 < \alpha < 1"),
    references=(Reference(HE_2015, "Section 2.1, Parametric Rectifiers"),),
    wrong=[
        wrong("slope_on_positive_side",
              r"\frac{\partial}{\partial x}\operatorname{PReLU}(x) = \begin{cases} \alpha & x > 0 \\ 0 & x < 0 \end{cases}",
              mistake="put the learned slope on the positive side and zeroed the negative one"),
        wrong("slope_gradient_everywhere", r"\frac{\partial}{\partial \alpha}\operatorname{PReLU}(x) = x",
              mistake="the slope acts only on negative inputs, so its gradient is min(0, x), not x"),
    ],
)

stated(
    "activations.tanh_derivative_sech",
    title="Derivative of tanh as a squared hyperbolic secant",
    statement=r"\tanh'(x) = \operatorname{sech}^2(x)",
    variables={"x": Real(-10, 10)},
    wrong=[
        wrong("missing_square", r"\tanh'(x) = \operatorname{sech}(x)", mistake="dropped the square"),
        wrong("cosh_squared", r"\tanh'(x) = \cosh^2(x)",
              mistake="wrote cosh^2 for sech^2 = 1/cosh^2"),
    ],
)

stated(
    "activations.swish_derivative",
    title="Derivative of swish / SiLU",
    statement=r"\frac{d}{dx}\, x\,\sigma(x) = \sigma(x)\bigl(1 + x(1 - \sigma(x))\bigr)",
    variables={"x": Real(-20, 20)},
    references=(Reference(RAMACHANDRAN_2017, "Section 5"),),
    wrong=[
        wrong("sigmoid_derivative", r"\frac{d}{dx}\, x\,\sigma(x) = \sigma(x)\bigl(1 - \sigma(x)\bigr)",
              mistake="used the sigmoid's derivative, forgetting the factor x"),
        wrong("product_rule_half", r"\frac{d}{dx}\, x\,\sigma(x) = x\,\sigma(x)\bigl(1 - \sigma(x)\bigr)",
              mistake="product rule: kept x sigma'(x) but dropped the term sigma(x)"),
    ],
)

stated(
    "activations.softsign_derivative",
    title="Derivative of softsign away from 0",
    statement=r"\frac{d}{dx}\operatorname{softsign}(x) = \frac{1}{(1 + |x|)^2}",
    variables={"x": AWAY_FROM_KINK},
    given=(r"\operatorname{softsign}(x) = \frac{x}{1 + |x|}", r"x \neq 0"),
    wrong=[
        wrong("missing_square", r"\frac{d}{dx}\operatorname{softsign}(x) = \frac{1}{1 + |x|}",
              mistake="dropped the square of the denominator"),
        wrong("quotient_rule_sign", r"\frac{d}{dx}\operatorname{softsign}(x) = \frac{1 + 2|x|}{(1 + |x|)^2}",
              mistake="quotient rule with a plus: (u'v + uv')/v^2"),
    ],
)
