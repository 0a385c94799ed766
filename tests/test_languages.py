"""Documents in other languages: the words the documents add, the typefaces, right to left,
and passages in another language.

The examples in examples/ (Spanish, Simplified Chinese, Arabic: our FAQ, translated) are
built by the command line as a user would, and judged by the real validators (page-validation
here, veraPDF in test_verapdf.py, EPUBCheck, DAISY Ace, LibreOffice), by pdftotext's reading
of every paragraph, and by what each file says about its language, direction and fonts.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import docx
import page
import pikepdf
import pytest
from docx.oxml.ns import qn
from lxml import etree

from faq_export import model as m
from faq_export.cli import main
from faq_export.errors import SourceErrors
from faq_export.source import load_document
from faq_export.words import DATE_KEYS, KEYS, TABLES, placeholders_kept
from tests.conftest import ROOT
from tests.validators import run_ace, run_epubcheck

EXAMPLES = {
    "es": ROOT / "examples" / "faq-es.yaml",
    "zh-Hans": ROOT / "examples" / "faq-zh-Hans.yaml",
    "ar": ROOT / "examples" / "faq-ar.yaml",
}
XHTML = {"x": "http://www.w3.org/1999/xhtml", "opf": "http://www.idpf.org/2007/opf"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

SOURCE = """\
metadata:
  title: Test FAQ
  language: {language}
  identifier: urn:example:test
  version: "1.0"
  date: 2026-03-05
  accessibility_summary: Text only.
{words}sections:
  - id: basics
    title: Basics
    questions:
      - question: What is it?
        answer: |
          {answer}
"""


def write(
    tmp_path: Path, language: str = "en-US", words: str = "", answer: str = "A test."
) -> Path:
    path = tmp_path / "faq.yaml"
    path.write_text(SOURCE.format(language=language, words=words, answer=answer), encoding="utf-8")
    return path


def errors(path: Path) -> list[tuple[int, int, str]]:
    with pytest.raises(SourceErrors) as caught:
        load_document(path)
    return [(e.line, e.column, e.message) for e in caught.value.errors]


# --- the fixed words ---------------------------------------------------------------------


def test_every_language_table_has_every_key_but_the_dates():
    for language, table in TABLES.items():
        assert set(table) == set(KEYS) - set(DATE_KEYS), language
        assert all(placeholders_kept(key, text) for key, text in table.items()), language
    wanted = {"de", "fr", "es", "pt", "it", "nl", "pl", "sv", "tr", "ru", "uk", "ja", "ko"}
    wanted |= {"zh-Hans", "zh-Hant", "ar", "he", "hi", "vi"}
    assert wanted <= set(TABLES)


@pytest.mark.parametrize(
    ("language", "date"),
    [
        ("en-US", "November 26, 2026"),
        ("en-GB", "26 November 2026"),
        ("de-AT", "26. November 2026"),
        ("pl", "26 listopada 2026"),
        ("ru", "26 ноября 2026\u202fг."),  # a narrow no-break space before "г."
        ("ja", "2026年11月26日"),
        ("ko", "2026년 11월 26일"),
        ("zh-TW", "2026年11月26日"),
        ("vi", "26 tháng 11, 2026"),
        ("he", "26 בנובמבר 2026"),
    ],
)
def test_dates_are_written_as_cldr_writes_them_in_each_locale(language, date):
    from faq_export.words import words_for

    words, missing = words_for(language)
    assert missing == []
    assert words.date(dt.date(2026, 11, 26)) == date


def test_every_language_with_a_table_gets_its_date_from_cldr():
    from babel.dates import format_date

    from faq_export.words import words_for

    for language in TABLES:
        words, _ = words_for(language)
        assert words.locale, language
        day = dt.date(2026, 1, 5)
        assert words.date(day) == format_date(day, "long", locale=words.locale), language


def test_a_language_faq_export_has_no_words_for_names_the_missing_keys_at_its_line(tmp_path):
    [(line, column, message)] = errors(write(tmp_path, language="sr-Latn-RS"))
    assert (line, column) == (3, 13)
    assert "no words for the language 'sr-Latn-RS'" in message
    # CLDR knows Serbian's dates: only the words are missing.
    assert "contents, question, publisher" in message and "pages, link_web" in message
    assert "months" not in message and "date_format" not in message
    # A language CLDR has no dates for needs them too.
    [(_, _, message)] = errors(write(tmp_path, language="tlh"))
    assert "start_of_content, pages, date_format, months, link_web" in message


def test_traditional_chinese_is_given_traditional_words(tmp_path):
    document = load_document(write(tmp_path, language="zh-TW"))
    assert document.words("contents") == "目錄"
    assert document.words.date(document.metadata.date) == "2026年3月5日"


def test_months_without_a_date_format_is_an_error_naming_cldr_s_date(tmp_path):
    block = "words:\n  months: [" + ", ".join(f"m{n}" for n in range(1, 13)) + "]\n"
    [(line, column, message)] = errors(write(tmp_path, language="de", words=block))
    assert (line, column, message) == (9, 11, "'months' is used only with 'date_format'")


def test_the_source_can_give_the_words_of_its_language(tmp_path):
    serbian = {
        "contents": "Sadržaj",
        "question": "{number}. {question}",
        "publisher": "Izdavač",
        "version": "Verzija",
        "date": "Datum",
        "source": "Izvor",
        "source_link": "Originalna veb-stranica",
        "page": "Strana {page}",
        "page_of": "Strana {page} od {pages}",
        "landmarks": "Orijentiri",
        "title_page": "Naslovna strana",
        "start_of_content": "Početak sadržaja",
        "pages": "Strane",
        "date_format": "{day}. {month} {year}.",
        "link_web": "{text}, veb-stranica {url}",
        "link_address": "Veb-stranica {url}",
        "link_source": "Originalna publikacija, veb-stranica {url}",
        "go_to": "Idi na „{heading}”",
        "go_to_page": "Idi na „{heading}”, strana {page}",
    }
    months = "[januar, februar, mart, april, maj, jun, jul, avgust, septembar, oktobar, " + (
        "novembar, decembar]"
    )
    block = "words:\n" + "".join(f'  {k}: "{v}"\n' for k, v in serbian.items())
    block += f"  months: {months}\n"
    document = load_document(write(tmp_path, language="sr-Latn-RS", words=block))
    assert document.words("contents") == "Sadržaj"
    assert document.words.date(document.metadata.date) == "5. mart 2026."
    assert document.toc_entries()[1].text == "1. What is it?"


def test_the_source_can_change_a_word_of_a_language_faq_export_has(tmp_path):
    block = 'words:\n  contents: "In this FAQ"\n  question: "Q{number}: {question}"\n'
    document = load_document(write(tmp_path, words=block))
    assert document.words("contents") == "In this FAQ"
    assert document.headings["what-is-it"] == "Q1: What is it?"
    assert document.words("page_of", page=2, pages=9) == "Page 2 of 9"  # the rest: English


def test_mistakes_in_the_words_are_reported_at_their_lines(tmp_path):
    block = (
        "words:\n"
        '  contents: "Inhalt"\n'
        '  page_of: "Seite {page}"\n'
        "  months: [Januar, Februar]\n"
        '  chapter: "Kapitel"\n'
    )
    found = errors(write(tmp_path, words=block))
    assert [(line, message) for line, _, message in found] == [
        (10, "the words for 'page_of' must hold {page}, {pages}"),
        (11, "'months' must list the twelve month names, January first"),
        (12, "unknown key 'chapter' in words"),
    ]


# --- passages in another language ----------------------------------------------------------


def test_words_and_passages_in_another_language_are_read_from_markdown(tmp_path):
    answer = "Say [hola]{lang=es} twice.\n\n          {lang=fr}\n          Un paragraphe."
    document = load_document(write(tmp_path, answer=answer))
    paragraph, passage = document.questions[0].answer
    assert isinstance(paragraph, m.Paragraph)
    assert m.Span("es", (m.Text("hola"),)) in paragraph.children
    assert passage == m.Passage("fr", (m.Paragraph((m.Text("Un paragraphe."),)),))


def test_a_passage_with_a_wrong_language_tag_is_an_error_at_its_line(tmp_path):
    [(line, column, message)] = errors(write(tmp_path, answer="Say [x]{lang=zz-qqqqqqqq}."))
    assert (line, column) == (14, 19)  # at lang=
    assert message == "'zz-qqqqqqqq' is not a language tag of the IANA registry"


def test_other_braces_are_reported_or_kept_as_text(tmp_path):
    [(_, _, message)] = errors(write(tmp_path, answer="See [x](https://example.org){.big}."))
    assert message.startswith("'{.big}' after [text] or a link")
    # A line in braces that is not a language stays text (a content rule tells of it).
    document = load_document(write(tmp_path, answer="{% include note.html %}"))
    assert m.blocks_text(document.questions[0].answer) == "{% include note.html %}"


# --- the examples, built as a user would -----------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    out: dict[str, dict[str, Path]] = {}
    for language, source in EXAMPLES.items():
        folder = tmp_path_factory.mktemp(language)
        assert main(["build", str(source), "--out", str(folder), "--quiet", "--strict"]) == 0
        out[language] = {p.suffix.lstrip("."): p for p in folder.iterdir() if p.suffix != ".json"}
    return out


@pytest.mark.parametrize("language", EXAMPLES)
def test_each_pdf_passes_page_validation(built, language):
    report = page.validate_pdf(str(built[language]["pdf"]), profile="ua1")
    assert [f.rule_id for f in report.failures] == []


@pytest.mark.parametrize("language", EXAMPLES)
def test_each_epub_passes_epubcheck_and_ace(built, language, tmp_path):
    epub = built[language]["epub"]
    assert run_epubcheck(epub, tmp_path).at("FATAL", "ERROR", "WARNING") == []
    assert run_ace(epub, tmp_path).violations == []


def letters(text: str) -> str:
    """Letters, marks and digits only: the words, in order, without the spaces, punctuation
    and direction marks an extractor adds or moves."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LMN")


def pdftotext(path: Path, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def paragraphs(blocks: tuple[m.Block, ...]) -> list[str]:
    """The text of each paragraph and list item, as the source has it."""
    found: list[str] = []
    for block in blocks:
        match block:
            case m.Paragraph(children):
                found.append(m.plain_text(children))
            case m.BulletList(items) | m.OrderedList(items):
                for item in items:
                    found.extend(paragraphs(item.blocks))
            case m.BlockQuote(inner) | m.Passage(blocks=inner):
                found.extend(paragraphs(inner))
    return found


@pytest.mark.parametrize("language", EXAMPLES)
def test_pdftotext_reads_every_paragraph_in_reading_order(built, language):
    """Inside the margins (no running header or footer), page by page: each heading,
    paragraph and list item of the source is there, its words in the source's order."""
    document = load_document(EXAMPLES[language])
    # Letter paper at 72 dpi: 612 x 792; the margins are 22 mm (62 pt) and 24 mm (68 pt).
    text = letters(
        pdftotext(built[language]["pdf"], "-x", "0", "-y", "60", "-W", "612", "-H", "664")
    )
    expected = [document.metadata.title, *paragraphs(document.intro)]
    for section in document.sections:
        expected += [section.title, *paragraphs(section.body)]
        for question in section.questions:
            expected += [document.question_heading(question), *paragraphs(question.answer)]
    missing = [p for p in expected if letters(p) not in text]
    assert missing == []


def test_the_fixed_words_are_in_the_documents_language(built):
    spanish, chinese, arabic = (pdftotext(built[k]["pdf"], "-f", "2", "-l", "2") for k in EXAMPLES)
    assert "Índice" in spanish and re.search(r"Página 2 de \d+", spanish)
    assert "目录" in chinese and re.search(r"第 2 页，共 \d+ 页", chinese)
    assert "المحتويات" in arabic and "صفحة" in arabic
    cover = pdftotext(built["zh-Hans"]["pdf"], "-f", "1", "-l", "1")
    assert "版本" in cover and "2026年11月26日" in cover
    with zipfile.ZipFile(built["es"]["epub"]) as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
    landmarks = [a.text for a in nav.iterfind(".//x:nav[@id='landmarks']//x:a", XHTML)]
    assert landmarks == ["Portada", "Índice", "Inicio del contenido"]
    briefing = docx.Document(str(built["ar"]["docx"]))
    assert any(p.text == "المحتويات" for p in briefing.paragraphs)
    # What the PDF's links tell a screen reader they lead to, in the document's language.
    with pikepdf.open(built["ar"]["pdf"]) as pdf:
        descriptions = [
            str(a.Contents) for p in pdf.pages for a in p.get("/Annots", []) if "/Contents" in a
        ]
    assert "انتقل إلى «1. ما الخدمات المشتركة؟»، صفحة 3" in descriptions
    assert "المنشور الأصلي، صفحة ويب https://ussm.gsa.gov/faq/" in descriptions


# --- language, direction and typefaces, format by format ---------------------------------------


def embedded_fonts(pdf_path: Path) -> set[str]:
    with pikepdf.open(pdf_path) as pdf:
        return {
            str(font.BaseFont).split("+", 1)[1]
            for pdf_page in pdf.pages
            for font in pdf_page.Resources.get("/Font", {}).values()
        }


def test_each_pdf_says_its_language_and_embeds_the_typefaces_of_its_script(built):
    for language in EXAMPLES:
        with pikepdf.open(built[language]["pdf"]) as pdf:
            assert str(pdf.Root.Lang) == language
    assert embedded_fonts(built["es"]["pdf"]) >= {"Atkinson-Hyperlegible"}
    assert "Noto-Sans-CJK-SC" in embedded_fonts(built["zh-Hans"]["pdf"])
    assert {"Noto-Sans-Arabic", "Noto-Sans-Arabic-Bold"} <= embedded_fonts(built["ar"]["pdf"])
    # Only a subset of the 16 MB Chinese typeface travels with the PDF.
    assert built["zh-Hans"]["pdf"].stat().st_size < 1_000_000


def test_a_cyrillic_faq_sets_its_latin_words_in_the_face_of_its_text(tmp_path):
    """A Russian FAQ is set in DejaVu Sans, Latin words and all ("Visual Studio Code"
    inside Cyrillic sentences), not in Atkinson Hyperlegible word by word."""
    from faq_export.render.pdf import render_pdf
    from tests.test_source_errors import VALID

    source = tmp_path / "faq.yaml"
    source.write_text(
        VALID.replace("language: en-US", "language: ru").replace(
            "It is a test.", "Откройте Visual Studio Code и выберите файл."
        ),
        encoding="utf-8",
    )
    pdf = tmp_path / "faq.pdf"
    pdf.write_bytes(render_pdf(load_document(source)))
    used = embedded_fonts(pdf)
    assert any(name.startswith("DejaVu-Sans") for name in used), used
    assert not any(name.startswith("Atkinson") for name in used), used


def test_the_english_titles_inside_other_languages_are_marked_english(built):
    for language in EXAMPLES:
        with pikepdf.open(built[language]["pdf"]) as pdf:
            spans = [
                o
                for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and "/S" in o and o.get("/Lang") == "en"
            ]
        assert spans, language


def test_the_arabic_epub_reads_right_to_left(built):
    with zipfile.ZipFile(built["ar"]["epub"]) as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        pages = [n for n in z.namelist() if n.endswith(".xhtml")]
        documents = [etree.fromstring(z.read(n)) for n in pages]
        fonts = z.read("EPUB/fonts.css").decode()
        font_files = [i for i in z.infolist() if i.filename.startswith("EPUB/fonts/")]
    assert opf.find("opf:spine", XHTML).get("page-progression-direction") == "rtl"
    assert opf.find(".//{http://purl.org/dc/elements/1.1/}language").text == "ar"
    for document in documents:
        assert (document.get("lang"), document.get(XML_LANG), document.get("dir")) == (
            "ar",
            "ar",
            "rtl",
        )
    assert fonts.index('"Noto Sans Arabic"') < fonts.index('"Atkinson Hyperlegible"')
    # Subsets: what the text uses of each typeface, not the whole font.
    assert all(info.file_size < 200_000 for info in font_files)


def test_the_chinese_epub_carries_a_subset_of_its_typeface(built):
    with zipfile.ZipFile(built["zh-Hans"]["epub"]) as z:
        sizes = {i.filename: i.file_size for i in z.infolist() if "/fonts/" in i.filename}
        spine = etree.fromstring(z.read("EPUB/content.opf")).find("opf:spine", XHTML)
    assert any("NotoSansCJK" in name for name in sizes)
    assert sum(sizes.values()) < 1_500_000
    assert spine.get("page-progression-direction") is None


def test_the_docx_says_its_language_direction_and_typefaces(built):
    def defaults(path: Path) -> tuple[etree._Element, etree._Element | None]:
        styles = docx.Document(str(path)).styles.element
        doc_defaults = styles.find(qn("w:docDefaults"))
        return (
            doc_defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"),
            doc_defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:bidi')}"),
        )

    def normal_fonts(path: Path) -> etree._Element:
        return docx.Document(str(path)).styles["Normal"].element.rPr.rFonts

    lang, bidi = defaults(built["ar"]["docx"])
    assert (lang.get(qn("w:val")), lang.get(qn("w:bidi"))) == ("ar", "ar") and bidi is not None
    assert normal_fonts(built["ar"]["docx"]).get(qn("w:cs")) == "Noto Sans Arabic"
    section = docx.Document(str(built["ar"]["docx"])).sections[0]._sectPr
    assert section.find(qn("w:bidi")) is not None
    briefing = docx.Document(str(built["ar"]["docx"]))
    assert all(r._r.rPr.find(qn("w:rtl")) is not None for r in briefing.paragraphs[0].runs)
    # Word sets right-to-left text in its complex-script size and weight.
    assert briefing.styles["Normal"].element.rPr.find(qn("w:szCs")).get(qn("w:val")) == "23"
    bold = [r for p in briefing.paragraphs for r in p.runs if r.bold]
    assert bold and all(r.font.cs_bold for r in bold)

    lang, bidi = defaults(built["zh-Hans"]["docx"])
    assert lang.get(qn("w:eastAsia")) == "zh-Hans" and bidi is None
    assert normal_fonts(built["zh-Hans"]["docx"]).get(qn("w:eastAsia")) == "Noto Sans CJK SC"

    lang, bidi = defaults(built["es"]["docx"])
    assert (lang.get(qn("w:val")), lang.get(qn("w:bidi")), bidi) == ("es", None, None)


@pytest.fixture(scope="module")
def libreoffice(built, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each DOCX opened by LibreOffice and printed to PDF, as a reader's Word would."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is not installed: run `make test`"
    out = tmp_path_factory.mktemp("libreoffice-languages")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(out / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *(str(built[language]["docx"]) for language in EXAMPLES),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    return {language: out / f"{built[language]['docx'].stem}.pdf" for language in EXAMPLES}


def pdffonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout


def test_libreoffice_sets_each_briefing_in_the_typefaces_of_its_script(libreoffice):
    assert "AtkinsonHyperlegible" in pdffonts(libreoffice["es"]).replace(" ", "")
    # The collection's faces share one CFF table, named for the Japanese face: pdffonts
    # shows "NotoSansCJKjp" for the SC face too.
    assert "NotoSansCJK" in pdffonts(libreoffice["zh-Hans"])
    assert "NotoSans-" not in pdffonts(libreoffice["zh-Hans"])  # no stand-in for Latin
    assert "NotoSansArabic" in pdffonts(libreoffice["ar"])


def test_libreoffice_lays_the_arabic_briefing_out_right_to_left(libreoffice):
    """Paragraphs end at the left and start at the right margin: each line of Arabic text
    ends (its right edge) where the others do, and the short last lines leave the left side
    empty."""
    layout = pdftotext(libreoffice["ar"], "-bbox-layout", "-f", "3", "-l", "4")
    lines = re.findall(
        r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>', layout, re.S
    )
    arabic = [
        (float(x_min), float(x_max))
        for x_min, x_max, words in lines
        if re.search("[\u0600-\u06ff]", words)
    ]
    assert len(arabic) > 20
    right = max(x_max for _, x_max in arabic)
    flush_right = [x_max for _, x_max in arabic if right - x_max < 40]  # list items: indented
    assert len(flush_right) > 0.7 * len(arabic)
    assert min(x_min for x_min, _ in arabic) < right - 300  # full lines reach the left margin


def test_a_cache_folder_that_cannot_be_written_costs_time_not_the_build(built, tmp_path):
    """The Chinese face is copied out of its collection into the cache folder; where that
    cannot be written (here: a file stands in its way), the build uses a folder of its own
    and gives the same bytes."""
    import os
    import sys

    blocked = tmp_path / "cache"
    blocked.write_text("not a folder", encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "faq_export", "build", str(EXAMPLES["zh-Hans"]), "--out", str(out)],
        env={**os.environ, "XDG_CACHE_HOME": str(blocked)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for kind in ("pdf", "epub", "docx"):
        assert (out / built["zh-Hans"][kind].name).read_bytes() == built["zh-Hans"][
            kind
        ].read_bytes()


def test_a_long_lived_process_whose_font_cache_is_emptied_copies_the_face_out_again(
    tmp_path, monkeypatch
):
    """A watch or a notebook builds again after its cache folder was emptied (a user
    clearing ~/.cache): the face it copied out before is copied out again, not looked for
    where it was."""
    import shutil

    from faq_export import fonts

    if not fonts.NOTO_CJK_FOLDER.is_dir():
        pytest.skip("the Noto CJK collection is not installed")
    collection = sorted(fonts.NOTO_CJK_FOLDER.glob("*.ttc"))[0]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = fonts.collection_face(collection, 0)
    data = first.read_bytes()
    shutil.rmtree(tmp_path / "cache")
    again = fonts.collection_face(collection, 0)
    assert again.is_file() and again.read_bytes() == data


def test_a_hebrew_faq_with_its_own_words_is_right_to_left_everywhere(tmp_path):
    """Hebrew has no table here: the source gives its words, and the documents are right to
    left, set in Noto Sans Hebrew, read by pdftotext in the source's order."""
    import faq_export

    words = {k: v for k, v in TABLES["en"].items() if isinstance(v, str)}
    words["contents"] = "תוכן העניינים"
    block = "words:\n" + "".join(f'  {k}: "{v}"\n' for k, v in words.items())
    answer = "שירותים משותפים הם אספקה של שירותי תמיכה משותפים לסוכנויות."
    source = write(tmp_path, language="he", words=block, answer=answer)
    report = faq_export.build(source, tmp_path / "out", strict=True)
    assert report.passed, report.failures
    pdf, epub_file, briefing = (
        tmp_path / "out" / f"test-faq.{kind}" for kind in ("pdf", "epub", "docx")
    )
    assert "Noto-Sans-Hebrew" in embedded_fonts(pdf)
    assert letters(answer) in letters(pdftotext(pdf))
    with zipfile.ZipFile(epub_file) as z:
        page = etree.fromstring(z.read("EPUB/section-01.xhtml"))
        spine = etree.fromstring(z.read("EPUB/content.opf")).find("opf:spine", XHTML)
    assert page.get("dir") == "rtl" and spine.get("page-progression-direction") == "rtl"
    styles = docx.Document(str(briefing)).styles
    assert styles["Normal"].element.rPr.rFonts.get(qn("w:cs")) == "Noto Sans Hebrew"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("常见问题", "常见问题"),
        ("Часто задаваемые вопросы", "часто-задаваемые-вопросы"),
        ("الأسئلة الشائعة", "الأسئلة-الشائعة"),
        ("Häufige Fragen – Straße", "haufige-fragen-straße"),
        ("Sharing Quality Services FAQ", "sharing-quality-services-faq"),
    ],
)
def test_output_names_from_titles_in_any_script_are_readable(tmp_path, title, slug):
    from faq_export.output import output_path

    path = write(tmp_path)
    path.write_text(path.read_text().replace("title: Test FAQ", f"title: {title}"), "utf-8")
    document = load_document(path)
    assert document.metadata.slug == slug
    assert output_path(document, tmp_path, "pdf").name == f"{slug}.pdf"


def test_a_slug_may_be_written_in_any_script_in_lower_case(tmp_path):
    path = write(tmp_path)
    text = path.read_text().replace("language:", "slug: 常见问题-2026\n  language:")
    path.write_text(text, "utf-8")
    assert load_document(path).metadata.slug == "常见问题-2026"
    path.write_text(text.replace("常见问题-2026", "Часто"), "utf-8")
    [(_, _, message)] = errors(path)
    assert message == "'Часто' cannot be a file name"


# --- code in right-to-left documents and the faces of Chinese, Japanese and Korean ---------

CODE_ANSWER = """\
כדי לעדכן את התוכנה הריצו `./yt-dlp.exe -U` בחלון המסוף ואמתו עם `/api/health` שהשירות עובד.

          ```
          ./gradlew build   # בנייה
          /
          └── config.toml
          ```"""


@pytest.fixture(scope="module")
def hebrew_code(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A Hebrew FAQ with inline code and a code block, built strictly (its own fidelity and
    accessibility checks pass)."""
    import faq_export

    folder = tmp_path_factory.mktemp("hebrew-code")
    source = write(folder, language="he", answer=CODE_ANSWER)
    report = faq_export.build(source, folder / "out", strict=True)
    assert report.passed, report.failures
    return {kind: folder / "out" / f"test-faq.{kind}" for kind in ("pdf", "epub", "docx")}


def test_code_in_a_right_to_left_pdf_is_written_left_to_right(hebrew_code):
    """pdftotext reads the code as written (it read "yt-dlp.exe -U/." and "api/health/"), the
    inline code in its place in the Hebrew sentence, and the code block starts at the left
    margin."""
    text = pdftotext(hebrew_code["pdf"])
    assert "./yt-dlp.exe -U" in text and "/api/health" in text
    assert "yt-dlp.exe -U/." not in text and "api/health/" not in text
    # (pdftotext takes a line for right to left when most of its letters are.)
    sentence = "הריצו ./yt-dlp.exe -U בחלון המסוף ואמתו עם /api/health שהשירות עובד"
    assert letters(sentence) in letters(text)
    words = re.findall(
        r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', pdftotext(hebrew_code["pdf"], "-bbox")
    )
    x_of = {word: float(x) for x, word in words}
    hebrew = [float(x) for x, word in words if re.search("[\u0590-\u05ff]", word)]
    # The block's lines start at the left (the margin is 27 mm, 77 pt), as code does.
    assert x_of["./gradlew"] < 100 and x_of["/"] < 100 and x_of["└──"] < 100
    assert max(hebrew) > 450  # the Hebrew text still starts at the right


def test_code_in_a_right_to_left_epub_says_it_is_left_to_right(hebrew_code):
    with zipfile.ZipFile(hebrew_code["epub"]) as z:
        page = etree.fromstring(z.read("EPUB/section-01.xhtml"))
        style = z.read("EPUB/style.css").decode()
    assert page.get("dir") == "rtl"
    pre = page.findall(".//x:pre", XHTML)
    inline = [c for c in page.iterfind(".//x:code", XHTML) if c.getparent().tag != pre[0].tag]
    assert [p.get("dir") for p in pre] == ["ltr"]
    assert [(c.text, c.get("dir")) for c in inline] == [
        ("./yt-dlp.exe -U", "ltr"),
        ("/api/health", "ltr"),
    ]
    # EPUB style sheets may not say direction or unicode-bidi (EPUBCheck CSS-001): the
    # attribute does it.
    assert "unicode-bidi" not in style and "direction" not in style


def test_code_in_a_right_to_left_docx_is_a_left_to_right_paragraph(hebrew_code):
    """The code block's paragraph turns the document's w:bidi off and is aligned left; inline
    code has no w:rtl and is held left to right by marks at its ends."""
    briefing = docx.Document(str(hebrew_code["docx"]))
    [block] = [p for p in briefing.paragraphs if "gradlew" in p.text]
    ppr = block._p.pPr
    assert ppr.find(qn("w:bidi")).get(qn("w:val")) == "0"
    assert ppr.find(qn("w:jc")).get(qn("w:val")) == "left"
    assert all(r._r.rPr is None or r._r.rPr.find(qn("w:rtl")) is None for r in block.runs)
    [sentence] = [p for p in briefing.paragraphs if "yt-dlp" in p.text]
    code = [r for r in sentence.runs if "yt-dlp" in r.text or "health" in r.text]
    assert [r.text for r in code] == ["\u200e./yt-dlp.exe -U\u200e", "\u200e/api/health\u200e"]
    assert all(r._r.rPr.find(qn("w:rtl")) is None for r in code)
    hebrew = [r for r in sentence.runs if re.search("[\u0590-\u05ff]", r.text)]
    assert hebrew and all(r._r.rPr.find(qn("w:rtl")) is not None for r in hebrew)
    # The paragraphs around it are right to left as before (the document's default).
    styles = briefing.styles.element
    assert (
        styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:bidi')}")
        is not None
    )


@pytest.mark.parametrize(
    ("language", "face"),
    [
        ("zh-Hant-TW", "Noto Sans CJK TC"),
        ("zh-TW", "Noto Sans CJK TC"),
        ("zh-HK", "Noto Sans CJK HK"),
        ("zh-Hans", "Noto Sans CJK SC"),
        ("ja", "Noto Sans CJK JP"),
        ("ko", "Noto Sans CJK KR"),
    ],
)
def test_chinese_japanese_and_korean_are_set_in_the_face_of_their_forms(tmp_path, language, face):
    """骨 and 直 are drawn differently in Simplified and Traditional Chinese, Japanese and
    Korean: each document uses the Noto Sans CJK face of its own forms, in all three formats."""
    import faq_export

    source = write(tmp_path, language=language, answer="骨直今。常見問題 한국어 ひらがな")
    report = faq_export.build(
        source, tmp_path / "out", formats=("pdf", "epub", "docx"), strict=True
    )
    assert report.passed, report.failures
    pdf, epub_file, briefing = (
        next((tmp_path / "out").glob(f"*.{kind}")) for kind in ("pdf", "epub", "docx")
    )
    cjk = {name for name in embedded_fonts(pdf) if "CJK" in name}
    assert cjk and all(face.replace(" ", "-") in name for name in cjk), cjk
    with zipfile.ZipFile(epub_file) as z:
        css = z.read("EPUB/fonts.css").decode()
    assert f'font-family: "{face}"' in css and "CJK SC" not in css.replace(face, "")
    fonts = docx.Document(str(briefing)).styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == face
