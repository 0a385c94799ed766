"""Hostile and broken input, as a careless or malicious user would give it (issue 15).

Every case runs the real command in a child process under a memory cap (RLIMIT_AS) and a
time limit, and asserts: the exit code, a message that says what is wrong (with its position
where the input has one), no traceback, the previous documents unchanged and no temporary
file left behind. The small sources are in tests/hostile/; the large ones are made here.
"""

from __future__ import annotations

import os
import resource
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest

from tests.conftest import EVERY_NODE, FAQ, ROOT
from tests.test_source_errors import VALID

HOSTILE = ROOT / "tests" / "hostile"
MEMORY_CAP = 3 * 1024**3  # bytes of address space for the child (WeasyPrint needs ~1 GiB)
TIME_LIMIT = 120  # seconds


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float = 0.0


def faq_export(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """The command line in a child process, with its memory capped."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    import time

    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "faq_export", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=cap,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        check=False,
    )
    # One error path (issue 25): no hostile input is a bug of ours (exit 3) or kills the
    # process (a negative code: a signal, such as an abort on memory in a native library).
    assert result.returncode != 3, f"internal error (exit 3) on {args}: {result.stderr[-2000:]}"
    assert result.returncode >= 0, f"killed ({result.returncode}): {result.stderr[-2000:]}"
    assert "internal error" not in result.stderr, result.stderr[-2000:]
    return Run(result.returncode, result.stdout, result.stderr, time.monotonic() - start)


def assert_refused(run: Run, code: int, *words: str) -> None:
    assert run.code == code, run.err
    assert "Traceback" not in run.err
    for word in words:
        assert word in run.err, run.err


def source(tmp_path: Path, text: str, name: str = "faq.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def with_answer(answer_block: str) -> str:
    body = "\n".join("          " + line for line in answer_block.splitlines())
    return VALID.replace("answer: Because.", "answer: |\n" + body)


@pytest.fixture
def previous(tmp_path: Path) -> dict[str, bytes]:
    """Documents of an earlier build in tmp_path/out, to prove a failed build keeps them."""
    out = tmp_path / "out"
    out.mkdir()
    old = {}
    for fmt in ("pdf", "epub", "docx"):
        path = out / f"test-faq.{fmt}"
        path.write_bytes(f"previous {fmt}".encode())
        old[path.name] = path.read_bytes()
    return old


def assert_unchanged(tmp_path: Path, old: dict[str, bytes]) -> None:
    out = tmp_path / "out"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old  # and no .tmp left


# --- resource exhaustion ----------------------------------------------------------------------

LAUGHS = """\
metadata:
  title: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  t2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  t3: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  t4: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  t5: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  t6: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  t7: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  id: *g
sections: []
"""


def test_billion_laughs_is_refused_at_the_first_anchor(tmp_path: Path):
    run = faq_export("validate", str(source(tmp_path, LAUGHS)), cwd=tmp_path)
    assert_refused(run, 2, "faq.yaml:2:10: error: YAML anchors and aliases", "are not allowed")
    assert run.seconds < 10


def test_aliased_sections_and_questions_are_refused(tmp_path: Path):
    questions = "\n".join("        - *q" for _ in range(300))
    text = (
        VALID.split("sections:")[0]
        + "templates:\n  - &q {question: Why?, answer: Because.}\n"
        + "sections:\n  - &s\n    title: S\n    questions:\n"
        + questions
        + "\n"
        + "\n".join("  - *s" for _ in range(300))
        + "\n"
    )
    run = faq_export("validate", str(source(tmp_path, text)), cwd=tmp_path)
    assert_refused(run, 2, "YAML anchors and aliases")


def test_twenty_thousand_identical_questions_get_ids_in_linear_time(tmp_path: Path):
    questions = "\n".join("      - question: Why?\n        answer: Because." for _ in range(20_000))
    text = VALID.split("    questions:")[0] + "    questions:\n" + questions + "\n"
    path = source(tmp_path, text)
    run = faq_export("--limit", "questions=30000", "validate", str(path), cwd=tmp_path)
    assert run.code == 0, run.err
    assert "20000 questions" in run.out
    assert run.seconds < 60
    refused = faq_export("validate", str(path), cwd=tmp_path)
    assert_refused(refused, 2, "more than 10,000 questions", "--limit questions=N")


def test_a_huge_source_is_refused_before_it_is_read(tmp_path: Path):
    path = tmp_path / "faq.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(with_answer("x"))
        handle.write("# " + "x" * 3_000_000 + "\n")
    run = faq_export("build", str(path), cwd=tmp_path)
    assert_refused(run, 2, "is larger than 2,000,000 bytes", "--limit source_bytes=")


def test_a_huge_answer_is_refused_with_its_line(tmp_path: Path):
    text = VALID.replace("answer: Because.", "answer: " + "word " * 240_000)
    run = faq_export("build", str(source(tmp_path, text)), cwd=tmp_path)
    assert_refused(run, 2, "faq.yaml:19:17:", "more than 1,000,000", "--limit text_chars=")
    assert run.seconds < 60


def test_a_limit_can_be_raised_on_the_command_line(tmp_path: Path):
    text = VALID.replace("answer: Because.", "answer: " + "word " * 300)
    path = source(tmp_path, text)
    assert faq_export("validate", str(path), cwd=tmp_path).code == 0
    run = faq_export("--limit", "text_chars=100", "validate", str(path), cwd=tmp_path)
    assert_refused(run, 2, "more than 100")
    run = faq_export("--limit", "nonsense=1", "validate", str(path), cwd=tmp_path)
    assert_refused(run, 2, "no limit is called 'nonsense'")


# --- silent loss becomes an error -------------------------------------------------------------


def test_a_list_nested_too_deep_is_an_error_not_a_lost_answer(tmp_path: Path):
    deep = "\n".join("  " * level + f"- level {level}" for level in range(12))
    run = faq_export(
        "build", str(source(tmp_path, with_answer(deep + "\n\nThe end."))), cwd=tmp_path
    )
    assert_refused(run, 2, "lists and quotations are nested more than 10 deep")


def test_deep_emphasis_is_an_error_not_a_recursion(tmp_path: Path):
    text = VALID.replace("answer: Because.", 'answer: "' + "*" * 5000 + "x" + "*" * 5000 + '"')
    run = faq_export("build", str(source(tmp_path, text)), cwd=tmp_path)
    assert_refused(run, 2, "emphasis and links are nested more than 20 deep")


def test_ten_thousand_brackets_are_only_text(tmp_path: Path):
    text = VALID.replace("answer: Because.", 'answer: "' + "[" * 10_000 + 'x"')
    run = faq_export("build", str(source(tmp_path, text)), "--format", "epub", cwd=tmp_path)
    assert run.code == 0, run.err


def png(width: int, height: int, body: bytes | None = None) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = body if body is not None else zlib.compress(b"\x00" + b"\x00\x00\x00" * width)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("image", "words"),
    [
        (png(2**31 - 1, 2**31 - 1, zlib.compress(b"\0" * 64)), "pixels, more than 40,000,000"),
        (png(30_000, 30_000, zlib.compress(b"\0" * 30_000_000)), "pixels, more than 40,000,000"),
        (png(10, 10, b"garbage"), "cannot be decoded"),
        (
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xc0\x00\x11\x08"
            b"\x00\x10\x00\x10\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01",
            "cannot be decoded",
        ),
    ],
    ids=["header-claims-2^62", "decompression-bomb", "png-garbage", "truncated-jpeg"],
)
def test_a_hostile_image_is_refused_at_its_line(tmp_path: Path, image: bytes, words: str):
    (tmp_path / "chart.png").write_bytes(image)
    text = VALID.replace("answer: Because.", "answer: '![A chart](chart.png)'")
    run = faq_export("build", str(source(tmp_path, text)), cwd=tmp_path)
    assert_refused(run, 2, "faq.yaml:19:", words)
    assert "object at 0x" not in run.err


@pytest.mark.parametrize(
    ("image", "words"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"
            + struct.pack(">IIBBBBB", 10, 10, 3, 2, 0, 0, 0)
            + b"\x00\x00\x00\x00",
            "cannot be decoded: cannot identify image file",
        )
    ],
    ids=["png-signature-broken-header"],
)
def test_an_image_pillow_cannot_identify_is_refused_in_words(
    tmp_path: Path, image: bytes, words: str
):
    (tmp_path / "chart.png").write_bytes(image)
    text = VALID.replace("answer: Because.", "answer: '![A chart](chart.png)'")
    run = faq_export("build", str(source(tmp_path, text)), cwd=tmp_path)
    assert_refused(run, 2, "faq.yaml:19:", words)


@pytest.mark.parametrize("name", ["my chart.png", "it's.png", "a#b.png", "why?.png", "100%.png"])
def test_any_image_name_gives_a_valid_epub_and_pdf(tmp_path: Path, name: str):
    shutil.copy(ROOT / "tests" / "sources" / "red.png", tmp_path / name)
    target = name.replace("%", "%25").replace("#", "%23").replace("?", "%3F").replace(" ", "%20")
    text = VALID.replace("answer: Because.", f'answer: "![A red square]({target})"')
    run = faq_export("build", str(source(tmp_path, text)), "--out", "out", cwd=tmp_path)
    assert run.code == 0, run.err
    with zipfile.ZipFile(tmp_path / "out" / "test-faq.epub") as epub:
        assert "EPUB/images/image-1.png" in epub.namelist()
    with pikepdf.open(tmp_path / "out" / "test-faq.pdf") as pdf:
        images = [
            o
            for o in pdf.objects
            if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
        ]
        assert images


# --- outputs are replaced as a set ------------------------------------------------------------


def test_a_folder_where_a_document_goes_leaves_every_previous_document(tmp_path: Path, previous):
    (tmp_path / "out" / "test-faq.docx").unlink()
    (tmp_path / "out" / "test-faq.docx").mkdir()
    previous.pop("test-faq.docx")
    run = faq_export("build", str(source(tmp_path, VALID)), "--out", "out", cwd=tmp_path)
    assert_refused(run, 2, "is a folder", "nothing was written")
    out = tmp_path / "out"
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == previous
    assert not list(out.glob(".*.tmp"))


def test_a_full_disk_leaves_every_previous_document(tmp_path: Path, previous):
    """Once the documents are rendered, RLIMIT_FSIZE makes every write past 64 KiB fail as a
    full disk would (EFBIG): the EPUB and the DOCX are larger, the PDF is not."""
    path = source(tmp_path, VALID)
    code = (
        "import resource, signal, sys\n"
        "import faq_export.output as build\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "original = build.write_set\n"
        "def disk_nearly_full(files):\n"
        "    resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))\n"
        "    return original(files)\n"
        "build.write_set = disk_nearly_full\n"
        "from faq_export.cli import main\n"
        f"sys.exit(main(['build', {str(path)!r}, '--out', 'out']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert_unchanged(tmp_path, previous)


def test_stale_temporary_files_of_a_killed_build_are_removed(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".test-faq.epub.x1y2.tmp"
    stale.write_bytes(b"half")
    run = faq_export("build", str(source(tmp_path, VALID)), "--out", "out", cwd=tmp_path)
    assert run.code == 0, run.err
    assert not stale.exists()


def test_sigterm_during_a_build_leaves_no_temporary_file(tmp_path: Path, previous):
    import signal
    import time

    path = source(tmp_path, FAQ.read_text(encoding="utf-8").replace("slug:", "x-slug:"))
    child = subprocess.Popen(
        [sys.executable, "-m", "faq_export", "build", str(path), "--out", "out"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=TIME_LIMIT)
    assert "Traceback" not in err
    out = tmp_path / "out"
    assert not list(out.glob(".*.tmp"))
    assert all((out / name).read_bytes() == data for name, data in previous.items())


# --- our errors, never a traceback -------------------------------------------------------------

BROKEN = [
    (
        "nul-escape",
        VALID.replace("title: Test FAQ", 'title: "Test\\0FAQ"'),
        "faq.yaml:2:15:",
        "U+0000",
    ),
    (
        "control-escape",
        VALID.replace("title: Test FAQ", 'title: "Test\\x01"'),
        "faq.yaml:2:15:",
        "U+0001",
    ),
    (
        "lone-surrogate",
        VALID.replace("title: Test FAQ", 'title: "Test\\uD800"'),
        "faq.yaml:2:15:",
        "U+D800",
    ),
    (
        "non-character",
        VALID.replace("title: Test FAQ", 'title: "Test\\uFFFE"'),
        "faq.yaml:2:15:",
        "U+FFFE",
    ),
    ("raw-nul", VALID.replace("title: Test FAQ", "title: Test\x00FAQ"), "faq.yaml:2:14:", "U+0000"),
    ("raw-bel", VALID.replace("It is a test.", "It is\x07 a test."), "faq.yaml:14:16:", "U+0007"),
    (
        "tag-on-sections",
        VALID.replace("sections:", "sections: !custom"),
        "faq.yaml:8:11:",
        "a YAML tag",
    ),
    (
        "date-9999",
        VALID.replace("date: 2026-01-15", "date: 9999-12-31"),
        "faq.yaml:6:9:",
        "outside 1980",
    ),
    (
        "javascript-link",
        VALID.replace("answer: Because.", "answer: '[x](javascript:alert(1))'"),
        "faq.yaml:19:",
        "neither a web address",
    ),
    (
        "data-link",
        VALID.replace("answer: Because.", "answer: '[x](data:text/html,hi)'"),
        "faq.yaml:19:",
        "neither a web address",
    ),
    (
        "file-link",
        VALID.replace("answer: Because.", "answer: '[x](file:///etc/passwd)'"),
        "faq.yaml:19:",
        "neither a web address",
    ),
    (
        "slug-too-long",
        VALID.replace("  title: Test FAQ", "  title: Test FAQ\n  slug: " + "a" * 237),
        "faq.yaml:3:9:",
        "cannot be a file name",
    ),
]


@pytest.mark.parametrize(
    ("text", "where", "words"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN]
)
def test_broken_text_is_an_error_at_its_position(tmp_path: Path, text: str, where: str, words: str):
    run = faq_export("build", str(source(tmp_path, text)), "--out", "out", cwd=tmp_path)
    assert_refused(run, 2, where, words)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("epoch", ["abc", "4354819200", "-1"])
def test_a_source_date_epoch_out_of_range_is_an_error(tmp_path: Path, epoch: str):
    run = faq_export(
        "build", str(source(tmp_path, VALID)), cwd=tmp_path, env={"SOURCE_DATE_EPOCH": epoch}
    )
    assert_refused(run, 2, "SOURCE_DATE_EPOCH", "between 1980 and 2107")


def test_a_fifo_is_refused_not_waited_for(tmp_path: Path):
    fifo = tmp_path / "faq.yaml"
    os.mkfifo(fifo)
    assert_refused(faq_export("validate", str(fifo), cwd=tmp_path), 2, "not a regular file")
    assert_refused(faq_export("check", str(fifo), cwd=tmp_path), 2, "not a regular file")
    image_dir = tmp_path / "content"
    image_dir.mkdir()
    os.mkfifo(image_dir / "chart.png")
    path = source(image_dir, VALID.replace("answer: Because.", "answer: '![A chart](chart.png)'"))
    assert_refused(faq_export("validate", str(path), cwd=tmp_path), 2, "not a regular file")


def test_relative_and_missing_template_folders(tmp_path: Path):
    shutil.copytree(ROOT / "templates" / "print", tmp_path / "print")
    path = source(tmp_path, VALID)
    assert (
        faq_export("build", str(path), "--templates", "print", "--format", "pdf", cwd=tmp_path).code
        == 0
    )
    run = faq_export("build", str(path), "--templates", "nowhere", cwd=tmp_path)
    assert_refused(run, 2, "has no document.html.j2")
    (tmp_path / "print" / "document.html.j2").write_text("{% include 'missing.html' %}")
    run = faq_export("build", str(path), "--templates", "print", cwd=tmp_path)
    assert_refused(run, 2, "missing.html")


def test_a_template_cannot_run_commands_or_read_outside_its_folder(tmp_path: Path):
    shutil.copytree(ROOT / "templates" / "print", tmp_path / "print")
    template = tmp_path / "print" / "document.html.j2"
    original = template.read_text()

    def after_body(markup: str) -> str:
        start = original.index("<body")
        end = original.index(">", start) + 1
        return original[:end] + markup + original[end:]

    template.write_text(after_body("{{ cycler.__init__.__globals__.os.popen('id').read() }}"))
    path = source(tmp_path, VALID)
    run = faq_export("build", str(path), "--templates", "print", cwd=tmp_path)
    assert_refused(run, 2, "may not do")
    (tmp_path / "print" / "secret.html").symlink_to("/etc/passwd")
    template.write_text(after_body("{% include 'secret.html' %}"))
    run = faq_export("build", str(path), "--templates", "print", cwd=tmp_path)
    assert_refused(run, 2, "leads outside the template folder")
    assert "root:" not in run.err


# --- check: bounded, never a traceback, nothing raw on the terminal -------------------------------


def test_check_refuses_a_zip_bomb(tmp_path: Path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b"a" * 200_000_000)
    assert bomb.stat().st_size < 1_000_000
    run = faq_export("check", str(bomb), cwd=tmp_path)
    assert_refused(run, 2, "inflates", "zip bomb")
    assert run.seconds < 60


def test_check_refuses_devices_and_huge_files(tmp_path: Path):
    assert_refused(faq_export("check", "/dev/zero", cwd=tmp_path), 2, "not a regular file")
    sparse = tmp_path / "sparse.pdf"
    with sparse.open("wb") as handle:
        handle.seek(3 * 1024**3)
        handle.write(b"%PDF-1.7")
    run = faq_export("check", str(sparse), cwd=tmp_path)
    assert_refused(run, 2, "more than 512,000,000")


def deep_pdf(tmp_path: Path, depth: int, outline: bool) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    if outline:
        parent = pdf.Root.Outlines = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.Outlines)
        )
        for level in range(depth):
            item = pdf.make_indirect(pikepdf.Dictionary(Title=f"level {level}", Parent=parent))
            parent.First = parent.Last = item
            parent = item
    else:
        root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        pdf.Root.StructTreeRoot = root
        element = root
        for _ in range(depth):
            kid = pdf.make_indirect(
                pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Div, P=element)
            )
            element.K = kid
            element = kid
    path = tmp_path / ("outline.pdf" if outline else "tree.pdf")
    pdf.save(path)
    return path


@pytest.mark.parametrize(
    ("depth", "outline"), [(1000, False), (5000, True)], ids=["tree-1000", "outline-5000"]
)
def test_check_walks_deep_pdfs_without_recursion(tmp_path: Path, depth: int, outline: bool):
    run = faq_export("check", str(deep_pdf(tmp_path, depth, outline)), cwd=tmp_path)
    assert run.code in (0, 1, 2), run.err
    assert "Traceback" not in run.err and "RecursionError" not in run.err + run.out


def test_check_never_sends_control_characters_to_the_terminal(tmp_path: Path, every_node_outputs):
    with pikepdf.open(every_node_outputs["pdf"]) as pdf:
        figure = next(
            o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"
        )
        figure.Alt = pikepdf.String("\x1b]0;pwned\x07\x1b[2J IMG.png")
        pdf.save(tmp_path / "escape.pdf")
    run = faq_export("check", str(tmp_path / "escape.pdf"), cwd=tmp_path)
    assert "\x1b" not in run.out + run.err and "\x07" not in run.out + run.err
    assert "\\x1b]0;pwned" in run.out


def test_an_internal_error_is_one_line_and_exit_3(tmp_path: Path):
    code = (
        "import sys\n"
        "import faq_export.cli as cli\n"
        "def broken(*a, **k):\n"
        "    raise ZeroDivisionError('deliberately')\n"
        "cli.run_validate = broken\n"
        f"sys.exit(cli.main(['validate', {str(FAQ)!r}]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 3
    assert "internal error: ZeroDivisionError: deliberately" in result.stderr
    assert "This is a bug in faq-export" in result.stderr and "Traceback" not in result.stderr
    result = subprocess.run(
        [sys.executable, "-c", code.replace("['validate'", "['--debug', 'validate'")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert "Traceback" in result.stderr


def test_every_node_source_still_builds(tmp_path: Path):
    """The hostile guards let a source that uses every node through."""
    shutil.copytree(EVERY_NODE.parent, tmp_path / "sources")
    run = faq_export(
        "build", str(tmp_path / "sources" / EVERY_NODE.name), "--out", "out", cwd=tmp_path
    )
    assert run.code == 0, run.err
    assert "Traceback" not in run.err


def test_hostile_folder_sources_are_refused(tmp_path: Path):
    """The small hostile sources kept in tests/hostile/, each with its expected message in
    its first line (``# expect: …``)."""
    for path in sorted(HOSTILE.glob("*.yaml")):
        expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
        run = faq_export("validate", str(path), cwd=tmp_path)
        assert run.code == 2, path.name
        assert expected in run.err, (path.name, run.err)
        assert "Traceback" not in run.err


@pytest.mark.parametrize(
    ("text", "character"),
    [("Tamil வணக்கம்", "U+0BB5"), ("A unicorn 🦄", "U+1F984"), ("Hindi नमस्ते", "U+0928")],
)
def test_a_character_no_typeface_can_print_is_an_error_at_its_line(tmp_path, text, character):
    """Never a missing-glyph box, never the machine's own fonts: an error at the line."""
    run = faq_export("build", str(source(tmp_path, with_answer("Fine.\n\n" + text))), cwd=tmp_path)
    assert_refused(run, 2, "faq.yaml:22:", character, "which no typeface faq-export embeds")


def test_characters_atkinson_lacks_are_printed_in_dejavu(tmp_path: Path):
    """IPA (etcd's FAQ), arrows and Greek are in DejaVu Sans, which the PDF embeds."""
    path = source(tmp_path, with_answer("Pronounced /ˈɛtsiːdiː/ → α β γ"))
    run = faq_export("build", str(path), "--format", "pdf", "--out", "out", cwd=tmp_path)
    assert run.code == 0, run.err
    with pikepdf.open(tmp_path / "out" / "test-faq.pdf") as pdf:
        fonts = {
            str(font.get("/BaseFont", ""))
            for page in pdf.pages
            for _, font in page.Resources.get("/Font", {}).items()
        }
    assert any("DejaVu-Sans" in name for name in fonts), fonts
