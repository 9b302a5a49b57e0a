"""What every reader produces (``Formula``) and the bookkeeping they share to place it exactly.

A reader never copies math out of a sheet as a bare string: it keeps a ``Mapped`` text, which
remembers for each character the offset in the source it came from. Stripping container prefixes,
comments and HTML entities then cannot cost a formula its position, and ``split_rows`` can place
every row of an ``align`` on its own line and column.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

CONTEXT_CHARS = 300
_LEAD_CHARS = 2000


@dataclass(frozen=True)
class Formula:
    """One math span of a sheet, where its author wrote it.

    - ``line`` and ``column`` are 1-based and point at the first character of the LaTeX itself
      (after the delimiter and any blank space); columns count characters, a tab is one column;
    - ``latex`` is the math only: delimiters, comments and container prefixes removed, HTML
      entities decoded in text-like formats;
    - ``context`` is the prose around it (at most about 300 characters, a long formula shortened with ``…``),
      each math span as ``$latex$``;
    - ``lead`` is the prose of the paragraphs without math between the formula and the one or the heading
      before it (at most about 2000 characters), for what a section says once in words;
    - ``directive`` is the text after ``mlverify:`` of a directive comment on the formula's lines or
      just above it (``"ignore"``, a claim id);
    - ``cell`` is the 0-based notebook cell; ``line`` then counts within the cell's source.
    """

    file: str
    line: int
    column: int
    latex: str
    display: bool
    environment: str | None = None
    section: str | None = None
    context: str = ""
    lead: str = ""
    directive: str | None = None
    cell: int | None = None
    # (offset in latex, line, column) wherever latex stops running in step with the source;
    # empty means latex is a verbatim copy starting at (line, column).
    source_map: tuple[tuple[int, int, int], ...] = field(default=(), repr=False, compare=False)
    # which of the context's copies of ``$latex$`` this formula is, when its paragraph says it twice
    occurrence: int = field(default=0, repr=False, compare=False)

    def prose_around(self) -> tuple[str, str] | None:
        """The context's text before and after this formula (which it holds as ``$latex$``), or None."""
        at = -1
        for _ in range(self.occurrence + 1):
            if (later := self.context.find(f"${self.latex}$", at + 1)) < 0:
                break
            at = later
        return None if at < 0 else (self.context[:at], self.context[at + len(self.latex) + 2:])

    def position(self, offset: int) -> tuple[int, int]:
        """The (line, column) in the sheet of ``latex[offset]``, so pieces cut from a formula keep their place."""
        if not self.source_map:
            before = self.latex[:offset]
            newlines = before.count("\n")
            if newlines:
                return self.line + newlines, offset - before.rfind("\n")
            return self.line, self.column + offset
        index = bisect.bisect_right(self.source_map, (offset, 1 << 62, 0)) - 1
        start, line, column = self.source_map[max(index, 0)]
        return line, column + max(offset - start, 0)


@dataclass(frozen=True)
class Mapped:
    """A text cut from a sheet that knows the source offset of each of its characters."""

    text: str
    offsets: Sequence[int]

    @classmethod
    def whole(cls, text: str) -> Mapped:
        return cls(text, range(len(text)))

    @classmethod
    def join(cls, parts: Iterable[Mapped]) -> Mapped:
        texts: list[str] = []
        offsets: list[int] = []
        for part in parts:
            texts.append(part.text)
            offsets.extend(part.offsets)
        return cls("".join(texts), offsets)

    def __len__(self) -> int:
        return len(self.text)

    def cut(self, start: int, end: int) -> Mapped:
        return Mapped(self.text[start:end], self.offsets[start:end])

    def strip(self) -> Mapped:
        stripped = self.text.lstrip()
        start = len(self.text) - len(stripped)
        return self.cut(start, start + len(stripped.rstrip()))


_TRAILING = re.compile(r"[ \t]+\n")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_PARAGRAPH = re.compile(r"\S.*?(?=\n[ \t]*\n|\Z)", re.DOTALL)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape(mapped: Mapped) -> Mapped:
    """Decode HTML entities that end in ``;`` (so the ``&`` of ``a &= b`` stays an alignment mark)."""
    if "&" not in mapped.text:
        return mapped
    parts: list[Mapped] = []
    done = 0
    for match in _ENTITY.finditer(mapped.text):
        decoded = html.unescape(match.group()).replace("\xa0", " ")
        if decoded == match.group():
            continue
        parts.append(mapped.cut(done, match.start()))
        parts.append(Mapped(decoded, [mapped.offsets[match.start()]] * len(decoded)))
        done = match.end()
    parts.append(mapped.cut(done, len(mapped)))
    return Mapped.join(parts)


class LineIndex:
    """Offsets of a text <-> 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        line = self.line(offset)
        return line, offset - self.starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return self.text[self.starts[line - 1]:end]


@dataclass(frozen=True)
class Found:
    """A formula as a reader found it, before sections and directives are settled."""

    latex: Mapped
    display: bool
    environment: str | None
    context: str
    first: int  # source offset where the construct (delimiter, directive) begins: directives above it apply
    last: int


SECTION_PATH = " › "


def nested(open_headings: list[tuple[int, str]], level: int, title: str) -> str:
    """A heading's section, named with the headings it sits under ("2. Softmax › Jacobian"), so that a
    subsection reads what its section defined; ``open_headings`` is the reader's stack of (level, title)."""
    while open_headings and open_headings[-1][0] >= level:
        open_headings.pop()
    open_headings.append((level, title))
    return SECTION_PATH.join(t for _, t in open_headings)


def within(section: str | None, outer: str | None) -> bool:
    """Whether ``section`` is ``outer`` or one of its subsections."""
    return section == outer or (section is not None and outer is not None
                                and section.startswith(outer + SECTION_PATH))


@dataclass
class Reading:
    """What one reader learned from one text: formulas, headings and directive comments (by line)."""

    found: list[Found] = field(default_factory=list)
    sections: list[tuple[int, str]] = field(default_factory=list)
    directives: dict[int, str] = field(default_factory=dict)


def finish(reading: Reading, source: str, file: str, *, cell: int | None = None,
           section: str | None = None) -> list[Formula]:
    """Turn a reader's findings into ``Formula`` objects, in reading order."""
    index = LineIndex(source)
    spans = [(index.line(f.first), index.line(max(f.last, f.first))) for f in reading.found]
    covered = {line for first, last in spans for line in (first, last)}
    headings = sorted(reading.sections)
    in_order = sorted(range(len(spans)), key=lambda k: spans[k])
    leads = dict(zip(in_order, _leads(index, [spans[k] for k in in_order], headings), strict=True))
    formulas: list[Formula] = []
    for number, (found, (first, last)) in enumerate(zip(reading.found, spans, strict=True)):
        latex = _tidy(found.latex)
        line, column = index.position(latex.offsets[0])
        above = bisect.bisect_right(headings, (line, "\U0010ffff")) - 1
        formulas.append(Formula(
            file=file, line=line, column=column, latex=latex.text, display=found.display,
            environment=found.environment, section=headings[above][1] if above >= 0 else section,
            context=found.context, lead=leads[number],
            directive=_directive(reading.directives, index, first, last, covered),
            cell=cell, source_map=_source_map(latex, index),
        ))
    formulas.sort(key=lambda f: (f.line, f.column))
    return formulas


def clean_text(text: str) -> str:
    """Prose of a text-like format: tags and comments dropped, entities decoded."""
    stripped = _TAG.sub(" ", HTML_COMMENT.sub(" ", text))
    return unescape(Mapped.whole(stripped)).text


def _leads(index: LineIndex, spans: Sequence[tuple[int, int]], headings: Sequence[tuple[int, str]]) -> list[str]:
    """For each formula (its first and last line, in reading order), the paragraphs that hold no formula between
    it and the formula or heading before it: "This section uses the denominator layout." said on its own."""
    covered = sorted({line for first, last in spans for line in range(first, last + 1)})
    paragraphs: list[tuple[int, int, str]] = []
    for match in _PARAGRAPH.finditer(index.text):
        first, last = index.line(match.start()), index.line(match.end() - 1)
        at = bisect.bisect_left(covered, first)
        if at == len(covered) or covered[at] > last:
            paragraphs.append((first, last, match.group()))
    starts = [first for first, _, _ in paragraphs]
    heading_lines = [line for line, _ in headings]
    leads: list[str] = []
    previous_last = 0
    for first, last in spans:
        above = bisect.bisect_right(heading_lines, first) - 1
        since = max(previous_last, heading_lines[above] if above >= 0 else 0)
        chosen = [text for start, end, text in paragraphs[bisect.bisect_right(starts, since):
                                                           bisect.bisect_left(starts, first)] if end < first]
        lead = clean_text("\n".join(chosen))
        leads.append(lead[-_LEAD_CHARS:])
        previous_last = max(previous_last, last)
    return leads


def _tidy(latex: Mapped) -> Mapped:
    """Without the spaces that end its lines (left by a blanked comment or an editor)."""
    if not _TRAILING.search(latex.text):
        return latex
    parts: list[Mapped] = []
    done = 0
    for match in _TRAILING.finditer(latex.text):
        parts.append(latex.cut(done, match.start()))
        done = match.end() - 1
    parts.append(latex.cut(done, len(latex)))
    return Mapped.join(parts)


def _directive(directives: Mapping[int, str], index: LineIndex, first: int, last: int,
               covered: set[int]) -> str | None:
    """A directive on the formula's own lines, else on the nearest non-blank line above that holds no formula."""
    for line in range(first, last + 1):
        if line in directives:
            return directives[line]
    line = first - 1
    while line >= 1 and not index.line_text(line).strip():
        line -= 1
    return directives[line] if line in directives and line not in covered else None


def _source_map(latex: Mapped, index: LineIndex) -> tuple[tuple[int, int, int], ...]:
    runs: list[tuple[int, int, int]] = []
    previous = -2
    for position, offset in enumerate(latex.offsets):
        if offset != previous + 1 or latex.text[position - 1:position] == "\n":
            runs.append((position, *index.position(offset)))
        previous = offset
    return tuple(runs)


_SPACE = re.compile(r"\s+")


def windows(parts: Sequence[str], owns: Sequence[int]) -> list[str]:
    """For each ``parts[own]`` (a formula's ``$latex$``), the prose of ``parts`` around it, cut to about 300
    characters at word boundaries (``…`` marks a cut). Spaces are squeezed once for the whole paragraph."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    length, spaced = 0, True
    for part in parts:
        text = _SPACE.sub(" ", part)
        text = text[1:] if spaced and text.startswith(" ") else text
        spans.append((length, length + len(text)))
        pieces.append(text)
        length += len(text)
        spaced = text.endswith(" ") if text else spaced
    full = "".join(pieces)
    return [_window(full, *spans[own]) for own in owns]


def _window(full: str, start: int, end: int) -> str:
    before = full[max(start - 2 * CONTEXT_CHARS, 0):start].lstrip()
    me = full[start:end].strip()
    if len(me) > CONTEXT_CHARS * 2 // 3:  # the formula is in ``latex``; the context is for the prose around it
        me = me[:CONTEXT_CHARS * 2 // 3 - 2].rstrip() + "…$"
    after = full[end:end + 2 * CONTEXT_CHARS].rstrip()
    budget = max(CONTEXT_CHARS - len(me), 0)
    keep_before = min(len(before), max(budget // 2, budget - len(after)))
    keep_after = min(len(after), budget - keep_before)
    if keep_before < len(before):
        cut = before[len(before) - keep_before:]
        before = "…" + (cut.split(" ", 1)[1] if " " in cut[:-1] else cut).lstrip() if keep_before else ""
    if keep_after < len(after):
        cut = after[:keep_after]
        after = (cut.rsplit(" ", 1)[0] if " " in cut[1:] else cut).rstrip() + "…" if keep_after else ""
    return (before + me + after).strip()


def context(parts: Sequence[str], own: int) -> str:
    """The prose of ``parts`` around ``parts[own]`` (see ``windows``)."""
    return windows(parts, [own])[0]


@dataclass
class Entry:
    """A block in reading order, for contexts: ``prose`` (with the formulas in it), ``math`` (a display block on
    its own) or a ``barrier`` (a heading, a table) that a display block's context does not reach across."""

    kind: str
    parts: list[str] = field(default_factory=list)
    members: list[tuple[int, int]] = field(default_factory=list)  # (formula number, index of its part)


def settle(entries: Sequence[Entry]) -> dict[int, str]:
    """Each formula's context: its own paragraph; for a display block, the prose just before and after it."""
    contexts: dict[int, str] = {}
    for position, entry in enumerate(entries):
        if entry.kind == "prose" and entry.members:
            texts = windows(entry.parts, [own for _, own in entry.members])
            contexts.update(zip([number for number, _ in entry.members], texts, strict=True))
        elif entry.kind == "math" and entry.members:
            before = next((e for e in reversed(entries[:position]) if e.kind != "math"), None)
            after: list[str] = []
            for later in entries[position + 1:]:
                if later.kind == "math" and not after:
                    continue
                if later.kind != "prose" or len(after) > 40:
                    break
                after += [*later.parts[:40], " "]
            parts = [*(before.parts[-40:] if before is not None and before.kind == "prose" else []), " ",
                     entry.parts[0]]
            contexts[entry.members[0][0]] = context([*parts, " ", *after], len(parts) - 1)
    return contexts


def math_part(latex: str) -> str:
    """How a math span reads inside a context: its LaTeX between dollar signs."""
    return f"${_SPACE.sub(' ', latex).strip()}$"
