"""Matrix calculus: gradients, Jacobians and trace identities in both layouts.

Every analytic derivative is compared with numerical differentiation of the function
itself, in the layout the claim names. Vectors are 1-D arrays read as columns; the right
sides are shaped explicitly (``a.reshape(-1, 1)`` is a column, ``a.reshape(1, -1)`` a row),
so answering in the wrong layout is a shape mismatch, which the engine counts as a
refutation. Mistakes that only type-check for square matrices declare square variables.

Numerator layout: d(scalar)/d(x in R^n) is 1 x n, d(y in R^m)/d(x in R^n) is m x n and
d(scalar)/d(X in R^{m x n}) is n x m. Denominator layout is the transpose of each, so
d(scalar)/dX has the shape of X.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlverify.claims import Accuracy, Evidence, claim, equal, wrong
from mlverify.domains import Dim, InvertibleMatrix, Matrix, Real, SymmetricMatrix, Vector
from mlverify.numerics import derivative, hessian, sigmoid, softmax, softplus

n = Dim("n", 1, 4)
m = Dim("m", 1, 4)
p = Dim("p", 1, 4)

VEC_N = Vector(n, min=-2, max=2)
VEC_M = Vector(m, min=-2, max=2)
MAT_MN = Matrix(m, n, min=-2, max=2)
MAT_NM = Matrix(n, m, min=-2, max=2)
MAT_NN = Matrix(n, n, min=-2, max=2)
SQUARE_DESIGN = {"X": MAT_NN, "w": VEC_N, "y": VEC_N}

NUMERATOR = r"\text{numerator layout: } \partial f / \partial x \in \mathbb{R}^{1 \times n}"
DENOMINATOR = r"\text{denominator layout: } \partial f / \partial x \in \mathbb{R}^{n \times 1}"
DENOMINATOR_MATRIX = r"\text{denominator layout: } \partial f / \partial X \text{ has the shape of } X"


def _col(v: Any) -> Any:
    return np.asarray(v, dtype=np.float64).reshape(-1, 1)


def _row(v: Any) -> Any:
    return np.asarray(v, dtype=np.float64).reshape(1, -1)


def _d_den(f: Any, x: Any) -> Any:
    return derivative(f, x, layout="denominator")


def _d_num(f: Any, x: Any) -> Any:
    return derivative(f, x, layout="numerator")


def _quadratic_form(A: Any) -> Any:
    return lambda v: float(v @ A @ v)


def _squared_residual(X: Any, y: Any) -> Any:
    return lambda v: float(np.sum((X @ v - y) ** 2))


def _half_squared_residual(X: Any, y: Any) -> Any:
    return lambda v: 0.5 * float(np.sum((X @ v - y) ** 2))


def _ridge(X: Any, y: Any, lam: float) -> Any:
    return lambda v: 0.5 * float(np.sum((X @ v - y) ** 2)) + 0.5 * lam * float(v @ v)


def _sum_softplus(z: Any) -> float:
    return float(np.sum(softplus(z)))


def _logsumexp(z: Any) -> float:
    return float(np.logaddexp.reduce(np.asarray(z, dtype=np.float64)))


def _log_abs_det(X: Any) -> float:
    return float(np.linalg.slogdet(X)[1])


# --- gradients of linear and quadratic functions of a vector ---------------------------------


@claim(
    "matrix_calculus.grad_linear_denominator",
    title="Gradient of a linear function, denominator layout",
    statement=r"\frac{\partial\, a^\top x}{\partial x} = a \in \mathbb{R}^{n \times 1}"
    r" \quad \text{(denominator layout)}",
    variables={"a": VEC_N, "x": VEC_N},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(DENOMINATOR,),
    wrong=[
        wrong("row_vector", r"\frac{\partial\, a^\top x}{\partial x} = a^\top \quad \text{(denominator layout)}",
              lambda a, x: equal(_d_den(lambda v: float(a @ v), x), _row(a)),
              mistake="gave the numerator-layout row a^T in denominator layout"),
        wrong("variable_for_coefficient", r"\frac{\partial\, a^\top x}{\partial x} = x",
              lambda a, x: equal(_d_den(lambda v: float(a @ v), x), _col(x)),
              mistake="confused the coefficient with the variable, as if differentiating x^T x / 2"),
    ],
)
def grad_linear_denominator(a: Any, x: Any) -> Evidence:
    """a^T x = sum_i a_i x_i, so the partial derivative in x_i is a_i; denominator layout stacks them in a column."""
    return equal(_d_den(lambda v: float(a @ v), x), _col(a))


@claim(
    "matrix_calculus.grad_linear_numerator",
    title="Derivative of a linear function, numerator layout",
    statement=r"\frac{\partial\, a^\top x}{\partial x} = a^\top \in \mathbb{R}^{1 \times n}"
    r" \quad \text{(numerator layout)}",
    variables={"a": VEC_N, "x": VEC_N},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(NUMERATOR,),
    wrong=[
        wrong("column_vector", r"\frac{\partial\, a^\top x}{\partial x} = a \quad \text{(numerator layout)}",
              lambda a, x: equal(_d_num(lambda v: float(a @ v), x), _col(a)),
              mistake="gave the denominator-layout column a in numerator layout"),
    ],
)
def grad_linear_numerator(a: Any, x: Any) -> Evidence:
    """The partial derivatives are a_i; numerator layout lays them out along a row, like the function's Jacobian."""
    return equal(_d_num(lambda v: float(a @ v), x), _row(a))


@claim(
    "matrix_calculus.grad_quadratic_form_denominator",
    title="Gradient of a quadratic form with a general square matrix, denominator layout",
    statement=r"\frac{\partial\, x^\top A x}{\partial x} = (A + A^\top)\, x \quad \text{(denominator layout)}",
    variables={"A": MAT_NN, "x": VEC_N},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(DENOMINATOR, r"A \in \mathbb{R}^{n \times n} \text{ not necessarily symmetric}"),
    wrong=[
        wrong("symmetric_formula", r"\frac{\partial\, x^\top A x}{\partial x} = 2 A x",
              lambda A, x: equal(_d_den(_quadratic_form(A), x), _col(2 * A @ x)),
              mistake="used the symmetric-A formula 2Ax for a general A"),
        wrong("half_the_terms", r"\frac{\partial\, x^\top A x}{\partial x} = A x",
              lambda A, x: equal(_d_den(_quadratic_form(A), x), _col(A @ x)),
              mistake="differentiated only the right-hand x, as if x^T A were constant"),
        wrong("row_vector", r"\frac{\partial\, x^\top A x}{\partial x} = x^\top (A + A^\top)"
              r" \quad \text{(denominator layout)}",
              lambda A, x: equal(_d_den(_quadratic_form(A), x), _row(x @ (A + A.T))),
              mistake="gave the numerator-layout row in denominator layout"),
    ],
)
def grad_quadratic_form_denominator(A: Any, x: Any) -> Evidence:
    """Product rule: x^T A x varies as dx^T A x + x^T A dx = dx^T (A + A^T) x."""
    return equal(_d_den(_quadratic_form(A), x), _col((A + A.T) @ x))


@claim(
    "matrix_calculus.grad_quadratic_form_symmetric_denominator",
    title="Gradient of a quadratic form with a symmetric matrix, denominator layout",
    statement=r"\frac{\partial\, x^\top A x}{\partial x} = 2 A x, \quad A = A^\top \quad \text{(denominator layout)}",
    variables={"A": SymmetricMatrix(n, min=-2, max=2), "x": VEC_N},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(DENOMINATOR, r"A = A^\top"),
    wrong=[
        wrong("missing_factor_two", r"\frac{\partial\, x^\top A x}{\partial x} = A x, \quad A = A^\top",
              lambda A, x: equal(_d_den(_quadratic_form(A), x), _col(A @ x)),
              mistake="dropped the factor 2, as if differentiating x^T A x / 2"),
    ],
)
def grad_quadratic_form_symmetric_denominator(A: Any, x: Any) -> Evidence:
    """The general gradient (A + A^T) x equals 2 A x when A^T = A."""
    return equal(_d_den(_quadratic_form(A), x), _col(2 * A @ x))


@claim(
    "matrix_calculus.hessian_quadratic_form",
    title="Hessian of a quadratic form with a general square matrix",
    statement=r"\nabla^2_x \bigl(x^\top A x\bigr) = A + A^\top",
    variables={"A": MAT_NN, "x": Vector(n, min=-1, max=1)},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(r"A \in \mathbb{R}^{n \times n} \text{ not necessarily symmetric}",
                 r"\text{the Hessian is symmetric, so both layouts agree}"),
    wrong=[
        wrong("symmetric_formula", r"\nabla^2_x \bigl(x^\top A x\bigr) = 2 A",
              lambda A, x: equal(hessian(_quadratic_form(A), x), 2 * A),
              mistake="used the symmetric-A Hessian 2A for a general A"),
        wrong("missing_transpose_term", r"\nabla^2_x \bigl(x^\top A x\bigr) = A",
              lambda A, x: equal(hessian(_quadratic_form(A), x), A),
              mistake="differentiated Ax once more, forgetting the A^T x half of the gradient"),
    ],
)
def hessian_quadratic_form(A: Any, x: Any) -> Evidence:
    """d^2/dx_i dx_j sum_kl A_kl x_k x_l = A_ij + A_ji; the Hessian only sees the symmetric part of A."""
    return equal(hessian(_quadratic_form(A), x), A + A.T)


# --- Jacobians and the chain rule -------------------------------------------------------------


@claim(
    "matrix_calculus.jacobian_linear_numerator",
    title="Jacobian of a linear map, numerator layout",
    statement=r"\frac{\partial\, A x}{\partial x} = A \in \mathbb{R}^{m \times n} \quad \text{(numerator layout)}",
    variables={"A": MAT_MN, "x": VEC_N},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(r"\text{numerator layout: } \partial y / \partial x \in \mathbb{R}^{m \times n}"
                 r" \text{ for } y \in \mathbb{R}^m,\ x \in \mathbb{R}^n",),
    wrong=[
        wrong("transposed", r"\frac{\partial\, A x}{\partial x} = A^\top \quad \text{(numerator layout)}",
              lambda A, x: equal(_d_num(lambda v: A @ v, x), A.T),
              mistake="gave the denominator-layout answer in numerator layout"),
    ],
)
def jacobian_linear_numerator(A: Any, x: Any) -> Evidence:
    """(Ax)_i = sum_j A_ij x_j, so d(Ax)_i / dx_j = A_ij, row i for output i."""
    return equal(_d_num(lambda v: A @ v, x), A)


@claim(
    "matrix_calculus.jacobian_linear_denominator",
    title="Derivative of a linear map, denominator layout",
    statement=r"\frac{\partial\, A x}{\partial x} = A^\top \in \mathbb{R}^{n \times m}"
    r" \quad \text{(denominator layout)}",
    variables={"A": MAT_MN, "x": VEC_N},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(r"\text{denominator layout: } \partial y / \partial x \in \mathbb{R}^{n \times m}"
                 r" \text{ for } y \in \mathbb{R}^m,\ x \in \mathbb{R}^n",),
    wrong=[
        wrong("untransposed", r"\frac{\partial\, A x}{\partial x} = A \quad \text{(denominator layout)}",
              lambda A, x: equal(_d_den(lambda v: A @ v, x), A),
              mistake="gave the numerator-layout Jacobian in denominator layout"),
    ],
)
def jacobian_linear_denominator(A: Any, x: Any) -> Evidence:
    """Denominator layout is the transpose of the Jacobian A."""
    return equal(_d_den(lambda v: A @ v, x), A.T)


@claim(
    "matrix_calculus.chain_rule_linear_layer_denominator",
    title="Chain rule through a linear layer (sum of softplus), denominator layout",
    statement=r"\nabla_x f(W x) = W^\top \nabla f(W x), \quad f(z) = \sum_i \log(1 + e^{z_i}),"
    r"\ \nabla f(z) = \sigma(z) \quad \text{(denominator layout)}",
    variables={"W": MAT_MN, "x": VEC_N},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(DENOMINATOR, r"W \in \mathbb{R}^{m \times n}"),
    wrong=[
        wrong("untransposed_weight", r"\nabla_x f(W x) = W \nabla f(W x)",
              lambda W, x: equal(_d_den(lambda v: _sum_softplus(W @ v), x), _col(W @ sigmoid(W @ x))),
              variables={"W": MAT_NN, "x": VEC_N},
              mistake="multiplied by W instead of W^T (only type-checks for square W, so tested with square W)"),
        wrong("inner_jacobian_dropped", r"\nabla_x f(W x) = \nabla f(W x)",
              lambda W, x: equal(_d_den(lambda v: _sum_softplus(W @ v), x), _col(sigmoid(W @ x))),
              mistake="forgot the Jacobian of the inner map Wx"),
    ],
)
def chain_rule_linear_layer_denominator(W: Any, x: Any) -> Evidence:
    """d f(Wx) = grad f(Wx)^T W dx, so the gradient in x is W^T grad f(Wx); softplus' = sigmoid."""
    return equal(_d_den(lambda v: _sum_softplus(W @ v), x), _col(W.T @ sigmoid(W @ x)))


@claim(
    "matrix_calculus.chain_rule_linear_layer_numerator",
    title="Chain rule through a linear layer (log-sum-exp), numerator layout",
    statement=r"\frac{\partial f(W x)}{\partial x} = \operatorname{softmax}(W x)^\top W, \quad"
    r" f(z) = \log \sum_i e^{z_i} \quad \text{(numerator layout)}",
    variables={"W": MAT_MN, "x": VEC_N},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(NUMERATOR, r"W \in \mathbb{R}^{m \times n}"),
    wrong=[
        wrong("column_vector", r"\frac{\partial f(W x)}{\partial x} = W^\top \operatorname{softmax}(W x)"
              r" \quad \text{(numerator layout)}",
              lambda W, x: equal(_d_num(lambda v: _logsumexp(W @ v), x), _col(W.T @ softmax(W @ x))),
              mistake="gave the denominator-layout column in numerator layout"),
        wrong("inner_jacobian_dropped", r"\frac{\partial f(W x)}{\partial x} = \operatorname{softmax}(W x)^\top",
              lambda W, x: equal(_d_num(lambda v: _logsumexp(W @ v), x), _row(softmax(W @ x))),
              mistake="forgot the Jacobian of the inner map Wx"),
    ],
)
def chain_rule_linear_layer_numerator(W: Any, x: Any) -> Evidence:
    """Numerator-layout chain rule multiplies left to right: (1 x m) softmax(Wx)^T times (m x n) W."""
    return equal(_d_num(lambda v: _logsumexp(W @ v), x), _row(softmax(W @ x) @ W))


@claim(
    "matrix_calculus.grad_l2_norm_denominator",
    title="Gradient of the Euclidean norm away from 0, denominator layout",
    statement=r"\frac{\partial \lVert x \rVert_2}{\partial x} = \frac{x}{\lVert x \rVert_2}, \quad x \neq 0"
    r" \quad \text{(denominator layout)}",
    variables={"x": Vector(n, min=-3, max=3, min_norm=0.5)},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(DENOMINATOR, r"x \neq 0"),
    wrong=[
        wrong("squared_denominator", r"\frac{\partial \lVert x \rVert_2}{\partial x} = \frac{x}{\lVert x \rVert_2^2}",
              lambda x: equal(_d_den(np.linalg.norm, x), _col(x / float(x @ x))),
              mistake="divided by the squared norm"),
        wrong("squared_norm_gradient", r"\frac{\partial \lVert x \rVert_2}{\partial x} = 2 x",
              lambda x: equal(_d_den(np.linalg.norm, x), _col(2 * x)),
              mistake="used the gradient of the squared norm ||x||^2"),
    ],
)
def grad_l2_norm_denominator(x: Any) -> Evidence:
    """||x|| = (x^T x)^(1/2); the chain rule gives (1/2)(x^T x)^(-1/2) 2x = x / ||x||."""
    return equal(_d_den(np.linalg.norm, x), _col(x / np.linalg.norm(x)))


# --- least squares and ridge ------------------------------------------------------------------


@claim(
    "matrix_calculus.least_squares_gradient_denominator",
    title="Gradient of the squared residual, denominator layout",
    statement=r"\frac{\partial \lVert X w - y \rVert_2^2}{\partial w} = 2 X^\top (X w - y)"
    r" \quad \text{(denominator layout)}",
    variables={"X": MAT_MN, "w": VEC_N, "y": VEC_M},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(r"\text{denominator layout: } \partial f / \partial w \in \mathbb{R}^{n \times 1}",
                 r"X \in \mathbb{R}^{m \times n},\ y \in \mathbb{R}^m"),
    wrong=[
        wrong("missing_factor_two", r"\frac{\partial \lVert X w - y \rVert_2^2}{\partial w} = X^\top (X w - y)",
              lambda X, w, y: equal(_d_den(_squared_residual(X, y), w), _col(X.T @ (X @ w - y))),
              mistake="dropped the 2 (that formula is for the 1/2-scaled loss)"),
        wrong("missing_transpose", r"\frac{\partial \lVert X w - y \rVert_2^2}{\partial w} = 2 X (X w - y)",
              lambda X, w, y: equal(_d_den(_squared_residual(X, y), w), _col(2 * X @ (X @ w - y))),
              variables=SQUARE_DESIGN,
              mistake="dropped the transpose (only type-checks for square X, so tested with square X)"),
        wrong("row_vector", r"\frac{\partial \lVert X w - y \rVert_2^2}{\partial w} = 2 (X w - y)^\top X"
              r" \quad \text{(denominator layout)}",
              lambda X, w, y: equal(_d_den(_squared_residual(X, y), w), _row(2 * (X @ w - y) @ X)),
              mistake="gave the numerator-layout row in denominator layout"),
    ],
)
def least_squares_gradient_denominator(X: Any, w: Any, y: Any) -> Evidence:
    """With r = Xw - y, d(r^T r) = 2 r^T X dw, whose denominator-layout form is 2 X^T r."""
    return equal(_d_den(_squared_residual(X, y), w), _col(2 * X.T @ (X @ w - y)))


@claim(
    "matrix_calculus.least_squares_half_gradient_numerator",
    title="Derivative of half the squared residual, numerator layout",
    statement=r"\frac{\partial\, \tfrac{1}{2}\lVert X w - y \rVert_2^2}{\partial w} = (X w - y)^\top X"
    r" \in \mathbb{R}^{1 \times n} \quad \text{(numerator layout)}",
    variables={"X": MAT_MN, "w": VEC_N, "y": VEC_M},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(r"\text{numerator layout: } \partial f / \partial w \in \mathbb{R}^{1 \times n}",
                 r"X \in \mathbb{R}^{m \times n},\ y \in \mathbb{R}^m"),
    wrong=[
        wrong("extra_factor_two", r"\frac{\partial\, \tfrac{1}{2}\lVert X w - y \rVert_2^2}{\partial w}"
              r" = 2 (X w - y)^\top X",
              lambda X, w, y: equal(_d_num(_half_squared_residual(X, y), w), _row(2 * (X @ w - y) @ X)),
              mistake="kept the 2 from the square although the 1/2 cancels it"),
        wrong("column_vector", r"\frac{\partial\, \tfrac{1}{2}\lVert X w - y \rVert_2^2}{\partial w} = X^\top (X w - y)"
              r" \quad \text{(numerator layout)}",
              lambda X, w, y: equal(_d_num(_half_squared_residual(X, y), w), _col(X.T @ (X @ w - y))),
              mistake="gave the denominator-layout column in numerator layout"),
    ],
)
def least_squares_half_gradient_numerator(X: Any, w: Any, y: Any) -> Evidence:
    """d(r^T r / 2) = r^T X dw with r = Xw - y; numerator layout keeps the row r^T X."""
    return equal(_d_num(_half_squared_residual(X, y), w), _row((X @ w - y) @ X))


@claim(
    "matrix_calculus.ridge_gradient_denominator",
    title="Gradient of the ridge objective, denominator layout",
    statement=r"\frac{\partial}{\partial w}\Bigl[\tfrac{1}{2}\lVert X w - y \rVert_2^2"
    r" + \tfrac{\lambda}{2}\lVert w \rVert_2^2\Bigr] = X^\top (X w - y) + \lambda w \quad \text{(denominator layout)}",
    variables={"X": MAT_MN, "w": VEC_N, "y": VEC_M, "lam": Real(0.1, 5)},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(r"\text{denominator layout: } \partial f / \partial w \in \mathbb{R}^{n \times 1}",
                 r"X \in \mathbb{R}^{m \times n},\ y \in \mathbb{R}^m,\ \lambda > 0"),
    wrong=[
        wrong("half_penalty", r"\frac{\partial f}{\partial w} = X^\top (X w - y) + \tfrac{\lambda}{2} w",
              lambda X, w, y, lam: equal(_d_den(_ridge(X, y, lam), w), _col(X.T @ (X @ w - y) + lam / 2 * w)),
              mistake="kept the 1/2 of the penalty, forgetting the 2 from differentiating the square"),
        wrong("residual_sign", r"\frac{\partial f}{\partial w} = X^\top (y - X w) + \lambda w",
              lambda X, w, y, lam: equal(_d_den(_ridge(X, y, lam), w), _col(X.T @ (y - X @ w) + lam * w)),
              mistake="flipped the sign of the residual"),
    ],
)
def ridge_gradient_denominator(X: Any, w: Any, y: Any, lam: float) -> Evidence:
    """The data term gives X^T (Xw - y) and (lambda/2) w^T w gives lambda w; gradients add."""
    return equal(_d_den(_ridge(X, y, lam), w), _col(X.T @ (X @ w - y) + lam * w))


# --- derivatives with respect to a matrix -----------------------------------------------------


@claim(
    "matrix_calculus.trace_ax_denominator",
    title="Derivative of tr(AX) with respect to X, denominator layout",
    statement=r"\frac{\partial \operatorname{tr}(A X)}{\partial X} = A^\top \quad \text{(denominator layout)}",
    variables={"A": MAT_NM, "X": MAT_MN},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(DENOMINATOR_MATRIX, r"A \in \mathbb{R}^{n \times m},\ X \in \mathbb{R}^{m \times n}"),
    wrong=[
        wrong("untransposed", r"\frac{\partial \operatorname{tr}(A X)}{\partial X} = A"
              r" \quad \text{(denominator layout)}",
              lambda A, X: equal(_d_den(lambda Z: float(np.trace(A @ Z)), X), A),
              mistake="gave the numerator-layout answer A in denominator layout"),
    ],
)
def trace_ax_denominator(A: Any, X: Any) -> Evidence:
    """tr(AX) = sum_ij A_ji X_ij, so the derivative in X_ij is A_ji."""
    return equal(_d_den(lambda Z: float(np.trace(A @ Z)), X), A.T)


@claim(
    "matrix_calculus.trace_xt_a_denominator",
    title="Derivative of tr(X^T A) with respect to X, denominator layout",
    statement=r"\frac{\partial \operatorname{tr}(X^\top A)}{\partial X} = A \quad \text{(denominator layout)}",
    variables={"A": MAT_MN, "X": MAT_MN},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(DENOMINATOR_MATRIX, r"A, X \in \mathbb{R}^{m \times n}"),
    wrong=[
        wrong("transposed", r"\frac{\partial \operatorname{tr}(X^\top A)}{\partial X} = A^\top",
              lambda A, X: equal(_d_den(lambda Z: float(np.trace(Z.T @ A)), X), A.T),
              mistake="transposed A because X appears transposed"),
    ],
)
def trace_xt_a_denominator(A: Any, X: Any) -> Evidence:
    """tr(X^T A) = sum_ij X_ij A_ij is the Frobenius inner product, linear in X with coefficients A."""
    return equal(_d_den(lambda Z: float(np.trace(Z.T @ A)), X), A)


@claim(
    "matrix_calculus.trace_axb_denominator",
    title="Derivative of tr(AXB) with respect to X, denominator layout",
    statement=r"\frac{\partial \operatorname{tr}(A X B)}{\partial X} = A^\top B^\top \quad \text{(denominator layout)}",
    variables={"A": Matrix(p, m, min=-2, max=2), "X": MAT_MN, "B": Matrix(n, p, min=-2, max=2)},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(DENOMINATOR_MATRIX,
                 r"A \in \mathbb{R}^{p \times m},\ X \in \mathbb{R}^{m \times n},\ B \in \mathbb{R}^{n \times p}"),
    wrong=[
        wrong("numerator_layout", r"\frac{\partial \operatorname{tr}(A X B)}{\partial X} = B A"
              r" \quad \text{(denominator layout)}",
              lambda A, X, B: equal(_d_den(lambda Z: float(np.trace(A @ Z @ B)), X), B @ A),
              mistake="gave the numerator-layout answer BA in denominator layout"),
        wrong("reversed_order", r"\frac{\partial \operatorname{tr}(A X B)}{\partial X} = B^\top A^\top",
              lambda A, X, B: equal(_d_den(lambda Z: float(np.trace(A @ Z @ B)), X), B.T @ A.T),
              variables={"A": MAT_NN, "X": MAT_NN, "B": MAT_NN},
              mistake="transposed each factor but kept the wrong order (type-checks only for square matrices)"),
        wrong("untransposed", r"\frac{\partial \operatorname{tr}(A X B)}{\partial X} = A B",
              lambda A, X, B: equal(_d_den(lambda Z: float(np.trace(A @ Z @ B)), X), A @ B),
              variables={"A": MAT_NN, "X": MAT_NN, "B": MAT_NN},
              mistake="read the neighbours of X off without transposing (type-checks only for square matrices)"),
    ],
)
def trace_axb_denominator(A: Any, X: Any, B: Any) -> Evidence:
    """tr(AXB) = tr(BA X) by cyclicity, and d tr(CX)/dX = C^T with C = BA, so the answer is (BA)^T = A^T B^T."""
    return equal(_d_den(lambda Z: float(np.trace(A @ Z @ B)), X), A.T @ B.T)


@claim(
    "matrix_calculus.trace_xtax_denominator",
    title="Derivative of tr(X^T A X) with respect to X for a general square A, denominator layout",
    statement=r"\frac{\partial \operatorname{tr}(X^\top A X)}{\partial X} = (A + A^\top) X"
    r" \quad \text{(denominator layout)}",
    variables={"A": MAT_NN, "X": MAT_NM},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(DENOMINATOR_MATRIX, r"A \in \mathbb{R}^{n \times n} \text{ not necessarily symmetric},"
                 r"\ X \in \mathbb{R}^{n \times m}"),
    wrong=[
        wrong("symmetric_formula", r"\frac{\partial \operatorname{tr}(X^\top A X)}{\partial X} = 2 A X",
              lambda A, X: equal(_d_den(lambda Z: float(np.trace(Z.T @ A @ Z)), X), 2 * A @ X),
              mistake="used the symmetric-A formula 2AX for a general A"),
        wrong("numerator_layout", r"\frac{\partial \operatorname{tr}(X^\top A X)}{\partial X} = X^\top (A + A^\top)"
              r" \quad \text{(denominator layout)}",
              lambda A, X: equal(_d_den(lambda Z: float(np.trace(Z.T @ A @ Z)), X), X.T @ (A + A.T)),
              mistake="gave the numerator-layout answer in denominator layout"),
    ],
)
def trace_xtax_denominator(A: Any, X: Any) -> Evidence:
    """Column by column tr(X^T A X) = sum_k x_k^T A x_k, and each quadratic form has gradient (A + A^T) x_k."""
    return equal(_d_den(lambda Z: float(np.trace(Z.T @ A @ Z)), X), (A + A.T) @ X)


@claim(
    "matrix_calculus.bilinear_form_denominator",
    title="Derivative of a bilinear form a^T X b with respect to X, denominator layout",
    statement=r"\frac{\partial\, a^\top X b}{\partial X} = a b^\top \quad \text{(denominator layout)}",
    variables={"a": VEC_M, "X": MAT_MN, "b": VEC_N},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(DENOMINATOR_MATRIX, r"a \in \mathbb{R}^m,\ X \in \mathbb{R}^{m \times n},\ b \in \mathbb{R}^n"),
    wrong=[
        wrong("swapped_outer_product", r"\frac{\partial\, a^\top X b}{\partial X} = b a^\top"
              r" \quad \text{(denominator layout)}",
              lambda a, X, b: equal(_d_den(lambda Z: float(a @ Z @ b), X), np.outer(b, a)),
              mistake="swapped the factors of the outer product (the numerator-layout answer)"),
    ],
)
def bilinear_form_denominator(a: Any, X: Any, b: Any) -> Evidence:
    """a^T X b = sum_ij a_i X_ij b_j, so the derivative in X_ij is a_i b_j."""
    return equal(_d_den(lambda Z: float(a @ Z @ b), X), np.outer(a, b))


@claim(
    "matrix_calculus.log_abs_det_denominator",
    title="Derivative of log |det X|, denominator layout",
    statement=r"\frac{\partial \log \lvert \det X \rvert}{\partial X} = X^{-\top} \quad \text{(denominator layout)}",
    variables={"X": InvertibleMatrix(n)},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(DENOMINATOR_MATRIX, r"X \in \mathbb{R}^{n \times n} \text{ invertible}"),
    wrong=[
        wrong("missing_transpose", r"\frac{\partial \log \lvert \det X \rvert}{\partial X} = X^{-1}",
              lambda X: equal(_d_den(_log_abs_det, X), np.linalg.inv(X)),
              mistake="dropped the transpose (right only for symmetric X)"),
        wrong("determinant_derivative", r"\frac{\partial \log \lvert \det X \rvert}{\partial X} = \det(X)\, X^{-\top}",
              lambda X: equal(_d_den(_log_abs_det, X), np.linalg.det(X) * np.linalg.inv(X).T),
              mistake="gave the derivative of det X, forgetting the 1/det X of the logarithm"),
    ],
)
def log_abs_det_denominator(X: Any) -> Evidence:
    """Jacobi: d det X = det(X) tr(X^{-1} dX), so d log|det X| = tr(X^{-1} dX) = <X^{-T}, dX>."""
    return equal(_d_den(_log_abs_det, X), np.linalg.inv(X).T)


@claim(
    "matrix_calculus.det_denominator",
    title="Derivative of det X (Jacobi's formula), denominator layout",
    statement=r"\frac{\partial \det X}{\partial X} = \det(X)\, X^{-\top} \quad \text{(denominator layout)}",
    variables={"X": InvertibleMatrix(n)},
    accuracy=Accuracy.DERIVATIVE,
    assumptions=(DENOMINATOR_MATRIX, r"X \in \mathbb{R}^{n \times n} \text{ invertible}"),
    wrong=[
        wrong("missing_transpose", r"\frac{\partial \det X}{\partial X} = \det(X)\, X^{-1}",
              lambda X: equal(_d_den(np.linalg.det, X), np.linalg.det(X) * np.linalg.inv(X)),
              mistake="dropped the transpose (right only for symmetric X)"),
    ],
)
def det_denominator(X: Any) -> Evidence:
    """Expanding along row i, det X = sum_j X_ij C_ij, so d det X / dX_ij is the cofactor C_ij = det(X) (X^{-T})_ij."""
    return equal(_d_den(np.linalg.det, X), np.linalg.det(X) * np.linalg.inv(X).T)
