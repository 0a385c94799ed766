"""Braille cells and the North American ASCII braille a BRF file holds.

A cell is a Unicode braille pattern (U+2800 + its dots: dot 1 is bit 0 … dot 6 is bit 5).
A BRF writes each of the 64 six-dot cells as one character, space and 0x21 to 0x5F
(North American Braille Computer Code, upper case): dots 1 is ``A``, dots 3-4-5-6 ``#``.
"""

from __future__ import annotations

BLANK = "\u2800"
BASE = 0x2800

# The ASCII character of each six-dot cell, in the order of the Unicode braille patterns.
NA_ASCII = " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)="
_CELL_OF = {char: chr(BASE + index) for index, char in enumerate(NA_ASCII)}

# Cells with a meaning of their own in the layout, as BANA and UEB give them.
CONTINUATION = chr(BASE + 0b010000)  # dot 5: the line continues without a space (UEB 10.13)
GUIDE_DOT = CONTINUATION  # dot 5 too: the guide dots of a contents line
NOTE_OPEN = "".join(chr(BASE + d) for d in (0b001000, 0b101000, 0b100011))  # 4, 46, 126
NOTE_CLOSE = "".join(chr(BASE + d) for d in (0b001000, 0b101000, 0b011100))  # 4, 46, 345


def is_cell(char: str) -> bool:
    return BASE <= ord(char) < BASE + 0x100


def six_dot(cells: str) -> bool:
    """Whether every character of ``cells`` is a braille cell without dots 7 and 8."""
    return all(BASE <= ord(c) < BASE + 64 for c in cells)


def to_ascii(cells: str) -> str:
    """Six-dot cells (and spaces) as North American ASCII braille."""
    return "".join(" " if c == " " else NA_ASCII[ord(c) - BASE] for c in cells)


def from_ascii(text: str) -> str:
    """North American ASCII braille (either case) as cells; KeyError on another character."""
    return "".join(_CELL_OF[c] for c in text.upper())


def dots(cell: str) -> str:
    """A cell's dots as BANA writes them: ``1-2-4`` (``0`` for a blank cell)."""
    bits = ord(cell) - BASE
    return "-".join(str(d + 1) for d in range(8) if bits >> d & 1) or "0"
