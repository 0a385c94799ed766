"""The documentation says what the code does: docs/schema.md documents every key of the schema,
README.md starts with the two set-up commands and shows what `validate` prints, and
docs/languages.md's `words:` block makes a German FAQ. (tests/test_docs.py checks the links and
the generated rule catalogue.)"""

from __future__ import annotations

import pytest

from faq_export import schema
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SCHEMA = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
LANGUAGES = (ROOT / "docs" / "languages.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("table", "key"),
    [(name, key) for name, table in schema.TABLES.items() for key in table],
)
def test_every_schema_key_is_documented(table: str, key: str):
    assert f"| `{key}` |" in SCHEMA, f"{table}.{key} is missing from docs/schema.md"


def test_the_two_commands_come_first():
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in first_block.strip().splitlines()] == [
        "make",
        "make test",
    ]


def test_the_error_example_is_what_validate_prints(tmp_path):
    import subprocess
    import sys

    from tests.conftest import FAQ

    block = README.split("an answer started with `<p>`:\n\n```\n", 1)[1].split("```", 1)[0]
    content = tmp_path / "content"
    content.mkdir()
    (content / "faq.yaml").write_text(
        FAQ.read_text(encoding="utf-8")
        .replace("  language: en-US", "  langauge: en-US")
        .replace("          Shared services refers", "          <p>Shared services refers"),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "faq_export", "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 2
    assert result.stderr == block


def test_the_words_example_makes_a_german_faq(tmp_path):
    """docs/languages.md's `words:` block is every word a language needs: with it, German loads."""
    from faq_export.source import load_document

    block = LANGUAGES.split("## Words in other languages", 1)[1].split("```yaml\n", 1)[1]
    block = block.split("```", 1)[0]
    source = tmp_path / "faq.yaml"
    source.write_text(
        "metadata:\n  title: FAQ\n  language: de-DE\n  identifier: urn:example:de\n"
        '  version: "1"\n  date: 2026-05-04\n  accessibility_summary: Nur Text.\n'
        + block
        + "sections:\n  - title: Allgemein\n    body: Hallo.\n",
        encoding="utf-8",
    )
    document = load_document(source)
    assert document.words("page_of", page=1, pages=2) == "Seite 1 von 2"
    assert document.words.date(document.metadata.date) == "4. Mai 2026"
