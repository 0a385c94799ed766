"""What `import` will read, checked before it spends the memory or the time: the same limits
as `build` (``faq_export.limits``), so a source too large for `build` is refused before it is
converted, with the limit's name and how to raise it, never after minutes as a "bug".

Each reader meets its limit first: a Word file's zip entries (count, unpacked size, ratio) before
mammoth inflates them; a page's elements and their depth before they are recognised; a data
file's values, each use of a YAML alias counted, before its entries are walked."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from faq_export.importing.problems import ImportProblem
from faq_export.limits import Limits


def problem(where: object, what: str, name: str, limits: Limits, advice: str) -> Exception:
    """An ImportProblem for a limit reached: what, the limit, and how to raise it."""

    value = getattr(limits, name)
    reader = "build" if name in BUILD_LIMITS else "import"
    return ImportProblem(
        f"{where}: {what}, more than {reader} reads (the limit {name}, {value:,}): {advice}; "
        f"or, if the source is right, raise the limit: faq-export --limit {name}=N import …"
        + (" (and build with the same --limit)" if reader == "build" else "")
    )


BUILD_LIMITS = ("source_bytes", "questions", "text_chars")


def guard_docx(path: Path, limits: Limits) -> None:
    """A Word file is a zip: refused when it is none, or when an entry would fill memory when
    read (a zip bomb: ``checks.catalog.guard_zip``, the check's own guard; and, for import,
    one part's unpacked size, since mammoth holds a part's whole tree in memory)."""
    from faq_export.checks.catalog import guard_zip
    from faq_export.checks.findings import CheckInputError

    try:
        with zipfile.ZipFile(path) as archive:
            try:
                guard_zip(archive, limits)
            except CheckInputError as exc:
                raise ImportProblem(f"{path}: {exc}; nothing was read") from None
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise ImportProblem(
                    f"{path}: this zip is no Word document (it has no word/document.xml); "
                    "save it from Word as .docx, or name the file for what it is"
                )
            for entry in archive.infolist():
                if entry.file_size > limits.docx_xml_bytes:
                    raise problem(
                        path,
                        f"the part {entry.filename[:60]!r} unpacks to {entry.file_size:,} bytes",
                        "docx_xml_bytes",
                        limits,
                        "save the FAQ alone in a Word file of its own",
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise ImportProblem(
            f"{path}: this is not a Word document (.docx) that can be read ({exc}); "
            "save it from Word as .docx (a .doc, a PDF or a renamed file is not one)"
        ) from None


def guard_page(root: Any, where: object, limits: Limits) -> None:
    """A page's elements counted and their depth measured in one walk, before it is read."""
    from lxml import etree

    depth = deepest = elements = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            elements += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    if deepest > limits.html_depth:
        raise problem(
            where,
            f"the page's elements are nested {deepest} deep",
            "html_depth",
            limits,
            "real pages stay under 40; save the part of the page that holds the questions",
        )
    if elements > limits.import_entries:
        raise problem(
            where,
            f"the page has {elements:,} elements",
            "import_entries",
            limits,
            "save the part of the page that holds the questions",
        )


def guard_markdown(text: str, where: object, limits: Limits) -> None:
    """A Markdown page's lines counted before markdown-it reads them (it takes about 80 µs a
    line of a list: 2.4 million lines, a 10 MB page, would run for minutes)."""
    lines = text.count("\n") + 1
    if lines > limits.markdown_lines:
        raise problem(
            where,
            f"the Markdown page has {lines:,} lines",
            "markdown_lines",
            limits,
            "import the part of the page that holds the questions",
        )


def guard_data(data: Any, where: object, limits: Limits) -> None:
    """A data file's values counted as the import will walk them (each use of a YAML alias
    counted again: 24 KB of aliases can stand for millions of questions) and their nesting
    measured, without expanding anything: each list or mapping is measured once."""
    size: dict[int, int] = {}  # id of a list or mapping -> values in it, itself included
    height: dict[int, int] = {}  # -> how deep it nests
    stack: list[tuple[Any, bool]] = [(data, False)]
    open_now: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if not isinstance(node, list | Mapping):
            continue
        children = list(node.values() if isinstance(node, Mapping) else node)
        if done:
            open_now.discard(key)
            inner = [c for c in children if isinstance(c, list | Mapping)]
            size[key] = 1 + len(children) - len(inner) + sum(size[id(c)] for c in inner)
            height[key] = 1 + max((height[id(c)] for c in inner), default=0)
            if size[key] > limits.import_entries:
                raise problem(
                    where,
                    f"the data file holds {size[key]:,} values in one list or mapping (each "
                    "use of a YAML alias, *name, counted)",
                    "import_entries",
                    limits,
                    "write the entries out, or import a part of the file",
                )
            if height[key] > limits.yaml_depth:
                raise problem(
                    where,
                    f"the data file nests its lists and mappings {height[key]} deep",
                    "yaml_depth",
                    limits,
                    "an FAQ's data needs 4 or 5 levels",
                )
            continue
        if key in size:
            continue
        if key in open_now:
            raise ImportProblem(
                f"{where}: the data file holds a list or mapping inside itself (a YAML alias "
                "to its own anchor); write the entries out"
            )
        open_now.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if isinstance(c, list | Mapping))


def guard_result(questions: int, characters: int, where: object, limits: Limits) -> None:
    """What the import found, against `build`'s limits, before it is converted: the
    questions, and the text of the source (all of which the written file must hold)."""
    if questions > limits.questions:
        raise problem(
            where,
            f"the source has {questions:,} questions",
            "questions",
            limits,
            "split it into several FAQs",
        )
    if characters > limits.source_bytes:
        raise problem(
            where,
            f"the source's text alone is {characters:,} characters, and the written faq.yaml "
            "would be larger still",
            "source_bytes",
            limits,
            "split it into several FAQs",
        )
