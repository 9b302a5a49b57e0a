"""Reference implementations of the functions ML formulas name, numerically stable.

Claims compare a formula against these (or against numerical derivatives of these), so
they are written from definitions, never from the identities under test.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import special

ArrayLike = Any


def sigmoid(x: ArrayLike) -> Any:
    """1 / (1 + e^-x), accurate to the last digits in both tails (0.5 (1 + tanh(x/2)) loses them for x << 0,
    and a Hessian of log sigma far out then drowns in rounding)."""
    return special.expit(np.asarray(x, dtype=np.float64))


def softplus(x: ArrayLike) -> Any:
    """log(1 + e^x)."""
    return np.logaddexp(0.0, x)


def relu(x: ArrayLike) -> Any:
    return np.maximum(0.0, x)


def leaky_relu(x: ArrayLike, slope: float) -> Any:
    return np.where(np.asarray(x) > 0, x, slope * np.asarray(x))


def elu(x: ArrayLike, alpha: float) -> Any:
    return np.where(np.asarray(x) > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def gaussian_density(x: ArrayLike, mean: ArrayLike, covariance: ArrayLike) -> float:
    """The density of N(mean, covariance) at x: a scalar x with a variance, or a vector with a covariance matrix;
    NaN (as log of a negative number) for a variance that is not positive or a covariance that is not
    symmetric positive definite. Raises ``ValueError`` when the shapes do not fit together."""
    x, mean, covariance = (np.asarray(v, dtype=np.float64) for v in (x, mean, covariance))
    if x.ndim == 0 and mean.ndim == 0 and covariance.ndim == 0:
        if covariance <= 0:
            return math.nan
        return float(np.exp(-0.5 * (x - mean) ** 2 / covariance) / np.sqrt(2 * np.pi * covariance))
    d = x.shape[0] if x.ndim == 1 else -1
    if x.ndim != 1 or mean.shape != (d,) or covariance.shape != (d, d):
        raise ValueError(f"a Gaussian density of x {x.shape} needs a mean of that shape and a covariance matrix "
                         f"to match, not {mean.shape} and {covariance.shape}")
    if not np.allclose(covariance, covariance.T, rtol=1e-12, atol=1e-12):
        return math.nan
    try:
        factor = np.linalg.cholesky(covariance)
    except np.linalg.LinAlgError:
        return math.nan
    whitened = np.linalg.solve(factor, x - mean)
    log_density = -0.5 * whitened @ whitened - np.sum(np.log(np.diag(factor))) - 0.5 * d * np.log(2 * np.pi)
    return float(np.exp(log_density))


def softmax(z: ArrayLike) -> Any:
    """e^z_i / sum_k e^z_k, shifted by max z (which the ratio ignores) so nothing overflows."""
    shifted = np.asarray(z, dtype=np.float64) - np.max(z)
    e = np.exp(shifted)
    return e / e.sum()


def log_softmax(z: ArrayLike) -> Any:
    shifted = np.asarray(z, dtype=np.float64) - np.max(z)
    return shifted - np.log(np.sum(np.exp(shifted)))


def entropy(p: ArrayLike) -> float:
    """H(p) = -sum p_i log p_i (nats), for p with positive entries."""
    p = np.asarray(p, dtype=np.float64)
    return float(-np.sum(p * np.log(p)))


def cross_entropy(p: ArrayLike, q: ArrayLike) -> float:
    """H(p, q) = -sum p_i log q_i."""
    return float(-np.sum(np.asarray(p) * np.log(q)))


def kl_divergence(p: ArrayLike, q: ArrayLike) -> float:
    """KL(p || q) = sum p_i log(p_i / q_i)."""
    p = np.asarray(p, dtype=np.float64)
    return float(np.sum(p * np.log(p / np.asarray(q, dtype=np.float64))))
