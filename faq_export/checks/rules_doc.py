"""The catalogue of rules in docs/rules.md, written from the registry (``catalog.RULES``).

``scripts/rules_doc.py`` writes it between two markers of docs/rules.md, below the hand-written
part, and ``tests/test_docs.py`` fails when the file differs from what the registry gives: a rule
cannot be added, renamed or reworded without its documentation following.
"""

from __future__ import annotations

from faq_export.checks import brf, docx, epub, fidelity, pdf, text, webpage
from faq_export.checks.catalog import RULES
from faq_export.checks.content import CONTENT
from faq_export.checks.findings import OURS, Rule

BEGIN = "<!-- BEGIN GENERATED CATALOGUE: scripts/rules_doc.py writes it; do not edit by hand -->"
END = "<!-- END GENERATED CATALOGUE -->"

# Where each group of rules is judged; a rule of ``RULES`` in none of them is listed last.
GROUPS: list[tuple[str, str, dict[str, Rule]]] = [
    ("Content rules", "judged on the source, at its line (`validate`, `build`)", CONTENT.rules),
    ("PDF rules", "judged on a PDF (`build`, `check`)", pdf.RULES),
    ("EPUB rules", "judged on an EPUB (`build`, `check`)", epub.RULES),
    ("DOCX rules", "judged on a DOCX (`build`, `check`)", docx.RULES),
    ("Web page rules", "judged on an HTML page (`build`, `check`)", webpage.RULES),
    ("Braille (BRF) rules", "judged on a BRF (`build`, `check`)", brf.RULES),
    ("Plain text rules", "judged on a plain-text edition (`build`)", text.RULES),
    ("Fidelity rules", "every build's documents read back against the source", fidelity.RULES),
]


def _prose(text: str) -> str:
    """Text of the registry as Markdown prose: angle brackets shown, not read as HTML, and
    brackets as written (a fix that shows '[here](…)' is not a link)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("[", "\\[").replace("]", "\\]")


def _cell(text: str) -> str:
    return _prose(text).replace("|", "\\|")


def _rule_entry(rule: Rule) -> list[str]:
    return [
        f"### `{rule.id}`",
        "",
        f"**{_prose(rule.title)}** ({rule.severity.value})",
        "",
        f"- source: {_prose(rule.source)}",
        f"- fix: {_prose(rule.fix)}",
        *([f"- {OURS}: {_prose(rule.ours)}"] if rule.ours else []),
        "- example:",
        "",
        "  ```",
        *(f"  {line}" if line else "" for line in rule.example.splitlines()),
        "  ```",
        "",
    ]


def rules_markdown() -> str:
    """The generated catalogue: per group a table of its rules, then each rule not described
    before with its source, fix and example, in the order the registry holds them."""
    groups = list(GROUPS)
    listed = {rule_id for _, _, rules in groups for rule_id in rules}
    rest = {rule_id: rule for rule_id, rule in RULES.items() if rule_id not in listed}
    if rest:
        groups.append(("Other rules", "", rest))
    lines = [BEGIN, "", f"{len(RULES)} rules, from `faq_export.checks.catalog.RULES`.", ""]
    described: set[str] = set()  # a rule of several formats (FE-LINK-TEXT) is described once
    for name, where, rules in groups:
        lines += [f"## {name}", ""]
        if where:
            lines += [f"{len(rules)} rules, {where}.", ""]
        lines += ["| rule | severity | what it finds |", "|---|---|---|"]
        lines += [
            f"| [`{rule.id}`](#{rule.id.lower()}) | {rule.severity.value} | {_cell(rule.title)} |"
            for rule in rules.values()
        ]
        lines.append("")
        for rule in rules.values():
            if rule.id not in described:
                described.add(rule.id)
                lines += _rule_entry(rule)
    lines.append(END)
    return "\n".join(lines) + "\n"


def with_catalogue(document: str) -> str:
    """``document`` (docs/rules.md) with its generated part replaced by the registry's; the
    hand-written text above ``BEGIN`` and below ``END`` is kept as it is."""
    if BEGIN in document and END in document:
        before, rest = document.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
    else:
        before, after = document.rstrip("\n") + "\n\n", "\n"
    return before + rules_markdown().rstrip("\n") + after
