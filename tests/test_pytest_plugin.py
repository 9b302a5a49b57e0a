"""The pytest plugin: each formula of a sheet is an item; refuted fails, unchecked skips (or fails)."""

import pytest

pytest_plugins = ["pytester"]
OPTIONS = ("-p", "no:cacheprovider", "--mlverify-examples", "30")

SHEET = r"""# Least squares

$$L(w) = \frac{1}{2}\|Xw - y\|^2$$

Right: $\nabla_w L = X^\top (Xw - y)$. Wrong: $\nabla_w L = X^\top (Xw + y)$.

Unreadable: $\frac{\partial f}{\partial x} = \mathcal{Q}$.
"""


@pytest.fixture
def sheet(pytester):
    pytester.makefile(".md", notes=SHEET)
    return "notes.md"


def test_each_formula_is_an_item(pytester, sheet):
    result = pytester.runpytest_subprocess(*OPTIONS, "--mlverify-sheets", sheet)
    result.assert_outcomes(passed=1, failed=1, skipped=1)
    result.stdout.fnmatch_lines(["*notes.md:5:*X^\\top (Xw + y)*", "*refuted at*", "*reproduce: mlverify formula*"])


def test_unchecked_formulas_can_fail_the_run(pytester, sheet):
    result = pytester.runpytest_subprocess(*OPTIONS, "--mlverify-sheets", sheet, "--mlverify-fail-on", "unchecked")
    result.assert_outcomes(passed=1, failed=2)


def test_without_the_option_sheets_are_not_collected(pytester, sheet):
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_an_unreadable_sheet_is_a_collection_error(pytester):
    pytester.path.joinpath("binary.md").write_bytes(b"\x00\x01 $x$")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--mlverify-sheets", "binary.md")
    result.stdout.fnmatch_lines(["*binary file, not a sheet*"])
    assert result.ret == pytest.ExitCode.INTERRUPTED
