"""The checker on files other tools made (issue #27): a page-validation finding counts only
when the file breaks the clause it stands for; our rules follow their standards' words; the
misses become rules; and the messages speak to whoever holds the file. Each clause has a file
that must fail and one that must pass, made here from veraPDF's test files or by hand."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pikepdf
import pytest
import weasyprint

from faq_export.checks.catalog import RULES, validator_rule
from faq_export.checks.docx import check_docx
from faq_export.checks.epub import check_epub, epubcheck_finding
from faq_export.checks.findings import Finding, Severity
from faq_export.checks.pdf import check_pdf, judge_pdf
from faq_export.cli import main
from tests import trust_files as made
from tests.conftest import OPTIONAL_TOOL_MISSING
from tests.validators import VERAPDF_LIB, run_ace, run_verapdf
from tests.zips import replace_in_entry, rewrite_entry

UNICODE_RULES = {"PDFUA1-FONT-UNICODE-MAPPING-001", "PDFUA1-FONT-UNICODE-VALUE-001"}


def rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings if f.accepted is None}


# ISO 14289-1 7.21.7 (veraPDF 7.21.7-1, -2): every character code *drawn* maps to Unicode, by
# the ToUnicode CMap or a way of ISO 32000-1 9.10.2, and to none of U+0000, U+FEFF, U+FFFE.
# (name, the file, whether it meets the clause)
UNICODE_CASES: list[tuple[str, Callable[[], bytes], bool]] = [
    ("every-drawn-cid-mapped", lambda: made.type0_with_cmap(), True),
    (
        "unused-cid-mapped-to-ffff-in-an-array",
        lambda: made.type0_with_cmap(b"1 beginbfrange\n<0000> <0000> [<FFFF>]\nendbfrange\n"),
        True,
    ),
    (
        "unused-cid-mapped-to-fffe",
        lambda: made.type0_with_cmap(b"1 beginbfchar\n<0000> <FFFE>\nendbfchar\n"),
        True,
    ),
    (
        "unused-range-past-ffff",
        lambda: made.type0_with_cmap(b"1 beginbfrange\n<0000> <0001> <FFFF>\nendbfrange\n"),
        True,
    ),
    ("drawn-cid-mapped-to-fffe", lambda: made.type0_with_cmap(used={0x28: b"FFFE"}), False),
    ("drawn-cid-mapped-to-0000", lambda: made.type0_with_cmap(used={0x28: b"0000"}), False),
    ("drawn-cid-not-in-the-cmap", lambda: made.type0_with_cmap(used={0x28: None}), False),
    ("type1-differences-of-agl-names", lambda: made.type1_without_cmap("Euro"), True),
    ("type1-differences-of-other-names", lambda: made.type1_without_cmap("g17"), False),
]


@pytest.mark.parametrize(
    ("make", "meets"), [c[1:] for c in UNICODE_CASES], ids=[c[0] for c in UNICODE_CASES]
)
def test_a_font_is_judged_by_the_codes_it_draws(make: Callable[[], bytes], meets: bool):
    found = rules(check_pdf(make())) & UNICODE_RULES
    assert (not found) is meets, found


def test_a_drawn_code_mapped_to_a_lone_surrogate_fails():
    """A lone surrogate (U+D800) is no Unicode value: the clause is broken (veraPDF 1.28
    passes the file; we keep page-validation's finding)."""
    found = rules(check_pdf(made.type0_with_cmap(used={0x28: b"D800"})))
    assert "PDFUA1-FONT-UNICODE-MAPPING-001" in found


NEEDS_VERAPDF = pytest.mark.skipif(
    not (VERAPDF_LIB / ".ready").exists(),
    reason=f"{OPTIONAL_TOOL_MISSING} veraPDF (make test installs it)",
)


@NEEDS_VERAPDF
def test_verapdf_agrees_on_the_font_files(tmp_path: Path) -> None:
    files = []
    for name, make, _ in UNICODE_CASES:
        files.append(tmp_path / f"{name}.pdf")
        files[-1].write_bytes(make())
    verdicts = run_verapdf(files, "ua1")
    for name, _, meets in UNICODE_CASES:
        assert verdicts[f"{name}.pdf"].compliant is meets, verdicts[f"{name}.pdf"]


# ISO 19005-1 6.7.2 forbids a /Filter on the XMP metadata stream; ISO 19005-2 and -3 (6.6.2.1)
# do not, and veraPDF's PDF/A-2 profiles pass the file (page-validation 0.11.0 runs the
# PDF/A-1 rule in them as PDFA2A-METADATA-FILTER-001).
def test_compressed_metadata_fails_pdfa1_only(faq_outputs):
    archival = judge_pdf(made.pdfa_with_compressed_metadata(faq_outputs["pdf"]))
    assert not any(f.rule.endswith("METADATA-FILTER-001") for f in archival.findings)
    assert [v.met for v in archival.verdicts if v.standard == "PDF/A-2a"] == [True]
    first = judge_pdf(made.pdfa_with_compressed_metadata(faq_outputs["pdf"], part=1))
    assert "PDFA1B-METADATA-FILTER-001" in rules(first.findings)
    assert [v.met for v in first.verdicts if v.standard == "PDF/A-1a"] == [False]


@NEEDS_VERAPDF
def test_verapdf_agrees_on_compressed_metadata(faq_outputs, tmp_path: Path) -> None:
    second, first = tmp_path / "a2.pdf", tmp_path / "a1.pdf"
    second.write_bytes(made.pdfa_with_compressed_metadata(faq_outputs["pdf"]))
    first.write_bytes(made.pdfa_with_compressed_metadata(faq_outputs["pdf"], part=1))
    assert run_verapdf([second], "2a")["a2.pdf"].compliant
    assert any(r.startswith("6.7.2-") for r in run_verapdf([first], "1a")["a1.pdf"].failed_rules)


# --- PDF/UA-2: where a Caption may stand -----------------------------------------------------


@pytest.fixture(scope="module")
def ua2() -> bytes:
    from tests.test_rules import ua2_pdf

    return ua2_pdf()


# ISO 14289-2 8.2.5.27 (veraPDF 8.2.5.27-1): a Caption is the first or last child of its
# parent; ISO 32005 (veraPDF ua2, "Document-Caption-1"): Document shall not contain Caption.
CAPTIONS = [("first", set()), ("last", set())]
CAPTIONS += [("middle", {"FE-PDF-UA2-CAPTION-POSITION"})]
CAPTIONS += [("document", {"FE-PDF-UA2-DOCUMENT-CAPTION"})]


@pytest.mark.parametrize(("where", "expected"), CAPTIONS, ids=[c[0] for c in CAPTIONS])
def test_a_ua2_caption_stands_first_or_last_in_what_it_captions(ua2, where, expected):
    found = {r for r in rules(check_pdf(made.ua2_with_caption(ua2, where))) if "CAPTION" in r}
    assert found == expected


@NEEDS_VERAPDF
def test_verapdf_agrees_on_the_captions(ua2, tmp_path: Path) -> None:
    files = [tmp_path / f"{where}.pdf" for where, _ in CAPTIONS]
    for path, (where, _) in zip(files, CAPTIONS, strict=True):
        path.write_bytes(made.ua2_with_caption(ua2, where))
    verdicts = run_verapdf(files, "ua2")
    assert [verdicts[p.name].compliant for p in files] == [not e for _, e in CAPTIONS]


# --- EPUB: judged by EPUB Accessibility 1.1 and HTML's language rules -------------------------

OPF = "EPUB/content.opf"


def epub_findings(package: bytes) -> list[Finding]:
    return check_epub(package, run_epubcheck=False)


def without_meta(epub: Path, *names: str) -> bytes:
    def change(content: bytes) -> bytes:
        for name in names:
            pattern = rb'\s*<meta property="' + name.encode() + rb'"[^>]*>[^<]*</meta>'
            content, count = re.subn(pattern, b"", content)
            assert count, name
        return content

    return rewrite_entry(epub, OPF, change)


# EPUB Accessibility 1.1 5.1: accessMode, accessibilityFeature and accessibilityHazard are
# required; the summary and accessModeSufficient recommended (Ace: moderate).
def test_a_book_without_summary_or_sufficient_modes_passes_with_warnings(faq_outputs):
    found = epub_findings(
        without_meta(
            faq_outputs["epub"], "schema:accessibilitySummary", "schema:accessModeSufficient"
        )
    )
    assert not [f for f in found if f.fails()], found
    metadata = [f for f in found if f.rule.startswith("FE-EPUB-A11Y")]
    assert [f.rule for f in metadata] == ["FE-EPUB-A11Y-METADATA-RECOMMENDED"] * 2
    assert all(f.severity is Severity.WARNING for f in metadata)


@pytest.mark.parametrize(
    "name",
    ["schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard"],
)
def test_a_book_without_required_metadata_fails(faq_outputs, name: str):
    found = epub_findings(without_meta(faq_outputs["epub"], name))
    failing = [f for f in found if f.fails()]
    assert [f.rule for f in failing] == ["FE-EPUB-A11Y-METADATA"]
    assert name in failing[0].message


def test_ace_rates_the_recommended_metadata_moderate(faq_outputs, tmp_path: Path):
    book = tmp_path / "no-summary.epub"
    book.write_bytes(
        without_meta(
            faq_outputs["epub"], "schema:accessibilitySummary", "schema:accessModeSufficient"
        )
    )
    violations = run_ace(book, tmp_path).violations
    assert violations and all("(moderate" in v for v in violations), violations


SECTION = "EPUB/section-02.xhtml"
BOTH = b' lang="en-US" xml:lang="en-US"'


# HTML 3.2.6.2: lang or xml:lang sets the language; when both are there, they must be the same.
@pytest.mark.parametrize(
    ("attributes", "meets"),
    [
        (b' lang="en-US"', True),
        (b' xml:lang="en-US"', True),
        (BOTH, True),
        (b' lang="en-US" xml:lang="EN-us"', True),  # compared without case
        (b"", False),
        (b' lang="en-US" xml:lang="fr"', False),
        (b' lang=""', False),
    ],
    ids=["lang", "xml-lang", "both", "both-other-case", "neither", "disagreeing", "empty"],
)
def test_a_page_says_its_language_by_either_attribute(faq_outputs, attributes: bytes, meets: bool):
    found = epub_findings(replace_in_entry(faq_outputs["epub"], SECTION, BOTH, attributes))
    assert ("FE-EPUB-LANG" not in rules(found)) is meets, found


def test_the_package_needs_dc_language_not_xml_lang(faq_outputs):
    opf = rewrite_entry(faq_outputs["epub"], OPF, lambda d: d.replace(b' xml:lang="en-US"', b""))
    assert "FE-EPUB-LANG" not in rules(epub_findings(opf))
    none = rewrite_entry(
        faq_outputs["epub"], OPF, lambda d: re.sub(rb"<dc:language>[^<]*</dc:language>", b"", d)
    )
    assert "FE-EPUB-LANG" in rules(epub_findings(none))


def test_ace_passes_a_page_with_lang_only(faq_outputs, tmp_path: Path):
    book = tmp_path / "lang-only.epub"
    book.write_bytes(replace_in_entry(faq_outputs["epub"], SECTION, BOTH, b' lang="en-US"'))
    assert run_ace(book, tmp_path).violations == []


# --- the first heading: judged in every format ------------------------------------------------


def docx_with_headings(*levels: int) -> bytes:
    document = docx.Document()
    document.core_properties.title = "Headings"
    for level in levels:
        document.add_heading(f"Level {level}", level)
        document.add_paragraph("Text.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_with_headings(*levels: int) -> bytes:
    body = "".join(f"<h{n}>Level {n}</h{n}><p>Text.</p>" for n in levels)
    html = f"<html lang='en'><title>Headings</title><body>{body}</body></html>"
    return bytes(weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))


# ISO 14289-1 7.4.2 (Matterhorn 14-002): the first heading is H1; the same file's DOCX and
# EPUB are judged alike (Word: 'Skipped heading level'; WCAG 1.3.1).
HEADINGS = [((1, 2, 3), True), ((3, 4), False), ((2,), False), ((1, 3), False)]


@pytest.mark.parametrize(("levels", "meets"), HEADINGS, ids=["1-2-3", "3-4", "2", "1-3"])
def test_the_first_heading_is_judged_in_a_docx(levels, meets):
    found = rules(check_docx(docx_with_headings(*levels)))
    assert ("FE-DOCX-HEADING-SKIP" not in found) is meets, found


@pytest.mark.parametrize(("levels", "meets"), HEADINGS, ids=["1-2-3", "3-4", "2", "1-3"])
def test_the_first_heading_is_judged_in_a_pdf(levels, meets):
    found = rules(check_pdf(pdf_with_headings(*levels)))
    assert ("FE-PDF-HEADING-SKIP" not in found) is meets, found


def test_a_chapter_may_start_below_h1_but_not_the_book(faq_outputs):
    """Our book: title.xhtml holds the h1; each section's file starts at h2."""
    assert "FE-EPUB-HEADING-SKIP" not in rules(epub_findings(faq_outputs["epub"].read_bytes()))
    book = rewrite_entry(
        faq_outputs["epub"],
        "EPUB/title.xhtml",
        lambda d: re.sub(rb"<(/?)h1\b", rb"<\1h3", d),
    )
    found = [f for f in epub_findings(book) if f.rule == "FE-EPUB-HEADING-SKIP"]
    assert len(found) == 1 and "first heading is an h3" in found[0].message


# A language is a BCP 47 tag of the IANA registry (HTML 3.2.6.2, EPUB 3.3 dc:language):
# lang="C" (a POSIX locale) names none, and a screen reader picks a voice from it.
@pytest.mark.parametrize(
    ("tag", "meets"),
    [("en-US", True), ("fr", True), ("zh-Hans", True), ("C", False), ("en_US", False)],
)
def test_a_page_language_is_a_bcp47_tag(faq_outputs, tag: str, meets: bool):
    attributes = f' lang="{tag}" xml:lang="{tag}"'.encode()
    found = epub_findings(replace_in_entry(faq_outputs["epub"], SECTION, BOTH, attributes))
    assert ("FE-EPUB-LANG" not in rules(found)) is meets, found


def test_the_book_language_is_a_bcp47_tag(faq_outputs):
    book = rewrite_entry(
        faq_outputs["epub"], OPF, lambda d: d.replace(b">en-US</dc:language>", b">C</dc:language>")
    )
    found = [f for f in epub_findings(book) if f.rule == "FE-EPUB-LANG"]
    assert len(found) == 1 and "'C' is not a language tag" in found[0].message


# --- messages for whoever holds the file ------------------------------------------------------

OURS_WORDS = re.compile(r"faq-export|--pdf-standard|print template|QSMO|ussm\.gsa", re.I)
# Judged only in a build, against the source (the web page's links and alt texts too).
BUILD_ONLY = {
    "FE-PDF-OVERFLOW",
    "FE-PDF-LARGE-PRINT",
    "FE-TEXT-LOST",
    "FE-TEXT-DOUBLED",
    "FE-TEXT-ORDER",
    "FE-HTML-LINKS",
}


def test_no_fix_speaks_of_faq_export_but_its_own_line():
    for rule in RULES.values():
        if rule.id not in BUILD_ONLY:
            assert not OURS_WORDS.search(rule.fix + rule.example), rule.id
    for rule_id in ("PDFUA1-FONT-EMBEDDING-001", "PDFA2A-STREAM-LENGTH-001"):
        known = validator_rule(rule_id)
        assert known is not None and not OURS_WORDS.search(known.fix), rule_id
        assert "faq-export" not in known.fix and known.ours


def _said_made_by(data: bytes, creator: str) -> bytes:
    """The PDF with ``creator`` as its /Creator, as the tool that made it would write it."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.docinfo["/Creator"] = creator
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def test_the_advice_for_faq_export_is_a_line_of_its_own(capsys, tmp_path: Path):
    path = tmp_path / "font.pdf"
    path.write_bytes(_said_made_by(made.type0_with_cmap(used={0x28: b"FFFE"}), "faq-export 0.1"))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    fixes = [line for line in out.splitlines() if line.strip().startswith("fix:")]
    assert fixes and not any(OURS_WORDS.search(line) for line in fixes)
    assert "    with faq-export: the print template" in out


def test_no_advice_for_faq_export_on_another_tool_s_file(capsys, tmp_path: Path):
    path = tmp_path / "font.pdf"
    path.write_bytes(_said_made_by(made.type0_with_cmap(used={0x28: b"FFFE"}), "LibreOffice"))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "fix:" in out and not OURS_WORDS.search(out.replace("faq-export rules", ""))
    assert main(["check", "--format", "sarif", str(path)]) == 1
    log = json.loads(capsys.readouterr().out)
    helps = [rule["help"]["text"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
    assert helps and not any("faq-export" in text for text in helps)


def test_what_faq_export_builds_says_faq_export_made_it(faq_outputs, faq):
    from faq_export.checks.catalog import detect_format
    from faq_export.checks.provenance import made_by_faq_export
    from faq_export.pipeline import render_alternate

    files = {fmt: faq_outputs[fmt].read_bytes() for fmt in ("pdf", "epub", "docx")}
    files["html"] = render_alternate(faq, "html")
    for fmt, data in files.items():
        assert detect_format(data) == fmt and made_by_faq_export(data, fmt), fmt
    with pikepdf.open(faq_outputs["pdf"]) as pdf:
        # PDF/A wants the two equal (ISO 19005-2, 6.6.3): both say faq-export.
        assert str(pdf.docinfo["/Creator"]).startswith("faq-export ")
        assert pdf.open_metadata()["xmp:CreatorTool"] == str(pdf.docinfo["/Creator"])


def test_other_tools_files_are_not_taken_for_faq_export_s():
    from faq_export.checks.catalog import detect_format
    from faq_export.checks.provenance import made_by_faq_export

    files = sorted((Path(__file__).parent / "thirdparty" / "files").glob("*.*"))
    judged = [f for f in files if f.suffix in (".pdf", ".epub", ".docx")]
    assert len(judged) > 30
    for path in judged:
        data = path.read_bytes()
        assert not made_by_faq_export(data, detect_format(data)), path.name


# EPUBCheck's JSON report: a message's own "suggestion" is the fix when there is one.
def test_epubcheck_s_suggestion_is_the_fix():
    message = {
        "ID": "PKG-016",
        "severity": "WARNING",
        "message": "Use only lowercase characters for the EPUB file extension.",
        "locations": [{"path": "Book.EPUB", "line": -1}],
        "suggestion": 'For maximum compatibility, use ".epub".',
    }
    finding = epubcheck_finding(message)
    assert finding is not None and finding.fix.startswith('For maximum compatibility, use ".epub".')
    assert finding.where == "Book.EPUB"


def test_an_epubcheck_message_without_suggestion_says_what_to_correct(faq_outputs):
    book = replace_in_entry(
        faq_outputs["epub"], "EPUB/nav.xhtml", b'epub:type="toc" role="doc-toc"', b""
    )
    found = [f for f in check_epub(book) if f.rule == "RSC-005"]
    if not found:
        pytest.skip(f"{OPTIONAL_TOOL_MISSING} EPUBCheck (Java)")
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        nav = archive.read("EPUB/nav.xhtml").decode("utf-8").splitlines()
    line = next(n for n, text in enumerate(nav, 1) if "<nav" in text)  # where the toc was
    assert found[0].where == f"EPUB/nav.xhtml, line {line}"
    assert "navigation document" not in found[0].fix  # RSC: the file named
    assert found[0].fix.startswith("Correct the file named (its markup")
    assert "See the EPUB 3.3 specification" not in found[0].fix


# --- one cause, one finding ------------------------------------------------------------------


def test_a_pdf_without_title_gives_one_finding(faq_outputs, capsys, tmp_path: Path):
    path = tmp_path / "untitled.pdf"
    with pikepdf.open(faq_outputs["pdf"]) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            del xmp["dc:title"]
        del pdf.Root.ViewerPreferences
        pdf.save(path)
    findings = check_pdf(path.read_bytes())
    assert [f.rule for f in findings if f.fails()] == ["FE-PDF-TITLE"]
    assert {a.rule for a in findings[0].also} == {
        "PDFUA1-METADATA-TITLE-001",
        "PDFUA1-VIEWER-PREFERENCES-001",
    }
    assert main(["check", "--format", "json", str(path)]) == 1
    (reported,) = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert [a["rule"] for a in reported["also"]] == [a.rule for a in findings[0].also]


def test_an_epub_without_titles_gives_one_finding_each(faq_outputs):
    book = rewrite_entry(
        faq_outputs["epub"], OPF, lambda d: re.sub(rb"<dc:title[^>]*>[^<]*</dc:title>", b"", d)
    )
    book = rewrite_entry(
        book, "EPUB/nav.xhtml", lambda d: re.sub(rb"<title>[^<]*<", b"<title><", d)
    )
    found = [f for f in check_epub(book) if f.fails()]
    if not any(f.also for f in found):
        pytest.skip(f"{OPTIONAL_TOOL_MISSING} EPUBCheck (Java)")
    assert [(f.rule, [a.rule for a in f.also]) for f in found] == [
        ("FE-EPUB-TITLE", ["RSC-005"]),
        ("FE-EPUB-TITLE", ["RSC-005"]),
    ]
    assert found[1].where.startswith("nav.xhtml, the part headed")


# --- files that cannot be checked: a plain message, exit 2 ------------------------------------


def unreadable_files(pdf: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (the file, words its message must hold)."""
    data = pdf.read_bytes()
    files = {
        "password": (folder / "password.pdf", "protected by a password"),
        "encrypted": (folder / "encrypted.pdf", "encrypted"),
        "truncated": (folder / "truncated.pdf", "damaged"),
        "text": (folder / "notes.pdf", "not a PDF, EPUB, DOCX or HTML"),
        "empty": (folder / "empty.epub", "empty"),
        "zip": (folder / "cut.docx", "damaged zip"),
    }
    with pikepdf.open(pdf) as document:
        document.save(files["password"][0], encryption=pikepdf.Encryption(owner="o", user="u"))
        document.save(files["encrypted"][0], encryption=pikepdf.Encryption(owner="o", user=""))
    files["truncated"][0].write_bytes(data[: len(data) // 2])
    files["text"][0].write_bytes(b"Meeting notes, not a PDF.\n")
    files["empty"][0].write_bytes(b"")
    files["zip"][0].write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    return files


def test_unreadable_files_get_a_plain_message(faq_outputs, capsys, tmp_path: Path):
    for name, (path, words) in unreadable_files(faq_outputs["pdf"], tmp_path).items():
        assert main(["check", str(path)]) == 2, name
        err = capsys.readouterr().err
        assert words in err, (name, err)
        assert not re.search(r"<_io|0x[0-9a-f]{6}|Traceback", err), (name, err)


# --- where: each figure at its page and path, any object at what it is -----------------------


def test_each_figure_without_alt_is_placed_at_its_page():
    """page-validation reports figures that are direct objects once, with no object; veraPDF
    names each: so do we, from the structure tree (the page from the MCRs' /Pg)."""
    found = [f for f in check_pdf(made.figures_without_alt(3)) if f.fails()]
    assert [f.rule for f in found] == ["PDFUA1-FIGURE-ALTERNATIVE-TEXT-001"] * 3
    assert [f.where.split(",")[0] for f in found] == ["page 1", "page 2", "page 3"]
    assert all("/Figure[" in f.where for f in found)


def without_link_description(pdf_file: Path) -> bytes:
    with pikepdf.open(pdf_file) as pdf:
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == "/Link" and "/Contents" in annot:
                    del annot["/Contents"]
                    out = io.BytesIO()
                    pdf.save(out)
                    return out.getvalue()
    raise AssertionError("no described link")


def test_an_object_is_named_by_what_it_is(faq_outputs, every_node_outputs):
    """A page-validation finding names the object: a font by its name, an annotation by its
    kind and page, a structure element by its type and path, the XMP metadata, the catalog."""
    font = check_pdf(made.type0_with_cmap(used={0x28: b"FFFE"}))
    assert [f.where for f in font if f.fails()] == ["page 1, font AboriginalSerif (object 20)"]
    link = [f for f in check_pdf(without_link_description(faq_outputs["pdf"])) if f.fails()]
    assert link and re.fullmatch(r"page \d+, link annotation \(object \d+\)", link[0].where)
    figure = [f for f in check_pdf(made.figures_without_alt(1)) if f.fails()]
    assert figure[0].where.startswith("page 1, /Document[1]/Figure[")
    with pikepdf.open(every_node_outputs["pdf"]) as pdf:
        for element in pdf.objects:
            if isinstance(element, pikepdf.Dictionary) and element.get("/S") == "/Figure":
                del element["/Alt"]
        out = io.BytesIO()
        pdf.save(out)
    (element,) = [f for f in check_pdf(out.getvalue()) if f.fails()]
    assert re.fullmatch(
        r"page \d+, structure element Figure /Document\[1\]/\S+/Figure\[\d+\] \(object \d+\)",
        element.where,
    )
    untitled = made.type0_with_cmap()
    with pikepdf.open(io.BytesIO(untitled)) as pdf:
        del pdf.Root.ViewerPreferences
        out = io.BytesIO()
        pdf.save(out)
    (title,) = [f for f in check_pdf(out.getvalue()) if f.rule == "FE-PDF-TITLE"]
    assert [a.where.split(" (")[0] for a in title.also] == ["the document catalog"]
