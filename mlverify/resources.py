"""Where the packaged problem families and templates are: inside the installed package, or in the checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_folder(name: str) -> Path:
    """``problems`` or ``templates``: the wheel ships them inside the package (``mlverify/<name>``); an editable
    install or a plain checkout finds them at the top of the repository."""
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name
