"""The registry is the compiler's regression suite: read as a sheet would state them, no
correct claim is refuted through the compiler and no wrong variant is verified.

A claim's assumptions are passed as context, as a sheet's conditions would be. Statements
the compiler cannot yet check are allowed to come out unchecked; the share that must compile is tested below.
"""

import pytest

from mlverify.audit import check_formula
from mlverify.claims import load_registry

CLAIMS = list(load_registry())


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_no_registry_claim_is_refuted_through_the_compiler(claim):
    result = check_formula(claim.statement, list(claim.assumptions), seed=0, max_examples=50)
    assert result.status != "refuted", result.counterexample


@pytest.mark.parametrize("variant", [v for c in CLAIMS for v in c.wrong_variants], ids=lambda v: v.id)
def test_no_wrong_variant_is_verified_through_the_compiler(variant):
    assumptions = list(load_registry().get(variant.claim_id).assumptions)
    assert check_formula(variant.statement, assumptions, seed=0, max_examples=50).status != "verified"


def test_nearly_every_equation_and_inequality_claim_is_stated_in_latex():
    """Issue 3's bar: at least 90% of the identity and inequality claims are declared by their LaTeX
    alone (compiled at registration, so their variants are refuted through the compiler too)."""
    from mlverify.claims import Kind

    equations = [c for c in CLAIMS if c.kind in (Kind.IDENTITY, Kind.INEQUALITY)]
    compiled = [c for c in equations if c.compiled]
    assert len(compiled) >= 0.9 * len(equations), sorted(c.id for c in equations if not c.compiled)
    assert all(v.compiled for c in compiled for v in c.wrong_variants)
