"""Calculus of one variable: the rules course sheets restate before the vector versions."""

from __future__ import annotations

from mlverify.claims import stated, wrong

stated(
    "calculus.power_rule",
    title="The power rule",
    statement=r"\frac{d}{dx} x^n = n x^{n-1}",
    given=(r"x > 0",),
    wrong=[
        wrong("exponent_kept", r"\frac{d}{dx} x^n = n x^{n}", mistake="brought the exponent down but kept it"),
        wrong("factor_dropped", r"\frac{d}{dx} x^n = x^{n-1}", mistake="lowered the exponent without the factor n"),
    ],
)

stated(
    "calculus.reciprocal_derivative",
    title="Derivative of 1/x",
    statement=r"\frac{d}{dx} \frac{1}{x} = -\frac{1}{x^2}",
    given=(r"x \neq 0",),
    wrong=[
        wrong("sign_dropped", r"\frac{d}{dx} \frac{1}{x} = \frac{1}{x^2}", mistake="lost the minus sign"),
    ],
)

stated(
    "calculus.arctan_derivative",
    title="Derivative of arctan",
    statement=r"\frac{d}{dx} \arctan(x) = \frac{1}{1 + x^2}",
    wrong=[
        wrong("minus_sign", r"\frac{d}{dx} \arctan(x) = \frac{1}{1 - x^2}",
              mistake="confused it with the derivative of artanh"),
    ],
)

stated(
    "calculus.exp_chain_rule",
    title="The chain rule through the exponential",
    statement=r"\frac{d}{dx} e^{a x} = a\, e^{a x}",
    wrong=[
        wrong("inner_derivative_dropped", r"\frac{d}{dx} e^{a x} = e^{a x}",
              mistake="forgot the inner derivative a"),
    ],
)
