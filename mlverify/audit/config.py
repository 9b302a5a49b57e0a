"""``[tool.mlverify]`` in ``pyproject.toml`` or an ``mlverify.toml``: what ``mlverify check`` does by default.

A course repository states once which sheets to check, which to skip and which formulas the audit
cannot read, so that CI, pre-commit and a person at the terminal all run the same check. The
command line wins over the file, key by key.

The search starts in a directory and goes up to the filesystem root; in each directory an
``mlverify.toml`` comes before a ``pyproject.toml``, and a ``pyproject.toml`` without a
``[tool.mlverify]`` table is passed over (most projects have one for other tools). A key the file
does not know, a value of the wrong type or a file that is not TOML is an error naming the file
and the key, never a silent default: a misspelt ``exlude`` would otherwise check the drafts.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlverify.engine import PROFILES
from mlverify.errors import MlverifyError

CONFIG_NAME = "mlverify.toml"
PYPROJECT_NAME = "pyproject.toml"
FAIL_ON = ("refuted", "unchecked")
KEYS = ("paths", "exclude", "ignore-latex", "profile", "examples", "fail-on")


class ConfigError(MlverifyError, ValueError):
    """A configuration file is not TOML, or one of its keys is unknown or has a value of the wrong type.

    The message is one line: ``path: [table] key = value: what is wrong; the fix``; ``path`` is
    ``None`` for a bad argument given to ``check_sheets`` directly.
    """

    def __init__(self, message: str, *, path: Path | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.key = key


@dataclass(frozen=True)
class CheckConfig:
    """Defaults for ``mlverify check``; a field left ``None`` or empty means "the command's own default".

    - ``source`` is the file read (``None``: no file found), ``root`` its directory: ``exclude``
      patterns are matched against paths relative to it;
    - ``paths`` are the file's ``paths`` joined to ``root`` and expressed from the directory the
      search started in, so reports name them as a person there would type them;
    - ``ignore_latex`` are regular expressions, already checked to compile.
    """

    source: Path | None = None
    root: Path | None = None
    paths: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    ignore_latex: tuple[str, ...] = ()
    profile: str | None = None
    examples: int | None = None
    fail_on: str | None = None


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest configuration file at or above ``start`` and its mlverify table, or ``None``."""
    here = start.resolve()
    for directory in (here, *here.parents):
        dedicated = directory / CONFIG_NAME
        if dedicated.is_file():
            return dedicated, _read_toml(dedicated)
        pyproject = directory / PYPROJECT_NAME
        if pyproject.is_file():
            tool = _read_toml(pyproject).get("tool", {})
            if isinstance(tool, dict) and "mlverify" in tool:
                table = tool["mlverify"]
                if not isinstance(table, dict):
                    raise ConfigError(f"{pyproject}: [tool] mlverify: must be a table ([tool.mlverify]), "
                                      f"not {_type_name(table)}", path=pyproject, key="mlverify")
                return pyproject, table
    return None


def load_config(start: Path) -> CheckConfig:
    """The configuration that applies in ``start`` (an empty ``CheckConfig`` when there is none); see the module."""
    found = find_config(start)
    if found is None:
        return CheckConfig()
    path, table = found
    where = f"{path}: {'' if path.name == CONFIG_NAME else '[tool.mlverify] '}"
    for key in table:
        if key not in KEYS:
            raise ConfigError(f"{where}unknown key {key!r}; the keys are: {', '.join(KEYS)}", path=path, key=key)

    def value(key: str, kind: type, what: str) -> Any:
        got = table.get(key)
        if got is None:
            return None
        if kind is list:
            if not isinstance(got, list) or not all(isinstance(item, str) for item in got):
                raise ConfigError(f"{where}{key} = {got!r}: must be {what}", path=path, key=key)
            return tuple(got)
        if not isinstance(got, kind) or isinstance(got, bool):  # TOML's true is no number of examples
            raise ConfigError(f"{where}{key} = {got!r}: must be {what}", path=path, key=key)
        return got

    paths: tuple[str, ...] = value("paths", list, "a list of files or directories, e.g. paths = [\"notes\"]") or ()
    exclude: tuple[str, ...] = value("exclude", list, "a list of glob patterns, e.g. exclude = [\"drafts\"]") or ()
    ignore_latex: tuple[str, ...] = value(
        "ignore-latex", list, "a list of regular expressions, e.g. ignore-latex = ['\\\\approx']") or ()
    if "" in exclude:
        raise ConfigError(f"{where}exclude: an empty pattern names no file; remove it", path=path, key="exclude")
    for pattern in ignore_latex:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ConfigError(f"{where}ignore-latex: {pattern!r} is not a regular expression ({error})",
                              path=path, key="ignore-latex") from None
    profile: str | None = value("profile", str, f"a string, one of: {', '.join(PROFILES)}")
    if profile is not None and profile not in PROFILES:
        raise ConfigError(f"{where}profile = {profile!r}: unknown profile; choose one of: {', '.join(PROFILES)}",
                          path=path, key="profile")
    examples: int | None = value("examples", int, "a whole number of at least 1, e.g. examples = 200")
    if examples is not None and examples < 1:
        raise ConfigError(f"{where}examples = {examples!r}: must be at least 1", path=path, key="examples")
    fail_on: str | None = value("fail-on", str, f"one of: {', '.join(map(repr, FAIL_ON))}")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(f"{where}fail-on = {fail_on!r}: must be one of: {', '.join(map(repr, FAIL_ON))}",
                          path=path, key="fail-on")
    # The file's paths are relative to the file; from ``start`` they read as e.g. "notes" or "../notes".
    base = start / os.path.relpath(path.parent, start.resolve())
    return CheckConfig(
        source=path, root=path.parent, paths=tuple(Path(os.path.normpath(base / p)) for p in paths),
        exclude=exclude, ignore_latex=ignore_latex, profile=profile, examples=examples, fail_on=fail_on,
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read: {error}", path=path) from None


def _type_name(value: object) -> str:
    return {str: "a string", int: "a number", float: "a number", bool: "a boolean", list: "a list"}.get(
        type(value), type(value).__name__)
