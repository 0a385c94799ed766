"""`faq-export watch`: rebuild on every save of the source, its images or the print template.

One process for the whole session, so the libraries and fonts are loaded once and a rebuild
costs only the build itself. Each rebuild goes through ``api.build``: the source is read once,
everything is rendered and checked in memory and written as a set, so a save in the middle of
a build leaves the previous documents whole, and that save starts the next build. Problems are
printed at their line in the source, as ``validate`` prints them.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import faq_export.api as api
import faq_export.model as m
from faq_export.checks.report import sanitise, source_report, terminal_report
from faq_export.errors import RenderError, SourceErrors
from faq_export.options import DEFAULT_BRAILLE, STANDARD, Braille
from faq_export.output import BuildTimeError

# Files an editor or a build writes beside the real ones: never a reason to rebuild.
IGNORED_SUFFIXES = (".tmp", ".swp", ".swx", "~", ".part", ".crdownload")


@dataclass(frozen=True)
class Settings:
    source: Path
    out_dir: Path
    formats: tuple[str, ...]
    templates: Path | None = None
    paper: str | None = None
    pdf_standard: str | None = None
    strict: bool = False
    draft: bool = False
    braille: Braille = DEFAULT_BRAILLE
    edition: str = STANDARD

    def build(self, source: Path | m.Document, **more: Any) -> api.BuildReport:
        """``api.build`` of ``source`` with these settings, in the command line's way (a
        second process where it helps); ``more``: the other options of ``api.build``
        (``manifest``, ``progress``). One call for `build` and `watch` alike."""
        return api.build(
            source,
            self.out_dir,
            formats=self.formats,
            strict=self.strict,
            draft=self.draft,
            templates=self.templates,
            paper=self.paper,
            pdf_standard=self.pdf_standard,
            processes=True,  # the command line's choice: the library's default is one
            braille=self.braille,
            edition=self.edition,
            **more,
        )


def watched_folders(settings: Settings) -> list[Path]:
    """The source's folder (the source and its images) and the print template's folder."""
    from faq_export.resources import TEMPLATE_DIR

    folders = [settings.source.resolve().parent, (settings.templates or TEMPLATE_DIR).resolve()]
    return list(dict.fromkeys(folders))


def is_relevant(path: Path, out_dir: Path) -> bool:
    """Whether a change of ``path`` should rebuild: not our own output, not an editor's or a
    build's temporary file."""
    if path.name.startswith((".", "#")) or path.name.endswith(IGNORED_SUFFIXES):
        return False
    return not path.resolve().is_relative_to(out_dir.resolve())


def rebuild(settings: Settings, out: TextIO, err: TextIO) -> bool:
    """One build, reported; whether it wrote the documents."""
    started = time.perf_counter()
    try:
        report = settings.build(settings.source)
    except SourceErrors as exc:
        for error in exc.errors:
            print(error, file=err)
        print(
            f"{len(exc.errors)} error{'s' if len(exc.errors) != 1 else ''} in "
            f"{settings.source}; not rebuilt, the previous documents are unchanged.",
            file=err,
            flush=True,
        )
        return False
    except (RenderError, BuildTimeError, api.OutputError) as exc:
        print(
            f"error: {sanitise(str(exc))}\nnot rebuilt; the previous documents are unchanged.",
            file=err,
            flush=True,
        )
        return False
    seconds = time.perf_counter() - started
    named = {
        name: [f for f in found if f.accepted is None] for name, found in report.by_file().items()
    }
    from_source = named.pop(report.document.source, [])
    if from_source:
        print(source_report(from_source), file=err)  # at their lines, as validate shows them
    if any(named.values()):
        print(terminal_report({k: v for k, v in named.items() if v}), file=err)
    if not report.passed:
        print(
            "error: the accessibility checks failed; not rebuilt, the previous documents are "
            "unchanged.",
            file=err,
            flush=True,
        )
        return False
    names = ", ".join(w.path.name for w in report.written if w.format != "manifest")
    print(f"{time.strftime('%H:%M:%S')} rebuilt in {seconds:.2f} s: {names}", file=out, flush=True)
    return True


def watch(
    settings: Settings,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    stop: threading.Event | None = None,
    on_ready: Callable[[], None] = lambda: None,
) -> None:
    """Build once, then again after every relevant change, until ``stop`` is set or Ctrl-C."""
    import watchfiles

    folders = watched_folders(settings)
    shown = ", ".join(str(folder) for folder in folders)

    def relevant(change: watchfiles.Change, path: str) -> bool:
        return is_relevant(Path(path), settings.out_dir)

    watching = False
    # The watcher runs before the first build (its first, empty, yield says so): a save during
    # that build is the next rebuild, and a save after "watching" is never missed.
    for changes in watchfiles.watch(
        *folders,
        watch_filter=relevant,
        debounce=200,
        step=50,
        stop_event=stop,
        raise_interrupt=False,
        yield_on_timeout=True,
        rust_timeout=100,
    ):
        if not watching:
            watching = True
            rebuild(settings, out, err)
            print(f"watching {shown} (Ctrl-C to stop)", file=out, flush=True)
            on_ready()
            continue
        if not changes:
            continue
        changed = sorted({Path(path).name for _, path in changes})
        print(f"changed: {_listed(changed)}", file=out, flush=True)
        try:
            rebuild(settings, out, err)
        except KeyboardInterrupt:
            # Ctrl-C is how watching stops, whenever it comes; outputs are written as a set,
            # so a rebuild cut short leaves the previous documents.
            print("stopped during a rebuild; the documents are as they were.", file=err)
            return


def _listed(names: Iterable[str]) -> str:
    return ", ".join(names)
