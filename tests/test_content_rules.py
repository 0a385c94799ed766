"""Content rules: judged once on the source, reported at its line by `validate`, in each
format's report by `build`; warnings are advice unless `--strict`; accepted findings stay
visible as accepted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from faq_export.checks.content import CONTENT, check_content
from faq_export.cli import main
from faq_export.source import load_document
from tests.conftest import ROOT
from tests.test_source_errors import VALID

ADVICE = ROOT / "tests" / "sources" / "advice.yaml"


def source_with(tmp_path: Path, answer: str, extra: str = "") -> Path:
    """The small valid source with question 2's answer replaced (a block, 10 spaces in)."""
    body = "\n".join("          " + line for line in answer.splitlines())
    path = tmp_path / "faq.yaml"
    path.write_text(VALID.replace("answer: Because.", "answer: |\n" + body) + extra, "utf-8")
    return path


# (rule, answer text, the words the finding must be at): each content rule and a case of it.
CASES = [
    ("FE-LINK-TEXT", "Details are [here](https://example.org/x).", "[here]"),
    ("FE-LINK-TEXT", "Read [more](#basics).", "[more]"),
    ("FE-LINK-TEXT", "See [https://example.org/x](https://example.org/x).", "[https://"),
    # In the language the FAQ is written in, too.
    ("FE-LINK-TEXT", "Die Anleitung finden Sie [hier](https://example.org/x).", "[hier]"),
    ("FE-LINK-TEXT", "Подробности [здесь](https://example.org/x).", "[здесь]"),
    ("FE-ALT-TEXT", "![IMG_2041.png](red.png)", "red.png"),
    ("FE-PLACEHOLDER", "TBD", "TBD"),
    ("FE-PLACEHOLDER", "Lorem ipsum dolor sit amet, consectetur.", "Lorem"),
    ("FE-DUPLICATE-ANSWER", "It is a test.\n\n- one\n- two", "It is a test."),
    ("FE-TEMPLATE-TAG", "Call {{ site.data.contacts.phone }} today.", "{{ site"),
    ("FE-TEMPLATE-TAG", "{% include note.html %}", "{% include"),
    ("FE-ALL-CAPS", "PLEASE DO NOT ASK FOR RELEASE DATES.", "PLEASE"),
    # A bare address in text is a link now, and its text is the address.
    ("FE-LINK-TEXT", "Read https://example.org/guide first.", "https://example.org/guide"),
    # Rows of cells without the row of dashes (or with one of other columns): a paragraph.
    ("FE-TABLE-LIKE", "Our plans:\n\n| Plan | Price |\n| Basic | $5 |", "| Plan"),
    ("FE-TABLE-LIKE", "| A | B | C |\n|---|---|\n| 1 | 2 | 3 |", "| A | B | C"),
    ("FE-TABLE-CAPTION", "The plans are below.\n\nTable: Plans and prices", "Table: Plans"),
    ("FE-TABLE-CAPTION", "- one\n\n  Table: In a list, with no table", "Table: In a list"),
]


@pytest.mark.parametrize(
    ("rule", "answer", "at"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_rule_is_reported_at_its_source_line(tmp_path: Path, rule, answer, at):
    (tmp_path / "red.png").write_bytes((ROOT / "tests" / "sources" / "red.png").read_bytes())
    path = source_with(tmp_path, answer)
    findings = [f for f in check_content(load_document(path)) if f.rule == rule]
    assert len(findings) == 1, rule
    assert findings[0].source is not None
    _, line, column = findings[0].source.rsplit(":", 2)
    text = path.read_text(encoding="utf-8").splitlines()[int(line) - 1]
    assert text[int(column) - 1 :].startswith(at)


def test_every_content_rule_has_a_case():
    # judged on metadata or on the questions, not on an answer: below
    metadata_rules = {"FE-METADATA-TODO", "FE-SUMMARY-CONTRADICTED", "FE-DUPLICATE-QUESTION"}
    assert {rule for rule, *_ in CASES} | metadata_rules == set(CONTENT.rules)


def test_a_metadata_todo_is_reported_at_its_line(tmp_path: Path):
    path = source_with(tmp_path, "Fine.")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("accessibility_summary: Text only.", "accessibility_summary: TODO write it"),
        encoding="utf-8",
    )
    findings = check_content(load_document(path))
    assert [f.rule for f in findings] == ["FE-METADATA-TODO"]
    _, line, column = (findings[0].source or "").rsplit(":", 2)
    assert (
        path.read_text()
        .splitlines()[int(line) - 1][int(column) - 1 :]
        .startswith("accessibility_summary: TODO")
    )


@pytest.mark.parametrize(
    "text",
    [
        "See the [release schedule](https://example.org/s).",
        "Ask on IRC [#lineageos@Libera.Chat](https://web.libera.chat/?channel=#lineageos).",
        "Here is [the verification page](https://example.org/verify).",
        "The FAQ, the API and the CLI are documented.",
        "Answer the survey by Friday.",
        "| Plan | Price |\n|---|--:|\n| Basic | $5 |\n\nTable: Plans and prices",
        "Table: Plans and prices\n\n| Plan | Price |\n|---|--:|\n| Basic | $5 |",
        "Choose yes | no | maybe in the form.",
        "Write `a | b` in the first line\nand `c | d` in the second.",
        "The files README.md and www.example.org and help@example.org are not addresses here.",
        # A program's output and a template shown as code are the author's to show.
        "The output:\n\n```\nNAME        ID            SIZE    PROCESSOR   UNTIL\n```",
        "Write `{{ site.title }}` in the layout, and `NAME SIZE UNTIL` is the header.",
    ],
)
def test_ordinary_text_is_not_advised_against(tmp_path: Path, text: str):
    assert check_content(load_document(source_with(tmp_path, text))) == []


def test_validate_shows_advice_at_the_line_and_passes(capsys):
    assert main(["validate", str(ADVICE)]) == 0
    captured = capsys.readouterr()
    line = next(n for n, t in enumerate(ADVICE.read_text().splitlines(), 1) if "[here]" in t)
    assert f"{ADVICE}:{line}:" in captured.err
    assert "warning: the link text 'here' does not say where it goes" in captured.err
    assert "[FE-LINK-TEXT]" in captured.err
    assert "ok (1 section, 2 questions; 1 warning)" in captured.out


def test_build_reports_the_advice_in_each_format_with_its_source_line(tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(ADVICE), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    line = next(n for n, t in enumerate(ADVICE.read_text().splitlines(), 1) if "[here]" in t)
    # Each document has the finding; the terminal shows it once, under the source, where it
    # is fixed, placed on its printed page.
    report = err.split(f"{ADVICE}: ", 1)[1]
    assert err.count("warning FE-LINK-TEXT") == 1
    assert "warning FE-LINK-TEXT at question 1, page " in report
    assert f"source: {ADVICE}:{line}:" in report
    assert "section-01.xhtml" not in err  # never a file inside the EPUB
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".epub", ".json", ".pdf"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["check"]["warnings"] for entry in manifest["files"]] == [1, 1, 1]


def test_strict_turns_the_advice_into_an_error_and_writes_nothing(tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(ADVICE), "--out", str(out), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "(an error under --strict)" in err
    assert "nothing was written" in err
    assert not out.exists() or not any(out.iterdir())
    assert main(["validate", str(ADVICE), "--strict"]) == 1


def test_an_accepted_finding_is_shown_as_accepted_and_strict_honours_it(tmp_path: Path, capsys):
    source = tmp_path / "faq.yaml"
    source.write_text(
        ADVICE.read_text(encoding="utf-8")
        + "\naccessibility:\n  accept:\n    - rule: FE-LINK-TEXT\n      at: compare\n"
        "      reason: The sentence before the link says what is there.\n",
        encoding="utf-8",
    )
    assert main(["validate", str(source), "--strict"]) == 0
    captured = capsys.readouterr()
    assert "accepted warning: the link text 'here'" in captured.err
    assert "accepted because: The sentence before the link says what is there." in captured.err
    assert "1 accepted" in captured.out
    out = tmp_path / "out"
    assert main(["build", str(source), "--out", str(out), "--strict", "--format", "epub"]) == 0
    err = capsys.readouterr().err
    assert "accepted warning FE-LINK-TEXT" in err
    assert (out / "advice-test.epub").exists()


def test_an_acceptance_elsewhere_does_not_cover_the_finding(tmp_path: Path):
    source = tmp_path / "faq.yaml"
    source.write_text(
        ADVICE.read_text(encoding="utf-8")
        + "\naccessibility:\n  accept:\n    - rule: FE-LINK-TEXT\n      at: upgrade\n"
        "      reason: Not this one.\n",
        encoding="utf-8",
    )
    assert main(["validate", str(source), "--strict"]) == 1


def test_json_report_carries_source_and_acceptance(tmp_path: Path, capsys):
    import json

    from faq_export.checks.report import json_report
    from faq_export.pipeline import apply_acceptances

    document = load_document(ADVICE)
    findings = apply_acceptances(document, check_content(document))
    data = json.loads(json_report({"advice": findings}))
    (finding,) = data["files"][0]["findings"]
    assert finding["rule"] == "FE-LINK-TEXT" and finding["source"].startswith(str(ADVICE))
    assert data["files"][0]["passed"] is True


def test_an_acceptance_that_accepts_nothing_is_pointed_out(tmp_path: Path, capsys):
    source = tmp_path / "faq.yaml"
    text = ADVICE.read_text(encoding="utf-8")
    source.write_text(
        text + "\naccessibility:\n  accept:\n    - rule: FE-PLACEHOLDER\n      at: upgrade\n"
        "      reason: Left over.\n",
        encoding="utf-8",
    )
    assert main(["validate", str(source)]) == 0
    line = len(text.splitlines()) + 4
    assert (
        f"{source}:{line}:7: note: the accepted FE-PLACEHOLDER at 'upgrade' matches no finding"
        in capsys.readouterr().err
    )


def test_a_table_like_paragraph_says_what_is_missing(tmp_path: Path):
    path = source_with(tmp_path, "| Plan | Price |\n| Basic | $5 |\nTable: Plans")
    [finding] = check_content(load_document(path))
    assert finding.rule == "FE-TABLE-LIKE" and finding.where == "question 2"
    assert finding.message == (
        "these lines look like a table, but the line under the first one is not the row of "
        "dashes that makes them one ('|---|---|'), so they are printed as text, '|' and all"
    )
    path = source_with(tmp_path, "| A | B | C |\n|---|---|\n| 1 | 2 | 3 |")
    [finding] = check_content(load_document(path))
    assert "the row of dashes under the first line has 2 columns and the first line 3" in (
        finding.message
    )


def test_a_bare_address_is_a_link(tmp_path: Path):
    from faq_export import model as m

    document = load_document(source_with(tmp_path, "See https://example.org/a?b=1, or ftp://x."))
    [paragraph] = document.questions[1].answer
    assert isinstance(paragraph, m.Paragraph)
    assert paragraph.children == (
        m.Text("See "),
        m.Link("https://example.org/a?b=1", None, (m.Text("https://example.org/a?b=1"),)),
        m.Text(", or ftp://x."),
    )


def test_a_bare_address_in_a_question_stays_its_text(tmp_path: Path):
    """A question is a heading and a contents entry: a link there is refused, but an address
    written in it is text, as it was before bare addresses became links in answers."""
    from faq_export import model as m

    path = tmp_path / "faq.yaml"
    path.write_text(
        VALID.replace("question: Why?", "question: Is https://example.org up?"), "utf-8"
    )
    question = load_document(path).questions[1]
    assert question.text == m.plain_text(question.heading) == "Is https://example.org up?"
    assert not any(isinstance(node, m.Link) for node in question.heading)


def test_the_same_question_twice_is_reported_at_the_second(tmp_path: Path):
    path = tmp_path / "faq.yaml"
    path.write_text(VALID.replace("question: Why?", "question: what is  it"), "utf-8")
    [finding] = check_content(load_document(path))
    assert finding.rule == "FE-DUPLICATE-QUESTION"
    assert finding.message == "the question is the same as question 1"
    assert finding.where == "question 2" and finding.source == f"{path}:18:19"


@pytest.mark.parametrize(
    ("summary", "answer", "message"),
    [
        (
            "It has no images, audio or video.",
            "![A red square](red.png)",
            "the accessibility summary says there are no images, and there is one image (the "
            "first in question 2)",
        ),
        (
            "There are neither tables nor code samples.",
            "| A | B |\n|---|---|\n| 1 | 2 |\n\nRun `make`.",
            "the accessibility summary says there are no tables, and there is one table (the "
            "first in question 2)",
        ),
    ],
)
def test_a_summary_that_denies_what_the_documents_have_is_reported_at_its_line(
    tmp_path: Path, summary: str, answer: str, message: str
):
    (tmp_path / "red.png").write_bytes((ROOT / "tests" / "sources" / "red.png").read_bytes())
    path = source_with(tmp_path, answer)
    path.write_text(path.read_text().replace("Text only.", summary), "utf-8")
    findings = [f for f in check_content(load_document(path)) if f.rule.startswith("FE-SUMMARY")]
    assert findings[0].message == message
    assert findings[0].source == f"{path}:7:3"
    if "code" in summary:
        assert findings[1].message == (
            "the accessibility summary says there are no code, and there is one piece of code "
            "(the first in question 2)"
        )


def test_a_summary_that_tells_the_truth_is_not_reported(tmp_path: Path):
    (tmp_path / "red.png").write_bytes((ROOT / "tests" / "sources" / "red.png").read_bytes())
    path = source_with(tmp_path, "![A red square](red.png)")
    summary = "It has one image, described by its alternative text, and no tables."
    path.write_text(path.read_text().replace("Text only.", summary), "utf-8")
    assert check_content(load_document(path)) == []


def test_an_answer_an_import_left_todo_is_reported_at_its_line(tmp_path: Path):
    """An import writes the answer TODO for a question the original left unanswered: the
    documents were published with 'TODO' as its answer, and no word from the build."""
    path = source_with(tmp_path, "TODO\n")
    findings = [f for f in check_content(load_document(path)) if f.rule == "FE-METADATA-TODO"]
    assert [f.message for f in findings] == ["question 2 still says 'TODO'"]
    assert findings[0].target is not None
    # An answer about a to-do list is no placeholder.
    path = source_with(tmp_path, "Todoist keeps your TODO list.")
    assert not [f for f in check_content(load_document(path)) if f.rule == "FE-METADATA-TODO"]
