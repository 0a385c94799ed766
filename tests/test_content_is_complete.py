"""content/faq.yaml holds all of the published page: every question, paragraph, item and link."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from faq_export import model as m
from tests.conftest import squash


def block_text(blocks: tuple[m.Block, ...]) -> str:
    return squash(m.blocks_text(blocks))


def links(blocks: tuple[m.Block, ...]) -> list[tuple[str, str | None, str]]:
    return [
        (n.url, n.title, m.plain_text(n.children))
        for n in m.walk_inlines(blocks)
        if isinstance(n, m.Link)
    ]


def seed_questions(page: lxml_html.HtmlElement) -> list[tuple[str, lxml_html.HtmlElement]]:
    out = []
    for button in page.xpath("//h4/button"):
        number_and_text = squash(button.text_content())
        panel = page.xpath(f"//div[@id='{button.get('aria-controls')}']")[0]
        out.append((number_and_text, panel))
    return out


def test_all_fifteen_questions_in_order(faq, seed_page):
    expected = [q for q, _ in seed_questions(seed_page)]
    assert len(expected) == 15
    assert [f"{q.number}. {q.text}" for q in faq.questions] == expected


def test_every_answer_has_the_whole_text(faq, seed_page):
    for question, (_, panel) in zip(faq.questions, seed_questions(seed_page), strict=True):
        assert block_text(question.answer) == squash(panel.text_content()), question.id


def test_every_answer_keeps_its_lists_emphasis_and_links(faq, seed_page):
    for question, (_, panel) in zip(faq.questions, seed_questions(seed_page), strict=True):
        answer = question.answer
        assert sum(isinstance(b, m.BulletList) for b in answer) == len(panel.xpath(".//ul"))
        items = sum(len(b.items) for b in answer if isinstance(b, m.BulletList))
        assert items == len(panel.xpath(".//ul/li")), question.id
        paragraphs = sum(isinstance(b, m.Paragraph) for b in answer)
        assert paragraphs == len(panel.xpath("./p")), question.id
        expected_links = [
            (a.get("href"), a.get("title"), a.text_content()) for a in panel.xpath(".//a")
        ]
        assert links(answer) == expected_links, question.id
        text = repr(answer)
        assert text.count("Strong(") == len(panel.xpath(".//strong")), question.id
        assert text.count("Emphasis(") == len(panel.xpath(".//em")), question.id


def test_key_takeaways_lead_in_and_five_item_ordered_list(faq, seed_page):
    section = faq.sections[0]
    assert section.id == "key-takeaways"
    lead_in, numbered = section.body
    assert lead_in == m.Paragraph((m.Strong((m.Text("The SQS Strategy intends to:"),)),))
    assert isinstance(numbered, m.OrderedList) and numbered.start == 1
    expected = [
        squash(li.text_content()) for li in seed_page.xpath("//div[@id='key-takeaways']//li")
    ]
    assert [block_text(item.blocks) for item in numbered.items] == expected


def test_intro_line_with_its_video_center_link(faq, seed_page):
    assert links(faq.intro) == [
        ("https://ussm.gsa.gov/video-center/", "Video Center", "https://ussm.gsa.gov/video-center/")
    ]
    first_link = seed_page.xpath("./a")[0]
    assert block_text(faq.intro) == squash(f"{seed_page.text} {first_link.text_content()}")


def test_metadata_states_only_what_the_page_gives(faq, seed_page):
    meta = faq.metadata
    assert meta.title == "Sharing Quality Services FAQ"
    assert meta.language == "en-US"
    assert meta.publisher is None  # the page names none
    assert meta.source == "https://ussm.gsa.gov/faq/"
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", meta.identifier)
    assert meta.accessibility_summary
    assert meta.slug == "sharing-quality-services-faq"


def test_ids_are_unique_and_keep_the_page_anchors(faq):
    ids = [s.id for s in faq.sections] + [q.id for q in faq.questions]
    assert len(ids) == len(set(ids))
    assert [q.id for q in faq.questions] == [f"faq{n}" for n in range(1, 16)]
