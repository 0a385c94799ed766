"""Rendering reads nothing outside the content folder, the print template and the fonts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from faq_export.render.pdf import PdfRenderError, render_pdf
from tests.conftest import ROOT


@pytest.mark.parametrize(
    "resource",
    [
        "file:///etc/passwd",
        "https://example.org/logo.png",
        "../../../../etc/hostname",
    ],
)
def test_a_template_cannot_make_weasyprint_read_elsewhere(faq, tmp_path: Path, resource: str):
    templates = tmp_path / "print"
    shutil.copytree(ROOT / "templates" / "print", templates)
    css = templates / "print.css"
    css.write_text(css.read_text() + f'\n.cover {{ background: url("{resource}"); }}\n')
    with pytest.raises(PdfRenderError, match="refused to read"):
        render_pdf(faq, templates)


def test_an_image_is_embedded_from_the_model_not_read_again(every_node, every_node_outputs):
    import pikepdf

    with pikepdf.open(every_node_outputs["pdf"]) as pdf:
        images = {
            x.objgen: x
            for page in pdf.pages
            for _, x in page.Resources.get("/XObject", {}).items()
            if x.get("/Subtype") == "/Image"
        }
    [image] = images.values()
    assert (int(image.Width), int(image.Height)) == (8, 8)
