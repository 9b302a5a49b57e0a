"""``[tool.mlverify]`` / ``mlverify.toml``: where it is found, what it holds, and one-line errors for bad files;
and the ``exclude`` and ``ignore_latex`` parameters of ``check_sheets`` it feeds."""

from pathlib import Path

import pytest

from mlverify.audit.check import check_sheets, is_excluded
from mlverify.audit.config import CheckConfig, ConfigError, load_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_gives_the_empty_configuration(tmp_path):
    assert load_config(tmp_path) == CheckConfig()


def test_pyproject_table_is_read_with_paths_relative_to_the_file(tmp_path):
    source = write(tmp_path / "pyproject.toml", """
[project]
name = "course"

[tool.mlverify]
paths = ["notes", "cheatsheet.md"]
exclude = ["drafts", "*.ipynb"]
ignore-latex = ['\\\\approx']
profile = "thorough"
examples = 200
fail-on = "unchecked"
""")
    (tmp_path / "notes" / "week1").mkdir(parents=True)
    config = load_config(tmp_path / "notes" / "week1")
    assert config.source == source and config.root == tmp_path
    assert config.paths == (tmp_path / "notes", tmp_path / "cheatsheet.md")
    assert config.exclude == ("drafts", "*.ipynb") and config.ignore_latex == ("\\\\approx",)
    assert (config.profile, config.examples, config.fail_on) == ("thorough", 200, "unchecked")


def test_paths_read_from_a_relative_start_stay_relative(tmp_path, monkeypatch):
    write(tmp_path / "mlverify.toml", 'paths = ["notes"]\n')
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert load_config(Path(".")).paths == (Path("../notes"),)


def test_mlverify_toml_comes_first_and_the_nearest_file_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.mlverify]\nprofile = "dev"\n')
    write(tmp_path / "mlverify.toml", 'profile = "thorough"\n')
    assert load_config(tmp_path).profile == "thorough"
    write(tmp_path / "inner" / "pyproject.toml", '[tool.mlverify]\nexamples = 5\n')
    inner = load_config(tmp_path / "inner")
    assert (inner.examples, inner.profile) == (5, None)  # files do not merge: the nearest one is the configuration


def test_a_pyproject_without_the_table_is_passed_over(tmp_path):
    write(tmp_path / "mlverify.toml", "examples = 7\n")
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n[tool.ruff]\nline-length = 99\n')
    assert load_config(tmp_path / "pkg").examples == 7


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ("[tool.mlverify]\nexlude = ['drafts']\n", "exlude", "unknown key 'exlude'"),
        ("[tool.mlverify]\npaths = 'notes'\n", "paths", "must be a list"),
        ("[tool.mlverify]\nexclude = [1, 2]\n", "exclude", "must be a list of glob patterns"),
        ("[tool.mlverify]\nexclude = ['']\n", "exclude", "empty pattern"),
        ("[tool.mlverify]\nignore-latex = ['(']\n", "ignore-latex", "not a regular expression"),
        ("[tool.mlverify]\nexamples = 'many'\n", "examples", "must be a whole number"),
        ("[tool.mlverify]\nexamples = true\n", "examples", "must be a whole number"),
        ("[tool.mlverify]\nexamples = 0\n", "examples", "at least 1"),
        ("[tool.mlverify]\nprofile = 'fast'\n", "profile", "unknown profile"),
        ("[tool.mlverify]\nprofile = 3\n", "profile", "must be a string"),
        ("[tool.mlverify]\nfail-on = 'never'\n", "fail-on", "must be one of"),
        ("[tool]\nmlverify = 3\n", "mlverify", "must be a table"),
        ("[tool.mlverify\n", None, "not valid TOML"),
    ],
    ids=["unknown-key", "paths-string", "exclude-numbers", "exclude-empty", "bad-regex", "examples-string",
         "examples-bool", "examples-zero", "profile-unknown", "profile-number", "fail-on-unknown", "table-number",
         "bad-toml"],
)
def test_a_bad_configuration_is_one_line_naming_the_file_and_key(tmp_path, text, key, words):
    source = write(tmp_path / "pyproject.toml", text)
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    message = str(raised.value)
    assert message.startswith(str(source)) and words in message and "\n" not in message
    assert raised.value.key == key and raised.value.path == source
    if key is not None:
        assert key in message


def test_an_unknown_key_in_mlverify_toml_is_named_too(tmp_path):
    write(tmp_path / "mlverify.toml", "seeds = 3\n")
    with pytest.raises(ConfigError, match=r"mlverify\.toml: unknown key 'seeds'"):
        load_config(tmp_path)


@pytest.mark.parametrize(
    ("path", "pattern", "excluded"),
    [
        ("drafts/a.md", "drafts", True),
        ("notes/drafts/a.md", "drafts", True),
        ("notes/drafts/a.md", "drafts/", True),
        ("notes/a.md", "drafts", False),
        ("notes/nb.ipynb", "*.ipynb", True),
        ("notes/old/a.md", "notes/old/*.md", True),
        ("notes/old/deep/a.md", "notes/**", True),
        ("notes/a.md", "notes/b.md", False),
    ],
)
def test_exclude_patterns(tmp_path, path, pattern, excluded):
    assert is_excluded(tmp_path / path, [pattern], tmp_path) is excluded


def test_exclude_is_relative_to_its_root_not_to_the_directories_above_it(tmp_path):
    root = tmp_path / "drafts" / "course"  # the project itself sits in a directory the pattern names
    assert not is_excluded(root / "notes" / "a.md", ["drafts"], root)


SHEET = "$$(a + b)^2 = a^2 + 2ab + b^2$$\n\n$$(a + b)^2 = a^2 + b^2$$\n"
CONTEXT = "# Loss\n\n$$L(w) = w^2$$\n\n$$\\frac{d L}{d w} = 2 w$$\n"


def test_check_sheets_skips_excluded_files_even_when_named(tmp_path):
    good, draft = write(tmp_path / "good.md", SHEET), write(tmp_path / "drafts" / "wrong.md", SHEET)
    report = check_sheets([tmp_path, draft], max_examples=30, exclude=["drafts"], exclude_root=tmp_path)
    assert report.files == (str(good),)


def test_ignore_latex_makes_a_matching_formula_ignored_with_its_pattern(tmp_path):
    sheet = write(tmp_path / "sheet.md", SHEET)
    report = check_sheets([sheet], max_examples=30, ignore_latex=[r"= a\^2 \+ b\^2$"])
    assert [f.status for f in report.findings] == ["verified", "ignored"]
    reason = report.findings[1].reason
    assert reason is not None and reason.category == "ignored" and r"'= a\^2 \+ b\^2$'" in reason.message


def test_an_ignored_definition_is_not_context_either(tmp_path):
    sheet = write(tmp_path / "loss.md", CONTEXT)
    assert [f.status for f in check_sheets([sheet], max_examples=30).findings] == ["definition", "verified"]
    findings = check_sheets([sheet], max_examples=30, ignore_latex=[r"^L\(w\)"]).findings
    assert [f.status for f in findings] == ["ignored", "unchecked"]


def test_a_bad_regular_expression_argument_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match=r"ignore_latex='\('"):
        check_sheets([write(tmp_path / "s.md", SHEET)], ignore_latex=["("])
