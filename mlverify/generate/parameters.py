"""Parameter domains of a problem family: values a student can work with by hand, drawn exactly.

A drawn value is exact (an ``int``, a ``Fraction``, or a numpy object array of them) so it is displayed
as written and evaluated without rounding; ``as_float`` gives the evaluator its numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

Exact = int | Fraction | np.ndarray


class ParameterError(ValueError):
    """A parameter declaration describes no values; the message names the parameter and what to write."""


@dataclass(frozen=True)
class Parameter:
    """One parameter: how its entries are drawn (``choices``) and its shape (``()``, ``(n,)``, ``(m, n)``).

    ``sizes`` may name an earlier integer parameter (a vector of length n); ``symmetric`` mirrors a
    square matrix; ``nonzero`` excludes 0 from the choices; ``distinct`` makes a vector's entries differ.
    """

    name: str
    choices: tuple[Fraction | np.ndarray, ...]
    sizes: tuple[int | str, ...] = ()
    symmetric: bool = False
    distinct: bool = False

    def draw(self, rng: np.random.Generator, drawn: Mapping[str, Exact]) -> Exact:
        shape = tuple(int(drawn[s]) if isinstance(s, str) else s for s in self.sizes)
        if not shape:
            choice = self.choices[int(rng.integers(len(self.choices)))]
            return choice.copy() if isinstance(choice, np.ndarray) else _simplest(choice)
        count = int(np.prod(shape))
        if self.distinct:
            if count > len(self.choices):
                raise ParameterError(f"parameter {self.name}: {count} distinct entries from {len(self.choices)} values")
            picks = rng.choice(len(self.choices), size=count, replace=False)
        else:
            picks = rng.integers(len(self.choices), size=count)
        entries = np.array([_simplest(self.choices[int(k)]) for k in picks], dtype=object).reshape(shape)
        if self.symmetric:
            entries = np.triu(entries) + np.triu(entries, 1).T
        return entries


def _simplest(value: Fraction | np.ndarray) -> int | Fraction:
    if isinstance(value, np.ndarray):
        raise ParameterError("a vector or matrix choice cannot also declare vector: or matrix:")
    return int(value) if value.denominator == 1 else value


def as_float(value: Any) -> Any:
    """The evaluator's form of an exact value: a float or a float array."""
    if isinstance(value, np.ndarray):
        return value.astype(np.float64)
    if isinstance(value, bool):
        return float(value)
    return float(value) if isinstance(value, int | float | Fraction | np.number) else value


def parse_parameter(name: str, spec: Any) -> Parameter:
    """A parameter from its ``problem.yaml`` declaration. The forms:

    ``{integer: [lo, hi]}``, ``{choice: [1, "1/2", 0.25]}`` (or a choice of vectors or matrices:
    ``{choice: [[1, 0], [0, 1]]}``), ``{fraction: {numerator: [lo, hi],
    denominator: [lo, hi]}}``, ``{decimal: [lo, hi], step: 0.1}``, each with ``nonzero: true``; a
    vector adds ``vector: n``, a matrix ``matrix: [m, n]`` (sizes are numbers or earlier integer
    parameters), with ``symmetric: true`` or ``distinct: true``.
    """
    if not isinstance(spec, Mapping):
        raise ParameterError(f"parameter {name}: expected a mapping such as {{integer: [-3, 3]}}, got {spec!r}")
    known = {"integer", "choice", "fraction", "decimal", "step", "nonzero", "vector", "matrix", "symmetric",
             "distinct"}
    if unknown := sorted(set(spec) - known):
        raise ParameterError(f"parameter {name}: unknown key {unknown[0]!r}; the keys are {', '.join(sorted(known))}")
    values = _values(name, spec)
    if spec.get("nonzero"):
        values = [v for v in values if isinstance(v, np.ndarray) or v != 0]
    if not values:
        raise ParameterError(f"parameter {name}: no values to draw from")
    sizes = _sizes(name, spec)
    arrays = [v for v in values if isinstance(v, np.ndarray)]
    if arrays and (sizes or len(arrays) != len(values) or len({a.shape for a in arrays}) != 1):
        raise ParameterError(f"parameter {name}: choose among arrays of one shape (and no vector:/matrix: size), "
                             "or among numbers")
    if arrays:
        return Parameter(name, tuple(arrays))
    symmetric = bool(spec.get("symmetric"))
    if symmetric and (len(sizes) != 2 or sizes[0] != sizes[1]):
        raise ParameterError(f"parameter {name}: only a square matrix can be symmetric")
    return Parameter(name, tuple(dict.fromkeys(values)), sizes, symmetric, bool(spec.get("distinct")))


def _values(name: str, spec: Mapping[str, Any]) -> list[Fraction | np.ndarray]:
    forms = [k for k in ("integer", "choice", "fraction", "decimal") if k in spec]
    if len(forms) != 1:
        raise ParameterError(f"parameter {name}: say how values are drawn with exactly one of integer, choice, "
                             "fraction, decimal")
    form = forms[0]
    if form == "choice":
        choices = spec["choice"]
        if not isinstance(choices, Sequence) or isinstance(choices, str) or not choices:
            raise ParameterError(f"parameter {name}: choice needs a non-empty list of numbers")
        return [_array(name, c) if isinstance(c, list) else _number(name, c) for c in choices]
    if form == "fraction":
        parts = spec["fraction"]
        if not isinstance(parts, Mapping) or set(parts) != {"numerator", "denominator"}:
            raise ParameterError(f"parameter {name}: fraction needs numerator: [lo, hi] and denominator: [lo, hi]")
        tops, bottoms = _range(name, parts["numerator"]), _range(name, parts["denominator"])
        if 0 in bottoms:
            raise ParameterError(f"parameter {name}: a denominator range must not contain 0")
        return list(sorted({Fraction(a, b) for a in tops for b in bottoms}))
    lo, hi = _pair(name, spec[form])
    if form == "integer":
        return [Fraction(k) for k in _range(name, spec[form])]
    return _decimals(name, spec, lo, hi)


def _decimals(name: str, spec: Mapping[str, Any], lo: Fraction, hi: Fraction) -> list[Fraction | np.ndarray]:
    step = _number(name, spec.get("step", "0.1"))
    if step <= 0:
        raise ParameterError(f"parameter {name}: step must be positive")
    count = int((hi - lo) / step)
    if count > 10_000:
        raise ParameterError(f"parameter {name}: {count} values; use a larger step")
    return [lo + k * step for k in range(count + 1)]


def _array(name: str, rows: list[Any]) -> np.ndarray:
    """A vector ``[1, 0, 0]`` or a matrix ``[[1, 2], [3, 4]]`` of exact entries."""
    nested = [row if isinstance(row, list) else None for row in rows]
    if all(row is None for row in nested):
        return np.array([_simplest(_number(name, x)) for x in rows], dtype=object)
    if any(row is None for row in nested) or len({len(row) for row in rows}) != 1:
        raise ParameterError(f"parameter {name}: a matrix choice is a list of rows of equal length")
    return np.array([[_simplest(_number(name, x)) for x in row] for row in rows], dtype=object)


def _range(name: str, spec: Any) -> range:
    lo, hi = _pair(name, spec)
    if lo.denominator != 1 or hi.denominator != 1:
        raise ParameterError(f"parameter {name}: an integer range needs integer ends, got [{lo}, {hi}]")
    return range(int(lo), int(hi) + 1)


def _pair(name: str, spec: Any) -> tuple[Fraction, Fraction]:
    if not isinstance(spec, Sequence) or isinstance(spec, str) or len(spec) != 2:
        raise ParameterError(f"parameter {name}: expected a range [lo, hi], got {spec!r}")
    lo, hi = (_number(name, x) for x in spec)
    if lo > hi:
        raise ParameterError(f"parameter {name}: the range [{lo}, {hi}] is empty")
    return lo, hi


def _number(name: str, value: Any) -> Fraction:
    try:
        if isinstance(value, bool):
            raise ValueError
        return Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    except (ValueError, TypeError, ZeroDivisionError):
        raise ParameterError(f"parameter {name}: {value!r} is not a number (write 3, -2, \"1/2\" or 0.25)") from None


def _sizes(name: str, spec: Mapping[str, Any]) -> tuple[int | str, ...]:
    if "vector" in spec and "matrix" in spec:
        raise ParameterError(f"parameter {name}: say vector or matrix, not both")
    if "vector" in spec:
        raw: list[Any] = [spec["vector"]]
    elif "matrix" in spec:
        raw = list(spec["matrix"]) if isinstance(spec["matrix"], Sequence) and not isinstance(spec["matrix"], str) \
            else []
        if len(raw) != 2:
            raise ParameterError(f"parameter {name}: matrix needs [rows, columns]")
    else:
        return ()
    sizes: list[int | str] = []
    for size in raw:
        number = isinstance(size, int) and not isinstance(size, bool) and 1 <= size <= 8
        if number or (isinstance(size, str) and size.isidentifier()):
            sizes.append(size)
        else:
            raise ParameterError(f"parameter {name}: a size is a number from 1 to 8 or an integer parameter's name, "
                                 f"got {size!r}")
    return tuple(sizes)
