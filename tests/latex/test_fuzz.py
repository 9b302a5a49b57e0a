"""Property-based fuzzing: any text gives a tree or a ``LatexError``, never another exception;
any formula compiles to properties or a one-line reason, and a compiled check never crashes."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import UnsatisfiedAssumption
from lark import Lark

from mlverify.domains import examples
from mlverify.engine import verify
from mlverify.engine.judge import judge
from mlverify.engine.tolerance import tolerance_for
from mlverify.errors import LatexError
from mlverify.latex import Compiled, Node, Unchecked, compile_formula, parse
from mlverify.latex.compile import CATEGORIES
from mlverify.latex.normalize import GREEK_LETTERS, MAX_NESTING
from mlverify.latex.parser import MAX_LENGTH, grammar_text
from mlverify.properties import Evidence, Status

PIECES = [
    r"\frac", "{", "}", "^", "_", r"\left(", r"\right)", "(", ")", "[", "]", r"\{", r"\}", "|", r"\|", "x", "y",
    "A", "e", "f", "p", "d", "1", "2", "0.5", "+", "-", "=", r"\le", r"\cdot", r"\sum", r"\prod", r"\int", r"\lim",
    r"\to", r"\nabla", r"\partial", r"\sigma", r"\log", r"\exp", r"\sqrt", r"\mathbf", r"\mathbb{E}", r"\mathbb{1}",
    r"\text{softmax}", r"\operatorname{tr}", "&", r"\\", r"\begin{pmatrix}", r"\end{pmatrix}", r"\begin{cases}",
    r"\end{cases}", "'", r"\top", r"\in", r"\mathbb{R}", ",", ";", ":=", r"\quad", r"\max", r"\dots", r"\hat", "!",
    r"\implies", r"\approx", r"\mid", r"\langle", r"\rangle", " ", r"\,", r"\bigl(", r"\bigr)", "*", "/", r"\odot",
]
RELATIONS = ["=", r"\le", r"\ge", "<", ">", r"\neq"]


def _outcome(latex: str) -> None:
    try:
        node = parse(latex)
    except LatexError as exc:
        message = str(exc)
    else:
        assert isinstance(node, Node)
        str(node)
        return
    assert message
    assert "\n" not in message


token_soup = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


@settings(max_examples=300)
@given(token_soup)
def test_token_soup_parses_or_raises_latex_error(latex: str) -> None:
    _outcome(latex)


@settings(max_examples=100)
@given(st.text(max_size=40))
def test_arbitrary_text_parses_or_raises_latex_error(latex: str) -> None:
    _outcome(latex)


# -- sentences of the grammar ---------------------------------------------------------------------
_GRAMMAR = Lark(grammar_text(), parser="lalr", lexer="contextual")


def _command_samples() -> dict[str, st.SearchStrategy[str]]:
    """Draw command terminals from their alternatives: generating from regexes with lookaheads is slow."""
    explicit: dict[str, st.SearchStrategy[str]] = {"_SEP": st.just(r" \quad ")}
    for terminal in _GRAMMAR.terminals:
        pattern = terminal.pattern.value
        match = re.fullmatch(r"\\\\\((.*)\)\(\?!\[a-zA-Z\]\)", pattern) or re.fullmatch(
            r"\\\\([a-zA-Z]+)\(\?!\[a-zA-Z\]\)", pattern)
        if match:
            explicit[terminal.name] = st.sampled_from(["\\" + alt for alt in match.group(1).split("|")])
    return explicit


_EXPLICIT = _command_samples()
# Mostly well-formed fonts, accents and environments, so that sentences get past the transformer.
_TERMINALS: dict[str, st.SearchStrategy[str]] = {
    **_EXPLICIT,
    "ADDOP": st.sampled_from(["+", "-", "+", "-", r"\pm", r"\mp"]),
    "BOLD": st.sampled_from([r"\mathbf{x}", r"\mathbf{W}", r"\mathbf{\mu}", r"\mathbf{1}", r"\mathbf{\xi}"]),
    "ACCENTED": st.sampled_from([r"\hat{y}", r"\bar{x}", r"\tilde{\theta}", r"\vec{\mathbf{v}}", r"\hat{\mathcal{L}}"]),
    "OPNAME": st.sampled_from([r"\operatorname{softmax}", r"\operatorname{KL}", r"\operatorname{relu}",
                               r"\operatorname{foo}"]),
    "BEGIN_MATRIX": st.just(r"\begin{pmatrix}"),
    "END_MATRIX": st.just(r"\end{pmatrix}"),
}
for _terminal in _GRAMMAR.terminals:
    if _terminal.name not in _TERMINALS:
        _pattern = _terminal.pattern
        _TERMINALS[_terminal.name] = (st.just(_pattern.value) if _pattern.type == "str" else
                                      st.from_regex(_pattern.value.replace("(?![a-zA-Z])", ""), fullmatch=True))

_RULES: dict[str, list[tuple[str, ...]]] = {}
for _rule in _GRAMMAR.rules:
    _RULES.setdefault(_rule.origin.name, []).append(tuple(s.name for s in _rule.expansion))

_EMPTY = {f"{a} {b}" for a in ("LBRACE", "LPAREN", "LBRACK", "LSET") for b in ("RBRACE", "RPAREN", "RBRACK", "RSET")}
_RARE_TERMINALS = {"COLON", "BANG", "PRIME", "NABLA", "PARTIAL", "LIM", "INT", "BIGOP", "EXTREMUM", "FUNC", "DOTS",
                   "OPNAME", "CONST"}


def _rare(rule: str, alternative: tuple[str, ...]) -> bool:
    r"""Legal in the grammar but mostly rejected later: an empty group or matrix cell, mismatched
    brackets, a unary sign, a bare operator (\nabla, \sum, \lim, \log need an operand), a
    signature, a postfix, \infty (no numerical reading)."""
    symbols, text = set(alternative), " ".join(alternative)
    return (not alternative or any(pair in text for pair in _EMPTY) or bool(symbols & _RARE_TERMINALS)
            or {"LPAREN", "RBRACK"} <= symbols or {"LBRACK", "RPAREN"} <= symbols
            or (rule == "term" and alternative[0] == "ADDOP"))


_COMMON = {name: [a for a in alternatives if not _rare(name, a)] or alternatives
           for name, alternatives in _RULES.items()}


def _heights() -> dict[str, int]:
    """Per rule, the fewest nested expansions that end a derivation with common alternatives."""
    height: dict[str, int] = {}
    for _ in _RULES:
        height = {name: min(1 + max((height.get(s, len(_RULES)) for s in a if s in _RULES), default=0)
                            for a in alternatives) for name, alternatives in _COMMON.items()}
    return height


_HEIGHT = _heights()


def _height(alternative: tuple[str, ...]) -> int:
    return 1 + max((_HEIGHT[s] for s in alternative if s in _RULES), default=0)


_SHORTEST = {name: [a for a in alternatives if _height(a) == _HEIGHT[name]] for name, alternatives in _COMMON.items()}
# Common alternatives four times as often; short ones first, since Hypothesis shrinks toward the start.
_WEIGHTED = {name: sorted(4 * _COMMON[name], key=_height) + sorted(alternatives, key=_height)
             for name, alternatives in _RULES.items()}


def sentences(symbol: str = "start", max_steps: int = 30) -> st.SearchStrategy[str]:
    """Random derivations of the grammar, in the canonical token text that ``parse`` also reads.

    ``hypothesis.extra.lark.from_lark`` discards most draws on this deeply recursive grammar
    (a few examples cost seconds), so derivations are drawn here with a budget of rule
    expansions: once it is spent, every rule takes its shortest way out. Alternatives the
    transformer mostly rejects (``_rare``) are drawn a fifth as often, so that about half
    of the sentences parse and the compiler sees formulas, not only errors.
    """

    @st.composite
    def derivation(draw: st.DrawFn) -> str:
        budget = draw(st.integers(1, max_steps))

        def expand(name: str) -> str:
            nonlocal budget
            if name not in _RULES:
                return draw(_TERMINALS[name])
            budget -= 1
            alternative = draw(st.sampled_from(_WEIGHTED[name] if budget > 0 else _SHORTEST[name]))
            return " ".join(expand(s) for s in alternative)

        return expand(symbol)

    return derivation()


@settings(max_examples=200)
@given(sentences())
def test_grammar_generated_strings_parse_or_raise_latex_error(latex: str) -> None:
    _outcome(latex)


def test_generated_sentences_often_parse() -> None:
    """The fuzzing reaches the tree builder and the compiler, not only the syntax errors."""
    parsed: list[bool] = []

    @settings(max_examples=100, derandomize=True)
    @given(sentences())
    def collect(latex: str) -> None:
        try:
            parse(latex)
        except LatexError:
            parsed.append(False)
        else:
            parsed.append(True)

    collect()
    assert sum(parsed) >= len(parsed) // 5


def test_command_terminals_get_explicit_samples() -> None:
    assert {"GREEK", "FUNC", "FRAC", "LE", "IN"} <= set(_EXPLICIT)
    assert set(_TERMINALS) == {t.name for t in _GRAMMAR.terminals}


def test_every_rule_has_a_short_way_out() -> None:
    assert set(_SHORTEST) == set(_RULES)
    assert all(_SHORTEST.values())


def test_the_grammar_and_the_normaliser_agree_on_greek_letters() -> None:
    match = re.search(r"^GREEK: /\\\\\((.*?)\)", grammar_text(), re.MULTILINE)
    assert match is not None
    assert set(match.group(1).split("|")) == GREEK_LETTERS


# -- the compiler -----------------------------------------------------------------------------------
def _compiles_or_says_why(latex: str, given_texts: tuple[str, ...], data: st.DataObject) -> None:
    """A ``Compiled`` or a one-line ``Unchecked``. Each compiled check, on one drawn example,
    gives evidence the engine can judge or rejects the example (``hypothesis.reject``): any
    other exception is one ``mlverify.engine.verify`` reports as an error of the property."""
    result = compile_formula(latex, given_texts)
    if isinstance(result, Unchecked):
        assert result.category in CATEGORIES
        assert result.message
        assert "\n" not in result.message
        return
    assert isinstance(result, Compiled)
    assert result.properties
    for prop in result.properties:
        example = data.draw(examples(prop.variables), label=prop.id)
        try:
            with np.errstate(all="ignore"):
                evidence = prop.check(**example.values)
        except UnsatisfiedAssumption:
            continue
        assert isinstance(evidence, Evidence)
        judge(evidence, tolerance_for(prop.kind, prop.accuracy))


def _relation(side: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(side, st.sampled_from(RELATIONS), side).map(" ".join)


_GIVEN = st.lists(st.sampled_from([r"x > 0", r"f(x) = x^2", r"A \in \mathbb{R}^{n \times n}", r"p \in \Delta",
                                   r"y \in \{0, 1\}", r"f \text{ convex}", r"X \sim \mathcal{N}(0, 1)"])
                  | _relation(sentences("expr", max_steps=8)), max_size=2).map(tuple)
# compile_formula draws the simplest member of a function family with hypothesis.find (a nested search).
_COMPILER_SETTINGS = settings(max_examples=60, suppress_health_check=[HealthCheck.nested_given, HealthCheck.too_slow])


@_COMPILER_SETTINGS
@given(_relation(sentences("expr", max_steps=15)), _GIVEN, st.data())
def test_grammar_generated_relations_compile_or_say_why(latex: str, given_texts: tuple[str, ...],
                                                        data: st.DataObject) -> None:
    _compiles_or_says_why(latex, given_texts, data)


@_COMPILER_SETTINGS
@given(_relation(token_soup), _GIVEN, st.data())
def test_token_soup_relations_compile_or_say_why(latex: str, given_texts: tuple[str, ...],
                                                 data: st.DataObject) -> None:
    _compiles_or_says_why(latex, given_texts, data)


# Inputs the fuzzing found, reduced by hand: each is checked by the engine, whose search must not error.
FOUND = [
    # The trial example is rejected (a condition fails, or log(x - 1) is outside the domain), so
    # notation with no numerical reading is only met during the search: NotEvaluableError.
    (r"x \mp 1 = 0", ("x > 1",)),
    (r"\log(x - 1) + (x \mp 1) = 0", ()),
    (r"\lvert x \rvert ! = 1", ("x < 0",)),
    (r"\sqrt{y \le 1} = 1", ("y < 0",)),
    (r"< x", ("y < 0",)),
    (r"\mathbf{v} = \mathbf{v}", ("y > 10", r"\mathbf{v} > 0")),
    # A bound beyond 2**53 leaves an interval of width 5 with no float inside: InvalidDomainError.
    ("x = x", ("x > 100000000000000000000",)),
    # A definition that refers to itself: RecursionError.
    ("A = A", ("A = A",)),
    ("y = x", ("x = x + 1",)),
    ("y = x", ("x = z", "z = x")),
    (r"x = x \quad x = x", ()),
    ("f(1) = 2", ("f(x) = f(x) + 1",)),
]


@pytest.mark.parametrize(("latex", "given_texts"), FOUND)
def test_inputs_found_by_fuzzing_compile_and_verify_without_error(latex: str, given_texts: tuple[str, ...]) -> None:
    result = compile_formula(latex, given_texts)
    assert isinstance(result, Compiled | Unchecked)
    for prop in result.properties if isinstance(result, Compiled) else ():
        outcome = verify(prop, seed=0, max_examples=20)
        # conditions no example meets (x = x + 1) are "unsatisfiable", which the audit reports as unchecked
        assert outcome.status is not Status.ERROR or "Unsatisfiable" in outcome.message, outcome.message


# -- no hang ------------------------------------------------------------------------------------------
def _nested(depth: int, wrap: Callable[[str], str], inner: str = "x") -> str:
    for _ in range(depth):
        inner = wrap(inner)
    return inner


ADVERSARIAL = {
    "nested fractions": _nested(200, lambda s: rf"\frac{{{s}}}{{2}}"),
    "nested fractions just under the nesting limit": _nested(MAX_NESTING - 5, lambda s: rf"\frac{{1}}{{{s}}}"),
    "2000 nested braces": "{" * 2000 + "x" + "}" * 2000,
    "2000 open braces": "{" * 2000,
    "nested square roots": _nested(500, lambda s: rf"\sqrt{{{s}}}"),
    "nested superscripts": _nested(500, lambda s: f"x^{{{s}}}"),
    "1400 nested \\left(": r"\left(" * 1400 + "x" + r"\right)" * 1400,
    "3000 unclosed \\left(": r"\left(" * 3000,
    "2000 nested parentheses": "(" * 2000 + "x" + ")" * 2000,
    "1000 nested function calls": r"\exp(" * 1000 + "x" + ")" * 1000,
    "nested sums": r"\sum_{i=1}^{n}" * 500 + "x_i",
    "many bars": "|" * 2000,
    "many primes": "f" + "'" * 2000 + "(x)",
    "many factorials": "x" + "!" * 2000,
    "many subscripts": "x" + "_{1}" * 1500,
    "a big matrix": r"\begin{pmatrix}" + r" \\ ".join([" & ".join(["1"] * 40)] * 40) + r"\end{pmatrix}",
    "a long sum": " + ".join(["x"] * 2000),
    "a long product": "x" * 2000,
    "many signs": "-" * 2000 + "x",
    "many statements": r" \quad ".join(["x = 1"] * 500),
    "a long chain": " = ".join(["x"] * 2000),
    "a long sum just under the length limit": " + ".join(["x_{i}"] * ((MAX_LENGTH - 10) // 8)),
    "a 50 KB formula": "x + " * 12_500 + "1",
}


@pytest.mark.parametrize("latex", list(ADVERSARIAL.values()), ids=list(ADVERSARIAL))
def test_adversarial_inputs_finish(latex: str) -> None:
    """Deep nesting and long formulas give a tree or a ``LatexError``, and the compiler a result:
    no RecursionError, and no hang (the test would not finish)."""
    _outcome(latex)
    for formula in (latex, f"{latex} = 1"):
        assert isinstance(compile_formula(formula), Compiled | Unchecked)
