"""Hypothesis settings profiles: how hard the engine searches, and how reproducibly."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, Phase, Verbosity, settings

from mlverify.errors import UnknownProfileError


@dataclass(frozen=True)
class Profile:
    """A search budget. ``fixed_seed`` makes runs without --seed identical (for CI gates)."""

    name: str
    max_examples: int
    fixed_seed: int | None

    def settings(self, max_examples: int | None = None) -> settings:
        return settings(
            max_examples=max_examples or self.max_examples,
            database=None,
            deadline=None,
            derandomize=False,
            report_multiple_bugs=False,
            print_blob=False,
            verbosity=Verbosity.quiet,
            # The explain phase replays a failure hundreds of times to annotate source lines
            # we never print; skipping it makes refutations several times faster.
            phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        )


PROFILES: dict[str, Profile] = {
    "ci": Profile("ci", max_examples=100, fixed_seed=0),
    "dev": Profile("dev", max_examples=100, fixed_seed=None),
    "thorough": Profile("thorough", max_examples=1000, fixed_seed=None),
}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise UnknownProfileError(f"unknown profile {name!r}; choose one of: {', '.join(PROFILES)}") from None
