"""Every judge faq-export's checks can call on, and whether it is ready here (`faq-export
doctor`): the validators `check` runs (page-validation, veraPDF, EPUBCheck with Java, DAISY Ace
with Chromium), those faq-export's own tests run on what it builds (axe-core and the Nu HTML
Checker on the web page, LibreOffice on the DOCX), and liblouis, which writes and reads
braille. Each is looked for as the code that runs it looks for it; nothing is started but
liblouis's library, loaded to ask its version."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from faq_export.checks import ace, epub, verapdf
from faq_export.errors import BrailleError
from faq_export.render import louis

WEB_TOOLS = Path("tools") / "web" / "node_modules"  # by `make test` (tools/web/package.json)
WEB_INSTALL = (
    "in faq-export's checkout: cd tools/web && PUPPETEER_SKIP_DOWNLOAD=1 npm ci (make test does it)"
)
JAVA_INSTALL = "install a Java runtime, 11 or newer (Debian: apt-get install default-jre-headless)"
NODE_INSTALL = "install Node.js (Debian: apt-get install nodejs)"


@dataclass(frozen=True)
class JudgeStatus:
    """One judge: what it judges, whether it is ready here, and how to install it if not."""

    name: str  # "veraPDF"
    judges: str  # what it judges, and when it runs
    ready: bool
    detail: str  # where it is and its version when ready; why not when not
    install: str = ""  # how to install it (when not ready)
    required: bool = False  # faq-export does not work as documented without it


def judges() -> list[JudgeStatus]:
    """Every judge, in the order of the formats they judge (PDF, EPUB, web page, DOCX, BRF)."""
    return [
        _page_validation(),
        _verapdf(),
        _java(),
        _epubcheck(),
        _ace(),
        _chromium(),
        _web_tool(
            "axe-core",
            "WCAG 2.2 AA of the web page, in Chromium (faq-export's tests; `check` does not "
            "run it)",
            "axe-core",
            needs="node",
        ),
        _web_tool(
            "Nu HTML Checker (vnu)",
            "the web page's HTML (faq-export's tests; `check` does not run it)",
            "vnu-jar/build/dist/vnu.jar",
            needs="java",
        ),
        _libreoffice(),
        _liblouis(),
    ]


def _page_validation() -> JudgeStatus:
    about = "PDF/UA-1 and PDF/A-1, -2, -3 in full (check and build)"
    try:
        version = importlib.metadata.version("page-validation")
        import page  # noqa: F401
    except (importlib.metadata.PackageNotFoundError, ImportError) as exc:
        return JudgeStatus(
            "page-validation",
            about,
            False,
            f"not importable ({exc})",
            "pip install page-validation==0.11.0 (a dependency of faq-export: reinstall it)",
            required=True,
        )
    return JudgeStatus("page-validation", about, True, f"page-validation {version}", required=True)


def _verapdf() -> JudgeStatus:
    about = (
        "PDF/UA-2 in full, and what nothing else judges in full (check, when found); every "
        "PDF standard with check --verapdf"
    )
    located = verapdf.locate()
    if located.command is None:
        return JudgeStatus("veraPDF", about, False, located.why_not, verapdf.INSTALL)
    jars = sorted(Path(located.where).glob("greenfield-apps-*.jar"))
    version = jars[-1].stem.removeprefix("greenfield-apps-") if jars else ""
    said = f"veraPDF {version} at {located.where}" if version else located.where
    return JudgeStatus("veraPDF", about, True, said)


def _java() -> JudgeStatus:
    java = shutil.which("java")
    about = "runs veraPDF's jars, EPUBCheck and the Nu HTML Checker"
    if java is None:
        return JudgeStatus("Java", about, False, "java is not on the PATH", JAVA_INSTALL)
    return JudgeStatus("Java", about, True, java)


def _epubcheck() -> JudgeStatus:
    about = "EPUB 3.3 (check, unless --no-epubcheck)"
    judge = epub.locate_epubcheck()
    if judge.command is None:
        install = epub.EPUBCHECK_EXTRA
        if "Java" in judge.why_not:
            install = JAVA_INSTALL
        return JudgeStatus("EPUBCheck", about, False, judge.why_not, install)
    return JudgeStatus("EPUBCheck", about, True, f"{judge.engine} ({judge.command[-1]})")


def _ace() -> JudgeStatus:
    about = "EPUB Accessibility 1.1 and WCAG 2.2 AA in an EPUB (check --ace)"
    command = ace.ace_command()
    if command is None:
        return JudgeStatus("DAISY Ace", about, False, "not found", ace.INSTALL)
    if shutil.which("node") is None:
        return JudgeStatus("DAISY Ace", about, False, "Node.js (node) not found", NODE_INSTALL)
    return JudgeStatus("DAISY Ace", about, True, command)


def _chromium() -> JudgeStatus:
    about = "the browser DAISY Ace and axe-core drive"
    named = os.environ.get("PUPPETEER_EXECUTABLE_PATH")
    found = named or (str(ace.CHROMIUM) if ace.CHROMIUM.exists() else shutil.which("chromium"))
    if not found:
        return JudgeStatus(
            "Chromium", about, False, "not found", "Debian: apt-get install chromium"
        )
    return JudgeStatus("Chromium", about, True, found)


def _web_tool(name: str, about: str, inside: str, needs: str) -> JudgeStatus:
    for folder in (Path.cwd() / WEB_TOOLS, ace.CHECKOUT / WEB_TOOLS):
        if (folder / inside).exists():
            if shutil.which(needs) is None:
                install = JAVA_INSTALL if needs == "java" else NODE_INSTALL
                return JudgeStatus(name, about, False, f"{needs} not found", install)
            return JudgeStatus(name, about, True, str(folder / inside))
    return JudgeStatus(name, about, False, f"not found in {WEB_TOOLS}", WEB_INSTALL)


def _libreoffice() -> JudgeStatus:
    about = "opens a DOCX as an office suite does (faq-export's tests draw its pages)"
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        return JudgeStatus(
            "LibreOffice", about, False, "not found", "Debian: apt-get install libreoffice-writer"
        )
    return JudgeStatus("LibreOffice", about, True, found)


def _liblouis() -> JudgeStatus:
    about = "braille: writes the BRF edition (build --format brf) and reads a BRF back (check)"
    try:
        version = louis.version()
    except BrailleError as exc:
        return JudgeStatus("liblouis", about, False, str(exc).split(";")[0], louis.INSTALL)
    return JudgeStatus("liblouis", about, True, f"liblouis {version}")
