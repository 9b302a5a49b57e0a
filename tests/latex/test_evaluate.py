import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from mlverify.latex import nodes as n
from mlverify.latex.evaluate import Env, FunctionDef, evaluate, loop_body
from mlverify.latex.expression import compile_expression
from mlverify.latex.parser import parse


def _lifted(latex: str, functions: dict[str, FunctionDef] | None = None) -> list[n.Node]:
    """The parts of ``latex`` that a loop over i computes once."""
    functions = functions or {}
    body, env = loop_body(parse(latex), frozenset({"i"}), Env({}, functions))
    names = [x.name for x in n.walk(body) if isinstance(x, n.Symbol) and x.name not in functions
             and x.name.startswith("⟨")]
    return [env.functions[name].body for name in names]


def test_a_costly_part_free_of_the_index_is_lifted_out_of_the_loop():
    assert _lifted(r"\operatorname{softmax}(z / T)_i") == [parse(r"\operatorname{softmax}(z / T)")]


def test_a_part_that_depends_on_the_index_stays_in_the_loop():
    eta = {"eta": FunctionDef(("k",), parse(r"\sum_{j=1}^{m} y_j P_{kj}"))}  # eta(i) depends on i by its argument
    assert _lifted(r"x_i + \eta(i) + \sum_{j=1}^{m} x_j", eta) == [parse(r"\sum_{j=1}^{m} x_j")]


def test_a_defined_symbol_that_depends_on_the_index_is_not_lifted():
    a = {"a": FunctionDef((), parse(r"\exp(x_i)"))}
    assert _lifted(r"\log(a) + \exp(x_1)", a) == [parse(r"\exp(x_1)")]


@given(st.lists(st.floats(-5, 5), min_size=1, max_size=5), st.floats(0.2, 5))
def test_lifted_and_direct_loops_agree(z, temperature):
    values = {"z": np.array(z), "T": temperature}
    shapes = {"z": (len(z),), "T": ()}
    smallest = compile_expression(r"\min_i \operatorname{softmax}(z / T)_i", shapes).value(values)
    centred = compile_expression(r"\sum_{i=1}^{n} (z_i - \frac{1}{n}\sum_{k=1}^{n} z_k)^2", {**shapes, "n": ()})
    probabilities = np.exp(np.array(z) / temperature - max(z) / temperature)
    assert np.isclose(smallest, (probabilities / probabilities.sum()).min(), rtol=1e-12)
    assert np.isclose(centred.value({**values, "n": float(len(z))}), np.sum((np.array(z) - np.mean(z)) ** 2),
                      rtol=1e-9, atol=1e-9)


def test_a_loop_over_a_derivative_free_of_the_index_differentiates_once_per_point():
    env = Env({"x": np.array([0.5, -1.0, 2.0])})
    calls = []

    def counted(t):
        calls.append(t)
        return float(np.sum(np.asarray(t) ** 3))

    env = Env({**env.values, "f": counted})
    value = evaluate(parse(r"\sum_{i=1}^{3} (\nabla_x f(x))_i"), env)
    assert np.isclose(value, np.sum(3 * env.values["x"] ** 2), rtol=1e-8)
    assert len(calls) <= 1 + 4 * 3 * 2  # one gradient (with refinement at most once per entry), not one per term
