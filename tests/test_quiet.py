"""Quiet builds (#24): a build that passes prints nothing but what it was asked to, and no
library's chatter (fontTools' "FFTM NOT subset", WeasyPrint's or pikepdf's warnings) reaches a
user's terminal: captured at the file descriptor, so the children of a build count too."""

from __future__ import annotations

from pathlib import Path

import pytest

from faq_export.cli import main
from tests.conftest import EVERY_NODE, ROOT

SOURCES = [
    EVERY_NODE,  # code, a table, an image, passages in Spanish and Arabic
    ROOT / "tests" / "realworld" / "etcd-faq.yaml",  # code and long addresses
    ROOT / "examples" / "faq-zh-Hans.yaml",  # CJK typefaces
]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_a_quiet_build_prints_nothing(
    source: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(source), "--out", str(tmp_path), "--quiet"]) == 0
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_a_build_prints_only_its_own_lines(tmp_path: Path, capfd: pytest.CaptureFixture[str]):
    assert main(["build", str(EVERY_NODE), "--out", str(tmp_path)]) == 0
    out, err = capfd.readouterr()
    assert err == ""
    assert all(line.startswith("wrote ") for line in out.splitlines())


def test_a_first_build_with_an_empty_cache_prints_nothing(tmp_path: Path):
    """In a process of its own, as a user runs it: the test process's logging (pytest's
    handlers) would swallow a library's warning that a terminal gets through Python's last
    resort handler. An empty cache folder makes the EPUB cut its typefaces again (fontTools
    warned "FFTM NOT subset" six times for etcd's)."""
    import os
    import subprocess
    import sys

    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "faq_export",
            "build",
            str(SOURCES[1]),
            "--quiet",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")},
        timeout=300,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert any((tmp_path / "cache").rglob("*")), "the build made its cache"
