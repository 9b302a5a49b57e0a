"""Judging evidence against a tolerance, and turning values into readable text."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from mlverify.claims import AllOf, Comparison, Evidence, Relation, Truth
from mlverify.engine.tolerance import Tolerance
from mlverify.errors import NonFiniteValueError


@dataclass(frozen=True)
class Failure:
    """Why a piece of evidence does not hold: both sides, the worst gap and what was allowed."""

    relation: str
    lhs: str | None
    rhs: str | None
    difference: float | None
    allowed: float | None
    detail: str
    scale: float | None = None  # the larger side's magnitude where the gap is worst

    @property
    def rounding_only(self) -> bool:
        """A gap a millionth of the sides' size: digits lost to cancellation (1 - (1 - ab) at ab = 1e-8), not
        the O(1) relative error of a real mistake, which some other example shows plainly."""
        return self.difference is not None and self.scale is not None and self.difference <= 1e-6 * self.scale


def judge(evidence: Evidence, tolerance: Tolerance) -> Failure | None:
    """None when the evidence holds within the tolerance, else the first failure found."""
    if isinstance(evidence, AllOf):
        for part in evidence.parts:
            failure = judge(part, tolerance)
            if failure is not None:
                return failure
        return None
    if isinstance(evidence, Truth):
        if evidence.value:
            return None
        shown = ", ".join(f"{k} = {show(v)}" for k, v in evidence.shown.items())
        detail = "; ".join(part for part in (evidence.label or "the condition is false", shown) if part)
        return Failure("holds", None, None, None, None, detail)
    if isinstance(evidence, Comparison):
        return _compare(evidence, tolerance)
    raise TypeError(f"a property returned {type(evidence).__name__}, not evidence; use equal(...), at_most(...), ...")


def _compare(c: Comparison, tolerance: Tolerance) -> Failure | None:
    lhs, rhs = _as_array(c.lhs, "left"), _as_array(c.rhs, "right")
    if lhs.shape != rhs.shape:
        detail = f"shapes differ: left {lhs.shape}, right {rhs.shape}"
        if c.relation is Relation.NOT_EQUAL:
            return None
        return Failure(str(c.relation), show(c.lhs), show(c.rhs), None, None, _labelled(c.label, detail))
    if lhs.size == 0:
        return None
    with np.errstate(invalid="ignore", over="ignore"):
        # An array's entries are computed to the precision of its largest entries (a zero entry of
        # an inverse holds rounding of the size of its neighbours), so arrays scale by their maximum.
        scale = np.maximum(np.abs(lhs), np.abs(rhs))
        if lhs.ndim:
            finite = scale[np.isfinite(scale)]
            scale = np.maximum(scale, float(finite.max()) if finite.size else 0.0)
        allowed = tolerance.atol + tolerance.rtol * scale
        same_infinity = np.isinf(lhs) & (lhs == rhs)
        gap = np.where(same_infinity, 0.0, lhs - rhs)
        if c.relation is Relation.EQUAL:
            excess = np.abs(gap) - allowed
        elif c.relation is Relation.AT_MOST:
            excess = gap - allowed
        elif c.relation is Relation.AT_LEAST:
            excess = -gap - allowed
        else:
            differs = np.abs(gap) > allowed
            if differs.any():
                return None
            worst = int(np.argmax(np.abs(gap)))
            return Failure(str(c.relation), show(c.lhs), show(c.rhs), float(np.abs(gap).flat[worst]),
                           float(allowed.flat[worst]), _labelled(c.label, "the two sides agree within the tolerance"))
    worst = int(np.argmax(excess))
    if excess.flat[worst] <= 0:
        return None
    where = "" if lhs.ndim == 0 else f"worst at index {tuple(int(i) for i in np.unravel_index(worst, lhs.shape))}"
    return Failure(str(c.relation), show(c.lhs), show(c.rhs), float(np.abs(gap.flat[worst])),
                   float(allowed.flat[worst]), _labelled(c.label, where), float(np.asarray(scale).flat[worst]))


def _labelled(label: str, detail: str) -> str:
    return ": ".join(part for part in (label, detail) if part)


def _as_array(value: Any, side: str) -> np.ndarray[Any, Any]:
    array = np.asarray(value, dtype=np.float64)
    if np.isnan(array).any():
        raise NonFiniteValueError(f"the {side} side evaluated to NaN: {show(value)}")
    return array


def show(value: Any) -> str:
    """A value as a person reads it: arrays compactly, floats in full, objects by their repr."""
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=6, suppress_small=False, max_line_width=100, separator=", ")
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, float | np.floating):
        return repr(float(value))
    return repr(value)


def to_json_value(value: Any) -> Any:
    """A JSON-able form: numbers and nested lists where possible, else the readable text."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float | np.floating | np.integer):
        number = float(value)
        return number if np.isfinite(number) else str(number)
    if isinstance(value, Fraction):
        return str(value)
    return show(value)
