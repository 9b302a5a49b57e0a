"""Matrix calculus: gradients, Jacobians and trace identities in both layouts.

Most claims are stated in LaTeX alone (``stated``): the notation layer compiles the derivative
and compares it with numerical differentiation of the function itself, in the layout the claim
names (``layout=``). Answering in the wrong layout is a shape mismatch, which counts as a
refutation. Mistakes that only type-check for square matrices are inferred with square shapes.

Numerator layout: d(scalar)/d(x in R^n) is 1 x n, d(y in R^m)/d(x in R^n) is m x n and
d(scalar)/d(X in R^{m x n}) is n x m. Denominator layout is the transpose of each, so
d(scalar)/dX has the shape of X.
"""

from __future__ import annotations

from mlverify.claims import stated, wrong
from mlverify.domains import Dim, Matrix, Vector

n = Dim("n", 1, 4)
m = Dim("m", 1, 4)

VEC_N = Vector(n, min=-2, max=2)
MAT_MN = Matrix(m, n, min=-2, max=2)
MAT_NN = Matrix(n, n, min=-2, max=2)


# --- gradients of linear and quadratic functions of a vector ---------------------------------


stated(
    "matrix_calculus.grad_linear_denominator",
    title="Gradient of a linear function, denominator layout",
    statement=r"\frac{\partial\, a^\top x}{\partial x} = a \quad \text{(denominator layout)}",
    layout="denominator",
    wrong=[
        wrong("row_vector", r"\frac{\partial\, a^\top x}{\partial x} = a^\top \quad \text{(denominator layout)}",
              mistake="gave the numerator-layout row a^T in denominator layout"),
        wrong("variable_for_coefficient", r"\frac{\partial\, a^\top x}{\partial x} = x",
              mistake="confused the coefficient with the variable, as if differentiating x^T x / 2"),
    ],
)


stated(
    "matrix_calculus.grad_linear_numerator",
    title="Derivative of a linear function, numerator layout",
    statement=r"\frac{\partial\, a^\top x}{\partial x} = a^\top \quad \text{(numerator layout)}",
    layout="numerator",
    wrong=[
        wrong("column_vector", r"\frac{\partial\, a^\top x}{\partial x} = a \quad \text{(numerator layout)}",
              mistake="gave the denominator-layout column a in numerator layout"),
    ],
)


stated(
    "matrix_calculus.grad_quadratic_form_denominator",
    title="Gradient of a quadratic form with a general square matrix, denominator layout",
    statement=r"\frac{\partial\, x^\top A x}{\partial x} = (A + A^\top)\, x \quad \text{(denominator layout)}",
    given=(r"A \in \mathbb{R}^{n \times n}",),
    layout="denominator",
    wrong=[
        wrong("symmetric_formula", r"\frac{\partial\, x^\top A x}{\partial x} = 2 A x",
              mistake="used the symmetric-A formula 2Ax for a general A"),
        wrong("half_the_terms", r"\frac{\partial\, x^\top A x}{\partial x} = A x",
              mistake="differentiated only the left-hand x, as if A x were constant"),
        wrong("row_vector", r"\frac{\partial\, x^\top A x}{\partial x} = x^\top (A + A^\top)"
              r" \quad \text{(denominator layout)}",
              mistake="gave the numerator-layout row in denominator layout"),
    ],
)


stated(
    "matrix_calculus.grad_quadratic_form_symmetric_denominator",
    title="Gradient of a quadratic form with a symmetric matrix, denominator layout",
    statement=r"\frac{\partial\, x^\top A x}{\partial x} = 2 A x, \quad A = A^\top \quad \text{(denominator layout)}",
    given=(r"A = A^\top",),
    layout="denominator",
    wrong=[
        wrong("missing_factor_two", r"\frac{\partial\, x^\top A x}{\partial x} = A x, \quad A = A^\top",
              mistake="dropped the factor 2, as if differentiating x^T A x / 2"),
    ],
)


stated(
    "matrix_calculus.hessian_quadratic_form",
    title="Hessian of a quadratic form with a general square matrix",
    statement=r"\nabla^2_x \bigl(x^\top A x\bigr) = A + A^\top",
    given=(r"A \in \mathbb{R}^{n \times n}",),
    layout="denominator",  # the Hessian is symmetric, so both layouts agree
    wrong=[
        wrong("symmetric_formula", r"\nabla^2_x \bigl(x^\top A x\bigr) = 2 A",
              mistake="used the symmetric-A Hessian 2A for a general A"),
        wrong("missing_transpose_term", r"\nabla^2_x \bigl(x^\top A x\bigr) = A",
              mistake="differentiated Ax once more, forgetting the A^T x half of the gradient"),
    ],
)


# --- Jacobians and the chain rule -------------------------------------------------------------


stated(
    "matrix_calculus.jacobian_linear_numerator",
    title="Jacobian of a linear map, numerator layout",
    statement=r"\frac{\partial\, A x}{\partial x} = A \quad \text{(numerator layout)}",
    given=(r"A \in \mathbb{R}^{m \times n}",),
    layout="numerator",
    wrong=[
        wrong("transposed", r"\frac{\partial\, A x}{\partial x} = A^\top \quad \text{(numerator layout)}",
              mistake="gave the denominator-layout answer in numerator layout"),
    ],
)


stated(
    "matrix_calculus.jacobian_linear_denominator",
    title="Derivative of a linear map, denominator layout",
    statement=r"\frac{\partial\, A x}{\partial x} = A^\top \quad \text{(denominator layout)}",
    given=(r"A \in \mathbb{R}^{m \times n}",),
    layout="denominator",
    wrong=[
        wrong("untransposed", r"\frac{\partial\, A x}{\partial x} = A \quad \text{(denominator layout)}",
              mistake="gave the numerator-layout Jacobian in denominator layout"),
    ],
)


stated(
    "matrix_calculus.chain_rule_linear_layer_denominator",
    title="Chain rule through a linear layer (sum of softplus), denominator layout",
    statement=r"\nabla_x f(W x) = W^\top \nabla f(W x), \quad f(z) = \sum_i \log(1 + e^{z_i}) \quad"
    r" \text{(denominator layout)}",
    variables={"W": MAT_MN, "x": VEC_N},
    given=(r"f(z) = \sum_i \log(1 + e^{z_i})",),
    layout="denominator",
    wrong=[
        wrong("untransposed_weight", r"\nabla_x f(W x) = W \nabla f(W x)", variables={"W": MAT_NN},
              mistake="multiplied by W instead of W^T (only type-checks for square W, so tested with square W)"),
        wrong("inner_jacobian_dropped", r"\nabla_x f(W x) = \nabla f(W x)", variables={"W": MAT_NN},
              mistake="forgot the Jacobian of the inner map Wx (only type-checks for square W)"),
    ],
)


stated(
    "matrix_calculus.chain_rule_linear_layer_numerator",
    title="Chain rule through a linear layer (log-sum-exp), numerator layout",
    statement=r"\frac{\partial f(W x)}{\partial x} = \operatorname{softmax}(W x)^\top W, \quad"
    r" f(z) = \log \sum_i e^{z_i} \quad \text{(numerator layout)}",
    given=(r"W \in \mathbb{R}^{m \times n}", r"f(z) = \log \sum_i e^{z_i}"),
    layout="numerator",
    wrong=[
        wrong("column_vector", r"\frac{\partial f(W x)}{\partial x} = W^\top \operatorname{softmax}(W x)"
              r" \quad \text{(numerator layout)}",
              mistake="gave the denominator-layout column in numerator layout"),
        wrong("inner_jacobian_dropped", r"\frac{\partial f(W x)}{\partial x} = \operatorname{softmax}(W x)^\top",
              mistake="forgot the Jacobian of the inner map Wx"),
    ],
)


stated(
    "matrix_calculus.grad_l2_norm_denominator",
    title="Gradient of the Euclidean norm away from 0, denominator layout",
    statement=r"\frac{\partial \lVert x \rVert_2}{\partial x} = \frac{x}{\lVert x \rVert_2}, \quad x \neq \mathbf{0}"
    r" \quad \text{(denominator layout)}",
    variables={"x": Vector(n, min=-3, max=3, min_norm=0.5)},  # away from 0, where finite differences are accurate
    given=(r"x \in \mathbb{R}^n", r"x \neq \mathbf{0}"),
    layout="denominator",
    wrong=[
        wrong("squared_denominator", r"\frac{\partial \lVert x \rVert_2}{\partial x} = \frac{x}{\lVert x \rVert_2^2}",
              mistake="divided by the squared norm"),
        wrong("squared_norm_gradient", r"\frac{\partial \lVert x \rVert_2}{\partial x} = 2 x",
              mistake="used the gradient of the squared norm ||x||^2"),
    ],
)


# --- least squares and ridge ------------------------------------------------------------------


stated(
    "matrix_calculus.least_squares_gradient_denominator",
    title="Gradient of the squared residual, denominator layout",
    statement=r"\frac{\partial \lVert X w - y \rVert_2^2}{\partial w} = 2 X^\top (X w - y)"
    r" \quad \text{(denominator layout)}",
    layout="denominator",
    wrong=[
        wrong("missing_factor_two", r"\frac{\partial \lVert X w - y \rVert_2^2}{\partial w} = X^\top (X w - y)",
              mistake="dropped the 2 (that formula is for the 1/2-scaled loss)"),
        wrong("missing_transpose", r"\frac{\partial \lVert X w - y \rVert_2^2}{\partial w} = 2 X (X w - y)",
              mistake="dropped the transpose (only type-checks for square X, so tested with square X)"),
        wrong("row_vector", r"\frac{\partial \lVert X w - y \rVert_2^2}{\partial w} = 2 (X w - y)^\top X"
              r" \quad \text{(denominator layout)}",
              mistake="gave the numerator-layout row in denominator layout"),
    ],
)


stated(
    "matrix_calculus.least_squares_half_gradient_numerator",
    title="Derivative of half the squared residual, numerator layout",
    statement=r"\frac{\partial\, \tfrac{1}{2}\lVert X w - y \rVert_2^2}{\partial w} = (X w - y)^\top X"
    r" \quad \text{(numerator layout)}",
    given=(r"X \in \mathbb{R}^{m \times n}", r"y \in \mathbb{R}^m"),
    layout="numerator",
    wrong=[
        wrong("extra_factor_two", r"\frac{\partial\, \tfrac{1}{2}\lVert X w - y \rVert_2^2}{\partial w}"
              r" = 2 (X w - y)^\top X",
              mistake="kept the 2 from the square although the 1/2 cancels it"),
        wrong("column_vector", r"\frac{\partial\, \tfrac{1}{2}\lVert X w - y \rVert_2^2}{\partial w} = X^\top (X w - y)"
              r" \quad \text{(numerator layout)}",
              mistake="gave the denominator-layout column in numerator layout"),
    ],
)


stated(
    "matrix_calculus.ridge_gradient_denominator",
    title="Gradient of the ridge objective, denominator layout",
    statement=r"\frac{\partial}{\partial w}\Bigl[\tfrac{1}{2}\lVert X w - y \rVert_2^2"
    r" + \tfrac{\lambda}{2}\lVert w \rVert_2^2\Bigr] = X^\top (X w - y) + \lambda w \quad \text{(denominator layout)}",
    given=(r"X \in \mathbb{R}^{m \times n}", r"y \in \mathbb{R}^m", r"\lambda > 0",
           r"f(w) = \tfrac{1}{2}\lVert X w - y \rVert_2^2 + \tfrac{\lambda}{2}\lVert w \rVert_2^2"),
    layout="denominator",
    wrong=[
        wrong("half_penalty", r"\frac{\partial f}{\partial w} = X^\top (X w - y) + \tfrac{\lambda}{2} w",
              mistake="kept the 1/2 of the penalty, forgetting the 2 from differentiating the square"),
        wrong("residual_sign", r"\frac{\partial f}{\partial w} = X^\top (y - X w) + \lambda w",
              mistake="flipped the sign of the residual"),
    ],
)


# --- derivatives with respect to a matrix -----------------------------------------------------


stated(
    "matrix_calculus.trace_ax_denominator",
    title="Derivative of tr(AX) with respect to X, denominator layout",
    statement=r"\frac{\partial \operatorname{tr}(A X)}{\partial X} = A^\top \quad \text{(denominator layout)}",
    given=(r"A \in \mathbb{R}^{n \times m}", r"X \in \mathbb{R}^{m \times n}"),
    layout="denominator",
    wrong=[
        wrong("untransposed", r"\frac{\partial \operatorname{tr}(A X)}{\partial X} = A"
              r" \quad \text{(denominator layout)}",
              mistake="gave the numerator-layout answer A in denominator layout"),
    ],
)


stated(
    "matrix_calculus.trace_xt_a_denominator",
    title="Derivative of tr(X^T A) with respect to X, denominator layout",
    statement=r"\frac{\partial \operatorname{tr}(X^\top A)}{\partial X} = A \quad \text{(denominator layout)}",
    given=(r"A, X \in \mathbb{R}^{m \times n}",),
    layout="denominator",
    wrong=[
        wrong("transposed", r"\frac{\partial \operatorname{tr}(X^\top A)}{\partial X} = A^\top"
              r" \quad \text{(denominator layout)}",
              mistake="transposed A because X appears transposed"),
    ],
)


stated(
    "matrix_calculus.trace_axb_denominator",
    title="Derivative of tr(AXB) with respect to X, denominator layout",
    statement=r"\frac{\partial \operatorname{tr}(A X B)}{\partial X} = A^\top B^\top \quad \text{(denominator layout)}",
    layout="denominator",
    wrong=[
        wrong("numerator_layout", r"\frac{\partial \operatorname{tr}(A X B)}{\partial X} = B A"
              r" \quad \text{(denominator layout)}",
              mistake="gave the numerator-layout answer BA in denominator layout"),
        wrong("reversed_order", r"\frac{\partial \operatorname{tr}(A X B)}{\partial X} = B^\top A^\top",
              mistake="transposed each factor but kept the wrong order (type-checks only for square matrices)"),
        wrong("untransposed", r"\frac{\partial \operatorname{tr}(A X B)}{\partial X} = A B",
              mistake="read the neighbours of X off without transposing (type-checks only for square matrices)"),
    ],
)


stated(
    "matrix_calculus.trace_xtax_denominator",
    title="Derivative of tr(X^T A X) with respect to X for a general square A, denominator layout",
    statement=r"\frac{\partial \operatorname{tr}(X^\top A X)}{\partial X} = (A + A^\top) X"
    r" \quad \text{(denominator layout)}",
    given=(r"A \in \mathbb{R}^{n \times n}", r"X \in \mathbb{R}^{n \times m}"),
    layout="denominator",
    wrong=[
        wrong("symmetric_formula", r"\frac{\partial \operatorname{tr}(X^\top A X)}{\partial X} = 2 A X",
              mistake="used the symmetric-A formula 2AX for a general A"),
        wrong("numerator_layout", r"\frac{\partial \operatorname{tr}(X^\top A X)}{\partial X} = X^\top (A + A^\top)"
              r" \quad \text{(denominator layout)}",
              mistake="gave the numerator-layout answer in denominator layout"),
    ],
)


stated(
    "matrix_calculus.bilinear_form_denominator",
    title="Derivative of a bilinear form a^T X b with respect to X, denominator layout",
    statement=r"\frac{\partial\, a^\top X b}{\partial X} = a b^\top \quad \text{(denominator layout)}",
    given=(r"a \in \mathbb{R}^m", r"X \in \mathbb{R}^{m \times n}", r"b \in \mathbb{R}^n"),
    layout="denominator",
    wrong=[
        wrong("swapped_outer_product", r"\frac{\partial\, a^\top X b}{\partial X} = b a^\top"
              r" \quad \text{(denominator layout)}",
              mistake="swapped the factors of the outer product (the numerator-layout answer)"),
    ],
)


stated(
    "matrix_calculus.log_abs_det_denominator",
    title="Derivative of log |det X|, denominator layout",
    statement=r"\frac{\partial \log \lvert \det X \rvert}{\partial X} = X^{-\top} \quad \text{(denominator layout)}",
    given=(r"X \in \mathbb{R}^{n \times n}", r"\det X \neq 0"),
    layout="denominator",
    wrong=[
        wrong("missing_transpose", r"\frac{\partial \log \lvert \det X \rvert}{\partial X} = X^{-1}"
              r" \quad \text{(denominator layout)}",
              mistake="dropped the transpose (right only for symmetric X)"),
        wrong("determinant_derivative", r"\frac{\partial \log \lvert \det X \rvert}{\partial X} = \det(X)\, X^{-\top}",
              mistake="gave the derivative of det X, forgetting the 1/det X of the logarithm"),
    ],
)


stated(
    "matrix_calculus.det_denominator",
    title="Derivative of det X (Jacobi's formula), denominator layout",
    statement=r"\frac{\partial \det X}{\partial X} = \det(X)\, X^{-\top} \quad \text{(denominator layout)}",
    given=(r"X \in \mathbb{R}^{n \times n}", r"\det X \neq 0"),
    layout="denominator",
    wrong=[
        wrong("missing_transpose", r"\frac{\partial \det X}{\partial X} = \det(X)\, X^{-1}"
              r" \quad \text{(denominator layout)}",
              mistake="dropped the transpose (right only for symmetric X)"),
    ],
)

stated(
    "matrix_calculus.hadamard_jacobian",
    title="Jacobian of an elementwise product with a constant vector",
    statement=r"\frac{\partial (x \odot a)}{\partial x} = \operatorname{diag}(a)",
    layout="numerator",  # diag(a) is symmetric: the same matrix in either layout
    wrong=[
        wrong("wrong_variable", r"\frac{\partial (x \odot a)}{\partial x} = \operatorname{diag}(x)",
              mistake="differentiated with respect to a: each output x_i a_i changes with x_i at rate a_i"),
    ],
)

stated(
    "matrix_calculus.identity_jacobian",
    title="The Jacobian of a vector with respect to itself is the identity",
    statement=r"\frac{\partial x}{\partial x} = I",
    given=(r"x \in \mathbb{R}^n",),
    layout="numerator",  # I is symmetric: the same matrix in either layout
    wrong=[
        wrong("ones", r"\frac{\partial x}{\partial x} = \mathbf{1}",
              mistake="wrote a vector of ones: each entry depends on one input, so the derivative is a matrix"),
    ],
)

stated(
    "matrix_calculus.frobenius_least_squares_gradient_denominator",
    title="Gradient of half the squared Frobenius residual, denominator layout",
    statement=r"\frac{\partial}{\partial X} \tfrac{1}{2}\lVert A X - B \rVert_F^2 = A^\top (A X - B)"
    r" \quad \text{(denominator layout)}",
    wrong=[
        wrong("untransposed", r"\frac{\partial}{\partial X} \tfrac{1}{2}\lVert A X - B \rVert_F^2 = A (A X - B)"
              r" \quad \text{(denominator layout)}",
              mistake="multiplied by A instead of A^T (the shapes agree only for square A)",
              variables={"A": MAT_NN}),
    ],
)
