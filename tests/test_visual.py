"""Visual regression (#24): the cover, the contents and a page of content of three sources, as
their readers see them, compared with approved images within a tolerance.

- the PDF through pdftoppm;
- the DOCX through LibreOffice (its own layout, contents numbered as a build numbers them);
- the EPUB's title page, contents and first section through chromium, at a reader's size.

A change of look that is meant is approved with `make approve` (FAQ_EXPORT_APPROVE=1 on this
file), which rewrites tests/visual/; a test that fails writes the new image and a diff of the
two (changed pixels in red) beside the pytest temporary folder it names. Images are small
(pages at 30 dpi): enough to see a page's layout change, a lost block or a wrong colour, not a
glyph's rendering.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pixelmatch.contrib.PIL import pixelmatch

from faq_export.cli import main
from faq_export.new_project import create_project
from tests.conftest import FAQ, LIBREOFFICE, OPTIONAL_TOOL_MISSING, ROOT

APPROVED = ROOT / "tests" / "visual"
APPROVE = os.environ.get("FAQ_EXPORT_APPROVE") == "1"
TOLERANCE = 0.005  # the share of a page's pixels that may differ (anti-aliasing, hinting)
PAGES = {"cover": 1, "contents": 2, "content": 3}
CHROMIUM = Path("/usr/bin/chromium")
SOURCES = ("seed", "starter", "arabic")


def _source(name: str, folder: Path) -> Path:
    if name == "seed":
        return FAQ
    if name == "arabic":
        return ROOT / "examples" / "faq-ar.yaml"
    create_project(folder / "starter")
    source = folder / "starter" / "content" / "faq.yaml"
    text = source.read_text(encoding="utf-8")  # init writes today's date: a fixed one
    source.write_text(re.sub(r"\n  date: .*\n", "\n  date: 2026-01-15\n", text), "utf-8")
    return source


@pytest.fixture(scope="module", params=SOURCES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp(request.param)
    source = _source(request.param, folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(LIBREOFFICE, raising=False)  # the DOCX's contents numbered, as built
        assert main(["build", str(source), "--out", str(folder / "out"), "--quiet"]) == 0
    files = {p.suffix.lstrip("."): p for p in (folder / "out").iterdir()}
    return request.param, files, folder


def _pdf_pages(pdf: Path, folder: Path) -> dict[str, Image.Image]:
    folder.mkdir(parents=True, exist_ok=True)
    prefix = folder / pdf.stem
    subprocess.run(
        ["pdftoppm", "-r", "30", "-f", "1", "-l", "3", "-png", str(pdf), str(prefix)],
        check=True,
        capture_output=True,
    )
    pages = sorted(folder.glob(f"{pdf.stem}-*.png"))
    return {name: Image.open(pages[number - 1]).convert("RGB") for name, number in PAGES.items()}


def _docx_pages(docx: Path, folder: Path) -> dict[str, Image.Image]:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip(f"{OPTIONAL_TOOL_MISSING} LibreOffice")
    out = folder / "docx-pdf"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return _pdf_pages(out / f"{docx.stem}.pdf", out)


def _epub_pages(epub: Path, folder: Path) -> dict[str, Image.Image]:
    if not CHROMIUM.exists():
        pytest.skip(f"{OPTIONAL_TOOL_MISSING} chromium")
    book = folder / "epub"
    with zipfile.ZipFile(epub) as archive:
        archive.extractall(book)
    sections = sorted(p.name for p in (book / "EPUB").glob("section-*.xhtml"))
    files = {"cover": "title.xhtml", "contents": "nav.xhtml", "content": sections[0]}
    shots: dict[str, Image.Image] = {}
    for name, page in files.items():
        shot = folder / f"epub-{name}.png"
        subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                f"--screenshot={shot}",
                "--window-size=480,640",
                (book / "EPUB" / page).as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        shots[name] = Image.open(shot).convert("RGB")
    return shots


READERS = {"pdf": _pdf_pages, "docx": _docx_pages, "epub": _epub_pages}


@pytest.mark.parametrize("fmt", list(READERS))
def test_the_pages_look_as_approved(built, fmt: str, tmp_path: Path) -> None:
    source, files, folder = built
    pages = READERS[fmt](files[fmt], folder / fmt)
    differences = []
    for page, image in pages.items():
        approved = APPROVED / f"{source}-{fmt}-{page}.png"
        if APPROVE:
            approved.parent.mkdir(parents=True, exist_ok=True)
            image.save(approved, optimize=True)
            continue
        assert approved.exists(), f"{approved.name} is not approved yet: run `make approve`"
        expected = Image.open(approved).convert("RGB")
        if expected.size != image.size:
            differences.append(f"{approved.name}: {image.size} instead of {expected.size}")
            image.save(tmp_path / approved.name)
            continue
        # pixelmatch writes its diff as RGBA (into an RGB image it fails with "unknown raw
        # mode" as soon as two images differ, instead of saying how much they differ).
        diff = Image.new("RGBA", image.size)
        changed = pixelmatch(expected, image, diff, threshold=0.1, includeAA=False)
        share = changed / (image.width * image.height)
        if share > TOLERANCE:
            image.save(tmp_path / approved.name)
            ImageChops.lighter(expected, diff.convert("RGB")).save(
                tmp_path / f"diff-{approved.name}"
            )
            differences.append(f"{approved.name}: {share:.1%} of its pixels changed")
    assert not differences, (
        f"{'; '.join(differences)}. The new images and the diffs are in {tmp_path}; if the "
        "change is meant, `make approve`."
    )
