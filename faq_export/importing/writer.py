"""A Draft -> the text of a ``faq.yaml``: metadata filled from the source, TODOs where a person
must supply something, what could not be carried listed in comments at the top, Markdown in
block scalars."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from faq_export._version import __version__
from faq_export.importing.draft import Draft

if TYPE_CHECKING:
    from faq_export.importing.fidelity import Loss

SUMMARY_TODO = (
    "TODO: say in plain words what is true of these documents' accessibility: "
    "what the text has (images with alternative text, tables, code), how it is structured "
    "(headings, lists, links that say where they go) and what it lacks."
)
PLAIN = re.compile(r"^[A-Za-z0-9(][^\n]*$")
# The import's own words, for a source that gives no title or names no section: "Frequently
# asked questions", and "Questions" for a section when the title already says the first. Every
# language of faq_export/words.py's tables, and a few more (tests/test_import.py keeps it so);
# another language gets the English words with a TODO (and its words: are TODOs, which
# `build` refuses).
IMPORT_WORDS: dict[str, tuple[str, str]] = {
    "en": ("Frequently asked questions", "Questions"),
    "es": ("Preguntas frecuentes", "Preguntas"),
    "fr": ("Questions fréquentes", "Questions"),
    "de": ("Häufig gestellte Fragen", "Fragen"),
    "pt": ("Perguntas frequentes", "Perguntas"),
    "it": ("Domande frequenti", "Domande"),
    "nl": ("Veelgestelde vragen", "Vragen"),
    "pl": ("Najczęściej zadawane pytania", "Pytania"),
    "sv": ("Vanliga frågor", "Frågor"),
    "tr": ("Sıkça sorulan sorular", "Sorular"),
    "ru": ("Часто задаваемые вопросы", "Вопросы"),
    "uk": ("Поширені запитання", "Запитання"),
    "ja": ("よくある質問", "質問"),
    "ko": ("자주 묻는 질문", "질문"),
    "zh-Hans": ("常见问题", "问题"),
    "zh-Hant": ("常見問題", "問題"),
    "ar": ("الأسئلة الشائعة", "أسئلة"),
    "he": ("שאלות נפוצות", "שאלות"),
    "hi": ("अक्सर पूछे जाने वाले प्रश्न", "प्रश्न"),
    "vi": ("Câu hỏi thường gặp", "Câu hỏi"),
    "id": ("Pertanyaan yang sering diajukan", "Pertanyaan"),
    "ms": ("Soalan lazim", "Soalan"),
    "cs": ("Často kladené otázky", "Otázky"),
    "sk": ("Často kladené otázky", "Otázky"),
    "da": ("Ofte stillede spørgsmål", "Spørgsmål"),
    "nb": ("Ofte stilte spørsmål", "Spørsmål"),
    "no": ("Ofte stilte spørsmål", "Spørsmål"),
    "fi": ("Usein kysytyt kysymykset", "Kysymykset"),
    "ro": ("Întrebări frecvente", "Întrebări"),
    "hu": ("Gyakran ismételt kérdések", "Kérdések"),
    "el": ("Συχνές ερωτήσεις", "Ερωτήσεις"),
    "bg": ("Често задавани въпроси", "Въпроси"),
    "ca": ("Preguntes freqüents", "Preguntes"),
}


def import_words(language: str) -> tuple[str, str] | None:
    """The import's words in ``language`` (a valid BCP 47 tag), matched on language and
    script as the words tables are (``pt-BR`` uses ``pt``, ``zh-TW`` uses ``zh-Hant``)."""
    import langcodes

    wanted = langcodes.Language.get(language).maximize()
    for tag, words in IMPORT_WORDS.items():
        have = langcodes.Language.get(tag).maximize()
        if (have.language, have.script) == (wanted.language, wanted.script):
            return words
    return None


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "~", "y", "n"}


def scalar(value: str) -> str:
    """A one-line YAML scalar: plain when YAML reads it back as the same text, else quoted."""
    risky = (
        ": " in value
        or " #" in value
        or value.endswith((":", " "))
        or value.lower() in YAML_WORDS
        or re.fullmatch(r"[-+.0-9eE_:]+", value) is not None
        or "\t" in value
    )
    if PLAIN.match(value) and not risky:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def block(text: str, indent: int) -> str:
    """Markdown as a literal block scalar (``|``), indented by ``indent`` spaces."""
    pad = " " * indent
    text = text.strip("\n").replace("\t", "    ")
    indicator = "|" + (str(2) if text.startswith(" ") else "")
    lines = [f"{pad}{line}" if line.strip() else "" for line in text.split("\n")]
    return indicator + "\n" + "\n".join(lines) + "\n"


def identifier_for(draft: Draft, content: bytes) -> str:
    """A stable urn:uuid: the same page (or the same bytes) gives the same identifier."""
    basis = draft.source_url or content.hex()[:4096]
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'faq-export:' + basis)}"


def header(draft: Draft, lost: Sequence[Loss] = ()) -> str:
    """The comments at the top: where the file comes from, every note, and the text of the
    original that is not in the file (imported with --allow-loss)."""
    out: list[str] = [
        f"# Imported by faq-export {__version__} from {draft.source_name}",
        f"# ({draft.kind}): {_count(len(draft.sections), 'section')}, "
        f"{_count(len(draft.questions), 'question')}.",
        "# Read it through, do the TODOs, then check it: faq-export validate FILE",
    ]
    if draft.notes:
        out.append("#")
        out.append(f"# What the import could not carry as it was ({len(draft.notes)}):")
        out.extend(f"# - {note!s}".replace("\n", " ") for note in draft.notes)
    if lost:
        out.append("#")
        out.append(f"# Text of the original that is not in this file ({len(lost)}):")
        out.extend(f"# - {loss!s}".replace("\n", " ") for loss in lost)
    return "\n".join(out) + "\n"


def write_yaml(draft: Draft, identifier: str, date: str, title_given: bool) -> str:
    out: list[str] = [header(draft).rstrip("\n"), "", "metadata:"]
    own = import_words(draft.language or "en")
    faq, questions = own or IMPORT_WORDS["en"]
    untranslated = "  # TODO: the import's words, in English: write them in the document's language"
    title = draft.title or faq
    if not title_given and draft.title is None:
        out.append("  # TODO: the title readers see on the cover and in their library.")
        if own is None:
            out.append(untranslated)
    out.append(f"  title: {scalar(title)}")
    out.append(f"  language: {scalar(draft.language or 'en')}")
    out.append("  # A new identifier: keep it across releases of this FAQ.")
    out.append(f"  identifier: {identifier}")
    out.append('  version: "1.0"')
    out.append(f"  date: {date}")
    if draft.source_url:
        out.append(f"  source: {scalar(draft.source_url)}")
    out.append("  # TODO: replace this with what is true of YOUR documents.")
    out.append("  accessibility_summary: >-")
    out.append(f"    {SUMMARY_TODO}")
    out += words_block(draft.language or "en")
    if draft.intro.strip():
        out.append("")
        out.append("intro: " + block(draft.intro, 2).rstrip("\n"))
    out += ["", "sections:"]
    for section in draft.sections:
        first = True

        def line(text: str) -> None:
            nonlocal first
            out.append(("  - " if first else "    ") + text)
            first = False

        if section.id:
            line(f"id: {section.id}")
        if not section.title and own is None:
            out.append("  " + untranslated)
        # An unnamed section: not the title's words again (two headings alike read oddly).
        named = section.title or (questions if _same(faq, title) else faq)
        line(f"title: {scalar(named)}")
        if section.body.strip():
            line("body: " + block(section.body, 6).rstrip("\n"))
        if section.questions:
            line("questions:")
            for q in section.questions:
                prefix = "      - "
                if q.id:
                    out.append(f"{prefix}id: {q.id}")
                    prefix = "        "
                out.append(f"{prefix}question: {scalar(q.question)}")
                out.append("        answer: " + block(q.answer, 10).rstrip("\n"))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def words_block(language: str) -> list[str]:
    """For a language faq-export has no words for: every key, each a TODO with the English
    words to translate (the documents build, and FE-METADATA-TODO says what is left)."""
    from faq_export.languages import problem
    from faq_export.words import TABLES, table_for

    if problem(language) or table_for(language):
        return []
    out = [
        "",
        f"# TODO: faq-export has no words for '{language}': translate each one (faq-export's",
        "# docs/languages.md, 'Words in other languages'); keep the {placeholders} as they are.",
        "words:",
    ]
    for key, value in TABLES["en"].items():
        if isinstance(value, tuple):
            out.append(f"  {key}: [{', '.join(value)}]  # TODO: translate")
        else:
            out.append(f"  {key}: {scalar('TODO: ' + value)}")
    return out


def _count(number: int, thing: str) -> str:
    return f"{number:,} {thing}{'' if number == 1 else 's'}"
