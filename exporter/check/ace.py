"""DAISY Ace (npm @daisy/ace-cli) on an EPUB, its violations as findings (`check --ace`).

Ace is found in tools/ace/ (where `make test` installs it) or on the PATH; it drives Debian's
chromium through scripts/chromium-headless, since it cannot download a browser here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from exporter.check.findings import Finding, Severity

ROOT = Path(__file__).resolve().parents[2]
LOCAL_ACE = ROOT / "tools" / "ace" / "node_modules" / ".bin" / "ace-cli"
CHROMIUM = ROOT / "scripts" / "chromium-headless"


def ace_command() -> str | None:
    if LOCAL_ACE.exists():
        return str(LOCAL_ACE)
    return shutil.which("ace") or shutil.which("ace-cli")


def run_ace(epub: Path, out_dir: Path) -> dict[str, Any]:
    """Ace's report.json for ``epub``, written under ``out_dir``."""
    command = ace_command()
    if command is None:
        raise FileNotFoundError("DAISY Ace is not installed (make test installs it)")
    env = dict(os.environ)
    if CHROMIUM.exists() and "PUPPETEER_EXECUTABLE_PATH" not in env:
        env["PUPPETEER_EXECUTABLE_PATH"] = str(CHROMIUM)
    result = subprocess.run(
        [command, "--force", "--silent", "--outdir", str(out_dir), str(epub)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    report = out_dir / "report.json"
    if not report.exists():
        raise RuntimeError(f"Ace wrote no report: {result.stderr.strip()[-500:]}")
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data


def ace_violations(report: dict[str, Any]) -> list[Finding]:
    findings = []
    for document in report.get("assertions", []):
        url = document.get("earl:testSubject", {}).get("url", "document")
        for check in document.get("assertions", []):
            if check.get("earl:result", {}).get("earl:outcome") != "fail":
                continue
            test = check.get("earl:test", {})
            impact = test.get("earl:impact", "serious")
            severity = Severity.ERROR if impact in ("critical", "serious") else Severity.WARNING
            result = check.get("earl:result", {})
            findings.append(
                Finding(
                    f"ACE-{test.get('dct:title', 'violation')}",
                    severity,
                    url,
                    f"{result.get('dct:description') or test.get('dct:description', '')} "
                    f"(impact: {impact})".strip(),
                    test.get("help", {}).get("url")
                    or "See the DAISY Knowledge Base for this rule.",
                )
            )
    return findings


def check_with_ace(data: bytes) -> list[Finding]:
    with tempfile.TemporaryDirectory() as work:
        epub = Path(work) / "book.epub"
        epub.write_bytes(data)
        try:
            report = run_ace(epub, Path(work) / "ace")
        except (FileNotFoundError, RuntimeError) as exc:
            return [
                Finding(
                    "ACE",
                    Severity.WARNING,
                    "document",
                    f"Ace did not run: {exc}",
                    "Install DAISY Ace (make test does) and chromium.",
                )
            ]
    return ace_violations(report)
