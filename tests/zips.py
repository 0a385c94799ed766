"""Breaking one entry of a zip package (EPUB, DOCX) on purpose, for the negative tests."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path


def rewrite_entry(package: Path | bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """``package`` with entry ``name`` passed through ``change``; other entries as they are."""
    data = package.read_bytes() if isinstance(package, Path) else package
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    assert name in {info.filename for info, _ in entries}, name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info, content in entries:
            out.writestr(info, change(content) if info.filename == name else content)
    return buffer.getvalue()


def replace_in_entry(package: Path | bytes, name: str, old: bytes, new: bytes) -> bytes:
    def change(content: bytes) -> bytes:
        assert old in content, (name, old)
        return content.replace(old, new)

    return rewrite_entry(package, name, change)
