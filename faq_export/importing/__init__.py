"""`faq-export import`: an existing FAQ (a web page, a site's data file, a Markdown page, a
Word document) -> a ``faq.yaml`` that validates, for a person to review.

The kind of source is told from its name and content: ``.html``/``.htm`` (or content that
starts like HTML) is a web page, ``.yml``/``.yaml``/``.json`` a data file, ``.md``/
``.markdown`` a Markdown page, ``.docx`` a Word document. Pages, Markdown and Word all become
HTML first (``pages.py``), and every piece of HTML becomes our Markdown the same way
(``to_markdown.py``). Nothing is fetched: a page on the web is saved first (the browser's
"Save page as…", or curl), then imported.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faq_export.importing.draft import Draft, Note
from faq_export.importing.fidelity import Verdict
from faq_export.importing.problems import ImportProblem as ImportProblem
from faq_export.importing.to_markdown import Context
from faq_export.limits import DEFAULT as DEFAULT_LIMITS
from faq_export.limits import Limits

KINDS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".yml": "data",
    ".yaml": "data",
    ".json": "data",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
}


@dataclass
class Options:
    base_url: str | None = None
    title: str | None = None
    language: str | None = None
    mapping: str | None = None  # --map question=KEY,answer=KEY[,section=KEY]
    limits: Limits = DEFAULT_LIMITS  # --limit: the import's own, and build's for its result


@dataclass
class Imported:
    draft: Draft
    text: str  # the faq.yaml
    images: dict[str, Path] = field(default_factory=dict)  # to copy beside it
    verdict: Verdict = field(default_factory=lambda: Verdict(0, []))  # what text was lost

    @property
    def notes(self) -> list[Note]:
        return self.draft.notes


def kind_of(path: Path, head: bytes) -> str:
    kind = KINDS.get(path.suffix.lower())
    if kind:
        return kind
    start = head.lstrip()[:200].lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<body" in start:
        return "html"
    if start.startswith(b"---"):  # a Jekyll or Hugo page: HTML or Markdown after the matter
        return "html" if b"</" in head.lower() or b"<div" in head.lower() else "markdown"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    raise ImportProblem(
        f"{path}: cannot tell what kind of file this is; name it .html, .yaml, .json, .md or .docx"
    )


def today() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
    return dt.date.today().isoformat()


# A web page may say its encoding (<meta charset>, an XHTML page's XML declaration): old
# pages are often ISO-8859-1 or Windows-1252.
DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?([A-Za-z0-9._:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)


def _decoded(path: Path, content: bytes, kind: str) -> str:
    """The file's text: UTF-8, or for a web page the encoding it declares."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
    found = DECLARED_CHARSET.search(content[:4096]) if kind == "html" else None
    declared = (found[1] or found[2]).decode("ascii") if found else None
    if declared is not None:
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            return content.decode(declared)
    line = content.count(b"\n", 0, bad) + 1
    column = bad - (content.rfind(b"\n", 0, bad) + 1) + 1
    raise ImportProblem(
        f"{path}:{line}:{column}: the file is not UTF-8 text (byte {content[bad]:#04x})"
        + (f", nor the {declared} it declares" if declared else "")
        + "\n  hint: save it as UTF-8 (in an editor: Save As, encoding UTF-8; or "
        f"iconv -f windows-1252 -t utf-8 {path.name} > utf8-{path.name})"
    )


def import_faq(path: Path, options: Options) -> Imported:
    from faq_export.importing import budget, data_file, fidelity, pages, writer

    limits = options.limits
    if not path.is_file():
        raise ImportProblem(f"{path}: no such file")
    size = path.stat().st_size
    if size > limits.import_bytes:
        raise budget.problem(
            path,
            f"the file has {size:,} bytes",
            "import_bytes",
            limits,
            "save only the page with the FAQ, or the part of it that holds the questions",
        )
    content = path.read_bytes()
    kind = kind_of(path, content[:4096])
    name = path.name
    context = Context(name, base_url=options.base_url, source_folder=path.parent, limits=limits)
    try:
        if kind == "docx":
            budget.guard_docx(path, limits)
            draft = _docx_draft(path, name, context)
        else:
            text = _decoded(path, content, kind)
            if kind == "html":
                draft = pages.html_file_draft(text, name, context)
            elif kind == "markdown":
                budget.guard_markdown(text, path, limits)
                draft = pages.markdown_draft(text, name, context)
            else:
                mapping = data_file.parse_map(options.mapping) if options.mapping else None
                data = _load_data(path, text, limits)
                budget.guard_data(data, path, limits)
                draft = data_file.data_draft(data, name, context, mapping)
    except RecursionError:
        raise ImportProblem(f"{path}: the source is nested too deeply to read") from None
    except (pages.NoQuestions, data_file.UnknownShape, ValueError) as exc:
        if isinstance(exc, ImportProblem):
            raise
        raise ImportProblem(f"{path}: {exc}") from None
    if options.title:
        draft.title = options.title
    if options.language:
        draft.language = options.language
    if not draft.language:
        from faq_export.importing.language import suggestion

        raise ImportProblem(
            f"{path}: the source does not say its language; give it with --language, a BCP 47 "
            "tag such as en-US, es or fr-CA (screen readers pronounce the text by it)"
            + suggestion(draft)
        )
    import faq_export.languages as languages

    wrong = languages.problem(draft.language)
    if wrong:
        given = "--language" if options.language else "the source's language"
        raise ImportProblem(f"{path}: {given}: {wrong[0]}; {wrong[1]}")
    if draft.source_url is None and options.base_url:
        draft.source_url = options.base_url
    _introduction_section_as_intro(draft)
    for question in draft.questions:
        if question.id is None and question.slug in context.referenced:
            question.id = question.slug
    draft.notes = context.notes + draft.notes
    # A character the loader refuses is the original's, said at its place there (exit 2).
    wrong_character = fidelity.unshowable(draft, None if kind == "docx" else text)
    if wrong_character is not None:
        raise ImportProblem(str(wrong_character))
    identifier = writer.identifier_for(draft, content)
    text = writer.write_yaml(draft, identifier, today(), options.title is not None)
    _within_build_limits(path, draft, text, limits)
    return checked(Imported(draft, text, dict(context.images)), limits)


def _introduction_section_as_intro(draft: Draft) -> None:
    """A first section without questions headed "Introduction" (in the draft's language, as
    faq-export's documents head the introduction: importing our own web page or Word
    briefing) is the introduction: its text joins the intro, and the heading, which every
    document built from the file writes again, is not a section's."""
    from faq_export.words import table_for

    table = table_for(draft.language or "")
    if table is None or not draft.sections:
        return
    first = draft.sections[0]
    heading = " ".join(table[1]["introduction"].split()).casefold()
    if first.questions or not first.body.strip():
        return
    if " ".join(first.title.split()).casefold() != heading:
        return
    draft.intro = "\n\n".join(
        part.strip("\n") for part in (draft.intro, first.body) if part.strip()
    )
    draft.intro += "\n"
    del draft.sections[0]


def _docx_draft(path: Path, name: str, context: Context) -> Draft:
    """A Word file's draft; XML that Word never writes (an entity bomb, a broken part) is
    the file's problem, said as such."""
    from xml.parsers.expat import ExpatError

    from lxml import etree

    from faq_export.importing import pages

    try:
        return pages.docx_draft(path, name, context)
    except (ExpatError, etree.XMLSyntaxError, KeyError) as exc:
        raise ImportProblem(
            f"{path}: the Word document's XML cannot be read ({str(exc)[:120]}); open it in "
            "Word and save it again as .docx"
        ) from None


def _within_build_limits(path: Path, draft: Draft, text: str, limits: Limits) -> None:
    """The written file against the limits `build` reads it with, before it is read back:
    a limit reached is the source's size, not a bug of the import."""
    from faq_export.importing import budget

    size = len(text.encode("utf-8"))
    if size > limits.source_bytes:
        raise budget.problem(
            path,
            f"the written faq.yaml would have {size:,} bytes",
            "source_bytes",
            limits,
            "split the FAQ into several sources",
        )
    budget.guard_result(len(draft.questions), 0, path, limits)
    for question in draft.questions:
        for what, value in (("question", question.question), ("answer", question.answer)):
            if len(value) > limits.text_chars:
                raise budget.problem(
                    path,
                    f"the {what} of '{question.question[:50]}' is {len(value):,} characters",
                    "text_chars",
                    limits,
                    "split it into several questions",
                )


def _load_data(path: Path, text: str, limits: Limits = DEFAULT_LIMITS) -> object:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent
    from ruamel.yaml.parser import RoundTripParser

    from faq_export.importing import budget

    class DepthParser(RoundTripParser):
        """The nesting bounded as the events come, before the composer recurses into it
        (and before ruamel's scanner, slower at each level, reads the rest: 20,000 '['
        took 24 s)."""

        depth = 0

        def get_event(self) -> Any:
            event = super().get_event()
            if isinstance(event, CollectionStartEvent):
                self.depth += 1
                if self.depth > limits.yaml_depth:
                    mark = event.start_mark
                    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
                    raise budget.problem(
                        where,
                        f"lists and mappings are nested {self.depth} deep here",
                        "yaml_depth",
                        limits,
                        "an FAQ's data needs 4 or 5 levels",
                    )
            elif isinstance(event, CollectionEndEvent):
                self.depth -= 1
            return event

    yaml = YAML(typ="rt")
    yaml.Parser = DepthParser
    try:
        # Some sites' files open and close with '---': the first document that holds
        # something is the data.
        documents = [d for d in yaml.load_all(text) if d is not None]
        return documents[0] if documents else None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ImportProblem(f"{where}: this is not valid YAML or JSON: {exc}") from None


class ImportInvalid(ImportProblem):
    """The imported text does not validate: a bug of the import (the errors say where)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def checked(imported: Imported, limits: Limits = DEFAULT_LIMITS) -> Imported:
    """The import read back through the loader, as ``validate`` reads it: it must load, and
    the text of the original must all be in it (``fidelity``); what is not is listed, with
    its place in the original and why, on stderr and in comments at the top of the file."""
    from faq_export.errors import SourceErrors
    from faq_export.importing import fidelity, writer

    try:
        document = load_written(imported, limits)
    except SourceErrors as exc:
        raise ImportInvalid(
            [str(dataclasses.replace(e, path="(imported)")) for e in exc.errors]
        ) from None
    draft = imported.draft
    verdict = fidelity.compare(
        draft.original, fidelity.written_text(document), draft.notes, document.metadata.title
    )
    if not verdict.lost:
        return Imported(draft, imported.text, imported.images, verdict)
    body = imported.text[imported.text.index("\nmetadata:") :]
    return Imported(draft, writer.header(draft, verdict.lost) + body, imported.images, verdict)


def load_written(imported: Imported, limits: Limits = DEFAULT_LIMITS) -> Any:
    """The written file read back through the loader (``SourceErrors`` if it does not
    load), with its images beside it."""
    from faq_export.source import load_document

    with tempfile.TemporaryDirectory() as work:
        written = Path(work) / "faq.yaml"
        written.write_text(imported.text, encoding="utf-8")
        for name, origin in imported.images.items():
            shutil.copyfile(origin, Path(work) / name)
        return load_document(written, limits)
