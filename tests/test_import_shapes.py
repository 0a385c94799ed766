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


# --- definition lists inside answers ------------------------------------------------------

DEFINITIONS = {
    "html": (
        "faq.html",
        '<html lang="en"><body><main>'
        "<h2>How do generics compare?</h2>\n<dl>\n<dt>Java</dt>\n"
        "<dd><p>Java removes types at run time.</p>\n"
        "<p>Java uses wildcards such as <code>List&lt;? extends Number&gt;</code>\n"
        "or <code>List&lt;? super Number&gt;</code>.</p>\n"
        "<ul><li>one</li><li>two</li></ul></dd>\n"
        "<dt><b>C++</b></dt><dd>Templates.</dd>\n</dl>\n"
        "<h2>What else?</h2><p>Nothing.</p></main></body></html>",
    ),
    # kramdown's, PHP Markdown Extra's and pandoc's definition lists.
    "markdown": (
        "FAQ.md",
        "# FAQ\n\n## How do generics compare?\n\nJava\n:   Java removes types at run time.\n\n"
        "    Java uses wildcards such as `List<? extends Number>`\n"
        "    or `List<? super Number>`.\n\n    - one\n    - two\n\n"
        "**C++**\n: Templates.\n\n## What else?\n\nNothing.\n",
    ),
}


@pytest.mark.parametrize("kind", list(DEFINITIONS))
def test_a_definition_list_in_an_answer_is_a_list_of_terms_in_bold(kind: str, tmp_path: Path):
    """Each term in bold, its definitions' paragraphs, list and code after it in one item of
    a bulleted list: no text turned into a code block, none lost, and the change said."""
    from faq_export.api import build

    name, text = DEFINITIONS[kind]
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result, document = imported(source, tmp_path, language="en")
    assert [q.text for q in document.questions] == ["How do generics compare?", "What else?"]
    (answer,) = document.questions[0].answer
    assert isinstance(answer, m.BulletList)
    java, cpp = answer.items
    assert java.blocks[0] == m.Paragraph((m.Strong((m.Text("Java"),)),))
    assert [type(b) for b in java.blocks[1:]] == [m.Paragraph, m.Paragraph, m.BulletList]
    codes = [i.text for i in m.walk_inlines(java.blocks) if isinstance(i, m.Code)]
    assert codes == ["List<? extends Number>", "List<? super Number>"]
    assert cpp.blocks == (
        m.Paragraph((m.Strong((m.Text("C++"),)),)),
        m.Paragraph((m.Text("Templates."),)),
    )
    assert any("a definition list ('Java'" in n.what for n in result.notes)
    assert result.verdict.lost == []
    report = build(document, tmp_path / "out", formats=("docx", "txt"), manifest=False)
    assert report.passed
    assert not [f for found in report.findings.values() for f in found if "BLANKS" in f.rule]
    plain = (tmp_path / "out" / f"{document.metadata.slug}.txt").read_text(encoding="utf-8")
    assert "`" not in plain and ":   " not in plain


def test_a_definition_list_in_a_table_cell_is_its_words_on_one_line(tmp_path: Path):
    source = tmp_path / "faq.html"
    source.write_text(
        '<html lang="en"><body><main><h2>Which?</h2><table><tr><th>Kind</th></tr>'
        "<tr><td><dl><dt>Term</dt><dd>Its meaning.</dd></dl></td></tr></table>"
        "<h2>Why?</h2><p>Because.</p></main></body></html>",
        encoding="utf-8",
    )
    result, document = imported(source, tmp_path)
    (table,) = document.questions[0].answer
    assert isinstance(table, m.Table)
    assert table.rows == (((m.Text("Term Its meaning."),),),)
    assert result.verdict.lost == []


# --- a Word FAQ made of numbered list items -----------------------------------------------


def word_faq(path: Path, contents: bool) -> Path:
    """The shape of Duke's AIPI FAQ: a topic in bold, then numbered "List Number" items,
    each a question, a line break and its answer; no heading styles. With ``contents``, a
    contents list first: an item per question, a link to a bookmark on the question."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    asked = [
        ("fees", "How much does it cost?", "Nothing for full-time students."),
        ("start", "When do classes start?", "On August 23."),
        ("audit", "Can I audit classes?", "Yes, with the instructor's consent."),
    ]

    def item(text: str) -> docx.text.paragraph.Paragraph:
        return document.add_paragraph(text, style="List Number")

    def link(paragraph: docx.text.paragraph.Paragraph, anchor: str, text: str) -> None:
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("w:anchor"), anchor)
        run = OxmlElement("w:r")
        words = OxmlElement("w:t")
        words.text = text
        run.append(words)
        hyperlink.append(run)
        paragraph._p.append(hyperlink)

    document.add_paragraph().add_run("Incoming student FAQ").bold = True
    if contents:
        for anchor, question, _ in asked:
            # The contents may say a question otherwise than the question does.
            link(item(""), anchor, question.replace("classes start", "we begin"))
    document.add_paragraph().add_run("Academics").bold = True
    for number, (anchor, question, answer) in enumerate(asked):
        paragraph = item("")
        mark = OxmlElement("w:bookmarkStart")
        mark.set(qn("w:id"), str(number))
        mark.set(qn("w:name"), anchor)
        paragraph._p.append(mark)
        paragraph.add_run(question + " ").add_break()
        paragraph.add_run(answer)
        if anchor == "start":
            document.add_paragraph("The calendar has the other dates.")
    document.save(str(path))
    return path


@pytest.mark.parametrize("contents", [False, True])
def test_a_word_faq_of_numbered_questions_with_their_answers(contents: bool, tmp_path: Path):
    source = word_faq(tmp_path / "faq.docx", contents)
    result, document = imported(source, tmp_path, language="en")
    (section,) = document.sections
    assert section.title == "Academics"
    assert [(q.id, q.text) for q in document.questions] == [
        ("fees", "How much does it cost?"),
        ("start", "When do classes start?"),
        ("audit", "Can I audit classes?"),
    ]
    assert [m.blocks_text(q.answer) for q in document.questions] == [
        "Nothing for full-time students.",
        "On August 23.\nThe calendar has the other dates.",
        "Yes, with the instructor's consent.",
    ]
    assert m.blocks_text(document.intro) == "Incoming student FAQ"  # no contents in it
    said = [f"{n.what}; {n.done}" for n in result.notes if "contents" in n.what]
    if contents:
        (note,) = said
        assert "the document's own contents (3 links to its questions" in note
        assert "not the words of the question they link to: 'When do we begin?'" in note
    else:
        assert said == []
    assert result.verdict.lost == []
