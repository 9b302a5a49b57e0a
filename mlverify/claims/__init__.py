"""Claims: declarative units (statement, variables, property, wrong variants) and their registry.

Topic modules (``activations``, ``matrix_calculus``, ...) declare claims by their LaTeX with
``stated`` (the notation layer compiles the property) or around a Python property with ``@claim``;
``load_registry()`` imports them and the ``mlverify.claims`` entry points.
"""

from mlverify.claims._model import Checkable, Claim, Reference, Said, WrongVariant, wrong
from mlverify.claims._registry import ENTRY_POINT_GROUP, Registry, claim, load_registry, stated, validate
from mlverify.properties import (
    Accuracy,
    AllOf,
    Comparison,
    Evidence,
    Kind,
    Quantifier,
    Relation,
    Status,
    Truth,
    all_of,
    at_least,
    at_most,
    equal,
    holds,
    not_equal,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "Accuracy",
    "AllOf",
    "Checkable",
    "Claim",
    "Comparison",
    "Evidence",
    "Kind",
    "Quantifier",
    "Reference",
    "Registry",
    "Relation",
    "Said",
    "Status",
    "Truth",
    "WrongVariant",
    "all_of",
    "at_least",
    "at_most",
    "claim",
    "equal",
    "holds",
    "load_registry",
    "not_equal",
    "stated",
    "validate",
    "wrong",
]
