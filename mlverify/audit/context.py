"""A sheet's formulas -> ``Statement`` objects, each with the context it is checked under.

A sheet defines symbols (``L(w) = ...``, ``p = \\sigma(Xw)``), states their domains (``x \\in \\mathbb{R}^n``,
``X \\sim ...``), bounds (``t < 1/\\beta``) and properties (``f \\text{ convex}``) before it states facts about
them; a fact checked without them would be unchecked or, worse, refuted. Which formula is context is
decided by the compiler's own reading of ``given`` formulas (``mlverify.latex.formula_role``), so the two
cannot disagree.

The rules, kept simple on purpose:

- context is read in reading order; for a statement, context from its own section comes first, nearest first,
  then the earlier sections', nearest first; a nearer formula fixing the same aspect (definition, domain,
  bound, property, distribution) of the same name replaces a farther one;
- only the context a statement reaches is passed on: context about a name it mentions, then, in turn, context
  about the names that context mentions; unrelated context cannot make it unchecked;
- context applies within its own section; only the domains, bounds, properties and distributions of a
  section that states nothing to check serve the later ones, and the definitions a sheet makes for all of
  them (in a section headed "Notation", "Setting", ..., or said "throughout"), unless a section says again
  what the symbol is. Sheets reuse short names (``f``, ``X``, ``y``) for new things in every section, and an
  old definition wrongly applied refutes a true formula;
- a chain that numbers eigenvalues or singular values in words ("with eigenvalues
  ``\\lambda_1 \\ge \\dots \\ge \\lambda_n``") defines them as the matrix's (``\\lambda = \\operatorname{eig}(A)``);
- a definition of a name already defined replaces it: "now let ``L(w) = ...``" is a definition, not a
  claim checked against the earlier one; a chain ``f(x) = \\tanh(x) = ...`` names a new f too;
- a formula with an ``ignore`` directive is not read at all, not even as context.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from mlverify.audit.readers import Formula, split_rows, split_statements, within
from mlverify.latex import Role, formula_role
from mlverify.latex.compile import (
    moment_named,
    named_layouts,
    orthogonality_of,
    own_variables,
    stated_layout,
    unreadable_definition,
)


@dataclass(frozen=True)
class Statement:
    """One formula of a sheet, how it reads (``role``) and, for a statement, the context formulas it uses.

    ``given`` is in reading order (the compiler lets a later context formula win) and holds only
    context whose names the statement reaches.
    """

    formula: Formula
    role: Role
    given: tuple[Formula, ...] = ()
    layout: str | None = None  # the derivative layout its section names in words, if one
    elsewhere: tuple[str, ...] = ()  # names it uses that only another section defines
    borrowed: tuple[Formula, ...] = ()  # ``given`` with those other sections' definitions: they can verify, not refute
    unread_condition: str | None = None  # "... $a = b$ for orthogonal $Q$": the word of a condition said in prose
    prose: str = ""  # the words of its section up to its paragraph: what the author may have assumed in words
    said_before: str = ""  # of those, the words that come before the formula
    sheet_wide: str = ""  # the words of notation sections and "throughout" paragraphs: said once for every section
    piecewise: tuple[str, ...] = ()  # names it reaches that the section defines case by case in words: left free

    @property
    def kind(self) -> str:
        """``statement`` (to check), ``definition`` or ``context`` (nothing to check)."""
        return self.role.kind

    @property
    def ignored(self) -> bool:
        return is_ignored(self.formula)

    @property
    def supposed_in_section(self) -> list[str]:
        """What the section supposes in words anywhere, as the formulas the compiler reads: properties of
        its functions ("if f is L-smooth, ...", "if f is μ-strongly convex, ..."), independence ("if X and
        Y are independent"), signs and moments of random variables, the one law a letter is given ("if U
        is uniform on [a, b]"). A function with all the properties said has each of them, so a formula
        refuted for it is wrong under every one; for a formula that leaves its functions or laws free."""
        return _supposed_in(self.prose)

    @property
    def supposed_before(self) -> list[str]:
        """What the section supposes in words before the formula: only that can verify it ("if X and Y are
        independent, the variances add" says nothing of the formula before it)."""
        return _supposed_in(self.said_before)

    @property
    def sentence(self) -> str:
        """The sentence the formula stands in, the formula itself as ``$latex$`` ("" if not in prose)."""
        return sentence_of(self.formula)

    @property
    def sentences_in_use(self) -> str:
        """Its sentence and those of the definitions it uses: "for a threshold δ > 0, the Huber loss is ..."
        bounds δ wherever H_δ is used."""
        return " ".join(dict.fromkeys(sentence_of(row) for row in (self.formula, *self.given)))


def sentence_of(formula: Formula) -> str:
    """The sentence ``formula`` stands in, the formula itself as ``$latex$`` ("" if not in prose)."""
    around = formula.prose_around()
    return f"{_opening(around[0])}${formula.latex}${_closing(around[1])}" if around else ""


def _supposed_in(prose: str) -> list[str]:
    """See ``Statement.supposed_in_section``."""
    found: list[str] = []
    laws: dict[str, set[str]] = {}
    for sentence in _SENTENCE_BREAK.split(prose):
        if not _DEFINING.search(sentence):
            found += [latex for _, latex in _function_properties(sentence)]
            found += [*_independence_in_words(sentence), *_moments_in_words(sentence)]
            found += [f"{m.group(2)} \\ge 0" for m in _RANDOM_SIGN.finditer(sentence)]
            for law in _laws_of_letters(sentence):
                laws.setdefault(law.split(" \\sim ")[0], set()).add(law)
    found += [law.pop() for law in laws.values() if len(law) == 1]  # two laws of X: which one is meant?
    return list(dict.fromkeys(found))


def _kind(latex: str) -> str:
    """What a piece of a row is (see ``split_statements``): ``i = 1, \\dots, K`` is a range for the statement
    beside it."""
    if _INDEX_RANGE.match(latex):
        return "context"
    return formula_role(latex).kind


_INDEX_RANGE = re.compile(r"\s*[A-Za-z]\s*(?:=|\\in)\s*[^=]*\\[lc]?dots")


def is_ignored(formula: Formula) -> bool:
    """The author asked the audit to skip this formula (``mlverify: ignore``, maybe followed by why)."""
    return (formula.directive or "").split(maxsplit=1)[:1] == ["ignore"]


@dataclass(frozen=True)
class _Entry:
    formula: Formula
    role: Role
    order: int
    passed: bool = True  # False: it only hides earlier definitions of its names

    @functools.cached_property
    def sheet_wide(self) -> bool:
        """Said for every section: in a notation section ("## Notation", "## 0. Setting") or "throughout"."""
        row = self.formula
        return self.passed and (bool(row.section and _NOTATION_HEADING.search(row.section))
                                or any(_THROUGHOUT.search(text) for text in (row.context, row.lead) if text))


_NOTATION_HEADING = re.compile(r"\b(?:notation|conventions?|setting|set-?up|preliminar(?:y|ies)|symbols|"
                               r"standing assumptions)\b", re.IGNORECASE)
_THROUGHOUT = re.compile(r"\bthroughout\b(?!\s+(?:this|the)\s+(?:section|subsection|paragraph|proof|example))",
                         re.IGNORECASE)


def statements(formulas: Sequence[Formula]) -> list[Statement]:
    """One sheet's formulas (as ``read_sheet`` gives them) -> one ``Statement`` per row, in reading order."""
    rows: list[Formula] = []
    said: set[int] = set()  # properties said in words, read as context formulas but never reported
    supposed: dict[int, int] = {}  # of those, the ones an "if" supposes for the rest of its sentence only
    own_conditions: dict[int, list[int]] = {}  # "for negative x": conditions in words on one formula
    named: set[int] = set()  # chains that name eigenvalues: definitions, read as the one said after them
    for formula in _occurrences(formulas):
        for row in (piece for line in split_rows(formula) for piece in split_statements(line, _kind)):
            words = _said_in_words(row)  # of a letter in the prose before: context the formula itself uses
            source = len(rows) + sum(before for _, _, before in words)
            for latex, supposition, _ in sorted(words, key=lambda said: not said[2]):
                if len(rows) == source:
                    rows.append(row)
                said.add(len(rows))
                if supposition:
                    supposed[len(rows)] = source
                rows.append(replace(row, latex=latex, directive=None))
            if len(rows) == source:
                rows.append(row)
            if (spectrum := _numbered_spectrum(row)) is not None:  # the chain names them: read what it names
                named.add(source)
                said.add(len(rows))
                rows.append(replace(row, latex=spectrum, directive=None))
            for latex in _signs_in_words(row):
                said.add(len(rows))
                own_conditions.setdefault(source, []).append(len(rows))
                rows.append(replace(row, latex=latex, directive=None))
    # "only holds at $x = 0$" restricts one sentence, it defines nothing
    roles = [Role("statement") if is_ignored(row) else
             Role("statement", symbols=formula_role(row.latex).symbols)
             if _word_before(row) in _INTRODUCES_A_CONDITION | _REJECTS else formula_role(row.latex) for row in rows]
    # "$M_X(t) = ...$ for $t < \lambda$": a condition the compiler reads serves that statement only;
    # "if $X$ is Poisson with rate $\lambda$, then ...": a supposition serves the rest of its sentence only
    restricted: dict[int, list[int]] = {k: list(v) for k, v in own_conditions.items()}
    for k in range(len(rows) - 1):
        if _condition_follows(rows[k], rows[k + 1]) and formula_role(rows[k + 1].latex).kind == "context":
            restricted.setdefault(k, []).append(k + 1)
            roles[k + 1] = formula_role(rows[k + 1].latex)
    for k, row in enumerate(rows):  # "if $X \sim \mathrm{Poisson}(\lambda)$ then $...$": supposed, not stated
        if k not in said and _word_before(row) in _SUPPOSING_WORDS and (role := formula_role(row.latex)).kind == \
                "context" and (rest := _rest_of_sentence(rows, k, said)):
            roles[k] = role
            for j in rest:
                restricted.setdefault(j, []).append(k)
    orthogonal: set[tuple[str, str | None]] = set()  # Q^T Q = I, then Q Q^T = I: the second is a claim about Q
    for k, row in enumerate(rows):
        orthogonal -= {(name, row.section) for name, aspect in roles[k].subjects if aspect == "space"}  # a new Q
        if roles[k].kind == "context" and (q := orthogonality_of(row.latex)) is not None:
            if (q, row.section) in orthogonal:
                roles[k] = Role("statement", symbols=roles[k].symbols)
            orthogonal.add((q, row.section))
    sentence = _sentences(rows)
    for k, source in supposed.items():
        for j in range(k + 1, len(rows)):
            if j in said:  # another row said in words
                continue
            if sentence[j] is None or sentence[j] != sentence[source] or _GENERALLY.search(_words_before(rows[j])):
                break  # "if A is symmetric ..., and for a general square A it is ...": the supposition ends
            restricted.setdefault(j, []).append(k)
    scope: list[_Entry] = []
    out: dict[int, Statement] = {}
    entry_cases = {(m.group(1), row.section) for row in rows if (m := _ENTRY_CASE.match(row.latex)) and _one_case(row)}
    # Sections that only set notation (no statement) serve the whole sheet; others keep their symbols.
    notation = {row.section for row in rows} - {row.section for row, role in zip(rows, roles, strict=True)
                                                if role.kind == "statement"}
    conditions = {k for ks in restricted.values() for k in ks} | set(supposed) | named  # never context after
    sheet_wide = "\n".join(dict.fromkeys(text for row in rows for text in (row.lead, row.context) if text and (
        row.section in notation or _THROUGHOUT.search(text))))
    for k in named:
        roles[k] = roles[k + 1]
    for order in _reading_order(rows, roles):
        row, role = rows[order], roles[order]
        if is_ignored(row):
            out[order] = Statement(row, role)
            continue
        if role.kind == "statement":
            given = _given(row, role, scope, notation)
            if (naming := _naming_a_moment(row, given)) is not None:
                out[order] = Statement(row, formula_role(naming.latex))
                scope.append(_Entry(naming, formula_role(naming.latex), order))
                continue
            elsewhere = _defined_elsewhere(row, given, scope, role)
            borrowed = _given(row, role, scope, notation, borrow=True) if elsewhere else ()
            if order in restricted:
                only_here = tuple(rows[k] for k in restricted[order])
                given, borrowed = (*given, *only_here), borrowed and (*borrowed, *only_here)
            said_before = _said_before(rows, order)
            if named_functions := _functions_named_in_words(row, role, given, said_before):
                given, borrowed = (*given, *named_functions), borrowed and (*borrowed, *named_functions)
            given, borrowed = _once(given), _once(borrowed)  # "if f is convex" said in words and as a formula
            condition = _unread_condition(row, condition_read=order in restricted)
            if condition is not None and (stated := condition_before_in_words(row) if _unread_condition(
                    row, condition_read=True) is not None else condition_after_in_words(row)) is not None:
                # "$...$ when z ≤ 0", "when K is invertible we split it as $...$": read, not unread
                said_after = tuple(replace(row, latex=latex, directive=None) for latex in stated)
                given, borrowed = _once((*given, *said_after)), borrowed and _once((*borrowed, *said_after))
                condition = None
            out[order] = Statement(row, role, given, _section_layout(rows, order), elsewhere, borrowed, condition,
                                   _section_prose(rows, order), said_before, sheet_wide,
                                   _piecewise(row, role, given, scope, entry_cases))
            if role.introduces:  # f(x) = tanh(x) = ...: the old f no longer applies, and this chain gives no body
                shadow = Role("definition", tuple((name, "definition") for name in role.introduces))
                scope.append(_Entry(row, shadow, order, passed=False))
            if (unread := unreadable_definition(row.latex)) is not None:  # reported garbled, yet it defines a name:
                defines = Role("definition", ((unread, "definition"),), frozenset({unread}))  # its uses are unchecked
                scope.append(_Entry(row, defines, order))
        else:
            out[order] = Statement(row, role)
            if order in conditions:
                continue
            if role.kind == "definition" and _one_case(row):
                cases = Role("definition", tuple(subject for subject in role.subjects if subject[1] == "definition"))
                scope.append(_Entry(row, cases, order, passed=False))
            else:
                scope.append(_Entry(row, role, order))
    return [out[k] for k in sorted(out) if k not in said]


def _naming_a_moment(row: Formula, given: Sequence[Formula]) -> Formula | None:
    """"a random variable $X$ with $\\mathbb{E}[X] = \\mu$": a moment set equal to a bare symbol after "with",
    "where" or "let", of a letter whose law nothing states, names that moment (the row read as its definition)."""
    named = moment_named(row.latex)
    around = row.prose_around()
    if named is None or around is None or not _NAMING.search(_opening(around[0])):
        return None
    letter, definition = named
    if any((letter, "distribution") in formula_role(g.latex).subjects for g in given):
        return None
    return replace(row, latex=definition, directive=None)


_NAMING = re.compile(r"\b(?:with|where|let|having|whose)\b(?![^.;:]*\b(?:then|so|thus|hence|therefore|gives?|yields?|"
                     r"is|are|equals?)\b)[^.;:]*$", re.IGNORECASE)


_ONE_CASE = re.compile(r"\s*,?\s*(?:otherwise\b|(?:for|if|when|whenever)\b[^.;]{0,40}?(?:[<>≤≥≠]|\\[lg]e|\\neq))")


def _one_case(row: Formula) -> bool:
    """``$H(r) := \frac{1}{2} r^2$ for |r| ≤ δ and $H(r) := δ|r| - \frac{1}{2}δ^2$ otherwise``: each formula defines
    one case of a function defined piecewise in words, so neither is its definition (it only hides older ones)."""
    around = row.prose_around()
    return around is not None and _ONE_CASE.match(around[1]) is not None


# A function sheets name in words, the words, and its definition as a formula the compiler reads.
_FUNCTION_WORDS = (
    (("Phi",), re.compile(r"standard (?:normal|gaussian) (?:cdf|c\.d\.f\.|(?:cumulative )?distribution function)|"
                          r"(?:cdf|distribution function) of (?:the |a )?standard (?:normal|gaussian)", re.IGNORECASE),
     r"{name}(x) = \frac{1}{2}\left(1 + \operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)"),
    (("phi", "varphi"), re.compile(r"standard (?:normal|gaussian)\b[^.;$]{0,40}\b(?:density|pdf)\b", re.IGNORECASE),
     r"{name}(x) = \frac{1}{\sqrt{2\pi}} e^{-x^2/2}"),
)


def _functions_named_in_words(row: Formula, role: Role, given: Sequence[Formula], words: str) -> tuple[Formula, ...]:
    """The standard normal CDF and density, where the section names them in words ("let Φ be the standard normal
    CDF") and the statement uses them without a definition."""
    reached = set(role.symbols).union(*(formula_role(g.latex).symbols for g in given))
    defined = {name for g in given for name, aspect in formula_role(g.latex).subjects if aspect == "definition"}
    found = []
    for names, said, definition in _FUNCTION_WORDS:
        for name in names:
            if name in reached and name not in defined and said.search(words):
                found.append(replace(row, latex=definition.replace("{name}", f"\\{name}"), directive=None))
    return tuple(found)


_PROPERTY_PHRASES = (  # longest first: "symmetric positive definite" is not just "symmetric"
    (r"symmetric positive[ -]definite|positive[ -]definite|spd", r"{x} \succ 0"),
    (r"(?:symmetric )?positive[ -]semi-?definite|psd", r"{x} \succeq 0"),
    (r"symmetric", r"{x} = {x}^\top"),
    (r"orthogonal", r"{x} \text{{ orthogonal}}"),
    (r"permutation", r"{x} \text{{ permutation}}"),
    (r"invertible|non-?singular", r"{x} \text{{ invertible}}"),
    (r"one-?hot", r"{x} \text{{ onehot}}"),
    (r"square", r"{x} \text{{ square}}"),
    (r"convex", r"{x} \text{{ convex}}"),
    (r"concave", r"{x} \text{{ concave}}"),
)
_ADJECTIVES = "|".join(phrase for phrase, _ in _PROPERTY_PHRASES if phrase not in ("convex", "concave"))
_NAMED = re.compile(r"^\s*((?:\\mathbf\{|\\boldsymbol\{|\\bm\{)?[A-Za-z]\}?'*)\s*(?:\\in\b.*)?$")


_NUMBERED_CHAIN = re.compile(r"^\s*(\\[A-Za-z]+|[A-Za-z])_\{?1\}?\s*(\\geq?|\\leq?|>|<)\s*.*\\[lc]?dots.*"
                             r"(?:\\geq?|\\leq?|>|<)\s*\1_\{?(?:[A-Za-z]|\d+)\}?"
                             r"(?:\s*(?:\\geq?|>)\s*0)?\s*$")  # sigma_1 >= ... >= sigma_r > 0
_NUMBERED_LIST = re.compile(r"^\s*(\\[A-Za-z]+|[A-Za-z])_(?:\{?1\}?\s*,\s*(?:\1_\{?2\}?\s*,\s*)?\\[lc]?dots\s*,\s*\1_"
                            r"\{?(?:[A-Za-z]|\d+)\}?|\{?[ijk]\}?)\s*$")  # lambda_1, ..., lambda_n, or lambda_i
_SPECTRUM_WORDS = re.compile(r"\b(eigen-?values|singular values)\b([^$.;:]{0,30})$", re.IGNORECASE)
_MATRIX_LETTER = re.compile(r"\$\s*(?:\\mathbf\{)?([A-Z])\}?\s*(?:\\in\b[^$]*)?\$|(?<![\w$\\])([A-Z])(?![\w$])")


def _numbered_spectrum(formula: Formula) -> str | None:
    """What "let A be symmetric with eigenvalues $\\lambda_1 \\ge \\dots \\ge \\lambda_n$" names, as the definition
    ``\\lambda = \\operatorname{eig}(A)`` (largest first; ``-\\operatorname{eig}(-A)`` when listed smallest first),
    or the singular values ``\\sigma = \\operatorname{sv}(A)``. The matrix is the one the words name: "of A"
    right after, or the last matrix letter of the sentence before them (not the article in "A symmetric ...")."""
    around = formula.prose_around()
    chain = _NUMBERED_CHAIN.match(formula.latex) or _NUMBERED_LIST.match(formula.latex)
    if around is None or chain is None:
        return None
    sentence = _opening(around[0]).lstrip()
    words = _SPECTRUM_WORDS.search(sentence)
    if words is None:
        return None
    after = re.match(r"\s*of\s+(?:\$?\s*|(?:an?\s+|the\s+)?(?:[a-z-]+\s+){0,3}?\$\s*)(?:\\mathbf\{)?([A-Z])\b",
                     around[1]) or re.search(
        r"\bof\s+\$?\s*(?:\\mathbf\{)?([A-Z])\b", words.group(2))
    letters = [m.group(1) or m.group(2) for m in _MATRIX_LETTER.finditer(sentence[:words.start()])
               if not (m.start() == 0 and m.group(2) and re.match(r"A\s+[a-z]", sentence))]
    matrix = after.group(1) if after else letters[-1] if letters else None
    if matrix is None:
        return None
    symbol = chain.group(1)
    ascending = chain.re is _NUMBERED_CHAIN and chain.group(2) in ("<", "\\le", "\\leq")  # a list has no order
    if words.group(1).lower().startswith("singular"):
        return None if ascending else rf"{symbol} = \operatorname{{sv}}({matrix})"
    spectrum = rf"-\operatorname{{eig}}(-{matrix})" if ascending else rf"\operatorname{{eig}}({matrix})"
    return f"{symbol} = {spectrum}"


def _said_in_words(formula: Formula) -> list[tuple[str, bool, bool]]:
    """"Let $A \\in \\mathbb{R}^{n \\times n}$ be symmetric positive definite", "$f$ is convex", "a one-hot
    label $y$", "for invertible A", "$X$ is Poisson with rate $\\lambda$": what is said of a symbol, as the
    formula the compiler reads (``A \\succ 0``, ``f \\text{ convex}``, ``X \\sim \\mathrm{Poisson}(\\lambda)``),
    whether an "if" only supposes it, and whether the formula itself needs it (a letter named in the words
    before it: "an orthogonal matrix Q keeps norms: $\\|Qx\\| = \\|x\\|$")."""
    around = formula.prose_around()
    if around is None:
        return []
    supposes = bool(set(sentence_before(formula)) & _SUPPOSING)
    named = _NAMED.match(formula.latex)
    if named is not None and (distribution := _distribution_in_words(named.group(1), around[1])) is not None:
        return [(distribution, supposes, False)]
    said: dict[str, bool] = {}  # "if $f$ is convex, then ...": supposed for the rest of its sentence only
    sentence = _opening(around[0])
    whole = sentence + f"${formula.latex}$" + _closing(around[1])
    earlier = [text for text in _SENTENCE_BREAK.split(around[0])[:-1]  # "Let U be uniform on [a, b]. Then $...$"
               if not set(re.findall(r"[a-z]+", text.lower())) & _SUPPOSING]
    for text in (*earlier, whole):  # first: a space said after a property would widen it (A symmetric, A in R^nxn)
        said.update(dict.fromkeys(_shapes_in_words(text), True))
    gap = re.split(r"\$|[.;!?]\s", around[0])[-1]  # the words since the last formula or sentence
    for symbol, words in _letters_said(gap):  # "for a symmetric n-by-n matrix S", "let A be orthogonal"
        said.update(dict.fromkeys(_property(words, symbol), True))
    for _, properties in _function_properties(sentence):
        said[properties] = True  # "if f is convex and L-smooth, then $...$"
    for weights in _weights_summing_to_one(sentence):
        said[rf"{weights} \in \Delta"] = True
    for law in [*_laws_of_letters(whole), *_moments_in_words(whole), *_samples_in_words(whole)]:
        said[law] = True  # "let T be exponential with rate $\lambda > 0$", "if X has mean μ"
    for text in earlier:
        said.update(dict.fromkeys([*_laws_of_letters(text), *_moments_in_words(text), *_samples_in_words(text)], True))
    if named is not None and (independent := _independent(named.group(1), sentence, around[1])):
        said[independent] = False
    if named is not None:
        after = re.match(r"(?:\s*(?:,|and)\s*\$[^$]*\$)*"  # "$P \in ..$ and $P' \in ..$ be permutation matrices"
                         r"\s*,?\s*(?:(?:is|be|are)\s+)?(?:both\s+|also\s+|a\s+|an\s+)*(?![a-z-]+\s*(?:/|or\b))(.*)",
                         around[1][:60].lower())  # "$A \in ..$ symmetric", but not "$f$ convex/concave"
        before = re.search(rf"(?<![\w-])({_ADJECTIVES})(?:\s+(?!{_CLAUSE_WORDS})[\w-]+){{0,3}}?\s*$", gap,
                           re.IGNORECASE)  # "symmetric matrix $A$", not "A is PSD if for all $x$"
        said.update(dict.fromkeys(_property(after.group(1) if after else "", named.group(1)), False))
        said.update(dict.fromkeys(_property(before.group(1) if before else "", named.group(1)), False))
    return [*((law, True, True) for law in _law_of_the_heading(formula, sentence)),
            *((latex, supposes, before) for latex, before in said.items())]


_SIGN_WORDS = {"negative": "<", "positive": ">", "nonnegative": r"\ge", "non-negative": r"\ge", "nonzero": r"\neq",
               "non-zero": r"\neq", "nonpositive": r"\le", "non-positive": r"\le"}
_SIGN = (rf"(?:for|when|if|with)\s+(?:all\s+|every\s+|any\s+|an?\s+)?({'|'.join(_SIGN_WORDS)})\s+"
         r"(?:random\s+variables?\s+|variables?\s+)?\$?([A-Za-z])\$?(?![\w])")


def _signs_in_words(formula: Formula) -> list[str]:
    """"For negative x we have $f'(x) = \\alpha$", "$\\mathrm{ReLU}'(x) = 0$ for negative x": the sign
    conditions a sentence puts on a formula's symbols, as the formulas the compiler reads (``x < 0``)."""
    around = formula.prose_around()
    if around is None:
        return []
    before = _opening(around[0])
    after = re.match(rf"\s*,?\s*{_SIGN}", around[1], re.IGNORECASE)  # it overrides the sentence's opening
    found = [after] if after else list(re.finditer(_SIGN, before, re.IGNORECASE))
    signs = [f"{m.group(2)} {_SIGN_WORDS[m.group(1).lower()]} 0" for m in found
             if re.search(rf"(?<![A-Za-z\\]){m.group(2)}(?![A-Za-z])", formula.latex)]
    plain = re.match(rf"\s*,?\s*{_PLAIN_CONDITION}", around[1])  # "For z < 0 ...", "For K = 2 it ..." (no $)
    plain_found = [plain] if plain else list(re.finditer(_PLAIN_CONDITION, re.sub(r"\$[^$]*\$", " ", before)))
    return signs + [f"{m.group(1)} {_PLAIN_RELATIONS[m.group(2)]} {m.group(3)}" for m in plain_found
                    if m.group(1).isupper() or re.search(rf"(?<![A-Za-z\\]){m.group(1)}(?![A-Za-z])", formula.latex)]


_PLAIN_RELATIONS = {"<": "<", ">": ">", "=": "=", "<=": r"\le", ">=": r"\ge", "≤": r"\le", "≥": r"\ge", "≠": r"\neq",
                    "!=": r"\neq"}
_NUMBER = r"-?\d+(?:\.\d+)?"
_PLAIN_CONDITION = (r"\b(?:[Ff]or|[Ww]hen|[Ii]f)\s+(?:all\s+|every\s+)?([A-Za-z])\s*(<=|>=|!=|[<>=≤≥≠])\s*"
                    rf"({_NUMBER})(?![\w.$])")


_FUNCTION_PROPERTY = re.compile(r"(?:[$*_]*(\\?[A-Za-z]+|μ)[$*_]*\s*-\s*)?(strongly[ -]convex|smooth|convex|concave)",
                                re.IGNORECASE)
_CONSTANT_NAMES = {"μ": r"\mu", "mu": r"\mu", "beta": r"\beta", "β": r"\beta"}
_ALTERNATIVES = re.compile(r"(?:convex|concave)\s*(?:/|\bor\b)\s*(?:strictly\s+)?(?:convex|concave)", re.IGNORECASE)


def _function_properties(sentence: str) -> list[tuple[str, str]]:
    """"If f is convex and L-smooth", "for f both μ-strongly convex and L-smooth", "for convex f": each
    function letter with a formula stating one of its properties (``f \\text{ convex}``,
    ``f \\text{ is } L\\text{-smooth}``)."""
    found: list[tuple[str, str]] = []
    sentence = _ALTERNATIVES.sub(" either ", sentence)  # "f convex/concave, then ... ≤ / ≥ ...": neither is said
    clauses = [*((m.group(1), m.group(2)) for m in re.finditer(
        r"(?<![\w$\\])\$?([fgh])\$?,?\s+(?:is\s+|be\s+|are\s+)?(?:both\s+|also\s+)?((?:[^\s,.:;]*\s*-?\s*)?"
        r"(?:strongly[ -]convex|smooth|convex|concave)(?:\s*(?:,|and)\s*\$?[^\s,.:;]*?\$?\s*-?\s*"
        r"(?:strongly[ -]convex|smooth|convex|concave))*)", sentence)),
        *((m.group(2), m.group(1)) for m in re.finditer(
            r"(?:for|let|a|an)\s+(convex|concave)\s+(?:function\s+)?\$?([fgh])\$?(?![\w$])", sentence, re.IGNORECASE))]
    for letter, words in clauses:
        parts = []
        for m in _FUNCTION_PROPERTY.finditer(words):
            constant = _CONSTANT_NAMES.get(m.group(1) or "", m.group(1))
            kind = m.group(2).lower().replace(" ", "-")
            if kind == "strongly-convex":  # without its constant it says nothing the families can draw
                if constant:
                    parts.append(rf"{letter}\ {constant}\text{{-strongly convex}}")
            elif kind == "smooth":
                if constant:
                    parts.append(rf"{letter} \text{{ is }} {constant}\text{{-smooth}}")
            else:
                parts.append(rf"{letter} \text{{ {kind}}}")
        found += [(letter, part) for part in parts]
    return found


_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "varepsilon", "η": "eta", "θ": "theta",
          "λ": "lambda", "μ": "mu", "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi", "ω": "omega"}


def latex_name(word: str) -> str:
    """A name as LaTeX the compiler reads back: ``θ`` or ``theta`` -> ``\\theta``, ``x`` -> ``x``, ``C_out`` ->
    ``C_{\\mathrm{out}}``."""
    if "_" in word:  # a name the compiler gave x_1 or C_{\mathrm{out}}
        base, label = word.split("_", 1)
        return latex_name(base) + "_{" + (label if label.isdigit() else "\\mathrm{" + label + "}") + "}"
    word = _GREEK.get(word, word)
    return word if len(word) == 1 or word.startswith("\\") else "\\" + word


def _symbol_names(word: str) -> tuple[str, ...]:
    """The names a letter in prose may have in a formula: ``ε`` is ``varepsilon`` or ``epsilon``."""
    name = _GREEK.get(word, word).lstrip("\\")
    return (name, "epsilon") if name == "varepsilon" else (name,)


def _weights_summing_to_one(sentence: str) -> list[str]:
    """"nonnegative weights θ_1, …, θ_k summing to one": the weights lie on the simplex (``\\theta \\in \\Delta``)."""
    if not re.search(r"sum(?:s|ming)?\s+to\s+(?:one|1)\b|convex combination", sentence, re.IGNORECASE):
        return []
    return [latex_name(w) for w in re.findall(r"weights?\s+\$?\\?([A-Za-z]+|[α-ω])", sentence)]


_LETTERS = r"((?:\\?[A-Za-z]+|[α-ω])(?:\s*,\s*(?:\\?[A-Za-z]+|[α-ω]))*)"
_SIGNED_LIST = re.compile(rf"(?<![\w\\]){_LETTERS}\s*(≥|>=|>|\\geq?|\\ge)\s*0(?![\d.])")
_NOT_DEFINITE = r"(?![ -](?:semi-?)?definite)"  # a positive definite matrix has no sign
_SIGNED_WORDS = re.compile(rf"\b(?:non-?negative|positive){_NOT_DEFINITE}\s+"
                           rf"(?:(?:real|numbers?|reals|scalars?|entries|values)\s+)?\$?{_LETTERS}\$?", re.IGNORECASE)
_SIGNED_SUBJECT = re.compile(rf"(?<![\w\\$])\$?([A-Za-z])\$?\s+(?:is|are)\s+"
                             rf"(?:non-?negative|positive)\b{_NOT_DEFINITE}")
_PROBABILITY_VECTORS = re.compile(r"\b(?:probability\s+vectors?|distributions?)\s+"
                                  r"((?:\$?[a-z]\$?(?:\s*,\s*|\s+and\s+)?)+)")


def signs_in_sentence(text: str) -> tuple[dict[str, str], set[str]]:
    """What a sentence says, with or without dollars, of signs ("for a, b ≥ 0", "any ε > 0", "nonnegative x",
    "X is positive") and of probability vectors ("probability vectors p and q"): each symbol name with its
    relation to 0 (``>`` or ``\\ge``), and the names that lie on the simplex."""
    said: dict[str, str] = {}
    signs_only = re.sub(r"\$[^$]*\$", lambda f: f[0] if _SIGNED_LIST.fullmatch(f[0].strip("$ ")) else " ", text)
    for m in _SIGNED_LIST.finditer(signs_only):  # "for $a, b \ge 0$", not the x of "$x^\top A x \ge 0$"
        for letter in re.split(r"\s*,\s*", m.group(1)):
            said.update(dict.fromkeys(_symbol_names(letter), ">" if m.group(2) == ">" else r"\ge"))
    for m in [*_SIGNED_WORDS.finditer(text), *_SIGNED_SUBJECT.finditer(text)]:
        for letter in re.split(r"\s*,\s*", m.group(1)):
            for name in _symbol_names(letter):
                said.setdefault(name, r"\ge")
    simplex = {letter for m in _PROBABILITY_VECTORS.finditer(text) for letter in re.findall(r"[a-z]", m.group(1))}
    return said, simplex


Bound = tuple[str, str, Callable[[float], bool]]  # symbol name, the bound as a formula, the bound as a test


def plain_bounds(text: str) -> list[Bound]:
    """Every numeric bound the text states in plain text ("for z < 0 and 0 < α < 1"), in order: the symbol's
    name, the condition as a formula (``0 < \\alpha < 1``) and as a test of a value."""
    prose = re.sub(r"\$[^$]*\$", " ", text)
    found: list[Bound] = []
    for m in _PLAIN_BOUND.finditer(prose):
        low, low_op, letter, high_op, high = m.groups()
        if not (low or high):
            continue
        latex = "".join([f"{low} {_PLAIN_RELATIONS[low_op]} " if low else "", latex_name(letter),
                         f" {_PLAIN_RELATIONS[high_op]} {high}" if high else ""])

        def holds(value: float, low: str | None = low, low_op: str | None = low_op, high: str | None = high,
                  high_op: str | None = high_op) -> bool:
            return ((low is None or _COMPARE[low_op or ""](float(low), value))
                    and (high is None or _COMPARE[high_op or ""](value, float(high))))

        found += [(name, latex, holds) for name in _symbol_names(letter)]
    return found


def bounds_in_sentence(text: str) -> dict[str, tuple[str, Callable[[float], bool]]]:
    """The bound a sentence states last on each symbol (see ``plain_bounds``)."""
    return {name: (latex, holds) for name, latex, holds in plain_bounds(text)}


_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge, "≤": operator.le, "≥": operator.ge}
_PLAIN_BOUND = re.compile(rf"(?<![\w.])(?:({_NUMBER})\s*(<=|<|≤)\s*)?(?<![\w\\])([A-Za-zα-ωΑ-Ω])(?![\w(])\s*"
                          rf"(?:(<=|>=|<|>|≤|≥)\s*({_NUMBER})(?![\w.]))?")


_INDEPENDENT = re.compile(r"\bindependent(?:ly)?\b|\bi\.?i\.?d\b", re.IGNORECASE)


_RANDOM_SIGN = re.compile(r"\b(non-?negative|positive)\s+(?:random\s+variables?|r\.?v\.?)\s+\$?([A-Z])\$?(?![\w$])",
                          re.IGNORECASE)  # "for a nonnegative random variable X": X >= 0


def _independence_in_words(sentence: str) -> list[str]:
    """"If X and Y are independent", "for independent X and Y", "if X ~ N(μ₁, σ₁²) and Y ~ N(μ₂, σ₂²) are
    independent": ``X \\perp Y`` (letters with or without $)."""
    letter = r"\$?([A-Z])(?:\s*(?:~|∼|\\sim)\s*[^\s$()]*\([^()]*\))?\$?"  # "X ~ N(μ₁, σ₁²) and Y ~ ... are"
    pairs = [m.groups() for m in re.finditer(
        rf"(?<![\w$]){letter}\s+and\s+{letter}\s+(?:are|be)\s+(?:mutually\s+)?independent\b|"
        rf"\bindependent\s+(?:random\s+variables\s+)?{letter}\s+and\s+{letter}(?![\w$])", sentence)]
    return [f"{a or c} \\perp {b or d}" for a, b, c, d in pairs]


def _independent(symbol: str, before: str, after: str) -> str | None:
    """"Let $X$ and $Y$ be independent": ``X \\perp Y``, said once, at the first variable the sentence names."""
    sentence = before + f"${symbol}$" + _closing(after)
    letters = list(dict.fromkeys(re.findall(r"\$([A-Z])\$", sentence)))
    if len(letters) < 2 or letters[0] != symbol or not _INDEPENDENT.search(sentence) \
            or re.search(r"\bnot (?:necessarily )?(?:be )?independent", sentence, re.IGNORECASE):
        return None
    return " \\perp ".join(letters)


def _property(words: str, symbol: str) -> list[str]:
    """The formula stating the property ``words`` begin with, of ``symbol`` (none when they name none)."""
    for phrase, template in _PROPERTY_PHRASES:
        if re.match(rf"(?:{phrase})\b", words.lower()):
            return [template.format(x=symbol)]
    return []


_CLAUSE_WORDS = r"(?:if|iff|for|when|whenever|then|is|are|and|or|but|so)\b"
_COUNT_SAID = re.compile(r"\b(with|for|in)\s+(?:one|two|three|four|a single|\d+)\s+(?:classes|categories|dimensions"
                         r"|outcomes|labels|states|actions|arms|layers)\b", re.IGNORECASE)
_NEGATED_CONDITION = re.compile(r"\bnot\b|n't\b|\bnon-?(?:symmetric|invertible|square|orthogonal|convex)\b",
                                re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:unless|not|nor|never|without|fails?)\b[^,.;:]*$", re.IGNORECASE)


def _letters_said(prose: str) -> list[tuple[str, str]]:
    """(letter, property words) for symbols named in words: "symmetric n-by-n matrix S", "invertible A",
    "A is orthogonal", "let A be symmetric positive definite"."""
    noun = r"(?:\s+(?:(?!and\b|or\b)[\w-]{2,}\s+){0,2}?(?:matrix|matrices|vectors?|labels?|targets?|encodings?))?"
    found: list[tuple[str, str]] = []
    for m in re.finditer(rf"(?<![\w-])((?:(?:{_ADJECTIVES})\s+)*(?:{_ADJECTIVES})){noun}\s+([A-Za-z])"
                         r"(?:\s+and\s+([A-Za-z]))?(?![\w$-])", prose, re.IGNORECASE):
        if _NEGATED.search(prose[:m.start()]):
            continue
        letters = [x for x in m.group(2, 3) if x and x.isupper() == m.group(2).isupper()]  # not "symmetric A and b"
        found += [(letter, adjective) for adjective in re.findall(_ADJECTIVES, m.group(1), re.IGNORECASE)
                  for letter in letters]  # "invertible square A"
    for m in re.finditer(rf"(?<![\w-])([A-Za-z])(?:\s+and\s+([A-Za-z]))?\s+(?:itself\s+|themselves\s+)?(?:is|are|be)\s+"
                         rf"(?:both\s+)?(?:an?\s+)?"
                         rf"({_ADJECTIVES})", prose, re.IGNORECASE):  # "A is orthogonal", "let A and B be PSD"
        if not _NEGATED.search(prose[:m.start()]):  # "unless A is PSD", "when A is not symmetric"
            found += [(letter, m.group(3)) for letter in m.group(1, 2) if letter]
    return [(letter, words) for letter, words in found if letter not in ("a", "I")]  # an article, a pronoun


# family word -> (the notation's family, the words naming its parameters in the notation's order)
_FAMILY_WORDS = {
    "poisson": (r"\operatorname{Poisson}", (("rate", "mean", "parameter", "intensity"),)),
    "bernoulli": (r"\operatorname{Bernoulli}", (("parameter", "probability", "mean"),)),
    "geometric": (r"\operatorname{Geom}", (("parameter", "probability"),)),
    "exponential": (r"\operatorname{Exp}", (("rate", "parameter"),)),
    "binomial": (r"\operatorname{Binomial}", (("n", "trials", "parameters"), ("p", "probability", "and"))),
    "normal": (r"\mathcal{N}", (("mean",), ("variance",))),
    "gaussian": (r"\mathcal{N}", (("mean",), ("variance",))),
    "uniform": (r"\mathcal{U}", (("on", "over", "in", "between"),)),
}
_FAMILIES = "|".join(_FAMILY_WORDS)
_FAMILY = re.compile(rf"\s*,?\s*(?:is|be|follows|has)\s+(?:a\s+|an\s+)?(standard\s+)?({_FAMILIES})(?:ly)?\b([^.;:]*)",
                     re.IGNORECASE)
_FAMILY_NAMED = re.compile(rf"\b(?:{_FAMILIES}|gamma|beta|laplace|categorical|multinomial)\b|\b[A-Z][a-z]*\(|\\sim",
                           re.IGNORECASE)


def _distribution_in_words(name: str, after: str) -> str | None:
    """``name \\sim Family(args)`` for "is Poisson with rate $\\lambda$", "is a standard normal", "is
    uniform on $[a, b]$", "is Gaussian with mean $\\mu$ and variance $\\sigma^2$", else None."""
    if plain := _PLAIN_LAW.match(after):  # "X be N(μ, σ²)", "be Bernoulli(p)", "X ~ N(0, 1)" in plain text
        arguments = ", ".join(_plain_latex(part.strip()) for part in plain.group(2).split(","))
        return rf"{name} \sim {_PLAIN_LAWS[plain.group(1)]}({arguments})"
    found = _FAMILY.match(after)
    if found is None:
        return None
    standard, word, rest = found.group(1), found.group(2).lower(), re.split(r",\s*then\b", found.group(3))[0]
    notation, parameters = _FAMILY_WORDS[word]
    if standard:
        return rf"{name} \sim \mathcal{{N}}(0, 1)" if word in ("normal", "gaussian") else None
    written = [(m.group(1).lower(), _parameter(m.group(2)))
               for m in re.finditer(r"([A-Za-z]+)\s*\$([^$]+)\$", rest)]  # "rate $\lambda > 0$": lambda
    written = written or [(m.group(1).lower(), _plain_latex(m.group(2))) for m in re.finditer(  # "mean μ" in plain text
        r"\b(mean|variance|deviation|rate|parameter|probability|intensity)\s+([^\s,;.$]+)", rest, re.IGNORECASE)]
    if word == "uniform" and (plain := re.match(r"\s*(?:on|over)\s+\[([^\],$]+),\s*([^\]$]+)\]", rest)):
        return rf"{name} \sim \mathcal{{U}}({plain.group(1)}, {plain.group(2)})"  # "uniform on [a, b]" in words
    if word == "uniform":
        interval = re.fullmatch(r"\s*[\[(]\s*([^,]+),\s*([^,]+?)\s*[\])]\s*", written[0][1]) if written else None
        if interval is None and len(written) == 2 and written[0][0] == "between" and written[1][0] == "and":
            return rf"{name} \sim \mathcal{{U}}({written[0][1]}, {written[1][1]})"
        return None if interval is None else rf"{name} \sim \mathcal{{U}}({interval.group(1)}, {interval.group(2)})"
    if len(written) != len(parameters):
        return None
    args = []
    for (said, latex), words in zip(written, parameters, strict=True):
        if said in ("deviation", "std") and word in ("normal", "gaussian"):
            latex = f"({latex})^2"
        elif said not in words and not (said == "and" and len(parameters) == 2):
            return None
        args.append(latex)
    return rf"{name} \sim {notation}({', '.join(args)})"


_PLAIN_LAWS = {"N": r"\mathcal{N}", "Bernoulli": r"\operatorname{Bernoulli}", "Ber": r"\operatorname{Bernoulli}",
               "Poisson": r"\operatorname{Poisson}", "Exp": r"\operatorname{Exp}", "Geom": r"\operatorname{Geom}",
               "Bin": r"\operatorname{Bin}", "U": r"\mathcal{U}"}
_PLAIN_LAW = re.compile(rf"\s*(?:is|be|~|∼)\s+(?:distributed\s+(?:as\s+)?)?({'|'.join(_PLAIN_LAWS)})"
                        r"\(([\w.,\s λμσ²^₀-₉-]+)\)")
SAMPLE_TAIL = r"(?:₁|_\{?1\}?)\s*,\s*(?:…|\.\.\.|\\[lc]?dots)\s*,\s*\1(?:ₙ|_\{?[a-z]\}?)"  # after the X of X_1
_SAMPLE = re.compile(rf"\$?\s*([A-Z]){SAMPLE_TAIL}\s*\$?"
                     r"\s*,?\s*(?:are|be|is)\s+(?:an?\s+)?(?:iid|i\.i\.d\.?|independent(?:\s+and\s+identically\s+distributed)?)"
                     r"(?![\w.])([^.;]*)")


def _samples_in_words(prose: str) -> list[str]:
    """"Let $X_1, \\dots, X_n$ be iid Bernoulli(p)", "X₁, …, Xₙ are iid copies of a random variable X": the
    sample as ``X_i \\sim \\operatorname{Bernoulli}(p)`` or ``X_i \\sim X`` (copies of an X of any law, the law
    being unsaid)."""
    found = []
    for m in _SAMPLE.finditer(prose):
        letter, rest = m.group(1), m.group(2)
        copies = re.match(r"\s*copies\s+of\s+(?:an?\s+)?(?:random\s+variable\s+)?\$?([A-Z])\$?", rest)
        law = _distribution_in_words(f"{letter}_i", " is " + rest.lstrip())
        if law is not None:
            found.append(law)
        elif (copies is not None and copies.group(1) == letter) or (
                copies is None and not _FAMILY_NAMED.search(rest)):
            found.append(f"{letter}_i \\sim {letter}")
    return found


_LAW_HEADING = re.compile(rf"^\s*(?:for\s+|under\s+)?(?:an?\s+|the\s+)?(standard\s+)?({_FAMILIES})\b"
                          r"(?:\s+(?:distribution|law|random\s+variables?|variables?))?((?:[^$:,;]|\$[^$]*\$)*)",
                          re.IGNORECASE)
_ABOUT_A_LAW = re.compile(r"\\mathbb\{E\}|\\(?:mathrm|operatorname)\{(?:Var|Cov)\}|(?<![\w\\])P\(|\\Pr\b")


def _law_of_the_heading(formula: Formula, sentence: str) -> list[str]:
    """"Uniform on $[a, b]$: $\\mathbb{E}[X] = ...$", "Exponential with rate $\\lambda$, ...: $...$": a sentence
    that opens with a law names the law of the one random letter of its formulas."""
    heading = _LAW_HEADING.match(sentence)
    if heading is None or not _ABOUT_A_LAW.search(formula.latex):
        return []
    letters = [name for name in formula_role(formula.latex).symbols if re.fullmatch(r"[A-HJ-Z]", name)]
    if len(letters) != 1:
        return []
    law = _distribution_in_words(letters[0], f" is {heading.group(1) or ''}{heading.group(2)}{heading.group(3)}")
    return [law] if law is not None else []


def _plain_latex(text: str) -> str:
    """A parameter written in plain text (``μ``, ``σ²``, ``0.5``) as LaTeX."""
    return re.sub(r"[A-Za-z]+|.", lambda m: latex_name(m.group()) + " " if m.group() in _GREEK or m.group() in
                  _GREEK.values() else "^2" if m.group() == "²" else f"_{ord(m.group()) - ord('₀')}" if
                  "₀" <= m.group() <= "₉" else m.group(), text).strip()


def _parameter(latex: str) -> str:
    """A parameter written with its condition (``\\lambda > 0``): the parameter."""
    return re.split(r"\s*(?:[<>]|\\[lg]eq?\b|\\in\b)", latex, maxsplit=1)[0].strip()


def _laws_of_letters(prose: str) -> list[str]:
    """"Let T be exponential with rate $\\lambda > 0$", "if X is Poisson with rate $\\lambda$": the law of a
    letter named in words, as ``T \\sim \\operatorname{Exp}(\\lambda)``."""
    said = [(m.group(1), prose[m.end() - 1:])
            for m in re.finditer(r"(?<![\w$\\])([A-Z])\s+(?=(?:is|be|follows|has)\b|[~∼]\s)", prose)]
    said += [(m.group(1), " is " + prose[m.end():])  # "for X normal with mean μ and variance σ²"
             for m in _LETTER_OF_FAMILY.finditer(prose)]
    for m in _LETTERS_OF_FAMILY.finditer(prose):  # "X and Y, normal with means μ₁, μ₂ and variances σ₁², σ₂²"
        family, first, second = m.group(3), m.group(4, 5, 6), m.group(7, 8, 9)
        for k, letter in enumerate(m.group(1, 2)):
            words = f" is {family} with {first[0]} {first[k + 1]}"
            said.append((letter, words + (f" and {second[0]} {second[k + 1]}" if second[0] else "")))
    return [law for letter, after in said if (law := _distribution_in_words(letter, after)) is not None]


_PLURAL_FAMILIES = "|".join(w for w in _FAMILY_WORDS if w not in ("binomial", "uniform"))  # one word per parameter
_LETTERS_OF_FAMILY = re.compile(rf"(?<![\w$\\])([A-Z])\s+and\s+([A-Z]),?\s+(?:are\s+|both\s+)*({_PLURAL_FAMILIES})"
                                r"\s+with\s+([a-z]+?)s\s+([^,\s]+),\s*([^,\s]+?)"
                                r"(?:,?\s+and\s+([a-z]+?)s\s+([^,\s]+),\s*([^,\s;]+?))?(?=[\s,.;]|$)", re.IGNORECASE)
_LETTER_OF_FAMILY = re.compile(rf"(?<![\w$\\])([B-HJ-Z])\s+(?=(?i:{_FAMILIES})\b)")  # not the article A, nor I


_MEAN = r"\$?(\\mu|μ|m)\$?"
_SPREAD = r"\$?(\\sigma\^\{?2\}?|σ\^?\{?2\}?|σ²|\\sigma|σ|s\^2)\$?"
_POSITIVE = r"(?:\s*(?:>|\\gt)\s*0)?"
_MOMENTS_OF_HOLDER = re.compile(  # of X, or of the law of a sample X_1, ..., X_n
    rf"(?<![\w$\\])\$?([A-Z])(?:{SAMPLE_TAIL})?\$?\s+(?:(?:are|be|is)\s+)?"
    r"(?:(?:iid|i\.i\.d\.?|independent|identically distributed)\s*,?\s*)*"
    rf"(?:has|have|having|with)\s+(?:a\s+|common\s+|finite\s+)*mean\s+{_MEAN}"
    rf"(?:\s*(?:,|and)\s*(?:a\s+|common\s+|finite\s+)*(variance|standard deviation)\s+{_SPREAD})?")
_MOMENTS_NAMED = re.compile(rf"(?<![\w$\\]){_MEAN}{_POSITIVE}\s+and\s+{_SPREAD}{_POSITIVE}\s+(?:are|denote)\s+the\s+"
                            r"mean\s+and\s+(variance|standard deviation)\s+of\s+(?:the\s+)?(?:random\s+variable\s+)?"
                            r"\$?([A-Z])(?![\w(])")
_MEAN_OF_LETTER = re.compile(rf"\b(?i:the)\s+mean\s+of\s+\$?([A-Z])\$?\s+is\s+{_MEAN}(?:\s*(?:,|and)\s*(?:its|the)\s+"
                             rf"(variance|standard deviation)(?:\s+of\s+\$?[A-Z]\$?)?\s+is\s+{_SPREAD})?")


_IN_SPACE = r"(?:\s+in\s+\$?(?:R|ℝ|\\mathbb\{R\})\^\{?([a-z0-9])\}?\$?)?"
_RANDOM_VECTOR = re.compile(
    rf"(?:\brandom\s+vector\s+\$?([A-Za-z])\$?{_IN_SPACE}|(?<![\w$\\])\$?([A-Za-z])\$?\s+(?:be|is)\s+an?\s+random\s+"
    rf"vector{_IN_SPACE}),?\s+(?:with|has|have|having)\s+mean\s+(?:vector\s+)?{_MEAN}(?:\s*(?:,|and)\s*(?:a\s+)?"
    r"covariance(?:\s+matrix)?\s+\$?(\\Sigma|Σ|S|C)\$?(?!\s*:?=))?")


def _random_vectors_in_words(prose: str) -> list[str]:
    """"Let X be a random vector in R^d with mean m and covariance matrix Σ": its space and the moments it
    names, as ``X \\in \\mathbb{R}^{d}``, ``m = \\mathbb{E}[X]``, ``\\Sigma = \\operatorname{Cov}(X)``."""
    found = []
    for m in _RANDOM_VECTOR.finditer(prose):
        letter, space = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if space:
            found.append(f"{letter} \\in \\mathbb{{R}}^{{{space}}}")
        found.append(f"{latex_name(m.group(5))} = \\mathbb{{E}}[{letter}]")
        if m.group(6):
            found.append(f"{latex_name(m.group(6))} = \\operatorname{{Cov}}({letter})")
    return found


_ROWS, _COLUMNS = r"(?P<rows>[a-z]|[1-9]\d?)", r"(?P<columns>[a-z]|[1-9]\d?)"
_BY = r"\s*(?:×|x|\\times|-by-|\s+by\s+)\s*"
_SIZE = rf"\$?{_ROWS}(?:{_BY}{_COLUMNS})?\$?"
_LETTERS_NAMED = (r"\$?(?:\\mathbf\{|\\boldsymbol\{)?(?P<first>[A-Za-z])\}?\$?(?:\s*(?:,|and|,\s*and)\s*"
                  r"(?!an?\s+[A-Za-z]{2})"  # not "A and a vector b"
                  r"\$?(?:\\mathbf\{|\\boldsymbol\{)?(?P<second>[A-Za-z])\}?\$?)?")
_SHAPES_SAID = tuple(re.compile(pattern) for pattern in (
    rf"(?<![\w\\])\$?{_ROWS}{_BY}{_COLUMNS}\$?\s+(?:(?:real|square|symmetric|invertible|diagonal|fixed|data|design|"
    rf"weight|positive|semi-?definite|definite|orthogonal)\s+)*matri(?:x|ces)\s+{_LETTERS_NAMED}(?![\w$(])",
    rf"(?<![\w\\$])(?<!of\s)(?<!of\s\$){_LETTERS_NAMED}\s+(?:is|are|be)\s+(?:both\s+)?(?:an?\s+)?\$?{_ROWS}{_BY}"
    rf"{_COLUMNS}\$?(?:\s+matri(?:x|ces))?(?![\w$])",  # "B is n × n", "let A be m × n", not "the transpose of A is"
    rf"\b(?:matri(?:x|ces)|vectors?)\s+{_LETTERS_NAMED}\s+(?:in|∈)\s+\$?(?:R|ℝ|\\mathbb\{{R\}})\^\{{?{_ROWS}"
    rf"(?:{_BY}{_COLUMNS})?\}}?\$?",  # "a vector b in R^k", "a matrix W in R^{m × n}"
    rf"\b(?:matri(?:x|ces)|vectors?)\s+{_LETTERS_NAMED}\s+of\s+(?:size|shape|dimension|length)\s+{_SIZE}(?![\w$])",
    rf"(?<![\w\\])\$?{_ROWS}\$?-(?:dimensional\s+)?vectors?\s+{_LETTERS_NAMED}(?![\w$(])",  # "an n-vector x"
))


def _shapes_in_words(prose: str) -> list[str]:
    """"a k × d matrix A and a vector b in R^k", "B is n-by-n", "an n-vector x": the spaces the words give
    letters, as ``A \\in \\mathbb{R}^{k \\times d}``: without them a matrix might be drawn square, or as a
    random variable inside a covariance."""
    found = []
    for pattern in _SHAPES_SAID:
        for m in pattern.finditer(prose):
            columns = m.groupdict().get("columns")
            space = m["rows"] + (f" \\times {columns}" if columns else "")
            found += [f"{letter} \\in \\mathbb{{R}}^{{{space}}}" for letter in (m["first"], m["second"]) if letter]
    return found


def _moments_in_words(prose: str) -> list[str]:
    """"If X has mean μ and variance σ²", "X₁, …, Xₙ iid with mean μ and standard deviation σ", "μ and σ² are
    the mean and variance of X": the moments a letter (or the law of a sample) names, as the definitions
    ``\\mu = \\mathbb{E}[X]``, ``\\sigma^2 = \\operatorname{Var}(X)``."""
    said = [m.groups() for m in (*_MOMENTS_OF_HOLDER.finditer(prose), *_MEAN_OF_LETTER.finditer(prose))]
    said += [(letter, mean, kind, spread) for mean, spread, kind, letter in
             (m.groups() for m in _MOMENTS_NAMED.finditer(prose))]
    found = _random_vectors_in_words(prose)
    for letter, mean, kind, spread in said:
        found.append(f"{latex_name(mean)} = \\mathbb{{E}}[{letter}]")
        if spread:
            name = latex_name(bare := re.sub(r"\^\{?2\}?|²", "", spread))
            variance = f"\\operatorname{{Var}}({letter})"
            squared = kind == "variance" or bare != spread
            found.append(f"{name}^2 = {variance}" if squared else f"{name} = \\sqrt{{{variance}}}")
    return found


_FORWARD_WORDS = frozenset({"where", "with", "here"})
_FOR_EVERY = re.compile(r"\bfor(?:\s+(?:all|any|every|each))?\s*$", re.IGNORECASE)
_INTRODUCES_A_CONDITION = frozenset({"at", "if", "when", "whenever", "unless", "iff"})  # "... at $x = 0$"
_SUPPOSING = _INTRODUCES_A_CONDITION | {"suppose", "assume", "assuming"}  # what a sentence says is only supposed


def _section_layout(rows: Sequence[Formula], index: int) -> str | None:
    """"## Matrix derivatives (denominator layout)", "This section uses the numerator layout": the layout its
    heading names, else the one the section declares in words before the formula, else the one its prose names,
    else the one the text before the first section declares; right in another layout is wrong as written. A layout
    only mentioned ("the numerator-layout answer is wrong here") does not outweigh a declared one."""
    section = rows[index].section
    if heading := stated_layout(section or ""):  # "## 2. Matrix derivatives (denominator layout)"
        return heading
    own = rows[index].prose_around()
    texts = [rows[index].lead, own[0] if own else rows[index].context if rows[index].display else ""]
    for row in reversed(rows[_section_start(rows, index):index]):
        texts += [row.lead, row.context]
    named = _declared_layouts(texts) or named_layouts(*texts) or _declared_layouts(  # else the preamble's
        [text for row in rows if row.section is None for text in (row.lead, row.context)])
    if len(named) > 1:  # "we use numerator layout ... sometimes denominator layout is used": both stay open
        return None
    return named.pop() if named else None


def _declared_layouts(texts: Sequence[str]) -> set[str]:
    """The layouts ``texts`` declare as theirs ("For derivatives we use the denominator layout"); declared before
    the first section, a layout is the whole sheet's convention, where a section names none of its own."""
    return {(m.group(1) or m.group(2)).lower() for text in texts for m in _DECLARED_LAYOUT.finditer(text)}


_DECLARED_LAYOUT = re.compile(
    r"\b(?:uses?|using|adopts?|follows?|work(?:s|ing)? in|(?:is|are) in|written in)\W+(?:\w+\W+){0,3}?"
    r"(numerator|denominator)[\s~-]+layout|\b(numerator|denominator)[\s~-]+layout\W+(?:is used|throughout)",
    re.IGNORECASE)


def _section_prose(rows: Sequence[Formula], index: int) -> str:
    """The heading and paragraphs of a formula's section, up to its own paragraph."""
    paragraphs: dict[str, None] = {}
    for row in reversed(rows[_section_start(rows, index):index + 1]):
        paragraphs.update(dict.fromkeys(text for text in (row.context, row.lead) if text))
    return "\n".join([rows[index].section or "", *reversed(paragraphs)])


def _section_start(rows: Sequence[Formula], index: int) -> int:
    """The index of the first row of the section ``rows[index]`` is in."""
    first = index
    while first > 0 and rows[first - 1].section == rows[index].section:
        first -= 1
    return first


def _said_before(rows: Sequence[Formula], index: int) -> str:
    """The words of a formula's section that come before it: each paragraph up to its formulas (and on into a
    display block right after it), then the formula's own sentence up to it."""
    texts: list[str] = []
    for k in range(_section_start(rows, index), index + 1):
        texts.append(rows[k].lead)
        if (around := rows[k].prose_around()) is None:
            continue
        texts.append(around[0] if k == index else f"{around[0]}${rows[k].latex}$")
        if k < index and rows[k + 1].display and rows[k + 1].context != rows[k].context:
            texts.append(around[1])
    return "\n".join(dict.fromkeys(text for text in texts if text))


def _once(formulas: Sequence[Formula]) -> tuple[Formula, ...]:
    """Each formula once, where it first comes."""
    first: dict[str, Formula] = {}
    for formula in formulas:
        first.setdefault(formula.latex, formula)
    return tuple(first.values())


def _reading_order(rows: Sequence[Formula], roles: Sequence[Role]) -> list[int]:
    """Reading order, except that context introduced by "where" ("..., where $p = \\sigma(Xw)$"), or a
    definition written beside a statement in its display ("..., \\quad s = \\operatorname{softmax}(z)"), is read
    before the statement just before it, which it serves."""
    order = list(range(len(rows)))
    forward: set[int] = set()
    for k, row in enumerate(rows):
        word = _word_before(row)
        chained = word in ("and", None) and k - 1 in forward and row.line - rows[k - 1].line <= 1  # where A and B
        beside = k > 0 and row.display and rows[k - 1].display and row.line == rows[k - 1].line \
            and row.latex != rows[k - 1].latex and roles[k].kind == "definition"  # "... ,\quad s = softmax(z)"
        quantifier = roles[k].subjects and all(aspect == "space" for _, aspect in roles[k].subjects) and (
            _FOR_EVERY.search(around[0][-30:]) if (around := row.prose_around()) else False)  # "... for any $X \in$"
        if roles[k].kind == "statement" or (word not in _FORWARD_WORDS and not chained and not beside
                                            and not quantifier):
            continue
        forward.add(k)
        position = order.index(k)
        previous = order[position - 1] if position else None  # ", where $...$" follows the statement it serves
        if previous is not None and rows[previous].section == row.section and (
                roles[previous].kind == "statement" or previous in forward):
            back = position - 1
            while back > 0 and order[back] in forward:
                back -= 1
            order.insert(back, order.pop(position))
    return order


def sentence_before(formula: Formula) -> list[str]:
    """The words (lower case) of the sentence an inline formula stands in, up to the formula."""
    around = formula.prose_around()
    return [w.lower() for w in re.findall(r"[A-Za-z]+", _opening(around[0]) if around else "")]


_NOT_AN_END = r"(?<!i\.i\.d)(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)(?<!\bvs)(?<!\bresp)(?<!\bw\.r\.t)"  # "i.i.d. with"
_SENTENCE_BREAK = re.compile(rf"{_NOT_AN_END}[.;!?]\s")


def _opening(before: str) -> str:
    """The part of the sentence before a formula (``before`` is the paragraph's text up to it)."""
    return _SENTENCE_BREAK.split(before)[-1]


def _closing(after: str) -> str:
    """The rest of the sentence after a formula (``after`` is the paragraph's text from it on)."""
    return re.split(rf"{_NOT_AN_END}[.;!?](?:\s|$)", after)[0]


_DEFINING = re.compile(r"\bwe\s+(?:say|call)\b|\bis\s+(?:called|said\s+to\s+be|defined)\b|\bdefin(?:e|es|ition)\b",
                       re.IGNORECASE)  # "we say that f is L-smooth when ...": what a word means, not what f is
_REJECTS = frozenset({"not", "nor", "never", "wrongly", "incorrectly"})  # "and not $f(x) = ...$": no definition
_SOLVED = re.compile(r"setting\b.*\bzero|normal equations?|first[- ]order (?:optimality )?conditions?|stationary "
                     r"points?|optimality conditions?|at the (?:optimum|minimi[sz]er|minimum|maximum)|"
                     r"solv(?:e|es|ing) (?:for|the)", re.IGNORECASE)
_CONDITION_WORDS = frozenset({"if", "when", "whenever", "unless", "provided", "assuming", "assume", "suppose",
                              "iff", "until", "whether", "equivalent"})
# Where a clause ends before a formula: a condition before it ("unless m = n, and dropping the 2, $...$",
# "only when all entries are equal, so $...$", "unless A is PSD: $...$") does not govern the formula.
_CLAUSE_BREAK = re.compile(r",\s*(?:and|but|so|whereas|while)\b|[:()]|\b(?:so|hence|thus|therefore)\b",
                           re.IGNORECASE)
_RESTRICTING_WORDS = frozenset({"for", "if", "when", "whenever", "provided"})
_QUANTIFIERS = frozenset({"all", "every", "any", "each", "some", "arbitrary", "general"})


def _condition_follows(statement: Formula, condition: Formula) -> bool:
    r"""``condition`` is written right after ``statement`` as its condition: "$... $ for $t < \lambda$"."""
    around = statement.prose_around()
    if around is None or condition.context != statement.context:
        return False
    gap = re.match(r"\s*,?\s*([A-Za-z]+)\s+(?:all\s+)?\$", around[1])
    return gap is not None and gap.group(1).lower() in _RESTRICTING_WORDS \
        and around[1][gap.end():].startswith(f"{condition.latex}$")


def _unread_condition(formula: Formula, *, condition_read: bool) -> str | None:
    """The word that makes an inline formula a condition, or adds one in prose: "explodes if the largest
    singular value $\\sigma_{max}(U) > 1$", "$\\|QA\\|_F = \\|A\\|_F$ for orthogonal $Q$"; a condition
    written as a formula the compiler reads (``condition_read``) is not one."""
    around = formula.prose_around()
    if formula.display or around is None:
        return None
    clause: str = _CLAUSE_BREAK.split(_opening(around[0]))[-1]
    before: list[str] = [w.lower() for w in re.findall(r"[A-Za-z]+", clause)]
    conditions = [k for k, w in enumerate(before) if w in _CONDITION_WORDS
                  and not (w == "when" and k + 1 < len(before) and before[k + 1].endswith("ing"))]  # "when copying"
    if conditions and "then" not in before[conditions[-1]:]:  # "if f is convex, then $...$" states a fact
        negated = _NEGATED_CONDITION.search(clause[clause.lower().rfind(before[conditions[-1]]):])
        return before[conditions[-1]] + (" not" if negated else "")  # "if A were not symmetric"
    if (count := _COUNT_SAID.search(_opening(around[0]))) is not None:  # "with two classes, $s_1 = ...$"
        return count.group(1).lower()
    if _SOLVED.search(_opening(around[0])):  # "setting the gradient to zero gives $X^T X w = X^T y$"
        return "solve"
    if condition_read:
        return None
    rest: str = re.split(r"[.:;!?]\s|[.:;!?]$", around[1])[0]
    after: list[str] = [w.lower() for w in re.findall(r"[A-Za-z]+", rest)]
    defines = re.match(r"\s*,?\s*(where|with)\s+\$", rest) is not None  # "..., where $p = \\sigma(Xw)$" defines p
    if len(after) >= 2 and after[0] in _CONDITION_WORDS | {"for", "where"} and after[1] not in _QUANTIFIERS \
            and not defines:
        return after[0]
    return None


def condition_after_in_words(formula: Formula) -> list[str] | None:
    """The formulas a condition in plain words after an inline formula states, when it says nothing else:
    "$...$ when z ≤ 0", "for i ≠ j", "for r > 0", "for orthogonal Q", "for independent X and Y"; None when
    any word of it is left unread ("if the gradients are stationary")."""
    around = formula.prose_around()
    if formula.display or around is None:
        return None
    clause = re.match(r"\s*,?\s*(?:for|when|whenever|if|provided)\s+(?:all\s+|every\s+|any\s+)?([^.,;:()$]*)",
                      _LETTER_FORMULA.sub(r"\1", around[1]))
    return _condition_read(clause.group(1)) if clause is not None else None


def condition_before_in_words(formula: Formula) -> list[str] | None:
    """The formulas a condition in plain words before an inline formula states, up to the clause that states
    the formula: "when K is invertible we can split the inverse as $...$", "if x > 0, $...$"."""
    around = formula.prose_around()
    if formula.display or around is None:
        return None
    clause = _CLAUSE_BREAK.split(_LETTER_FORMULA.sub(r"\1", _opening(around[0])))[-1]
    said = re.search(r"\b(?:when|whenever|if|provided)\s+(?:all\s+|every\s+|any\s+)?([^$]*?)\s*"
                     r"(?:,|\b(?:we|one|you)\b)", clause, re.IGNORECASE)
    return _condition_read(said.group(1)) if said is not None else None


def _condition_read(words: str) -> list[str] | None:
    """The formulas a condition said in words states, or None when a word of it is left unread."""
    if not words.strip():
        return None
    found = [latex for _, latex, _ in plain_bounds(words)]
    rest = _PLAIN_BOUND.sub(lambda m: " " if m.group(1) or m.group(5) else m.group(0), words)  # the bounds read
    for m in _PLAIN_RELATION.finditer(rest):
        found.append(f"{latex_name(m.group(1))} {_PLAIN_RELATIONS[m.group(2)]} {latex_name(m.group(3))}")
    rest = _PLAIN_RELATION.sub(" ", rest)
    found += [p for letter, said in _letters_said(rest) for p in _property(said, letter)]
    found += [p for m in _CONVEX_FUNCTION.finditer(rest) for p in _property(m.group(1), m.group(2))]
    found += _independence_in_words(rest)
    named = {name for latex in found for name in re.findall(r"[A-Za-z]+", latex)}
    rest = re.sub(rf"(?<![\w-])(?:{_ADJECTIVES})(?![\w-])", " ", rest, flags=re.IGNORECASE)
    unread = [w for w in re.findall(r"[^\W\d_]+", rest) if w.lower() not in _CONDITION_FILLERS and w not in named]
    return found if found and not unread else None


_LETTER_FORMULA = re.compile(r"\$\s*([A-Za-z])\s*\$")  # "for convex $f$": the letter, said in words
_CONVEX_FUNCTION = re.compile(r"(?<![\w-])(convex|concave)\s+(?:functions?\s+)?([A-Za-z])(?![\w$-])", re.IGNORECASE)
_NAME_TEXT = r"(?<![\w\\])([A-Za-zα-ωΑ-Ω](?:_[A-Za-z0-9]+)?)(?![\w(])"
_PLAIN_RELATION = re.compile(rf"{_NAME_TEXT}\s*(<=|>=|!=|<|>|=|≤|≥|≠)\s*{_NAME_TEXT}")
_CONDITION_FILLERS = frozenset({"and", "the", "a", "an", "all", "any", "every", "each", "both", "some", "is", "are",
                                "be", "random", "variable", "variables", "matrix", "matrices", "vector", "vectors",
                                "independent", "real", "scalars", "scalar", "square", "mutually", "itself",
                                "themselves", "general", "arbitrary"})


def _occurrences(formulas: Sequence[Formula]) -> list[Formula]:
    """A paragraph that says the same formula twice ("a common error is to write $X$ for general A; when A is
    symmetric, $X$"): each copy reads the prose around its own place."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for formula in formulas:
        copy = (formula.context, formula.latex)
        out.append(replace(formula, occurrence=seen.get(copy, 0)) if copy in seen else formula)
        seen[copy] = seen.get(copy, 0) + 1
    return out


def _sentences(rows: Sequence[Formula]) -> list[tuple[str, int] | None]:
    """Each inline formula's paragraph and the number of its sentence in it (None for display formulas)."""
    found: list[tuple[str, int] | None] = []
    searched: dict[str, int] = {}  # one paragraph can hold the same formula twice: search on from the last
    for row in rows:
        at = row.context.find(f"${row.latex}$", searched.get(row.context, 0)) if row.context else -1
        if at < 0:
            found.append(None)
            continue
        searched[row.context] = at + len(row.latex) + 2
        prose = re.sub(r"\$[^$]*\$", "$$", row.context[:at])
        found.append((row.context, len(re.findall(rf"{_NOT_AN_END}[.;!?](?:\s|$)", prose))))
    return found


_SUPPOSING_WORDS = frozenset({"if", "when", "whenever", "suppose", "assume", "assuming", "given"})


def _rest_of_sentence(rows: Sequence[Formula], k: int, said: set[int]) -> list[int]:
    """The rows after row ``k`` in its sentence (a display formula after "..., then" included), but for those
    said in words."""
    rest: list[int] = []
    for j in range(k + 1, len(rows)):
        if j in said:
            continue
        before = around[0] if (around := rows[j].prose_around()) else ""
        at = before.rfind(f"${rows[k].latex}$")
        between = re.sub(r"\$[^$]*\$", "$$", before[at + len(rows[k].latex) + 2:]) if at >= 0 else "."
        if _SENTENCE_BREAK.search(between + " ") or _GENERALLY.search(between):
            break
        rest.append(j)
    return rest


def _words_before(formula: Formula) -> str:
    """The prose between the formula before this one in its paragraph (or the paragraph's start) and this one."""
    around = formula.prose_around()
    return around[0].rsplit("$", 1)[-1] if around else ""


_GENERALLY = re.compile(r"\bfor\s+(?:an?\s+|any\s+|every\s+)?(?:general|arbitrary)\b|\bin\s+general\b|\botherwise\b|"
                        r"\bgeneral\s+(?:square\s+)?(?:matrix|matrices)\b", re.IGNORECASE)


def _word_before(formula: Formula) -> str | None:
    prose = around[0] if (around := formula.prose_around()) else ""
    words = re.findall(r"[A-Za-z]+", prose[-30:])
    return words[-1].lower() if words and not prose.rstrip().endswith("$") else None


def _given(row: Formula, role: Role, scope: Sequence[_Entry], notation: set[str | None], *,
           borrow: bool = False) -> tuple[Formula, ...]:
    """The context ``row`` reaches: its section's, nearest first, then that of notation sections (with
    ``borrow``, all of the earlier sections', definitions included)."""
    own = [e for e in reversed(scope) if within(row.section, e.formula.section)]
    named_here = {name for e in own for name, _ in e.role.subjects}  # a section that says what X is owns X
    ordered = own + [e for e in reversed(scope) if not within(row.section, e.formula.section)
                     and (borrow or e.sheet_wide or (e.role.kind != "definition" and e.formula.section in notation))
                     and not {name for name, _ in e.role.subjects} & named_here]
    taken = {(name, "definition") for name in role.introduces}
    visible: list[_Entry] = []
    for entry in ordered:
        fresh = [s for s in entry.role.subjects if s not in taken]
        if fresh:
            visible.append(entry)
            # the nearest space of X is the one meant, but y in {0,1}^K and sum_k y_k = 1 both hold
            taken.update(s for s in fresh if s[1] != "domain")
    reached = set(role.symbols)
    chosen: list[_Entry] = []
    changed = True
    while changed:
        changed = False
        for entry in visible:
            if entry not in chosen and any(name in reached for name, _ in entry.role.subjects) and (
                    entry.sheet_wide or (moment := moment_named(entry.formula.latex)) is None
                    or moment[0] in reached):  # a mu named for X in passing serves formulas about X
                chosen.append(entry)
                reached |= entry.role.symbols
                changed = True
    return tuple(e.formula for e in sorted(chosen, key=lambda e: e.order) if e.passed)


def _defined_elsewhere(row: Formula, given: Sequence[Formula], scope: Sequence[_Entry], role: Role) -> tuple[str, ...]:
    """Names the statement reaches that only another section defines (p = \\sigma(Xw) two sections up):
    read as free constants they could refute a true formula, so the statement is left unchecked. What the
    formula makes its own (a variable of differentiation, ``(f \\text{ convex})``) and what its own section says
    what it is (``f`` convex, ``x \\in \\mathbb{R}^n``) are not another section's."""
    reached = set(role.symbols) - own_variables(row.latex) | {
        name for g in given for name in formula_role(g.latex).symbols}
    said_here = {name for g in given for name, aspect in formula_role(g.latex).subjects
                 if aspect == "definition" or within(row.section, g.section)} | {
        name for g in given if within(row.section, g.section) and formula_role(g.latex).kind == "context"
        for name in formula_role(g.latex).symbols}  # X ~ N(mu, sigma^2) here: mu and sigma are its parameters
    others = [e for e in scope if not within(row.section, e.formula.section) and e.role.kind == "definition"
              and not e.sheet_wide and not _an_example(e.role)
              and ((moment := moment_named(e.formula.latex)) is None or moment[0] in reached)]  # mu of another X
    return tuple(sorted({name for e in others for name, aspect in e.role.subjects
                         if aspect == "definition" and name in reached and name not in said_here
                         and not _circular(name, others)}))


_ENTRY_CASE = re.compile(r"^\s*([A-Za-z])_\{?[a-z]{1,2}\}?\s*=")  # M_{ij} = 0 (if j <= i)


def _piecewise(row: Formula, role: Role, given: Sequence[Formula], scope: Sequence[_Entry],
               entry_cases: set[tuple[str, str | None]]) -> tuple[str, ...]:
    """Names the statement reaches that its section defines only case by case in words ("$M_{ij} = 0$ if
    $j \\le i$ and $-\\infty$ otherwise"): they are drawn freely, so they can verify it, never refute it."""
    reached = set(role.symbols) | {name for g in given for name in formula_role(g.latex).symbols}
    defined = {name for g in given for name, aspect in formula_role(g.latex).subjects if aspect == "definition"}
    cases = {name for e in scope if not e.passed and within(row.section, e.formula.section) and _one_case(e.formula)
             for name, aspect in e.role.subjects if aspect == "definition"}
    cases |= {name for name, section in entry_cases if within(row.section, section)}
    return tuple(sorted(name for name in cases if name in reached and name not in defined))


def _circular(name: str, entries: Sequence[_Entry]) -> bool:
    """Whether the definitions of ``name`` lead back to it: ``z_i = \\sum_j W_{ij} h_j`` and ``h = \\phi(z)`` are
    the layers of a network with their indices dropped, and define neither z nor h as a value."""
    uses: dict[str, set[str]] = {}
    for e in entries:
        for subject, aspect in e.role.subjects:
            if aspect == "definition":
                uses.setdefault(subject, set()).update(e.role.symbols - {subject})
    seen: set[str] = set()
    pending = list(uses.get(name, ()))
    while pending:
        current = pending.pop()
        if current == name:
            return True
        if current not in seen:
            seen.add(current)
            pending.extend(uses.get(current, ()))
    return False


def _an_example(role: Role) -> bool:
    """``A = -I``, ``x = 2``: a value given as an example (a counterexample), which names nothing for later
    sections."""
    defined = {name for name, _ in role.subjects}
    return role.symbols - defined <= {"I"}
