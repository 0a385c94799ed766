"""What an import finds, before it is written as a ``faq.yaml``: sections and questions with
their text already in our Markdown, and the notes on what could not be carried."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from faq_export.source import ID_PATTERN


@dataclass(frozen=True)
class Piece:
    """A piece of the original's visible text."""

    text: str
    where: str  # file:line, or file: paragraph N
    reason: str  # why it would be missing: the construct it is in
    specific: bool = False  # the reason is sure (a field not mapped): notes do not replace it
    moved: bool = False  # the import moves it (a footnote, to its answers): looked for anywhere


@dataclass(frozen=True)
class Note:
    """Something of the source that the written file does not carry, or carries changed."""

    where: str  # a place in the source: file:line, or file and the question
    what: str  # what was there
    done: str  # what the import did about it

    def __str__(self) -> str:
        return f"{self.where}: {self.what}; {self.done}"


@dataclass
class DraftQuestion:
    question: str  # Markdown, one line
    answer: str  # Markdown
    id: str | None = None
    slug: str | None = None  # the id to give it when a link of the source names it


@dataclass
class DraftSection:
    title: str
    id: str | None = None
    body: str = ""  # Markdown before the questions
    questions: list[DraftQuestion] = field(default_factory=list)


@dataclass
class Draft:
    """A FAQ found in a source, ready to be written."""

    source_name: str  # the file it came from, for the notes
    kind: str  # how it was recognised: "USWDS accordion", "data file (q/a)", …
    title: str | None = None
    language: str | None = None
    source_url: str | None = None  # the page's canonical address
    intro: str = ""
    sections: list[DraftSection] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # The original's visible text, for the check that nothing was lost (fidelity.py).
    original: list[Piece] = field(default_factory=list)

    @property
    def questions(self) -> list[DraftQuestion]:
        return [q for s in self.sections for q in s.questions]


def clean_id(value: str | None) -> str | None:
    """The id the written file gives a page's anchor: the anchor itself where it is one the
    source can hold (a letter, then letters, digits, '-' and '_'), else made one
    ('background.what-is-apache' -> 'background-what-is-apache'; links to the page's own
    anchor follow it: to_markdown); None for an empty one."""
    value = (value or "").strip()
    if ID_PATTERN.match(value):
        return value
    made = re.sub(r"[^A-Za-z0-9_-]+", "-", value).strip("-")
    if not made:
        return None
    return made if made[0].isalpha() and made.isascii() else f"id-{made}"
