"""``mlverify check``: JSON schema, text output and exit codes, on small sheets of our own."""

import json

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
