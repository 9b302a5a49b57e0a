"""Problem sets as files: Markdown, HTML, LaTeX, PDF, Moodle XML, QTI and JSON, through Jinja templates.

Every format starts from the same items (and the same manifest), so a key cannot differ between the PDF a
student gets and the quiz the LMS grades. Documents are written in Markdown by ``exam.md.j2`` and
``answer-key.md.j2`` and converted: to HTML by markdown-it-py (math left to MathJax in the reader's
browser), to LaTeX and Typst by pandoc, and Typst to PDF by the typst compiler with its bundled fonts (no
system TeX, the same bytes on every machine). LMS files come from their own templates.
"""

from __future__ import annotations

import html
import io
import json
import re
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from mlverify.errors import MlverifyError
from mlverify.generate import Item, Option, ProblemSet, Version, template_environment
from mlverify.generate.display import plain_number
from mlverify.resources import data_folder


class SetFormat(StrEnum):
    md = "md"
    html = "html"
    tex = "tex"
    pdf = "pdf"
    moodle = "moodle"
    qti = "qti"
    json = "json"


DOCUMENT_FORMATS = (SetFormat.md, SetFormat.html, SetFormat.tex, SetFormat.pdf)
_PAGE_BREAK = {SetFormat.md: "\n---\n", SetFormat.html: '<div style="break-after: page"></div>',
               SetFormat.tex: "```{=latex}\n\\newpage\n```", SetFormat.pdf: "```{=typst}\n#pagebreak()\n```"}
_EPOCH_2000 = 946684800  # a fixed PDF date, so a PDF is the same bytes on every run


class TemplateError(MlverifyError):
    """A template is missing or broken; the message names the template and the line."""


@dataclass(frozen=True)
class Options:
    title: str = "Problem set"
    solutions: bool = False
    answer_key: bool = False


def packaged_templates() -> Path:
    return data_folder("templates")


def write_set(problem_set: ProblemSet, fmt: SetFormat, out: Path, options: Options,
              templates: Path | None = None) -> list[Path]:
    """Write the set in ``fmt`` and its ``manifest.json`` under ``out``; the paths written, manifest last."""
    environment = document_environment(templates)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    if fmt in DOCUMENT_FORMATS:
        files.update(_documents(problem_set, fmt, options, environment))
    elif fmt is SetFormat.moodle:
        moodle = render_template(environment, "moodle.xml.j2", _lms_context(problem_set, options))
        files["quiz.moodle.xml"] = moodle.encode()
    elif fmt is SetFormat.qti:
        files["quiz.qti.zip"] = _qti(problem_set, options, environment)
    else:
        files["set.json"] = _json(set_data(problem_set, options))
    files["manifest.json"] = _json(problem_set.manifest())
    written = []
    for name, content in files.items():
        path = out / name
        path.write_bytes(content)
        written.append(path)
    return written


def _json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def set_data(problem_set: ProblemSet, options: Options) -> dict[str, Any]:
    """The whole set as data: the manifest's items with their question, options and solution text."""
    manifest = problem_set.manifest()
    for version, entry in zip(problem_set.versions, manifest["versions"], strict=True):
        for item, data in zip(version.items, entry["items"], strict=True):
            data.update(title=item.family.title, topic=item.family.topic, type=item.family.answer.type,
                        question=item.question, solution=item.solution if options.solutions else None)
    return {"title": options.title, **manifest}


# -- documents ---------------------------------------------------------------------------------------
def _documents(problem_set: ProblemSet, fmt: SetFormat, options: Options,
               environment: jinja2.Environment) -> dict[str, bytes]:
    documents: dict[str, str] = {}
    for version in problem_set.versions:
        documents[f"exam-{version.label}"] = _exam(environment, version, fmt, options, solutions=False)
        if options.solutions:
            documents[f"solutions-{version.label}"] = _exam(environment, version, fmt, options, solutions=True)
    if options.answer_key:
        documents["answer-key"] = render_template(environment, "answer-key.md.j2", {
            "title": options.title, "versions": problem_set.versions, "pagebreak": _PAGE_BREAK[fmt],
            "letters": "ABCDEFGH"})
    return convert_documents(documents, fmt, environment, {stem: f"{options.title} ({stem})" for stem in documents})


def convert_documents(documents: Mapping[str, str], fmt: SetFormat, environment: jinja2.Environment,
                      titles: Mapping[str, str]) -> dict[str, bytes]:
    """Markdown documents (by file stem) in a document format, as ``stem.format`` -> bytes."""
    if fmt is SetFormat.md:
        converted = {stem: markdown.encode() for stem, markdown in documents.items()}
    elif fmt is SetFormat.html:
        converted = {stem: render_template(environment, "page.html.j2", {"title": titles[stem],
                                                                 "body": markdown_to_html(markdown)}).encode()
                     for stem, markdown in documents.items()}
    elif fmt is SetFormat.tex:
        converted = {stem: render_template(environment, "document.tex.j2", {"title": titles[stem],
                                                                            "body": body}).encode()
                     for stem, body in zip(documents, _pandoc(list(documents.values()), "latex"), strict=True)}
    else:
        converted = {stem: _pdf(render_template(environment, "document.typ.j2", {"title": titles[stem],
                                                                                 "body": body}), stem)
                     for stem, body in zip(documents, _pandoc(list(documents.values()), "typst"), strict=True)}
    return {f"{stem}.{fmt.value}": content for stem, content in converted.items()}


def _exam(environment: jinja2.Environment, version: Version, fmt: SetFormat, options: Options,
          solutions: bool) -> str:
    return render_template(environment, "exam.md.j2", {"title": options.title, "version": version,
                                                        "solutions": solutions, "pagebreak": _PAGE_BREAK[fmt]})


def _pdf(source: str, stem: str) -> bytes:
    import typst

    with tempfile.TemporaryDirectory(prefix="mlverify-") as folder:
        path = Path(folder) / "document.typ"
        path.write_text(source, encoding="utf-8")
        try:
            pdf = typst.compile(str(path), ignore_system_fonts=True, timestamp=_EPOCH_2000)
        except RuntimeError as error:
            raise TemplateError(f"document.typ.j2: typst cannot compile {stem}: {_first_line(error)}") from None
    if not isinstance(pdf, bytes):
        raise TemplateError("document.typ.j2: typst returned no PDF")
    return pdf


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


_SPLIT = "MLVERIFY-DOCUMENT-BREAK-7f3a"
_TYPST_RENAMED = re.compile(r"\b(dot|plus|minus|times|div)\.circle\b")


def _pandoc(documents: list[str], to: str) -> list[str]:
    """Each Markdown document in ``to``: one pandoc run for them all (a run costs ~0.1 s to start)."""
    import pypandoc  # type: ignore[import-untyped]

    joined = f"\n\n{_SPLIT}\n\n".join(documents)
    try:
        converted = str(pypandoc.convert_text(joined, to, format="markdown-implicit_figures+tex_math_dollars"
                                              "+raw_attribute", extra_args=["--wrap=preserve"]))
    except (RuntimeError, OSError) as error:
        raise MlverifyError(f"pandoc cannot convert the document to {to}: {_first_line(error)}") from None
    if to == "typst":  # pandoc writes the symbol names typst 0.14 renamed (dot.circle is now dot.o)
        converted = _TYPST_RENAMED.sub(r"\1.o", converted)
    parts = [part.strip("\n") + "\n" for part in converted.split(_SPLIT)]
    if len(parts) != len(documents):
        raise TemplateError(f"a template wrote the text {_SPLIT}, which mlverify uses to separate documents")
    return parts


def _math(content: str, info: Mapping[str, Any]) -> str:
    text = html.escape(content.strip(), quote=False)
    return f"\\[{text}\\]" if info.get("display_mode") else f"\\({text}\\)"


_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table").use(dollarmath_plugin, renderer=_math,
                                                                       double_inline=True)


def markdown_to_html(markdown: str) -> str:
    """HTML with math as ``\\(...\\)`` and ``\\[...\\]`` for MathJax (which Moodle and Canvas also read)."""
    return str(_MARKDOWN.render(markdown))


# -- LMS files ---------------------------------------------------------------------------------------
def _lms_context(problem_set: ProblemSet, options: Options) -> dict[str, Any]:
    """Per slot, its variants across versions: an LMS draws one per student from each slot's pool."""
    pools = []
    for k, family in enumerate(problem_set.slots):
        items = [version.items[k] for version in problem_set.versions]
        pools.append({"number": k + 1, "family": family, "items": [_lms_item(item, version.label)
                                                                    for item, version in
                                                                    zip(items, problem_set.versions, strict=True)]})
    return {"title": options.title, "seed": problem_set.seed, "pools": pools}


def _lms_item(item: Item, label: str) -> dict[str, Any]:
    variant, answer = item.variant, item.family.answer
    rows: list[list[str]] = []
    if variant.answer is not None and answer.type in ("numeric", "vector", "matrix"):
        value = np.asarray(variant.answer, dtype=np.float64)
        rows = [[plain_number(float(x), answer.decimals) for x in np.atleast_1d(row)] for row in np.atleast_1d(value)]
    entries = [entry for row in rows for entry in row]
    choices = [{"html": markdown_to_html(f"${o.latex}$").strip(), "correct": o.correct,
                "fraction": _fraction(o.correct, variant.options)} for o in variant.options]
    if answer.type == "truefalse":
        choices = [{"html": "True", "correct": variant.options[0].correct, "fraction": ""},
                   {"html": "False", "correct": not variant.options[0].correct, "fraction": ""}]
    key = float(entries[0]) if answer.type == "numeric" else 0.0
    return {
        "id": f"{item.family.id}-{label}-{item.number}",
        "name": f"{item.family.title} ({label})",
        "type": answer.type,
        "question": markdown_to_html(item.question),
        "solution": markdown_to_html(f"**Answer:** {item.key}\n\n{item.solution}"),
        "choices": choices,
        "rows": rows,
        "entries": entries,
        "blanks": " ".join(f"[e{k}]" for k in range(1, len(entries) + 1)),
        "share": f"{100 / max(len(entries), 1):.2f}",
        "tolerance": plain_number(answer.tolerance, answer.decimals + 2),
        "low": plain_number(key - answer.tolerance, answer.decimals + 2),
        "high": plain_number(key + answer.tolerance, answer.decimals + 2),
        "key": item.key,
    }


def _fraction(correct: bool, options: tuple[Option, ...]) -> str:
    """An option's share of the mark, as Moodle's list of grades allows: each right option an equal share of
    100, each wrong one an equal share of -100 (for a single-answer choice, 100 and 0)."""
    right = sum(o.correct for o in options)
    if right == 1:
        return "100" if correct else "0"
    share = 100 / right if correct else -100 / (len(options) - right)
    return f"{share:.5f}".rstrip("0").rstrip(".")


def _qti(problem_set: ProblemSet, options: Options, environment: jinja2.Environment) -> bytes:
    context = _lms_context(problem_set, options)
    ident = f"mlverify-{problem_set.seed}"
    context["ident"] = ident
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, template in (("imsmanifest.xml", "qti/imsmanifest.xml.j2"),
                               (f"{ident}/{ident}.xml", "qti/assessment.xml.j2"),
                               (f"{ident}/assessment_meta.xml", "qti/assessment_meta.xml.j2")):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, render_template(environment, template, context))
    return buffer.getvalue()


# -- templates ---------------------------------------------------------------------------------------
def document_environment(templates: Path | None) -> jinja2.Environment:
    """The user's templates first (when given), then the packaged ones, in Jinja's sandbox."""
    folders = [str(templates)] if templates is not None else []
    if templates is not None and not templates.is_dir():
        raise TemplateError(f"{templates}: not a folder of templates")
    environment = template_environment(jinja2.FileSystemLoader([*folders, str(packaged_templates())]))
    environment.filters["xml"] = lambda text: html.escape(str(text), quote=True)
    environment.filters["cdata"] = lambda text: str(text).replace("]]>", "]]]]><![CDATA[>")
    return environment


def render_template(environment: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    try:
        return environment.get_template(name).render(context)
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"template {error.name} not found") from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"{error.filename or name}:{error.lineno}: {error.message}") from None
    except jinja2.TemplateError as error:
        raise TemplateError(f"{name}: {error.message or error}") from None
