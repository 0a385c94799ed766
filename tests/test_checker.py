"""`faq-export check`: passes our documents, fails broken ones with the right rule ids and
exit codes, reads files by content, explains its rules, and reports JSON for automation."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pikepdf
import pytest
import weasyprint
from docx.shared import RGBColor

from faq_export.checks.catalog import RULES, explain
from faq_export.checks.docx import check_docx
from faq_export.checks.epub import check_epub
from faq_export.checks.pdf import check_pdf
from faq_export.cli import main
from tests.conftest import ROOT
from tests.zips import replace_in_entry, rewrite_entry


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def rules_in(output: str) -> set[str]:
    # not the families the verdicts name ("faq-export rules (FE-DOCX-…)")
    return set(re.findall(r"\b(FE-[A-Z0-9-]+|PDFUA1-[A-Z0-9-]+)\b(?!-…)", output))


def test_our_three_documents_pass(capsys, faq_outputs):
    code, out, _ = run(capsys, *(str(p) for p in faq_outputs.values()))
    assert code == 0, out
    assert out.count(": passed (") == 3


def test_an_untagged_pdf_fails(capsys, tmp_path: Path):
    path = tmp_path / "untagged.pdf"
    path.write_bytes(weasyprint.HTML(string="<h1>Untagged</h1><p>Text.</p>").write_pdf())
    code, out, _ = run(capsys, str(path))
    assert code == 1
    assert {"FE-PDF-TAGGED", "FE-PDF-LANG", "FE-PDF-TITLE"} <= rules_in(out)


def test_an_epub_without_accessibility_metadata_fails(capsys, faq_outputs, tmp_path: Path):
    stripped = tmp_path / "stripped.epub"
    stripped.write_bytes(
        rewrite_entry(
            faq_outputs["epub"],
            "EPUB/content.opf",
            lambda d: re.sub(rb'<meta property="schema:[^"]*"[^>]*>[^<]*</meta>\s*', b"", d),
        )
    )
    code, out, _ = run(capsys, "--no-epubcheck", str(stripped))
    assert code == 1
    # accessMode, accessibilityFeature, accessibilityHazard: required (errors); the summary
    # and accessModeSufficient: recommended (warnings)
    assert len(re.findall(r"error FE-EPUB-A11Y-METADATA ", out)) == 3
    assert len(re.findall(r"warning FE-EPUB-A11Y-METADATA-RECOMMENDED ", out)) == 2


def test_a_docx_without_title_fails(capsys, faq_outputs, tmp_path: Path):
    document = docx.Document(str(faq_outputs["docx"]))
    document.core_properties.title = ""
    path = tmp_path / "untitled.docx"
    document.save(str(path))
    code, out, _ = run(capsys, str(path))
    assert code == 1
    assert rules_in(out) == {"FE-DOCX-TITLE"}


def test_the_format_is_read_from_the_content(capsys, faq_outputs, tmp_path: Path):
    disguised = tmp_path / "briefing.txt"
    disguised.write_bytes(faq_outputs["docx"].read_bytes())
    code, out, _ = run(capsys, str(disguised))
    assert code == 0 and "passed" in out


@pytest.mark.parametrize("content", [b"plain text", b"PK\x03\x04broken zip", b""])
def test_a_file_of_another_kind_exits_2(capsys, tmp_path: Path, content: bytes):
    path = tmp_path / "file.pdf"
    path.write_bytes(content)
    code, _, err = run(capsys, str(path))
    assert code == 2 and "error:" in err and "Traceback" not in err


def test_a_damaged_or_encrypted_pdf_exits_2_with_a_message(capsys, faq_outputs, tmp_path):
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    encrypted = tmp_path / "encrypted.pdf"
    with pikepdf.open(faq_outputs["pdf"]) as pdf:
        pdf.save(encrypted, encryption=pikepdf.Encryption(owner="secret", user=""))
    for path in (damaged, encrypted):
        code, _, err = run(capsys, str(path))
        assert code == 2 and str(path) in err and "Traceback" not in err
    assert "encrypted" in err


def test_missing_file_and_directory_exit_2(capsys, tmp_path: Path):
    code, _, err = run(capsys, str(tmp_path / "nope.pdf"), str(tmp_path))
    assert code == 2 and "no such file" in err and "no file to check in this folder" in err


def test_json_report_for_release_automation(capsys, faq_outputs, tmp_path: Path):
    # An untagged PDF said made by faq-export (its /Creator, from the generator meta), and
    # the same made by another tool.
    untagged = tmp_path / "untagged.pdf"
    ours = '<meta name="generator" content="faq-export 0.1.0"><p>x</p>'
    untagged.write_bytes(weasyprint.HTML(string=ours).write_pdf())
    theirs = tmp_path / "theirs.pdf"
    theirs.write_bytes(weasyprint.HTML(string="<p>x</p>").write_pdf())
    arguments = (str(faq_outputs["pdf"]), str(untagged), str(theirs))
    code, out, _ = run(capsys, "--format", "json", *arguments)
    report = json.loads(out)
    assert code == 1 and report["version"] == 1
    first, second, third = report["files"]
    assert (first["passed"], first["findings"]) == (True, [])
    assert second["passed"] is False
    keys = {"rule", "severity", "where", "message", "fix"}
    assert all(keys <= set(f) <= keys | {"with_faq_export", "also"} for f in second["findings"])
    # the advice for faq-export's users apart from the fix (page-validation's findings)
    validator = next(f for f in second["findings"] if f["rule"].startswith("PDFUA1-"))
    assert "faq-export" not in validator["fix"] and "template" in validator["with_faq_export"]
    # none for a file another tool made
    assert third["findings"] and not any("with_faq_export" in f for f in third["findings"])


def test_every_rule_can_be_explained(capsys):
    for rule in RULES:
        text = explain(rule)
        assert text and "source:" in text and "fix:" in text and "example:" in text
    code, out, _ = run(capsys, "--explain", "PDFUA1-LINK-CONTENTS-001")
    assert code == 0 and "ISO 14289-1 clause 7.18" in out
    code, _, err = run(capsys, "--explain", "NO-SUCH-RULE")
    assert code == 2 and "no rule" in err


# --- each DOCX rule on a document that breaks it -----------------------------------------


def broken_docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Broken"
    document.add_paragraph("Lead", style="Heading 1")
    document.add_paragraph("Skipped a level", style="Heading 3")
    document.add_paragraph("")
    document.add_paragraph("")
    document.add_paragraph("Spaced   out")
    grey = document.add_paragraph().add_run("Faint text")
    grey.font.color.rgb = RGBColor(0xCC, 0xCC, 0xCC)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_rules_each_catch_their_problem():
    found = {f.rule for f in check_docx(broken_docx())}
    assert {
        "FE-DOCX-HEADING-SKIP",
        "FE-DOCX-BLANKS",
        "FE-DOCX-CONTRAST",
        "FE-DOCX-TABLE-HEADER",
        "FE-DOCX-MERGED-CELLS",
    } <= found
    assert "FE-DOCX-LANG" not in found  # python-docx's template sets one


def test_docx_without_language_is_caught():
    data = rewrite_entry(
        broken_docx(), "word/styles.xml", lambda d: re.sub(rb"<w:lang [^>]*/>", b"", d)
    )
    assert "FE-DOCX-LANG" in {f.rule for f in check_docx(data)}


def test_docx_picture_without_alt_is_caught(every_node_outputs):
    data = replace_in_entry(
        every_node_outputs["docx"], "word/document.xml", b'descr="A red square"', b""
    )
    assert {f.rule for f in check_docx(data)} == {"FE-DOCX-ALT"}


def test_epub_rules_catch_missing_alt_and_false_claims(every_node_outputs):
    epub = every_node_outputs["epub"]
    no_alt = replace_in_entry(epub, "EPUB/section-01.xhtml", b' alt="A red square"', b"")
    assert {f.rule for f in check_epub(no_alt, run_epubcheck=False)} == {
        "FE-EPUB-ALT",
        "FE-EPUB-METADATA-TRUTH",
    }
    no_page_list = replace_in_entry(
        epub, "EPUB/nav.xhtml", b'epub:type="page-list"', b'epub:type="lot"'
    )
    assert {f.rule for f in check_epub(no_page_list, run_epubcheck=False)} == {
        "FE-EPUB-METADATA-TRUTH"
    }


# --- the HTML report is itself accessible (axe-core, the copy DAISY Ace ships) -----------


def axe_violations(html_file: Path) -> list[dict[str, object]]:
    import os
    import subprocess

    from faq_export.checks.ace import chromium_wrapper

    chromium = chromium_wrapper(html_file.parent)
    result = subprocess.run(
        ["node", str(ROOT / "tools" / "ace" / "axe-check.js"), str(html_file)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(chromium)},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_html_report_passes_axe_and_axe_would_notice(capsys, faq_outputs, tmp_path: Path):
    untagged = tmp_path / "untagged.pdf"
    untagged.write_bytes(weasyprint.HTML(string="<p>x</p>").write_pdf())
    code, out, _ = run(capsys, "--format", "html", str(faq_outputs["pdf"]), str(untagged))
    assert code == 1
    assert '<html lang="en">' in out and '<th scope="col">Rule</th>' in out
    assert "<main>" in out and "FE-PDF-TAGGED" in out
    report = tmp_path / "report.html"
    report.write_text(out, encoding="utf-8")
    assert axe_violations(report) == []
    broken = tmp_path / "broken.html"
    broken.write_text(out.replace('<html lang="en">', "<html>"), encoding="utf-8")
    assert "html-has-lang" in {v["id"] for v in axe_violations(broken)}


def test_ace_option_merges_its_violations(capsys, every_node_outputs, tmp_path: Path):
    broken = tmp_path / "no-alt.epub"
    broken.write_bytes(
        replace_in_entry(
            every_node_outputs["epub"], "EPUB/section-01.xhtml", b' alt="A red square"', b""
        )
    )
    code, out, _ = run(capsys, "--ace", "--no-epubcheck", str(broken))
    assert code == 1
    assert "ACE-image-alt" in out and "FE-EPUB-ALT" in out


# --- PDF rules beyond page-validation, each on a file that breaks it ----------------------


def test_small_text_is_reported():
    pdf = weasyprint.HTML(
        string='<html lang="en"><title>T</title><p style="font-size: 7pt">'
        "tiny</p><p>normal</p></html>"
    ).write_pdf(pdf_variant="pdf/ua-1")
    found = [f for f in check_pdf(pdf) if f.rule == "FE-PDF-SMALL-TEXT"]
    assert len(found) == 1 and "7.0 pt" in found[0].message


def test_bookmarks_out_of_order_or_missing_are_reported(faq_outputs, tmp_path: Path):
    with pikepdf.open(faq_outputs["pdf"]) as pdf:
        with pdf.open_outline() as outline:
            outline.root[0].children.reverse()
        pdf.save(tmp_path / "reversed.pdf")
        del pdf.Root.Outlines
        pdf.save(tmp_path / "none.pdf")
    reversed_rules = {f.rule for f in check_pdf((tmp_path / "reversed.pdf").read_bytes())}
    assert "FE-PDF-OUTLINE-ORDER" in reversed_rules
    missing = [
        f for f in check_pdf((tmp_path / "none.pdf").read_bytes()) if f.rule == "FE-PDF-BOOKMARKS"
    ]
    assert missing and "and no bookmarks" in missing[0].message


def test_alt_text_that_is_a_file_name_is_reported():
    pdf = weasyprint.HTML(
        string='<html lang="en"><title>T</title><img alt="IMG_2041.png" src="data:image/png;'
        "base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx"
        '0gAAAABJRU5ErkJggg=="></html>',
    ).write_pdf(pdf_variant="pdf/ua-1")
    assert "FE-ALT-TEXT" in {f.rule for f in check_pdf(pdf)}


def test_content_drawn_out_of_reading_order_is_reported(faq_outputs, tmp_path: Path):
    with pikepdf.open(faq_outputs["pdf"]) as pdf:
        document = pdf.Root.StructTreeRoot.K
        document = document[0] if isinstance(document, pikepdf.Array) else document
        parts = list(document.K)
        for part in parts:  # the structure now reads each part's content backwards
            if isinstance(part.get("/K"), pikepdf.Array):
                part.K = pikepdf.Array(list(reversed(list(part.K))))
        pdf.save(tmp_path / "reordered.pdf")
    found = [
        f
        for f in check_pdf((tmp_path / "reordered.pdf").read_bytes())
        if f.rule == "FE-PDF-READING-ORDER"
    ]
    assert found and all(f.severity.value == "warning" for f in found)


# --- standards: what a file claims, whether it meets it, and who judged it ---------------------


def test_check_names_each_claimed_standard_and_who_judged_it(capsys, faq_outputs, tmp_path):
    code, out, _ = run(capsys, str(faq_outputs["pdf"]))
    assert code == 0
    assert "PDF/UA-1 (claimed): met, judged by page-validation 0.11.0 (ua1) and faq-export" in out
    assert "PDF/A-2a (claimed): met, judged by page-validation 0.11.0 (pdfa-2a)" in out
    code, out, _ = run(capsys, str(faq_outputs["pdf"]), "--format", "json")
    standards = json.loads(out)["files"][0]["standards"]
    assert [(s["standard"], s["claimed"], s["met"]) for s in standards] == [
        ("PDF/UA-1", True, True),
        ("PDF/A-2a", True, True),
    ]


def test_an_unclaimed_file_is_judged_as_pdf_ua_1_and_says_so(capsys, tmp_path: Path):
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(weasyprint.HTML(string="<p>x</p>").write_pdf())
    _, out, _ = run(capsys, str(plain))
    assert "PDF/UA-1 (not claimed, judged anyway): NOT met" in out


def test_a_validator_finding_names_its_page_and_says_what_to_do(capsys, tmp_path: Path):
    figure = tmp_path / "figure.pdf"
    figure.write_bytes(
        weasyprint.HTML(
            string="<html lang='en'><title>T</title><h1>x</h1><img src='data:image/png;base64,"
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAAB"
            "JRU5ErkJggg=='></html>"
        ).write_pdf(pdf_variant="pdf/ua-1")
    )
    code, out, _ = run(capsys, str(figure))
    assert code == 1
    line = next(x for x in out.splitlines() if "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001" in x)
    assert "at page 1, structure element Figure /Document[1]/" in line
    assert "fix: About figures and their alternative text (ISO 14289-1 clause 7.3" in out


def test_a_section_of_300_questions_is_checked_not_refused(faq):
    """page-validation follows the outline's /Next chain recursively; its default limit of
    256 links made every PDF with more than about 256 questions in one section fail with
    PDFUA1-LIMIT. It now runs with a deep stack and a limit past our longest FAQ."""
    import dataclasses

    from faq_export.render.pdf import lay_out

    questions = [
        dataclasses.replace(q, id=f"q{n}", number=n)
        for n, q in enumerate((faq.questions * 20)[:300], 1)
    ]
    section = dataclasses.replace(faq.sections[-1], questions=tuple(questions))
    long = dataclasses.replace(faq, sections=(faq.sections[0], section))
    findings = check_pdf(lay_out(long).pdf())
    assert [f.rule for f in findings if f.fails()] == []


def test_a_stream_length_finding_without_an_object_is_verified_on_every_stream(faq_outputs):
    """page-validation 0.11.0 reports PDFA2A-STREAM-LENGTH-001 with no object for a
    3,000-question FAQ whose 1,078 streams all have exact lengths (veraPDF 1.28.2: PDF/A-2a
    and PDF/UA-1 compliant). Such a finding is dropped only when every stream's /Length
    matches its bytes, and kept when one does not."""
    import re
    from types import SimpleNamespace

    from faq_export.checks.pdf_disproved import stream_length_is_right

    failure = SimpleNamespace(rule_id="PDFA2A-STREAM-LENGTH-001", object_id=None)
    data = faq_outputs["pdf"].read_bytes()
    assert stream_length_is_right(data, failure)
    found = re.search(rb"/Length (\d+)", data)
    assert found is not None
    wrong = data[: found.start(1)] + str(int(found.group(1)) + 1).encode() + data[found.end(1) :]
    assert not stream_length_is_right(wrong, failure)
    other = SimpleNamespace(rule_id="PDFUA1-FONT-001", object_id=None)
    assert not stream_length_is_right(data, other)


FAKE_ACE = """#!/bin/sh
# A stand-in for DAISY Ace: writes an empty report where --outdir says (or none at all).
while [ "$#" -gt 0 ]; do
  if [ "$1" = "--outdir" ]; then mkdir -p "$2"; {write} "$2/report.json"; fi
  shift
done
"""


def test_ace_asked_for_but_not_found_fails_the_check(
    capsys, every_node_outputs, tmp_path: Path, monkeypatch
):
    """`check --ace` without Ace is exit 2 with how to install it, not a pass: a report
    without Ace's verdict must not read as passed. Ace is looked for in FAQ_EXPORT_ACE, then
    in tools/ace of the current folder and of the checkout, then on the PATH."""
    from faq_export.checks import ace

    epub = str(every_node_outputs["epub"])
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FAQ_EXPORT_ACE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setattr(ace, "CHECKOUT", tmp_path / "checkout")
    code, out, err = run(capsys, "--ace", "--no-epubcheck", epub)
    assert code == 2 and "passed" not in out
    assert "DAISY Ace cannot run: not found" in err
    assert "npm install -g @daisy/ace-cli" in err and "FAQ_EXPORT_ACE" in err

    monkeypatch.setenv("FAQ_EXPORT_ACE", str(tmp_path / "nowhere" / "ace-cli"))
    code, _, err = run(capsys, "--ace", "--no-epubcheck", epub)
    assert code == 2 and "FAQ_EXPORT_ACE names" in err
    monkeypatch.delenv("FAQ_EXPORT_ACE")

    # The one `make test` installs, in the current folder, is found without the variable.
    installed = tmp_path / "tools" / "ace" / "node_modules" / ".bin" / "ace-cli"
    installed.parent.mkdir(parents=True)
    installed.write_text(FAKE_ACE.format(write="echo '{\"assertions\": []}' >"), "utf-8")
    installed.chmod(0o755)
    code, out, err = run(capsys, "--ace", "--no-epubcheck", epub)
    assert code == 0 and err == "" and ": passed" in out
    # … and one that runs but writes no report fails the check too.
    installed.write_text(FAKE_ACE.format(write="true"), "utf-8")
    code, _, err = run(capsys, "--ace", "--no-epubcheck", epub)
    assert code == 2 and "wrote no report" in err
