"""The schema of ``content/faq.yaml``, written down once.

``source.py`` validates against these tables and docs/schema.md documents them (a test keeps
the two in step). Kinds: ``text`` one line of plain text, ``markdown`` CommonMark text,
``id`` a stable anchor, ``identifier`` the publication's stable identifier, ``list`` a YAML
list, ``mapping`` a YAML mapping, and the value checks named after what they accept. Each
kind of value is checked by one validator (``source.VALIDATORS``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    kind: str
    required: bool
    doc: str


DOCUMENT = {
    "metadata": Field("mapping", True, "Title, language, identifier and release details."),
    "intro": Field("markdown", False, "Text shown before the first section."),
    "sections": Field("list", True, "The sections, in reading order (at least one)."),
    "accessibility": Field(
        "mapping", False, "Accessibility findings you accepted, each with its reason."
    ),
    "words": Field(
        "mapping",
        False,
        "The words the documents add (`contents: Inhalt`, …), for a language faq-export "
        "has none for, or to change its own.",
    ),
    "brand": Field(
        "mapping",
        False,
        "Logo, organisation, accent colour and footer text, the same in every format.",
    ),
}

BRAND = {
    "organisation": Field("text", False, "Who publishes the documents, shown with the logo."),
    "logo": Field("image", False, "A PNG or JPEG file in the folder of `faq.yaml`."),
    "logo_alt": Field(
        "text", False, "What the logo says; required with `logo` unless it is decorative."
    ),
    "logo_decorative": Field(
        "boolean", False, "`true` when the logo says nothing the text does not: readers skip it."
    ),
    "accent": Field(
        "colour", False, "Headings and links: a hex colour, 4.5:1 or more against white."
    ),
    "footer": Field("text", False, "Words at the foot of every page but the cover."),
}

METADATA = {
    "title": Field("text", True, "The document title."),
    "subtitle": Field("text", False, "A line shown under the title on the cover."),
    "language": Field("language", True, "BCP 47 language tag of the text, e.g. `en-US`."),
    "identifier": Field(
        "identifier", True, "A stable identifier (URN or URL); keep it across releases."
    ),
    "version": Field("version", True, 'Release version; quote it (`"2026.10"`).'),
    "date": Field("date", True, "Release date, `YYYY-MM-DD`."),
    "accessibility_summary": Field(
        "text", True, "A plain-language summary of the accessibility of the documents."
    ),
    "publisher": Field("text", False, "Who publishes the document; only if known."),
    "source": Field("url", False, "Web address of the original publication."),
    "description": Field("text", False, "A one-paragraph description."),
    "keywords": Field("keywords", False, "A list of keywords."),
    "certified_by": Field(
        "text", False, "Who certified the documents' accessibility; only if someone did."
    ),
    "paper": Field(
        "paper", False, "Paper size of the PDF and the DOCX: `letter` (default) or `a4`."
    ),
    "layout": Field(
        "layout",
        False,
        "How the PDF places sections: `flow` (default: each follows the one before) or "
        "`section_breaks` (each starts a new page).",
    ),
    "slug": Field("slug", False, "Base name of the output files; default: from the title."),
    "pdf_standard": Field(
        "pdf_standard",
        False,
        "Standards the PDF meets: `ua-1,a-2a` (default), `ua-1` or `ua-2`.",
    ),
    "base_url": Field(
        "url", False, "Address of the page the FAQ comes from; site-relative links resolve on it."
    ),
}

SECTION = {
    "id": Field("id", False, "Anchor for links (`#id`); default: from the title."),
    "title": Field("text", True, "The section heading."),
    "body": Field("markdown", False, "Text before the questions (or instead of them)."),
    "questions": Field("list", False, "The questions of this section."),
}

QUESTION = {
    "id": Field("id", False, "Anchor for links (`#id`); default: from the question."),
    "question": Field("text", True, "The question, without its number."),
    "answer": Field("markdown", True, "The answer."),
}

ACCESSIBILITY = {
    "accept": Field("list", False, "Findings to accept: each with `rule`, `at` and `reason`."),
}

ACCEPT = {
    "rule": Field("text", True, "The rule id of the finding, e.g. `FE-LINK-TEXT`."),
    "at": Field("id", False, "The id of the section or question; leave out for everywhere."),
    "reason": Field("text", True, "Why the finding is acceptable here, for the reports."),
}

TABLES = {
    "document": DOCUMENT,
    "metadata": METADATA,
    "section": SECTION,
    "question": QUESTION,
    "accessibility": ACCESSIBILITY,
    "accept": ACCEPT,
    "brand": BRAND,
}
