"""Generated nested structures (hypothesis) given to `check`, `import` and `build` through the
library (issue 25, "one error path"): HTML pages of nested elements, YAML of nested mappings
and lists (and brackets thousands deep), zip packages with nested entries and packages
inside packages. Each ends in success or in one of our exceptions, which carry a message
for the user; any other exception is a bug, and no example may take long.

Runs are derandomised, as in tests/test_properties.py.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

import faq_export
from faq_export.checks.findings import CheckInputError
from faq_export.errors import RenderError, SourceErrors
from faq_export.importing import ImportProblem, Options, import_faq
from tests.test_source_errors import VALID

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SECONDS = 30  # for one example: the readers are linear, and the structures are small

WORDS = st.text(alphabet="abcdefghij ?<>&'\"é\u05d0", min_size=0, max_size=12)
TAGS = ["div", "details", "summary", "dl", "dt", "dd", "h2", "h3", "ul", "ol", "li", "p",
        "section", "table", "tr", "td", "span", "a", "em"]  # fmt: skip


def element(kids: list[str], tag: str, closed: bool) -> str:
    return f"<{tag}>" + "".join(kids) + (f"</{tag}>" if closed else "")


HTML = st.recursive(
    WORDS.map(lambda text: text.replace("<", "&lt;")),
    lambda inner: st.builds(
        element, st.lists(inner, max_size=4), st.sampled_from(TAGS), st.booleans()
    ),
    max_leaves=60,
)

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), WORDS, st.dates())
KEYS = st.sampled_from(
    ["metadata", "sections", "questions", "question", "answer", "title", "faq", "q", "a",
     "items", "id", "words", "lang", "date"]
)  # fmt: skip
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=40,
)
# Flow collections nested far deeper than any reader should follow.
BRACKETS = st.builds(
    lambda depth, kind: (
        ("[" * depth + "]" * depth) if kind else ("{a: " * depth + "1" + "}" * depth)
    ),
    st.integers(1, 20_000),
    st.booleans(),
)

MEMBER_NAMES = st.sampled_from(
    ["mimetype", "META-INF/container.xml", "word/document.xml", "[Content_Types].xml",
     "EPUB/nav.xhtml", "EPUB/package.opf", "word/styles.xml", "a/" * 40 + "b.xml"]
)  # fmt: skip


def package(members: list[tuple[str, str | bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


ZIPS = st.recursive(
    st.builds(
        package,
        st.lists(
            st.tuples(MEMBER_NAMES, st.one_of(HTML, st.just("application/epub+zip"))),
            max_size=5,
            unique_by=lambda member: member[0],
        ),
    ),
    lambda inner: st.builds(
        package,
        st.lists(st.tuples(MEMBER_NAMES, inner), min_size=1, max_size=3, unique_by=lambda m: m[0]),
    ),
    max_leaves=6,
)


def timed(call, *allowed: type[BaseException]) -> None:
    """``call`` succeeds or raises one of ``allowed`` (ours, with a message), in time."""
    start = time.monotonic()
    try:
        call()
    except allowed as exc:
        assert str(exc).strip()
    assert time.monotonic() - start < SECONDS


def imported(path: Path) -> object:
    return import_faq(path, Options())


@SETTINGS
@given(page=HTML)
def test_nested_html_imports_or_is_refused(tmp_path: Path, page: str):
    path = tmp_path / "faq.html"
    path.write_text(f"<!doctype html><html><body>{page}</body></html>", encoding="utf-8")
    timed(lambda: imported(path), ImportProblem)


@SETTINGS
@given(data=DATA)
def test_nested_yaml_loads_imports_or_is_refused(tmp_path: Path, data: object):
    path = tmp_path / "faq.yaml"
    buffer = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, buffer)  # block style, as people write it
    path.write_text(buffer.getvalue(), encoding="utf-8")
    timed(lambda: faq_export.load(path), SourceErrors)
    timed(lambda: imported(path), ImportProblem)


@settings(SETTINGS, max_examples=12)
@given(text=BRACKETS, inside=st.booleans())
def test_brackets_thousands_deep_are_refused(tmp_path: Path, text: str, inside: bool):
    path = tmp_path / "faq.yaml"
    path.write_text(
        VALID.replace("answer: Because.", "answer: " + text) if inside else text, encoding="utf-8"
    )
    timed(lambda: faq_export.load(path), SourceErrors)
    timed(lambda: imported(path), ImportProblem)


@SETTINGS
@given(data=ZIPS, suffix=st.sampled_from([".epub", ".docx", ".pdf", ".zip"]))
def test_nested_packages_are_checked_imported_or_refused(tmp_path: Path, data: bytes, suffix: str):
    path = tmp_path / f"package{suffix}"
    path.write_bytes(data)
    timed(lambda: faq_export.check(path, epubcheck=False), CheckInputError)
    docx = tmp_path / "package.docx"
    docx.write_bytes(data)
    timed(lambda: imported(docx), ImportProblem)


@settings(SETTINGS, max_examples=8)
@given(depth=st.integers(1, 14), marker=st.sampled_from(["- ", "> ", "1. "]))
def test_nested_answers_build_or_are_refused(tmp_path: Path, depth: int, marker: str):
    lines = "\n".join("  " * level + marker + f"level {level}" for level in range(depth))
    body = "\n".join("          " + line for line in (lines + "\n\nThe end.").splitlines())
    path = tmp_path / "faq.yaml"
    path.write_text(VALID.replace("answer: Because.", "answer: |\n" + body), encoding="utf-8")
    timed(
        lambda: faq_export.build(path, tmp_path / "out", formats=["epub"], manifest=False),
        SourceErrors,
        RenderError,
    )
