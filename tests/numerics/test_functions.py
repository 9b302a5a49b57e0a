import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mlverify.numerics import cross_entropy, entropy, kl_divergence, log_softmax, sigmoid, softmax

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
