"""`faq-export watch`, as a person uses it: a running process, files saved in an editor."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

from tests.conftest import ROOT

WAIT = 60  # seconds for one event; a rebuild of a small FAQ takes well under one


def unpacked(path: Path) -> str:
    """The text of every entry of a zip (an EPUB)."""
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


class Watcher:
    """`faq-export watch` in a child process, its output read line by line. Its Ctrl-C is a
    person's at a terminal (SIG_DFL), whatever the tests inherited: a shell starts a
    background job (`make test &`) with SIGINT ignored, and a program keeps that, as Python
    and faq-export do (the Ctrl-C typed for the job in front is not theirs)."""

    def __init__(self, *args: str, cwd: Path, sigint: signal.Handlers = signal.SIG_DFL) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "faq_export", "watch", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            preexec_fn=lambda: signal.signal(signal.SIGINT, sigint),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert self.process.stdout is not None
        stdout = self.process.stdout
        threading.Thread(
            target=lambda: [self.lines.put(line) for line in stdout], daemon=True
        ).start()

    def wait_for(self, text: str) -> list[str]:
        """The lines up to and including the first one containing ``text``."""
        got: list[str] = []
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            got.append(line)
            self.seen.append(line)
            if text in line:
                return got
        raise AssertionError(f"no {text!r} in {WAIT} s; output: {''.join(self.seen)}")

    def stop(self, how: signal.Signals = signal.SIGINT) -> int:
        """Ctrl-C (or ``how``); a watcher that does not stop is killed, never left behind."""
        self.process.send_signal(how)
        try:
            return self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"{how.name} did not stop watch in {WAIT} s") from None


def test_each_save_rebuilds_and_a_mistake_is_shown_at_its_line(tmp_path: Path):
    shutil.copytree(ROOT / "tests" / "sources", tmp_path / "content")
    source = tmp_path / "content" / "every-node.yaml"
    out = tmp_path / "out"
    watcher = Watcher(str(source), "--out", str(out), "--format", "epub,docx", cwd=tmp_path)
    try:
        watcher.wait_for("rebuilt in")
        watcher.wait_for("watching")
        first = unpacked(out / "every-node-faq.epub")

        text = source.read_text(encoding="utf-8")
        source.write_text(
            text.replace("every kind of content", "every kind of content, saved once")
        )
        watcher.wait_for("rebuilt in")
        second = unpacked(out / "every-node-faq.epub")
        assert "saved once" not in first and "saved once" in second

        source.write_text(
            text.replace("every kind of content", "every kind of content, saved twice")
        )
        watcher.wait_for("rebuilt in")
        assert "saved twice" in unpacked(out / "every-node-faq.epub")

        # A syntax error: reported at its line, no traceback, the documents left as they were.
        before = {p.name: p.read_bytes() for p in out.iterdir()}
        source.write_text(text + "metadata: [oops\n")
        lines = watcher.wait_for("not rebuilt")
        report = "".join(lines)
        assert f"{source}:" in report and "error: this is not valid YAML" in report
        assert "Traceback" not in report
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before

        # Fixed again: the next save rebuilds.
        source.write_text(text)
        watcher.wait_for("rebuilt in")
    finally:
        code = watcher.stop()
    assert code == 0
    assert not list(out.glob(".*.tmp"))
    assert "Traceback" not in "".join(watcher.seen)


def test_a_watch_started_with_ctrl_c_ignored_keeps_it_so_and_stops_on_sigterm(tmp_path: Path):
    """A background job (`faq-export watch … &` in a script) inherits SIGINT ignored: the
    Ctrl-C typed for the program in front does not stop it; SIGTERM (kill, a script's way to
    stop it) does, as Ctrl-C would."""
    shutil.copytree(ROOT / "tests" / "sources", tmp_path / "content")
    source = tmp_path / "content" / "every-node.yaml"
    out = tmp_path / "out"
    watcher = Watcher(
        str(source), "--out", str(out), "--format", "epub", cwd=tmp_path, sigint=signal.SIG_IGN
    )
    try:
        watcher.wait_for("watching")
        watcher.process.send_signal(signal.SIGINT)
        time.sleep(1)
        assert watcher.process.poll() is None
    finally:
        code = watcher.stop(signal.SIGTERM)
    assert code == 0
    assert "stopped watching." in watcher.wait_for("stopped watching.")[-1]
