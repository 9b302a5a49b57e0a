"""Each machine-readable ``mlverify check`` format validated against its schema (issue 4).

The JSON report against the schema that ships in the package (``mlverify/render/check-report.schema.json``),
SARIF against the OASIS 2.1.0 schema vendored in ``tests/render/schemas/``, JUnit XML for being well formed
and for counts that agree with its test cases. Schemas are read from disk and only refer to themselves, so
the tests run offline. Each schema is also shown to reject a deliberately broken report: a schema that
accepts anything would otherwise pass every test here.
"""

import copy
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from mlverify.audit.check import check_sheets
from mlverify.audit.findings import STATUSES, Finding, Report
from mlverify.engine import Counterexample
from mlverify.latex import Unchecked
from mlverify.latex.compile import CATEGORIES
from mlverify.properties import Relation
from mlverify.render.check import report_json, report_junit, report_sarif

SCHEMAS = Path(__file__).parent / "schemas"

# One finding of every status, a refuted one with a counterexample, the claim it states and its fix.
SHEET = r"""# Activations

The derivative of the sigmoid: $$\sigma'(x) = \sigma(x)(1 + \sigma(x))$$

Correct: $$\tanh'(x) = 1 - \tanh^2(x)$$

# Calculus

$$h'(x) = g(x)$$

<!-- mlverify: ignore -->
$$e^{i\pi} + 1 = 0$$

# Loss

$$L(w) = w^2$$
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("schemas")


@pytest.fixture(scope="module")
def report(folder) -> Report:
    (folder / "sheet.md").write_text(SHEET, encoding="utf-8")
    return check_sheets([folder / "sheet.md", folder / "missing.md"], max_examples=30, jobs=1)


# Findings a small sheet does not easily give: a notebook cell, a derivative's layout, a pinned claim that
# does not exist, a counterexample whose search stopped before comparing the sides, arrays as values.
HAND_MADE = Report(
    (
        Finding("nb.ipynb", 2, 4, "x = y", "unchecked", reason=Unchecked("prose", "a condition, not a fact"), cell=3),
        Finding("a.md", 1, 1, r"\nabla_x x^\top A x = 2Ax", "verified", layout="denominator",
                definitions=(r"A \in \mathbb{R}^{n \times n}",)),
        Finding("a.md", 3, 1, "a = a", "unchecked", claim="no.such_claim",
                reason=Unchecked("unknown_claim", "the directive pins 'no.such_claim', which is not a registry claim")),
        Finding("a.md", 5, 1, r"\|x\|_1 \le \|x\|_2", "refuted",
                counterexample=Counterexample(values={"x": [1.0, -2.0], "k": 3, "s": "nan"},
                                              shown={"x": "[ 1., -2.]", "k": "3", "s": "nan"}, sizes={"n": 2},
                                              reproduce="mlverify formula '...' --seed 0")),
    ),
    files=("nb.ipynb", "a.md"),
)


def _as_printed(data: Any) -> Any:
    """What the CLI prints, read back: tuples become lists, as a reader of the output sees them."""
    return json.loads(json.dumps(data, ensure_ascii=False))


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _validator(schema: dict[str, Any], draft: type) -> Any:
    """A validator of the draft the schema names in ``$schema``, after checking that no ``$ref`` leaves it."""
    assert jsonschema.validators.validator_for(schema) is draft
    draft.check_schema(schema)
    assert all(ref.startswith("#/") for ref in _refs(schema)), "a $ref would be fetched from the network"
    return draft(schema, format_checker=draft.FORMAT_CHECKER)


def _problems(validator: Any, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


# --- JSON --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_schema() -> Any:
    """The schema as installed: read through the package, so a wheel without it fails here."""
    text = (files("mlverify.render") / "check-report.schema.json").read_text(encoding="utf-8")
    return _validator(json.loads(text), jsonschema.Draft202012Validator)


def test_the_fixture_sheet_gives_every_status_a_counterexample_a_fix_and_an_error(report):
    """The schema tests below are only as good as the report they validate: it must exercise every branch."""
    assert [f.status for f in report.findings] == ["refuted", "verified", "unchecked", "ignored", "definition"]
    refuted = report.findings[0]
    assert refuted.counterexample is not None and refuted.claim and refuted.fix and refuted.hint
    assert len(report.errors) == 1 and "missing.md" in report.errors[0]


def test_the_json_report_validates_against_the_package_schema(report, report_schema):
    assert _problems(report_schema, _as_printed(report_json(report))) == []


def test_the_json_schema_accepts_notebook_layout_pinned_and_partial_counterexample_findings(report_schema):
    """Findings the sheet does not give still have to validate: a schema too strict for real output is wrong."""
    assert _problems(report_schema, _as_printed(report_json(HAND_MADE))) == []


def test_the_json_schema_enumerates_exactly_the_code_s_statuses_categories_and_relations(report_schema):
    """The enums are taken from the code; a value added there must be added to the schema too."""
    defs = report_schema.schema["$defs"]
    assert tuple(defs["status"]["enum"]) == STATUSES
    assert set(defs["category"]["enum"]) == {*CATEGORIES, "unknown_claim", "internal", "ignored"}
    relation = defs["counterexample"]["properties"]["relation"]["enum"]
    assert set(relation) == {*(str(r) for r in Relation), "holds", None}


def test_the_documented_example_validates(report_schema):
    """docs/check-report.md shows the object to readers; it must be an object the schema accepts."""
    text = (Path(__file__).parents[2] / "docs" / "check-report.md").read_text(encoding="utf-8")
    example = re.search(r"## The JSON object.*?```json\n(.*?)```", text, re.DOTALL)
    assert example is not None
    assert _problems(report_schema, json.loads(example.group(1))) == []


def _finding(data: dict[str, Any], status: str) -> dict[str, Any]:
    return next(f for f in data["findings"] if f["status"] == status)


BROKEN_JSON: dict[str, Callable[[dict[str, Any]], None]] = {
    "finding-without-status": lambda d: _finding(d, "verified").pop("status"),
    "unknown-status": lambda d: _finding(d, "verified").update(status="maybe"),
    "unknown-category": lambda d: _finding(d, "unchecked")["reason"].update(category="free_functon"),
    "unknown-finding-field": lambda d: _finding(d, "verified").update(severity="high"),
    "summary-without-a-status": lambda d: d["summary"].pop("ignored"),
    "negative-count": lambda d: d["summary"].update(refuted=-1),
    "refuted-with-a-reason": lambda d: _finding(d, "refuted").update(reason={"category": "prose", "message": "?"}),
    "unchecked-without-a-reason": lambda d: _finding(d, "unchecked").update(reason=None),
    "definition-with-another-category": lambda d: _finding(d, "definition")["reason"].update(category="prose"),
    "verified-with-a-counterexample": lambda d: _finding(d, "verified").update(
        counterexample=_finding(d, "refuted")["counterexample"]),
    "tolerance-without-atol": lambda d: _finding(d, "refuted")["counterexample"]["tolerance"].pop("atol"),
    "line-zero": lambda d: _finding(d, "verified").update(line=0),
    "error-not-a-string": lambda d: d["errors"].append({"path": "x.md"}),
}


@pytest.mark.parametrize("breakage", list(BROKEN_JSON.values()), ids=list(BROKEN_JSON))
def test_the_json_schema_rejects_a_broken_report(report, report_schema, breakage):
    data = copy.deepcopy(_as_printed(report_json(report)))
    breakage(data)
    assert _problems(report_schema, data) != []


# --- SARIF -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_schema() -> Any:
    """The OASIS schema, vendored (see schemas/README.md); it names draft-07, so that is the validator."""
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return _validator(schema, jsonschema.Draft7Validator)


@pytest.mark.parametrize("unchecked_fails", [False, True], ids=["note", "warning"])
def test_the_sarif_log_validates_against_the_2_1_0_schema(report, folder, sarif_schema, unchecked_fails):
    log = _as_printed(report_sarif(report, root=folder, unchecked_fails=unchecked_fails))
    assert _problems(sarif_schema, log) == []
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["refuted", "unchecked/free_function"]


def test_a_sarif_log_with_notebook_and_outside_files_validates(sarif_schema, tmp_path):
    """A notebook result has no region, and a file outside the root an absolute file: URI; both stay valid."""
    log = _as_printed(report_sarif(HAND_MADE, root=tmp_path / "elsewhere"))
    assert _problems(sarif_schema, log) == []
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:")
               for r in log["runs"][0]["results"])


def _result(log: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = log["runs"][0]["results"][0]
    return result


BROKEN_SARIF: dict[str, Callable[[dict[str, Any]], None]] = {
    "bad-level": lambda log: _result(log).update(level="fatal"),
    "bad-version": lambda log: log.update(version="2.0.0"),
    "result-without-message": lambda log: _result(log).pop("message"),
    "line-zero": lambda log: _result(log)["locations"][0]["physicalLocation"]["region"].update(startLine=0),
    "bad-column-kind": lambda log: log["runs"][0].update(columnKind="bytes"),
    "run-without-tool": lambda log: log["runs"][0].pop("tool"),
    "unknown-result-field": lambda log: _result(log).update(severity="high"),
}


@pytest.mark.parametrize("breakage", list(BROKEN_SARIF.values()), ids=list(BROKEN_SARIF))
def test_the_sarif_schema_rejects_a_broken_log(report, folder, sarif_schema, breakage):
    log = copy.deepcopy(_as_printed(report_sarif(report, root=folder)))
    breakage(log)
    assert _problems(sarif_schema, log) != []


# --- JUnit XML ---------------------------------------------------------------------------------------------


def junit_problems(xml: str) -> list[str]:
    """Where a JUnit document's counts disagree with its test cases (each suite's, and the root's totals)."""
    root = ET.fromstring(xml)
    problems = []
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        found = {"tests": len(cases), "failures": len(suite.findall("testcase/failure")),
                 "errors": len(suite.findall("testcase/error")), "skipped": len(suite.findall("testcase/skipped"))}
        for key, count in found.items():
            if suite.get(key) != str(count):
                problems.append(f"suite {suite.get('name')}: {key}={suite.get(key)}, but {count} found")
            totals[key] += count
    for key, count in totals.items():
        if root.get(key) != str(count):
            problems.append(f"testsuites: {key}={root.get(key)}, but {count} found")
    return problems


def test_the_junit_xml_is_well_formed_with_a_suite_per_file_and_a_case_per_checked_statement(report, folder):
    xml = report_junit(report)
    root = ET.fromstring(xml)
    assert root.tag == "testsuites"
    assert [s.get("name") for s in root.findall("testsuite")] == [str(folder / "sheet.md"), "unreadable"]
    sheet, unreadable = root.findall("testsuite")
    assert len(sheet.findall("testcase")) == 3  # verified, refuted, unchecked; not the definition nor the ignored
    assert len(unreadable.findall("testcase/error")) == 1
    assert (root.get("tests"), root.get("failures"), root.get("skipped"), root.get("errors")) == ("4", "1", "1", "1")
    assert junit_problems(xml) == []
    assert junit_problems(report_junit(HAND_MADE)) == []


def test_the_junit_checks_catch_a_broken_document(report):
    xml = report_junit(report)
    with pytest.raises(ET.ParseError):
        ET.fromstring(xml[: len(xml) // 2])  # cut short: not well formed
    root = ET.fromstring(xml)
    suite = root.find("testsuite")
    assert suite is not None
    suite.remove(suite.findall("testcase")[0])  # a case gone, the counts left as they were
    assert junit_problems(ET.tostring(root, encoding="unicode")) != []
