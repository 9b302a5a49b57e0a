"""What every domain shares: symbolic dimensions, references to other variables, the protocol."""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st

from mlverify.errors import InvalidDomainError

Sizes = Mapping[str, int]
Drawn = Mapping[str, Any]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _draw_from_the_seed_alone() -> None:
    """Hypothesis (6.131 on) also draws numbers it finds in the source of local modules: an editable checkout of
    mlverify would draw other examples than an installed wheel for the same seed, and every edit of the code
    would change them. A reproduce command must mean one search, so that source of numbers is switched off."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - a Hypothesis without that module has no such source
        return
    if hasattr(providers, "_get_local_constants") and hasattr(providers, "Constants"):
        nothing_local = providers.Constants()  # type: ignore[attr-defined]
        providers._get_local_constants = lambda: nothing_local


_draw_from_the_seed_alone()


@dataclass(frozen=True)
class Dim:
    """A dimension drawn once per example and shared by every variable that names it.

    ``Vector(n)`` and ``Matrix(n, n)`` with the same ``n`` always get matching shapes,
    which is what lets a claim multiply them without filtering examples.
    """

    name: str
    min: int = 1
    max: int = 5

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise InvalidDomainError(f"Dim(name={self.name!r}) is not an identifier; use e.g. Dim('n')")
        if not 1 <= self.min <= self.max:
            raise InvalidDomainError(
                f"Dim({self.name!r}, min={self.min}, max={self.max}) needs 1 <= min <= max"
            )

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Ref:
    """A bound that depends on a variable drawn earlier: ``Ref('rate', scale=0.9)`` is 0.9 * rate.

    ``inverse`` bounds by ``scale / value`` instead (a step size up to 1/L).
    """

    name: str
    scale: float = 1.0
    offset: float = 0.0
    inverse: bool = False

    def resolve(self, drawn: Drawn) -> float:
        value = float(drawn[self.name])
        if self.inverse:
            return self.scale / value + self.offset if value else math.inf
        return value * self.scale + self.offset

    def __str__(self) -> str:
        if self.inverse:
            text = f"{self.scale:g}/{self.name}"
        else:
            text = self.name if self.scale == 1.0 else f"{self.scale:g}*{self.name}"
        return text if self.offset == 0.0 else f"{text} {'+' if self.offset > 0 else '-'} {abs(self.offset):g}"


Bound = float | Ref


def resolve(bound: Bound, drawn: Drawn) -> float:
    return bound.resolve(drawn) if isinstance(bound, Ref) else float(bound)


def references_of(*bounds: Bound) -> tuple[str, ...]:
    return tuple(b.name for b in bounds if isinstance(b, Ref))


class Domain(ABC):
    """What a variable ranges over: a strategy that builds its values directly, and its words."""

    @abstractmethod
    def describe(self) -> str:
        """The domain in words, for claim listings and counterexample reports."""

    @abstractmethod
    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Any]:
        """Values of this domain, given the example's dimensions and the variables drawn before it."""

    def dims(self) -> tuple[Dim, ...]:
        return ()

    def shape(self) -> tuple[Dim, ...]:
        """The dimensions of a value's array shape (a square matrix repeats its one dimension)."""
        return self.dims()

    def references(self) -> tuple[str, ...]:
        """Names of variables whose values this domain's bounds depend on."""
        return ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.describe()})"


class AnyOf(Domain):
    """The union of several domains, each drawn as often: e.g. any convex function or a decreasing one."""

    def __init__(self, *domains: Domain) -> None:
        if len(domains) < 2:
            raise InvalidDomainError("AnyOf(...) needs at least two domains")
        self.domains = domains

    def describe(self) -> str:
        return " or ".join(d.describe() for d in self.domains)

    def dims(self) -> tuple[Dim, ...]:
        return tuple(dim for d in self.domains for dim in d.dims())

    def references(self) -> tuple[str, ...]:
        return tuple(ref for d in self.domains for ref in d.references())

    def strategy(self, sizes: Sizes, drawn: Drawn) -> st.SearchStrategy[Any]:
        return st.one_of([d.strategy(sizes, drawn) for d in self.domains])


def finite_floats(lo: float, hi: float, *, open_lo: bool = False, open_hi: bool = False) -> st.SearchStrategy[float]:
    """Floats in an interval, without NaN, infinities or subnormals (which only test the FPU)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi or (lo == hi and (open_lo or open_hi)):
        raise InvalidDomainError(f"the interval [{lo}, {hi}] holds no finite floats")
    return st.floats(
        lo, hi, exclude_min=open_lo, exclude_max=open_hi,
        allow_nan=False, allow_infinity=False, allow_subnormal=False,
    )


# Entry codes below this read as simple numbers, see ``float_arrays``.
_SIMPLE_CODES = 32
_CODE_RANGE = 255 - _SIMPLE_CODES
_SIMPLE_MAGNITUDES = (1.0, 2.0, 0.5, 3.0, 4.0, 1.5, 0.25, 5.0, 2.5, 0.75, 10.0)


def float_arrays(shape: tuple[int, ...], lo: float, hi: float) -> st.SearchStrategy[np.ndarray[Any, Any]]:
    """Arrays of floats in [lo, hi], drawn as one block of one byte per entry.

    Hypothesis's cost is per choice (tens of microseconds): a 4 x 4 matrix drawn entry by entry is 16
    choices, as one block of bytes it is one, and the whole registry verifies a fifth faster. One code in
    eight is a simple number (0, 1, -1, 2, 1/2, ... or a bound); the rest spread evenly over [lo, hi], 224
    levels, which tell formulas apart as well as a finer grid does. Shrinking lowers the codes, so a shrunk
    counterexample has zeros and simple entries where it can; its cost grows with the block's length (the
    shrinker orders blocks as numbers), and one byte rather than two made refutations a third faster.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
        raise InvalidDomainError(f"the interval [{lo}, {hi}] holds no entries (need finite lo < hi)")
    simple = np.array(list(dict.fromkeys(
        [v for v in (0.0, *(s * m for m in _SIMPLE_MAGNITUDES for s in (1.0, -1.0))) if lo <= v <= hi] + [lo, hi])))
    size = math.prod(shape)

    def decode(raw: bytes) -> np.ndarray[Any, Any]:
        codes = np.frombuffer(raw, dtype=">u1").astype(np.int64)
        spread = lo + (hi - lo) * (codes - _SIMPLE_CODES) / _CODE_RANGE
        return np.where(codes < _SIMPLE_CODES, simple[codes % len(simple)], spread).reshape(shape)

    return st.binary(min_size=size, max_size=size).map(decode)
