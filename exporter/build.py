"""Build: load the source once, render the requested formats, write them atomically."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from exporter import model as m
from exporter.check.catalog import check_bytes
from exporter.check.content import CONTENT, check_content
from exporter.check.findings import Finding
from exporter.check.pdf import overflow_findings
from exporter.output import write_set
from exporter.render.docx import render_docx
from exporter.render.epub import render_epub
from exporter.render.pdf import TEMPLATE_DIR, PdfRenderError, PrintLayout, lay_out

FORMATS = ("pdf", "epub", "docx")


class RenderError(Exception):
    """A problem the user can fix in a template (not in the source)."""


FORMAT_NAMES = {"pdf": "PDF", "epub": "EPUB", "docx": "DOCX"}


@dataclass(frozen=True)
class Rendered:
    """The documents of one build, in memory, and the printed page of every heading."""

    files: dict[str, bytes]
    pages: dict[str, int] = field(default_factory=dict)  # section/question id -> PDF page
    layout: list[Finding] = field(default_factory=list)  # the PDF layout's own findings


def content_findings(document: m.Document) -> list[Finding]:
    """The content rules' findings (``validate``), with the source's acceptances applied."""
    return apply_acceptances(document, check_content(document))


def check_rendered(
    document: m.Document, rendered: Rendered | dict[str, bytes]
) -> dict[str, list[Finding]]:
    """The accessibility checks of what a build is about to write (the checker of
    ``faq-export check``, without EPUBCheck's 8-second JVM run, which `make test` and
    `faq-export check` do), with the content findings in each format's report.

    A content finding is placed where a reader of that format finds it (the question, and its
    page in the PDF) and keeps its source line; a finding of a built file that judges the
    same text by the same rule (the EPUB's copy of a 'here' link) is that content finding,
    not a second one."""
    if not isinstance(rendered, Rendered):
        rendered = Rendered(rendered)
    content = check_content(document)
    judged = {(f.rule, f.subject) for f in content}
    results: dict[str, list[Finding]] = {}
    for fmt, data in rendered.files.items():
        found = [
            f
            for f in check_bytes(data, fmt, run_epubcheck=False)
            if not (f.rule in CONTENT.rules and (f.rule, f.subject) in judged)
        ]
        if fmt == "pdf":
            found = rendered.layout + found
        results[fmt] = [_placed(f, fmt, rendered.pages) for f in content] + found
    return {fmt: apply_acceptances(document, found) for fmt, found in results.items()}


def _placed(finding: Finding, fmt: str, pages: dict[str, int]) -> Finding:
    page = pages.get(finding.target or "") if fmt == "pdf" else None
    where = f"{finding.where}, page {page}" if page else finding.where
    return dataclasses.replace(finding, where=where)


def apply_acceptances(document: m.Document, findings: Iterable[Finding]) -> list[Finding]:
    """Findings the source accepts (``accessibility.accept``) marked with its reason: by rule,
    at the section or question named (or anywhere, when none is)."""
    out = []
    for finding in findings:
        for accepted in document.accepted:
            if accepted.rule == finding.rule and accepted.target in (None, finding.target):
                finding = finding.accept(accepted.reason)
                break
        out.append(finding)
    return out


def unused_acceptances(
    document: m.Document, findings: Iterable[Finding], rules: Iterable[str] | None = None
) -> list[m.Acceptance]:
    """The source's acceptances that accept nothing (the text was fixed, or the id is wrong):
    kept, they would hide a new finding of the same rule later. Only acceptances of ``rules``
    are judged (``validate`` sees the content rules only)."""
    judged = set(rules) if rules is not None else None
    found = list(findings)
    return [
        accepted
        for accepted in document.accepted
        if (judged is None or accepted.rule in judged)
        and not any(f.rule == accepted.rule and accepted.target in (None, f.target) for f in found)
    ]


def has_errors(results: dict[str, list[Finding]], strict: bool = False) -> bool:
    """Whether the findings fail the build: an error not accepted, or with ``strict`` any
    warning not accepted."""
    return any(f.fails(strict) for findings in results.values() for f in findings)


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
    standard: str | None = None,
) -> dict[str, bytes]:
    """Every requested format in memory; nothing is written if any of them fails."""
    return render(document, formats, template_dir, paper, standard).files


def render(
    document: m.Document,
    formats: tuple[str, ...],
    template_dir: Path = TEMPLATE_DIR,
    paper: str | None = None,
    standard: str | None = None,
) -> Rendered:
    """``render_all``, with the printed page of every heading when the PDF is built."""

    @functools.cache
    def layout() -> PrintLayout:
        # Paginated once: the EPUB's page list follows the printed pages.
        return lay_out(document, template_dir, paper, standard)

    renderers: dict[str, Callable[[], bytes]] = {
        "pdf": lambda: layout().pdf(),
        "epub": lambda: render_epub(document, layout().page_starts()),
        "docx": lambda: render_docx(document),
    }
    try:
        files = {fmt: renderers[fmt]() for fmt in formats}
        if "pdf" not in formats:
            return Rendered(files)
        return Rendered(files, layout().anchor_pages(), overflow_findings(layout().overflows()))
    except PdfRenderError as exc:
        raise RenderError(str(exc)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(
            f"{exc.filename or exc.name}:{exc.lineno}: error: {exc.message}"
        ) from None
    except jinja2.UndefinedError as exc:
        raise RenderError(f"the print template uses an unknown name: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(
            f"the print template includes '{exc.message}', which is not there"
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise RenderError(
            f"the print template tried something a template may not do: {exc}"
        ) from None


def write_outputs(
    document: m.Document,
    rendered: dict[str, bytes],
    out_dir: Path,
    on_written: Callable[[Written], None] = lambda w: None,
) -> list[Written]:
    paths = {fmt: output_path(document, out_dir, fmt) for fmt in rendered}
    write_set({paths[fmt]: data for fmt, data in rendered.items()})
    written = [Written(fmt, paths[fmt], len(data)) for fmt, data in rendered.items()]
    for item in written:
        on_written(item)
    return written
