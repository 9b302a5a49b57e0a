"""What verifying a claim produces: verified, refuted with a counterexample, or errored."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from mlverify.claims import Status


@dataclass(frozen=True)
class Counterexample:
    """A shrunk failing (or, for an existential claim, witnessing) example, ready to print.

    ``values`` hold JSON-able values, ``shown`` their readable text. For a comparison the two
    sides, the worst difference and the tolerance it exceeded are given; ``reproduce`` is
    the command that replays the search.
    """

    values: dict[str, Any]
    shown: dict[str, str]
    sizes: dict[str, int]
    relation: str | None = None
    lhs: str | None = None
    rhs: str | None = None
    difference: float | None = None
    allowed: float | None = None
    rtol: float | None = None
    atol: float | None = None
    detail: str = ""
    reproduce: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "variables": {name: {"value": self.values[name], "text": self.shown[name]} for name in self.values},
            "sizes": self.sizes,
            "relation": self.relation,
            "lhs": self.lhs,
            "rhs": self.rhs,
            "difference": _json_number(self.difference),
            "allowed": _json_number(self.allowed),
            "tolerance": {"rtol": self.rtol, "atol": self.atol} if self.rtol is not None else None,
            "detail": self.detail,
            "reproduce": self.reproduce,
        }


def _json_number(value: float | None) -> float | str | None:
    """JSON has no infinity: strict readers (jq, JSON.parse) reject Python's ``Infinity``."""
    return value if value is None or math.isfinite(value) else str(value)


@dataclass(frozen=True)
class Result:
    """The outcome for one claim or wrong variant; ``expected`` is what a correct registry gives."""

    id: str
    status: Status
    expected: Status
    examples: int
    seconds: float
    seed: int
    counterexample: Counterexample | None = None
    witness: Counterexample | None = None
    message: str = ""
    traceback: str = field(default="", repr=False)

    @property
    def as_expected(self) -> bool:
        return self.status is self.expected

    @property
    def is_variant(self) -> bool:
        return "/" in self.id

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "status": str(self.status),
            "expected": str(self.expected),
            "as_expected": self.as_expected,
            "examples": self.examples,
            "seconds": round(self.seconds, 4),
            "seed": self.seed,
        }
        if self.counterexample is not None:
            data["counterexample"] = self.counterexample.to_json()
        if self.witness is not None:
            data["witness"] = self.witness.to_json()
        if self.message:
            data["message"] = self.message
        return data
