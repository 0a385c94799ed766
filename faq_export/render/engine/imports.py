"""WeasyPrint, imported without its slow search for shared libraries.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject under several names each, for
every platform ('libgobject-2.0-0', 'gobject-2.0-0', 'gobject-2.0', 'libgobject-2.0.so.0',
…). cffi looks each name that fails up with ``ctypes.util.find_library``, which on Linux runs
``ldconfig -p``, then the C compiler, then the linker: three processes for every name that is
not this platform's. That was 0.13 s of every build's 0.9 s start-up here. While WeasyPrint
is imported, ``find_library`` answers from one reading of ``ldconfig -p``, the same cache the
dynamic loader uses; anywhere that reading fails, and for any error, WeasyPrint is imported
the ordinary way.

WeasyPrint also imports, at its start, two parts of fontTools it needs only now and then:
the subsetter (used only where HarfBuzz's is missing; Debian's libharfbuzz-subset0 is
installed) and the variable-font instancer (only for variable fonts). With what they import
(fontTools.varLib), they were 0.23 s of the 0.9 s start-up. While WeasyPrint is imported,
each is a stand-in (``_Deferred``) that imports the real module where WeasyPrint first uses
it.

Import WeasyPrint from here (``from faq_export.render.engine.imports import weasyprint``)
before any module of it is imported elsewhere.

Both are in place only while WeasyPrint is imported (``find_library`` is ctypes' own again
afterwards); what stays is that WeasyPrint's ``pdf/fonts.py`` holds the two stand-ins, which
import the real modules on first use. The stand-ins are made only for the WeasyPrint and
fontTools they were written for (``DEFERRED_FOR``: they name what WeasyPrint 70's
``pdf/fonts.py`` imports from fontTools 4.68.0); with ``FAQ_EXPORT_ENGINE=plain`` in the
environment WeasyPrint is imported the ordinary way.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import functools
import importlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from types import ModuleType

SONAME = re.compile(r"^\s+lib(\S+?)\.so\S*\s.*=>\s*(\S+)$")


@functools.cache
def _linker_cache() -> dict[str, str] | None:
    """Library name -> soname, as ``ldconfig -p`` lists them (None if it cannot be read)."""
    ldconfig = shutil.which("ldconfig") or shutil.which("ldconfig", path="/sbin:/usr/sbin")
    if not sys.platform.startswith("linux") or ldconfig is None:
        return None
    try:
        listing = subprocess.run(
            [ldconfig, "-p"],
            capture_output=True,
            text=True,
            env={"LC_ALL": "C", "LANG": "C"},
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    names: dict[str, str] = {}
    for line in listing.splitlines():
        found = SONAME.match(line)
        if found:
            names.setdefault(found[1], found[2].rsplit("/", 1)[-1])
    return names


@contextlib.contextmanager
def _fast_find_library() -> Iterator[bool]:
    """``ctypes.util.find_library`` from the linker's cache, for the duration (yields
    whether it is in place)."""
    names = _linker_cache()
    if names is None:
        yield False
        return
    original: Callable[[str], str | None] = ctypes.util.find_library
    ctypes.util.find_library = names.get  # type: ignore[assignment]
    try:
        yield True
    finally:
        ctypes.util.find_library = original  # type: ignore[assignment]


# The distributions (as their .dist-info folders name them) the stand-ins were written for.
DEFERRED_FOR = {"weasyprint": "70.0", "fonttools": "4.68.0"}


def _installed(distribution: str, version: str, module: str) -> bool:
    """Whether ``module`` is installed from ``distribution`` ``version`` (its .dist-info
    folder beside it: no import, and none of importlib.metadata's 0.1 s)."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return False
    if spec is None or not spec.submodule_search_locations:
        return False
    for location in spec.submodule_search_locations:
        folder = os.path.dirname(os.path.abspath(location))
        if os.path.isdir(os.path.join(folder, f"{distribution}-{version}.dist-info")):
            return True
    return False


def _plain() -> bool:
    return os.environ.get("FAQ_EXPORT_ENGINE", "").strip().lower() == "plain"


# Module -> the names WeasyPrint imports from it (``from module import name``).
DEFERRED: dict[str, tuple[str, ...]] = {
    "fontTools.subset": (),
    "fontTools.varLib.instancer": ("instantiateVariableFont",),
}


class _Deferred(ModuleType):
    """Stands in for a module until something reads from it; then it is the real module."""

    def __getattr__(self, attribute: str) -> object:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return getattr(_real(self.__name__, self), attribute)


def _real(name: str, stand_in: ModuleType) -> ModuleType:
    if sys.modules.get(name) is stand_in:  # used while WeasyPrint is still being imported
        del sys.modules[name]
    return importlib.import_module(name)


def _later(name: str, function: str, stand_in: ModuleType) -> Callable[..., object]:
    def call(*args: object, **kwargs: object) -> object:
        real: Callable[..., object] = getattr(_real(name, stand_in), function)
        return real(*args, **kwargs)

    call.__name__ = call.__qualname__ = function
    return call


@contextlib.contextmanager
def _deferred_modules() -> Iterator[None]:
    """The modules of ``DEFERRED`` not yet imported are stand-ins, for the duration."""
    placed: dict[str, ModuleType] = {}
    written_for = _installed("weasyprint", DEFERRED_FOR["weasyprint"], "weasyprint") and (
        _installed("fonttools", DEFERRED_FOR["fonttools"], "fontTools")
    )
    for name, functions in DEFERRED.items() if written_for else ():
        if name in sys.modules:
            continue
        stand_in = _Deferred(name)
        for function in functions:
            setattr(stand_in, function, _later(name, function, stand_in))
        placed[name] = sys.modules[name] = stand_in
    try:
        yield
    finally:
        for name, placed_module in placed.items():
            if sys.modules.get(name) is placed_module:
                del sys.modules[name]


def _import() -> tuple[ModuleType, bool]:
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"], False
    if _plain():
        import weasyprint

        return weasyprint, False
    try:
        with _fast_find_library() as fast, _deferred_modules():
            import weasyprint
        return weasyprint, fast
    except Exception:  # the ordinary import says what is wrong, as it always did
        for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
            del sys.modules[name]
        import weasyprint

        return weasyprint, False


weasyprint, FAST = _import()
