"""Linear algebra: transposes, inverses, traces and determinants of products, and a few classic formulas.

Every claim is stated in LaTeX alone (``stated``): the notation layer infers the shapes (rectangular
where the statement allows it, square where a determinant, an inverse or a mistake needs it) and
checks both sides numerically. Examples where a matrix is singular are outside the statement's domain
and skipped, never counterexamples. A wrong variant that only type-checks for square matrices (``A^T B^T``
for ``(AB)^T``) is inferred with square shapes.
"""

from __future__ import annotations

from mlverify.claims import stated, wrong
from mlverify.domains import Dim, SymmetricMatrix

# --- transposes and inverses of products ------------------------------------------------------


stated(
    "linear_algebra.transpose_of_product",
    title="Transpose of a product",
    statement=r"(A B)^\top = B^\top A^\top",
    wrong=[
        wrong("same_order", r"(A B)^\top = A^\top B^\top",
              mistake="transposed each factor but kept their order"),
        wrong("factors_swapped", r"(A B)^\top = B A",
              mistake="reversed the order of the factors but forgot to transpose them"),
    ],
)


stated(
    "linear_algebra.inverse_of_product",
    title="Inverse of a product of invertible matrices",
    statement=r"(A B)^{-1} = B^{-1} A^{-1}",
    given=(r"A, B \in \mathbb{R}^{n \times n}", r"\det A \neq 0", r"\det B \neq 0"),
    wrong=[
        wrong("same_order", r"(A B)^{-1} = A^{-1} B^{-1}",
              mistake="inverted each factor but kept their order"),
        wrong("factors_swapped", r"(A B)^{-1} = B A",
              mistake="reversed the order of the factors but forgot to invert them"),
    ],
)


stated(
    "linear_algebra.inverse_of_transpose",
    title="The inverse of the transpose is the transpose of the inverse",
    statement=r"(A^\top)^{-1} = (A^{-1})^\top",
    given=(r"A \in \mathbb{R}^{n \times n}", r"\det A \neq 0"),
    wrong=[
        wrong("transpose_dropped", r"(A^\top)^{-1} = A^{-1}",
              mistake="dropped the transpose (right only for symmetric A)"),
    ],
)


stated(
    "linear_algebra.inverse_2x2",
    title="Inverse of a 2 x 2 matrix",
    statement=r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}^{-1} = \frac{1}{a d - b c}"
    r" \begin{pmatrix} d & -b \\ -c & a \end{pmatrix}",
    given=(r"a d - b c \neq 0",),
    wrong=[
        wrong("diagonal_not_swapped", r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}^{-1} = \frac{1}{a d - b c}"
              r" \begin{pmatrix} a & -b \\ -c & d \end{pmatrix}",
              mistake="negated the off-diagonal entries but forgot to swap the diagonal ones"),
        wrong("off_diagonal_swapped", r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}^{-1} = \frac{1}{a d - b c}"
              r" \begin{pmatrix} d & -c \\ -b & a \end{pmatrix}",
              mistake="swapped the off-diagonal entries as well, as if transposing the adjugate"),
        wrong("determinant_sign", r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}^{-1} = \frac{1}{a d + b c}"
              r" \begin{pmatrix} d & -b \\ -c & a \end{pmatrix}",
              mistake="added the products of the diagonals instead of subtracting them"),
        wrong("determinant_dropped", r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}^{-1}"
              r" = \begin{pmatrix} d & -b \\ -c & a \end{pmatrix}",
              mistake="forgot to divide the adjugate by the determinant"),
    ],
)


stated(
    "linear_algebra.sherman_morrison",
    title="Sherman-Morrison: the inverse after a rank-one update",
    statement=r"(A + u v^\top)^{-1} = A^{-1} - \frac{A^{-1} u v^\top A^{-1}}{1 + v^\top A^{-1} u}",
    given=(r"A \in \mathbb{R}^{n \times n}", r"\det A \neq 0", r"1 + v^\top A^{-1} u \neq 0"),
    wrong=[
        wrong("plus_sign", r"(A + u v^\top)^{-1} = A^{-1} + \frac{A^{-1} u v^\top A^{-1}}{1 + v^\top A^{-1} u}",
              mistake="added the correction instead of subtracting it"),
        wrong("missing_one", r"(A + u v^\top)^{-1} = A^{-1} - \frac{A^{-1} u v^\top A^{-1}}{v^\top A^{-1} u}",
              mistake="dropped the 1 in the denominator"),
        wrong("inverse_dropped", r"(A + u v^\top)^{-1} = A^{-1} - \frac{u v^\top}{1 + v^\top A^{-1} u}",
              mistake="forgot the factors A^{-1} around the rank-one term"),
    ],
)


# --- traces ---------------------------------------------------------------------------------


stated(
    "linear_algebra.trace_cyclic",
    title="The trace of a product is invariant under swapping the factors",
    statement=r"\operatorname{tr}(A B) = \operatorname{tr}(B A)",
    wrong=[
        wrong("product_of_traces", r"\operatorname{tr}(A B) = \operatorname{tr}(A) \operatorname{tr}(B)",
              mistake="took the trace to be multiplicative, like the determinant"),
        wrong("sum_of_traces", r"\operatorname{tr}(A B) = \operatorname{tr}(A) + \operatorname{tr}(B)",
              mistake="confused the trace of a product with the trace of a sum"),
    ],
)


stated(
    "linear_algebra.frobenius_trace",
    title="The squared Frobenius norm is the trace of A^T A",
    statement=r"\lVert A \rVert_F^2 = \operatorname{tr}(A^\top A)",
    wrong=[
        wrong("trace_squared", r"\lVert A \rVert_F^2 = \operatorname{tr}(A)^2",
              mistake="squared the trace, which sums only the diagonal (and mixes its signs)"),
        wrong("trace_of_square", r"\lVert A \rVert_F^2 = \operatorname{tr}(A^2)",
              mistake="forgot the transpose: tr(A A) pairs a_ij with a_ji, not with itself"),
    ],
)


stated(
    "linear_algebra.trace_eigenvalues_symmetric",
    title="The trace of a symmetric matrix is the sum of its eigenvalues",
    statement=r"\operatorname{tr}(A) = \sum_{i=1}^{n} \lambda_i",
    given=(r"A = A^\top", r"\lambda = \operatorname{eig}(A)"),
    wrong=[
        wrong("product", r"\operatorname{tr}(A) = \prod_{i=1}^{n} \lambda_i",
              mistake="multiplied the eigenvalues (that is the determinant)"),
    ],
)


# --- determinants -----------------------------------------------------------------------------


stated(
    "linear_algebra.det_product",
    title="The determinant is multiplicative",
    statement=r"\det(A B) = \det(A) \det(B)",
    wrong=[
        wrong("additive", r"\det(A + B) = \det(A) + \det(B)",
              mistake="took the determinant to be additive"),
        wrong("sum_of_determinants", r"\det(A B) = \det(A) + \det(B)",
              mistake="added the determinants of the factors instead of multiplying them"),
    ],
)


stated(
    "linear_algebra.det_scalar_multiple",
    title="Determinant of a scalar multiple of an n x n matrix",
    statement=r"\det(c A) = c^n \det(A), \quad A \in \mathbb{R}^{n \times n}",
    given=(r"A \in \mathbb{R}^{n \times n}",),
    wrong=[
        wrong("linear_in_scalar", r"\det(c A) = c \det(A), \quad A \in \mathbb{R}^{n \times n}",
              mistake="pulled the scalar out once, as if the determinant were linear in the whole matrix"),
        wrong("times_n", r"\det(c A) = n c \det(A), \quad A \in \mathbb{R}^{n \times n}",
              mistake="multiplied by n c instead of raising c to the n-th power"),
    ],
)


stated(
    "linear_algebra.det_inverse",
    title="Determinant of the inverse",
    statement=r"\det(A^{-1}) = \frac{1}{\det(A)}",
    given=(r"A \in \mathbb{R}^{n \times n}", r"\det A \neq 0"),
    wrong=[
        wrong("unchanged", r"\det(A^{-1}) = \det(A)",
              mistake="treated inversion like transposition, which leaves the determinant unchanged"),
        wrong("negated", r"\det(A^{-1}) = -\det(A)",
              mistake="took the inverse of the determinant to be its negative"),
    ],
)


stated(
    "linear_algebra.det_transpose",
    title="A matrix and its transpose have the same determinant",
    statement=r"\det(A^\top) = \det(A)",
    wrong=[
        wrong("negated", r"\det(A^\top) = -\det(A)",
              mistake="thought transposing flips the sign, as swapping two rows does"),
        wrong("reciprocal", r"\det(A^\top) = \frac{1}{\det(A)}",
              mistake="treated the transpose as the inverse (true only for orthogonal matrices)"),
    ],
)


stated(
    "linear_algebra.det_eigenvalues_symmetric",
    title="The determinant of a symmetric matrix is the product of its eigenvalues",
    statement=r"\det(A) = \prod_{i=1}^{n} \lambda_i",
    given=(r"A = A^\top", r"\lambda = \operatorname{eig}(A)"),
    wrong=[
        wrong("sum", r"\det(A) = \sum_{i=1}^{n} \lambda_i",
              mistake="added the eigenvalues (that is the trace)"),
    ],
)

stated(
    "linear_algebra.trace_additive",
    title="The trace is additive",
    statement=r"\operatorname{tr}(A + B) = \operatorname{tr}(A) + \operatorname{tr}(B)",
    given=(r"A, B \in \mathbb{R}^{n \times n}",),
    wrong=[
        wrong("product_of_traces", r"\operatorname{tr}(A + B) = \operatorname{tr}(A)\,\operatorname{tr}(B)",
              mistake="took the trace to be multiplicative over a sum (as the determinant is over a product)"),
    ],
)

stated(
    "linear_algebra.trace_scalar_multiple",
    title="The trace of a scalar multiple",
    statement=r"\operatorname{tr}(c A) = c\, \operatorname{tr}(A)",
    given=(r"A \in \mathbb{R}^{n \times n}",),
    wrong=[
        wrong("power_of_dimension", r"\operatorname{tr}(c A) = c^n \operatorname{tr}(A)",
              mistake="used the determinant's rule det(cA) = c^n det(A): the trace is linear"),
    ],
)

stated(
    "linear_algebra.trace_cyclic_three",
    title="The trace of a product of three matrices is invariant under cyclic shifts",
    statement=r"\operatorname{tr}(A B C) = \operatorname{tr}(C A B)",
    given=(r"A, B, C \in \mathbb{R}^{n \times n}",),
    wrong=[
        wrong("any_permutation", r"\operatorname{tr}(A B C) = \operatorname{tr}(A C B)",
              mistake="permuted the factors freely: only cyclic shifts keep the trace (for square factors)"),
    ],
)


stated(
    "linear_algebra.trace_transpose",
    title="A square matrix and its transpose have the same trace",
    statement=r"\operatorname{tr}(A) = \operatorname{tr}(A^\top)",
    given=(r"A \in \mathbb{R}^{n \times n}",),
    wrong=[
        wrong("product_with_transpose", r"\operatorname{tr}(A) = \operatorname{tr}(A^\top A)",
              mistake="confused tr(A^T) with tr(A^T A), the squared Frobenius norm"),
    ],
)


stated(
    "linear_algebra.psd_quadratic_form_nonnegative",
    title="A quadratic form of a positive semidefinite matrix is nonnegative",
    statement=r"x^\top A x \ge 0",
    given=(r"A \succeq 0", r"x \in \mathbb{R}^{n}"),
    wrong=[
        wrong("symmetric_suffices", r"x^\top S x \ge 0",
              variables={"S": SymmetricMatrix(Dim("n", 2, 3))},
              mistake="took a symmetric matrix to be positive semidefinite: its eigenvalues may be negative"),
    ],
)
