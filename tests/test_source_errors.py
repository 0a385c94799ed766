"""Broken sources: every problem reported as path:line:column with a message and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

import faq_export
from faq_export.errors import SourceError, SourceErrors
from faq_export.source import load_document

VALID = """\
metadata:
  title: Test FAQ
  language: en-US
  identifier: urn:example:test
  version: "1.0"
  date: 2026-01-15
  accessibility_summary: Text only.
sections:
  - id: basics
    title: Basics
    questions:
      - question: What is it?
        answer: |
          It is a test.

          - one
          - two
      - question: Why?
        answer: Because.
"""


def edit(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


# (case id, source text, [(line, column, message)]) -- the whole list of errors, in order.
CASES = [
    (
        "yaml-syntax-flow",
        "metadata: [a, b\nsections: 1\n",
        [
            (
                2,
                9,
                "this is not valid YAML: expected ',' or ']', but got ':' "
                "(while parsing a flow sequence on line 1)",
            )
        ],
    ),
    (
        "yaml-syntax-colon",
        edit("title: Test FAQ", "title: Test: FAQ"),
        [(2, 14, "the title holds ': ', which YAML reads as the start of a new key")],
    ),
    (
        "colon-in-an-unquoted-question",
        edit("question: Why?", "question: Why: really?"),
        [(18, 22, "the question holds ': ', which YAML reads as the start of a new key")],
    ),
    (
        "question-in-typographic-quotes",
        edit("question: Why?", "question: “Why: really?”"),
        [
            (
                18,
                19,
                "the question is between typographic quotes (“…”), which YAML reads as text, "
                "so the ': ' inside it starts a new key",
            )
        ],
    ),
    (
        "tab-indentation",
        edit("  title: Test FAQ", "\ttitle: Test FAQ"),
        [(2, 1, "a tab is used for indentation")],
    ),
    (
        "duplicate-key",
        edit("  language: en-US\n", "  language: en-US\n  language: fr\n"),
        [(4, 3, "the key 'language' appears twice in the same mapping")],
    ),
    (
        "not-a-mapping",
        "- just\n- a list\n",
        [(1, 1, "the document must be a mapping of keys to values, not a list")],
    ),
    (
        "missing-metadata-title",
        edit("  title: Test FAQ\n", ""),
        [(2, 3, "metadata has no 'title'")],
    ),
    ("missing-sections", VALID.split("sections:")[0], [(1, 1, "the document has no 'sections'")]),
    (
        "unknown-key-did-you-mean",
        edit("  language: en-US", "  langauge: en-US"),
        [(2, 3, "metadata has no 'language'"), (3, 3, "unknown key 'langauge' in metadata")],
    ),
    (
        "unknown-top-level-key",
        VALID + "appendix: none\n",
        [(20, 1, "unknown key 'appendix' in the document")],
    ),
    (
        "sections-wrong-type",
        VALID.split("sections:")[0] + "sections: Basics\n",
        [(8, 11, "'sections' must be a list of sections, not text")],
    ),
    (
        "title-wrong-type",
        edit("title: Basics", "title: 42"),
        [(10, 12, "'title' of section 1 must be text, not a number (42)")],
    ),
    (
        "version-as-number",
        edit('version: "1.0"', "version: 1.10"),
        [(5, 12, "'version' must be text, not a number (1.1)")],
    ),
    (
        "bad-date",
        edit("date: 2026-01-15", "date: 2026-13-01"),
        [(6, 9, "'2026-13-01' is not a date")],
    ),
    (
        "bad-language",
        edit("language: en-US", "language: en_US"),
        [(3, 13, "'en_US' is not a language tag")],
    ),
    (
        "question-without-text",
        edit("      - question: Why?\n", "      - id: why\n"),
        [(18, 9, "question 2 has no 'question'")],
    ),
    (
        "empty-answer",
        edit("answer: Because.", 'answer: ""'),
        [(19, 17, "'answer' of question 2 is empty")],
    ),
    (
        "missing-answer",
        edit("        answer: Because.\n", ""),
        [(18, 9, "question 2 has no 'answer'")],
    ),
    (
        "duplicate-ids",
        edit("      - question: Why?", "      - id: basics\n        question: Why?"),
        [(18, 13, "the id 'basics' is already used on line 9")],
    ),
    ("bad-id", edit("id: basics", "id: 1st-section"), [(9, 9, "'1st-section' cannot be an id")]),
    (
        "broken-cross-reference",
        edit("answer: Because.", "answer: See [the basics](#basic)."),
        [(19, 34, "the link '#basic' points to no section or question")],
    ),
    (
        "raw-html-inline",
        edit("It is a test.", "It is a <b>test</b>."),
        [(14, 19, "raw HTML is not allowed in Markdown text")],
    ),
    (
        "raw-html-block",
        edit("It is a test.", "It is a test.\n\n          <div>box</div>"),
        [(16, 11, "raw HTML is not allowed in Markdown text")],
    ),
    (
        "heading-in-answer",
        edit("          - two", "          - two\n\n          ## More"),
        [(19, 11, "headings are not allowed in Markdown text")],
    ),
    (
        "link-to-a-file",
        edit("answer: Because.", "answer: See [notes](notes.html)."),
        [
            (
                19,
                29,
                "the link 'notes.html' is relative to a web site, and the documents are read "
                "away from it",
            )
        ],
    ),
    (
        "link-without-text",
        edit("answer: Because.", "answer: See [](https://example.org)."),
        [(19, 24, "the link to 'https://example.org' has no text")],
    ),
    (
        "image-without-alt",
        edit("answer: Because.", "answer: See ![](red.png)."),
        [(19, 21, "the image 'red.png' has no alternative text")],
    ),
    (
        "image-outside-content-folder",
        edit("answer: Because.", "answer: See ![Passwords](../../../../../../etc/passwd)."),
        [(19, 34, "the image '../../../../../../etc/passwd' is outside the content folder")],
    ),
    (
        "image-from-the-web",
        edit("answer: Because.", "answer: See ![Logo](https://example.org/l.png)"),
        [(19, 29, "the image 'https://example.org/l.png' is not a file in the content folder")],
    ),
    (
        "image-missing",
        edit("answer: Because.", "answer: See ![Logo](logo.png)"),
        [(19, 29, "the image file 'logo.png' does not exist")],
    ),
    (
        "text-read-as-yaml-tag",
        edit("answer: Because.", "answer: ![Logo](logo.png)"),
        [(19, 17, "'answer' of question 2 starts with '!', which YAML reads as a tag")],
    ),
    (
        "derived-id-never-takes-a-given-one",
        edit("      - question: Why?", "      - question: Why?\n        id: what-is-it"),
        [],
    ),
    (
        "section-without-content",
        edit(
            "    questions:\n      - question: What is it?",
            "    body: ''\n    questions:\n      - question: What is it?",
        ).split("sections:")[0]
        + "sections:\n  - title: Empty\n",
        [(9, 5, "section 1 has neither 'body' nor 'questions'")],
    ),
    (
        "many-errors-in-one-run",
        edit("language: en-US", "language: xx_x").replace("answer: Because.", 'answer: ""'),
        [(3, 13, "'xx_x' is not a language tag"), (19, 17, "'answer' of question 2 is empty")],
    ),
    (
        "value-starting-with-a-backtick",
        edit("answer: Because.", "answer: `make` does it."),
        [(19, 17, "a value starts with '`', which YAML does not allow unquoted")],
    ),
    (
        "pasted-text-indented-less-than-its-block",
        edit("          - one\n", "          - one\n         - one and a half\n"),
        [(17, 10, "this line is indented by 9 spaces, less than the text above it (10)")],
    ),
    (
        "pasted-line-indented-like-its-key",
        edit("          It is a test.\n", "          It is a test.\n        pasted line\n"),
        [
            (
                15,
                9,
                "this line is indented like the key on line 13, so YAML reads it as a new "
                "key, and it has no ':'",
            )
        ],
    ),
    (
        "struck-out-text",
        edit("answer: Because.", "answer: Because ~~it was~~ it is."),
        [
            (
                19,
                25,
                "struck-out text ('~~it was~~') cannot be shown as removed in every format",
            )
        ],
    ),
    (
        "table-row-with-a-cell-more-than-its-header",
        edit(
            "It is a test.",
            "| Plan | Price |\n          |---|---|\n          | Pro | $10 | yearly |",
        ),
        [
            (
                16,
                11,
                "this row of the table has 3 cells and its header 2: the extra cell would be lost",
            )
        ],
    ),
    (
        "table-rows-with-fewer-or-more-cells",
        edit(
            "It is a test.",
            "| A | B | C |\n          |---|---|---|\n          | 1 |\n"
            "          | 1 | 2 | 3 | 4 | 5 |",
        ),
        [
            (
                16,
                11,
                "this row of the table has 1 cell and its header 3: the row would be filled "
                "with empty cells",
            ),
            (
                17,
                11,
                "this row of the table has 5 cells and its header 3: its 2 extra cells "
                "would be lost",
            ),
        ],
    ),
    (
        "table-without-a-header-row",
        edit(
            "answer: Because.",
            "answer: |\n          |  |  |\n          |--|--|\n          | a | b |",
        ),
        [(20, 11, "the table has no header row (its first row is empty)")],
    ),
    (
        "link-in-a-question",
        edit("question: Why?", "question: Why [this](https://example.org)?"),
        [
            (
                18,
                23,
                "a question cannot hold a link: it is a heading and an entry of the contents",
            )
        ],
    ),
    (
        "base-url-that-is-no-address",
        edit(
            "  accessibility_summary: Text only.",
            "  accessibility_summary: Text only.\n  base_url: wiki",
        ),
        [(8, 13, "'wiki' is not a web address")],
    ),
    (
        "accepted-rule-that-does-not-exist",
        VALID + "accessibility:\n  accept:\n    - rule: FE-NO-SUCH\n      reason: Because.\n",
        [(22, 13, "no rule is called 'FE-NO-SUCH'")],
    ),
    (
        "layout-that-does-not-exist",
        edit(
            "  accessibility_summary: Text only.\n",
            "  accessibility_summary: Text only.\n  layout: pages\n",
        ),
        [(8, 11, "'pages' is not a layout")],
    ),
    (
        "accepted-finding-at-an-unknown-id",
        VALID + "accessibility:\n  accept:\n    - rule: FE-LINK-TEXT\n      at: nowhere\n"
        "      reason: Because.\n",
        [(23, 11, "the accepted finding is at 'nowhere', which is no section or question")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_source_is_reported_at_its_position(tmp_path: Path, text: str, expected):
    path = tmp_path / "faq.yaml"
    path.write_text(text, encoding="utf-8")
    if not expected:
        document = load_document(path)  # a case that must load, beside the broken ones
        assert [q.id for q in document.questions] == ["what-is-it-2", "what-is-it"]
        return
    with pytest.raises(SourceErrors) as caught:
        faq_export.load(path)  # as every command loads: accepted rules checked by the checker's
    found = [(e.line, e.column, e.message) for e in caught.value.errors]
    assert found == expected
    for error in caught.value.errors:
        assert error.hint, f"no hint for: {error.message}"
        assert str(error).startswith(f"{path}:{error.line}:{error.column}: error: ")


def test_the_valid_base_loads(tmp_path: Path):
    path = tmp_path / "faq.yaml"
    path.write_text(VALID, encoding="utf-8")
    document = load_document(path)
    assert [q.id for q in document.questions] == ["what-is-it", "why"]


def test_unknown_key_hint_suggests_the_known_key(tmp_path: Path):
    path = tmp_path / "faq.yaml"
    path.write_text(edit("      - question: Why?", "      - questoin: Why?"), encoding="utf-8")
    with pytest.raises(SourceErrors) as caught:
        load_document(path)
    unknown = [e for e in caught.value.errors if e.message.startswith("unknown key")]
    assert unknown[0].hint.startswith("did you mean 'question'?")


def errors_for(path: Path) -> list[SourceError]:
    with pytest.raises(SourceErrors) as caught:
        load_document(path)
    return caught.value.errors


def test_file_that_is_not_utf8(tmp_path: Path):
    path = tmp_path / "faq.yaml"
    path.write_bytes(VALID.replace("Test FAQ", "Caf\u00e9 FAQ").encode("latin-1"))
    [error] = errors_for(path)
    assert (error.line, error.column, error.message) == (
        2,
        13,
        "the file is not UTF-8 text (byte 0xe9)",
    )
    assert "UTF-8" in error.hint


@pytest.mark.parametrize("content", ["", "\n\n", "# nothing but a comment\n"])
def test_empty_file(tmp_path: Path, content: str):
    path = tmp_path / "faq.yaml"
    path.write_text(content, encoding="utf-8")
    [error] = errors_for(path)
    assert (error.line, error.column, error.message) == (1, 1, "the file is empty")


def test_directory_instead_of_a_file(tmp_path: Path):
    [error] = errors_for(tmp_path)
    assert (error.line, error.message) == (None, "is a directory, not a file")
    assert str(error).startswith(f"{tmp_path}: error: is a directory")


def test_missing_file(tmp_path: Path):
    [error] = errors_for(tmp_path / "nope.yaml")
    assert (error.line, error.message) == (None, "no such file")


def test_positions_inside_folded_and_quoted_answers(tmp_path: Path):
    source = edit(
        "answer: Because.", "answer: >\n          Folded text,\n          then <i>HTML</i>."
    ).replace("It is a test.", "It is a test.")
    path = tmp_path / "faq.yaml"
    path.write_text(source, encoding="utf-8")
    [error] = errors_for(path)
    assert (error.line, error.column) == (21, 16)


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("zz-qqqqqqqq", "'zz-qqqqqqqq' is not a language tag of the IANA registry"),
        ("en_US", "'en_US' is not a language tag"),
        ("english", "'english' is not a language tag"),
    ],
)
def test_language_tags_are_checked_against_the_registry(tmp_path: Path, tag: str, message: str):
    path = tmp_path / "faq.yaml"
    path.write_text(VALID.replace("language: en-US", f"language: {tag}"), encoding="utf-8")
    with pytest.raises(SourceErrors) as caught:
        load_document(path)
    assert [e.message for e in caught.value.errors] == [message]


@pytest.mark.parametrize("tag", ["en-US", "zh-Hans", "zh-CN", "es-419", "ar", "ar-EG", "fr-CA"])
def test_real_language_tags_are_accepted(tmp_path: Path, tag: str):
    path = tmp_path / "faq.yaml"
    path.write_text(VALID.replace("language: en-US", f"language: {tag}"), encoding="utf-8")
    assert load_document(path).metadata.language == tag


def test_errors_cross_a_process_boundary_whole(tmp_path: Path):
    """`build` loads the source in a second process (while the first imports WeasyPrint):
    its errors come back pickled, every one with its position and hint."""
    import pickle

    source = tmp_path / "faq.yaml"
    source.write_text("metadata:\n  title: 3\nsections: []\nbogus: 1\n", encoding="utf-8")
    with pytest.raises(SourceErrors) as raised:
        load_document(source)
    copy = pickle.loads(pickle.dumps(raised.value))
    assert isinstance(copy, SourceErrors)
    assert copy.errors == raised.value.errors and len(copy.errors) >= 2
    assert str(copy) == str(raised.value)


def test_a_colon_or_typographic_quotes_get_a_fix_in_plain_words(tmp_path: Path):
    path = tmp_path / "faq.yaml"
    path.write_text(edit("question: Why?", "question: Why: really?"), encoding="utf-8")
    with pytest.raises(SourceErrors) as caught:
        load_document(path)
    [error] = caught.value.errors
    assert error.hint.startswith("put the question in straight quotes, or ")
    assert error.hint.endswith('question: "Why: really?"')
    path.write_text(edit("question: Why?", "question: “Why: really?”"), encoding="utf-8")
    with pytest.raises(SourceErrors) as caught:
        load_document(path)
    [error] = caught.value.errors
    assert error.hint == (
        "these are typographic quotes; YAML needs straight ones around the whole text: "
        'question: "Why: really?"'
    )


def test_a_missing_image_names_the_folder_it_was_looked_for_in(tmp_path: Path, monkeypatch):
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "faq.yaml"
    path.write_text(edit("It is a test.", "![Our logo](logo.png)"), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "content")
    with pytest.raises(SourceErrors) as caught:
        load_document(Path("faq.yaml"))  # relative: its folder is '.'
    [error] = caught.value.errors
    assert error.message == "the image file 'logo.png' does not exist"
    assert error.hint == (
        f"check the spelling: it was looked for in {tmp_path / 'content'} (the folder of the "
        "FAQ source)"
    )


MONTHS = "January February March April May June July August September October November December"
# As an import writes the words of a language faq-export had no table for.
TODO_WORDS = (
    'words:\n  contents: "TODO: Contents"\n  date_format: "{month} {day}, {year}"\n'
    f"  months: [{', '.join(MONTHS.split())}]  # TODO: translate\n"
)


def test_words_still_marked_todo_stop_a_build_at_their_lines_unless_it_is_a_draft(
    tmp_path: Path,
):
    """An import writes 'TODO: …' for the words of a language without a table: a delivered
    document would print "TODO: Contents". `build` refuses each at its line; --draft builds."""
    import faq_export

    source = tmp_path / "faq.yaml"
    text = edit("language: en-US", "language: de").replace("sections:", TODO_WORDS + "sections:")
    source.write_text(text, encoding="utf-8")
    document = load_document(source)  # it loads: validate warns (FE-METADATA-TODO)
    assert [key for key, _ in document.words.unfinished] == ["contents", "months"]
    with pytest.raises(SourceErrors) as caught:
        faq_export.build(document, tmp_path / "out", formats=["docx"])
    assert [(e.line, e.column, e.message) for e in caught.value.errors] == [
        (9, 13, "the words for 'contents' still say TODO, and the documents would print them"),
        (11, 11, "the words for 'months' still say TODO, and the documents would print them"),
    ]
    assert caught.value.errors[0].hint == (
        "delete the line: faq-export has the words of 'de'; to build a draft anyway, build "
        "with --draft"
    )
    assert not (tmp_path / "out").exists()
    report = faq_export.build(document, tmp_path / "out", formats=["docx"], draft=True)
    assert [item.format for item in report.written] == ["docx", "manifest"]


def test_the_command_line_refuses_todo_words_and_builds_a_draft(tmp_path: Path, capsys):
    from faq_export.cli import main

    source = tmp_path / "faq.yaml"
    text = edit("language: en-US", "language: de").replace("sections:", TODO_WORDS + "sections:")
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(source), "--out", str(out), "--format", "docx"]) == 2
    err = capsys.readouterr().err
    assert f"{source}:9:13: error: the words for 'contents' still say TODO" in err
    assert "2 errors in" in err and "nothing was built" in err
    assert not out.exists()
    assert main(["build", str(source), "--out", str(out), "--format", "docx", "--draft"]) == 0
    assert (out / "test-faq.docx").exists()


def test_every_kind_of_value_in_the_schema_has_its_validator():
    """Each field's value is checked by the validator of its kind (source.VALIDATORS), so a
    new field of a known kind needs no code in the loader; the only other kinds are read
    where the source's shape is walked (lists, mappings, ids, the brand's logo and colour)."""
    from faq_export import schema, source

    walked = {"list", "mapping", "id", "image", "boolean", "colour"}
    kinds = {field.kind for table in schema.TABLES.values() for field in table.values()}
    assert kinds - walked <= set(source.VALIDATORS)
    assert {field.kind for field in schema.METADATA.values()} <= set(source.VALIDATORS)
