"""`make bench` runs (its numbers are read by people, never asserted: speed is not a unit
test). A change that breaks the benchmark, as the sandbox did once for its baseline, fails
here."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import FAQ, ROOT


def test_the_benchmark_runs_and_reports_every_step():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), str(FAQ), "1"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for step in ("baseline: bare WeasyPrint", "PDF: lay out + tags pass", "whole build", "DOCX"):
        assert step in result.stdout
    assert "scaling: ms per question at 300 and 3000 questions" in result.stdout
    assert "fidelity check: added to the checks" in result.stdout
    assert "import of a web page" in result.stdout
