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


# The DOCX's contents get their page numbers from a LibreOffice layout of it (render/docx_pages.py),
# 1-2 s a build. Tests build hundreds of DOCX files: they skip it unless they test it, and the
# session's builds of our FAQ (faq_outputs) make it, so the numbers are tested on the seed.
LIBREOFFICE = "FAQ_EXPORT_LIBREOFFICE"
os.environ.setdefault(LIBREOFFICE, "off")


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


# `make test-fast` (pytest -m "not slow") leaves these out; `make test` runs them. A test is fast
# unless it is named here: by its file, by a fixture it uses, or by its name (every parameter).
SLOW_FILES = {
    "test_bench.py",  # a one-run bench
    "test_hostile.py",  # hostile input: each case the real command in a child under caps
    "test_hostile_check.py",
    "test_hostile_import.py",
    "test_hostile_structures.py",  # and Hypothesis
    "test_hostile_templates.py",
    "test_install.py",  # the sdist and the wheel, installed into a new venv
    "test_pdf_checker_corpus.py",  # the veraPDF corpus
    "test_processes.py",  # builds killed
    "test_properties.py",  # Hypothesis builds
    "test_realworld.py",  # the real FAQs built and validated
    "test_verapdf.py",  # veraPDF
    "test_visual.py",  # LibreOffice and chromium render the documents
    "test_watch.py",  # `faq-export watch` in a child
}
SLOW_FIXTURES = {
    "built",  # every real FAQ (test_import.py) or every example (test_languages.py), built
    "libreoffice",  # LibreOffice
    "libreoffice_pdf",
    "faq_epubcheck",  # EPUBCheck
    "faq_ace",  # DAISY Ace
    "thirdparty_judged",  # the third-party corpus, with EPUBCheck and veraPDF
}
SLOW_TESTS = {
    "test_api.py": {
        "test_init_then_build_in_an_empty_folder",
        "test_the_readme_example_runs_as_a_plain_script",  # a child build
    },
    "test_checker_trust.py": {  # veraPDF
        "test_verapdf_agrees_on_the_font_files",
        "test_verapdf_agrees_on_compressed_metadata",
        "test_verapdf_agrees_on_the_captions",
        "test_ace_rates_the_recommended_metadata_moderate",  # Ace
        "test_ace_passes_a_page_with_lang_only",
        "test_an_epubcheck_message_without_suggestion_says_what_to_correct",  # EPUBCheck
        "test_an_epub_without_titles_gives_one_finding_each",
    },
    "test_brand.py": {"test_the_branded_epub_passes_epubcheck_and_ace"},  # EPUBCheck, Ace
    "test_checker.py": {
        "test_our_three_documents_pass",  # EPUBCheck, Ace
        "test_a_section_of_300_questions_is_checked_not_refused",
        "test_html_report_passes_axe_and_axe_would_notice",  # chromium
        "test_ace_option_merges_its_violations",
    },
    "test_cli.py": {"test_progress_on_a_terminal_only"},
    "test_judges.py": {"test_verapdf_asked_for_judges_every_standard_too"},  # veraPDF
    "test_thirdparty.py": {"test_the_references_still_say_what_expected_json_says"},  # all
    "test_pdf_ua2_corpus.py": {  # veraPDF
        "test_verapdf_judges_every_file_right",
        "test_a_verapdf_finding_says_its_clause_and_what_the_rule_says",
    },
    "test_engine.py": {  # builds with the patches and with the plain engine
        "test_the_speed_patches_give_the_same_bytes",
        "test_without_the_raised_marks_patch_pdftotext_loses_arabic_words",
        "test_our_checker_finds_what_the_correctness_patches_fix_when_they_are_absent",
        "test_glyphs_sharing_a_cluster_are_each_mapped_to_their_own_characters",
    },
    "test_epub_accessibility.py": {  # EPUBCheck, Ace
        "test_an_image_without_alt_is_caught",
        "test_a_content_document_without_language_is_caught",
        "test_a_missing_summary_is_caught",
        "test_a_nav_without_toc_is_caught",
    },
    "test_fidelity.py": {"test_a_build_finds_all_of_the_text_in_each_document"},  # examples
    "test_import.py": {
        "test_the_check_is_linear",  # timed, at 2,000 and 16,000 pieces
        "test_a_character_no_typeface_prints_is_the_originals_error_at_its_line",  # 3 children
        "test_the_command_writes_once_and_lists_what_it_could_not_carry",  # 5 children
    },
    "test_large_print.py": {  # veraPDF, EPUBCheck
        "test_verapdf_passes_the_large_print_pdfs",
        "test_epubcheck_passes_the_large_print_epubs",
    },
    "test_languages.py": {
        "test_a_cache_folder_that_cannot_be_written_costs_time_not_the_build",
        "test_chinese_japanese_and_korean_are_set_in_the_face_of_their_forms",  # seven builds
    },
    "test_reproducible.py": {"test_two_processes_with_different_hash_seeds_give_the_same_files"},
    "test_quiet.py": {  # child builds, with an empty cache
        "test_a_quiet_build_prints_nothing",
        "test_a_first_build_in_typefaces_fonttools_cannot_fully_subset_prints_nothing",
    },
    "test_webpage.py": {  # axe-core in chromium, the Nu HTML Checker (Java), chromium's print
        "test_axe_finds_no_violation",
        "test_axe_finds_no_violation_in_dark_pages",
        "test_axe_would_notice",
        "test_the_nu_html_checker_finds_no_error",
        "test_the_nu_html_checker_would_notice",
        "test_every_answer_is_printed_even_when_closed",
    },
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        file = item.path.name
        if (
            file in SLOW_FILES
            or SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ()))
            or getattr(item, "originalname", "") in SLOW_TESTS.get(file, ())
        ):
            item.add_marker(pytest.mark.slow)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="session")
def faq() -> m.Document:
    return load_document(FAQ)


@pytest.fixture(scope="session")
def every_node() -> m.Document:
    return load_document(EVERY_NODE)


# A session fixture is made once a test process: `make test` runs a process a core (pytest-xdist,
# a test file a worker), so each worker builds these once, where its tests first ask for them.
def _build(document: m.Document, folder: Path) -> dict[str, Path]:
    written = write_outputs(document, render_all(document, FORMATS), folder)
    return {w.format: w.path for w in written}


@pytest.fixture(scope="session")
def faq_outputs(faq: m.Document, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Our FAQ's documents as a build makes them: the DOCX numbered by LibreOffice."""
    with pytest.MonkeyPatch.context() as patch:
        if os.environ.get(LIBREOFFICE) == "off":
            patch.delenv(LIBREOFFICE)
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
