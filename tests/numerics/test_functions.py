import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats

from mlverify.numerics import cross_entropy, entropy, gaussian_density, kl_divergence, log_softmax, sigmoid, softmax

logits = hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-800, 800))


@given(logits)
def test_softmax_is_a_distribution_even_for_huge_logits(z):
    s = softmax(z)
    assert np.isfinite(s).all() and s.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(np.exp(log_softmax(z)), s, atol=1e-12)


@given(st.floats(-1000, 1000))
def test_sigmoid_does_not_overflow(x):
    assert 0.0 <= sigmoid(x) <= 1.0


@given(st.floats(-700, -1))
def test_sigmoid_keeps_its_relative_accuracy_in_the_lower_tail(x):
    assert sigmoid(x) == pytest.approx(np.exp(x) / (1 + np.exp(x)), rel=1e-13)


def test_information_quantities_on_a_known_pair():
    p, q = np.array([0.5, 0.5]), np.array([0.25, 0.75])
    assert entropy(p) == pytest.approx(np.log(2))
    assert kl_divergence(p, q) == pytest.approx(0.5 * np.log(2) + 0.5 * np.log(2 / 3))
    assert cross_entropy(p, q) == pytest.approx(entropy(p) + kl_divergence(p, q))


@given(st.floats(-5, 5), st.floats(-5, 5), st.floats(0.01, 10))
def test_gaussian_density_of_a_scalar_is_scipys(x, mean, variance):
    assert gaussian_density(x, mean, variance) == pytest.approx(stats.norm(mean, np.sqrt(variance)).pdf(x), rel=1e-9)


@given(st.integers(1, 4).flatmap(lambda d: st.tuples(*[hnp.arrays(np.float64, shape, elements=st.floats(-2, 2))
                                                      for shape in ((d,), (d,), (d, d))])))
def test_gaussian_density_of_a_vector_is_scipys(drawn):
    x, mean, factor = drawn
    covariance = factor @ factor.T + 0.5 * np.eye(len(x))
    expected = stats.multivariate_normal(mean, covariance).pdf(x)
    assert gaussian_density(x, mean, covariance) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("covariance", [-1.0, 0.0, np.array([[1.0, 2.0], [2.0, 1.0]]),  # indefinite
                                        np.array([[1.0, 0.5], [0.0, 1.0]])])  # not symmetric
def test_gaussian_density_is_undefined_without_a_positive_definite_covariance(covariance):
    x = np.zeros(np.shape(covariance)[:1]) if np.ndim(covariance) else 0.0
    assert np.isnan(gaussian_density(x, x, covariance))


def test_gaussian_density_rejects_shapes_that_do_not_fit():
    with pytest.raises(ValueError, match="covariance matrix"):
        gaussian_density(np.zeros(2), np.zeros(2), np.eye(3))
