"""Vectors and matrices, built directly inside their sets (SPD, orthogonal, simplex, ...).

Every structured matrix is a map of a freely drawn one, so Hypothesis shrinks the free
draw toward zero and the structure survives shrinking: no ``assume`` is ever needed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mlverify.domains._base import Dim, Domain, Drawn, Sizes, finite_floats, float_arrays
from mlverify.errors import InvalidDomainError

Array = np.ndarray[Any, np.dtype[np.float64]]


def _log_weights(shape: tuple[int, ...], smallest: float) -> st.SearchStrategy[Array]:
    """Log-weights drawn as a whole array: Hypothesis's array strategy often repeats one value and varies a
    few, which puts points near a vertex or an edge of the simplex, where KL and JS bounds are tight."""
    return hnp.arrays(np.float64, shape, elements=finite_floats(float(np.log(smallest)), 0.0))


class _Entries(Domain):
    """Shared bounds on the freely drawn entries."""

    def __init__(self, min: float, max: float) -> None:
        if min >= max:
            raise InvalidDomainError(f"entries need min < max, got min={min}, max={max}")
        self.min, self.max = float(min), float(max)

    def _bounds(self) -> str:
        return f"entries in [{self.min:g}, {self.max:g}]"


class Vector(_Entries):
    """A vector in R^dim; ``min_norm`` keeps it away from 0 (for x / ||x||) without filtering."""

    def __init__(self, dim: Dim, *, min: float = -5.0, max: float = 5.0, min_norm: float = 0.0) -> None:
        super().__init__(min, max)
        if min_norm < 0 or min_norm > max:
            raise InvalidDomainError(f"Vector(min_norm={min_norm}) must lie in [0, max={max}]")
        self.dim, self.min_norm = dim, min_norm

    def describe(self) -> str:
        extra = f", norm >= {self.min_norm:g}" if self.min_norm else ""
        return f"a vector in R^{self.dim} ({self._bounds()}{extra})"

    def dims(self) -> tuple[Dim, ...]:
        return (self.dim,)

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Array]:
        values = float_arrays((sizes[self.dim.name],), self.min, self.max)
        return values.map(self._away_from_zero) if self.min_norm else values

    def _away_from_zero(self, v: Array) -> Array:
        if np.linalg.norm(v) >= self.min_norm:
            return v
        pushed = v.copy()
        pushed[0] = self.min_norm
        return pushed


class Matrix(_Entries):
    """A general real matrix in R^{rows x cols}."""

    def __init__(self, rows: Dim, cols: Dim, *, min: float = -5.0, max: float = 5.0) -> None:
        super().__init__(min, max)
        self.rows, self.cols = rows, cols

    def describe(self) -> str:
        return f"a matrix in R^({self.rows} x {self.cols}) ({self._bounds()})"

    def dims(self) -> tuple[Dim, ...]:
        return (self.rows, self.cols)

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Array]:
        return float_arrays((sizes[self.rows.name], sizes[self.cols.name]), self.min, self.max)


class _Square(_Entries):
    def __init__(self, n: Dim, *, min: float = -3.0, max: float = 3.0) -> None:
        super().__init__(min, max)
        self.n = n

    def dims(self) -> tuple[Dim, ...]:
        return (self.n,)

    def shape(self) -> tuple[Dim, ...]:
        return (self.n, self.n)

    def _free(self, sizes: Sizes) -> st.SearchStrategy[Array]:
        n = sizes[self.n.name]
        return float_arrays((n, n), self.min, self.max)


class SymmetricMatrix(_Square):
    """A symmetric matrix (B + B^T) / 2."""

    def describe(self) -> str:
        return f"a symmetric {self.n} x {self.n} matrix"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Array]:
        return self._free(sizes).map(lambda b: (b + b.T) / 2)


class SPDMatrix(_Square):
    """A symmetric positive definite matrix B B^T + lambda I, with lambda_min >= min_eigenvalue."""

    def __init__(self, n: Dim, *, min_eigenvalue: float = 0.1, min: float = -2.0, max: float = 2.0) -> None:
        super().__init__(n, min=min, max=max)
        if min_eigenvalue <= 0:
            raise InvalidDomainError(f"SPDMatrix(min_eigenvalue={min_eigenvalue}) must be > 0")
        self.min_eigenvalue = min_eigenvalue

    def describe(self) -> str:
        return f"a symmetric positive definite {self.n} x {self.n} matrix (eigenvalues >= {self.min_eigenvalue:g})"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Array]:
        n = sizes[self.n.name]
        return self._free(sizes).map(lambda b: b @ b.T + self.min_eigenvalue * np.eye(n))


class PSDMatrix(_Square):
    """A positive semidefinite matrix B B^T with B of n x k, k <= n drawn, so singular ones appear."""

    def describe(self) -> str:
        return f"a positive semidefinite {self.n} x {self.n} matrix (possibly singular)"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Array]:
        n = sizes[self.n.name]
        factors = st.integers(0, n).flatmap(lambda k: float_arrays((n, k), self.min, self.max))
        return factors.map(lambda b: b @ b.T)


class OrthogonalMatrix(_Square):
    """An orthogonal matrix: the Q of a QR factorisation, signs fixed so the map is deterministic."""

    def describe(self) -> str:
        return f"an orthogonal {self.n} x {self.n} matrix"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Array]:
        return self._free(sizes).map(_orthogonal_factor)


def _orthogonal_factor(b: Array) -> Array:
    q, r = np.linalg.qr(b)
    signs = np.where(np.diag(r) < 0, -1.0, 1.0)
    return np.asarray(q * signs, dtype=np.float64)


class OrthonormalColumns(Matrix):
    """A rows x cols matrix with orthonormal columns (Q^T Q = I, the U of a thin SVD): none exists with fewer
    rows than columns, so such sizes draw nothing."""

    def describe(self) -> str:
        return f"a {self.rows} x {self.cols} matrix with orthonormal columns"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Array]:
        if sizes[self.rows.name] < sizes[self.cols.name]:
            return st.nothing()
        return super().strategy(sizes, drawn).map(_orthogonal_factor)


class PermutationMatrix(_Square):
    """A permutation matrix: the rows of the identity in some order."""

    def describe(self) -> str:
        return f"a {self.n} x {self.n} permutation matrix"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Array]:
        n = sizes[self.n.name]
        return st.permutations(range(n)).map(lambda order: np.eye(n)[list(order)])


class InvertibleMatrix(_Square):
    """A well-conditioned invertible matrix U diag(s) V^T with singular values in [0.5, 3] and signs."""

    def describe(self) -> str:
        return f"an invertible {self.n} x {self.n} matrix (condition number <= 6)"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Array]:
        n = sizes[self.n.name]
        scales = float_arrays((n,), 0.5, 3.0)
        signs = hnp.arrays(np.float64, (n,), elements=st.sampled_from([1.0, -1.0]))
        return st.builds(
            lambda u, s, sign, v: _orthogonal_factor(u) @ np.diag(s * sign) @ _orthogonal_factor(v).T,
            self._free(sizes), scales, signs, self._free(sizes),
        )


class SimplexPoint(Domain):
    """A point of the open probability simplex: positive weights normalised to sum to one."""

    def __init__(self, dim: Dim, *, smallest: float = 1e-3) -> None:
        if not 0 < smallest < 1:
            raise InvalidDomainError(f"SimplexPoint(smallest={smallest}) must lie in (0, 1)")
        self.dim, self.smallest = dim, smallest

    def describe(self) -> str:
        return f"a point of the open simplex in R^{self.dim}"

    def dims(self) -> tuple[Dim, ...]:
        return (self.dim,)

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Array]:
        exponents = _log_weights((sizes[self.dim.name],), self.smallest)
        return exponents.map(lambda e: np.exp(e) / np.exp(e).sum())


class JointTable(Domain):
    """A joint probability table P(X = x_i, Y = y_j): a rows x cols matrix of positive entries summing to one.

    Like ``SimplexPoint``, a free draw of log-weights normalised over the whole table, so every cell has
    probability at least ``smallest`` times the largest and the row and column sums (the marginals) are positive.
    """

    def __init__(self, rows: Dim, cols: Dim, *, smallest: float = 1e-3) -> None:
        if not 0 < smallest < 1:
            raise InvalidDomainError(f"JointTable(smallest={smallest}) must lie in (0, 1)")
        self.rows, self.cols, self.smallest = rows, cols, smallest

    def describe(self) -> str:
        return f"a joint probability table in R^({self.rows} x {self.cols}) (positive entries summing to one)"

    def dims(self) -> tuple[Dim, ...]:
        return (self.rows, self.cols)

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Array]:
        shape = (sizes[self.rows.name], sizes[self.cols.name])
        exponents = _log_weights(shape, self.smallest)
        return exponents.map(lambda e: np.exp(e) / np.exp(e).sum())


class OneHot(Domain):
    """A one-hot vector e_k in R^dim: a hard class label as a distribution."""

    def __init__(self, dim: Dim) -> None:
        self.dim = dim

    def describe(self) -> str:
        return f"a one-hot vector in R^{self.dim}"

    def dims(self) -> tuple[Dim, ...]:
        return (self.dim,)

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Array]:
        n = sizes[self.dim.name]
        return st.integers(0, n - 1).map(lambda k: np.eye(n)[k])


class LabelVector(Domain):
    """A vector of class labels, each in {0, 1} or {-1, +1}."""

    def __init__(self, dim: Dim, values: tuple[int, ...] = (0, 1)) -> None:
        if len(set(values)) < 2:
            raise InvalidDomainError(f"LabelVector(values={values}) needs two distinct labels")
        self.dim, self.values = dim, values

    def describe(self) -> str:
        return f"a vector of labels in {set(self.values)} of length {self.dim}"

    def dims(self) -> tuple[Dim, ...]:
        return (self.dim,)

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Array]:
        return hnp.arrays(np.float64, (sizes[self.dim.name],), elements=st.sampled_from(self.values))
