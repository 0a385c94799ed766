"""The library: what the command line does, for Python callers and release scripts.

    import faq_export

    report = faq_export.build("content/faq.yaml", "output", strict=True)
    if not report.passed:
        for finding in report.failures:
            print(finding.rule, finding.where, finding.message)

``load`` reads and validates a source, ``build`` renders, checks and (when the checks pass)
writes the documents as a set, ``check`` judges any PDF, EPUB or DOCX. Mistakes in the input
are exceptions that carry their messages (``SourceErrors`` with ``file:line:column`` for
each, ``RenderError`` for a template, ``BuildTimeError`` for ``SOURCE_DATE_EPOCH``,
``OutputError`` for a folder that cannot be written, ``CheckInputError`` for a file ``check``
cannot read); failed accessibility checks are not: ``build`` returns a report that says what
failed and wrote nothing.

The heavy libraries (WeasyPrint, pikepdf, python-docx) are imported on first use, so
``import faq_export`` stays fast.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import faq_export.model as m
from faq_export.checks.findings import CheckInputError, Finding
from faq_export.errors import RenderError, SourceErrors
from faq_export.limits import DEFAULT as DEFAULT_LIMITS
from faq_export.limits import Limits
from faq_export.new_project import ProjectExists, ProjectUnwritable
from faq_export.options import DEFAULT_BRAILLE, EDITIONS, STANDARD, Braille, edition_problem
from faq_export.output import ALL_FORMATS, FORMATS, BuildTimeError, Written

if TYPE_CHECKING:
    from faq_export.checks.judges import JudgeStatus
    from faq_export.checks.verdicts import Verdict
    from faq_export.importing import Imported, ImportInvalid, ImportProblem

# The import's names, imported when first asked for: `build` and `check` never load the
# importer (markdownify, BeautifulSoup: 0.08 s of every command's start).
_IMPORTING = ("Imported", "ImportInvalid", "ImportProblem")


def __getattr__(name: str) -> object:
    if name in _IMPORTING:
        import faq_export.importing as importing

        return getattr(importing, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


Progress = Callable[[str], None]

__all__ = [
    "ALL_FORMATS",
    "CHECKABLE",
    "EDITIONS",
    "FORMATS",
    "Braille",
    "BuildReport",
    "BuildTimeError",
    "CheckInputError",
    "Finding",
    "ImportInvalid",
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
    "build",
    "check",
    "checkable_files",
    "explain",
    "import_faq",
    "init",
    "judge",
    "judges",
    "load",
    "validate",
    "write_import",
]


class OutputError(Exception):
    """The documents could not be written (a full disk, a read-only folder); nothing was
    replaced."""


@dataclass(frozen=True)
class BuildReport:
    """What a build found and did. ``findings`` has every finding of every format (the
    source's content findings included, placed where a reader of that format finds them);
    ``written`` is empty when the checks failed, since then nothing was written."""

    document: m.Document
    strict: bool
    outputs: dict[str, Path]  # format -> where the document goes
    findings: dict[str, list[Finding]]  # format -> its findings
    written: list[Written] = field(default_factory=list)
    unused_acceptances: list[m.Acceptance] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """No error, and with ``strict`` no warning, that the source does not accept."""
        return not self.failures

    @property
    def failures(self) -> list[Finding]:
        return [f for found in self.findings.values() for f in found if f.fails(self.strict)]

    def by_file(self) -> dict[str, list[Finding]]:
        """The findings to show, by the file a person would open to fix them: a finding
        judged on the source (it has a source line) once, under the source, though each
        document has it; the others under their document."""
        named: dict[str, list[Finding]] = {}
        seen: set[tuple[str, str | None, str]] = set()
        for found in self.findings.values():
            for finding in found:
                key = (finding.rule, finding.source, finding.message)
                if finding.source is not None and key not in seen:
                    seen.add(key)
                    named.setdefault(self.document.source, []).append(finding)
        for fmt, found in self.findings.items():
            named[str(self.outputs[fmt])] = [f for f in found if f.source is None]
        return named

    @property
    def manifest(self) -> Path | None:
        return next((w.path for w in self.written if w.format == "manifest"), None)


def load(source: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> m.Document:
    """The validated document model of ``source`` (a ``faq.yaml``); ``SourceErrors`` lists
    every problem, each with its ``file:line:column`` and a hint."""
    from faq_export.source import load_document

    return load_document(Path(source), limits, _known_rule)


def _known_rule(rule: str) -> bool:
    """Whether the checker knows ``rule`` (for accepted findings): its catalogue is imported
    only for a source that accepts a finding."""
    from faq_export.checks.catalog import is_known_rule

    return is_known_rule(rule)


def build(
    source: str | os.PathLike[str] | m.Document,
    out_dir: str | os.PathLike[str] = "output",
    *,
    formats: Iterable[str] = FORMATS,
    strict: bool = False,
    draft: bool = False,
    templates: str | os.PathLike[str] | None = None,
    paper: str | None = None,
    pdf_standard: str | None = None,
    manifest: bool = True,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    processes: bool = False,
    braille: Braille = DEFAULT_BRAILLE,
    edition: str = STANDARD,
) -> BuildReport:
    """Render ``formats`` of ``source`` (FORMATS unless told: any of ALL_FORMATS), check
    them, and only if the checks pass write them into ``out_dir`` as a set (each to a
    temporary file, then all renamed), with ``manifest.json`` unless ``manifest`` is false.
    ``edition`` is ``"standard"`` or ``"large-print"`` (EDITIONS): large print (18 pt text
    and up, for readers with low vision) is made as a PDF, EPUB, DOCX or web page, named
    ``<slug>-large-print.pdf``, … beside the standard edition's files, tagged and checked
    alike, and listed in the same manifest.
    ``templates`` is a print template folder (default: the source's project's own,
    ``templates/print/`` beside its folder, if it has one, else the one faq-export ships); ``paper``
    and ``pdf_standard`` override the source's; ``progress`` is told each step as it begins;
    ``braille`` is the braille edition's grade and page size (``Braille(grade=1, cells=32,
    lines=27)``). A word of ``words:`` the source still marks TODO (an import writes them to
    translate) is a ``SourceErrors`` at its line, since it would be printed as it is;
    ``draft`` builds anyway.

    The build runs in the caller's process, so it can be called from a plain script, a
    thread or a notebook cell. ``processes=True`` lets it use a second core (the command
    line does): the DOCX is written in a forked process and the PDF's tags are finished and
    checked in another forked one, while this process lays the PDF out. Those processes end with
    the build, and die with it if it is killed; they need the fork start method, the main
    thread and two cores, and without them the build runs in this process anyway."""
    import faq_export.manifest as manifests
    import faq_export.pipeline as pipeline
    from faq_export.checks.acceptances import unused_acceptances
    from faq_export.output import NotARegularFile, output_path, write_set
    from faq_export.resources import TEMPLATE_DIR

    def step(text: str) -> None:
        if progress is not None:
            progress(text)

    chosen = tuple(dict.fromkeys(formats))
    unknown = [f for f in chosen if f not in ALL_FORMATS]
    if unknown or not chosen:
        raise ValueError(f"unknown formats {unknown}; choose from {', '.join(ALL_FORMATS)}")
    problem = edition_problem(edition, chosen)
    if problem is not None:
        raise ValueError(problem)
    document = source if isinstance(source, m.Document) else load(source, limits)
    if not draft:
        refuse_unfinished_words(document)
    folder = Path(out_dir)
    template_dir = Path(templates) if templates is not None else TEMPLATE_DIR
    if templates is None:
        found = project_templates(document)
        if found is not None:
            step(f"using the print template in {found}")
            template_dir = found
    rendered = pipeline.render(
        document,
        chosen,
        template_dir,
        paper,
        pdf_standard,
        step,
        processes=processes,
        braille=braille,
        edition=edition,
    )
    step("checking accessibility")
    findings = pipeline.check_rendered(document, rendered)
    outputs = {fmt: output_path(document, folder, fmt, edition) for fmt in chosen}
    report = BuildReport(
        document,
        strict,
        outputs,
        findings,
        unused_acceptances=unused_acceptances(
            document, [f for found in findings.values() for f in found]
        ),
    )
    if not report.passed:
        return report

    files = {outputs[fmt]: data for fmt, data in rendered.files.items()}
    formats_of = {outputs[fmt]: fmt for fmt in rendered.files}
    if manifest:
        entries = {
            fmt: manifests.file_entry(
                fmt,
                outputs[fmt],
                data,
                findings[fmt],
                strict,
                rendered.page_count,
                rendered.pdf_standard,
                edition,
            )
            for fmt, data in rendered.files.items()
        }
        path = folder / manifests.NAME
        files[path] = manifests.make_manifest(
            document, entries, manifests.read_previous(folder), folder
        )
        formats_of[path] = "manifest"
    step("writing")
    try:
        write_set(files)
    except NotARegularFile as exc:
        raise OutputError(str(exc)) from exc
    except OSError as exc:
        raise OutputError(f"cannot write to {folder}: {exc.strerror or exc}") from exc
    written = [
        # The manifest lists the editions in the folder: it is the standard edition's file.
        Written(fmt, path, len(data), STANDARD if fmt == "manifest" else edition)
        for path, data in files.items()
        for fmt in (formats_of[path],)
    ]
    return dataclasses.replace(report, written=written)


def project_templates(document: m.Document) -> Path | None:
    """The print template of the source's project, used when no ``templates`` folder is
    given: ``templates/print/`` (holding ``document.html.j2``) beside the source's folder,
    where ``faq-export init --template`` puts it (``content/faq.yaml``,
    ``templates/print/``), or inside it. None when there is none, or when it is the one
    faq-export ships (this repository's ``templates/print`` is a link to it)."""
    from faq_export.resources import TEMPLATE_DIR

    if not document.source:
        return None
    folder = Path(document.source).parent
    for candidate in (folder.parent / "templates" / "print", folder / "templates" / "print"):
        if (candidate / "document.html.j2").is_file():
            if candidate.resolve() == TEMPLATE_DIR.resolve():
                return None
            return candidate
    return None


def refuse_unfinished_words(document: m.Document) -> None:
    """``SourceErrors`` for each fixed word the source still marks TODO: a delivered document
    would print "TODO: Page 3 of 9"."""
    from faq_export.errors import SourceError
    from faq_export.words import table_for

    if not document.words.unfinished:
        return
    table = table_for(document.metadata.language)
    fix = (
        f"delete the line: faq-export has the words of '{table[0]}'"
        if table is not None
        else "write the words of the document's language in its place"
    )
    raise SourceErrors(
        [
            SourceError(
                document.source,
                at.line,
                at.column,
                f"the words for '{key}' still say TODO, and the documents would print them",
                f"{fix}; to build a draft anyway, build with --draft",
            )
            for key, at in document.words.unfinished
        ]
    )


@dataclass(frozen=True)
class Judgement:
    """What ``judge`` finds of one file: its findings and a verdict for each standard judged
    (a PDF's claims and PDF/UA-1 always; an EPUB's EPUB 3.3 and EPUB Accessibility 1.1, …):
    its ``outcome`` (met, not met, not proven, not judged), the judges that ran and those
    that did not, and why."""

    findings: list[Finding]
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """No error finding (warnings are advice) and no standard found not met."""
        return not any(f.fails() for f in self.findings) and not any(
            v.failed for v in self.verdicts
        )

    @property
    def proven(self) -> bool:
        """Passed, and every standard judged in full (its machine-checkable rules) and met:
        not so when a judge was missing ("not proven", "not judged")."""
        return self.passed and all(v.met for v in self.verdicts)


def judge(
    path: str | os.PathLike[str],
    *,
    epubcheck: bool = True,
    ace: bool = False,
    verapdf: bool | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Judgement:
    """``check``, with the verdicts ``faq-export check`` prints (PDF/UA-1, PDF/A-2a, EPUB
    3.3, … met, not met, not proven or not judged, and by whom). ``verapdf``: None (the
    default) runs veraPDF, when it is found, on the PDF standards nothing else judges in full
    (PDF/UA-2); True on every PDF standard judged (``CheckInputError`` when it cannot run);
    False never."""
    from faq_export.checks.catalog import judge_file

    findings, verdicts = judge_file(
        Path(path), run_epubcheck=epubcheck, run_ace=ace, limits=limits, run_verapdf=verapdf
    )
    return Judgement(findings, verdicts)


# What `check` takes from a folder: the formats it judges, by their names.
CHECKABLE = (".pdf", ".epub", ".docx", ".html", ".htm", ".brf")


def checkable_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The files in ``folder`` (and its folders) that ``check`` judges (CHECKABLE), in name
    order; hidden files and folders are left out."""
    root = Path(folder)
    return sorted(
        path
        for path in root.rglob("*")
        if path.suffix.lower() in CHECKABLE
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )


def judges() -> list[JudgeStatus]:
    """``faq-export doctor``: every judge faq-export's checks call on (page-validation,
    veraPDF, Java, EPUBCheck, DAISY Ace, Chromium, axe-core, the Nu HTML Checker, LibreOffice,
    liblouis), each with what it judges, whether it is ready here (``ready``, ``detail``) and
    how to install it (``install``). ``required`` marks the ones faq-export needs to judge as
    documented (page-validation); the others are optional, and a report says when one did
    not judge."""
    from faq_export.checks.judges import judges as found

    return found()


def explain(rule: str) -> str | None:
    """What a rule checks, where it comes from, how to fix what it finds and an example (our
    rules, and page-validation's PDFUA1-… and PDFA…-… by their topic); None for no rule."""
    from faq_export.checks.catalog import explain as explained

    return explained(rule)


def check(
    path: str | os.PathLike[str],
    *,
    epubcheck: bool = True,
    ace: bool = False,
    verapdf: bool | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Finding]:
    """The accessibility findings for any PDF, EPUB or DOCX (told apart by content), as
    ``faq-export check`` reports them; ``CheckInputError`` when it is none of them or cannot
    be read. EPUBCheck runs when Java is installed (``epubcheck=False`` skips it), DAISY Ace
    with ``ace=True``, veraPDF as ``judge`` says."""
    return judge(path, epubcheck=epubcheck, ace=ace, verapdf=verapdf, limits=limits).findings


# --- the source: validate, import, init -------------------------------------------------------


@dataclass(frozen=True)
class Validation:
    """What ``validate`` finds of a source that loads: its content findings (advice such as a
    "here" link, at their lines) and the accepted findings that match nothing."""

    document: m.Document
    findings: list[Finding]
    unused: list[m.Acceptance]

    def passed(self, strict: bool = False) -> bool:
        """No error finding (and with ``strict``, no warning the source does not accept)."""
        return not any(f.fails(strict) for f in self.findings)


def validate(
    source: str | os.PathLike[str] | m.Document, *, limits: Limits = DEFAULT_LIMITS
) -> Validation:
    """``faq-export validate``: the source loaded (``SourceErrors`` when it does not) and its
    content judged, without building anything."""
    from faq_export.checks.acceptances import content_findings, unused_acceptances
    from faq_export.checks.content import CONTENT

    document = source if isinstance(source, m.Document) else load(source, limits)
    findings = content_findings(document)
    unused = unused_acceptances(document, findings, CONTENT.rules)
    return Validation(document, findings, unused)


class ImportLoss(Exception):
    """Text of the original would not be in the imported faq.yaml: ``imported.verdict.lost``
    lists each piece, with its place in the original and why. ``allow_loss=True`` imports
    anyway (the pieces are then kept in the file's comments)."""

    def __init__(self, imported: Imported) -> None:
        verdict = imported.verdict
        super().__init__(
            f"{len(verdict.lost)} {'piece' if len(verdict.lost) == 1 else 'pieces'} of the "
            f"original's text ({verdict.lost_characters:,} "
            f"of {verdict.characters:,} characters) would not be in the faq.yaml"
        )
        self.imported = imported


def import_faq(
    original: str | os.PathLike[str],
    *,
    base_url: str | None = None,
    title: str | None = None,
    language: str | None = None,
    mapping: str | None = None,
    allow_loss: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Imported:
    """``faq-export import``: an existing FAQ (a web page, a data file, Markdown, Word) as a
    faq.yaml that validates, read back to prove what of the original's text it holds. Nothing
    is written (``write_import`` writes it). ``ImportLoss`` when text would be lost, unless
    ``allow_loss``; ``ImportProblem`` when the file cannot be imported (it says why)."""
    from faq_export.importing import Options
    from faq_export.importing import import_faq as imported_from

    options = Options(base_url, title, language, mapping, limits)
    imported = imported_from(Path(original), options)
    if imported.verdict.lost and not allow_loss:
        raise ImportLoss(imported)
    return imported


def write_import(
    imported: Imported, output: str | os.PathLike[str], *, force: bool = False
) -> list[Path]:
    """Write an import's faq.yaml to ``output`` and its images beside it, as a set; the paths
    written. ``FileExistsError`` when ``output`` exists and not ``force``."""
    from faq_export.output import NotARegularFile, write_set

    path = Path(output)
    if os.path.lexists(path) and not force:
        raise FileExistsError(str(path))
    files = {path: imported.text.encode("utf-8")}
    for name, origin in imported.images.items():
        target = path.parent / name
        if target.resolve() != origin.resolve():
            files[target] = origin.read_bytes()
    try:
        write_set(files)
    except NotARegularFile as exc:
        raise OutputError(str(exc)) from exc
    except OSError as exc:
        raise OutputError(f"cannot write to {path.parent}: {exc.strerror or exc}") from exc
    return list(files)


def init(folder: str | os.PathLike[str] = ".", *, template: bool = False) -> list[Path]:
    """``faq-export init``: a new project in ``folder`` (a starter faq.yaml that validates, a
    Makefile, a CI workflow, .gitignore; with ``template`` the print template to edit); the
    paths written. ``ProjectExists`` lists files that are already there (nothing is
    overwritten), ``ProjectUnwritable`` says why the folder cannot be written."""
    from faq_export.new_project import create_project

    return create_project(Path(folder), template)
