"""What words say nothing to a reader: link texts, alternative texts, placeholders.

One place for these judgements, so the source rules (``content.py``) and the checks of built
files (EPUB, DOCX, PDF) agree on every text. Calibrated on the link texts of real FAQs
(``tests/realworld/``, ``tests/test_wording.py``): a text that names its destination passes
even when it starts like a vague one ("here is the release schedule"), and a chat channel
(``#lineageos@Libera.Chat``) is a name, not an anchor id.
"""

from __future__ import annotations

import re

# Link texts that say nothing about where a link goes, out of their sentence (WCAG 2.4.4 asks
# for purpose in context, 2.4.9 for purpose from the text alone). Compared after lower-casing
# and trimming punctuation and quotes.
VAGUE_LINK_TEXTS = frozenset(
    {
        "here",
        "click here",
        "click",
        "click this",
        "tap here",
        "go here",
        "see here",
        "right here",
        "over here",
        "this",
        "this link",
        "link",
        "this page",
        "this site",
        "this website",
        "this article",
        "this post",
        "page",
        "website",
        "more",
        "read more",
        "learn more",
        "see more",
        "more info",
        "more information",
        "more details",
        "details",
        "info",
        "continue",
        "continue reading",
        "go",
        "download",
        "there",
    }
) | frozenset(
    # The same in the other languages FAQs are written in: a German "hier" says no more
    # than "here". Only phrases no English link text would be: "plus" is left out.
    {
        # German
        *("hier", "hier klicken", "klicken sie hier", "klick hier", "mehr", "mehr lesen"),
        *("weiterlesen", "mehr erfahren", "mehr informationen", "dieser link", "diese seite"),
        # French
        *("ici", "cliquez ici", "cliquer ici", "en savoir plus", "lire la suite", "ce lien"),
        *("voir ici", "lien", "cette page"),
        # Spanish and Portuguese
        *("aquí", "aqui", "haga clic aquí", "haz clic aquí", "clic aquí", "clique aqui"),
        *("más", "leer más", "más información", "ver más", "este enlace", "enlace"),
        *("saiba mais", "leia mais", "mais", "este link", "esta página"),
        # Italian, Dutch, Swedish, Polish
        *("qui", "clicca qui", "leggi di più", "di più", "questo link"),
        *("klik hier", "lees meer", "meer", "deze link", "meer informatie"),
        *("här", "klicka här", "läs mer"),
        *("tutaj", "kliknij tutaj", "więcej", "czytaj więcej"),
        # Russian, Ukrainian
        *("здесь", "тут", "сюда", "по ссылке", "ссылка", "подробнее", "читать далее"),
        *("нажмите здесь", "детальніше", "посилання"),
        # Arabic, Japanese, Chinese, Korean
        *("هنا", "اضغط هنا", "انقر هنا", "المزيد", "اقرأ المزيد", "رابط"),
        *("こちら", "ここ", "リンク", "詳細", "詳しくはこちら", "もっと見る"),
        *("这里", "這裡", "此处", "点击这里", "點擊這裡", "更多", "了解更多", "链接"),
        *("여기", "여기를 클릭", "자세히", "더 보기", "링크"),
    }
)
_TRIM = " \t\n.,:;!?()[]\"'“”‘’«»…-–—>"
WEB_ADDRESS = re.compile(r"^(https?://|mailto:|www\.)\S+$", re.IGNORECASE)

GENERIC_ALT = frozenset(
    {"image", "picture", "graphic", "photo", "figure", "img", "logo", "icon", "screenshot"}
)
IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|svg|bmp|tiff?|webp)$", re.IGNORECASE)

# Answers that stand in for one: "TBD", "Answer #5", "Lorem ipsum …", "Coming soon".
_PLACEHOLDER = re.compile(
    r"^(tbd|tba|tbc|todo|to do|fixme|xxx+|wip|n/?a|none yet|placeholder|"
    r"coming soon|answer( (#|no\.?|number) ?\d+| goes here| here)?|"
    r"(insert|add) (the )?answer( here)?|lorem ipsum\b.*|\.{3,}|…|[-–—?]+)$",
    re.IGNORECASE | re.DOTALL,
)
# Template tags a site generator should have replaced: Liquid/Jinja/Hugo/Handlebars, ERB.
TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<%.*?%>", re.DOTALL)
# A run of four or more words in capitals, 15 letters or more (acronyms alone are fine).
_CAPS_RUN = re.compile(r"\b[A-Z][A-Z'’]+(?:[\s,;:-]+[A-Z][A-Z'’]+){3,}\b")


def normal(text: str) -> str:
    return " ".join(text.split()).strip(_TRIM).lower()


def is_vague_link_text(text: str) -> bool:
    """The text is one of the phrases that give no destination ('here', 'read more')."""
    return normal(text) in VAGUE_LINK_TEXTS


def is_bare_address(text: str) -> bool:
    """The link text is a web address, which screen readers read out character by
    character."""
    return bool(WEB_ADDRESS.match(text.strip()))


def weak_alt_text(alt: str) -> str | None:
    """Why ``alt`` says nothing of the image (a file name, a generic word), or None."""
    text = alt.strip()
    if IMAGE_FILE.search(text):
        return "is a file name"
    if normal(text) in GENERIC_ALT:
        return f"is only the word '{normal(text)}'"
    return None


def is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.match(" ".join(text.split()).strip()))


def template_tags(text: str) -> list[str]:
    return [match.group(0) for match in TEMPLATE_TAG.finditer(text)]


def capital_runs(text: str) -> list[str]:
    return [
        match.group(0)
        for match in _CAPS_RUN.finditer(text)
        if sum(c.isalpha() for c in match.group(0)) >= 15
    ]


# What an accessibility summary can say the documents do not have, by the words it uses.
_CONTENT_WORDS = {
    "images": re.compile(
        r"\b(images?|pictures?|figures?|photo(graph)?s?|illustrations?|graphics?|charts?|"
        r"diagrams?)\b",
        re.IGNORECASE,
    ),
    "tables": re.compile(r"\btables?\b(?! of contents)", re.IGNORECASE),
    "code": re.compile(r"\bcode\b", re.IGNORECASE),
}
# A negation ("no", "without", "neither … nor", "does not have", "doesn't"), and the words
# it covers: up to the end of its clause, or a turn ("but", "except", ", and its images …").
_NEGATION = re.compile(r"(?:\b(?:no|without|neither|nor|not)\b|n't\b)", re.IGNORECASE)
_CLAUSE_END = re.compile(
    r"[.;:!?()]|,\s*(?:and|but)\b|\b(?:but|except|apart|although|though|while|whereas|"
    r"however|yet|besides|other than)\b|\band\s+(?:it|its|the|a|an|one|two|three|\d+|some|"
    r"all|every|each|there|they|their)\b",
    re.IGNORECASE,
)


def denied_content(summary: str) -> list[str]:
    """What ``summary`` (an accessibility summary, in English) says the documents have none
    of: 'images', 'tables', 'code'. 'It has no images, audio or video' denies images; 'every
    image has alternative text' and 'a linked table of contents' deny nothing."""
    denied: list[str] = []
    for negation in _NEGATION.finditer(summary):
        rest = summary[negation.end() :]
        end = _CLAUSE_END.search(rest)
        clause = rest[: end.start() if end else len(rest)]
        denied += [kind for kind, words in _CONTENT_WORDS.items() if words.search(clause)]
    return [kind for kind in _CONTENT_WORDS if kind in denied]
