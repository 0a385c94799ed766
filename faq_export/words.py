"""The fixed words the documents add around the source's text ("Contents", "Page 3 of 12",
the cover's labels, the EPUB's landmarks), per language.

Every word a renderer or template adds comes from here, through ``Words``: a language is
looked up by its language and script (``es-MX`` uses ``es``, ``zh-CN`` uses ``zh-Hans``,
``zh-TW`` uses ``zh-Hant``), and the source may give its own words under ``words:`` (any key
below), which win. A language with no table here needs every key in the source; a missing
one is an error naming it.

Dates are not in the tables: the release date is written as CLDR's long date of the
document's own locale (through Babel: ``en-US`` "November 26, 2026", ``en-GB`` "26 November
2026", ``pl`` "26 listopada 2026"), for every locale CLDR knows, with or without a table.
Only a language CLDR does not know needs ``date_format`` and ``months`` in the source (and
a source may give them to write its date its own way).
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from faq_export.positions import Place


@dataclass(frozen=True)
class Words:
    """The fixed words the documents add in the document's language ("Contents", "Page 3
    of 12", the cover's labels): made by ``words.words_for``, read by every renderer."""

    texts: tuple[tuple[str, str], ...]
    months: tuple[str, ...]  # for the source's date_format; empty when CLDR writes the date
    # The CLDR locale (Babel's identifier, ``en_US``) the date is written in; "" when the
    # source's ``date_format`` and ``months`` write it.
    locale: str = ""
    # Words the source gives but still marks TODO (an import writes them to translate),
    # each with where it is written: a build refuses them unless it makes a draft.
    unfinished: tuple[tuple[str, Place], ...] = field(default=(), compare=False)

    def __call__(self, key: str, **values: object) -> str:
        text = self.texts_of(key)
        return text.format(**values) if values else text

    def texts_of(self, key: str) -> str:
        """The words of ``key`` with their ``{placeholders}`` left in."""
        return dict(self.texts)[key]

    def pieces(self, key: str) -> list[tuple[str, str | None]]:
        """The words of ``key`` in order, as (text, None) and (name, "placeholder") pieces:
        for a format that writes a placeholder its own way (a field, a counter, markup)."""
        found: list[tuple[str, str | None]] = []
        for text, name, _, _ in string.Formatter().parse(self.texts_of(key)):
            if text:
                found.append((text, None))
            if name is not None:
                found.append((name, "placeholder"))
        return found

    def date(self, date: dt.date) -> str:
        """``date`` as the document writes it: with the source's ``date_format`` when it
        gives one, else CLDR's long date of the locale."""
        if self.locale and "date_format" not in dict(self.texts):
            from babel.dates import format_date

            return str(format_date(date, "long", locale=self.locale))
        month = self.months[date.month - 1]
        return self("date_format", day=date.day, month=month, year=date.year)


# Keys, with what each is for (docs/languages.md's `words:` example follows it).
KEYS: dict[str, str] = {
    "contents": "heading of the table of contents",
    "introduction": "heading of the introduction (the text before the first section)",
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
    "date_format": "the release date, instead of CLDR's: {day}, {month} and {year}",
    "months": "the twelve month names for date_format, January first (a list)",
    "link_web": "what a PDF link to a web page says it is: {text} and {url}",
    "link_address": "the same, when the link's text is its address: {url}",
    "link_source": "what the cover's link to the original publication says it is: {url}",
    "go_to": "what a PDF link to a heading says it is: {heading}",
    "go_to_page": "the same, with the heading's page: {heading} and {page}",
    "braille_image": "a braille transcriber's note standing for an image: {alt}",
}

# The keys a source needs only for a language CLDR has no dates for (or to override them).
DATE_KEYS = ("date_format", "months")
# The keys a source of a language with no table here may leave out: their English words are
# used (only the braille edition says them).
ENGLISH_IF_MISSING = ("braille_image",)
# The keys only a source with an introduction (``intro:``) needs: its heading.
INTRO_KEYS = ("introduction",)

TABLES: dict[str, dict[str, str]] = {
    "en": {
        "contents": "Contents",
        "introduction": "Introduction",
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
        "link_web": "{text}, web page {url}",
        "link_address": "Web page {url}",
        "link_source": "The original publication, web page {url}",
        "go_to": "Go to “{heading}”",
        "go_to_page": "Go to “{heading}”, page {page}",
        "braille_image": "Image: {alt}",
    },
    "es": {
        "contents": "Índice",
        "introduction": "Introducción",
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
        "link_web": "{text}, página web {url}",
        "link_address": "Página web {url}",
        "link_source": "La publicación original, página web {url}",
        "go_to": "Ir a «{heading}»",
        "go_to_page": "Ir a «{heading}», página {page}",
        "braille_image": "Imagen: {alt}",
    },
    "fr": {
        "contents": "Table des matières",
        "introduction": "Introduction",
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
        "link_web": "{text}, page web {url}",
        "link_address": "Page web {url}",
        "link_source": "La publication d’origine, page web {url}",
        "go_to": "Aller à « {heading} »",
        "go_to_page": "Aller à « {heading} », page {page}",
        "braille_image": "Image : {alt}",
    },
    "de": {
        "contents": "Inhalt",
        "introduction": "Einleitung",
        "question": "{number}. {question}",
        "publisher": "Herausgeber",
        "version": "Version",
        "date": "Datum",
        "source": "Quelle",
        "source_link": "Die ursprüngliche Webseite",
        "page": "Seite {page}",
        "page_of": "Seite {page} von {pages}",
        "landmarks": "Orientierungspunkte",
        "title_page": "Titelseite",
        "start_of_content": "Beginn des Inhalts",
        "pages": "Seiten",
        "link_web": "{text}, Webseite {url}",
        "link_address": "Webseite {url}",
        "link_source": "Die ursprüngliche Veröffentlichung, Webseite {url}",
        "go_to": "Gehe zu „{heading}“",
        "go_to_page": "Gehe zu „{heading}“, Seite {page}",
        "braille_image": "Bild: {alt}",
    },
    "pt": {
        "contents": "Índice",
        "introduction": "Introdução",
        "question": "{number}. {question}",
        "publisher": "Editora",
        "version": "Versão",
        "date": "Data",
        "source": "Fonte",
        "source_link": "A página web original",
        "page": "Página {page}",
        "page_of": "Página {page} de {pages}",
        "landmarks": "Pontos de referência",
        "title_page": "Página de rosto",
        "start_of_content": "Início do conteúdo",
        "pages": "Páginas",
        "link_web": "{text}, página web {url}",
        "link_address": "Página web {url}",
        "link_source": "A publicação original, página web {url}",
        "go_to": "Ir para “{heading}”",
        "go_to_page": "Ir para “{heading}”, página {page}",
        "braille_image": "Imagem: {alt}",
    },
    "it": {
        "contents": "Indice",
        "introduction": "Introduzione",
        "question": "{number}. {question}",
        "publisher": "Editore",
        "version": "Versione",
        "date": "Data",
        "source": "Fonte",
        "source_link": "La pagina web originale",
        "page": "Pagina {page}",
        "page_of": "Pagina {page} di {pages}",
        "landmarks": "Punti di riferimento",
        "title_page": "Frontespizio",
        "start_of_content": "Inizio del contenuto",
        "pages": "Pagine",
        "link_web": "{text}, pagina web {url}",
        "link_address": "Pagina web {url}",
        "link_source": "La pubblicazione originale, pagina web {url}",
        "go_to": "Vai a «{heading}»",
        "go_to_page": "Vai a «{heading}», pagina {page}",
        "braille_image": "Immagine: {alt}",
    },
    "nl": {
        "contents": "Inhoud",
        "introduction": "Inleiding",
        "question": "{number}. {question}",
        "publisher": "Uitgever",
        "version": "Versie",
        "date": "Datum",
        "source": "Bron",
        "source_link": "De oorspronkelijke webpagina",
        "page": "Pagina {page}",
        "page_of": "Pagina {page} van {pages}",
        "landmarks": "Oriëntatiepunten",
        "title_page": "Titelpagina",
        "start_of_content": "Begin van de inhoud",
        "pages": "Pagina’s",
        "link_web": "{text}, webpagina {url}",
        "link_address": "Webpagina {url}",
        "link_source": "De oorspronkelijke publicatie, webpagina {url}",
        "go_to": "Ga naar “{heading}”",
        "go_to_page": "Ga naar “{heading}”, pagina {page}",
        "braille_image": "Afbeelding: {alt}",
    },
    "pl": {
        "contents": "Spis treści",
        "introduction": "Wprowadzenie",
        "question": "{number}. {question}",
        "publisher": "Wydawca",
        "version": "Wersja",
        "date": "Data",
        "source": "Źródło",
        "source_link": "Oryginalna strona internetowa",
        "page": "Strona {page}",
        "page_of": "Strona {page} z {pages}",
        "landmarks": "Punkty orientacyjne",
        "title_page": "Strona tytułowa",
        "start_of_content": "Początek treści",
        "pages": "Strony",
        "link_web": "{text}, strona internetowa {url}",
        "link_address": "Strona internetowa {url}",
        "link_source": "Oryginalna publikacja, strona internetowa {url}",
        "go_to": "Przejdź do „{heading}”",
        "go_to_page": "Przejdź do „{heading}”, strona {page}",
        "braille_image": "Obraz: {alt}",
    },
    "sv": {
        "contents": "Innehåll",
        "introduction": "Inledning",
        "question": "{number}. {question}",
        "publisher": "Utgivare",
        "version": "Version",
        "date": "Datum",
        "source": "Källa",
        "source_link": "Den ursprungliga webbsidan",
        "page": "Sida {page}",
        "page_of": "Sida {page} av {pages}",
        "landmarks": "Orienteringspunkter",
        "title_page": "Titelsida",
        "start_of_content": "Innehållets början",
        "pages": "Sidor",
        "link_web": "{text}, webbsida {url}",
        "link_address": "Webbsida {url}",
        "link_source": "Den ursprungliga publikationen, webbsida {url}",
        "go_to": "Gå till ”{heading}”",
        "go_to_page": "Gå till ”{heading}”, sida {page}",
        "braille_image": "Bild: {alt}",
    },
    "tr": {
        "contents": "İçindekiler",
        "introduction": "Giriş",
        "question": "{number}. {question}",
        "publisher": "Yayıncı",
        "version": "Sürüm",
        "date": "Tarih",
        "source": "Kaynak",
        "source_link": "Özgün web sayfası",
        "page": "Sayfa {page}",
        "page_of": "Sayfa {page} / {pages}",
        "landmarks": "Gezinme noktaları",
        "title_page": "Başlık sayfası",
        "start_of_content": "İçeriğin başlangıcı",
        "pages": "Sayfalar",
        "link_web": "{text}, web sayfası {url}",
        "link_address": "Web sayfası {url}",
        "link_source": "Özgün yayın, web sayfası {url}",
        "go_to": "“{heading}” başlığına git",
        "go_to_page": "“{heading}” başlığına git, sayfa {page}",
        "braille_image": "Görsel: {alt}",
    },
    "ru": {
        "contents": "Содержание",
        "introduction": "Введение",
        "question": "{number}. {question}",
        "publisher": "Издатель",
        "version": "Версия",
        "date": "Дата",
        "source": "Источник",
        "source_link": "Исходная веб-страница",
        "page": "Страница {page}",
        "page_of": "Страница {page} из {pages}",
        "landmarks": "Ориентиры",
        "title_page": "Титульная страница",
        "start_of_content": "Начало основного текста",
        "pages": "Страницы",
        "link_web": "{text}, веб-страница {url}",
        "link_address": "Веб-страница {url}",
        "link_source": "Исходная публикация, веб-страница {url}",
        "go_to": "Перейти к «{heading}»",
        "go_to_page": "Перейти к «{heading}», страница {page}",
        "braille_image": "Изображение: {alt}",
    },
    "uk": {
        "contents": "Зміст",
        "introduction": "Вступ",
        "question": "{number}. {question}",
        "publisher": "Видавець",
        "version": "Версія",
        "date": "Дата",
        "source": "Джерело",
        "source_link": "Оригінальна вебсторінка",
        "page": "Сторінка {page}",
        "page_of": "Сторінка {page} з {pages}",
        "landmarks": "Орієнтири",
        "title_page": "Титульна сторінка",
        "start_of_content": "Початок основного тексту",
        "pages": "Сторінки",
        "link_web": "{text}, вебсторінка {url}",
        "link_address": "Вебсторінка {url}",
        "link_source": "Оригінальна публікація, вебсторінка {url}",
        "go_to": "Перейти до «{heading}»",
        "go_to_page": "Перейти до «{heading}», сторінка {page}",
        "braille_image": "Зображення: {alt}",
    },
    "ja": {
        "contents": "目次",
        "introduction": "はじめに",
        "question": "{number}. {question}",
        "publisher": "発行者",
        "version": "版",
        "date": "日付",
        "source": "出典",
        "source_link": "元のウェブページ",
        "page": "{page} ページ",
        "page_of": "{page} / {pages} ページ",
        "landmarks": "ランドマーク",
        "title_page": "タイトルページ",
        "start_of_content": "本文の始まり",
        "pages": "ページ",
        "link_web": "{text}、ウェブページ {url}",
        "link_address": "ウェブページ {url}",
        "link_source": "元の出版物、ウェブページ {url}",
        "go_to": "「{heading}」へ移動",
        "go_to_page": "「{heading}」へ移動、{page} ページ",
        "braille_image": "画像：{alt}",
    },
    "ko": {
        "contents": "목차",
        "introduction": "소개",
        "question": "{number}. {question}",
        "publisher": "발행처",
        "version": "버전",
        "date": "날짜",
        "source": "출처",
        "source_link": "원본 웹 페이지",
        "page": "{page}쪽",
        "page_of": "{page}/{pages}쪽",
        "landmarks": "랜드마크",
        "title_page": "표제지",
        "start_of_content": "본문 시작",
        "pages": "쪽",
        "link_web": "{text}, 웹 페이지 {url}",
        "link_address": "웹 페이지 {url}",
        "link_source": "원본 출판물, 웹 페이지 {url}",
        "go_to": "“{heading}”(으)로 이동",
        "go_to_page": "“{heading}”(으)로 이동, {page}쪽",
        "braille_image": "이미지: {alt}",
    },
    "zh-Hans": {
        "contents": "目录",
        "introduction": "简介",
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
        "link_web": "{text}，网页 {url}",
        "link_address": "网页 {url}",
        "link_source": "原始出版物，网页 {url}",
        "go_to": "转到“{heading}”",
        "go_to_page": "转到“{heading}”，第 {page} 页",
        "braille_image": "图片：{alt}",
    },
    "zh-Hant": {
        "contents": "目錄",
        "introduction": "簡介",
        "question": "{number}. {question}",
        "publisher": "發行者",
        "version": "版本",
        "date": "日期",
        "source": "來源",
        "source_link": "原始網頁",
        "page": "第 {page} 頁",
        "page_of": "第 {page} 頁，共 {pages} 頁",
        "landmarks": "導覽標記",
        "title_page": "書名頁",
        "start_of_content": "正文開始",
        "pages": "頁碼",
        "link_web": "{text}，網頁 {url}",
        "link_address": "網頁 {url}",
        "link_source": "原始出版物，網頁 {url}",
        "go_to": "前往「{heading}」",
        "go_to_page": "前往「{heading}」，第 {page} 頁",
        "braille_image": "圖片：{alt}",
    },
    "ar": {
        "contents": "المحتويات",
        "introduction": "مقدمة",
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
        "link_web": "{text}، صفحة ويب {url}",
        "link_address": "صفحة ويب {url}",
        "link_source": "المنشور الأصلي، صفحة ويب {url}",
        "go_to": "انتقل إلى «{heading}»",
        "go_to_page": "انتقل إلى «{heading}»، صفحة {page}",
        "braille_image": "صورة: {alt}",
    },
    "he": {
        "contents": "תוכן העניינים",
        "introduction": "מבוא",
        "question": "{number}. {question}",
        "publisher": "מוציא לאור",
        "version": "גרסה",
        "date": "תאריך",
        "source": "מקור",
        "source_link": "דף האינטרנט המקורי",
        "page": "עמוד {page}",
        "page_of": "עמוד {page} מתוך {pages}",
        "landmarks": "ציוני דרך",
        "title_page": "עמוד השער",
        "start_of_content": "תחילת התוכן",
        "pages": "עמודים",
        "link_web": "{text}, דף אינטרנט {url}",
        "link_address": "דף אינטרנט {url}",
        "link_source": "הפרסום המקורי, דף אינטרנט {url}",
        "go_to": "מעבר אל „{heading}”",
        "go_to_page": "מעבר אל „{heading}”, עמוד {page}",
        "braille_image": "תמונה: {alt}",
    },
    "hi": {
        "contents": "विषय-सूची",
        "introduction": "परिचय",
        "question": "{number}. {question}",
        "publisher": "प्रकाशक",
        "version": "संस्करण",
        "date": "दिनांक",
        "source": "स्रोत",
        "source_link": "मूल वेब पेज",
        "page": "पृष्ठ {page}",
        "page_of": "पृष्ठ {page}, कुल {pages}",
        "landmarks": "मुख्य स्थान",
        "title_page": "शीर्षक पृष्ठ",
        "start_of_content": "सामग्री का आरंभ",
        "pages": "पृष्ठ",
        "link_web": "{text}, वेब पेज {url}",
        "link_address": "वेब पेज {url}",
        "link_source": "मूल प्रकाशन, वेब पेज {url}",
        "go_to": "“{heading}” पर जाएँ",
        "go_to_page": "“{heading}” पर जाएँ, पृष्ठ {page}",
        "braille_image": "चित्र: {alt}",
    },
    "vi": {
        "contents": "Mục lục",
        "introduction": "Giới thiệu",
        "question": "{number}. {question}",
        "publisher": "Nhà xuất bản",
        "version": "Phiên bản",
        "date": "Ngày",
        "source": "Nguồn",
        "source_link": "Trang web gốc",
        "page": "Trang {page}",
        "page_of": "Trang {page} / {pages}",
        "landmarks": "Mốc điều hướng",
        "title_page": "Trang tên sách",
        "start_of_content": "Phần đầu nội dung",
        "pages": "Các trang",
        "link_web": "{text}, trang web {url}",
        "link_address": "Trang web {url}",
        "link_source": "Ấn phẩm gốc, trang web {url}",
        "go_to": "Đi tới “{heading}”",
        "go_to_page": "Đi tới “{heading}”, trang {page}",
        "braille_image": "Hình ảnh: {alt}",
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
    "braille_image": ("{alt}",),
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


def table_for(language: str) -> tuple[str, dict[str, str]] | None:
    """The table of ``language`` (a valid BCP 47 tag) and its tag, matched on language and
    script, or None."""
    import langcodes

    wanted = langcodes.Language.get(language).maximize()
    for tag, table in TABLES.items():
        have = langcodes.Language.get(tag).maximize()
        if (have.language, have.script) == (wanted.language, wanted.script):
            return tag, table
    return None


@functools.lru_cache(maxsize=64)
def cldr_locale(language: str) -> str | None:
    """The Babel locale identifier of ``language`` (a BCP 47 tag; ``es-419`` -> ``es_419``),
    or None when CLDR has no dates of its own for it. Subtags Babel does not read (a private
    use ``-x-…``) are dropped from the end until it reads the rest."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_month_names

    parts = language.split("-")
    while parts:
        try:
            locale = Locale.parse("-".join(parts), sep="-")
        except (ValueError, UnknownLocaleError):
            parts.pop()
            continue
        # A locale CLDR only names (az-Arab) falls back to the root's "M01" … "M12".
        if get_month_names("wide", "format", locale)[1] == "M01":
            return None
        return str(locale)
    return None


def cldr_months(locale: str) -> tuple[str, ...]:
    """The twelve month names of ``locale`` as a date writes them (Polish "listopada", not
    the calendar's "listopad")."""
    from babel.dates import get_month_names

    names = get_month_names("wide", "format", locale)
    return tuple(str(names[month]) for month in range(1, 13))


def words_for(
    language: str, supplied: Mapping[str, str | tuple[str, ...]] | None = None, intro: bool = True
) -> tuple[Words, list[str]]:
    """The words of ``language`` with the source's own over them, and the keys still
    missing (empty when the document can be written; without an ``intro``, its heading's
    words are not needed)."""
    found = table_for(language)
    entries: dict[str, str | tuple[str, ...]] = dict(found[1]) if found else {}
    entries.update(supplied or {})
    locale = cldr_locale(language)
    if locale is not None and "date_format" in entries and "months" not in entries:
        entries["months"] = cldr_months(locale)  # the source's format, CLDR's month names
    optional = (
        (DATE_KEYS if locale is not None else ())
        + ENGLISH_IF_MISSING
        + (() if intro else INTRO_KEYS)
    )
    for key in ENGLISH_IF_MISSING:
        entries.setdefault(key, TABLES["en"][key])
    missing = [key for key in KEYS if key not in entries and key not in optional]
    texts = tuple((k, v) for k, v in entries.items() if isinstance(v, str))
    months = entries.get("months", ())
    named = tuple(months) if not isinstance(months, str) else ()
    return Words(texts, named, locale or ""), missing
