"""The plain-text edition (``render/text.py``): readable as UTF-8, and with the model, holding all
of its text (the fidelity check).

The reader gets the file as its blocks (runs of lines between blank lines). A block of one
line may be a heading (the writer never wraps one, and writes each between blank lines); the
contents, one block of many lines, repeat the headings and are read as text, never as
headings, like the nav of the EPUB and the TOC paragraphs of the DOCX.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import faq_export.model as m
from faq_export.checks.fidelity import Piece, fidelity_findings
from faq_export.checks.findings import Finding, Rule
from faq_export.checks.registry import E, Hit, Registry
from faq_export.render.text import link_text

TEXT_ENCODING = Rule(
    "FE-TXT-ENCODING",
    E,
    "A plain-text file is not UTF-8",
    "WCAG 1.3.1 and 4.1.1 (text a reader's software can decode); RFC 3629",
    "Save the file as UTF-8: a reader's software that guesses another encoding shows other "
    "letters than the ones written.",
    "A file saved as Windows-1252, where “é” is one byte a UTF-8 reader cannot decode.",
)


@dataclass(frozen=True)
class TextContext:
    data: bytes
    document: m.Document | None


TEXT: Registry[TextContext] = Registry("plain text")


@TEXT.check(TEXT_ENCODING)
def _utf8(ctx: TextContext) -> Iterator[Hit]:
    try:
        ctx.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = ctx.data[: exc.start].count(b"\n") + 1
        yield Hit(f"line {line}", f"byte {exc.start:,} is not UTF-8 ({exc.reason})")


RULES: dict[str, Rule] = TEXT.rules


def check_text(data: bytes, document: m.Document | None = None) -> list[Finding]:
    """The findings of a plain-text file; with the ``document`` it was built from, whether it
    holds all of that document's text."""
    findings = TEXT.run(TextContext(data, document))
    if document is not None and not findings:
        # The text expected as the writer writes a link: its words, then its address.
        pieces = reading_pieces(data.decode("utf-8"))
        findings += fidelity_findings(
            document,
            "txt",
            pieces,
            table=lambda table: m.table_text(table, link_text),
            link=link_text,
        )
    return findings


def reading_pieces(text: str) -> Iterator[Piece]:
    """The file's text in reading order, a block at a time; a block of one line may be a
    heading."""
    block: list[str] = []
    first = 0
    for number, line in enumerate([*text.split("\n"), ""], 1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
            continue
        if block:
            yield Piece("\n".join(block), f"line {first}", len(block) == 1)
            block = []
