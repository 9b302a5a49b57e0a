"""Turn raw LaTeX into the canonical token text the grammar reads.

Real formulas are full of wrappers that change the look, not the meaning (``\\left(``,
``\\Big|``, ``\\,``, ``\\displaystyle``, ``\\mathrm{softmax}``, ``\\boldsymbol\\mu``), and TeX
has argument rules a context-free grammar cannot express (``x^23`` is ``x^{2}3``,
``\\frac12`` is ``\\frac{1}{2}``). Handling them here keeps the grammar small and
unambiguous. Every output token remembers the column of the input it came from, so a
parse error deep in the canonical text still points at the right place in the source.

This module also pairs bars, the one thing a context-free grammar cannot do for ``|``:
``|x|`` is an absolute value, ``\\|x\\|`` a norm and the ``|`` of ``P(X | Y)`` a
conditional; see ``_pair_bars``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mlverify.errors import LatexError

MAX_NESTING = 60


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GREEK_LETTERS: frozenset[str] = _words(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi "
    "varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi "
    "Sigma Upsilon Phi Psi Omega ell hbar imath jmath")


@dataclass(frozen=True, slots=True)
class Tok:
    """One token and the 1-based column of the input where it starts."""

    text: str
    col: int


_RAW_TOKEN = re.compile(r"\\[a-zA-Z]+\*?|\\.|[0-9]+(?:\.[0-9]+)?|%[^\n]*|\s+|.", re.DOTALL)

_UNICODE = {
    "−": "-", "–": "-", "×": r"\times", "·": r"\cdot", "⋅": r"\cdot", "≤": r"\le", "≥": r"\ge",
    "≠": r"\neq", "≈": r"\approx", "∈": r"\in", "∉": r"\notin", "→": r"\to", "⇒": r"\implies",
    "⇔": r"\iff", "∞": r"\infty", "∑": r"\sum", "∏": r"\prod", "∫": r"\int", "∂": r"\partial",
    "∇": r"\nabla", "⊙": r"\odot", "⊗": r"\otimes", "∘": r"\circ", "⊤": r"\top", "…": r"\dots",
    "⋯": r"\dots", "′": "'", "∼": r"\sim", "∝": r"\propto", "≔": ":=", "≜": r"\triangleq", "±": r"\pm",
    "⪰": r"\succeq", "⪯": r"\preceq", "≽": r"\succeq", "≼": r"\preceq", "≻": r"\succ", "≺": r"\prec",
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\epsilon", "η": r"\eta",
    "θ": r"\theta", "λ": r"\lambda", "μ": r"\mu", "π": r"\pi", "ρ": r"\rho", "σ": r"\sigma",
    "τ": r"\tau", "φ": r"\phi", "ψ": r"\psi", "ω": r"\omega", "Σ": r"\Sigma", "Δ": r"\Delta",
}

# Commands that change only the look: dropped (a following argument, if any, is kept).
_DROP = _words(r"\, \; \: \! \> \  \displaystyle \textstyle \scriptstyle \scriptscriptstyle \limits \nolimits "
    r"\nonumber \notag \hfill \bf \rm \it \mathstrut \strut \allowbreak \cr") | {"\\ ", "~"}
# Spacing commands that, at the top level, separate two statements.
_SEPARATING_SPACE = frozenset({r"\quad", r"\qquad"})
_DROP_WITH_ARG = _words(r"\label \tag \hspace \vspace \phantom \hphantom \vphantom \color \textcolor")
_SIZE = re.compile(r"\\(big|Big|bigg|Bigg)([lrm]?)$")

_BOLD = _words(r"\mathbf \boldsymbol \bm \mathbfit \pmb \vb \bold \textbf")
_CALLIGRAPHIC = _words(r"\mathcal \mathscr \mathfrak")
_BLACKBOARD = _words(r"\mathbb \mathbbm \mathds \Bbb")
_TEXTUAL = _words(r"\text \textrm \textit \textnormal \textsf \texttt \mbox \operatorname \operatorname*")
_MATH_FONT = _words(r"\mathrm \mathit \mathsf \mathtt \mathnormal \mathop")
_ACCENTS = {
    r"\hat": "hat", r"\widehat": "hat", r"\bar": "bar", r"\overline": "bar", r"\tilde": "tilde",
    r"\widetilde": "tilde", r"\dot": "dot", r"\ddot": "ddot", r"\vec": "vec", r"\check": "check",
    r"\breve": "breve", r"\overrightarrow": "vec",
}
_FRACTIONS = _words(r"\frac \dfrac \tfrac \cfrac")
_BINOMIALS = _words(r"\binom \dbinom \tbinom")
_DOTS = _words(r"\dots \ldots \cdots \vdots \ddots \dotsc \dotsb \dotsm \dotsi \dotso")
_SYNONYMS = {
    r"\lbrace": r"\{", r"\rbrace": r"\}", r"\lbrack": "[", r"\rbrack": "]", r"\colon": ":",
    r"\cdotp": r"\cdot", r"\E": r"\mathbb{E}", r"\R": r"\mathbb{R}", r"\lvert": r"\lvert",
    r"\prime": "'", r"\argmax": r"\argmax", r"\argmin": r"\argmin", r"\vert": "|", r"\Vert": r"\|",
    r"\lVert": r"\lVert", r"\rVert": r"\rVert", r"\rvert": r"\rvert", r"\gets": r"\leftarrow",
    r"\varnothing": r"\emptyset", r"\cdotsc": r"\dots",
}
_MATRIX_ENVS = _words("matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix array")
_CASES_ENVS = _words("cases dcases rcases")
_ALIGN_ENVS = _words("aligned align align* alignat alignat* gathered gather gather* split equation equation* eqnarray "
    "eqnarray* multline multline* flalign flalign*")
_FILLER_WORDS = _words("if when for where and with s.t. st such that for all forall given since i.e. e.g. as a.s. "
    "almost surely iff")
_DEFAULT_WORDS = frozenset({"otherwise", "else", "elsewhere", "o.w."})
_CONDITION_WORDS = _words("if when whenever where provided assuming unless only given iff")
# Properties a sheet states in words, read as symbols after what they qualify: f \text{ convex}.
PROPERTY_WORDS: dict[str, frozenset[str]] = {
    "convex": frozenset({"convex"}), "concave": frozenset({"concave"}),
    "nondecreasing": frozenset({"nondecreasing"}), "increasing": frozenset({"nondecreasing"}),
    "nonincreasing": frozenset({"nonincreasing"}), "decreasing": frozenset({"nonincreasing"}),
    "smooth": frozenset({"smooth"}), "differentiable": frozenset({"smooth"}),
    "stronglyconvex": frozenset({"stronglyconvex"}), "lipschitz": frozenset({"lipschitz"}),
    "symmetric": frozenset({"symmetric"}), "onehot": frozenset({"onehot"}),
    "orthogonal": frozenset({"orthogonal"}), "permutation": frozenset({"permutation"}),
    "invertible": frozenset({"invertible"}), "square": frozenset({"square"}),
}
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*$")
_EXTREMUM_WORDS = {"argmax": r"\argmax", "argmin": r"\argmin", "max": r"\max", "min": r"\min",
                   "sup": r"\sup", "inf": r"\inf"}

_OPEN = frozenset({"{", "(", "[", r"\{", r"\langle"})
_CLOSE = frozenset({"}", ")", "]", r"\}", r"\rangle"})
_OPERAND_CLOSERS = frozenset({")", "]", "}", r"\}", r"\rvert", r"\rVert", "'", r"\rangle", r"\infty", r"\dots"})
_SYMBOL_TOKEN = re.compile(r"\\(mathbf|mathcal|mathbb|operatorname|hat|bar|tilde|dot|ddot|vec|check|breve)\{")


def _err(message: str, col: int | None, category: str) -> LatexError:
    where = f" at column {col}" if col is not None else ""
    return LatexError(f"{message}{where}", column=col, category=category)


def tokenize(latex: str) -> list[Tok]:
    """Split raw LaTeX into tokens (commands, escaped characters, digit runs, characters)."""
    tokens: list[Tok] = []
    for match in _RAW_TOKEN.finditer(latex):
        text = match.group()
        if text.isspace() or text.startswith("%"):
            continue
        text = _UNICODE.get(text, text)
        tokens.append(Tok(text, match.start() + 1))
    return tokens


def _check_braces(tokens: list[Tok]) -> dict[int, int]:
    """Match ``{``/``}``, returning open index -> close index, or raise naming the culprit."""
    stack: list[int] = []
    matches: dict[int, int] = {}
    for index, tok in enumerate(tokens):
        if tok.text == "{":
            stack.append(index)
            if len(stack) > MAX_NESTING:
                raise _err(f"braces nest deeper than {MAX_NESTING} levels", tok.col, "nesting")
        elif tok.text == "}":
            if not stack:
                raise _err("unbalanced braces: '}' closes nothing", tok.col, "braces")
            matches[stack.pop()] = index
    if stack:
        col = tokens[stack[0]].col
        raise LatexError(f"unbalanced braces: '{{' at column {col} is never closed", column=col, category="braces")
    return matches


class _Normalizer:
    """One normalisation run; recursion happens only into brace-delimited arguments."""

    def __init__(self, tokens: list[Tok]) -> None:
        self.tokens = tokens
        self.matches = _check_braces(tokens)

    # -- arguments --------------------------------------------------------------------------------

    def read_arg(self, index: int, owner: Tok) -> tuple[list[Tok], int]:
        """The TeX argument starting at ``index``: a brace group's inside or one token."""
        if index >= len(self.tokens):
            raise _err(f"{owner.text} needs an argument", owner.col, "arguments")
        tok = self.tokens[index]
        if tok.text == "{":
            close = self.matches[index]
            return self.tokens[index + 1:close], close + 1
        if tok.text in _CLOSE or tok.text in {"^", "_", "&", r"\\"}:
            raise _err(f"{owner.text} needs an argument", owner.col, "arguments")
        if tok.text[0].isdigit() and len(tok.text) > 1:
            # TeX takes one digit: x^23 is x^{2}3 and \frac12 is \frac{1}{2}.
            self.tokens[index] = Tok(tok.text[1:], tok.col + 1)
            return [Tok(tok.text[0], tok.col)], index
        if tok.text in _BOLD | _CALLIGRAPHIC | _BLACKBOARD | _TEXTUAL | _MATH_FONT or tok.text in _ACCENTS:
            inner, end = self.read_arg(index + 1, tok)
            return [tok, Tok("{", tok.col), *inner, Tok("}", tok.col)], end
        return [tok], index + 1

    def sub(self, tokens: list[Tok], level: int) -> list[Tok]:
        """Normalise an argument's tokens (a fresh run: its braces are balanced)."""
        if level > MAX_NESTING:
            raise _err(f"formula nests deeper than {MAX_NESTING} levels", tokens[0].col if tokens else None,
                       "nesting")
        return _Normalizer(list(tokens)).run(level + 1)

    # -- the main loop ----------------------------------------------------------------------------

    def run(self, level: int = 0) -> list[Tok]:
        out: list[Tok] = []
        envs: list[tuple[str, Tok]] = []
        depth = 0
        tokens = self.tokens
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            text = _SYNONYMS.get(tok.text, tok.text)
            col = tok.col
            nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
            i += 1
            in_grid = bool(envs) and envs[-1][0] != "align"
            if text in _DROP:
                continue
            if text in _SEPARATING_SPACE:
                if level == 0 and depth == 0 and not in_grid:
                    out.append(Tok(r"\quad", col))
                continue
            if text in _DROP_WITH_ARG:
                _, i = self.read_arg(i, tok)
                if text == r"\textcolor":
                    arg, i = self.read_arg(i, tok)
                    out.extend(self.sub(arg, level))
                continue
            if text in {r"\left", r"\right", r"\middle"} or _SIZE.match(text):
                i = self._delimiter(text, tok, i, out)
                continue
            if text in _BOLD:
                arg, i = self.read_arg(i, tok)
                out.extend(_embolden(self.sub(arg, level)))
                continue
            if text in _CALLIGRAPHIC or text in _BLACKBOARD:
                arg, i = self.read_arg(i, tok)
                out.extend(self._lettered(text, tok, arg))
                continue
            if text in _TEXTUAL or text in _MATH_FONT:
                arg, i = self.read_arg(i, tok)
                out.extend(self._textual(text, tok, arg, level, depth, in_grid))
                continue
            if text in _ACCENTS:
                arg, i = self.read_arg(i, tok)
                out.extend(_accent(_ACCENTS[text], tok, self.sub(arg, level)))
                continue
            if text in _FRACTIONS or text in _BINOMIALS:
                name = r"\frac" if text in _FRACTIONS else r"\binom"
                if i >= len(tokens) or (tokens[i].text in _CLOSE and tokens[i].text != "{"):
                    raise _err(f"{tok.text} needs two arguments", col, "arguments")
                first, i = self.read_arg(i, tok)
                if i >= len(tokens) or tokens[i].text in _CLOSE or tokens[i].text in {"^", "_", "&", r"\\"}:
                    raise _err(f"{tok.text} needs two arguments", col, "arguments")
                second, i = self.read_arg(i, tok)
                out.extend([Tok(name, col), *self._braced(first, col, level), *self._braced(second, col, level)])
                continue
            if text == r"\sqrt":
                out.append(Tok(text, col))
                if i < len(tokens) and tokens[i].text == "[":
                    close = self._bracket_end(i, tok)
                    out.extend([tokens[i], *self.sub(tokens[i + 1:close], level), tokens[close]])
                    i = close + 1
                arg, i = self.read_arg(i, tok)
                out.extend(self._braced(arg, col, level))
                continue
            if text in {"^", "_"}:
                if i >= len(tokens):
                    kind = "superscript ^" if text == "^" else "subscript _"
                    raise _err(f"{kind} has no argument", col, "arguments")
                arg, i = self.read_arg(i, Tok("superscript ^" if text == "^" else "subscript _", col))
                if text == "^" and arg and all(_SYNONYMS.get(a.text, a.text) == "'" for a in arg):
                    out.extend(Tok("'", a.col) for a in arg)
                    continue
                out.extend([Tok(text, col), *self._braced(arg, col, level)])
                continue
            if text in {r"\stackrel", r"\overset", r"\underset"}:
                over, i = self.read_arg(i, tok)
                base, i = self.read_arg(i, tok)
                base_out = self.sub(base, level)
                over_text = "".join(t.text for t in over)
                if text != r"\underset" and [t.text for t in base_out] == ["="] and re.search(
                        r"def|triangle|Delta|:", over_text):
                    out.append(Tok(":=", col))
                else:
                    out.extend(base_out)
                    if text == r"\underset":
                        out.extend([Tok("_", col), *self._braced(over, col, level)])
                continue
            if text in {r"\underbrace", r"\overbrace"}:
                arg, i = self.read_arg(i, tok)
                out.extend(self.sub(arg, level))
                if i < len(tokens) and tokens[i].text in {"_", "^"}:
                    _, i = self.read_arg(i + 1, tok)
                continue
            if text == r"\begin" or text == r"\end":
                i = self._environment(text, tok, i, envs, out)
                continue
            if text == r"\\":
                if envs and envs[-1][0] != "align":
                    _drop_trailing_punctuation(out)
                    out.append(Tok(r"\\", col))
                elif level == 0 and depth == 0:
                    out.append(Tok(r"\quad", col))
                continue
            if text == "&":
                if in_grid:
                    _drop_trailing_punctuation(out)
                    out.append(tok)
                continue
            if text == ";" and level == 0 and depth == 0 and not in_grid:
                out.append(Tok(r"\quad", col))
                continue
            if text in {r"\xrightarrow", r"\xleftarrow", r"\xmapsto"}:
                if i < len(tokens) and tokens[i].text == "[":
                    i = self._bracket_end(i, tok) + 1
                _, i = self.read_arg(i, tok)
                out.append(Tok(r"\to", col))
                continue
            if text == r"\arg" and nxt in {r"\max", r"\min"}:
                out.append(Tok(r"\arg" + nxt[1:], col))
                i += 1
                continue
            if text == r"\not":
                if nxt in {"=", r"\in"}:
                    out.append(Tok(r"\neq" if nxt == "=" else r"\notin", col))
                    i += 1
                continue
            if text in _DOTS or (text == "." and nxt == "." and i + 1 < len(tokens) and tokens[i + 1].text == "."):
                out.append(Tok(r"\dots", col))
                if text == ".":
                    i += 2
                continue
            if text == ":" and nxt == "=" and tokens[i].col == col + 1:
                out.append(Tok(":=", col))
                i += 1
                continue
            if text == "=" and nxt == ":" and tokens[i].col == col + 1:
                out.append(Tok("=:", col))
                i += 1
                continue
            if text in _OPEN:
                depth += 1
            elif text in _CLOSE:
                depth -= 1
            out.append(Tok(text, col))
        if envs:
            _, opener = envs[-1]
            raise LatexError(f"\\begin{{{opener.text}}} at column {opener.col} is never closed by \\end",
                             column=opener.col, category="environment")
        return out

    # -- helpers ----------------------------------------------------------------------------------

    def _environment(self, text: str, tok: Tok, i: int, envs: list[tuple[str, Tok]], out: list[Tok]) -> int:
        return _environment_step(self, text, tok, i, envs, out)

    def _braced(self, arg: list[Tok], col: int, level: int) -> list[Tok]:
        return [Tok("{", col), *self.sub(arg, level), Tok("}", col)]

    def _bracket_end(self, index: int, owner: Tok) -> int:
        depth = 0
        for j in range(index, len(self.tokens)):
            if self.tokens[j].text == "[":
                depth += 1
            elif self.tokens[j].text == "]":
                depth -= 1
                if depth == 0:
                    return j
        raise _err(f"'[' of {owner.text} is never closed", self.tokens[index].col, "braces")

    def _delimiter(self, text: str, tok: Tok, i: int, out: list[Tok]) -> int:
        """``\\left X``, ``\\right X``, ``\\middle X``, ``\\bigl X``: keep X, with its side for bars."""
        size = _SIZE.match(text)
        side = {"\\left": "l", "\\right": "r", "\\middle": "m"}.get(text, size.group(2) if size else "")
        if i >= len(self.tokens):
            if size:
                return i
            raise _err(f"{text} needs a delimiter", tok.col, "arguments")
        delim = self.tokens[i]
        d = _SYNONYMS.get(delim.text, delim.text)
        if d == "." and not size:
            return i + 1
        if d in {"|", r"\lvert", r"\rvert"}:
            d = {"l": r"\lvert", "r": r"\rvert", "m": r"\mid"}.get(side, "|")
        elif d in {r"\|", r"\lVert", r"\rVert"}:
            d = {"l": r"\lVert", "r": r"\rVert", "m": r"\mid"}.get(side, r"\|")
        elif d not in _OPEN | _CLOSE | {"<", ">", "/", r"\backslash", r"\lfloor", r"\rfloor", r"\lceil", r"\rceil"}:
            if size:
                return i
            if text == r"\middle":
                out.append(Tok(r"\mid", tok.col))
                return i
            raise _err(f"{text} needs a delimiter, not {delim.text}", tok.col, "arguments")
        d = {"<": r"\langle", ">": r"\rangle"}.get(d, d)
        out.append(Tok(d, delim.col))
        return i + 1

    def _lettered(self, text: str, tok: Tok, arg: list[Tok]) -> list[Tok]:
        """``\\mathcal{L}``, ``\\mathbb{R}``, ``\\mathbb{1}`` as single tokens (one per letter)."""
        font = r"\mathbb" if text in _BLACKBOARD else r"\mathcal"
        content = "".join(t.text for t in arg).strip()
        if font == r"\mathbb" and content == "1":
            return [Tok(r"\mathbb{1}", tok.col)]
        if not content or not content.isalpha() or not content.isascii():
            raise _err(f"{tok.text}{{{content}}} is not a letter", tok.col, "unsupported")
        return [Tok(f"{font}{{{c}}}", tok.col) for c in content]

    def _textual(self, text: str, tok: Tok, arg: list[Tok], level: int, depth: int, in_grid: bool) -> list[Tok]:
        """``\\text``, ``\\mathrm``, ``\\operatorname``: a function name, a letter, filler, stated
        properties (``f \\text{ is convex}``) or free text. Filler between statements separates them:
        ``a = b \\text{ if } x > 0`` is two statements, never ``a = b x > 0``."""
        words = ""
        for k, t in enumerate(arg):
            if k and t.col > arg[k - 1].col + len(arg[k - 1].text):
                words += " "
            words += "" if t.text in _DROP or t.text in _SEPARATING_SPACE else t.text
        words = words.replace("$", "").strip()
        squeezed = words.replace(" ", "")
        col = tok.col
        if not words:
            return []
        if squeezed.lower() in _EXTREMUM_WORDS and text in {r"\operatorname", r"\operatorname*", r"\mathop",
                                                            r"\mathrm", r"\text"}:
            return [Tok(_EXTREMUM_WORDS[squeezed.lower()], col)]
        if text in _MATH_FONT and not _WORD.match(squeezed):
            return self.sub(arg, level)
        if len(squeezed) == 1 and squeezed.isalpha():
            return [Tok(squeezed, col)]
        lowered = words.lower()
        if lowered in {"is", "are"}:
            return []
        if all(word in _FILLER_WORDS for word in lowered.split()):
            return [Tok(r"\quad", col)] if level == 0 and depth == 0 and not in_grid else []
        constant = re.fullmatch(r"(?:is |are )?(\\?[A-Za-z]+)\s*-\s*(.+)", words)  # \text{is $L$-smooth}
        if constant and (len(constant[1]) == 1 or constant[1][1:] in GREEK_LETTERS):
            stated = _property_words(constant[2].lower())
            if stated is not None:
                return [Tok(constant[1], col), *(Tok(f"\\operatorname{{{word}}}", col) for word in stated)]
        if (properties := _property_words(lowered)) is not None:
            return [Tok(f"\\operatorname{{{word}}}", col) for word in properties]
        if words.lower() in _DEFAULT_WORDS:
            return [Tok(r"\operatorname{otherwise}", col)]
        if _WORD.match(squeezed) and " " not in words:
            return [Tok(f"\\operatorname{{{squeezed}}}", col)]
        return [Tok(f"\\text{{{words}}}", col)]


def _property_words(text: str) -> list[str] | None:
    """``is convex and non-decreasing`` -> [convex, nondecreasing]; ``-strongly convex`` -> [stronglyconvex]."""
    text = text.lstrip("-").replace("non-", "non").replace("strongly convex", "stronglyconvex")
    if not re.fullmatch(r"[a-z ,-]+", text):
        return None
    words = [w for w in re.findall(r"[a-z]+", text) if w not in {"is", "are", "and", "both"}]
    return words if words and all(w in PROPERTY_WORDS for w in words) else None


def _embolden(tokens: list[Tok]) -> list[Tok]:
    """Make the top-level symbols of a normalised argument bold (``\\mathbf{Xw}`` is two symbols)."""
    out: list[Tok] = []
    depth = 0
    for tok in tokens:
        text = tok.text
        if text in _OPEN:
            depth += 1
        elif text in _CLOSE:
            depth -= 1
        if depth == 0 and len(text) == 1 and text.isalpha():
            out.append(Tok(rf"\mathbf{{{text}}}", tok.col))
        elif depth == 0 and text.isdigit():
            out.extend(Tok(rf"\mathbf{{{c}}}", tok.col + k) for k, c in enumerate(text))
        elif depth == 0 and text.startswith("\\") and text[1:] in GREEK_LETTERS:
            out.append(Tok(rf"\mathbf{{{text}}}", tok.col))
        elif depth == 0 and (m := re.match(r"\\(hat|bar|tilde|dot|ddot|vec|check|breve)\{(.*)\}$", text)):
            inner = m.group(2)
            if len(inner) == 1 or inner[1:] in GREEK_LETTERS:
                inner = rf"\mathbf{{{inner}}}"
            out.append(Tok(rf"\{m.group(1)}{{{inner}}}", tok.col))
        else:
            out.append(tok)
    return out


def _accent(name: str, owner: Tok, arg: list[Tok]) -> list[Tok]:
    """``\\hat{x}`` as one token; an accent over a symbol with scripts keeps the scripts outside."""
    if arg and _is_symbol_token(arg[0].text) and (len(arg) == 1 or arg[1].text in {"_", "^", "'"}):
        return [Tok(rf"\{name}{{{arg[0].text}}}", owner.col), *arg[1:]]
    raise _err(f"accent {owner.text} over an expression is not supported", owner.col, "unsupported")


def _is_symbol_token(text: str) -> bool:
    if len(text) == 1:
        return text.isalnum()
    return bool(re.match(r"\\(mathbf|mathcal)\{", text)) or (text.startswith("\\") and text[1:] in GREEK_LETTERS)


def _drop_trailing_punctuation(out: list[Tok]) -> None:
    while out and out[-1].text in {".", ",", ";"}:
        out.pop()


def _environment_name(normalizer: _Normalizer, i: int, tok: Tok) -> tuple[str, int]:
    tokens = normalizer.tokens
    if i >= len(tokens) or tokens[i].text != "{":
        raise _err(f"{tok.text} needs an environment name", tok.col, "environment")
    close = normalizer.matches[i]
    return "".join(t.text for t in tokens[i + 1:close]).strip(), close + 1


def _env_kind(name: str, tok: Tok) -> str:
    if name in _MATRIX_ENVS:
        return "matrix"
    if name in _CASES_ENVS:
        return "cases"
    if name in _ALIGN_ENVS:
        return "align"
    raise _err(f"unknown environment {name}", tok.col, "environment")


def _environment_step(self: _Normalizer, text: str, tok: Tok, i: int, envs: list[tuple[str, Tok]],
                      out: list[Tok]) -> int:
    name, i = _environment_name(self, i, tok)
    kind = _env_kind(name, tok)
    if text == r"\begin":
        envs.append((kind, Tok(name, tok.col)))
        if name == "array" and i < len(self.tokens) and self.tokens[i].text == "{":
            i = self.matches[i] + 1
        if kind == "matrix":
            out.append(Tok(rf"\begin{{{name}}}", tok.col))
        elif kind == "cases":
            out.append(Tok(r"\begin{cases}", tok.col))
        return i
    if not envs:
        raise _err(f"\\end{{{name}}} closes no \\begin", tok.col, "environment")
    _, opener = envs.pop()
    if opener.text != name:
        raise _err(f"\\end{{{name}}} does not match \\begin{{{opener.text}}} at column {opener.col}", tok.col,
                   "environment")
    _drop_trailing_punctuation(out)
    while out and out[-1].text == r"\\":
        out.pop()
    if kind == "matrix":
        out.append(Tok(rf"\end{{{name}}}", tok.col))
    elif kind == "cases":
        out.append(Tok(r"\end{cases}", tok.col))
    return i


def _operand_end(text: str) -> bool:
    """Whether a token can end an operand (so a following bar may close an absolute value)."""
    if text[0].isalnum() or text in _OPERAND_CLOSERS or _SYMBOL_TOKEN.match(text):
        return True
    return text.startswith("\\") and text[1:] in GREEK_LETTERS


def _pair_bars(tokens: list[Tok]) -> list[Tok]:
    """Decide for each bare ``|`` / ``\\|`` whether it opens, closes, or is a conditional bar.

    A bar closes the innermost open bar of its kind at the same bracket depth if it follows
    an operand; otherwise it opens one if another bar of its kind follows at the same depth
    (before that depth is closed); otherwise it is the ``\\mid`` of ``P(X | Y)``.
    """
    out = list(tokens)
    for bar, opener, closer in (("|", r"\lvert", r"\rvert"), (r"\|", r"\lVert", r"\rVert")):
        depth = 0
        stack: list[int] = []
        for k, tok in enumerate(out):
            text = tok.text
            if text in _OPEN:
                depth += 1
            elif text in _CLOSE:
                depth -= 1
            if text != bar:
                continue
            previous = out[k - 1].text if k else ""
            if stack and stack[-1] == depth and previous and _operand_end(previous):
                out[k] = Tok(closer, tok.col)
                stack.pop()
            elif bar == "|" and k + 1 < len(out) and out[k + 1].text == "|" and out[k + 1].col == tok.col + 1:
                # "||" that closes nothing is a norm bar written with two plain bars (OCR, D(p||q)).
                out[k] = Tok(r"\|", tok.col)
                out[k + 1] = Tok("", tok.col)
            elif _bar_follows(out, k + 1, bar):
                out[k] = Tok(opener, tok.col)
                stack.append(depth)
            else:
                out[k] = Tok(r"\mid", tok.col)
    return out


def _bar_follows(tokens: list[Tok], start: int, bar: str) -> bool:
    depth = 0
    for tok in tokens[start:]:
        if tok.text in _OPEN:
            depth += 1
        elif tok.text in _CLOSE:
            depth -= 1
            if depth < 0:
                return False
        elif tok.text == bar and depth == 0:
            return True
    return False


# A line break or \quad next to one of these continues the statement instead of separating two.
_CONTINUATION = _words(
    r"\quad = < > + - := =: \le \leq \ge \geq \approx \neq \cdot \times \implies \iff \Rightarrow \to \equiv"
)


def _finish(tokens: list[Tok]) -> list[Tok]:
    """Trim separators and punctuation at the ends, drop trailing free-text annotations."""
    out = list(tokens)
    changed = True
    while changed:
        changed = False
        while out and (out[-1].text in {".", ",", ";", r"\quad"} or out[-1].text.startswith(r"\text{")):
            if out[-1].text.startswith(r"\text{") and _qualifies(out):
                raise _err(f"the words '{out[-1].text}' qualify the formula", out[-1].col, "text")
            out.pop()
            changed = True
        while out and (out[0].text in {r"\quad", ";"} or out[0].text.startswith(r"\text{")):
            out.pop(0)
            changed = True
    merged: list[Tok] = []
    for k, tok in enumerate(out):
        if tok.text == r"\quad":
            _drop_trailing_punctuation(merged)
            following = out[k + 1].text if k + 1 < len(out) else ""
            if not merged or merged[-1].text in _CONTINUATION or following in _CONTINUATION:
                continue
        merged.append(tok)
    for tok in merged:
        if tok.text.startswith(r"\text{"):
            raise _err(f"free text '{tok.text}' cannot be read as mathematics", tok.col, "text")
    return merged


def _qualifies(tokens: list[Tok]) -> bool:
    r"""Whether trailing words restrict the formula (``\text{if A is symmetric}``, ``A \text{ positive definite}``):
    dropping those could refute a true formula. A label after a separator, ``\quad \text{(chain rule)}``, is not."""
    words = tokens[-1].text.removeprefix(r"\text{").removesuffix("}").lower().split()
    if words and words[0] in _CONDITION_WORDS:
        return True
    separated = len(tokens) == 1 or tokens[-2].text in {r"\quad", ",", ".", ";", ":"}
    return not separated and not (words and words[0].startswith("("))


_FONT_WRAPPERS = frozenset({r"\mathrm", r"\text", r"\operatorname", r"\textrm", r"\rm", r"\mathit"})


def _divergence_names(tokens: list[Tok]) -> list[Tok]:
    """``D_{\\mathrm{KL}}``, ``D_{KL}`` and ``D(p \\| q)`` (Cover and Thomas's) name the KL divergence: read them as
    ``\\operatorname{KL}``."""
    out: list[Tok] = []
    k = 0
    while k < len(tokens):
        texts = [t.text for t in tokens[k:k + 9]]
        if texts[0] == "D" and _divides_by_double_bar(tokens, k + 1):
            out.extend(Tok(text, tokens[k].col) for text in (r"\operatorname", "{", "K", "L", "}"))
            k += 1
            continue
        if texts[:3] == ["D", "_", "{"]:
            inner = texts[3:]
            wrapped = inner[:1] and inner[0] in _FONT_WRAPPERS and inner[1:5] == ["{", "K", "L", "}"] \
                and inner[5:6] == ["}"]
            if wrapped or inner[:3] == ["K", "L", "}"]:
                col = tokens[k].col
                out.extend(Tok(text, col) for text in (r"\operatorname", "{", "K", "L", "}"))
                k += 3 + (6 if wrapped else 3)
                continue
        out.append(tokens[k])
        k += 1
    return out


def _divides_by_double_bar(tokens: list[Tok], start: int) -> bool:
    """Whether the parenthesis opening at ``start`` (after a sizing command) holds ``\\|`` at its own depth."""
    k = start + (start < len(tokens) and (tokens[start].text == r"\left" or bool(_SIZE.match(tokens[start].text))))
    if k >= len(tokens) or tokens[k].text != "(":
        return False
    depth = 0
    for token in tokens[k:]:
        depth += {"(": 1, ")": -1}.get(token.text, 0)
        if depth == 0:
            return False
        if depth == 1 and token.text == r"\|":
            return True
    return False


def normalize(latex: str) -> list[Tok]:
    """Raw LaTeX -> canonical tokens (see the module docstring); raises ``LatexError``."""
    tokens = _divergence_names([t for t in tokenize(latex) if t.text not in {"$", r"\[", r"\]", r"\(", r"\)"}])
    paired = [t for t in _pair_bars(_Normalizer(tokens).run()) if t.text]
    return _finish(paired)
