"""The alternate formats in the set: the command line builds them on request with the others,
`outputs` and `check` know them, the manifest lists each with its verdict, and a build of all
six is one layout, one check and one manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from faq_export.cli import main
from faq_export.output import ALL_FORMATS
from tests.conftest import EVERY_NODE


def test_outputs_names_every_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert (
        main(
            ["outputs", str(EVERY_NODE), "--format", ",".join(ALL_FORMATS), "--out", str(tmp_path)]
        )
        == 0
    )
    printed = capsys.readouterr().out.split()
    assert [Path(p).suffix for p in printed] == [f".{fmt}" for fmt in ALL_FORMATS]


def test_all_six_in_one_build_each_listed_with_its_verdict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    formats = ",".join(ALL_FORMATS)
    assert main(["build", str(EVERY_NODE), "--format", formats, "--out", str(tmp_path)]) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    entries = {entry["format"]: entry for entry in manifest["files"]}
    assert list(entries) == list(ALL_FORMATS)
    assert all(entry["check"]["passed"] for entry in entries.values())
    assert (
        entries["brf"]["pages"] == (tmp_path / entries["brf"]["file"]).read_bytes().count(b"\f") + 1
    )
    assert entries["html"]["pages"] is None and entries["txt"]["pages"] is None
    # `check` judges the web page and the braille like any file (a BRF by its name).
    capsys.readouterr()
    html, brf = (tmp_path / entries[fmt]["file"] for fmt in ("html", "brf"))
    assert main(["check", str(html), str(brf)]) == 0
    out = capsys.readouterr().out
    assert f"{html}: passed" in out and f"{brf}: passed" in out


def test_a_braille_option_out_of_range_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["build", str(EVERY_NODE), "--format", "brf", "--braille-page", "8x3"])
    assert exit_.value.code == 2
    assert "choose 12–100 cells by 5–100 lines" in capsys.readouterr().err


def test_a_smaller_braille_page_and_grade_1_reach_the_file(tmp_path: Path) -> None:
    args = ["build", str(EVERY_NODE), "--format", "brf", "--out", str(tmp_path)]
    assert main([*args, "--braille-page", "32x20", "--braille-grade", "1"]) == 0
    data = next(tmp_path.glob("*.brf")).read_bytes()
    pages = [page.removesuffix(b"\r\n").split(b"\r\n") for page in data.split(b"\f")]
    assert len(pages) > 1 and all(len(lines) <= 20 for lines in pages)
    assert max(len(line) for lines in pages for line in lines) == 32
