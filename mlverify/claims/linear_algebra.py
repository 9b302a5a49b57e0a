"""linear_algebra claims (being written)."""

from __future__ import annotations
