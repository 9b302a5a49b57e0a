"""The engine searches with Hypothesis, shrinks, and reports both sides of a failure."""

import numpy as np
import pytest

from mlverify.claims import Kind, Quantifier, Registry, Status, at_most, claim, equal, holds, not_equal, wrong
from mlverify.domains import Dim, Matrix, Real, Vector
from mlverify.engine import TOLERANCES, tolerance_for, verify

n = Dim("n", 1, 4)


def _claim(check, variables, *, quantifier=Quantifier.FORALL, kind=Kind.IDENTITY):
    return claim("t.c", title="t", statement="s", variables=variables, quantifier=quantifier, kind=kind,
                 wrong=[wrong("w", "w", check, mistake="m")], registry=Registry())(check)


def test_a_true_claim_is_verified_with_the_profile_budget():
    result = verify(_claim(lambda x: equal((x + 1) ** 2, x * x + 2 * x + 1), {"x": Real(-10, 10)}))
    assert result.status is Status.VERIFIED and result.examples >= 100


def test_a_false_claim_is_refuted_with_a_shrunk_counterexample():
    result = verify(_claim(lambda x: equal(abs(x), x), {"x": Real(-10, 10)}), seed=3)
    ce = result.counterexample
    assert result.status is Status.REFUTED
    assert ce.values["x"] == -1.0 or -1.0 <= ce.values["x"] < 0
    assert ce.lhs is not None and ce.rhs is not None
    assert ce.difference > ce.allowed and ce.rtol > 0
    assert ce.reproduce == "mlverify verify t.c --seed 3 --profile ci"


def test_a_gap_of_rounding_size_is_no_counterexample_but_a_real_one_is():
    tiny = {"a": Real(1e-9, 1e-8), "b": Real(0.5, 1)}

    def cancelled(a, b):
        return (1 - (1 - a * b)) / (a * b)

    assert verify(_claim(lambda a, b: equal(cancelled(a, b), 1.0), tiny), seed=0).status is Status.VERIFIED
    assert verify(_claim(lambda a, b: equal(cancelled(a, b), 1.0001), tiny), seed=0).status is Status.REFUTED


def test_the_same_seed_gives_the_same_counterexample():
    c = _claim(lambda x, y: at_most(x * y, x + y), {"x": Real(-5, 5), "y": Real(-5, 5)}, kind=Kind.INEQUALITY)
    first, second = verify(c, seed=7), verify(c, seed=7)
    assert first.counterexample.values == second.counterexample.values


def test_shape_mismatch_is_a_refutation_found_at_dimension_two():
    c = _claim(lambda a: equal(a.reshape(-1, 1), a.reshape(1, -1)), {"a": Vector(n)})
    result = verify(c)
    assert result.status is Status.REFUTED
    assert result.counterexample.sizes == {"n": 2}
    assert "shapes differ" in result.counterexample.detail


def test_matrix_counterexamples_carry_json_values():
    c = _claim(lambda a: equal(a, a.T), {"a": Matrix(n, n)})
    values = verify(c).counterexample.values["a"]
    assert isinstance(values, list) and np.asarray(values).shape[0] == 2


def test_a_property_that_raises_is_an_error_not_a_refutation():
    def broken(x):
        raise ZeroDivisionError("division by zero in the claim")

    result = verify(_claim(broken, {"x": Real()}))
    assert result.status is Status.ERROR
    assert "ZeroDivisionError" in result.message and "Traceback" in result.traceback


def test_nan_is_an_error():
    result = verify(_claim(lambda x: equal(np.log(x - 100.0), 0.0), {"x": Real(0, 1)}))
    assert result.status is Status.ERROR and "NaN" in result.message


def test_existential_claims_find_a_witness_or_say_none_was_found():
    exists = _claim(lambda x: not_equal(x * x, x), {"x": Real(-2, 2)}, quantifier=Quantifier.EXISTS)
    found = verify(exists)
    assert found.status is Status.VERIFIED and found.witness is not None
    never = _claim(lambda x: holds(x > 10), {"x": Real(-2, 2)}, quantifier=Quantifier.EXISTS)
    missing = verify(never, max_examples=20)
    assert missing.status is Status.REFUTED and "no witness" in missing.message


def test_truth_evidence_shows_its_values():
    result = verify(_claim(lambda x: holds(x < 1, "x below one", x=x), {"x": Real(0, 2)}, kind=Kind.PROPERTY))
    assert "x below one" in result.counterexample.detail


def test_tolerances_cover_every_kind_and_accuracy():
    from mlverify.claims import Accuracy

    for kind in Kind:
        for accuracy in Accuracy:
            tol = tolerance_for(kind, accuracy)
            assert 0 < tol.rtol < 1e-3 and 0 < tol.atol < 1e-3
    assert len(TOLERANCES) == len(Kind) * len(Accuracy)


def test_unknown_profile_is_refused():
    from mlverify.errors import UnknownProfileError

    with pytest.raises(UnknownProfileError, match="ci, dev, thorough"):
        verify(_claim(lambda x: equal(x, x), {"x": Real()}), profile="fast")
