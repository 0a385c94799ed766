"""faq-export: one FAQ source, accessible documents (PDF, EPUB, DOCX; on request a web page,
plain text and braille).

The library (see ``faq_export.api``): ``load(source)`` gives the validated document model,
``build(source, out_dir)`` renders, checks and writes the documents and returns a
``BuildReport``, ``check(path)`` judges any PDF, EPUB, DOCX, web page or BRF;
``validate``, ``import_faq`` (with ``write_import``) and ``init`` are the source's commands.
The command line (``faq-export``, ``python -m faq_export``) is a thin layer over these.
"""

import faq_export.api as api
from faq_export._version import __version__
from faq_export.api import (
    ALL_FORMATS,
    EDITIONS,
    FORMATS,
    Braille,
    BuildReport,
    BuildTimeError,
    CheckInputError,
    Finding,
    ImportLoss,
    Judgement,
    OutputError,
    ProjectExists,
    ProjectUnwritable,
    RenderError,
    SourceErrors,
    Validation,
    Written,
    build,
    check,
    explain,
    import_faq,
    init,
    judge,
    judges,
    load,
    validate,
    write_import,
)

__all__ = [
    "ALL_FORMATS",
    "EDITIONS",
    "FORMATS",
    "Braille",
    "BuildReport",
    "BuildTimeError",
    "CheckInputError",
    "Finding",
    "ImportLoss",
    "ImportProblem",
    "Imported",
    "Judgement",
    "OutputError",
    "ProjectExists",
    "ProjectUnwritable",
    "RenderError",
    "SourceErrors",
    "Validation",
    "Written",
    "__version__",
    "build",
    "check",
    "explain",
    "import_faq",
    "init",
    "judge",
    "judges",
    "load",
    "validate",
    "write_import",
]


def __getattr__(name: str) -> object:
    # The import's names, from the importer when first asked for (api.py says why).
    if name in ("Imported", "ImportInvalid", "ImportProblem"):
        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
