"""The README's first command audits examples/cheatsheet.md: it must check most formulas and refute none."""

from pathlib import Path

from mlverify.audit.check import check_sheets

EXAMPLE = Path(__file__).parent.parent / "examples" / "cheatsheet.md"


def test_the_example_sheet_verifies():
    summary = check_sheets([EXAMPLE], max_examples=30).summary
    assert summary["refuted"] == 0 and summary["errors"] == 0
    assert summary["verified"] >= 10
