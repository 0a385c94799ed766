"""The plain-text edition (--format txt): the FAQ in reading order, numbered, links written out,
every word of the source in it (the fidelity check), and the check able to fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import faq_export
from faq_export import model as m
from faq_export.checks.catalog import check_bytes
from faq_export.pipeline import render_alternate
from faq_export.render.text import WIDTH
from faq_export.source import load_document
from tests.conftest import ROOT

FIDELITY = ("FE-TEXT-LOST", "FE-TEXT-DOUBLED", "FE-TEXT-ORDER")


def text_of(document: m.Document) -> str:
    return render_alternate(document, "txt").decode("utf-8")


def rules(findings: list[faq_export.Finding]) -> list[str]:
    return [f.rule for f in findings]


def with_answer(tmp_path: Path, answer: str) -> m.Document:
    """A small valid source whose first answer is ``answer`` (Markdown), loaded."""
    from tests.test_source_errors import VALID

    source = tmp_path / "faq.yaml"
    source.write_text(
        VALID.replace("It is a test.", answer.replace("\n", "\n          ")), encoding="utf-8"
    )
    return load_document(source)


def test_every_kind_of_content_is_written_out(every_node: m.Document) -> None:
    text = text_of(every_node)
    lines = text.split("\n")
    assert lines[0] == every_node.metadata.title
    # The contents: the introduction and the sections at the margin, their questions
    # indented, one block; the introduction under its heading, as a section under its own.
    contents = lines.index("Contents")
    assert lines[contents + 1] == "Introduction"
    assert lines[contents + 2] == "Basics"
    assert lines[contents + 3] == "    1. First question?"
    intro = lines.index("Introduction", contents + 2)
    assert lines[intro - 2 : intro + 3] == ["", "", "Introduction", "", lines[intro + 2]]
    assert lines[intro + 2].startswith("Welcome.")
    # Links: the address after the text; a link in the document says where it goes.
    assert "a web link <https://example.org/page>" in text
    assert "(Go to “2. Second question?”)" in text
    # An image is its alt text; a code block is indented and kept as written.
    assert "[A red square]" in text
    assert "    code block line 1\n    code block line 2\n" in text
    # An ordered list keeps its start; a nested list hangs under its item.
    assert "3. third\n4. fourth\n   - nested bullet\n" in text
    # A table: its caption, its header row, then each row.
    assert "Prices per plan\nPlan | Price\nBasic | $5\nPro | $10\n" in text
    # Each question is a heading of its own between blank lines, numbered.
    for question in every_node.questions:
        assert f"\n\n{every_node.question_heading(question)}\n\n" in text


def test_lines_are_wrapped_at_spaces_and_headings_never(faq: m.Document) -> None:
    text = text_of(faq)
    headings = {faq.question_heading(q) for q in faq.questions} | {s.title for s in faq.sections}
    for line in text.split("\n"):
        if line in headings or line.strip() in headings or " " not in line.strip():
            continue
        assert len(line) <= WIDTH, line
    # A question longer than a line is still one line.
    long = max(faq.questions, key=lambda q: len(q.text))
    assert len(faq.question_heading(long)) > WIDTH
    assert f"\n{faq.question_heading(long)}\n" in text


def test_plain_text_is_utf8_with_lf_and_the_same_bytes_each_time(faq: m.Document) -> None:
    first = render_alternate(faq, "txt")
    assert first == render_alternate(faq, "txt")
    assert b"\r" not in first and not first.startswith(b"\xef\xbb\xbf")
    assert first.endswith(b"\n") and not first.endswith(b"\n\n")


@pytest.mark.parametrize(
    "source",
    [
        "content/faq.yaml",
        "tests/sources/every-node.yaml",
        "examples/faq-ar.yaml",
        "examples/faq-zh-Hans.yaml",
        "tests/realworld/etcd-faq.yaml",
        "tests/realworld/lineageos-faq.yaml",
    ],
)
def test_the_text_holds_all_of_the_source(source: str) -> None:
    document = load_document(ROOT / source)
    data = render_alternate(document, "txt")
    assert check_bytes(data, "txt", document=document) == []


def test_a_lost_paragraph_a_doubled_one_and_a_moved_one_are_caught(faq: m.Document) -> None:
    text = text_of(faq)
    paragraph = "Shared services refers to the delivery of common mission-support"
    start = text.index(paragraph)
    end = text.index("\n\n", start)
    block = text[start:end]

    lost = check_bytes((text[:start] + text[end + 2 :]).encode(), "txt", document=faq)
    assert "FE-TEXT-LOST" in rules(lost)
    finding = next(f for f in lost if f.rule == "FE-TEXT-LOST")
    assert "plain text" in finding.message and "Shared services refers" in finding.message
    assert finding.source is not None and finding.source.startswith(str(faq.source))

    doubled = text[:end] + "\n\n" + block + text[end:]
    assert "FE-TEXT-DOUBLED" in rules(check_bytes(doubled.encode(), "txt", document=faq))

    # A paragraph moved after the list that follows it: read elsewhere than written.
    blocks = text.split("\n\n")
    at = next(i for i, b in enumerate(blocks) if b.startswith("Shared services are designed"))
    assert blocks[at + 1].startswith("- Reduced Operating Costs")
    blocks[at], blocks[at + 1] = blocks[at + 1], blocks[at]
    moved = check_bytes("\n\n".join(blocks).encode(), "txt", document=faq)
    assert "FE-TEXT-ORDER" in rules(moved)

    # A heading changed: its part is not there as written.
    heading = faq.question_heading(faq.questions[1])
    changed = text.replace(f"\n{heading}\n", "\n2. What are the costs?\n")
    assert "FE-TEXT-LOST" in rules(check_bytes(changed.encode(), "txt", document=faq))


def test_a_file_that_is_not_utf8_is_named_at_its_line() -> None:
    findings = check_bytes("Title\n\nCafé\n".encode("cp1252"), "txt")
    assert rules(findings) == ["FE-TXT-ENCODING"]
    assert findings[0].where == "line 3"


def test_build_writes_it_with_its_manifest_entry(tmp_path: Path) -> None:
    report = faq_export.build(ROOT / "tests/sources/every-node.yaml", tmp_path, formats=["txt"])
    assert report.passed, report.findings
    written = {w.format: w.path for w in report.written}
    assert written["txt"].suffix == ".txt"
    manifest = json.loads(written["manifest"].read_text())
    (entry,) = manifest["files"]
    assert entry["format"] == "txt" and entry["check"]["passed"] is True


def test_a_link_address_holding_the_link_s_words_is_not_taken_for_them(tmp_path: Path) -> None:
    """The plain text writes a link's address after its words; an address that holds those
    words again ("Deref <…/trait.Deref.html>") beside cells of punctuation must not make the
    reading lose the text around it."""
    document = with_answer(
        tmp_path,
        "| Operation | Trait |\n| --- | --- |\n"
        "| `*` | [`Deref`](https://doc.rust-lang.org/std/ops/trait.Deref.html) |\n"
        "| `mut *` | [`DerefMut`](https://doc.rust-lang.org/std/ops/trait.DerefMut.html) |",
    )
    data = render_alternate(document, "txt")
    assert b"* | Deref <https://doc.rust-lang.org/std/ops/trait.Deref.html>" in data
    assert check_bytes(data, "txt", document=document) == []
    # The address is read past, not the words: a lost cell is still lost.
    lost = data.replace(b"mut * | DerefMut", b"mut * |", 1)
    assert "FE-TEXT-LOST" in rules(check_bytes(lost, "txt", document=document))


def test_an_address_written_in_angle_brackets_beside_a_link_to_it_is_text(tmp_path: Path) -> None:
    """A FAQ about Markdown may show the autolink syntax as code (`<https://…>`) and link to
    the same address: the plain text holds both, and the check reads both (it once read the
    code as the link's added address and failed the build, FE-TEXT-LOST, on a good file)."""
    document = with_answer(
        tmp_path,
        "Read [the guide](https://example.com/guide) first.\n\n"
        "Write `<https://example.com/guide>` and Markdown links it.",
    )
    data = render_alternate(document, "txt")
    assert b"the guide <https://example.com/guide> first." in data
    assert b"Write <https://example.com/guide> and" in data
    assert check_bytes(data, "txt", document=document) == []
    lost = data.replace(b"Write <https://example.com/guide> and", b"Write and", 1)
    assert "FE-TEXT-LOST" in rules(check_bytes(lost, "txt", document=document))
