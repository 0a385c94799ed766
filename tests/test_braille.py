"""Braille ready to emboss (BRF): the bytes an embosser takes, the pages a reader finds, and the
words read back.

Each BRF is read as an embosser and a reader take it: split at form feeds and CR LF, each
character one of the 64 cells of North American ASCII braille, each page numbered at the right
of its last line, and its braille back-translated by liblouis and compared with the source
(checks/brf.py, fidelity.py). A check that cannot fail proves nothing: a BRF with a line of an
answer dropped must be caught, and so must each broken page rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import faq_export
from faq_export import model as m
from faq_export.checks import brf as brf_check
from faq_export.checks.brf import check_brf, print_page_number, reading_pieces, unicode_braille
from faq_export.checks.catalog import RULES, check_bytes
from faq_export.errors import BrailleError, SourceErrors
from faq_export.render import louis
from faq_export.render.braille import NoBrailleTable, layout_document, render_brf
from faq_export.render.braille.cells import (
    BLANK,
    CONTINUATION,
    NA_ASCII,
    NOTE_OPEN,
    from_ascii,
    to_ascii,
)
from faq_export.render.braille.layout import wrap
from faq_export.render.braille.tables import languages_with_tables, refusals, tables_for
from tests.test_source_errors import VALID

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {
    "seed": ROOT / "content" / "faq.yaml",
    "every-node": ROOT / "tests" / "sources" / "every-node.yaml",
    "spanish": ROOT / "examples" / "faq-es.yaml",
    "lineageos": ROOT / "tests" / "realworld" / "lineageos-faq.yaml",
    "etcd": ROOT / "tests" / "realworld" / "etcd-faq.yaml",
}
ALLOWED = {ord(c) for c in NA_ASCII} | {0x0D, 0x0A, 0x0C}


def pages_of(data: bytes) -> list[list[str]]:
    """The BRF's pages and lines, read as an embosser reads them."""
    text = data.decode("ascii")
    assert "\n" not in text.replace("\r\n", ""), "a line end that is not CR LF"
    return [page.split("\r\n")[:-1] for page in text.split("\f")]


@pytest.fixture(scope="module")
def documents() -> dict[str, m.Document]:
    return {name: faq_export.load(path) for name, path in SOURCES.items()}


@pytest.fixture(scope="module")
def brfs(documents: dict[str, m.Document]) -> dict[str, bytes]:
    return {name: render_brf(document) for name, document in documents.items()}


# --- what an embosser takes ----------------------------------------------------------------


@pytest.mark.parametrize("name", SOURCES)
def test_only_ascii_braille_crlf_and_form_feeds(brfs, name):
    data = brfs[name]
    assert set(data) <= ALLOWED
    assert b"\r\n" in data and b"\f" in data
    assert re.search(rb"(?<!\r)\n|\r(?!\n)", data) is None


@pytest.mark.parametrize("name", SOURCES)
def test_lines_and_pages_fit_a_40_by_25_page(brfs, name):
    pages = pages_of(brfs[name])
    assert len(pages) >= 3  # a title page, the contents, the body
    for page in pages:
        assert len(page) == 25  # the number is on line 25, so every page has all its lines
        assert max(len(line) for line in page) <= 40


@pytest.mark.parametrize("name", SOURCES)
def test_every_page_is_numbered_at_the_right_of_its_last_line(brfs, name):
    pages = pages_of(brfs[name])
    numbers = []
    for page in pages:
        last = page[-1]
        assert len(last) == 40 and re.fullmatch(r" {3,}\S+", last), last
        numbers.append(print_page_number(last.strip()))
    prelim = [n for n in numbers if n.startswith("p")]
    body = [n for n in numbers if not n.startswith("p")]
    assert prelim == [f"p{i}" for i in range(1, len(prelim) + 1)]  # title page, contents
    assert body == [str(i) for i in range(1, len(body) + 1)]
    assert numbers == prelim + body


@pytest.mark.parametrize("name", SOURCES)
def test_back_translation_finds_every_word_of_the_source(brfs, documents, name):
    assert check_brf(brfs[name], documents[name]) == []


def test_the_same_source_gives_the_same_bytes(documents, brfs):
    assert render_brf(documents["every-node"]) == brfs["every-node"]
    assert render_brf(documents["seed"]) == brfs["seed"]


# --- what a reader finds --------------------------------------------------------------------


def test_the_seed_reads_as_contracted_ueb_with_bana_layout(brfs, documents):
    pages = pages_of(brfs["seed"])
    title, contents = pages[0], pages[1]
    # The title centred on the title page; the contents with guide dots to page numbers.
    assert title[0].strip() == ",%>+ ,QUAL;Y ,S]VICES ,,FAQ"  # "Sharing Quality Services FAQ"
    assert title[0].startswith(" " * 3)
    assert contents[0].strip() == ",3T5TS"  # "Contents", centred
    entries = [line for line in contents if '""' in line]
    assert entries and all(re.search(r' ""+ #[A-J]+$', line) for line in entries)
    body = [line for page in pages[2:] for line in page[:-1]]
    # A question is a cell-5 heading after a blank line; its answer a 3-1 paragraph.
    first = body.index("    #A4 ,:AT >E %>$ S]VICES8")  # "1. What are shared services?"
    assert body[first - 1] == ""
    assert body[first + 1].startswith("  ,%>$ S]VICES")  # cell 3
    assert not body[first + 2].startswith(" ")  # runover at cell 1
    # A section title centred between blank lines.
    section = next(line for line in body if line.strip() == ",KEY TAKEAWAYS")
    at = body.index(section)
    assert body[at - 1] == body[at + 1] == ""
    assert abs(len(section) - len(section.lstrip()) - (40 - len(section.strip())) // 2) <= 1


def test_every_node_in_braille(brfs):
    text = brfs["every-node"].decode("ascii")
    assert "@.<,IMAGE3 ,A R$ SQU>E@.>" in text  # Transcriber's note: Image: A red square
    assert "@.<,FR5*@.>" in text and "@.<,5GLI%@.>" in text  # French braille, then English
    assert "@.<,>ABIC@.> %KRA @.<,5GLI%@.>" in text  # Arabic words in Arabic braille
    assert "A L9E BR1K1 & A WEB L9K\r\nHTTPS3_/_/EXAMPLE4ORG_/PAGE4" in text  # link written out
    # A table as a listed table: its headings, then each row as "heading: value".
    assert ",PLAN2 ,PRICE\r\n,PLAN3 ,BASIC\r\n  ,PRICE3 @S#E\r\n" in text
    assert "CODE BLOCK LINE #A\r\nCODE BLOCK LINE #B" in text  # code line by line


def test_unicode_braille_shows_the_cells():
    assert unicode_braille(b",A #B\r\n") == "⠠⠁⠀⠼⠃\n"
    assert to_ascii(from_ascii("ABC ,#")) == "ABC ,#"


def test_the_back_translation_reads_as_the_source(brfs, documents):
    pieces = reading_pieces(
        brf_check.BrfContext(brfs["every-node"], 40, 25), documents["every-node"]
    )
    texts = [piece.text for piece in pieces]
    assert "1. First question?" in texts
    assert "An image: A red square" in texts
    assert any("Un paragraphe en français." in text for text in texts)
    assert "and شكرا here." in " ".join(texts)  # read with the Arabic table, then English


# --- options --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["seed", "every-node", "spanish"])
def test_grade_1_is_uncontracted_and_reads_back(documents, brfs, name):
    data = render_brf(documents[name], grade=1)
    assert check_brf(data, documents[name], grade=1) == []
    if name == "seed":
        assert data != brfs[name]
        assert b",FREQUENTLY ASKED QUESTIONS" in data  # grade 2: ,FREQU5TLY ASK$ "QS
        assert b",FREQU5TLY" not in data


@pytest.mark.parametrize("name", ["seed", "every-node"])
def test_a_32_by_20_page(documents, name):
    data = render_brf(documents[name], cells=32, lines=20)
    pages = pages_of(data)
    assert all(len(page) == 20 and max(map(len, page)) <= 32 for page in pages)
    assert check_brf(data, documents[name], cells=32, lines=20) == []
    # The 40-cell rules would see the same file as too narrow for nothing, and too short.
    assert {f.rule for f in check_brf(data)} == {"FE-BRF-PAGE-NUMBER"}


def test_a_long_address_is_cut_with_the_continuation_indicator(tmp_path):
    url = "https://example.org/" + "a-very-long-path/" * 4 + "end"
    source = tmp_path / "faq.yaml"
    source.write_text(VALID.replace("It is a test.", f"See <{url}> now."), encoding="utf-8")
    document = faq_export.load(source)
    data = render_brf(document)
    lines = [line for page in pages_of(data) for line in page]
    cut = [line for line in lines if len(line) == 40 and line.endswith('"')]
    assert cut  # dot 5 at the margin, the address going on at the next line
    assert check_brf(data, document) == []


def test_tables_are_chosen_by_liblouis_metadata():
    english = tables_for("en-GB")
    assert english is not None and english.text == ("en-ueb-g2.ctb",) and english.grade == 2
    assert english.literal == ("en-ueb-g1.ctb",)
    french = tables_for("fr", 2)
    assert french is not None and french.text == ("fr-bfu-g2.ctb",)
    # Spanish grade 2 only translates forward: it cannot be read back, so grade 1 is used.
    spanish = tables_for("es", 2)
    assert spanish is not None and spanish.grade == 1 and spanish.text == ("es.tbl",)
    assert tables_for("nl") is None  # liblouis' Dutch table only translates forward
    assert {"en", "es", "fr", "ar"} <= set(languages_with_tables())


# --- errors ---------------------------------------------------------------------------------


def test_a_language_without_a_table_is_an_error_at_its_line(tmp_path):
    source = tmp_path / "faq.yaml"
    source.write_text(VALID.replace("language: en-US", "language: nl"), encoding="utf-8")
    document = faq_export.load(source)
    with pytest.raises(NoBrailleTable) as caught:
        render_brf(document)
    assert isinstance(caught.value, SourceErrors) and isinstance(caught.value, BrailleError)
    (error,) = caught.value.errors
    assert (error.line, error.column) == (3, 13)
    assert "'nl'" in error.message
    named = error.hint.split(": ")[-1].split(", ")
    assert {"en", "es", "fr", "de"} <= set(named) and "nl" not in named


def test_a_build_with_braille_in_a_language_without_a_table_stops_before_the_layout(tmp_path):
    """The other formats are not laid out first only to be thrown away (seconds for a
    long FAQ): the error comes before any step of the build."""
    source = tmp_path / "faq.yaml"
    source.write_text(VALID.replace("language: en-US", "language: nl"), encoding="utf-8")
    steps: list[str] = []
    with pytest.raises(NoBrailleTable):
        faq_export.build(source, tmp_path / "out", formats=("pdf", "brf"), progress=steps.append)
    assert not any("laying out" in step for step in steps), steps
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_page_too_small_is_refused(documents):
    with pytest.raises(BrailleError):
        layout_document(documents["seed"], cells=8, lines=25)
    with pytest.raises(BrailleError):
        render_brf(documents["seed"], grade=3)


def test_without_liblouis_the_error_says_what_to_install(monkeypatch, tmp_path):
    def no_module(name: str) -> None:
        raise ImportError(name)

    louis.binding.cache_clear()
    monkeypatch.setattr(louis.importlib, "import_module", no_module)
    monkeypatch.setattr(louis, "DEBIAN_BINDING", tmp_path / "absent" / "__init__.py")
    try:
        with pytest.raises(BrailleError, match="sudo apt-get install liblouis20 liblouis-data"):
            louis.binding()
    finally:
        louis.binding.cache_clear()


def test_the_debian_binding_is_loaded_by_path_when_not_importable(monkeypatch):
    def no_module(name: str) -> None:
        raise ImportError(name)

    louis.binding.cache_clear()
    monkeypatch.setattr(louis.importlib, "import_module", no_module)
    try:
        assert louis.DEBIAN_BINDING.is_file()
        assert louis.binding().version().startswith("3.")
    finally:
        louis.binding.cache_clear()


# --- a check that can fail ------------------------------------------------------------------


def test_a_dropped_line_of_an_answer_is_lost_text(brfs, documents):
    pages = pages_of(brfs["seed"])
    # The answer of question 1: the line after its cell-5 heading, on the body's first pages.
    for page in pages:
        if "    #A4 ,:AT >E %>$ S]VICES8" in page:
            at = page.index("    #A4 ,:AT >E %>$ S]VICES8") + 2
            dropped = page[at]
            page[:] = [*page[:at], *page[at + 1 : -1], "", page[-1]]  # same page length
            break
    else:
        pytest.fail("question 1 not found")
    data = "\f".join("".join(line + "\r\n" for line in page) for page in pages).encode("ascii")
    findings = check_brf(data, documents["seed"])
    assert [f.rule for f in findings] == ["FE-TEXT-LOST"]
    assert findings[0].where == "question 1"
    assert "braille (BRF)" in findings[0].message
    assert findings[0].source is not None and findings[0].source.startswith(str(SOURCES["seed"]))
    assert dropped


def test_each_page_rule_can_fail(brfs):
    pages = pages_of(brfs["every-node"])
    good = "\f".join("".join(line + "\r\n" for line in page) for page in pages)
    assert check_brf(good.encode("ascii")) == []
    long_line = good.replace("\r\n", " " * 41 + "X\r\n", 1)
    lower = good.replace(",E ,NODE", ",e ,node", 1)
    bare_lf = good.replace("\r\n", "\n", 1)
    extra_line = good.replace("\f", "\r\n\f", 1)
    for text, rule in (
        (long_line, "FE-BRF-LINE-LENGTH"),
        (lower, "FE-BRF-CHARACTERS"),
        (bare_lf, "FE-BRF-CHARACTERS"),
        (extra_line, "FE-BRF-PAGE-LENGTH"),
        (extra_line, "FE-BRF-PAGE-NUMBER"),
    ):
        assert rule in {f.rule for f in check_brf(text.encode("latin-1"))}, rule


def test_the_rules_are_known_to_the_checker(brfs, documents):
    assert {"FE-BRF-CHARACTERS", "FE-BRF-LINE-LENGTH", "FE-BRF-PAGE-LENGTH"} <= set(RULES)
    assert "FE-BRF-PAGE-NUMBER" in RULES
    assert check_bytes(brfs["every-node"], "brf", document=documents["every-node"]) == []


# --- real FAQs: words of other languages, code, addresses, scripts ------------------------


def _source(tmp_path: Path, language: str, question: str, answer: str) -> m.Document:
    """A one-question source in ``language`` (VALID's, its question and answer replaced)."""
    text = (
        VALID.replace("language: en-US", f"language: {language}")
        .replace("What is it?", question)
        .replace("It is a test.", answer.replace("\n", "\n          "))
    )
    source = tmp_path / "faq.yaml"
    source.write_text(text, encoding="utf-8")
    return faq_export.load(source)


def _cells_of(data: bytes) -> str:
    """The BRF's cells with its lines joined, to look for a word's cells."""
    return unicode_braille(data).replace("\n", "")


def _dots(*cells: str) -> str:
    """Cells given as BANA writes them (``"2456"`` is w) as Unicode braille."""
    return "".join(chr(0x2800 + sum(1 << (int(d) - 1) for d in cell)) for cell in cells)


PORTUGUESE = (
    "W/Gh são *watts* por *gigahash*; um minerador executa *hashes* por *watt*. O *Antminer S7* "
    "e *Avalon6* são eficientes. Do inglês, *Field-Progammable Gate Array* (*FPGA*).\n\n"
    "- **Relayed By:** Este bloco foi resolvido.\n- **Block Reward:** 25 BTC."
)


@pytest.mark.parametrize("grade", [2, 1])
def test_english_words_and_numbers_in_portuguese_read_back(tmp_path, grade):
    # Portuguese braille writes w (2456), y (13456) and a number (3456 then a-j) as their own
    # letters and digits, in grade 2 too (no contraction of a foreign word): the braille is
    # right. liblouis reads pt.tbl's cells back as contractions ("watts" as "anteatts",
    # "Array" as "Arraos", "S7" as "Sãog") and the 3-5 around emphasised words with them:
    # the reader takes a braille word that is a source word's cells as that word.
    document = _source(tmp_path, "pt-BR", "O que o hashing significa?", PORTUGUESE)
    data = render_brf(document, grade=grade)
    cells = _cells_of(data)
    assert _dots("2456", "1", "2345", "2345", "234") in cells  # w a t t s, letter by letter
    assert _dots("46", "234", "3456", "1245") in cells  # capital S, number sign, 7
    assert check_brf(data, document, grade=grade) == []
    # The reading is no looser: a word taken out of the braille is lost text.
    dropped = data.replace(b"AVALON", b"", 1)
    assert dropped != data
    assert [f.rule for f in check_brf(dropped, document, grade=grade)] == ["FE-TEXT-LOST"]


POLISH = (
    "Wklej URL `.torrent`, a Engine przekaże URL "
    "`http://127.0.0.1:<port>/stream?infoHash=...&file=...` do odtwarzacza. Włącz go w "
    "`Ustawienia → Offloading Chmury Cloudflare` (lub panelu admina). **Offloading** pomaga."
)


def test_an_address_in_code_and_an_arrow_in_polish_read_back(tmp_path):
    # Polish braille writes "127.0.0.1" with one number sign, the points as dot 3 inside the
    # number (⠼⠁⠃⠛⠄⠚⠄⠚⠄⠁), and "=" as 2356, which pl.tbl writes for "(" and ")" too;
    # liblouis reads the first back as "127.j.j.a", the second as "(. . ." (more words than
    # the braille has), and "→" (25 135) as ":o": the reader reads such a run word by word.
    document = _source(tmp_path, "pl", "Czym jest Offloading?", POLISH)
    data = render_brf(document)
    assert _dots("3456", "1", "12", "1245", "3", "245", "3", "245", "3", "1") in _cells_of(data)
    assert check_brf(data, document) == []
    texts = " ".join(
        piece.text for piece in reading_pieces(brf_check.BrfContext(data, 40, 25), document)
    )
    assert "http://127.0.0.1:<port>/stream?infoHash=...&file=..." in texts
    assert "Ustawienia → Offloading Chmury" in texts
    dropped = data.replace(b".OFFLOADING POMAGA", b"POMAGA", 1)  # the bold word
    assert [f.rule for f in check_brf(dropped, document)] == ["FE-TEXT-LOST"]


def test_a_code_block_character_the_table_cannot_write_is_a_note(tmp_path):
    # ar-ar-g2.ctb has no rule for box-drawing characters: liblouis writes their code point
    # ("\x2500/", eight-dot cells) unless the writer makes a transcriber's note of each.
    answer = "الأمر:\n\n```\n└── KrillinAI.app\n│ a\n```"
    document = _source(tmp_path, "ar", "ما هذا؟", answer)
    data = render_brf(document)
    assert check_brf(data, document) == []
    assert b"\\X25" not in data  # no code point written by liblouis
    notes = unicode_braille(data).count(NOTE_OPEN)
    assert notes == 4  # └, ─, ─ and │, each its note (code is written by ar-ar-g2's rules)


def test_an_address_with_capitals_in_korean_is_six_dot(tmp_path):
    # ko-g1.ctb writes an address (compbrl "://") in computer braille, whose capitals are
    # eight-dot (latinUppercaseComp6.uti: the letter with dot 7): each is written as the
    # table writes a capital elsewhere, dot 6 before the letter.
    answer = (
        "Window는 [drivers](https://developer.android.com/Studio/Run)가 필요합니다. "
        "*Application*. 참고: https://github.com/Genymobile/scrcpy/issues/70"
    )
    document = _source(tmp_path, "ko", "무엇입니까?", answer)
    assert tables_for("ko") == tables_for("ko", 1)  # ko-g2.ctb only translates forward
    data = render_brf(document)
    cells = _cells_of(data)
    assert _dots("6", "1245", "15", "1345") in cells  # ⠠⠛⠑⠝: "Gen" of Genymobile
    assert check_brf(data, document) == []


def test_a_table_is_refused_for_what_a_brf_cannot_hold_or_the_check_cannot_read(tmp_path):
    refused = {refusal.table: refusal.why for refusal in refusals("ko")}
    assert "ko-g2.ctb" in refused and "forward" in refused["ko-g2.ctb"]
    assert "ko-g1.ctb" not in refused
    assert {"he", "id", "zh"}.isdisjoint(languages_with_tables())
    assert "ko" in languages_with_tables()
    # Chinese: liblouis names it cmn; its one readable table writes sounds, not characters.
    assert tables_for("zh-Hant-TW") is None and tables_for("zh-Hans") is None
    document = _source(tmp_path, "zh-Hant-TW", "這是什麼？", "這是測試。")
    with pytest.raises(NoBrailleTable) as caught:
        render_brf(document)
    (error,) = caught.value.errors
    assert (error.line, error.column) == (3, 13)
    assert "zhcn-g2.ctb" in error.message and "sound" in error.message
    assert "zh-tw.ctb" in error.message and "forward" in error.message
    # Hebrew: he-IL.utb only translates forward.
    document = _source(tmp_path, "he", "מה זה?", "זה מבחן.")
    with pytest.raises(NoBrailleTable, match=r"he-IL\.utb: it only translates forward"):
        render_brf(document)


def test_a_word_is_not_ended_at_the_margin_in_dot_5(tmp_path):
    # An Arabic comma is dot 5, the continuation indicator's cell: a word ending in it is
    # not put at the end of a line, where a reader takes it for a word cut there.
    word = _dots("12") * 5 + CONTINUATION
    lines = wrap((_dots("1") * 3 + BLANK) * 8 + word, 40, 0, 0)
    assert not any(len(line) == 40 and line.endswith(CONTINUATION) for line in lines[:-1])
    assert "".join(lines).endswith(word)


def test_code_in_contracted_braille_has_the_grade_1_indicators_it_needs(tmp_path):
    """A code block is spelled out as inline code is, by the contracted table with its grade 1
    indicators (UEB 5.2): ``x`` alone is ⠰⠭, not ⠭ (the wordsign "it"), ``cd`` is ⠰⠉⠙, not
    ⠉⠙ ("could"); it reads back as written and the build's check passes."""
    answer = "Like this:\n\n```\nvar x = T2(t1)\ncd /usr/bin\n```"
    document = _source(tmp_path, "en", "How do I convert?", answer)
    data = render_brf(document)
    cells = _cells_of(data)
    assert _dots("56", "1346") in cells  # ⠰⠭
    assert _dots("56", "14", "145") in cells  # ⠰⠉⠙
    assert check_brf(data, document) == []


def test_a_table_whose_cells_have_no_letters_is_read_back_whole(tmp_path):
    """A listed table repeats its column headings in each row: cells of punctuation only
    (``*``, ``[]``) leave the headings side by side, which is the layout, not a doubling."""
    answer = (
        "| Operation | Trait |\n| --- | --- |\n"
        "| `*` | `Mul` |\n| `*` | `Deref` |\n| `[]` | `Index` |"
    )
    document = _source(tmp_path, "en", "Which traits back the operators?", answer)
    assert check_brf(render_brf(document), document) == []
    grade_1 = render_brf(document, grade=1)
    assert check_brf(grade_1, document, grade=1) == []
