"""One example of a claim's variables: dimensions drawn first, then each variable in order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from mlverify.domains._base import Dim, Domain
from mlverify.errors import InvalidDomainError


@dataclass(frozen=True)
class Example:
    """The dimensions and the variable values of one test case."""

    sizes: Mapping[str, int]
    values: Mapping[str, Any]


def shared_dims(variables: Mapping[str, Domain]) -> dict[str, Dim]:
    """Every dimension the variables name, checked to be declared the same way everywhere."""
    dims: dict[str, Dim] = {}
    for name, domain in variables.items():
        for dim in domain.dims():
            known = dims.setdefault(dim.name, dim)
            if known != dim:
                raise InvalidDomainError(
                    f"variable {name!r} declares {dim!r} but another variable declares {known!r}; "
                    "use one Dim object for a shared dimension"
                )
    return dims


def check_references(variables: Mapping[str, Domain]) -> None:
    """A bound may only refer to a variable declared (and so drawn) before it."""
    seen: list[str] = []
    for name, domain in variables.items():
        for ref in domain.references():
            if ref not in seen:
                raise InvalidDomainError(
                    f"variable {name!r} has a bound referring to {ref!r}, which is not declared before it"
                )
        seen.append(name)


def examples(variables: Mapping[str, Domain]) -> st.SearchStrategy[Example]:
    """Examples of the variables: shared dimensions drawn once, then values in declaration order."""
    dims = shared_dims(variables)
    check_references(variables)

    @st.composite
    def draw_example(draw: st.DrawFn) -> Example:
        sizes = {name: draw(st.integers(d.min, d.max), label=name) for name, d in dims.items()}
        values: dict[str, Any] = {}
        for name, domain in variables.items():
            values[name] = draw(domain.strategy(sizes, values), label=name)
        return Example(sizes, values)

    return draw_example()
