"""Numerical tools below the claims: derivatives, reference functions, series tests."""

from mlverify.numerics.differentiation import (
    UnsettledDerivativeError,
    derivative,
    gradient,
    hessian,
    jacobian,
    second_derivative,
)
from mlverify.numerics.functions import (
    cross_entropy,
    elu,
    entropy,
    gaussian_density,
    kl_divergence,
    leaky_relu,
    log_softmax,
    relu,
    sigmoid,
    softmax,
    softplus,
)
from mlverify.numerics.series import (
    GeometricSchedule,
    PowerSchedule,
    SeriesVerdict,
    satisfies_robbins_monro,
    series_of_powers,
)

__all__ = [
    "GeometricSchedule",
    "PowerSchedule",
    "SeriesVerdict",
    "UnsettledDerivativeError",
    "cross_entropy",
    "derivative",
    "elu",
    "entropy",
    "gaussian_density",
    "gradient",
    "hessian",
    "jacobian",
    "kl_divergence",
    "leaky_relu",
    "log_softmax",
    "relu",
    "satisfies_robbins_monro",
    "second_derivative",
    "series_of_powers",
    "sigmoid",
    "softmax",
    "softplus",
]
