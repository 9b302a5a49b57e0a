"""The tolerance policy, in one table keyed by claim kind, accuracy and dtype.

Exact closed forms agree to a few ulps times the conditioning of the expression; a
numerical derivative (central differences with Richardson, ~1e-11) or a quadrature
(scipy quad at epsrel 1e-11) earns a looser bound. Real mistakes (a dropped factor,
a transpose) are off by O(1) relative, so they are refuted with a wide margin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from mlverify.claims import Accuracy, Kind


@dataclass(frozen=True)
class Tolerance:
    """|lhs - rhs| <= atol + rtol * max(|lhs|, |rhs|), elementwise."""

    rtol: float
    atol: float

    def allowed(self, lhs: float, rhs: float) -> float:
        return self.atol + self.rtol * max(abs(lhs), abs(rhs))


_EXACT: Final = Tolerance(rtol=1e-9, atol=1e-11)
_DERIVATIVE: Final = Tolerance(rtol=1e-6, atol=1e-7)  # second differences reach ~1e-8 of f's scale
_QUADRATURE: Final = Tolerance(rtol=1e-7, atol=1e-9)

TOLERANCES: Final[dict[tuple[Kind, Accuracy, str], Tolerance]] = {
    (kind, accuracy, "float64"): tolerance
    for kind in Kind
    for accuracy, tolerance in (
        (Accuracy.EXACT, _EXACT),
        (Accuracy.DERIVATIVE, _DERIVATIVE),
        (Accuracy.QUADRATURE, _QUADRATURE),
    )
}


def tolerance_for(kind: Kind, accuracy: Accuracy, dtype: str = "float64") -> Tolerance:
    return TOLERANCES[(kind, accuracy, dtype)]
