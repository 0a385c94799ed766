"""Which liblouis tables write a language, told by liblouis' own table metadata and by what
the tables write.

liblouis-data describes each table (``#+language:en``, ``#+grade:2``, ``#+contraction:full``,
``#+direction:forward``…); ``lou_findTables`` ranks the tables that match a query. A language's
tables are chosen from that ranking, each candidate's metadata checked again (liblouis ranks a
table of another language when nothing better matches):

- contracted (``grade=2``): a literary table of the language with full or partial contraction
  (English: UEB grade 2, ``en-ueb-g2.ctb``);
- uncontracted (``grade=1``, and for code and web addresses in any grade): a literary table
  without contraction (``en-ueb-g1.ctb``).

Languages are compared as ISO 639-3 macrolanguages (liblouis names Chinese tables ``cmn``, a
document says ``zh``). A table is not chosen when a BRF could not hold or the fidelity check
could not read what it writes, and why is kept for the error (``refusals``):

- eight-dot braille (``#+dots:8``), or a table that writes eight-dot cells for the text of a
  document: its language's own name, digits, a web address and code (a BRF holds six-dot
  cells). liblouis' tables write words it switches to computer braille in (``compbrl``: web
  addresses, ``::``, ``()`` in the Korean tables) with eight-dot capitals
  (``latinUppercaseComp6.uti``: a capital is its letter with dot 7); those are written in six
  dots as the table writes a capital elsewhere, its capital sign before the letter
  (``translate``), and only a table that still writes eight dots is refused;
- a table that only translates forward (``#+direction:forward``: Spanish and German grade 2,
  Hebrew in liblouis 3.24): every BRF is read back and compared with its source
  (``checks/brf.py``);
- for a language written in ideographs (Han characters), a table whose braille liblouis does
  not read back as the characters: the language's own name, translated and read back, must
  come back (Chinese braille writes the sound of the words, and liblouis reads it back as
  other characters; the check's reading word by word cannot help a script written without
  spaces).

A language whose contracted tables all are refused is written uncontracted
(``BrailleTables.grade`` says which was used).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

import faq_export.render.louis as louis

BASE = 0x2800
DOT_7 = 0x40
DOT_8 = 0x80
# What every document may hold besides its language's words: digits, a web address, code.
PROBES = ("0123456789", "https://Example.org/Path?Query=1&b=2", "Name::Value f(X) A()")


@dataclass(frozen=True)
class BrailleTables:
    """The tables that write one language: ``text`` for its words, ``literal`` for what is
    spelled out (code, web addresses), both lists as liblouis takes them (file names)."""

    language: str  # the language subtag the tables were chosen for ("en")
    text: tuple[str, ...]
    literal: tuple[str, ...]
    grade: int  # 2 when ``text`` is contracted, else 1


@dataclass(frozen=True)
class Refusal:
    """A table of a language that is not chosen, and why (for the error that says so)."""

    table: str  # its file name
    why: str


def subtag(language: str) -> str:
    """The language subtag of a BCP 47 tag (``en-GB`` -> ``en``), as a macrolanguage
    (``cmn-Hans`` -> ``zh``), which liblouis' metadata name languages by."""
    import langcodes

    try:
        tag = langcodes.standardize_tag(language, macro=True)
    except ValueError:
        tag = language
    return str(langcodes.Language.get(tag).language or tag.split("-")[0]).lower()


def translate(tables: Sequence[str], text: str, typeform: Sequence[int] | None = None) -> str:
    """``text`` in ``tables``' braille (Unicode braille cells), an eight-dot capital of
    computer braille (a letter with dot 7) written in six dots: the table's capital sign,
    then the letter."""
    cells = louis.translate(tables, text, typeform)
    if all(ord(c) < BASE + DOT_7 for c in cells):
        return cells
    sign = capital_sign(tuple(tables))
    if not sign:
        return cells
    capitals = _computer_capitals(tuple(tables))
    return "".join(sign + chr(ord(c) - DOT_7) if c in capitals else c for c in cells)


@functools.lru_cache(maxsize=64)
def _computer_capitals(tables: tuple[str, ...]) -> frozenset[str]:
    """The eight-dot cells ``tables`` write for capital letters in computer braille (only
    those: a character liblouis has no rule for is written as its code point, a backslash
    with dot 7 first, and is never made six-dot here)."""
    cells = louis.translate(tables, "://ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return frozenset(c for c in cells if BASE + DOT_7 <= ord(c) < BASE + DOT_8)


@functools.lru_cache(maxsize=64)
def capital_sign(tables: tuple[str, ...]) -> str:
    """The cells ``tables`` write before a capital letter (UEB and Korean: dot 6), learnt
    from the table: what "A" has that "a" has not; "" when the table writes capitals
    otherwise."""
    small = louis.translate(tables, "a")
    capital = louis.translate(tables, "A")
    start = 0
    while start < min(len(small), len(capital)) and small[start] == capital[start]:
        start += 1
    end = 0
    while end < min(len(small), len(capital)) - start and small[-1 - end] == capital[-1 - end]:
        end += 1
    if start + end != len(small):
        return ""  # the letter itself changes: not a sign before it
    sign = capital[start : len(capital) - end]
    return sign if sign and all(ord(c) < BASE + DOT_7 for c in sign) else ""


@functools.lru_cache(maxsize=128)
def tables_for(language: str, grade: int = 2) -> BrailleTables | None:
    """The tables of ``language`` (a BCP 47 tag) for ``grade`` (2 contracted, 1 not), or None
    when liblouis has no table for it that a BRF can hold and that can be read back."""
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


@functools.lru_cache(maxsize=128)
def refusals(language: str) -> tuple[Refusal, ...]:
    """Each literary table of ``language`` liblouis has, with why it is not chosen (none for
    a table that is)."""
    code = subtag(language)
    found: list[Refusal] = []
    for table in louis.list_tables():
        if not any(subtag(value) == code for value in _values(table, "language")):
            continue
        if (louis.table_info(table, "type") or "literary") != "literary":
            continue
        why = _refusal(PurePath(table).name, code)
        if why:
            found.append(Refusal(PurePath(table).name, why))
    return tuple(sorted(found, key=lambda refusal: refusal.table))


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
    # liblouis names some languages by their members (cmn, yue for zh): ask for those too.
    names = {code} | {
        subtag_value
        for table in louis.list_tables()
        for subtag_value in _values(table, "language")
        if subtag(subtag_value) == code
    }
    fitting: list[str] = []
    for name in sorted(names, key=lambda name: name != code):
        for query in queries:
            for table in louis.find_tables(query.replace(f"language:{code}", f"language:{name}")):
                if table not in fitting and _fits(table, code, contracted):
                    fitting.append(table)
    if system is not None:  # the same system first, else liblouis' order
        fitting.sort(key=lambda table: louis.table_info(table, "system") != system)
    return PurePath(fitting[0]).name if fitting else None


def _fits(table: str, code: str, contracted: bool) -> bool:
    languages = _values(table, "language")
    if not any(subtag(value) == code for value in languages):
        return False
    if (louis.table_info(table, "type") or "literary") != "literary":
        return False
    contraction = louis.table_info(table, "contraction")
    grade = louis.table_info(table, "grade")
    if contracted:
        if not (contraction in ("full", "partial") or grade == "2"):
            return False
    elif not (contraction in (None, "no") and grade in (None, "0", "1")):
        return False
    return not _refusal(PurePath(table).name, code)


@functools.lru_cache(maxsize=256)
def _refusal(table: str, code: str) -> str:
    """Why ``table`` cannot write a BRF of language ``code`` that is read back ("" when it
    can)."""
    if louis.table_info(table, "direction") == "forward":
        return "it only translates forward (liblouis cannot read its braille back)"
    if (louis.table_info(table, "dots") or "6").strip() == "8":
        return "it is eight-dot braille, which a BRF (six-dot cells) cannot hold"
    name = _own_name(code)
    for sample in (name, *PROBES):
        writable = "".join(
            c for c in sample if c.isspace() or _six_dot(louis.translate([table], c))
        )
        if not _six_dot(translate([table], writable)):
            return f"it writes {writable!r} in eight-dot cells, which a BRF cannot hold"
    if name and _ideographic(name):
        read = louis.back_translate([table], translate([table], name))
        if _letters(read) != _letters(name):
            return (
                f"braille writes the sound of the language's words, not its characters "
                f"(ideographs): liblouis reads its braille of {name!r} back as {read!r}, so "
                "the braille cannot be read back as the text it was made from"
            )
    return ""


def _own_name(code: str) -> str:
    """The language's name in itself (CLDR, through Babel): words in its own script."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code).display_name or "")
    except (ValueError, UnknownLocaleError):
        return ""


def _six_dot(cells: str) -> bool:
    return all(ord(c) < BASE + DOT_7 or not BASE <= ord(c) < BASE + 0x100 for c in cells)


def _letters(text: str) -> str:
    return "".join(
        c
        for c in unicodedata.normalize("NFKC", text).casefold()
        if unicodedata.category(c)[0] == "L"
    )


def _ideographic(text: str) -> bool:
    """Whether ``text`` is written in ideographs (Han characters: Chinese, Japanese kanji),
    which every braille code writes by their sound."""
    return any(unicodedata.name(c, "").startswith("CJK UNIFIED IDEOGRAPH") for c in text)


def _values(table: str, key: str) -> list[str]:
    value = louis.table_info(table, key)
    return [v.strip() for v in value.split(",")] if value else []


@functools.lru_cache(maxsize=1)
def languages_with_tables() -> tuple[str, ...]:
    """The language subtags liblouis has a table for that a BRF holds and that can be read
    back, sorted."""
    found: set[str] = set()
    for table in louis.list_tables():
        for value in _values(table, "language"):
            code = subtag(value) if value[:1].isalpha() else ""
            if code and code not in found and tables_for(code, 1) is not None:
                found.add(code)
    return tuple(sorted(found))
