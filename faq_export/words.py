"""The fixed words the documents add around the source's text ("Contents", "Page 3 of 12",
the cover's labels, the EPUB's landmarks), per language.

Every word a renderer or template adds comes from here, through ``Words``: a language is
looked up by its language and script (``es-MX`` uses ``es``, ``zh-CN`` uses ``zh-Hans``;
``zh-TW`` is written in Traditional characters, so it does not), and the source may give its
own words under ``words:`` (any key below), which win. A language with no table here needs
every key in the source; a missing one is an error naming it.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from faq_export.model import Words

# Keys, with what each is for (README's table is made from this).
KEYS: dict[str, str] = {
    "contents": "heading of the table of contents",
    "question": "a question's heading: {number} and {question}",
    "publisher": "cover label",
    "version": "cover label",
    "date": "cover label",
    "source": "cover label",
    "source_link": "the words of the link to the original publication",
    "page": "a page-break marker in the EPUB: {page}",
    "page_of": "the page footer: {page} and {pages}",
    "landmarks": "heading of the EPUB's landmarks",
    "title_page": "landmark: the title page",
    "start_of_content": "landmark: where the content starts",
    "pages": "heading of the EPUB's page list",
    "date_format": "the release date: {day}, {month} (a name from months) and {year}",
    "months": "the twelve month names, January first (a list)",
    "link_web": "what a PDF link to a web page says it is: {text} and {url}",
    "link_address": "the same, when the link's text is its address: {url}",
    "link_source": "what the cover's link to the original publication says it is: {url}",
    "go_to": "what a PDF link to a heading says it is: {heading}",
    "go_to_page": "the same, with the heading's page: {heading} and {page}",
}

TABLES: dict[str, dict[str, str | tuple[str, ...]]] = {
    "en": {
        "contents": "Contents",
        "question": "{number}. {question}",
        "publisher": "Publisher",
        "version": "Version",
        "date": "Date",
        "source": "Source",
        "source_link": "The original web page",
        "page": "Page {page}",
        "page_of": "Page {page} of {pages}",
        "landmarks": "Landmarks",
        "title_page": "Title page",
        "start_of_content": "Start of content",
        "pages": "Pages",
        "date_format": "{month} {day}, {year}",
        "months": (
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ),
        "link_web": "{text}, web page {url}",
        "link_address": "Web page {url}",
        "link_source": "The original publication, web page {url}",
        "go_to": "Go to “{heading}”",
        "go_to_page": "Go to “{heading}”, page {page}",
    },
    "es": {
        "contents": "Índice",
        "question": "{number}. {question}",
        "publisher": "Editor",
        "version": "Versión",
        "date": "Fecha",
        "source": "Fuente",
        "source_link": "La página web original",
        "page": "Página {page}",
        "page_of": "Página {page} de {pages}",
        "landmarks": "Puntos de referencia",
        "title_page": "Portada",
        "start_of_content": "Inicio del contenido",
        "pages": "Páginas",
        "date_format": "{day} de {month} de {year}",
        "months": (
            "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
            "septiembre", "octubre", "noviembre", "diciembre",
        ),
        "link_web": "{text}, página web {url}",
        "link_address": "Página web {url}",
        "link_source": "La publicación original, página web {url}",
        "go_to": "Ir a «{heading}»",
        "go_to_page": "Ir a «{heading}», página {page}",
    },
    "fr": {
        "contents": "Table des matières",
        "question": "{number}. {question}",
        "publisher": "Éditeur",
        "version": "Version",
        "date": "Date",
        "source": "Source",
        "source_link": "La page web d’origine",
        "page": "Page {page}",
        "page_of": "Page {page} sur {pages}",
        "landmarks": "Repères",
        "title_page": "Page de titre",
        "start_of_content": "Début du contenu",
        "pages": "Pages",
        "date_format": "{day} {month} {year}",
        "months": (
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
            "septembre", "octobre", "novembre", "décembre",
        ),
        "link_web": "{text}, page web {url}",
        "link_address": "Page web {url}",
        "link_source": "La publication d’origine, page web {url}",
        "go_to": "Aller à « {heading} »",
        "go_to_page": "Aller à « {heading} », page {page}",
    },
    "zh-Hans": {
        "contents": "目录",
        "question": "{number}. {question}",
        "publisher": "发布者",
        "version": "版本",
        "date": "日期",
        "source": "来源",
        "source_link": "原始网页",
        "page": "第 {page} 页",
        "page_of": "第 {page} 页，共 {pages} 页",
        "landmarks": "导航标志",
        "title_page": "书名页",
        "start_of_content": "正文开始",
        "pages": "页码",
        "date_format": "{year}年{month}{day}日",
        "months": (
            "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
        ),
        "link_web": "{text}，网页 {url}",
        "link_address": "网页 {url}",
        "link_source": "原始出版物，网页 {url}",
        "go_to": "转到“{heading}”",
        "go_to_page": "转到“{heading}”，第 {page} 页",
    },
    "ar": {
        "contents": "المحتويات",
        "question": "{number}. {question}",
        "publisher": "الناشر",
        "version": "الإصدار",
        "date": "التاريخ",
        "source": "المصدر",
        "source_link": "صفحة الويب الأصلية",
        "page": "صفحة {page}",
        "page_of": "صفحة {page} من {pages}",
        "landmarks": "معالم التنقل",
        "title_page": "صفحة العنوان",
        "start_of_content": "بداية المحتوى",
        "pages": "الصفحات",
        "date_format": "{day} {month} {year}",
        "months": (
            "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
            "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
        ),
        "link_web": "{text}، صفحة ويب {url}",
        "link_address": "صفحة ويب {url}",
        "link_source": "المنشور الأصلي، صفحة ويب {url}",
        "go_to": "انتقل إلى «{heading}»",
        "go_to_page": "انتقل إلى «{heading}»، صفحة {page}",
    },
}  # fmt: skip

# The placeholders each key's text must keep.
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "question": ("{number}", "{question}"),
    "page": ("{page}",),
    "page_of": ("{page}", "{pages}"),
    "date_format": ("{day}", "{month}", "{year}"),
    "link_web": ("{text}", "{url}"),
    "link_address": ("{url}",),
    "link_source": ("{url}",),
    "go_to": ("{heading}",),
    "go_to_page": ("{heading}", "{page}"),
}


def placeholders_kept(key: str, text: str) -> bool:
    """Whether ``text`` holds exactly the placeholders of ``key`` (``PLACEHOLDERS``), each
    written as ``{name}``."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text)]
    except ValueError:  # a lone '{' or '}'
        return False
    wanted = {p.strip("{}") for p in PLACEHOLDERS.get(key, ())}
    named = [name for name, _, _ in fields if name is not None]
    plain = all(not spec and conv is None for name, spec, conv in fields if name is not None)
    return plain and set(named) == wanted


def table_for(language: str) -> tuple[str, dict[str, str | tuple[str, ...]]] | None:
    """The table of ``language`` (a valid BCP 47 tag) and its tag, matched on language and
    script, or None."""
    import langcodes

    wanted = langcodes.Language.get(language).maximize()
    for tag, table in TABLES.items():
        have = langcodes.Language.get(tag).maximize()
        if (have.language, have.script) == (wanted.language, wanted.script):
            return tag, table
    return None


def words_for(
    language: str, supplied: Mapping[str, str | tuple[str, ...]] | None = None
) -> tuple[Words, list[str]]:
    """The words of ``language`` with the source's own over them, and the keys still
    missing (empty when the document can be written)."""
    found = table_for(language)
    entries: dict[str, str | tuple[str, ...]] = dict(found[1]) if found else {}
    entries.update(supplied or {})
    missing = [key for key in KEYS if key not in entries]
    texts = tuple((k, v) for k, v in entries.items() if isinstance(v, str))
    months = entries.get("months", ())
    return Words(texts, tuple(months) if not isinstance(months, str) else ()), missing
