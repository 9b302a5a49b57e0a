"""Math between delimiters in plain text: the generic reader, and the scanner the other readers reuse.

Single dollars follow pandoc's rule: the opening ``$`` has a non-space character on its right, the
closing ``$`` a non-space character on its left and no digit on its right, so "costs $5 and $10"
holds no math. No span crosses a blank line, so one stray dollar cannot swallow a whole sheet.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mlverify.audit.readers._model import (
    CONTEXT_CHARS,
    HTML_COMMENT,
    Found,
    Mapped,
    Reading,
    clean_text,
    context,
    math_part,
    unescape,
    windows,
)

# Kramdown's escaped forms first: in Markdown source ``\\(`` is what renders as ``\(``.
_BACKSLASH_PAIRS = (("\\\\(", "\\\\)", False), ("\\\\[", "\\\\]", True), ("\\(", "\\)", False),
                    ("\\[", "\\]", True))
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
_DIRECTIVE_HTML = re.compile(r"<!--\s*mlverify:\s*(.*?)\s*-->")
_DIRECTIVE_PERCENT = re.compile(r"(?<!\\)%\s*mlverify:\s*(.*?)\s*$", re.MULTILINE)
HTML_HEADING = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]\s*>", re.DOTALL | re.IGNORECASE)
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_TICKS = re.compile("`+")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+•▶►▷]|\d{1,3}[.)])[ \t]+", re.MULTILINE)


@dataclass(frozen=True)
class Span:
    """Delimited math in a scanned string: the whole span and its inside."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    display: bool


def scan(text: str, *, plain: str | None = None, code_spans: bool = False) -> list[Span]:
    """Delimited math in ``text``; blank lines are read from ``plain`` (the unmasked text) when given."""
    breaks = [m.start() for m in _BLANK_LINE.finditer(text if plain is None else plain)]
    spans: list[Span] = []
    # An opener that finds no closer before a blank line means no later opener of that kind
    # in the same paragraph can (a closer's validity does not depend on its opener).
    dead: dict[str, int] = {}
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char not in "`\\$" or (char == "`" and not code_spans):
            i += 1
            continue
        limit = breaks[bisect.bisect_right(breaks, i)] if breaks and i < breaks[-1] else n
        if char == "`":
            i = _skip_code_span(text, i, limit)
            continue
        span = _backslash_span(text, i, limit, dead) if char == "\\" else _dollar_span(text, i, limit, dead)
        if span is not None:
            spans.append(span)
            i = span.end
        else:
            i += 1 if char == "$" and not text.startswith("$$", i) else 2
    return spans


def _backslash_span(text: str, i: int, limit: int, dead: dict[str, int]) -> Span | None:
    for opener, closer, display in _BACKSLASH_PAIRS:
        if text.startswith(opener, i):
            if dead.get(opener, -1) >= i:
                return None
            end = text.find(closer, i + len(opener), limit)
            if end < 0:
                dead[opener] = limit
                return None
            if not text[i + len(opener):end].strip():
                return None
            return Span(i, end + len(closer), i + len(opener), end, display)
    return None


def _dollar_span(text: str, i: int, limit: int, dead: dict[str, int]) -> Span | None:
    double = text.startswith("$$", i)
    kind = "$$" if double else "$"
    if dead.get(kind, -1) >= i:
        return None
    j = i + len(kind)
    if not double and (j >= len(text) or text[j].isspace()):
        return None
    while True:
        j = _unescaped(text, "$", j, limit)
        if j < 0:
            dead[kind] = limit
            return None
        if double:
            if text.startswith("$$", j):
                return Span(i, j + 2, i + 2, j, True) if text[i + 2:j].strip() else None
        elif not text[j - 1].isspace() and not text[j + 1:j + 2].isdigit():
            return Span(i, j + 1, i + 1, j, False)
        j += 1


def _unescaped(text: str, char: str, start: int, limit: int) -> int:
    while True:
        found = text.find(char, start, limit)
        if found < 0:
            return -1
        back = found
        while back > 0 and text[back - 1] == "\\":
            back -= 1
        if (found - back) % 2 == 0:
            return found
        start = found + 1


def _skip_code_span(text: str, i: int, limit: int) -> int:
    opening = _TICKS.match(text, i)
    run = opening.end() - i if opening else 1
    ticks = re.compile(r"(?<!`)" + "`" * run + r"(?!`)")
    close = ticks.search(text, i + run, limit)
    return close.end() if close else i + run


def blocks(text: str, *, items: re.Pattern[str] | None = _LIST_ITEM) -> list[tuple[int, int]]:
    """Paragraphs (and list items) of ``text`` as (start, end) offsets."""
    cuts = {0, len(text)}
    for match in _BLANK_LINE.finditer(text):
        cuts.add(match.start() + 1)
    if items is not None:
        cuts.update(m.start() for m in items.finditer(text))
    edges = sorted(cuts)
    return [(a, b) for a, b in itertools.pairwise(edges) if text[a:b].strip()]


def contexts(text: str, spans: Sequence[Span], latexes: Sequence[str], clean: Callable[[str], str],
             *, items: re.Pattern[str] | None = _LIST_ITEM) -> list[str]:
    """The context of each span: its block's prose, with the neighbouring blocks when the block is only math."""
    ranges = blocks(text, items=items)
    starts = [a for a, _ in ranges]
    owner = [max(bisect.bisect_right(starts, s.start) - 1, 0) for s in spans]
    parts_of: dict[int, list[str]] = {}
    own_index: list[int] = []
    for number, (span, block) in enumerate(zip(spans, owner, strict=True)):
        parts = parts_of.setdefault(block, [])
        previous_end = spans[number - 1].end if number and owner[number - 1] == block else ranges[block][0]
        parts.append(clean(text[previous_end:span.start]))
        own_index.append(len(parts))
        parts.append(math_part(latexes[number]))
    for number in reversed(range(len(spans))):
        block = owner[number]
        if number == len(spans) - 1 or owner[number + 1] != block:
            parts_of[block].append(clean(text[spans[number].end:ranges[block][1]]))

    proses: dict[int, str] = {}

    def prose(block: int) -> str:
        if block not in proses:
            inside = 0 <= block < len(ranges)
            if not inside:
                proses[block] = ""
            else:
                proses[block] = "".join(parts_of[block]) if block in parts_of else clean(text[slice(*ranges[block])])
        return proses[block]

    members: dict[int, list[int]] = {}
    for number, block in enumerate(owner):
        members.setdefault(block, []).append(number)
    result: dict[int, str] = {}
    for block, numbers in members.items():
        parts = parts_of[block]
        has_prose = any(parts[i].strip() for i in range(0, len(parts), 2))
        alone = [n for n in numbers if spans[n].display and not has_prose]
        for number in alone:
            around = [prose(block - 1)[-4 * CONTEXT_CHARS:] + " ", parts[own_index[number]],
                      " " + prose(block + 1)[:4 * CONTEXT_CHARS]]
            result[number] = context(around, 1)
        rest = [n for n in numbers if n not in alone]
        result.update(zip(rest, windows(parts, [own_index[n] for n in rest]), strict=True))
    return [result[number] for number in range(len(spans))]


def mask(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with each match blanked (newlines kept), so offsets stay and nothing inside is read."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def found_spans(doc: Mapped, spans: Sequence[Span], contexts_of: Callable[[list[Span], list[str]], list[str]], *,
                entities: bool) -> list[Found]:
    """``Found`` records for scanned spans; empty math is dropped."""
    kept: list[tuple[Span, Mapped]] = []
    for span in spans:
        latex = doc.cut(span.inner_start, span.inner_end).strip()
        latex = unescape(latex).strip() if entities else latex
        if latex.text:
            kept.append((span, latex))
    texts = contexts_of([span for span, _ in kept], [latex.text for _, latex in kept]) if kept else []
    return [Found(latex, span.display, None, text, doc.offsets[span.start], doc.offsets[span.end - 1])
            for (span, latex), text in zip(kept, texts, strict=True)]


def directives(text: str, *, percent: bool) -> dict[int, str]:
    """Directive comments by 1-based line: ``<!-- mlverify: ... -->`` (and ``% mlverify: ...``)."""
    found: dict[int, str] = {}
    patterns = (_DIRECTIVE_HTML, _DIRECTIVE_PERCENT) if percent else (_DIRECTIVE_HTML,)
    for pattern in patterns:
        for match in pattern.finditer(text):
            found.setdefault(text.count("\n", 0, match.start()) + 1, match.group(1).strip())
    return found


def sections(text: str) -> list[tuple[int, str]]:
    """Headings of a text-like sheet by line: ``# Title`` and ``<h2>Title</h2>``."""
    found = [(m.start(), m.group(1)) for m in _ATX_HEADING.finditer(text)]
    found += [(m.start(), m.group(1)) for m in HTML_HEADING.finditer(text)]
    return [(text.count("\n", 0, start) + 1, " ".join(clean_text(title).split())) for start, title in found]


def read_plain(text: str) -> Reading:
    """The generic reader: delimited math anywhere, ``#`` headings as sections, HTML comments skipped."""
    masked = mask(text, HTML_COMMENT)
    spans = scan(masked, plain=text)
    doc = Mapped.whole(text)
    reading = Reading(directives=directives(text, percent=True))
    reading.sections = sections(masked)

    def contexts_of(kept: list[Span], latexes: list[str]) -> list[str]:
        return contexts(masked, kept, latexes, clean_text)

    reading.found = found_spans(doc, spans, contexts_of, entities=True)
    return reading
