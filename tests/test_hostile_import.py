"""Hostile and broken input to `import` and `init` (issue 25): each reader meets its limit
before it spends the memory or the time, and every case ends in exit 2 with a message that
names the limit and how to raise it, no traceback, and nothing written.

Every case runs the real command in a child under RLIMIT_AS = 3 GiB and 120 s (the helpers of
``tests/test_hostile.py``); the large inputs are made here, in ``tmp_path``."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import docx
import pytest

from tests.test_hostile import Run, assert_refused, faq_export

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def import_(tmp_path: Path, source: Path, *limits: str) -> Run:
    args = [a for limit in limits for a in ("--limit", limit)]
    return faq_export(
        *args, "import", str(source), "-o", "out.yaml", "--language", "en", cwd=tmp_path
    )


def refused(run: Run, tmp_path: Path, *words: str) -> None:
    """Exit 2, the words, no traceback, and no file written."""
    assert_refused(run, 2, *words)
    assert "internal error" not in run.err and "bug" not in run.err
    assert not (tmp_path / "out.yaml").exists()


def word_file(path: Path, document_xml: Callable[[IO[bytes]], None] | None = None) -> Path:
    """A Word file made by python-docx, its word/document.xml written by ``document_xml``."""
    made = docx.Document()
    made.add_heading("Why?", 2)
    made.add_paragraph("Because.")
    plain = io.BytesIO()
    made.save(plain)
    if document_xml is None:
        path.write_bytes(plain.getvalue())
        return path
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.infolist():
            if entry.filename != "word/document.xml":
                new.writestr(entry, old.read(entry))
                continue
            info = zipfile.ZipInfo("word/document.xml")
            info.compress_type = zipfile.ZIP_DEFLATED
            with new.open(info, "w", force_zip64=True) as handle:
                document_xml(handle)
    return path


def page(body: str) -> str:
    head = "<head><title>Help</title></head>"
    return f"<!DOCTYPE html><html lang='en'>{head}<body><main>{body}</main></body></html>"


# --- Word files ---------------------------------------------------------------------------


def test_a_word_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path):
    def bomb(handle: IO[bytes]) -> None:  # 600 MB of one run of text: a 0.6 MB file
        handle.write(f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>'.encode())
        for _ in range(600):
            handle.write(b"a" * 1_000_000)
        handle.write(b"</w:t></w:r></w:p></w:body></w:document>")

    source = word_file(tmp_path / "bomb.docx", bomb)
    assert source.stat().st_size < 1_000_000
    run = import_(tmp_path, source)
    refused(run, tmp_path, "bomb.docx: the entry 'word/document.xml' inflates", "zip_ratio=N")


def test_a_word_part_too_large_to_read_is_refused_with_its_limit(tmp_path: Path):
    source = word_file(tmp_path / "faq.docx")
    run = import_(tmp_path, source, "docx_xml_bytes=1000")
    refused(run, tmp_path, "unpacks to", "docx_xml_bytes", "--limit docx_xml_bytes=N import")


def test_a_pdf_named_docx_is_no_word_document(tmp_path: Path):
    source = tmp_path / "briefing.docx"
    source.write_bytes(b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    refused(import_(tmp_path, source), tmp_path, "briefing.docx: this is not a Word document")


def test_a_zip_without_a_document_is_no_word_document(tmp_path: Path):
    source = tmp_path / "book.docx"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
    refused(import_(tmp_path, source), tmp_path, "book.docx: this zip is no Word document")


def test_a_word_file_with_an_entity_bomb_is_refused(tmp_path: Path):
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )

    def laughs(handle: IO[bytes]) -> None:
        handle.write(
            f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]><w:document {W}>'
            "<w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>".encode()
        )

    source = word_file(tmp_path / "laughs.docx", laughs)
    refused(import_(tmp_path, source), tmp_path, "laughs.docx: the Word document's XML cannot")


def test_a_word_file_with_more_text_than_build_reads_is_refused_before_converting(
    tmp_path: Path,
):
    words = random.Random(25).choices(["why", "because", "form", "tax", "pay", "card"], k=600_000)

    def long(handle: IO[bytes]) -> None:  # 3 MB of text in 30,000 paragraphs
        handle.write(f'<?xml version="1.0"?><w:document {W}><w:body>'.encode())
        for start in range(0, len(words), 20):
            text = " ".join(words[start : start + 20])
            handle.write(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode())
        handle.write(b"</w:body></w:document>")

    run = import_(tmp_path, word_file(tmp_path / "long.docx", long))
    refused(run, tmp_path, "the source's text alone is 2,", "source_bytes", "--limit source_bytes")


# --- data files ---------------------------------------------------------------------------


def test_aliased_groups_of_a_data_file_are_counted_and_refused(tmp_path: Path):
    # 3,000 groups that are each the same 3,000 questions: 9 million, in 53 KB.
    entries = ", ".join(["&q {question: Why?, answer: Because.}"] + ["*q"] * 2_999)
    lines = [f"general: &e [{entries}]"] + [f"group{n}: *e" for n in range(1, 3_000)]
    source = tmp_path / "faq.yaml"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert source.stat().st_size < 60_000
    run = import_(tmp_path, source)
    refused(run, tmp_path, "each use of a YAML alias", "--limit import_entries=N import")


@pytest.mark.parametrize("name", ["faq.json", "faq.yaml"])
def test_a_data_file_nested_too_deep_is_refused_with_its_limit(tmp_path: Path, name: str):
    source = tmp_path / name
    entry = '{"question": "Why?", "answer": "Because."}'
    source.write_text('{"faq": [' + entry + "], " + '"x": ' + "[" * 60 + "]" * 60 + "}")
    refused(import_(tmp_path, source), tmp_path, "nested 41 deep here", "yaml_depth=N")


def test_brackets_20000_deep_are_refused_as_they_are_read(tmp_path: Path):
    source = tmp_path / "faq.json"
    source.write_text('{"faq": ' + "[" * 20_000 + "]" * 20_000 + "}")
    run = import_(tmp_path, source)
    refused(run, tmp_path, "faq.json:1:", "nested 41 deep here", "--limit yaml_depth=N")


def test_a_data_file_with_more_questions_than_build_reads_is_refused(tmp_path: Path):
    source = tmp_path / "faq.yaml"
    source.write_text("".join(f"- {{q: Why {n}?, a: Because.}}\n" for n in range(12)))
    run = import_(tmp_path, source, "questions=10")
    refused(run, tmp_path, "12 questions", "the limit questions, 10", "--limit questions=N")


# --- web pages ----------------------------------------------------------------------------


def test_a_page_of_100000_questions_is_refused_before_converting(tmp_path: Path):
    items = "".join(
        f"<details><summary>Question {n}?</summary><p>Answer {n} in words.</p></details>\n"
        for n in range(100_000)
    )
    source = tmp_path / "faq.html"
    source.write_text(page(items), encoding="utf-8")
    assert source.stat().st_size < 10_000_000
    run = import_(tmp_path, source)
    refused(run, tmp_path, "100,000 questions", "--limit questions=N import")


def test_a_page_with_more_elements_than_import_reads_is_refused(tmp_path: Path):
    source = tmp_path / "faq.html"
    source.write_text(page("<b></b>" * 1_100_000), encoding="utf-8")
    run = import_(tmp_path, source)
    refused(run, tmp_path, "1,100,0", "elements", "--limit import_entries=N")


def test_a_page_nested_too_deep_is_refused_with_its_limit(tmp_path: Path):
    source = tmp_path / "faq.html"
    source.write_text(page("<div>" * 250 + "x" + "</div>" * 250), encoding="utf-8")
    refused(import_(tmp_path, source), tmp_path, "nested", "--limit html_depth=N")


def test_a_markdown_page_of_two_million_lines_is_refused_before_it_is_read(tmp_path: Path):
    source = tmp_path / "FAQ.md"
    source.write_text("# FAQ\n\n## Why?\n\n" + "- a\n" * 2_400_000)
    run = import_(tmp_path, source)
    refused(run, tmp_path, "2,400,005 lines", "--limit markdown_lines=N import")


def test_a_file_larger_than_import_reads_names_its_limit(tmp_path: Path):
    source = tmp_path / "faq.html"
    source.write_text(page("<details><summary>Why?</summary>Because.</details>"))
    run = import_(tmp_path, source, "import_bytes=100")
    refused(run, tmp_path, "bytes", "--limit import_bytes=N import")


def test_a_written_file_larger_than_build_reads_is_refused_not_a_bug(tmp_path: Path):
    # Under 2 MB of text, but each list item is a line of the written file, indented.
    item = "<li>ab</li>" * 150
    items = "".join(
        f"<details><summary>Question {n}?</summary><ul>{item}</ul></details>" for n in range(1000)
    )
    source = tmp_path / "faq.html"
    source.write_text(page(items), encoding="utf-8")
    run = import_(tmp_path, source)
    refused(run, tmp_path, "the written faq.yaml would have", "--limit source_bytes=N")


def test_an_answer_longer_than_build_reads_names_text_chars(tmp_path: Path):
    source = tmp_path / "faq.html"
    source.write_text(page(f"<details><summary>Why?</summary><p>{'word ' * 400}</p></details>"))
    run = import_(tmp_path, source, "text_chars=1000")
    refused(run, tmp_path, "the answer of 'Why?'", "--limit text_chars=N")


def test_a_limit_raised_on_the_command_line_lets_the_import_through(tmp_path: Path):
    source = tmp_path / "faq.yaml"
    source.write_text("".join(f"- {{q: Why {n}?, a: Because.}}\n" for n in range(12)))
    run = import_(tmp_path, source, "questions=10", "questions=12")
    assert run.code == 0, run.err
    assert (tmp_path / "out.yaml").exists()


# --- init ---------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["a-file/project", "/proc/faq-project", "/proc/self/faq"])
def test_init_where_no_folder_can_be_is_refused(tmp_path: Path, where: str):
    (tmp_path / "a-file").write_text("not a folder")
    run = faq_export("init", where, cwd=tmp_path)
    assert_refused(run, 2, "error:", "nothing was written")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
