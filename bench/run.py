"""`make bench`: how long each step of a build takes, as medians over repeated runs, with a
baseline measured in the same process: WeasyPrint rendering the same HTML with nothing of ours
around it. Ratios against that baseline are what to compare between machines and commits."""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import weasyprint

from faq_export import model as m
from faq_export.checks.catalog import check_bytes
from faq_export.fonts import font_folders
from faq_export.pipeline import check_rendered, render
from faq_export.render.docx import render_docx
from faq_export.render.epub import render_epub
from faq_export.render.pdf import VARIANTS, lay_out, render_html
from faq_export.resources import TEMPLATE_DIR
from faq_export.sandbox import SandboxFetcher
from faq_export.source import load_document

ROOT = Path(__file__).resolve().parents[1]


def median_ms(step: Callable[[], object], runs: int) -> float:
    step()  # warm-up: imports, font loading, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "content" / "faq.yaml"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    document = load_document(source)
    html = render_html(document)
    layout = lay_out(document)
    rendered = {
        "pdf": layout.pdf(),
        "epub": render_epub(document, layout.page_starts()),
        "docx": render_docx(document),
    }

    def bare_weasyprint() -> bytes:
        fetcher = SandboxFetcher((TEMPLATE_DIR, *font_folders()), {})
        return weasyprint.HTML(
            string=html, base_url=TEMPLATE_DIR.as_uri() + "/", url_fetcher=fetcher
        ).write_pdf(pdf_variant=VARIANTS[document.metadata.pdf_standard])

    steps: list[tuple[str, Callable[[], object]]] = [
        ("baseline: bare WeasyPrint, same HTML", bare_weasyprint),
        ("load and validate the source", lambda: load_document(source)),
        ("PDF: lay out + tags pass", lambda: lay_out(document).pdf()),
        ("EPUB (from an existing layout)", lambda: render_epub(document, layout.page_starts())),
        ("DOCX", lambda: render_docx(document)),
        ("checks of all three (no EPUBCheck)", lambda: check_rendered(document, rendered)),
    ]
    results = [(name, median_ms(step, runs)) for name, step in steps]
    baseline = results[0][1]
    print(f"faq-export bench: {source.name}, median of {runs} runs after one warm-up")
    print(f"{'step':42} {'median ms':>10} {'x baseline':>11}")
    for name, ms in results:
        print(f"{name:42} {ms:10.1f} {ms / baseline:11.2f}")
    total = sum(ms for name, ms in results[1:])
    print(f"{'whole build (sum of the steps)':42} {total:10.1f} {total / baseline:11.2f}")
    scaling(document)
    if runs > 1:
        fidelity_cost(document)
        html_import_scaling()
    else:  # one run: a check that the bench works (tests/test_bench.py), at small sizes
        fidelity_cost(document, sizes=(30,), runs=1)
        html_import_scaling(sizes=(50, 200))
    return 0


def fidelity_cost(
    document: m.Document, sizes: tuple[int, ...] = (300, 1000), runs: int = 3
) -> None:
    """What the fidelity check (each document's text read back and compared with the model)
    adds to a build: the checks of each format with it and without it, against the whole
    build's time (render and check), at ``sizes`` questions."""
    print("\nfidelity check: added to the checks of the three formats, against a whole build")
    print(f"{'questions':>9} {'build ms':>10} {'fidelity ms':>12} {'share':>7}")
    for n in sizes:
        grown = _grown(document, n)
        start = time.perf_counter()
        rendered = render(grown, ("pdf", "epub", "docx"))
        check_rendered(grown, rendered)
        build_ms = (time.perf_counter() - start) * 1000
        added = 0.0
        for fmt, data in rendered.files.items():

            def checked(with_it: bool, data: bytes = data, fmt: str = fmt) -> object:
                return check_bytes(data, fmt, False, grown if with_it else None)  # noqa: B023

            added += median_ms(lambda: checked(True), runs) - median_ms(
                lambda: checked(False), runs
            )
        print(f"{n:9} {build_ms:10.0f} {added:12.1f} {added / build_ms:7.1%}")


def scaling(document: m.Document, small: int = 300, large: int = 3000) -> None:
    """Cost per question of the steps that need no layout, at ``small`` and ``large``
    questions made from the source's own questions: a ratio near 1 is linear, and a step
    whose ratio grows with size is quadratic somewhere."""
    print(f"\nscaling: ms per question at {small} and {large} questions (same process)")
    print(f"{'step':42} {small:>10} {large:>10} {'ratio':>7}")
    sizes = {n: _grown(document, n) for n in (small, large)}
    steps: list[tuple[str, Callable[[m.Document], object]]] = [
        ("EPUB (no page list)", lambda d: render_epub(d, {})),
        ("DOCX", render_docx),
    ]
    for name, step in steps:
        per = {}
        for n, grown in sizes.items():
            start = time.perf_counter()
            step(grown)
            per[n] = (time.perf_counter() - start) * 1000 / n
        print(f"{name:42} {per[small]:10.3f} {per[large]:10.3f} {per[large] / per[small]:7.2f}")


def _grown(document: m.Document, count: int) -> m.Document:
    """``document`` with its questions repeated until there are ``count`` of them, each with
    its own id and number."""
    questions = document.questions
    grown = []
    for index in range(count):
        question = questions[index % len(questions)]
        grown.append(dataclasses.replace(question, id=f"q{index + 1}", number=index + 1))
    section = dataclasses.replace(document.sections[-1], questions=tuple(grown))
    return dataclasses.replace(document, sections=(section,))


def _seconds(step: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    step(*args)
    return time.perf_counter() - start


def html_import_scaling(sizes: tuple[int, ...] = (500, 2000, 8000)) -> None:
    """`import` of a page of ``<details>`` questions at 1x, 4x and 16x a size, whole (parse,
    recognise, convert, write, read back through the loader, compare the text): the time
    per question should stay flat (issue 25: it grew with the page, 7.3 ms at 8,000, when
    each answer was parsed with blank lines standing for the page's lines before it)."""
    import tempfile

    from faq_export.importing import Options, import_faq

    def page(count: int) -> str:
        items = "".join(
            f"<details id='q{n}'><summary>Question {n}: how do I pay?</summary>\n"
            f"<p>Answer {n}: by <em>card</em> or <a href='https://example.org/{n}'>transfer"
            "</a>.</p>\n<ul><li>Visa</li><li>Mastercard</li></ul></details>\n"
            for n in range(count)
        )
        return (
            "<!DOCTYPE html><html lang='en'><head><title>FAQ</title></head><body><main>"
            f"<h1>FAQ</h1>\n{items}</main></body></html>"
        )

    print("\nimport of a web page (<details>): ms per question (best of 2), ratio to the first")
    print(f"{'questions':>9} {'bytes':>11} {'seconds':>8} {'ms/question':>12} {'ratio':>7}")
    with tempfile.TemporaryDirectory() as folder:
        first = None
        for count in sizes:
            path = Path(folder) / f"faq-{count}.html"
            path.write_text(page(count), encoding="utf-8")
            if first is None:
                import_faq(path, Options())  # warm-up: imports and caches
            seconds = min(_seconds(import_faq, path, Options()) for _ in range(2))
            per = seconds * 1000 / count
            first = first or per
            size = path.stat().st_size
            print(f"{count:9,} {size:11,} {seconds:8.2f} {per:12.3f} {per / first:7.2f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--import"]:
        html_import_scaling()
        sys.exit(0)
    if sys.argv[1:2] == ["--fidelity"]:
        fidelity_cost(load_document(ROOT / "content" / "faq.yaml"))
        sys.exit(0)
    sys.exit(main())
