"""README.md documents every key of the schema and the two set-up commands."""

from __future__ import annotations

import pytest

from exporter import schema
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("table", "key"),
    [(name, key) for name, table in schema.TABLES.items() for key in table],
)
def test_every_schema_key_is_documented(table: str, key: str):
    assert f"| `{key}` |" in README, f"{table}.{key} is missing from README.md"


def test_the_two_commands_come_first():
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in first_block.strip().splitlines()] == [
        "make",
        "make test",
    ]
