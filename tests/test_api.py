"""The library API (``faq_export.build``, ``check``, ``load``), the release manifest, and
``faq-export init``: what a release script or a new project relies on."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

import faq_export
from faq_export.checks.findings import Severity
from tests.conftest import EVERY_NODE, FAQ, ROOT
from tests.test_content_rules import ADVICE

SLUG = "sharing-quality-services-faq"


def loaded_after(code: str, heavy: set[str]) -> list[str]:
    """Which of the ``heavy`` packages a fresh Python has imported after running ``code``."""
    script = (
        f"import sys\n{code}\nprint(sorted({heavy!r} & {{n.split('.')[0] for n in sys.modules}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return list(ast.literal_eval(result.stdout))


def test_import_is_light():
    """`import faq_export` (and so `faq-export --help`) loads none of the heavy libraries."""
    heavy = {"weasyprint", "pikepdf", "docx", "ebooklib", "lxml", "ruamel", "markdown_it"}
    assert loaded_after("import faq_export, faq_export.cli", heavy) == []


def test_validate_loads_no_renderer_and_no_pdf_library():
    """`validate` (an editor's command, run often) reads the source and judges its content:
    it imports neither WeasyPrint, pikepdf, python-docx nor ebooklib."""
    code = (
        "from faq_export.cli import main\nassert main(['validate', '-q', 'content/faq.yaml']) == 0"
    )
    assert loaded_after(code, {"weasyprint", "pikepdf", "docx", "ebooklib", "page"}) == []


def test_build_writes_the_documents_and_a_manifest(tmp_path: Path):
    report = faq_export.build(FAQ, tmp_path)
    assert report.passed and report.failures == []
    assert [w.format for w in report.written] == ["pdf", "epub", "docx", "manifest"]
    for item in report.written:
        assert item.path.read_bytes().__len__() == item.size
    assert report.manifest == tmp_path / "manifest.json"
    assert report.outputs["pdf"] == tmp_path / f"{SLUG}.pdf"
    # The source's accepted intro link is in every format's findings, as accepted.
    for found in report.findings.values():
        assert [(f.rule, f.accepted is not None) for f in found] == [("FE-LINK-TEXT", True)]

    manifest = json.loads(report.manifest.read_text(encoding="utf-8"))
    assert manifest["manifest_version"] == 1
    assert manifest["generator"] == {"name": "faq-export", "version": faq_export.__version__}
    assert manifest["source"]["identifier"] == report.document.metadata.identifier
    assert manifest["source"]["sha256"] == hashlib.sha256(FAQ.read_bytes()).hexdigest()
    assert manifest["built"] == "2026-11-26T00:00:00Z" or "SOURCE_DATE_EPOCH" in os.environ
    entries = {entry["format"]: entry for entry in manifest["files"]}
    assert list(entries) == ["pdf", "epub", "docx"]
    for fmt, entry in entries.items():
        data = (tmp_path / entry["file"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["check"] == {
            "passed": True,
            "strict": False,
            "errors": 0,
            "warnings": 0,
            "accepted": 1,
        }, fmt
    with pikepdf.open(tmp_path / entries["pdf"]["file"]) as pdf:
        assert entries["pdf"]["pages"] == len(pdf.pages)
    assert entries["pdf"]["standards"] == ["PDF/UA-1", "PDF/A-2a"]
    assert entries["epub"]["pages"] == entries["pdf"]["pages"]
    assert "EPUB Accessibility 1.1" in entries["epub"]["standards"]
    assert entries["docx"]["pages"] is None


def test_the_manifest_is_reproducible_and_keeps_what_is_still_true(tmp_path: Path):
    faq_export.build(FAQ, tmp_path / "a")
    faq_export.build(FAQ, tmp_path / "b")
    first = (tmp_path / "a" / "manifest.json").read_bytes()
    assert first == (tmp_path / "b" / "manifest.json").read_bytes()
    # Rebuilding one format keeps the others' entries while their files are unchanged ...
    faq_export.build(FAQ, tmp_path / "a", formats=["docx"])
    assert (tmp_path / "a" / "manifest.json").read_bytes() == first
    # ... and drops an entry whose file changed since.
    (tmp_path / "a" / f"{SLUG}.epub").write_bytes(b"changed")
    faq_export.build(FAQ, tmp_path / "a", formats=["docx"])
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["format"] for entry in manifest["files"]] == ["pdf", "docx"]


def test_a_failed_check_is_a_report_not_an_exception_and_writes_nothing(tmp_path: Path):
    report = faq_export.build(ADVICE, tmp_path / "out", strict=True, formats=("epub",))
    assert not report.passed and report.written == [] and report.manifest is None
    assert [(f.rule, f.severity) for f in report.failures] == [("FE-LINK-TEXT", Severity.WARNING)]
    assert report.failures[0].source == f"{ADVICE}:19:44"
    assert not (tmp_path / "out").exists()
    # Without strict the warning is advice: the build writes.
    report = faq_export.build(ADVICE, tmp_path / "out", formats=("epub",), manifest=False)
    assert report.passed and [w.format for w in report.written] == ["epub"]


def test_mistakes_in_the_input_are_exceptions_with_their_positions(tmp_path: Path):
    broken = tmp_path / "faq.yaml"
    broken.write_text(FAQ.read_text(encoding="utf-8").replace("language:", "langauge:", 1))
    with pytest.raises(faq_export.SourceErrors) as caught:
        faq_export.load(broken)
    assert any(str(e).startswith(f"{broken}:7:3: error:") for e in caught.value.errors)
    with pytest.raises(faq_export.SourceErrors):
        faq_export.build(broken, tmp_path / "out")
    with pytest.raises(ValueError, match="unknown formats"):
        faq_export.build(FAQ, tmp_path / "out", formats=["odt"])
    with pytest.raises(faq_export.CheckInputError):
        faq_export.check(broken)
    assert not (tmp_path / "out").exists()


def test_judge_gives_the_verdicts_the_command_line_prints(faq_outputs: dict[str, Path]):
    judged = faq_export.judge(faq_outputs["pdf"], epubcheck=False)
    assert judged.passed and judged.findings == faq_export.check(faq_outputs["pdf"])
    standards = {v.standard: v.met for v in judged.verdicts}
    assert standards["PDF/UA-1"] and standards["PDF/A-2a"]
    (docx,) = faq_export.judge(faq_outputs["docx"]).verdicts
    assert (docx.standard, docx.outcome) == ("Word's accessibility checker rules", "not proven")
    assert "FE-TEXT-LOST" in (faq_export.explain("FE-TEXT-LOST") or "")
    assert faq_export.explain("NO-SUCH-RULE") is None


def test_check_judges_any_file(faq_outputs: dict[str, Path]):
    for path in faq_outputs.values():
        found = faq_export.check(path, epubcheck=False)
        assert not any(f.fails() for f in found), path


def test_the_readme_example_runs_as_a_plain_script(tmp_path: Path):
    """The README's library example, run as written: a script file without an
    ``if __name__ == "__main__":`` guard (which a library that spawns processes would re-run
    in its children), in a copy of the project's content."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```python\n", 1)[1].split("```", 1)[0]
    assert "faq_export.build(" in example and "__main__" not in example
    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "release.py").write_text(example, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "release.py"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("Traceback") == 0
    assert (tmp_path / "output" / "manifest.json").exists()
    assert "wrote" in result.stdout


def _children() -> set[int]:
    """This process's child processes (Linux: /proc/<pid>/task/<tid>/children)."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


def test_a_library_build_starts_no_process(tmp_path: Path):
    """``faq_export.build`` runs in its caller's process: no child at any step."""
    before = _children()
    seen: list[set[int]] = []
    report = faq_export.build(
        EVERY_NODE, tmp_path / "out", progress=lambda step: seen.append(_children() - before)
    )
    assert report.passed and len(seen) >= 4
    assert all(not started for started in seen), seen


def test_a_build_on_a_thread_works(tmp_path: Path):
    import threading

    reports: list[faq_export.BuildReport] = []
    thread = threading.Thread(
        target=lambda: reports.append(faq_export.build(EVERY_NODE, tmp_path / "out"))
    )
    thread.start()
    thread.join()
    assert reports and reports[0].passed and len(reports[0].written) == 4


def test_in_one_process_and_in_several_the_same_documents(tmp_path: Path):
    """The command line's processes (``processes=True``) change nothing in what is built:
    the same bytes and the same findings as the library's single process."""
    alone = faq_export.build(EVERY_NODE, tmp_path / "alone", manifest=False)
    several = faq_export.build(EVERY_NODE, tmp_path / "several", manifest=False, processes=True)
    for fmt in ("pdf", "epub", "docx"):
        assert alone.outputs[fmt].read_bytes() == several.outputs[fmt].read_bytes(), fmt
        assert alone.findings[fmt] == several.findings[fmt], fmt


# --- faq-export init ----------------------------------------------------------------------


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "faq_export", *args], cwd=cwd, capture_output=True, text=True
    )


def test_init_then_build_in_an_empty_folder(tmp_path: Path):
    project = tmp_path / "new"
    result = cli("init", str(project), "--template", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    made = sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file())
    assert made == [
        ".github/workflows/faq-documents.yml",
        ".gitignore",
        "Makefile",
        "content/faq.yaml",
        "templates/print/document.html.j2",
        "templates/print/print.css",
    ]
    source = (project / "content" / "faq.yaml").read_text(encoding="utf-8")
    assert "{identifier}" not in source and "urn:uuid:" in source
    # The starter validates without a single warning and shows every feature once.
    result = cli("validate", "content/faq.yaml", cwd=project)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    document = faq_export.load(project / "content" / "faq.yaml")
    kinds = {type(block).__name__ for q in document.questions for block in q.answer}
    assert {"Paragraph", "OrderedList", "Table"} <= kinds
    assert document.metadata.subtitle and len(document.sections) == 3
    assert "](#bring)" in source and '"Borrowing policy of the Example Library")' in source
    # The project's Makefile builds with its own copy of the template.
    css = project / "templates" / "print" / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nh1 { letter-spacing: 0.5pt; }\n")
    faq_export_command = f"{sys.executable} -m faq_export"
    result = subprocess.run(
        ["make", f"FAQ_EXPORT={faq_export_command}"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "--templates templates/print" in result.stdout
    outputs = sorted(p.name for p in (project / "output").iterdir())
    assert outputs == [
        "example-library-faq.docx",
        "example-library-faq.epub",
        "example-library-faq.pdf",
        "manifest.json",
    ]
    workflow = (project / ".github" / "workflows" / "faq-documents.yml").read_text()
    assert f"faq-export[epubcheck]=={faq_export.__version__}" in workflow
    assert "make release" in workflow


def test_init_overwrites_nothing(tmp_path: Path):
    (tmp_path / "Makefile").write_text("mine\n")
    result = cli("init", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert "Makefile: error: already exists" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["Makefile"]
    assert (tmp_path / "Makefile").read_text() == "mine\n"


def test_importing_the_renderer_leaves_the_caller_s_find_library():
    """render/engine/imports.py answers WeasyPrint's library look-ups itself while it is
    imported (a start-up speed, measured in `make bench`), and puts ctypes' find_library back:
    a script's own find_library is the one it finds after, and it still answers."""
    script = (
        "import ctypes.util\n"
        "original = ctypes.util.find_library\n"
        "def mine(name):\n"
        "    return original(name)\n"
        "ctypes.util.find_library = mine\n"
        "import faq_export.render.pdf\n"
        "print(ctypes.util.find_library is mine, ctypes.util.find_library('c') is not None)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["True", "True"]


def test_the_fonttools_parts_weasyprint_imports_late_are_the_real_modules():
    """fontTools' subsetter (WeasyPrint's fallback where HarfBuzz cannot subset) and its
    variable-font instancer are imported where WeasyPrint first uses them (a start-up speed,
    measured in `make bench`); there they are the real modules and behave as such."""
    script = (
        "import sys\n"
        "import faq_export.render.pdf\n"
        "from weasyprint.pdf import fonts\n"
        "import fontTools.subset, fontTools.varLib.instancer\n"
        "print(fonts.subset.Subsetter is fontTools.subset.Subsetter,\n"
        "      type(sys.modules['fontTools.subset']).__name__)\n"
        "from fontTools.ttLib import TTFont\n"
        "from faq_export.fonts import ATKINSON\n"
        "try:\n"  # a static font: the real instancer refuses it
        "    fonts.instantiateVariableFont(TTFont(ATKINSON.faces[0].path), {})\n"
        "except ValueError as exc:\n"
        "    print(fonts.instantiateVariableFont.__name__, 'fvar' in str(exc))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["True", "module", "instantiateVariableFont", "True"]


# --- the source's commands as library calls: validate, import, init -------------------------


def test_validate_gives_the_content_findings_without_building():
    validation = faq_export.validate(ADVICE)
    assert validation.document.metadata.title
    assert validation.findings and all(f.source for f in validation.findings)
    assert validation.passed() and not validation.passed(strict=True)


def test_an_import_that_would_lose_text_is_refused_unless_allowed(tmp_path: Path):
    source = tmp_path / "faq.yml"
    source.write_text(
        "- question: How do I pay?\n  answer: By card.\n  footnote: Not on Sundays.\n",
        encoding="utf-8",
    )
    with pytest.raises(faq_export.ImportLoss) as refused:
        faq_export.import_faq(source, language="en")
    assert "Not on Sundays." in str(refused.value.imported.verdict.lost[0])

    imported = faq_export.import_faq(source, language="en", allow_loss=True)
    out = tmp_path / "content" / "faq.yaml"
    out.parent.mkdir()
    assert faq_export.write_import(imported, out) == [out]
    assert "Not on Sundays." in out.read_text(encoding="utf-8")  # kept in its comments
    with pytest.raises(FileExistsError):
        faq_export.write_import(imported, out)
    assert faq_export.write_import(imported, out, force=True) == [out]


def test_an_unreadable_import_is_an_import_problem(tmp_path: Path):
    source = tmp_path / "faq.json"
    source.write_text("{not json", encoding="utf-8")
    with pytest.raises(faq_export.ImportProblem):
        faq_export.import_faq(source)


def test_init_writes_a_project_and_refuses_to_overwrite_it(tmp_path: Path):
    written = faq_export.init(tmp_path, template=True)
    assert tmp_path / "content" / "faq.yaml" in written
    assert faq_export.validate(tmp_path / "content" / "faq.yaml").passed(strict=True)
    with pytest.raises(faq_export.ProjectExists) as exists:
        faq_export.init(tmp_path)
    assert tmp_path / "content" / "faq.yaml" in exists.value.paths
