"""The web page (render/webpage.py): one self-contained, accessible HTML file of the FAQ.

Its structure is read back with lxml (landmarks, skip link, contents, headings, <details>,
languages, search data); our own checker (checks/webpage.py) must find no error on it and must
catch a page broken on purpose; the page is imported back into the same questions and
answers; and two outside judges, axe-core in chromium and the W3C Nu HTML Checker (both in
tools/web/), must find nothing (slow: tests/conftest.py).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

import faq_export
import faq_export.importing as importing
from faq_export import model as m
from faq_export.checks.catalog import check_bytes, detect_format
from faq_export.checks.fidelity import normalise
from faq_export.checks.findings import Finding, Severity
from faq_export.checks.webpage import WebPageContext, check_webpage, reading_pieces
from faq_export.errors import RenderError
from faq_export.render.webpage import render_webpage
from tests.conftest import EVERY_NODE, FAQ, OPTIONAL_TOOL_MISSING, ROOT

SOURCES = {
    "seed": FAQ,
    "every-node": EVERY_NODE,
    "arabic": ROOT / "examples" / "faq-ar.yaml",
    "etcd": ROOT / "tests" / "realworld" / "etcd-faq.yaml",
    "lineageos": ROOT / "tests" / "realworld" / "lineageos-faq.yaml",
}
WEB_TOOLS = ROOT / "tools" / "web"
VNU = WEB_TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
INSTALL = f"{OPTIONAL_TOOL_MISSING} tools/web (cd tools/web && PUPPETEER_SKIP_DOWNLOAD=1 npm ci)"


@dataclasses.dataclass(frozen=True)
class Built:
    document: m.Document
    data: bytes
    path: Path

    @property
    def root(self) -> lxml_html.HtmlElement:
        return lxml_html.document_fromstring(self.data)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    folder = tmp_path_factory.mktemp("web")
    built = {}
    for name, source in SOURCES.items():
        document = faq_export.load(source)
        data = render_webpage(document)
        path = folder / f"{name}.html"
        path.write_bytes(data)
        built[name] = Built(document, data, path)
    return built


@pytest.fixture(scope="module", params=list(SOURCES))
def web_page(request: pytest.FixtureRequest, pages: dict[str, Built]) -> Built:
    return pages[request.param]


def errors(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.rule, f.where, f.message) for f in findings if f.severity is Severity.ERROR]


def squash(text: str) -> str:
    return " ".join(text.split())


# --- structure --------------------------------------------------------------------------------


def test_the_page_has_one_of_each_landmark_and_a_skip_link_to_main(web_page: Built):
    root = web_page.root
    body = root.find("body")
    for landmark in ("header", "nav", "main", "footer"):
        assert len(body.findall(landmark)) == 1, landmark
    first = next(el for el in body.iter() if el.tag in ("a", "button", "summary"))
    assert first.get("class") == "skip-link" and first.get("href") == "#main"
    assert body.find("main").get("id") == "main"
    assert root.get("lang") == web_page.document.metadata.language
    assert root.findtext("head/title") == web_page.document.metadata.title
    assert root.find("head/meta[@charset]").get("charset") == "utf-8"


def test_the_contents_are_a_nav_of_sections_with_their_questions(web_page: Built):
    nav = web_page.root.find("body/nav")
    assert nav.get("aria-labelledby") == nav.find("h2").get("id")
    entries = [
        (len(list(a.iterancestors("ol"))), a.get("href"), squash(a.text_content()))
        for a in nav.iter("a")
    ]
    expected = [
        (entry.level, f"#{entry.id}", entry.text) for entry in web_page.document.toc_entries()
    ]
    assert entries == expected
    ids = {el.get("id") for el in web_page.root.iter() if el.get("id")}
    assert all(href[1:] in ids for _, href, _ in entries)


def test_headings_are_the_title_then_sections_then_questions_in_order(web_page: Built):
    main = web_page.root.find("body/main")
    headings = [(h.tag, squash(h.text_content())) for h in main.iter("h1", "h2", "h3")]
    # The introduction's heading ("Introduction" in the page's language), as a section's.
    expected = [("h2", web_page.document.intro_heading)] if web_page.document.intro else []
    for section in web_page.document.sections:
        expected.append(("h2", section.title))
        expected += [("h3", web_page.document.question_heading(q)) for q in section.questions]
    assert headings == expected
    assert [h.text_content() for h in web_page.root.iter("h1")] == [
        web_page.document.metadata.title
    ]


def test_each_question_is_an_open_details_with_its_heading_in_the_summary(web_page: Built):
    questions = web_page.root.find("body/main").findall(".//details")
    assert [d.get("id") for d in questions] == [q.id for q in web_page.document.questions]
    for details, question in zip(questions, web_page.document.questions, strict=True):
        # Open: printed, searched (Ctrl-F) and reached by a link in every browser.
        assert details.get("open") is not None
        summary = details[0]
        assert summary.tag == "summary" and [kid.tag for kid in summary] == ["h3"]
        assert squash(summary.text_content()) == web_page.document.question_heading(question)


def test_passages_in_other_languages_carry_lang_and_dir(pages: dict[str, Built]):
    root = pages["every-node"].root
    assert (root.get("lang"), root.get("dir")) == ("en-GB", "ltr")
    spans = {squash(s.text_content()): (s.get("lang"), s.get("dir")) for s in root.iter("span")}
    assert spans["muchas gracias"] == ("es", None)
    assert spans["شكرا"] == ("ar", "rtl")
    passage = root.get_element_by_id("second-question.3")
    assert (passage.tag, passage.get("lang")) == ("div", "fr")
    arabic = pages["arabic"].root
    assert (arabic.get("lang"), arabic.get("dir")) == ("ar", "rtl")


def test_code_tables_and_images_are_written_as_the_model_has_them(pages: dict[str, Built]):
    root = pages["every-node"].root
    assert [el.tag for el in root.get_element_by_id("basics.4")] == ["code"]
    table = root.get_element_by_id("marked-up-question.2")
    assert table.findtext("caption") == "Prices per plan"
    assert [(th.get("scope"), th.text) for th in table.iter("th")] == [
        ("col", "Plan"),
        ("col", "Price"),
    ]
    (image,) = root.iter("img")
    assert image.get("alt") == "A red square"
    assert image.get("src").startswith("data:image/png;base64,")


def test_the_page_loads_nothing_from_anywhere(web_page: Built):
    root = web_page.root
    assert root.find(".//link[@rel='stylesheet']") is None
    assert root.find(".//script[@src]") is None
    for element in root.iter():
        for name in ("src", "srcset", "poster", "data"):
            value = element.get(name)
            assert value is None or value.startswith("data:"), (element.tag, value)
    css = " ".join(style.text or "" for style in root.iter("style"))
    assert "url(" not in css and "@import" not in css
    assert "FE-HTML-EXTERNAL" not in {f.rule for f in check_webpage(web_page.data)}


def test_the_search_data_is_an_faq_page_with_one_question_per_question(web_page: Built):
    (script,) = web_page.root.findall(".//script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert (data["@context"], data["@type"]) == ("https://schema.org", "FAQPage")
    assert data["inLanguage"] == web_page.document.metadata.language
    questions = data["mainEntity"]
    assert [q["@type"] for q in questions] == ["Question"] * len(web_page.document.questions)
    for entry, question in zip(questions, web_page.document.questions, strict=True):
        assert entry["name"] == question.text
        assert entry["acceptedAnswer"]["@type"] == "Answer"
        assert normalise(entry["acceptedAnswer"]["text"]) == normalise(
            m.blocks_text(question.answer)
        )


def test_the_search_data_cannot_end_its_script(every_node: m.Document):
    hostile = "</script><script>alert(1)</script> & <!-- x"
    section = every_node.sections[0]
    question = dataclasses.replace(section.questions[0], answer=(m.Paragraph((m.Text(hostile),)),))
    changed = dataclasses.replace(
        every_node,
        sections=(dataclasses.replace(section, questions=(question, *section.questions[1:])),),
    )
    root = lxml_html.document_fromstring(render_webpage(changed))
    assert [s.get("type") for s in root.iter("script")] == ["application/ld+json"]
    data = json.loads(root.find(".//script").text)
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == hostile


def test_the_same_document_gives_the_same_bytes(
    every_node: m.Document, pages: dict[str, Built], monkeypatch: pytest.MonkeyPatch
):
    first = render_webpage(every_node)
    assert render_webpage(every_node) == first == pages["every-node"].data
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert render_webpage(every_node) == first  # dated only by the source's own date


def test_the_style_sheet_shows_every_answer_in_print_and_keeps_the_measure(web_page: Built):
    css = " ".join(style.text or "" for style in web_page.root.iter("style"))
    print_rules = css[css.index("@media print") :]
    assert "details::details-content" in print_rules and "content-visibility: visible" in css
    assert 'content: " (" attr(href) ")"' in print_rules  # addresses written out
    assert "--measure: 70ch" in css and "font-size: 100%" not in css  # the reader's size
    assert not re.search(r"font-size:\s*\d+px", css)


def test_a_template_folder_of_the_users_wins_and_is_sandboxed(every_node: m.Document, tmp_path):
    (tmp_path / "web.css").write_text(":root { --accent: #00594f; }\n", encoding="utf-8")
    assert b"--accent: #00594f" in render_webpage(every_node, template_dir=tmp_path)
    (tmp_path / "page.html.j2").write_text("{{ doc.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(RenderError):
        render_webpage(every_node, template_dir=tmp_path)


# --- our checker ------------------------------------------------------------------------------


def test_our_checker_finds_no_error_and_the_text_all_there(web_page: Built):
    assert detect_format(web_page.data) == "html"
    assert errors(check_bytes(web_page.data, "html", document=web_page.document)) == []


def test_the_reader_reads_summaries_as_headings_and_not_the_contents_or_search_data(
    pages: dict[str, Built],
):
    pieces = list(reading_pieces(WebPageContext(pages["every-node"].data)))
    headings = [p.text for p in pieces if p.heading]
    assert headings == [
        "Every Node FAQ",
        "Introduction",
        "Basics",
        "1. First question?",
        "2. Second question?",
        "3. Why is this one marked up?",
    ]
    text = " ".join(p.text for p in pieces)
    assert "Contents" not in text and "FAQPage" not in text
    assert next(p for p in pieces if "muchas" in p.text).where == "#second-question.2"


def _without(data: bytes, pattern: str) -> bytes:
    changed, count = re.subn(pattern.encode(), b"", data, count=1, flags=re.S)
    assert count == 1, pattern
    return changed


def test_a_dropped_paragraph_is_found_with_its_words(pages: dict[str, Built]):
    web_page = pages["every-node"]
    broken = _without(web_page.data, r'<p id="second-question\.2">.*?</p>')
    lost = [f for f in check_webpage(broken, web_page.document) if f.rule == "FE-TEXT-LOST"]
    assert len(lost) == 1 and "They say muchas gracias there" in lost[0].message
    assert lost[0].where == "question 2" and lost[0].message.startswith("HTML:")


def test_a_doubled_paragraph_and_a_lost_heading_are_found(pages: dict[str, Built]):
    web_page = pages["every-node"]
    paragraph = re.search(rb'<p id="first-question\.1">.*?</p>', web_page.data).group(0)
    doubled = web_page.data.replace(paragraph, paragraph * 2)
    assert "FE-TEXT-DOUBLED" in {f.rule for f in check_webpage(doubled, web_page.document)}
    headless = _without(web_page.data, r"<summary><h3>2\. Second question\?</h3></summary>")
    found = check_webpage(headless, web_page.document)
    assert any(f.rule == "FE-TEXT-LOST" and f.where == "question 2" for f in found)


def test_a_changed_link_or_a_dropped_alt_is_found(pages: dict[str, Built]):
    web_page = pages["every-node"]
    moved = web_page.data.replace(
        b'href="https://example.org/page"', b'href="https://example.org/"'
    )
    found = [f for f in check_webpage(moved, web_page.document) if f.rule == "FE-HTML-LINKS"]
    assert len(found) == 1 and "https://example.org/page" in found[0].message
    assert found[0].source and found[0].source.startswith(str(EVERY_NODE))
    no_alt = web_page.data.replace(b' alt="A red square"', b"")
    rules = {f.rule for f in check_webpage(no_alt, web_page.document)}
    assert {"FE-HTML-ALT", "FE-HTML-LINKS", "FE-TEXT-LOST"} <= rules
    nowhere = web_page.data.replace(b'id="first-question"', b'id="elsewhere"')
    found = [f for f in check_webpage(nowhere, web_page.document) if f.rule == "FE-HTML-LINKS"]
    assert any("leads nowhere" in f.message for f in found)


def test_any_page_is_judged_by_the_rules_for_any_page():
    page = (
        "<!DOCTYPE html><html><head></head><body><div><h1>A</h1><h1>B</h1><h4>C</h4>"
        "<img src='https://example.org/x.png'><span lang='english'>x</span></div></body></html>"
    )
    assert {f.rule for f in check_webpage(page.encode())} == {
        "FE-HTML-LANG",
        "FE-HTML-TITLE",
        "FE-HTML-H1",
        "FE-HTML-HEADING-SKIP",
        "FE-HTML-MAIN",
        "FE-HTML-ALT",
        "FE-HTML-EXTERNAL",
    }


def test_any_bytes_are_a_finding_or_a_refusal_never_a_traceback():
    from faq_export.checks.findings import CheckInputError

    for empty in (b"", b"   \n", b"<!-- nothing -->"):
        with pytest.raises(CheckInputError):
            check_webpage(empty)
    unknown = b"<html lang='en'><head><meta charset='klingon'><title>T</title></head>"
    assert check_webpage(unknown + b"<body><main><h1>T</h1></main></body></html>") == []
    latin = "<html lang='fr'><head><meta charset='iso-8859-1'><title>Café</title></head>"
    found = check_webpage(latin.encode("latin-1") + b"<body><main><h1>x</h1></main></body>")
    assert found == []
    assert detect_format(b"\xef\xbb\xbf<!-- a page -->\n<!DOCTYPE html><html>") == "html"


# --- imported back ----------------------------------------------------------------------------


def _text_without_images(blocks: tuple[m.Block, ...]) -> str:
    """The blocks' words; an image's alt text left out (the import does not carry a data:
    image: the command line copies image files only)."""
    text = normalise(m.blocks_text(blocks))
    for node in m.walk_inlines(blocks):
        if isinstance(node, m.Image):
            text = text.replace(normalise(node.alt), "", 1)
    return text


def _shape(document: m.Document) -> tuple[str, list[tuple[str | None, str, str, list[Any]]]]:
    return _text_without_images(document.intro), [
        (
            section.id,
            section.title,
            _text_without_images(section.body),
            [(q.id, q.text, _text_without_images(q.answer)) for q in section.questions],
        )
        for section in document.sections
    ]


def test_the_page_imports_back_into_the_same_questions_and_answers(web_page: Built):
    imported = importing.import_faq(web_page.path, importing.Options())
    assert imported.verdict.lost == []
    back = importing.load_written(imported)
    assert back.metadata.title == web_page.document.metadata.title
    assert back.metadata.language == web_page.document.metadata.language
    assert _shape(back) == _shape(web_page.document)


# --- the outside judges (slow) ----------------------------------------------------------------


def _node_tools() -> None:
    if shutil.which("node") is None or not (WEB_TOOLS / "node_modules" / "axe-core").is_dir():
        pytest.skip(INSTALL)
    if not Path(os.environ.get("CHROMIUM", "/usr/bin/chromium")).exists():
        pytest.skip(f"{OPTIONAL_TOOL_MISSING} chromium (apt-get install chromium)")


def axe(path: Path, scheme: str = "light") -> dict[str, Any]:
    _node_tools()
    result = subprocess.run(
        ["node", str(WEB_TOOLS / "axe.js"), str(path), ",".join(AXE_TAGS)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "COLOR_SCHEME": scheme},
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_axe_finds_no_violation(web_page: Built):
    report = axe(web_page.path)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in report["violations"]] == []
    assert len(report["passes"]) > 20  # it ran its rules


def test_axe_finds_no_violation_in_dark_pages(pages: dict[str, Built]):
    """The colours for readers who ask for dark pages keep their contrast too."""
    report = axe(pages["every-node"].path, scheme="dark")
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in report["violations"]] == []
    assert "color-contrast" in {rule["id"] for rule in report["passes"]}


def test_axe_would_notice(pages: dict[str, Built], tmp_path: Path):
    broken = tmp_path / "broken.html"
    data = pages["every-node"].data.replace(b' lang="en-GB"', b"", 1)
    broken.write_bytes(data.replace(b' alt="A red square"', b""))
    assert {"html-has-lang", "image-alt"} <= {v["id"] for v in axe(broken)["violations"]}


def vnu(*paths: Path) -> list[dict[str, Any]]:
    if shutil.which("java") is None or not VNU.exists():
        pytest.skip(INSTALL)
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages: list[dict[str, Any]] = json.loads(result.stderr)["messages"]
    return messages


def test_the_nu_html_checker_finds_no_error(pages: dict[str, Built]):
    messages = vnu(*(page.path for page in pages.values()))
    problems = [
        (Path(message.get("url", "")).name, message.get("lastLine"), message["message"])
        for message in messages
        if message["type"] in ("error", "non-document-error")
        or message.get("subType") in ("warning", "fatal")
    ]
    assert problems == []


def test_the_nu_html_checker_would_notice(pages: dict[str, Built], tmp_path: Path):
    broken = tmp_path / "broken.html"
    broken.write_bytes(pages["every-node"].data.replace(b"<summary>", b"<summary><div>", 1))
    assert any(message["type"] == "error" for message in vnu(broken))


def test_every_answer_is_printed_even_when_closed(pages: dict[str, Built], tmp_path: Path):
    """Chromium prints a closed <details> whole (web.css's print rules)."""
    _node_tools()
    closed = tmp_path / "closed.html"
    closed.write_bytes(pages["every-node"].data.replace(b' open=""', b""))
    pdf = tmp_path / "closed.pdf"
    subprocess.run(
        [
            os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            closed.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    import pikepdf

    with pikepdf.open(pdf) as document:
        assert len(document.pages) >= 1
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in ("Because questions may hold emphasis", "Un paragraphe en français"):
        assert words in squash(text)
    assert "(https://example.org/page)" in squash(text)  # the address written out
