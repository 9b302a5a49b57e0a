r"""LaTeX sources: ``$``, ``$$``, ``\(...\)``, ``\[...\]`` and the display environments of amsmath.

Comments, verbatim-like environments and ``\verb`` are blanked out first (same length, newlines
kept), so nothing in them is read and every offset stays the source's. Only the body of the
document is read when it has one.
"""

from __future__ import annotations

import bisect
import re

from mlverify.audit.readers._delimiters import Span, contexts
from mlverify.audit.readers._model import Found, Mapped, Reading, nested
from mlverify.audit.readers._rows import unwrap

_NAMES = ("equation", "align", "gather", "multline", "eqnarray", "flalign", "alignat")
MATH_ENVIRONMENTS = frozenset({*_NAMES, *(f"{name}*" for name in _NAMES), "displaymath", "math"})
_VERBATIM = r"verbatim\*?|Verbatim\*?|BVerbatim|LVerbatim|lstlisting|minted|comment"
_PASS_ONE = re.compile(r"\\begin\s*\{(" + _VERBATIM + r")\}|\\verb\*?([^A-Za-z\s*])|\\lstinline\b|\\.|%",
                       re.DOTALL)
_PASS_TWO = re.compile(r"\\begin\s*\{([A-Za-z]+\*?)\}|\\\[|\\\(|\$\$|\$|\\.", re.DOTALL)
_DOCUMENT = re.compile(r"\\begin\s*\{document\}")
_DIRECTIVE = re.compile(r"\s*mlverify:\s*(.*?)\s*$")
_SECTION = re.compile(r"\\(part|chapter|section|subsection|subsubsection)\*?\s*(?:\[[^\]]*\])?\s*\{")
_LEVELS = ("part", "chapter", "section", "subsection", "subsubsection")
_ITEM = re.compile(r"^[ \t]*\\item\b", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, min(end, len(chars))):
        if chars[i] != "\n":
            chars[i] = " "


def _masked(text: str, reading: Reading) -> str:
    """``text`` with comments, verbatim and the preamble blanked; directive comments noted on the way."""
    chars = list(text)
    i = 0
    while (match := _PASS_ONE.search(text, i)) is not None:
        token = match.group()
        if match.group(1):
            close = re.compile(r"\\end\s*\{" + re.escape(match.group(1)) + r"\}").search(text, match.end())
            end = close.start() if close else len(text)
            _blank(chars, match.end(), end)
            i = close.end() if close else len(text)
        elif token.startswith(("\\verb", "\\lstinline")):
            body = match.end() if match.group(2) else match.end() + 1
            delimiter = match.group(2) or text[match.end():body]
            closer = "}" if delimiter == "{" else delimiter
            line_end = text.find("\n", match.end())
            closing = text.find(closer, body, len(text) if line_end < 0 else line_end) if closer else -1
            i = closing + 1 if closing >= 0 else match.end()
            _blank(chars, match.start(), i)
        elif token == "%":
            end = text.find("\n", match.start())
            end = len(text) if end < 0 else end
            directive = _DIRECTIVE.match(text, match.start() + 1, end)
            if directive:
                reading.directives.setdefault(text.count("\n", 0, match.start()) + 1, directive.group(1))
            _blank(chars, match.start(), end)
            i = end
        else:
            i = match.end()
    masked = "".join(chars)
    begin = _DOCUMENT.search(masked)
    if begin:
        _blank(chars, 0, begin.end())
        finish = re.compile(r"\\end\s*\{document\}").search(masked, begin.end())
        if finish:
            _blank(chars, finish.start(), len(chars))
        masked = "".join(chars)
    return masked


def _closing(masked: str, closer: str, start: int, limit: int) -> int:
    """The next ``closer`` from ``start`` that no backslash escapes, before ``limit`` (else -1)."""
    while (found := masked.find(closer, start, limit)) >= 0:
        backslashes = 0
        while found - backslashes > 0 and masked[found - backslashes - 1] == "\\":
            backslashes += 1
        # for "\]" the closer's own backslash must not be escaped; for "$" there must be none
        if backslashes % 2 == 0:
            return found
        start = found + 1
    return -1


def read_latex(text: str) -> Reading:
    r"""A ``.tex`` file: the math of its body, ``\section`` titles, ``% mlverify:`` directives."""
    reading = Reading()
    masked = _masked(text, reading)
    breaks = [m.start() for m in _BLANK_LINE.finditer(text)] + [len(text)]
    spans: list[Span] = []
    environments: list[str | None] = []
    dead: dict[str, int] = {}
    i = 0
    while (match := _PASS_TWO.search(masked, i)) is not None:
        token, i = match.group(), match.end()
        limit = breaks[bisect.bisect_left(breaks, match.start())]
        if match.group(1):
            if match.group(1) not in MATH_ENVIRONMENTS:
                continue
            close = re.compile(r"\\end\s*\{" + re.escape(match.group(1)) + r"\}").search(masked, match.end())
            if close is None:
                continue
            environment, (body_start, body_end) = unwrap(masked[match.start():close.end()])
            if environment is None:  # unbalanced inside: keep what lies between \begin and \end
                environment = match.group(1)
                body_start, body_end = match.end() - match.start(), close.start() - match.start()
            spans.append(Span(match.start(), close.end(), match.start() + body_start, match.start() + body_end,
                              match.group(1) != "math"))
            environments.append(environment)
            i = close.end()
        elif token in ("\\[", "\\(", "$$", "$") and dead.get(token, -1) < match.start():
            closer = {"\\[": "\\]", "\\(": "\\)"}.get(token, token)
            limit = len(masked) if token.startswith("\\") else limit
            end = _closing(masked, closer, match.end(), limit)
            if end < 0:
                dead[token] = limit  # no later opener of this kind before the limit can close either
                continue
            spans.append(Span(match.start(), end + len(closer), match.end(), end, token in ("\\[", "$$")))
            environments.append(None)
            i = end + len(closer)
    doc = Mapped.whole(masked)
    kept = [(span, env, doc.cut(span.inner_start, span.inner_end).strip()) for span, env in
            zip(spans, environments, strict=True)]
    kept = [(span, env, latex) for span, env, latex in kept if latex.text]
    if macros := _macros(text):
        kept = [(span, env, _expanded(latex, macros)) for span, env, latex in kept]
    contexts_text = contexts(masked, [s for s, _, _ in kept], [latex.text for _, _, latex in kept],
                             lambda prose: prose, items=_ITEM)
    reading.found = [Found(latex, span.display, env, context, span.start, span.end - 1)
                     for (span, env, latex), context in zip(kept, contexts_text, strict=True)]
    open_headings: list[tuple[int, str]] = []
    for match in _SECTION.finditer(masked):
        title = nested(open_headings, _LEVELS.index(match.group(1)), " ".join(_braced(masked, match.end() - 1).split()))
        reading.sections.append((text.count("\n", 0, match.start()) + 1, title))
    return reading


_MACRO = re.compile(r"\\(?:(?:re)?newcommand\*?|DeclareMathOperator(\*?)|def)\s*\{?\\([A-Za-z]+|\d)\}?\s*(\[)?")
_CALL = re.compile(r"(?<!\\)\\([A-Za-z]+(?![A-Za-z])|\d)")  # \R, or \1 for a bold 1 (not \\ then 1)


def _macros(text: str) -> dict[str, str]:
    r"""The sheet's macros without arguments: ``\newcommand{\R}{\mathbb{R}}``, ``\def\R{...}``,
    ``\DeclareMathOperator{\ReLU}{ReLU}`` (as ``\operatorname{ReLU}``). Macros with arguments are left alone."""
    found: dict[str, str] = {}
    for match in _MACRO.finditer(text):
        if match.group(3) or match.end() >= len(text) or text[match.end()] != "{":
            continue
        body = _braced(text, match.end())
        if match.group(0).startswith("\\DeclareMathOperator"):
            body = f"\\operatorname{match.group(1)}{{{body}}}"
        found[match.group(2)] = body
    return found


def _expanded(latex: Mapped, macros: dict[str, str]) -> Mapped:
    """``latex`` with the sheet's macros replaced by their bodies (an inserted body maps to its macro's place)."""
    parts: list[Mapped] = []
    done = 0
    for call in _CALL.finditer(latex.text):
        body = macros.get(call.group(1))
        if body is None:
            continue
        parts.append(latex.cut(done, call.start()))
        parts.append(Mapped(body, [latex.offsets[call.start()]] * len(body)))
        done = call.end()
    return Mapped.join([*parts, latex.cut(done, len(latex))]) if parts else latex


def _braced(text: str, start: int) -> str:
    """The contents of the brace group opening at ``text[start]``."""
    depth = 0
    for i in range(start, min(len(text), start + 2000)):
        depth += {"{": 1, "}": -1}.get(text[i], 0) if text[i - 1] != "\\" else 0
        if depth == 0:
            return text[start + 1:i]
    return text[start + 1:start + 200]
