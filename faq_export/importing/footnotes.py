"""A Markdown page's footnotes (``text[^1]`` and ``[^1]: the note``), which our Markdown does
not have, carried as a reader of the answer expects them: the marker stays in the text as
``[1]``, and the footnote is a paragraph ``[1] the note`` at the end of each answer that
refers to it (an answer is read on its own: on a printed page, in the EPUB, read aloud).
A footnote nothing refers to stays where it was, as a paragraph ``[label] the note``.
Each footnote is a note of the import. Without this, markdown-it read ``[^1]`` as text and the
documents printed ``[^1]`` and ``[^1]: …`` as they were, with nothing said.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

Say = Callable[[int | None, str, str], None]  # a note: line, what was there, what was done


def with_footnotes(parser: MarkdownIt, say: Say | None = None) -> MarkdownIt:
    """``parser`` reading footnotes, each moved to the answers that refer to it (``say``
    told of each); without ``say``, only read (``footnote_reference_open`` … ``_close``
    around each footnote where it was written, its references ``footnote_ref``)."""
    # No inline footnotes ('^[…]'): they are rare, and would be text as they were.
    parser.use(footnote_plugin, inline=False, move_to_end=False)
    if say is not None:
        parser.core.ruler.after("inline", "footnotes_at_answers", _at_answers(say))
    return parser


def _at_answers(say: Say) -> Callable[[StateCore], None]:
    def rule(state: StateCore) -> None:
        referred = {
            str(child.meta["label"])
            for token in state.tokens
            for child in token.children or []
            if child.type == "footnote_ref"
        }
        definitions: dict[str, list[Token]] = {}
        lines: dict[str, int | None] = {}
        stream: list[Token] = []
        label: str | None = None
        for token in state.tokens:
            if token.type == "footnote_reference_open":
                label = str(token.meta["label"])
                definitions[label] = []
                lines[label] = token.map[0] + 1 if token.map else None
                stream.append(token)  # where it was: for a footnote nothing refers to
            elif token.type == "footnote_reference_close":
                label = None
            elif label is not None:
                definitions[label].append(token)
            else:
                stream.append(token)
        if not definitions:
            return
        numbers: dict[str, int] = {}
        pending: list[str] = []
        out: list[Token] = []
        for token in stream:
            if token.type == "heading_open" and token.level == 0:
                out += _notes(pending, definitions, numbers)
                pending = []
            if token.type == "footnote_reference_open":
                name = str(token.meta["label"])
                if name not in referred:
                    out += _paragraphs(definitions[name], f"[{name}]", keep_lines=True)
                    say(lines[name], f"a footnote nothing refers to ([^{name}])", _KEPT)
                continue
            if token.type == "inline":
                for child in token.children or []:
                    if child.type == "footnote_ref":
                        name = str(child.meta["label"])
                        numbers.setdefault(name, int(child.meta["id"]) + 1)
                        child.type, child.content = "text", f"[{numbers[name]}]"
                        if name not in pending:
                            pending.append(name)
            out.append(token)
        out += _notes(pending, definitions, numbers)
        for name in numbers:
            say(
                lines[name],
                f"a footnote ([^{name}])",
                f"written as the paragraph '[{numbers[name]}] …' at the end of each answer that "
                f"refers to it, its marker [{numbers[name]}] kept",
            )
        state.tokens = out

    return rule


_KEPT = "kept where it was, as a paragraph that begins with its label"


def _notes(
    pending: list[str], definitions: dict[str, list[Token]], numbers: dict[str, int]
) -> list[Token]:
    out: list[Token] = []
    for name in pending:
        out += _paragraphs(definitions[name], f"[{numbers[name]}]", keep_lines=False)
    return out


def _paragraphs(blocks: list[Token], marker: str, keep_lines: bool) -> list[Token]:
    """A copy of a footnote's blocks, the first paragraph beginning with ``marker`` (else a
    paragraph of its own). Moved, they have no line: the renderer puts each block at its
    line (markdown_html), and a footnote's is further down."""
    copies = [_copy(token, keep_lines) for token in blocks]
    for token in copies:
        token.level = max(0, token.level - 1)
    if len(copies) >= 2 and copies[0].type == "paragraph_open" and copies[1].type == "inline":
        text = Token("text", "", 0)
        text.content = marker + " "
        copies[1].children = [text, *(copies[1].children or [])]
        return copies
    opener, inline, closer = (
        Token("paragraph_open", "p", 1),
        Token("inline", "", 0),
        Token("paragraph_close", "p", -1),
    )
    text = Token("text", "", 0)
    text.content = marker
    inline.children = [text]
    opener.block = closer.block = True
    return [opener, inline, closer, *copies]


def _copy(token: Token, keep_lines: bool) -> Token:
    copy = token.copy()
    copy.children = [child.copy() for child in token.children] if token.children else None
    if not keep_lines:
        copy.map = None
    return copy
