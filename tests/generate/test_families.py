"""The packaged problem families: each gives 50 variants under the test profile, every one checked."""

import numpy as np
import pytest

from mlverify.generate import draw_variant, item_seed, load_families, packaged_problems, render_item
from mlverify.generate.display import distance

FAMILIES = load_families([packaged_problems()])


def test_there_are_30_families_over_8_topics_of_every_answer_type():
    assert len(FAMILIES) >= 30
    assert len({f.topic for f in FAMILIES.values()}) >= 8
    assert {f.answer.type for f in FAMILIES.values()} == {"numeric", "vector", "matrix", "choice", "truefalse",
                                                         "multi"}


@pytest.mark.parametrize("family", list(FAMILIES.values()), ids=lambda f: f.id)
def test_every_family_gives_50_checked_variants(family, registry):
    parameters = set()
    for k in range(50):
        variant = draw_variant(family, item_seed("battery", family.id, k), registry)
        item = render_item(1, variant)
        assert item.question.strip() and item.solution.strip() and item.key
        parameters.add(repr(variant.parameters))
        if family.answer.type == "choice":
            assert len(variant.options) == family.answer.options
            assert sum(o.correct for o in variant.options) == 1
            values = [o.value for o in variant.options]
            assert all(distance(a, b) > family.answer.tolerance for i, a in enumerate(values) for b in values[:i])
        if family.answer.type in ("numeric", "vector", "matrix"):
            assert np.all(np.isfinite(variant.answer))
        if family.statement_type:
            assert all(o.witness for o in variant.options)
    assert len(parameters) > 1, "every variant is the same"


def test_every_family_typesets_in_every_document_format(registry, tmp_path):
    from mlverify.generate import build_set
    from mlverify.render.problems import DOCUMENT_FORMATS, Options, write_set

    problem_set = build_set(list(FAMILIES.values()), 0, registry)
    for fmt in DOCUMENT_FORMATS:
        written = write_set(problem_set, fmt, tmp_path / fmt.value, Options(solutions=True, answer_key=True))
        assert len(written) == 4
    assert (tmp_path / "pdf" / "solutions-v01.pdf").read_bytes().startswith(b"%PDF")
