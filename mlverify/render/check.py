"""``mlverify check`` reports: a terminal report, JSON, JUnit XML, SARIF 2.1.0 and GitHub workflow commands.

One report goes to the people and tools a course's CI feeds: a person at a terminal (text), scripts
(JSON, whose schema ``docs/check-report.md`` documents and which stays stable), CI dashboards
(JUnit), code scanning (SARIF) and pull-request annotations (GitHub). Every format says the same
things about a finding: where it is, the formula, the verdict, why, and for a refuted formula the
counterexample, the claim it states with the fix, and the definitions the verdict assumed.

Paths in SARIF and GitHub annotations are relative to ``root`` (the current directory by default),
because both attach findings to files of the checked-out repository.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rich.console import Group
from rich.text import Text

from mlverify import __version__
from mlverify.audit.findings import STATUSES, Finding, Report
from mlverify.render.results import counterexample_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
CHECKED = ("verified", "refuted", "unchecked")  # statuses of statements the audit tried to check

_STYLE = {"verified": "green", "refuted": "bold red", "unchecked": "yellow", "definition": "dim", "ignored": "dim"}

# What each reason for leaving a formula unchecked means, for SARIF rules (a code-scanning UI shows these).
_UNCHECKED_HELP = {
    "unknown_notation": "The formula uses notation the audit does not know.",
    "free_function": "The formula involves a function the sheet never defines, so it has no values to test.",
    "prose": "The formula is a condition or a statement in words, not a fact to test.",
    "approximation": "The formula states an approximation, which holds only roughly.",
    "garbled": "The formula could not be read (broken LaTeX, OCR noise).",
    "shapes": "The sides of the formula do not have compatible shapes under any reading.",
    "unsupported": "The formula is of a kind the audit cannot check yet.",
}


# --- text and JSON -------------------------------------------------------------------------------------------


def report_json(report: Report) -> dict[str, Any]:
    """The object ``mlverify check --format json`` prints: ``summary``, ``findings``, ``errors``."""
    return report.to_json()


def report_text(report: Report) -> Group:
    """The terminal report: findings grouped by file, each with its place, verdict and why; then a summary."""
    lines: list[Text] = []
    current = None
    for finding in report.findings:
        if finding.file != current:
            current = finding.file
            lines.append(Text(current, style="bold"))
        lines.append(finding_text(finding))
    lines.append(Text(summary_line(report)))
    return Group(*lines)


def finding_text(finding: Finding) -> Text:
    """One finding for the terminal: ``file:line:col verdict formula``, then the reason or counterexample."""
    status = finding.status + (f" ({finding.layout} layout)" if finding.layout and finding.layout != "both" else "")
    text = Text.assemble(f"  {_where(finding)} ", (status, _STYLE.get(finding.status, "")), f"  {finding.latex}")
    details = _details(finding)
    if details:
        text.append("\n    " + "\n".join(details).replace("\n", "\n    "))
    return text


def summary_line(report: Report) -> str:
    """``2 verified, 1 refuted, ... in 3 files; 1 unreadable``: every status, even at zero."""
    counts = report.summary
    files = counts["files"]
    return (", ".join(f"{counts[s]} {s}" for s in STATUSES) + f" in {files} file{'s' if files != 1 else ''}"
            + (f"; {counts['errors']} unreadable" if counts["errors"] else ""))


def finding_message(finding: Finding) -> str:
    """A finding as plain text for CI tools: the verdict and formula, then why (the counterexample for refuted)."""
    return "\n".join([f"{finding.status}: {finding.latex}", *_details(finding)])


def _details(finding: Finding) -> list[str]:
    lines = []
    if finding.reason is not None and finding.status != "definition":
        lines.append(f"{finding.reason.category}: {finding.reason.message}")
    if finding.counterexample is not None:
        lines.append(counterexample_text(finding.counterexample))
    if finding.claim is not None and finding.status not in ("definition", "ignored"):
        lines.append(f"claim: {finding.claim}")
    if finding.fix is not None:
        lines.append(f"fix: {finding.fix}" + (f" ({finding.hint})" if finding.hint else ""))
    elif finding.hint is not None:
        lines.append(f"hint: {finding.hint}")
    if finding.status in ("verified", "refuted") and finding.definitions:
        lines.append("under: " + "; ".join(finding.definitions))
    return lines


def _where(finding: Finding) -> str:
    return f"{finding.file}:{finding.line}:{finding.column}" + (
        f" (cell {finding.cell})" if finding.cell is not None else "")


# --- JUnit XML -----------------------------------------------------------------------------------------------


def report_junit(report: Report) -> str:
    """JUnit XML: a testsuite per file read, a testcase per checked statement (verified, refuted, unchecked).

    Refuted is a ``failure`` carrying the counterexample, unchecked is ``skipped`` with its reason;
    definitions and ignored formulas are not tests. Unreadable inputs are ``error`` testcases of a
    last suite named ``unreadable``, so a dashboard cannot show a broken run as green.
    """
    root = ET.Element("testsuites", name="mlverify check")
    by_file: dict[str, list[Finding]] = {file: [] for file in report.files}
    for finding in report.findings:
        by_file.setdefault(finding.file, []).append(finding)
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for file, findings in by_file.items():
        checked = [f for f in findings if f.status in CHECKED]
        counts = {"tests": len(checked), "failures": sum(f.status == "refuted" for f in checked), "errors": 0,
                  "skipped": sum(f.status == "unchecked" for f in checked)}
        suite = _suite(root, file, counts)
        for finding in checked:
            case = ET.SubElement(suite, "testcase", classname=file, name=_case_name(finding), file=file,
                                 line=str(finding.line))
            if finding.status == "refuted":
                failure = ET.SubElement(case, "failure", type="refuted", message=f"refuted: {finding.latex}")
                failure.text = finding_message(finding)
            elif finding.status == "unchecked":
                reason = finding.reason
                why = f"{reason.category}: {reason.message}" if reason is not None else "unchecked"
                ET.SubElement(case, "skipped", message=why)
        totals = {k: totals[k] + counts[k] for k in totals}
    if report.errors:
        counts = {"tests": len(report.errors), "failures": 0, "errors": len(report.errors), "skipped": 0}
        suite = _suite(root, "unreadable", counts)
        for error in report.errors:
            case = ET.SubElement(suite, "testcase", classname="unreadable", name=error)
            ET.SubElement(case, "error", type="unreadable", message=error)
        totals = {k: totals[k] + counts[k] for k in totals}
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return str(ET.tostring(root, encoding="unicode", xml_declaration=True))


def _suite(root: ET.Element, name: str, counts: dict[str, int]) -> ET.Element:
    return ET.SubElement(root, "testsuite", {"name": name, **{k: str(v) for k, v in counts.items()}})


def _case_name(finding: Finding) -> str:
    cell = f"cell {finding.cell} " if finding.cell is not None else ""
    return f"{cell}{finding.line}:{finding.column} {finding.latex}"


# --- SARIF 2.1.0 ---------------------------------------------------------------------------------------------


def report_sarif(report: Report, *, root: Path | None = None, unchecked_fails: bool = False) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run: a rule per verdict kind, a result per refuted or unchecked statement.

    Refuted results are ``error``; unchecked ones are ``warning`` when they fail the run
    (``--fail-on unchecked``), else ``note``. Unreadable inputs are tool execution notifications,
    and make the invocation unsuccessful.
    """
    base = (root or Path.cwd()).resolve()
    unchecked_level = "warning" if unchecked_fails else "note"
    flagged = [f for f in report.findings if f.status in ("refuted", "unchecked")]
    rule_ids = ["refuted", *sorted({_rule_id(f) for f in flagged if f.status == "unchecked"})]
    rules = [_rule(rule_id, unchecked_level) for rule_id in rule_ids]
    results = []
    for finding in flagged:
        rule_id = _rule_id(finding)
        location: dict[str, Any] = {"artifactLocation": _artifact(finding.file, base)}
        if finding.cell is None:  # a notebook's lines count within a cell, which a SARIF region cannot name
            location["region"] = {"startLine": finding.line, "startColumn": finding.column,
                                  "snippet": {"text": finding.latex}}
        results.append({
            "ruleId": rule_id,
            "ruleIndex": rule_ids.index(rule_id),
            "level": "error" if finding.status == "refuted" else unchecked_level,
            "message": {"text": finding_message(finding)},
            "locations": [{"physicalLocation": location}],
            "properties": {"status": finding.status, "latex": finding.latex, "cell": finding.cell,
                           "section": finding.section, "claim": finding.claim, "fix": finding.fix,
                           "hint": finding.hint, "definitions": list(finding.definitions)},
        })
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {"name": "mlverify", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": base.as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",  # columns count characters, as the readers do
            "invocations": [{
                "executionSuccessful": not report.errors,
                "toolExecutionNotifications": [{"level": "error", "message": {"text": e}} for e in report.errors],
            }],
            "results": results,
        }],
    }


def _rule_id(finding: Finding) -> str:
    if finding.status == "refuted":
        return "refuted"
    return f"unchecked/{finding.reason.category if finding.reason is not None else 'unknown'}"


def _rule(rule_id: str, unchecked_level: str) -> dict[str, Any]:
    if rule_id == "refuted":
        return {"id": "refuted", "name": "RefutedFormula",
                "shortDescription": {"text": "A formula is false: mlverify found a counterexample."},
                "fullDescription": {"text": "The formula was tested numerically on generated values under the "
                                            "sheet's definitions, and some values make its sides disagree."},
                "help": {"text": "Check the counterexample's values in both sides, then correct the formula or "
                                 "state the assumption it needs (e.g. 'for symmetric A')."},
                "defaultConfiguration": {"level": "error"}}
    category = rule_id.split("/", 1)[1]
    words = _UNCHECKED_HELP.get(category, "The formula could not be checked.")
    return {"id": rule_id, "name": "Unchecked" + "".join(p.capitalize() for p in category.split("_")),
            "shortDescription": {"text": f"A formula could not be checked ({category})."},
            "fullDescription": {"text": words},
            "help": {"text": "Define the symbols it uses earlier in the sheet, or mark it with an "
                             "'mlverify: ignore' comment if it is not meant to be checked."},
            "defaultConfiguration": {"level": unchecked_level}}


def _artifact(file: str, base: Path) -> dict[str, Any]:
    path = Path(file)
    absolute = path.resolve()
    if absolute.is_relative_to(base):
        return {"uri": quote(absolute.relative_to(base).as_posix()), "uriBaseId": "%SRCROOT%"}
    return {"uri": absolute.as_uri()}


# --- GitHub workflow commands --------------------------------------------------------------------------------


def report_github(report: Report, *, root: Path | None = None, unchecked_fails: bool = False) -> str:
    """GitHub Actions workflow commands: an annotation per refuted or unchecked statement, then a summary line.

    Refuted is ``::error``; unchecked is ``::warning`` when it fails the run (``--fail-on unchecked``),
    else ``::notice``. Unreadable inputs are ``::error`` annotations without a file.
    """
    base = (root or Path.cwd()).resolve()
    lines = []
    for finding in report.findings:
        if finding.status == "refuted":
            command, title = "error", "mlverify refuted"
        elif finding.status == "unchecked":
            command = "warning" if unchecked_fails else "notice"
            title = f"mlverify unchecked ({finding.reason.category})" if finding.reason else "mlverify unchecked"
        else:
            continue
        place = [("file", _relative(finding.file, base))]
        if finding.cell is None:  # lines of a notebook count within a cell; the message names it instead
            place += [("line", str(finding.line)), ("col", str(finding.column))]
        message = finding_message(finding) if finding.cell is None else f"{_where(finding)}: {finding_message(finding)}"
        lines.append(workflow_command(command, [*place, ("title", title)], message))
    lines.extend(workflow_command("error", [("title", "mlverify unreadable")], e) for e in report.errors)
    lines.append(f"mlverify: {summary_line(report)}")
    return "\n".join(lines) + "\n"


def workflow_command(command: str, properties: Iterable[tuple[str, str]], message: str) -> str:
    """``::command key=value,...::message`` with GitHub's escaping, so a newline or comma cannot end a field."""
    props = ",".join(f"{key}={_escape_property(value)}" for key, value in properties)
    return f"::{command}{' ' + props if props else ''}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _relative(file: str, base: Path) -> str:
    absolute = Path(file).resolve()
    return absolute.relative_to(base).as_posix() if absolute.is_relative_to(base) else Path(file).as_posix()
