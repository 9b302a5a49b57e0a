from fractions import Fraction

import pytest
from hypothesis import given

from mlverify.domains import Integer, Label, PositiveReal, Probability, Rational, Real, Ref, examples
from mlverify.errors import InvalidDomainError


@given(examples({"x": Real(-3, 3, min_abs=0.5), "p": Probability(), "r": PositiveReal(2), "k": Integer(1, 4)}))
def test_scalars_stay_in_their_domains(ex):
    v = ex.values
    assert 0.5 <= abs(v["x"]) <= 3
    assert 0 < v["p"] < 1
    assert 0 < v["r"] <= 2
    assert v["k"] in range(1, 5)


@given(examples({"rate": PositiveReal(5), "t": Real(-1, Ref("rate", scale=0.5))}))
def test_bounds_can_refer_to_earlier_variables(ex):
    assert ex.values["t"] <= 0.5 * ex.values["rate"]


def test_a_bound_may_only_refer_to_a_variable_declared_before_it():
    with pytest.raises(InvalidDomainError, match="not declared before"):
        examples({"t": Real(-1, Ref("rate")), "rate": PositiveReal()})


@given(examples({"p": Rational(0, 2, critical=(Fraction(1, 2),))}))
def test_rationals_are_exact(ex):
    assert isinstance(ex.values["p"], Fraction) and 0 <= ex.values["p"] <= 2


def test_critical_rationals_are_hit_exactly():
    seen = set()

    @given(examples({"p": Rational(0, 2, critical=(Fraction(1, 2), 1))}))
    def collect(ex):
        seen.add(ex.values["p"])

    collect()
    assert {Fraction(1, 2), Fraction(1)} <= seen


@given(examples({"y": Label((-1, 1))}))
def test_sign_labels(ex):
    assert ex.values["y"] in (-1, 1)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Real(2, 1), "swap the bounds"),
        (lambda: Integer(2, 1), "swap the bounds"),
        (lambda: Rational(0, 1, critical=(2,)), "outside"),
        (lambda: Label((1, 1)), "two distinct"),
        (lambda: Real(-1, 1, min_abs=-1), ">= 0"),
    ],
)
def test_invalid_scalar_domains_are_rejected(build, message):
    with pytest.raises(InvalidDomainError, match=message):
        build()
