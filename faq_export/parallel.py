"""Work in a second process, for the parts of a build that need nothing from the others
(the DOCX needs no printed layout): on a machine with two cores they overlap.

A forked child gets the document without copying or pickling it; its result comes back
through a pipe. Where fork is missing (not Linux or macOS) or there is one core, nothing is
started and the caller does the work itself.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def available() -> bool:
    """Two cores, fork, and the main thread (only it may set the signal handlers the child
    starts with)."""
    return (
        (os.cpu_count() or 1) > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.current_thread() is threading.main_thread()
    )


class Pending(Generic[T]):
    """``work(*args)`` running in a forked process."""

    def __init__(self, work: Callable[..., T], *args: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)

        def run() -> None:
            try:
                sender.send((True, work(*args)))
            except BaseException as exc:  # sent to the parent, which raises it
                sender.send((False, exc))
            finally:
                sender.close()

        self._child = context.Process(target=run, daemon=True)
        # The child ignores Ctrl-C and SIGTERM (the build's own process handles them, and
        # stops the child with SIGKILL): no second message, no traceback from the child.
        held = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self._child.start()
        finally:
            for sig, handler in held.items():
                signal.signal(sig, handler)
        sender.close()

    def result(self) -> T:
        """Wait for the result; an exception in the child is raised here."""
        try:
            ok, value = self._receiver.recv()
        except EOFError:
            self._child.join()
            code = self._child.exitcode
            raise RuntimeError(f"a build process ended without a result ({code})") from None
        finally:
            self._receiver.close()
        self._child.join()
        if not ok:
            raise value
        answer: T = value
        return answer

    def cancel(self) -> None:
        """Stop the work (the build failed elsewhere): no process is left behind."""
        if self._child.is_alive():
            self._child.kill()
        self._child.join()
        self._receiver.close()


class Checker:
    """A fresh process (spawned, not forked: it holds none of the build's memory) that checks
    a built file while the build goes on. Started before the layout, it has imported the
    checker by the time the PDF exists; checking there, the PDF's parsed structure never
    sits on top of WeasyPrint's layout in one process (at 1,000 questions: the peak was
    layout 416 MB + checks 323 MB in one process)."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child_end = context.Pipe()
        self._child = context.Process(target=_serve_checks, args=(child_end,), daemon=True)
        held = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self._child.start()
        finally:
            for sig, handler in held.items():
                signal.signal(sig, handler)
        child_end.close()

    def submit(self, data: bytes, fmt: str) -> Callable[[], Any]:
        """Send ``data`` to be checked as ``fmt``; the returned function waits for the
        findings."""
        self._connection.send((fmt, data))

        def findings() -> Any:
            try:
                ok, value = self._connection.recv()
            except EOFError:
                self._child.join()
                code = self._child.exitcode
                raise RuntimeError(f"the checking process ended ({code})") from None
            if not ok:
                raise value
            return value

        return findings

    def close(self) -> None:
        if self._child.is_alive():
            self._child.kill()
        self._child.join()
        self._connection.close()


def _serve_checks(connection: Any) -> None:
    from faq_export.checks.catalog import check_bytes

    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        fmt, data = request
        try:
            connection.send((True, check_bytes(data, fmt, run_epubcheck=False)))
        except BaseException as exc:  # sent to the build, which raises it
            connection.send((False, exc))
