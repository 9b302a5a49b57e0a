"""Problem sets as files: each format is well formed, holds every version and key, and is the same bytes twice."""

import io
import json
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser

import pypdf
import pytest
from problem_families import SIGMOID

from mlverify.generate import build_set
from mlverify.render.problems import Options, SetFormat, TemplateError, write_set

VECTOR = {
    "title": "Softmax", "topic": "activations", "claims": ["activations.softmax_cross_entropy_gradient"],
    "parameters": {"z": {"vector": 3, "integer": [-2, 2]}, "y": {"choice": [[1, 0, 0], [0, 1, 0]]}},
    "steps": {"p": r"\operatorname{softmax}(z)", "g": "p - y"}, "answer": {"type": "vector", "decimals": 3},
}
TRUE_FALSE = {
    "title": "True or false", "topic": "activations", "claims": ["activations.sigmoid_derivative"],
    "parameters": {"x": {"choice": [-1, 1, 2]}}, "answer": "truefalse",
    "statements": ["activations.sigmoid_derivative", "activations.sigmoid_derivative/plus_sign"],
}
MULTI = {**TRUE_FALSE, "title": "Which hold?", "answer": "multi",
         "statements": [*TRUE_FALSE["statements"], "activations.sigmoid_derivative/missing_factor"]}
NUMERIC = {**SIGMOID, "title": "Numeric", "answer": {"type": "numeric", "decimals": 3}, "distractors": []}


@pytest.fixture
def problem_set(family_from, registry):
    statement = {"question": "True or false? ${{ statement }}$", "solution": "${{ witness }}$"}
    options = {"question": "Which hold?", "solution": "{% for o in options %}${{ o.witness }}$ {% endfor %}"}
    vector = {"question": "Logits $z = {{ z | tex }}$, label $y = {{ y | tex }}$.", "solution": "${{ g | tex }}$"}
    families = [family_from(SIGMOID, name="choice"), family_from(VECTOR, name="vector", **vector),
                family_from(TRUE_FALSE, name="truefalse", **statement), family_from(MULTI, name="multi", **options),
                family_from(NUMERIC, name="numeric")]
    return build_set(families, 3, registry, versions=2)


def written(problem_set, fmt, tmp_path, **options):
    out = tmp_path / fmt.value
    paths = write_set(problem_set, fmt, out, Options("Quiz", **options))
    assert paths[-1].name == "manifest.json"
    return {p.name: p.read_bytes() for p in paths}


def test_markdown_has_each_version_solutions_and_a_key(problem_set, tmp_path):
    files = written(problem_set, SetFormat.md, tmp_path, solutions=True, answer_key=True)
    assert set(files) == {"exam-v01.md", "exam-v02.md", "solutions-v01.md", "solutions-v02.md", "answer-key.md",
                          "manifest.json"}
    exam, solutions = files["exam-v01.md"].decode(), files["solutions-v01.md"].decode()
    assert exam.count("## Problem") == 5 and "**Answer:**" not in exam
    assert solutions.count("**Answer:**") == 5
    for item in problem_set.versions[0].items:
        assert item.key in files["answer-key.md"].decode()


def test_html_is_well_formed_with_math_for_mathjax(problem_set, tmp_path):
    page = written(problem_set, SetFormat.html, tmp_path)["exam-v01.html"].decode()

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.open = []

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "br", "hr", "link", "img", "input"):
                self.open.append(tag)

        def handle_endtag(self, tag):
            assert self.open and self.open.pop() == tag, tag

    Tags().feed(page)
    assert "mathjax" in page and r"\(x = " in page


def test_latex_is_a_document(problem_set, tmp_path):
    source = written(problem_set, SetFormat.tex, tmp_path, solutions=True)["solutions-v02.tex"].decode()
    assert source.startswith(r"\documentclass") and source.rstrip().endswith(r"\end{document}")
    assert r"\begin{pmatrix}" in source


def test_pdf_opens_with_one_answer_key_page_per_version(problem_set, tmp_path):
    files = written(problem_set, SetFormat.pdf, tmp_path, answer_key=True)
    assert len(pypdf.PdfReader(io.BytesIO(files["answer-key.pdf"])).pages) == 2
    exam = pypdf.PdfReader(io.BytesIO(files["exam-v01.pdf"]))
    assert len(exam.pages) >= 1 and "Problem 5" in "".join(page.extract_text() for page in exam.pages)


def test_moodle_xml_has_a_category_and_a_question_per_variant(problem_set, tmp_path):
    root = ET.fromstring(written(problem_set, SetFormat.moodle, tmp_path)["quiz.moodle.xml"])
    types = [q.get("type") for q in root.findall("question")]
    assert types.count("category") == 5
    assert sorted(t for t in types if t != "category") == sorted(
        ["multichoice", "cloze", "truefalse", "multichoice", "numerical"] * 2)
    for question in root.findall("question"):
        fractions = [float(a.get("fraction")) for a in question.findall("answer")]
        if question.get("type") == "multichoice":
            assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.01)
        if question.get("type") == "cloze":
            assert question.find("questiontext/text").text.count("{1:NUMERICAL:=") == 3


def test_qti_zip_is_consistent(problem_set, tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(written(problem_set, SetFormat.qti, tmp_path)["quiz.qti.zip"]))
    names = set(archive.namelist())
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    hrefs = {f.get("href") for f in manifest.iter("{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}file")}
    assert hrefs and hrefs <= names
    ns = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    assessment = ET.fromstring(archive.read(next(n for n in names if n.endswith(".xml") and "meta" not in n
                                                 and n != "imsmanifest.xml")))
    sections = assessment.findall(".//q:section/q:section", ns)
    assert len(sections) == 5
    for item in assessment.iter("{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}item"):
        labels = {label.get("ident") for label in item.iter("{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}response_label")}
        for equal in item.iter("{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}varequal"):
            kind = item.find(".//q:fieldentry", ns).text
            assert kind == "numerical_question" or equal.text in labels


def test_json_holds_questions_and_solutions(problem_set, tmp_path):
    data = json.loads(written(problem_set, SetFormat.json, tmp_path, solutions=True)["set.json"])
    items = data["versions"][0]["items"]
    assert len(items) == 5 and all(i["question"] and i["solution"] for i in items)
    assert {i["type"] for i in items} == {"choice", "vector", "truefalse", "multi", "numeric"}


@pytest.mark.parametrize("fmt", list(SetFormat), ids=lambda f: f.value)
def test_the_same_set_is_the_same_bytes_twice(problem_set, tmp_path, fmt):
    first = written(problem_set, fmt, tmp_path / "one", solutions=True, answer_key=True)
    assert written(problem_set, fmt, tmp_path / "two", solutions=True, answer_key=True) == first


def test_a_user_template_overrides_and_a_broken_one_is_named(problem_set, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "exam.md.j2").write_text("Custom {{ version.label }}\n", encoding="utf-8")
    files = write_set(problem_set, SetFormat.md, tmp_path / "custom", Options(), templates)
    assert files[0].read_text() == "Custom v01\n"
    (templates / "exam.md.j2").write_text("{% for %}", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"exam.md.j2:1"):
        write_set(problem_set, SetFormat.md, tmp_path / "broken", Options(), templates)
    (templates / "exam.md.j2").write_text("{{ version.nope }}", encoding="utf-8")
    with pytest.raises(TemplateError, match="has no attribute 'nope'"):
        write_set(problem_set, SetFormat.md, tmp_path / "strict", Options(), templates)


def test_pdf_typesets_the_operators_pandoc_names_by_old_typst_names(family_from, registry, tmp_path):
    spec = {**VECTOR, "steps": {"p": r"\operatorname{softmax}(z)", "g": r"p \odot (1 - p)"},
            "asks": r"\operatorname{softmax}(z) \odot (1 - \operatorname{softmax}(z))"}
    family = family_from(spec, question=r"$p \odot (1 - p) \otimes q \ominus r$", solution="${{ g | tex }}$")
    files = written(build_set([family], 1, registry), SetFormat.pdf, tmp_path)
    assert files["exam-v01.pdf"].startswith(b"%PDF")
