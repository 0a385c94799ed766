"""`faq-export init`: a new FAQ project from the starter files in ``starter/``.

A project is a folder with ``content/faq.yaml`` (a commented starter that validates and shows
every feature once), a ``Makefile``, a GitHub Actions workflow that builds with ``--strict``
and uploads the documents, and ``.gitignore``; with ``template=True`` also a copy of the print
template in ``templates/print/`` to edit (the build finds it there by itself) and a
commented ``brand:`` block in the source. Existing files are never overwritten.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import uuid
from pathlib import Path

from faq_export._version import __version__
from faq_export.resources import STARTER, TEMPLATE_DIR

# starter file -> where it goes in the project
FILES = {
    "faq.yaml": Path("content/faq.yaml"),
    "Makefile": Path("Makefile"),
    "workflow.yml": Path(".github/workflows/faq-documents.yml"),
    "gitignore": Path(".gitignore"),
}
TEMPLATE_FILES = ("document.html.j2", "print.css")
# With the template: the source's brand block, every line commented out, to fill in.
BRAND_BLOCK = """\
# The brand (optional): the same logo, organisation, colour and footer in the PDF,
# the EPUB, the Word document and the web page. Remove the '# ' before the lines
# you use. The logo is a PNG or JPEG file beside this faq.yaml, with the words it
# shows (or logo_decorative: true). The accent colour (headings and links) needs
# 4.5:1 contrast on white: validate says which darker shade would do. Quote it.
# brand:
#   organisation: Example Library
#   logo: logo.png
#   logo_alt: Example Library
#   accent: "#1a4480"
#   footer: Public information – share freely

"""


class ProjectExists(Exception):
    """Files ``init`` would write are already there (it overwrites nothing)."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(", ".join(str(p) for p in paths))
        self.paths = paths


class ProjectUnwritable(Exception):
    """The folder cannot be made or written (under a file, in /proc, read-only); the message
    says which path and why. Nothing is left of the project."""


def _refusal(path: Path, exc: OSError) -> ProjectUnwritable:
    reason = exc.strerror or type(exc).__name__
    return ProjectUnwritable(
        f"{path}: error: cannot write the project there ({reason}); nothing was written: "
        "choose a folder you can write to (faq-export init DIR)"
    )


def _blocking_file(folder: Path) -> Path | None:
    """A file (not a folder) where ``folder`` or one of its parents would go."""
    for candidate in [folder, *folder.parents]:
        if candidate.exists() or candidate.is_symlink():
            return None if candidate.is_dir() else candidate
    return None


def today() -> dt.date:
    """The date the starter is released on: SOURCE_DATE_EPOCH's day when set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def planned(folder: Path, template: bool) -> dict[Path, Path]:
    """Where each file goes (in ``folder``) -> the file it is made from."""
    plan = {folder / target: STARTER / name for name, target in FILES.items()}
    if template:
        for name in TEMPLATE_FILES:
            plan[folder / "templates" / "print" / name] = TEMPLATE_DIR / name
    return plan


def create_project(folder: Path, template: bool = False) -> list[Path]:
    """Write a new project into ``folder`` (made if missing); the paths written, in order.
    Raises ``ProjectExists`` naming every file that is already there, having written none."""
    plan = planned(folder, template)
    existing = [path for path in plan if path.exists() or path.is_symlink()]
    if existing:
        raise ProjectExists(existing)
    blocking = _blocking_file(folder)
    if blocking is not None:
        raise ProjectUnwritable(
            f"{blocking}: error: is a file, so {folder} cannot be a folder; nothing was "
            "written: choose another folder (faq-export init DIR)"
        )
    fill = {
        "{identifier}": str(uuid.uuid4()),
        "{date}": today().isoformat(),
        "{version}": __version__,
        "{brand}": BRAND_BLOCK if template else "",
    }
    written: list[Path] = []
    made: list[Path] = []  # folders made, to remove again when a later write fails
    try:
        for target, origin in plan.items():
            missing = [p for p in [target.parent, *target.parent.parents] if not p.exists()]
            made.extend(reversed(missing))  # before mkdir: it may make some, then fail
            target.parent.mkdir(parents=True, exist_ok=True)
            if origin.parent == STARTER:
                text = origin.read_text(encoding="utf-8")
                for key, value in fill.items():
                    text = text.replace(key, value)
                with target.open("x", encoding="utf-8") as handle:  # never over a file
                    written.append(target)
                    handle.write(text)
            else:
                with origin.open("rb") as source, target.open("xb") as copy:
                    written.append(target)
                    shutil.copyfileobj(source, copy)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        for path in reversed(made):
            # Never made, or not empty (someone else's file): left as it is.
            with contextlib.suppress(OSError):
                path.rmdir()
        raise _refusal(Path(exc.filename) if exc.filename else folder, exc) from None
    return written
