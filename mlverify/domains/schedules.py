"""Step-size schedules alpha_t, drawn from families whose series the integral test decides."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from mlverify.domains._base import Domain, Drawn, Sizes, finite_floats
from mlverify.numerics.series import GeometricSchedule, PowerSchedule, Term

_CRITICAL_EXPONENTS = (Fraction(0), Fraction(1, 2), Fraction(1), Fraction(3, 2), Fraction(2))


class StepSchedule(Domain):
    """A step-size schedule: c (t + s)^(-p) with exact p in [0, 2], c * gamma^t, or a constant."""

    def describe(self) -> str:
        return "a step-size schedule: c (t + s)^-p (p rational in [0, 2]), c gamma^t, or constant c"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Term]:
        c = finite_floats(0.01, 10)
        p = st.one_of(st.sampled_from(_CRITICAL_EXPONENTS), st.fractions(0, 2, max_denominator=12))
        power: st.SearchStrategy[Term] = st.builds(PowerSchedule, c, p, st.sampled_from([0.0, 1.0, 10.0]))
        geometric: st.SearchStrategy[Term] = st.builds(GeometricSchedule, c, finite_floats(0.1, 1.0))
        return st.one_of(power, geometric)
