"""Sheets -> a ``Report``: read each file, give each formula its context, check the statements.

One unreadable file is an error of its own (one line, in ``Report.errors``); the other files are
still checked, so one bad path in a list does not hide the verdicts on the rest.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from mlverify.audit.cache import VerdictCache
from mlverify.audit.config import ConfigError
from mlverify.audit.context import (
    SAMPLE_TAIL,
    Statement,
    bounds_in_sentence,
    latex_name,
    signs_in_sentence,
    statements,
)
from mlverify.audit.findings import Finding, Report
from mlverify.audit.formula import check_formula
from mlverify.audit.match import diagnose, holding_assumption, pinned_claim, unknown_claim
from mlverify.audit.readers import Formula, read_sheet, within
from mlverify.audit.readings import (
    named_quantity,
    quantity_said_of,
    section_bounds_on,
    steps_apart,
    tied_by_definitions,
)
from mlverify.audit.words import claims_in_words
from mlverify.engine import map_in_processes
from mlverify.errors import MlverifyError, SheetError
from mlverify.latex import Unchecked
from mlverify.latex.compile import STATED_SIZES_DISAGREE

SHEET_SUFFIXES = (".md", ".markdown", ".txt", ".tex", ".rst", ".ipynb")


def sheet_paths(paths: Iterable[Path | str]) -> tuple[list[Path], list[str]]:
    """The files to read: each path as given, a directory's sheets (by suffix, recursively, sorted).

    A directory without sheets is an error: a mistyped path should not pass as "nothing refuted".
    """
    files: list[Path] = []
    errors: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SHEET_SUFFIXES)
            if not found:
                errors.append(f"{path}: no sheets ({', '.join(SHEET_SUFFIXES)}) in this directory")
            files.extend(found)
        else:
            files.append(path)
    return list(dict.fromkeys(files)), errors


def check_sheets(paths: Sequence[Path | str], *, profile: str = "ci", seed: int | None = None,
                 max_examples: int | None = None, exclude: Sequence[str] = (), exclude_root: Path | None = None,
                 ignore_latex: Sequence[str] = (), cache: VerdictCache | None = None,
                 jobs: int | None = None) -> Report:
    """Read and check every sheet in ``paths`` (files or directories); see ``Report``.

    - ``exclude``: glob patterns of files not to read, matched against each path relative to
      ``exclude_root`` (default: the current directory); see ``is_excluded``. They apply to files
      named directly too, so a pre-commit hook passing every changed file honours them;
    - ``ignore_latex``: regular expressions searched for in each formula's LaTeX; a formula one
      matches is ``ignored`` as if it carried an ``mlverify: ignore`` directive, so it is not read
      as context either;
    - ``jobs``: worker processes for the formulas (default: every core); findings keep reading order.
    """
    files, errors = sheet_paths(paths)
    if exclude:
        root = (exclude_root or Path.cwd()).resolve()
        files = [f for f in files if not is_excluded(f, exclude, root)]
    try:
        ignoring = [re.compile(p) for p in ignore_latex]
    except re.error as error:
        raise ConfigError(f"ignore_latex={error.pattern!r} is not a regular expression ({error}); "
                          "escape a special character with a backslash", key="ignore-latex") from None
    read: list[str] = []
    pending: list[Statement] = []
    in_words: list[Finding] = []
    for path in files:
        try:
            formulas = read_sheet(path)
        except SheetError as error:
            errors.append(str(error).splitlines()[0])
            continue
        read.append(str(path))
        if ignoring:
            formulas = [_ignore_matching(f, ignoring) for f in formulas]
        pending.extend(statements(formulas))
        in_words.extend(claims_in_words(path, profile=profile, seed=seed))

    def verdict(statement: Statement) -> Finding:
        found = check_statement(statement, profile=profile, seed=seed, max_examples=max_examples, cache=cache)
        return _config_reason(found, statement)

    findings = map_in_processes(verdict, pending, 1 if len(pending) < 8 else jobs)  # each formula on some core
    order = {name: k for k, name in enumerate(read)}
    merged = sorted([*findings, *in_words], key=lambda f: (order.get(f.file, len(order)), f.line, f.column))
    return Report(tuple(merged), tuple(errors), tuple(read))


def is_excluded(path: Path, patterns: Sequence[str], root: Path) -> bool:
    """Whether a glob pattern names ``path`` or one of its directories, seen from ``root`` when it is inside.

    Patterns match from the right, as ``PurePath.match`` does: ``drafts`` skips every directory (or
    file) called drafts, ``*.ipynb`` every notebook, ``notes/old/*.md`` those files; ``*`` in a
    pattern with a ``/`` (``notes/**``) also crosses directories.
    """
    absolute = path.resolve()
    relative = absolute.relative_to(root) if absolute.is_relative_to(root) else path
    candidates = [relative, *(p for p in relative.parents if p.name)]
    return any(c.match(pattern) or fnmatch.fnmatchcase(c.as_posix(), pattern)
               for pattern in patterns if pattern for c in candidates)


# The directive a matched formula gets: ``is_ignored`` reads its first word, the rest says which pattern.
_CONFIG_IGNORE = "ignore (ignore-latex "


def _ignore_matching(formula: Formula, patterns: Sequence[re.Pattern[str]]) -> Formula:
    """``formula`` marked ignored when one of ``patterns`` occurs in its LaTeX."""
    hit = next((p for p in patterns if p.search(formula.latex)), None)
    return formula if hit is None else replace(formula, directive=f"{_CONFIG_IGNORE}'{hit.pattern}')")


def _config_reason(finding: Finding, statement: Statement) -> Finding:
    """An ignored finding says which ``ignore-latex`` pattern skipped it rather than naming a directive."""
    directive = statement.formula.directive or ""
    if finding.status != "ignored" or not directive.startswith(_CONFIG_IGNORE):
        return finding
    pattern = directive[len(_CONFIG_IGNORE):-1]
    return replace(finding, reason=Unchecked("ignored", f"the configuration's ignore-latex pattern {pattern} "
                                                        "matches it"))


def check_statement(statement: Statement, *, profile: str = "ci", seed: int | None = None,
                    max_examples: int | None = None, cache: VerdictCache | None = None) -> Finding:
    """The verdict on one statement under its context (definitions and context formulas are not checked);
    with ``cache``, a verdict already computed for the same formula, context and settings is reused."""
    formula = statement.formula
    directive = (formula.directive or "").strip()
    base = Finding(formula.file, formula.line, formula.column, formula.latex, "unchecked",
                   claim=directive if directive and not statement.ignored else None, section=formula.section,
                   cell=formula.cell)
    if statement.ignored:
        return replace(base, status="ignored",
                       reason=Unchecked("ignored", "an 'mlverify: ignore' directive skips this formula"))
    pinned = pinned_claim(directive)
    if pinned is not None and (unknown := unknown_claim(pinned)) is not None:
        return replace(base, reason=unknown)
    if statement.kind != "statement":
        return replace(base, status="definition", reason=Unchecked("definition", _context_message(statement)))
    given = [g.latex for g in (statement.borrowed if statement.elsewhere else statement.given)]
    layout = statement.layout
    condition = statement.unread_condition
    settings = (profile, seed, max_examples, pinned, layout, statement.elsewhere, statement.prose, condition,
                statement.sheet_wide, statement.piecewise)
    key = VerdictCache.key(formula.latex, given, settings) if cache else ""
    if cache is not None and (cached := cache.get(key)) is not None:
        return replace(base, **cached)

    def verdict(context: list[str], *, diagnosed: bool) -> Finding:
        return _verdict(base, formula.latex, context, pinned, layout=layout, profile=profile, seed=seed,
                        max_examples=max_examples, diagnosed=diagnosed, prose=statement.prose,
                        sentence=statement.sentence, sentences_in_use=statement.sentences_in_use,
                        sheet_wide=statement.sheet_wide)

    found = verdict(given, diagnosed=not statement.elsewhere and condition is None)
    if found.reason is not None and (found.reason.category in ("free_function", "unsupported") or found.reason
                                     .message.startswith(_LAW_IN_WORDS)) and (
            supposed := statement.supposed_in_section):  # what its sentence leaves free, the section supposes
        under_section = verdict([*given, *supposed], diagnosed=not statement.elsewhere)
        if under_section.status == "refuted" or (  # said anywhere refutes; only what was said before verifies
                under_section.status == "verified" and set(supposed) <= set(statement.supposed_before)):
            found = under_section
    if found.counterexample is not None and STATED_SIZES_DISAGREE in found.counterexample.detail and any(
            not within(formula.section, g.section) for g in statement.given if "\\in" in g.latex):
        found = _withdrawn(found, Unchecked("shapes", "its sizes disagree with shapes another section states; "
                                                      "restate the shapes in this section to check it"))
    if found.status == "refuted" and found.counterexample is not None and set(statement.piecewise) & set(
            found.counterexample.values):  # drawn freely, a name defined case by case in words refutes nothing
        found = _withdrawn(found, Unchecked("definition", f"{', '.join(statement.piecewise)} is defined case "
                                                          "by case in words; write its cases as one formula to check "
                                                          "this"))
    if statement.elsewhere and found.status != "verified":  # another section's p may not be this one's
        found = _read_without_borrowing(statement, found, lambda context: verdict(context, diagnosed=True))
    if condition is not None and (found.status != "verified" or condition.endswith(" not")):
        # true without its condition is true under it, but not under the context a negated condition denies
        found = _withdrawn(found, Unchecked("prose", "the sentence states an equation to solve (an optimality "
                                                     "condition), not an identity" if condition == "solve" else
                                                     f"the sentence states it under a condition in words ('{condition} "
                                                     "...'): state the condition as a formula to check it"))
    if cache is not None:
        cache.put(key, {name: getattr(found, name) for name in _VERDICT_FIELDS})
    return found


def _read_without_borrowing(statement: Statement, borrowed: Finding,
                            verdict: Callable[[list[str]], Finding]) -> Finding:
    """A formula that uses what another section defines, read with those names as free constants (or as the
    notation they are: h of a law as differential entropy). True for every value of them, it is true under
    any definition, unless the other section's refutes it. It is refuted only when it is also false under
    its own section's context on a counterexample free of those names, and the other section's definition
    refutes it too or cannot be applied to it. Otherwise it stays unchecked."""
    own = verdict([g.latex for g in statement.given])
    if own.status == "verified" and borrowed.status != "refuted":
        return own
    inapplicable = borrowed.reason is not None and borrowed.reason.category == "unsupported"
    if (borrowed.status == "refuted" or inapplicable) and own.status == "refuted" and (
            own.counterexample is not None and not set(statement.elsewhere) & set(own.counterexample.values)):
        return own
    names = ", ".join(statement.elsewhere)
    return _withdrawn(borrowed, Unchecked("definition", f"{names} is defined in another section; restate it in "
                                                        "this one to check this formula"))


def _withdrawn(found: Finding, reason: Unchecked) -> Finding:
    """The finding made unchecked: what it says no longer holds, so nothing of its verdict is kept."""
    return replace(found, status="unchecked", counterexample=None, claim=None, fix=None, hint=None, reason=reason)


_VERDICT_FIELDS = ("status", "reason", "layout", "counterexample", "definitions", "claim", "fix", "hint")


def _verdict(base: Finding, latex: str, given: list[str], pinned: str | None, *, layout: str | None, profile: str,
             seed: int | None, max_examples: int | None, diagnosed: bool = True, prose: str = "",
             sentence: str = "", sentences_in_use: str = "", sheet_wide: str = "") -> Finding:
    try:
        result = check_formula(latex, given, layout=layout, profile=profile, seed=seed, max_examples=max_examples)
    except MlverifyError as error:  # one formula the notation layer trips over must not end the whole audit
        return replace(base, reason=Unchecked("unsupported", str(error).splitlines()[0]), definitions=tuple(given))
    except Exception as error:  # a bug in mlverify is reported on its formula, and the audit goes on
        message = f"mlverify failed on this formula ({type(error).__name__}: {error}); please report it"
        return replace(base, reason=Unchecked("internal", message.splitlines()[0]), definitions=tuple(given))
    found = replace(base, status=result.status, reason=result.reason, layout=result.layout,
                    counterexample=result.counterexample, definitions=tuple(given))
    if found.status == "refuted" and (tied := tied_by_definitions(latex, given, profile, seed, max_examples)):
        return _left_unchecked(found, Unchecked(
            "definition", f"false only because the context defines {tied}, so a derivative here follows the "
                          "definition through; with the variables independent it holds: say which is meant"))
    if found.status == "refuted" and (named := named_quantity(latex, given)):
        return _left_unchecked(found, Unchecked(
            "definition", f"one side is a quantity of {named} alone, which the other side does not use and the "
                          "context does not define: the formula names it rather than states a fact"))
    if found.status == "refuted" and steps_apart(latex, given):
        return _left_unchecked(found, Unchecked(
            "definition", "one side names numbered steps that share no variable with the other: they are what an "
                          "update rule makes them, which is not read here"))
    if found.status == "refuted" and (quantity := quantity_said_of(found, prose)) is not None:
        return _left_unchecked(found, Unchecked(
            "prose", f"false for a free {quantity[0]}, but the text says it is the {quantity[1]} in words: "
                     "state it as a formula to check it"))
    if found.status == "refuted" and (law := _law_said_in_words(found, given, prose, sheet_wide)) is not None:
        return _left_unchecked(found, Unchecked(
            "prose", f"{_LAW_IN_WORDS}, but the text says what the law is in words "
                     f"('{law}'): state it as a formula (X \\sim ..., X \\ge 0, X \\perp Y) to check it"))
    if found.status == "refuted" and (
            signed := _signs_said_of(found, sentences_in_use.replace(f"${latex}$", " "))):
        under = check_formula(latex, [*given, *signed], profile=profile, seed=seed, max_examples=max_examples)
        if under.status == "verified":  # a counterexample the sentence rules out: "for a, b >= 0", "any ε > 0"
            return replace(found, status="verified", counterexample=None, definitions=(*given, *signed))
        if under.status != "refuted":
            return _left_unchecked(found, Unchecked(
                "prose", f"false as written, but the text says {', '.join(signed)} in words: state it as a "
                         "formula to check it"))
    if found.status == "refuted" and (bounds := section_bounds_on(found, prose)):
        readings = [check_formula(latex, [*given, bound], profile=profile, seed=seed, max_examples=max_examples)
                    for bound in bounds]
        if any(reading.status != "refuted" for reading in readings):
            return _left_unchecked(found, Unchecked(
                "prose", f"false as written, but the section bounds it in words ({'; '.join(bounds)}): state the "
                         "bound as a formula to check it"))
    if found.status == "refuted" and prose and not _said_to_fail(latex, sentence) and (
            said := holding_assumption(latex, given, prose=prose, sentence=sentence, profile=profile,
                                        seed=seed)) is not None:
        return _left_unchecked(found, Unchecked(
            "prose", f"false as written, but it {said.holds}, which the text says in words: "
                     "state it as a formula to check it"))
    if diagnosed and (found.status == "refuted" or pinned is not None):  # the claim it states and how to fix it
        try:
            diagnosis = diagnose(latex, given, pinned=pinned, refuted=found.status == "refuted",
                                 profile=profile, seed=seed)
        except MlverifyError:  # a suggestion that fails must not hide the verdict
            return found
        found = replace(found, claim=diagnosis.claim or found.claim, fix=diagnosis.fix, hint=diagnosis.hint)
    return found



def _left_unchecked(found: Finding, reason: Unchecked) -> Finding:
    """A refutation withdrawn: the formula is unchecked for ``reason``, and its counterexample is dropped."""
    return replace(found, status="unchecked", counterexample=None, reason=reason)


def _signs_said_of(found: Finding, text: str) -> list[str]:
    """``a \\ge 0`` for each variable of a counterexample that takes a value <= 0 while its sentence says it is
    not negative, a bound the sentence states in plain text that the counterexample breaks ("0 < α < 1"), and
    ``p \\in \\Delta`` for a probability vector (see ``signs_in_sentence``)."""
    cex = found.counterexample
    if cex is None:
        return []
    said, simplex = signs_in_sentence(text)
    signs = [f"{latex_name(name)} {said[name]} 0" for name, value in cex.values.items()
             if name in said and _not_positive(value)]
    bounds = bounds_in_sentence(text)
    signs += [bounds[name][0] for name, value in cex.values.items() if name in bounds and name not in said
              and isinstance(value, float | int) and not bounds[name][1](float(value))]
    return signs + [f"{name} \\in \\Delta" for name in cex.values if name in simplex]


def _not_positive(value: object) -> bool:
    """A value at most 0, or a law (X drawn from any law may take negative values)."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return True
    return bool(array.size) and float(np.min(array)) <= 0


def _law_said_in_words(found: Finding, given: Sequence[str], prose: str, sheet_wide: str = "") -> str | None:
    """What the prose says of a law (a family, or a sign no formula states) when a refutation drew a random
    variable of any law (no ``X \\sim``), or of the independence of several (there or sheet-wide)."""
    cex = found.counterexample
    drawn = [name for name, text in (cex.shown.items() if cex is not None else ())
             if re.match(r"[A-Z][a-z_]+\(", text) and not any(re.match(rf"\s*{re.escape(name)}\s*\\sim", g)
                                                            for g in given)]
    said = _LAW_WORDS.search(prose) if drawn else None
    unsigned = [x for x in drawn if not any(re.match(rf"\s*{re.escape(x)}\s*(?:>|\\ge)\s*0\s*$", g) for g in given)]
    signed = _SIGN_WORDS.search(prose) if unsigned else None
    joint = [cex.shown[x] for x in drawn if cex is not None and cex.shown[x].startswith("Outcomes(")]  # SharedSpace
    entries = sum(2 if shown.startswith("Outcomes((") else 1 for shown in joint)  # a random vector's are joint
    independent = _independence_said(_samples_unsaid(_up_to_its_sentence(prose))) or _independence_said(
        _samples_unsaid(sheet_wide)) if entries > 1 else None
    return next((m.group(0) for m in (said, signed) if m), independent)


def _up_to_its_sentence(prose: str) -> str:
    """A section's words up to the end of its last formula's sentence: a new sentence after a displayed formula
    is about what follows."""
    before, _, after = prose.rpartition("$")
    if not before:
        return prose
    return before + ("" if after.lstrip()[:1].isupper() else re.split(r"(?<!\d)[.;]", after, maxsplit=1)[0])


def _samples_unsaid(prose: str) -> str:
    """The prose without its iid samples ("X₁, …, Xₙ are iid copies of X"): the independence of a sample's
    copies (drawn from one law, never jointly) is not that of X and Y."""
    return _IID_SAMPLE.sub("a sample", prose)


_IID_SAMPLE = re.compile(rf"\$?([A-Z]){SAMPLE_TAIL}\s*\$?"
                         r"\s*,?\s*(?:are\s+|be\s+|is\s+)?(?:an?\s+)?(?:iid|i\.i\.d\b\.?|independent(?:ly)?"
                         r"(?:\s+and\s+identically\s+distributed)?)", re.IGNORECASE)


def _independence_said(prose: str) -> str | None:
    """Independence said in words and not denied in its clause ("needs no independence at all")."""
    for found in _INDEPENDENCE_WORDS.finditer(prose):
        if not _DENIED.search(re.split(r"[,.;:]", prose[:found.start()])[-1]):
            return found.group(0)
    return None


def _said_to_fail(latex: str, sentence: str) -> bool:
    """Whether a sentence presents its formula as failing in general: "writing $...$ mixes up the layouts",
    "$...$ has the wrong shape", "the shortcut $...$ only holds for symmetric matrices". The assumption it names
    is then why the formula is wrong, not one it makes ("only holds for symmetric matrices: $...$" presents
    the formula as the symmetric case)."""
    after = sentence.split(f"${latex}$", 1)[-1]
    return bool(_SAID_WRONG.search(sentence) or _ONLY_UNDER.search(after))


_SAID_WRONG = re.compile(r"\bwrong\b|\bmistakes?\b|\berrors?\b|\bslips?\b|\bmix(?:es)?\s+up\b|\bincorrect\b|"
                         r"\bfails?\b", re.IGNORECASE)
_ONLY_UNDER = re.compile(r"\bonly\s+(?:holds|right|valid|true|correct|works)\b|\bholds\s+only\b", re.IGNORECASE)
_LAW_IN_WORDS = "false for some laws of its random variables"
_LAW_WORDS = re.compile(r"(?<!\\)\b(bernoulli|binomial|poisson|geometric|exponential|gamma|beta|normal|gaussian|"
                        r"uniform|laplace|indicator|categorical|multinomial|chi-?squared?|student(?:'s)?[ -]t)\b",
                        re.IGNORECASE)  # not \gamma or \beta in a formula
_INDEPENDENCE_WORDS = re.compile(r"\b(?:indep\w*|uncorrelated|i\.?i\.?d\b\.?)", re.IGNORECASE)  # typos too
_DENIED = re.compile(r"\b(?:no|not|without|never|nor)\b", re.IGNORECASE)
_SIGN_WORDS = re.compile(r"\b(?:non-?negative|positive) (?:random variables?|r\.?v\.?|integers?)\b", re.IGNORECASE)


_ASPECT_WORDS = {"definition": "defines", "space": "states the domain of", "domain": "states the domain of",
                 "bound": "bounds", "property": "states a property of", "distribution": "states the distribution of",
                 "independence": "states the independence of"}


def _context_message(statement: Statement) -> str:
    """What a context formula says, e.g. "defines L; context for the formulas after it"."""
    said: dict[str, list[str]] = {}
    for name, aspect in statement.role.subjects:
        said.setdefault(_ASPECT_WORDS.get(aspect, aspect), []).append(name)
    what = "; ".join(f"{words} {', '.join(names)}" for words, names in said.items()) or "gives a function's signature"
    return f"{what}; context for the formulas after it"
