"""``mlverify formula``: statuses, layouts, reasons and exit codes as a user sees them."""

import json

import pytest
from typer.testing import CliRunner

from mlverify.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["formula", *args, "--examples", "30"])


def test_a_true_formula_is_verified_with_exit_zero():
    result = run(r"\sigma'(x) = \sigma(x)(1-\sigma(x))")
    assert result.exit_code == 0, result.output
    assert "verified" in result.stdout


def test_a_wrong_formula_is_refuted_with_a_counterexample_and_exit_one():
    result = run(r"\sigma'(x) = \sigma(x)(1+\sigma(x))", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "refuted"
    assert {"status", "reason", "layout", "counterexample"} <= set(data)
    assert "x" in data["counterexample"]["variables"]


def test_a_derivative_reports_the_layout_it_holds_in():
    data = json.loads(run(r"\frac{\partial a^\top x}{\partial x} = a", "--format", "json").stdout)
    assert data["status"] == "verified" and data["layout"] == "denominator"


def test_context_formulas_define_symbols():
    result = run(r"\nabla_w L = X^\top (Xw - y)", "--given", r"L(w) = \frac{1}{2}\|Xw - y\|^2", "--format", "json")
    assert json.loads(result.stdout)["status"] == "verified", result.output


@pytest.mark.parametrize(
    ("latex", "category"),
    [(r"e^x \approx 1 + x", "approximation"), (r"\foo(x) = 1", "unknown_notation")],
)
def test_unchecked_formulas_say_why_with_exit_three(latex, category):
    result = run(latex, "--format", "json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["reason"]["category"] == category


def test_text_output_names_the_reason():
    result = run(r"e^x \approx 1 + x")
    assert "unchecked" in result.stdout and "approximation" in result.stdout
