"""Build: load the source once, render the requested formats, write them atomically."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from exporter import model as m
from exporter.check.catalog import check_bytes
from exporter.check.findings import Finding, Severity
from exporter.output import write_atomically
from exporter.render.docx import render_docx
from exporter.render.epub import render_epub
from exporter.render.pdf import TEMPLATE_DIR, PdfRenderError, PrintLayout, lay_out

FORMATS = ("pdf", "epub", "docx")


class RenderError(Exception):
    """A problem the user can fix in a template (not in the source)."""


def check_rendered(rendered: dict[str, bytes]) -> dict[str, list[Finding]]:
    """The accessibility checks of what a build is about to write (the checker of
    ``faq-export check``, without EPUBCheck's 8-second JVM run, which `make test` and
    `faq-export check` do); an error finding stops the build before anything is written."""
    return {fmt: check_bytes(data, fmt, run_epubcheck=False) for fmt, data in rendered.items()}


def has_errors(results: dict[str, list[Finding]]) -> bool:
    return any(f.severity is Severity.ERROR for findings in results.values() for f in findings)


@dataclass(frozen=True)
class Written:
    format: str
    path: Path
    size: int


def output_path(document: m.Document, out_dir: Path, fmt: str) -> Path:
    return out_dir / f"{document.metadata.slug}.{fmt}"


def render_all(
    document: m.Document,
    formats: tuple[str, ...],
    template_dir: Path = TEMPLATE_DIR,
    paper: str | None = None,
) -> dict[str, bytes]:
    """Every requested format in memory; nothing is written if any of them fails."""

    @functools.cache
    def layout() -> PrintLayout:
        # Paginated once: the EPUB's page list follows the printed pages.
        return lay_out(document, template_dir, paper)

    renderers: dict[str, Callable[[], bytes]] = {
        "pdf": lambda: layout().pdf(),
        "epub": lambda: render_epub(document, layout().page_starts()),
        "docx": lambda: render_docx(document),
    }
    try:
        return {fmt: renderers[fmt]() for fmt in formats}
    except PdfRenderError as exc:
        raise RenderError(str(exc)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(
            f"{exc.filename or exc.name}:{exc.lineno}: error: {exc.message}"
        ) from None
    except jinja2.UndefinedError as exc:
        raise RenderError(f"the print template uses an unknown name: {exc.message}") from None


def write_outputs(
    document: m.Document,
    rendered: dict[str, bytes],
    out_dir: Path,
    on_written: Callable[[Written], None] = lambda w: None,
) -> list[Written]:
    written = []
    for fmt, data in rendered.items():
        path = output_path(document, out_dir, fmt)
        write_atomically(path, data)
        item = Written(fmt, path, len(data))
        on_written(item)
        written.append(item)
    return written
