"""Structured matrices and vectors are built inside their sets, at every size."""

import numpy as np
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from mlverify.domains import (
    Dim,
    InvertibleMatrix,
    JointTable,
    LabelVector,
    Matrix,
    OneHot,
    OrthogonalMatrix,
    OrthonormalColumns,
    PSDMatrix,
    SimplexPoint,
    SPDMatrix,
    SymmetricMatrix,
    Vector,
    examples,
)
from mlverify.domains._base import float_arrays
from mlverify.errors import InvalidDomainError

n, m = Dim("n", 1, 5), Dim("m", 1, 4)


@given(examples({"A": Matrix(m, n), "x": Vector(n), "y": Vector(m)}))
def test_shared_dimensions_agree_between_variables(ex):
    assert ex.values["A"].shape == (ex.sizes["m"], ex.sizes["n"])
    assert (ex.values["A"] @ ex.values["x"]).shape == ex.values["y"].shape


@given(examples({"S": SymmetricMatrix(n), "P": SPDMatrix(n, min_eigenvalue=0.5), "Q": PSDMatrix(n)}))
def test_symmetric_spd_and_psd_matrices(ex):
    s, p, q = ex.values["S"], ex.values["P"], ex.values["Q"]
    np.testing.assert_array_equal(s, s.T)
    assert np.linalg.eigvalsh(p).min() >= 0.5 - 1e-9
    assert np.linalg.eigvalsh(q).min() >= -1e-9 * max(1.0, np.abs(q).max())


def test_psd_matrices_include_singular_ones():
    singular = examples({"Q": PSDMatrix(Dim("k", 3, 3))}).map(lambda ex: np.linalg.matrix_rank(ex.values["Q"]) < 3)
    found = []

    @given(singular)
    def collect(is_singular):
        found.append(is_singular)

    collect()
    assert any(found) and not all(found)


@given(examples({"Q": OrthogonalMatrix(n), "B": InvertibleMatrix(n)}))
def test_orthogonal_and_invertible_matrices(ex):
    q, b = ex.values["Q"], ex.values["B"]
    np.testing.assert_allclose(q.T @ q, np.eye(len(q)), atol=1e-12)
    assert np.linalg.cond(b) <= 6 + 1e-9


@given(examples({"U": OrthonormalColumns(n, m)}))
def test_orthonormal_columns_exist_only_with_at_least_as_many_rows(ex):
    u = ex.values["U"]
    assert u.shape[0] >= u.shape[1]
    np.testing.assert_allclose(u.T @ u, np.eye(u.shape[1]), atol=1e-12)


@given(examples({"p": SimplexPoint(n), "e": OneHot(n), "y": LabelVector(n, (-1, 1))}))
def test_simplex_one_hot_and_labels(ex):
    p, e, y = ex.values["p"], ex.values["e"], ex.values["y"]
    assert (p > 0).all() and p.sum() == pytest.approx(1.0)
    assert e.sum() == 1.0 and set(e) <= {0.0, 1.0}
    assert set(y) <= {-1.0, 1.0}


@given(examples({"P": JointTable(n, m, smallest=0.01)}))
def test_joint_tables_are_positive_and_sum_to_one(ex):
    table = ex.values["P"]
    assert table.shape == (ex.sizes["n"], ex.sizes["m"])
    assert (table > 0).all() and table.sum() == pytest.approx(1.0)
    assert table.min() >= 0.01 * table.max() * (1 - 1e-9)


@given(examples({"x": Vector(n, min_norm=0.5)}))
def test_min_norm_vectors_stay_away_from_zero(ex):
    assert np.linalg.norm(ex.values["x"]) >= 0.5


def test_conflicting_declarations_of_one_dimension_are_rejected():
    with pytest.raises(InvalidDomainError, match="one Dim object"):
        examples({"x": Vector(Dim("n", 1, 3)), "y": Vector(Dim("n", 1, 4))})


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Dim("n", 3, 2), "min <= max"),
        (lambda: Dim("1n"), "identifier"),
        (lambda: Vector(n, min=1, max=1), "min < max"),
        (lambda: SPDMatrix(n, min_eigenvalue=0), "must be > 0"),
        (lambda: SimplexPoint(n, smallest=1.5), r"\(0, 1\)"),
        (lambda: JointTable(n, m, smallest=0), r"\(0, 1\)"),
    ],
)
def test_invalid_array_domains_say_what_is_wrong(build, message):
    with pytest.raises(InvalidDomainError, match=message):
        build()


@given(st.data())
def test_every_array_domain_describes_itself(data):
    for domain in (Vector(n), Matrix(m, n), SPDMatrix(n), PSDMatrix(n), OrthogonalMatrix(n), SimplexPoint(n),
                   JointTable(n, m)):
        assert str(n) in domain.describe()


def test_examples_depend_on_the_seed_alone_not_on_numbers_in_local_source():
    """An editable checkout and an installed wheel must draw the same examples for one seed."""
    from hypothesis.internal.conjecture import providers

    import mlverify.domains  # noqa: F401  (switches the source constants off on import)

    assert len(providers._get_local_constants()) == 0


@given(st.data(), st.integers(1, 4), st.integers(1, 4), st.sampled_from([(-5.0, 5.0), (0.5, 3.0), (-2.0, -0.1)]))
def test_float_arrays_have_their_shape_and_stay_in_their_interval(data, rows, cols, bounds):
    lo, hi = bounds
    a = data.draw(float_arrays((rows, cols), lo, hi))
    assert a.shape == (rows, cols) and a.dtype == np.float64
    assert np.all((lo <= a) & (a <= hi))


def test_float_arrays_spread_over_the_interval_and_hit_simple_numbers():
    seen = np.concatenate(find_all(float_arrays((4,), -5.0, 5.0)))
    assert seen.min() < -4 and seen.max() > 4  # not bunched near 0
    simple = {v for v in seen.tolist() if (4 * v).is_integer()}  # 0, ±1, ±2, 1/2, 1/4, ... and the bounds
    assert 0.0 in simple and len(simple) >= 10


def test_a_shrunk_array_has_simple_entries():
    # the simplest matrix with an entry of at least 1.2 in size: zeros and one simple number
    shrunk = find(float_arrays((3, 3), -5.0, 5.0), lambda a: np.abs(a).max() >= 1.2)
    assert np.count_nonzero(shrunk) == 1 and np.abs(shrunk).max() in (1.5, 2.0)


def test_float_arrays_reject_an_empty_interval():
    with pytest.raises(InvalidDomainError, match="no entries"):
        float_arrays((2,), 1.0, 1.0)


def find_all(strategy: st.SearchStrategy[np.ndarray]) -> list[np.ndarray]:
    found: list[np.ndarray] = []

    @settings(max_examples=200, database=None, derandomize=True)
    @given(strategy)
    def collect(a: np.ndarray) -> None:
        found.append(a)

    collect()
    return found
