"""The files faq-export ships inside its package (a wheel carries them), found from here.

Everything a build reads besides the source and its images: the print template, the EPUB's
stylesheet and fixed files, the web page's template, the HTML report's template and the
starter project of `init`. Fonts come from their own packages (``fonts.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
TEMPLATE_DIR = PACKAGE / "templates" / "print"  # the print template (`init --template` copies it)
EPUB_FILES = PACKAGE / "render" / "epub_files"  # the stylesheet
EPUB_TEMPLATES = PACKAGE / "templates" / "epub"  # title, section and nav pages (Jinja)
WEB_TEMPLATES = PACKAGE / "templates" / "web"  # the web page (Jinja) and its stylesheet
REPORT_TEMPLATES = PACKAGE / "checks"  # report.html.j2
STARTER = PACKAGE / "starter"  # what `faq-export init` writes


def user_cache() -> Path:
    """faq-export's own folder in the user's cache (``$XDG_CACHE_HOME/faq-export``): what a
    build makes once and reads back in later builds (typefaces copied out of a collection,
    LibreOffice's profile). Deleting it costs time, never a result."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "faq-export"
