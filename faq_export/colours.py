"""Colours as the documents use them: CSS hex colours, their WCAG contrast, and the shades a
brand's accent colour needs (a darker one to suggest when it is too light on white paper, a
lighter one for the web page's dark mode).

WCAG 2.2's relative luminance and contrast ratio (1.4.3): text needs 4.5:1 against its
background. The brand's accent colours headings and links on white, so it is held to that.
"""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
TEXT_CONTRAST = 4.5  # WCAG 1.4.3, for text of any size
PAPER = "#ffffff"  # the printed page, the EPUB's and the Word document's page
DARK_PAPER = "#1b1b1b"  # the web page's background in dark mode (templates/web/web.css)
DARK_SHADE = "#2a2d31"  # its shading (table headers, a question linked to), where links are too
DEFAULT_ACCENT = "#1a4480"  # headings and links when the source names no brand colour


def normalised(colour: str) -> str | None:
    """``#abc`` or ``#AABBCC`` as ``#aabbcc``; None when it is not a CSS hex colour."""
    if not HEX_COLOUR.match(colour.strip()):
        return None
    digits = colour.strip()[1:].lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits


def _channels(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(channels: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in channels)


def luminance(colour: str) -> float:
    """WCAG's relative luminance of a ``#rrggbb`` colour."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (v / 255 for v in _channels(colour))
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two ``#rrggbb`` colours, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _mixed(colour: str, towards: str, amount: float) -> str:
    start, end = _channels(colour), _channels(towards)
    r, g, b = (s + (e - s) * amount for s, e in zip(start, end, strict=True))
    return _hex((r, g, b))


def _shade_for(colour: str, background: str, towards: str, ratio: float) -> str:
    """``colour`` mixed towards ``towards`` just as far as it takes to reach ``ratio`` against
    ``background``: the same hue, the nearest shade that passes."""
    if contrast(colour, background) >= ratio:
        return colour
    for step in range(1, 101):
        shade = _mixed(colour, towards, step / 100)
        if contrast(shade, background) >= ratio:
            return shade
    return towards


def darker(colour: str, background: str = PAPER, ratio: float = TEXT_CONTRAST) -> str:
    """The lightest shade of ``colour``, mixed with black, with ``ratio`` against
    ``background`` (the suggestion when a brand colour is too light for text on white)."""
    return _shade_for(colour, background, "#000000", ratio)


def lighter(colour: str, background: str = DARK_PAPER, ratio: float = TEXT_CONTRAST) -> str:
    """The darkest shade of ``colour``, mixed with white, with ``ratio`` against the dark
    ``background`` (the accent's value in the web page's dark mode)."""
    return _shade_for(colour, background, "#ffffff", ratio)


def tint(colour: str, amount: float = 0.9) -> str:
    """``colour`` mixed ``amount`` of the way to white: a pale shade of the brand for table
    header backgrounds, under dark text."""
    return _mixed(colour, "#ffffff", amount)
