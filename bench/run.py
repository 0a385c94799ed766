"""`make bench`: how long each step of a build takes, as medians over repeated runs, with a
baseline measured in the same process: WeasyPrint rendering the same HTML with nothing of ours
around it. Ratios against that baseline are what to compare between machines and commits."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import weasyprint

from exporter.build import check_rendered
from exporter.fonts import font_folder
from exporter.render.docx import render_docx
from exporter.render.epub import render_epub
from exporter.render.pdf import TEMPLATE_DIR, VARIANTS, lay_out, render_html
from exporter.sandbox import SandboxFetcher
from exporter.source import load_document

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
        fetcher = SandboxFetcher((TEMPLATE_DIR, font_folder()), {})
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
