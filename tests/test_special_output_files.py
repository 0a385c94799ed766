"""An output path taken by a named pipe, a device, a socket or a symbolic link: `import -o`
and `build --out` refuse it (exit 2, a message naming what it is, nothing written), where
they swapped it for a regular file ("wrote /dev/null" as root, a link cut off from its file).
Only files made here, in tmp_path: never a real device."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from faq_export.cli import main

SOURCE = "# Help\n\n## How do I pay?\n\nBy card.\n\n## Can I cancel?\n\nYes.\n"


def special(kind: str, path: Path) -> str:
    """Make ``path`` a thing of ``kind``; what the message calls it."""
    if kind == "fifo":
        os.mkfifo(path)
        return "is a named pipe (FIFO), not a regular file"
    (path.parent / "kept.txt").write_text("the link's own file\n", encoding="utf-8")
    path.symlink_to("kept.txt")
    return "is a symbolic link (to kept.txt)"


def unchanged(kind: str, path: Path) -> None:
    mode = os.lstat(path).st_mode
    if kind == "fifo":
        assert stat.S_ISFIFO(mode)
    else:
        assert stat.S_ISLNK(mode) and os.readlink(path) == "kept.txt"
        assert (path.parent / "kept.txt").read_text(encoding="utf-8") == "the link's own file\n"
    assert not list(path.parent.glob(".*.tmp"))


@pytest.mark.parametrize("kind", ["fifo", "symlink"])
@pytest.mark.parametrize("force", [True, False])
def test_import_refuses_an_output_that_is_no_regular_file(
    kind: str, force: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    source = tmp_path / "faq.md"
    source.write_text(SOURCE, encoding="utf-8")
    target = tmp_path / "faq.yaml"
    said = special(kind, target)
    args = ["import", str(source), "--language", "en", "-o", str(target)]
    assert main(args + (["--force"] if force else [])) == 2
    out, err = capsys.readouterr()
    assert f"error: {target} {said}" in err and "nothing was written" in err
    assert "wrote" not in out and "Traceback" not in err
    unchanged(kind, target)


@pytest.mark.parametrize("kind", ["fifo", "symlink"])
def test_build_refuses_an_output_that_is_no_regular_file(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    source = tmp_path / "faq.md"
    source.write_text(SOURCE, encoding="utf-8")
    faq = tmp_path / "faq.yaml"
    assert main(["import", str(source), "--language", "en", "-o", str(faq)]) == 0
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    capsys.readouterr()
    assert main(["outputs", str(faq), "--format", "txt", "--out", str(out_dir)]) == 0
    text = Path(capsys.readouterr().out.split()[0])
    said = special(kind, text)
    assert main(["build", str(faq), "--format", "txt", "--out", str(out_dir), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"error: {text} {said}" in err
    assert "nothing was written; the previous documents are unchanged" in err
    unchanged(kind, text)
    assert not (out_dir / "manifest.json").exists()  # the set: none of it written

    # A link to the output folder is a folder: the build writes into it.
    (tmp_path / "real").mkdir()
    (tmp_path / "linked").symlink_to("real")
    linked = ["build", str(faq), "--format", "txt", "--out", str(tmp_path / "linked")]
    assert main([*linked, "--quiet"]) == 0
    assert stat.S_ISREG(os.lstat(tmp_path / "real" / text.name).st_mode)
