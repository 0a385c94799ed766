"""The command line: exit codes, messages without tracebacks, atomic outputs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from faq_export import __version__
from faq_export.cli import main
from tests.conftest import FAQ, ROOT


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "faq_export", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_version_and_help():
    result = run("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"faq-export {__version__}")
    result = run("--help")
    assert result.returncode == 0
    for word in ("build", "validate", "Exit codes"):
        assert word in result.stdout


def test_validate_the_real_faq():
    result = run("validate")
    assert result.returncode == 0
    assert result.stdout.strip() == "content/faq.yaml: ok (2 sections, 15 questions; 1 accepted)"


def test_validate_a_broken_file_reports_positions_and_exits_2(tmp_path: Path):
    broken = tmp_path / "faq.yaml"
    broken.write_text(
        FAQ.read_text(encoding="utf-8")
        .replace("  language: en-US", "  langauge: en-US")
        .replace("          Shared services refers", "          <p>Shared services refers"),
        encoding="utf-8",
    )
    result = run("validate", str(broken))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"{broken}:6:3: error: metadata has no 'language'"
    assert lines[2] == f"{broken}:7:3: error: unknown key 'langauge' in metadata"
    assert "  hint: did you mean 'language'?" in "\n".join(lines)
    assert lines[4] == f"{broken}:45:11: error: raw HTML is not allowed in Markdown text"
    assert lines[-1] == f"3 errors in {broken}."


@pytest.mark.parametrize("args", [("build", "--format", "pdf,odt"), ("frobnicate",), ()])
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr


def test_build_one_format_with_progress_and_quiet(tmp_path: Path):
    result = run("build", "--format", "docx", "--out", str(tmp_path))
    assert result.returncode == 0
    path = tmp_path / "sharing-quality-services-faq.docx"
    assert result.stdout.startswith(f"wrote {path} (") and path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", path.name]
    result = run("build", "--format", "docx", "--out", str(tmp_path), "--quiet")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_outputs_lists_the_paths_build_writes(tmp_path: Path):
    result = run("outputs", "--out", str(tmp_path))
    assert result.stdout.split() == [
        str(tmp_path / f"sharing-quality-services-faq.{ext}") for ext in ("pdf", "epub", "docx")
    ]


def test_a_failed_build_keeps_the_previous_outputs(tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(FAQ), "--out", str(out), "--quiet"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = tmp_path / "faq.yaml"
    broken.write_text(
        FAQ.read_text(encoding="utf-8").replace("id: faq2", "id: faq1"), encoding="utf-8"
    )
    assert main(["build", str(broken), "--out", str(out)]) == 2
    assert "nothing was built" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_template_error_writes_nothing_and_names_the_template(tmp_path: Path, capsys):
    templates = tmp_path / "print"
    shutil.copytree(ROOT / "templates" / "print", templates)
    page = templates / "document.html.j2"
    page.write_text(
        page.read_text(encoding="utf-8").replace("{% endfor %}", "{% endfo %}", 1), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert main(["build", str(FAQ), "--out", str(out), "--templates", str(templates)]) == 2
    err = capsys.readouterr().err
    assert "document.html.j2:" in err and "error:" in err and "Traceback" not in err
    assert not out.exists() or list(out.iterdir()) == []


def test_output_folder_that_cannot_be_written(tmp_path: Path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["build", str(FAQ), "--format", "docx", "--out", str(blocker / "out")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_warnings_are_shown_but_do_not_stop_the_build(tmp_path: Path, capsys):
    from tests.test_source_errors import VALID

    source = tmp_path / "faq.yaml"
    source.write_text(
        VALID.replace("answer: Because.", "answer: See <https://example.org/>."), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert main(["build", str(source), "--format", "docx", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "warning FE-LINK-TEXT" in captured.err
    assert (out / "test-faq.docx").exists()


def on_a_terminal(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run faq-export with stderr on a pseudo-terminal, as a person at a terminal sees it."""
    import os
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "faq_export", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, **(env or {})},
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return process.wait(timeout=120), seen.decode("utf-8", "replace")


def test_progress_on_a_terminal_only(tmp_path: Path):
    code, seen = on_a_terminal("build", "--out", str(tmp_path / "a"))
    assert code == 0
    for step in ("laying out the printed pages…", "laid out 9 pages…", "writing the EPUB…"):
        assert step in seen
    assert seen.rindex("\r\x1b[K") > seen.rindex("…")  # the line is cleared at the end
    code, seen = on_a_terminal("build", "--quiet", "--out", str(tmp_path / "b"))
    assert (code, seen) == (0, "")
    # Not a terminal: no progress at all (run() pipes stderr).
    result = run("build", "--format", "docx", "--out", str(tmp_path / "c"))
    assert "…" not in result.stderr and "\x1b" not in result.stderr


def test_colour_on_a_terminal_unless_no_color(tmp_path: Path):
    advice = str(ROOT / "tests" / "sources" / "advice.yaml")
    args = ("build", advice, "--format", "docx", "--out", str(tmp_path))
    code, seen = on_a_terminal(*args)
    assert code == 0 and "\x1b[33m" in seen  # the warning, in yellow
    code, seen = on_a_terminal(*args, env={"NO_COLOR": "1"})
    assert code == 0 and "warning FE-LINK-TEXT" in seen and "\x1b[33m" not in seen
