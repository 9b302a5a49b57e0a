"""Verify one claim or wrong variant with Hypothesis: search, shrink, report.

A universal claim is a ``@given`` test run programmatically: Hypothesis searches for a
counterexample and shrinks it, and the exception of its final, minimal replay carries
the example we report. An existential claim is ``hypothesis.find`` for a witness.
"""

from __future__ import annotations

import random
import time
import traceback
from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import find, given, reject
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import HypothesisException, NoSuchExample

from mlverify.claims import Accuracy, Checkable, Quantifier, Status
from mlverify.domains import Example, examples
from mlverify.engine.judge import Failure, judge, show, to_json_value
from mlverify.engine.profiles import Profile, get_profile
from mlverify.engine.results import Counterexample, Result
from mlverify.engine.tolerance import Tolerance, tolerance_for


class _FalsifiedError(AssertionError):
    """Raised inside the Hypothesis test so that it shrinks toward a minimal failing example."""

    def __init__(self, example: Example, failure: Failure) -> None:
        super().__init__(failure.detail)
        self.example, self.failure = example, failure


def resolve_seed(profile: Profile, seed: int | None) -> int:
    """The seed to search with: the given one, the profile's fixed one, or a fresh one to report."""
    if seed is not None:
        return seed
    return profile.fixed_seed if profile.fixed_seed is not None else random.randrange(2**32)


def verify(
    target: Checkable,
    *,
    profile: str = "ci",
    seed: int | None = None,
    max_examples: int | None = None,
) -> Result:
    """Search for a counterexample (or a witness) to ``target`` and say what was found."""
    chosen = get_profile(profile)
    used_seed = resolve_seed(chosen, seed)
    reproduce = f"mlverify verify {target.id} --seed {used_seed} --profile {chosen.name}"
    if max_examples:
        reproduce += f" --examples {max_examples}"
    tolerance = tolerance_for(target.kind, target.accuracy)
    calls = 0
    last: list[Example] = []

    def evaluate(example: Example) -> Failure | None:
        nonlocal calls
        calls += 1
        last[:] = [example]
        with np.errstate(all="ignore"):
            failure = judge(target.check(**example.values), tolerance)
        if failure is not None and failure.rounding_only and target.accuracy is Accuracy.EXACT:
            reject()
        return failure

    started = time.perf_counter()

    def result(status: Status, **fields: Any) -> Result:
        return Result(target.id, status, target.expected, calls, time.perf_counter() - started, used_seed, **fields)

    def described(example: Example, failure: Failure | None) -> Counterexample:
        return _counterexample(example, failure, tolerance, reproduce)

    try:
        if target.quantifier is Quantifier.EXISTS:
            try:
                witness = find(examples(target.variables), lambda ex: evaluate(ex) is None,
                               settings=chosen.settings(max_examples), random=random.Random(used_seed))
            except NoSuchExample:
                return result(Status.REFUTED, message=f"no witness found in {calls} examples ({reproduce})")
            return result(Status.VERIFIED, witness=described(witness, None))
        _search_counterexample(target.variables, evaluate, chosen, used_seed, max_examples)
        return result(Status.VERIFIED)
    except _FalsifiedError as falsified:
        return result(Status.REFUTED, counterexample=described(falsified.example, falsified.failure))
    except HypothesisException as exc:
        return result(Status.ERROR, message=f"the search itself failed: {type(exc).__name__}: {exc}",
                      traceback=traceback.format_exc())
    except Exception as exc:  # the claim's own code raised: a bug to report, not a refutation
        example = last[0] if last else None
        where = f" on {_inline(example)}" if example else ""
        return result(Status.ERROR, message=f"the property raised {type(exc).__name__}: {exc}{where}",
                      traceback=traceback.format_exc(),
                      counterexample=described(example, None) if example else None)


def _search_counterexample(
    variables: Any, evaluate: Callable[[Example], Failure | None], profile: Profile, seed: int,
    max_examples: int | None,
) -> None:
    @given(examples(variables))
    def property_holds(example: Example) -> None:
        failure = evaluate(example)
        if failure is not None:
            raise _FalsifiedError(example, failure)

    profile.settings(max_examples)(hypothesis_seed(seed)(property_holds))()


def _inline(example: Example) -> str:
    return ", ".join(f"{k}={show(v)}" for k, v in example.values.items())


def _counterexample(example: Example, failure: Failure | None, tolerance: Tolerance, reproduce: str) -> Counterexample:
    base: dict[str, Any] = {
        "values": {k: to_json_value(v) for k, v in example.values.items()},
        "shown": {k: show(v) for k, v in example.values.items()},
        "sizes": dict(example.sizes),
        "reproduce": reproduce,
    }
    if failure is None:
        return Counterexample(**base)
    return Counterexample(
        **base, relation=failure.relation, lhs=failure.lhs, rhs=failure.rhs, difference=failure.difference,
        allowed=failure.allowed, rtol=tolerance.rtol, atol=tolerance.atol, detail=failure.detail,
    )
