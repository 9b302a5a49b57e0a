"""Deep learning: layer sizes and parameter counts, backpropagation, optimiser steps, dropout, batch norm.

Backpropagation claims are stated in LaTeX and compiled: the gradient on the left is computed by numerical
differentiation of the loss through the layer (``f(W x + b)`` with f a sum of softplus terms, whose gradient is
the sigmoid), so the backpropagated form on the right is not trusted. Layer sizes and parameter counts are
Python properties checked against an independent computation: the output length of a strided sliding window
over the padded input, the rank of the Jacobian of a layer's outputs with respect to its parameters (how many
parameters the outputs really depend on), and the number of entries a reference recurrent cell consumes.
"""

from __future__ import annotations

import math

import numpy as np

from mlverify.claims import Evidence, Kind, Reference, claim, equal, stated, wrong
from mlverify.domains import Dim, Integer, Matrix, Probability, Real, SPDMatrix, Vector

GOODFELLOW = "Goodfellow, Bengio & Courville, Deep Learning (2016)"
DUMOULIN = Reference("Dumoulin & Visin, A guide to convolution arithmetic for deep learning (2016)", "Section 2.4")
ADAM = Reference("Kingma & Ba, Adam: A Method for Stochastic Optimization, ICLR (2015)", "Algorithm 1")
DROPOUT = Reference("Srivastava et al., Dropout: A Simple Way to Prevent Neural Networks from Overfitting,"
                    " JMLR 15 (2014)", "Section 10")
BATCH_NORM = Reference("Ioffe & Szegedy, Batch Normalization, ICML (2015)", "Algorithm 1")
HE = Reference("He et al., Delving Deep into Rectifiers, ICCV (2015)", "Section 2.2")
NESTEROV = "Nesterov, Introductory Lectures on Convex Optimization (2004)"

n = Dim("n", 1, 3)
m = Dim("m", 1, 3)
square = Dim("n", 2, 3)  # a mistake whose shapes only agree for a square W, shown from n = 2 on
batch = Dim("m", 2, 6)
seq = Dim("n", 4, 6)
INPUT = Vector(n, min=-2, max=2)
BIAS = Vector(m, min=-2, max=2)
WEIGHTS = Matrix(m, n, min=-2, max=2)
LAYER = {"W": WEIGHTS, "x": INPUT, "b": BIAS}
SQUARE_LAYER = {"W": Matrix(square, square, min=-2, max=2), "x": Vector(square, min=-2, max=2),
                "b": Vector(square, min=-2, max=2)}
SOFTPLUS_LOSS = (r"f(z) = \sum_i \log(1 + e^{z_i})",)
STEP = Real(0.001, 1)


# --- sizes and parameter counts -----------------------------------------------------------------


def _windows(n: int, k: int, p: int, s: int) -> int:
    """How many positions a window of size k takes, with stride s, over an input of length n padded by p."""
    padded = np.zeros(n + 2 * p)
    return int(np.lib.stride_tricks.sliding_window_view(padded, k)[::s].shape[0])


CONV_SIZES = {"n": Integer(7, 32), "k": Integer(1, 7), "p": Integer(0, 3), "s": Integer(1, 4)}


@claim(
    "deep_learning.conv_output_size",
    title="Output length of a convolution with padding and stride",
    statement=r"n_{\text{out}} = \left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1",
    variables=CONV_SIZES,
    kind=Kind.PROPERTY,  # a count of a construction (windows, parameters), not an equation of notation
    references=(DUMOULIN,),
    wrong=[
        wrong("plus_one_dropped", r"n_{\text{out}} = \left\lfloor \frac{n + 2p - k}{s} \right\rfloor",
              lambda n, k, p, s: equal(_windows(n, k, p, s), (n + 2 * p - k) // s),
              mistake="forgot the first window: (n + 2p - k)/s counts the strides, not the positions"),
        wrong("padding_once", r"n_{\text{out}} = \left\lfloor \frac{n + p - k}{s} \right\rfloor + 1",
              lambda n, k, p, s: equal(_windows(n, k, p, s), (n + p - k) // s + 1),
              mistake="padded one side only: padding p adds p entries on each side"),
        wrong("rounded_up", r"n_{\text{out}} = \left\lceil \frac{n + 2p - k}{s} \right\rceil + 1",
              lambda n, k, p, s: equal(_windows(n, k, p, s), -(-(n + 2 * p - k) // s) + 1),
              mistake="rounded up: a last window that does not fit entirely is dropped, not kept"),
    ],
)
def conv_output_size(n: int, k: int, p: int, s: int) -> Evidence:
    """Window i starts at i s and fits when i s + k <= n + 2p, so i runs over 0, ..., floor((n + 2p - k)/s)."""
    return equal(_windows(n, k, p, s), (n + 2 * p - k) // s + 1, "number of window positions")


def _dense_rank(n_in: int, n_out: int) -> int:
    """The rank of d(outputs)/d(W, b) for y = W x + b over n_in + 2 generic inputs x: how many parameters count."""
    rng = np.random.default_rng(n_in * 31 + n_out)
    inputs = rng.standard_normal((n_in + 2, n_in))
    design = np.hstack([inputs, np.ones((n_in + 2, 1))])  # d y_o / d (W_o., b_o) for one output unit
    return int(np.linalg.matrix_rank(np.kron(np.eye(n_out), design)))


def _conv_rank(c_in: int, c_out: int, k: int) -> int:
    """The rank of d(outputs)/d(kernel, bias) for a 2-D convolution over a generic c_in x 8 x 8 input."""
    rng = np.random.default_rng(c_in * 31 + c_out * 7 + k)
    image = rng.standard_normal((c_in, 8, 8))
    patches = np.lib.stride_tricks.sliding_window_view(image, (c_in, k, k)).reshape(-1, c_in * k * k)
    design = np.hstack([patches, np.ones((patches.shape[0], 1))])  # one row per output position
    return int(np.linalg.matrix_rank(np.kron(np.eye(c_out), design)))


@claim(
    "deep_learning.dense_parameter_count",
    title="Parameter count of a fully connected layer",
    statement=r"\#\text{params} = (n_{\text{in}} + 1)\, n_{\text{out}}",
    variables={"n_in": Integer(1, 6), "n_out": Integer(1, 5)},
    kind=Kind.PROPERTY,  # a count of a construction (windows, parameters), not an equation of notation
    references=(Reference(GOODFELLOW, "Section 6.1"),),
    wrong=[
        wrong("bias_dropped", r"\#\text{params} = n_{\text{in}}\, n_{\text{out}}",
              lambda n_in, n_out: equal(_dense_rank(n_in, n_out), n_in * n_out),
              mistake="counted the weight matrix only: each output unit has its own bias"),
        wrong("bias_per_input", r"\#\text{params} = n_{\text{in}}\, (n_{\text{out}} + 1)",
              lambda n_in, n_out: equal(_dense_rank(n_in, n_out), n_in * (n_out + 1)),
              mistake="gave a bias to each input instead of each output"),
    ],
)
def dense_parameter_count(n_in: int, n_out: int) -> Evidence:
    """Each output unit y_o = w_o^T x + b_o depends on n_in weights and one bias, all identifiable from inputs."""
    return equal(_dense_rank(n_in, n_out), (n_in + 1) * n_out, "parameters the outputs depend on")


@claim(
    "deep_learning.conv_parameter_count",
    title="Parameter count of a 2-D convolutional layer with k x k kernels",
    statement=r"\#\text{params} = (k^2 C_{\text{in}} + 1)\, C_{\text{out}}",
    variables={"c_in": Integer(1, 3), "c_out": Integer(1, 3), "k": Integer(1, 3)},
    kind=Kind.PROPERTY,  # a count of a construction (windows, parameters), not an equation of notation
    references=(Reference(GOODFELLOW, "Section 9.5"),),
    wrong=[
        wrong("bias_dropped", r"\#\text{params} = k^2 C_{\text{in}} C_{\text{out}}",
              lambda c_in, c_out, k: equal(_conv_rank(c_in, c_out, k), k * k * c_in * c_out),
              mistake="counted the kernels only: each output channel has a bias"),
        wrong("input_channels_dropped", r"\#\text{params} = (k^2 + 1)\, C_{\text{out}}",
              variables={"c_in": Integer(2, 3), "c_out": Integer(1, 3), "k": Integer(1, 3)},
              check=lambda c_in, c_out, k: equal(_conv_rank(c_in, c_out, k), (k * k + 1) * c_out),
              mistake="took one k x k kernel per output channel: it spans all C_in input channels"),
        wrong("spatial_size", r"\#\text{params} = (k C_{\text{in}} + 1)\, C_{\text{out}}",
              variables={"c_in": Integer(1, 3), "c_out": Integer(1, 3), "k": Integer(2, 3)},
              check=lambda c_in, c_out, k: equal(_conv_rank(c_in, c_out, k), (k * c_in + 1) * c_out),
              mistake="counted k weights per channel instead of the k^2 of a square kernel"),
    ],
)
def conv_parameter_count(c_in: int, c_out: int, k: int) -> Evidence:
    """Output channel o at each position is a linear function of a C_in x k x k patch plus the bias b_o; over
    a generic image those patches span R^{k^2 C_in}, so every weight and bias counts."""
    return equal(_conv_rank(c_in, c_out, k), (k * k * c_in + 1) * c_out, "parameters the outputs depend on")


class _Unpacker:
    """Hands out consecutive slices of a flat parameter vector; ``used`` is how many entries were read."""

    def __init__(self, theta: np.ndarray) -> None:
        self.theta, self.used = theta, 0

    def take(self, *shape: int) -> np.ndarray:
        size = math.prod(shape)
        if self.used + size > self.theta.size:
            raise ValueError("the parameter vector is too short for this cell")
        out = self.theta[self.used:self.used + size].reshape(shape)
        self.used += size
        return out


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-z)))


def _lstm_consumed(n_in: int, n_h: int) -> int:
    """One step of an LSTM cell (gates i, f, o and candidate g, each W x + U h + b) reading its parameters."""
    params = _Unpacker(np.linspace(-1, 1, 4 * (n_in + n_h + 1) * n_h + 100))
    take = params.take
    x, h, c = np.ones(n_in), np.full(n_h, 0.5), np.zeros(n_h)
    i, f, o = (_sigmoid(take(n_h, n_in) @ x + take(n_h, n_h) @ h + take(n_h)) for _ in range(3))
    g = np.tanh(take(n_h, n_in) @ x + take(n_h, n_h) @ h + take(n_h))
    c = f * c + i * g
    _ = o * np.tanh(c)
    return params.used


def _gru_consumed(n_in: int, n_h: int) -> int:
    """One step of a GRU cell (reset r, update z, candidate from r * h) reading its parameters."""
    params = _Unpacker(np.linspace(-1, 1, 4 * (n_in + n_h + 1) * n_h + 100))
    take = params.take
    x, h = np.ones(n_in), np.full(n_h, 0.5)
    r, z = (_sigmoid(take(n_h, n_in) @ x + take(n_h, n_h) @ h + take(n_h)) for _ in range(2))
    candidate = np.tanh(take(n_h, n_in) @ x + take(n_h, n_h) @ (r * h) + take(n_h))
    _ = (1 - z) * h + z * candidate
    return params.used


RECURRENT_SIZES = {"n_in": Integer(1, 8), "n_h": Integer(1, 8)}


@claim(
    "deep_learning.lstm_parameter_count",
    title="Parameter count of an LSTM layer (one bias per gate)",
    statement=r"\#\text{params} = 4\bigl((n_{\text{in}} + n_h)\, n_h + n_h\bigr)",
    variables=RECURRENT_SIZES,
    kind=Kind.PROPERTY,  # a count of a construction (windows, parameters), not an equation of notation
    assumptions=("one bias vector per gate (PyTorch keeps two, b_ih and b_hh: 4 n_h more)",),
    references=(Reference(GOODFELLOW, "Section 10.10.1"),),
    wrong=[
        wrong("three_gates", r"\#\text{params} = 3\bigl((n_{\text{in}} + n_h)\, n_h + n_h\bigr)",
              lambda n_in, n_h: equal(_lstm_consumed(n_in, n_h), 3 * ((n_in + n_h) * n_h + n_h)),
              mistake="counted the input, forget and output gates but not the candidate cell update g"),
        wrong("recurrent_weights_dropped", r"\#\text{params} = 4\,(n_{\text{in}}\, n_h + n_h)",
              lambda n_in, n_h: equal(_lstm_consumed(n_in, n_h), 4 * (n_in * n_h + n_h)),
              mistake="forgot the recurrent weights U (n_h x n_h per gate) acting on the previous hidden state"),
        wrong("bias_dropped", r"\#\text{params} = 4\,(n_{\text{in}} + n_h)\, n_h",
              lambda n_in, n_h: equal(_lstm_consumed(n_in, n_h), 4 * (n_in + n_h) * n_h),
              mistake="counted the weight matrices only"),
    ],
)
def lstm_parameter_count(n_in: int, n_h: int) -> Evidence:
    """Four gates, each W (n_h x n_in), U (n_h x n_h) and b (n_h), as the reference cell reads them."""
    return equal(_lstm_consumed(n_in, n_h), 4 * ((n_in + n_h) * n_h + n_h), "parameters the cell reads")


@claim(
    "deep_learning.gru_parameter_count",
    title="Parameter count of a GRU layer (one bias per gate)",
    statement=r"\#\text{params} = 3\bigl((n_{\text{in}} + n_h)\, n_h + n_h\bigr)",
    variables=RECURRENT_SIZES,
    kind=Kind.PROPERTY,  # a count of a construction (windows, parameters), not an equation of notation
    assumptions=("one bias vector per gate (PyTorch keeps two, b_ih and b_hh: 3 n_h more)",),
    references=(Reference("Cho et al., Learning Phrase Representations using RNN Encoder-Decoder, EMNLP (2014)",
                          "Section 2.3"),),
    wrong=[
        wrong("lstm_count", r"\#\text{params} = 4\bigl((n_{\text{in}} + n_h)\, n_h + n_h\bigr)",
              lambda n_in, n_h: equal(_gru_consumed(n_in, n_h), 4 * ((n_in + n_h) * n_h + n_h)),
              mistake="used the LSTM's four blocks: a GRU has a reset gate, an update gate and the candidate"),
        wrong("two_gates", r"\#\text{params} = 2\bigl((n_{\text{in}} + n_h)\, n_h + n_h\bigr)",
              lambda n_in, n_h: equal(_gru_consumed(n_in, n_h), 2 * ((n_in + n_h) * n_h + n_h)),
              mistake="counted the two gates but not the candidate state, which has its own W, U and b"),
    ],
)
def gru_parameter_count(n_in: int, n_h: int) -> Evidence:
    """Reset gate, update gate and candidate, each W (n_h x n_in), U (n_h x n_h) and b (n_h)."""
    return equal(_gru_consumed(n_in, n_h), 3 * ((n_in + n_h) * n_h + n_h), "parameters the cell reads")


# --- backpropagation ----------------------------------------------------------------------------


stated(
    "deep_learning.linear_weight_gradient",
    title="Backpropagation through a linear layer: the weight gradient is the outer product delta x^T",
    statement=r"\nabla_W f(W x + b) = \nabla f(W x + b)\, x^\top",
    variables=LAYER,
    given=SOFTPLUS_LOSS,
    references=(Reference(GOODFELLOW, "Section 6.5.4"),),
    wrong=[
        wrong("outer_product_reversed", r"\nabla_W f(W x + b) = x\, \sigma(W x + b)^\top",
              variables=SQUARE_LAYER,
              mistake="wrote x delta^T, the transpose of the gradient (it only type-checks for square W)"),
    ],
)

stated(
    "deep_learning.linear_bias_gradient",
    title="Backpropagation through a linear layer: the bias gradient is delta",
    statement=r"\nabla_b f(W x + b) = \nabla f(W x + b)",
    variables=LAYER,
    given=SOFTPLUS_LOSS,
    references=(Reference(GOODFELLOW, "Section 6.5.4"),),
    wrong=[
        wrong("weights_kept", r"\nabla_b f(W x + b) = W^\top \sigma(W x + b)",
              variables=SQUARE_LAYER,
              mistake="multiplied by W^T as for the input gradient: b enters z = W x + b with coefficient 1"),
        wrong("times_input", r"\nabla_b f(W x + b) = \sigma(W x + b) \odot x",
              variables=SQUARE_LAYER,
              mistake="multiplied by the input as for the weights: the bias sees a constant input 1"),
    ],
)

stated(
    "deep_learning.linear_input_gradient",
    title="Backpropagation through a linear layer: the gradient passed back is W^T delta",
    statement=r"\nabla_x f(W x + b) = W^\top \nabla f(W x + b)",
    variables=LAYER,
    given=SOFTPLUS_LOSS,
    references=(Reference(GOODFELLOW, "Section 6.5.4"),),
    wrong=[
        wrong("untransposed", r"\nabla_x f(W x + b) = W \sigma(W x + b)",
              variables=SQUARE_LAYER,
              mistake="forgot the transpose: the backward pass multiplies by W^T, not W"),
    ],
)

stated(
    "deep_learning.activation_backprop",
    title="Backpropagation through an elementwise activation multiplies by its derivative",
    statement=r"\nabla_z f\bigl(\tanh(z)\bigr) = \bigl(1 - \tanh^2(z)\bigr) \odot \nabla f\bigl(\tanh(z)\bigr)",
    variables={"z": Vector(n, min=-3, max=3)},
    given=SOFTPLUS_LOSS,
    references=(Reference(GOODFELLOW, "Section 6.5.4"),),
    wrong=[
        wrong("derivative_dropped", r"\nabla_z f\bigl(\tanh(z)\bigr) = \nabla f\bigl(\tanh(z)\bigr)",
              mistake="passed the gradient through the activation unchanged"),
        wrong("activation_for_derivative",
              r"\nabla_z f\bigl(\tanh(z)\bigr) = \tanh(z) \odot \nabla f\bigl(\tanh(z)\bigr)",
              mistake="multiplied by the activation tanh(z) instead of its derivative 1 - tanh^2(z)"),
    ],
)

stated(
    "deep_learning.sigmoid_derivative_bound",
    title="The sigmoid's derivative is at most 1/4 (why deep sigmoid networks' gradients vanish)",
    statement=r"\sigma'(x) \le \frac{1}{4}",
    variables={"x": Real(-10, 10)},
    references=(Reference(GOODFELLOW, "Section 6.3.2"),),
    wrong=[
        wrong("tanh_same_bound", r"\tanh'(x) \le \frac{1}{4}",
              mistake="carried the sigmoid's bound over to tanh, whose derivative reaches 1 at 0"),
    ],
)


# --- convolution ----------------------------------------------------------------------------------


stated(
    "deep_learning.convolution_commutes",
    title="Discrete convolution is commutative",
    statement=r"\sum_{k=1}^{j} a_k b_{j+1-k} = \sum_{k=1}^{j} b_k a_{j+1-k}",
    variables={"a": Vector(seq, min=-3, max=3), "b": Vector(seq, min=-3, max=3), "j": Integer(1, 4)},
    references=(Reference(GOODFELLOW, "Section 9.1"),),
    wrong=[
        wrong("cross_correlation_commutes", r"\sum_{k=1}^{n-j} a_k b_{k+j} = \sum_{k=1}^{n-j} b_k a_{k+j}",
              variables={"j": Integer(1, 3)},
              mistake="took cross-correlation (what deep-learning 'convolution' layers compute) to commute:"
              " swapping its arguments flips the lag"),
    ],
)


# --- optimisers -----------------------------------------------------------------------------------


stated(
    "deep_learning.rmsprop_step_bound",
    title="An RMSProp step is at most eta / sqrt(1 - rho) in each coordinate",
    statement=r"\frac{\eta \lvert g \rvert}{\sqrt{\rho v + (1 - \rho) g^2 + \epsilon}} \le \frac{\eta}{\sqrt{1 - \rho}}",
    variables={"eta": STEP, "g": Real(-5, 5), "v": Real(0, 5), "rho": Real(0.5, 0.999),
               "epsilon": Real(1e-8, 1e-3)},
    given=(r"v \ge 0", r"0 \le \rho < 1", r"\eta > 0", r"\epsilon > 0"),
    references=(Reference(GOODFELLOW, "Algorithm 8.5"),),
    wrong=[
        wrong("bounded_by_eta", r"\frac{\eta \lvert g \rvert}{\sqrt{\rho v + (1 - \rho) g^2 + \epsilon}} \le \eta",
              mistake="took the normalised step g / sqrt(v) to be at most 1: the new average weighs g^2 only"
              " by 1 - rho, so after small gradients a large one makes a step near eta / sqrt(1 - rho)"),
    ],
)

stated(
    "deep_learning.adam_first_step",
    title="Adam's first bias-corrected step is eta sign(g) (decays beta and rho for beta_1 and beta_2, eps = 0)",
    statement=r"\frac{\eta\, \frac{(1 - \beta) g}{1 - \beta}}{\sqrt{\frac{(1 - \rho) g^2}{1 - \rho}}}"
    r" = \eta \operatorname{sign}(g)",
    variables={"eta": STEP, "g": Real(-5, 5, min_abs=0.01), "beta": Real(0.5, 0.99), "rho": Real(0.9, 0.9999)},
    references=(ADAM,),
    wrong=[
        wrong("uncorrected", r"\frac{\eta (1 - \beta) g}{\sqrt{(1 - \rho) g^2}} = \eta \operatorname{sign}(g)",
              mistake="dropped the bias correction: the first step is scaled by (1 - beta) / sqrt(1 - rho)"),
    ],
)

stated(
    "deep_learning.weight_decay_is_l2",
    title="For SGD, weight decay is a gradient step on an L2 penalty",
    statement=r"w - \eta \nabla_w \Bigl(f(w) + \frac{\lambda}{2} \|w\|^2\Bigr) = (1 - \eta \lambda) w - \eta \nabla f(w)",
    variables={"w": Vector(n, min=-3, max=3), "eta": Real(0.01, 1), "lambda": Real(0.01, 1)},
    given=(r"f(w) = \sum_i \log(1 + e^{w_i})",),
    references=(Reference("Loshchilov & Hutter, Decoupled Weight Decay Regularization, ICLR (2019)",
                          "Proposition 1"),),
    wrong=[
        wrong("decay_without_step", r"w - \eta \nabla_w \Bigl(f(w) + \frac{\lambda}{2} \|w\|^2\Bigr)"
              r" = (1 - \lambda) w - \eta \nabla f(w)",
              mistake="shrank the weights by lambda instead of eta lambda"),
        wrong("half_kept", r"w - \eta \nabla_w \Bigl(f(w) + \frac{\lambda}{2} \|w\|^2\Bigr)"
              r" = \bigl(1 - \tfrac{\eta \lambda}{2}\bigr) w - \eta \nabla f(w)",
              mistake="kept the 1/2 of the penalty: the gradient of (lambda/2)||w||^2 is lambda w"),
    ],
)

QUADRATIC = (r"f(x) = \tfrac{1}{2} x^\top A x - b^\top x", r"A \succ 0", r"x^\star = A^{-1} b",
             r"\mu = \lambda_{\min}(A)", r"L = \lambda_{\max}(A)")
QUADRATIC_VARIABLES = {"A": SPDMatrix(n), "b": Vector(n, min=-3, max=3), "x": Vector(n, min=-3, max=3)}
RATE = (r"f\bigl(x - \tfrac{1}{L} \nabla f(x)\bigr) - f(x^\star) \le \bigl(1 - \tfrac{\mu}{L}\bigr)"
        r" \bigl(f(x) - f(x^\star)\bigr)")

stated(
    "deep_learning.gd_linear_rate_quadratic",
    title="Gradient descent with step 1/L shrinks the gap f - f* by 1 - mu/L on a strongly convex quadratic",
    statement=RATE,
    variables=QUADRATIC_VARIABLES,
    given=QUADRATIC,
    references=(Reference(NESTEROV, "Theorem 2.1.15"),),
    wrong=[
        wrong("step_one_over_mu", RATE.replace(r"\tfrac{1}{L} \nabla", r"\tfrac{1}{\mu} \nabla"),
              mistake="took the step 1/mu: along the top eigendirection it overshoots by a factor L/mu - 1"),
        wrong("ratio_inverted", RATE.replace(r"1 - \tfrac{\mu}{L}", r"1 - \tfrac{L}{\mu}"),
              mistake="inverted the condition number: 1 - L/mu is not a rate (it is at most 0)"),
    ],
)

stated(
    "deep_learning.pl_inequality_quadratic",
    title="A strongly convex quadratic satisfies the Polyak-Lojasiewicz inequality with constant mu",
    statement=r"\tfrac{1}{2} \|\nabla f(x)\|^2 \ge \mu \bigl(f(x) - f(x^\star)\bigr)",
    variables=QUADRATIC_VARIABLES,
    given=QUADRATIC,
    references=(Reference("Karimi, Nutini & Schmidt, Linear Convergence of Gradient and Proximal-Gradient Methods"
                          " Under the Polyak-Lojasiewicz Condition (2016)", "Section 2"),),
    wrong=[
        wrong("smoothness_constant", r"\tfrac{1}{2} \|\nabla f(x)\|^2 \ge L \cdot \bigl(f(x) - f(x^\star)\bigr)",
              mistake="used L: smoothness gives the opposite bound, (1/2)||grad f||^2 <= L (f - f*)"),
        wrong("half_dropped", r"\tfrac{1}{2} \|\nabla f(x)\|^2 \ge 2 \mu \bigl(f(x) - f(x^\star)\bigr)",
              mistake="doubled the constant, as if ||grad f||^2 >= 4 mu (f - f*)"),
    ],
)


# --- regularisation, normalisation, initialisation --------------------------------------------------


stated(
    "deep_learning.inverted_dropout_mean",
    title="Inverted dropout (keep with probability p, scale by 1/p) keeps the expectation",
    statement=r"\mathbb{E}\left[\frac{M x}{p}\right] = x",
    variables={"p": Probability(margin=0.05), "x": Real(-5, 5)},
    given=(r"M \sim \mathrm{Bernoulli}(p)",),
    references=(DROPOUT,),
    wrong=[
        wrong("unscaled", r"\mathbb{E}[M x] = x", variables={"p": Real(0.05, 0.9), "x": Real(0.5, 5)},
              mistake="dropped units without rescaling: the expected activation shrinks to p x"),
        wrong("scaled_by_keep", r"\mathbb{E}[p M x] = x", variables={"p": Real(0.05, 0.9), "x": Real(0.5, 5)},
              mistake="multiplied by the keep probability at training time, as one does at test time without"
              " inverted dropout"),
    ],
)

stated(
    "deep_learning.inverted_dropout_variance",
    title="Inverted dropout adds variance (1 - p)/p x^2",
    statement=r"\operatorname{Var}\left(\frac{M x}{p}\right) = \frac{1 - p}{p}\, x^2",
    variables={"p": Probability(margin=0.05), "x": Real(-5, 5)},
    given=(r"M \sim \mathrm{Bernoulli}(p)",),
    references=(DROPOUT,),
    wrong=[
        wrong("bernoulli_variance", r"\operatorname{Var}\left(\frac{M x}{p}\right) = p (1 - p)\, x^2",
              variables={"p": Real(0.05, 0.9), "x": Real(0.5, 5)},
              mistake="used the variance of the mask, forgetting the 1/p scaling squared"),
    ],
)

BATCH = {"x": Vector(batch, min=-5, max=5)}
BATCH_STATISTICS = (r"\mu = \frac{1}{m} \sum_{i=1}^{m} x_i", r"\sigma^2 = \frac{1}{m} \sum_{i=1}^{m} (x_i - \mu)^2")
NORMALISED = r"\frac{x_i - \mu}{\sqrt{\sigma^2 + \epsilon}}"

stated(
    "deep_learning.batchnorm_zero_mean",
    title="Batch normalisation centres each feature: the normalised values have batch mean 0",
    statement=rf"\frac{{1}}{{m}} \sum_{{i=1}}^{{m}} {NORMALISED} = 0",
    variables={**BATCH, "epsilon": Real(1e-5, 1e-2)},
    given=BATCH_STATISTICS,
    references=(BATCH_NORM,),
    wrong=[
        wrong("affine_output", rf"\frac{{1}}{{m}} \sum_{{i=1}}^{{m}} \Bigl(\gamma {NORMALISED} + \beta\Bigr) = 0",
              variables={"gamma": Real(0.1, 3), "beta": Real(0.5, 3)},
              mistake="took the layer's output gamma x_hat + beta to have mean 0: its batch mean is beta"),
    ],
)

stated(
    "deep_learning.batchnorm_variance",
    title="With epsilon > 0, batch-normalised values have batch variance sigma^2 / (sigma^2 + epsilon) < 1",
    statement=rf"\frac{{1}}{{m}} \sum_{{i=1}}^{{m}} \Bigl({NORMALISED}\Bigr)^2 = \frac{{\sigma^2}}{{\sigma^2 + \epsilon}}",
    variables={**BATCH, "epsilon": Real(0.01, 1)},
    given=BATCH_STATISTICS,
    references=(BATCH_NORM,),
    wrong=[
        wrong("unit_variance", rf"\frac{{1}}{{m}} \sum_{{i=1}}^{{m}} \Bigl({NORMALISED}\Bigr)^2 = 1",
              mistake="ignored epsilon, which shrinks the variance (much so for a feature nearly constant"
              " over the batch)"),
    ],
)

stated(
    "deep_learning.he_initialization",
    title="A ReLU halves the second moment of a centred Gaussian pre-activation (He initialisation's factor 2)",
    statement=r"\mathbb{E}\bigl[\operatorname{ReLU}(Z)^2\bigr] = \frac{\sigma^2}{2}",
    variables={"sigma": Real(0.1, 3)},
    given=(r"Z \sim \mathcal{N}(0, \sigma^2)",),
    references=(HE,),
    wrong=[
        wrong("half_dropped", r"\mathbb{E}\bigl[\operatorname{ReLU}(Z)^2\bigr] = \sigma^2",
              mistake="ignored the ReLU zeroing half the mass, which is why He uses Var(w) = 2/n_in, not 1/n_in"),
        wrong("variance_for_second_moment", r"\operatorname{Var}\bigl(\operatorname{ReLU}(Z)\bigr) = \frac{\sigma^2}{2}",
              mistake="took the variance for the second moment: ReLU(Z) has mean sigma/sqrt(2 pi), not 0"),
    ],
)
