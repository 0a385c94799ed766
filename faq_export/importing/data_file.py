"""A site's FAQ data file (Jekyll ``_data/faq.yml``, Hugo ``data/faq.yaml``, JSON) -> a Draft.

The common shapes are recognised without help:

- a list of entries with a question and an answer key (``question``/``answer``, ``q``/``a``,
  ``title``/``content``, ``question``/``response``, …);
- such entries grouped: a list of groups with a title key (``category``, ``section``,
  ``title``, ``name``) and a list key (``items``, ``questions``, ``faqs``); a list of
  one-key mappings (``- installation: [...]``); a mapping of group name to entries;
- a mapping of entries (``question1: {question, answer}``), or a mapping with one list under
  ``faq``, ``faqs``, ``questions``, ``items`` or ``entries``.

``--map question=KEY,answer=KEY[,section=KEY]`` names the keys of any other shape
(``section`` is a key of each entry whose value groups them). Values are Markdown, and may
hold HTML: both go through markdown-it's HTML to our Markdown, like a web page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from faq_export.importing.draft import Draft, DraftQuestion, DraftSection
from faq_export.importing.html_page import words_of
from faq_export.importing.to_markdown import (
    TEMPLATE_TAG,
    Context,
    html_to_markdown,
    inline_markdown,
    plain,
)

QUESTION_KEYS = ("question", "q", "title", "name", "faq", "query", "heading")
ANSWER_KEYS = ("answer", "a", "response", "content", "body", "text", "description", "reply")
GROUP_TITLE_KEYS = ("category", "section", "title", "name", "heading", "group", "topic")
GROUP_LIST_KEYS = ("items", "questions", "faqs", "faq", "entries", "qa", "list", "content")
WRAPPER_KEYS = ("faq", "faqs", "questions", "items", "entries", "data", "qa")


class UnknownShape(ValueError):
    """The data file's shape is none that import knows (``--map`` names its keys)."""


@dataclass(frozen=True)
class KeyMap:
    question: str
    answer: str
    section: str | None = None


def parse_map(text: str) -> KeyMap:
    """``question=title,answer=content,section=category`` -> the keys."""
    pairs = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep or key.strip() not in ("question", "answer", "section") or not value.strip():
            raise ValueError(
                f"'{part}' is not NAME=KEY with NAME one of question, answer, section "
                "(e.g. --map question=title,answer=content,section=category)"
            )
        pairs[key.strip()] = value.strip()
    if "question" not in pairs or "answer" not in pairs:
        raise ValueError("--map needs question=KEY and answer=KEY")
    return KeyMap(pairs["question"], pairs["answer"], pairs.get("section"))


@dataclass
class Entry:
    question: str
    answer: str
    line: int | None
    id: str | None


@dataclass
class Grouped:
    title: str | None
    line: int | None
    entries: list[Entry]


def _line(node: Any, key: Any = None) -> int | None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        return int(lc.key(key)[0]) + 1 if key is not None else int(lc.line) + 1
    except (KeyError, TypeError, AttributeError):
        return None


def _key(entry: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    lowered = {str(k).lower(): k for k in entry}
    for key in keys:
        if key in lowered and isinstance(entry[lowered[key]], str | int | float):
            return str(lowered[key])
    return None


def _is_entry(node: Any, mapping: KeyMap | None) -> bool:
    if not isinstance(node, Mapping):
        return False
    if mapping is not None:
        return mapping.question in node and mapping.answer in node
    return (
        _key(node, QUESTION_KEYS) is not None
        and _key(node, ANSWER_KEYS) is not None
        and (_key(node, QUESTION_KEYS) != _key(node, ANSWER_KEYS))
    )


def _entry(node: Mapping[str, Any], mapping: KeyMap | None) -> Entry:
    if mapping is not None:
        q_key, a_key = mapping.question, mapping.answer
    else:
        q_key = _key(node, QUESTION_KEYS) or ""
        a_key = _key(node, ANSWER_KEYS) or ""
    identifier = node.get("id") if isinstance(node.get("id"), str) else None
    return Entry(str(node[q_key]), str(node[a_key]), _line(node, q_key), identifier)


def _entries(node: Any, mapping: KeyMap | None) -> list[Entry] | None:
    if isinstance(node, list) and node and all(_is_entry(n, mapping) for n in node):
        return [_entry(n, mapping) for n in node]
    if isinstance(node, Mapping) and node and all(_is_entry(v, mapping) for v in node.values()):
        return [_entry(v, mapping) for v in node.values()]
    return None


def find_groups(data: Any, mapping: KeyMap | None = None) -> tuple[str, list[Grouped]]:
    """The entries of the data file, in groups (one untitled group when flat), and the name
    of the shape found."""
    if mapping is not None and mapping.section is not None:
        entries = _entries(data, mapping) or _entries(_unwrap(data), mapping)
        if entries is None:
            raise UnknownShape(_shape_message(data, mapping))
        by_section: dict[str, Grouped] = {}
        raw = data if isinstance(data, list) else _unwrap(data)
        for node, entry in zip(raw, entries, strict=False):
            name = str(node.get(mapping.section, "") or "Frequently asked questions")
            by_section.setdefault(name, Grouped(name, entry.line, [])).entries.append(entry)
        return f"data file grouped by '{mapping.section}'", list(by_section.values())
    for candidate, how in _candidates(data):
        entries = _entries(candidate, mapping)
        if entries is not None:
            return f"data file ({how})", [Grouped(None, None, entries)]
        groups = _groups(candidate, mapping)
        if groups:
            return f"data file, grouped ({how})", groups
    raise UnknownShape(_shape_message(data, mapping))


def _candidates(data: Any) -> Iterator[tuple[str, str]]:
    yield data, "top level"
    if isinstance(data, Mapping):
        for key in data:
            if str(key).lower() in WRAPPER_KEYS:
                yield data[key], f"under '{key}'"


def _unwrap(data: Any) -> Any:
    for candidate, _ in _candidates(data):
        if isinstance(candidate, list):
            return candidate
    return data


def _groups(node: Any, mapping: KeyMap | None) -> list[Grouped]:
    groups: list[Grouped] = []
    if isinstance(node, list) and node:
        for member in node:
            if not isinstance(member, Mapping):
                return []
            title_key = _key(member, GROUP_TITLE_KEYS)
            list_key = next(
                (
                    k
                    for k in member
                    if str(k).lower() in GROUP_LIST_KEYS and isinstance(member[k], list)
                ),
                None,
            )
            if list_key is not None and (entries := _entries(member[list_key], mapping)):
                title = str(member[title_key]) if title_key else None
                groups.append(Grouped(title, _line(member), entries))
            elif len(member) == 1:
                ((name, value),) = member.items()
                entries = _entries(value, mapping)
                if entries is None:
                    return []
                groups.append(Grouped(str(name), _line(member, name), entries))
            else:
                return []
        return groups
    if isinstance(node, Mapping) and node:
        for name, value in node.items():
            entries = _entries(value, mapping)
            if entries is None:
                return []
            groups.append(Grouped(str(name), _line(node, name), entries))
    return groups


def _shape_message(data: Any, mapping: KeyMap | None) -> str:
    sample = data[0] if isinstance(data, list) and data else data
    keys = (
        ", ".join(str(k) for k in sample) if isinstance(sample, Mapping) else type(sample).__name__
    )
    if mapping is not None:
        return (
            f"found no entries with the keys '{mapping.question}' and '{mapping.answer}' "
            f"(the first entry has: {keys})"
        )
    return (
        f"found no questions; looked for entries with a question key ({', '.join(QUESTION_KEYS)}) "
        f"and an answer key ({', '.join(ANSWER_KEYS)}), flat or grouped; the first entry has: "
        f"{keys}. Name the keys with --map question=KEY,answer=KEY[,section=KEY]"
    )


def humanise(name: str) -> str:
    words = name.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def data_draft(data: Any, name: str, context: Context, mapping: KeyMap | None) -> Draft:
    from markdown_it import MarkdownIt

    kind, groups = find_groups(data, mapping)
    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    draft = Draft(name, kind)
    for entry in (e for g in groups for e in g.entries):
        if entry.id:
            context.ids.add(entry.id)
    for group in groups:
        title = humanise(group.title) if group.title else "Frequently asked questions"
        section = DraftSection(title)
        for entry in group.entries:
            for tag in TEMPLATE_TAG.findall(entry.question + entry.answer):
                context.note(entry.line, f"a template tag {tag[:60]}", "left out")
            question_html = renderer.renderInline(TEMPLATE_TAG.sub("", entry.question))
            answer_html = renderer.render(TEMPLATE_TAG.sub("", entry.answer))
            question = inline_markdown(question_html, context, "a question", entry.line)
            answer = html_to_markdown(answer_html, context)
            if not plain(question):
                context.note(entry.line, "an entry without a question", "left out")
                continue
            section.questions.append(
                DraftQuestion(question, answer or "TODO\n", entry.id, words_of(answer_html))
            )
        if section.questions:
            draft.sections.append(section)
    return draft
