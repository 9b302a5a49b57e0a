"""``mlverify sheet``: a verified formula sheet, and one-line errors."""

from typer.testing import CliRunner

from mlverify.claims import load_registry
from mlverify.cli import app

runner = CliRunner()


def test_a_topic_sheet_holds_every_claim_of_the_topic(tmp_path):
    out = tmp_path / "sheet.md"
    result = runner.invoke(app, ["sheet", "--topic", "information_theory", "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    for claim in load_registry():
        assert (claim.id in text) == (claim.topic == "information_theory")


def test_bad_topic_and_format_are_one_line(tmp_path):
    result = runner.invoke(app, ["sheet", "--topic", "astrology"])
    assert result.exit_code == 2 and "unknown topic 'astrology'" in result.stderr
    result = runner.invoke(app, ["sheet", "--format", "moodle", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "a formula sheet is written as md, html, tex, pdf" in result.stderr
