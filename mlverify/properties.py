"""What a property is and what it returns: its kind, accuracy and quantifier, and evidence.

Claims, wrong variants and formulas compiled from LaTeX are all properties; this module
sits below the notation layer and the claims so both can build them. A property computes;
it never decides "close enough". The engine judges the evidence
with the tolerance the claim's kind and accuracy select, so no claim holds a bare 1e-6
and every failure can show both sides, the difference and the tolerance exceeded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What sort of statement a claim is; with its accuracy it selects the tolerance."""

    IDENTITY = "identity"
    INEQUALITY = "inequality"
    IMPLICATION = "implication"
    CONVERGENCE = "convergence"
    PROPERTY = "property"


class Accuracy(StrEnum):
    """How exactly the property can compute both sides."""

    EXACT = "exact"
    DERIVATIVE = "numerical_derivative"
    QUADRATURE = "numerical_integration"


class Quantifier(StrEnum):
    """For all examples (search for a counterexample) or there exists one (search for a witness)."""

    FORALL = "forall"
    EXISTS = "exists"


class Status(StrEnum):
    VERIFIED = "verified"
    REFUTED = "refuted"
    ERROR = "error"


class Relation(StrEnum):
    EQUAL = "="
    NOT_EQUAL = "≠"
    AT_MOST = "≤"
    AT_LEAST = "≥"


@dataclass(frozen=True)
class Comparison:
    """lhs RELATION rhs, elementwise for arrays (shapes must agree exactly)."""

    relation: Relation
    lhs: Any
    rhs: Any
    label: str = ""


@dataclass(frozen=True)
class Truth:
    """A fact decided exactly (a condition on exact rationals, an implication's verdict)."""

    value: bool
    label: str = ""
    shown: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AllOf:
    """Several pieces of evidence that must all hold; the first failing one is reported."""

    parts: tuple[Evidence, ...]


Evidence = Comparison | Truth | AllOf


def equal(lhs: Any, rhs: Any, label: str = "") -> Comparison:
    return Comparison(Relation.EQUAL, lhs, rhs, label)


def not_equal(lhs: Any, rhs: Any, label: str = "") -> Comparison:
    """Holds when at least one element differs by more than the tolerance."""
    return Comparison(Relation.NOT_EQUAL, lhs, rhs, label)


def at_most(lhs: Any, rhs: Any, label: str = "") -> Comparison:
    return Comparison(Relation.AT_MOST, lhs, rhs, label)


def at_least(lhs: Any, rhs: Any, label: str = "") -> Comparison:
    return Comparison(Relation.AT_LEAST, lhs, rhs, label)


def holds(value: bool, label: str = "", **shown: Any) -> Truth:
    """An exact verdict; ``shown`` values are printed with a counterexample."""
    return Truth(bool(value), label, dict(shown))


def all_of(*parts: Evidence) -> AllOf:
    return AllOf(parts)
