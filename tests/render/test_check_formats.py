"""``mlverify check`` reports in every format, on one small sheet of our own (one verified, one refuted,
one unchecked formula) and a few hand-made findings for what a sheet cannot easily show (notebook cells,
text that needs escaping, unreadable files)."""

import json
import xml.etree.ElementTree as ET

import pytest
from rich.console import Console

from mlverify.audit.check import check_sheets
from mlverify.audit.findings import Finding, Report
from mlverify.latex import Unchecked
from mlverify.render.check import (
    finding_message,
    report_github,
    report_json,
    report_junit,
    report_sarif,
    report_text,
    workflow_command,
)

SHEET = "# Algebra\n\n$$(a + b)^2 = a^2 + 2ab + b^2$$\n\n$$(a + b)^2 = a^2 + b^2$$\n\n# Calculus\n\n$$h'(x) = g(x)$$\n"
DEFINITIONS_ONLY = "# Loss\n\n$$L(w) = w^2$$\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("formats")


@pytest.fixture(scope="module")
def report(folder) -> Report:
    (folder / "sheet.md").write_text(SHEET, encoding="utf-8")
    (folder / "loss.md").write_text(DEFINITIONS_ONLY, encoding="utf-8")
    return check_sheets([folder / "sheet.md", folder / "loss.md", folder / "missing.md"], max_examples=30)


def test_the_fixture_has_one_finding_of_each_checked_status(report):
    assert [f.status for f in report.findings] == ["verified", "refuted", "unchecked", "definition"]
    assert len(report.errors) == 1


def test_json_is_the_report_s_documented_object(report):
    data = json.loads(json.dumps(report_json(report)))
    assert set(data) == {"summary", "findings", "errors"}
    assert data["summary"] == {"verified": 1, "refuted": 1, "unchecked": 1, "definition": 1, "ignored": 0,
                               "files": 2, "errors": 1}
    assert set(data["findings"][1]) >= {"file", "line", "column", "cell", "latex", "section", "status", "reason",
                                        "claim", "counterexample", "fix", "layout", "definitions"}


def test_text_groups_by_file_and_shows_the_counterexample_and_the_summary(report, folder):
    console = Console(width=200, record=True, color_system=None)
    console.print(report_text(report))
    text = console.export_text()
    assert f"{folder / 'sheet.md'}:5:3 refuted  (a + b)^2 = a^2 + b^2" in text
    assert "left side:" in text and "free_function:" in text
    assert text.strip().splitlines()[-1] == "1 verified, 1 refuted, 1 unchecked, 1 definition, 0 ignored in 2 files; " \
                                            "1 unreadable"


def test_junit_is_well_formed_with_a_suite_per_file_and_a_case_per_checked_statement(report, folder):
    root = ET.fromstring(report_junit(report))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("skipped"), root.get("errors")) == ("4", "1", "1", "1")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(folder / "sheet.md"), str(folder / "loss.md"), "unreadable"]
    sheet, loss, unreadable = suites
    assert len(sheet.findall("testcase")) == 3 and sheet.get("tests") == "3"
    assert loss.get("tests") == "0" and loss.findall("testcase") == []  # a definition is not a test
    failure = sheet.find("testcase/failure")
    assert failure is not None and failure.get("type") == "refuted"
    assert "a = " in failure.text and "left side:" in failure.text and "right side:" in failure.text
    skipped = sheet.find("testcase/skipped")
    assert skipped is not None and skipped.get("message").startswith("free_function: ")
    assert unreadable.find("testcase/error") is not None


def test_sarif_has_the_required_fields_rules_and_levels(report, folder):
    log = json.loads(json.dumps(report_sarif(report, root=folder)))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "mlverify"
    assert [r["id"] for r in driver["rules"]] == ["refuted", "unchecked/free_function"]
    assert all(r["shortDescription"]["text"] for r in driver["rules"])
    assert run["invocations"][0]["executionSuccessful"] is False  # one path was unreadable
    assert "missing.md" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    refuted, unchecked = run["results"]
    assert (refuted["ruleId"], refuted["level"], unchecked["level"]) == ("refuted", "error", "note")
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
    location = refuted["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "sheet.md", "uriBaseId": "%SRCROOT%"}
    assert (location["region"]["startLine"], location["region"]["startColumn"]) == (5, 3)
    assert "left side:" in refuted["message"]["text"]


def test_sarif_unchecked_is_a_warning_when_it_fails_the_run(report, folder):
    results = report_sarif(report, root=folder, unchecked_fails=True)["runs"][0]["results"]
    assert [r["level"] for r in results] == ["error", "warning"]


def test_github_annotates_refuted_as_error_and_unchecked_as_notice_or_warning(report, folder):
    lines = report_github(report, root=folder).splitlines()
    assert lines[0].startswith("::error file=sheet.md,line=5,col=3,title=mlverify refuted::refuted: (a + b)^2")
    assert "%0Acounterexample%3A" not in lines[0] and "%0Acounterexample:" in lines[0]  # only properties escape ':'
    assert lines[1].startswith("::notice file=sheet.md,line=9,col=3,title=mlverify unchecked (free_function)::")
    assert lines[2].startswith("::error title=mlverify unreadable::") and "missing.md" in lines[2]
    assert lines[3].startswith("mlverify: 1 verified, 1 refuted") and len(lines) == 4
    warned = report_github(report, root=folder, unchecked_fails=True).splitlines()
    assert warned[1].startswith("::warning file=sheet.md,")


@pytest.mark.parametrize(
    ("properties", "message", "expected"),
    [
        ([("file", "a.md")], "plain", "::error file=a.md::plain"),
        ([("title", "x: y, z")], "a: b, c", "::error title=x%3A y%2C z::a: b, c"),
        ([("file", "100%.md")], "50% off\r\nnext", "::error file=100%25.md::50%25 off%0D%0Anext"),
        ([], "no properties", "::error::no properties"),
    ],
    ids=["plain", "colon-comma", "percent-newline", "bare"],
)
def test_workflow_commands_escape_as_github_documents(properties, message, expected):
    assert workflow_command("error", properties, message) == expected


CE_FREE = Finding("nb.ipynb", 2, 4, "x = y", "unchecked", reason=Unchecked("prose", "a condition, not a fact"), cell=3)


def test_a_notebook_cell_finding_names_its_cell_instead_of_a_wrong_line(tmp_path):
    report = Report((CE_FREE,), files=("nb.ipynb",))
    annotation = report_github(report, root=tmp_path).splitlines()[0]
    assert annotation.startswith("::notice file=nb.ipynb,title=") and "line=" not in annotation
    assert "nb.ipynb:2:4 (cell 3)" in annotation
    result = report_sarif(report, root=tmp_path)["runs"][0]["results"][0]
    assert "region" not in result["locations"][0]["physicalLocation"] and result["properties"]["cell"] == 3
    assert ET.fromstring(report_junit(report)).find("testsuite/testcase").get("name") == "cell 3 2:4 x = y"


def test_finding_message_leads_with_the_verdict_and_formula():
    assert finding_message(CE_FREE) == "unchecked: x = y\nprose: a condition, not a fact"


def test_the_claim_and_fix_are_in_every_message():
    finding = Finding("a.md", 1, 1, r"\tanh'(x) = 1 - \tanh(x)", "refuted", claim="activations.tanh_derivative",
                      fix=r"\tanh'(x) = 1 - \tanh^2(x)", hint="the square is missing")
    message = finding_message(finding)
    assert "claim: activations.tanh_derivative" in message
    assert r"fix: \tanh'(x) = 1 - \tanh^2(x) (the square is missing)" in message
    result = report_sarif(Report((finding,), files=("a.md",)))["runs"][0]["results"][0]
    assert result["properties"]["fix"] == finding.fix and "fix: " in result["message"]["text"]
