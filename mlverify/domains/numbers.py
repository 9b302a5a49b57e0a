"""Scalar domains: real intervals, integers, exact rationals, probabilities and labels."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from hypothesis import strategies as st

from mlverify.domains._base import Bound, Domain, Drawn, Sizes, finite_floats, references_of, resolve
from mlverify.errors import InvalidDomainError

_FAR = 1e6  # a bound taken from another variable is clipped here (1/L for L near 0)


def _interval(lo: Bound, hi: Bound, open_lo: bool, open_hi: bool) -> str:
    return f"{'(' if open_lo else '['}{lo}, {hi}{')' if open_hi else ']'}"


class Real(Domain):
    """A real number in an interval; ``min_abs`` carves out a neighbourhood of 0 (for kinks)."""

    def __init__(
        self,
        min: Bound = -10.0,
        max: Bound = 10.0,
        *,
        open_min: bool = False,
        open_max: bool = False,
        min_abs: float = 0.0,
    ) -> None:
        if isinstance(min, float | int) and isinstance(max, float | int) and min > max:
            raise InvalidDomainError(f"Real(min={min}, max={max}) is empty; swap the bounds")
        if min_abs < 0:
            raise InvalidDomainError(f"Real(min_abs={min_abs}) must be >= 0")
        self.min, self.max, self.open_min, self.open_max, self.min_abs = min, max, open_min, open_max, min_abs

    def describe(self) -> str:
        text = f"a real in {_interval(self.min, self.max, self.open_min, self.open_max)}"
        return text + (f" with |x| >= {self.min_abs:g}" if self.min_abs else "")

    def references(self) -> tuple[str, ...]:
        return references_of(self.min, self.max)

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[float]:
        lo, hi = resolve(self.min, drawn), resolve(self.max, drawn)
        if self.references():  # a bound drawn from another variable may leave nothing, or reach infinity
            lo, hi = max(lo, -_FAR), min(hi, _FAR)
            if lo > hi or (lo == hi and (self.open_min or self.open_max)):
                return st.nothing()
        if not self.min_abs:
            return finite_floats(lo, hi, open_lo=self.open_min, open_hi=self.open_max)
        parts = []
        if hi >= self.min_abs:
            parts.append(finite_floats(max(lo, self.min_abs), hi, open_hi=self.open_max))
        if lo <= -self.min_abs:
            parts.append(finite_floats(lo, min(hi, -self.min_abs), open_lo=self.open_min))
        if not parts:
            raise InvalidDomainError(f"{self.describe()} is empty")
        return st.one_of(parts)


class PositiveReal(Real):
    """A positive real, kept at least ``smallest`` so that 1/x and log x stay well conditioned."""

    def __init__(self, max: Bound = 10.0, *, smallest: float = 1e-3) -> None:
        super().__init__(smallest, max)


class Probability(Real):
    """A probability strictly inside (0, 1), at least ``margin`` from either end."""

    def __init__(self, *, margin: float = 1e-3) -> None:
        super().__init__(margin, 1.0 - margin)

    def describe(self) -> str:
        return f"a probability in [{self.min:g}, {self.max:g}]"


class Integer(Domain):
    """An integer in a closed range."""

    def __init__(self, min: int = 0, max: int = 10) -> None:
        if min > max:
            raise InvalidDomainError(f"Integer(min={min}, max={max}) is empty; swap the bounds")
        self.min, self.max = min, max

    def describe(self) -> str:
        return f"an integer in [{self.min}, {self.max}]"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[int]:
        return st.integers(self.min, self.max)


class Rational(Domain):
    """An exact rational, so that boundary cases such as p = 1/2 are hit exactly, not approximately.

    ``critical`` values are tried first; a claim whose truth changes at a threshold lists it there.
    """

    def __init__(
        self,
        min: Fraction | int = 0,
        max: Fraction | int = 2,
        *,
        max_denominator: int = 12,
        critical: Sequence[Fraction | int] = (),
    ) -> None:
        lo, hi = Fraction(min), Fraction(max)
        if lo > hi:
            raise InvalidDomainError(f"Rational(min={lo}, max={hi}) is empty; swap the bounds")
        outside = [c for c in critical if not lo <= c <= hi]
        if outside:
            raise InvalidDomainError(f"Rational critical values {outside} lie outside [{lo}, {hi}]")
        self.min, self.max, self.max_denominator = lo, hi, max_denominator
        self.critical = tuple(Fraction(c) for c in critical)

    def describe(self) -> str:
        return f"a rational in [{self.min}, {self.max}]"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Fraction]:
        general = st.fractions(self.min, self.max, max_denominator=self.max_denominator)
        return st.one_of(st.sampled_from(self.critical), general) if self.critical else general


class Label(Domain):
    """A class label from a fixed set, {0, 1} or {-1, +1}: the two conventions sheets mix up."""

    def __init__(self, values: Sequence[int] = (0, 1)) -> None:
        if len(set(values)) < 2:
            raise InvalidDomainError(f"Label(values={tuple(values)}) needs at least two distinct labels")
        self.values = tuple(values)

    def describe(self) -> str:
        return "a label in {" + ", ".join(f"{v:+d}" if min(self.values) < 0 else str(v) for v in self.values) + "}"

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[int]:
        return st.sampled_from(self.values)


def BinaryLabel() -> Label:
    return Label((0, 1))


def SignLabel() -> Label:
    return Label((-1, 1))
