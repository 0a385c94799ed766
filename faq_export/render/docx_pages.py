"""The page of each heading of a Word briefing, from LibreOffice's layout of it.

A DOCX holds no pages: Word and LibreOffice lay it out when they open it, and show the
contents' page numbers (the TOC field's ``PAGEREF`` fields) as the file stores them until
fields are updated (F9, print preview, printing). Stored empty, the contents had no numbers
on screen; an "update fields on open" setting would ask every reader a question. So the
numbers are measured here, once, when the briefing is written: LibreOffice (headless, with a
profile of its own in a temporary folder) prints the briefing to PDF with every bookmark as
a named destination, and a bookmark's destination is on its heading's page.

LibreOffice is optional. Where it is not installed, or it fails, the briefing is written with
the numbers empty and the build says so once (``PageNumbersWarning``): Word fills them in
when it updates fields. ``FAQ_EXPORT_LIBREOFFICE=off`` leaves them empty without a word.

``FAQ_EXPORT_LIBREOFFICE`` may name the ``soffice`` to run. Its layout is deterministic for
the same file, so the same source gives the same bytes; another LibreOffice version (or
another machine's typefaces, for text the briefing does not embed a face for) may break a
page elsewhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Collection
from pathlib import Path

from faq_export.resources import user_cache

ENVIRONMENT = "FAQ_EXPORT_LIBREOFFICE"
OFF = frozenset({"off", "no", "0", "false"})
# The PDF export's options: each bookmark a named destination, nothing else that costs time.
EXPORT = (
    'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"},'
    '"ExportNotes":{"type":"boolean","value":"false"},'
    '"ReduceImageResolution":{"type":"boolean","value":"true"},'
    '"MaxImageResolution":{"type":"long","value":"75"}}'
)
# LibreOffice is run by a small Python process of its own (``sys.executable -I -S``, 20 ms):
# it dies with the process that started it (Linux's parent-death signal), and so does
# LibreOffice, so a killed build leaves no LibreOffice behind; and it is the subreaper of
# LibreOffice's own children (soffice.bin starts gpgconf and leaves it), which it reaps,
# where they would become zombies under an init that reaps nothing (a container's).
SHEPHERD = """
import ctypes, os, signal, subprocess, sys
LINUX = sys.platform.startswith("linux")
def prctl(option, value):
    if LINUX:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
if LINUX and os.getppid() != int(sys.argv[1]):
    sys.exit(1)
prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
for _ in range(2):
    code = subprocess.call(
        sys.argv[2:], preexec_fn=(lambda: prctl(1, signal.SIGKILL)) if LINUX else None
    )
    if code != 81:  # 81: a new profile was made, start again
        break
while LINUX:
    try:
        os.wait()
    except ChildProcessError:
        break
sys.exit(code)
"""


class PageNumbersWarning(UserWarning):
    """The Word briefing's contents were written without page numbers."""


def soffice() -> Path | None:
    """The LibreOffice program to run (``soffice.bin`` itself where there is one, so that it
    is this process's own child and dies with it), or None: not installed, or turned off."""
    chosen = os.environ.get(ENVIRONMENT, "").strip()
    if chosen.lower() in OFF:
        return None
    found = (
        shutil.which(chosen) if chosen else shutil.which("soffice") or shutil.which("libreoffice")
    )
    if not found:
        return None
    program = Path(found).resolve()
    binary = program.parent / "soffice.bin"
    return binary if binary.is_file() else program


def turned_off() -> bool:
    """``FAQ_EXPORT_LIBREOFFICE=off``: the numbers are left empty without a word."""
    return os.environ.get(ENVIRONMENT, "").strip().lower() in OFF


def heading_pages(docx: bytes, bookmarks: Collection[str]) -> dict[str, int] | None:
    """The page (1 = the first) of each of ``bookmarks`` in LibreOffice's layout of ``docx``;
    None when LibreOffice is turned off (``turned_off``), or, having said why, when it is not
    there or fails."""
    if turned_off():
        return None
    chosen = os.environ.get(ENVIRONMENT, "").strip()
    program = soffice()
    if program is None:
        missing = (
            f"{ENVIRONMENT} names '{chosen}', which is not a program"
            if chosen
            else "LibreOffice is not installed"
        )
        _say(
            f"{missing}, so the Word briefing's contents have no page numbers until Word "
            "updates fields (F9, or printing); with LibreOffice they are filled in"
        )
        return None
    try:
        pdf = _lay_out(program, docx, timeout=60 + 0.2 * len(bookmarks))
    except (OSError, subprocess.SubprocessError, LayoutFailed) as exc:
        _say(
            f"LibreOffice could not lay the Word briefing out ({exc}), so its contents have "
            "no page numbers until Word updates fields (F9, or printing)"
        )
        return None
    return destination_pages(pdf, bookmarks)


class LayoutFailed(Exception):
    pass


def _say(message: str) -> None:
    warnings.warn(message, PageNumbersWarning, stacklevel=3)


# The profile's one setting: the version of LibreOffice it was last set up for. In a new
# profile there is none, so LibreOffice takes itself for freshly upgraded and, before it does
# anything else, runs its graphics self-tests (vcl's GraphicsRenderTests: some 100 drawings,
# several on 4096-pixel surfaces, whose result chooses a screen renderer a headless run never
# uses): 0.9 s of the 1.3 s of processor time a conversion took here (LibreOffice 7.4,
# desktop/source/app/app.cxx ``runGraphicsRenderTests``, ``utl::isProductVersionUpgraded``).
# Said set up for the installed version, it converts in 0.4 s, with the same layout.
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry">
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" \
oor:op="fuse"><value>{version}</value></prop></item>
</oor:items>
"""


def installed_version(program: Path) -> str | None:
    """The installed LibreOffice's version ("7.4"), as its configuration says it
    (share/registry/main.xcd's ``ooSetupVersion``), or None where that cannot be read."""
    for registry in (
        program.parent.parent / "share" / "registry" / "main.xcd",
        program.parent.parent / "Resources" / "registry" / "main.xcd",  # macOS
    ):
        try:
            text = registry.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        found = re.search(r'oor:name="ooSetupVersion">\s*<value>(\d+\.\d+)</value>', text)
        if found:
            return found[1]
    return None


def _lay_out(program: Path, docx: bytes, timeout: float) -> bytes:
    with tempfile.TemporaryDirectory(prefix="faq-export-libreoffice-") as folder:
        base = Path(folder)
        source = base / "briefing.docx"
        source.write_bytes(docx)
        profile = base / "profile"
        version = installed_version(program)
        made = _made_profile(program, version)
        if made is not None:
            shutil.copytree(made, profile, symlinks=True)
        elif version is not None:
            user = profile / "user"
            user.mkdir(parents=True)
            settings = PROFILE_SETTINGS.format(version=version)
            (user / "registrymodifications.xcu").write_text(settings, encoding="utf-8")
        command = [
            str(program),
            f"-env:UserInstallation={(base / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            EXPORT,
            "--outdir",
            str(base),
            str(source),
        ]
        result = subprocess.run(
            [sys.executable, "-I", "-S", "-c", SHEPHERD, str(os.getpid()), *command],
            capture_output=True,
            timeout=timeout,
            check=False,
            cwd=base,
        )
        pdf = base / "briefing.pdf"
        if result.returncode != 0 or not pdf.is_file():
            said = result.stderr.decode(errors="replace").strip().splitlines()
            raise LayoutFailed(f"exit code {result.returncode}{': ' + said[-1] if said else ''}")
        if made is None and version is not None:
            _keep_profile(program, version, profile)
        return pdf.read_bytes()


# A new profile costs LibreOffice a start of its own: it makes the profile, registers its
# bundled extensions, and ends asking to be started again (exit code 81, which the shepherd
# answers), 0.3 s more than a start with a profile made. The first build that succeeds
# keeps its profile in the user's cache, for LibreOffice's version; later builds start from
# a copy of it, each in a folder of its own (a profile is one LibreOffice's at a time).
PROFILES = "libreoffice"


def _profile_key(program: Path, version: str) -> str:
    stat = program.stat()
    said = f"{program}\0{version}\0{stat.st_size}\0{stat.st_mtime_ns}\0{PROFILE_SETTINGS}"
    return f"{version}-{hashlib.sha256(said.encode()).hexdigest()[:16]}"


def _made_profile(program: Path, version: str | None) -> Path | None:
    """The profile kept for this LibreOffice (``_keep_profile``), or None."""
    if version is None:
        return None
    with contextlib.suppress(OSError):
        kept = user_cache() / PROFILES / _profile_key(program, version)
        if (kept / "user" / "registrymodifications.xcu").is_file():
            return kept
    return None


def _keep_profile(program: Path, version: str, profile: Path) -> None:
    """Keep ``profile`` for the next builds: copied beside its place and renamed into it
    whole, so a build never copies a half-written one; when another build kept one first,
    or the cache cannot be written, nothing is kept (no error: the next build makes one)."""
    with contextlib.suppress(OSError):
        target = user_cache() / PROFILES / _profile_key(program, version)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".profile-", dir=target.parent))
        try:
            shutil.copytree(profile, staging / "profile", symlinks=True)
            os.rename(staging / "profile", target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def destination_name(bookmark: str) -> str:
    """A bookmark's name as LibreOffice's PDF export writes it as a destination: letters,
    digits and '-' as they are, any other character as the hex of its code (vcl's
    ``appendDestinationName``): "key_takeaways" -> "key5Ftakeaways"."""
    out = []
    for char in bookmark:
        if char.isascii() and (char.isalnum() or char == "-"):
            out.append(char)
        else:
            code = ord(char)
            out.append((f"{code >> 8:02X}" if code >> 8 else "") + f"{code & 0xFF:02X}")
    return "".join(out)


def destination_pages(pdf: bytes, bookmarks: Collection[str]) -> dict[str, int]:
    """The page of each of ``bookmarks`` that is a named destination of ``pdf``."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        numbers: dict[tuple[int, int], int] = {
            page.obj.objgen: index for index, page in enumerate(document.pages, 1)
        }
        found: dict[str, object] = {}
        root = document.Root
        if "/Dests" in root:
            found.update({str(key)[1:]: value for key, value in root.Dests.items()})
        if "/Names" in root and "/Dests" in root.Names:
            found.update(dict(pikepdf.NameTree(root.Names.Dests).items()))
        pages: dict[str, int] = {}
        for bookmark in bookmarks:
            destination = found.get(destination_name(bookmark))
            if isinstance(destination, pikepdf.Dictionary):
                destination = destination.get("/D")
            if isinstance(destination, pikepdf.Array) and len(destination):
                page = numbers.get(destination[0].objgen)
                if page is not None:
                    pages[bookmark] = page
        return pages
