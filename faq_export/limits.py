"""Limits on what a build or a check will take, so hostile or broken input ends in a clear
error (exit 2) instead of filling memory or running for ever.

Each limit has a default generous for any real FAQ and is overridable on the command line
with ``--limit NAME=VALUE`` (docs/limits.md). The defaults were set from what real FAQs
use: the largest of ours has 31 questions, lists 3 deep and answers of 2,000 characters.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Limits:
    source_bytes: int = 2_000_000  # the YAML file: 140 times our largest real FAQ
    text_chars: int = 1_000_000  # one text value (an answer, a title)
    questions: int = 10_000
    yaml_depth: int = 40  # nesting of YAML mappings and lists
    markdown_depth: int = 10  # lists and quotations inside each other
    inline_depth: int = 20  # emphasis and links inside each other
    image_pixels: int = 40_000_000  # width x height of one image (a 7,000 x 5,700 photo)
    # `import` (the written faq.yaml must also pass the limits above, as `build` reads it):
    import_bytes: int = 10_000_000  # the file: 40 times the largest FAQ page we know
    import_entries: int = 1_000_000  # a page's elements; a data file's values, aliases expanded
    html_depth: int = 200  # elements of a page inside each other (real pages: under 40)
    docx_xml_bytes: int = 50_000_000  # one part of a Word file, unpacked (ours: 0.1 MB)
    markdown_lines: int = 200_000  # a Markdown page (markdown-it: 80 µs a line of a list)
    check_bytes: int = 512_000_000  # a file given to `check`
    zip_members: int = 10_000  # entries of an EPUB or DOCX given to `check`
    zip_bytes: int = 1_000_000_000  # their total size, uncompressed
    zip_ratio: int = 200  # uncompressed / compressed, for one entry (zip bombs: 1,000+)
    pdf_depth: int = 1_000  # structure elements, bookmarks or name-tree nodes inside each other
    pdf_stream_bytes: int = 10_000_000  # one PDF stream `check` parses, decoded (a page's content)
    pdf_stream_ratio: int = 200  # decoded / stored, for one PDF stream over 1 MB decoded
    # The print template, while it renders (render/budget.py): our FAQ's takes 0.02 s,
    # writes 35,000 characters (19,000 of HTML) and nests 2 deep.
    template_seconds: int = 60
    template_output: int = 50_000_000  # characters written, in macros and blocks too
    template_memory: int = 1_000_000_000  # bytes of memory the rendering may take
    template_depth: int = 100  # macros and calls, includes and imports, inside each other

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def with_values(self, settings: list[str]) -> Limits:
        """``settings`` like ``["questions=20000"]``; a ValueError names the wrong one."""
        changes: dict[str, int] = {}
        for setting in settings:
            name, _, value = setting.partition("=")
            name = name.strip().replace("-", "_")
            if name not in self.names():
                raise ValueError(f"no limit is called '{name}'; limits: {', '.join(self.names())}")
            try:
                number = int(value.replace("_", ""))
            except ValueError:
                raise ValueError(
                    f"the limit {name} must be a whole number, not '{value}'"
                ) from None
            if number <= 0:
                raise ValueError(f"the limit {name} must be above 0")
            changes[name] = number
        return replace(self, **changes)


DEFAULT = Limits()
