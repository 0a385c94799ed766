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
from functools import partial
from typing import Any

import faq_export.importing.fidelity as fidelity
from faq_export.importing.code import outside_code
from faq_export.importing.draft import Draft, DraftQuestion, DraftSection
from faq_export.importing.markdown_html import line_keeping
from faq_export.importing.to_markdown import (
    TEMPLATE_TAG,
    Context,
    html_to_markdown,
    inline_markdown,
    plain,
    question_anchors,
)

QUESTION_KEYS = ("question", "q", "title", "name", "faq", "query", "heading")
ANSWER_KEYS = ("answer", "a", "response", "content", "body", "text", "description", "reply")
GROUP_TITLE_KEYS = ("category", "section", "title", "name", "heading", "group", "topic")
GROUP_LIST_KEYS = ("items", "questions", "faqs", "faq", "entries", "qa", "list", "content")
# A group's own text before its questions (Jekyll docs themes: ``desc:``): the section's body.
GROUP_BODY_KEYS = ("desc", "description", "intro", "introduction", "summary", "body", "text")
WRAPPER_KEYS = ("faq", "faqs", "questions", "items", "entries", "data", "qa")
ID_KEYS = ("id", "anchor", "slug")
LINK_TEXT_KEYS = ("title", "text", "name", "label")
LINK_URL_KEYS = ("url", "href", "link", "address")


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
    node: Any = None  # the mapping it was read from
    keys: tuple[str, str] = ("", "")  # its question and answer keys
    answer_line: int | None = None  # the line of the answer's first line in the file


@dataclass
class Grouped:
    title: str | None
    line: int | None
    entries: list[Entry]
    node: Any = None  # the mapping that holds its title, or whose key it is
    key: str | None = None  # that key: the title is a key (``- installation: [...]``)


def _line(node: Any, key: Any = None) -> int | None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        return int(lc.key(key)[0]) + 1 if key is not None else int(lc.line) + 1
    except (KeyError, TypeError, AttributeError):
        return None


def _key(entry: Mapping[str, Any], keys: tuple[str, ...], lists: bool = False) -> str | None:
    """The first of ``keys`` the entry has with text (or, ``lists``, a list of texts)."""
    lowered = {str(k).lower(): k for k in entry}
    for key in keys:
        if key in lowered and (
            isinstance(entry[lowered[key]], str | int | float)
            or (lists and _is_text_list(entry[lowered[key]]))
        ):
            return str(lowered[key])
    return None


def _is_text_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, str | int | float) or _is_text_list(v) for v in value)
    )


def _is_entry(node: Any, mapping: KeyMap | None) -> bool:
    if not isinstance(node, Mapping):
        return False
    if mapping is not None:
        return mapping.question in node and mapping.answer in node
    return (
        _key(node, QUESTION_KEYS) is not None
        and _key(node, ANSWER_KEYS, lists=True) is not None
        and (_key(node, QUESTION_KEYS) != _key(node, ANSWER_KEYS, lists=True))
    )


def _entry(node: Mapping[str, Any], mapping: KeyMap | None) -> Entry:
    if mapping is not None:
        q_key, a_key = mapping.question, mapping.answer
    else:
        q_key = _key(node, QUESTION_KEYS) or ""
        a_key = _key(node, ANSWER_KEYS, lists=True) or ""
    identifier = node.get("id") if isinstance(node.get("id"), str) else None
    return Entry(
        str(node[q_key]),
        _answer_text(node[a_key]),
        _line(node, q_key),
        identifier,
        node,
        (q_key, a_key),
        value_line(node, a_key),
    )


def value_line(node: Any, key: Any) -> int | None:
    """The line in the file of the first line of the value of ``key`` (a block scalar's
    text begins on the line after its key's, a list's at its first item)."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    line = _line(node, key)
    value = node[key]
    if line is not None and isinstance(value, LiteralScalarString | FoldedScalarString):
        return line + 1
    lc = getattr(value, "lc", None)
    if isinstance(value, list) and value and lc is not None:
        try:
            return int(lc.item(0)[0]) + 1
        except (KeyError, TypeError, AttributeError, IndexError):
            return line
    return line


def _answer_text(value: Any) -> str:
    """An answer's Markdown: a list of texts (YAML) is paragraphs, a list in it a list."""
    if not isinstance(value, list):
        return "" if value is None else str(value)
    parts = []
    for item in value:
        if isinstance(item, list):
            parts.append("\n".join("- " + " ".join(_answer_text(i).split()) for i in item))
        else:
            parts.append(_answer_text(item).strip("\n"))
    return "\n\n".join(p for p in parts if p.strip()) + "\n"


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
        nested = _nested(_unwrap(data), mapping)
        if nested:
            return f"data file, grouped by '{mapping.section}'", nested
        entries = _entries(data, mapping) or _entries(_unwrap(data), mapping)
        if entries is None:
            raise UnknownShape(_shape_message(data, mapping))
        by_section: dict[str, Grouped] = {}
        raw = data if isinstance(data, list) else _unwrap(data)
        for node, entry in zip(raw, entries, strict=False):
            name = str(node.get(mapping.section, "") or "")  # "": the writer names it
            by_section.setdefault(name, Grouped(name, entry.line, [], node, None)).entries.append(
                entry
            )
        return f"data file grouped by '{mapping.section}'", list(by_section.values())
    for candidate, how in _candidates(data):
        entries = _entries(candidate, mapping)
        if entries is not None:
            return f"data file ({how})", [Grouped(None, None, entries)]
        groups = _groups(candidate, mapping)
        if groups:
            return f"data file, grouped ({how})", groups
    raise UnknownShape(_shape_message(data, mapping))


def _nested(node: Any, mapping: KeyMap) -> list[Grouped]:
    """Sections holding their entries: each a mapping with the section key (its title) and
    one list of entries."""
    if not isinstance(node, list) or not node:
        return []
    groups = []
    for member in node:
        if not isinstance(member, Mapping) or mapping.section not in member:
            return []
        lists = [v for v in member.values() if isinstance(v, list)]
        entries = next((e for e in (_entries(v, mapping) for v in lists) if e), None)
        if entries is None:
            return []
        groups.append(Grouped(str(member[mapping.section]), _line(member), entries, member))
    return groups


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
                groups.append(Grouped(title, _line(member), entries, member, None))
            elif len(member) == 1:
                ((name, value),) = member.items()
                entries = _entries(value, mapping)
                if entries is None:
                    return []
                groups.append(Grouped(str(name), _line(member, name), entries, member, str(name)))
            else:
                return []
        return groups
    if isinstance(node, Mapping) and node:
        for name, value in node.items():
            entries = _entries(value, mapping)
            if entries is None:
                return []
            groups.append(Grouped(str(name), _line(node, name), entries, node, str(name)))
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
    import faq_export.importing.budget as budget

    budget.guard_result(sum(len(g.entries) for g in groups), 0, context.where, context.limits)
    renderer = line_keeping(
        MarkdownIt("commonmark", {"html": True, "maxNesting": 1000}).enable(
            ["table", "strikethrough"]
        )
    )
    draft = Draft(name, kind)
    use = fidelity.DataUse(set(), set(), set())
    entries = [e for g in groups for e in g.entries]
    for entry in entries:
        if entry.id:
            context.ids.add(entry.id)
    slugs = {id(e): question_anchors(context, plain(e.question)) for e in entries if not e.id}
    unmapped: dict[str, list[int | None]] = {}
    for group in groups:
        if group.node is not None and group.title:
            if group.key is not None:
                use.text_keys.add((id(group.node), group.key))
            else:
                title_key = next((k for k in group.node if str(group.node[k]) == group.title), None)
                if title_key is not None:
                    use.text.add((id(group.node), str(title_key)))
        title = humanise(group.title) if group.title else ""  # the writer names it
        section = DraftSection(title)
        if group.node is not None and group.key is None:
            body_key = _key(group.node, GROUP_BODY_KEYS)
            if body_key is not None and isinstance(group.node[body_key], str):
                use.text.add((id(group.node), str(body_key)))
                section.body = html_to_markdown(
                    renderer.render(group.node[body_key]),
                    context,
                    value_line(group.node, body_key),
                )
        for entry in group.entries:
            # Outside code only: '{{ .Name }}' in code is a Go template, the author's text.
            tags: list[str] = []
            question_text = outside_code(entry.question, partial(_without_tags, tags))
            answer_text = outside_code(entry.answer, partial(_without_tags, tags))
            for tag in tags:
                context.note(entry.line, f"a template tag {tag[:60]}", "left out")
            links = _links_of(entry, use, unmapped, mapping)
            question_html = renderer.renderInline(question_text)
            answer_html = renderer.render(answer_text + links)
            question = inline_markdown(question_html, context, "a question", entry.line, entry.line)
            answer = html_to_markdown(answer_html, context, entry.answer_line)
            if not plain(question):
                context.note(entry.line, "an entry without a question", "left out")
                continue
            if not answer.strip():
                context.note(
                    entry.line,
                    f"the question '{plain(question)[:50]}' has no answer",
                    "written with the answer TODO",
                )
            section.questions.append(
                DraftQuestion(question, answer or "TODO\n", entry.id, slugs.get(id(entry)))
            )
        if section.questions:
            draft.sections.append(section)
    for field_name, lines in unmapped.items():
        context.note(
            lines[0],
            f"the field '{field_name}' ({len(lines)} of the entries have it) is no question, "
            "answer or id",
            "left out: name it with --map if it is the question or the answer",
        )
    draft.original = fidelity.data_pieces(data, name, use)
    return draft


def _without_tags(found: list[str], part: str, at: int) -> str:
    """Prose without its template tags (each added to ``found``), its lines kept."""
    found.extend(TEMPLATE_TAG.findall(part))
    return TEMPLATE_TAG.sub(lambda m: "\n" * m.group(0).count("\n"), part)


def _links_of(
    entry: Entry,
    use: fidelity.DataUse,
    unmapped: dict[str, list[int | None]],
    mapping: KeyMap | None,
) -> str:
    """The entry's fields besides its question and answer: a list of links (``links:`` with
    a title and a url each) as Markdown to add to the answer; what it uses is recorded in
    ``use``, and the fields it cannot use in ``unmapped``."""
    node = entry.node
    if node is None:
        return ""
    q_key, a_key = entry.keys
    use.text.update({(id(node), q_key), (id(node), a_key)})
    out: list[str] = []
    for key, value in node.items():
        name = str(key)
        if name in (q_key, a_key):
            continue
        if mapping is not None and name == mapping.section:
            use.other.add((id(node), name))  # its value is the section's title
            continue
        if name.lower() in ID_KEYS and isinstance(value, str):
            use.other.add((id(node), name))
            continue
        items = _link_items(value)
        if items is not None:
            for item, text_key, url_key in items:
                use.text.add((id(item), text_key))
                use.other.add((id(item), url_key))
                text = " ".join(str(item[text_key]).split()).replace("]", "\\]")
                out.append(f"- [{text}](<{str(item[url_key]).strip()}>)")
            continue
        if isinstance(value, str | list | Mapping):
            unmapped.setdefault(name, []).append(_line(node, key))
    return ("\n\n" + "\n".join(out) + "\n") if out else ""


def _link_items(value: Any) -> list[tuple[Any, str, str]] | None:
    """A list of links (mappings with a text key and an address key), or None."""
    if not isinstance(value, list) or not value:
        return None
    found = []
    for item in value:
        if not isinstance(item, Mapping):
            return None
        text_key = _key(item, LINK_TEXT_KEYS)
        url_key = _key(item, LINK_URL_KEYS)
        if text_key is None or url_key is None:
            return None
        found.append((item, text_key, url_key))
    return found
