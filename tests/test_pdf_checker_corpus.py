"""The PDF checker, calibrated on the veraPDF PDF/UA-1 test files (CC BY 4.0): every
``*-fail-a.pdf`` fails, every ``*-pass-a.pdf`` passes, and our own rules (FE-…) raise no
error on a pass file. Verdicts come from the files' contents, never their names."""

from __future__ import annotations

from pathlib import Path

import pytest

from faq_export.checks.findings import CheckInputError, Severity
from faq_export.checks.pdf import check_pdf
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "corpus" / "veraPDF-PDF_UA-1"
FILES = sorted(CORPUS.rglob("*.pdf")) if CORPUS.exists() else []


def errors(path: Path) -> list[str]:
    try:
        findings = check_pdf(path.read_bytes())
    except CheckInputError as exc:
        return [f"unreadable: {exc}"]
    return [f"{f.rule}: {f.message}" for f in findings if f.severity is Severity.ERROR]


@pytest.mark.skipif(not FILES, reason=f"no corpus at {CORPUS}")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_gets_its_verdict(path: Path):
    found = errors(path)
    if "-fail-" in path.name:
        assert found, "a failing file passed"
    else:
        assert found == [], "a passing file failed"
