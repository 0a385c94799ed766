"""The release manifest (``manifest.json`` beside the documents): what a build wrote, for
release automation and for whoever receives the files.

Schema version 1 (``manifest_version``)::

    {"manifest_version": 1,
     "generator": {"name": "faq-export", "version": "0.1.0"},
     "source": {"file": "faq.yaml", "sha256": "…", "title": "…", "identifier": "urn:…",
                "version": "2026.11", "date": "2026-11-26", "language": "en-US"},
     "built": "2026-11-26T00:00:00Z",
     "files": [{"format": "pdf", "edition": "standard", "file": "x.pdf", "bytes": 1234,
                "sha256": "…", "pages": 8,
                "standards": ["PDF/UA-1", "PDF/A-2a"],
                "check": {"passed": true, "strict": false,
                          "errors": 0, "warnings": 1, "accepted": 1}}]}

``file`` names are relative to the manifest's folder; ``built`` is the build time written into
the documents (``SOURCE_DATE_EPOCH``, else the source's date), so the same input gives the same
manifest bytes. ``pages`` is the PDF's page count, the number of printed pages the EPUB's page
list maps (the same pages), the braille pages of a BRF, and null for the DOCX (Word paginates
it), the web page and the plain text. ``standards`` are the
standards the file claims in its own metadata. ``edition`` is ``standard`` or
``large-print`` (``build --edition``; an entry of a manifest written before editions were
made has none, and is the standard edition's). A build of some formats, or of one edition,
keeps the entries of the others from the previous manifest while their files are unchanged
(same sha256) and come from the same source identifier; the entries are in the order pdf,
epub, docx, html, txt, brf, the standard edition's first.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import faq_export.model as m
import faq_export.standards as standards
from faq_export._version import __version__
from faq_export.checks.findings import Finding, Severity
from faq_export.options import EDITIONS, STANDARD
from faq_export.output import ALL_FORMATS, build_time

VERSION = 1
NAME = "manifest.json"
ORDER = ALL_FORMATS
EPUB_STANDARDS = ["EPUB 3.3", "EPUB Accessibility 1.1", "WCAG 2.2 Level AA"]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_summary(findings: Sequence[Finding], strict: bool) -> dict[str, Any]:
    """The checker's verdict on one file, in counts."""
    open_findings = [f for f in findings if f.accepted is None]
    return {
        "passed": not any(f.fails(strict) for f in findings),
        "strict": strict,
        "errors": sum(f.severity is Severity.ERROR for f in open_findings),
        "warnings": sum(f.severity is Severity.WARNING for f in open_findings),
        "accepted": len(findings) - len(open_findings),
    }


def file_entry(
    fmt: str,
    path: Path,
    data: bytes,
    findings: Sequence[Finding],
    strict: bool,
    pages: int | None,
    pdf_standard: str | None,
    edition: str = STANDARD,
) -> dict[str, Any]:
    claimed: list[str] = []
    if fmt == "pdf" and pdf_standard:
        claimed = standards.names(pdf_standard)
    elif fmt == "epub":
        claimed = list(EPUB_STANDARDS)
    return {
        "format": fmt,
        "edition": edition,
        "file": path.name,
        "bytes": len(data),
        "sha256": sha256(data),
        "pages": _pages(fmt, data, pages),
        "standards": claimed,
        "check": check_summary(findings, strict),
    }


def _pages(fmt: str, data: bytes, printed: int | None) -> int | None:
    """The printed pages (PDF, and the EPUB's page list), the braille pages of a BRF (one
    form feed between pages); None for formats without pages of their own."""
    if fmt in ("pdf", "epub"):
        return printed
    if fmt == "brf":
        return data.count(b"\f") + 1
    return None


def source_entry(document: m.Document) -> dict[str, Any]:
    meta = document.metadata
    return {
        "file": Path(document.source).name,
        "sha256": sha256(document.source_text.encode("utf-8")),
        "title": meta.title,
        "identifier": meta.identifier,
        "version": meta.version,
        "date": meta.date.isoformat(),
        "language": meta.language,
    }


def make_manifest(
    document: m.Document,
    entries: Mapping[str, dict[str, Any]] | Sequence[dict[str, Any]],
    previous: Mapping[str, Any] | None = None,
    folder: Path | None = None,
) -> bytes:
    """The manifest's bytes: ``entries`` (``file_entry``'s, or format -> one), plus the
    entries of ``previous`` (the manifest already in ``folder``) for the formats and editions
    not built now whose files are still there, unchanged, from the same source."""
    listed = list(entries.values()) if isinstance(entries, Mapping) else list(entries)
    files = {(entry["format"], entry.get("edition", STANDARD)): entry for entry in listed}
    if previous is not None and folder is not None:
        for kept in _still_true(document, previous, folder):
            edition = kept.get("edition", STANDARD)
            entry = {"format": kept["format"], "edition": edition, **kept}
            files.setdefault((kept["format"], edition), entry)
    manifest = {
        "manifest_version": VERSION,
        "generator": {"name": "faq-export", "version": __version__},
        "source": source_entry(document),
        "built": build_time(document.metadata).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": [
            files[fmt, edition] for edition in EDITIONS for fmt in ORDER if (fmt, edition) in files
        ],
    }
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def read_previous(folder: Path) -> dict[str, Any] | None:
    """The manifest in ``folder``, when there is a readable one of this schema version."""
    try:
        data = json.loads((folder / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("manifest_version") != VERSION:
        return None
    return data


def _still_true(
    document: m.Document, previous: Mapping[str, Any], folder: Path
) -> list[dict[str, Any]]:
    source = previous.get("source")
    if not isinstance(source, dict) or source.get("identifier") != document.metadata.identifier:
        return []
    kept = []
    for entry in previous.get("files", []):
        if not isinstance(entry, dict) or entry.get("format") not in ORDER:
            continue
        if entry.get("edition", STANDARD) not in EDITIONS:
            continue
        name = entry.get("file")
        if not isinstance(name, str) or Path(name).name != name:
            continue
        try:
            data = (folder / name).read_bytes()
        except OSError:
            continue
        if sha256(data) == entry.get("sha256"):
            kept.append(entry)
    return kept
