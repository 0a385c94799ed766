"""YAML source -> validated document model, with every problem's position in the file.

This is the only place that reads the source. It reports all problems it finds in one run
(``SourceErrors``), each as ``path:line:column`` with a hint; nothing downstream re-validates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import unicodedata
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.parser import RoundTripParser
from ruamel.yaml.reader import ReaderError

import faq_export.colours as colours
import faq_export.languages as languages
import faq_export.model as m
import faq_export.schema as schema
import faq_export.standards as standards
import faq_export.words as words_table
from faq_export.errors import SourceError, SourceErrors
from faq_export.fonts import uncovered
from faq_export.images import ImageProblem, read_image
from faq_export.limits import DEFAULT as DEFAULT_LIMITS
from faq_export.limits import Limits
from faq_export.markdown import Options, parse_heading, parse_markdown
from faq_export.model import LAYOUTS, PAPER_SIZES
from faq_export.positions import ScalarMap

ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
SLUG_PATTERN = re.compile(r"^[^\W_][\w.-]*$")  # and in lower case: letters of any script
MAX_SLUG = 120  # bytes: file names stay under every file system's 255, with their .epub.tmp
FIRST_DATE, LAST_DATE = dt.date(1980, 1, 1), dt.date(2107, 12, 31)
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
TODO = re.compile(r"\s*(TODO|FIXME|TBD)\b")
TODO_COMMENT = re.compile(r"\s#\s*(TODO|FIXME|TBD)\b")

KIND_NAMES = {
    "text": "a line of text",
    "markdown": "Markdown text",
    "list": "a list",
    "mapping": "a mapping of keys to values",
    "keywords": "a list of keywords",
}


def load_document(path: Path, limits: Limits = DEFAULT_LIMITS) -> m.Document:
    """Read and validate ``path``; raise ``SourceErrors`` listing every problem found."""
    text = read_source_text(path, limits)
    root = parse_yaml(path, text, limits)
    document = _Loader(path, text, limits).document(root)
    return dataclasses.replace(document, source_text=text)


def _file_error(where: str, message: str, hint: str) -> SourceErrors:
    return SourceErrors([SourceError(where, None, None, message, hint)])


def read_source_text(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    where = str(path)
    if not path.exists():
        raise SourceErrors(
            [
                SourceError(
                    where,
                    None,
                    None,
                    "no such file",
                    "check the path, or run from the project folder where content/faq.yaml is",
                )
            ]
        )
    if path.is_dir():
        raise SourceErrors(
            [
                SourceError(
                    where,
                    None,
                    None,
                    "is a directory, not a file",
                    f"name the YAML file inside it, e.g. {path / 'faq.yaml'}",
                )
            ]
        )
    if not path.is_file():
        raise _file_error(
            where,
            "is not a regular file (a device, pipe or socket)",
            "name the YAML file itself, e.g. content/faq.yaml",
        )
    if path.stat().st_size > limits.source_bytes:
        raise _file_error(
            where,
            f"the file is larger than {limits.source_bytes:,} bytes",
            "split the FAQ into several sources, or raise the limit with "
            f"--limit source_bytes={path.stat().st_size}",
        )
    try:
        data = path.read_bytes()
    except PermissionError:
        raise _file_error(
            where, "the file cannot be read (permission denied)", "check who may read it"
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise SourceErrors(
            [
                SourceError(
                    where,
                    line,
                    column,
                    f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
                    "save the file with the encoding UTF-8 (in most editors: "
                    "Save As… → Encoding → UTF-8)",
                )
            ]
        ) from None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise SourceErrors(
            [
                SourceError(
                    where,
                    1,
                    1,
                    "the file is empty",
                    "start from content/faq.yaml or the example in README.md",
                )
            ]
        )
    return text


class _Constructor(RoundTripConstructor):
    """Keeps dates as text: ruamel's own date parsing fails with a traceback on 2026-13-01."""


_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node)
)


def parse_yaml(path: Path, text: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _Constructor
    yaml.Parser = _CheckedParser
    yaml.checked_as = (str(path), limits)  # type: ignore[attr-defined]  # _CheckedParser's
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        raise SourceErrors([_yaml_error(str(path), text, exc)]) from None
    except ReaderError as exc:
        # A control character (NUL, BEL, …) in the file: ruamel names its offset.
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise SourceErrors(
            [
                SourceError(
                    str(path),
                    line,
                    column,
                    f"the file holds a control character (U+{exc.character:04X}), not text",
                    "delete it: it was probably pasted from another program",
                )
            ]
        ) from None


class _CheckedParser(RoundTripParser):
    """ruamel's parser, whose every event is checked as the composer takes it: anchors and
    aliases (``&a``, ``*a``) are refused before anything is built from them (the schema
    never needs them, and a few nested aliases, "billion laughs", expand to gigabytes), and
    the nesting of mappings and lists is bounded before the composer recurses into it. (A
    separate pass over the events took as long as the load itself.)"""

    def reset_parser(self) -> None:
        super().reset_parser()
        self.depth = 0

    def get_event(self) -> Any:
        event = super().get_event()
        where, limits = self.loader.checked_as
        self.depth = _checked_event(event, self.depth, where, limits)
        return event


def _checked_event(event: Any, depth: int, where: str, limits: Limits) -> int:
    """The nesting depth after ``event``; a SourceErrors for what the source may not do."""
    mark = event.start_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
        raise SourceErrors(
            [
                SourceError(
                    where,
                    line,
                    column,
                    "YAML anchors and aliases (&name, *name) are not allowed",
                    "write the text out where it is needed; to point a reader at another "
                    "answer, link to it: [see question 3](#faq3)",
                )
            ]
        )
    if isinstance(event, CollectionStartEvent) and event.tag is not None:
        raise SourceErrors(
            [
                SourceError(
                    where,
                    line,
                    column,
                    f"a YAML tag ({_shown(str(event.tag))}) on a list or mapping is not allowed",
                    "remove the word starting with '!' after the key",
                )
            ]
        )
    if isinstance(event, CollectionStartEvent):
        depth += 1
        if depth > limits.yaml_depth:
            raise SourceErrors(
                [
                    SourceError(
                        where,
                        line,
                        column,
                        f"mappings and lists are nested more than {limits.yaml_depth} deep",
                        "the FAQ's shape needs 4 levels; check the indentation here",
                    )
                ]
            )
    elif isinstance(event, CollectionEndEvent):
        depth -= 1
    return depth


def _yaml_error(where: str, text: str, exc: MarkedYAMLError) -> SourceError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark else 0
    column = mark.column if mark else 0
    lines = text.splitlines()
    problem = (exc.problem or "").strip()
    # A tab in the indentation is the usual cause of a scanner error; say so plainly.
    for number in range(min(line, len(lines) - 1), -1, -1):
        indent = lines[number][: len(lines[number]) - len(lines[number].lstrip(" \t"))]
        if "\t" in indent:
            return SourceError(
                where,
                number + 1,
                indent.index("\t") + 1,
                "a tab is used for indentation",
                "YAML indents with spaces only: replace the tab with spaces",
            )
        if number < line - 1:
            break
    if "duplicate key" in problem:
        key = re.search(r'duplicate key "([^"]*)"', problem)
        name = key.group(1) if key else "this key"
        return SourceError(
            where,
            line + 1,
            column + 1,
            f"the key '{name}' appears twice in the same mapping",
            "remove one of them, or merge their values",
        )
    token = re.search(r"found character '(.)' that cannot start any token", problem)
    if token:
        return SourceError(
            where,
            line + 1,
            column + 1,
            f"a value starts with '{token.group(1)}', which YAML does not allow unquoted",
            f'put the whole value in quotes ("{token.group(1)}…"), or write it as a block: '
            "the key, a space and '|', then the text on the next lines, indented further",
        )
    if "mapping values are not allowed" in problem and 0 <= line < len(lines):
        found = _colon_in_plain_text(where, lines[line], line, column)
        if found is not None:
            return found
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        candidates = [exc.context_mark.line] if exc.context_mark else []
        for number in (*candidates, line):
            found = _indentation_error(where, lines, number)
            if found is not None:
                return found
    message = f"this is not valid YAML: {problem or 'syntax error'}"
    if exc.context and exc.context_mark and exc.context_mark.line != line:
        message += f" ({exc.context} on line {exc.context_mark.line + 1})"
    return SourceError(
        where,
        line + 1,
        column + 1,
        message,
        "check the indentation and the quoting here: text that contains ': ' "
        "or ' #', or starts with a quote, '[', '{', '*', '&', '!', '|', '>', '%' "
        "or '@', must be quoted or written as a block (key: |)",
    )


# A value typed between typographic quotes (as Word writes them): YAML sees no quotes.
TYPOGRAPHIC_QUOTES = {"“": "”", "„": "“", "‘": "’", "‚": "‘", "«": "»", "”": "”"}
KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):[ \t]+(\S.*?)\s*$")


def _colon_in_plain_text(where: str, text: str, line: int, column: int) -> SourceError | None:
    """'question: What is it: really?': the second ': ' starts a new key for YAML, since the
    text is not quoted, or only between typographic quotes that YAML does not know."""
    found = KEY_VALUE.match(text)
    if found is None or found.end(2) + 1 > column:
        return None
    key, value = found.group(2), found.group(3)
    start = found.start(3)
    noun = key if key in ("question", "answer", "title", "body", "intro") else f"'{key}'"
    closing = TYPOGRAPHIC_QUOTES.get(value[0])
    if closing is not None:
        inner = value[1:-1] if value.endswith(closing) or value.endswith(value[0]) else value[1:]
        quoted = '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return SourceError(
            where,
            line + 1,
            start + 1,
            f"the {noun} is between typographic quotes ({value[0]}…{closing}), which YAML "
            "reads as text, so the ': ' inside it starts a new key",
            "these are typographic quotes; YAML needs straight ones around the whole text: "
            f"{key}: {_shown(quoted)}",
        )
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return SourceError(
        where,
        line + 1,
        column + 1,
        f"the {noun} holds ': ', which YAML reads as the start of a new key",
        f"put the {noun} in straight quotes, or write it as a block ('{key}: |', then the text "
        f"on the next line, indented further): {key}: {_shown(quoted)}",
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indentation_error(where: str, lines: list[str], number: int) -> SourceError | None:
    """Text pasted with its own indentation: a line indented less than the text above it,
    which YAML then reads as the end of that text (or as a key without ':')."""
    if not 0 <= number < len(lines) or not lines[number].strip():
        return None
    indent = _indent(lines[number])
    above = number - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above < 0 or indent >= _indent(lines[above]):
        return None
    text_indent = _indent(lines[above])
    owner = above
    while owner >= 0 and (not lines[owner].strip() or _indent(lines[owner]) >= text_indent):
        owner -= 1
    owner_indent = _indent(lines[owner]) if owner >= 0 else 0
    hint = (
        f"indent every line of the text above by the same {text_indent} spaces (text pasted "
        "from elsewhere often brings its own indentation)"
    )
    if indent > owner_indent:
        return SourceError(
            where,
            number + 1,
            indent + 1,
            f"this line is indented by {indent} spaces, less than the text above it "
            f"({text_indent})",
            hint,
        )
    if indent == owner_indent and ":" not in lines[number]:
        return SourceError(
            where,
            number + 1,
            indent + 1,
            f"this line is indented like the key on line {owner + 1}, so YAML reads it as a "
            "new key, and it has no ':'",
            hint + "; if it is a new key, write 'key: value'",
        )
    return None


def slugify(text: str) -> str:
    """A stable ASCII id from text: 'What are shared services?' -> 'what-are-shared-services'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _shortened(re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-"))


def file_slug(title: str) -> str:
    """The output files' name from a title: Latin letters as ``slugify`` writes them
    ('Foire aux questions' -> 'foire-aux-questions'), and the letters and digits of every
    other script kept ('常见问题' -> '常见问题', 'Часто задаваемые вопросы' ->
    'часто-задаваемые-вопросы'), where an ASCII slug would be empty: 'id.pdf'."""
    kept = []
    for char in unicodedata.normalize("NFC", title):
        folded = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        kept.append(folded if folded or not char.isalnum() else char)
    return _shortened(re.sub(r"[\W_]+", "-", "".join(kept).lower()).strip("-"))


def _shortened(slug: str) -> str:
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    if not slug or not slug[0].isalpha():
        slug = "id-" + slug if slug else "id"
    return slug


class _Loader:
    def __init__(self, path: Path, text: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.path = path
        self.where = str(path)
        self.lines = text.splitlines(keepends=True)
        self.errors: list[SourceError] = []
        self.ids: dict[str, tuple[int, int]] = {}
        self.suffixes: dict[str, int] = {}  # derived id -> the last number given to a clash
        self.images: dict[str, m.Image] = {}
        self.reserved: set[str] = set()
        self.language_place: tuple[int, int] = (1, 1)  # metadata.language, for reports
        self.references: list[tuple[str, int, int]] = []
        self.options = Options(
            max_depth=limits.markdown_depth, max_inline_depth=limits.inline_depth
        )
        self.accepted_at: list[tuple[str, int, int]] = []
        self.notices: list[m.Notice] = []

    # --- reporting -------------------------------------------------------------

    def error(self, place: tuple[int, int], message: str, hint: str = "") -> None:
        self.errors.append(SourceError(self.where, place[0], place[1], message, hint))

    @staticmethod
    def node_place(node: Any) -> tuple[int, int]:
        lc = getattr(node, "lc", None)
        return (lc.line + 1, lc.col + 1) if lc is not None else (1, 1)

    @staticmethod
    def key_place(node: CommentedMap, key: str) -> tuple[int, int]:
        line, col = node.lc.key(key)
        return line + 1, col + 1

    @staticmethod
    def value_place(node: CommentedMap | CommentedSeq, key: Any) -> tuple[int, int]:
        place = node.lc.value(key) if isinstance(node, CommentedMap) else node.lc.item(key)
        if place is None:  # ruamel keeps no position for some nodes: the parent's, then
            return _Loader.node_place(node)
        line, col = place
        return line + 1, col + 1

    # --- structure -------------------------------------------------------------

    def fields(
        self, node: Any, table: dict[str, schema.Field], what: str, place: tuple[int, int]
    ) -> dict[str, Any]:
        """Check ``node`` is a mapping with known keys and the required ones; return it."""
        if not isinstance(node, CommentedMap):
            self.error(
                place,
                f"{what} must be a mapping of keys to values, not {_describe(node)}",
                f"write its keys one per line, e.g. '{next(iter(table))}: …'",
            )
            return {}
        for key in node:
            if key not in table:
                self.error(
                    self.key_place(node, key),
                    f"unknown key '{key}' in {what}",
                    _did_you_mean(str(key), table),
                )
        for key, spec in table.items():
            # Empty Markdown is reported by ``markdown``, which knows how to say it.
            blank = key in node and _is_blank(node[key]) and spec.kind != "markdown"
            if spec.required and (key not in node or blank):
                doc = spec.doc.replace("`", "")
                if key in node:
                    self.error(
                        self.value_place(node, key),
                        f"'{key}' of {what} is empty",
                        f"give {what} its {key}: {doc}",
                    )
                else:
                    self.error(
                        self.node_place(node),
                        f"{what} has no '{key}'",
                        f"add '{key}:' to it: {doc}",
                    )
        return {key: node[key] for key in node if key in table}

    def document(self, root: Any) -> m.Document:
        top = self.fields(root, schema.DOCUMENT, "the document", (1, 1))
        self.reserved = _given_ids(top.get("sections"))
        meta_node = top.get("metadata")
        metadata = None
        if meta_node is not None:
            metadata = self.metadata(meta_node, self.value_place(root, "metadata"))
        intro = self.markdown(root, "intro", top.get("intro"), "the document")
        sections = self.sections(root, top.get("sections"))
        accepted: tuple[m.Acceptance, ...] = ()
        if top.get("accessibility") is not None:
            accepted = self.accessibility(
                top["accessibility"], self.value_place(root, "accessibility")
            )
        words = self.words(root, top.get("words"), metadata)
        brand = m.Brand()
        if top.get("brand") is not None:
            brand = self.brand(top["brand"], self.value_place(root, "brand"))
        self.check_references()
        if self.errors or metadata is None or words is None:
            raise SourceErrors(self.errors)
        return m.Document(
            metadata,
            intro,
            sections,
            accepted,
            self.where,
            words=words,
            notices=tuple(sorted(self.notices, key=lambda notice: notice.at)),
            limits=self.limits,
            brand=brand,
        )

    def words(self, root: Any, node: Any, metadata: m.Metadata | None) -> m.Words | None:
        """The fixed words of the document's language, with the source's own (``words:``)."""
        supplied: dict[str, str | tuple[str, ...]] = {}
        unfinished: list[tuple[str, m.Place]] = []
        if node is not None:
            if not isinstance(node, CommentedMap):
                self.error(
                    self.value_place(root, "words"),
                    f"'words' must be a mapping of keys to words, not {_describe(node)}",
                    "write one key per line, e.g. 'contents: Inhalt'",
                )
                return None
            for key, value in node.items():
                place = self.value_place(node, key)
                if key not in words_table.KEYS:
                    self.error(
                        self.key_place(node, key),
                        f"unknown key '{key}' in words",
                        _did_you_mean(str(key), words_table.KEYS),
                    )
                elif key == "months":
                    names = list(value) if isinstance(value, CommentedSeq) else []
                    if len(names) != 12 or not all(isinstance(n, str) and n for n in names):
                        self.error(
                            place,
                            "'months' must list the twelve month names, January first",
                            "write them as a list: months: [Januar, Februar, …, Dezember]",
                        )
                    else:
                        supplied[key] = tuple(names)
                elif not isinstance(value, str) or not value.strip():
                    self.error(
                        place,
                        f"the words for '{key}' must be text, not {_describe(value)}",
                        f"write the words for {words_table.KEYS[key]}",
                    )
                elif not self.one_line(node, key, value) or not self.acceptable(
                    node, key, value, "words"
                ):
                    pass  # said at the character's line and column
                elif not words_table.placeholders_kept(key, value):
                    needed = words_table.PLACEHOLDERS.get(key, ())
                    self.error(
                        place,
                        f"the words for '{key}' must hold {', '.join(needed) or 'no {…}'}",
                        f"keep each placeholder as written, e.g. '{words_table.TABLES['en'][key]}'",
                    )
                else:
                    supplied[key] = value
                if key in supplied and self.marked_todo(value, place):
                    unfinished.append((key, m.Place(*place)))
        if len(supplied) < len(node or ()):
            return None  # each mistake in words: is reported at its line
        if metadata is None or languages.problem(metadata.language):
            return None  # the language's own error says what to fix
        words, missing = words_table.words_for(metadata.language, supplied)
        if "months" in supplied and "date_format" not in supplied and words.locale:
            self.error(
                self.value_place(node, "months"),
                "'months' is used only with 'date_format'",
                "add date_format (e.g. '{day} {month} {year}'), or remove months: without "
                f"them the date is written as CLDR writes it in '{metadata.language}', "
                f"'{words.date(metadata.date)}'",
            )
            return None
        if missing:
            self.error(
                self.value_place(root, "words") if node is not None else self.language_place,
                f"faq-export has no words for the language '{metadata.language}', and the "
                f"source does not give {', '.join(missing)}",
                "add them under 'words:' at the top level (docs/languages.md, 'Words in "
                "other languages'), or write the document in one of: "
                f"{', '.join(words_table.TABLES)}",
            )
            return None
        return dataclasses.replace(words, unfinished=tuple(unfinished))

    def brand(self, node: Any, place: tuple[int, int]) -> m.Brand:
        """The ``brand:`` block: every field optional, each mistake an error at its line."""
        values = self.fields(node, schema.BRAND, "brand", place)
        if not values:
            return m.Brand()
        text = {
            key: self.text(node, key, values[key], "brand")
            for key in ("organisation", "logo_alt", "footer", "logo", "accent")
            if key in values
        }
        footer = text.get("footer")
        if footer and not self.one_line(node, "footer", str(values["footer"])):
            footer = None
        decorative = values.get("logo_decorative", False)
        if not isinstance(decorative, bool):
            self.error(
                self.value_place(node, "logo_decorative"),
                f"'logo_decorative' must be true or false, not {_describe(decorative)}",
                "write logo_decorative: true for a logo that says nothing the text does not",
            )
            decorative = False
        logo = None
        alt = text.get("logo_alt", "")
        if text.get("logo"):
            if not alt and not decorative:
                self.error(
                    self.value_place(node, "logo"),
                    "the logo has no alternative text",
                    "add 'logo_alt:' saying what the logo says (e.g. the organisation's name), "
                    "or 'logo_decorative: true' if it says nothing the text does not",
                )
            logo = self.image(text["logo"], alt, self.value_place(node, "logo"))
        elif "logo" in values:
            self.error(
                self.value_place(node, "logo"),
                "'logo' is empty",
                "name a PNG or JPEG file in the folder of faq.yaml, or remove the line",
            )
        elif alt or decorative:
            key = "logo_alt" if alt else "logo_decorative"
            self.error(
                self.key_place(node, key),
                f"'{key}' is given, but there is no 'logo'",
                "add 'logo:' with the image's file name, or remove the line",
            )
        accent = None
        if "accent" in values:
            accent = self.accent(node, values["accent"])
        return m.Brand(
            logo=logo,
            logo_decorative=bool(decorative) and logo is not None,
            organisation=text.get("organisation") or None,
            accent=accent,
            footer=footer or None,
            at=m.Place(*place),
        )

    def accent(self, node: CommentedMap, value: Any) -> str | None:
        """A CSS hex colour that headings and links can be drawn in on white paper."""
        place = self.value_place(node, "accent")
        colour = colours.normalised(value) if isinstance(value, str) else None
        if value is None:
            self.error(
                self.key_place(node, "accent"),  # an empty value has no place of its own
                "the accent colour is empty",
                'write the hex colour in quotes: accent: "#1a4480" (YAML reads an unquoted '
                "# as the start of a comment)",
            )
            return None
        if colour is None:
            self.error(
                place,
                f"'{_shown(value)}' is not a colour",
                'write a hex colour in quotes, as CSS does: accent: "#1a4480" (YAML reads '
                "an unquoted # as the start of a comment)",
            )
            return None
        ratio = colours.contrast(colour, colours.PAPER)
        if ratio < colours.TEXT_CONTRAST:
            self.error(
                place,
                f"the accent colour {colour} has a contrast of {ratio:.2f}:1 against the white "
                f"paper, under the {colours.TEXT_CONTRAST}:1 that headings and links need "
                "(WCAG 1.4.3)",
                f'use a darker shade of it: accent: "{colours.darker(colour)}"',
            )
            return None
        return colour

    def marked_todo(self, value: Any, place: tuple[int, int]) -> bool:
        """Whether a word is still to be written: its text starts with TODO (as an import
        writes it), or a '# TODO' comment follows it on its line."""
        if isinstance(value, str) and TODO.match(value):
            return True
        line = self.lines[place[0] - 1] if 0 < place[0] <= len(self.lines) else ""
        return TODO_COMMENT.search(line) is not None

    def accessibility(self, node: Any, place: tuple[int, int]) -> tuple[m.Acceptance, ...]:
        from faq_export.checks.catalog import is_known_rule

        values = self.fields(node, schema.ACCESSIBILITY, "accessibility", place)
        items = values.get("accept")
        if items is None:
            return ()
        if not isinstance(items, CommentedSeq):
            self.error(
                self.value_place(node, "accept"),
                f"'accept' must be a list, not {_describe(items)}",
                "write each accepted finding as '- rule: …' with 'at:' and 'reason:' below it",
            )
            return ()
        accepted: list[m.Acceptance] = []
        for index, item in enumerate(items):
            what = f"accepted finding {index + 1}"
            item_place = self.value_place(items, index)
            entry = self.fields(item, schema.ACCEPT, what, item_place)
            rule = self.text(item, "rule", entry.get("rule"), what) if "rule" in entry else ""
            reason = (
                self.text(item, "reason", entry.get("reason"), what) if "reason" in entry else ""
            )
            if rule and not is_known_rule(rule):
                self.error(
                    self.value_place(item, "rule"),
                    f"no rule is called '{rule}'",
                    "copy the rule id from the report (e.g. FE-LINK-TEXT); "
                    "`faq-export check --explain RULE` tells what a rule checks",
                )
                rule = ""
            target = entry.get("at")
            if target is not None and not isinstance(target, str):
                self.error(
                    self.value_place(item, "at"),
                    f"'at' must be the id of a section or question, not {_describe(target)}",
                    "write the id shown in the report, e.g. at: faq12",
                )
                continue
            if target is not None:
                self.accepted_at.append((target, *self.value_place(item, "at")))
            if rule and reason:
                accepted.append(m.Acceptance(rule, target, reason, m.Place(*self.node_place(item))))
        return tuple(accepted)

    def metadata(self, node: Any, place: tuple[int, int]) -> m.Metadata | None:
        values = self.fields(node, schema.METADATA, "metadata", place)
        text = {
            key: self.text(node, key, values[key], "metadata")
            for key in values
            if schema.METADATA[key].kind
            in ("text", "url", "language", "slug", "paper", "layout", "pdf_standard")
        }
        language = text.get("language")
        wrong = languages.problem(language) if language else None
        if wrong:
            self.error(self.value_place(node, "language"), *wrong)
        source = text.get("source")
        if source and not URL_PATTERN.match(source):
            self.error(
                self.value_place(node, "source"),
                f"'{source}' is not a web address",
                "write the full address, starting with https://",
            )
        identifier = text.get("identifier", "")
        if identifier.lower().startswith("urn:uuid:") and not _is_uuid(identifier[9:]):
            self.error(
                self.value_place(node, "identifier"),
                f"'{identifier}' says it is a UUID, but '{identifier[9:]}' is not one",
                "write 8-4-4-4-12 hexadecimal digits after urn:uuid: (`python3 -c 'import "
                "uuid; print(uuid.uuid4())'` makes one), or use another identifier",
            )
        if "language" in values:
            self.language_place = self.value_place(node, "language")
        base_url = text.get("base_url")
        if base_url and not URL_PATTERN.match(base_url):
            self.error(
                self.value_place(node, "base_url"),
                f"'{base_url}' is not a web address",
                "write the address of the page the FAQ comes from, starting with https://",
            )
            base_url = None
        self.options = Options(
            base_url=base_url,
            max_depth=self.limits.markdown_depth,
            max_inline_depth=self.limits.inline_depth,
        )
        pdf_standard = standards.DEFAULT
        if text.get("pdf_standard"):
            chosen = standards.normalise(text["pdf_standard"])
            if chosen is None:
                self.error(
                    self.value_place(node, "pdf_standard"),
                    f"'{text['pdf_standard']}' is not a PDF standard faq-export can meet",
                    f"write one of: {', '.join(standards.CHOICES)}",
                )
            else:
                pdf_standard = chosen
        slug = text.get("slug")
        if slug and (
            not SLUG_PATTERN.match(slug)
            or slug != slug.lower()
            or len(slug.encode("utf-8")) > MAX_SLUG
        ):
            self.error(
                self.value_place(node, "slug"),
                f"'{_shown(slug)}' cannot be a file name",
                f"use lower-case letters, digits, '-', '_' and '.' ({MAX_SLUG} bytes at most: "
                "40 Chinese characters), e.g. faq-2026",
            )
        paper = (text.get("paper") or "letter").lower()
        if paper not in PAPER_SIZES:
            self.error(
                self.value_place(node, "paper"),
                f"'{text.get('paper')}' is not a paper size",
                f"write one of: {', '.join(PAPER_SIZES)}",
            )
        layout = (text.get("layout") or "flow").lower().replace("-", "_")
        if layout not in LAYOUTS:
            self.error(
                self.value_place(node, "layout"),
                f"'{text.get('layout')}' is not a layout",
                f"write one of: {', '.join(LAYOUTS)}",
            )
        version = self.version(node, values.get("version"))
        date = self.date(node, values.get("date"))
        keywords = self.keywords(node, values.get("keywords"))
        required = ("title", "language", "identifier", "accessibility_summary")
        if version is None or date is None or any(not text.get(k) for k in required):
            return None
        return m.Metadata(
            title=text["title"],
            language=text["language"],
            identifier=text["identifier"],
            version=version,
            date=date,
            accessibility_summary=" ".join(text["accessibility_summary"].split()),
            slug=slug or file_slug(text["title"]),
            subtitle=text.get("subtitle"),
            publisher=text.get("publisher"),
            source=source,
            description=text.get("description"),
            keywords=keywords,
            certified_by=text.get("certified_by"),
            paper=paper,
            layout=layout,
            base_url=base_url,
            pdf_standard=pdf_standard,
        )

    def sections(self, root: Any, node: Any) -> tuple[m.Section, ...]:
        if node is None:
            return ()
        if not isinstance(node, CommentedSeq) or not node:
            self.error(
                self.value_place(root, "sections"),
                "'sections' must be a list of sections"
                + ("" if isinstance(node, CommentedSeq) else f", not {_describe(node)}"),
                "start each section with '- title: …' on its own line",
            )
            return ()
        sections: list[m.Section] = []
        number = 0
        for index, item in enumerate(node):
            what = f"section {index + 1}"
            values = self.fields(item, schema.SECTION, what, self.value_place(node, index))
            if not values and not isinstance(item, CommentedMap):
                continue
            title = self.text(item, "title", values.get("title"), what)
            section_id = self.identifier(item, values, title)
            body = self.markdown(item, "body", values.get("body"), what)
            questions: list[m.Question] = []
            qnode = values.get("questions")
            if qnode is not None and not (isinstance(qnode, CommentedSeq) and qnode):
                self.error(
                    self.value_place(item, "questions"),
                    f"'questions' of {what} must be a list of questions"
                    + ("" if isinstance(qnode, CommentedSeq) else f", not {_describe(qnode)}"),
                    "start each question with '- question: …' on its own line",
                )
            elif qnode is not None:
                for qindex, qitem in enumerate(qnode):
                    number += 1
                    if number > self.limits.questions:
                        self.error(
                            self.value_place(qnode, qindex),
                            f"more than {self.limits.questions:,} questions",
                            "split the FAQ, or raise the limit with --limit questions=N",
                        )
                        break
                    question = self.question(qnode, qindex, qitem, number)
                    if question is not None:
                        questions.append(question)
            if "body" not in values and qnode is None:
                self.error(
                    self.node_place(item),
                    f"{what} has neither 'body' nor 'questions'",
                    "add 'body: |' with its text, or a list of 'questions:'",
                )
            if title and section_id:
                place = m.Place(*self.node_place(item))
                sections.append(m.Section(section_id, title, body, tuple(questions), place))
        return tuple(sections)

    def question(
        self, parent: CommentedSeq, index: int, node: Any, number: int
    ) -> m.Question | None:
        what = f"question {number}"
        values = self.fields(node, schema.QUESTION, what, self.value_place(parent, index))
        if not values:
            return None
        title = self.heading(node, "question", values.get("question"), what)
        text = " ".join(m.plain_text(title).split())
        answer = self.markdown(node, "answer", values.get("answer"), what)
        question_id = self.identifier(node, values, text)
        if not (text and answer and question_id):
            return None
        return m.Question(
            question_id,
            number,
            text,
            answer,
            title,
            m.Place(*self.value_place(node, "question")),
            m.Place(*self.value_place(node, "answer")),
        )

    def heading(self, node: CommentedMap, key: str, value: Any, what: str) -> tuple[m.Inline, ...]:
        """A one-line text with inline Markdown (emphasis, strong, code)."""
        text = self.text(node, key, value, what)
        if not text:
            return ()
        place = self.value_place(node, key)
        scalar = ScalarMap.build(self.lines, place[0] - 1, place[1] - 1, str(value))
        parsed = parse_heading(str(value))
        for problem in parsed.problems:
            self.error(scalar.position(problem.offset), problem.message, problem.hint)
        return parsed.inlines

    # --- values ----------------------------------------------------------------

    def tagged(self, node: CommentedMap, key: str, value: Any, what: str) -> bool:
        """Text starting with '!' is a YAML tag, not text: a common slip before an image."""
        if not isinstance(value, TaggedScalar):
            return False
        self.error(
            self.value_place(node, key),
            f"'{key}' of {what} starts with '!', which YAML reads as a tag",
            f"write the text as a block ('{key}: |' and the text indented on the "
            "next lines), or put it in quotes",
        )
        return True

    def text(self, node: CommentedMap, key: str, value: Any, what: str) -> str:
        if value is None or self.tagged(node, key, value, what):
            return ""
        if not isinstance(value, str):
            self.error(
                self.value_place(node, key),
                f"'{key}' of {what} must be text, not {_describe(value)}",
                f'put the value in quotes: {key}: "{_shown(value)}"',
            )
            return ""
        if not self.acceptable(node, key, value, what):
            return ""
        return " ".join(value.split())

    def one_line(self, node: Any, key: str, value: str) -> bool:
        """Words the documents set on one line: a line break or tab in them would hide them
        (a CSS string cannot hold one: the PDF's page footer was dropped whole)."""
        bad = LINE_BREAK.search(value)
        if bad is None:
            return True
        place = self.value_place(node, key)
        scalar = ScalarMap.build(self.lines, place[0] - 1, place[1] - 1, value)
        self.error(
            scalar.position(bad.start()),
            f"the words for '{key}' hold a line break or tab (U+{ord(bad.group()):04X}); "
            "they are set on one line, and a page footer with one would be dropped",
            "write them on one line, with spaces (in quoted text, \\n and \\t make one)",
        )
        return False

    def acceptable(self, node: Any, key: str, value: str, what: str) -> bool:
        """Text the documents can carry: not too long, no control characters, no lone
        surrogates or non-characters (escapes such as "\\0" or "\\uD800" in quoted YAML)."""
        if len(value) > self.limits.text_chars:
            self.error(
                self.value_place(node, key),
                f"'{key}' of {what} is {len(value):,} characters long, more than "
                f"{self.limits.text_chars:,}",
                f"shorten it, or raise the limit with --limit text_chars={len(value)}",
            )
            return False
        bad = UNCARRIABLE.search(value)
        missing = uncovered(value) if bad is None else None
        if bad is None and missing is None:
            return True
        offset = bad.start() if bad is not None else value.index(str(missing))
        place = self.value_place(node, key)
        # Where in the file: a block's later line, or a quoted value's column.
        scalar = ScalarMap.build(self.lines, place[0] - 1, place[1] - 1, value)
        at = scalar.position(offset)
        if bad is not None:
            self.error(
                at,
                f"'{key}' of {what} holds the character U+{ord(bad.group()):04X}, which is not "
                "text any document can show",
                "delete it (in quoted text, an escape such as \\0, \\x01 or \\uD800 makes one)",
            )
        else:
            self.error(
                at,
                f"'{key}' of {what} holds '{missing}' (U+{ord(str(missing)):04X}), which no "
                "typeface faq-export embeds can print",
                "write it another way (an arrow as ->, an emoji in words); docs/languages.md, "
                "'Languages and typefaces', lists the scripts the embedded typefaces print",
            )
        return False

    def markdown(self, node: Any, key: str, value: Any, what: str) -> tuple[m.Block, ...]:
        if value is None or self.tagged(node, key, value, what):
            return ()
        place = self.value_place(node, key)
        if not isinstance(value, str):
            self.error(
                place,
                f"'{key}' of {what} must be Markdown text, not {_describe(value)}",
                f"write the text as a block: '{key}: |' and the text indented below",
            )
            return ()
        if not value.strip():
            fix = "" if key == "answer" else f", or remove the '{key}:' line"
            self.error(
                place, f"'{key}' of {what} is empty", f"write the {key} as Markdown text{fix}"
            )
            return ()
        if not self.acceptable(node, key, value, what):
            return ()
        scalar = ScalarMap.build(self.lines, place[0] - 1, place[1] - 1, value)

        def load_image(src: str, alt: str, offset: int) -> m.Image | None:
            return self.image(src, alt, scalar.position(offset))

        def locate(offset: int) -> m.Place:
            return m.Place(*scalar.position(offset))

        parsed = parse_markdown(value, load_image, self.options, locate)
        for problem in parsed.problems:
            self.error(scalar.position(problem.offset), problem.message, problem.hint)
        for ref in parsed.references:
            self.references.append((ref.target, *scalar.position(ref.offset)))
        for note in parsed.notes:
            at = m.Place(*scalar.position(note.offset))
            self.notices.append(m.Notice(note.kind, note.message, at))
        return parsed.blocks

    def identifier(self, node: CommentedMap, values: dict[str, Any], text: str) -> str:
        if "id" in values:
            given = values["id"]
            place = self.value_place(node, "id")
            if not isinstance(given, str) or not ID_PATTERN.match(given):
                self.error(
                    place,
                    f"'{_shown(given)}' cannot be an id",
                    "start with a letter; use letters, digits, '-' and '_' only, "
                    "e.g. id: shared-services",
                )
                return ""
            if given in self.ids:
                first = self.ids[given]
                self.error(
                    place,
                    f"the id '{given}' is already used on line {first[0]}",
                    "give each section and question its own id",
                )
                return ""
            self.ids[given] = place
            return given
        if not text:
            return ""
        # A derived id never takes one given later in the file (``reserved``); clashes between
        # derived ids are numbered in document order, so ids are stable for the same source.
        base = slugify(text)
        candidate, n = base, self.suffixes.get(base, 1)
        while candidate in self.ids or candidate in self.reserved:
            n += 1
            candidate = f"{base}-{n}"
        # The next clash of this base starts counting here: linear, however many clash.
        self.suffixes[base] = n
        self.ids[candidate] = self.node_place(node)
        return candidate

    def version(self, node: CommentedMap, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.error(
                self.value_place(node, "version"),
                f"'version' must be text, not {_describe(value)}",
                'quote it, so YAML keeps it as written: version: "2026.10"',
            )
            return None
        return str(value).strip()

    def date(self, node: CommentedMap, value: Any) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        try:
            date = (
                value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value).strip())
            )
        except ValueError:
            self.error(
                self.value_place(node, "date"),
                f"'{_shown(value)}' is not a date",
                "write the date as YYYY-MM-DD, e.g. date: 2026-11-26",
            )
            return None
        if not FIRST_DATE <= date <= LAST_DATE:
            # The documents are zip files (EPUB, DOCX), whose dates run from 1980 to 2107.
            self.error(
                self.value_place(node, "date"),
                f"the date {date} is outside {FIRST_DATE.year}–{LAST_DATE.year}",
                "write the release date, e.g. date: 2026-11-26",
            )
            return None
        return date

    def keywords(self, node: CommentedMap, value: Any) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, CommentedSeq) or not all(isinstance(v, str) for v in value):
            self.error(
                self.value_place(node, "keywords"),
                "'keywords' must be a list of words",
                "write them as a list: keywords: [shared services, QSMO]",
            )
            return ()
        return tuple(" ".join(v.split()) for v in value)

    def image(self, src: str, alt: str, place: tuple[int, int]) -> m.Image | None:
        try:
            image = read_image(self.path.parent, src, alt, self.limits.image_pixels)
        except ImageProblem as problem:
            self.error(place, problem.message, problem.hint)
            return None
        image = dataclasses.replace(image, at=m.Place(*place))
        known = self.images.setdefault(image.name, image)
        if known.data != image.data:
            self.error(
                place,
                f"two different images are both named '{image.name}'",
                "rename one of the files",
            )
        return image

    def check_references(self) -> None:
        for target, line, column in self.references:
            if target not in self.ids:
                self.error(
                    (line, column),
                    f"the link '#{target}' points to no section or question",
                    _did_you_mean(target, self.ids, "ids"),
                )
        for target, line, column in self.accepted_at:
            if target not in self.ids:
                self.error(
                    (line, column),
                    f"the accepted finding is at '{target}', which is no section or question",
                    _did_you_mean(target, self.ids, "ids"),
                )


def _is_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return len(text) == 36


def _given_ids(sections: Any) -> set[str]:
    given: set[str] = set()
    for section in sections if isinstance(sections, CommentedSeq) else ():
        if not isinstance(section, CommentedMap):
            continue
        given.add(str(section.get("id", "")))
        for question in section.get("questions") or ():
            if isinstance(question, CommentedMap):
                given.add(str(question.get("id", "")))
    return given


def _did_you_mean(word: str, known: Any, noun: str = "keys") -> str:
    choices = sorted(str(k) for k in known)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    listed = ", ".join(choices) if len(choices) <= 20 else ", ".join(choices[:20]) + ", …"
    if close:
        return f"did you mean '{close[0]}'? Known {noun}: {listed}"
    return f"known {noun}: {listed}"


# Characters no output can carry: C0 controls but tab, line feed and carriage return; DEL
# and C1 controls; lone surrogates; the non-characters U+FFFE and U+FFFF.
UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


# What words (``words:``) may not hold besides: line breaks and tabs of every kind.
LINE_BREAK = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]")


def _shown(value: Any, width: int = 60) -> str:
    """A value as a message may show it: cut short (a message never grows with the input)."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"a date ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
