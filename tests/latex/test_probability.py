"""Expectations over several independent laws: the three-point rules that make them exact sums."""

import numpy as np
import pytest
from hypothesis import given

from mlverify.domains import Distribution, examples
from mlverify.latex import nodes as n
from mlverify.latex._probability import _degree, _gauss_rule

LAWS = ["normal", "poisson", "geometric", "exponential", "gamma", "beta", "uniform", "laplace"]


@given(examples({"X": Distribution(LAWS)}))
def test_a_three_point_rule_integrates_polynomials_up_to_degree_five_exactly(ex):
    law = ex.values["X"]
    points, weights = _gauss_rule(law)
    assert weights.sum() == pytest.approx(1.0) and (weights > 0).all()
    for k in range(1, 6):
        exact = float(law.frozen.moment(k))
        assert float(weights @ points**k) == pytest.approx(exact, rel=1e-7, abs=1e-7 * law.std**k)


X, Y, A = n.Symbol("X"), n.Symbol("Y"), n.Symbol("a")


@pytest.mark.parametrize(("node", "degree"), [
    (n.Power(n.BinaryOp("+", n.BinaryOp("@", A, X), Y), n.Number("4")), 4),
    (n.BinaryOp("/", n.BinaryOp("@", X, Y), A), 2),
    (n.Apply("exp", (X,)), None),  # not a polynomial: no finite rule is exact
    (n.BinaryOp("/", A, X), None),
    (n.Apply("exp", (A,)), 0),  # constant in the random variables
])
def test_the_degree_in_the_random_variables_decides_whether_a_rule_is_exact(node, degree):
    assert _degree(node, {"X", "Y"}) == degree


def test_a_law_shifted_far_from_its_spread_keeps_its_rule():
    from mlverify.domains import FAMILIES

    points, weights = _gauss_rule(FAMILIES["normal"].case(mu=4e-213, sigma=1.0))  # scipy's moments overflow here
    assert np.allclose(points, [-np.sqrt(3), 0, np.sqrt(3)]) and np.allclose(weights, [1 / 6, 2 / 3, 1 / 6])


MOMENTS_OF_X = (r"X \in \mathbb{R}^d", r"m = \mathbb{E}[X]", r"\Sigma = \operatorname{Cov}(X)",
                r"A \in \mathbb{R}^{k \times d}", r"B \in \mathbb{R}^{l \times d}", r"b \in \mathbb{R}^k")


@pytest.mark.parametrize(("latex", "status"), [
    (r"\operatorname{Cov}(AX + b) = A\Sigma A^\top", "verified"),
    (r"\operatorname{Var}(AX) = A\Sigma A^\top", "verified"),  # of a vector: its covariance matrix
    (r"\operatorname{Cov}(AX, BX) = A\Sigma B^\top", "verified"),
    (r"\mathbb{E}[XX^\top] = \Sigma + mm^\top", "verified"),
    (r"\mathbb{E}[AX + b] = Am + b", "verified"),
    (r"\mathbb{E}[(X - m)^\top (X - m)] = \operatorname{tr}(\Sigma)", "verified"),
    (r"\operatorname{Cov}(AX + b) = A^\top\Sigma A", "refuted"),
    (r"\mathbb{E}[XX^\top] = \Sigma - mm^\top", "refuted"),
    (r"\operatorname{Cov}(AX, BX) = A\Sigma B", "refuted"),
    (r"\mathbb{E}[X^\top X] = \operatorname{tr}(\Sigma)", "refuted"),
])
def test_a_random_vector_of_any_law_with_named_moments_is_summed_over_its_outcomes(latex, status):
    from mlverify.audit.formula import check_formula

    assert check_formula(latex, list(MOMENTS_OF_X), max_examples=30).status == status


def test_a_random_vector_beside_a_free_covariance_is_left_unchecked():
    from mlverify.audit.formula import check_formula

    result = check_formula(r"\operatorname{Cov}(AX) = A\Sigma A^\top", [r"X \in \mathbb{R}^d"], max_examples=10)
    assert result.status == "unchecked" and "random vector" in result.reason.message
