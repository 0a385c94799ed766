"""The size text is drawn at on a page: the font size times the scale of the text and
graphics matrices, for the rule on text under 9 pt (FE-PDF-SMALL-TEXT)."""

from __future__ import annotations

from typing import Any

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def count_small_text(
    instructions: list[Any] | None, limit: float = 9.0
) -> tuple[int, float] | None:
    """How many text-showing operations outside artifacts are smaller than ``limit`` points
    in a page's ``instructions`` (font size times the scale of the text and graphics
    matrices)."""
    if instructions is None:
        return None
    ctm, tm, size = IDENTITY, IDENTITY, 0.0
    saved: list[Matrix] = []
    tags: list[bool] = []  # True for an /Artifact sequence
    count, smallest = 0, limit
    for operands, operator in instructions:
        name = str(operator)
        try:
            if name == "q":
                saved.append(ctm)
            elif name == "Q" and saved:
                ctm = saved.pop()
            elif name == "cm":
                ctm = _multiply(tuple(float(x) for x in operands), ctm)  # type: ignore[arg-type]
            elif name == "BT":
                tm = IDENTITY
            elif name == "Tm":
                tm = tuple(float(x) for x in operands)  # type: ignore[assignment]
            elif name == "Tf":
                size = float(operands[1])
            elif name in ("BDC", "BMC"):
                tags.append(str(operands[0]) == "/Artifact" or (bool(tags) and tags[-1]))
            elif name == "EMC" and tags:
                tags.pop()
            elif name in ("Tj", "TJ", "'", '"') and not (tags and tags[-1]):
                a, b, c, d, _, _ = _multiply(tm, ctm)
                effective = abs(size) * abs(a * d - b * c) ** 0.5
                if 0 < effective < limit:
                    count += 1
                    smallest = min(smallest, effective)
        except (TypeError, ValueError):
            continue  # a malformed operator: not this rule's business
    return (count, smallest) if count else None
