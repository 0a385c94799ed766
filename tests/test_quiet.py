"""Quiet builds (#24): a build that passes prints nothing but what it was asked to, and no
library's chatter (fontTools' "FFTM NOT subset", WeasyPrint's or pikepdf's warnings) reaches a
user's terminal: captured at the file descriptor, so the children of a build count too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from faq_export.cli import main
from tests.conftest import EVERY_NODE, ROOT

SOURCES = [
    EVERY_NODE,  # code, a table, an image, passages in Spanish and Arabic
    ROOT / "tests" / "realworld" / "etcd-faq.yaml",  # code and long addresses
    ROOT / "examples" / "faq-zh-Hans.yaml",  # CJK typefaces
]


def _quiet_build(source: Path, tmp_path: Path, cold: bool) -> tuple[int, str, str]:
    """``faq-export build --quiet --draft`` in a process of its own, as a user runs it:
    pytest's log capture would take a library's warning that Python's last-resort handler
    writes to stderr in a user's run. ``cold``: with an empty cache folder, as a first build
    (its typefaces not yet cut down for the EPUB, when fontTools spoke)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if cold:
        env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    out = str(tmp_path / "out")
    result = subprocess.run(
        [sys.executable, "-m", "faq_export", "build", str(source), "--out", out, "-q", "--draft"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_a_quiet_build_prints_nothing(source: Path, tmp_path: Path) -> None:
    # The Chinese face is left in the shared cache: copying it out takes seconds.
    assert _quiet_build(source, tmp_path, cold="zh-Hans" not in source.name) == (0, "", "")


def test_a_build_prints_only_its_own_lines(tmp_path: Path, capfd: pytest.CaptureFixture[str]):
    assert main(["build", str(EVERY_NODE), "--out", str(tmp_path)]) == 0
    out, err = capfd.readouterr()
    assert err == ""
    assert all(line.startswith("wrote ") for line in out.splitlines())


def test_a_first_build_in_typefaces_fonttools_cannot_fully_subset_prints_nothing(
    tmp_path: Path,
) -> None:
    """Cyrillic text is set in DejaVu Sans, whose FontForge table (FFTM) fontTools cannot
    cut down for the EPUB: it said so on stderr at the first build (an empty cache)."""
    from tests.test_source_errors import VALID

    source = tmp_path / "faq.yaml"
    source.write_text(
        VALID.replace("language: en-US", "language: ru").replace(
            "It is a test.", "Это проверка: `код` и текст."
        ),
        encoding="utf-8",
    )
    assert _quiet_build(source, tmp_path, cold=True) == (0, "", "")
