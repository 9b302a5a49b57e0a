"""Where the packaged problem families and templates are: inside the installed package, or in the checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_folder(name: str) -> Path:
    """``problems`` or ``templates``: shipped in the wheel as ``mlverify.<name>``; an editable install or a
    plain checkout finds them at the top of the repository instead."""
    try:
        return Path(str(resources.files(f"mlverify.{name}")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / name
