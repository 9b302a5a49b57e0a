"""``parse``: LaTeX string -> mlverify tree, or a ``LatexError`` naming what and where.

The lark parser is built once per process from ``grammar/latex.lark`` (LALR, contextual
lexer, the transformer run as the parser reduces, so no intermediate tree and no
recursion). Nothing here evaluates text: no eval, sympify or parse_expr.
"""

from __future__ import annotations

import bisect
import functools
from importlib import resources

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from mlverify.errors import LatexError
from mlverify.latex.nodes import Node
from mlverify.latex.normalize import Tok, normalize
from mlverify.latex.transformer import LatexTransformer, TreeError, finish

MAX_LENGTH = 20_000


def grammar_text() -> str:
    """The grammar, read from the package data (also used by the fuzz tests)."""
    return resources.files("mlverify.latex").joinpath("grammar/latex.lark").read_text(encoding="utf-8")


@functools.cache
def _parser() -> Lark:
    return Lark(grammar_text(), parser="lalr", lexer="contextual", transformer=LatexTransformer(),
                maybe_placeholders=True, cache=True)


class _Columns:
    """Map offsets of the canonical text back to columns of the input."""

    def __init__(self, tokens: list[Tok]) -> None:
        self.starts: list[int] = []
        self.tokens = tokens
        offset = 0
        for tok in tokens:
            self.starts.append(offset)
            offset += len(tok.text) + 1
        self.text = " ".join(t.text for t in tokens)

    def token_at(self, pos: int | None) -> Tok | None:
        if pos is None or not self.tokens:
            return None
        index = max(0, bisect.bisect_right(self.starts, pos) - 1)
        return self.tokens[min(index, len(self.tokens) - 1)]

    def column(self, pos: int | None) -> int | None:
        tok = self.token_at(pos)
        return tok.col if tok is not None else None


def _describe(text: str) -> str:
    if text.startswith("\\") and text[1:2].isalpha():
        return text
    return f"'{text}'"


def _syntax_error(exc: UnexpectedInput, columns: _Columns) -> LatexError:
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        tok = columns.token_at(pos)
        text = tok.text if tok is not None else columns.text[pos:pos + 1]
        col = tok.col if tok is not None else None
        if text.startswith("\\") and text[1:2].isalpha():
            return LatexError(f"unknown command {text} at column {col}", column=col, category="unknown_command")
        return LatexError(f"unexpected {_describe(text)} at column {col}", column=col, category="syntax")
    if isinstance(exc, UnexpectedToken) and exc.token.type != "$END":
        token: Token = exc.token
        col = columns.column(token.start_pos)
        return LatexError(f"unexpected {_describe(token.value)} at column {col}", column=col, category="syntax")
    if isinstance(exc, UnexpectedToken | UnexpectedEOF):
        last = columns.tokens[-1] if columns.tokens else None
        col = last.col if last is not None else None
        what = _describe(last.text) if last is not None else "nothing"
        return LatexError(f"formula ends too early, after {what} at column {col}", column=col, category="syntax")
    return LatexError(f"cannot read the formula: {exc}", category="syntax")


def parse(latex: str) -> Node:
    """Parse one formula (display or inline math, without ``$``) into a tree."""
    if len(latex) > MAX_LENGTH:
        raise LatexError(f"formula of {len(latex)} characters is longer than the limit of {MAX_LENGTH}",
                         category="too_long")
    tokens = normalize(latex)
    if not tokens:
        if "\\text" in latex or "\\mathrm" in latex:
            raise LatexError("formula is only free text", category="text")
        raise LatexError("empty formula", category="empty")
    columns = _Columns(tokens)
    try:
        tree = _parser().parse(columns.text)
        return finish(tree)  # type: ignore[arg-type]
    except UnexpectedInput as exc:
        raise _syntax_error(exc, columns) from None
    except TreeError as exc:
        col = columns.column(exc.pos)
        where = f" at column {col}" if col is not None else ""
        raise LatexError(f"{exc.message}{where}", column=col, category=exc.category) from None
    except RecursionError:
        raise LatexError("formula is nested too deeply to read", category="nesting") from None
