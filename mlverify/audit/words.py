"""Claims a sheet states in words: "the pointwise maximum of convex functions is convex", "the step size
$\\eta_t = 1/t$ satisfies both Robbins-Monro conditions".

Each registry claim (and wrong variant) declares the sentences that state it (``Said`` patterns). A
sentence matching a claim's pattern states that claim: it is ``verified`` (the registry verifies it). One
matching a wrong variant states a known mistake: it is ``refuted`` with the variant's counterexample, the
mistake and the claim as the fix. A pattern with slots (``schedule``) is decided by its ``holds``, on the
values the compiler reads from the slots' formulas.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from mlverify.audit.findings import Finding
from mlverify.claims import Claim, Said, WrongVariant, load_registry
from mlverify.engine import Counterexample, verify
from mlverify.errors import MlverifyError
from mlverify.latex import Unchecked
from mlverify.latex import nodes as n
from mlverify.latex.evaluate import Env, evaluate, plain
from mlverify.latex.parser import parse

_TEXT_SUFFIXES = frozenset({".md", ".markdown", ".tex", ".rst", ".txt", ".html", ".htm", ""})


@dataclass(frozen=True)
class _Phrase:
    said: Said
    pattern: re.Pattern[str]
    claim: Claim
    variant: WrongVariant | None


@cache
def _phrases() -> tuple[_Phrase, ...]:
    out: list[_Phrase] = []
    for claim in load_registry():
        out.extend(_Phrase(s, re.compile(s.pattern, re.IGNORECASE), claim, None) for s in claim.said)
        for variant in claim.wrong_variants:
            out.extend(_Phrase(s, re.compile(s.pattern, re.IGNORECASE), claim, variant) for s in variant.said)
    return tuple(out)


def claims_in_words(path: Path, *, profile: str = "ci", seed: int | None = None) -> list[Finding]:
    """The findings for the sentences of the sheet at ``path`` that state registry claims in words."""
    if path.suffix.lower() not in _TEXT_SUFFIXES:
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [_finding(str(path), text, match, phrase, profile, seed) for phrase, match in _matches(text)]


def _matches(text: str) -> Iterator[tuple[_Phrase, re.Match[str]]]:
    taken: list[tuple[int, int]] = []
    for phrase in _phrases():
        for match in phrase.pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue  # one sentence states one claim: the first pattern that reads it
            taken.append(match.span())
            yield phrase, match


def _finding(file: str, text: str, match: re.Match[str], phrase: _Phrase, profile: str,
             seed: int | None) -> Finding:
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    words = " ".join(match.group(0).split())
    base = Finding(file, line, column, words, "unchecked", claim=phrase.claim.id)
    if (hedge := _hedged(text, match)) is not None:
        return replace(base, reason=Unchecked("prose", f"the sentence qualifies or denies it ('{hedge}')"))
    if phrase.said.holds is not None:
        return _decided(base, phrase, match)
    if phrase.variant is None:
        return replace(base, status="verified")
    return replace(base, status="refuted", counterexample=_refutation(phrase.variant.id, profile, seed),
                   fix=phrase.claim.statement, hint=f"the sheet made the known mistake: {phrase.variant.mistake}")


_HEDGES = re.compile(r"\b(not|false|wrong|mistakes?|incorrect(?:ly)?|never|myth|fails?|only|unless|provided|if|"
                     r"when(?:ever)?|except|claims?|suppose|assume)\b", re.IGNORECASE)


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n")


def _hedged(text: str, match: re.Match[str]) -> str | None:
    """A word in the rest of the match's sentence that denies or restricts what the pattern read: "... is
    convex only if ...", "it is false that ...", "... is a common mistake"."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, match.start())]
    after = _SENTENCE_END.search(text, match.end())
    sentence = text[ends[-1] if ends else 0:match.start()] + " " + text[match.end():after.start() if after else None]
    said = re.sub(r"\$[^$]*\$", " ", sentence)  # words of formulas are not the author's words
    hedge = _HEDGES.search(said)
    return hedge.group(0) if hedge else None


@cache
def _refutation(variant_id: str, profile: str, seed: int | None) -> Counterexample | None:
    """The engine's counterexample to a wrong variant (None when the search found none)."""
    result = verify(load_registry().resolve(variant_id), profile=profile, seed=seed)
    return result.counterexample


def _decided(base: Finding, phrase: _Phrase, match: re.Match[str]) -> Finding:
    """A sentence with slots: ``holds`` on what the slots' formulas say decides it."""
    assert phrase.said.holds is not None
    slots = {name: value for name, value in match.groupdict().items() if name != "negation"}
    try:
        read = {name: _sequence(value) for name, value in slots.items()}
    except (MlverifyError, ValueError, ArithmeticError) as error:
        return replace(base, reason=Unchecked("unsupported", f"the formula in the sentence is not read: {error}"))
    truth = phrase.said.holds(**read)
    if truth is None:
        return replace(base, reason=Unchecked("unsupported", "the sentence's formula is not a schedule the claim "
                                                             "decides"))
    stated = not match.groupdict().get("negation")
    if truth == stated:
        return replace(base, status="verified")
    return replace(base, status="refuted", fix=phrase.claim.statement,
                   hint=f"by {phrase.claim.title.lower()}, it {'does not hold' if stated else 'holds'} here")


def _sequence(latex: str) -> Callable[[int], float]:
    r"""``\eta_t = 1/\sqrt{t}`` (or its right side alone) as the function t -> value, read by the compiler."""
    node = parse(latex)
    if isinstance(node, n.Relation) and node.operators == ("=",):
        node = node.operands[-1]
    index = sorted({x.name for x in n.walk(node) if isinstance(x, n.Symbol)})
    if len(index) != 1:
        raise ValueError(f"'{latex}' is not a sequence in one index")

    def value(t: int) -> float:
        result = float(plain(evaluate(node, Env({index[0]: float(t)}))))
        if not math.isfinite(result):
            raise ArithmeticError(f"'{latex}' is not finite at {index[0]} = {t}")
        return result

    value(1)
    return value
