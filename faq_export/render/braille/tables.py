"""Which liblouis tables write a language, told by liblouis' own table metadata.

liblouis-data describes each table (``#+language:en``, ``#+grade:2``, ``#+contraction:full``,
``#+direction:forward``…); ``lou_findTables`` ranks the tables that match a query. A language's
tables are chosen from that ranking, each candidate's metadata checked again (liblouis ranks a
table of another language when nothing better matches):

- contracted (``grade=2``): a literary table of the language with full or partial contraction
  (English: UEB grade 2, ``en-ueb-g2.ctb``);
- uncontracted (``grade=1``, and for code and web addresses in any grade): a literary table
  without contraction (``en-ueb-g1.ctb``).

Tables of eight-dot braille are not chosen (a BRF holds six-dot cells). A table that only
translates forward (``#+direction:forward``: Spanish and German grade 2 in
liblouis 3.24) is not chosen: every BRF is read back and compared with its source
(``checks/brf.py``), and such a table cannot be read back. A language whose contracted tables
all are so is written uncontracted (``BrailleTables.grade`` says which was used).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import PurePath

import faq_export.render.louis as louis


@dataclass(frozen=True)
class BrailleTables:
    """The tables that write one language: ``text`` for its words, ``literal`` for what is
    spelled out (code, web addresses), both lists as liblouis takes them (file names)."""

    language: str  # the language subtag the tables were chosen for ("en")
    text: tuple[str, ...]
    literal: tuple[str, ...]
    grade: int  # 2 when ``text`` is contracted, else 1


def subtag(language: str) -> str:
    """The language subtag of a BCP 47 tag (``en-GB`` -> ``en``), which liblouis' metadata
    name languages by."""
    import langcodes

    return str(langcodes.Language.get(language).language or language.split("-")[0]).lower()


@functools.lru_cache(maxsize=128)
def tables_for(language: str, grade: int = 2) -> BrailleTables | None:
    """The tables of ``language`` (a BCP 47 tag) for ``grade`` (2 contracted, 1 not), or None
    when liblouis has no table for it that can be read back."""
    code = subtag(language)
    contracted = _best(code, contracted=True)
    # The uncontracted table of the same system (UEB grade 1 beside UEB grade 2, not EBAE's).
    system = louis.table_info(contracted, "system") if contracted else None
    uncontracted = _best(code, contracted=False, system=system)
    if uncontracted is None:
        return None
    if grade < 2:
        contracted = None
    text = contracted or uncontracted
    return BrailleTables(code, (text,), (uncontracted,), 2 if contracted else 1)


def _best(code: str, *, contracted: bool, system: str | None = None) -> str | None:
    queries = (
        (f"language:{code} type:literary contraction:full", f"language:{code} grade:2")
        if contracted
        else (
            f"language:{code} type:literary contraction:no",
            f"language:{code} grade:1",
            f"language:{code} type:literary",
        )
    )
    fitting = [
        table
        for query in queries
        for table in louis.find_tables(query)
        if _fits(table, code, contracted)
    ]
    if system is not None:  # the same system first, else liblouis' order
        fitting.sort(key=lambda table: louis.table_info(table, "system") != system)
    return PurePath(fitting[0]).name if fitting else None


def _fits(table: str, code: str, contracted: bool) -> bool:
    languages = _values(table, "language")
    if not any(subtag(value) == code for value in languages):
        return False
    if louis.table_info(table, "direction") == "forward":
        return False  # cannot be read back
    if (louis.table_info(table, "type") or "literary") != "literary":
        return False
    if (louis.table_info(table, "dots") or "6").strip() == "8":
        return False  # a BRF holds six-dot cells
    contraction = louis.table_info(table, "contraction")
    grade = louis.table_info(table, "grade")
    if contracted:
        return contraction in ("full", "partial") or grade == "2"
    return contraction in (None, "no") and grade in (None, "0", "1")


def _values(table: str, key: str) -> list[str]:
    value = louis.table_info(table, key)
    return [v.strip() for v in value.split(",")] if value else []


@functools.lru_cache(maxsize=1)
def languages_with_tables() -> tuple[str, ...]:
    """The language subtags liblouis has a readable (back-translatable) table for, sorted."""
    found: set[str] = set()
    for table in louis.list_tables():
        for value in _values(table, "language"):
            code = subtag(value) if value[:1].isalpha() else ""
            if code and code not in found and tables_for(code, 1) is not None:
                found.add(code)
    return tuple(sorted(found))
