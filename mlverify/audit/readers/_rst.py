r"""reStructuredText: the ``.. math::`` directive and the ``:math:`` role, read line by line.

docutils would parse more, but it does not say where inside a line a role starts, and it needs a
whole valid document. The reader here follows indentation, as docutils does: a directive's body is
its indented block, and each blank-line-separated paragraph of a ``math`` body is one formula. The
cells of grid tables are cut out (as ``Mapped`` texts that remember their source offsets) and read
the same way, so ``| .. math:: |`` works.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import replace

from mlverify.audit.readers._delimiters import mask
from mlverify.audit.readers._model import Entry, Found, LineIndex, Mapped, Reading, math_part, settle

_EXPLICIT = re.compile(r"^\s*\.\.(?:\s|$)")
_DIRECTIVE = re.compile(r"^(\s*)\.\.\s+([\w:+.-]+?)::(.*)$")
_MLVERIFY = re.compile(r"^\s*\.\.\s+mlverify:\s*(.*?)\s*$")
_NOT_COMMENT = re.compile(r"^\s*\.\.\s+(?:_|\[|\|)")
_CODE = frozenset({"code", "code-block", "sourcecode", "literalinclude", "raw", "highlight", "doctest",
                   "testcode", "testoutput", "ipython", "jupyter-execute", "code-cell"})
_OPTION = re.compile(r"^\s+:[\w-]+:(?:\s|$)")
_UNDERLINE = re.compile(r"^([=\-`:'\"~^_*+#<>.])\1{2,}\s*$")
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=]+\+)+\s*$")
_LIST = re.compile(r"^\s*(?:[-*+•]|\d+[.)]|#\.|\(?[A-Za-z0-9]\))\s+")
_ROLE = re.compile(r"(?<![\w`\\]):math:`((?:[^`\\]|\\.)+?)`|(?<![\w`\\])`((?:[^`\\]|\\.)+?)`:math:(?![\w])",
                   re.DOTALL)
_INLINE_LITERAL = re.compile(r"``.+?``", re.DOTALL)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _body_end(lines: list[str], start: int, indent: int) -> int:
    """The first line after ``start`` that is not blank and not indented deeper than ``indent``."""
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
    return end


class _Block:
    """One RST text (the document, or a grid-table cell) read into ``reading``."""

    def __init__(self, doc: Mapped, reading: Reading, line_of: Callable[[int], int], *, nested: bool) -> None:
        self.doc, self.reading, self.line_of, self.nested = doc, reading, line_of, nested
        self.lines = doc.text.split("\n")
        self.starts: list[int] = []
        offset = 0
        for line in self.lines:
            self.starts.append(offset)
            offset += len(line) + 1
        self.entries: list[Entry] = []
        self.found: list[Found] = []

    def read(self) -> None:
        lines, i = self.lines, 0
        while i < len(lines):
            line = lines[i]
            if not line.strip():
                i += 1
            elif _GRID_BORDER.match(line):
                end = i + 1
                while end < len(lines) and lines[end].strip()[:1] in ("+", "|"):
                    end += 1
                self.grid(i, end)
                i = end
            elif _EXPLICIT.match(line) and not _NOT_COMMENT.match(line):
                i = self.explicit(i)
            elif not self.nested and self.title(i):
                i += 3 if _UNDERLINE.match(line) else 2
            elif _UNDERLINE.match(line):
                i += 1
            else:
                i = self.paragraph(i)
        self.settle()

    def explicit(self, i: int) -> int:
        line = self.lines[i]
        end = _body_end(self.lines, i, _indent(line))
        directive = _DIRECTIVE.match(line)
        mlverify = _MLVERIFY.match(line)
        if directive and directive.group(2) == "math":
            self.math(i, end, directive)
        elif mlverify:
            self.reading.directives.setdefault(self.line_of(self.doc.offsets[self.starts[i]]), mlverify.group(1))
        elif directive and directive.group(2) not in _CODE:
            return self.paragraph(i, alone=True)  # an admonition's body is ordinary RST: read on
        return end

    def title(self, i: int) -> bool:
        lines = self.lines
        if _UNDERLINE.match(lines[i]):  # an overline, the title, then the underline
            over = i + 2 < len(lines) and lines[i + 1].strip() and lines[i + 2].strip() == lines[i].strip()
            if over:
                self.heading(i + 1)
            return bool(over)
        under = i + 1 < len(lines) and _UNDERLINE.match(lines[i + 1]) and not _indent(lines[i])
        if under and len(lines[i + 1].strip()) >= min(len(lines[i].strip()), 4):
            self.heading(i)
            return True
        return False

    def heading(self, i: int) -> None:
        self.entries.append(Entry("barrier"))
        self.paragraph(i, alone=True)
        title = _ROLE.sub(lambda m: math_part(m.group(1) or m.group(2)), self.lines[i])
        self.reading.sections.append((self.line_of(self.doc.offsets[self.starts[i]]), " ".join(title.split())))
        self.entries.append(Entry("barrier"))

    def paragraph(self, i: int, *, alone: bool = False) -> int:
        """Roles in the paragraph (or list item) from line ``i``; returns the line after it and its literal block."""
        lines = self.lines
        end = i + 1
        while not alone and end < len(lines) and lines[end].strip() and not (
                _EXPLICIT.match(lines[end]) or _LIST.match(lines[end]) or _GRID_BORDER.match(lines[end])):
            end += 1
        start, stop = self.starts[i], self.starts[end - 1] + len(lines[end - 1])
        text = mask(self.doc.text[start:stop], _INLINE_LITERAL)
        entry, done = Entry("prose"), 0
        for match in _ROLE.finditer(text):
            group = 1 if match.group(1) is not None else 2
            latex = self.doc.cut(start + match.start(group), start + match.end(group)).strip()
            entry.parts.append(text[done:match.start()])
            done = match.end()
            if latex.text:
                self.found.append(Found(latex, False, None, "", self.doc.offsets[start + match.start()],
                                        self.doc.offsets[start + match.end() - 1]))
                entry.members.append((len(self.found) - 1, len(entry.parts)))
            entry.parts.append(math_part(latex.text))
        entry.parts.append(text[done:])
        self.entries.append(entry)
        if lines[end - 1].rstrip().endswith("::") and not alone:
            return _body_end(lines, end - 1, _indent(lines[i]))  # a literal block follows: code, not math
        return end

    def math(self, i: int, end: int, directive: re.Match[str]) -> None:
        """Each blank-line-separated paragraph of the directive's argument and body is one display formula."""
        paragraphs: list[list[tuple[int, int]]] = [[]]
        if directive.group(3).strip():
            paragraphs[0].append((i, directive.start(3) + _indent(directive.group(3))))
        options = True
        for k in range(i + 1, end):
            if not self.lines[k].strip():
                options = False
                paragraphs.append([])
            elif options and _OPTION.match(self.lines[k]) and not paragraphs[-1]:
                continue
            else:
                paragraphs[-1].append((k, _indent(self.lines[k])))
        anchor = self.doc.offsets[self.starts[i]]
        for paragraph in filter(None, paragraphs):
            pieces = [self.doc.cut(self.starts[k] + column, self.starts[k] + len(self.lines[k]) + 1)
                      for k, column in paragraph]
            latex = Mapped.join(pieces).strip()
            if latex.text:
                self.found.append(Found(latex, True, None, "", anchor, latex.offsets[-1]))
                self.entries.append(Entry("math", [math_part(latex.text)], [(len(self.found) - 1, 0)]))

    def grid(self, first: int, end: int) -> None:
        """Read each cell of a grid table as its own small RST text."""
        lines = self.lines
        borders = [k for k in range(first, end) if _GRID_BORDER.match(lines[k])]
        plus = [p for p, char in enumerate(lines[first]) if char == "+"]
        for top, bottom in itertools.pairwise(borders):
            band = range(top + 1, bottom)
            edges = [p for p in plus if all(len(lines[k]) > p and lines[k][p] in "|+" for k in band)]
            for left, right in itertools.pairwise(edges):
                pieces: list[Mapped] = []
                for k in band:
                    cell = self.doc.cut(self.starts[k] + left + 1, self.starts[k] + right)
                    pieces += [cell, Mapped("\n", [self.doc.offsets[self.starts[k] + right]])]
                _Block(Mapped.join(pieces), self.reading, self.line_of, nested=True).read()
        self.entries.append(Entry("barrier"))

    def settle(self) -> None:
        contexts = settle(self.entries)
        self.reading.found += [replace(found, context=contexts.get(number, ""))
                               for number, found in enumerate(self.found)]


def read_rst(text: str) -> Reading:
    """A ``.rst`` file: math directives and roles, underlined titles, ``.. mlverify:`` comments."""
    reading = Reading()
    index = LineIndex(text)
    _Block(Mapped.whole(text), reading, index.line, nested=False).read()
    return reading
