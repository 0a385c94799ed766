"""The words a Word FAQ (or a page typed like one) puts before its questions and answers, per
language: ``Pytanie: …`` / ``Odpowiedź: …``. A paragraph that starts with a question's label
is a question; the answer's label is left out of the answer's first paragraph.

These are words of the source, not words the documents add, so they live here and not in
``faq_export/words.py``. All languages are tried on every document: the labels are distinct
enough, and a document's stated language is often wrong.
"""

from __future__ import annotations

import re

LABELS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("Question", "Q"), ("Answer", "A")),  # one letter: only these two
    "de": (("Frage",), ("Antwort", "A")),
    "fr": (("Question", "Q"), ("Réponse",)),
    "es": (("Pregunta",), ("Respuesta",)),
    "pt": (("Pergunta",), ("Resposta",)),
    "it": (("Domanda",), ("Risposta",)),
    "nl": (("Vraag",), ("Antwoord", "A")),
    "pl": (("Pytanie",), ("Odpowiedź",)),
    "sv": (("Fråga",), ("Svar",)),
    "cs": (("Otázka",), ("Odpověď",)),
    "tr": (("Soru",), ("Cevap", "Yanıt")),
    "ru": (("Вопрос",), ("Ответ",)),
    "uk": (("Питання",), ("Відповідь",)),
    "zh": (("问", "問", "问题", "問題"), ("答", "回答")),
    "ja": (("質問", "問"), ("回答", "答")),
    "ko": (("질문",), ("답변",)),
}


def _pattern(labels: set[str]) -> re.Pattern[str]:
    ordered = sorted(labels, key=len, reverse=True)
    # "Q:" or "Question :" (French puts a space before the colon), "问：" (a full-width one)
    words = "|".join(re.escape(w) for w in ordered)
    space = r"[\s\u00a0]*"
    return re.compile(rf"^{space}(?:{words})(?:{space}\d+)?{space}[.:：]\s*", re.I)


QUESTION_LABEL = _pattern({w for q, _ in LABELS.values() for w in q})
ANSWER_LABEL = _pattern({w for _, a in LABELS.values() for w in a})
ALL_WORDS = tuple(sorted({w for q, a in LABELS.values() for w in (*q, *a)}))


def split_labelled(text: str) -> tuple[str | None, str]:
    """("question" or "answer", the text after the label), or (None, the text)."""
    for kind, pattern in (("question", QUESTION_LABEL), ("answer", ANSWER_LABEL)):
        match = pattern.match(text)
        if match:
            return kind, text[match.end() :]
    return None, text
