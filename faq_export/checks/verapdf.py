"""veraPDF, the PDF Association's reference validator for PDF/A and PDF/UA, as a judge of
`check`: its failed rules become findings (``VERAPDF-UA2-8.2.5.27-1``, with the clause and
what the rule says).

veraPDF is the program or library named by the environment variable FAQ_EXPORT_VERAPDF (a
``verapdf`` command, a folder of veraPDF's jars such as the one `make test` installs in
tools/verapdf/lib, or one jar), else tools/verapdf/lib in the current folder or in this
checkout, else ``verapdf`` on the PATH. The jars need Java (``java`` on the PATH). It costs
a Java start, about 1.6 s a file here; ``judge_files`` judges many files in one start.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from faq_export.checks.findings import CheckInputError, Finding, Severity

VERAPDF_VARIABLE = "FAQ_EXPORT_VERAPDF"
MAIN_CLASS = "org.verapdf.apps.GreenfieldCliWrapper"
INSTALLED = Path("tools") / "verapdf" / "lib"  # by `make test` (tools/verapdf/pom.xml)
CHECKOUT = Path(__file__).resolve().parents[2]
# A short-lived JVM: compiling less and a simple collector judge a file in 1.6 s, not 2.8.
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
INSTALL = (
    "install veraPDF (https://verapdf.org/software/, or `make test` in faq-export's checkout "
    f"puts it in {INSTALLED}) and Java, or set {VERAPDF_VARIABLE} to its `verapdf` command "
    "or its folder of jars"
)

# veraPDF's flavour for each standard it judges.
FLAVOURS = {
    "PDF/UA-1": "ua1",
    "PDF/UA-2": "ua2",
    "PDF/A-1a": "1a",
    "PDF/A-1b": "1b",
    "PDF/A-2a": "2a",
    "PDF/A-2b": "2b",
    "PDF/A-2u": "2u",
    "PDF/A-3a": "3a",
    "PDF/A-3b": "3b",
    "PDF/A-3u": "3u",
    "PDF/A-4": "4",
    "PDF/A-4e": "4e",
    "PDF/A-4f": "4f",
}
# The rules of each of veraPDF 1.28.2's profiles (its validation/*.xml). The ua2 profile is
# 91 rules of ISO 14289-2 and 1,632 of ISO 32005's table of which structure element may hold
# which (tests/test_verapdf_judge.py counts them in the installed veraPDF).
PROFILE_RULES = {
    "ua1": 106,
    "ua2": 1723,
    "1a": 135,
    "1b": 129,
    "2a": 153,
    "2b": 144,
    "2u": 146,
    "3a": 155,
    "3b": 146,
    "3u": 148,
    "4": 109,
    "4e": 109,
    "4f": 109,
}


class VeraPdfUnavailable(CheckInputError):
    """veraPDF was asked for (``check --verapdf``) and cannot run."""


@dataclass(frozen=True)
class Located:
    """Where veraPDF is, or why it cannot run."""

    command: tuple[str, ...] | None  # the words that start it, before its options
    why_not: str = ""  # when command is None: "Java not found", "not found (…)"
    where: str = ""  # the folder, jar or program


def locate() -> Located:
    """veraPDF: FAQ_EXPORT_VERAPDF, else tools/verapdf/lib here or in this checkout, else
    ``verapdf`` on the PATH."""
    named = os.environ.get(VERAPDF_VARIABLE)
    if named:
        path = Path(named)
        if path.is_dir() or path.suffix == ".jar":
            return _with_java(path)
        program = str(path) if path.is_file() and os.access(path, os.X_OK) else shutil.which(named)
        if program is None:
            return Located(None, f"{VERAPDF_VARIABLE} names {named!r}, which is not veraPDF")
        return Located((program,), where=program)
    for lib in (Path.cwd() / INSTALLED, CHECKOUT / INSTALLED):
        if any(lib.glob("greenfield-apps-*.jar")):
            return _with_java(lib)
    program = shutil.which("verapdf")
    if program is not None:
        return Located((program,), where=program)
    return Located(
        None,
        f"not found ({VERAPDF_VARIABLE}, {INSTALLED} here or in {CHECKOUT}, verapdf on the PATH)",
    )


def _with_java(path: Path) -> Located:
    if not path.exists():
        return Located(None, f"{VERAPDF_VARIABLE} names {str(path)!r}, which does not exist")
    java = shutil.which("java")
    if java is None:
        return Located(None, f"Java not found (veraPDF at {path} needs it)", str(path))
    classpath = f"{path}/*" if path.is_dir() else str(path)
    return Located((java, *JVM_OPTIONS, "-cp", classpath, MAIN_CLASS), where=str(path))


@dataclass(frozen=True)
class Report:
    """veraPDF's judgement of one file by one flavour."""

    flavour: str
    version: str  # veraPDF's, "1.28.2"
    compliant: bool
    rules: int  # the profile's rules (passed and failed)
    failed: list[dict[str, Any]]  # its ruleSummaries that did not pass
    error: str = ""  # veraPDF could not judge the file (it could not parse it)

    @property
    def engine(self) -> str:
        return f"veraPDF {self.version} ({self.flavour})"


# Reports already made, by (sha256 of the file, flavour): ``judge_files`` fills it, so that
# judging many files costs one Java start, not one each.
_known: dict[tuple[str, str], Report] = {}


def _key(data: bytes, flavour: str) -> tuple[str, str]:
    return hashlib.sha256(data).hexdigest(), flavour


def judge_files(paths: Iterable[Path], flavour: str) -> dict[Path, Report]:
    """veraPDF's report on each file for ``flavour``, in one run; kept, so that judging those
    files afterwards (``judge``) costs nothing more. ``VeraPdfUnavailable`` when it cannot run."""
    files = list(paths)
    reports = _run(files, flavour)
    found = {}
    for path in files:
        report = reports.get(str(path.resolve()))
        if report is None:
            report = Report(flavour, "", False, 0, [], "veraPDF gave no report for the file")
        _known[_key(path.read_bytes(), flavour)] = report
        found[path] = report
    return found


def judge(data: bytes, flavour: str) -> Report:
    """veraPDF's report on the PDF ``data`` for ``flavour``; ``VeraPdfUnavailable`` when it
    cannot run."""
    key = _key(data, flavour)
    if key in _known:
        return _known[key]
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "document.pdf"
        path.write_bytes(data)
        report = _run([path], flavour).get(str(path.resolve()))
    if report is None:
        return Report(flavour, "", False, 0, [], "veraPDF gave no report for the file")
    return report


def _run(files: list[Path], flavour: str) -> dict[str, Report]:
    located = locate()
    if located.command is None:
        raise VeraPdfUnavailable(f"veraPDF cannot run: {located.why_not}; {INSTALL}")
    command = [
        *located.command,
        "--flavour",
        flavour,
        "--format",
        "json",
        "--nonpdfext",
        *(str(f.resolve()) for f in files),
    ]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=600 + 60 * len(files), check=False
        )
        report = json.loads(result.stdout)["report"]
    except (OSError, subprocess.TimeoutExpired, ValueError, KeyError) as exc:
        raise VeraPdfUnavailable(
            f"veraPDF ({located.where}) did not judge the file: {exc}; {INSTALL}"
        ) from exc
    version = next(
        (
            d.get("version", "")
            for d in report.get("buildInformation", {}).get("releaseDetails", [])
            if d.get("id") == "core"
        ),
        "",
    )
    found: dict[str, Report] = {}
    for job in report.get("jobs", []):
        name = str(job.get("itemDetails", {}).get("name", ""))
        validation = job.get("validationResult")
        if isinstance(validation, list):
            validation = validation[0] if validation else None
        if not validation:
            error = str(job.get("taskException", {}).get("exceptionMessage", "")) or (
                "veraPDF could not read the file"
            )
            found[name] = Report(flavour, version, False, 0, [], error)
            continue
        details = validation.get("details", {})
        found[name] = Report(
            flavour,
            version,
            bool(validation.get("compliant")),
            int(details.get("passedRules", 0)) + int(details.get("failedRules", 0)),
            [r for r in details.get("ruleSummaries", []) if r.get("status") != "passed"],
        )
    return found


def rule_id(flavour: str, summary: dict[str, Any]) -> str:
    """``VERAPDF-UA2-8.2.5.27-1``: veraPDF, its flavour, the clause and the test number."""
    return f"VERAPDF-{flavour.upper()}-{summary.get('clause', '')}-{summary.get('testNumber', '')}"


RULE_ID = re.compile(r"VERAPDF-(UA1|UA2|[1-4][ABEFU]?)-([0-9A-Za-z. ]+)-(\d+)")
SPECIFICATIONS = {"UA1": "ISO 14289-1 (PDF/UA-1)", "UA2": "ISO 14289-2 (PDF/UA-2)"}


def specification(rule: str) -> str:
    """The standard a veraPDF rule id is of: 'ISO 14289-2 (PDF/UA-2) clause 8.2.5.27'."""
    match = RULE_ID.fullmatch(rule)
    if match is None:
        return ""
    flavour, clause, _ = match.groups()
    standard = SPECIFICATIONS.get(flavour) or f"ISO 19005-{flavour[0]} (PDF/A-{flavour.lower()})"
    return f"{standard} clause {clause}"


def findings(report: Report) -> list[Finding]:
    """One finding for each rule veraPDF found broken: its description, its message at the
    first place, and how many places."""
    found = []
    for summary in report.failed:
        checks = [c for c in summary.get("checks", []) if c.get("status") != "passed"]
        first = checks[0] if checks else {}
        count = int(summary.get("failedChecks") or len(checks) or 1)
        message = str(summary.get("description", "")).strip()
        detail = str(first.get("errorMessage", "")).strip()
        if detail:
            message += f" ({detail}"
            message += f"; {count} places)" if count > 1 else ")"
        identifier = rule_id(report.flavour, summary)
        found.append(
            Finding(
                identifier,
                Severity.ERROR,
                place(str(first.get("context", ""))),
                message,
                f"About {specification(identifier) or 'this rule'} (veraPDF's "
                f"{summary.get('clause')}-{summary.get('testNumber')}): correct it in the "
                "document's source or in the settings of the tool that made the PDF (its "
                "tagging or accessibility options), and make the PDF again.",
            )
        )
    return found


def place(context: str) -> str:
    """veraPDF's path to an object, with its page said first: 'page 2, root/document[0]/…'."""
    if not context:
        return "document"
    page = re.search(r"pages\[(\d+)\]", context)
    return f"page {int(page.group(1)) + 1}, {context}" if page else context
