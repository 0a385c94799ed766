"""Writing outputs: atomic replacement, reproducible dates and zip archives."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from exporter import model as m

# The earliest date a zip entry can hold.
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def build_time(metadata: m.Metadata) -> dt.datetime:
    """When this build happened, for dates written into the outputs.

    ``SOURCE_DATE_EPOCH`` when set (reproducible-builds.org); otherwise the release date of
    the source, so that the same source always gives the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.combine(metadata.date, dt.time(), tzinfo=dt.UTC)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def reproducible_zip(
    entries: Iterable[tuple[str, bytes]], when: dt.datetime, stored: frozenset[str] = frozenset()
) -> bytes:
    """A zip with entries in the given order, one fixed date, fixed permissions.

    Entries named in ``stored`` are not compressed (an EPUB's ``mimetype``).
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
            if name in stored:
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9 if name not in stored else None)
    return buffer.getvalue()


def zip_entries(data: bytes) -> list[tuple[str, bytes]]:
    """The entries of a zip archive, in archive order."""
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]
