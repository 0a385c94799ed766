"""Real FAQs that nobody here wrote (tests/realworld/) build, and every validator passes them.

Each is built by the command line as a user would; its PDF goes to page-validation, its EPUB
to EPUBCheck and DAISY Ace, and all three to our checker (with EPUBCheck), which must find no
error. Warnings (advice) are allowed: these are other people's words.
"""

from __future__ import annotations

from pathlib import Path

import page
import pytest

from faq_export.checks.catalog import check_file
from faq_export.checks.findings import Finding, Severity
from faq_export.cli import main
from faq_export.source import load_document
from tests.conftest import ROOT
from tests.validators import run_ace, run_epubcheck

REALWORLD = sorted((ROOT / "tests" / "realworld").glob("*.yaml"))


def test_there_are_five_of_them():
    assert len(REALWORLD) >= 5


@pytest.fixture(scope="module", params=REALWORLD, ids=lambda p: p.stem)
def built(request, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    source: Path = request.param
    out = tmp_path_factory.mktemp(source.stem)
    assert main(["build", str(source), "--out", str(out), "--quiet"]) == 0
    return {path.suffix.lstrip("."): path for path in out.iterdir() if path.suffix != ".json"}


def test_pdf_passes_page_validation(built):
    report = page.validate_pdf(str(built["pdf"]), profile="ua1")
    assert [f.rule_id for f in report.failures] == []


def test_epub_passes_epubcheck(built, tmp_path: Path):
    result = run_epubcheck(built["epub"], tmp_path)
    assert result.at("FATAL", "ERROR", "WARNING") == []


def test_epub_passes_ace(built, tmp_path: Path):
    assert run_ace(built["epub"], tmp_path).violations == []


def test_our_checker_finds_no_error(built):
    for path in built.values():
        findings = check_file(path, run_epubcheck=False)  # EPUBCheck: the test above
        errors = [f for f in findings if f.severity is Severity.ERROR]
        assert errors == [], path


def _rules(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return [(f.rule, f.source) for f in findings]


def test_lineageos_here_links_are_advice_at_their_lines(capsys):
    source = ROOT / "tests" / "realworld" / "lineageos-faq.yaml"
    assert main(["validate", str(source)]) == 0
    err = capsys.readouterr().err
    lines = source.read_text(encoding="utf-8").splitlines()
    reported = [int(line.split(":")[1]) for line in err.splitlines() if "[FE-LINK-TEXT]" in line]
    assert len(reported) == 2
    assert all("[here](" in lines[n - 1] for n in reported)


def test_lineageos_site_links_resolve_on_its_base_url():
    document = load_document(ROOT / "tests" / "realworld" / "lineageos-faq.yaml")
    urls = {node.url for node in document.inlines() if hasattr(node, "url")}
    assert "https://wiki.lineageos.org/devices/" in urls
    assert "https://wiki.lineageos.org/how-to/bugreport" in urls
    assert "https://wiki.lineageos.org/glossary/#root" in urls
