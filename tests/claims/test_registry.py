"""Registering validates a claim the way pluggy validates a hook: at once, naming the mismatch."""

import pytest

from mlverify.claims import Registry, claim, equal, load_registry, wrong
from mlverify.claims import _registry as registry_module
from mlverify.domains import Dim, Real, Ref, Vector
from mlverify.errors import DuplicateClaimError, InvalidClaimError, PluginLoadError, UnknownClaimError


def _declare(registry, claim_id="demo.square", check=None, variables=None, variants=None):
    variables = variables if variables is not None else {"x": Real()}
    variants = (
        variants if variants is not None
        else [wrong("doubled", "x^2 = 2x", lambda x: equal(x * x, 2 * x), mistake="confused power and product")]
    )
    return claim(claim_id, title="Square", statement="x^2 = x x", variables=variables, wrong=variants,
                 registry=registry)(check or (lambda x: equal(x**2, x * x)))


def test_a_valid_claim_registers_and_binds_its_variants():
    registry = Registry()
    c = _declare(registry)
    assert registry.get("demo.square") is c
    assert c.topic == "demo"
    assert registry.resolve("demo.square/doubled").claim_id == "demo.square"
    assert c.wrong_variants[0].variables is c.variables or dict(c.wrong_variants[0].variables) == dict(c.variables)


def test_duplicate_ids_are_an_error_naming_both_modules():
    registry = Registry()
    _declare(registry)
    with pytest.raises(DuplicateClaimError, match="registered twice"):
        _declare(registry)


@pytest.mark.parametrize("bad_id", ["square", "Demo.square", "demo.", "demo.sq-uare", "demo..x"])
def test_ids_must_be_dotted_snake_case(bad_id):
    with pytest.raises(InvalidClaimError, match="dotted snake_case"):
        _declare(Registry(), claim_id=bad_id)


def test_property_parameters_must_match_the_variables():
    with pytest.raises(InvalidClaimError, match=r"variables \['y'\] are not parameters") as info:
        _declare(Registry(), variables={"x": Real(), "y": Real()})
    assert "(x)" in str(info.value)


def test_a_parameter_without_a_domain_is_named():
    with pytest.raises(InvalidClaimError, match=r"parameters \['y'\] have no domain"):
        _declare(Registry(), check=lambda x, y: equal(x, y))


def test_wrong_variants_are_validated_too():
    variant = wrong("bad", "x = y", lambda x, y: equal(x, y), mistake="m")
    with pytest.raises(InvalidClaimError, match=r"wrong variant 'demo\.square/bad'"):
        _declare(Registry(), variants=[variant])


def test_a_claim_needs_a_wrong_variant():
    with pytest.raises(InvalidClaimError, match="at least one wrong variant"):
        _declare(Registry(), variants=[])


def test_variant_names_are_unique():
    v = wrong("same", "s", lambda x: equal(x, 0), mistake="m")
    with pytest.raises(InvalidClaimError, match="used twice"):
        _declare(Registry(), variants=[v, v])


def test_inconsistent_dimensions_and_forward_references_are_rejected():
    with pytest.raises(InvalidClaimError, match="one Dim object"):
        _declare(Registry(), check=lambda x, y: equal(x, y),
                 variables={"x": Vector(Dim("n", 1, 2)), "y": Vector(Dim("n", 1, 3))})
    with pytest.raises(InvalidClaimError, match="not declared before"):
        _declare(Registry(), check=lambda x, y: equal(x, y), variables={"x": Real(0, Ref("y")), "y": Real()})


def test_unknown_ids_suggest_close_matches():
    registry = Registry()
    _declare(registry)
    with pytest.raises(UnknownClaimError, match=r"did you mean 'demo\.square'"):
        registry.get("demo.sqare")
    with pytest.raises(UnknownClaimError, match=r"demo\.square/doubled"):
        registry.resolve("demo.square/double")


class _EntryPoint:
    def __init__(self, name, target):
        self.name, self.value, self._target = name, f"plugin:{name}", target

    def load(self):
        if isinstance(self._target, Exception):
            raise self._target
        return self._target


@pytest.fixture
def fresh_default(monkeypatch):
    fresh = Registry()
    monkeypatch.setattr(registry_module, "_DEFAULT", fresh)
    monkeypatch.setattr(registry_module, "_loaded", False)
    monkeypatch.setattr(registry_module, "BUILTIN_MODULES", ())
    return fresh


def test_entry_points_can_register_claims(monkeypatch, fresh_default):
    monkeypatch.setattr(registry_module, "entry_points", lambda group: [_EntryPoint("demo", _declare)])
    registry = load_registry()
    assert "demo.square" in registry


def test_a_broken_plugin_names_itself(monkeypatch, fresh_default):
    monkeypatch.setattr(registry_module, "entry_points", lambda group: [_EntryPoint("broken", ImportError("no x"))])
    with pytest.raises(PluginLoadError, match=r"'broken'.*ImportError: no x"):
        load_registry()


def test_an_installed_distribution_contributes_claims_through_its_entry_point(tmp_path, monkeypatch, fresh_default):
    """A real dist-info on sys.path, discovered by importlib.metadata like a pip-installed plugin."""
    (tmp_path / "course_claims.py").write_text(
        "from mlverify.claims import claim, equal, wrong\n"
        "from mlverify.domains import Real\n"
        "@claim('course.double', title='Doubling', statement='2x = x + x', variables={'x': Real()},\n"
        "       wrong=[wrong('triple', '2x = 3x', lambda x: equal(2 * x, 3 * x), mistake='m')])\n"
        "def double(x):\n"
        "    return equal(2 * x, x + x)\n"
    )
    info = tmp_path / "course_claims-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: course-claims\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[mlverify.claims]\ncourse = course_claims\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = load_registry()
    assert registry.get("course.double").source_module == "course_claims"
