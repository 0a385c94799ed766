"""The "says nothing to a person" judgements, calibrated on the link texts of real FAQs.

Every link text of the six real FAQs we have (tests/realworld/ and content/faq.yaml) is
judged here: exactly the ones a reader could not follow out of context are advised against,
and none of the names people use (a chat channel, a product) is taken for an anchor id.
"""

from __future__ import annotations

import io

import pikepdf
import pytest
import weasyprint

from faq_export import model as m
from faq_export.checks import wording
from faq_export.checks.pdf import check_pdf
from faq_export.source import load_document
from tests.conftest import FAQ, ROOT

SOURCES = [FAQ, *sorted((ROOT / "tests" / "realworld").glob("*.yaml"))]


def link_texts() -> list[str]:
    texts = []
    for source in SOURCES:
        for node in load_document(source).inlines():
            if isinstance(node, (m.Link, m.CrossRef)):
                texts.append(" ".join(m.plain_text(node.children).split()))
    return texts


def test_real_link_texts_are_judged_as_a_reader_would():
    texts = link_texts()
    assert len(texts) >= 30
    vague = sorted(t for t in texts if wording.is_vague_link_text(t))
    addresses = sorted(t for t in texts if wording.is_bare_address(t))
    assert vague == ["here", "here"]  # LineageOS: "check … [here](…)", "as shown [here](…)"
    assert addresses == ["https://ussm.gsa.gov/video-center/"]  # our own intro (accepted)


@pytest.mark.parametrize(
    "text",
    ["here", "Click here", "click here.", "Read more", "read more…", "this page", "LINK", "“here”"],
)
def test_vague_texts(text: str):
    assert wording.is_vague_link_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "#lineageos@Libera.Chat",
        "here is the release schedule",
        "How to submit a bug",
        "More about shared services",
        "web",
        "iCal",
    ],
)
def test_texts_that_say_where_they_go(text: str):
    assert not wording.is_vague_link_text(text)


def test_a_chat_channel_is_not_taken_for_an_anchor_id():
    """Regression: '#lineageos@Libera.Chat' was reported as FE-PDF-LINK-DESCRIPTION ("an id
    that says nothing to a person") because it starts with '#'."""
    html = (
        "<html lang='en'><title>T</title><h1 id='faq3'>Q</h1><p>Ask on IRC "
        "<a href='https://web.libera.chat/gamja/?channel=#lineageos'>x</a> or "
        "<a href='#faq3'>y</a>.</p></html>"
    )
    pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        external, internal = document.pages[0].Annots
        external.Contents = pikepdf.String("#lineageos@Libera.Chat, web page on web.libera.chat")
        internal.Contents = pikepdf.String("#faq3")
        out = io.BytesIO()
        document.save(out)
    found = [f for f in check_pdf(out.getvalue()) if f.rule == "FE-PDF-LINK-DESCRIPTION"]
    assert [f.message for f in found] == [
        "the link is described as '#faq3', an id that says nothing to a person"
    ]
