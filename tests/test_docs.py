"""The documentation holds together: the rule catalogue in docs/rules.md is the registry's, every
relative link of README.md and docs/*.md leads to a file (and a heading) that exists, every limit
is in docs/limits.md's table, and the README lists every page of docs/."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from faq_export.checks.catalog import RULES
from faq_export.checks.rules_doc import BEGIN, END, with_catalogue
from faq_export.limits import Limits
from tests.conftest import ROOT

DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [ROOT / "README.md", *DOCS]
LINK = re.compile(r"(?<!\\)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _links(page: Path) -> list[str]:
    """The link targets of a Markdown page, outside code blocks and code spans."""
    text = re.sub(r"^ *```.*?^ *```", "", page.read_text(encoding="utf-8"), flags=re.S | re.M)
    text = re.sub(r"`[^`\n]*`", "", text)
    return LINK.findall(text)


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown page."""
    text = re.sub(r"^ *```.*?^ *```", "", page.read_text(encoding="utf-8"), flags=re.S | re.M)
    anchors = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


def test_the_rule_catalogue_is_the_registrys():
    """docs/rules.md lists every rule as the registry has it: a new or changed rule fails
    here until `scripts/rules_doc.py` has written it into the page."""
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert BEGIN in page and END in page
    assert page == with_catalogue(page), "docs/rules.md is out of date: run scripts/rules_doc.py"
    generated = page.split(BEGIN, 1)[1].split(END, 1)[0]
    for rule in RULES.values():
        assert f"### `{rule.id}`" in generated


def test_the_catalogue_keeps_the_hand_written_text():
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    changed = with_catalogue(page.replace(END, "stale\n" + END))
    assert changed == page
    assert page.split(BEGIN, 1)[0].count("## Nothing lost: every build reads its documents back")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_leads_somewhere(page: Path):
    broken = []
    for target in _links(page):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        missing = not linked.exists()
        if missing or (anchor and linked.suffix == ".md" and anchor not in _anchors(linked)):
            broken.append(target)
    assert not broken, f"{page.name}: links to nothing: {broken}"


def test_the_readme_lists_every_page_of_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = readme.split("## Documentation", 1)[1].split("\n## ", 1)[0]
    for page in DOCS:
        assert f"(docs/{page.name})" in listed, f"docs/{page.name} is not in the README's list"


@pytest.mark.parametrize("name", [field.name for field in fields(Limits)])
def test_every_limit_is_in_the_table(name: str):
    limits = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    assert f"| `{name}` |" in limits
