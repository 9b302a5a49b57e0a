"""Every key, distractor and statement is checked before it is written; a family that cannot pass is an error."""

from collections import Counter

import pytest
from problem_families import SIGMOID

from mlverify.errors import MlverifyError
from mlverify.generate import ProblemError, draw_variant, render_item


def variants(family, registry, seeds=range(40)):
    return [draw_variant(family, seed, registry) for seed in seeds]


def test_a_checked_variant_has_its_key_among_distinct_options(family_from, registry):
    for variant in variants(family_from(SIGMOID), registry):
        assert sum(o.correct for o in variant.options) == 1
        assert len({o.latex for o in variant.options}) == 4
        assert any("computed independently" in c for c in variant.checks)
        assert any("claim activations.sigmoid_derivative holds" in c for c in variant.checks)


def test_a_wrong_answer_formula_is_caught_and_names_the_family_and_seed(family_from, registry):
    wrong = {**SIGMOID, "steps": {"s": r"\sigma(x)", "g": r"s\,(1 + s)"}}
    with pytest.raises(ProblemError, match=r"family fixture \(seed 3\).*disagrees with"):
        draw_variant(family_from(wrong), 3, registry)


def test_a_wrong_formula_for_an_explicitly_asked_quantity_is_caught(family_from, registry):
    spec = {**SIGMOID, "answer": {"type": "numeric"}, "distractors": [], "asks": r"\frac{d}{dx} \log(1 + e^{x})",
            "claims": ["activations.softplus_derivative"]}
    with pytest.raises(ProblemError, match="disagrees"):
        draw_variant(family_from(spec), 0, registry)
    right = {**spec, "steps": {"s": r"\sigma(x)", "g": "s"}}
    assert draw_variant(family_from(right, name="right"), 0, registry).answer > 0


def test_a_distractor_equal_to_the_key_is_never_offered(family_from, registry):
    spec = {**SIGMOID, "answer": {"type": "choice", "options": 3},
            "distractors": [{"latex": r"\sigma(x)(1 - \sigma(x))", "mistake": "none: it is the key"},
                            {"variant": "plus_sign"}, {"variant": "missing_factor"}]}
    for variant in variants(family_from(spec), registry):
        assert all("none: it is the key" not in o.source for o in variant.options)
    only_key = {**spec, "distractors": [{"latex": r"\sigma(x) - \sigma(x)^2", "mistake": "same"},
                                        {"latex": r"\sigma(x)\sigma(-x)", "mistake": "same again"}]}
    with pytest.raises(ProblemError, match="distractors differ"):
        draw_variant(family_from(only_key, name="only_key"), 0, registry)


def test_the_key_position_is_uniform(family_from, registry):
    positions = Counter(v.key_index for v in variants(family_from(SIGMOID), registry, range(400)))
    assert set(positions) == {0, 1, 2, 3}
    assert all(60 <= count <= 140 for count in positions.values()), positions


def test_the_same_seed_gives_the_same_variant(family_from, registry):
    family = family_from(SIGMOID)
    first, again = draw_variant(family, 11, registry), draw_variant(family, 11, registry)
    assert first.parameters == again.parameters and first.options == again.options
    assert len({str(v.parameters) for v in variants(family, registry)}) > 1


def test_parameters_must_read_back_as_displayed(family_from, registry, monkeypatch):
    import mlverify.generate.variant as variant_module

    monkeypatch.setattr(variant_module, "tex", lambda value, decimals=4: "0")  # a display that loses the value
    spec = {**SIGMOID, "parameters": {"x": {"choice": [1, 2]}}}
    with pytest.raises(ProblemError, match="displayed parameters"):
        draw_variant(family_from(spec), 0, registry)


def test_require_conditions_and_claim_conditions_select_the_draws(family_from, registry):
    positive = {**SIGMOID, "require": ["x > 0"]}
    assert all(v.parameters["x"] > 0 for v in variants(family_from(positive), registry))
    at_kink = {"title": "ReLU'", "topic": "activations", "claims": ["activations.relu_derivative"],
               "parameters": {"x": {"choice": [0]}}, "steps": {"g": r"\mathbb{1}[x > 0]"}, "answer": "numeric",
               "asks": r"\mathbb{1}[x > 0]"}  # asked so, only the claim's own condition x != 0 rejects x = 0
    with pytest.raises(ProblemError, match="does not hold at the drawn values"):
        draw_variant(family_from(at_kink, name="kink"), 0, registry)


def test_statements_are_witnessed_true_or_false(family_from, registry):
    spec = {"title": "True or false", "topic": "activations", "claims": ["activations.sigmoid_derivative"],
            "parameters": {"x": {"choice": [-1, 1, 2]}}, "answer": "truefalse",
            "statements": ["activations.sigmoid_derivative", "activations.sigmoid_derivative/plus_sign"]}
    family = family_from(spec, question="{{ statement }}", solution="{{ correct }}: ${{ witness }}$")
    drawn = variants(family, registry)
    assert {v.options[0].correct for v in drawn} == {True, False}
    for variant in drawn:
        (option,) = variant.options
        assert option.correct == (option.source == "activations.sigmoid_derivative")
        assert r"\text{ vs }" in option.witness
        item = render_item(1, variant)
        assert item.key == ("True" if option.correct else "False")


def test_a_statement_the_parameters_cannot_bind_is_an_error(family_from, registry):
    spec = {"title": "T/F", "topic": "matrix_calculus", "claims": ["matrix_calculus.trace_ax_denominator"],
            "parameters": {"x": {"choice": [1]}}, "answer": "truefalse",
            "statements": ["matrix_calculus.trace_ax_denominator"]}
    with pytest.raises(ProblemError, match="do not cover the variables"):
        draw_variant(family_from(spec), 0, registry)


def test_an_unknown_claim_is_named(family_from, registry):
    with pytest.raises(ProblemError, match=r"unknown claim id 'activations\.sigmoid_derivativ'"):
        draw_variant(family_from({**SIGMOID, "claims": ["activations.sigmoid_derivativ"]}), 0, registry)


@pytest.mark.parametrize(("question", "message"), [
    ("{{ y | tex }}", "'y' is undefined"),
    ("{{ x.__class__ }}", "question.md.j2"),
    ("{% if %}", r"question.md.j2:1"),
])
def test_a_broken_template_is_one_line_naming_it(family_from, registry, question, message):
    variant = draw_variant(family_from(SIGMOID, question=question), 0, registry)
    with pytest.raises(MlverifyError, match=message) as error:
        render_item(1, variant)
    assert "\n" not in str(error.value)


def test_a_true_false_key_is_true_half_the_time_even_when_false_statements_fail_rarely(family_from, registry):
    # the wrong variant closed_at_half fails only at p = 1/2: redraws must not re-toss the true/false coin
    spec = {"title": "T/F", "topic": "optimization", "claims": ["optimization.robbins_monro_power"],
            "parameters": {"c": {"choice": [1]}, "p": {"choice": ["1/3", "1/2", "2/3", "3/4", 1, 2]}},
            "answer": "truefalse",
            "statements": ["optimization.robbins_monro_power", "optimization.robbins_monro_power/closed_at_half"]}
    family = family_from(spec, question="{{ statement }}", solution="${{ witness }}$")
    truths = [v.options[0].correct for v in variants(family, registry, range(200))]
    assert 80 <= sum(truths) <= 120, sum(truths)
