"""Errors in the user's source, reported like a compiler: ``path:line:column: error: …``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SourceError:
    """One problem in a source file; ``line`` and ``column`` are 1-based, None for the file."""

    path: str
    line: int | None
    column: int | None
    message: str
    hint: str = ""

    def location(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"

    def __str__(self) -> str:
        text = f"{self.location()}: error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class SourceErrors(Exception):
    """All problems found in one source, in file order."""

    def __init__(self, errors: list[SourceError]) -> None:
        self.errors = sorted(set(errors), key=_file_order)
        super().__init__("\n".join(str(e) for e in self.errors))

    def __reduce__(self) -> tuple[type[SourceErrors], tuple[list[SourceError]]]:
        # Pickled as its errors (a build loads the source in a second process).
        return (SourceErrors, (self.errors,))


def _file_order(error: SourceError) -> tuple[int, int, str]:
    return (error.line or 0, error.column or 0, error.message)


class RenderError(Exception):
    """A problem the user can fix in a template (not in the source)."""


class BrailleError(RenderError):
    """Braille cannot be made here: liblouis is not installed, or it has no table for the
    document's language (``render.braille.NoBrailleTable`` says where that is written)."""
