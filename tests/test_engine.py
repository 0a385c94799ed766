"""Our patches of WeasyPrint and pydyf (render/engine/, PATCHES.md): in place only while a
build lays out and draws, only on the versions they were written for, and each proved
against the plain engine: the speed patches give the same bytes, and without the
correctness patches our checker finds the defects they fix."""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
import warnings

import pikepdf
import pytest

from faq_export.checks.pdf import check_pdf
from faq_export.render import engine
from faq_export.source import load_document
from tests.conftest import EVERY_NODE, ROOT

SOURCES = {
    "seed": ROOT / "content" / "faq.yaml",
    "every-node": EVERY_NODE,
    "etcd": ROOT / "tests" / "realworld" / "etcd-faq.yaml",
    "arabic": ROOT / "examples" / "faq-ar.yaml",
}


def _targets() -> dict[tuple[int, str], object]:
    """What each patch replaces, as it is now."""
    found = {}
    for patch in engine.patches():
        for owner, attribute, _ in patch.replacements():
            found[(id(owner), attribute)] = vars(owner).get(attribute)
    return found


@functools.cache
def _pdf(name: str, kinds: tuple[str, ...]) -> bytes:
    from faq_export.render.pdf import lay_out

    with engine.patched(kinds=kinds):
        return lay_out(load_document(SOURCES[name])).pdf()


def _rules(name: str, kinds: tuple[str, ...]) -> set[str]:
    findings = check_pdf(_pdf(name, kinds), load_document(SOURCES[name]))
    return {f.rule for f in findings if f.fails()}


def test_importing_faq_export_patches_nothing():
    """A program that imports faq-export (and builds nothing) gets WeasyPrint and pydyf as
    they are."""
    script = (
        "import pydyf, weasyprint.pdf.tags, weasyprint.pdf.stream, weasyprint.layout\n"
        "before = (pydyf.PDF.__dict__['page_references'], weasyprint.pdf.tags._build_box_tree,"
        " weasyprint.pdf.stream.Stream.show_text, weasyprint.layout.make_all_pages)\n"
        "import faq_export.render.pdf, faq_export.api\n"
        "after = (pydyf.PDF.__dict__['page_references'], weasyprint.pdf.tags._build_box_tree,"
        " weasyprint.pdf.stream.Stream.show_text, weasyprint.layout.make_all_pages)\n"
        "print(all(a is b for a, b in zip(before, after)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["True"]


def test_a_build_puts_the_patches_in_place_and_takes_them_out(faq, monkeypatch):
    from faq_export.render.pdf import lay_out

    monkeypatch.delenv(engine.ENVIRONMENT, raising=False)
    before = _targets()
    seen: list[bool] = []
    with engine.patched() as names:
        seen.append(_targets() != before)
        lay_out(faq).pdf()
    assert set(names) == {p.name for p in engine.patches()}
    assert seen == [True]
    assert _targets() == before


def test_builds_on_threads_share_the_patches_until_the_last_ends(monkeypatch):
    """The patches are the process's: the first build in puts them in place, the last out
    takes them out, whatever the order the threads end in."""
    monkeypatch.delenv(engine.ENVIRONMENT, raising=False)
    before = _targets()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with engine.patched():
            first_in.set()
            second_in.wait(10)
        first_out.set()

    def second() -> None:
        first_in.wait(10)
        with engine.patched():
            second_in.set()
            first_out.wait(10)
            seen["patched after the first ended"] = _targets() != before

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert seen == {"patched after the first ended": True}
    assert _targets() == before


def test_a_patch_for_another_version_is_left_out_with_one_warning(monkeypatch):
    monkeypatch.delenv(engine.ENVIRONMENT, raising=False)
    real = engine._version
    monkeypatch.setattr(
        engine, "_version", lambda module: "71.0" if module == "weasyprint" else real(module)
    )
    monkeypatch.setattr(engine, "_warned", set())
    warned = pytest.warns(engine.EngineVersionWarning, match="weasyprint 71.0 is installed")
    with warned, engine.patched() as names:
        pass
    assert names == ("pydyf-page-references",)
    with warnings.catch_warnings(), engine.patched() as names:
        warnings.simplefilter("error")
    assert names == ("pydyf-page-references",)


def test_the_environment_asks_for_the_plain_engine(monkeypatch):
    monkeypatch.setenv("FAQ_EXPORT_ENGINE", "plain")
    with engine.patched() as names:
        assert names == ()
    monkeypatch.setenv("FAQ_EXPORT_ENGINE", "speed")
    with engine.patched() as names:
        assert {p.kind for p in engine.patches() if p.name in names} == {"speed"}


@pytest.mark.parametrize("name", ["seed", "every-node", "etcd"])
def test_the_speed_patches_give_the_same_bytes(name):
    assert _pdf(name, ("speed", "correctness")) == _pdf(name, ("correctness",))
    assert _pdf(name, ("speed",)) == _pdf(name, ())


@pytest.mark.parametrize("name", ["seed", "etcd"])
def test_without_languages_or_right_to_left_text_the_plain_engine_gives_the_same_bytes(name):
    assert _pdf(name, ("speed", "correctness")) == _pdf(name, ())


@pytest.mark.parametrize(
    ("name", "caught"),
    [
        ("every-node", {"FE-PDF-PASSAGE-LANG"}),
        ("arabic", {"FE-PDF-PASSAGE-LANG", "FE-PDF-RTL-TOUNICODE"}),
    ],
)
def test_our_checker_finds_what_the_correctness_patches_fix_when_they_are_absent(name, caught):
    assert not _rules(name, ("speed", "correctness")) & caught
    assert _rules(name, ()) >= caught


def test_without_the_raised_marks_patch_pdftotext_loses_arabic_words(tmp_path):
    """What raised-marks fixes is no checker rule's (our checker reads text by marked
    content, not by baseline): the Arabic example's paragraphs, read by pdftotext."""
    from tests.test_languages import letters, paragraphs, pdftotext

    document = load_document(SOURCES["arabic"])
    expected = [
        letters(p) for s in document.sections for q in s.questions for p in paragraphs(q.answer)
    ]

    def missing(names: list[str]) -> int:
        from faq_export.render.pdf import lay_out

        with engine.patched(names=names):
            (tmp_path / "ar.pdf").write_bytes(lay_out(document).pdf())
        # The text column only: a paragraph split over two pages reads on past the running
        # head and foot in the margins (22 mm above, 24 mm below).
        with pikepdf.open(tmp_path / "ar.pdf") as pdf:
            width, height = (int(float(v)) for v in pdf.pages[0].mediabox[2:])
        column = ("-x", "0", "-y", "63", "-W", str(width), "-H", str(height - 63 - 69))
        text = letters(pdftotext(tmp_path / "ar.pdf", *column))
        return sum(p not in text for p in expected)

    every = [p.name for p in engine.patches()]
    assert missing(every) == 0
    assert missing([n for n in every if n != "raised-marks"]) > 0


# Marks inside a lam-alef ligature (tanween on alef, shadda, a vowel), lam-alef with each
# hamza and madda, shadda with a vowel, kasratan and dammatan, Persian and Urdu letters, and
# Hebrew points: HarfBuzz draws some of these with several glyphs for one cluster.
MARKED = {
    "ar": "استخدم وكيلًا. البرنامج قديمًا ويدويًا وشكرًا وأيضًا. لا لأن لإنشاء لآخر الآن إلا "
    "ولا إلّا لَا كلًّا فلًا لُا. محمّدٌ شدَّة مُدَّةً كتابٍ كتابٌ بيتٍ عِلْمٌ. "
    "پیشگیری گچ ژاله چی ٹھیک ڈاکٹر نہیں ہے پاکستان اُردو گھر.",
    "he": "שָׁלוֹם בְּרֵאשִׁית עִבְרִית שִׂמְחָה כֹּל יִשְׂרָאֵל וּבַּיִת אֱלֹהִים תּוֹרָה.",
}
MAPPING = ("FE-TEXT-", "PDFUA1-FONT", "PDFA2A-UNICODE")


def _marked_source(tmp_path, language: str):
    from tests.test_languages import TABLES, write

    words = ""
    if language == "he":  # no table of its own: the source gives the words
        english = {k: v for k, v in TABLES["en"].items() if isinstance(v, str)}
        words = "words:\n" + "".join(f'  {k}: "{v}"\n' for k, v in english.items())
    return write(tmp_path, language=language, words=words, answer=MARKED[language])


def _keys(text: str) -> list[str]:
    """Each word of ``text`` by the characters it holds (a right-to-left word is drawn
    reversed, its marks where the font puts them), as the fidelity check compares them."""
    from faq_export.checks.fidelity import normalise
    from tests.test_languages import letters

    return ["".join(sorted(normalise(letters(w)))) for w in text.split() if letters(w)]


@pytest.mark.parametrize("language", MARKED)
def test_glyphs_sharing_a_cluster_are_each_mapped_to_their_own_characters(tmp_path, language):
    """WeasyPrint gives a cluster drawn with several glyphs (a mark inside lam-alef, two
    Hebrew points) all to the first glyph and nothing to the others ("وكيلًا" read
    "وكيللًاا"; a malformed ToUnicode CMap); rtl-cluster-text shares it out."""
    import io

    import pikepdf

    from faq_export.checks.pdf import PdfContext
    from faq_export.checks.pdf_text import reading_pieces
    from faq_export.cli import main
    from faq_export.render.pdf import lay_out
    from tests.test_languages import pdftotext

    source = _marked_source(tmp_path, language)
    document = load_document(source)
    out = tmp_path / "out"
    assert main(["build", str(source), "--out", str(out), "--format", "pdf", "-q"]) == 0
    pdf = next(out.glob("*.pdf"))
    failed = {f.rule for f in check_pdf(pdf.read_bytes(), document) if f.fails()}
    assert not {rule for rule in failed if rule.startswith(MAPPING)}

    wanted = dict(zip(MARKED[language].split(), _keys(MARKED[language]), strict=True))
    with pikepdf.open(pdf) as opened:
        pieces = reading_pieces(PdfContext(opened, read_text=True))
        read = {key for piece in pieces for key in _keys(piece.text)}
    assert [word for word, key in wanted.items() if key not in read] == []
    if language == "ar":  # pdftotext splits Hebrew words at points drawn far off their letter
        extracted = set(_keys(pdftotext(pdf)))
        assert [word for word, key in wanted.items() if key not in extracted] == []

    others = [p.name for p in engine.patches() if p.name != "rtl-cluster-text"]
    for names in (others, []):
        with engine.patched(names=names):
            data = lay_out(document).pdf()
        failed = {f.rule for f in check_pdf(data, document) if f.fails()}
        assert {rule for rule in failed if rule.startswith(MAPPING)}, names
        with pikepdf.open(io.BytesIO(data)) as opened:
            pieces = reading_pieces(PdfContext(opened, read_text=True))
            read = {key for piece in pieces for key in _keys(piece.text)}
        assert not read >= set(wanted.values()), names


def test_a_patch_that_cannot_be_made_leaves_nothing_in_place(monkeypatch):
    from faq_export.render.engine.patch import Patch

    monkeypatch.delenv(engine.ENVIRONMENT, raising=False)
    before = _targets()

    def broken() -> list:
        raise AttributeError("the library changed")

    real = engine.patches()
    monkeypatch.setattr(engine, "patches", lambda: [*real, Patch("broken", "speed", {}, broken)])
    with pytest.raises(AttributeError), engine.patched():
        pass
    monkeypatch.setattr(engine, "patches", lambda: real)
    assert _targets() == before
    with engine.patched() as names:
        assert "broken" not in names
