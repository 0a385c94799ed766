"""veraPDF, the reference PDF/A and PDF/UA validator, on every PDF the tests build.

Each test document (our FAQ, the every-node source, the advice source, the real FAQs) is built
for every ``--pdf-standard``; veraPDF judges each file by each standard it claims (ua1, 2a,
ua2), in one JVM per standard: 0 failed checks. On the veraPDF PDF/UA-1 corpus, our checker's
verdict equals veraPDF's on every file.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from faq_export.checks.findings import CheckInputError
from faq_export.checks.pdf import check_pdf, claimed_standards
from faq_export.pipeline import render
from faq_export.source import load_document
from faq_export.standards import CHOICES
from tests.conftest import EVERY_NODE, FAQ, OPTIONAL_TOOL_MISSING, ROOT
from tests.test_pdf_checker_corpus import FILES as CORPUS
from tests.test_pdf_lists import CROSSING, FOUND, after_paragraphs
from tests.test_properties import as_source
from tests.validators import VERAPDF_LIB, run_verapdf

pytestmark = pytest.mark.skipif(
    not (VERAPDF_LIB / ".ready").exists(),
    reason=f"{OPTIONAL_TOOL_MISSING} veraPDF (make test installs it)",
)
SOURCES = [
    FAQ,
    EVERY_NODE,
    ROOT / "tests" / "sources" / "advice.yaml",
    ROOT / "tests" / "sources" / "branded.yaml",  # the brand: logo, organisation, footer
    *sorted((ROOT / "tests" / "realworld").glob("*.yaml")),
    *sorted((ROOT / "examples").glob("*.yaml")),  # Spanish, Chinese, Arabic (right to left)
]
LINK_TEXT = ROOT / "tests" / "sources" / "link-text.yaml"
FLAVOURS = {"PDF/UA-1": "ua1", "PDF/A-2a": "2a", "PDF/UA-2": "ua2"}
FLAVOUR_NAME = {"ua-1": "PDF/UA-1", "a-2a": "PDF/A-2a", "ua-2": "PDF/UA-2"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Every test document in every choice of standards, by the flavour veraPDF judges."""
    by_flavour: dict[str, list[Path]] = {flavour: [] for flavour in FLAVOURS.values()}
    folder = tmp_path_factory.mktemp("standards")
    for source in SOURCES:
        document = load_document(source)
        for choice in CHOICES:
            data = render(document, ("pdf",), standard=choice).files["pdf"]
            path = folder / f"{source.stem}.{choice.replace(',', '+')}.pdf"
            path.write_bytes(data)
            with pikepdf.open(path) as pdf:
                claims = claimed_standards(pdf)
            assert claims == [FLAVOUR_NAME[f] for f in choice.split(",")], path.name
            for claim in claims:
                by_flavour[FLAVOURS[claim]].append(path)
    return by_flavour


@pytest.mark.parametrize("flavour", list(FLAVOURS.values()))
def test_verapdf_passes_every_pdf_we_build(built, flavour: str):
    files = built[flavour]
    assert len(files) >= len(SOURCES)
    results = run_verapdf(files, flavour)
    failures = {
        name: result.failed_rules for name, result in results.items() if not result.compliant
    }
    assert failures == {}
    assert len(results) == len(files)


def test_verapdf_passes_links_whose_text_is_code_strong_or_emphasis(tmp_path: Path):
    """Issue 22: links whose text holds code, strong or emphasis (in a paragraph, a table
    cell, a list item, a cross-reference, around a picture, wrapping and crossing a page)
    pass veraPDF in every choice of standards. tests/test_pdf_accessibility.py holds their
    structure."""
    document = load_document(LINK_TEXT)
    by_flavour: dict[str, list[Path]] = {flavour: [] for flavour in FLAVOURS.values()}
    for choice in CHOICES:
        path = tmp_path / f"link-text.{choice.replace(',', '+')}.pdf"
        path.write_bytes(render(document, ("pdf",), standard=choice).files["pdf"])
        for claim in choice.split(","):
            by_flavour[FLAVOURS[FLAVOUR_NAME[claim]]].append(path)
    for flavour, files in by_flavour.items():
        results = run_verapdf(files, flavour)
        failures = {n: r.failed_rules for n, r in results.items() if not r.compliant}
        assert failures == {}, flavour
        assert len(results) == len(files)


def test_verapdf_passes_nested_lists_crossing_pages(tmp_path: Path):
    """Items that begin with nested lists, three deep, in lists crossing a page (the answer
    Hypothesis found, and one repeated across pages): their joined lists pass veraPDF in
    every choice of standards. tests/test_pdf_lists.py holds their structure."""
    answers = {"found": FOUND, "crossing": after_paragraphs(4, CROSSING)}
    by_flavour: dict[str, list[Path]] = {flavour: [] for flavour in FLAVOURS.values()}
    for name, markdown in answers.items():
        folder = tmp_path / name
        folder.mkdir()
        document = load_document(as_source(folder, markdown))
        for choice in CHOICES:
            path = tmp_path / f"{name}.{choice.replace(',', '+')}.pdf"
            path.write_bytes(render(document, ("pdf",), standard=choice).files["pdf"])
            for claim in choice.split(","):
                by_flavour[FLAVOURS[FLAVOUR_NAME[claim]]].append(path)
    for flavour, files in by_flavour.items():
        results = run_verapdf(files, flavour)
        failures = {n: r.failed_rules for n, r in results.items() if not r.compliant}
        assert failures == {}, flavour
        assert len(results) == len(files)


@pytest.mark.skipif(not CORPUS, reason="no veraPDF corpus")
def test_our_checker_agrees_with_verapdf_on_the_corpus():
    verdicts = run_verapdf(CORPUS, "ua1")
    disagreements = []
    for path in CORPUS:
        try:
            ours = not any(f.fails() for f in check_pdf(path.read_bytes()))
        except CheckInputError:
            ours = False
        if ours != verdicts[path.name].compliant:
            disagreements.append((path.name, ours, verdicts[path.name].failed_rules))
    assert disagreements == []
    assert len(verdicts) == len(CORPUS) == 164


def test_a_stream_ending_with_a_cr_byte_is_not_a_wrong_length(tmp_path: Path):
    """page-validation 0.11.0 takes a stream's last data byte CR, with the LF before
    ``endstream``, for a CRLF end-of-line and reports a wrong /Length (it hit 1 PDF in about
    15 here: the A4 edition's cross-reference stream). veraPDF and ISO 32000-1 7.3.8.1 count
    the CR as data; our checker verifies the bytes and drops that finding. When
    page-validation is fixed, the first assertion fails: remove the workaround
    (check/pdf.py, _stream_length_is_right)."""
    import page

    source = tmp_path / "cr.pdf"
    source.write_bytes(render(load_document(FAQ), ("pdf",), standard="ua-1,a-2a").files["pdf"])
    with pikepdf.open(source) as pdf:
        stream = pikepdf.Stream(pdf, b"\r")  # data: one CR byte, Length 1
        pdf.Root.Extra = pdf.make_indirect(stream)
        pdf.save(
            tmp_path / "with-cr.pdf",
            compress_streams=False,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
        )
    data = (tmp_path / "with-cr.pdf").read_bytes()
    report = page.validate_pdf_bytes(data, profile="pdfa-2a")
    assert any("STREAM-LENGTH" in f.rule_id for f in report.failures)
    assert not any("STREAM-LENGTH" in f.rule for f in check_pdf(data))
    assert run_verapdf([tmp_path / "with-cr.pdf"], "2a")["with-cr.pdf"].compliant
