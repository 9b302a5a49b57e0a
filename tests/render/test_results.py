import xml.etree.ElementTree as ET

from mlverify.claims import Status
from mlverify.engine import Counterexample, Result
from mlverify.render import results_json, results_junit
from mlverify.render.results import counterexample_text

CE = Counterexample(values={"x": -1.0}, shown={"x": "-1.0"}, sizes={}, relation="=", lhs="1.0", rhs="-1.0",
                    difference=2.0, allowed=1e-11, rtol=1e-9, atol=1e-11, reproduce="mlverify verify a.b --seed 0")
RESULTS = [
    Result("a.b", Status.VERIFIED, Status.VERIFIED, 100, 0.1, 0),
    Result("a.b/w", Status.REFUTED, Status.REFUTED, 5, 0.01, 0, counterexample=CE),
    Result("a.c", Status.REFUTED, Status.VERIFIED, 7, 0.02, 0, counterexample=CE),
    Result("a.d", Status.ERROR, Status.VERIFIED, 1, 0.0, 0, message="the property raised KeyError"),
]


def test_json_has_the_documented_fields():
    data = results_json(RESULTS)
    assert {"id", "status", "examples", "seconds"} <= set(data[0])
    assert data[2]["counterexample"]["variables"]["x"] == {"value": -1.0, "text": "-1.0"}
    assert data[1]["as_expected"] is True and data[2]["as_expected"] is False


def test_junit_counts_failures_and_errors():
    suite = ET.fromstring(results_junit(RESULTS, 1.0))
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "1", "1")
    failure = suite.find("testcase[@name='a.c']/failure")
    assert failure is not None and "left side:  1.0" in failure.text


def test_counterexample_text_shows_both_sides_tolerance_and_reproduction():
    text = counterexample_text(CE)
    assert "x = -1.0" in text and "left = right fails by 2" in text and "rtol 1e-09" in text
    assert "reproduce: mlverify verify a.b --seed 0" in text
