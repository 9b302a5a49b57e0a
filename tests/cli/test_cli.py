"""The CLI through typer's CliRunner: formats, exit codes, one-line errors."""

import json
import sys
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from mlverify.cli import app, main

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_claims_list_json_has_the_documented_fields():
    result = run("claims", "list", "--format", "json")
    assert result.exit_code == 0
    claims = json.loads(result.stdout)
    assert len(claims) >= 40
    for field in ("id", "topic", "title", "statement", "kind", "variables", "wrong_variants"):
        assert field in claims[0]
    assert {"id", "statement"} <= set(claims[0]["wrong_variants"][0])


def test_claims_list_filters_by_topic_and_shows_a_table():
    result = run("claims", "list", "--topic", "activations")
    assert result.exit_code == 0 and "activations.sigmoid_derivative" in result.stdout
    assert "matrix_calculus" not in result.stdout


def test_claims_show():
    result = run("claims", "show", "activations.tanh_derivative")
    assert result.exit_code == 0
    assert r"\tanh'(x) = 1 - \tanh^2(x)" in result.stdout and "missing_square" in result.stdout


def test_verify_json_with_variants_exits_zero():
    result = run("verify", "activations.tanh_derivative", "--variants", "--format", "json", "--examples", "30")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["status"] for r in rows] == ["verified", "refuted", "refuted"]
    assert all("counterexample" in r for r in rows[1:])


def test_a_named_wrong_variant_is_refuted_as_expected_with_its_counterexample():
    result = run("verify", "activations.tanh_derivative/missing_square")
    assert result.exit_code == 0
    assert "refuted (as expected)" in result.stdout
    assert "left = right fails by" in result.stdout
    assert "reproduce: mlverify verify activations.tanh_derivative/missing_square --seed 0" in result.stdout


def test_junit_output_parses():
    result = run("verify", "--topic", "activations", "--format", "junit", "--examples", "10")
    assert result.exit_code == 0
    suite = ET.fromstring(result.stdout.split("\n", 1)[1] if result.stdout.startswith("<?xml") else result.stdout)
    assert int(suite.get("tests")) >= 10 and suite.get("failures") == "0"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("verify", "activations.sigmoid_derivatve"), "did you mean 'activations.sigmoid_derivative'"),
        (("verify", "--topic", "astrology"), "unknown topic 'astrology'"),
        (("verify", "--profile", "fast"), "unknown profile 'fast'"),
        (("claims", "show", "nope.nothing"), "unknown claim id 'nope.nothing'"),
    ],
)
def test_bad_usage_is_one_line_and_exit_two(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["verify", "--examples", "0"], "Invalid value for '--examples'"),
        (["verify", "--format", "xml"], "'xml' is not one of"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_usage_errors_of_the_console_script_are_one_line(monkeypatch, capsys, argv, message):
    monkeypatch.setattr(sys, "argv", ["mlverify", *argv])
    with pytest.raises(SystemExit) as exit_info:
        main()
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert err.startswith("mlverify: error: ") and message in err
    assert len(err.strip().splitlines()) == 1


def test_the_console_script_passes_the_exit_status_through(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["mlverify", "verify", "activations.tanh_derivative", "-n", "5", "-f", "json"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 0
    assert json.loads(capsys.readouterr().out)[0]["status"] == "verified"
