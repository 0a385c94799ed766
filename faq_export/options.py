"""The choices a build takes besides the source and its paper and PDF standard: the edition
(``--edition``: standard or large print) and how the braille edition is made
(``--braille-grade``, ``--braille-page``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The editions a build makes: the standard one, and large print for readers with low vision
# (18 pt body text and up, docs/formats.md, "The large-print edition").
STANDARD = "standard"
LARGE_PRINT = "large-print"
EDITIONS = (STANDARD, LARGE_PRINT)
# The formats that have a large-print edition: those with a type size (a PDF, a Word
# document, an EPUB's and a web page's style sheets). Plain text and braille have none.
LARGE_PRINT_FORMATS = ("pdf", "epub", "docx", "html")


def edition_problem(edition: str, formats: tuple[str, ...]) -> str | None:
    """Why ``edition`` cannot be made in ``formats`` (a sentence), or None when it can."""
    if edition not in EDITIONS:
        return f"unknown edition {edition!r}; choose {' or '.join(EDITIONS)}"
    if edition == LARGE_PRINT:
        other = [fmt for fmt in formats if fmt not in LARGE_PRINT_FORMATS]
        if other:
            one = len(other) == 1
            return (
                f"the large-print edition is made as {', '.join(LARGE_PRINT_FORMATS)}; "
                f"{' and '.join(other)} {'has' if one else 'have'} no type size: build "
                f"{'it' if one else 'them'} in the standard edition"
            )
    return None


GRADES = (1, 2)  # 1: uncontracted; 2: contracted, where the language has a contracted table
# The braille page a reader's embosser takes: 40 cells by 25 lines is BANA's standard page
# (11 by 11.5 inches); 32 by 27 and 28 by 25 are common on smaller paper.
CELLS = range(12, 101)
LINES = range(5, 101)


@dataclass(frozen=True)
class Braille:
    """The braille edition's grade and page size (cells per line, lines per page)."""

    grade: int = 2
    cells: int = 40
    lines: int = 25

    def __post_init__(self) -> None:
        if self.grade not in GRADES:
            raise ValueError(f"braille grade {self.grade}: choose 1 (uncontracted) or 2")
        if self.cells not in CELLS or self.lines not in LINES:
            raise ValueError(
                f"a braille page of {self.cells}x{self.lines}: choose {CELLS.start}–"
                f"{CELLS.stop - 1} cells by {LINES.start}–{LINES.stop - 1} lines, e.g. 40x25"
            )


def parse_page(value: str) -> tuple[int, int]:
    """``"40x25"`` -> (40, 25); ValueError when it is not CELLSxLINES."""
    found = re.fullmatch(r"\s*(\d{1,3})\s*[x×]\s*(\d{1,3})\s*", value)
    if found is None:
        raise ValueError(f"{value!r} is not a braille page size: write CELLSxLINES, e.g. 40x25")
    return int(found[1]), int(found[2])


DEFAULT_BRAILLE = Braille()  # UEB grade 2 (or the language's contracted table), 40x25
