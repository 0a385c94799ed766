"""Writing outputs: atomic replacement, reproducible dates and zip archives."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import signal
import stat
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import faq_export.model as m
from faq_export.options import STANDARD

FORMATS = ("pdf", "epub", "docx")  # what a build makes unless told otherwise
# Alternate formats, made on request (--format html,txt,brf): a web page, plain text, braille.
ALTERNATE_FORMATS = ("html", "txt", "brf")
ALL_FORMATS = FORMATS + ALTERNATE_FORMATS
# Each format as a reader names it, for messages.
FORMAT_NAMES = {
    "pdf": "PDF",
    "epub": "EPUB",
    "docx": "DOCX",
    "html": "HTML",
    "txt": "plain text",
    "brf": "braille (BRF)",
}


@dataclass(frozen=True)
class Written:
    """One file a build wrote."""

    format: str  # one of ALL_FORMATS, or manifest
    path: Path
    size: int
    edition: str = STANDARD  # options.EDITIONS: the standard edition, or large print


def output_path(document: m.Document, out_dir: Path, fmt: str, edition: str = STANDARD) -> Path:
    """Where ``build`` writes the document of format ``fmt``: named after the source's slug,
    and an edition other than the standard one after it (``faq-large-print.pdf``), so that
    the editions sit side by side in one folder."""
    suffix = "" if edition == STANDARD else f"-{edition}"
    return out_dir / f"{document.metadata.slug}{suffix}.{fmt}"


# The earliest date a zip entry can hold.
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
ZIP_END = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC)


def build_time(metadata: m.Metadata) -> dt.datetime:
    """When this build happened, for dates written into the outputs.

    ``SOURCE_DATE_EPOCH`` when set (reproducible-builds.org); otherwise the release date of
    the source, so that the same source always gives the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            when = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            when = None
        if when is None or not ZIP_EPOCH <= when <= ZIP_END:
            raise BuildTimeError(
                f"SOURCE_DATE_EPOCH is '{epoch[:30]}', not a time between 1980 and 2107 in "
                "seconds since 1970 (EPUB and DOCX files are zip files, whose dates end there)"
            )
        return when
    return dt.datetime.combine(metadata.date, dt.time(), tzinfo=dt.UTC)


class BuildTimeError(ValueError):
    """SOURCE_DATE_EPOCH is set to something that is not a date a document can carry."""


class NotARegularFile(OSError):
    """An output's path is taken by something that is not a regular file or a folder: a
    device, a named pipe, a socket or a symbolic link, which a build neither replaces nor
    writes through."""


SPECIAL_FILES = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


def refuse_special(path: Path) -> None:
    """``NotARegularFile`` when ``path`` is a device, a pipe, a socket or a symbolic link.

    Renaming a new file into place would swap a device for a regular file (``-o /dev/null``
    as root) or cut a link off from the file it names. A link is not followed either: that
    would write where the command line did not say (a link planted in a shared output
    folder would have a build overwrite any file its user may write), and outside the
    folder whose files are replaced as a set, under its lock. The message names the link's
    file, to write to instead."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise NotARegularFile(
            f"{path} is a symbolic link (to {os.readlink(path)}): faq-export neither replaces "
            "a link with a file nor writes through it; write to the file it names instead, "
            "or remove the link"
        )
    for kind_of, kind in SPECIAL_FILES:
        if kind_of(mode):
            raise NotARegularFile(
                f"{path} is {kind}, not a regular file: faq-export writes only regular "
                "files, and neither replaces it nor writes into it; remove it, or write to "
                "another path"
            )


def write_set(files: dict[Path, bytes]) -> None:
    """Replace ``files`` as a set: every new file is written in full to a temporary file in
    its folder and synced first; only then are they renamed into place, with SIGINT, SIGTERM
    and SIGHUP held back so that a signal cannot fall between two renames. If anything fails
    before the renames (a full disk, a folder where a file should go, a device, a pipe, a
    socket or a symbolic link: ``refuse_special``), every temporary file is removed and every
    previous output is as it was.

    Builds into one folder at the same time (threads of one process, or processes) never
    touch each other's temporary files: each name carries its process and thread
    (``.name.pdf.<pid>-<thread>.XXXX.tmp``), and only those of a process that is gone are
    removed as stale. Their renames take turns (a lock on the folder), so the folder holds
    one build's whole set, never a mix."""
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(path)
        refuse_special(path)
        if path.is_dir():
            raise IsADirectoryError(f"{path} is a folder, where the document should be written")
    temporaries: dict[Path, Path] = {}
    owner = f"{os.getpid()}-{threading.get_ident()}"
    try:
        for path, data in files.items():
            fd, name = tempfile.mkstemp(
                prefix=f".{path.name}.{owner}.", suffix=".tmp", dir=path.parent
            )
            temporaries[path] = Path(name)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(name, 0o644)
        folders = sorted({path.parent for path in files})
        locks = [_lock_folder(folder) for folder in folders]  # in one order: no deadlock
        try:
            held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
            previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
            try:
                for path, temporary in temporaries.items():
                    os.replace(temporary, path)
                for folder in folders:
                    _sync_folder(folder)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        finally:
            for lock in locks:
                os.close(lock)  # closing the descriptor releases its lock
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)


STALE_AFTER = 3600  # seconds: no build spends an hour between writing and renaming


def remove_stale_temporaries(path: Path) -> None:
    """Temporary files of ``path`` left by a build that was killed (SIGKILL, power loss):
    those of a process that no longer runs, or older than an hour; never those of a build
    still running, in this process or another."""
    prefix = f".{path.name}."
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        owner = stale.name[len(prefix) :].split(".", 1)[0]
        pid = owner.split("-", 1)[0]
        if pid.isdigit() and "-" in owner and _running(int(pid)):
            try:
                if time.time() - stale.stat().st_mtime < STALE_AFTER:
                    continue
            except FileNotFoundError:
                continue  # its build renamed or removed it meanwhile
        stale.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OverflowError:
        return False
    return True


def _lock_folder(folder: Path) -> int:
    """An exclusive lock on ``folder`` (flock on its descriptor: it holds between threads of
    one process too, each with its own descriptor); released when the descriptor closes."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def reproducible_zip(
    entries: Iterable[tuple[str, bytes]],
    when: dt.datetime,
    stored: frozenset[str] = frozenset(),
    compress: bool = True,
) -> bytes:
    """A zip with entries in the given order, one fixed date, fixed permissions.

    Entries named in ``stored`` are not compressed (an EPUB's ``mimetype``); without
    ``compress``, none is (a copy that is read once and thrown away).
    """
    import io

    stamp = max(when, ZIP_EPOCH).astimezone(dt.UTC)
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            kept = not compress or name in stored
            info.compress_type = zipfile.ZIP_STORED if kept else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=None if kept else 9)
    return buffer.getvalue()


def zip_entries(data: bytes) -> list[tuple[str, bytes]]:
    """The entries of a zip archive, in archive order."""
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]
