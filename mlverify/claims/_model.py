"""A claim is data: what it states, over which variables, and the property that tests it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from mlverify.domains import Domain
from mlverify.errors import InvalidClaimError
from mlverify.properties import Accuracy, Evidence, Kind, Quantifier, Status

Check = Callable[..., Evidence]


@dataclass(frozen=True)
class Reference:
    """Where a claim comes from: a sheet and its section, a book and its page."""

    source: str
    section: str = ""

    def __str__(self) -> str:
        return f"{self.source}, {self.section}" if self.section else self.source


@dataclass(frozen=True)
class Said:
    """How a sheet states a claim (or a wrong variant) in words: a pattern matched in a sentence,
    case-insensitive. ``holds``, when given, decides a sentence from its named slots, each a formula of
    the sentence (``$\\eta_t = 1/t$ satisfies both conditions``): the slot values are what the compiler
    reads from them; without it, a sentence that matches states exactly the claim (or the mistake)."""

    pattern: str
    holds: Callable[..., bool | None] | None = None


@dataclass(frozen=True)
class WrongVariant:
    """A plausible mistake about a claim, with its own statement and property; it must be refuted."""

    claim_id: str
    name: str
    statement: str
    mistake: str
    variables: Mapping[str, Domain]
    check: Check = field(repr=False)
    kind: Kind
    accuracy: Accuracy
    quantifier: Quantifier
    compiled: bool = False  # the property was compiled from the statement, not written in Python
    said: tuple[Said, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.claim_id}/{self.name}"

    @property
    def expected(self) -> Status:
        return Status.REFUTED


@dataclass(frozen=True)
class Claim:
    """A mathematical claim, its domains and the property that tests it."""

    id: str
    title: str
    statement: str
    topic: str
    variables: Mapping[str, Domain]
    check: Check = field(repr=False)
    kind: Kind
    accuracy: Accuracy
    quantifier: Quantifier
    assumptions: tuple[str, ...]
    references: tuple[Reference, ...]
    wrong_variants: tuple[WrongVariant, ...]
    source_module: str
    compiled: bool = False  # the property was compiled from the statement, not written in Python
    said: tuple[Said, ...] = ()

    @property
    def expected(self) -> Status:
        return Status.VERIFIED

    def variant(self, name: str) -> WrongVariant:
        for v in self.wrong_variants:
            if v.name == name:
                return v
        raise KeyError(name)


class Checkable(Protocol):
    """What the engine verifies: a claim, a wrong variant, or a formula compiled from LaTeX."""

    @property
    def id(self) -> str: ...

    @property
    def statement(self) -> str: ...

    @property
    def variables(self) -> Mapping[str, Domain]: ...

    @property
    def check(self) -> Check: ...

    @property
    def kind(self) -> Kind: ...

    @property
    def accuracy(self) -> Accuracy: ...

    @property
    def quantifier(self) -> Quantifier: ...

    @property
    def expected(self) -> Status: ...


@dataclass(frozen=True)
class VariantSpec:
    """A wrong variant before it is attached to its claim (see ``wrong``)."""

    name: str
    statement: str
    check: Check | None
    mistake: str
    variables: Mapping[str, Domain] | None = None
    kind: Kind | None = None
    accuracy: Accuracy | None = None
    quantifier: Quantifier | None = None
    compiled: bool = False
    said: tuple[Said, ...] = ()

    def bind(self, claim_id: str, claim: _ClaimDefaults) -> WrongVariant:
        if self.check is None:
            raise InvalidClaimError(f"wrong variant {claim_id}/{self.name} has no property; only a claim declared "
                                    "with stated() compiles its variants from their statements")
        return WrongVariant(
            claim_id=claim_id,
            name=self.name,
            statement=self.statement,
            mistake=self.mistake,
            variables=self.variables if self.variables is not None else claim.variables,
            check=self.check,
            kind=self.kind or claim.kind,
            accuracy=self.accuracy or claim.accuracy,
            quantifier=self.quantifier or claim.quantifier,
            compiled=self.compiled,
            said=self.said,
        )


@dataclass(frozen=True)
class _ClaimDefaults:
    variables: Mapping[str, Domain]
    kind: Kind
    accuracy: Accuracy
    quantifier: Quantifier


def wrong(
    name: str,
    statement: str,
    check: Check | None = None,
    *,
    mistake: str,
    variables: Mapping[str, Domain] | None = None,
    kind: Kind | None = None,
    accuracy: Accuracy | None = None,
    quantifier: Quantifier | None = None,
    said: Sequence[Said | str] = (),
) -> VariantSpec:
    """Declare a wrong variant: a named mistake, its LaTeX and its property (variables default to the
    claim's); a variant of a claim declared with ``stated`` may omit the property: it is compiled.
    ``said`` holds the sentences that state the mistake in words."""
    return VariantSpec(name, statement, check, mistake, variables, kind, accuracy, quantifier,
                       said=said_as(said))


def said_as(said: Sequence[Said | str]) -> tuple[Said, ...]:
    """Plain patterns as ``Said``, a space in a pattern matching any white space (sentences wrap); each must
    compile."""
    out = tuple(Said(s.pattern.replace(" ", r"\s+"), s.holds) if isinstance(s, Said) else Said(s.replace(" ", r"\s+"))
                for s in said)
    for s in out:
        try:
            re.compile(s.pattern)
        except re.error as error:
            raise InvalidClaimError(f"said pattern {s.pattern!r} is not a regular expression: {error}") from None
    return out


