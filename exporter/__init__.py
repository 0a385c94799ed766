"""faq-export: one FAQ source, three accessible documents (PDF, EPUB, DOCX)."""

__version__ = "0.1.0"
