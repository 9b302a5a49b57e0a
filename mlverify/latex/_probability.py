"""Expectations, variances and probabilities of a random variable whose distribution is given.

A random symbol's value is a ``DistributionCase`` (a scipy family with drawn parameters),
declared by a claim or stated by ``X \\sim \\mathrm{Bernoulli}(p)``. Expectations sum over
the support or integrate against the density (never Monte Carlo). Over iid copies ``X_1, ..., X_n``
of a finite law (``X_i \\sim ...``) they sum over every sample, for any event too; over several variables they are
exact sums too (see ``_joint``). ``P(X \\ge a)`` and
``P(|X - m| \\ge c)`` read the cdf exactly; other events of one variable are not evaluated.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from mlverify.domains import FAMILIES, DistributionCase, Domain, Integer, RandomVector, Real
from mlverify.latex import nodes as n
from mlverify.latex.evaluate import (
    Env,
    NotEvaluableError,
    OutsideDomainError,
    Value,
    evaluate,
    key,
    plain,
    truth,
)


@dataclass(frozen=True)
class FamilyNotation:
    """How a sheet writes a family: its scipy family, the written parameters' domains, the conversion."""

    family: str
    domains: tuple[Domain, ...]
    convert: Callable[..., dict[str, Any]]


def _positive(**parameters: float) -> dict[str, Any]:
    if any(v <= 0 for v in parameters.values()):
        raise OutsideDomainError("a distribution parameter is out of range")
    return parameters


def _probability(p: float) -> dict[str, Any]:
    if not 0 < p < 1:
        raise OutsideDomainError("a probability parameter is outside (0, 1)")
    return {"p": p}


def _normal(mu: float, variance: float) -> dict[str, Any]:
    return {"mu": mu, "sigma": math.sqrt(_positive(variance=variance)["variance"])}


def _uniform(a: float, b: float) -> dict[str, Any]:
    return {"low": a, **_positive(width=b - a)}


def _binomial(count: float, p: float) -> dict[str, Any]:
    if count != round(count) or count < 1:
        raise OutsideDomainError("the number of trials is not a positive integer")
    return {"n": round(count), **_probability(p)}


PROBABILITY, RATE = Real(0.05, 0.95), Real(0.2, 4)
# Gamma(alpha, beta) and Exp(lambda) are read with a rate, as ML texts (Bishop, Murphy) write them.
FAMILY_NOTATION: dict[str, FamilyNotation] = {
    **dict.fromkeys(("Bernoulli", "Ber", "Bern"), FamilyNotation("bernoulli", (PROBABILITY,), _probability)),
    **dict.fromkeys(("Bin", "Binomial", "Binom"),
                    FamilyNotation("binomial", (Integer(1, 12), PROBABILITY), _binomial)),
    **dict.fromkeys(("Poisson", "Pois", "Poi"),
                    FamilyNotation("poisson", (Real(0.1, 8),), lambda lam: _positive(lam=lam))),
    **dict.fromkeys(("Geom", "Geometric"), FamilyNotation("geometric", (PROBABILITY,), _probability)),
    **dict.fromkeys(("Exp", "exp", "Exponential", "Expo"),  # \mathrm{Exp} reads as exp
                    FamilyNotation("exponential", (RATE,), lambda rate: _positive(rate=rate))),
    "Gamma": FamilyNotation("gamma", (Real(0.5, 5), RATE),
                            lambda a, b: _positive(shape=a, rate=b)),
    "Beta": FamilyNotation("beta", (Real(0.5, 5), Real(0.5, 5)), lambda a, b: _positive(a=a, b=b)),
    **dict.fromkeys(("cal(N)", "N", "Normal", "Gaussian"),
                    FamilyNotation("normal", (Real(-3, 3), Real(0.05, 4)), _normal)),
    **dict.fromkeys(("cal(U)", "U", "Uniform", "Unif"),
                    FamilyNotation("uniform", (Real(-3, 0), Real(0.1, 3)), _uniform)),
    "Laplace": FamilyNotation("laplace", (Real(-3, 3), Real(0.2, 3)),
                              lambda mu, b: {"mu": mu, **_positive(b=b)}),
}


@dataclass(frozen=True)
class RandomDefinition:
    """``X \\sim \\mathrm{Family}(args)``: the variable is drawn from the family at the arguments' values."""

    notation: FamilyNotation
    args: tuple[n.Node, ...]

    def case(self, env: Env) -> DistributionCase:
        values = [plain(evaluate(a, env)) for a in self.args]
        if any(np.ndim(v) for v in values):
            raise NotEvaluableError("a distribution with non-scalar parameters")
        family = FAMILIES[self.notation.family]
        return family.case(**self.notation.convert(*(float(v) for v in values)))


def family_of(node: n.Node) -> tuple[FamilyNotation, tuple[n.Node, ...]] | None:
    """``\\mathrm{Bernoulli}(p)`` / ``\\mathcal{N}(\\mu, \\sigma^2)`` read as a family and its arguments."""
    if isinstance(node, n.Apply) and not node.subscript and n.gaussian_density(node) is None:
        notation = FAMILY_NOTATION.get(node.function)
        if notation is not None and len(node.args) == len(notation.domains):
            return notation, node.args
    return None


def information_of_laws(name: str, args: Sequence[n.Node], env: Env) -> float | None:
    """``D_{KL}(\\mathcal{N}(\\mu_1, \\sigma_1^2) \\| \\mathcal{N}(0, 1))``, ``H(\\mathrm{Bernoulli}(p))``,
    ``h(\\mathcal{N}(\\mu, \\sigma^2))``: divergence and entropy (in nats) of laws written as values, by
    summation or quadrature; None when the arguments are not laws."""
    read = [family_of(a) for a in args]
    if not read or any(r is None for r in read) or len(read) != (2 if name == "KL" else 1):
        return None
    p, *q = [RandomDefinition(*r).case(env) for r in read if r is not None]
    if name != "KL":
        return float(p.frozen.entropy())
    other = q[0]
    if p.discrete != other.discrete:
        raise NotEvaluableError("a divergence between a discrete and a continuous law")

    def log_ratio(x: Any) -> Any:
        with np.errstate(divide="ignore"):
            log_p = p.frozen.logpmf(x) if p.discrete else p.frozen.logpdf(x)
            log_q = other.frozen.logpmf(x) if other.discrete else other.frozen.logpdf(x)
        return log_p - log_q

    value = p.expect(log_ratio)
    return value if math.isfinite(value) else math.inf


def random_symbols(node: n.Node, env: Env) -> list[str]:
    """The symbols of ``node`` whose value is a distribution (random variables)."""
    found = (key(x) for x in n.walk(node) if isinstance(x, n.Symbol))
    return list(dict.fromkeys(name for name in found
                              if isinstance(env.values.get(name), DistributionCase | RandomVector)))


def _single(node: n.Node, env: Env, what: str) -> tuple[str, DistributionCase] | None:
    names = random_symbols(node, env)
    if len(names) > 1:
        raise NotEvaluableError(f"{what} of several random variables (their joint law is not stated)")
    if names and isinstance(env.values[names[0]], RandomVector):
        raise NotEvaluableError(f"{what} of a random vector (only its expectations and covariances are read)")
    return (names[0], env.values[names[0]]) if names else None


def _nothing_random(body: n.Node, what: str) -> None:
    """E[S] with S = sum_i X_i and the X_i random only in prose: S is drawn as a number, and E[S] = S would
    refute a true formula. An expectation of symbols none of which is random is not read."""
    if any(isinstance(x, n.Symbol) for x in n.walk(body)):
        raise NotEvaluableError(f"{what} of '{body}', in which nothing is a random variable with a stated "
                                "distribution (say X \\sim \\mathrm{Bernoulli}(p))")


def _joint(body: n.Node, env: Env) -> Value | None:
    """E[body] over several random variables, exactly: on one shared sample space (any joint law, see
    ``SharedSpace``) the sum over its outcomes; stated independent, the product of their expectations where body
    factors, else the sum over the product of their finite supports or, for a polynomial of degree up to 5, of
    their three-point rules. None when body has fewer than two random variables."""
    names = random_symbols(body, env)
    vectors = [name for name in names if isinstance(env.values[name], RandomVector)]
    if len(vectors) == 1 and len(names) == 1:  # E[X X^T]: a sum over the outcomes, of any shape
        return sum(w * np.asarray(plain(evaluate(body, at))) for w, at in _at_outcomes(vectors[0], env))
    if vectors:
        raise NotEvaluableError("an expectation of a random vector and other random variables (their joint law "
                                "is not stated)")
    if len(names) < 2:
        return None
    spaces = [env.values[name].space for name in names]
    if spaces[0] is not None and all(space is spaces[0] for space in spaces):  # any joint law, see SharedSpace
        return _over_atoms(body, names, ((float(weight), [env.values[name].outcomes[k] for name in names])
                                         for k, weight in enumerate(spaces[0])), env)
    if not set(names) <= env.independent:
        raise NotEvaluableError("an expectation of several random variables (their joint law is not stated)")
    factors = _factors(body)
    if all(len(random_symbols(f, env)) <= 1 for f in factors):  # E[e^{t(X+Y)}] = E[e^{tX}] E[e^{tY}]
        return math.prod(float(plain(expectation(f, env))) for f in factors)
    cases = [env.values[name] for name in names]
    finite = [case.discrete and case.family in FINITE_FAMILIES for case in cases]
    degree = 0 if all(finite) else _degree(body, set(names))
    if degree is None or degree > 2 * _GAUSS_NODES - 1:
        raise NotEvaluableError("an expectation of several independent variables that are not all finite discrete, "
                                "of more than a polynomial of degree 5 in them (only those are summed exactly)")
    supports = [zip(*(case.finite_support() if exact else _gauss_rule(case)), strict=True)
                for case, exact in zip(cases, finite, strict=True)]
    return _over_atoms(body, names, ((math.prod(float(w) for _, w in atom), [x for x, _ in atom])
                                     for atom in itertools.product(*supports)), env)


def _over_atoms(body: n.Node, names: Sequence[str], atoms: Iterable[tuple[float, Sequence[Any]]], env: Env) -> float:
    """E[body] as a finite sum: each atom is a probability and the values ``names`` take there."""
    total = 0.0
    for weight, values in atoms:
        if weight == 0.0:
            continue
        inner = env
        for name, value in zip(names, values, strict=True):
            inner = inner.bind(name, float(value))
        total += weight * _scalar_value(body, inner)
    return total


FINITE_FAMILIES = ("bernoulli", "binomial", "categorical")
_GAUSS_NODES = 3  # a rule of three points per law is exact for polynomials of degree up to 5


def _gauss_rule(case: DistributionCase) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Points and weights that integrate every polynomial of degree up to 5 against the law exactly (Golub and
    Welsch's rule, from its moments): E[(aX + bY)^4] over independent laws of any kind is then a short exact sum."""
    dist = case.frozen.dist
    shapes, loc, *scaled = dist._parse_args(*case.frozen.args, **case.frozen.kwds)  # X = loc + scale S
    scale = scaled[0] if scaled else 1.0  # a discrete law has no scale
    law = dist(*shapes)  # of S: its moments stay moderate where scipy's of X overflow (a mean of 1e-213)
    mean, spread = float(law.mean()), float(law.std())
    raw = [1.0, *(float(law.moment(k)) for k in range(1, 2 * _GAUSS_NODES + 1))]
    standard = [sum(math.comb(k, j) * raw[j] * (-mean) ** (k - j) for j in range(k + 1)) / spread**k
                for k in range(2 * _GAUSS_NODES + 1)]
    hankel = np.array([[standard[i + j] for j in range(_GAUSS_NODES + 1)] for i in range(_GAUSS_NODES + 1)])
    try:
        upper = np.linalg.cholesky(hankel).T
    except np.linalg.LinAlgError:
        raise NotEvaluableError(f"no three-point rule for the law {case!r}") from None
    ratios = [upper[j, j + 1] / upper[j, j] for j in range(_GAUSS_NODES)]
    diagonal = [ratios[j] - (ratios[j - 1] if j else 0.0) for j in range(_GAUSS_NODES)]
    off = [upper[j + 1, j + 1] / upper[j, j] for j in range(_GAUSS_NODES - 1)]
    points, vectors = np.linalg.eigh(np.diag(diagonal) + np.diag(off, 1) + np.diag(off, -1))
    return loc + scale * (mean + spread * points), vectors[0] ** 2


def _degree(node: n.Node, names: set[str]) -> int | None:
    """The degree of ``node`` as a polynomial in the random variables ``names``; None when it is not one."""
    if not any(isinstance(x, n.Symbol) and key(x) in names for x in n.walk(node)):
        return 0
    parts: list[int | None]
    match node:
        case n.Symbol():
            return 1
        case n.BinaryOp(op="+" | "-", left=left, right=right):
            parts = [_degree(left, names), _degree(right, names)]
            return None if None in parts else max(cast(list[int], parts))
        case n.BinaryOp(op="@" | "*" | "odot", left=left, right=right):
            parts = [_degree(left, names), _degree(right, names)]
            return None if None in parts else sum(cast(list[int], parts))
        case n.BinaryOp(op="/", left=left, right=right) if _degree(right, names) == 0:
            return _degree(left, names)
        case n.Negate(operand=operand) | n.TupleLiteral(items=(operand,)):
            return _degree(operand, names)
        case n.Power(base=base, exponent=n.Number(text=text)) if text.isdigit():
            inner = _degree(base, names)
            return None if inner is None else inner * int(text)
    return None


def _factors(body: n.Node) -> list[n.Node]:
    """``body`` as a product: of its factors, and ``e^{a + b}`` (``e^{t(X + Y)}``) as ``e^a e^b``."""
    if isinstance(body, n.BinaryOp) and body.op in ("@", "*"):
        return [*_factors(body.left), *_factors(body.right)]
    exponent = body.args[0] if isinstance(body, n.Apply) and body.function == "exp" and len(body.args) == 1 else (
        body.exponent if isinstance(body, n.Power) and isinstance(body.base, n.Constant) and body.base.name == "e"
        else None)
    if exponent is None:
        return [body]
    terms = _terms(exponent)
    return [n.Apply("exp", (term,)) for term in terms] if len(terms) > 1 else [body]


def _terms(node: n.Node) -> list[n.Node]:
    """A sum's terms, with a factor in front distributed: ``t(X + Y)`` -> ``tX``, ``tY``."""
    if isinstance(node, n.BinaryOp) and node.op == "+":
        return [*_terms(node.left), *_terms(node.right)]
    if isinstance(node, n.BinaryOp) and node.op == "-":
        return [*_terms(node.left), *(n.Negate(t) for t in _terms(node.right))]
    if isinstance(node, n.BinaryOp) and node.op in ("@", "*") and len(inner := _terms(node.right)) > 1:
        return [n.BinaryOp(node.op, node.left, t) for t in inner]
    return [node]


_MAX_SAMPLES = 81  # samples summed over for one expectation: a law on k points and n copies give k^n


@dataclass(frozen=True)
class _Sample:
    """The iid copies X_1, ..., X_n a formula uses: X's name, its finite law's points and their probabilities,
    and n."""

    name: str
    points: np.ndarray[Any, Any]
    weights: np.ndarray[Any, Any]
    size: int


def _sample_in(node: n.Node, env: Env) -> _Sample | None:
    """The sample of iid copies of X (``X_i \\sim ...``) that ``node`` (its definitions read in: X bar, S)
    uses, or None. Raises where it cannot be summed over: with other random variables, of a law that is not
    finite, or too long."""
    expanded = _expanded(node, env)
    bases = list(dict.fromkeys(key(x.base) for x in n.walk(expanded) if isinstance(x, n.Indexed)
                               and isinstance(x.base, n.Symbol) and isinstance(env.values.get(key(x.base)),
                                                                               DistributionCase)))
    if not bases:
        return None
    indexed = {id(x.base) for x in n.walk(expanded) if isinstance(x, n.Indexed)}
    others = [key(x) for x in n.walk(expanded) if isinstance(x, n.Symbol) and id(x) not in indexed
              and isinstance(env.values.get(key(x)), DistributionCase)]
    if len(bases) > 1 or others:
        raise NotEvaluableError("a sample used together with other random variables (their joint law is not "
                                "stated)")
    name = bases[0]
    case: DistributionCase = env.values[name]
    if not case.discrete or case.family not in FINITE_FAMILIES:
        raise NotEvaluableError(f"a sample of {name} from a law that is not finite discrete (only those are "
                                "summed over exactly)")
    size = _sample_size(expanded, name, env)
    points, weights = case.finite_support()
    if len(points) ** size > _MAX_SAMPLES:
        raise OutsideDomainError("too many samples to sum over")
    return _Sample(name, points, weights, size)


def _over_samples(node: n.Node, env: Env, value: Callable[[Env], float]) -> float | None:
    """The mean of ``value`` over every sample X_1, ..., X_n that ``node`` uses (see ``_sample_in``), each
    weighted by its probability: exact for a finite law. None when it uses no such sample."""
    sample = _sample_in(node, env)
    if sample is None:
        return None
    total = 0.0
    for draw in itertools.product(range(len(sample.points)), repeat=sample.size):
        total += float(np.prod(sample.weights[list(draw)])) * value(env.bind(sample.name, sample.points[list(draw)]))
    return total


def _expanded(node: n.Node, env: Env, depth: int = 0) -> n.Node:
    """``node`` with the symbols the context defines (``\\bar X = \\frac{1}{n} \\sum_i X_i``) replaced by
    their definitions, so that what a defined statistic is made of shows."""

    def inline(x: n.Node) -> n.Node | None:
        definition = env.functions.get(key(x)) if isinstance(x, n.Symbol) and key(x) not in env.values else None
        if definition is None or definition.params or definition.entry_index is not None or depth > 8:
            return None
        return _expanded(definition.body, env, depth + 1)

    return n.rebuild(node, inline)


def _sample_size(node: n.Node, name: str, env: Env) -> int:
    """n for the copies X_1, ..., X_n a formula uses: the upper limits of the sums over them, the numbers
    of the copies it names (X_1, X_2)."""
    sizes = [round(float(plain(evaluate(x.upper, env)))) for x in n.walk(node) if isinstance(x, n.Sum | n.Product)
             and x.upper is not None and any(isinstance(y, n.Indexed) and isinstance(y.base, n.Symbol)
                                              and key(y.base) == name for y in n.walk(x.body))]
    sizes += [int(i.text) for x in n.walk(node) if isinstance(x, n.Indexed) and isinstance(x.base, n.Symbol)
              and key(x.base) == name for i in x.indices if isinstance(i, n.Number) and i.text.isdigit()]
    if not sizes or min(sizes) < 1:
        raise NotEvaluableError(f"how many copies of {name} the formula uses is not stated (sum over i = 1..n)")
    return max(sizes)


def expectation(body: n.Node, env: Env) -> Value:
    """E[body] over the one random variable it contains (a constant if it contains none), over several
    stated independent (see ``_joint``), or over a sample of iid copies (see ``_over_samples``)."""
    env = _moments_fixed(body, env)
    if (sampled := _over_samples(body, env, lambda e: _scalar_value(body, e))) is not None:
        return sampled
    if (joint := _joint(body, env)) is not None:
        return joint
    found = _single(body, env, "an expectation")
    if found is None:
        _nothing_random(body, "an expectation")
        return evaluate(body, env)
    name, case = found
    if isinstance(body, n.Symbol):
        return case.mean
    if isinstance(body, n.Power) and isinstance(body.base, n.Symbol) and isinstance(body.exponent, n.Number) \
            and body.exponent.text.isdigit() and 0 < int(body.exponent.text) <= 4:
        return float(case.frozen.moment(int(body.exponent.text)))  # E[X^2]: in closed form, not by quadrature

    def at(x: Any) -> float:
        value = plain(evaluate(body, env.bind(name, float(x))))
        if np.ndim(value):
            raise NotEvaluableError("the expectation of a non-scalar")
        return float(value)

    return case.expect(np.vectorize(at, otypes=[float]) if case.discrete else at)


def covariance(left: n.Node, right: n.Node, env: Env) -> Value:
    """Cov(X, Y) = E[XY] - E[X] E[Y] of scalars; of a random vector, E[(U - E U)(V - E V)^T], a matrix (Cov(AX)
    of one argument is Cov(AX, AX))."""
    env = _moments_fixed(n.Statements((left, right)), env)
    names = random_symbols(n.Statements((left, right)), env)
    vectors = [x for x in names if isinstance(env.values[x], RandomVector)]
    if not vectors:
        product = plain(expectation(n.BinaryOp("@", left, right), env))
        return float(product) - float(plain(expectation(left, env))) * float(plain(expectation(right, env)))
    if len(names) > 1:
        raise NotEvaluableError("a covariance of several random variables (their joint law is not stated)")
    at = _at_outcomes(vectors[0], env)
    raw = [[np.asarray(plain(evaluate(side, e)), dtype=np.float64) for _, e in at] for side in (left, right)]
    if any(v.ndim > 1 and v.shape[-1] != 1 for values in raw for v in values):
        raise NotEvaluableError("a covariance of a matrix")
    sides = [[v.reshape(-1) for v in values] for values in raw]
    means = [sum(w * v for (w, _), v in zip(at, values, strict=True)) for values in sides]
    matrix = sum(w * np.outer(u - means[0], v - means[1]) for (w, _), u, v in zip(at, *sides, strict=True))
    return float(matrix[0, 0]) if all(v.ndim == 0 for values in raw for v in values) else matrix


def _at_outcomes(name: str, env: Env) -> list[tuple[float, Env]]:
    """Each outcome of the random vector ``name``: its probability and the environment where it holds."""
    law: RandomVector = env.values[name]
    return [(float(w), env.bind(name, x)) for x, w in zip(law.outcomes, law.weights, strict=True)]


def _moments_fixed(body: n.Node, env: Env) -> Env:
    """``\\mathbb{E}[(X - \\mu)^2]`` with ``\\mu = \\mathbb{E}[X]``: a defined moment of the law is one number,
    computed before X is bound to its outcomes (there, E[X] would be the expectation of a number)."""
    for name in {key(x) for x in n.walk(body) if isinstance(x, n.Symbol)} - env.values.keys():
        definition = env.functions.get(name)
        if definition is None or definition.params:
            continue
        inside = {id(s) for x in n.walk(definition.body) if isinstance(x, _MOMENTS) for s in n.walk(x)}
        random = [x for x in n.walk(definition.body) if isinstance(x, n.Symbol)
                  and isinstance(env.values.get(key(x)), DistributionCase | RandomVector)]
        if random and all(id(x) in inside for x in random):
            env = env.bind(name, evaluate(definition.body, env))
    return env


_MOMENTS = (n.Expectation, n.Variance, n.Covariance)


def _scalar_value(body: n.Node, env: Env) -> float:
    value = plain(evaluate(body, env))
    if np.ndim(value):
        raise NotEvaluableError("the expectation of a non-scalar")
    return float(value)


def generating_function(name: str, variable: n.Node, t: Value, env: Env) -> Value:
    """``M_X(t) = E[e^{tX}]`` (or ``K_X(t) = log M_X(t)``) of the random variable ``variable`` stands for; a
    ``t`` where it diverges is outside the domain (quadrature of a divergent integral returns a number)."""
    _converging(name, variable, t, env)
    value = expectation(n.Apply("exp", (n.BinaryOp("*", n.Number(repr(float(t))), variable),)), env)
    return float(np.log(value)) if name == "K" else value


def _converging(name: str, variable: n.Node, t: Value, env: Env) -> None:
    """Raises unless ``variable`` is random and its generating function converges at ``t``."""
    names = random_symbols(variable, env)
    if not names and _sample_in(variable, env) is None:
        raise NotEvaluableError(f"the generating function {name} of '{variable}', which is not a random variable")
    if np.ndim(t):
        raise NotEvaluableError("a moment generating function at a non-scalar point")
    if not all(env.values[x].mgf_converges(float(t)) for x in names):
        raise OutsideDomainError(f"{name}_{{{variable}}}({float(t):g}) diverges")


def generating_function_derivative(name: str, variable: n.Node, t: Value, order: int, env: Env) -> Value:
    """``M_X^{(k)}(t) = E[X^k e^{tX}]``, and ``K_X' = M'/M``, ``K_X'' = M''/M - (M'/M)^2``: exact moments, where
    differencing the MGF numerically would take hundreds of expectations."""
    _converging(name, variable, plain(t), env)
    point = float(plain(t))

    case = env.values.get(key(variable)) if isinstance(variable, n.Symbol) else None

    def moment(power: int) -> float:
        if point == 0.0 and isinstance(case, DistributionCase):  # E[X^k] in closed form
            return float(case.frozen.moment(power)) if power else 1.0
        weight = n.Apply("exp", (n.BinaryOp("*", n.Number(repr(point)), variable),))
        body = weight if power == 0 else n.BinaryOp("*", n.Power(variable, n.Number(str(power))), weight)
        return float(plain(expectation(body, env)))

    m = [moment(k) for k in range(order + 1)]
    if name == "M":
        return m[order]
    return m[1] / m[0] if order == 1 else m[2] / m[0] - (m[1] / m[0]) ** 2


def variance(args: Sequence[n.Node], env: Env) -> Value:
    if len(args) != 1:
        raise NotEvaluableError("a variance with several arguments")
    body = args[0]
    env = _moments_fixed(body, env)
    if any(isinstance(env.values[x], RandomVector) for x in random_symbols(body, env)):
        return covariance(body, body, env)  # of a random vector: its covariance matrix
    if not random_symbols(body, env) and _sample_in(body, env) is None:
        _nothing_random(body, "a variance")
        return 0.0
    if isinstance(body, n.Symbol) and isinstance(case := env.values.get(key(body)), DistributionCase):
        return float(case.variance)
    mean = float(expectation(body, env))  # of one variable, or of several (see _joint)
    square = n.Power(n.BinaryOp("-", body, n.Number(repr(mean))), n.Number("2"))
    return expectation(square, env)


def probability(event: n.Node, env: Env) -> float:
    """P(X op a), P(a < X < b), P(|X - m| op c) and P(A | B) of such events from the cdf, any event of a sample
    of iid copies by summing over the samples; other events are not evaluated."""
    if (sampled := _over_samples(event, env, lambda e: 1.0 if truth(event, e) else 0.0)) is not None:
        return sampled
    if isinstance(event, n.Conditional):  # P(A | B) = P(A and B) / P(B)
        given = probability(event.given, env)
        if given < 1e-12:
            raise OutsideDomainError("the conditioning event has probability 0")
        return _both(event.event, event.given, env) / given
    if isinstance(event, n.Relation) and len(event.operators) == 2:  # a < X <= b
        (low, middle, high), (first, second) = event.operands, event.operators
        return _both(n.Relation((low, middle), (first,)), n.Relation((middle, high), (second,)), env)
    if not (isinstance(event, n.Relation) and len(event.operators) == 1):
        raise NotEvaluableError(f"the probability of '{event}' (only X >= a and |X - m| >= c are read)")
    if (threshold_event := _threshold(event, env)) is not None:
        return _tail(*threshold_event)
    if (oriented := _oriented(event, env)) is None:
        raise NotEvaluableError(f"the probability of '{event}'")
    left, op, right = oriented
    threshold = float(plain(evaluate(right, env)))
    if isinstance(left, n.Abs) and op in (">", ">="):
        operand = left.operand
        shifted = isinstance(operand, n.BinaryOp) and operand.op == "-"
        inner = operand.left if isinstance(operand, n.BinaryOp) and shifted else operand
        center = operand.right if isinstance(operand, n.BinaryOp) and shifted else None
        if isinstance(inner, n.Symbol) and (center is None or not _drawn_in(center, env)):
            case = env.values[key(inner)]
            m = 0.0 if center is None else float(plain(evaluate(center, env)))
            if threshold <= 0:
                return 1.0 if op == ">=" or threshold < 0 else 1.0 - _point(case, m)
            upper = _tail(case, op, m + threshold)
            lower = _tail(case, "<=" if op == ">=" else "<", m - threshold)
            return upper + lower
    raise NotEvaluableError(f"the probability of '{event}' (only X >= a and |X - m| >= c are read)")


def _oriented(event: n.Relation, env: Env) -> tuple[n.Node, str, n.Node] | None:
    """``a op X`` read from the random side as ``X op' a``; None unless exactly one side is random."""
    (left, right), op = event.operands, str(event.operators[0])
    if _drawn_in(right, env) and not _drawn_in(left, env):
        left, right = right, left
        op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
    return (left, op, right) if _drawn_in(left, env) and not _drawn_in(right, env) else None


def _threshold(event: n.Node, env: Env) -> tuple[DistributionCase, str, float] | None:
    """``X op a`` (or ``a op X``) as the law of X, the comparison read from X's side and the threshold a."""
    if not (isinstance(event, n.Relation) and len(event.operators) == 1):
        return None
    oriented = _oriented(event, env)
    if oriented is None or not isinstance(variable := oriented[0], n.Symbol):
        return None
    return env.values[key(variable)], oriented[1], float(plain(evaluate(oriented[2], env)))


def _both(first: n.Node, second: n.Node, env: Env) -> float:
    """P(A and B) for two threshold events on one variable (``X > s + u`` and ``X > s``): a tail or an interval."""
    a, b = _threshold(first, env), _threshold(second, env)
    if a is None or b is None or a[0] is not b[0] or {a[1], b[1]} - {">", ">=", "<", "<="}:
        raise NotEvaluableError("a probability of two events other than thresholds on one variable")
    case = a[0]
    upper = [(op, t) for _, op, t in (a, b) if op in (">", ">=")]
    lower = [(op, t) for _, op, t in (a, b) if op in ("<", "<=")]
    if len(upper) != len(lower):  # both on one side: the stricter one
        events = upper or lower
        pick = max if upper else min
        limit = pick(t for _, t in events)
        strict = any(op in (">", "<") for op, t in events if t == limit)
        return _tail(case, (">" if upper else "<") if strict else (">=" if upper else "<="), limit)
    (above, low), (below, high) = upper[0], lower[0]
    if low > high or (low == high and (above == ">" or below == "<")):
        return 0.0
    return max(0.0, _tail(case, below, high) - _tail(case, "<=" if above == ">" else "<", low))


def _drawn_in(node: n.Node, env: Env) -> bool:
    """Whether ``node`` varies with the draw of a random variable: ``E[X]`` and ``Var(X)`` are numbers."""
    if isinstance(node, _MOMENTS):
        return False
    if isinstance(node, n.Symbol):
        return isinstance(env.values.get(key(node)), DistributionCase)
    return any(_drawn_in(child, env) for child in n.children(node))


def _point(case: DistributionCase, x: float) -> float:
    return float(case.frozen.pmf(x)) if case.discrete and x == round(x) else 0.0


def _tail(case: DistributionCase, op: str, a: float) -> float:
    if op == ">=":
        return case.prob_at_least(a)
    if op == ">":  # from the survival function, not 1 - cdf: a tail of 1e-9 keeps its digits
        return float(case.frozen.sf(math.floor(a) if case.discrete else a))
    if op == "<=":
        return case.prob_at_most(a)
    if op == "<":
        return float(case.frozen.cdf(math.ceil(a) - 1 if case.discrete else a))
    if op == "=":
        return _point(case, a)
    raise NotEvaluableError(f"the probability of an event with '{op}'")
