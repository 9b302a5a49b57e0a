"""One error hierarchy, so callers (the CLI above all) can catch what a person can fix."""

from __future__ import annotations

from collections.abc import Sequence


class MlverifyError(Exception):
    """Root of every error mlverify raises on purpose; its message is one actionable line."""


class InvalidDomainError(MlverifyError, ValueError):
    """A variable domain was declared with arguments that describe no values."""


class InvalidClaimError(MlverifyError, TypeError):
    """A claim failed validation when it was registered."""


class DuplicateClaimError(InvalidClaimError):
    """Two claims were registered under one id."""


class PluginLoadError(MlverifyError):
    """An entry point of the ``mlverify.claims`` group could not be loaded."""


class UnknownClaimError(MlverifyError, LookupError):
    """An id named no registered claim or wrong variant."""

    def __init__(self, claim_id: str, close_matches: Sequence[str] = ()) -> None:
        hint = f"; did you mean {', '.join(repr(m) for m in close_matches)}?" if close_matches else (
            "; run 'mlverify claims list' to see the ids"
        )
        super().__init__(f"unknown claim id {claim_id!r}{hint}")
        self.claim_id = claim_id
        self.close_matches = tuple(close_matches)


class UnknownProfileError(MlverifyError, LookupError):
    """A settings profile name is not one the engine knows."""


class NonFiniteValueError(MlverifyError, ArithmeticError):
    """A property produced NaN: a bug in the claim or a domain that lets a value escape."""


class LatexError(MlverifyError, ValueError):
    """A formula could not be read: the message names what and where (a 1-based column of the input).

    ``category`` is a short stable word (``braces``, ``unknown_command``, ``arguments``,
    ``environment``, ``syntax``, ``unsupported``, ``text``, ``too_long``, ``nesting``,
    ``empty``, ``shapes``) so that callers can count failures by kind.
    """

    def __init__(self, message: str, *, column: int | None = None, category: str = "syntax") -> None:
        super().__init__(message)
        self.column = column
        self.category = category


class SheetError(MlverifyError, ValueError):
    """A sheet could not be read: missing, a directory, binary, not UTF-8, too large or a broken notebook.

    The message is one line that starts with the path (``path:line:`` when a line is known).
    """

    def __init__(self, message: str, *, path: str, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
