"""Property-based fuzzing: any text gives a tree or a ``LatexError``, never another exception."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark

from mlverify.errors import LatexError
from mlverify.latex import Node, parse
from mlverify.latex.normalize import GREEK_LETTERS
from mlverify.latex.parser import grammar_text

PIECES = [
    r"\frac", "{", "}", "^", "_", r"\left(", r"\right)", "(", ")", "[", "]", r"\{", r"\}", "|", r"\|", "x", "y",
    "A", "e", "f", "p", "d", "1", "2", "0.5", "+", "-", "=", r"\le", r"\cdot", r"\sum", r"\prod", r"\int", r"\lim",
    r"\to", r"\nabla", r"\partial", r"\sigma", r"\log", r"\exp", r"\sqrt", r"\mathbf", r"\mathbb{E}", r"\mathbb{1}",
    r"\text{softmax}", r"\operatorname{tr}", "&", r"\\", r"\begin{pmatrix}", r"\end{pmatrix}", r"\begin{cases}",
    r"\end{cases}", "'", r"\top", r"\in", r"\mathbb{R}", ",", ";", ":=", r"\quad", r"\max", r"\dots", r"\hat", "!",
    r"\implies", r"\approx", r"\mid", r"\langle", r"\rangle", " ", r"\,", r"\bigl(", r"\bigr)", "*", "/", r"\odot",
]


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


@settings(max_examples=300)
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_token_soup_parses_or_raises_latex_error(latex: str) -> None:
    _outcome(latex)


@settings(max_examples=100)
@given(st.text(max_size=40))
def test_arbitrary_text_parses_or_raises_latex_error(latex: str) -> None:
    _outcome(latex)


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


# The grammar is deeply recursive, so from_lark discards many draws that grow too large.
@settings(max_examples=3, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(from_lark(_GRAMMAR, explicit=_EXPLICIT))
def test_grammar_generated_strings_parse_or_raise_latex_error(latex: str) -> None:
    _outcome(" ".join(latex.split()))


def test_command_terminals_get_explicit_samples() -> None:
    assert {"GREEK", "FUNC", "FRAC", "LE", "IN"} <= set(_EXPLICIT)


def test_the_grammar_and_the_normaliser_agree_on_greek_letters() -> None:
    match = re.search(r"^GREEK: /\\\\\((.*?)\)", grammar_text(), re.MULTILINE)
    assert match is not None
    assert set(match.group(1).split("|")) == GREEK_LETTERS
