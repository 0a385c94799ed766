"""Findings as SARIF 2.1.0 (OASIS), the format CI systems read: GitHub code scanning shows each
result as an alert on the file and line it names (``check --format sarif``, ``build --sarif``).

- Each rule found is a ``reportingDescriptor`` with its title, its source (the ISO clause,
  WCAG criterion or Word rule), its fix as help (and faq-export's own advice, when it has
  some), and its severity as the default level.
- A finding of the FAQ source (a "here" link, a missing alt text) is placed at its
  ``file:line:column`` in the source, which code scanning shows in the file; a finding of a
  document is placed in that document at line 1 (a PDF has no lines: code scanning needs one)
  with its place in words (page, element, chapter file) as a logical location and in the
  message.
- An accepted finding (``accessibility.accept`` in the source) is a result with an in-source
  suppression carrying the reason: code scanning lists it as dismissed, not open.
- ``partialFingerprints`` identify a result across runs by its rule, file, place and message,
  so an alert is not opened again by each build.

Paths are written relative to ``base`` (the folder the command ran in) when they are under
it, with forward slashes, so the same files give the same SARIF on any machine.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from faq_export._version import __version__
from faq_export.checks.catalog import RULES, validator_rule
from faq_export.checks.findings import Finding, Severity

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION = "https://pypi.org/project/faq-export/"
_ADVICE = "\n\nWith faq-export: "
_SOURCE = re.compile(r"(?P<path>.+?):(?P<line>\d+):(?P<column>\d+)$")


def sarif_report(results: Mapping[str, list[Finding]], base: Path | None = None) -> str:
    """The findings of each file (file name -> findings) as one SARIF log of one run."""
    base = (base or Path.cwd()).resolve()
    rules: dict[str, dict[str, Any]] = {}
    results_out: list[dict[str, Any]] = []
    for name, findings in results.items():
        for finding in findings:
            # A rule's help holds faq-export's advice when any of its findings does.
            if finding.rule not in rules or (finding.ours and not _advises(rules[finding.rule])):
                rules[finding.rule] = _descriptor(finding)
            results_out.append(_result(finding, name, list(rules).index(finding.rule), base))
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "faq-export",
                        "version": __version__,
                        "informationUri": INFORMATION,
                        "rules": list(rules.values()),
                    }
                },
                "artifacts": [{"location": {"uri": _uri(name, base)}} for name in results],
                "results": results_out,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)


def _advises(descriptor: dict[str, Any]) -> bool:
    return _ADVICE in descriptor["help"]["text"]


def _descriptor(finding: Finding) -> dict[str, Any]:
    rule = RULES.get(finding.rule)
    level = _level(finding.severity)
    if rule is not None:
        title, source, fix = rule.title, rule.source, rule.fix
        level = _level(rule.severity)
    elif (known := validator_rule(finding.rule)) is not None:
        title, source, fix = known.about, known.source, known.fix
    else:  # a validator's own rule (EPUBCheck, Ace): its message says what it is
        title, source, fix = finding.rule, "", finding.fix
    # faq-export's advice as the finding carries it: `check` leaves it out for files that
    # another tool made (checks/provenance.py).
    ours = finding.ours or ""
    help_text = fix + (f"{_ADVICE}{ours}" if ours else "")
    descriptor: dict[str, Any] = {
        "id": finding.rule,
        "shortDescription": {"text": title},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": level},
        "properties": {"tags": ["accessibility"]},
    }
    if source:
        descriptor["fullDescription"] = {"text": f"{title} ({source})"}
    return descriptor


def _result(finding: Finding, name: str, index: int, base: Path) -> dict[str, Any]:
    message = f"{finding.message} ({finding.where})" if finding.where else finding.message
    placed = _SOURCE.match(finding.source or "")
    if placed is not None:
        uri = _uri(placed["path"], base)
        region = {"startLine": int(placed["line"]), "startColumn": int(placed["column"])}
        message += f", in {Path(name).name}"
    else:
        uri, region = _uri(name, base), {"startLine": 1}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": _level(finding.severity),
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {"artifactLocation": {"uri": uri}, "region": region},
                **(
                    {"logicalLocations": [{"name": finding.where, "kind": "element"}]}
                    if finding.where
                    else {}
                ),
            }
        ],
        "partialFingerprints": {
            "faqExportFinding/v1": hashlib.sha256(
                "\0".join((finding.rule, uri, finding.where, finding.message)).encode()
            ).hexdigest()
        },
    }
    if finding.also:
        result["relatedLocations"] = [
            {"id": n, "message": {"text": f"also reported as {a.rule}: {a.message}"}}
            for n, a in enumerate(finding.also, 1)
        ]
    if finding.accepted is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.accepted}]
    return result


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _uri(name: str, base: Path) -> str:
    """A file's path relative to ``base`` when under it, with forward slashes."""
    path = Path(name)
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
