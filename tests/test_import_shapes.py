"""`faq-export import` on shapes real FAQs have that others wrote: anchors written the old
ways, definition lists inside answers, a Word FAQ made of numbered list items. Each keeps
every word and every link it can, and says what it did not carry."""

from __future__ import annotations

from pathlib import Path

import pytest

from faq_export import model as m
from faq_export.importing import Imported, Options, import_faq
from faq_export.source import load_document


def imported(source: Path, tmp_path: Path, **options: str) -> tuple[Imported, m.Document]:
    """The import of ``source`` and the document the written file loads as."""
    result = import_faq(source, Options(**options))
    path = tmp_path / "imported.yaml"
    path.write_text(result.text, encoding="utf-8")
    return result, load_document(path)


def cross_refs(blocks: tuple[m.Block, ...]) -> list[str]:
    return [i.target for i in m.walk_inlines(blocks) if isinstance(i, m.CrossRef)]


# --- anchors ------------------------------------------------------------------------------

ANCHORED = {
    # GitHub READMEs and old pages put the name on the heading itself.
    "name on the heading": '<h3 name="config">\nDoes it read a config file?\n</h3>',
    "an anchor inside it": '<h3><a name="config"></a>Does it read a config file?</h3>',
    "an anchor on the line above": '<a name="config"></a>\n### Does it read a config file?',
    "an anchor above, a blank line between": (
        '<a name="config"></a>\n\n### Does it read a config file?'
    ),
    "an id anchor in HTML above": '<a id="config"></a>\n<h3>Does it read a config file?</h3>',
}


@pytest.mark.parametrize("shape", list(ANCHORED))
def test_links_to_anchors_written_the_old_ways_stay_links(shape: str, tmp_path: Path):
    source = tmp_path / "FAQ.md"
    source.write_text(
        "# FAQ\n\n* [Does it read a config file?](#config)\n\n"
        f"{ANCHORED[shape]}\n\nYes, see the guide.\n\n"
        '<h3 name="other">\nWhy is it slow?\n</h3>\n\nSee [the config answer](#config).\n',
        encoding="utf-8",
    )
    result, document = imported(source, tmp_path, language="en")
    first, second = document.questions
    assert first.id == "config" and second.id == "other"
    assert cross_refs(document.intro) == ["config"]  # the page's own contents list
    assert cross_refs(second.answer) == ["config"]
    assert not [n for n in result.notes if "anchor" in n.what]
    assert result.verdict.lost == []


def test_a_heading_with_an_id_and_a_name_above_answers_to_both(tmp_path: Path):
    source = tmp_path / "faq.html"
    source.write_text(
        '<html lang="en"><body><main><p><a name="old"></a></p>\n'
        '<h2 id="new">What is new?</h2><p>This.</p>\n'
        '<h2 id="two">What links?</h2><p><a href="#old">Old</a> and <a href="#new">new</a>.</p>'
        "</main></body></html>",
        encoding="utf-8",
    )
    result, document = imported(source, tmp_path)
    assert [q.id for q in document.questions] == ["new", "two"]
    assert cross_refs(document.questions[1].answer) == ["new", "new"]
    assert result.verdict.lost == []
