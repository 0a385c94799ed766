"""The command line's second processes never outlive its build: not when it ends, not when
it is killed (SIGKILL, as the OOM killer does) at any moment of the build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FAQ, ROOT


def in_session(session: int, zombies: bool = False) -> list[str]:
    """The live processes of ``session`` (with ``zombies``, the ended ones nobody reaped
    too), as 'pid state command'."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp session ...: comm may hold spaces, so split after it
        fields = stat.rsplit(")", 1)[1].split()
        state, sid = fields[0], int(fields[3])
        if sid == session and (zombies or state != "Z"):
            found.append(f"{entry.name} {state} {stat.split(' ', 2)[1]}")
    return found


def gone(session: int, seconds: float = 10.0) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := in_session(session)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def start_build(out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "faq_export", "build", str(FAQ), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the build and its children: one session to look at
    )


def test_a_finished_build_leaves_no_process(tmp_path: Path):
    """Not even one ended and not reaped, which an init that reaps nothing (a container's)
    would keep for good."""
    build = start_build(tmp_path / "out")
    assert build.wait(timeout=120) == 0
    assert gone(build.pid) == []
    assert in_session(build.pid, zombies=True) == []


@pytest.mark.parametrize("after", [0.0, 0.1, 0.2, 0.4])
def test_a_build_killed_at_any_moment_leaves_no_process(tmp_path: Path, after: float):
    """SIGKILL gives the build no chance to stop its children: they stop themselves (Linux's
    parent-death signal), and with them the pipes and multiprocessing's resource tracker.
    Killed ``after`` seconds once its second processes run (the DOCX's, the checker)."""
    build = start_build(tmp_path / "out")
    deadline = time.monotonic() + 60
    while len(in_session(build.pid)) < 3 and build.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert build.poll() is None, "the build ended before its second processes were seen"
    time.sleep(after)
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=30)
    assert gone(build.pid) == []


@pytest.mark.parametrize(
    "check",
    [
        "assert faq_export.check(sys.argv[1]) is not None",
        "import page; page.validate_pdf_bytes(open(sys.argv[1], 'rb').read(), profile='ua1')",
    ],
    ids=["faq-export", "page-validation"],
)
def test_a_build_after_page_validation_ran_in_its_process_finishes(tmp_path: Path, check: str):
    """page-validation's first run starts a pool of threads that a fork does not carry: a
    PDF checker forked from that process waited on them for good. A script that checks a PDF
    (through faq-export, or page-validation itself) and then builds with a second process (as
    a notebook might) gets its build."""
    script = (
        "import sys, faq_export\n"
        f"{check}\n"
        "report = faq_export.build(sys.argv[2], sys.argv[3], formats=['pdf'], processes=True)\n"
        "print('passed' if report.passed else 'failed')\n"
    )
    pdf = ROOT / "tests" / "thirdparty" / "files" / "libreoffice-pdfua.pdf"
    run = subprocess.Popen(
        [sys.executable, "-c", script, str(pdf), str(FAQ), str(tmp_path / "out")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "FAQ_EXPORT_LIBREOFFICE": "off"},
        start_new_session=True,
    )
    try:
        out, err = run.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        run.communicate()
        pytest.fail("the build after a check in the same process never ended")
    assert run.returncode == 0, err.decode()
    assert out.decode().strip() == "passed"
    assert gone(run.pid) == []
