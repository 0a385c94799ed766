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
