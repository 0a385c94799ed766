"""Same source, same bytes; SOURCE_DATE_EPOCH sets the dates written into the documents."""

from __future__ import annotations

import zipfile

import pikepdf
import pytest

from faq_export.pipeline import FORMATS, render_all


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_builds_give_the_same_bytes(faq, fmt):
    assert render_all(faq, (fmt,)) == render_all(faq, (fmt,))


def test_source_date_epoch_sets_the_dates(faq, monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    rendered = render_all(faq, FORMATS)
    for fmt in ("epub", "docx"):
        path = tmp_path / f"x.{fmt}"
        path.write_bytes(rendered[fmt])
        with zipfile.ZipFile(path) as z:
            assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}
    opf = zipfile.ZipFile(tmp_path / "x.epub").read("EPUB/content.opf").decode()
    assert '<meta property="dcterms:modified">2026-01-01T00:00:00Z</meta>' in opf
    core = zipfile.ZipFile(tmp_path / "x.docx").read("docProps/core.xml").decode()
    assert "2026-01-01T00:00:00Z" in core
    (tmp_path / "x.pdf").write_bytes(rendered["pdf"])
    with pikepdf.open(tmp_path / "x.pdf") as pdf:
        assert str(pdf.docinfo["/ModDate"]).startswith("D:20260101000000")


def test_without_source_date_epoch_the_release_date_is_used(faq, monkeypatch, tmp_path):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    path = tmp_path / "x.epub"
    path.write_bytes(render_all(faq, ("epub",))["epub"])
    with zipfile.ZipFile(path) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 26, 0, 0, 0)}


def test_two_processes_with_different_hash_seeds_give_the_same_files(tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        subprocess.run(
            [sys.executable, "-m", "faq_export", "build", "-q", "--out", str(out)],
            cwd=ROOT,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert len(outputs[0]) == 4 and outputs[0] == outputs[1]


def test_the_pydyf_workaround_changes_no_byte(faq):
    """render/engine/pydyf_pages.py keeps pydyf's page references between reads: the PDF is
    the same with pydyf's own property."""
    from faq_export.render import engine
    from faq_export.render.pdf import lay_out

    layout = lay_out(faq)
    patched = layout.pdf()
    others = [p.name for p in engine.patches() if p.name != "pydyf-page-references"]
    with engine.patched(names=others) as in_place:
        assert "pydyf-page-references" not in in_place
        original = layout.pdf()
    assert patched == original
