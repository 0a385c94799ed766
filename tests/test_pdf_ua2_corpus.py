"""PDF/UA-2 judged for real, or said not to be (issue 27, item 1), on the veraPDF PDF/UA-2 test
files (tests/corpus/veraPDF-PDF_UA-2, CC BY 4.0): with veraPDF as judge of `check`, every
``*-fail-a.pdf`` is not met and every ``*-pass-a.pdf`` is met, file by file; without veraPDF
the verdict is "not proven" (or "NOT met" when our own rules find a failure), never "met".
The verdicts come from the files' contents, never their names."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from faq_export.checks import verapdf
from faq_export.checks.catalog import judge_file
from faq_export.checks.findings import CheckInputError
from faq_export.checks.report import describe_verdict
from faq_export.checks.verdicts import Verdict
from tests.conftest import OPTIONAL_TOOL_MISSING, ROOT
from tests.validators import VERAPDF_LIB

CORPUS = ROOT / "tests" / "corpus" / "veraPDF-PDF_UA-2"
FILES = sorted(CORPUS.rglob("*.pdf"))
FAILS = [p for p in FILES if "-fail-" in p.name]
NEEDS_VERAPDF = pytest.mark.skipif(
    not (VERAPDF_LIB / ".ready").exists(),
    reason=f"{OPTIONAL_TOOL_MISSING} veraPDF (make test installs it)",
)


def ua2(verdicts: list[Verdict]) -> list[Verdict]:
    return [v for v in verdicts if v.standard == "PDF/UA-2"]


def test_the_corpus_is_all_here():
    assert (len(FILES), len(FAILS)) == (73, 46)


@pytest.fixture
def no_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine without Java: the PATH holds no ``java`` (and no ``verapdf``), and the
    current folder no tools/verapdf."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(verapdf.VERAPDF_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_without_verapdf_pdf_ua_2_is_never_met(path: Path, no_java: None):
    findings, verdicts = judge_file(path)
    claimed = ua2(verdicts)
    for verdict in claimed:
        assert verdict.outcome in ("not met", "not proven"), describe_verdict(verdict)
        assert not verdict.met
        assert not verdict.complete
        said = describe_verdict(verdict)
        assert "of the 1,723 machine-checkable rules (veraPDF's ua2 profile lists 1,723)" in said
        # tools/verapdf here without Java, or no veraPDF at all
        assert re.search(r"not judged by veraPDF: (Java )?not found", said), said
        if verdict.outcome == "not proven":
            assert not any(f.fails() for f in findings)
    if "-pass-" in path.name:
        assert [v.outcome for v in claimed] == ["not proven"]


def test_a_claim_of_a_part_that_does_not_exist_is_not_met():
    """5-t02-fail claims pdfuaid:part 3: no judge knows PDF/UA-3, and our rule FE-PDF-UA-PART
    fails the claim itself (ISO 14289-2 clause 5; veraPDF's 5-2 as PDF/UA-2)."""
    (path,) = [p for p in FAILS if p.name == "5-t02-fail-a.pdf"]
    findings, verdicts = judge_file(path, run_verapdf=False)
    assert [(v.standard, v.outcome) for v in verdicts] == [("PDF/UA-3", "not met")]
    assert [f.rule for f in findings if f.fails()] == ["FE-PDF-UA-PART"]
    assert "no judge here knows PDF/UA-3" in describe_verdict(verdicts[0])


@NEEDS_VERAPDF
def test_verapdf_judges_every_file_right():
    """veraPDF as the judge of `check`, file by file (its reports made in one Java start)."""
    reports = verapdf.judge_files(FILES, "ua2")
    wrong = []
    for path in FILES:
        try:
            findings, verdicts = judge_file(path)
        except CheckInputError as exc:
            wrong.append((path.name, f"unreadable: {exc}"))
            continue
        claimed = ua2(verdicts)
        met = [v.met for v in claimed]
        if "-pass-" in path.name:
            if met != [True]:
                wrong.append((path.name, [describe_verdict(v) for v in verdicts]))
            continue
        if any(met):
            wrong.append((path.name, [describe_verdict(v) for v in verdicts]))
        if claimed:
            # veraPDF's finding names the clause the file breaks, with the engine in the verdict
            assert any(v.engines[0].startswith("veraPDF ") for v in claimed), path.name
            clause = path.name.split("-t")[0]
            assert any(f.rule.startswith(f"VERAPDF-UA2-{clause}-") for f in findings), (
                path.name,
                [f.rule for f in findings],
            )
        assert reports[path].compliant is False, path.name
    assert wrong == []


@NEEDS_VERAPDF
def test_a_verapdf_finding_says_its_clause_and_what_the_rule_says():
    path = next(p for p in FAILS if p.name.startswith("8.6-"))
    findings, verdicts = judge_file(path)
    finding = next(f for f in findings if f.rule == "VERAPDF-UA2-8.6-1")
    assert "shall not use the Unicode PUA" in finding.message
    assert "ISO 14289-2 (PDF/UA-2) clause 8.6" in finding.fix
    assert finding.fails()
    (verdict,) = ua2(verdicts)
    assert verdict.outcome == "not met"
    assert re.match(r"veraPDF \d+\.\d+\.\d+ \(ua2\)", verdict.engines[0])


@NEEDS_VERAPDF
def test_the_profile_sizes_are_those_of_the_installed_verapdf():
    """PROFILE_RULES (what "N of M" counts without veraPDF) against veraPDF's own profiles."""
    core = next(VERAPDF_LIB.glob("core-*.jar"))
    names = {"ua1": "PDFUA-1", "ua2": "PDFUA-2-ISO32005"}
    with zipfile.ZipFile(core) as jar:
        for flavour, rules in verapdf.PROFILE_RULES.items():
            name = names.get(flavour, f"PDFA-{flavour.upper()}")
            profile = jar.read(f"org/verapdf/pdfa/validation/{name}.xml").decode()
            assert profile.count("<rule ") == rules, flavour
