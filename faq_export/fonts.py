"""The typefaces the documents are set in, named by file (never "whatever the machine has"),
and the order they are tried in for each language.

- **Atkinson Hyperlegible** (SIL OFL 1.1, pinned PyPI package), designed by the Braille
  Institute for readers with low vision: Latin text.
- **Noto Sans Arabic** and **Noto Sans Hebrew** (SIL OFL 1.1, Debian's fonts-noto-core):
  Arabic-script and Hebrew text.
- **Noto Sans CJK SC, TC, HK, JP, KR** (SIL OFL 1.1, Debian's fonts-noto-cjk): Chinese in
  Simplified, Traditional and Hong Kong forms, Japanese, Korean (``cjk_face``). Debian ships
  them in one collection (.ttc); the face a document uses is copied out once into a cache
  folder (``collection_face``).
- **DejaVu Sans** and **DejaVu Sans Mono** (free licence, Debian's fonts-dejavu-core): code,
  and what the others lack (IPA, arrows, Greek, Cyrillic, …).

Each language has an order (``text_stack``): the typeface of its own script first, then
the others, so that a word in another script still prints in a typeface made for it. A
document embeds only the typefaces its characters need (``FontChoice``). A character that
no typeface covers is an error at its source line (``uncovered``): the PDF never shows a
missing-glyph box.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson

import faq_export.model as m
from faq_export.output import write_set
from faq_export.resources import user_cache

FAMILY: str = atkinson.FAMILY


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    style: str  # normal | italic
    path: Path  # a font file, or a collection (.ttc) holding it at ``index``
    index: int = 0

    @property
    def file(self) -> Path:
        """A file of this face alone (copied out of its collection when it is in one)."""
        return collection_face(self.path, self.index) if self.path.suffix == ".ttc" else self.path

    @property
    def url(self) -> str:
        return self.file.as_uri()

    @property
    def format(self) -> str:
        """The file's kind for CSS and EPUB media types: truetype or opentype (CFF)."""
        return "opentype" if self.path.suffix in (".ttc", ".otf") else "truetype"


@dataclass(frozen=True)
class Typeface:
    family: str
    script: str  # what it is chosen for, for reports and the README
    faces: tuple[FontFace, ...]  # the regular face first

    @property
    def installed(self) -> bool:
        return all(face.path.is_file() for face in self.faces)

    @property
    def regular(self) -> FontFace:
        return self.faces[0]


def font_folder() -> Path:
    return Path(atkinson.ROOT) / "files"


DEJAVU_FOLDER = Path("/usr/share/fonts/truetype/dejavu")
NOTO_FOLDER = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK_FOLDER = Path("/usr/share/fonts/opentype/noto")
FALLBACK_FAMILY = "DejaVu Sans"
MONO_FAMILY = "DejaVu Sans Mono"
# The faces of Noto Sans CJK's collections, in order: JP, KR, SC, TC, HK, then the Mono ones.
CJK_INDEX = {"JP": 0, "KR": 1, "SC": 2, "TC": 3, "HK": 4}
CJK_SC_INDEX = CJK_INDEX["SC"]


def _four(
    family: str, folder: Path, regular: str, italic: str, bold: str, bold_italic: str
) -> tuple[FontFace, ...]:
    return (
        FontFace(family, 400, "normal", folder / regular),
        FontFace(family, 400, "italic", folder / italic),
        FontFace(family, 700, "normal", folder / bold),
        FontFace(family, 700, "italic", folder / bold_italic),
    )


ATKINSON = Typeface(
    FAMILY,
    "Latin",
    _four(
        FAMILY,
        font_folder(),
        "AtkinsonHyperlegible-Regular.ttf",
        "AtkinsonHyperlegible-Italic.ttf",
        "AtkinsonHyperlegible-Bold.ttf",
        "AtkinsonHyperlegible-BoldItalic.ttf",
    ),
)
DEJAVU = Typeface(
    FALLBACK_FAMILY,
    "Greek, Cyrillic, IPA, symbols",
    _four(
        FALLBACK_FAMILY,
        DEJAVU_FOLDER,
        "DejaVuSans.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-BoldOblique.ttf",
    ),
)
MONO = Typeface(
    MONO_FAMILY,
    "code",
    (
        FontFace(MONO_FAMILY, 400, "normal", DEJAVU_FOLDER / "DejaVuSansMono.ttf"),
        FontFace(MONO_FAMILY, 700, "normal", DEJAVU_FOLDER / "DejaVuSansMono-Bold.ttf"),
    ),
)
ARABIC = Typeface(
    "Noto Sans Arabic",
    "Arabic",
    (
        FontFace("Noto Sans Arabic", 400, "normal", NOTO_FOLDER / "NotoSansArabic-Regular.ttf"),
        FontFace("Noto Sans Arabic", 700, "normal", NOTO_FOLDER / "NotoSansArabic-Bold.ttf"),
    ),
)
HEBREW = Typeface(
    "Noto Sans Hebrew",
    "Hebrew",
    (
        FontFace("Noto Sans Hebrew", 400, "normal", NOTO_FOLDER / "NotoSansHebrew-Regular.ttf"),
        FontFace("Noto Sans Hebrew", 700, "normal", NOTO_FOLDER / "NotoSansHebrew-Bold.ttf"),
    ),
)


def _cjk(region: str, script: str) -> Typeface:
    """The face of Noto Sans CJK made for ``region``'s forms of the characters (the same
    code point is drawn differently in Simplified and Traditional Chinese, Japanese and
    Korean: 骨, 直, 今)."""
    family = f"Noto Sans CJK {region}"
    return Typeface(
        family,
        script,
        tuple(
            FontFace(family, weight, "normal", NOTO_CJK_FOLDER / file, CJK_INDEX[region])
            for weight, file in ((400, "NotoSansCJK-Regular.ttc"), (700, "NotoSansCJK-Bold.ttc"))
        ),
    )


CJK_SC = _cjk("SC", "Chinese (Simplified)")
CJK_TC = _cjk("TC", "Chinese (Traditional)")
CJK_HK = _cjk("HK", "Chinese (Hong Kong)")
CJK_JP = _cjk("JP", "Japanese")
CJK_KR = _cjk("KR", "Korean")
CJK = (CJK_SC, CJK_TC, CJK_HK, CJK_JP, CJK_KR)
# Every typeface, the cheapest character maps first (a CJK one is 65,000 characters).
TYPEFACES = (ATKINSON, DEJAVU, MONO, ARABIC, HEBREW, *CJK)

# The order typefaces are tried in: the typeface of the language's own script first (by its
# first subtag), then the others in this order.
ORDER = (ATKINSON, ARABIC, HEBREW, DEJAVU, CJK_SC)
SCRIPT_FIRST = {
    "ar": ARABIC,
    "fa": ARABIC,
    "ur": ARABIC,
    "ps": ARABIC,
    "he": HEBREW,
    "zh": CJK_SC,
}


@functools.cache
def script(language: str) -> str:
    """The script ``language`` is written in, as its likely subtags say ("ru" -> "Cyrl",
    "sr-Latn" -> "Latn"); "" for a tag that cannot be read."""
    import langcodes

    try:
        return str(langcodes.Language.get(language).maximize().script or "")
    except (ValueError, LookupError):
        return ""


def cjk_face(language: str) -> Typeface:
    """The Noto Sans CJK face for a document in ``language``: Traditional Chinese (zh-Hant,
    zh-TW) in TC, Hong Kong's (zh-HK, yue) in HK, Japanese in JP, Korean in KR, and any other
    language's Chinese characters in SC."""
    import langcodes

    try:
        tag = langcodes.Language.get(language).maximize()
    except (ValueError, LookupError):
        return CJK_SC
    if tag.language == "ja":
        return CJK_JP
    if tag.language == "ko":
        return CJK_KR
    if tag.script == "Hant":
        return CJK_HK if tag.territory in ("HK", "MO") else CJK_TC
    return CJK_SC


# The typeface first for a document written in a script Atkinson Hyperlegible has not: its
# Latin words (names, code, addresses) are then set in the same face as the text around
# them, not in another one word by word (a Russian FAQ's "Visual Studio Code").
SCRIPT_TYPEFACE = {"Cyrl": DEJAVU, "Grek": DEJAVU, "Armn": DEJAVU, "Geor": DEJAVU}


def text_stack(language: str) -> tuple[Typeface, ...]:
    """The typefaces for text, in the order tried, for a document in ``language``."""
    cjk = cjk_face(language)
    order = tuple(cjk if typeface is CJK_SC else typeface for typeface in ORDER)
    first = SCRIPT_FIRST.get(language.split("-")[0].lower()) or SCRIPT_TYPEFACE.get(
        script(language), order[0]
    )
    first = cjk if first is CJK_SC else first
    return (first, *(typeface for typeface in order if typeface is not first))


def installed(typefaces: Iterable[Typeface]) -> tuple[Typeface, ...]:
    return tuple(t for t in typefaces if t.installed)


@functools.cache
def cmap(face: FontFace) -> frozenset[int]:
    """The code points ``face`` has a glyph for."""
    from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]

    if face.path.suffix == ".ttc":
        with TTCollection(face.path, lazy=True) as collection:
            return frozenset(collection.fonts[face.index].getBestCmap())
    with TTFont(face.path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def uncovered(text: str) -> str | None:
    """The first character of ``text`` that no typeface can print (spaces, line breaks and
    invisible format characters aside), or None. A typeface's character map is read only
    when a character gets that far: an English text reads Atkinson's alone."""
    missing = set(text) - _printable.points
    bad = {c for c in missing if not (c.isspace() or c in FORMAT or _printable.add(ord(c)))}
    return next((c for c in text if c in bad), None) if bad else None


class _Printable:
    """The code points the typefaces read so far can print, growing a typeface at a time."""

    def __init__(self) -> None:
        self.points: set[str] = set()
        self.unread: list[Typeface] | None = None  # the installed typefaces not read yet

    def add(self, point: int) -> bool:
        """Whether ``point`` can be printed, reading further typefaces until one has it."""
        if self.unread is None:
            self.unread = list(installed(TYPEFACES))
        while chr(point) not in self.points and self.unread:
            self.points.update(map(chr, cmap(self.unread.pop(0).regular)))
        return chr(point) in self.points


_printable = _Printable()


# Invisible characters a shaper handles without a glyph: joiners, direction marks.
FORMAT = frozenset("\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\u061c")


@dataclass(frozen=True)
class FontChoice:
    """The typefaces one document is set in: its text order, keeping only the typefaces
    some character of the document needs (the first is always kept), and the code face."""

    text: tuple[Typeface, ...]
    mono: Typeface | None

    @property
    def faces(self) -> tuple[FontFace, ...]:
        typefaces = (*self.text, *((self.mono,) if self.mono else ()))
        return tuple(face for typeface in typefaces for face in typeface.faces)

    def css_families(self, code: bool = False) -> str:
        families = [t.family for t in self.text]
        if code and self.mono:
            families.insert(0, self.mono.family)
        return ", ".join(f'"{family}"' for family in families)


def choose(language: str, text: str, code: str = "") -> FontChoice:
    """The typefaces for a document in ``language`` whose characters are ``text`` (and
    ``code``, set in the code face first)."""
    order = installed(text_stack(language))
    needed = {order[0]} if order else set()
    for character in set(text) | set(code):
        point = ord(character)
        if character.isspace() or (point < 0x80 and order and point in cmap(order[0].regular)):
            continue
        for typeface in order:
            if point in cmap(typeface.regular):
                needed.add(typeface)
                break
    mono = MONO if MONO.installed and code else None
    return FontChoice(tuple(t for t in order if t in needed), mono)


def collection_face(collection: Path, index: int) -> Path:
    """One face of a font collection as a file of its own, copied out once into the cache
    folder (``$XDG_CACHE_HOME/faq-export/fonts``) and named by the collection's digest, so a
    new version of the collection is copied again. Written whole or not at all
    (``write_set``); where the cache cannot be written, into a folder of this process's own,
    removed when it ends. Looked for at each call, not remembered: a long-lived process (a
    watch, a notebook) whose cache is emptied meanwhile copies the face out again."""
    name = f"{collection.stem}-{index}-{digest(collection)[:16]}-v{CACHE_VERSION}.otf"
    target = cache_folder() / name
    if target.is_file():
        return target
    if _private_folder.cache_info().currsize and (_private_folder() / name).is_file():
        return _private_folder() / name  # the cache cannot be written: copied out already
    from fontTools.ttLib import TTCollection

    # The face as it is in the collection, timestamp included: the same bytes every time.
    with TTCollection(collection, lazy=True, recalcTimestamp=False) as fonts:
        buffer = io.BytesIO()
        fonts.fonts[index].save(buffer, reorderTables=True)
    try:
        write_set({target: buffer.getvalue()})
    except OSError:
        target = _private_folder() / name
        write_set({target: buffer.getvalue()})
    return target


@functools.cache
def _private_folder() -> Path:
    import atexit
    import shutil

    folder = Path(tempfile.mkdtemp(prefix="faq-export-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@functools.cache
def digest(path: Path) -> str:
    """The SHA-256 of a font file (read once a process)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cached(kind: str, key: tuple[str, ...], make: Callable[[], bytes]) -> bytes:
    """``make()``, kept in the cache folder under a name made from ``key``: the next build
    with the same key reads it back. A cache that cannot be written is no cache, not an
    error; a file is written whole or not at all (``write_set``)."""
    name = hashlib.sha256("\0".join((kind, str(CACHE_VERSION), *key)).encode()).hexdigest()[:32]
    path = cache_folder() / kind / name
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = make()
    with contextlib.suppress(OSError):
        write_set({path: data})
    return data


# Raised when what the cache holds is made differently: older files are then not read.
CACHE_VERSION = 2


def cache_folder() -> Path:
    return user_cache() / "fonts"


def font_folders() -> tuple[Path, ...]:
    """Every folder rendering may read a font from (the cache: the faces copied out of
    collections)."""
    folders = (font_folder(), DEJAVU_FOLDER, NOTO_FOLDER, NOTO_CJK_FOLDER, cache_folder())
    return folders + ((_private_folder(),) if _private_folder.cache_info().currsize else ())


def document_text(document: m.Document) -> tuple[str, str]:
    """Every piece of text a document shows, and the part of it set as code."""
    meta = document.metadata
    words = document.words
    parts = [meta.title, meta.subtitle or "", meta.publisher or "", meta.version]
    brand = document.brand
    parts += [brand.organisation or "", brand.footer or "", brand.logo_alt]
    parts += [text for _, text in words.texts] + list(words.months) + ["0123456789"]
    parts.append(words.date(meta.date))  # CLDR's: "26 ноября 2026\u202fг." has more than months
    parts.append(m.blocks_text(document.intro))
    for section in document.sections:
        parts += [section.title, m.blocks_text(section.body)]
        for question in section.questions:
            parts += [question.text, m.blocks_text(question.answer)]
    code = [node.text for node in document.inlines() if isinstance(node, m.Code)]
    code += [block.text for block in m.walk_blocks(document) if isinstance(block, m.CodeBlock)]
    return "\n".join(parts), "".join(code)


def characters(document: m.Document) -> str:
    """The distinct characters of the document's text, sorted: what a font subset keeps."""
    return "".join(sorted(set(document_text(document)[0])))


def for_document(document: m.Document) -> FontChoice:
    """The typefaces ``document`` is set in (the same for the PDF, the EPUB and the DOCX)."""
    text, code = document_text(document)
    return choose(document.metadata.language, text, code)
