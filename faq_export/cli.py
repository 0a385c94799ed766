"""Command line: argument parsing and reporting only; the work is in the modules it calls."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import re
import signal
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import faq_export.api as api
import faq_export.model as m
import faq_export.standards as standards
from faq_export._version import __version__
from faq_export.checks.findings import CheckInputError, Finding
from faq_export.checks.report import (
    html_report,
    json_report,
    sanitise,
    source_report,
    summary,
    terminal_report,
)
from faq_export.errors import RenderError, SourceErrors
from faq_export.limits import DEFAULT as DEFAULT_LIMITS
from faq_export.limits import Limits
from faq_export.manifest import NAME as manifest_name
from faq_export.model import PAPER_SIZES
from faq_export.options import (
    EDITIONS,
    LARGE_PRINT_FORMATS,
    STANDARD,
    Braille,
    edition_problem,
    parse_page,
)
from faq_export.output import (
    ALL_FORMATS,
    FORMATS,
    BuildTimeError,
    NotARegularFile,
    output_path,
    refuse_special,
)

if TYPE_CHECKING:
    import faq_export.watch as watching
    from faq_export.checks.verdicts import Verdict

# The heavy libraries (WeasyPrint, pikepdf, python-docx, ruamel.yaml) are imported by the
# commands that use them, so that `--help` and `validate` start at once.

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_BUG = 3
ENVIRONMENT_ERRORS = {
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EFBIG,
    errno.EROFS,
    errno.EACCES,
    errno.EMFILE,
}

DEFAULT_SOURCE = Path("content/faq.yaml")
DEFAULT_OUT = Path("output")


def parse_formats(value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in ALL_FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(repr(f) for f in unknown) or '(none)'}; "
            f"choose from {', '.join(ALL_FORMATS)}, separated by commas"
        )
    return formats


def parse_braille_page(value: str) -> tuple[int, int]:
    try:
        cells, lines = parse_page(value)
        Braille(cells=cells, lines=lines)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return cells, lines


def braille_of(args: argparse.Namespace) -> Braille:
    cells, lines = args.braille_page
    return Braille(args.braille_grade, cells, lines)


def parse_standard(value: str) -> str:
    chosen = standards.normalise(value)
    if chosen is None:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a PDF standard faq-export can meet; choose one of: "
            + ", ".join(standards.CHOICES)
        )
    return chosen


def add_source_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source",
        nargs="?",
        type=Path,
        default=DEFAULT_SOURCE,
        help=f"the FAQ source (default: {DEFAULT_SOURCE})",
    )


def add_out_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"folder for the documents (default: {DEFAULT_OUT}/)",
    )


def add_strict_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail on warnings too (exit 1), except findings the source accepts: "
        "for release automation",
    )


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    add_source_argument(parser)
    parser.add_argument(
        "--format",
        type=parse_formats,
        default=FORMATS,
        metavar="LIST",
        help=f"formats to build, comma-separated: {', '.join(ALL_FORMATS)} "
        f"(default: {','.join(FORMATS)}; html is a web page, txt plain text, brf braille)",
    )
    add_out_argument(parser)
    parser.add_argument(
        "--templates",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of the print template (default: templates/print/ beside the source's "
        "folder when the project has one, as `faq-export init --template` makes it; else the "
        "one faq-export ships)",
    )
    parser.add_argument(
        "--paper",
        choices=PAPER_SIZES,
        default=None,
        help="paper size of the PDF and the DOCX (default: metadata.paper of the source, "
        "else letter)",
    )
    parser.add_argument(
        "--pdf-standard",
        type=parse_standard,
        default=None,
        metavar="LIST",
        help="the standards the PDF meets: "
        + ", ".join(standards.CHOICES)
        + f" (default: metadata.pdf_standard of the source, else {standards.DEFAULT})",
    )
    parser.add_argument(
        "--edition",
        choices=EDITIONS,
        default=STANDARD,
        help="large-print: the edition for readers with low vision (18 pt text and up), "
        f"named <name>-large-print.pdf, … beside the standard one; formats "
        f"{','.join(LARGE_PRINT_FORMATS)} (default: standard)",
    )
    parser.add_argument(
        "--braille-grade",
        type=int,
        choices=(1, 2),
        default=2,
        help="braille (brf): 2 contracted, where the language has a contracted table "
        "(default), 1 uncontracted",
    )
    parser.add_argument(
        "--braille-page",
        type=parse_braille_page,
        default=(40, 25),
        metavar="CELLSxLINES",
        help="braille (brf): cells per line and lines per page (default: 40x25)",
    )
    add_strict_argument(parser)
    parser.add_argument(
        "--draft",
        action="store_true",
        help="build even when words of the source still say TODO (an import's words to "
        "translate): for a draft to read, never to deliver",
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="faq-export",
        description="Build an accessible PDF, EPUB and DOCX from one FAQ source (YAML).",
        epilog="Exit codes: 0 success, 1 accessibility check failed, 2 bad input or usage, "
        "3 an internal error (a bug: please report it).",
    )
    parser.add_argument("--version", action="version", version=f"faq-export {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error (a bug)"
    )
    parser.add_argument(
        "--limit",
        action="append",
        metavar="NAME=VALUE",
        help="raise or lower a limit on the input (repeatable): " + ", ".join(Limits.names()),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser("build", help="validate the source and write the documents")
    add_build_arguments(build)
    build.add_argument(
        "--no-manifest",
        action="store_true",
        help=f"do not write {manifest_name} (what was built, with sha256 and verdicts)",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    build.add_argument(
        "--sarif",
        type=Path,
        metavar="FILE",
        help="also write the findings as SARIF 2.1.0 (for CI code scanning), whether the "
        "build passes or not; a finding of the source is placed at its line",
    )

    watch = commands.add_parser(
        "watch",
        help="build, then rebuild on every save of the source, its images or the template",
        description="Build the documents, then rebuild them each time the source, a file in "
        "its folder (images) or the print template is saved, until Ctrl-C. Problems are "
        "shown at their line in the source; a failed rebuild leaves the previous documents.",
    )
    add_build_arguments(watch)

    validate = commands.add_parser("validate", help="check the source and report every problem")
    add_source_argument(validate)
    add_strict_argument(validate)
    validate.add_argument("-q", "--quiet", action="store_true", help="print only errors")

    check = commands.add_parser(
        "check",
        help="check PDF, EPUB, DOCX, HTML and BRF files for accessibility",
        description="Check PDF, EPUB, DOCX and HTML files (told apart by content, not name) "
        "and braille files (.brf); a folder is checked file by file. Exit 0: no error "
        "findings; 1: at least one; 2: a file that cannot be read.",
    )
    check.add_argument("files", nargs="*", type=Path, metavar="FILE|DIR")
    check.add_argument(
        "--format",
        choices=("text", "json", "html", "sarif"),
        default="text",
        help="report format (default: text; json for release automation; html for people; "
        "sarif for CI code scanning)",
    )
    check.add_argument(
        "--explain",
        metavar="RULE",
        help="print what RULE checks, where it comes from, and an example",
    )
    check.add_argument(
        "--ace",
        action="store_true",
        help="also run DAISY Ace on EPUBs and merge its violations (exit 2 when Ace cannot run)",
    )
    judge_pdf = check.add_mutually_exclusive_group()
    judge_pdf.add_argument(
        "--verapdf",
        action="store_const",
        const=True,
        default=None,
        help="judge every PDF standard with veraPDF too (exit 2 when it cannot run); by "
        "default veraPDF, when found, judges only what nothing else judges in full (PDF/UA-2)",
    )
    judge_pdf.add_argument(
        "--no-verapdf",
        action="store_const",
        const=False,
        dest="verapdf",
        help="never run veraPDF (a PDF/UA-2 claim is then 'not proven')",
    )
    check.add_argument(
        "--no-epubcheck",
        action="store_true",
        help="skip EPUBCheck (Java) and run only our own EPUB rules",
    )

    imports = commands.add_parser(
        "import",
        help="make a faq.yaml from an existing FAQ: a web page, a data file, Markdown, Word",
        description="Make a faq.yaml from an FAQ you already have: a saved web page (.html), a "
        "site's data file (.yml, .yaml, .json), a Markdown page (.md) or a Word document "
        "(.docx). What cannot be carried is listed on stderr and at the top of the file.",
    )
    imports.add_argument("input", type=Path, metavar="SOURCE", help="the file to import")
    imports.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_SOURCE,
        metavar="FILE",
        help=f"where to write the faq.yaml (default: {DEFAULT_SOURCE}; '-' for stdout)",
    )
    imports.add_argument("--force", action="store_true", help="replace FILE if it exists")
    imports.add_argument(
        "--base-url",
        metavar="URL",
        help="the page's address on the web: relative links resolve on it",
    )
    imports.add_argument("--title", help="the document title (default: the page's)")
    imports.add_argument(
        "--language",
        help="BCP 47 tag of the text, e.g. en-US (default: the page's <html lang>)",
    )
    imports.add_argument(
        "--map",
        metavar="NAME=KEY,…",
        help="the keys of a data file of another shape: question=KEY,answer=KEY[,section=KEY]",
    )
    imports.add_argument(
        "--allow-loss",
        action="store_true",
        help="write the file even when text of the source is not in it (each piece is listed "
        "with its place and why, and kept in the file's comments); without it, exit 2",
    )

    init = commands.add_parser(
        "init",
        help="start a new FAQ project: a starter faq.yaml, a Makefile and a CI workflow",
        description="Write a new FAQ project into DIR: content/faq.yaml (a commented starter "
        "that validates and shows every feature once), a Makefile, a GitHub Actions workflow "
        "that builds with --strict and uploads the documents, and .gitignore. Existing files "
        "are never overwritten.",
    )
    init.add_argument(
        "folder", nargs="?", type=Path, default=Path("."), metavar="DIR", help="default: here"
    )
    init.add_argument(
        "--template",
        action="store_true",
        help="also copy the print template (HTML and CSS) into DIR/templates/print/ to edit",
    )

    outputs = commands.add_parser(
        "outputs", help="print the paths `build` would write, one per line"
    )
    add_source_argument(outputs)
    outputs.add_argument(
        "--format",
        type=parse_formats,
        default=FORMATS,
        metavar="LIST",
        help=f"formats, comma-separated: {', '.join(ALL_FORMATS)} (default: {','.join(FORMATS)})",
    )
    add_out_argument(outputs)
    outputs.add_argument(
        "--edition",
        choices=EDITIONS,
        default=STANDARD,
        help="the edition's paths: standard (default) or large-print",
    )

    commands.add_parser(
        "doctor",
        help="list every judge of the checks (validators, Java, Chromium, liblouis) and "
        "whether it is ready here",
        description="List every judge faq-export's checks call on: what it judges, whether "
        "it is ready on this machine, and how to install it if not. Exit 0 when page-validation "
        "(which faq-export needs) is ready, whatever optional judge is missing; 1 when it is not.",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """The command line. Every mistake in the input ends in a message and exit 2 (1 for a
    failed check); anything else is a bug: one line saying so, exit 3 (``--debug`` shows the
    traceback). SIGTERM unwinds like Ctrl-C, so temporary files are removed."""
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        args.limits = DEFAULT_LIMITS.with_values(args.limit or [])
    except ValueError as exc:
        parser.error(str(exc))
    if args.command in ("build", "watch", "outputs"):
        problem = edition_problem(args.edition, tuple(args.format))
        if problem is not None:
            parser.error(f"--edition {args.edition}: {problem}")
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return run(args, parser)
    except KeyboardInterrupt:
        print("interrupted; nothing was written.", file=sys.stderr)
        return 130
    except OSError as exc:
        if exc.errno not in ENVIRONMENT_ERRORS:
            raise
        # The machine, not the input: a full disk or a read-only folder while rendering.
        print(
            f"error: the system refused: {exc.strerror} ({sanitise(str(exc.filename or ''))})\n"
            "nothing was written; the previous documents are unchanged.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except SystemExit:
        raise
    except BaseException as exc:
        if args.debug:
            raise
        print(
            f"faq-export {__version__}: internal error: {type(exc).__name__}: "
            f"{sanitise(str(exc))[:200]}\n"
            "This is a bug in faq-export, not in your files. Please report it with the command "
            "you ran and the output of the same command with --debug.",
            file=sys.stderr,
        )
        return EXIT_BUG
    finally:
        signal.signal(signal.SIGTERM, previous)
        if args.command in ("build", "watch"):  # the commands that may start processes
            import faq_export.parallel as parallel

            parallel.end()


def program() -> None:
    """The program (``faq-export``, ``python -m faq_export``): ``main``, then an exit that
    leaves the objects to the operating system instead of freeing them one by one (Python's
    teardown of WeasyPrint's, pikepdf's and the build's objects: 0.08 s of the 1.4 s the
    seed's build takes). As in a normal exit, the exit handlers run and the output is flushed
    first; ``main`` is what a test or another program calls."""
    code = main()
    import atexit

    run_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's, since 3.0
    if not callable(run_handlers):
        sys.exit(code)
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        # A reader that went away (| head) or a closed stream: nothing left to say.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.command == "check":
        return run_check(args, parser)
    if args.command == "doctor":
        return run_doctor()
    if args.command == "init":
        return run_init(args)
    if args.command == "import":
        return run_import(args)
    if args.command == "watch":
        return run_watch(args)
    try:
        document = _load(args)
    except SourceErrors as exc:
        return _source_errors(args, exc)

    if args.command == "outputs":
        for fmt in args.format:
            print(output_path(document, args.out, fmt, args.edition))
        return EXIT_OK

    if args.command == "validate":
        return run_validate(args, document)

    progress = Progress(enabled=not args.quiet and sys.stderr.isatty())
    try:
        report = settings_of(args).build(document, manifest=not args.no_manifest, progress=progress)
    except SourceErrors as exc:  # words still marked TODO, without --draft
        progress.done()
        return _source_errors(args, exc)
    except (RenderError, BuildTimeError) as exc:
        progress.done()
        print(
            f"error: {exc}\nnothing was written; the previous documents are unchanged.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except api.OutputError as exc:
        progress.done()
        print(
            f"error: {exc}\nnothing was written; the previous documents are unchanged.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    progress.done()
    named = report.by_file()
    if args.sarif is not None:
        from faq_export.checks.sarif import sarif_report

        try:
            args.sarif.write_text(sarif_report(named) + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"error: cannot write {args.sarif}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    colour = use_colour(sys.stderr)
    if not report.passed:
        print(terminal_report(named, colour, args.strict), file=sys.stderr)
        print(
            "error: the accessibility checks failed"
            + (" (warnings count as errors with --strict)" if args.strict else "")
            + "; nothing was written, the previous documents are unchanged.",
            file=sys.stderr,
        )
        return EXIT_CHECK_FAILED
    if not args.quiet and any(report.findings.values()):
        # Warnings do not stop the build, but the people making it should see them.
        warned = {name: found for name, found in named.items() if found}
        print(terminal_report(warned, colour), file=sys.stderr)
    if not args.quiet:
        print_unused(document, report.unused_acceptances)
        for item in report.written:
            print(f"wrote {item.path} ({item.size / 1024:.0f} KiB)")
    return EXIT_OK


def _source_errors(args: argparse.Namespace, exc: SourceErrors) -> int:
    for error in exc.errors:
        print(error, file=sys.stderr)
    count = len(exc.errors)
    print(
        f"{count} error{'s' if count != 1 else ''} in {args.source}; nothing was built."
        if args.command == "build"
        else f"{count} error{'s' if count != 1 else ''} in {args.source}.",
        file=sys.stderr,
    )
    return EXIT_BAD_INPUT


def _load(args: argparse.Namespace) -> m.Document:
    """The source's document. A build loads it in a second process while this one imports
    the renderers (WeasyPrint and the libraries under it: 0.6 s), so that neither waits
    for the other (at 1,000 questions the source takes 0.8 s to load and validate); the
    document comes back pickled (0.05 s at 1,000 questions), an error as it was raised."""
    if args.command != "build":
        return api.load(args.source, args.limits)
    import faq_export.parallel as parallel

    if not parallel.available():
        return api.load(args.source, args.limits)
    loading = parallel.Pending(_load_without_collecting, args.source, args.limits)
    try:
        import faq_export.pipeline  # noqa: F401  (imported for api.build, meanwhile)
    except BaseException:
        loading.cancel()
        raise
    return loading.result()


def _load_without_collecting(source: Path, limits: Limits) -> m.Document:
    # In a process that ends when the document is sent: the cycle collector's passes over
    # the YAML's nodes were a tenth of the load (0.85 -> 0.76 s at 1,000 questions).
    import gc

    gc.disable()
    return api.load(source, limits)


def use_colour(stream: TextIO) -> bool:
    """Colour on a terminal, unless NO_COLOR is set to anything (no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


class Progress:
    """What a build is doing, on one line of a terminal, replaced step by step and cleared at
    the end; nothing at all when stderr is not a terminal or with --quiet."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.shown = False

    def __call__(self, step: str) -> None:
        if self.enabled:
            sys.stderr.write(f"\r\x1b[K{step}…")
            sys.stderr.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.shown = False


def print_unused(document: m.Document, unused: Iterable[m.Acceptance]) -> None:
    """A note for each accepted finding that matches none: it would hide the next one."""
    for accepted in unused:
        place = f"{document.source}:{accepted.at.line}:{accepted.at.column}" if accepted.at else ""
        where = f" at '{accepted.target}'" if accepted.target else ""
        print(
            f"{place}: note: the accepted {accepted.rule}{where} matches no finding; "
            "remove it, or it will hide the next one",
            file=sys.stderr,
        )


def run_validate(args: argparse.Namespace, document: m.Document) -> int:
    """The source loads; its content findings, at their lines, decide the exit code."""
    validation = api.validate(document)
    findings = validation.findings
    failed = not validation.passed(args.strict)
    if findings and (failed or not args.quiet):
        print(source_report(findings, args.strict), file=sys.stderr)
    if not args.quiet:
        print_unused(document, validation.unused)
    if failed:
        print(
            f"{args.source}: {summary(findings)}"
            + ("; warnings count as errors with --strict" if args.strict else ""),
            file=sys.stderr,
        )
        return EXIT_CHECK_FAILED
    if not args.quiet:
        counts = (
            f"{_plural(len(document.sections), 'section')}, "
            f"{_plural(len(document.questions), 'question')}"
        )
        found = summary(findings)
        print(f"{args.source}: ok ({counts}{'; ' + found if found else ''})")
    return EXIT_OK


def settings_of(args: argparse.Namespace) -> watching.Settings:
    """The build options the command line was given (`build` and `watch` take the same)."""
    import faq_export.watch as watching

    return watching.Settings(
        args.source,
        args.out,
        args.format,
        args.templates,
        args.paper,
        args.pdf_standard,
        args.strict,
        args.draft,
        braille_of(args),
        args.edition,
    )


def run_watch(args: argparse.Namespace) -> int:
    from faq_export.watch import watch

    watch(settings_of(args))
    print("stopped watching.", file=sys.stderr)
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    to_stdout = str(args.output) == "-"
    if not to_stdout:  # refused before the import spends its time
        try:
            refuse_special(args.output)
        except NotARegularFile as exc:
            print(
                f"error: {sanitise(str(exc))}; nothing was written (-o - writes to standard "
                "output).",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
    if not to_stdout and os.path.lexists(args.output) and not args.force:
        print(
            f"{args.output}: error: already exists; import replaces it only with --force "
            "(or choose another file with -o)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        imported = api.import_faq(
            args.input,
            base_url=args.base_url,
            title=args.title,
            language=args.language,
            mapping=args.map,
            allow_loss=args.allow_loss,
            limits=args.limits,
        )
    except api.ImportLoss as exc:
        _print_import_notes(exc.imported, "error")
        print(
            f"{args.input}: error: {exc}; nothing was written. Carry them (--map for a "
            "field, or edit the source), or import with --allow-loss to write the file "
            "without them.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except api.ImportInvalid as exc:
        print(
            f"{args.input}: error: the imported text does not validate; nothing was written. "
            "This is a bug in the import: please report it with the file.",
            file=sys.stderr,
        )
        for error in exc.errors:
            print(f"  {sanitise(error)}", file=sys.stderr)
        return EXIT_BUG
    except api.ImportProblem as exc:
        print(f"error: {sanitise(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    _print_import_notes(imported, "warning")
    if to_stdout:
        sys.stdout.write(imported.text)
        return EXIT_OK
    try:
        written = api.write_import(imported, args.output, force=args.force)
    except api.OutputError as exc:
        print(f"error: {exc}; nothing was written.", file=sys.stderr)
        return EXIT_BAD_INPUT
    draft, verdict = imported.draft, imported.verdict
    print(
        f"wrote {args.output} ({draft.kind}: {_plural(len(draft.sections), 'section')}, "
        f"{_plural(len(draft.questions), 'question')}; "
        f"{_plural(len(imported.notes), 'thing')} not carried as it was; "
        f"{verdict.characters - verdict.lost_characters:,} of {verdict.characters:,} "
        "characters of its text)" + "".join(f"\nwrote {path}" for path in written[1:])
    )
    todos = "the accessibility summary" + (
        ", the words to translate" if "\nwords:\n" in imported.text else ""
    )
    print(
        f"Next: read it through and do its TODOs ({todos}), then "
        f"`faq-export validate {args.output}`."
    )
    return EXIT_OK


# Notes of one kind past this many are counted, not listed: the written file lists them all.
NOTES_OF_A_KIND = 5


def _print_import_notes(imported: api.Imported, severity: str) -> None:
    """What the import did not carry as it was, and each piece of text it lost. Many notes
    of one kind (126 questions with a link in them) are shown by their first three and a
    count, so the one note of its own kind is not lost among them; the written file's
    comments list every one."""
    kinds: dict[tuple[str, str], list[str]] = {}
    for note in imported.notes:
        kind = re.sub(r"\s*\(.*\)\s*$|'[^']*'", "", note.what).strip()
        kinds.setdefault((kind, note.done), []).append(str(note))
    for (kind, done), notes in kinds.items():
        shown = notes if len(notes) <= NOTES_OF_A_KIND else notes[:3]
        for line in shown:
            print(f"{sanitise(line)}", file=sys.stderr)
        if len(notes) > len(shown):
            print(
                f"  … and {len(notes) - len(shown)} more of the same kind ({sanitise(kind)}; "
                f"{sanitise(done)}), each listed in the written file's comments",
                file=sys.stderr,
            )
    for loss in imported.verdict.lost:
        print(f"{sanitise(loss.where)}: {severity}: {sanitise(loss.message())}", file=sys.stderr)


def run_init(args: argparse.Namespace) -> int:
    try:
        written = api.init(args.folder, template=args.template)
    except api.ProjectUnwritable as exc:
        print(f"{sanitise(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except api.ProjectExists as exc:
        for path in exc.paths:
            print(f"{path}: error: already exists; init overwrites nothing", file=sys.stderr)
        print(
            "nothing was written: choose an empty folder (faq-export init DIR), "
            "or move these files away first.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    for path in written:
        print(f"wrote {path}")
    source = args.folder / "content" / "faq.yaml"
    print(
        f"\nNext: edit {source}, then check it and build the documents (or run `make` in "
        f"{args.folder}):\n"
        f"  faq-export validate {source}\n"
        f"  faq-export build {source} --out {args.folder / 'output'}"
    )
    return EXIT_OK


def run_doctor() -> int:
    """Each judge on its line: ready or missing, its name, what it judges; then where it is,
    or why it is missing and how to install it."""
    found = api.judges()
    width = max(len(judge.name) for judge in found)
    for judge in found:
        state = "ready  " if judge.ready else ("MISSING" if judge.required else "missing")
        print(f"{state}  {judge.name:<{width}}  {judge.judges}")
        indent = " " * (width + 11)
        print(f"{indent}{judge.detail}")
        if not judge.ready:
            print(f"{indent}to install: {judge.install.removeprefix('install ')}")
    missing = [j.name for j in found if not j.ready]
    required = [j.name for j in found if j.required and not j.ready]
    print(
        f"\n{len(found) - len(missing)} of {len(found)} judges ready"
        + (f"; missing: {', '.join(missing)}" if missing else "")
        + (
            "; a report says which standard a missing judge did not judge"
            if missing and not required
            else ""
        )
    )
    if required:
        print(f"error: {', '.join(required)} is needed: faq-export cannot judge as documented")
        return EXIT_CHECK_FAILED
    return EXIT_OK


def run_check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.explain:
        text = api.explain(args.explain)
        if text is None:
            print(f"error: no rule '{args.explain}'", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(text)
        return EXIT_OK
    if not args.files:
        parser.error("check needs at least one FILE (or --explain RULE)")
    results: dict[str, list[Finding]] = {}
    verdicts: dict[str, list[Verdict]] = {}
    unreadable = False
    files: list[Path] = []
    for given in args.files:
        found = api.checkable_files(given) if given.is_dir() else [given]
        if not found:
            print(
                f"{sanitise(str(given))}: error: no file to check in this folder "
                f"({', '.join(api.CHECKABLE)})",
                file=sys.stderr,
            )
            unreadable = True
        files += found
    for path in files:
        try:
            judged = api.judge(
                path,
                epubcheck=not args.no_epubcheck,
                ace=args.ace,
                verapdf=args.verapdf,
                limits=args.limits,
            )
            results[str(path)], verdicts[str(path)] = judged.findings, judged.verdicts
        except CheckInputError as exc:
            print(f"{sanitise(str(path))}: error: {sanitise(str(exc))}", file=sys.stderr)
            unreadable = True
    if args.format == "json":
        print(json_report(results, verdicts))
    elif args.format == "html":
        print(html_report(results, verdicts))
    elif args.format == "sarif":
        from faq_export.checks.sarif import sarif_report

        print(sarif_report(results))
    elif results:
        print(terminal_report(results, colour=use_colour(sys.stdout), verdicts=verdicts))
    if unreadable:
        return EXIT_BAD_INPUT
    failed = any(f.fails() for found in results.values() for f in found)
    return EXIT_CHECK_FAILED if failed else EXIT_OK
