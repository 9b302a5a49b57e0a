import os

import pytest
from hypothesis import HealthCheck, settings
from problem_families import write_family

from mlverify.claims import load_registry
from mlverify.generate import ProblemFamily, load_family

settings.register_profile(
    "ci", derandomize=True, database=None, max_examples=50, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture
def family_from(tmp_path):
    def make(spec: dict, name: str = "fixture", **templates: str) -> ProblemFamily:
        return load_family(write_family(tmp_path, name, spec, **templates))

    return make
