"""``mlverify check``: JSON schema, text output and exit codes, on small sheets of our own."""

import json
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from mlverify.cli import app

runner = CliRunner()
GOOD = "# Algebra\n\n$$(a + b)^2 = a^2 + 2ab + b^2$$\n\nLet $f(x) = x^2$; then $f'(x) = 2x$.\n"
WRONG = "# Algebra\n\n$$(a + b)^2 = a^2 + b^2$$\n"
UNCHECKED = "# Calculus\n\n$$h'(x) = g(x)$$\n"


def run(*args):
    return runner.invoke(app, ["check", *map(str, args), "--examples", "30"])


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_correct_sheet_exits_zero_with_a_text_report(tmp_path):
    result = run(write(tmp_path, "good.md", GOOD))
    assert result.exit_code == 0, result.output
    assert f"{tmp_path / 'good.md'}:3:3" in result.stdout
    assert "verified" in result.stdout and "2 verified, 0 refuted" in result.stdout


def test_a_refuted_formula_exits_one_and_json_has_the_schema(tmp_path):
    result = run(write(tmp_path, "wrong.md", WRONG), "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"summary", "findings", "errors"}
    assert data["summary"]["refuted"] == 1 and data["errors"] == []
    finding = data["findings"][0]
    assert set(finding) >= {"file", "line", "column", "latex", "status", "reason", "claim", "counterexample", "fix",
                            "layout", "definitions"}
    assert finding["status"] == "refuted" and finding["claim"] is None and finding["fix"] is None
    assert {"a", "b"} <= set(finding["counterexample"]["variables"])
    assert (finding["line"], finding["column"]) == (3, 3)


def test_unchecked_fails_only_when_asked(tmp_path):
    path = write(tmp_path, "unchecked.md", UNCHECKED)
    assert run(path).exit_code == 0
    result = run(path, "--fail-on", "unchecked", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["findings"][0]["reason"]["category"] == "free_function"


def test_unreadable_files_exit_two_one_line_each_and_the_rest_is_checked(tmp_path):
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x00\xff\x00")
    result = run(tmp_path / "missing.md", binary, write(tmp_path, "good.md", GOOD), "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["summary"]["verified"] == 2 and len(data["errors"]) == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and "no such file" in lines[0] and "binary" in lines[1]


def test_a_directory_is_searched_and_bad_usage_exits_two(tmp_path):
    write(tmp_path, "good.md", GOOD)
    write(tmp_path, "wrong.tex", "$$(a + b)^2 = a^2 + b^2$$\n")
    result = run(tmp_path, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["files"] == 2
    assert run(tmp_path, "--fail-on", "never").exit_code == 2


# --- formats, configuration, exit codes ------------------------------------------------------------------------

MIXED = ("# Algebra\n\n$$(a + b)^2 = a^2 + 2ab + b^2$$\n\n$$(a + b)^2 = a^2 + b^2$$\n\n"
         "# Calculus\n\n$$h'(x) = g(x)$$\n")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A course folder as the current directory: one sheet with a verified, a refuted and an unchecked formula."""
    write(tmp_path, "sheet.md", MIXED)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args):
    return runner.invoke(app, ["check", *map(str, args)])


def test_junit_format_is_well_formed_xml(project):
    result = invoke("sheet.md", "-n", "30", "--format", "junit")
    assert result.exit_code == 1, result.output
    suite = ET.fromstring(result.stdout).find("testsuite")
    assert suite.get("name") == "sheet.md" and (suite.get("tests"), suite.get("failures")) == ("3", "1")


def test_sarif_format_is_json_with_version_schema_and_relative_locations(project):
    result = invoke("sheet.md", "-n", "30", "--format", "sarif", "--fail-on", "unchecked")
    assert result.exit_code == 1, result.output
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0" and "$schema" in log and log["runs"][0]["tool"]["driver"]["name"] == "mlverify"
    results = log["runs"][0]["results"]
    assert [r["level"] for r in results] == ["error", "warning"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sheet.md"


def test_github_format_prints_annotations(project):
    result = invoke("sheet.md", "-n", "30", "--format", "github")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=sheet.md,line=5,col=3,title=mlverify refuted::")
    assert lines[1].startswith("::notice file=sheet.md,line=9,col=3,")


def test_the_configuration_gives_paths_and_options_and_the_command_line_wins(project):
    write(project, "mlverify.toml", 'paths = ["sheet.md"]\nfail-on = "unchecked"\nexamples = 25\n')
    result = invoke("--format", "json")
    assert result.exit_code == 1, result.output  # refuted and unchecked both fail
    refuted = json.loads(result.stdout)["findings"][1]
    assert "--examples 25" in refuted["counterexample"]["reproduce"]
    cli = invoke("--format", "json", "-n", "30", "--fail-on", "refuted")
    assert "--examples 30" in json.loads(cli.stdout)["findings"][1]["counterexample"]["reproduce"]


def test_fail_on_unchecked_from_the_configuration_decides_the_exit_code(project):
    write(project, "unchecked.md", UNCHECKED)
    assert invoke("unchecked.md", "-n", "30").exit_code == 0
    write(project, "pyproject.toml", '[tool.mlverify]\nfail-on = "unchecked"\n')
    assert invoke("unchecked.md", "-n", "30").exit_code == 1
    assert invoke("unchecked.md", "-n", "30", "--fail-on", "refuted").exit_code == 0


def test_exclude_and_ignore_latex_from_the_configuration(project):
    (project / "drafts").mkdir()
    write(project, "drafts/wrong.md", WRONG)
    write(project, "mlverify.toml", "exclude = ['drafts']\nignore-latex = ['= a\\^2 \\+ b\\^2$']\n")
    result = invoke(".", "-n", "30", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["files"] == 1 and data["summary"]["ignored"] == 1 and data["summary"]["refuted"] == 0


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ('profile = "fast"\n', "profile = 'fast'"),
        ("exlude = []\n", "unknown key 'exlude'"),
        ("examples = [\n", "not valid TOML"),
    ],
    ids=["bad-profile", "unknown-key", "bad-toml"],
)
def test_a_bad_configuration_exits_two_with_one_line(project, config, words):
    write(project, "mlverify.toml", config)
    result = invoke("sheet.md", "-n", "30")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "mlverify.toml" in lines[0] and words in lines[0]


def test_no_paths_and_no_configured_paths_exits_two(project):
    result = invoke()
    assert result.exit_code == 2 and "no paths given" in result.stderr
