"""What a renderer may read: the only place that decides.

WeasyPrint would fetch any URL a document names (http, file:///etc/passwd, …). Rendering
goes through ``SandboxFetcher`` instead: it serves the print template's folder, the
bundled fonts and the model's images (already read at load time), and refuses everything
else, stopping the build with a message rather than quietly leaving a hole in the page.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

import faq_export.model as m

IMAGE_SCHEME = "faq-image"


class RefusedResource(Exception):
    """A template or document asked for something outside what rendering may read."""

    def __init__(self, url: str, allowed: tuple[Path, ...]) -> None:
        folders = ", ".join(str(p) for p in allowed)
        super().__init__(
            f"refused to read '{url}': rendering reads only files in {folders} "
            "and the images named in the content"
        )
        self.url = url


class SandboxFetcher(URLFetcher):  # type: ignore[misc]
    def __init__(self, folders: tuple[Path, ...], images: dict[str, m.Image]) -> None:
        super().__init__(fail_on_errors=True)
        self.folders = tuple(folder.resolve() for folder in folders)
        self.images = images
        self.refused: list[RefusedResource] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == IMAGE_SCHEME:
            image = self.images.get(unquote(parts.path))
            if image is not None:
                return URLFetcherResponse(url, image.data, {"Content-Type": image.media_type})
        elif parts.scheme == "file" and not parts.netloc:
            path = Path(unquote(parts.path)).resolve()
            if path.is_file() and any(path.is_relative_to(f) for f in self.folders):
                media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})
        refusal = RefusedResource(url, self.folders)
        self.refused.append(refusal)
        raise refusal


def image_url(image: m.Image) -> str:
    """The image's address in the print HTML; the name is percent-encoded (it may hold
    '#', '?', '%' or spaces), and the fetcher decodes it."""
    return f"{IMAGE_SCHEME}:{quote(image.name, safe='/')}"
