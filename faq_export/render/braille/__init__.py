"""Braille ready to emboss (BRF), through liblouis: ``render_brf``.

``tables.py`` chooses the language's tables from liblouis' metadata, ``cells.py`` holds the
cells and their ASCII, ``layout.py`` the lines and pages, ``writer.py`` walks the model.
"""

from faq_export.render.braille.writer import NoBrailleTable, layout_document, render_brf

__all__ = ["NoBrailleTable", "layout_document", "render_brf"]
