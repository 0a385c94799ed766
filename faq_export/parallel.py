"""Work in a second process, for the parts of a build that need nothing from the others
(the DOCX needs no printed layout): on a machine with two cores they overlap.

A forked child gets the document without copying or pickling it; its result comes back
through a pipe. Where fork is missing (not Linux or macOS) or there is one core, nothing is
started and the caller does the work itself. Only the command line asks for this
(``api.build(processes=True)``): a library call runs in its caller's process.

A child never outlives its build: the build stops it when it ends (well or not), and a
child dies with the build's process however that ends (SIGKILL, the OOM killer), by Linux's
parent-death signal, so no pipe end is left open in a process nobody waits for.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
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
    """``work(*args)`` running in a forked process. Work the build does not wait for until
    the end (``beside=True``: the DOCX) runs at a lower priority, so that on a busy machine
    the work the build waits for (the layout) keeps its core."""

    def __init__(self, work: Callable[..., T], *args: Any, beside: bool = False) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        parent = os.getpid()

        def run() -> None:
            try:
                _die_with(parent)
                if beside:
                    _lower_priority()
                sender.send((True, work(*args)))
            except BaseException as exc:  # sent to the parent, which raises it
                sender.send((False, exc))
            finally:
                sender.close()

        self._child = context.Process(target=run, daemon=True)
        _start_quietly(self._child)
        sender.close()

    def result(self) -> T:
        """Wait for the result; an exception in the child is raised here."""
        try:
            answer: T = _answer(self._receiver, self._child)
        finally:
            self._receiver.close()
        self._child.join()
        return answer

    def cancel(self) -> None:
        """Stop the work (the build failed elsewhere): no process is left behind."""
        _stop(self._child)
        self._receiver.close()


class Checker:
    """A second process that finishes the PDF's tags and checks the PDF while the build goes
    on. Started before the layout, it has imported the tags pass and the checker by the
    time the PDF exists, and holds none of the layout: the PDF's parsed structure never sits
    on top of WeasyPrint's layout in one process (at 1,000 questions: the peak was layout
    416 MB + checks 323 MB in one process), and the build's own process frees the layout
    meanwhile.

    It is forked: it starts with the build's imports and the document (a spawned checker
    spent 0.3 s of processor time importing them again, a tenth of the seed's build on two
    cores). A process that runs other threads is not forked: a fork carries none of them,
    and the child waits for good on what they hold (page-validation's pool of threads, once
    it has run in the process: a notebook's, a test runner's). There the checker is
    spawned, a fresh interpreter."""

    def __init__(self, document: Any) -> None:
        forked = _one_thread()
        context: Any = multiprocessing.get_context("fork" if forked else "spawn")
        self._connection, child_end = context.Pipe()
        self._child = context.Process(
            target=_serve_checks,
            # A forked child closes the build's end of the pipe, which it holds too.
            args=(child_end, self._connection if forked else None, document, os.getpid()),
            daemon=True,
        )
        _start_quietly(self._child)
        child_end.close()

    def tag_and_check(
        self, untagged: bytes, standard: str, heading_ids: list[str]
    ) -> Callable[[], Any]:
        """Send WeasyPrint's PDF to have its tags finished (``pdf_tags.finish_tags``) and
        then be checked; the returned function waits for the tagged PDF and its findings.
        The build's own process meanwhile frees the layout and writes the EPUB."""
        self._connection.send((untagged, standard, heading_ids))

        return lambda: _answer(self._connection, self._child)

    def close(self) -> None:
        _stop(self._child)
        self._connection.close()


def _one_thread() -> bool:
    """Whether this process runs a single thread (Linux: its tasks, native threads included;
    elsewhere the threads Python knows of)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


def _start_quietly(child: Any) -> None:
    """Start ``child`` ignoring Ctrl-C and SIGTERM: the build's own process handles them and
    stops the child with SIGKILL, so the child prints no second message and no traceback."""
    # What this process has written but not yet flushed would be flushed by the child too.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            stream.flush()
    held = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        child.start()
    finally:
        for sig, handler in held.items():
            signal.signal(sig, handler)


def _answer(connection: Any, child: Any) -> Any:
    """The child's next answer; its exception raised here, or an error if it died."""
    try:
        ok, value = connection.recv()
    except EOFError:
        child.join()
        raise RuntimeError(f"a build process ended without a result ({child.exitcode})") from None
    if not ok:
        raise value
    return value


def _stop(child: Any) -> None:
    if child.is_alive():
        child.kill()
    child.join()


def end() -> None:
    """Reap multiprocessing's resource tracker, which a spawned checker started, before the
    command ends: left to end after it, the tracker became a zombie under an init that reaps
    nothing (a container's). Its ``_stop`` is private (Python 3.8 to 3.13); without it, or
    when nothing was started, this does nothing."""
    from multiprocessing import resource_tracker

    stop = getattr(getattr(resource_tracker, "_resource_tracker", None), "_stop", None)
    if callable(stop):
        with contextlib.suppress(OSError, ChildProcessError):
            stop()


PR_SET_PDEATHSIG = 1  # prctl(2)


def _die_with(parent: int) -> None:
    """End this child when the process ``parent`` ends, however it ends: Linux sends it
    SIGKILL then (prctl PR_SET_PDEATHSIG). Where there is no prctl (macOS), the build's own
    ``close``/``cancel`` still stop it. A parent already gone ends the child at once."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


# How much lower: enough that the scheduler favours the build's own process while both
# want the CPU (nice 5 gets about a third of the share of nice 0).
BESIDE_NICENESS = 5


def _lower_priority() -> None:
    with contextlib.suppress(OSError, AttributeError):  # not everywhere (Windows)
        os.nice(BESIDE_NICENESS)


def _serve_checks(connection: Any, other_end: Any, document: Any, parent: int) -> None:
    _die_with(parent)
    if other_end is not None:
        other_end.close()
    # The build's objects, copied with the process, are left out of the collector's passes:
    # a pass would write to every one of them, and each page written to is copied.
    gc.freeze()
    # Imported while the build lays the PDF out. (At the build's own priority: the tags pass
    # made here is on the way to the PDF.)
    import faq_export.checks.catalog
    import faq_export.render.pdf_tags  # noqa: F401

    while True:
        try:
            untagged, standard, heading_ids = connection.recv()
        except EOFError:
            return
        gc.disable()  # the checks' objects live until they end: no passes over them meanwhile
        try:
            connection.send((True, _tagged_and_checked(untagged, document, standard, heading_ids)))
        except BaseException as exc:  # sent to the build, which raises it
            connection.send((False, exc))
        finally:
            gc.enable()
            gc.collect()


def _tagged_and_checked(
    untagged: bytes, document: Any, standard: str, heading_ids: list[str]
) -> Any:
    from faq_export.checks.catalog import check_bytes
    from faq_export.render.pdf_tags import finish_tags

    tagged = finish_tags(untagged, document, standard, heading_ids)
    return tagged, check_bytes(tagged, "pdf", run_epubcheck=False, document=document)
