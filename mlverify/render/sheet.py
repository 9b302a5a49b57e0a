"""The registry as a formula sheet: only verified claims, each with its conditions, its source and its id.

Course staff hand it out instead of a sheet typed by hand, so nothing on it is unverified; the formats and
templates are those of the problem sets (``sheet.md.j2``, converted like an exam).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from mlverify.claims import Claim, Status
from mlverify.engine import Result
from mlverify.render.problems import (
    DOCUMENT_FORMATS,
    SetFormat,
    convert_documents,
    document_environment,
    render_template,
)

SHEET_FORMATS = DOCUMENT_FORMATS  # a sheet is a document, like an exam


def formula_sheet(claims: Iterable[Claim], results: Mapping[str, Result], fmt: SetFormat, title: str,
                  templates: Path | None = None) -> bytes:
    """The sheet of the claims whose result is ``verified``, by topic in registry order."""
    if fmt not in SHEET_FORMATS:
        raise ValueError(f"a formula sheet is written as {', '.join(f.value for f in SHEET_FORMATS)}")
    topics: dict[str, list[Claim]] = {}
    for claim in claims:
        result = results.get(claim.id)
        if result is not None and result.status is Status.VERIFIED:
            topics.setdefault(claim.topic, []).append(claim)
    some = next(iter(results.values()), None)
    environment = document_environment(templates)
    markdown = render_template(environment, "sheet.md.j2", {
        "title": title, "topics": list(topics.items()), "count": sum(map(len, topics.values())),
        "seed": some.seed if some else 0})
    return convert_documents({"sheet": markdown}, fmt, environment, {"sheet": title})["sheet." + fmt.value]
