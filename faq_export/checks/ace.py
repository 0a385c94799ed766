"""DAISY Ace (npm @daisy/ace-cli) on an EPUB, its violations as findings (`check --ace`).

Ace is the program named by the environment variable FAQ_EXPORT_ACE, else the one `make test`
installs (tools/ace/node_modules/.bin/ace-cli, in the current folder or in this checkout), else
`ace` (or `ace-cli`) on the PATH. When Ace is asked for and cannot run, the check fails
(``AceUnavailable``, exit 2): a report without Ace's verdict must not read as passed.
When the machine has Debian's chromium and PUPPETEER_EXECUTABLE_PATH is not set, Ace drives it
through a small wrapper with the flags a closed network needs, since Ace cannot download a
browser here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from faq_export.checks.findings import CheckInputError, Finding, Severity

ACE_VARIABLE = "FAQ_EXPORT_ACE"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_WRAPPER = """#!/bin/sh
exec {chromium} --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \\
  --disable-background-networking --disable-component-update --disable-sync "$@"
"""


INSTALLED = Path("tools") / "ace" / "node_modules" / ".bin" / "ace-cli"  # by `make test`
CHECKOUT = Path(__file__).resolve().parents[2]
INSTALL = (
    f"install DAISY Ace (`make test` in faq-export's checkout puts it in {INSTALLED}; or "
    f"`npm install -g @daisy/ace-cli`), or set {ACE_VARIABLE} to its ace-cli program"
)


class AceUnavailable(CheckInputError):
    """Ace was asked for and cannot run: not found, or it wrote no report."""


def ace_command() -> str | None:
    """The Ace program: FAQ_EXPORT_ACE, else tools/ace's in the current folder or in this
    checkout, else ``ace`` or ``ace-cli`` on the PATH; None when there is none."""
    named = os.environ.get(ACE_VARIABLE)
    if named:
        return named if Path(named).exists() else shutil.which(named)
    for installed in (Path.cwd() / INSTALLED, CHECKOUT / INSTALLED):
        if installed.is_file() and os.access(installed, os.X_OK):
            return str(installed)
    return shutil.which("ace") or shutil.which("ace-cli")


def chromium_wrapper(folder: Path) -> Path:
    """A script in ``folder`` that starts Debian's chromium headless, without network services."""
    wrapper = folder / "chromium-headless"
    wrapper.write_text(CHROMIUM_WRAPPER.format(chromium=CHROMIUM), encoding="utf-8")
    wrapper.chmod(0o755)
    return wrapper


def run_ace(epub: Path, out_dir: Path) -> dict[str, Any]:
    """Ace's report.json for ``epub``, written under ``out_dir``."""
    command = ace_command()
    if command is None:
        named = os.environ.get(ACE_VARIABLE)
        where = (
            f"{ACE_VARIABLE} names {named!r}, which is not a program"
            if named
            else f"not found ({INSTALLED} here or in {CHECKOUT}, ace or ace-cli on the PATH)"
        )
        raise AceUnavailable(f"DAISY Ace cannot run: {where}; {INSTALL}")
    env = dict(os.environ)
    if CHROMIUM.exists() and "PUPPETEER_EXECUTABLE_PATH" not in env:
        out_dir.mkdir(parents=True, exist_ok=True)
        env["PUPPETEER_EXECUTABLE_PATH"] = str(chromium_wrapper(out_dir))
    try:
        result = subprocess.run(
            [command, "--force", "--silent", "--outdir", str(out_dir), str(epub)],
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AceUnavailable(f"DAISY Ace ({command}) cannot run: {exc}; {INSTALL}") from exc
    report = out_dir / "report.json"
    if not report.exists():
        raise AceUnavailable(
            f"DAISY Ace ({command}) wrote no report: {result.stderr.strip()[-500:]}; "
            "Ace needs Node.js and a Chromium (Debian's chromium is used when installed)"
        )
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
    """Ace's violations in the EPUB ``data``; ``AceUnavailable`` when Ace cannot run."""
    return judge_with_ace(data)[0]


def judge_with_ace(data: bytes) -> tuple[list[Finding], str]:
    """Ace's violations in the EPUB ``data``, and Ace's name and version ("DAISY Ace
    1.4.6"); ``AceUnavailable`` when Ace cannot run."""
    with tempfile.TemporaryDirectory() as work:
        epub = Path(work) / "book.epub"
        epub.write_bytes(data)
        report = run_ace(epub, Path(work) / "ace")
    assertor = report.get("earl:assertedBy", {})
    version = str(assertor.get("doap:release", {}).get("doap:revision", ""))
    return ace_violations(report), f"{assertor.get('doap:name', 'DAISY Ace')} {version}".strip()


def ace_status() -> str:
    """Why Ace did not judge a book it was not asked to judge."""
    if ace_command() is None:
        return "DAISY Ace: not found (check --ace runs it once installed; faq-export doctor)"
    return "DAISY Ace: not asked for (check --ace)"
