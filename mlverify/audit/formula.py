"""One formula -> a verdict: compile it (``mlverify.latex``), verify each layout (``mlverify.engine``).

This is the audit's unit of work; reading sheets and their context builds on it.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from mlverify.domains import Domain
from mlverify.engine import Counterexample, Result, verify
from mlverify.latex.compile import Unchecked, compile_formula
from mlverify.properties import Quantifier, Status


@dataclass(frozen=True)
class FormulaResult:
    """The verdict on one formula, with the engine's results."""

    status: str
    reason: Unchecked | None
    layout: str | None
    counterexample: Counterexample | None
    results: tuple[Result, ...]


def check_formula(latex: str, given: Sequence[str] = (), *, variables: Mapping[str, Domain] | None = None,
                  layout: str | None = None, profile: str = "ci", seed: int | None = None,
                  max_examples: int | None = None) -> FormulaResult:
    """Compile and verify a formula: verified if some layout holds, else refuted with a counterexample."""
    compiled = compile_formula(latex, given, variables, layout)
    if isinstance(compiled, Unchecked):
        return FormulaResult("unchecked", compiled, None, None, ())
    results = tuple(verify(p, profile=profile, seed=seed, max_examples=max_examples) for p in compiled.properties)
    holds = [p.layout for p, r in zip(compiled.properties, results, strict=True) if r.status is Status.VERIFIED]
    if holds:
        layout = "both" if len(holds) == 2 else holds[0]
        return FormulaResult("verified", None, layout, None, results)
    if any(p.quantifier is Quantifier.EXISTS for p in compiled.properties):  # no witness found is no counterexample
        return FormulaResult("unchecked", Unchecked("unsupported", "it states that an example exists, and none "
                                                                   "turned up (not finding one proves nothing)"),
                             None, None, results)
    errors = [r for r in results if r.status is Status.ERROR]
    if errors:
        message = errors[0].message.splitlines()[0] if errors[0].message else "the engine failed"
        if "Unsatisfiable" in message:
            message = "no generated example lies inside the formula's domain"
        return FormulaResult("unchecked", Unchecked("unsupported", message), None, None, results)
    refuted = [r for r in results if r.status is Status.REFUTED]
    # A layout whose shapes cannot match says less than one whose values differ: show the latter.
    telling = [r for r in refuted if r.counterexample is not None and not r.counterexample.detail.startswith(
        "shapes differ")]
    named_layout = len(compiled.properties) == 1 and compiled.properties[0].layout is not None
    if not telling and not named_layout:  # sheets write Jacobians elementwise (d sigma / dz = sigma(1 - sigma))
        shapes = refuted[0].counterexample.detail if refuted[0].counterexample else "the sides differ in shape"
        return FormulaResult("unchecked", Unchecked("shapes", f"the two sides never have the same shape ({shapes}); "
                                                              "a convention the formula does not state?"),
                             None, None, results)
    chosen = (telling or refuted)[0]
    counterexample = chosen.counterexample
    if counterexample is not None:
        command = " ".join(["mlverify formula", shlex.quote(latex), *(f"--given {shlex.quote(g)}" for g in given),
                            f"--seed {chosen.seed} --profile {profile}"])
        if max_examples:
            command += f" --examples {max_examples}"
        counterexample = replace(counterexample, reproduce=command)
    return FormulaResult("refuted", None, None, counterexample, results)
