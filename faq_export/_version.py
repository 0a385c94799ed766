"""The version of faq-export (pyproject.toml's), in a module that imports nothing: every layer
may name it (the manifest, the DOCX's properties, an import's header) without importing the
library above it."""

__version__ = "0.1.0"

# What each document faq-export writes names as the tool that made it (the PDF's /Creator and
# xmp:CreatorTool, the EPUB's and the web page's generator, the DOCX's Application): `check`
# shows its advice for faq-export's users only on files that say so (checks/provenance.py).
GENERATOR = f"faq-export {__version__}"
