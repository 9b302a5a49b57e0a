"""What every command shares: consoles, output formats and turning errors into one line."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Any, NoReturn

import typer
from rich.console import Console

from mlverify.errors import MlverifyError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class ListFormat(StrEnum):
    table = "table"
    json = "json"


class FormulaFormat(StrEnum):
    text = "text"
    json = "json"


class ResultFormat(StrEnum):
    table = "table"
    json = "json"
    junit = "junit"


def stdout() -> Console:
    """A console for reports; piped output gets 120 columns (or $COLUMNS), not rich's 80."""
    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", "120"))
    return Console(soft_wrap=True, highlight=False, width=width)


def stderr() -> Console:
    return Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    sys.stderr.write(f"mlverify: error: {message}\n")
    raise typer.Exit(code)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn any MlverifyError into its one-line message and exit status 2."""
    try:
        yield
    except MlverifyError as exc:
        fail(str(exc))

