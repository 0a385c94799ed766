"""Findings -> a report for people (terminal) or for release automation (JSON)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from faq_export.checks.findings import OURS, Finding, Severity

if TYPE_CHECKING:
    from faq_export.checks.verdicts import Verdict

JSON_SCHEMA_VERSION = 1


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def sanitise(text: str) -> str:
    """Text from a checked file made safe to print: control characters (ESC starts the
    terminal's own commands) are shown as ``\\x1b`` instead of being sent."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def terminal_report(
    results: Mapping[str, list[Finding]],
    colour: bool = False,
    strict: bool = False,
    verdicts: Mapping[str, list[Verdict]] | None = None,
) -> str:
    """Grouped by file, errors first, accepted findings last; the words "error", "warning"
    and "accepted" carry the meaning, and colour (on a terminal only) repeats it. Under
    ``strict`` warnings fail the file, and the verdict says so."""
    paint = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[33m"} if colour else {}
    reset = "\033[0m" if colour else ""
    lines: list[str] = []
    for name, findings in results.items():
        unproven = [
            f"{v.standard} {v.outcome}"
            for v in (verdicts or {}).get(name, [])
            if v.claimed and v.outcome in ("not proven", "not judged")
        ]
        lines.append(f"{sanitise(name)}: {_verdict(findings, strict, unproven)}")
        for verdict in (verdicts or {}).get(name, []):
            lines.append(f"  {describe_verdict(verdict)}")
        for finding in _ordered(findings):
            label = f"{paint.get(finding.severity, '')}{finding.severity.value}{reset}"
            if finding.accepted is not None:
                label = f"accepted {finding.severity.value}"
            elif strict and finding.severity is Severity.WARNING:
                label += " (an error under --strict)"
            said = sanitise(f"{finding.rule} at {finding.where}: {finding.message}")
            lines.append(f"  {label} {said}")
            for same in finding.also:
                also = sanitise(f"{same.rule} at {same.where}: {same.message}")
                lines.append(f"    the same cause, also reported as: {also}")
            if finding.source:
                lines.append(f"    source: {finding.source}")
            if finding.accepted is not None:
                lines.append(f"    accepted because: {sanitise(finding.accepted)}")
            else:
                lines.append(f"    fix: {sanitise(finding.fix)}")
                if finding.ours:
                    lines.append(f"    {OURS}: {sanitise(finding.ours)}")
    return "\n".join(lines)


def describe_verdict(verdict: Verdict) -> str:
    """'PDF/UA-1 (claimed): met, judged by page-validation 0.11.0 (ua1) and faq-export rules
    (FE-PDF-…): page-validation's 104 rules, …'; a standard judged in part is 'not proven'
    and says how much was judged, and which judge did not run and why."""
    claim = "claimed" if verdict.claimed else "not claimed, judged anyway"
    outcome = {"not met": "NOT met"}.get(verdict.outcome, verdict.outcome)
    said = f"{verdict.standard}{f' ({claim})' if verdict.claimable else ''}: {outcome}"
    missing = []
    for why in verdict.not_judged:
        judge, _, reason = why.partition(": ")
        missing.append(f"not judged by {judge}" + (f": {reason}" if reason else ""))
    if not verdict.engines:  # 'EPUB 3.3 (claimed): not judged by EPUBCheck: Java not found'
        head = said.removesuffix(": not judged")
        return f"{head}: {'; '.join(missing)}" if missing else f"{said}: {verdict.coverage}"
    engines = list(verdict.engines)
    judges = " and ".join(engines[-2:])
    said += f", judged by {', '.join([*engines[:-2], judges])}"
    if verdict.coverage:
        said += f": {verdict.coverage}"
    return "; ".join([said, *missing])


def verdict_fields(verdict: Verdict) -> dict[str, object]:
    """A verdict in the JSON report."""
    return {
        "standard": verdict.standard,
        "claimed": verdict.claimed,
        "met": verdict.met,
        "outcome": verdict.outcome,
        "complete": verdict.complete,
        "coverage": verdict.coverage,
        "judged_by": list(verdict.engines),
        "not_judged_by": list(verdict.not_judged),
    }


def source_report(findings: list[Finding], strict: bool = False) -> str:
    """Content findings like a compiler's messages, at their source line:
    ``content/faq.yaml:12:5: warning: … [FE-LINK-TEXT]``."""
    lines = []
    for finding in sorted(findings, key=_source_order):
        severity = finding.severity.value
        if finding.accepted is not None:
            severity = f"accepted {severity}"
        elif strict and finding.severity is Severity.WARNING:
            severity = "error (a warning, failed by --strict)"
        place = finding.source or finding.where
        lines.append(f"{place}: {severity}: {finding.message} ({finding.where}) [{finding.rule}]")
        if finding.accepted is not None:
            lines.append(f"  accepted because: {finding.accepted}")
        else:
            lines.append(f"  hint: {finding.fix}")
            if finding.ours:
                lines.append(f"  {OURS}: {finding.ours}")
    return "\n".join(lines)


def summary(findings: list[Finding]) -> str:
    """'2 warnings, 1 accepted' (empty when there is nothing to say)."""
    open_ = [f for f in findings if f.accepted is None]
    errors = sum(f.severity is Severity.ERROR for f in open_)
    parts = []
    if errors:
        parts.append(_count(errors, "error"))
    if len(open_) - errors:
        parts.append(_count(len(open_) - errors, "warning"))
    if len(findings) - len(open_):
        parts.append(f"{len(findings) - len(open_)} accepted")
    return ", ".join(parts)


def _source_order(finding: Finding) -> tuple[int, int, str]:
    if not finding.source:
        return (0, 0, finding.rule)
    _, line, column = finding.source.rsplit(":", 2)
    return (int(line), int(column), finding.rule)


def _verdict(findings: list[Finding], strict: bool, unproven: list[str] | None = None) -> str:
    """'passed (2 warnings)', 'FAILED (1 error)'; with the claimed standards that were not
    judged in full: 'passed (no findings; PDF/UA-2 not proven)'."""
    failed = any(f.fails(strict) for f in findings)
    counts = "; ".join([summary(findings) or "no findings", *(unproven or [])])
    return f"{'FAILED' if failed else 'passed'} ({counts})"


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (f.accepted is not None, f.severity is not Severity.ERROR, f.rule),
    )


def json_report(
    results: Mapping[str, list[Finding]], verdicts: Mapping[str, list[Verdict]] | None = None
) -> str:
    """Stable JSON: {"version": 1, "files": [{"file", "passed", "standards", "findings"}]}."""
    files = []
    for name, findings in results.items():
        files.append(
            {
                "file": name,
                **(
                    {"standards": [verdict_fields(v) for v in verdicts[name]]}
                    if verdicts and verdicts.get(name)
                    else {}
                ),
                "passed": not any(f.fails() for f in findings),
                "findings": [
                    {
                        "rule": f.rule,
                        "severity": f.severity.value,
                        "where": f.where,
                        "message": f.message,
                        "fix": f.fix,
                        **({"with_faq_export": f.ours} if f.ours else {}),
                        **(
                            {
                                "also": [
                                    {"rule": a.rule, "where": a.where, "message": a.message}
                                    for a in f.also
                                ]
                            }
                            if f.also
                            else {}
                        ),
                        **({"source": f.source} if f.source else {}),
                        **({"accepted": f.accepted} if f.accepted is not None else {}),
                    }
                    for f in findings
                ],
            }
        )
    return json.dumps(
        {"version": JSON_SCHEMA_VERSION, "files": files}, indent=2, ensure_ascii=False
    )


def html_report(
    results: Mapping[str, list[Finding]], verdicts: Mapping[str, list[Verdict]] | None = None
) -> str:
    """A report that is itself accessible: landmarks, headings, tables with header cells."""
    import jinja2

    from faq_export._version import __version__
    from faq_export.resources import REPORT_TEMPLATES

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(REPORT_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    files = []
    for name, findings in results.items():
        errors = sum(f.severity is Severity.ERROR and f.accepted is None for f in findings)
        files.append(
            {
                "name": name,
                "passed": not errors,
                "findings": _ordered(findings),
                "errors": errors,
                "warnings": len(findings) - errors,
                "standards": [describe_verdict(v) for v in (verdicts or {}).get(name, [])],
            }
        )
    verdict = "all files passed" if all(f["passed"] for f in files) else "some files failed"
    return env.get_template("report.html.j2").render(
        files=files, verdict=verdict, version=__version__
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
