"""Say what judged what (issue 27, item 5): every file's report names the standards judged and
by which judge, for every format; a judge that could not run is named with why, and its
standard is never reported met; `faq-export doctor` lists every judge and whether it is ready.

A missing Java is simulated as a user meets it: a PATH without ``java``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pikepdf
import pytest

import faq_export
from faq_export.checks import verapdf
from faq_export.checks.pdf import judge_pdf
from faq_export.cli import main
from faq_export.pipeline import render_all
from tests.conftest import OPTIONAL_TOOL_MISSING, ROOT
from tests.validators import VERAPDF_LIB

UA2_PASS = next((ROOT / "tests" / "corpus" / "veraPDF-PDF_UA-2").rglob("8.2.2-t01-pass-a.pdf"))
JUDGES = [
    "page-validation",
    "veraPDF",
    "Java",
    "EPUBCheck",
    "DAISY Ace",
    "Chromium",
    "axe-core",
    "Nu HTML Checker (vnu)",
    "LibreOffice",
    "liblouis",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def no_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine without Java (nor node, soffice, verapdf): an empty PATH."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv(verapdf.VERAPDF_VARIABLE, raising=False)


@pytest.fixture(scope="module")
def page_and_braille(faq, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("web-and-braille")
    paths = {}
    for fmt, data in render_all(faq, ("html", "brf")).items():
        paths[fmt] = folder / f"faq.{fmt}"
        paths[fmt].write_bytes(data)
    return paths


# --- EPUB: EPUBCheck, and what it means when it cannot run -----------------------------------


def test_without_java_the_report_says_epubcheck_did_not_judge(
    capsys, faq_outputs: dict[str, Path], no_java: None
):
    code, out, _ = run(capsys, "check", str(faq_outputs["epub"]))
    assert code == 0
    head = out.splitlines()[0]
    assert "EPUB 3.3 not judged" in head
    assert "EPUB 3.3 (claimed): not judged by EPUBCheck: Java not found" in out
    assert "EPUB 3.3 (claimed): met" not in out
    code, out, _ = run(capsys, "check", "--format", "json", str(faq_outputs["epub"]))
    standards = {s["standard"]: s for s in json.loads(out)["files"][0]["standards"]}
    epub = standards["EPUB 3.3"]
    assert (epub["met"], epub["outcome"], epub["judged_by"]) == (False, "not judged", [])
    assert epub["not_judged_by"][0].startswith("EPUBCheck: Java not found")


def test_the_accessibility_of_an_epub_is_not_proven_without_ace(
    capsys, faq_outputs: dict[str, Path]
):
    code, out, _ = run(capsys, "check", "--no-epubcheck", str(faq_outputs["epub"]))
    assert code == 0
    assert (
        "EPUB Accessibility 1.1 (WCAG 2.2 AA) (claimed): not proven, judged by faq-export "
        "rules (FE-EPUB-…)"
    ) in out
    assert "not judged by DAISY Ace: not asked for (check --ace)" in out
    assert "EPUB 3.3 (claimed): not judged by EPUBCheck: not asked for" in out


# --- DOCX, web page, braille: by our rules, in part --------------------------------------------


def test_docx_web_page_and_braille_name_their_standards_and_judges(
    capsys, faq_outputs: dict[str, Path], page_and_braille: dict[str, Path]
):
    expected = {
        str(faq_outputs["docx"]): ("Word's accessibility checker rules", "FE-DOCX-…"),
        str(page_and_braille["html"]): ("WCAG 2.2 AA", "FE-HTML-…"),
        str(page_and_braille["brf"]): ("BANA Braille Formats (the basics)", "FE-BRF-…"),
    }
    code, out, _ = run(capsys, "check", "--format", "json", *expected)
    assert code == 0
    for report in json.loads(out)["files"]:
        standard, rules = expected[report["file"]]
        (verdict,) = report["standards"]
        assert verdict["standard"] == standard
        assert verdict["judged_by"] == [f"faq-export rules ({rules})"]
        assert (verdict["outcome"], verdict["complete"], verdict["met"]) == (
            "not proven",
            False,
            False,
        )
        assert verdict["coverage"] and verdict["not_judged_by"]
    _, out, _ = run(capsys, "check", *expected)
    assert "Word's accessibility checker rules: not proven, judged by faq-export rules" in out
    assert "not judged by Word's Accessibility Checker: it runs only in Word" in out


# --- PDF: the JSON report's fields, veraPDF asked for and missing ------------------------------


def test_the_json_report_says_how_each_pdf_standard_was_judged(
    capsys, faq_outputs: dict[str, Path]
):
    _, out, _ = run(capsys, "check", "--format", "json", str(faq_outputs["pdf"]))
    ua1, archival = json.loads(out)["files"][0]["standards"]
    assert (ua1["standard"], ua1["outcome"], ua1["complete"], ua1["met"]) == (
        "PDF/UA-1",
        "met",
        True,
        True,
    )
    assert "page-validation's 104 rules" in ua1["coverage"]
    assert ua1["not_judged_by"] == []
    assert (archival["standard"], archival["outcome"]) == ("PDF/A-2a", "met")
    _, out, _ = run(capsys, "check", "--format", "json", "--no-verapdf", str(UA2_PASS))
    (ua2,) = json.loads(out)["files"][0]["standards"]
    assert (ua2["outcome"], ua2["complete"], ua2["met"]) == ("not proven", False, False)
    assert ua2["coverage"].startswith("13 of the 1,723 machine-checkable rules")
    assert ua2["not_judged_by"] == ["veraPDF: not asked for"]


def test_a_pdf_a_3_claim_is_judged_by_page_validation(faq_outputs: dict[str, Path]):
    """page-validation has PDF/A-3 profiles: a PDF/A-3a claim is judged in full, not left
    with no judge."""
    with pikepdf.open(faq_outputs["pdf"]) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["pdfaid:part"] = "3"
        out = io.BytesIO()
        pdf.save(out)
    verdicts = {v.standard: v for v in judge_pdf(out.getvalue()).verdicts}
    archival = verdicts["PDF/A-3a"]
    assert archival.engines == ("page-validation 0.11.0 (pdfa-3a)",)
    assert archival.outcome == "met"


def test_the_html_report_says_not_proven(capsys):
    _, out, _ = run(capsys, "check", "--format", "html", "--no-verapdf", str(UA2_PASS))
    assert "PDF/UA-2 (claimed): not proven" in out
    assert "PDF/UA-2 (claimed): met" not in out


def test_verapdf_asked_for_and_unable_to_run_is_exit_2(capsys, faq_outputs, no_java: None):
    code, _, err = run(capsys, "check", "--verapdf", str(faq_outputs["pdf"]))
    assert code == 2
    assert "veraPDF cannot run:" in err
    assert "install veraPDF" in err


@pytest.mark.skipif(
    not (VERAPDF_LIB / ".ready").exists(),
    reason=f"{OPTIONAL_TOOL_MISSING} veraPDF (make test installs it)",
)
def test_verapdf_asked_for_judges_every_standard_too(capsys, faq_outputs: dict[str, Path]):
    code, out, _ = run(capsys, "check", "--verapdf", str(faq_outputs["pdf"]))
    assert code == 0, out
    assert "PDF/UA-1 (claimed): met, judged by page-validation 0.11.0 (ua1), veraPDF " in out
    assert "PDF/A-2a (claimed): met, judged by page-validation 0.11.0 (pdfa-2a) and veraPDF " in out


# --- doctor -----------------------------------------------------------------------------------


def test_judges_lists_every_judge_as_data():
    found = faq_export.judges()
    assert [j.name for j in found] == JUDGES
    (required,) = [j for j in found if j.required]
    assert required.name == "page-validation" and required.ready
    for judge in found:
        assert judge.judges and judge.detail
        assert judge.ready or judge.install


def test_doctor_lists_every_judge_and_how_to_install_the_missing(capsys, no_java: None):
    code, out, _ = run(capsys, "doctor")
    assert code == 0  # only optional judges are missing
    lines = out.splitlines()
    for name in JUDGES:
        assert any(line.split("  ")[1:2] == [name] or f"  {name}  " in line for line in lines)
    assert any(line.startswith("ready    page-validation") for line in lines)
    assert any(line.startswith("missing  EPUBCheck") for line in lines)
    assert "Java not found (EPUBCheck needs Java 11 or newer)" in out
    assert "to install: a Java runtime, 11 or newer" in out
    assert any(line.startswith("missing  Java ") for line in lines)
    assert "judges ready; missing: " in lines[-1]


def test_a_verapdf_variable_naming_nothing_is_said(capsys, monkeypatch, tmp_path: Path):
    monkeypatch.setenv(verapdf.VERAPDF_VARIABLE, str(tmp_path / "no-verapdf"))
    _, out, _ = run(capsys, "check", str(UA2_PASS))
    assert "PDF/UA-2 (claimed): not proven" in out
    assert f"not judged by veraPDF: {verapdf.VERAPDF_VARIABLE} names" in out
    assert "which is not veraPDF" in out
