"""Display: exact values print exactly and read back to the same number; computed values round as shown."""

from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from mlverify.generate.display import plain_number, rounded, tex
from mlverify.latex.expression import compile_expression


def read_back(latex: str) -> float:
    return compile_expression(latex, {}).value({})


@given(st.fractions(max_denominator=12).filter(lambda f: abs(f) < 100))
def test_a_fraction_reads_back_exactly(value):
    assert read_back(tex(value)) == float(value)


@given(st.lists(st.integers(-9, 9), min_size=4, max_size=4))
def test_a_matrix_reads_back_exactly(entries):
    matrix = np.array(entries, dtype=object).reshape(2, 2)
    assert (np.asarray(read_back(tex(matrix))) == matrix.astype(float)).all()


@given(st.floats(-1e4, 1e4, allow_nan=False), st.integers(0, 6))
def test_a_float_prints_as_its_rounding(value, decimals):
    text = plain_number(value, decimals)
    assert float(text) == rounded(value, decimals)
    assert abs(float(text) - value) <= 0.5 * 10 ** -decimals + 1e-9
    assert text != "-0" and not (("." in text) and text.endswith("0"))


def test_fractions_put_the_sign_in_front():
    assert tex(Fraction(-1, 2)) == r"-\frac{1}{2}"
    assert tex(np.array([1, Fraction(1, 3)], dtype=object)) == r"\begin{pmatrix} 1 \\ \frac{1}{3} \end{pmatrix}"
