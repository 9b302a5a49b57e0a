"""Verdicts are cached by formula, context and settings, and reused only when all three match."""

from mlverify.audit.cache import VerdictCache
from mlverify.audit.check import check_sheets

SHEET = r"""# Least squares

$$L(w) = \frac{1}{2}\|Xw - y\|^2$$

Right: $\nabla_w L = X^\top (Xw - y)$. Wrong: $\nabla_w L = X^\top (Xw + y)$.
"""


def test_a_second_run_reuses_the_verdicts(tmp_path, monkeypatch):
    sheet = tmp_path / "sheet.md"
    sheet.write_text(SHEET, encoding="utf-8")
    cache = VerdictCache(tmp_path / "cache")
    first = check_sheets([sheet], max_examples=30, cache=cache)

    def no_checking(*args, **kwargs):
        raise AssertionError("a cached verdict was computed again")

    monkeypatch.setattr("mlverify.audit.check.check_formula", no_checking)
    second = check_sheets([sheet], max_examples=30, cache=cache)
    assert [(f.status, f.counterexample) for f in second.findings] == [
        (f.status, f.counterexample) for f in first.findings]


def test_a_changed_definition_or_setting_misses_the_cache():
    base = VerdictCache.key(r"\nabla_w L = X^\top (Xw - y)", [r"L(w) = \frac{1}{2}\|Xw - y\|^2"], ("ci", None, 30))
    assert base != VerdictCache.key(r"\nabla_w L = X^\top (Xw - y)", [r"L(w) = \|Xw - y\|^2"], ("ci", None, 30))
    assert base != VerdictCache.key(r"\nabla_w L = X^\top (Xw - y)", [r"L(w) = \frac{1}{2}\|Xw - y\|^2"],
                                    ("ci", None, 100))


def test_an_unwritable_or_corrupt_cache_only_costs_time(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    cache = VerdictCache(blocked)
    cache.put("ab" * 32, {"status": "verified"})  # cannot write: ignored
    assert cache.get("ab" * 32) is None
    corrupt = VerdictCache(tmp_path / "cache")
    (tmp_path / "cache" / "cd").mkdir(parents=True)
    (tmp_path / "cache" / "cd" / ("cd" * 32)).write_bytes(b"garbage")
    assert corrupt.get("cd" * 32) is None
