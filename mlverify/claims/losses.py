"""losses claims (being written)."""

from __future__ import annotations
