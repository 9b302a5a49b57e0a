"""Derivatives in formulas, computed by numerical differentiation of the other side's notation.

A derivative is never trusted from either side of a statement: the evaluator differentiates
the compiled inner expression as a function of the differentiation variable (central
differences with a Richardson step, ``mlverify.numerics``). The layout convention decides
the shape of the result, so the compiler evaluates a layout-dependent formula once per
layout (``Env.layout``); vectors are 1-D columns and ``Row`` is a row vector.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Literal

import numpy as np

from mlverify.latex import nodes as n
from mlverify.latex.evaluate import (
    Env,
    FunctionDef,
    NotEvaluableError,
    OutsideDomainError,
    Row,
    Value,
    call,
    evaluate,
    function_key,
    is_generating_function,
    key,
    plain,
    scalar_derivative,
)
from mlverify.latex.render import render
from mlverify.numerics import UnsettledDerivativeError, derivative, hessian


def _settled(g: Callable[[Any], Any], point: Any, layout: Literal["numerator", "denominator"] = "numerator",
             value: Any = None) -> Any:
    """A numerical derivative, or a rejected example where it cannot be trusted (a kink or a pole)."""
    try:
        return derivative(g, point, layout=layout, strict=True, value=value)
    except UnsettledDerivativeError as exc:
        raise OutsideDomainError(f"{exc}: a kink or a singularity is too close") from None


def differentiate(node: n.Derivative, env: Env) -> Value:
    """The value of a derivative node at the example in ``env``."""
    if node.notation == "prime":
        return _prime(node, env)
    expr = node.expr
    if node.notation == "nabla" and not node.variables and isinstance(expr, n.Apply) and len(expr.args) == 1 \
            and not isinstance(expr.args[0], n.Symbol) and _is_function(function_key(expr), env):
        # \nabla f(Wx) is the gradient of f, taken at the point Wx (not the gradient in x of f(Wx))
        point = n.Symbol("point of the gradient")
        at = n.Derivative(n.Apply(expr.function, (point,), expr.subscript), (), node.order, "nabla")
        return differentiate(at, env.bind(key(point), evaluate(expr.args[0], env)))
    variables = list(node.variables) or [_implied_variable(node.expr, env)]
    variables += [variables[-1]] * (node.order - len(variables))
    if len(variables) == 1 and isinstance(variables[0], n.Indexed) and isinstance(variables[0].base, n.Symbol):
        return _by_element(lambda e: evaluate(node.expr, e), variables[0], env)
    names = []
    for v in variables:
        if not isinstance(v, n.Symbol):
            raise NotEvaluableError(f"a derivative with respect to '{v}' (only plain variables are supported)")
        names.append(key(v))

    def inner(e: Env) -> Value:
        return evaluate(node.expr, e)

    if len(names) == 2 and names[0] == names[1]:
        second = _second_derivative(inner, names[0], env)
        if second is not None:
            return second
    fn: Callable[[Env], Value] = inner
    for name in reversed(names):  # d^2 F / dx dy = d/dx (dF/dy)
        fn = _wrt(fn, name)
    if node.notation == "nabla" and node.order == 1:  # a gradient is a column (denominator layout) by definition
        return fn(replace(env, layout="denominator"))
    return fn(env)


def _by_element(fn: Callable[[Env], Value], variable: n.Indexed, env: Env) -> Value:
    """``\\partial s_i / \\partial x_i``, ``\\partial L / \\partial w_j``: the derivative with respect to one
    entry of an array, the others held fixed."""
    name = key(variable.base) if isinstance(variable.base, n.Symbol) else ""
    array = env.values.get(name)
    if not isinstance(array, np.ndarray):
        raise NotEvaluableError(f"a derivative with respect to an entry of {name}, which is not an array")
    position = []
    for index in variable.indices:
        k = plain(evaluate(index, env))
        if np.ndim(k) or float(k) != round(float(k)):
            raise NotEvaluableError(f"the entry {render(variable)} has an index that is not an integer")
        position.append(round(float(k)) - 1)
    if len(position) != array.ndim or not all(0 <= k < size for k, size in zip(position, array.shape, strict=True)):
        raise OutsideDomainError("an index is out of range")

    def g(t: float) -> Any:
        moved = array.copy()
        moved[tuple(position)] = t
        out = fn(env.bind(name, moved))
        return out.v if isinstance(out, Row) else np.asarray(plain(out), dtype=np.float64)

    return _settled(g, float(array[tuple(position)]))


def _second_derivative(fn: Callable[[Env], Value], name: str, env: Env) -> Value | None:
    """d^2 F / dx^2 of a scalar F by mixed differences (numerics.hessian): nesting two first
    differences loses about three digits, enough to refute a true Hessian identity."""
    start = env.values.get(name)
    if start is None or isinstance(start, Row) or np.ndim(plain(start)) > 1:
        return None
    point = np.atleast_1d(np.asarray(plain(start), dtype=np.float64))
    scalar = np.ndim(plain(start)) == 0
    if np.ndim(plain(fn(env))) != 0:
        return None

    def g(t: Any) -> float:
        return float(plain(fn(env.bind(name, float(t[0]) if scalar else np.asarray(t, dtype=np.float64)))))

    matrix = hessian(g, point)
    return float(matrix[0, 0]) if scalar else matrix


def _scalar(value: Any, name: str) -> float:
    if np.ndim(value) != 0:
        raise NotEvaluableError(f"{name}' with a prime, but {name} has non-scalar values (write a gradient)")
    return float(value)


def _is_function(name: str, env: Env) -> bool:
    return name in env.functions or callable(env.values.get(name))


def _implied_variable(expr: n.Node, env: Env) -> n.Node:
    """``\\nabla f(x)`` differentiates with respect to x; ``\\nabla L`` with respect to L's parameter."""
    if isinstance(expr, n.Apply) and len(expr.args) == 1 and isinstance(expr.args[0], n.Symbol):
        return expr.args[0]
    if isinstance(expr, n.Symbol) and key(expr) in env.functions:
        params = env.functions[key(expr)].params
        if len(params) == 1:
            return n.Symbol(params[0])
    raise NotEvaluableError(f"the variable of the derivative of '{expr}' is not stated")


def _wrt(fn: Callable[[Env], Value], name: str) -> Callable[[Env], Value]:
    return lambda env: _partial(fn, name, env)


def _partial(fn: Callable[[Env], Value], name: str, env: Env) -> Value:
    if name in env.values:
        start = env.values[name]
    elif name in env.functions and not env.functions[name].params:  # w = (X^T X + lambda I)^{-1} X^T y: the point
        start = evaluate(n.Symbol(name), env)
    else:
        raise NotEvaluableError(f"a derivative with respect to {name}, which is not a variable of the formula")
    if isinstance(start, Row):
        raise NotEvaluableError(f"a derivative with respect to the row vector {name}")
    point = np.asarray(start, dtype=np.float64)
    reference = fn(env)
    out_ndim = 1 if isinstance(reference, Row) else np.ndim(plain(reference))

    def array(out: Value) -> Any:
        return out.v if isinstance(out, Row) else np.asarray(plain(out), dtype=np.float64)

    def g(t: Any) -> Any:
        return array(fn(env.bind(name, float(t) if point.ndim == 0 else np.asarray(t, dtype=np.float64))))

    centre = array(reference)
    layout: Literal["numerator", "denominator"] = "numerator" if env.layout == "numerator" else "denominator"
    if point.ndim == 0:
        result = _settled(g, float(point), value=centre)
        if out_ndim == 1:  # d(vector)/d(scalar): a column in numerator layout, a row in denominator layout
            return Row(np.asarray(result)) if layout == "denominator" else np.asarray(result)
        return result
    if out_ndim == 0 and point.ndim == 1:  # a gradient: a row in numerator layout, a column in denominator
        grad = np.asarray(_settled(g, point, layout="numerator", value=centre)).ravel()
        return Row(grad) if layout == "numerator" else grad
    if (out_ndim == 1 and point.ndim == 1) or (out_ndim == 0 and point.ndim == 2):
        return np.asarray(_settled(g, point, layout=layout, value=centre), dtype=np.float64)
    raise NotEvaluableError(f"the derivative of a rank-{out_ndim} value with respect to a rank-{point.ndim} "
                       "variable has no matrix layout")


def _restates_generating_function(definition: FunctionDef, expr: n.Apply) -> bool:
    """``M_X(t) = E[e^{tX}]`` (``K_X(t) = \\log E[e^{tX}]``) as a sheet defines it: the notation's own meaning."""
    if len(definition.params) != 1:
        return False
    t, variable = n.Symbol(definition.params[0]), expr.subscript[0]
    orders = ((t, variable), (variable, t))
    standard = {n.Expectation(n.Power(n.Constant("e"), n.BinaryOp("@", a, b))) for a, b in orders}
    standard |= {n.Expectation(n.Apply("exp", (n.BinaryOp("@", a, b),))) for a, b in orders}
    body = definition.body
    if expr.function == "K":
        if not (isinstance(body, n.Apply) and body.function == "log" and len(body.args) == 1):
            return False
        body = body.args[0]
    return body in standard


def _prime(node: n.Derivative, env: Env) -> Value:
    """``f'(x)``, ``\\sigma''(z)``: the derivative of a scalar function, elementwise on arrays."""
    expr = node.expr
    if not isinstance(expr, n.Apply) or len(expr.args) != 1:
        raise NotEvaluableError(f"the prime derivative of '{expr}' (one argument is supported)")
    name = function_key(expr)

    if is_generating_function(expr) and node.order <= 2 and (  # M_X''(0) = E[X^2]
            name not in env.functions or _restates_generating_function(env.functions[name], expr)):
        from mlverify.latex._probability import generating_function_derivative

        return generating_function_derivative(expr.function, expr.subscript[0], evaluate(expr.args[0], env),
                                              node.order, env)

    def h(t: float) -> float:
        if callable(env.values.get(name)):
            return _scalar(env.values[name](t), name)
        if name in env.functions:
            params = env.functions[name].params
            if len(params) != 1:
                raise NotEvaluableError(f"{name}' of a function of {len(params)} variables")
            return _scalar(plain(evaluate(env.functions[name].body, env.bind(params[0], float(t)))), name)
        return _scalar(plain(call(name, [float(t)], expr.subscript, env)), name)

    value = evaluate(expr.args[0], env)
    data = value.v if isinstance(value, Row) else plain(value)
    if np.ndim(data) == 0:
        return scalar_derivative(h, float(data), node.order)
    flat = np.array([scalar_derivative(h, float(x), node.order) for x in np.ravel(data)]).reshape(np.shape(data))
    return Row(flat) if isinstance(value, Row) else flat
