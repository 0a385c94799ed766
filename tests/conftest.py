"""Shared fixtures: the real FAQ and the every-node source, built once per test session."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from faq_export import model as m
from faq_export.pipeline import FORMATS, render_all, write_outputs
from faq_export.source import load_document

ROOT = Path(__file__).resolve().parents[1]
FAQ = ROOT / "content" / "faq.yaml"
EVERY_NODE = ROOT / "tests" / "sources" / "every-node.yaml"
SEED = ROOT / "tests" / "seed" / "000_d557b1e84ace1f6f.txt"

# DAISY Ace as `make test` installs it (faq_export.checks.ace reads the variable).
_ACE = ROOT / "tools" / "ace" / "node_modules" / ".bin" / "ace-cli"
if _ACE.exists():
    os.environ.setdefault("FAQ_EXPORT_ACE", str(_ACE))


# The only reason a test may skip in CI (CI=true): a tool it runs is not installed. Any other
# skip there (a missing corpus, a missing seed) is reported as a failure.
OPTIONAL_TOOL_MISSING = "optional tool missing:"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if not (report.skipped and os.environ.get("CI")):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if OPTIONAL_TOOL_MISSING not in reason:
        report.outcome = "failed"
        report.longrepr = (
            f"skipped in CI ({reason}); in CI a test may skip only when an optional tool "
            f"is missing (its reason says '{OPTIONAL_TOOL_MISSING} …')"
        )


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="session")
def faq() -> m.Document:
    return load_document(FAQ)


@pytest.fixture(scope="session")
def every_node() -> m.Document:
    return load_document(EVERY_NODE)


def _build(document: m.Document, folder: Path) -> dict[str, Path]:
    written = write_outputs(document, render_all(document, FORMATS), folder)
    return {w.format: w.path for w in written}


@pytest.fixture(scope="session")
def faq_outputs(faq: m.Document, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _build(faq, tmp_path_factory.mktemp("faq"))


@pytest.fixture(scope="session")
def every_node_outputs(
    every_node: m.Document, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    return _build(every_node, tmp_path_factory.mktemp("every-node"))


@pytest.fixture(scope="session")
def seed_page() -> lxml_html.HtmlElement:
    """The published page the FAQ was taken from (front matter removed)."""
    if not SEED.exists():
        pytest.skip(f"the seed page is not at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    body = re.split(r"^---\s*$", text, maxsplit=2, flags=re.M)[2]
    return lxml_html.fragment_fromstring(body, create_parent="div")
