"""One battery over the whole registry: a claim is covered the moment it registers.

Every claim verifies, every wrong variant is refuted (which proves each check can fail),
every statement is renderable LaTeX, and ids are unique and dotted.
"""

import re

import pytest

from mlverify.claims import Quantifier, Status, load_registry
from mlverify.engine import verify

REGISTRY = load_registry()
CLAIMS = list(REGISTRY)
VARIANTS = [v for c in CLAIMS for v in c.wrong_variants]
FAMILIES = {
    "activations", "matrix_calculus", "convexity", "probability", "information_theory", "optimization",
    "linear_algebra", "losses", "regression", "moments", "inequalities", "optimizers", "deep_learning",
    "cookbook", "gaussians", "calculus", "convolution",
}


def _balanced(latex: str) -> bool:
    depth = 0
    for match in re.finditer(r"\\[{}]|[{}]", latex):
        token = match.group()
        if token in (r"\{", r"\}"):
            continue
        depth += 1 if token == "{" else -1
        if depth < 0:
            return False
    return depth == 0 and latex.count(r"\left") == latex.count(r"\right") and (
        latex.count(r"\begin") == latex.count(r"\end")
    )


def test_the_registry_is_large_and_covers_every_family():
    assert len(CLAIMS) >= 40
    assert {c.topic for c in CLAIMS} >= FAMILIES


def test_ids_are_unique_and_dotted():
    ids = [c.id for c in CLAIMS] + [v.id for v in VARIANTS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+(/[a-z][a-z0-9_]*)?", i) for i in ids)


@pytest.mark.parametrize("target", [*CLAIMS, *VARIANTS], ids=lambda t: t.id)
def test_statements_are_renderable_latex(target):
    assert _balanced(target.statement), target.statement


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_every_claim_verifies(claim):
    result = verify(claim, profile="ci", seed=0)
    assert result.status is Status.VERIFIED, result.message or result.counterexample
    assert result.examples > 0


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_every_wrong_variant_is_refuted(variant):
    result = verify(variant, profile="ci", seed=0)
    assert result.status is Status.REFUTED, result.message
    if variant.quantifier is Quantifier.FORALL:
        ce = result.counterexample
        assert ce is not None and set(ce.values) == set(variant.variables)
        assert ce.reproduce.startswith(f"mlverify verify {variant.id} --seed 0")
