"""Claims stated in words: the patterns registry claims declare, read in a sheet's sentences."""

import pytest

from mlverify.audit.words import claims_in_words
from mlverify.claims import Said
from mlverify.claims._model import said_as
from mlverify.errors import InvalidClaimError

SHEET = """# Rules

The pointwise maximum of two convex functions is again convex.

The composition of two convex functions is convex.

It is false that the minimum of convex functions is convex.

# Steps

The step size $\\eta_t = 1/t$ satisfies both Robbins-Monro conditions.
The step size $\\eta_t = 1/\\sqrt{t}$ satisfies both conditions.
The schedule $\\eta_t = 0.9^t$ does not satisfy the conditions.
The schedule $\\eta_t = 0.9^t$ satisfies both conditions.
"""


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    path = tmp_path_factory.mktemp("words") / "sheet.md"
    path.write_text(SHEET, encoding="utf-8")
    return {(f.line, f.status): f for f in claims_in_words(path)}


def test_a_rule_stated_in_words_is_verified_and_a_known_mistake_refuted_with_the_rule_as_fix(found):
    assert found[(3, "verified")].claim == "convexity.pointwise_max"
    mistake = found[(5, "refuted")]
    assert mistake.claim == "convexity.composition" and mistake.counterexample is not None
    assert "non-decreasing" in mistake.fix and "monotonicity" in mistake.hint


def test_a_sentence_that_denies_or_qualifies_the_rule_is_left_unchecked(found):
    assert found[(7, "unchecked")].reason.category == "prose"


def test_a_schedule_is_decided_on_what_the_compiler_reads_from_its_formula(found):
    assert {line: status for line, status in found if line >= 11} == {
        11: "verified", 12: "refuted", 13: "verified", 14: "refuted"}


def test_a_said_pattern_must_be_a_regular_expression():
    with pytest.raises(InvalidClaimError, match="not a regular expression"):
        said_as([Said("(unclosed")])
