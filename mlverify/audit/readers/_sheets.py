"""File -> text -> formulas: the checks a person can act on, then the reader the format calls for."""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Callable
from pathlib import Path

from mlverify.audit.readers._delimiters import read_plain
from mlverify.audit.readers._latex import read_latex
from mlverify.audit.readers._markdown import read_markdown
from mlverify.audit.readers._model import Formula, Reading, finish
from mlverify.audit.readers._rst import read_rst
from mlverify.errors import SheetError

MAX_BYTES = 10 * 2**20
_SNIFF_BYTES = 8192
READERS: dict[str, Callable[[str], Reading]] = {
    "markdown": read_markdown,
    "latex": read_latex,
    "rst": read_rst,
    "text": read_plain,
}
FORMATS = (*READERS, "notebook")
SUFFIXES = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown", ".txt": "markdown",
    ".tex": "latex", ".latex": "latex", ".ltx": "latex",
    ".rst": "rst", ".rest": "rst",
    ".ipynb": "notebook",
}
_ALIASES = {"md": "markdown", "txt": "markdown", "tex": "latex", "ipynb": "notebook", "rest": "rst",
            "generic": "text"}
_LINE_BREAK = re.compile(r"\r\n?")


def format_of(path: Path) -> str:
    """The format a file's suffix stands for; ``text`` (the generic reader) for any other suffix."""
    return SUFFIXES.get(path.suffix.lower(), "text")


def read_sheet(path: Path, *, format: str | None = None, max_bytes: int = MAX_BYTES) -> list[Formula]:
    """Every formula of the sheet at ``path``, read as ``format`` (by default, as its suffix says).

    Raises ``SheetError`` (one line, starting with the path) for a missing file, a directory, a
    binary or non-UTF-8 file, a file over ``max_bytes`` and a notebook that is not valid JSON.
    """
    name = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise SheetError(f"{name}: is a directory, not a sheet; pass the sheet files in it", path=name)
        if info.st_size > max_bytes:
            raise SheetError(f"{name}: {_size(info.st_size)} is over the {_size(max_bytes)} limit for a sheet",
                             path=name)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except (FileNotFoundError, NotADirectoryError):
        raise SheetError(f"{name}: no such file", path=name) from None
    except PermissionError:
        raise SheetError(f"{name}: permission denied; check the file's permissions", path=name) from None
    except OSError as error:
        raise SheetError(f"{name}: cannot be read ({error.strerror or error})", path=name) from None
    if len(data) > max_bytes:
        raise SheetError(f"{name}: more than {_size(max_bytes)}, the limit for a sheet", path=name)
    return read_text(decode(data, name), name, format or format_of(path))


def decode(data: bytes, name: str) -> str:
    """UTF-8 bytes (a BOM is fine) -> text; anything else is a ``SheetError`` saying where and what to do."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SheetError(f"{name}: UTF-16 text, not UTF-8; save the file as UTF-8", path=name)
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise SheetError(f"{name}: binary file, not a sheet", path=name)
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start:error.start].decode("utf-8", errors="replace")) + 1
        raise SheetError(f"{name}:{line}: not UTF-8 (byte 0x{data[error.start]:02x} at column {column}); "
                         "save the file as UTF-8", path=name, line=line) from None


def normalize(text: str) -> str:
    """One newline convention and no BOM, so lines and columns are the ones an editor shows."""
    text = _LINE_BREAK.sub("\n", text.removeprefix("\ufeff"))
    return text.replace("\x00", "\ufffd")


def read_text(text: str, file: str, format: str) -> list[Formula]:
    """Every formula of ``text``, read as ``format`` (``markdown``, ``latex``, ``rst``, ``notebook``, ``text``).

    ``file`` is only the name the formulas carry. Line endings and a BOM are normalized first.
    """
    name = format.lower().lstrip(".")
    name = _ALIASES.get(name, name)
    if name == "notebook":
        return read_notebook(text, file)
    reader = READERS.get(name)
    if reader is None:
        raise SheetError(f"{file}: unknown sheet format {format!r}; use one of {', '.join(FORMATS)}", path=file)
    text = normalize(text)
    return finish(reader(text), text, file)


def read_notebook(text: str, file: str) -> list[Formula]:
    """A Jupyter notebook: each markdown cell read as Markdown; headings carry over from cell to cell."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SheetError(f"{file}:{error.lineno}: not a readable notebook: invalid JSON ({error.msg} at column "
                         f"{error.colno})", path=file, line=error.lineno) from None
    except RecursionError:
        raise SheetError(f"{file}: not a readable notebook: JSON nested too deeply", path=file) from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if cells is None and isinstance(data, dict) and isinstance(data.get("worksheets"), list):
        cells = [c for sheet in data["worksheets"] if isinstance(sheet, dict) for c in sheet.get("cells") or []]
    if not isinstance(cells, list):
        raise SheetError(f"{file}: not a notebook: no list of cells (is it a Jupyter .ipynb file?)", path=file)
    formulas: list[Formula] = []
    section: str | None = None
    for number, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(piece, str) for piece in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise SheetError(f"{file}: not a readable notebook: cell {number} has a source that is not text",
                             path=file)
        source = normalize(source)
        reading = read_markdown(source)
        formulas += finish(reading, source, file, cell=number, section=section)
        if reading.sections:
            section = max(reading.sections)[1]
    return formulas


def _size(size: int) -> str:
    if size >= 2**20:
        return f"{size / 2**20:.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{size} bytes"
