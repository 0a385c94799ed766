"""Reading the YAML source: the file's text (its size, encoding and emptiness checked), then
ruamel's round-trip load, which keeps each value's line and column. What the schema never
needs is refused as it is read (anchors and aliases, tags on a list or mapping, nesting past
``yaml_depth``), and YAML's own errors are said plainly (a tab in the indentation, a key
twice, ': ' in unquoted text, pasted text indented less than the text above it), each at its
``path:line:column``. ``source.py`` validates what this module reads.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.parser import RoundTripParser
from ruamel.yaml.reader import ReaderError

from faq_export.errors import SourceError, SourceErrors
from faq_export.limits import DEFAULT as DEFAULT_LIMITS
from faq_export.limits import Limits


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
                    f"a YAML tag ({shown(str(event.tag))}) on a list or mapping is not allowed",
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
            f"{key}: {shown(quoted)}",
        )
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return SourceError(
        where,
        line + 1,
        column + 1,
        f"the {noun} holds ': ', which YAML reads as the start of a new key",
        f"put the {noun} in straight quotes, or write it as a block ('{key}: |', then the text "
        f"on the next line, indented further): {key}: {shown(quoted)}",
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


def shown(value: Any, width: int = 60) -> str:
    """A value as a message may show it: cut short (a message never grows with the input)."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"
