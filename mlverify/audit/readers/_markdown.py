"""Markdown (and the ``.txt`` exports of it): markdown-it finds the math, the source gives its exact place.

markdown-it's tokens carry line ranges only, and their content has lost container prefixes (``> ``)
and indentation. Each math token is therefore looked up in its block's source lines, in reading
order, by a pattern that allows exactly those losses. Two places are read from the source directly:
table rows (a pipe inside ``$|x|$`` would split a cell, and ``\\|`` is unescaped in cells) and HTML
blocks (which markdown-it leaves unparsed).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.amsmath import RE_OPEN, amsmath_block
from mdit_py_plugins.dollarmath.index import math_block_dollar, math_inline_dollar
from mdit_py_plugins.texmath.index import make_block_func, make_inline_func
from mdit_py_plugins.texmath.index import rules as texmath_rules

from mlverify.audit.readers._delimiters import (
    Span,
    contexts,
    directives,
    found_spans,
    mask,
    scan,
    sections,
)
from mlverify.audit.readers._model import (
    Entry,
    Found,
    LineIndex,
    Mapped,
    Reading,
    clean_text,
    math_part,
    nested,
    settle,
    unescape,
)
from mlverify.audit.readers._rows import unwrap

InlineRule = Callable[[StateInline, bool], bool]
BlockRule = Callable[[StateBlock, int, int, bool], bool]
_BACKSLASH_INLINE = (("\\\\(", "\\\\)", False), ("\\\\[", "\\\\]", True), ("\\[", "\\]", True))
_HTML_SKIP = re.compile(r"<!--.*?-->|<(pre|code|script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_CONTINUATION = r"\n[ \t>]*"


def _backslash_math(state: StateInline, silent: bool) -> bool:
    r"""Inline ``\[...\]`` and kramdown's escaped ``\\(...\\)`` / ``\\[...\\]``, which the plugins leave as text."""
    for opener, closer, display in _BACKSLASH_INLINE:
        if state.src.startswith(opener, state.pos):
            if _last(state, closer) <= state.pos:
                return False
            end = state.src.find(closer, state.pos + len(opener))
            if end <= state.pos + len(opener):
                return False
            if not silent:
                token = state.push("math_backslash", "math", 0)
                token.content = state.src[state.pos + len(opener):end]
                token.markup = opener
                token.meta = {"closer": closer, "display": display}
            state.pos = end + len(closer)
            return True
    return False


# The plugins' rules search forward from every opener; on a sheet full of unclosed openers that is
# quadratic. Each rule below first asks a cached question (is there a closer later at all?) that
# fails exactly when the rule would have searched to the end in vain.

def _last(state: StateBlock | StateInline, needle: str) -> int:
    """Offset of the last ``needle`` in the state's source, cached for the parse."""
    cache: dict[tuple[str, str], int] = state.env.setdefault("mlverify_last", {})
    key = (needle, state.src)
    if key not in cache:
        cache[key] = state.src.rfind(needle)
    return cache[key]


def _lines_ending(state: StateBlock, pattern: str) -> list[int]:
    """0-based lines of the source that end with ``pattern`` (a regex), cached for the parse."""
    cache: dict[str, list[int]] = state.env.setdefault("mlverify_lines", {})
    if pattern not in cache:
        index = state.env.setdefault("mlverify_index", LineIndex(state.src))
        cache[pattern] = [index.line(m.start()) - 1 for m in re.finditer(pattern + r"[ \t]*$", state.src, re.M)]
    return cache[pattern]


def _closes_in(state: StateBlock, pattern: str, start: int, end: int) -> bool:
    lines = _lines_ending(state, pattern)
    position = bisect.bisect_left(lines, start)
    return position < len(lines) and lines[position] < end


def _inline_guard(rule: InlineRule, opener: str, closer: str) -> InlineRule:
    def guarded(state: StateInline, silent: bool) -> bool:
        if state.src.startswith(opener, state.pos) and _last(state, closer) <= state.pos:
            return False
        return rule(state, silent)
    return guarded


def _pandoc_dollars(rule: InlineRule) -> InlineRule:
    """dollarmath without its digit check (which reads ``src[-1]`` at the start of a paragraph): pandoc's rule
    that a closing dollar is not followed by a digit is checked here instead."""
    def guarded(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, True):
            return False
        end, state.pos = state.pos, start
        if state.src[end:end + 1].isdigit():
            return False
        if silent:
            state.pos = end
            return True
        return rule(state, False)
    return guarded


def _amsmath(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    first = state.src[state.bMarks[startLine] + state.tShift[startLine]:state.eMarks[startLine]]
    opening = re.match(RE_OPEN, first)
    if opening is None or not _closes_in(state, re.escape(rf"\end{{{opening[1]}{opening[2]}}}"), startLine, endLine):
        return False
    return amsmath_block(state, startLine, endLine, silent)


def _dollar_block(rule: BlockRule) -> BlockRule:
    def guarded(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
        start = state.bMarks[startLine] + state.tShift[startLine]
        if not state.src.startswith("$$", start):
            return False
        blank = _lines_ending(state, r"^")
        stop = blank[bisect.bisect_right(blank, startLine)] if blank and blank[-1] > startLine else endLine
        return _closes_in(state, r"\$\$(?:\s*\([^)$\n]+\))?", startLine, min(stop, endLine)) and rule(
            state, startLine, endLine, silent)
    return guarded


def _bracket_block(rule: BlockRule) -> BlockRule:
    def guarded(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
        start = state.bMarks[startLine] + state.tShift[startLine]
        return state.src.startswith("\\[", start) and _last(state, "\\]") > start and rule(
            state, startLine, endLine, silent)
    return guarded


@cache
def _parser() -> MarkdownIt:
    """CommonMark with tables and HTML, and the math rules of mdit_py_plugins (dollarmath with pandoc's rule for
    single dollars, amsmath, texmath's brackets), guarded against quadratic searches."""
    # Indented code is off: in exported and OCR'd sheets indentation is noise, not code.
    md = MarkdownIt("commonmark", {"html": True}).enable("table").disable("code")
    inline, block = md.inline.ruler, md.block.ruler
    inline.before("escape", "math_inline", _pandoc_dollars(math_inline_dollar(allow_space=False, allow_double=True)))
    for rule in texmath_rules["brackets"]["inline"]:
        inline.before("escape", "texmath_inline", _inline_guard(make_inline_func(rule), "\\(", "\\)"))
    inline.before("escape", "math_backslash", _backslash_math)
    block.before("fence", "math_block", _dollar_block(math_block_dollar(allow_labels=True, allow_blank_lines=False)))
    for rule in texmath_rules["brackets"]["block"]:
        block.before("fence", f"texmath_{rule['name']}", _bracket_block(make_block_func(rule)))
    block.before("blockquote", "amsmath", _amsmath,
                 {"alt": ["paragraph", "reference", "blockquote", "list", "footnote_def"]})
    return md


@dataclass
class _Pending:
    latex: Mapped
    display: bool
    environment: str | None
    first: int
    last: int
    context: str = ""


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.index = LineIndex(text)
        self.doc = Mapped.whole(text)
        self.pending: list[_Pending] = []
        self.done: list[Found] = []
        self.entries: list[Entry] = []
        self.reading = Reading()
        self.code_lines: set[int] = set()
        self.cursor = 0
        self.lead = ""  # "If X is Poisson with rate $\lambda$, then": a sentence a table's rows complete

    def offset(self, line: int) -> int:
        """Source offset of 0-based ``line`` (the end of the text past the last line)."""
        return self.index.starts[line] if line < len(self.index.starts) else len(self.text)

    def read(self) -> Reading:
        tokens = _parser().parse(self.text)
        next_start = [len(self.index.starts)] * (len(tokens) + 1)
        for i in reversed(range(len(tokens))):
            mapped_line = tokens[i].map
            next_start[i] = mapped_line[0] if mapped_line else next_start[i + 1]
        last_start, tables = 0, 0
        open_headings: list[tuple[int, str]] = []
        for i, token in enumerate(tokens):
            lines = token.map
            if lines:
                last_start = max(last_start, lines[0])
            if token.type in ("table_open", "table_close"):
                tables += 1 if token.type == "table_open" else -1
                self.lead = self.unfinished_sentence() if token.type == "table_open" else ""
            elif token.type == "tr_open" and lines:
                self.plain(lines[0], lines[1], code_spans=True, lead=self.lead)
            elif token.type == "heading_open" and lines:
                title = nested(open_headings, int(token.tag[1:]), _title(tokens[i + 1]))
                self.reading.sections.append((lines[0] + 1, title))
                self.entries.append(Entry("barrier"))
            elif token.type in ("fence", "code_block") and lines:
                self.code_lines.update(range(lines[0] + 1, lines[1] + 1))
            elif token.type == "html_block" and lines:
                self.html(lines[0], lines[1])
            elif token.type == "inline" and not tables and lines:
                self.inline(token, self.offset(lines[0]), self.offset(lines[1]))
                if tokens[i - 1].type == "heading_open":
                    self.entries.append(Entry("barrier"))
            elif token.type.startswith("math_block") or token.type == "amsmath":
                start = self.offset(lines[0] if lines else last_start)
                end = self.offset(lines[1] + (token.type == "amsmath") if lines else next_start[i + 1])
                self.block(token, start, end)
        self.settle_contexts()
        self.reading.directives = {line: text for line, text in directives(self.text, percent=False).items()
                                   if line not in self.code_lines}
        return self.reading

    def locate(self, content: str, opener: str, closer: str, start: int, end: int) -> tuple[Mapped, int, int]:
        r"""Where ``content`` sits in the source between ``start`` and ``end``, line by line, and its whole span.

        The first match whose opener no backslash escapes wins (``\\$x$`` is math, ``\$x$`` is not); then,
        should the delimiters not be found, the content alone is searched for.
        """
        lines = content.split("\n")
        body = f"({re.escape(lines[0])})" + "".join(f"{_CONTINUATION}({re.escape(line.lstrip())})"
                                                   for line in lines[1:])
        begin = max(start, self.cursor)
        for pattern in (re.compile(opener + body + closer), re.compile(body)):
            position = begin
            while (match := pattern.search(self.text, position, end)) is not None:
                if not self.escaped(match.start(), single_dollar=opener == r"\$" and pattern.pattern != body):
                    self.cursor = match.end()
                    parts: list[Mapped] = []
                    for group in range(1, len(lines) + 1):
                        if group > 1:
                            parts.append(Mapped("\n", [match.end(group - 1)]))
                        parts.append(self.doc.cut(match.start(group), match.end(group)))
                    return Mapped.join(parts), match.start(), match.end() - 1
                position = match.start() + 1
        # Never seen in practice; the block's first non-blank character is the one sure place.
        anchor = min(begin + len(self.text[begin:end]) - len(self.text[begin:end].lstrip()), len(self.text) - 1)
        return Mapped(content, [anchor] * len(content)), anchor, anchor

    def escaped(self, offset: int, *, single_dollar: bool) -> bool:
        """Whether an odd run of backslashes (or, for a single ``$``, another ``$``) comes right before ``offset``."""
        back = offset
        while back > 0 and self.text[back - 1] == "\\":
            back -= 1
        return (offset - back) % 2 == 1 or (single_dollar and self.text[offset - 1:offset] == "$")

    def add(self, located: tuple[Mapped, int, int], display: bool, environment: str | None = None) -> int | None:
        latex = unescape(located[0].strip()).strip()
        if not latex.text:
            return None
        self.pending.append(_Pending(latex, display, environment, located[1], located[2]))
        return len(self.pending) - 1

    def inline(self, token: Token, start: int, end: int) -> None:
        entry = Entry("prose")
        for child in token.children or []:
            if child.type in ("math_inline", "math_inline_double", "math_backslash"):
                opener, closer, display = _delimiters(child)
                number = self.add(self.locate(child.content, opener, closer, start, end), display)
                if number is not None:
                    entry.members.append((number, len(entry.parts)))
                    entry.parts.append(math_part(self.pending[number].latex.text))
            elif child.type in ("text", "code_inline"):
                entry.parts.append(child.content if child.type == "text" else f"`{child.content}`")
            elif child.type in ("softbreak", "hardbreak", "html_inline"):
                entry.parts.append(" ")
        self.entries.append(entry)

    def block(self, token: Token, start: int, end: int) -> None:
        if token.type == "amsmath":
            located, first, last = self.locate(token.content.rstrip("\n"), "", "", start, end)
            environment, body = unwrap(located.text)
            number = self.add((located.cut(*body), first, last), True, environment)
        else:
            opener, closer = (r"\$\$", r"\$\$") if token.markup == "$$" else (r"\\\[", r"\\\]")
            number = self.add(self.locate(token.content, opener, closer, start, end), True)
        if number is not None:
            self.entries.append(Entry("math", [math_part(self.pending[number].latex.text)], [(number, 0)]))

    def unfinished_sentence(self) -> str:
        """The last sentence of the paragraph just read when it runs on into what follows ("..., then",
        "...:"), else ""."""
        last = self.entries[-1] if self.entries else None
        text = "".join(last.parts).rstrip() if last is not None and last.kind == "prose" else ""
        if not text or not re.search(r"[,:]$|[A-Za-z]$", text):
            return ""
        return re.split(r"[.;!?]\s", text)[-1] + " "

    def plain(self, first_line: int, end_line: int, *, code_spans: bool = False, lead: str = "") -> None:
        """Table rows and HTML blocks: delimited math read from the source lines themselves; a table's rows
        read the sentence that leads into it (``lead``) as the start of their own."""
        start, end = max(self.offset(first_line), self.cursor), self.offset(end_line)
        segment = self.doc.cut(start, end)
        masked = mask(segment.text, _HTML_SKIP)
        spans = scan(masked, plain=segment.text, code_spans=code_spans)

        def contexts_of(kept: list[Span], latexes: list[str]) -> list[str]:
            return [lead + text for text in contexts(masked, kept, latexes, clean_text, items=None)]

        for found in found_spans(segment, spans, contexts_of, entities=True):
            self.done.append(found)
            self.cursor = max(self.cursor, found.last + 1)
        self.entries.append(Entry("barrier"))

    def html(self, first_line: int, end_line: int) -> None:
        segment = self.text[self.offset(first_line):self.offset(end_line)]
        self.reading.sections += [(first_line + line, title) for line, title in sections(mask(segment, _HTML_SKIP))]
        self.plain(first_line, end_line)

    def settle_contexts(self) -> None:
        for number, text in settle(self.entries).items():
            self.pending[number].context = text
        self.reading.found = sorted(
            [Found(p.latex, p.display, p.environment, p.context, p.first, p.last) for p in self.pending]
            + self.done, key=lambda f: f.latex.offsets[0])


def _delimiters(token: Token) -> tuple[str, str, bool]:
    """Patterns for a math token's opening and closing delimiters, and whether it is display math."""
    if token.type == "math_backslash":
        return re.escape(token.markup), re.escape(str(token.meta["closer"])), bool(token.meta["display"])
    if token.type == "math_inline_double":
        return r"\$\$", r"\$\$", True
    if token.markup == "$":
        return r"\$", r"\$(?![\d$])", False
    return r"\\\(", r"\\\)", False


def _title(inline: Token) -> str:
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type.startswith("math"):
            parts.append(math_part(child.content))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def read_markdown(text: str) -> Reading:
    """Markdown: ``$``/``$$`` (pandoc's rule), ``\\(...\\)``, ``\\[...\\]``, bare amsmath environments, tables."""
    return _Reader(text).read()
