"""Hostile print templates and words that would hide text (issue 25, items 3 and 6).

A print template is a program someone else may have written: it runs within a budget of
time, output, memory and depth (docs/limits.md), and each way past it is exit 2 with the
template's file and line. Words (``words:``) that would hide themselves, a line break in the
page footer's words, are an error at their line; every value accepted is printed.

Each case runs the real command in a child under 3 GiB of address space and 120 s
(tests/test_hostile.py), and asserts the exit code, the message, no traceback, nothing
written and the previous documents unchanged.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_hostile import assert_refused, assert_unchanged, faq_export, source
from tests.test_source_errors import VALID

TEMPLATE = "document.html.j2"


@pytest.fixture
def previous(tmp_path: Path) -> dict[str, bytes]:
    """Documents of an earlier build in tmp_path/out (as in test_hostile.py)."""
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("pdf", "epub", "docx"):
        (out / f"test-faq.{fmt}").write_bytes(f"previous {fmt}".encode())
    return {p.name: p.read_bytes() for p in out.iterdir()}


def template_with(tmp_path: Path, markup: str) -> int:
    """The shipped print template in tmp_path/print with ``markup`` on a line of its own
    after <body>; the number of that line."""
    folder = tmp_path / "print"
    shutil.copytree(ROOT / "templates" / "print", folder)
    path = folder / TEMPLATE
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(n for n, text in enumerate(lines) if text.startswith("<body")) + 1
    lines.insert(at, markup)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


LOOPS = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
TEMPLATES = [
    ("nested-loops", LOOPS, ["--limit", "template_seconds=3"], "ran for more than 3 seconds"),
    ("huge-text", "{{ 'x' * 1000000000 }}", [], "a text of 1,000,000,000 characters"),
    ("huge-list", "{{ [0] * 1000000000 }}", [], "a list of 1,000,000,000 items"),
    ("huge-range", "{% for i in range(1000000) %}{% endfor %}", [], "a range of 1,000,000"),
    ("centre", "{{ 'x' | center(1000000000) }}", [], "a text of 1,000,000,000 characters"),
    ("format-width", "{{ '%999999999s' | format(1) }}", [], "more than 50,000,000"),
    ("str-format", "{{ '{:>999999999}'.format(1) }}", [], "more than 50,000,000"),
    ("power", "{{ 7 ** 100000000 }}", [], "more than 4,000 digits"),
    (
        "doubling-text",
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        [],
        "a text of 67,108,864 characters",
    ),
    (
        "doubling-list",
        "{% set xs = [0] %}{% for i in range(40) %}{{ xs.extend(xs) }}{% endfor %}",
        [],
        "a list of 1,048,576 items",
    ),
    (
        "output-flood",
        "{% for i in range(100000) %}{% for j in range(1000) %}" + "x" * 50 + "{% endfor %}"
        "{% endfor %}",
        [],
        "wrote more than 50,000,000 characters",
    ),
    (
        "flood-in-a-macro",
        "{% macro m() %}{% for i in range(100000) %}{% for j in range(1000) %}"
        + "x" * 50
        + "{% endfor %}{% endfor %}{% endmacro %}{% set s = m() %}",
        [],
        "wrote more than 50,000,000 characters",
    ),
    (
        "recursive-macro",
        "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
        [],
        "macros and calls are nested more than 100 deep",
    ),
    (
        "recursion-beyond-python",
        "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
        ["--limit", "template_depth=100000"],
        "nested too deep for Python",
    ),
    (
        "self-include",
        "{% include 'document.html.j2' %}",
        [],
        "templates (include, import) are nested more than 100 deep",
    ),
    ("division-by-zero", "{{ 1 / 0 }}", [], "ZeroDivisionError: division by zero"),
]


@pytest.mark.parametrize(
    ("markup", "options", "words"), [c[1:] for c in TEMPLATES], ids=[c[0] for c in TEMPLATES]
)
def test_a_template_beyond_its_budget_stops_at_its_line(
    tmp_path: Path, previous, markup: str, options: list[str], words: str
):
    line = template_with(tmp_path, markup)
    path = source(tmp_path, VALID)
    run = faq_export(
        *options, "build", str(path), "--templates", "print", "--out", "out", cwd=tmp_path
    )
    where = f"{tmp_path / 'print' / TEMPLATE}:"
    assert_refused(run, 2, where, words, "nothing was written")
    lines = {int(text.split(":")[0]) for text in run.err.split(where)[1:]}
    # The line written, or (a template that includes itself) the line of its import.
    text = (tmp_path / "print" / TEMPLATE).read_text(encoding="utf-8").splitlines()
    imports = {n for n, t in enumerate(text, 1) if t.startswith("{% import")}
    assert lines and lines <= {line} | imports, run.err
    assert "RecursionError" not in run.err and "MemoryError" not in run.err
    assert run.seconds < 60
    assert_unchanged(tmp_path, previous)


def test_the_budget_is_a_limit_a_template_can_be_given_more_of(tmp_path: Path):
    template_with(tmp_path, "{% for i in range(20000) %}{{ i }} {% endfor %}")
    path = source(tmp_path, VALID)
    args = ["build", str(path), "--templates", "print", "--format", "pdf", "--out", "out"]
    run = faq_export("--limit", "template_output=50000", *args, cwd=tmp_path)
    assert_refused(run, 2, "wrote more than 50,000 characters", "--limit template_output=")
    run = faq_export(*args, cwd=tmp_path)
    assert run.code == 0, run.err


# --- words that would hide text -----------------------------------------------------------------


def with_words(page_of: str) -> str:
    return VALID.replace("sections:", f"words:\n  page_of: {page_of}\nsections:", 1)


WORDS = [
    ("line-feed", '"Page {page}\\nof {pages}"', "faq.yaml:9:24:", "line break or tab (U+000A)"),
    ("tab", '"Page {page}\\tof {pages}"', "faq.yaml:9:24:", "line break or tab (U+0009)"),
    ("line-separator", '"Page {page}\\u2028of {pages}"', "faq.yaml:9:24:", "U+2028"),
    ("block-scalar", "|\n    Page {page} of {pages}", "faq.yaml:", "U+000A"),
    ("control", '"Page {page}\\x01 of {pages}"', "faq.yaml:9:24:", "U+0001"),
    ("no-pages", '"Page {page}"', "faq.yaml:9:12:", "must hold {page}, {pages}"),
    ("no-page", '"{pages}"', "faq.yaml:9:12:", "must hold {page}, {pages}"),
]


@pytest.mark.parametrize(
    ("value", "where", "words"), [c[1:] for c in WORDS], ids=[c[0] for c in WORDS]
)
def test_words_that_would_hide_text_are_an_error_at_their_line(
    tmp_path: Path, previous, value: str, where: str, words: str
):
    run = faq_export(
        "build", str(source(tmp_path, with_words(value))), "--out", "out", cwd=tmp_path
    )
    assert_refused(run, 2, where, words)
    assert_unchanged(tmp_path, previous)


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ('"Page {page} of {pages}</style><p>x"', r"Page \d+ of \d+</style><p>x"),
        ("'Seite {page} \\ \" von {pages}'", r'Seite \d+ \\ " von \d+'),
    ],
    ids=["closing-style-tag", "quote-and-backslash"],
)
def test_every_accepted_footer_is_printed(tmp_path: Path, value: str, printed: str):
    path = source(tmp_path, with_words(value))
    run = faq_export("build", str(path), "--format", "pdf", "--out", "out", cwd=tmp_path)
    assert run.code == 0, run.err
    assert re.search(printed, pdftotext(tmp_path / "out" / "test-faq.pdf")), printed
