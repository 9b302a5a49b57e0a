"""Sheet readers: a file of Markdown, LaTeX, reStructuredText or a notebook -> ``Formula`` objects with exact places.

Nothing here compiles or checks math; ``split_rows`` cuts a block into its rows, ``split_statements`` a row
into the statements written side by side (told by the caller which piece is a condition).
"""

from mlverify.audit.readers._model import CONTEXT_CHARS, Formula, within
from mlverify.audit.readers._rows import split_rows, split_statements
from mlverify.audit.readers._sheets import FORMATS, MAX_BYTES, SUFFIXES, format_of, read_sheet, read_text

__all__ = ["CONTEXT_CHARS", "FORMATS", "MAX_BYTES", "SUFFIXES", "Formula", "format_of", "read_sheet", "read_text",
           "split_rows", "split_statements", "within"]
