"""Domains: what a claim's variables range over, each building its Hypothesis strategy."""

from mlverify.domains._base import AnyOf, Dim, Domain, Ref
from mlverify.domains._examples import Example, examples, shared_dims
from mlverify.domains.arrays import (
    InvertibleMatrix,
    LabelVector,
    Matrix,
    OneHot,
    OrthogonalMatrix,
    PSDMatrix,
    SimplexPoint,
    SPDMatrix,
    SymmetricMatrix,
    Vector,
)
from mlverify.domains.distributions import FAMILIES, Distribution, DistributionCase
from mlverify.domains.functions import (
    ConcaveFunction,
    ConvexFunction,
    ConvexFunctionOn,
    ConvexNondecreasingFunction,
    ConvexNonincreasingFunction,
    Function,
    SmoothFunction,
    StronglyConvexFunctionOn,
)
from mlverify.domains.numbers import (
    BinaryLabel,
    Integer,
    Label,
    PositiveReal,
    Probability,
    Rational,
    Real,
    SignLabel,
)
from mlverify.domains.schedules import StepSchedule

__all__ = [
    "FAMILIES",
    "AnyOf",
    "BinaryLabel",
    "ConcaveFunction",
    "ConvexFunction",
    "ConvexFunctionOn",
    "ConvexNondecreasingFunction",
    "ConvexNonincreasingFunction",
    "Dim",
    "Distribution",
    "DistributionCase",
    "Domain",
    "Example",
    "Function",
    "Integer",
    "InvertibleMatrix",
    "Label",
    "LabelVector",
    "Matrix",
    "OneHot",
    "OrthogonalMatrix",
    "PSDMatrix",
    "PositiveReal",
    "Probability",
    "Rational",
    "Real",
    "Ref",
    "SPDMatrix",
    "SignLabel",
    "SimplexPoint",
    "SmoothFunction",
    "StepSchedule",
    "StronglyConvexFunctionOn",
    "SymmetricMatrix",
    "Vector",
    "examples",
    "shared_dims",
]
