"""Diagnosis of a refuted formula: the registry claim it states, the known mistake, a stronger assumption.

A sheet writes ``\\sigma'(z) = \\sigma(z)(1 + \\sigma(z))``; the registry knows ``\\sigma'(x) = \\sigma(x)(1 -
\\sigma(x))`` and its wrong variant with the plus sign. Matching their strings would miss the renamed variable,
the other spacing and every equivalent way of writing a side, so formulas are matched **by meaning**: both
sides of the formula and of each candidate claim (and of its wrong variants) are evaluated on shared random
inputs, and a formula whose left side agrees with a claim's left side on every input states that claim. The
claim's statement is then the suggested fix, and a wrong variant whose right side agrees too names the
mistake the sheet made.

Where no claim matches, a catalogue of stronger assumptions (a square matrix symmetric, positive definite,
invertible or orthogonal; labels in {0, 1} or {-1, 1}; the other layout) is tried, and the first one under
which the formula verifies is reported ("holds if A is symmetric").

Everything here is a suggestion next to a verdict that is already settled: it never changes a status, it is
bounded (a few examples, a few renamings, a few retries), and a claim that cannot be evaluated on a formula's
values is simply no candidate.
"""

from __future__ import annotations

import contextlib
import math
import re
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import cache, partial
from itertools import permutations, product
from typing import Any, Final

import hypothesis
import numpy as np

from mlverify.audit.formula import check_formula
from mlverify.claims import Comparison, Evidence, Relation, load_registry
from mlverify.domains import (
    Distribution,
    Domain,
    Example,
    FunctionConstant,
    FunctionFamily,
    Integer,
    InvertibleMatrix,
    Label,
    LabelVector,
    Matrix,
    OneHot,
    OrthogonalMatrix,
    SPDMatrix,
    StepSchedule,
    SymmetricMatrix,
    examples,
)
from mlverify.engine import tolerance_for
from mlverify.engine.judge import judge
from mlverify.errors import LatexError
from mlverify.latex import nodes as n
from mlverify.latex.compile import Compiled, FormulaProperty, Unchecked, compile_formula
from mlverify.latex.parser import parse
from mlverify.latex.shapes import Kind as ShapeKind
from mlverify.properties import Accuracy, AllOf, Kind

#: Examples drawn per claim (once, then cached) and per formula; agreement is required on all of them.
SHARED_EXAMPLES: Final = 6
#: Generated candidates from which the lively examples are kept (see ``_lively``).
DRAW_BUDGET: Final = 120
DRAW_SEED: Final = 20240601
#: At least this many examples must evaluate on both sides before a match is believed.
MIN_AGREEING: Final = 3
#: Renamings of a formula's variables onto a claim's, tried per claim (same names first).
MAX_RENAMINGS: Final = 12
#: The engine's tolerance, widened: the two sides are computed by different expressions (each with its own
#: numerical differentiation), and the mistakes matching tells apart are off by O(1), not by 1e-4.
TOLERANCE_SLACK: Final = 100.0
#: Stronger assumptions screened per formula, and the examples the engine verifies one that passes with.
MAX_RETRIES: Final = 8
RETRY_EXAMPLES: Final = 20
#: Symbols sheets use for class labels.
LABEL_SYMBOLS: Final = ("y", "t")

_LOOSENESS = {Accuracy.EXACT: 0, Accuracy.QUADRATURE: 1, Accuracy.DERIVATIVE: 2}


@dataclass(frozen=True)
class Match:
    """The registry claim a refuted formula states: its id, its statement as the fix, and the known mistake
    (a wrong variant's ``mistake``) when the formula is that variant."""

    claim_id: str
    fix_latex: str
    mistake: str | None


@dataclass(frozen=True)
class Diagnosis:
    """What ``check_statement`` adds to a finding: the claim, the suggested fix and a one-line hint."""

    claim: str | None = None
    fix: str | None = None
    hint: str | None = None


# -- evaluating sides ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Sides:
    """A property's two sides on one example (an equation, or one inequality read as lhs RELATION rhs)."""

    relation: Relation
    lhs: np.ndarray[Any, Any]
    rhs: np.ndarray[Any, Any]


def _sides(check: Callable[..., Evidence], values: Mapping[str, Any]) -> _Sides | None:
    """Both sides of ``check`` on ``values``, or None when they are not two numbers or arrays to compare."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")  # a rejected example outside a test warns; it is just no evidence
            evidence = check(**values)
    except Exception:  # one expression evaluated on another formula's values may fail any way
        return None
    if isinstance(evidence, AllOf) and len(evidence.parts) == 2:  # a < b is (a <= b and a != b)
        first, second = evidence.parts
        if isinstance(second, Comparison) and second.relation is Relation.NOT_EQUAL:
            evidence = first
    if isinstance(evidence, AllOf) and len(evidence.parts) > 1 and all(
            isinstance(p, Comparison) and p.relation is Relation.EQUAL for p in evidence.parts):
        first, last = evidence.parts[0], evidence.parts[-1]  # a chain a = b = c states a = c, as claims do
        assert isinstance(first, Comparison) and isinstance(last, Comparison)
        evidence = replace(first, rhs=last.rhs)
    if not isinstance(evidence, Comparison):
        return None
    try:
        lhs = np.asarray(evidence.lhs, dtype=np.float64)
        rhs = np.asarray(evidence.rhs, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if not (np.all(np.isfinite(lhs)) and np.all(np.isfinite(rhs))):
        return None
    return _Sides(evidence.relation, lhs, rhs)


def _close(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any], accuracy: Accuracy) -> bool:
    if a.shape != b.shape:
        return False
    tolerance = tolerance_for(Kind.IDENTITY, accuracy)
    allowed = TOLERANCE_SLACK * (tolerance.atol + tolerance.rtol * np.maximum(np.abs(a), np.abs(b)))
    return bool(np.all(np.abs(a - b) <= allowed))


def _looser(*accuracies: Accuracy) -> Accuracy:
    return max(accuracies, key=lambda a: _LOOSENESS[a])


# -- drawing shared examples ---------------------------------------------------------------------------------
_NEGLIGIBLE = 1e-6  # an entry Hypothesis draws as 1e-300 is a zero for telling expressions apart


def _lively(example: Example, variables: Mapping[str, Domain]) -> bool:
    """An example that can tell expressions apart: dimensions of at least 2 (a 1 x 1 matrix is its own
    transpose) and arrays that are not mostly zeros or one repeated number, which Hypothesis likes to draw."""
    if any(size < 2 and any(d.name == name and d.max >= 2 for v in variables.values() for d in v.dims())
           for name, size in example.sizes.items()):
        return False
    for name, value in example.values.items():
        if isinstance(value, np.ndarray) and value.size >= 2 and not isinstance(variables[name], LabelVector | OneHot) \
                and (np.count_nonzero(np.abs(value) > _NEGLIGIBLE) < value.size / 2
                     or np.unique(np.round(value, 6)).size < min(value.size, 3)):
            return False
    return True


class _EnoughError(Exception):
    """Stops the drawing test once enough examples are kept."""


_DRAWN: dict[tuple[tuple[str, str], ...], tuple[dict[str, Any], ...]] = {}
_DRAWN_KEPT: Final = 256


def _draw(variables: Mapping[str, Domain]) -> tuple[dict[str, Any], ...]:
    """A few lively examples of ``variables``, the same on every run (a seeded Hypothesis test).

    A seeded ``given`` rather than ``find``: ``find`` mutates one example into near copies of it, which
    agree with each other and so tell fewer expressions apart. Drawing costs more than evaluating most
    formulas, so examples are kept per set of variables (a formula's layouts share them).
    """
    key = tuple((name, repr(domain)) for name, domain in variables.items())
    if key not in _DRAWN:
        if len(_DRAWN) >= _DRAWN_KEPT:
            _DRAWN.clear()
        _DRAWN[key] = _fresh_examples(variables)
    return _DRAWN[key]


def _fresh_examples(variables: Mapping[str, Domain]) -> tuple[dict[str, Any], ...]:
    kept: list[dict[str, Any]] = []

    @hypothesis.seed(DRAW_SEED)
    @hypothesis.settings(database=None, max_examples=DRAW_BUDGET, deadline=None, phases=(hypothesis.Phase.generate,),
                         suppress_health_check=list(hypothesis.HealthCheck), verbosity=hypothesis.Verbosity.quiet)
    @hypothesis.given(examples(variables))
    def collect(example: Example) -> None:
        if len(kept) < SHARED_EXAMPLES and _lively(example, variables):
            kept.append(dict(example.values))
        if len(kept) >= SHARED_EXAMPLES:
            raise _EnoughError

    with contextlib.suppress(Exception):  # _EnoughError; or Unsatisfiable, a domain that cannot draw: fewer examples
        collect()
    return tuple(kept)


# -- the registry, prepared once -----------------------------------------------------------------------------
def _kind(domain: Domain) -> str:
    """What a variable is, for aligning a formula's variables with a claim's: only equal kinds are renamed."""
    if isinstance(domain, FunctionFamily):
        return "function"
    if isinstance(domain, Distribution):
        return "distribution"
    if isinstance(domain, StepSchedule):
        return "schedule"
    if isinstance(domain, FunctionConstant):
        return "constant"
    if isinstance(domain, Integer):
        return "integer"
    return f"array{len(domain.shape())}"


def _signature(variables: Mapping[str, Domain]) -> tuple[str, ...]:
    return tuple(sorted(_kind(d) for d in variables.values()))


@dataclass(frozen=True)
class _Target:
    """A claim (``variant`` None) or one of its wrong variants, as a property to evaluate."""

    variant: str | None
    mistake: str | None
    check: Callable[..., Evidence]
    accuracy: Accuracy
    operators: frozenset[str] | None


@cache
def _signatures() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each claim's id and variable kinds: cheap, and enough to discard most claims for a formula."""
    return tuple((claim.id, _signature(claim.variables)) for claim in load_registry())


@cache
def _targets(claim_id: str) -> tuple[_Target, ...]:
    """The claim, then its wrong variants over the same variables (one over others cannot share examples)."""
    claim = load_registry().get(claim_id)
    return (_Target(None, None, claim.check, claim.accuracy, _left_operators(claim.statement)),
            *(_Target(v.name, v.mistake, v.check, v.accuracy, _left_operators(v.statement))
              for v in claim.wrong_variants if set(v.variables) == set(claim.variables)))


_OPERATORS: Final = (n.Derivative, n.Expectation, n.Variance, n.Covariance, n.Integral, n.Limit, n.Extremum)


def _left_operators(latex: str) -> frozenset[str] | None:
    """The operators (derivative, expectation, integral, ...) on a statement's left side, or None unread.

    Values alone cannot tell a true identity's sides apart: sigma(x) equals the derivative of softplus, so
    "sigma(x) = 2" would state the softplus claim. A side's operators say what it is about, so a formula
    and a claim whose left sides apply different ones are not the same statement.
    """
    try:
        node = parse(latex)
    except LatexError:
        return None
    while isinstance(node, n.Statements | n.Implication):
        node = node.items[0] if isinstance(node, n.Statements) else node.right
    if not isinstance(node, n.Relation):
        return None
    return frozenset(type(x).__name__ for x in _nodes(node.operands[0]) if isinstance(x, _OPERATORS))


def _nodes(node: n.Node) -> Iterator[n.Node]:
    yield node
    for item in fields(node):
        value = getattr(node, item.name)
        for child in value if isinstance(value, tuple) else (value,):
            if isinstance(child, n.Node):
                yield from _nodes(child)


@cache
def _claim_examples(claim_id: str) -> tuple[dict[str, Any], ...]:
    """Examples of a claim's variables, drawn the first time a formula could be that claim, then kept."""
    return _draw(load_registry().get(claim_id).variables)


@cache
def _claim_sides(claim_id: str, target: int, example: int) -> _Sides | None:
    """A target's sides on one of its claim's examples, computed once per process: a sheet with many refuted
    formulas evaluates each claim (numerical derivatives and all) only once."""
    return _sides(_targets(claim_id)[target].check, _claim_examples(claim_id)[example])


def _renamings(formula: Mapping[str, Domain], claim: Mapping[str, Domain]) -> list[dict[str, str]]:
    """Maps from the formula's variable names to the claim's, kind to kind, the most names kept first."""
    groups: dict[str, tuple[list[str], list[str]]] = {}
    for name, domain in formula.items():
        groups.setdefault(_kind(domain), ([], []))[0].append(name)
    for name, domain in claim.items():
        groups.setdefault(_kind(domain), ([], []))[1].append(name)
    if any(len(mine) != len(theirs) for mine, theirs in groups.values()):
        return []
    if math.prod(math.factorial(len(mine)) for mine, _ in groups.values()) > 720:  # keep the search bounded
        return [dict(zip(formula, formula, strict=True))] if set(formula) == set(claim) else []
    options = [[dict(zip(mine, order, strict=True)) for order in permutations(theirs)]
               for mine, theirs in groups.values()]
    maps = [{k: v for part in parts for k, v in part.items()} for parts in product(*options)]
    maps.sort(key=lambda m: -sum(k == v for k, v in m.items()))
    return maps[:MAX_RENAMINGS]


# -- matching ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Candidate:
    score: tuple[int, ...]
    match: Match


class _Formula:
    """A formula's property with its own examples and its sides on them, evaluated at most once each."""

    def __init__(self, prop: FormulaProperty, operators: frozenset[str] | None) -> None:
        self.prop = prop
        self.operators = operators
        self.key = tuple((name, repr(domain)) for name, domain in prop.variables.items())  # as ``_draw`` keys them
        self._examples: tuple[dict[str, Any], ...] | None = None
        self._sides: dict[int, _Sides | None] = {}

    @property
    def examples(self) -> tuple[dict[str, Any], ...]:
        if self._examples is None:
            self._examples = _draw(self.prop.variables)
        return self._examples

    def sides(self, index: int) -> _Sides | None:
        if index not in self._sides:
            self._sides[index] = _sides(self.prop.check, self.examples[index])
        return self._sides[index]


def _agreeing(pairs: Sequence[tuple[_Sides, _Sides]], accuracy: Accuracy) -> bool:
    """Enough examples on which the left sides agreed, and they can tell claims apart.

    A left side that is the same number on every example (a constant, D_KL(p || p) = 0) says nothing about
    which claim a formula states, so it never matches; nor does one that is zero on all but a few (a side
    that is 0 agrees with every other side that is).
    """
    informative = [f for f, _ in pairs if np.any(f.lhs != 0)]
    if len(informative) < MIN_AGREEING:
        return False
    first = informative[0].lhs
    return not all(f.lhs.shape == first.shape and _close(f.lhs, first, accuracy) for f in informative)


def _same_statement(pairs: Sequence[tuple[_Sides, _Sides]], accuracy: Accuracy) -> bool:
    """The right sides and relations agree too: the formula is this target (its left sides already agree)."""
    return all(f.relation is t.relation and _close(f.rhs, t.rhs, accuracy) for f, t in pairs)


_Names = tuple[tuple[str, str], ...]
_TheirSides = dict[tuple[str, int, _Names, _Names, int], "_Sides | None"]


def _candidate(formula: _Formula, claim_id: str, renaming: Mapping[str, str], theirs: _TheirSides) -> _Candidate | None:
    """How well the formula states a claim with its variables renamed; None as soon as no target's left side
    agrees on an example (most candidates end on their first example that evaluates).

    ``theirs`` keeps the targets' sides on the formula's examples: a formula's layouts share their examples,
    and a claim's sides do not depend on the formula's layout.
    """
    targets = _targets(claim_id)
    back = {c: f for f, c in renaming.items()}
    prop = formula.prop
    accuracy = {i: _looser(prop.accuracy, t.accuracy) for i, t in enumerate(targets)}
    pairs: dict[int, list[tuple[_Sides, _Sides]]] = {
        i: [] for i, t in enumerate(targets)
        if None in (t.operators, formula.operators) or t.operators == formula.operators}
    if not pairs:
        return None

    def compare(mine: _Sides | None, sides_of: Callable[[int], _Sides | None]) -> bool:
        if mine is None:
            return True
        for index in list(pairs):
            other = sides_of(index)
            if other is None:
                continue
            if mine.relation is other.relation and _close(mine.lhs, other.lhs, accuracy[index]):
                pairs[index].append((mine, other))
            else:
                del pairs[index]
        return bool(pairs)

    claim_examples = _claim_examples(claim_id)
    for k, values in enumerate(claim_examples):
        mine = _sides(prop.check, {f: values[c] for f, c in renaming.items()})
        if not compare(mine, partial(_claim_sides, claim_id, example=k)):
            return None
    names = tuple(sorted(renaming.items()))

    def target_sides(index: int, k: int) -> _Sides | None:
        key = (claim_id, index, names, formula.key, k)
        if key not in theirs:
            values = formula.examples[k]
            theirs[key] = _sides(targets[index].check, {back[f]: v for f, v in values.items() if f in back})
        return theirs[key]

    for k in range(len(formula.examples)):
        if not compare(formula.sides(k), partial(target_sides, k=k)):
            return None
    agreeing = [i for i, found in pairs.items() if _agreeing(found, accuracy[i])]
    if not agreeing:
        return None
    mistake = next((targets[i].mistake for i in agreeing
                    if targets[i].variant is not None and _same_statement(pairs[i], accuracy[i])), None)
    claim = load_registry().get(claim_id)
    same_domains = sum(type(prop.variables[f]) is type(claim.variables[c]) for f, c in renaming.items())
    kept = sum(f == c for f, c in renaming.items())
    score = (int(mistake is not None), int(0 in agreeing), kept, same_domains)
    return _Candidate(score, Match(claim.id, claim.statement, mistake))


def match_claim(latex: str, given: Sequence[str] = (), *, claim_id: str | None = None) -> Match | None:
    """The registry claim a formula states, by meaning: its left side equals the claim's on shared inputs.

    - candidates are claims whose variables have the formula's kinds (scalars, vectors, matrices,
      functions, distributions), under the formula's names first, then renamed kind to kind;
    - the formula and each candidate are evaluated on a few examples drawn from the claim's domains and a
      few from the formula's own; the left sides must agree on all of them (up to a widened tolerance);
    - a wrong variant whose right side (and relation) agrees too names the mistake; of several matches the
      one with a named mistake, then the claim itself, then the most names and domain types kept wins.

    ``claim_id`` restricts the search to one claim (a pinned ``mlverify: claim-id``). None when the formula
    does not compile or states no registry claim.
    """
    compiled = compile_formula(latex, given)
    if isinstance(compiled, Unchecked):
        return None
    best: _Candidate | None = None
    theirs: _TheirSides = {}
    operators = _left_operators(latex)
    for prop in compiled.properties:
        signature = _signature(prop.variables)
        formula = _Formula(prop, operators)
        for candidate_id, kinds in _signatures():
            if kinds != signature or (claim_id is not None and candidate_id != claim_id):
                continue
            for renaming in _renamings(prop.variables, load_registry().get(candidate_id).variables):
                found = _candidate(formula, candidate_id, renaming, theirs)
                if found is not None and (best is None or found.score > best.score):
                    best = found
    return best.match if best is not None else None


# -- stronger assumptions ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Assumption:
    """One entry of the catalogue: what it says, and how ``check_formula`` is asked to assume it."""

    words: str
    variables: Mapping[str, Domain]
    layout: str | None = None
    cue: str = ""  # words that say it in prose (a pattern): "for symmetric A"
    letter: str | None = None  # the matrix it is a property of, which the words must be about (None: a convention)

    @property
    def holds(self) -> str:
        """"holds if A is symmetric (A = A^\\top)", "holds in numerator layout, ..."."""
        return f"holds in {self.words}" if self.layout is not None else f"holds if {self.words}"

    @property
    def sentence(self) -> str:
        return self.holds if self.layout is not None else f"{self.holds}; state that assumption"


_LABEL_CUES = {(0, 1): r"\{\s*0\s*,\s*1\s*\\?\}|one-hot|binary", (-1, 1): r"\{\s*-\s*1\s*,\s*\+?1\s*\\?\}|\\pm\s*1"}


def _catalogue(compiled: Compiled) -> list[_Assumption]:
    """The stronger assumptions worth trying for a compiled formula: the most common first (a symmetric
    matrix, the other label convention, the other layout), then the stronger or rarer ones."""
    prop = compiled.properties[0]
    common: list[_Assumption] = []
    rarer: list[_Assumption] = []
    for name, symbol in compiled.typing.symbols.items():
        domain = prop.variables.get(name)
        if domain is None:
            continue
        square = (type(domain) is Matrix and domain.rows == domain.cols) or type(domain) is InvertibleMatrix
        if symbol.kind is ShapeKind.MATRIX and square:  # and nothing stronger than invertible assumed yet
            dim = domain.dims()[0]
            common.append(_Assumption(f"{name} is symmetric ({name} = {name}^\\top)", {name: SymmetricMatrix(dim)},
                                      cue=r"\bsymmetric", letter=name))
            rarer.append(_Assumption(f"{name} is positive definite ({name} \\succ 0)", {name: SPDMatrix(dim)},
                                     cue=r"positive[ -]?(?:semi-?)?definite|\b(?:spd|psd)\b|\\succ", letter=name))
            if not isinstance(domain, InvertibleMatrix):
                rarer.append(_Assumption(f"{name} is invertible", {name: InvertibleMatrix(dim)},
                                         cue=r"invertible|non-?singular|full[ -]rank", letter=name))
            rarer.append(_Assumption(f"{name} is orthogonal ({name}^\\top {name} = I)",
                                     {name: OrthogonalMatrix(dim)}, cue=r"orthogonal|orthonormal|rotation",
                                     letter=name))
        if name in LABEL_SYMBOLS and symbol.kind in (ShapeKind.SCALAR, ShapeKind.VECTOR):
            stated = getattr(domain, "values", None)
            for values in ((0, 1), (-1, 1)):
                if stated is not None and tuple(stated) == values:
                    continue
                label: Domain = Label(values) if symbol.kind is ShapeKind.SCALAR else LabelVector(
                    domain.dims()[0], values)
                common.append(_Assumption(f"{name} \\in \\{{{values[0]}, {values[1]}\\}}", {name: label},
                                          cue=_LABEL_CUES[values]))
    stated_layout = prop.layout if len(compiled.properties) == 1 else None
    if stated_layout is not None:
        other = "numerator" if stated_layout == "denominator" else "denominator"
        common.append(_Assumption(f"{other} layout, not in the stated {stated_layout} layout", {}, other,
                                  cue=rf"{other}[ -]layout"))
    return common + rarer


def _passes_screen(latex: str, given: Sequence[str], assumption: _Assumption) -> str | None:
    """The layout (or "") in which the formula holds on a few drawn examples under the assumption, or None.

    A cheap screen before a real verification: most assumptions fail on the first example.
    """
    compiled = compile_formula(latex, given, assumption.variables, assumption.layout)
    if isinstance(compiled, Unchecked):
        return None
    for prop in compiled.properties:
        tolerance = tolerance_for(prop.kind, prop.accuracy)
        drawn = _draw(prop.variables)
        held = 0
        for values in drawn:
            try:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    failure = judge(prop.check(**values), tolerance)
            except Exception:  # a rejected or unevaluable example is no evidence either way
                continue
            if failure is not None:
                break
            held += 1
        else:
            if held >= MIN_AGREEING:
                return prop.layout or ""
    return None


def stronger_assumption(latex: str, given: Sequence[str] = (), *, profile: str = "ci",
                        seed: int | None = None) -> str | None:
    """The first catalogue assumption under which a refuted formula verifies, as a sentence, or None."""
    found = holding_assumption(latex, given, profile=profile, seed=seed)
    return None if found is None else found.sentence


def holding_assumption(latex: str, given: Sequence[str] = (), *, prose: str | None = None, sentence: str = "",
                       profile: str = "ci", seed: int | None = None) -> _Assumption | None:
    """The first catalogue assumption under which a refuted formula verifies (with ``prose``, only those
    the prose says in words, see ``_says``), or None.

    At most ``MAX_RETRIES`` assumptions are screened on a few examples; one that passes is verified by the
    engine with ``RETRY_EXAMPLES`` examples in the layout that passed. The formula's layout is already free
    unless it states one, so only a stated layout is swapped.
    """
    compiled = compile_formula(latex, given)
    if isinstance(compiled, Unchecked):
        return None
    catalogue = _catalogue(compiled)
    if prose is not None:
        catalogue = [a for a in catalogue if _says(a, prose, sentence)]
    for tried, assumption in enumerate(catalogue):
        if tried >= MAX_RETRIES:
            break
        layout = _passes_screen(latex, given, assumption)
        if layout is None:
            continue
        result = check_formula(latex, given, variables=assumption.variables or None, layout=layout or None,
                               profile=profile, seed=seed, max_examples=RETRY_EXAMPLES)
        if result.status == "verified":
            return assumption
    return None


def _says(assumption: _Assumption, prose: str, sentence: str) -> bool:
    """Whether the section's prose says an assumption: a convention (labels, layout) anywhere; a property of a
    matrix in the formula's own sentence ("only holds for symmetric matrices"), of that letter ("for a
    symmetric n-by-n matrix S", "A is orthogonal") or of every matrix ("all matrices are symmetric")."""
    cue = f"(?i:{assumption.cue})"
    if not re.search(cue, prose):
        return False
    if assumption.letter is None or re.search(cue, sentence):
        return True
    letter = re.escape(assumption.letter)
    said_of = (rf"{cue}[\w\s,-]{{0,40}}?\$?(?<![\w\\]){letter}(?!\w)",
               rf"(?<![\w\\]){letter}\$?(?:\s+and\s+\$?\w\$?)?\s+(?:is|are|be)\b[\w\s,-]{{0,30}}?{cue}",
               rf"(?<![\w\\]){letter}\s*{cue}",  # A \succ 0
               rf"(?i:\b(?:all|every|throughout|always)\b)[^.;]*?{cue}")
    return any(re.search(pattern, prose) for pattern in said_of)


# -- pinned claims and the whole diagnosis -------------------------------------------------------------------
def pinned_claim(directive: str | None) -> str | None:
    """The claim id an ``mlverify: claim-id`` directive pins (its first word), or None (no directive, ignore)."""
    words = (directive or "").split()
    return words[0] if words and words[0] != "ignore" else None


def unknown_claim(claim_id: str) -> Unchecked | None:
    """Why a pinned claim id cannot be used (it is not in the registry), or None when it can."""
    registry = load_registry()
    if claim_id in registry:
        return None
    close = registry.close_matches(claim_id)
    hint = f"did you mean {', '.join(close)}?" if close else "see 'mlverify claims list'"
    return Unchecked("unknown_claim", f"the directive pins '{claim_id}', which is not a registry claim; {hint}")


def diagnose(latex: str, given: Sequence[str] = (), *, pinned: str | None = None, refuted: bool = True,
             profile: str = "ci", seed: int | None = None) -> Diagnosis:
    """The claim, fix and hint for a formula: a known pinned claim is reported as such (its statement is the
    fix when the formula is refuted); otherwise a refuted formula is matched to a claim, and failing that
    the catalogue of stronger assumptions says when it would hold."""
    if pinned is not None:
        if not refuted:
            return Diagnosis(claim=pinned)
        found = match_claim(latex, given, claim_id=pinned)
        return Diagnosis(pinned, load_registry().get(pinned).statement, _mistake_hint(found))
    if not refuted:
        return Diagnosis()
    found = match_claim(latex, given)
    if found is not None and found.mistake is not None:
        return Diagnosis(found.claim_id, found.fix_latex, _mistake_hint(found))
    assumption = stronger_assumption(latex, given, profile=profile, seed=seed)
    if found is not None:
        return Diagnosis(found.claim_id, found.fix_latex, assumption)
    return Diagnosis(fix=assumption)


def _mistake_hint(found: Match | None) -> str | None:
    return f"the sheet made the known mistake: {found.mistake}" if found is not None and found.mistake else None
