r"""One math block -> one ``Formula`` per statement, each at the place its row starts.

Only the top nesting level is cut: the ``\\`` and ``&`` of ``cases``, ``pmatrix`` or ``array``
belong to them. The rules, kept simple on purpose:

- rows end at top-level ``\\``; a ``multline`` is one statement whatever its rows;
- ``&`` marks are dropped; in ``align``-like environments every second ``&`` separates two
  equations of one row (``a &= b & c &= d`` is two statements);
- a row that starts with a relation continues the previous statement's left-hand side (its text up
  to the first top-level relation): ``a &= b \\ &= c`` gives ``a = b`` and ``a = c``;
- a row that starts with ``+``, ``-``, ``\cdot`` or ``\times`` and holds no relation continues the
  previous statement's right-hand side, so a long sum broken over rows stays one statement;
- ``\nonumber``, ``\notag``, ``\label{}``, ``\tag{}`` and ``\intertext{}`` are removed; spaces are
  squeezed.

``split_statements`` then cuts a row at top-level ``\quad``, commas, semicolons and ``\text{and}``
into the statements written side by side, keeping a condition with the statement it qualifies
(the caller says which piece is which).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from mlverify.audit.readers._model import Formula, math_part

_ALIGN_LIKE = frozenset({"align", "flalign", "alignat", "aligned", "alignedat", "split", "xalignat", "xxalignat"})
_JOINED = frozenset({"multline", "multlined"})
_WRAPPERS = frozenset({"equation", "gather", "gathered", "eqnarray", "displaymath", "math", "subequations",
                       *_ALIGN_LIKE, *_JOINED})
_BEGIN = re.compile(r"\s*\\begin\s*\{([A-Za-z]+\*?)\}(?:\s*\[[a-z]\])?")
_ARGUMENT = re.compile(r"\s*\{[^{}]*\}")
_ENV = re.compile(r"\\(begin|end)\s*\{([A-Za-z]+\*?)\}")
_DROP = re.compile(r"\\(?:nonumber|notag)(?![A-Za-z])|"
                   r"\\(?:label|tag\*?|intertext|shortintertext)\s*\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")
_SPACING = re.compile(r"(?:\s|~|\\[ ,;:!]|\\q?quad(?![A-Za-z]))*")
_RELATION = re.compile(r":=|=:|=|<|>|\\(?:le|leq|ge|geq|leqq|geqq|leqslant|geqslant|lt|gt|ne|neq|approx|equiv|sim|"
                       r"simeq|cong|propto|prec|succ|preceq|succeq|ll|gg|coloneqq|eqqcolon|triangleq|doteq|"
                       r"stackrel|overset|defeq|eqdef)(?![A-Za-z])")
_RELATION_END = re.compile(f"(?:{_RELATION.pattern})\\s*$")
_OPERATOR = re.compile(r"[+-]|\\(?:cdot|times|pm|mp)(?![A-Za-z])")
_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)", re.DOTALL)
_SIDE_BY_SIDE = re.compile(r"(?:\s|~|\\[ ,;:!]|\\q?quad(?![A-Za-z]))*(?:[,;]|\\q?quad(?![A-Za-z])|"
                           r"\\text\s*\{\s*(?:and|,)\s*\})(?:\s|~|\\[ ,;:!]|\\q?quad(?![A-Za-z]))*")
_OPENING = re.compile(r"\\(?:left|big|Big|bigg|Bigg)?l?(?:\{|(?:langle|lceil|lfloor|lvert|lVert)(?![A-Za-z]))|[([{]")
_CLOSING = re.compile(r"\\(?:right|big|Big|bigg|Bigg)?r?(?:\}|(?:rangle|rceil|rfloor|rvert|rVert)(?![A-Za-z]))|[)\]}]")
_DOTS = re.compile(r"\\[lcv]?dots[bcimo]?|\.\.\.|…")
_LABEL = re.compile(r"\s*\\text\s*\{[^{}]*:\s*\}\s*")  # "\text{Bernoulli: } T(x) = x"
_ROW_SPACE = re.compile(r"\*?\s*(?:\[\s*-?[\d.]+\s*(?:pt|em|ex|mm|cm|in|bp|mu|sp|pc|dd|cc)\s*\])?")


def _base(environment: str | None) -> str:
    return (environment or "").rstrip("*")


def unwrap(latex: str) -> tuple[str | None, tuple[int, int]]:
    r"""The environment wrapping all of ``latex`` (``\begin{align*}...\end{align*}``) and the span of its body."""
    begin = _BEGIN.match(latex)
    if not begin or _base(begin.group(1)) not in _WRAPPERS:
        return None, (0, len(latex))
    start = begin.end()
    if _base(begin.group(1)).endswith("alignat") or _base(begin.group(1)) == "alignedat":
        argument = _ARGUMENT.match(latex, start)
        start = argument.end() if argument else start
    depth = 0
    for match in _ENV.finditer(latex, begin.start()):
        depth += 1 if match.group(1) == "begin" else -1
        if depth == 0:
            if match.group(2) != begin.group(1) or latex[match.end():].strip() not in ("", ".", ","):
                break
            return begin.group(1), (start, match.start())
    return None, (0, len(latex))


def _top_level(latex: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[int]]:
    r"""Row spans (cut at top-level ``\\``) and top-level ``&`` offsets of ``latex[start:end]``."""
    rows: list[tuple[int, int]] = []
    ampersands: list[int] = []
    depth, row_start, i = 0, start, start
    while i < end:
        char = latex[i]
        if char == "\\":
            if latex.startswith("\\\\", i):
                if depth == 0:
                    rows.append((row_start, i))
                    spacing = _ROW_SPACE.match(latex, i + 2, end)
                    i = row_start = spacing.end() if spacing else i + 2
                    continue
                i += 2
                continue
            environment = _ENV.match(latex, i)
            if environment:
                depth += 1 if environment.group(1) == "begin" else -1
                i = environment.end()
                continue
            name = _COMMAND.match(latex, i)
            i = name.end() if name else i + 1
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "&" and depth == 0:
            ampersands.append(i)
        i += 1
    rows.append((row_start, end))
    return rows, ampersands


def _first_relation(text: str) -> re.Match[str] | None:
    """The first relation outside braces and environments (where a left-hand side ends)."""
    depth, i = 0, 0
    while i < len(text):
        if depth == 0 and (match := _RELATION.match(text, i)):
            return match
        if text[i] == "\\":
            environment = _ENV.match(text, i)
            if environment:
                depth += 1 if environment.group(1) == "begin" else -1
                i = environment.end()
                continue
            name = _COMMAND.match(text, i)
            i = name.end() if name else i + 1
            continue
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    return None


def _statement(latex: str, pieces: list[tuple[int, int]]) -> tuple[str, int] | None:
    """The squeezed text of ``pieces`` with labels and tags dropped, and the offset its first character has."""
    kept: list[tuple[int, int]] = []
    for a, b in pieces:
        for drop in _DROP.finditer(latex, a, b):
            kept.append((a, drop.start()))
            a = drop.end()
        kept.append((a, b))
    text = "".join(latex[a:b] for a, b in kept)
    squeezed = " ".join(text.split())
    if not squeezed:
        return None
    first = next(a + len(latex[a:b]) - len(latex[a:b].lstrip()) for a, b in kept if latex[a:b].strip())
    return squeezed, first


def split_rows(formula: Formula) -> list[Formula]:
    """One ``Formula`` per statement of a display block or aligned environment (see the module's rules)."""
    if not formula.display and formula.environment is None:
        return [formula]
    latex = formula.latex
    environments = [formula.environment]
    start, end = 0, len(latex)
    while True:
        environment, (body_start, body_end) = unwrap(latex[start:end])
        if environment is None:
            break
        environments.append(environment)
        start, end = start + body_start, start + body_end
    bases = {_base(e) for e in environments}
    rows, ampersands = _top_level(latex, start, end)
    groups: list[tuple[list[tuple[int, int]], bool]] = []
    for row_start, row_end in rows:
        marks = [a for a in ampersands if row_start <= a < row_end]
        cells = [(a + 1, b) for a, b in zip([row_start - 1, *marks], [*marks, row_end], strict=True)]
        step = 2 if bases & _ALIGN_LIKE else len(cells)
        groups.extend((cells[i:i + step], i == 0) for i in range(0, len(cells), step))
    if bases & _JOINED:
        groups = [([cell for cells, _ in groups for cell in cells], True)]
    statements: list[tuple[str, int]] = []
    for group, first_in_row in groups:
        found = _statement(latex, group)
        if found is None:
            continue
        text, offset = found
        lead = _SPACING.match(text)
        bare = text[lead.end() if lead else 0:]
        if statements and _RELATION.match(bare):
            previous = statements[-1][0]
            relation = _first_relation(previous)
            left = previous[:relation.start()].strip() if relation else previous
            statements.append((f"{left} {bare}".strip(), offset))
        elif statements and (_RELATION_END.search(statements[-1][0]) or (not _first_relation(bare) and (
                _OPERATOR.match(bare) or not first_in_row))):
            # a right-hand side on the next row, a sum broken over rows, or a note in a further column
            statements[-1] = (f"{statements[-1][0]} {bare}", statements[-1][1])
        else:
            statements.append((text, offset))
    if len(statements) == 1 and statements[0][0] == formula.latex:
        return [formula]
    result: list[Formula] = []
    for text, offset in statements:
        line, column = formula.position(offset)
        result.append(replace(formula, line=line, column=column, latex=text, source_map=()))
    return result


def split_statements(row: Formula, kind: Callable[[str], str | None]) -> list[Formula]:
    r"""The statements written side by side in one row (``a = b, \quad c = d``), each at its own column.

    ``kind(latex)`` says what a piece is: ``"statement"`` or ``"definition"`` makes a statement of its own;
    ``"context"`` (``x > 0``, ``X \sim ...``) stays with the statement before it, or with the one after it
    when it comes first; a piece with no relation (the ``a`` of ``a, b \ge 0``) joins the piece after it.
    """
    pieces = _side_by_side(row.latex)
    if len(pieces) < 2:
        return [row]
    groups: list[list[tuple[int, int]]] = []
    stated: list[bool] = []  # whether each group has a statement or definition yet
    pending: list[tuple[int, int]] = []
    for a, b in pieces:
        pending.append((a, b))
        what = kind(row.latex[a:b]) if _first_relation(row.latex[a:b]) else None
        if what is None:
            continue
        if groups and (what == "context" or not stated[-1]):
            groups[-1] += pending
            stated[-1] = stated[-1] or what != "context"
        else:
            groups.append(pending)
            stated.append(what != "context")
        pending = []
    if len(groups) < 2:
        return [row]
    groups[-1] += pending
    whole = math_part(row.latex)
    result: list[Formula] = []
    for group in groups:
        start, end = group[0][0], group[-1][1]
        latex = row.latex[start:end]
        line, column = row.position(start)
        result.append(replace(row, line=line, column=column, latex=latex, source_map=(),
                              context=row.context.replace(whole, math_part(latex), 1)))
    return result


def _side_by_side(latex: str) -> list[tuple[int, int]]:
    """The spans of ``latex`` between top-level separators (see ``_SIDE_BY_SIDE``), blank ones dropped."""
    spans: list[tuple[int, int]] = []
    depth, start, i = 0, 0, 0
    while i < len(latex):
        if depth == 0 and (separator := _SIDE_BY_SIDE.match(latex, i)) is not None:
            spans.append((start, i))
            i = start = separator.end()
            continue
        if (environment := _ENV.match(latex, i)) is not None:
            depth += 1 if environment.group(1) == "begin" else -1
            i = environment.end()
        elif (opening := _OPENING.match(latex, i)) is not None:
            depth += 1
            i = opening.end()
        elif (closing := _CLOSING.match(latex, i)) is not None:
            depth -= 1
            i = closing.end()
        elif (command := _COMMAND.match(latex, i)) is not None:
            i = command.end()
        else:
            i += 1
    spans.append((start, len(latex)))
    for k in range(len(spans) - 2, 0, -1):  # i = 1, \dots, K is one piece
        if _DOTS.fullmatch(latex[slice(*spans[k])].strip()):
            spans[k - 1:k + 2] = [(spans[k - 1][0], spans[k + 1][1])]
    labelled = [(label.end() if (label := _LABEL.match(latex, a)) else a, b) for a, b in spans]
    return [(a, b) for a, b in labelled if latex[a:b].strip(" .")]
