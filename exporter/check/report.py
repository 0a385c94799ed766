"""Findings -> a report for people (terminal) or for release automation (JSON)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import jinja2

from exporter.check.findings import Finding, Severity

JSON_SCHEMA_VERSION = 1


def terminal_report(results: Mapping[str, list[Finding]], colour: bool = False) -> str:
    """Grouped by file, errors first; the words "error"/"warning" carry the meaning, and
    colour (on a terminal only) repeats it."""
    paint = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[33m"} if colour else {}
    reset = "\033[0m" if colour else ""
    lines: list[str] = []
    for name, findings in results.items():
        errors = sum(f.severity is Severity.ERROR for f in findings)
        warnings = len(findings) - errors
        verdict = "passed" if not errors else "FAILED"
        lines.append(
            f"{name}: {verdict} ({_count(errors, 'error')}, {_count(warnings, 'warning')})"
        )
        ordered = sorted(findings, key=lambda f: (f.severity is not Severity.ERROR, f.rule))
        for finding in ordered:
            label = f"{paint.get(finding.severity, '')}{finding.severity.value}{reset}"
            lines.append(f"  {label} {finding.rule} at {finding.where}: {finding.message}")
            lines.append(f"    fix: {finding.fix}")
    return "\n".join(lines)


def json_report(results: Mapping[str, list[Finding]]) -> str:
    """Stable JSON: {"version": 1, "files": [{"file", "passed", "findings": [...]}]}."""
    files = []
    for name, findings in results.items():
        files.append(
            {
                "file": name,
                "passed": not any(f.severity is Severity.ERROR for f in findings),
                "findings": [
                    {
                        "rule": f.rule,
                        "severity": f.severity.value,
                        "where": f.where,
                        "message": f.message,
                        "fix": f.fix,
                    }
                    for f in findings
                ],
            }
        )
    return json.dumps(
        {"version": JSON_SCHEMA_VERSION, "files": files}, indent=2, ensure_ascii=False
    )


def html_report(results: Mapping[str, list[Finding]]) -> str:
    """A report that is itself accessible: landmarks, headings, tables with header cells."""
    from exporter import __version__

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    files = []
    for name, findings in results.items():
        errors = sum(f.severity is Severity.ERROR for f in findings)
        ordered = sorted(findings, key=lambda f: (f.severity is not Severity.ERROR, f.rule))
        files.append(
            {
                "name": name,
                "passed": not errors,
                "findings": ordered,
                "errors": errors,
                "warnings": len(findings) - errors,
            }
        )
    verdict = "all files passed" if all(f["passed"] for f in files) else "some files failed"
    return env.get_template("report.html.j2").render(
        files=files, verdict=verdict, version=__version__
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
