"""The registry: claims by id, validated when they register, from built-ins and entry points."""

from __future__ import annotations

import difflib
import importlib
import inspect
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib.metadata import entry_points

from mlverify.claims._model import (
    Check,
    Checkable,
    Claim,
    Reference,
    Said,
    VariantSpec,
    WrongVariant,
    _ClaimDefaults,
    said_as,
)
from mlverify.domains import Domain, shared_dims
from mlverify.domains._examples import check_references
from mlverify.errors import (
    DuplicateClaimError,
    InvalidClaimError,
    InvalidDomainError,
    PluginLoadError,
    UnknownClaimError,
)
from mlverify.latex.compile import FormulaProperty, Unchecked, compile_formula
from mlverify.properties import Accuracy, Kind, Quantifier

ENTRY_POINT_GROUP = "mlverify.claims"
BUILTIN_MODULES = (
    "mlverify.claims.activations",
    "mlverify.claims.matrix_calculus",
    "mlverify.claims.convexity",
    "mlverify.claims.probability",
    "mlverify.claims.information_theory",
    "mlverify.claims.optimization",
    "mlverify.claims.linear_algebra",
    "mlverify.claims.losses",
    "mlverify.claims.regression",
    "mlverify.claims.moments",
    "mlverify.claims.inequalities",
    "mlverify.claims.optimizers",
    "mlverify.claims.gaussians",
    "mlverify.claims.cookbook",
    "mlverify.claims.deep_learning",
    "mlverify.claims.calculus",
    "mlverify.claims.convolution",
)

_CLAIM_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_VARIANT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class Registry:
    """Claims by id. Registering validates, so a bad claim fails at import, not mid-run."""

    def __init__(self) -> None:
        self._claims: dict[str, Claim] = {}

    def register(self, claim: Claim) -> Claim:
        validate(claim)
        if claim.id in self._claims:
            other = self._claims[claim.id].source_module
            raise DuplicateClaimError(
                f"claim id {claim.id!r} is registered twice: in {other} and in {claim.source_module}; "
                "rename one of them"
            )
        self._claims[claim.id] = claim
        return claim

    def __iter__(self) -> Iterator[Claim]:
        return iter(sorted(self._claims.values(), key=lambda c: c.id))

    def __len__(self) -> int:
        return len(self._claims)

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._claims

    def topics(self) -> list[str]:
        return sorted({c.topic for c in self._claims.values()})

    def get(self, claim_id: str) -> Claim:
        try:
            return self._claims[claim_id]
        except KeyError:
            raise UnknownClaimError(claim_id, self.close_matches(claim_id)) from None

    def resolve(self, target_id: str) -> Checkable:
        """A claim by id, or a wrong variant by ``claim.id/variant_name``."""
        claim_id, _, variant_name = target_id.partition("/")
        claim = self.get(claim_id)
        if not variant_name:
            return claim
        try:
            return claim.variant(variant_name)
        except KeyError:
            names = [v.id for v in claim.wrong_variants]
            raise UnknownClaimError(target_id, difflib.get_close_matches(target_id, names, n=3)) from None

    def close_matches(self, claim_id: str) -> list[str]:
        ids = list(self._claims)
        close = difflib.get_close_matches(claim_id, ids, n=3, cutoff=0.6)
        return close or [i for i in ids if claim_id in i][:3]


def validate(claim: Claim) -> None:
    """Check a claim's shape the way pluggy checks a hook: at registration, naming the mismatch."""
    where = f"claim {claim.id!r} ({claim.source_module})"
    if not _CLAIM_ID.match(claim.id):
        raise InvalidClaimError(f"{where}: id must be dotted snake_case like 'probability.chebyshev'")
    if not claim.title.strip() or not claim.statement.strip():
        raise InvalidClaimError(f"{where}: title and statement must be non-empty")
    if not claim.wrong_variants:
        raise InvalidClaimError(f"{where}: declare at least one wrong variant with wrong(...)")
    if not claim.compiled:
        _validate_property(where, claim.check, claim.variables)
    names = [v.name for v in claim.wrong_variants]
    for variant in claim.wrong_variants:
        vwhere = f"wrong variant {variant.id!r}"
        if not _VARIANT_NAME.match(variant.name):
            raise InvalidClaimError(f"{vwhere}: name must be snake_case")
        if names.count(variant.name) > 1:
            raise InvalidClaimError(f"{where}: wrong variant name {variant.name!r} is used twice")
        if not variant.statement.strip() or not variant.mistake.strip():
            raise InvalidClaimError(f"{vwhere}: statement and mistake must be non-empty")
        if not variant.compiled:
            _validate_property(vwhere, variant.check, variant.variables)


def _validate_property(where: str, check: Check, variables: Mapping[str, Domain]) -> None:
    try:
        parameters = list(inspect.signature(check).parameters.values())
    except (TypeError, ValueError) as exc:
        raise InvalidClaimError(f"{where}: its property has no inspectable signature ({exc})") from None
    bad_kinds = [p.name for p in parameters if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD, p.POSITIONAL_ONLY)]
    if bad_kinds:
        raise InvalidClaimError(f"{where}: property parameters {bad_kinds} must be plain named parameters")
    declared = [p.name for p in parameters]
    missing = [n for n in declared if n not in variables]
    unused = [n for n in variables if n not in declared]
    if missing or unused:
        problems = []
        if missing:
            problems.append(f"parameters {missing} have no domain in variables")
        if unused:
            problems.append(f"variables {unused} are not parameters")
        raise InvalidClaimError(
            f"{where}: property {getattr(check, '__name__', check)}{inspect.signature(check)} does not match "
            f"variables {list(variables)}: {'; '.join(problems)}"
        )
    bad_domains = [n for n, d in variables.items() if not isinstance(d, Domain)]
    if bad_domains:
        raise InvalidClaimError(f"{where}: variables {bad_domains} are not Domain objects")
    try:
        shared_dims(variables)
        check_references(variables)
    except InvalidDomainError as exc:
        raise InvalidClaimError(f"{where}: {exc}") from None


_DEFAULT = Registry()
_loaded = False


def claim(
    id: str,
    *,
    title: str,
    statement: str,
    variables: Mapping[str, Domain],
    wrong: Sequence[VariantSpec],
    kind: Kind = Kind.IDENTITY,
    accuracy: Accuracy = Accuracy.EXACT,
    quantifier: Quantifier = Quantifier.FORALL,
    assumptions: Sequence[str] = (),
    references: Sequence[Reference] = (),
    topic: str | None = None,
    said: Sequence[Said | str] = (),
    registry: Registry | None = None,
) -> Callable[[Check], Claim]:
    """Declare a claim around its property; the docstring of the property says why it holds."""

    def register(check: Check) -> Claim:
        defaults = _ClaimDefaults(dict(variables), kind, accuracy, quantifier)
        built = Claim(
            id=id,
            title=title,
            statement=statement,
            topic=topic or id.split(".", 1)[0],
            variables=dict(variables),
            check=check,
            kind=kind,
            accuracy=accuracy,
            quantifier=quantifier,
            assumptions=tuple(assumptions),
            references=tuple(references),
            wrong_variants=tuple(spec.bind(id, defaults) for spec in wrong),
            source_module=getattr(check, "__module__", "?"),
            said=said_as(said),
        )
        return (registry if registry is not None else _DEFAULT).register(built)

    return register


def stated(
    id: str,
    *,
    title: str,
    statement: str,
    wrong: Sequence[VariantSpec],
    variables: Mapping[str, Domain] | None = None,
    given: Sequence[str] = (),
    layout: str | None = None,
    references: Sequence[Reference] = (),
    topic: str | None = None,
    said: Sequence[Said | str] = (),
    registry: Registry | None = None,
) -> Claim:
    """Declare a claim by its LaTeX alone: the notation layer compiles its property and its variants'.

    ``variables`` declares the domains notation cannot infer (a distribution family, SPD
    matrices, a function family, an interval); ``given`` holds context formulas as a sheet
    would state them (definitions, conditions); ``layout`` fixes the layout of a matrix
    derivative. A statement that does not compile is an ``InvalidClaimError`` at import.
    """
    where = f"claim {id!r}"
    declared = dict(variables or {})
    prop = _compiled(where, statement, declared, given, layout)
    variants = []
    for spec in wrong:
        if spec.check is not None:
            variants.append(spec.bind(id, _ClaimDefaults(dict(prop.variables), prop.kind, prop.accuracy,
                                                         Quantifier.FORALL)))
            continue
        variant = _compiled(f"wrong variant {id}/{spec.name}", spec.statement,
                            {**declared, **(spec.variables or {})}, given, layout)
        variants.append(WrongVariant(
            claim_id=id, name=spec.name, statement=spec.statement, mistake=spec.mistake,
            variables=variant.variables, check=variant.check, kind=variant.kind, accuracy=variant.accuracy,
            quantifier=Quantifier.FORALL, compiled=True, said=spec.said,
        ))
    caller = inspect.currentframe()
    module = caller.f_back.f_globals.get("__name__", "?") if caller is not None and caller.f_back else "?"
    built = Claim(
        id=id, title=title, statement=statement, topic=topic or id.split(".", 1)[0],
        variables=dict(prop.variables), check=prop.check, kind=prop.kind, accuracy=prop.accuracy,
        quantifier=Quantifier.FORALL, assumptions=tuple(given), references=tuple(references),
        wrong_variants=tuple(variants), source_module=module, compiled=True, said=said_as(said),
    )
    return (registry if registry is not None else _DEFAULT).register(built)


def _compiled(where: str, statement: str, variables: Mapping[str, Domain], given: Sequence[str],
              layout: str | None) -> FormulaProperty:
    compiled = compile_formula(statement, given, variables, layout, trial=False)
    if isinstance(compiled, Unchecked):
        raise InvalidClaimError(f"{where}: its statement does not compile ({compiled.category}: {compiled.message})")
    if len(compiled.properties) != 1:
        raise InvalidClaimError(f"{where}: the statement's truth depends on the layout; pass layout='numerator' "
                                "or layout='denominator'")
    return compiled.properties[0]


def load_registry() -> Registry:
    """The default registry with the built-in topics and every ``mlverify.claims`` entry point."""
    global _loaded
    if not _loaded:
        _loaded = True
        for module in BUILTIN_MODULES:
            importlib.import_module(module)
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            try:
                loaded = ep.load()
                if callable(loaded) and not inspect.ismodule(loaded):
                    loaded(_DEFAULT)
            except InvalidClaimError:
                raise
            except Exception as exc:  # a broken plugin must name itself, not crash the CLI
                raise PluginLoadError(
                    f"claims plugin {ep.name!r} ({ep.value}) failed to load: {type(exc).__name__}: {exc}"
                ) from exc
    return _DEFAULT
