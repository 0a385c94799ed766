"""Which language a source's text looks like, when it does not say: a suggestion for the
message that asks for --language, never a guess written into the file (a screen reader reads
the whole document by it, so a person decides).

py3langid (langid.py's model, 97 languages, shipped in the package: nothing is fetched) reads
the questions and answers; a short text or a close call gives no suggestion.
"""

from __future__ import annotations

from faq_export.importing.draft import Draft

SAMPLE = 20_000  # characters read: plenty for a language, and fast
MINIMUM = 40  # letters; fewer say too little


def detect(text: str) -> str | None:
    """The language tag the text looks like (``de``), or None when it is too short or
    unclear."""
    sample = " ".join(text.split())[:SAMPLE]
    if sum(c.isalpha() for c in sample) < MINIMUM:
        return None
    import py3langid  # type: ignore[import-untyped]

    ranked = py3langid.rank(sample)
    if not ranked:
        return None
    best, score = ranked[0]
    # rank() gives log-probabilities: a lead of less than 5 over the next is a close call.
    if len(ranked) > 1 and score - ranked[1][1] < 5:
        return None
    return str(best)


def suggestion(draft: Draft) -> str:
    """'; the text looks like German (de); add --language de', or nothing."""
    text = "\n".join([*(q.question + "\n" + q.answer for q in draft.questions), draft.intro])
    tag = detect(text)
    if tag is None:
        return ""
    name = NAMES.get(tag)
    looks = f"{name} ({tag})" if name else f"the language '{tag}'"
    return f"; the text looks like {looks}; add --language {tag}"


# The names of the languages people most often bring; the others are given by their tag.
NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "nb": "Norwegian Bokmål",
    "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish",
    "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
}  # fmt: skip
