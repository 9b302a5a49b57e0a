"""Drawn distributions report exact probabilities consistent with scipy's own definitions."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlverify.domains import FAMILIES, Distribution, SharedSpace, examples
from mlverify.domains.distributions import _on_space
from mlverify.errors import InvalidDomainError


@given(examples({"X": Distribution()}), st.floats(-5, 5))
def test_tail_probabilities_partition_the_line(ex, a):
    x = ex.values["X"]
    below = x.prob_at_most(a)
    at_least = x.prob_at_least(a)
    atom = float(x.frozen.pmf(a)) if x.discrete and a == math.floor(a) else 0.0
    assert below + at_least == pytest.approx(1.0 + atom, abs=1e-9)


@given(examples({"X": Distribution(with_mgf=True)}))
def test_expectations_by_quadrature_match_closed_form_moments(ex):
    x = ex.values["X"]
    assert x.expect(lambda v: v) == pytest.approx(x.mean, rel=1e-7, abs=1e-9)


@given(examples({"X": Distribution(nonnegative=True)}))
def test_nonnegative_filter_keeps_nonnegative_supports(ex):
    assert ex.values["X"].frozen.support()[0] >= 0


def test_unknown_family_names_the_known_ones():
    with pytest.raises(InvalidDomainError, match="normal"):
        Distribution(["cauchyy"])


def test_filters_that_leave_nothing_are_rejected():
    with pytest.raises(InvalidDomainError, match="no family"):
        Distribution(["normal"], nonnegative=True)


@pytest.mark.parametrize("family", sorted(FAMILIES))
@given(data=st.data())
def test_every_family_builds_distributions_with_finite_variance(family, data):
    x = data.draw(examples({"X": Distribution([family])})).values["X"]
    assert np.isfinite(x.variance) and x.variance > 0


@given(examples({"X": Distribution(["bernoulli", "binomial", "categorical"])}))
def test_finite_laws_list_their_support_with_its_probabilities(ex):
    x = ex.values["X"]
    points, weights = x.finite_support()
    assert weights.sum() == pytest.approx(1.0) and (weights > 0).all()
    assert float(points @ weights) == pytest.approx(x.mean, abs=1e-9)
    assert float((points - x.mean) ** 2 @ weights) == pytest.approx(x.variance, abs=1e-9)


def test_a_categorical_law_shows_its_points_and_probabilities():
    x = FAMILIES["categorical"].case(low=-1, gap1=2, gap2=1, w1=0.2, w2=0.5, w3=0.3)
    assert repr(x) == "Categorical(P(-1) = 0.2, P(1) = 0.5, P(2) = 0.3)"
    assert x.prob_at_least(1) == pytest.approx(0.8) and x.prob_at_most(0.5) == pytest.approx(0.2)


@given(examples({"X": SharedSpace(), "Y": SharedSpace("X")}))
def test_variables_on_a_shared_space_have_a_joint_law_their_marginals_agree_with(ex):
    x, y = ex.values["X"], ex.values["Y"]
    assert x.space is y.space and x.space.sum() == pytest.approx(1.0) and (x.space > 0).all()
    for case in (x, y):
        assert float(case.outcomes @ case.space) == pytest.approx(case.mean, abs=1e-9)
        assert float((case.outcomes - case.mean) ** 2 @ case.space) == pytest.approx(case.variance, abs=1e-9)


def test_a_variable_on_a_shared_space_shows_its_values_on_the_outcomes():
    x = _on_space([1, -2, 1, 0], np.array([0.1, 0.2, 0.3, 0.4]))
    assert repr(x) == "Outcomes(1, -2, 1, 0 with probabilities 0.1, 0.2, 0.3, 0.4)"
    assert x.finite_support()[1].tolist() == pytest.approx([0.2, 0.4, 0.4])  # the marginal law: P(1) = 0.1 + 0.3
