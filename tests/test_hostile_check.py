"""Hostile PDFs given to `check`, and builds racing on threads (issue 25).

Each `check` case runs the real command in a child process under tests/test_hostile.py's
caps (RLIMIT_AS 3 GiB, 120 s), and asserts the exit code, the message naming the limit and
how to raise it, and no traceback. The large files are made here, in tmp_path.
"""

from __future__ import annotations

import hashlib
import json
import threading
import tracemalloc
import zlib
from pathlib import Path

import pikepdf
import pytest

import faq_export
from faq_export.checks.pdf import PdfContext
from faq_export.checks.pdf_bounds import StructPath, _decoded_size, guard_stream
from faq_export.limits import DEFAULT
from tests.test_hostile import assert_refused
from tests.test_hostile import faq_export as run_cli
from tests.test_source_errors import VALID


def chain_pdf(path: Path, depth: int, kind: str = "/Div") -> Path:
    """A tagged PDF whose structure tree is one chain of ``depth`` elements."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    pdf.Root.StructTreeRoot = root
    element = root
    for _ in range(depth):
        kid = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name(kind), P=element)
        )
        element.K = kid
        element = kid
    pdf.save(path)
    return path


def outline_pdf(path: Path, depth: int, nested: bool) -> Path:
    """Bookmarks inside each other (``nested``), or one after another (/Next)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    outlines = pdf.Root.Outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    previous = None
    parent = outlines
    for level in range(depth):
        item = pdf.make_indirect(pikepdf.Dictionary(Title=f"item {level}", Parent=parent))
        if nested:
            parent.First = parent.Last = item
            parent = item
        elif previous is None:
            outlines.First = item
        else:
            previous.Next = item
        previous = item
    if not nested:
        outlines.Last = previous
    pdf.save(path)
    return path


def name_tree_pdf(path: Path, depth: int) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    node = pdf.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(["a", pdf.pages[0].obj])))
    for _ in range(depth):
        node = pdf.make_indirect(pikepdf.Dictionary(Kids=pikepdf.Array([node])))
    pdf.Root.Names = pikepdf.Dictionary(Dests=node)
    pdf.save(path)
    return path


def deflated(size: int, unit: bytes = b" ") -> bytes:
    """``size`` bytes of ``unit`` deflated, made in pieces (a bomb of 3 GB is 3 MB)."""
    compressor = zlib.compressobj(9)
    piece = unit * (16 * 1024 * 1024 // len(unit))
    parts = [compressor.compress(piece) for _ in range(size // len(piece))]
    return b"".join([*parts, compressor.flush()])


def stream_pdf(path: Path, data: bytes, where: str = "content", filters: str = "FlateDecode"):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pdf.make_indirect(pikepdf.Stream(pdf, data))
    stream.Filter = pikepdf.Array([pikepdf.Name("/" + f) for f in filters.split()])
    if where == "content":
        pdf.pages[0].obj.Contents = stream
    else:
        pdf.Root.Metadata = stream  # without /Type /Metadata, which qpdf would store decoded
    pdf.save(path, compress_streams=False, fix_metadata_version=False)  # as they are
    return path


# --- 1. structure trees, outlines and name trees: iterative, bounded, linear ------------------


def test_a_structure_tree_10000_deep_is_refused_at_the_depth_limit(tmp_path: Path):
    """Before: exit 1 after 0.7 s and 424 MB (20,000: 1.5 GB; 50,000: MemoryError)."""
    path = chain_pdf(tmp_path / "deep.pdf", 10_000)
    assert path.stat().st_size < 1_500_000
    run = run_cli("check", str(path), cwd=tmp_path)
    assert_refused(run, 2, "deep.pdf: error: the structure tree is nested more than 1,000 deep")
    assert "--limit pdf_depth=N" in run.err
    assert run.seconds < 30


def test_a_structure_tree_50000_deep_is_checked_in_linear_memory_when_allowed(tmp_path: Path):
    """With the limit raised, the walk itself holds: 50,000 deep under the 3 GiB cap
    (it was a MemoryError at 3.5 GB), and the paths in findings are shortened."""
    path = chain_pdf(tmp_path / "deep.pdf", 50_000)
    run = run_cli("--limit", "pdf_depth=60000", "check", str(path), cwd=tmp_path)
    assert run.code == 1, run.err
    assert "Traceback" not in run.err and "MemoryError" not in run.out + run.err
    assert run.seconds < 60


def test_the_paths_of_a_deep_tree_take_memory_in_its_depth(tmp_path: Path):
    path = chain_pdf(tmp_path / "deep.pdf", 10_000)
    with pikepdf.open(path) as pdf:
        context = PdfContext(pdf, limits=DEFAULT.with_values(["pdf_depth=20000"]))
        tracemalloc.start()
        try:
            elements = context.elements
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert len(elements) == 10_000
        assert peak < 40_000_000  # the paths as strings: 357 MB
        deepest = str(elements[-1][1])
        assert deepest.startswith("/Div[1]/Div[1]/Div[1]/Div[1]/…9992 more…/Div[1]")
        assert len(deepest) < 100


def test_struct_paths_read_as_before_when_short():
    path = None
    for step in ["Document[1]", "H1[2]", "P[3]"]:
        path = StructPath(path, step)
    assert str(path) == "/Document[1]/H1[2]/P[3]"


def test_a_chain_of_nested_lists_is_counted_once(tmp_path: Path):
    """FE-PDF-TOC looked at every list's descendants again: a chain of lists n deep was
    n²/2 steps. Counted in one walk up the tree, 1,000 deep takes no longer than 1."""
    path = chain_pdf(tmp_path / "lists.pdf", 1_000, "/L")
    with pikepdf.open(path) as pdf:
        assert PdfContext(pdf).contents_lists == set()
    run = run_cli("check", str(path), cwd=tmp_path)
    assert run.code == 1, run.err
    assert run.seconds < 30


@pytest.mark.parametrize(
    ("maker", "words"),
    [
        (lambda p: outline_pdf(p, 10_000, nested=True), "the outline (bookmarks) is nested"),
        (lambda p: name_tree_pdf(p, 5_000), "the name tree is nested"),
    ],
    ids=["nested-bookmarks", "name-tree"],
)
def test_deep_outlines_and_name_trees_are_refused(tmp_path: Path, maker, words: str):
    path = maker(tmp_path / "deep.pdf")
    run = run_cli("check", str(path), cwd=tmp_path)
    assert_refused(run, 2, words, "more than 1,000 deep", "--limit pdf_depth=N")
    assert run.seconds < 30


def test_a_long_chain_of_bookmarks_is_no_depth(tmp_path: Path):
    """20,000 bookmarks one after another (a long FAQ's outline) are length, not depth. Our
    walk of them takes 76 MB; page-validation's grows with the square of the chain (it was
    killed at 3.4 GB under the cap): it follows 12,000 links and reports the rest."""
    path = outline_pdf(tmp_path / "long.pdf", 20_000, False)
    run = run_cli("check", str(path), cwd=tmp_path)
    assert run.code == 1, run.err  # untagged, untitled: findings, not a refusal
    assert "pdf_depth" not in run.err and "Traceback" not in run.err
    assert "PDFUA1-LIMIT" in run.out and "depth of 12000" in run.out


# --- 2. streams: measured before they are decoded ---------------------------------------------


def test_a_content_stream_that_inflates_to_3_gb_is_refused(tmp_path: Path):
    """Before: a 3 MB file took 43 s and 5.9 GB (2.16 GB in the issue's run)."""
    path = stream_pdf(tmp_path / "bomb.pdf", deflated(3_000_000_000))
    assert path.stat().st_size < 4_000_000
    run = run_cli("check", str(path), cwd=tmp_path)
    assert_refused(
        run,
        2,
        "bomb.pdf: error: the content of page 1",
        "decodes to more than 10,000,000 bytes",
        "--limit pdf_stream_bytes=N",
    )
    assert run.seconds < 30
    raised = run_cli("--limit", "pdf_stream_bytes=4000000000", "check", str(path), cwd=tmp_path)
    assert_refused(raised, 2, "inflates 1,029 times, more than 200", "--limit pdf_stream_ratio=N")
    assert raised.seconds < 60


def test_an_xmp_packet_bomb_is_refused(tmp_path: Path):
    path = stream_pdf(tmp_path / "xmp.pdf", deflated(200_000_000), where="metadata")
    run = run_cli("check", str(path), cwd=tmp_path)
    assert_refused(run, 2, "the XMP metadata", "--limit pdf_stream_bytes=N")


def test_a_bomb_inside_ascii85_is_measured(tmp_path: Path):
    import base64

    data = base64.a85encode(deflated(100_000_000)) + b"~>"
    path = stream_pdf(tmp_path / "a85.pdf", data, filters="ASCII85Decode FlateDecode")
    run = run_cli("check", str(path), cwd=tmp_path)
    assert_refused(run, 2, "decodes to more than 10,000,000 bytes")


def test_an_ordinary_page_is_not_refused(tmp_path: Path):
    content = b"".join(b"BT /F1 11 Tf 72 %d Td (Line %d) Tj ET\n" % (i, i) for i in range(20_000))
    run = run_cli(
        "check", str(stream_pdf(tmp_path / "ok.pdf", zlib.compress(content))), cwd=tmp_path
    )
    assert run.code == 1, run.err  # findings (untagged), not a refusal
    assert "pdf_stream" not in run.err


def test_the_densest_page_the_limits_let_through_fits_the_caps(tmp_path: Path):
    """A page of text just under pdf_stream_bytes, inflating less than pdf_stream_ratio:
    the most parsing the defaults allow (each text operation a Python object: 1.7 GB and
    17 s measured) still fits in 3 GiB and 120 s."""
    import random

    generator = random.Random(25)
    lines, size = [], 0
    while size < 9_900_000:
        line = b"BT /F1 %d Tf (w%d) Tj ET\n" % (generator.randrange(99), generator.randrange(10**6))
        lines.append(line)
        size += len(line)
    path = stream_pdf(tmp_path / "dense.pdf", zlib.compress(b"".join(lines), 9))
    run = run_cli("check", str(path), cwd=tmp_path)
    assert run.code == 1, run.err  # findings, not a refusal and not out of memory
    assert "Traceback" not in run.err


def test_measuring_stops_at_the_limit_and_counts_lzw_and_run_length():
    assert _decoded_size(deflated(50_000_000), ["/FlateDecode"], 1_000_000) <= 2_100_000
    assert _decoded_size(bytes([2, 65, 66, 67, 254, 68, 128]), ["/RunLengthDecode"], 100) == 6
    pdf = pikepdf.new()
    small = pikepdf.Stream(pdf, zlib.compress(b"q Q\n" * 1000))
    small.Filter = pikepdf.Name.FlateDecode
    guard_stream(small, DEFAULT, "a page")  # no error


# --- 3. builds on threads of one process into one folder ----------------------------------------


def test_builds_on_threads_into_one_folder_leave_one_whole_set(tmp_path: Path):
    """Two faq_export.build() at a time into one folder, ten times: none fails on the
    other's temporary files (before: 'cannot write to out: No such file or directory' in 6
    of 10 pairs), no temporary file is left, and the manifest describes the files there."""
    sources = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.yaml"
        path.write_text(VALID.replace("It is a test.", f"It is test {name}."), encoding="utf-8")
        sources.append(path)
    out = tmp_path / "out"
    errors: list[BaseException] = []

    def build(source: Path) -> None:
        try:
            faq_export.build(source, out, formats=["epub", "docx"])
        except BaseException as exc:  # reported below
            errors.append(exc)

    for _ in range(10):
        threads = [threading.Thread(target=build, args=(s,)) for s in sources]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, errors
        assert not list(out.glob(".*.tmp"))
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        for entry in manifest["files"]:
            data = (out / entry["file"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        built_from = {manifest["source"]["file"]}
        assert built_from <= {"a.yaml", "b.yaml"}


def test_a_stale_temporary_file_of_a_live_build_is_kept(tmp_path: Path):
    """A build's cleanup removes what a killed process left, never what a running build
    (this process, another thread) is writing."""
    import os

    from faq_export.output import remove_stale_temporaries

    target = tmp_path / "x.pdf"
    live = tmp_path / f".x.pdf.{os.getpid()}-123.abcd.tmp"
    dead = tmp_path / ".x.pdf.999999999-1.abcd.tmp"
    legacy = tmp_path / ".x.pdf.x1y2.tmp"
    for path in (live, dead, legacy):
        path.write_bytes(b"half")
    remove_stale_temporaries(target)
    assert live.exists() and not dead.exists() and not legacy.exists()
