"""Property-based tests (hypothesis): generated Markdown and sources, with nesting, control
characters, odd punctuation and Unicode.

- Loading never fails but with our error (a position and a message): no other exception.
- What loads loses nothing: every word of the Markdown is in the model.
- Every model that loads renders in all three formats, and every word is in each document.

Runs are derandomised (the same examples on every machine, so CI is repeatable); the example
counts are in ``SETTINGS`` and ``RENDER_SETTINGS``.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from faq_export import model as m
from faq_export.errors import SourceErrors
from faq_export.markdown import parse_markdown
from faq_export.pipeline import check_rendered, render
from faq_export.source import load_document
from tests.test_source_errors import VALID

SETTINGS = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
RENDER_SETTINGS = settings(
    max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

# Words a reader would look for: letters of several scripts' Latin range, with accents.
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéüçñø", min_size=3, max_size=10).map(
    lambda w: "w" + w
)
ODD = st.sampled_from(["*", "_", "`", "[", "]", "(", ")", "#", ">", "|", "\\", "~", "<", "&", "!"])
# Raw in the file (a lone surrogate cannot be written in UTF-8: the escapes are in
# test_hostile.py's cases).
CONTROL = st.sampled_from(["\x00", "\x01", "\x07", "\x1b", "\ufffe", "\x7f", "\x85"])


@st.composite
def inline(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, min_size=1, max_size=5))
    text = " ".join(words)
    wrap = draw(st.sampled_from(["", "*", "**", "`", "link", "_", "***"]))
    if wrap == "link":
        return f"[{text}](https://example.org/page)"
    return f"{wrap}{text}{wrap[::-1]}"


@st.composite
def block(draw: st.DrawFn, depth: int = 0) -> str:
    kinds = ["p", "ul", "ol", "quote", "code"] if depth < 3 else ["p"]
    kind = draw(st.sampled_from([*kinds, "table"] if depth == 0 else kinds))
    if kind == "p":
        return " ".join(draw(st.lists(inline(), min_size=1, max_size=4)))
    if kind == "table":
        columns = draw(st.integers(min_value=1, max_value=3))
        rows = draw(st.lists(st.lists(inline(), min_size=columns, max_size=columns), max_size=3))
        header = draw(st.lists(WORDS, min_size=columns, max_size=columns))
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * columns]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        if draw(st.booleans()):
            lines += ["", "Table: " + " ".join(draw(st.lists(WORDS, min_size=1, max_size=3)))]
        return "\n".join(lines)
    if kind == "code":
        return "```\n" + " ".join(draw(st.lists(WORDS, min_size=1, max_size=4))) + "\n```"
    if kind == "quote":
        inner = draw(block(depth + 1))
        return "\n".join("> " + line if line else ">" for line in inner.splitlines())
    items = draw(st.lists(block(depth + 1), min_size=1, max_size=3))
    marker = "- " if kind == "ul" else "1. "
    lines = []
    for item in items:
        first, *rest = item.splitlines() or [""]
        lines.append(marker + first)
        lines.extend(" " * len(marker) + line if line else "" for line in rest)
    return "\n".join(lines)


MARKDOWN = st.lists(block(), min_size=1, max_size=4).map("\n\n".join)
# Markdown with hostile pieces mixed in anywhere.
HOSTILE_MARKDOWN = st.tuples(MARKDOWN, st.lists(st.one_of(ODD, CONTROL), max_size=6)).map(
    lambda pair: _sprinkle(*pair)
)


def _sprinkle(text: str, extras: list[str]) -> str:
    for index, extra in enumerate(extras):
        position = (index * 7919) % (len(text) + 1)
        text = text[:position] + extra + text[position:]
    return text


def words_of(text: str) -> set[str]:
    return set(re.findall(r"\bw[a-zéüçñø]{3,10}\b", text))


def letters(text: str) -> Counter[str]:
    """Every letter, counted: Markdown may join or split words (``**a*b*``), never drop one.
    A table caption's ``Table:`` marker is markup, not words."""
    return Counter(re.findall("[a-zéüçñø]", re.sub(r"(?m)^Table: ", "", text)))


def as_source(tmp_path: Path, markdown: str) -> Path:
    body = "\n".join("          " + line if line else "" for line in markdown.splitlines())
    path = tmp_path / "faq.yaml"
    path.write_text(VALID.replace("answer: Because.", "answer: |\n" + body), encoding="utf-8")
    return path


@SETTINGS
@given(MARKDOWN)
def test_markdown_that_parses_loses_no_word(markdown: str):
    parsed = parse_markdown(markdown, lambda src, alt, offset: None)
    assert parsed.problems == []
    assert letters(markdown) == letters(m.blocks_text(parsed.blocks) + " " + _hrefs(parsed.blocks))


def _hrefs(blocks: tuple[m.Block, ...]) -> str:
    return " ".join(n.url for n in m.walk_inlines(blocks) if isinstance(n, m.Link))


@SETTINGS
@given(HOSTILE_MARKDOWN)
def test_any_markdown_loads_or_fails_with_our_error(tmp_path_factory, markdown: str):
    folder = tmp_path_factory.mktemp("prop")
    try:
        document = load_document(as_source(folder, markdown))
    except SourceErrors as exc:
        assert exc.errors and all(e.line and e.message for e in exc.errors)
        return
    answer = document.questions[-1].answer
    assert letters(markdown) == letters(m.blocks_text(answer) + " " + _hrefs(answer))


@RENDER_SETTINGS
@given(MARKDOWN)
def test_every_model_renders_in_all_three_formats_with_every_word(tmp_path_factory, markdown):
    """Every word is in each document (read by pdftotext, lxml and python-docx), and the
    build's own fidelity check, which reads them as their readers do, finds nothing."""
    folder = tmp_path_factory.mktemp("render")
    document = load_document(as_source(folder, markdown))
    expected = words_of(m.blocks_text(document.questions[-1].answer))
    rendered = render(document, ("pdf", "epub", "docx"))
    findings = check_rendered(document, rendered)
    for fmt, found in findings.items():
        assert [f for f in found if f.rule.startswith("FE-TEXT-")] == [], fmt
    files = rendered.files
    for fmt, data in files.items():
        (folder / f"out.{fmt}").write_bytes(data)
    pdf_text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(folder / "out.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    with zipfile.ZipFile(folder / "out.epub") as epub:
        epub_text = " ".join(
            " ".join(etree.fromstring(epub.read(name)).itertext())
            for name in epub.namelist()
            if name.endswith(".xhtml")
        )
    word = docx.Document(str(folder / "out.docx"))
    docx_text = " ".join(
        [p.text for p in word.paragraphs]
        + [c.text for t in word.tables for row in t.rows for c in row.cells]
    )
    for name, text in (("pdf", pdf_text), ("epub", epub_text), ("docx", docx_text)):
        assert expected <= words_of(text), (name, expected - words_of(text))
