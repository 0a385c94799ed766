"""Where the characters of a YAML scalar are in the file.

ruamel.yaml tells where a value starts, not where each of its characters is. A Markdown
answer is a block scalar whose text differs from the file by indentation (and, in folded
or plain scalars, by line folding), so a problem found at offset N of the answer is mapped
back by aligning each source line with the value, in order. Every line's text appears
verbatim in the value except in quoted scalars with escapes, where positions fall back to
the start of the line: still the right line.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Place:
    """Where a node was written in the source file (1-based line and column).

    Carried for reports only: it never takes part in equality, so the same content written
    elsewhere is the same node, and no renderer reads it."""

    line: int
    column: int


@dataclass(frozen=True)
class ScalarMap:
    """Maps offsets in a scalar's value to 1-based (line, column) in the file."""

    offsets: tuple[int, ...]  # value offset where each segment starts, ascending
    places: tuple[tuple[int, int], ...]  # 0-based (line, column) of that segment in the file

    @classmethod
    def build(cls, lines: list[str], line: int, column: int, value: str) -> ScalarMap:
        """``line``/``column`` (0-based) is where ruamel says the value starts."""
        first = lines[line] if line < len(lines) else ""
        indicator = first[column : column + 1]
        if indicator in ("|", ">"):
            line, column = line + 1, 0  # block scalar: text starts on the next line
        elif indicator in ('"', "'"):
            column += 1
        offsets: list[int] = []
        places: list[tuple[int, int]] = []
        pos = 0
        while line < len(lines) and pos < len(value):
            raw = lines[line][column:].rstrip("\r\n")
            text = raw.lstrip(" ")
            start = pos
            while start < len(value) and value[start] in " \n":
                start += 1
            if start >= len(value):
                break
            common = _common_prefix(text, value, start)
            if common:
                offsets.append(start)
                places.append((line, column + len(raw) - len(text)))
                pos = start + common
            line, column = line + 1, 0
        if not offsets:
            offsets, places = [0], [(line, column)]
        return cls(tuple(offsets), tuple(places))

    def position(self, offset: int) -> tuple[int, int]:
        index = max(bisect.bisect_right(self.offsets, offset) - 1, 0)
        line, column = self.places[index]
        return line + 1, column + 1 + max(offset - self.offsets[index], 0)


def _common_prefix(text: str, value: str, start: int) -> int:
    n = 0
    limit = min(len(text), len(value) - start)
    while n < limit and text[n] == value[start + n]:
        n += 1
    return n
