"""The Matrix Cookbook and the ML-course toolbox: inverses, traces, norms, log-sum-exp, softmax temperature.

Every claim is stated in LaTeX alone (``stated``): the notation layer infers the shapes, computes each
derivative by numerical differentiation of the function on the left and compares it with the right side,
in the layout the claim names (denominator layout unless said: d(scalar)/dX has the shape of X).
Answering in the other layout is a shape mismatch or a transposed matrix, and counts as a refutation.
Examples where a matrix that must be inverted is singular are outside the statement's domain and skipped.
Mistakes that only type-check for square matrices are inferred with square shapes.
"""

from __future__ import annotations

from mlverify.claims import Reference, stated, wrong
from mlverify.domains import Dim, InvertibleMatrix, Matrix, Real, SPDMatrix, Vector

COOKBOOK = "Petersen & Pedersen, The Matrix Cookbook (2012)"
BOYD = "Boyd & Vandenberghe, Convex Optimization (2004)"

n = Dim("n", 1, 4)
k = Dim("k", 1, 3)
LOGITS = Vector(n, min=-5, max=5)
HOT = Real(1, 20)  # a temperature that flattens the softmax
TEMPERATURE = Real(0.2, 10)  # on both sides of T = 1
# Well-conditioned (condition number <= 6): a nearly singular draw that passes det X != 0 would make the
# numerical derivative of X^{-1} inaccurate, and 3 x 3 keeps the entrywise derivatives fast.
INVERTIBLE = InvertibleMatrix(Dim("n", 1, 3))

# --- derivatives of inverses ------------------------------------------------------------------------------------


stated(
    "cookbook.inverse_derivative_entrywise",
    title="Derivative of an entry of the inverse with respect to an entry of the matrix",
    statement=r"\frac{\partial (X^{-1})_{kl}}{\partial X_{ij}} = -(X^{-1})_{ki} (X^{-1})_{jl}",
    variables={"X": INVERTIBLE},
    given=(r"X \in \mathbb{R}^{n \times n}", r"\det X \neq 0"),
    references=(Reference(COOKBOOK, "Section 2.2, Derivatives of an Inverse"),),
    wrong=[
        wrong("indices_transposed", r"\frac{\partial (X^{-1})_{kl}}{\partial X_{ij}} = -(X^{-1})_{ik} (X^{-1})_{lj}",
              mistake="read the entries of the inverse with their indices swapped, i.e. from X^{-T}"),
        wrong("sign_dropped", r"\frac{\partial (X^{-1})_{kl}}{\partial X_{ij}} = (X^{-1})_{ki} (X^{-1})_{jl}",
              mistake="dropped the minus sign of d(X^{-1}) = -X^{-1} dX X^{-1}"),
    ],
)


stated(
    "cookbook.inverse_derivative_directional",
    title="Derivative of the inverse along a direction: d(X^{-1}) = -X^{-1} dX X^{-1}",
    statement=r"\frac{d}{dt} (X + t E)^{-1} = -(X + t E)^{-1} E (X + t E)^{-1}",
    given=(r"X, E \in \mathbb{R}^{n \times n}", r"\det(X + t E) \neq 0"),
    layout="numerator",  # a matrix differentiated in a scalar keeps its shape
    references=(Reference(COOKBOOK, "Section 2.2, Derivatives of an Inverse"),),
    wrong=[
        wrong("scalar_rule", r"\frac{d}{dt} (X + t E)^{-1} = -(X + t E)^{-2} E",
              mistake="used the scalar rule d(1/x) = -dx/x^2, as if E commuted with X"),
        wrong("sign_dropped", r"\frac{d}{dt} (X + t E)^{-1} = (X + t E)^{-1} E (X + t E)^{-1}",
              mistake="dropped the minus sign"),
    ],
)


stated(
    "cookbook.trace_inverse_denominator",
    title="Derivative of tr(X^{-1} A) with respect to X, denominator layout",
    statement=r"\frac{\partial \operatorname{tr}(X^{-1} A)}{\partial X} = -(X^{-1} A X^{-1})^\top"
    r" \quad \text{(denominator layout)}",
    variables={"X": INVERTIBLE},
    given=(r"A, X \in \mathbb{R}^{n \times n}", r"\det X \neq 0"),
    layout="denominator",
    references=(Reference(COOKBOOK, "Section 2.2, Derivatives of an Inverse"),),
    wrong=[
        wrong("missing_transpose", r"\frac{\partial \operatorname{tr}(X^{-1} A)}{\partial X} = -X^{-1} A X^{-1}"
              r" \quad \text{(denominator layout)}",
              mistake="gave the numerator-layout answer in denominator layout"),
        wrong("scalar_rule", r"\frac{\partial \operatorname{tr}(X^{-1} A)}{\partial X} = -(X^{-2} A)^\top",
              mistake="used the scalar rule d(a/x) = -a/x^2, as if A commuted with X"),
        wrong("sign_dropped", r"\frac{\partial \operatorname{tr}(X^{-1} A)}{\partial X} = (X^{-1} A X^{-1})^\top",
              mistake="dropped the minus sign of the derivative of the inverse"),
    ],
)


stated(
    "cookbook.trace_a_inverse_b_denominator",
    title="Derivative of tr(A X^{-1} B) with respect to X, denominator layout",
    statement=r"\frac{\partial \operatorname{tr}(A X^{-1} B)}{\partial X} = -X^{-\top} A^\top B^\top X^{-\top}"
    r" \quad \text{(denominator layout)}",
    variables={"X": INVERTIBLE},
    given=(r"X \in \mathbb{R}^{n \times n}", r"\det X \neq 0"),
    layout="denominator",
    references=(Reference(COOKBOOK, "Section 2.2, Derivatives of an Inverse"),),
    wrong=[
        wrong("numerator_layout", r"\frac{\partial \operatorname{tr}(A X^{-1} B)}{\partial X} = -X^{-1} B A X^{-1}"
              r" \quad \text{(denominator layout)}",
              mistake="gave the numerator-layout answer in denominator layout"),
        wrong("neighbours_reversed", r"\frac{\partial \operatorname{tr}(A X^{-1} B)}{\partial X}"
              r" = -X^{-\top} B^\top A^\top X^{-\top}",
              mistake="transposed the neighbours of X^{-1} but kept the wrong order (type-checks only for square "
              "matrices)"),
    ],
)


stated(
    "cookbook.bilinear_inverse_denominator",
    title="Derivative of a^T X^{-1} b with respect to X, denominator layout",
    statement=r"\frac{\partial\, a^\top X^{-1} b}{\partial X} = -X^{-\top} a b^\top X^{-\top}"
    r" \quad \text{(denominator layout)}",
    variables={"X": INVERTIBLE},
    given=(r"X \in \mathbb{R}^{n \times n}", r"\det X \neq 0"),
    layout="denominator",
    references=(Reference(COOKBOOK, "Section 2.2, Derivatives of an Inverse"),),
    wrong=[
        wrong("transposes_dropped", r"\frac{\partial\, a^\top X^{-1} b}{\partial X} = -X^{-1} a b^\top X^{-1}",
              mistake="dropped the transposes of the inverses (right only for symmetric X)"),
        wrong("swapped_outer_product", r"\frac{\partial\, a^\top X^{-1} b}{\partial X} = -X^{-\top} b a^\top X^{-\top}",
              mistake="swapped the factors of the outer product"),
    ],
)


# --- traces and norms of a matrix --------------------------------------------------------------------------------


stated(
    "cookbook.trace_xaxt_denominator",
    title="Derivative of tr(X A X^T) with respect to X for a general square A, denominator layout",
    statement=r"\frac{\partial \operatorname{tr}(X A X^\top)}{\partial X} = X (A + A^\top)"
    r" \quad \text{(denominator layout)}",
    given=(r"A \in \mathbb{R}^{n \times n}", r"X \in \mathbb{R}^{m \times n}"),
    layout="denominator",
    references=(Reference(COOKBOOK, "Section 2.5, Derivatives of Traces"),),
    wrong=[
        wrong("symmetric_formula", r"\frac{\partial \operatorname{tr}(X A X^\top)}{\partial X} = 2 X A",
              mistake="used the symmetric-A formula 2XA for a general A"),
        wrong("left_multiplied", r"\frac{\partial \operatorname{tr}(X A X^\top)}{\partial X} = (A + A^\top) X",
              mistake="put A + A^T on the left, as for tr(X^T A X) (type-checks only for square X)"),
        wrong("half_the_terms", r"\frac{\partial \operatorname{tr}(X A X^\top)}{\partial X} = X A",
              mistake="differentiated only one of the two factors of X"),
    ],
)


stated(
    "cookbook.trace_x_squared_denominator",
    title="Derivative of tr(X^2) with respect to X, denominator layout",
    statement=r"\frac{\partial \operatorname{tr}(X^2)}{\partial X} = 2 X^\top \quad \text{(denominator layout)}",
    given=(r"X \in \mathbb{R}^{n \times n}",),
    layout="denominator",
    references=(Reference(COOKBOOK, "Section 2.5, Derivatives of Traces"),),
    wrong=[
        wrong("transpose_dropped", r"\frac{\partial \operatorname{tr}(X^2)}{\partial X} = 2 X"
              r" \quad \text{(denominator layout)}",
              mistake="treated tr(X^2) like ||X||_F^2 = tr(X^T X); the two agree only for symmetric X"),
        wrong("missing_factor_two", r"\frac{\partial \operatorname{tr}(X^2)}{\partial X} = X^\top",
              mistake="differentiated only one of the two factors of X"),
    ],
)


stated(
    "cookbook.frobenius_squared_denominator",
    title="Derivative of the squared Frobenius norm, denominator layout",
    statement=r"\frac{\partial \lVert X \rVert_F^2}{\partial X} = 2 X \quad \text{(denominator layout)}",
    layout="denominator",
    references=(Reference(COOKBOOK, "Section 2.7, Derivatives of Matrix norms"),),
    wrong=[
        wrong("missing_factor_two", r"\frac{\partial \lVert X \rVert_F^2}{\partial X} = X",
              mistake="dropped the 2 (that is the derivative of ||X||_F^2 / 2)"),
        wrong("trace_square", r"\frac{\partial \lVert X \rVert_F^2}{\partial X} = 2 X^\top"
              r" \quad \text{(denominator layout)}",
              mistake="confused ||X||_F^2 = tr(X^T X) with tr(X^2), whose derivative is 2X^T "
              "(type-checks only for square X)"),
    ],
)


stated(
    "cookbook.quadratic_xtx_gram_denominator",
    title="Derivative of a^T X^T X b with respect to X, denominator layout",
    statement=r"\frac{\partial\, a^\top X^\top X b}{\partial X} = X (a b^\top + b a^\top)"
    r" \quad \text{(denominator layout)}",
    given=(r"X \in \mathbb{R}^{m \times n}", r"a, b \in \mathbb{R}^n"),
    layout="denominator",
    references=(Reference(COOKBOOK, "Section 2.4.2, Second Order"),),
    wrong=[
        wrong("symmetric_formula", r"\frac{\partial\, a^\top X^\top X b}{\partial X} = 2 X a b^\top",
              mistake="doubled one outer product, as if a b^T were symmetric"),
        wrong("half_the_terms", r"\frac{\partial\, a^\top X^\top X b}{\partial X} = X a b^\top",
              mistake="differentiated only one of the two factors of X"),
    ],
)


# --- gradients of vector norms and quadratic forms --------------------------------------------------------------


stated(
    "cookbook.grad_squared_norm_denominator",
    title="Gradient of x^T x, denominator layout",
    statement=r"\frac{\partial\, x^\top x}{\partial x} = 2 x \quad \text{(denominator layout)}",
    layout="denominator",
    references=(Reference(COOKBOOK, "Section 2.4.2, Second Order"),),
    wrong=[
        wrong("missing_factor_two", r"\frac{\partial\, x^\top x}{\partial x} = x",
              mistake="dropped the 2 (that is the gradient of x^T x / 2)"),
        wrong("row_vector", r"\frac{\partial\, x^\top x}{\partial x} = 2 x^\top \quad \text{(denominator layout)}",
              mistake="gave the numerator-layout row in denominator layout"),
    ],
)


stated(
    "cookbook.grad_residual_norm_denominator",
    title="Gradient of the residual norm ||Ax - b||_2 away from Ax = b, denominator layout",
    statement=r"\frac{\partial \lVert A x - b \rVert_2}{\partial x} = \frac{A^\top (A x - b)}{\lVert A x - b \rVert_2}"
    r" \quad \text{(denominator layout)}",
    given=(r"A \in \mathbb{R}^{m \times n}", r"\lVert A x - b \rVert_2 > 0.5"),
    layout="denominator",
    references=(Reference(COOKBOOK, "Section 2.6.1, Two-norm"),),
    wrong=[
        wrong("squared_norm_gradient", r"\frac{\partial \lVert A x - b \rVert_2}{\partial x} = 2 A^\top (A x - b)",
              mistake="gave the gradient of the squared norm ||Ax - b||^2"),
        wrong("squared_denominator", r"\frac{\partial \lVert A x - b \rVert_2}{\partial x}"
              r" = \frac{A^\top (A x - b)}{\lVert A x - b \rVert_2^2}",
              mistake="divided by the squared norm"),
        wrong("inner_jacobian_dropped", r"\frac{\partial \lVert A x - b \rVert_2}{\partial x}"
              r" = \frac{A x - b}{\lVert A x - b \rVert_2}",
              mistake="forgot the Jacobian A^T of the inner map (type-checks only for square A)"),
    ],
)


stated(
    "cookbook.grad_weighted_residual_denominator",
    title="Gradient of (Ax - b)^T C (Ax - b) for a general square C, denominator layout",
    statement=r"\frac{\partial\, (A x - b)^\top C (A x - b)}{\partial x} = A^\top (C + C^\top) (A x - b)"
    r" \quad \text{(denominator layout)}",
    given=(r"A \in \mathbb{R}^{m \times n}", r"C \in \mathbb{R}^{m \times m}"),
    layout="denominator",
    references=(Reference(COOKBOOK, "Section 2.4.2, Second Order"),),
    wrong=[
        wrong("symmetric_formula", r"\frac{\partial\, (A x - b)^\top C (A x - b)}{\partial x} = 2 A^\top C (A x - b)",
              mistake="used the symmetric-C formula 2A^T C (Ax - b) for a general C"),
        wrong("half_the_terms", r"\frac{\partial\, (A x - b)^\top C (A x - b)}{\partial x} = A^\top C (A x - b)",
              mistake="differentiated only the right-hand factor, as if (Ax - b)^T C were constant"),
    ],
)


# --- inverses and determinants of updated matrices ---------------------------------------------------------------


stated(
    "cookbook.woodbury",
    title="The Woodbury identity for a symmetric low-rank update of an SPD matrix",
    statement=r"(A + U C U^\top)^{-1} = A^{-1} - A^{-1} U (C^{-1} + U^\top A^{-1} U)^{-1} U^\top A^{-1}",
    # SPD A and C keep every inverse well conditioned (C^{-1} + U^T A^{-1} U is SPD too): with merely
    # invertible ones, nearly singular draws make the right side cancel catastrophically.
    variables={"A": SPDMatrix(n, min_eigenvalue=0.5), "C": SPDMatrix(k, min_eigenvalue=0.5),
               "U": Matrix(n, k, min=-2, max=2)},
    given=(r"A \succ 0", r"C \succ 0"),
    references=(Reference(COOKBOOK, "Section 3.2, Exact Relations: the Woodbury identity"),),
    wrong=[
        wrong("core_not_inverted", r"(A + U C U^\top)^{-1} = A^{-1} - A^{-1} U (C + U^\top A^{-1} U)^{-1} U^\top A^{-1}",
              mistake="wrote C instead of C^{-1} in the small k x k inverse"),
        wrong("plus_sign", r"(A + U C U^\top)^{-1} = A^{-1} + A^{-1} U (C^{-1} + U^\top A^{-1} U)^{-1} U^\top A^{-1}",
              mistake="added the correction instead of subtracting it"),
        wrong("inverses_dropped", r"(A + U C U^\top)^{-1} = A^{-1} - U (C^{-1} + U^\top A^{-1} U)^{-1} U^\top",
              mistake="forgot the factors A^{-1} around the low-rank correction"),
    ],
)


stated(
    "cookbook.push_through",
    title="The push-through identity (I + AB)^{-1} A = A (I + BA)^{-1}",
    statement=r"(I + A B)^{-1} A = A (I + B A)^{-1}",
    given=(r"\det(I + A B) \neq 0",),
    references=(Reference(COOKBOOK, "Section 3.2, Exact Relations: the Searle set of identities"),),
    wrong=[
        wrong("same_product", r"(I + A B)^{-1} A = A (I + A B)^{-1}",
              mistake="moved A to the other side without swapping the product AB to BA (type-checks only for "
              "square matrices)"),
        wrong("swapped_on_same_side", r"(I + A B)^{-1} A = (I + B A)^{-1} A",
              mistake="swapped the product to BA but left A on the right"),
    ],
)


stated(
    "cookbook.matrix_determinant_lemma",
    title="The matrix determinant lemma: the determinant after a rank-one update",
    statement=r"\det(A + u v^\top) = (1 + v^\top A^{-1} u) \det A",
    given=(r"A \in \mathbb{R}^{n \times n}", r"\det A \neq 0"),
    references=(Reference(COOKBOOK, "Section 1.2, Determinant: det(I + u v^T) = 1 + u^T v"),),
    wrong=[
        wrong("additive", r"\det(A + u v^\top) = \det A + v^\top A^{-1} u",
              mistake="added the correction to det A instead of multiplying det A by 1 + v^T A^{-1} u"),
        wrong("inverse_dropped", r"\det(A + u v^\top) = (1 + v^\top u) \det A",
              mistake="forgot A^{-1} in the correction (right only for A = I)"),
    ],
)


# --- log-sum-exp and softmax -------------------------------------------------------------------------------------


stated(
    "cookbook.log_sum_exp_gradient",
    title="The gradient of log-sum-exp is the softmax",
    statement=r"\nabla_x \log \sum_i e^{x_i} = \operatorname{softmax}(x)",
    variables={"x": LOGITS},
    references=(Reference(BOYD, "Section 3.1.5"),),
    wrong=[
        wrong("unnormalised", r"\nabla_x \log \sum_i e^{x_i} = e^{x}",
              mistake="forgot the derivative of the logarithm, which divides by the sum"),
        wrong("log_softmax", r"\nabla_x \log \sum_i e^{x_i} = \log \operatorname{softmax}(x)",
              mistake="kept the logarithm, giving the log-softmax"),
    ],
)


stated(
    "cookbook.log_sum_exp_hessian",
    title="The Hessian of log-sum-exp is diag(s) - s s^T with s the softmax",
    statement=r"\nabla^2_x \log \sum_i e^{x_i} = \operatorname{diag}(s) - s s^\top, \quad s = \operatorname{softmax}(x)",
    variables={"x": LOGITS},
    given=(r"s = \operatorname{softmax}(x)",),
    layout="denominator",  # the Hessian is symmetric, so both layouts agree
    references=(Reference(BOYD, "Section 3.1.5"),),
    wrong=[
        wrong("diagonal_only", r"\nabla^2_x \log \sum_i e^{x_i} = \operatorname{diag}(s),"
              r" \quad s = \operatorname{softmax}(x)",
              mistake="differentiated the softmax entrywise, dropping the -s s^T from its normalisation"),
        wrong("sign_flipped", r"\nabla^2_x \log \sum_i e^{x_i} = s s^\top - \operatorname{diag}(s),"
              r" \quad s = \operatorname{softmax}(x)",
              mistake="flipped the sign (log-sum-exp is convex: its Hessian is positive semidefinite)"),
    ],
)


stated(
    "cookbook.log_sum_exp_bounds",
    title="Log-sum-exp is a smooth maximum: max_i x_i <= LSE(x) <= max_i x_i + log n",
    statement=r"\max_i x_i \le \log \sum_{i=1}^n e^{x_i} \le \max_i x_i + \log n",
    variables={"x": LOGITS},
    references=(Reference(BOYD, "Section 3.1.5"),),
    wrong=[
        wrong("no_log_n", r"\log \sum_{i=1}^n e^{x_i} \le \max_i x_i",
              mistake="took log-sum-exp to be below the maximum it smooths; it overshoots it by up to log n"),
        wrong("log_n_as_lower_bound", r"\max_i x_i + \log n \le \log \sum_{i=1}^n e^{x_i}",
              mistake="took the worst-case overshoot log n (reached when all entries are equal) as a lower bound"),
    ],
)


stated(
    "cookbook.log_sum_exp_shift",
    title="Log-sum-exp of shifted entries: LSE(x + c 1) = LSE(x) + c",
    statement=r"\log \sum_{i=1}^n e^{x_i + c} = c + \log \sum_{i=1}^n e^{x_i}",
    variables={"x": LOGITS, "c": Real(-5, 5, min_abs=0.1)},
    references=(Reference(BOYD, "Section 3.1.5"),),
    wrong=[
        wrong("shift_invariant", r"\log \sum_{i=1}^n e^{x_i + c} = \log \sum_{i=1}^n e^{x_i}",
              mistake="carried over the shift invariance of the softmax to log-sum-exp, which moves with the shift"),
        wrong("shift_per_term", r"\log \sum_{i=1}^n e^{x_i + c} = n c + \log \sum_{i=1}^n e^{x_i}",
              mistake="pulled the shift out of every term of the sum, as if the logarithm of a sum were a sum"),
    ],
)


stated(
    "cookbook.softmax_temperature_bounds",
    title="A softmax at temperature T is within a factor e^{(max z - min z)/T} of uniform",
    statement=r"\frac{1}{n} e^{-(\max_j z_j - \min_j z_j) / T} \le \min_i \operatorname{softmax}(z / T)_i"
    r" \le \max_i \operatorname{softmax}(z / T)_i \le \frac{1}{n} e^{(\max_j z_j - \min_j z_j) / T}",
    variables={"z": LOGITS, "T": TEMPERATURE},
    wrong=[
        wrong("temperature_multiplies",
              r"\max_i \operatorname{softmax}(z / T)_i \le \frac{1}{n} e^{T (\max_j z_j - \min_j z_j)}",
              mistake="multiplied the logit range by T instead of dividing by it (a large T flattens the softmax)"),
        wrong("uniform_bounds_max", r"\max_i \operatorname{softmax}(z / T)_i \le \frac{1}{n}",
              mistake="took a finite temperature to give the uniform distribution; it only tends to it as T grows"),
    ],
)


stated(
    "cookbook.softmax_temperature_flattens",
    title="Raising the temperature above 1 lowers the largest softmax probability",
    statement=r"\max_i \operatorname{softmax}(z / T)_i \le \max_i \operatorname{softmax}(z)_i, \quad T \ge 1",
    variables={"z": LOGITS, "T": HOT},
    given=(r"T \ge 1",),
    wrong=[
        wrong("sharpens", r"\max_i \operatorname{softmax}(z / T)_i \ge \max_i \operatorname{softmax}(z)_i, \quad T \ge 1",
              mistake="took a high temperature to sharpen the distribution; it is a low temperature (T < 1) that "
              "does"),
    ],
)


stated(
    "cookbook.logit_of_sigmoid",
    title="The logit inverts the sigmoid: log(sigma(x) / (1 - sigma(x))) = x",
    statement=r"\log \frac{\sigma(x)}{1 - \sigma(x)} = x",
    variables={"x": Real(-10, 10)},  # 1 - sigma(x) loses digits beyond |x| = 10
    wrong=[
        wrong("ratio_flipped", r"\log \frac{1 - \sigma(x)}{\sigma(x)} = x",
              mistake="inverted the odds: log((1 - p) / p) is -logit(p)"),
        wrong("log_dropped", r"\frac{\sigma(x)}{1 - \sigma(x)} = x",
              mistake="forgot the logarithm: the odds sigma(x) / (1 - sigma(x)) are e^x"),
    ],
)


# --- rules course sheets state that the ones above do not cover ----------------------------------


stated(
    "cookbook.trace_axbxt_denominator",
    title="Derivative of tr(A X B X^T) with respect to X, denominator layout",
    statement=r"\frac{\partial \operatorname{tr}(A X B X^\top)}{\partial X} = A^\top X B^\top + A X B"
    r" \quad \text{(denominator layout)}",
    given=(r"A \in \mathbb{R}^{m \times m}", r"B \in \mathbb{R}^{n \times n}", r"X \in \mathbb{R}^{m \times n}"),
    layout="denominator",
    references=(Reference(COOKBOOK, "Section 2.5, eq. (117)"),),
    wrong=[
        wrong("symmetrised_b", r"\frac{\partial \operatorname{tr}(A X B X^\top)}{\partial X} = A^\top X (B + B^\top)",
              mistake="factored A^T X out of both terms, as if A were symmetric: the second term is A X B"),
        wrong("one_factor", r"\frac{\partial \operatorname{tr}(A X B X^\top)}{\partial X} = A X B",
              mistake="differentiated only one of the two factors of X"),
    ],
)


stated(
    "cookbook.affine_bilinear_gradient_denominator",
    title="Gradient of (Ax + b)^T C (Dx + e), denominator layout",
    statement=r"\nabla_x (A x + b)^\top C (D x + e) = D^\top C^\top (A x + b) + A^\top C (D x + e)",
    given=(r"x \in \mathbb{R}^{n}", r"A, D \in \mathbb{R}^{m \times n}", r"C \in \mathbb{R}^{m \times m}"),
    references=(Reference(COOKBOOK, "Section 2.4.2, eq. (90)"),),
    wrong=[
        wrong("transpose_dropped", r"\nabla_x (A x + b)^\top C (D x + e) = D^\top C (A x + b) + A^\top C (D x + e)",
              mistake="dropped the transpose of C in the term that differentiates the right factor"),
        wrong("one_factor", r"\nabla_x (A x + b)^\top C (D x + e) = A^\top C (D x + e)",
              mistake="differentiated only the left factor (the product rule has two terms)"),
    ],
)


stated(
    "cookbook.half_residual_norm_gradient_denominator",
    title="Gradient of half the squared residual norm, denominator layout",
    statement=r"\nabla_x \frac{1}{2} \lVert A x - b \rVert^2 = A^\top (A x - b)",
    given=(r"x \in \mathbb{R}^{n}", r"A \in \mathbb{R}^{m \times n}"),
    references=(Reference(BOYD, "Section A.4.1"),),
    wrong=[
        wrong("factor_two_kept", r"\nabla_x \frac{1}{2} \lVert A x - b \rVert^2 = 2 A^\top (A x - b)",
              mistake="kept the 2 of the square although the 1/2 cancels it"),
        wrong("transpose_dropped", r"\nabla_x \frac{1}{2} \lVert A x - b \rVert^2 = A^\top A x - b",
              mistake="distributed A^T over the residual but forgot it on b"),
    ],
)
