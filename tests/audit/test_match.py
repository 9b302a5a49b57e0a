"""Diagnosis of refuted formulas: the claim they state (by meaning), the known mistake, a stronger assumption."""

import pytest

from mlverify.audit.check import check_sheets
from mlverify.audit.match import Match, _renamings, diagnose, match_claim, stronger_assumption
from mlverify.claims import load_registry
from mlverify.domains import Dim, Matrix, Real, Vector


def claim(claim_id):
    return load_registry().get(claim_id)


# (sheet formula, given, claim it states, wrong variant it is, or None)
MATCHES = [
    (r"\sigma'(x) = \sigma(x)(1 + \sigma(x))", (), "activations.sigmoid_derivative", "plus_sign"),
    (r"\sigma'(z) = \sigma(z) \cdot (1 + \sigma(z))", (), "activations.sigmoid_derivative", "plus_sign"),
    (r"\sigma'(x) = \sigma(x)^2", (), "activations.sigmoid_derivative", None),
    (r"\frac{d}{du}\tanh(u) = 1 - \tanh(u)", (), "activations.tanh_derivative", "missing_square"),
    (r"\frac{\partial \operatorname{tr}(X^\top A)}{\partial X} = A^\top \quad \text{(denominator layout)}", (),
     "matrix_calculus.trace_xt_a_denominator", "transposed"),
    (r"\frac{\partial\, u^\top M u}{\partial u} = 2 M u", (), "matrix_calculus.grad_quadratic_form_denominator",
     "symmetric_formula"),
]


@pytest.mark.parametrize(("latex", "given", "claim_id", "variant"), MATCHES, ids=[m[2] + "/" + str(m[3])
                                                                                   for m in MATCHES])
def test_a_refuted_formula_matches_its_claim_by_meaning(latex, given, claim_id, variant):
    found = match_claim(latex, given)
    expected = claim(claim_id)
    assert found == Match(claim_id, expected.statement,
                          None if variant is None else expected.variant(variant).mistake)


@pytest.mark.parametrize("latex", [
    r"(a + b)^2 = a^2 + b^2",  # no claim has this left side
    r"\sigma(x) = 2",  # compiles, but sigma(x) is the left side of no claim
    r"\nabla_w L = g(w)",  # does not compile (free function): nothing to compare
])
def test_a_formula_unrelated_to_every_claim_matches_none(latex):
    assert match_claim(latex) is None


def test_a_pin_restricts_the_match_to_that_claim():
    latex = r"\sigma'(x) = \sigma(x)(1 + \sigma(x))"
    assert match_claim(latex, claim_id="activations.tanh_derivative") is None
    assert match_claim(latex, claim_id="activations.sigmoid_derivative") is not None


TRACE = r"\frac{\partial}{\partial X} \operatorname{tr}(A X B X^\top) = A^\top X (B + B^\top)"
SQUARE = (r"X \in \mathbb{R}^{n \times n}",)


def test_a_formula_true_only_for_symmetric_a_says_so():
    assert stronger_assumption(TRACE, SQUARE) == r"holds if A is symmetric (A = A^\top); state that assumption"
    assert diagnose(r"(A x)^\top y = x^\top A y").fix == r"holds if A is symmetric (A = A^\top); state that assumption"


def test_a_known_mistake_is_named_before_the_assumption_that_would_rescue_it():
    found = diagnose(TRACE, SQUARE)
    assert found.claim == "cookbook.trace_axbxt_denominator"
    assert "symmetric" in found.hint and found.fix == claim("cookbook.trace_axbxt_denominator").statement


def test_an_equation_never_matches_an_inequality_claim():
    found = match_claim(r"\operatorname{tr}(A x x^\top) = \operatorname{tr}(A^\top x x^\top)")
    assert found is None or found.claim_id != "linear_algebra.psd_quadratic_form_nonnegative"


def test_a_formula_that_no_assumption_rescues_gets_no_fix():
    assert stronger_assumption(r"(a + b)^2 = a^2 + b^2") is None
    assert diagnose(r"(a + b)^2 = a^2 + b^2").fix is None


def test_renamings_keep_names_first_and_only_rename_within_a_kind():
    n = Dim("n")
    formula = {"u": Vector(n), "M": Matrix(n, n), "c": Real()}
    claim_vars = {"x": Vector(n), "A": Matrix(n, n), "c": Real()}
    assert _renamings(formula, claim_vars) == [{"u": "x", "M": "A", "c": "c"}]
    scalars = _renamings({"a": Real(), "b": Real()}, {"b": Real(), "a": Real()})
    assert scalars[0] == {"a": "a", "b": "b"} and len(scalars) == 2
    assert _renamings({"x": Real()}, {"x": Vector(n)}) == []


SHEET = r"""# Activations

The derivative of the sigmoid: $$\sigma'(x) = \sigma(x)(1 + \sigma(x))$$

<!-- mlverify: activations.sigmoid_derivative -->
$$\sigma'(x) = 1 - \sigma(x)$$

<!-- mlverify: activations.sigmoid_derivative -->
$$\sigma'(x) = \sigma(x)(1 - \sigma(x))$$

<!-- mlverify: activations.sigmoid_derivtive -->
$$\tanh'(x) = 1 - \tanh^2(x)$$

Correct: $$\tanh'(x) = 1 - \tanh^2(x)$$
"""


@pytest.fixture(scope="module")
def findings(tmp_path_factory):
    sheet = tmp_path_factory.mktemp("match") / "activations.md"
    sheet.write_text(SHEET, encoding="utf-8")
    return check_sheets([sheet], max_examples=30).findings


def test_check_reports_the_matched_claim_its_statement_and_the_mistake(findings):
    wrong = findings[0]
    sigmoid = claim("activations.sigmoid_derivative")
    assert (wrong.status, wrong.claim, wrong.fix) == ("refuted", sigmoid.id, sigmoid.statement)
    assert wrong.hint == "the sheet made the known mistake: " + sigmoid.variant("plus_sign").mistake
    data = wrong.to_json()
    assert (data["claim"], data["fix"], data["hint"]) == (wrong.claim, wrong.fix, wrong.hint)


def test_a_pinned_claim_is_reported_and_fixes_a_refuted_formula(findings):
    sigmoid = claim("activations.sigmoid_derivative")
    refuted, verified = findings[1], findings[2]
    assert (refuted.status, refuted.claim, refuted.fix) == ("refuted", sigmoid.id, sigmoid.statement)
    assert refuted.hint == "the sheet made the known mistake: " + sigmoid.variant("missing_factor").mistake
    assert (verified.status, verified.claim, verified.fix, verified.hint) == ("verified", sigmoid.id, None, None)


def test_a_pin_naming_no_claim_is_unchecked_with_one_line_saying_so(findings):
    pinned = findings[3]
    assert (pinned.status, pinned.claim) == ("unchecked", "activations.sigmoid_derivtive")
    assert pinned.reason is not None and pinned.reason.category == "unknown_claim"
    assert "activations.sigmoid_derivtive" in pinned.reason.message and "\n" not in pinned.reason.message
    assert "activations.sigmoid_derivative" in pinned.reason.message  # the close match


def test_a_verified_formula_gets_no_diagnosis(findings):
    assert (findings[4].status, findings[4].claim, findings[4].fix, findings[4].hint) == ("verified", None, None, None)


@pytest.mark.parametrize(("latex", "given", "hint"), [
    (r"\|Q x\|_2 = \|x\|_2", (r"Q \in \mathbb{R}^{n \times n}", r"x \in \mathbb{R}^n"),
     r"holds if Q is orthogonal (Q^\top Q = I); state that assumption"),
    (r"\frac{\partial\, a^\top x}{\partial x} = a^\top \quad \text{(denominator layout)}", (),
     "holds in numerator layout, not in the stated denominator layout"),
])
def test_other_entries_of_the_assumption_catalogue(latex, given, hint):
    assert stronger_assumption(latex, given) == hint


@pytest.mark.parametrize(("latex", "claim_id"), [
    (r"\sigma'(x) = \frac{d}{dx} \sigma(x) = \sigma(x)(1 - \sigma(x))", "activations.sigmoid_derivative"),
    (r"\text{Tr}(ABC) = \text{Tr}(BCA) = \text{Tr}(CAB)", "linear_algebra.trace_cyclic_three"),
])
def test_a_chain_states_the_claim_its_first_and_last_sides_state(latex, claim_id):
    found = match_claim(latex)
    assert found is not None and found.claim_id == claim_id
