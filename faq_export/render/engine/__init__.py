"""Every change faq-export makes to WeasyPrint, pydyf and fontTools, in one place: what each
patch replaces, the versions it was written for, and ``patched()``, which puts them in place
for one build and takes them out afterwards. ``PATCHES.md`` (at the repository's root) says
why each exists, what it gains or fixes, and when it can go.

- ``weasyprint_text``: what WeasyPrint 70's tagged PDF gets wrong for other languages
  (correctness: a passage's ``/Lang``, right-to-left ligatures' ToUnicode, raised marks).
- ``weasyprint_counters``: the contents' page numbers laid out once more, not twice
  (speed, the same bytes).
- ``pydyf_pages``: pydyf's page references kept between reads (speed, the same bytes).
- ``imports``: WeasyPrint imported without its slow library search and without two parts of
  fontTools it rarely uses (start-up; in place only while WeasyPrint is imported).

Nothing is patched when faq-export is imported: a program that imports it and WeasyPrint
gets WeasyPrint as it is, except while one of our builds lays out or draws.

**Threads.** The patches replace functions of the libraries' modules and classes, which every
thread of the process shares. ``patched()`` counts the builds inside it under a lock: the
first puts the patches in place, the last takes them out, so builds on several threads at
once all run patched and none removes them from under another. While a build runs, other
code of the same process that calls WeasyPrint gets the patched functions too (the speed
patches give the same bytes; the correctness patches add ``/Lang`` and fix right-to-left
text); and a plain build on one thread while a patched one runs on another is not plain.

**Versions.** A patch is put in place only on the versions of the library it was written
for (``Patch.versions``); on any other version the build runs without it and warns once
(``EngineVersionWarning``).

**Plain mode.** ``FAQ_EXPORT_ENGINE=plain`` builds with WeasyPrint as it is: no patch, and
WeasyPrint imported the ordinary way (that part is read when WeasyPrint is first imported).
``FAQ_EXPORT_ENGINE=speed`` or ``correctness`` puts only those patches in place (the tests
compare them: the speed patches give the same bytes; without the correctness patches our
checker finds the defects they fix).
"""

from __future__ import annotations

import contextlib
import os
import threading
import warnings
from collections.abc import Collection, Iterator
from typing import Any

from faq_export.render.engine import pydyf_pages, weasyprint_counters, weasyprint_text
from faq_export.render.engine.patch import Patch

ENVIRONMENT = "FAQ_EXPORT_ENGINE"
_MISSING = object()


class EngineVersionWarning(UserWarning):
    """A patch was left out: the installed library is not the version it was written for."""


def _version(module: str) -> str:
    import importlib

    found = importlib.import_module(module)
    return str(getattr(found, "__version__", getattr(found, "version", "?")))


def patches() -> list[Patch]:
    """Every patch, in the order they are put in place."""
    return [*weasyprint_text.PATCHES, *weasyprint_counters.PATCHES, *pydyf_pages.PATCHES]


def chosen() -> set[str]:
    """The kinds of patch ``FAQ_EXPORT_ENGINE`` asks for (all unless it says otherwise)."""
    value = os.environ.get(ENVIRONMENT, "").strip().lower()
    if value == "plain":
        return set()
    if value in ("speed", "correctness"):
        return {value}
    return {"speed", "correctness"}


_lock = threading.Lock()
_depth = 0
_in_place: list[tuple[Any, str, Any]] = []  # (owner, attribute, the original or _MISSING)
_names: tuple[str, ...] = ()
_warned: set[str] = set()


def applicable(patch: Patch) -> str | None:
    """Why ``patch`` cannot be put in place here (None when it can)."""
    for module, wanted in patch.versions.items():
        found = _version(module)
        if found != wanted:
            return f"{module} {found} is installed, the patch is for {wanted}"
    return None


@contextlib.contextmanager
def patched(
    kinds: Collection[str] | None = None, names: Collection[str] | None = None
) -> Iterator[tuple[str, ...]]:
    """The patches in place for the duration (the kinds ``FAQ_EXPORT_ENGINE`` asks for unless
    ``kinds`` says; only ``names`` when given); yields the names of those in place. Nested and
    concurrent uses share one application (see the module's note on threads)."""
    global _depth, _in_place, _names
    wanted = chosen() if kinds is None else set(kinds)
    with _lock:
        if _depth == 0:
            _in_place, _names = _put_in_place(wanted, names)
        _depth += 1
        names_in_place = _names
    try:
        yield names_in_place
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                _take_out(_in_place)
                _in_place, _names = [], ()


def _take_out(in_place: list[tuple[Any, str, Any]]) -> None:
    for owner, attribute, original in reversed(in_place):
        if original is _MISSING:
            delattr(owner, attribute)
        else:
            setattr(owner, attribute, original)


def _put_in_place(
    kinds: set[str], names: Collection[str] | None
) -> tuple[list[tuple[Any, str, Any]], tuple[str, ...]]:
    done: list[tuple[Any, str, Any]] = []
    placed: list[str] = []
    left_out: list[str] = []
    for patch in patches():
        if patch.kind not in kinds or (names is not None and patch.name not in names):
            continue
        why = applicable(patch)
        if why is not None:
            if patch.name not in _warned:
                _warned.add(patch.name)
                left_out.append(f"{patch.name} ({why})")
            continue
        try:
            for owner, attribute, value in patch.replacements():
                done.append((owner, attribute, vars(owner).get(attribute, _MISSING)))
                setattr(owner, attribute, value)
        except BaseException:  # nothing is left half in place
            _take_out(done)
            raise
        placed.append(patch.name)
    if left_out:
        warnings.warn(
            "faq-export builds without these patches of its PDF engine, written for other "
            "versions (see PATCHES.md): " + "; ".join(left_out),
            EngineVersionWarning,
            stacklevel=4,
        )
    return done, tuple(placed)
