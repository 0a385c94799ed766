"""YAML source -> validated document model, with every problem's position in the file.

This is the only place that reads the source (with source_yaml.py, which reads its YAML). It
reports all problems it finds in one run (``SourceErrors``), each as ``path:line:column`` with
a hint; nothing downstream re-validates. Each field's value is checked by the validator of
its kind in schema.py (``VALIDATORS``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar

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
from faq_export.source_yaml import parse_yaml, read_source_text
from faq_export.source_yaml import shown as _shown

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


def load_document(
    path: Path,
    limits: Limits = DEFAULT_LIMITS,
    known_rule: Callable[[str], bool] | None = None,
) -> m.Document:
    """Read and validate ``path``; raise ``SourceErrors`` listing every problem found. An
    accepted finding (``accessibility.accept``) must name a rule ``known_rule`` knows: the
    checker's catalogue, which ``api.load`` gives (the checks sit above the reading layer);
    without it the rule's name is taken as written."""
    text = read_source_text(path, limits)
    root = parse_yaml(path, text, limits)
    document = _Loader(path, text, limits, known_rule).document(root)
    return dataclasses.replace(document, source_text=text)


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
    def __init__(
        self,
        path: Path,
        text: str,
        limits: Limits = DEFAULT_LIMITS,
        known_rule: Callable[[str], bool] | None = None,
    ) -> None:
        self.limits = limits
        self.known_rule = known_rule
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
        words = self.words(root, top.get("words"), metadata, bool(intro))
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

    def words(
        self, root: Any, node: Any, metadata: m.Metadata | None, intro: bool = True
    ) -> m.Words | None:
        """The fixed words of the document's language, with the source's own (``words:``);
        the introduction's heading is needed only with an ``intro``."""
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
        words, missing = words_table.words_for(metadata.language, supplied, intro)
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
            if rule and self.known_rule is not None and not self.known_rule(rule):
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
        checked = self.checked(node, schema.METADATA, values, "metadata")
        if "language" in values:
            self.language_place = self.value_place(node, "language")
        self.options = Options(
            base_url=checked.get("base_url"),
            max_depth=self.limits.markdown_depth,
            max_inline_depth=self.limits.inline_depth,
        )
        required = [key for key, spec in schema.METADATA.items() if spec.required]
        if any(_no_value(schema.METADATA[key].kind, checked.get(key)) for key in required):
            return None
        slug = checked.get("slug") or file_slug(checked["title"])
        return m.Metadata(**{**checked, "slug": slug})

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

    def checked(
        self, node: CommentedMap, table: dict[str, schema.Field], values: dict[str, Any], what: str
    ) -> dict[str, Any]:
        """Each of ``values`` checked by the validator of its field's kind (``VALIDATORS``):
        key -> the value to use (or, if it is wrong, what stands in for it; said at its line)."""
        return {
            key: VALIDATORS[table[key].kind](self, node, key, value, what)
            for key, value in values.items()
        }

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

    def language(self, node: CommentedMap, key: str, value: Any, what: str) -> str:
        """A BCP 47 language tag (checked against the IANA registry)."""
        language = self.text(node, key, value, what)
        wrong = languages.problem(language) if language else None
        if wrong:
            self.error(self.value_place(node, key), *wrong)
        return language

    def url(self, node: CommentedMap, key: str, value: Any, what: str) -> str | None:
        """A web address (http or https); None if the text is not one."""
        address = self.text(node, key, value, what)
        if address and not URL_PATTERN.match(address):
            self.error(
                self.value_place(node, key),
                f"'{address}' is not a web address",
                URL_HINTS.get(key, "write the full address, starting with https://"),
            )
            return None
        return address

    def publication_id(self, node: CommentedMap, key: str, value: Any, what: str) -> str:
        """A stable identifier of the publication (a URN or URL): a urn:uuid: holds a UUID."""
        identifier = self.text(node, key, value, what)
        if identifier.lower().startswith("urn:uuid:") and not _is_uuid(identifier[9:]):
            self.error(
                self.value_place(node, key),
                f"'{identifier}' says it is a UUID, but '{identifier[9:]}' is not one",
                "write 8-4-4-4-12 hexadecimal digits after urn:uuid: (`python3 -c 'import "
                "uuid; print(uuid.uuid4())'` makes one), or use another identifier",
            )
        return identifier

    def pdf_standard(self, node: CommentedMap, key: str, value: Any, what: str) -> str:
        """The standards the PDF claims (standards.py); the default when none is given."""
        given = self.text(node, key, value, what)
        if not given:
            return standards.DEFAULT
        chosen = standards.normalise(given)
        if chosen is None:
            self.error(
                self.value_place(node, key),
                f"'{given}' is not a PDF standard faq-export can meet",
                f"write one of: {', '.join(standards.CHOICES)}",
            )
            return standards.DEFAULT
        return chosen

    def slug(self, node: CommentedMap, key: str, value: Any, what: str) -> str:
        """A file name's base: lower-case letters of any script, digits, '-', '_' and '.'."""
        slug = self.text(node, key, value, what)
        if slug and (
            not SLUG_PATTERN.match(slug)
            or slug != slug.lower()
            or len(slug.encode("utf-8")) > MAX_SLUG
        ):
            self.error(
                self.value_place(node, key),
                f"'{_shown(slug)}' cannot be a file name",
                f"use lower-case letters, digits, '-', '_' and '.' ({MAX_SLUG} bytes at most: "
                "40 Chinese characters), e.g. faq-2026",
            )
        return slug

    def paper(self, node: CommentedMap, key: str, value: Any, what: str) -> str:
        """A paper size (model.PAPER_SIZES); letter when none is given."""
        given = self.text(node, key, value, what)
        paper = (given or "letter").lower()
        if paper not in PAPER_SIZES:
            self.error(
                self.value_place(node, key),
                f"'{given}' is not a paper size",
                f"write one of: {', '.join(PAPER_SIZES)}",
            )
        return paper

    def layout(self, node: CommentedMap, key: str, value: Any, what: str) -> str:
        """A layout of the sections (model.LAYOUTS); flow when none is given."""
        given = self.text(node, key, value, what)
        layout = (given or "flow").lower().replace("-", "_")
        if layout not in LAYOUTS:
            self.error(
                self.value_place(node, key),
                f"'{given}' is not a layout",
                f"write one of: {', '.join(LAYOUTS)}",
            )
        return layout

    def version(self, node: CommentedMap, key: str, value: Any, what: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.error(
                self.value_place(node, key),
                f"'{key}' must be text, not {_describe(value)}",
                f'quote it, so YAML keeps it as written: {key}: "2026.10"',
            )
            return None
        return str(value).strip()

    def date(self, node: CommentedMap, key: str, value: Any, what: str) -> dt.date | None:
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
                self.value_place(node, key),
                f"'{_shown(value)}' is not a date",
                f"write the date as YYYY-MM-DD, e.g. {key}: 2026-11-26",
            )
            return None
        if not FIRST_DATE <= date <= LAST_DATE:
            # The documents are zip files (EPUB, DOCX), whose dates run from 1980 to 2107.
            self.error(
                self.value_place(node, key),
                f"the date {date} is outside {FIRST_DATE.year}–{LAST_DATE.year}",
                f"write the release date, e.g. {key}: 2026-11-26",
            )
            return None
        return date

    def keywords(self, node: CommentedMap, key: str, value: Any, what: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, CommentedSeq) or not all(isinstance(v, str) for v in value):
            self.error(
                self.value_place(node, key),
                f"'{key}' must be a list of words",
                f"write them as a list: {key}: [shared services, QSMO]",
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


Validator = Callable[[_Loader, CommentedMap, str, Any, str], Any]

# The check of each kind of value schema.py names: (loader, mapping, key, value, what) -> the
# value to use, each mistake said at its line. A new field of one of these kinds needs no code
# in the loader. (The kinds not here are read where the source's shape is walked: ``list``,
# ``mapping``, ``id`` (given or derived from the title), and the brand's ``image``, ``boolean``
# and ``colour``, which are read together: a logo's alternative text, its accent's contrast.)
VALIDATORS: dict[str, Validator] = {
    "text": _Loader.text,
    "markdown": _Loader.markdown,
    "identifier": _Loader.publication_id,
    "language": _Loader.language,
    "url": _Loader.url,
    "slug": _Loader.slug,
    "paper": _Loader.paper,
    "layout": _Loader.layout,
    "pdf_standard": _Loader.pdf_standard,
    "version": _Loader.version,
    "date": _Loader.date,
    "keywords": _Loader.keywords,
}

# Kinds whose value is a line of text: a required one is missing when it is empty.
TEXT_KINDS = {"text", "identifier", "language", "url", "slug", "paper", "layout", "pdf_standard"}

# What to write instead of a wrong web address, for a field whose address is of one page.
URL_HINTS = {
    "base_url": "write the address of the page the FAQ comes from, starting with https://",
}


def _no_value(kind: str, value: Any) -> bool:
    """Whether a required field of ``kind`` has no value the model can take."""
    return value is None or (kind in TEXT_KINDS and not value)


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
