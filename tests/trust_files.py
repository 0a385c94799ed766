"""Small PDFs for the checker's trust tests (tests/test_checker_trust.py), each one side of a
clause: made from veraPDF's PDF/UA-1 test files (tests/corpus) with pikepdf, a change each."""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path
from typing import Any

import pikepdf
from fontTools import t1Lib
from fontTools.misc.psCharStrings import T1CharString

from tests.conftest import ROOT

FONTS = ROOT / "tests" / "corpus" / "veraPDF-PDF_UA-1" / "7.21 Fonts"
# A Type0 font (Identity-H) without a ToUnicode CMap, drawing CIDs 0x28 … 0x44 ("Hello World").
TYPE0 = FONTS / "7.21.7 Unicode character maps" / "7.21.7-t01-fail-a.pdf"
TYPE0_CODES = (0x28, 0x45, 0x4C, 0x4F, 0x03, 0x37, 0x52, 0x44)
# A Type1 font (WinAnsiEncoding) with a ToUnicode CMap, in a file that passes.
TYPE1 = FONTS / "7.21.4 Embedding" / "7.21.4.2 Subset embedding" / "7.21.4.2-t01-pass-a.pdf"

CMAP_HEAD = (
    b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
    b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
)
CMAP_TAIL = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"


def _saved(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def type0_with_cmap(extra: bytes = b"", used: dict[int, bytes | None] | None = None) -> bytes:
    """The Type0 file with a ToUnicode CMap: each drawn CID mapped to a letter (or as ``used``
    says; None leaves it out), and the CMap sections ``extra`` (for codes the text does not
    draw)."""
    letters: dict[int, bytes | None] = {code: b"%04X" % (code + 0x1D) for code in TYPE0_CODES}
    mapped = {code: value for code, value in (letters | (used or {})).items() if value is not None}
    entries = b"".join(b"<%04X> <%s>\n" % (code, value) for code, value in mapped.items())
    body = b"%d beginbfchar\n%sendbfchar\n" % (len(mapped), entries) + extra
    with pikepdf.open(TYPE0) as pdf:
        font = pdf.pages[0].obj.Resources.Font.C2_0
        font.ToUnicode = pdf.make_stream(CMAP_HEAD + body + CMAP_TAIL)
        return _saved(pdf)


def box_font() -> bytes:
    """A Type 1 font program of two glyphs, both a box: 'Euro' (a name of the Adobe Glyph
    List) at code 0 and 'g17' (a name that says nothing) at code 1."""

    def box() -> T1CharString:
        program: list[Any] = [50, 600, "hsbw", 0, 0, "rmoveto", 500, "hlineto", 700]
        return T1CharString(program=[*program, "vlineto", -500, "hlineto", "closepath", "endchar"])

    font = t1Lib.T1Font.__new__(t1Lib.T1Font)  # made here, not read from a file
    font.encoding = "ascii"
    encoding = [".notdef"] * 256
    encoding[0], encoding[1] = "Euro", "g17"
    font.font = {
        "FontType": 1,
        "FontMatrix": [0.001, 0, 0, 0.001, 0, 0],
        "FontName": "FaqExportBox",
        "FontBBox": (0, 0, 600, 700),
        "PaintType": 0,
        "FontInfo": {"FullName": "FaqExportBox", "FamilyName": "FaqExportBox"},
        "Encoding": encoding,
        "CharStrings": {
            ".notdef": T1CharString(program=[0, 500, "hsbw", "endchar"]),
            "Euro": box(),
            "g17": box(),
        },
        "Private": {
            "RD": ("string", "currentfile", "exch", "readstring", "pop"),
            "ND": ("noaccess", "def"),
            "NP": ("noaccess", "put"),
            "MinFeature": (16, 16),
            "password": 5839,
            "BlueValues": [],
            "Subrs": [],
        },
    }
    # The header of the Type 1 specification (fontTools writes "%!FontType1-1.1", which
    # page-validation does not read as a Type 1 program).
    return bytes(font.createData()).replace(b"%!FontType1-1.1", b"%!PS-AdobeFont-1.0", 1)


def _font_file(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    """The box font as an embedded Type 1 program (FontFile: clear text, binary eexec part,
    trailer, with their lengths)."""
    text = box_font()  # fontTools writes the eexec part in binary, as PDF holds it
    start = text.index(b"eexec") + len(b"eexec")
    while text[start : start + 1] in (b" ", b"\r", b"\n"):
        start += 1
    end = text.index(b"\n" + b"0" * 64, start)  # the trailer: 512 zeros, cleartomark
    clear, encrypted, trailer = text[:start], text[start:end], text[end:]
    lengths = {"Length1": len(clear), "Length2": len(encrypted), "Length3": len(trailer)}
    return pdf.make_stream(clear + encrypted + trailer, **lengths)


def type1_without_cmap(glyph: str) -> bytes:
    """A Type1 font without a ToUnicode CMap whose Differences name code 0 ``glyph`` (the
    box font's 'Euro' or 'g17'), drawing code 0."""
    with pikepdf.open(TYPE1) as pdf:
        font = pdf.pages[0].obj.Resources.Font.T1_0
        del font["/ToUnicode"]
        descriptor = font.FontDescriptor
        del descriptor["/FontFile3"], descriptor["/CharSet"]
        descriptor.FontFile = _font_file(pdf)
        descriptor.FontName = font.BaseFont = pikepdf.Name("/FaqExportBox")
        descriptor.Flags = 4
        font.Encoding = pikepdf.Dictionary(
            Type=pikepdf.Name.Encoding, Differences=pikepdf.Array([0, pikepdf.Name("/" + glyph)])
        )
        font.FirstChar, font.LastChar, font.Widths = 0, 0, pikepdf.Array([600])
        pdf.pages[0].obj.Contents = pdf.make_stream(
            b"BT\n/P <</MCID 0 >>BDC\n/T1_0 16 Tf\n85 768 Td\n(\\000)Tj\nEMC\nET\n"
        )
        return _saved(pdf)


def with_object_replaced(data: bytes, number: int, body: bytes) -> bytes:
    """``data`` (a PDF with a classic cross-reference table) with object ``number`` replaced
    by ``body`` in an incremental update (ISO 32000-1 7.5.6): how a tool that edits a file
    in place writes it, and a way past qpdf, which writes every XMP stream uncompressed."""
    start = int(data[data.rindex(b"startxref") + 9 :].split()[0])
    trailer = data[data.index(b"trailer", start) :]
    dictionary = trailer[trailer.index(b"<<") : trailer.index(b"startxref")].strip()
    size = re.search(rb"/Size (\d+)", dictionary)
    assert size is not None
    update = b"\n%d 0 obj\n" % number + body + b"\nendobj\n"
    offset = len(data) + 1
    xref = len(data) + len(update)
    entries = b"xref\n%d 1\n%010d 00000 n \n" % (number, offset)
    rest = re.sub(rb"\s*/Prev \d+", b"", dictionary[2:-2])
    new_trailer = b"trailer\n<< %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (rest, start, xref)
    return data + update + entries + new_trailer


def pdfa_with_compressed_metadata(pdf_file: Path, part: int = 2) -> bytes:
    """Our PDF/A-2a file with its XMP metadata stream Flate-compressed (a /Filter), claiming
    PDF/A-``part``."""
    with pikepdf.open(pdf_file) as pdf:
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    with pikepdf.open(io.BytesIO(out.getvalue())) as pdf:  # saving renumbers the objects
        number, xmp = pdf.Root.Metadata.objgen[0], pdf.Root.Metadata.read_bytes()
    packed = zlib.compress(xmp.replace(b'pdfaid:part="2"', b'pdfaid:part="%d"' % part))
    body = b"<< /Type /Metadata /Subtype /XML /Filter /FlateDecode /Length %d >>\nstream\n" % (
        len(packed)
    )
    return with_object_replaced(out.getvalue(), number, body + packed + b"\nendstream")


def _table_with_caption(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    """The Table element that has a Caption (the every-node source's table)."""
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        element = stack.pop()
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        elements = [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        if element.get("/S") == "/Table" and any(k.S == "/Caption" for k in elements):
            return element
        stack += elements
    raise AssertionError("no Table with a Caption")


def ua2_with_caption(pdf_data: bytes, where: str) -> bytes:
    """The UA-2 PDF ``pdf_data`` (a Table whose first child is its Caption) with the Caption
    moved: 'first' (as it is), 'last', 'middle' (between THead and TBody) or 'document' (a
    child of the Document element)."""
    with pikepdf.open(io.BytesIO(pdf_data)) as pdf:
        table = _table_with_caption(pdf)
        kids = list(table.K)
        caption = next(
            k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/Caption"
        )
        rest = [k for k in kids if k is not caption and k.objgen != caption.objgen]
        if where == "last":
            table.K = pikepdf.Array([*rest, caption])
        elif where == "middle":
            table.K = pikepdf.Array([rest[0], caption, *rest[1:]])
        elif where == "document":
            table.K = pikepdf.Array(rest)
            document = pdf.Root.StructTreeRoot.K
            document = document[0] if isinstance(document, pikepdf.Array) else document
            document.K = pikepdf.Array([*document.K, caption])
            caption.P = document
        return _saved(pdf)


def figures_without_alt(count: int) -> bytes:
    """A tagged PDF of ``count`` images without alternative text, one a page, each Figure a
    direct object in its parent (no object number, and its page named by an MCR's /Pg, as
    some producers write them)."""
    import weasyprint

    image = ROOT / "tests" / "sources" / "red.png"
    block = "display: block; break-after: page"
    pages = "".join(
        f"<h2>Picture {n}</h2><img src='{image.as_uri()}' style='{block}'>"
        for n in range(1, count + 1)
    )
    html = f"<html lang='en'><title>Pictures</title><h1>Pictures</h1>{pages}</html>"
    data = weasyprint.HTML(string=html, base_url=str(image.parent)).write_pdf(
        pdf_variant="pdf/ua-1"
    )
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for parent in list(pdf.objects):
            kids = parent.get("/K") if isinstance(parent, pikepdf.Dictionary) else None
            if not isinstance(kids, pikepdf.Array):
                continue
            for index, kid in enumerate(list(kids)):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/Figure":
                    figure = pikepdf.Dictionary(
                        {key: kid[key] for key in kid.keys() if key not in ("/Alt", "/Pg")}  # noqa: SIM118
                    )
                    content = kid.K if isinstance(kid.K, pikepdf.Array) else [kid.K]
                    figure.K = pikepdf.Array(
                        [
                            pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=kid.Pg, MCID=mcid)
                            for mcid in content
                            if isinstance(mcid, int)
                        ]
                    )
                    kids[index] = figure
        return _saved(pdf)
