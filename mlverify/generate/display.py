"""Values as a student reads them: exact parameters as written, computed values rounded to a family's decimals.

What is displayed is what is checked: the key is recomputed from the displayed parameters, and options are
compared after the rounding the student sees.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from fractions import Fraction
from typing import Any

import numpy as np


def tex(value: Any, decimals: int = 4) -> str:
    """LaTeX for a value: integers and fractions exactly, floats rounded, arrays as ``pmatrix``."""
    if isinstance(value, np.ndarray):
        if value.ndim == 1:
            return r"\begin{pmatrix} " + r" \\ ".join(tex(x, decimals) for x in value) + r" \end{pmatrix}"
        if value.ndim == 2:
            rows = (" & ".join(tex(x, decimals) for x in row) for row in value)
            return r"\begin{pmatrix} " + r" \\ ".join(rows) + r" \end{pmatrix}"
        return tex(value.item(), decimals)
    if isinstance(value, bool | np.bool_):
        return r"\text{true}" if value else r"\text{false}"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        sign = "-" if value < 0 else ""
        return rf"{sign}\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"
    return plain_number(float(value), decimals)


def plain_number(value: float, decimals: int) -> str:
    """A float rounded half away from zero (as people round) to ``decimals`` places, without trailing zeros or a
    negative zero."""
    if not math.isfinite(value):
        return str(value)
    with localcontext(Context(prec=400)):
        text = str(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def rounded(value: Any, decimals: int) -> Any:
    """The value the student sees, as a number: floats rounded like ``tex`` rounds them."""
    if isinstance(value, np.ndarray):
        return np.array([float(plain_number(float(x), decimals)) for x in value.flat]).reshape(value.shape)
    return float(plain_number(float(value), decimals))


def distance(a: Any, b: Any) -> float:
    """The largest entrywise gap between two values; infinite when their shapes differ."""
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if x.shape != y.shape:
        return float("inf")
    return float(np.max(np.abs(x - y))) if x.size else 0.0


def to_json(value: Any) -> Any:
    """Exact values as strings (``"1/2"``), floats as numbers, arrays as nested lists."""
    if isinstance(value, np.ndarray):
        return [to_json(x) for x in value]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else value.numerator
    return float(value)
