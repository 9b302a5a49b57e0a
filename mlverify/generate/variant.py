"""One variant of a family: drawn parameters, the worked solution's values, the key and its options, all checked.

The key comes from the family's steps; it is accepted only when

- the quantity the question asks, computed independently (by default the left side of the claim the family
  is bound to, ``\\sigma'(x)`` by numerical differentiation), agrees with it;
- the claim's own property holds at the drawn values (where the claim's variables are among them);
- the key recomputed from the parameters *as displayed* stays within the tolerance;
- every distractor (a wrong variant of the claim evaluated at the same values) differs from the key and from
  every other option by more than the tolerance after display rounding.

A statement item (true/false, "which hold?") shows claims and wrong variants: each claim must hold at the
drawn values and each wrong variant must fail there, which is the witness its solution shows.

A draw that fails any check is redrawn from the same seed's stream, up to ``MAX_ATTEMPTS``; then the family
and seed are named in a ``ProblemError``. Nothing unchecked is returned.
"""

from __future__ import annotations

import functools
import hashlib
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis.errors import HypothesisDeprecationWarning, UnsatisfiedAssumption

from mlverify.claims import AllOf, Comparison, Evidence, Registry, Truth, WrongVariant, equal
from mlverify.engine.judge import judge
from mlverify.engine.tolerance import tolerance_for
from mlverify.errors import LatexError, MlverifyError, UnknownClaimError
from mlverify.generate.display import distance, rounded, tex
from mlverify.generate.family import ProblemFamily, latex_name
from mlverify.generate.parameters import Exact, as_float
from mlverify.latex import Node, Relation, Statements, parse, render
from mlverify.latex.expression import EvaluationError, Expression, compile_expression
from mlverify.properties import Accuracy, Kind

MAX_ATTEMPTS = 200


class ProblemError(MlverifyError):
    """A family could not produce a checked variant, or is inconsistent with the registry."""


class _RedrawError(Exception):
    """This draw failed a check; another draw may pass."""


@dataclass(frozen=True)
class Option:
    """One option of a choice or statement item; ``value`` is a number/array, or None for a statement."""

    latex: str
    correct: bool
    source: str
    mistake: str = ""
    value: Any = None
    witness: str = ""


@dataclass(frozen=True)
class Variant:
    family: ProblemFamily
    seed: int
    parameters: Mapping[str, Exact]
    values: Mapping[str, Any]
    answer: Any
    options: tuple[Option, ...]
    checks: tuple[str, ...]

    @property
    def key_index(self) -> int | None:
        correct = [k for k, o in enumerate(self.options) if o.correct]
        return correct[0] if len(correct) == 1 else None


def item_seed(*parts: object) -> int:
    """A seed from readable parts (set seed, version, slot, family): the same on every machine and run."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def draw_variant(family: ProblemFamily, seed: int, registry: Registry) -> Variant:
    """A checked variant of ``family`` from ``seed``; raises ``ProblemError`` naming both if none passes."""
    rng = np.random.default_rng(seed)
    shown = _statements_shown(family, registry, np.random.default_rng(item_seed(seed, "statements")))
    reasons: dict[str, int] = {}
    for _ in range(MAX_ATTEMPTS):
        try:
            return _attempt(family, seed, rng, registry, shown)
        except _RedrawError as redraw:
            reasons[str(redraw)] = reasons.get(str(redraw), 0) + 1
    common = max(reasons, key=lambda r: reasons[r])
    raise ProblemError(f"family {family.id} (seed {seed}): no variant passed its checks in {MAX_ATTEMPTS} draws; "
                       f"most often: {common}")


def _attempt(family: ProblemFamily, seed: int, rng: np.random.Generator, registry: Registry,
             shown: Sequence[Any]) -> Variant:
    parameters: dict[str, Exact] = {}
    for parameter in family.parameters:
        parameters[parameter.name] = parameter.draw(rng, parameters)
    values = {name: as_float(value) for name, value in parameters.items()}
    for condition in family.require:
        try:
            if not _expression(family, condition, values).holds(values):
                raise _RedrawError(f"the condition {condition} fails")
        except EvaluationError as error:
            raise _RedrawError(f"the condition {condition} cannot be decided: {error}") from None
    values = _solved(family, values)
    if family.statement_type:
        return Variant(family, seed, parameters, values, None, _statement_options(family, values, shown, rng),
                       ("each claim holds at the drawn values", "each wrong variant fails at the drawn values"))
    answer = values[family.answer.step]
    checks = [_check_asked(family, values, answer, registry), *_check_claims(family, values, registry),
              _check_displayed(family, parameters, answer)]
    options: tuple[Option, ...] = ()
    if family.distractors:
        options = _options(family, values, answer, registry, rng)
        checks.append("every distractor differs from the key and the other options after rounding")
    return Variant(family, seed, parameters, values, answer, options, tuple(checks))


def _solved(family: ProblemFamily, values: dict[str, Any]) -> dict[str, Any]:
    for name, latex in family.steps:
        values = {**values, name: _value(family, latex, values, f"step {name}")}
    return values


def _expression(family: ProblemFamily, latex: str | Node, values: Mapping[str, Any]) -> Expression:
    shapes = {latex_name(name): np.shape(value) for name, value in values.items()}
    try:
        return compile_expression(latex, shapes, family.given, family.layout)
    except LatexError as error:
        raise ProblemError(f"family {family.id}: cannot read '{latex}': {error}") from None


def _value(family: ProblemFamily, latex: str | Node, values: Mapping[str, Any], what: str) -> Any:
    try:
        value = _expression(family, latex, values).value(values)
    except EvaluationError as error:
        raise _RedrawError(f"{what}: {error}") from None
    return np.asarray(value, dtype=np.float64) if np.ndim(value) else float(value)


def _claims(family: ProblemFamily, registry: Registry) -> list[Any]:
    return [_resolved(family, claim_id, registry) for claim_id in family.claims]


def _resolved(family: ProblemFamily, target_id: str, registry: Registry) -> Any:
    """A claim, or a wrong variant (``claim.id/name``), the family names; an unknown id names the family."""
    try:
        return registry.resolve(target_id)
    except UnknownClaimError as error:
        raise ProblemError(f"family {family.id}: {error}") from None


def asked(family: ProblemFamily, registry: Registry) -> str | Node:
    """What the question asks: the family's ``asks``, else its first claim's left side."""
    if family.asks:
        return family.asks
    return _sides(_claims(family, registry)[0].statement, family)[0]


def _sides(statement: str, family: ProblemFamily) -> tuple[Node, ...]:
    sides = _relation_sides(statement)
    if sides is None:
        raise ProblemError(f"family {family.id}: '{statement}' is not a relation a = b; say what is asked with asks:")
    return sides


@functools.lru_cache(maxsize=1024)
def _relation_sides(statement: str) -> tuple[Node, ...] | None:
    node = parse(statement)
    if isinstance(node, Statements):
        node = node.items[0]
    return tuple(node.operands) if isinstance(node, Relation) and len(node.operands) == 2 else None


def _check_asked(family: ProblemFamily, values: Mapping[str, Any], answer: Any, registry: Registry) -> str:
    question = asked(family, registry)
    expected = _value(family, question, values, "the asked quantity")
    failure = judge(equal(expected, answer), tolerance_for(Kind.IDENTITY, Accuracy.DERIVATIVE))
    if failure is not None:
        raise _RedrawError(f"the key {tex(answer, 6)} disagrees with {_text(question)} = {tex(expected, 6)}")
    return f"key = {_text(question)}, computed independently"


def _text(latex: str | Node) -> str:
    return latex if isinstance(latex, str) else render(latex)


def _claim_values(variables: Sequence[str], values: Mapping[str, Any]) -> dict[str, Any] | None:
    return {v: values[v] for v in variables} if all(v in values for v in variables) else None


def _check_claims(family: ProblemFamily, values: Mapping[str, Any], registry: Registry) -> list[str]:
    done = []
    for claim in _claims(family, registry):
        bound = _claim_values(list(claim.variables), values)
        if bound is None:
            continue
        evidence = _evidence(claim, bound)
        if evidence is None or judge(evidence, tolerance_for(claim.kind, claim.accuracy)) is not None:
            raise _RedrawError(f"claim {claim.id} does not hold at the drawn values")
        done.append(f"claim {claim.id} holds at the drawn values")
    return done


def _evidence(target: Any, values: Mapping[str, Any]) -> Evidence | None:
    """The property's evidence at ``values``; None where the property rejects them (outside its conditions)."""
    try:
        with warnings.catch_warnings():  # a property rejects examples with hypothesis.reject(), here outside a test
            warnings.simplefilter("ignore", HypothesisDeprecationWarning)
            return target.check(**values)  # type: ignore[no-any-return]
    except (UnsatisfiedAssumption, EvaluationError, ArithmeticError, ValueError):
        return None


def _check_displayed(family: ProblemFamily, parameters: Mapping[str, Exact], answer: Any) -> str:
    shown = {name: _read_back(tex(value), name, value.shape if isinstance(value, np.ndarray) else ())
             for name, value in parameters.items()}
    again = _solved(family, shown)[family.answer.step]
    if distance(again, answer) > family.answer.tolerance / 2:
        raise _RedrawError("the key recomputed from the displayed parameters moves by more than the tolerance")
    return "key recomputed from the displayed parameters"


def _read_back(latex: str, name: str, shape: tuple[int, ...]) -> Any:
    """A displayed parameter read back from its LaTeX alone, as a student reads it: a matrix entry by entry
    (entries repeat across variants, so each is parsed once)."""
    body = latex.removeprefix(_MATRIX_OPEN).removesuffix(_MATRIX_CLOSE)
    rows = [[entry.strip() for entry in row.split("&")] for row in body.split(r"\\")]
    try:
        values = [[float(compile_expression(entry, {}).value({})) for entry in row] for row in rows]
    except (LatexError, EvaluationError, TypeError) as error:
        raise _RedrawError(f"the displayed {name} '{latex}' does not read back: {error}") from None
    if body == latex:
        return values[0][0]
    array = np.array(values, dtype=np.float64)
    if array.size != int(np.prod(shape)):
        raise _RedrawError(f"the displayed {name} '{latex}' has {array.size} entries, not {int(np.prod(shape))}")
    return array.reshape(shape)  # a column vector and an n x 1 matrix are displayed alike


_MATRIX_OPEN, _MATRIX_CLOSE = r"\begin{pmatrix} ", r" \end{pmatrix}"


def _options(family: ProblemFamily, values: Mapping[str, Any], answer: Any, registry: Registry,
             rng: np.random.Generator) -> tuple[Option, ...]:
    places, tolerance = family.answer.decimals, family.answer.tolerance
    key = Option(tex(answer, places), True, "key", value=rounded(answer, places))
    chosen = [key]
    candidates = _distractor_values(family, values, registry)
    for k in rng.permutation(len(candidates)):
        option = candidates[int(k)]
        if all(distance(option.value, other.value) > tolerance for other in chosen):
            chosen.append(option)
    wanted = family.answer.options if family.answer.type == "choice" else len(chosen)
    if len(chosen) < wanted:
        raise _RedrawError(f"only {len(chosen) - 1} distractors differ from the key and each other here")
    chosen = chosen[:wanted]
    return tuple(chosen[int(k)] for k in rng.permutation(len(chosen)))


def _distractor_values(family: ProblemFamily, values: Mapping[str, Any], registry: Registry) -> list[Option]:
    places = family.answer.decimals
    out = []
    for distractor in family.distractors:
        latex: str | Node
        if distractor.variant:
            name = distractor.variant  # a wrong variant of the first claim, unless it names its claim
            variant = _resolved(family, name if "/" in name else f"{family.claims[0]}/{name}", registry)
            latex, source, mistake = _wrong_side(family, variant.statement, registry), variant.id, variant.mistake
        else:
            latex, source, mistake = distractor.latex, f"{family.id}: {distractor.mistake}", distractor.mistake
        try:
            value = rounded(_value(family, latex, values, f"distractor {source}"), places)
        except _RedrawError:
            continue
        out.append(Option(tex(value, places), False, source, mistake, value))
    return out


def _wrong_side(family: ProblemFamily, statement: str, registry: Registry) -> Node:
    """The side of a wrong variant's relation that differs from its claim's: the wrong value."""
    right = _sides(_claims(family, registry)[0].statement, family)
    wrong = _sides(statement, family)
    differing = [w for w, r in zip(wrong, right, strict=True) if render(w) != render(r)]
    return differing[-1] if differing else wrong[-1]


def _statements_shown(family: ProblemFamily, registry: Registry, rng: np.random.Generator) -> list[Any]:
    """The statements an item shows, chosen once per seed, before any redraw: a true/false item is true or false
    with probability 1/2 whatever the parameters, so redrawing (a false statement fails only at some values)
    cannot tilt the key towards "true"."""
    targets = [_resolved(family, name, registry) for name in family.statements]
    if family.answer.type != "truefalse":
        return targets
    true = [t for t in targets if not isinstance(t, WrongVariant)]
    false = [t for t in targets if isinstance(t, WrongVariant)]
    pool = true if (rng.random() < 0.5 and true) or not false else false
    return [pool[int(rng.integers(len(pool)))]]


def _statement_options(family: ProblemFamily, values: Mapping[str, Any], targets: Sequence[Any],
                       rng: np.random.Generator) -> tuple[Option, ...]:
    options = []
    for target in targets:
        correct = not isinstance(target, WrongVariant)
        bound = _claim_values(list(target.variables), values)
        if bound is None:
            raise ProblemError(f"family {family.id}: the parameters do not cover the variables of {target.id} "
                               f"({', '.join(target.variables)})")
        evidence = _evidence(target, bound)
        if evidence is None:
            raise _RedrawError(f"{target.id} does not speak at the drawn values")
        failing = _failing_part(evidence, tolerance_for(target.kind, target.accuracy))
        if correct == (failing is not None):
            raise _RedrawError(f"{target.id} {'fails' if correct else 'holds'} at the drawn values")
        witness = _witness(failing if failing is not None else _first_leaf(evidence), family.answer.decimals)
        mistake = target.mistake if isinstance(target, WrongVariant) else ""
        options.append(Option(target.statement, correct, target.id, mistake, None, witness))
    return tuple(options[int(k)] for k in rng.permutation(len(options)))


def _failing_part(evidence: Evidence, tolerance: Any) -> Evidence | None:
    if isinstance(evidence, AllOf):
        return next((f for part in evidence.parts if (f := _failing_part(part, tolerance)) is not None), None)
    return evidence if judge(evidence, tolerance) is not None else None


def _first_leaf(evidence: Evidence) -> Evidence | None:
    """The first comparison (or truth) of the evidence: what a statement that holds shows."""
    if isinstance(evidence, AllOf):
        return next((c for part in evidence.parts if (c := _first_leaf(part)) is not None), None)
    return evidence


def _witness(evidence: Evidence | None, places: int) -> str:
    """Both sides at the drawn values, as the solution shows them."""
    if isinstance(evidence, Comparison):
        return rf"{tex(np.asarray(evidence.lhs), places)} \text{{ vs }} {tex(np.asarray(evidence.rhs), places)}"
    if isinstance(evidence, Truth):
        said = "it holds" if evidence.value else evidence.label or "it fails"  # a label says why it would fail
        shown = ", ".join(rf"\text{{{_plain_text(name)}}} = {tex(np.asarray(value), places)}"
                          for name, value in evidence.shown.items() if np.asarray(value).dtype.kind in "biuf")
        return rf"\text{{{_plain_text(said)}}}" + (f",\\ {shown}" if shown else "")
    return ""


def _plain_text(text: str) -> str:
    """Text safe inside ``\\text{...}``: TeX's special characters escaped."""
    return "".join("\\" + c if c in "{}_^%#&$" else r"\backslash " if c == "\\" else c for c in str(text))
