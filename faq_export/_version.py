"""The version of faq-export (pyproject.toml's), in a module that imports nothing: every layer
may name it (the manifest, the DOCX's properties, an import's header) without importing the
library above it."""

__version__ = "0.1.0"
