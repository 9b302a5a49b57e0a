"""The verification engine: claim -> verified / refuted with a shrunk counterexample / error."""

from mlverify.engine.parallel import default_jobs, map_in_processes, verify_many
from mlverify.engine.profiles import PROFILES, Profile, get_profile
from mlverify.engine.results import Counterexample, Result
from mlverify.engine.runner import resolve_seed, verify
from mlverify.engine.tolerance import TOLERANCES, Tolerance, tolerance_for

__all__ = [
    "PROFILES",
    "TOLERANCES",
    "Counterexample",
    "Profile",
    "Result",
    "Tolerance",
    "default_jobs",
    "get_profile",
    "map_in_processes",
    "resolve_seed",
    "tolerance_for",
    "verify",
    "verify_many",
]
