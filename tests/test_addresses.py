"""Addresses written in an answer's text (not as [words](address)) become links to the address
the author wrote, escapes read as Markdown reads them everywhere else."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

import faq_export.model as m
from faq_export.pipeline import render_alternate
from faq_export.source import load_document
from tests.test_source_errors import VALID


def links_of(document: m.Document) -> list[tuple[str, str]]:
    return [
        (node.url, m.plain_text(node.children))
        for node in document.inlines()
        if isinstance(node, m.Link)
    ]


@pytest.mark.parametrize(
    ("written", "url", "shown"),
    [
        # Markdown written to keep '_' from starting emphasis (some editors export it so).
        (
            r"https://example.com/some\_page\_name",
            "https://example.com/some_page_name",
            "See https://example.com/some_page_name now.",
        ),
        # An escaped bracket after the address is the author's '>', outside the address.
        (
            r"\<https://example.com/guide\>",
            "https://example.com/guide",
            "See <https://example.com/guide> now.",
        ),
    ],
)
def test_a_backslash_escape_in_an_address_is_read_as_an_escape(
    tmp_path: Path, written: str, url: str, shown: str
) -> None:
    source = tmp_path / "faq.yaml"
    source.write_text(VALID.replace("It is a test.", f"See {written} now."), encoding="utf-8")
    document = load_document(source)
    assert links_of(document) == [(url, url)]
    paragraph = document.sections[0].questions[0].answer[0]
    assert isinstance(paragraph, m.Paragraph)
    assert m.plain_text(paragraph.children) == shown
    text = render_alternate(document, "txt").decode()
    assert shown in text and "\\" not in text
    page = html.fromstring(render_alternate(document, "html"))
    assert [(a.get("href"), a.text_content()) for a in page.xpath("//main//a[@href]")] == [
        (url, url)
    ]


def test_a_backslash_before_a_space_stays_part_of_the_address(tmp_path: Path) -> None:
    """Markdown escapes only punctuation: a backslash before a space is the author's own."""
    source = tmp_path / "faq.yaml"
    source.write_text(
        VALID.replace("It is a test.", r"See https://example.com/dir\ now."), encoding="utf-8"
    )
    assert links_of(load_document(source)) == [
        ("https://example.com/dir%5C", "https://example.com/dir\\")
    ]
