"""Language tags (BCP 47): the document's ``metadata.language`` and, later, passages in
another language. Checked by shape (hyphens, subtags of the right length) and against the
IANA Language Subtag Registry, through langcodes: ``zz-qqqqqqqq`` has the shape of a tag but
names no language, and a screen reader would read the text with a wrong voice."""

from __future__ import annotations

import re

SHAPE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")

# Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, and their
# presentation forms): text holding one is written right to left.
RTL_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def problem(tag: str) -> tuple[str, str] | None:
    """What is wrong with ``tag`` and how to fix it, or None when it is a valid tag."""
    if "_" in tag and SHAPE.match(tag.replace("_", "-")):
        return (
            f"'{tag}' is not a language tag",
            f"write {tag.replace('_', '-')}: BCP 47 joins its parts with a hyphen",
        )
    if not SHAPE.match(tag):
        return (
            f"'{tag}' is not a language tag",
            "use a BCP 47 tag such as en-US, en-GB, fr or es-MX",
        )
    import langcodes

    if not langcodes.tag_is_valid(tag):
        return (
            f"'{tag}' is not a language tag of the IANA registry",
            "check the spelling of each part: a language (en, es, zh, ar), then optionally a "
            "script (Hans, Latn), a region (US, MX, 419); for example en-US, zh-Hans, es-419",
        )
    return None


# Scripts written from right to left (ISO 15924), for the direction of text in a language.
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Samr", "Mand"})


def direction(tag: str) -> str:
    """``rtl`` for a language written right to left (Arabic, Hebrew, Persian, Urdu, …, or
    any tag naming such a script), else ``ltr``."""
    import langcodes

    return "rtl" if langcodes.Language.get(tag).maximize().script in RTL_SCRIPTS else "ltr"
