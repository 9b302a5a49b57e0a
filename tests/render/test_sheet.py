"""The formula sheet: only verified claims reach it, by topic, with their conditions and ids."""

from dataclasses import replace

from mlverify.claims import Status, load_registry
from mlverify.engine import verify
from mlverify.render.problems import SetFormat
from mlverify.render.sheet import formula_sheet


def test_a_claim_that_is_not_verified_is_left_off():
    claims = [c for c in load_registry() if c.topic == "activations"][:3]
    results = {c.id: verify(c, profile="ci", seed=0, max_examples=5) for c in claims}
    results[claims[1].id] = replace(results[claims[1].id], status=Status.REFUTED)
    text = formula_sheet(claims, results, SetFormat.md, "Sheet").decode()
    assert claims[0].id in text and claims[2].id in text and claims[1].id not in text
    assert "## Activations" in text and f"$$ {claims[0].statement} $$" in text
    assert "Each of the 2 formulas" in text
