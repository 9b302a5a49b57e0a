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
    size_strategies = {name: st.integers(d.min, d.max) for name, d in dims.items()}
    built: dict[tuple[str, tuple[int, ...]], st.SearchStrategy[Any]] = {}

    def strategy_for(name: str, domain: Domain, sizes: dict[str, int], values: dict[str, Any]) -> Any:
        if domain.references():
            return domain.strategy(sizes, values)
        # Building array strategies is costly; one per variable and shape is enough.
        key = (name, tuple(sizes[d.name] for d in domain.dims()))
        if key not in built:
            built[key] = domain.strategy(sizes, values)
        return built[key]

    @st.composite
    def draw_example(draw: st.DrawFn) -> Example:
        sizes = {name: draw(strategy, label=name) for name, strategy in size_strategies.items()}
        values: dict[str, Any] = {}
        for name, domain in variables.items():
            values[name] = draw(strategy_for(name, domain, sizes, values), label=name)
        return Example(sizes, values)

    return draw_example()
