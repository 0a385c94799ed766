"""liblouis, the braille translator, through the Python binding Debian ships with it.

The binding (``python3-louis``: ``louis/__init__.py``, ctypes over ``liblouis.so.20``) lives in
the system's ``dist-packages``, which our virtual environment does not see: it is imported when
importable, else loaded from its file by path. It is used as it is, never rewritten; the few
calls of liblouis it does not wrap in 3.24 (the table metadata: ``lou_findTables``,
``lou_getTableInfo``, ``lou_listTables``) are made through the library it loaded.

PyPI's ``louis`` is another project: the binding comes only from the system's packages.

Every translation here is in dot patterns (``dotsIO | ucBrl``: Unicode braille, U+2800 + the
dots), whatever display table a language's table includes, so a language's braille is the same
cells whichever characters a display table would give them; ``cells.py`` writes them as North
American ASCII braille.
"""

from __future__ import annotations

import ctypes
import functools
import importlib
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Protocol, cast

from faq_export.errors import BrailleError

# Where Debian's python3-louis puts the binding (the same file for every Python 3).
DEBIAN_BINDING = Path("/usr/lib/python3/dist-packages/louis/__init__.py")
INSTALL = "sudo apt-get install liblouis20 liblouis-data python3-louis"

BRAILLE_BASE = 0x2800  # U+2800 BRAILLE PATTERN BLANK: a cell's dots are its offset from it
_DOTS = 0x8000  # LOU_DOTS: how liblouis marks a cell given as dots (dotsIO input)


class _Binding(Protocol):
    """What we use of the ``louis`` module (the names are the binding's)."""

    liblouis: ctypes.CDLL
    dotsIO: int
    ucBrl: int
    italic: int
    bold: int
    no_contract: int
    LOG_OFF: int

    def version(self) -> str: ...

    def setLogLevel(self, level: int) -> None: ...

    def translateString(
        self,
        tableList: Sequence[str],
        inbuf: str,
        typeform: Sequence[int] | None = None,
        mode: int = 0,
    ) -> str: ...

    def backTranslateString(
        self,
        tableList: Sequence[str],
        inbuf: str,
        typeform: Sequence[int] | None = None,
        mode: int = 0,
    ) -> str: ...


@functools.lru_cache(maxsize=1)
def binding() -> _Binding:
    """The ``louis`` module, its log silenced (a missing table is our error, not a line on
    stderr); BrailleError saying what to install when there is none."""
    try:
        module = importlib.import_module("louis")
    except ImportError:
        module = _load_debian_binding()
    except OSError as error:  # the binding is there, liblouis.so.20 is not
        raise _missing(str(error)) from None
    louis = cast(_Binding, module)
    if not hasattr(louis, "backTranslateString"):
        raise _missing(f"the module 'louis' at {getattr(module, '__file__', '?')} is not liblouis")
    louis.setLogLevel(louis.LOG_OFF)
    _declare(louis.liblouis)
    return louis


def _load_debian_binding() -> ModuleType:
    if not DEBIAN_BINDING.is_file():
        raise _missing(f"no Python binding of liblouis (looked for {DEBIAN_BINDING})")
    spec = importlib.util.spec_from_file_location("louis", DEBIAN_BINDING)
    if spec is None or spec.loader is None:
        raise _missing(f"{DEBIAN_BINDING} cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except OSError as error:  # ctypes could not open liblouis.so.20
        raise _missing(str(error)) from None
    return module


def _missing(why: str) -> BrailleError:
    return BrailleError(f"braille needs liblouis: {why}; install it with: {INSTALL}")


def _declare(library: ctypes.CDLL) -> None:
    # The strings liblouis returns here are kept for the process (few, and cached below):
    # freeing them would need the C library's free, which the binding does not expose.
    library.lou_findTables.argtypes = (ctypes.c_char_p,)
    library.lou_findTables.restype = ctypes.POINTER(ctypes.c_char_p)
    library.lou_listTables.argtypes = ()
    library.lou_listTables.restype = ctypes.POINTER(ctypes.c_char_p)
    library.lou_getTableInfo.argtypes = (ctypes.c_char_p, ctypes.c_char_p)
    library.lou_getTableInfo.restype = ctypes.c_char_p


def version() -> str:
    return binding().version()


def translate(tables: Sequence[str], text: str, typeform: Sequence[int] | None = None) -> str:
    """``text`` in braille, as Unicode braille cells (U+2800 + dots)."""
    louis = binding()
    if not text:
        return ""
    return louis.translateString(
        list(tables), text, typeform=list(typeform) if typeform else None, mode=_mode(louis)
    )


def back_translate(tables: Sequence[str], cells: str) -> str:
    """The text that braille ``cells`` (Unicode braille) stand for, as liblouis reads them."""
    louis = binding()
    if not cells:
        return ""
    dots = "".join(chr(_DOTS | (ord(c) - BRAILLE_BASE)) for c in cells)
    return louis.backTranslateString(list(tables), dots, mode=louis.dotsIO)


def _mode(louis: _Binding) -> int:
    return louis.dotsIO | louis.ucBrl


def emphasis(kind: str) -> int:
    """liblouis' typeform for ``kind``: italic, bold, or no_contract (spelled out)."""
    louis = binding()
    return {"italic": louis.italic, "bold": louis.bold, "no_contract": louis.no_contract}[kind]


@functools.lru_cache(maxsize=256)
def find_tables(query: str) -> tuple[str, ...]:
    """The tables whose metadata match ``query`` (liblouis' syntax: ``language:en grade:2``),
    best first, as liblouis names them (full paths)."""
    return _strings(binding().liblouis.lou_findTables(query.encode("ascii")))


@functools.lru_cache(maxsize=1)
def list_tables() -> tuple[str, ...]:
    """Every table liblouis indexed (those with metadata)."""
    return _strings(binding().liblouis.lou_listTables())


@functools.lru_cache(maxsize=4096)
def table_info(table: str, key: str) -> str | None:
    """The value of metadata ``key`` (``language``, ``grade``, ``direction``…) of ``table``."""
    found = binding().liblouis.lou_getTableInfo(table.encode(), key.encode("ascii"))
    return found.decode() if isinstance(found, bytes) else None


def _strings(array: object) -> tuple[str, ...]:
    if not array:
        return ()
    pointer = cast("ctypes._Pointer[ctypes.c_char_p]", array)
    found: list[str] = []
    index = 0
    while pointer[index] is not None:
        value = pointer[index]
        found.append(value.decode() if isinstance(value, bytes) else str(value))
        index += 1
    return tuple(found)
