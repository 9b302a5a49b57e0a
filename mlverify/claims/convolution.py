"""Convolution: the convolution theorem, Toeplitz matrices, cross-correlation, shifts, sums and output lengths.

Most claims are Python properties, because the notation layer has no convolution operator, DFT or Toeplitz
matrix (and a sum such as ``\\sum_i a_{i+j-1} k_{m+1-i}`` over a kernel shorter than the signal is read as a
dot product of mismatched vectors). Each one is checked against an independent computation, never against
its own formula: a convolution written as explicit loops over its defining sum (``_circular``,
``_full``, ``_correlate``), numpy's ``np.convolve``, or the length of what numpy returns, against the DFT
(``np.fft``) or the explicitly built banded matrix of the statement. The density of a sum of independent
exponential variables is stated in LaTeX and compiled: the convolution integral on the left is computed by
quadrature.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from mlverify.claims import Evidence, Kind, Reference, claim, equal, stated, wrong
from mlverify.domains import Dim, Integer, Real, Vector

OPPENHEIM = "Oppenheim & Schafer, Discrete-Time Signal Processing (3rd ed., 2010)"
GOODFELLOW = "Goodfellow, Bengio & Courville, Deep Learning (2016)"
GRIMMETT = "Grimmett & Stirzaker, Probability and Random Processes (3rd ed., 2001)"

n = Dim("n", 2, 5)
m = Dim("m", 1, 3)
kernel_dim = Dim("m", 2, 3)  # a mistake that is harmless for a kernel of length 1, shown from m = 2 on
SIGNAL = Vector(n, min=-3, max=3)
OTHER = Vector(n, min=-3, max=3)
KERNEL = Vector(m, min=-3, max=3)
LONG_KERNEL = Vector(kernel_dim, min=-3, max=3)


def _circular(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(a ⊛ b)_j = sum_i a_i b_{(j - i) mod n}, by its defining double loop."""
    size = len(a)
    return np.array([sum(a[i] * b[(j - i) % size] for i in range(size)) for j in range(size)], dtype=float)


def _full(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """(a * k)_j = sum_i a_i k_{j - i} over the indices where both exist, by its defining double loop."""
    out = np.zeros(len(a) + len(k) - 1)
    for i, ai in enumerate(a):
        for t, kt in enumerate(k):
            out[i + t] += ai * kt
    return out


def _correlate(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The 'valid' cross-correlation (a ⋆ k)_j = sum_i a_{i + j} k_i, the kernel sliding unflipped."""
    size = len(a) - len(k) + 1
    return np.array([sum(a[i + j] * k[i] for i in range(len(k))) for j in range(size)], dtype=float)


def _reim(z: np.ndarray) -> np.ndarray:
    """A complex vector as its real parts followed by its imaginary parts, for an elementwise comparison."""
    return np.concatenate([z.real, z.imag])


# --- the convolution theorem ------------------------------------------------------------------------


def _via_dft(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.fft.ifft(np.fft.fft(a) * np.fft.fft(b)).real


@claim(
    "convolution.convolution_theorem",
    title="Convolution theorem: circular convolution is the inverse DFT of the product of the DFTs",
    statement=r"a \circledast b = \mathcal{F}^{-1}\bigl(\mathcal{F}(a) \odot \mathcal{F}(b)\bigr),"
    r" \quad (a \circledast b)_j = \sum_{i=0}^{n-1} a_i\, b_{(j - i) \bmod n}",
    variables={"a": SIGNAL, "b": OTHER},
    references=(Reference(OPPENHEIM, "Section 8.6.5"),),
    wrong=[
        wrong("pointwise_product", r"\mathcal{F}(a \odot b) = \mathcal{F}(a) \odot \mathcal{F}(b)",
              lambda a, b: equal(_reim(np.fft.fft(a * b)), _reim(np.fft.fft(a) * np.fft.fft(b))),
              mistake="swapped the two sides of the theorem: a product of DFTs is the DFT of a convolution, not"
              " of the pointwise product (that one is (1/n) times the circular convolution of the DFTs)"),
        wrong("linear_convolution", r"(a * b)_j = \mathcal{F}^{-1}\bigl(\mathcal{F}(a) \odot \mathcal{F}(b)\bigr)_j,"
              r" \quad j < n",
              lambda a, b: equal(_full(a, b)[: len(a)], _via_dft(a, b)),
              mistake="took the product of length-n DFTs for the linear convolution: without zero-padding to"
              " length 2n - 1 the tail wraps around onto the first entries"),
        wrong("normalisation_dropped", r"a \circledast b = \overline{\mathcal{F}}\bigl(\mathcal{F}(a) \odot"
              r" \mathcal{F}(b)\bigr)",
              lambda a, b: equal(_circular(a, b), np.conj(np.fft.fft(np.conj(np.fft.fft(a) * np.fft.fft(b)))).real),
              mistake="inverted the DFT by the conjugate transform without the factor 1/n"),
    ],
)
def convolution_theorem(a: np.ndarray, b: np.ndarray) -> Evidence:
    """The DFT diagonalises every circulant matrix: F(a ⊛ b)_k = sum_j sum_i a_i b_{j-i} w^{jk} = F(a)_k F(b)_k."""
    return equal(_circular(a, b), _via_dft(a, b), "circular convolution, by loops and by the DFT")


# --- convolution as a matrix product ------------------------------------------------------------------


def _banded(k: np.ndarray, size: int, offset: int, transposed: bool = False) -> np.ndarray:
    """The (size + m - 1) x size matrix with T_ij = k_{i - j + offset} (1-based, 0 outside 1..m).

    ``transposed`` reads k_{j - i + offset} instead: the band above the diagonal, as in T^T.
    """
    rows = size + len(k) - 1
    T = np.zeros((rows, size))
    for i in range(1, rows + 1):
        for j in range(1, size + 1):
            index = (j - i if transposed else i - j) + offset
            if 1 <= index <= len(k):
                T[i - 1, j - 1] = k[index - 1]
    return T


@claim(
    "convolution.toeplitz_matrix",
    title="Full convolution with a kernel is a product with its banded Toeplitz matrix",
    statement=r"a * k = T(k)\, a, \quad T(k) \in \mathbb{R}^{(n + m - 1) \times n},"
    r" \quad T(k)_{ij} = k_{i - j + 1} \ (0 \text{ outside } 1..m)",
    variables={"a": SIGNAL, "k": KERNEL},
    references=(Reference(GOODFELLOW, "Section 9.1"),),
    wrong=[
        wrong("band_transposed", r"a * k = T'(k)\, a, \quad T'(k)_{ij} = k_{j - i + 1}",
              variables={"a": SIGNAL, "k": LONG_KERNEL},
              check=lambda a, k: equal(np.convolve(a, k), _banded(k, len(a), 1, transposed=True) @ a),
              mistake="put the kernel above the diagonal, as in T^T: that matrix computes the cross-correlation"
              " sum_l k_l a_{i + l - 1}, and its last m - 1 rows are zero"),
        wrong("offset_dropped", r"a * k = T'(k)\, a, \quad T'(k)_{ij} = k_{i - j}",
              lambda a, k: equal(np.convolve(a, k), _banded(k, len(a), 0) @ a),
              mistake="mixed 0- and 1-based indices: k_{i - j} moves the band one row down, which delays the"
              " output by one entry and loses the last term k_m a_n"),
    ],
)
def toeplitz_matrix(a: np.ndarray, k: np.ndarray) -> Evidence:
    """(a * k)_i = sum_j a_j k_{i - j + 1}: row i of T holds the kernel reversed, aligned to end at column i."""
    return equal(np.convolve(a, k), _banded(k, len(a), 1) @ a, "np.convolve against T(k) a")


# --- cross-correlation ----------------------------------------------------------------------------------


@claim(
    "convolution.cross_correlation_flipped",
    title="Cross-correlation is convolution with the flipped kernel",
    statement=r"(a \star k)_j = \sum_{i=1}^{m} a_{i + j - 1} k_i = (a * \tilde k)_{j + m - 1},"
    r" \quad \tilde k_i = k_{m + 1 - i}",
    variables={"a": Vector(Dim("n", 3, 6), min=-3, max=3), "k": LONG_KERNEL},
    references=(Reference(GOODFELLOW, "Section 9.1"),),
    wrong=[
        wrong("kernel_unflipped", r"(a \star k)_j = (a * k)_{j + m - 1}",
              lambda a, k: equal(_correlate(a, k), np.convolve(a, k, mode="valid")),
              mistake="took a deep-learning 'convolution' layer (a correlation) for a convolution with the same"
              " kernel: they agree only for a symmetric kernel"),
        wrong("signal_flipped", r"a \star k = \tilde a * k, \quad \tilde a_i = a_{n + 1 - i}",
              lambda a, k: equal(_correlate(a, k), np.convolve(a[::-1], k, mode="valid")),
              mistake="flipped the signal instead of the kernel, which reverses the output order"),
    ],
)
def cross_correlation_flipped(a: np.ndarray, k: np.ndarray) -> Evidence:
    """Substituting i -> m + 1 - i in the convolution sum with the flipped kernel gives the correlation sum."""
    return equal(_correlate(a, k), np.convolve(a, k[::-1], mode="valid"), "correlation by loops, flipped convolution")


# --- shifts ----------------------------------------------------------------------------------------------


SHIFT = Integer(1, 5)


@claim(
    "convolution.shift_equivariance",
    title="Circular convolution commutes with shifts (shift equivariance)",
    statement=r"(S^s a) \circledast b = S^s (a \circledast b), \quad (S^s a)_i = a_{(i - s) \bmod n}",
    variables={"a": SIGNAL, "b": OTHER, "s": SHIFT},
    references=(Reference(GOODFELLOW, "Section 9.2"), Reference(OPPENHEIM, "Section 8.6.5")),
    wrong=[
        wrong("invariance", r"(S^s a) \circledast b = a \circledast b",
              lambda a, b, s: equal(_circular(np.roll(a, s), b), _circular(a, b)),
              mistake="took convolution to be shift invariant: shifting the input shifts the output (pooling over"
              " all positions is what makes a network invariant)"),
        wrong("opposite_shift", r"(S^s a) \circledast b = S^{-s} (a \circledast b)",
              lambda a, b, s: equal(_circular(np.roll(a, s), b), np.roll(_circular(a, b), -s)),
              mistake="shifted the output the opposite way, taking S^s for its inverse S^{-s}"),
    ],
)
def shift_equivariance(a: np.ndarray, b: np.ndarray, s: int) -> Evidence:
    """sum_i a_{i - s} b_{j - i} = sum_i a_i b_{(j - s) - i}: the index substitution i -> i + s, modulo n."""
    return equal(_circular(np.roll(a, s), b), np.roll(_circular(a, b), s), "convolution of a shifted signal")


# --- algebra of convolution --------------------------------------------------------------------------------


THREE = {"a": Vector(Dim("n", 1, 4), min=-3, max=3), "b": KERNEL, "c": Vector(Dim("p", 2, 3), min=-3, max=3)}


@claim(
    "convolution.associativity",
    title="Convolution is associative: (a * b) * c = a * (b * c)",
    statement=r"(a * b) * c = a * (b * c)",
    variables=THREE,
    references=(Reference(OPPENHEIM, "Section 2.3"),),
    wrong=[
        wrong("correlation_associative", r"(a \star b) \star c = a \star (b \star c)",
              lambda a, b, c: equal(np.correlate(np.correlate(a, b, "full"), c, "full"),
                                    np.correlate(a, np.correlate(b, c, "full"), "full")),
              mistake="carried associativity over to cross-correlation: a ⋆ b = a * flip(b), so the two sides"
              " differ by flipping c"),
    ],
)
def associativity(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> Evidence:
    """Both sides are sum over i + j + l = t of a_i b_j c_l (and the DFT of each is a product of three)."""
    return equal(_full(_full(a, b), c), _full(a, _full(b, c)), "(a * b) * c against a * (b * c), by loops")


@claim(
    "convolution.sum_of_full_convolution",
    title="The entries of a full convolution sum to the product of the sums",
    statement=r"\sum_{j=1}^{n + m - 1} (a * k)_j = \Bigl(\sum_{i=1}^{n} a_i\Bigr) \Bigl(\sum_{i=1}^{m} k_i\Bigr)",
    variables={"a": SIGNAL, "k": KERNEL},
    references=(Reference(OPPENHEIM, "Section 2.3"),),
    wrong=[
        wrong("sum_of_sums", r"\sum_{j} (a * k)_j = \sum_{i} a_i + \sum_{i} k_i",
              lambda a, k: equal(np.sum(_full(a, k)), np.sum(a) + np.sum(k)),
              mistake="added the sums: every product a_i k_l appears once, so the total factorises"),
        wrong("valid_part", r"\sum_{j} (a * k)_j^{\text{valid}} = \Bigl(\sum_{i} a_i\Bigr) \Bigl(\sum_{i} k_i\Bigr)",
              variables={"a": Vector(Dim("n", 3, 6), min=-3, max=3), "k": LONG_KERNEL},
              check=lambda a, k: equal(np.sum(_full(a, k)[len(k) - 1: len(a)]), np.sum(a) * np.sum(k)),
              mistake="summed the 'valid' output only: the boundary terms where the kernel hangs over the edge"
              " are missing"),
    ],
)
def sum_of_full_convolution(a: np.ndarray, k: np.ndarray) -> Evidence:
    """sum_j sum_i a_i k_{j - i} runs over every pair (i, l) once: sum_i a_i sum_l k_l."""
    return equal(np.sum(_full(a, k)), np.sum(a) * np.sum(k), "sum of the convolution by loops")


# --- output lengths -----------------------------------------------------------------------------------------


# Drawn freely; the valid-length claim takes the longer of the two as the signal, so that k <= n.
LENGTHS = {"n": Integer(1, 12), "k": Integer(1, 12)}


def _length(n: int, k: int, mode: Literal["full", "valid"]) -> int:
    """How many entries numpy returns for a convolution of lengths n and k in this mode."""
    return len(np.convolve(np.ones(n), np.ones(k), mode=mode))


@claim(
    "convolution.full_length",
    title="A full convolution of lengths n and k has n + k - 1 entries",
    statement=r"\operatorname{len}(a * k) = n + k - 1",
    variables=LENGTHS,
    kind=Kind.PROPERTY,  # a count of a construction, not an equation of notation
    references=(Reference(OPPENHEIM, "Section 8.7"),),
    wrong=[
        wrong("plus_one", r"\operatorname{len}(a * k) = n + k",
              lambda n, k: equal(_length(n, k, "full"), n + k),
              mistake="added the lengths: the kernel's first and last positions already overlap the signal by one"
              " entry, so there is one position fewer"),
        wrong("same_length", r"\operatorname{len}(a * k) = \max(n, k)",
              lambda n, k: equal(_length(n, k, "full"), max(n, k)),
              mistake="took the 'same' output length for the full one, which grows by k - 1"),
    ],
)
def full_length(n: int, k: int) -> Evidence:
    """(a * k)_j is non-trivial for j = i + l with 0 <= i < n, 0 <= l < k: j runs over 0, ..., n + k - 2."""
    return equal(_length(n, k, "full"), n + k - 1, "length numpy returns")


@claim(
    "convolution.valid_length",
    title="A 'valid' convolution of a length-n signal with a length-k kernel (k <= n) has n - k + 1 entries",
    statement=r"\operatorname{len}_{\text{valid}}(a * k) = n - k + 1 \quad (k \le n)",
    variables=LENGTHS,
    kind=Kind.PROPERTY,  # a count of a construction, not an equation of notation
    references=(Reference(GOODFELLOW, "Section 9.4"),),
    wrong=[
        wrong("plus_one_dropped", r"\operatorname{len}_{\text{valid}}(a * k) = n - k",
              lambda n, k: equal(_length(max(n, k), min(n, k), "valid"), max(n, k) - min(n, k)),
              mistake="counted the steps the kernel slides, not its positions (the first position is one)"),
        wrong("full_for_valid", r"\operatorname{len}_{\text{valid}}(a * k) = n + k - 1",
              lambda n, k: equal(_length(max(n, k), min(n, k), "valid"), max(n, k) + min(n, k) - 1),
              mistake="gave the full length: 'valid' keeps only positions where the kernel lies inside the signal"),
    ],
)
def valid_length(n: int, k: int) -> Evidence:
    """The kernel's first entry sits at 0, ..., n - k: n - k + 1 positions (n and k are ordered so k <= n)."""
    big, small = max(n, k), min(n, k)
    return equal(_length(big, small, "valid"), big - small + 1, "length numpy returns")


# --- densities of sums of independent variables ------------------------------------------------------------


stated(
    "convolution.exponential_sum_density",
    title="The density of the sum of two independent Exp(lambda) variables is the convolution lambda^2 t e^{-lambda t}",
    statement=r"\int_0^t f(s)\, f(t - s) \, ds = \lambda^2 t e^{-\lambda t}",
    variables={"lambda": Real(0.2, 5), "t": Real(0.05, 4)},
    given=(r"f(x) = \lambda e^{-\lambda x}",),
    references=(Reference(GRIMMETT, "Section 4.8"),),
    wrong=[
        wrong("rates_added", r"\int_0^t f(s)\, f(t - s) \, ds = 2 \lambda e^{-2 \lambda t}",
              mistake="took the sum for the minimum: min(X, Y) ~ Exp(2 lambda), but X + Y ~ Gamma(2, lambda)"),
        wrong("product_of_densities", r"\int_0^t f(s)\, f(t - s) \, ds = \lambda^2 e^{-2 \lambda t}",
              mistake="multiplied the densities at t instead of convolving them: f(t)^2 is the joint density"
              " at (t, t), not the density of X + Y"),
        wrong("t_dropped", r"\int_0^t f(s)\, f(t - s) \, ds = \lambda^2 e^{-\lambda t}",
              mistake="forgot that the integrand is constant in s, so integrating over [0, t] gives the factor t"),
    ],
)
