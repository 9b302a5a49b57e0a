"""``mlverify generate``: files, exit codes and one-line errors, on the packaged families and families of our own."""

import json

import pytest
from problem_families import SIGMOID, write_family
from typer.testing import CliRunner

from mlverify.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["generate", *map(str, args)])


def test_list_shows_the_packaged_families():
    result = run("--list", "--format", "json")
    assert result.exit_code == 0, result.output
    families = json.loads(result.stdout)
    assert len(families) >= 5 and {"id", "title", "topic", "type", "claims"} <= set(families[0])


def test_a_set_of_our_own_families_with_a_roster(tmp_path):
    write_family(tmp_path / "problems", "sigmoid_value", SIGMOID)
    roster = tmp_path / "students.csv"
    roster.write_text("name,id\nAda,a1\nBo,b2\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("sigmoid_value", "--problems", tmp_path / "problems", "--roster", roster, "--count", 2,
                 "--seed", 4, "--solutions", "--answer-key", "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["answer-key.md", "exam-a1.md", "exam-b2.md", "manifest.json",
                                                     "solutions-a1.md", "solutions-b2.md"]
    assert "**Name:** Ada · **ID:** a1" in (out / "exam-a1.md").read_text()
    manifest = json.loads((out / "manifest.json").read_text())
    assert [len(v["items"]) for v in manifest["versions"]] == [2, 2]


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    outputs = []
    for name in ("one", "two"):
        out = tmp_path / name
        assert run("--count", 3, "--versions", 2, "--seed", 7, "--format", "json", "--out", out).exit_code == 0
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(("args", "message"), [
    (["no_such_family"], "unknown problem family 'no_such_family'"),
    (["--topic", "astrology"], "no problem family of topic 'astrology'"),
    (["--roster", "missing.csv"], "missing.csv: cannot read the roster"),
    (["--problems", "nowhere"], "nowhere: not a folder of problem families"),
    (["--templates", "nowhere"], "nowhere: not a folder of templates"),
])
def test_bad_input_is_one_line_and_exit_two(tmp_path, args, message):
    result = run(*args, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_family_that_cannot_be_checked_is_named_and_writes_nothing(tmp_path):
    write_family(tmp_path / "problems", "broken", {**SIGMOID, "steps": {"s": r"\sigma(x)", "g": r"s (1 + s)"}})
    out = tmp_path / "out"
    result = run("broken", "--problems", tmp_path / "problems", "--out", out)
    assert result.exit_code == 2
    assert "family broken (seed" in result.stderr and "disagrees" in result.stderr
    assert not out.exists()


def test_a_malformed_family_file_is_named(tmp_path):
    folder = write_family(tmp_path / "problems", "bad", SIGMOID)
    (folder / "problem.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result = run("--problems", tmp_path / "problems", "--list")
    assert result.exit_code == 2 and "problem.yaml: not valid YAML" in result.stderr
