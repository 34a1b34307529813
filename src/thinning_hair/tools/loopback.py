"""Serve a built site on 127.0.0.1 at a random port: used by the tests (tests/conftest.py,
fixture `served`) and by tools/bench.py.

    with serve(folder) as url: ...                  # Python's http.server, quiet (the tests)
    with serve(folder, host_like=True) as url: ...  # plus what a host such as GitHub Pages
                                                    # does: gzip, keep-alive, Cache-Control

host_like adds only what changes what a browser fetches and how fast: text responses
(HTML, CSS, JavaScript, JSON, SVG, XML) gzipped at level 6 when the client accepts gzip,
HTTP/1.1 keep-alive, and `Cache-Control: max-age=600` (GitHub Pages' value).
"""

from __future__ import annotations

import functools
import gzip
import io
import mimetypes
import threading
import urllib.parse
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "application/manifest+json", "image/svg+xml")


class QuietHandler(SimpleHTTPRequestHandler):
    """Python's static file handler without its request log on stderr."""

    def log_message(self, *args) -> None:
        pass


class HostLikeHandler(QuietHandler):
    """QuietHandler with gzip for text, keep-alive and a cache header, like a real host."""

    protocol_version = "HTTP/1.1"

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urllib.parse.urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file()
                or not compressible(path)):
            return super().send_head()  # redirects, 404s, images and fonts, as http.server does
        body = gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def compressible(path: Path) -> bool:
    """Whether host_like gzips this file (text types, by file name)."""
    return (mimetypes.guess_type(path.name)[0] or "").startswith(COMPRESSIBLE)


def gzipped(path: Path) -> bytes:
    """The body host_like sends for a compressible file (computed once per file version)."""
    return _gzip(path, path.stat().st_mtime)


@functools.lru_cache(maxsize=None)
def _gzip(path: Path, mtime: float) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


@contextmanager
def serve(folder: Path, host_like: bool = False) -> Iterator[str]:
    """Serve folder for the duration of the block; yields its base URL, ending in '/'."""
    handler = HostLikeHandler if host_like else QuietHandler
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
