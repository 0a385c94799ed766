"""faq-export: one FAQ source, accessible documents (PDF, EPUB, DOCX; on request a web page,
plain text and braille).

The library (see ``faq_export.api``): ``load(source)`` gives the validated document model,
``build(source, out_dir)`` renders, checks and writes the documents and returns a
``BuildReport``, ``check(path)`` judges any PDF, EPUB or DOCX. The command line
(``faq-export``, ``python -m faq_export``) is a thin layer over these.
"""

from faq_export._version import __version__
from faq_export.api import (
    ALL_FORMATS,
    FORMATS,
    Braille,
    BuildReport,
    BuildTimeError,
    CheckInputError,
    Finding,
    Judgement,
    OutputError,
    RenderError,
    SourceErrors,
    Written,
    build,
    check,
    explain,
    judge,
    load,
)

__all__ = [
    "ALL_FORMATS",
    "FORMATS",
    "Braille",
    "BuildReport",
    "BuildTimeError",
    "CheckInputError",
    "Finding",
    "Judgement",
    "OutputError",
    "RenderError",
    "SourceErrors",
    "Written",
    "__version__",
    "build",
    "check",
    "explain",
    "judge",
    "load",
]
