"""Build: load the source once, render the requested formats, write them atomically."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import faq_export.model as m
import faq_export.parallel as parallel
from faq_export.checks.acceptances import (  # noqa: F401  (the build API uses these here)
    apply_acceptances,
    content_findings,
    has_errors,
    unused_acceptances,
)
from faq_export.checks.catalog import check_bytes
from faq_export.checks.content import CONTENT, check_content
from faq_export.checks.findings import Finding
from faq_export.checks.pdf import large_print_findings, overflow_findings
from faq_export.errors import RenderError
from faq_export.options import DEFAULT_BRAILLE, LARGE_PRINT, STANDARD, Braille
from faq_export.output import (
    ALTERNATE_FORMATS,
    FORMAT_NAMES,
    FORMATS,  # noqa: F401  (re-exported for the tests and bench)
    Written,
    output_path,
    write_set,
)
from faq_export.render.html import template_errors
from faq_export.render.pdf import (
    Overflow,
    PdfRenderError,
    SmallestText,
    collector_paused,
    heading_ids,
    lay_out,
    tag_pdf,
)
from faq_export.resources import TEMPLATE_DIR


@dataclass(frozen=True)
class Rendered:
    """The documents of one build, in memory, and the printed page of every heading."""

    files: dict[str, bytes]
    pages: dict[str, int] = field(default_factory=dict)  # section/question id -> PDF page
    layout: list[Finding] = field(default_factory=list)  # the PDF layout's own findings
    page_count: int | None = None  # printed pages, when the PDF was laid out
    pdf_standard: str | None = None  # what the PDF claims (standards.CHOICES), when built
    checked: dict[str, list[Finding]] = field(default_factory=dict)  # already checked files
    content: list[Finding] | None = None  # check_content's findings, when already made
    braille: Braille = DEFAULT_BRAILLE  # how the braille edition was made, to check it by
    edition: str = STANDARD  # options.EDITIONS


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
    content = rendered.content if rendered.content is not None else check_content(document)
    judged = {(f.rule, f.subject) for f in content}
    results: dict[str, list[Finding]] = {}
    for fmt, data in rendered.files.items():
        raw = rendered.checked.get(fmt)
        if raw is None:
            raw = check_bytes(
                data, fmt, run_epubcheck=False, document=document, braille=rendered.braille
            )
        found = [f for f in raw if not (f.rule in CONTENT.rules and (f.rule, f.subject) in judged)]
        if fmt == "pdf":
            found = rendered.layout + found
        results[fmt] = [_placed(f, fmt, rendered.pages) for f in content] + found
    return {fmt: apply_acceptances(document, found) for fmt, found in results.items()}


def _placed(finding: Finding, fmt: str, pages: dict[str, int]) -> Finding:
    page = pages.get(finding.target or "") if fmt == "pdf" else None
    where = f"{finding.where}, page {page}" if page else finding.where
    return dataclasses.replace(finding, where=where)


def render_all(
    document: m.Document,
    formats: tuple[str, ...],
    template_dir: Path = TEMPLATE_DIR,
    paper: str | None = None,
    standard: str | None = None,
    braille: Braille = DEFAULT_BRAILLE,
    edition: str = STANDARD,
) -> dict[str, bytes]:
    """Every requested format in memory; nothing is written if any of them fails."""
    return render(
        document, formats, template_dir, paper, standard, braille=braille, edition=edition
    ).files


def render(
    document: m.Document,
    formats: tuple[str, ...],
    template_dir: Path = TEMPLATE_DIR,
    paper: str | None = None,
    standard: str | None = None,
    progress: Callable[[str], None] = lambda step: None,
    processes: bool = False,
    braille: Braille = DEFAULT_BRAILLE,
    edition: str = STANDARD,
) -> Rendered:
    """``render_all``, with the printed page of every heading when the PDF is built;
    ``progress`` is told each step as it begins. With ``processes`` (the command line's
    choice), the DOCX and the PDF's tags and checks are made in other processes where
    ``parallel.available()``; otherwise all of it is made in this one. The alternate
    formats (web page, plain text, braille) need no layout and are made in this one.
    ``edition`` (options.EDITIONS) is the standard edition or large print: the same
    documents, tagged and checked alike, with larger type (options.LARGE_PRINT_FORMATS)."""
    processes = processes and parallel.available()
    if paper is not None and paper != document.metadata.paper:
        # The build's paper for every printed format: the PDF and the Word briefing.
        metadata = dataclasses.replace(document.metadata, paper=paper)
        document = dataclasses.replace(document, metadata=metadata)

    if "brf" in formats:
        # A language liblouis has no table for (or no liblouis) is said at once, not after
        # the layout of the other formats.
        from faq_export.render.braille.writer import document_tables

        document_tables(document, braille.grade)

    # The PDF is tagged and checked in a second process (see parallel.Checker) while this one
    # frees the layout and writes the EPUB.
    checker = parallel.Checker(document) if "pdf" in formats and processes else None
    pdf_done: Callable[[], tuple[bytes, list[Finding]]] | None = None

    # The DOCX needs no layout: with the PDF or the EPUB to lay out, it is written and
    # checked in a second process meanwhile (the machine's second core), with the checks of
    # the source's content, which need nothing built.
    beside = "docx" in formats and len(formats) > 1 and processes
    docx_done = parallel.Pending(_docx_checked, document, edition, beside=True) if beside else None

    try:
        with template_errors("the print template"):
            files: dict[str, bytes] = {}
            checked: dict[str, list[Finding]] = {}
            printed: Printed | None = None
            if "pdf" in formats or "epub" in formats:
                # Paginated once: the EPUB's page list follows the printed pages. What the build
                # needs of the layout is read off it, and the layout let go before the tags pass
                # (at 1,000 questions WeasyPrint's pages and pikepdf's copy of the PDF were
                # both in memory at the peak).
                progress("laying out the printed pages")
                printed, untagged = _printed(
                    document, formats, template_dir, paper, standard, edition
                )
                progress(f"laid out {printed.page_count} pages")
                if untagged is not None:
                    progress("writing the tagged PDF")
                    if checker is not None:
                        pdf_done = checker.tag_and_check(
                            untagged, printed.standard, heading_ids(document)
                        )
                # WeasyPrint's boxes hold cycles: the layout is freed here, while the checker
                # makes the tags (1.2 s at 1,000 questions, which was on the way to the PDF), or
                # before this process makes them.
                gc.collect()
                if untagged is not None and checker is None:
                    files["pdf"] = tag_pdf(untagged, document, printed.standard)
                del untagged
                if "epub" in formats:
                    progress("writing the EPUB")
                    files["epub"], checked["epub"] = _epub_checked(
                        document, printed.starts, edition
                    )
            if "docx" in formats and not beside:
                from faq_export.render.docx import render_docx

                progress("writing the DOCX")
                files["docx"] = render_docx(document, edition=edition)
            for fmt in formats:
                if fmt in ALTERNATE_FORMATS:
                    progress(f"writing the {FORMAT_NAMES[fmt]}")
                    files[fmt] = render_alternate(document, fmt, braille, template_dir, edition)
            content: list[Finding] | None = None
            if pdf_done is not None:
                progress("checking the PDF")
                files["pdf"], checked["pdf"] = pdf_done()
            if docx_done is not None:
                files["docx"], checked["docx"], content = docx_done.result()
                docx_done = None
            files = {fmt: files[fmt] for fmt in formats}
            if printed is None:
                return Rendered(
                    files, checked=checked, content=content, braille=braille, edition=edition
                )
            if "pdf" not in formats:
                return Rendered(
                    files,
                    page_count=printed.page_count,
                    checked=checked,
                    content=content,
                    braille=braille,
                    edition=edition,
                )
            return Rendered(
                files,
                printed.anchors,
                overflow_findings(printed.overflows) + large_print_findings(printed.smallest),
                page_count=printed.page_count,
                pdf_standard=printed.standard,
                checked=checked,
                content=content,
                braille=braille,
                edition=edition,
            )
    except PdfRenderError as exc:
        raise RenderError(str(exc)) from None
    finally:
        if docx_done is not None:  # the build failed before it needed the DOCX
            docx_done.cancel()
        if checker is not None:
            checker.close()


@dataclass(frozen=True)
class Printed:
    """What a build needs of the printed layout once it is gone."""

    starts: Mapping[str, tuple[int, ...]]  # the EPUB's page list (PrintLayout.page_starts)
    anchors: dict[str, int]  # element id -> printed page
    overflows: list[Overflow]
    page_count: int
    standard: str
    smallest: SmallestText | None = None  # the large-print edition's smallest type


def _printed(
    document: m.Document,
    formats: tuple[str, ...],
    template_dir: Path,
    paper: str | None,
    standard: str | None,
    edition: str = STANDARD,
) -> tuple[Printed, bytes | None]:
    """The layout's facts and, when the PDF is wanted, WeasyPrint's untagged PDF; the layout
    is dropped on return, for the caller's next collection to free.

    The cycle collector stays paused from the layout to the end of the drawing: resumed in
    between, its first pass went over every object the layout had made (1.2 s at 1,000
    questions), which that collection does anyway."""
    with collector_paused():
        layout = lay_out(document, template_dir, paper, standard, edition)
        wanted = "pdf" in formats
        printed = Printed(
            layout.page_starts(),
            layout.anchor_pages(),
            layout.overflows() if wanted else [],
            len(layout.pages.pages),
            layout.standard,
            layout.smallest_text() if wanted and edition == LARGE_PRINT else None,
        )
        untagged = layout.untagged_pdf() if "pdf" in formats else None
        del layout
    return printed, untagged


def render_alternate(
    document: m.Document,
    fmt: str,
    braille: Braille = DEFAULT_BRAILLE,
    template_dir: Path = TEMPLATE_DIR,
    edition: str = STANDARD,
) -> bytes:
    """One of the ALTERNATE_FORMATS of ``document``: none needs the printed layout. The web
    page takes its template from ``template_dir`` when that folder has one (page.html.j2,
    web.css), else the one faq-export ships; its large-print edition its type larger."""
    if fmt == "txt":
        from faq_export.render.text import render_text

        return render_text(document)
    if fmt == "html":
        from faq_export.render.webpage import render_webpage

        return render_webpage(
            document, None if template_dir == TEMPLATE_DIR else template_dir, edition
        )
    if fmt == "brf":
        from faq_export.render.braille import render_brf

        return render_brf(document, grade=braille.grade, cells=braille.cells, lines=braille.lines)
    raise ValueError(f"not an alternate format: {fmt}")


def _docx_checked(
    document: m.Document, edition: str = STANDARD
) -> tuple[bytes, list[Finding], list[Finding]]:
    """The DOCX, its findings, and the source content's findings (check_content)."""
    # Imported here, in the process that writes the DOCX (python-docx: 0.1 s the build's
    # own process would spend before the layout).
    from faq_export.render.docx import render_docx

    data = render_docx(document, edition=edition)
    checked = check_bytes(data, "docx", run_epubcheck=False, document=document)
    return data, checked, check_content(document)


def _epub_checked(
    document: m.Document, starts: Mapping[str, tuple[int, ...]], edition: str = STANDARD
) -> tuple[bytes, list[Finding]]:
    # Imported once the PDF is laid out (ebooklib: 0.03 s of a build's start-up).
    from faq_export.render.epub import render_epub

    data = render_epub(document, starts, edition)
    return data, check_bytes(data, "epub", run_epubcheck=False, document=document)


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
