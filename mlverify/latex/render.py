"""A compact, unambiguous text form of a tree, used by tests and error reports.

Every binary operation is parenthesised, so the text shows the tree's shape exactly:
``X^\\top (Xw - y)`` renders as ``(X^T @ ((X @ w) - y))``. Bold symbols render as
``bold(x)``, calligraphic as ``cal(L)``, accents as ``hat(mu)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from mlverify.latex import nodes as n

_SIMPLE = (n.Number, n.Symbol, n.Constant, n.Dots, n.Indexed, n.Apply, n.Norm, n.Abs, n.Sqrt, n.RealSpace,
           n.NumberSet, n.SetLiteral, n.TupleLiteral, n.Indicator, n.KroneckerDelta, n.MatrixLiteral,
           n.Expectation, n.Variance, n.Covariance, n.InnerProduct)


def _join(items: Iterable[n.Node], sep: str = ", ") -> str:
    return sep.join(_render(i) for i in items)


def _atomic(node: n.Node) -> str:
    text = _render(node)
    return text if isinstance(node, _SIMPLE) or (text.startswith("(") and text.endswith(")")) else f"({text})"


def _symbol(node: n.Symbol) -> str:
    text = node.name
    if node.font == "cal":
        text = f"cal({text})"
    elif node.font == "bb":
        text = f"bb({text})"
    if node.bold:
        text = f"bold({text})"
    if node.accent:
        text = f"{node.accent}({text})"
    return text + "'" * node.primes


def _limits(lower: n.Node | None, upper: n.Node | None) -> str:
    if lower is None and upper is None:
        return ""
    return f"{_render(lower) if lower is not None else ''}..{_render(upper) if upper is not None else ''}"


def render(node: n.Node) -> str:
    """The compact text form of ``node`` (see the module docstring)."""
    try:
        return _render(node)
    except RecursionError:  # a legal but very deep tree (a sum of 1000 terms)
        return "<a formula nested too deeply to show>"


def _render(node: n.Node) -> str:
    match node:
        case n.Number(text):
            return text
        case n.Symbol():
            return _symbol(node)
        case n.Constant(name):
            return {"e": "e", "pi": "pi", "infinity": "inf"}[name]
        case n.Dots():
            return "..."
        case n.Previous():
            return "<previous>"
        case n.Indexed(base, indices):
            return f"{_atomic(base)}[{_join(indices)}]"
        case n.Superscript(base, label):
            label_text = label if isinstance(label, str) else _render(label)
            return f"{_atomic(base)}^{{{label_text}}}"
        case n.BinaryOp(op, left, right):
            return f"({_render(left)} {op} {_render(right)})"
        case n.Negate(operand):
            return f"(-{_atomic(operand)})"
        case n.Power(base, exponent):
            return f"{_atomic(base)}^{_atomic(exponent)}"
        case n.Transpose(operand):
            return f"{_atomic(operand)}^T"
        case n.Inverse(operand):
            return f"{_atomic(operand)}^-1"
        case n.Apply(function, args, subscript):
            sub = f"_[{_join(subscript)}]" if subscript else ""
            return f"{function}{sub}({_join(args)})"
        case n.Norm(operand, kind):
            return f"||{_render(operand)}||" + (f"_{kind}" if kind else "")
        case n.Abs(operand):
            return f"|{_render(operand)}|"
        case n.Sqrt(operand, index):
            return f"sqrt({_render(operand)})" if index is None else f"root[{_render(index)}]({_render(operand)})"
        case n.Sum(index, lower, upper, body, condition) | n.Product(index, lower, upper, body, condition):
            name = "sum" if isinstance(node, n.Sum) else "prod"
            head = "" if index is None else _render(index) + ("=" + _render(lower) if lower is not None else "")
            if condition is not None:
                head = f"{head}, {_render(condition)}" if head else _render(condition)
            if upper is not None:
                head += ".." + _render(upper)
            return f"{name}[{head}]({_render(body)})"
        case n.Indicator(condition):
            return f"1[{_render(condition)}]"
        case n.KroneckerDelta(i, j):
            return f"delta[{_render(i)}, {_render(j)}]"
        case n.Piecewise(cases):
            parts = [_render(v) + (" if " + _render(c) if c is not None else " otherwise") for v, c in cases]
            return "cases(" + "; ".join(parts) + ")"
        case n.MatrixLiteral(rows, environment):
            return f"{environment}[{'; '.join(_join(r) for r in rows)}]"
        case n.TupleLiteral(items, delimiter):
            close = {"(": ")", "[": "]", "{": "}"}.get(delimiter, "")
            opener = delimiter or "("
            return f"{opener}{_join(items)}{close or ')'}"
        case n.SetLiteral(items):
            return "{" + _join(items) + "}"
        case n.Interval(lower, upper, lower_closed, upper_closed):
            return f"{'[' if lower_closed else '('}{_render(lower)}, {_render(upper)}{']' if upper_closed else ')'}"
        case n.RealSpace(dims):
            return "R" + (f"^({_join(dims)})" if dims else "")
        case n.NumberSet(name, dims):
            return name + (f"^({_join(dims)})" if dims else "")
        case n.Relation(operands, operators):
            parts = [_render(operands[0])]
            for relation, operand in zip(operators, operands[1:], strict=True):
                parts += [relation, _render(operand)]
            return " ".join(parts)
        case n.Membership(element, set_, negated):
            return f"{_render(element)} {'notin' if negated else 'in'} {_render(set_)}"
        case n.Implication(left, right, kind):
            return f"[{_render(left)}] {'=>' if kind == 'implies' else '<=>'} [{_render(right)}]"
        case n.Definition(left, right, form):
            return f"{_render(left)} {form} {_render(right)}"
        case n.Derivative(expr, variables, order, notation):
            if notation == "prime" and isinstance(expr, n.Apply):
                return f"{expr.function}{chr(39) * order}({_join(expr.args)})"
            head = notation + (f"^{order}" if order != max(len(variables), 1) or (notation == "nabla" and order > 1)
                               else "")
            return f"{head}[{_join(variables)}]({_render(expr)})" if variables else f"{head}({_render(expr)})"
        case n.Expectation(body, subscript):
            return "E" + (f"_[{_render(subscript)}]" if subscript is not None else "") + f"[{_render(body)}]"
        case n.Variance(args):
            return f"Var({_join(args)})"
        case n.Covariance(args):
            return f"Cov({_join(args)})"
        case n.Conditional(event, given):
            return f"{_render(event)} | {_render(given)}"
        case n.InnerProduct(left, right):
            return f"<{_render(left)}, {_render(right)}>"
        case n.Limit(variable, to, body):
            return f"lim[{_render(variable)} -> {_render(to)}]({_render(body)})"
        case n.Integral(lower, upper, body, variable):
            var = f"; d{_render(variable)}" if variable is not None else ""
            return f"int[{_limits(lower, upper)}{var}]({_render(body)})"
        case n.Extremum(kind, under, body):
            return f"{kind}[{_render(under) if under is not None else ''}]({_render(body)})"
        case n.Mapping(function, domain, codomain):
            return f"{_render(function)}: {_render(domain)} -> {_render(codomain)}"
        case n.Statements(items):
            return "; ".join(_render(i) for i in items)
    return f"<{type(node).__name__}>"
