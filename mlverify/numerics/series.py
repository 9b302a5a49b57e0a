"""Convergence of series of step sizes, decided by the integral test with exact exponents.

Summing a long prefix cannot tell sum 1/t (divergent) from sum 1/t^1.01 (convergent). For a
positive, non-increasing term a(t) the integral test brackets the whole sum rigorously,

    integral_1^inf a(x) dx  <=  sum_{t>=1} a(t)  <=  a(1) + integral_1^inf a(x) dx,

so the series converges exactly when the improper integral does; the schedule families
below give that integral in closed form, with exponents kept as exact fractions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol


@dataclass(frozen=True)
class SeriesVerdict:
    """Whether sum a(t) converges, with the integral-test bracket of its value."""

    converges: bool
    lower: float
    upper: float


class Term(Protocol):
    """A positive term a(t), t = 1, 2, ..., whose powers the integral test can bound."""

    def __call__(self, t: int) -> float: ...

    def improper_integral(self, power: int) -> float:
        """integral_1^inf a(x)^power dx in closed form; math.inf when it diverges."""
        ...

    def is_nonincreasing(self) -> bool: ...


def series_of_powers(term: Term, power: int = 1) -> SeriesVerdict:
    """Decide sum_t a(t)^power by the integral test, or the term test when a(t) does not decrease."""
    first = term(1) ** power
    if not term.is_nonincreasing():
        return SeriesVerdict(False, math.inf, math.inf)
    integral = term.improper_integral(power)
    return SeriesVerdict(math.isfinite(integral), integral, first + integral)


@dataclass(frozen=True)
class PowerSchedule:
    """alpha_t = c (t + shift)^(-p), the schedule family of stochastic approximation."""

    c: float
    p: Fraction
    shift: float = 0.0

    def __call__(self, t: int) -> float:
        return float(self.c * (t + self.shift) ** float(-self.p))

    def is_nonincreasing(self) -> bool:
        return self.p >= 0

    def improper_integral(self, power: int) -> float:
        exponent = self.p * power
        if exponent <= 1:
            return math.inf
        return float(self.c**power * (1 + self.shift) ** float(1 - exponent) / float(exponent - 1))

    def __repr__(self) -> str:
        if self.p == 0:
            return f"alpha_t = {self.c:g}"
        base = "t" if self.shift == 0 else f"(t + {self.shift:g})"
        return f"alpha_t = {self.c:g} * {base}^(-{self.p})"


@dataclass(frozen=True)
class GeometricSchedule:
    """alpha_t = c * gamma^t with 0 < gamma <= 1: exponential decay (or constant at gamma = 1)."""

    c: float
    gamma: float

    def __call__(self, t: int) -> float:
        return self.c * self.gamma**t

    def is_nonincreasing(self) -> bool:
        return self.gamma <= 1

    def improper_integral(self, power: int) -> float:
        if self.gamma >= 1:
            return math.inf
        rate = -power * math.log(self.gamma)
        return float(self.c**power * math.exp(-rate) / rate)

    def __repr__(self) -> str:
        return f"alpha_t = {self.c:g}" if self.gamma == 1 else f"alpha_t = {self.c:g} * {self.gamma:g}^t"


def satisfies_robbins_monro(schedule: Term) -> bool:
    """sum alpha_t = inf and sum alpha_t^2 < inf: the step-size conditions of Robbins and Monro."""
    return not series_of_powers(schedule, 1).converges and series_of_powers(schedule, 2).converges
