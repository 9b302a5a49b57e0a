"""Claims: declarative units (statement, variables, property, wrong variants) and their registry.

Topic modules (``activations``, ``matrix_calculus``, ...) declare claims with ``@claim``;
``load_registry()`` imports them and the ``mlverify.claims`` entry points.
"""

from mlverify.claims._evidence import (
    AllOf,
    Comparison,
    Evidence,
    Relation,
    Truth,
    all_of,
    at_least,
    at_most,
    equal,
    holds,
    not_equal,
)
from mlverify.claims._model import (
    Accuracy,
    Checkable,
    Claim,
    Kind,
    Quantifier,
    Reference,
    Status,
    WrongVariant,
    wrong,
)
from mlverify.claims._registry import ENTRY_POINT_GROUP, Registry, claim, load_registry, validate

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
    "validate",
    "wrong",
]
