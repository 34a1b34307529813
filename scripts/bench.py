"""Measure the site against stock Material for MkDocs: build time, page weight, Lighthouse.

    .venv/bin/python scripts/bench.py                  # what `make bench` runs (~4 minutes)
    .venv/bin/python scripts/bench.py --quick          # skip Lighthouse (~40 s)
    .venv/bin/python scripts/bench.py --pages home,finasteride
    .venv/bin/python scripts/bench.py --keep           # keep the builds and Lighthouse JSON

What is measured, and how:

1. Build wall time. Our site is built exactly as `make build` does it (`scripts/build.py
   --out TMP`: both editions and the zip), timing each of its announced steps. A "stock"
   build of the same pages is made from a temporary mkdocs.yml with the same docs_dir, nav,
   project information and Markdown extensions (snippets read from includes/ as ours do),
   but Material with its defaults: no custom_dir, hooks or extra_css, only the search plugin,
   published edition only, not --strict. One setting differs from the defaults:
   `font: false`, because Google Fonts cannot be fetched here (the bench runs offline) and
   a font request that fails would distort both the weight and Lighthouse. One run each.

2. First-view weight of every page of the published edition, ours and stock. Each page is
   opened in a fresh Chromium context (empty cache) through Playwright, from a loopback
   server; every response is recorded until the network is idle (search index and worker,
   favicon included). For each response body the raw bytes and the `gzip -9` bytes are
   summed. The server's own request log is compared with what the browser reported, so a
   request that Playwright missed is flagged instead of silently left out.

3. Lighthouse (npm, pinned in package.json) with Debian's Chromium, mobile (the default)
   and desktop (`--preset=desktop`), on a few pages of ours and of stock. The sites are
   served by a small threaded loopback server that behaves like GitHub Pages for what
   Lighthouse looks at: gzip for text responses, `Cache-Control: max-age=600`, 404.html for
   missing paths, a redirect from a folder without its final slash.

Everything is printed as plain-text tables with the targets beside the figures:
Lighthouse mobile 100/100/100/100 for ours; first view of a page <= 70 KB gzip; offline zip
<= 1 MB. KB and MB are 1024 bytes and 1024 KB. The script is a report, not a test: it exits
0 when a target is missed. It exits 2 when a tool is missing (Chromium, node, the npm
packages, Playwright) and 1 when a build or a measurement fails.
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import yaml

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"]
LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
DEFAULT_LIGHTHOUSE_PAGES = ["home", "finasteride", "scalp-mesotherapy"]

# Targets, printed beside the figures.
TARGET_LIGHTHOUSE_MOBILE = 100          # each of the four categories, ours, mobile
TARGET_FIRST_VIEW_GZIP = 70 * 1024      # bytes, gzip, any page, ours
TARGET_ZIP = 1024 * 1024                # bytes, the offline zip

KB = 1024


class BenchError(Exception):
    """A build or a measurement failed; the message says which and why."""


class MissingTool(Exception):
    """A tool the bench needs is not installed; the message says how to get it."""


# ---- tools ------------------------------------------------------------------------------

@dataclass
class Tools:
    chromium: str
    node: str | None


def find_tools(need_lighthouse: bool) -> Tools:
    """Find Chromium, Playwright and (unless --quick) node and Lighthouse, or raise MissingTool."""
    chromium = (os.environ.get("CHROMIUM") or shutil.which("chromium")
                or shutil.which("chromium-browser"))
    if not chromium:
        raise MissingTool("Chromium not found: run `make test` first (it installs Debian's "
                          "chromium), or set CHROMIUM=/path/to/chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise MissingTool("Playwright is not installed in this Python: run `make test` first "
                          "(or use `make bench`, which installs the test dependencies)") from None
    node = None
    if need_lighthouse:
        node = shutil.which("node")
        if not node:
            raise MissingTool("node is missing: install Node.js 20 and npm, then run "
                              "`make test` first (or use --quick to skip Lighthouse)")
        if not LIGHTHOUSE.exists():
            raise MissingTool(f"{LIGHTHOUSE.relative_to(ROOT)} is missing: the npm packages are "
                              "not installed; run `make test` first (or use --quick)")
    return Tools(chromium, node)


# ---- configuration and pages ------------------------------------------------------------

def load_config() -> dict:
    """mkdocs.yml as a dict; !ENV tags give their defaults (as in scripts/build.py)."""
    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_constructor("!ENV", lambda loader, node: (
        loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None))
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def nav_files(nav) -> list[str]:
    """The Markdown files named in nav, in order, sections flattened."""
    found: list[str] = []
    for item in nav if isinstance(nav, list) else [nav]:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found += nav_files(value)
        elif isinstance(value, str) and value.endswith(".md") and "://" not in value:
            found.append(value)
    return found


@dataclass
class SitePage:
    name: str   # "home", "finasteride", ... (what --pages takes)
    path: str   # URL path from the site root: "", "finasteride/"


def site_pages(config: dict) -> list[SitePage]:
    """Every page in nav, as served with directory URLs."""
    pages = []
    for src in nav_files(config.get("nav", [])):
        stem = src[:-len(".md")]
        if stem == "index":
            pages.append(SitePage("home", ""))
        elif stem.endswith("/index"):
            pages.append(SitePage(stem[:-len("/index")], stem[:-len("index")]))
        else:
            pages.append(SitePage(stem, stem + "/"))
    return pages


def pick_pages(pages: list[SitePage], names: list[str]) -> list[SitePage]:
    """The pages named (in the order given), or raise BenchError listing the valid names."""
    by_name = {p.name: p for p in pages}
    by_name.setdefault("index", by_name.get("home"))
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise BenchError(f"--pages: no page called {', '.join(unknown)}; "
                         f"the pages are: {', '.join(p.name for p in pages)}")
    return [by_name[n] for n in names]


def write_stock_config(config: dict, target: Path, site_dir: Path) -> Path:
    """A mkdocs.yml for stock Material: our pages, nav and Markdown, none of our theme work."""
    extensions = []
    for ext in config.get("markdown_extensions", []):
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            options = dict(ext["pymdownx.snippets"])
            bases = options.get("base_path", ["."])
            bases = [bases] if isinstance(bases, str) else bases
            options["base_path"] = [str((ROOT / b).resolve()) for b in bases]
            ext = {"pymdownx.snippets": options}
        extensions.append(ext)
    stock = {
        key: config[key]
        for key in ("site_name", "site_description", "site_author", "site_url", "copyright", "nav")
        if key in config
    }
    stock.update({
        "docs_dir": str(ROOT / config.get("docs_dir", "docs")),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        "markdown_extensions": extensions,
    })
    target.write_text(yaml.safe_dump(stock, sort_keys=False, allow_unicode=True),
                      encoding="utf-8")
    return target


# ---- builds -----------------------------------------------------------------------------

@dataclass
class BuildTimes:
    total: float
    steps: dict[str, float] = field(default_factory=dict)  # ours: step title -> seconds
    warnings: int = 0


def run_timed(command: list[str], label: str) -> tuple[float, list[tuple[float, str]]]:
    """Run a command, return its wall time and its output lines with their arrival times."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1)
    lines = [(time.monotonic() - started, line.rstrip("\n")) for line in proc.stdout]
    proc.wait()
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        output = "\n".join(line for _, line in lines[-40:])
        raise BenchError(f"{label} failed (exit {proc.returncode}):\n{output}")
    return elapsed, lines


def build_ours(out: Path) -> BuildTimes:
    """scripts/build.py --out OUT; per-step times from its "==> [n/4] ..." lines."""
    total, lines = run_timed([sys.executable, str(ROOT / "scripts" / "build.py"),
                              "--out", str(out)], "scripts/build.py")
    marks = [(t, line.split("]", 1)[1].strip()) for t, line in lines
             if line.startswith("==> [")]
    end = next((t for t, line in lines if line.startswith("Built in")), total)
    steps = {title: (marks[i + 1][0] if i + 1 < len(marks) else end) - t
             for i, (t, title) in enumerate(marks)}
    return BuildTimes(total, steps, sum("WARNING" in line for _, line in lines))


def build_stock(config_file: Path) -> BuildTimes:
    """mkdocs build -f the stock config (not strict: our pages may lean on our hooks)."""
    total, lines = run_timed([sys.executable, "-m", "mkdocs", "build", "-f", str(config_file)],
                             "stock Material build")
    return BuildTimes(total, warnings=sum("WARNING" in line for _, line in lines))


# ---- a loopback server like GitHub Pages ------------------------------------------------

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml",
                "image/svg+xml", "application/manifest+json")


class PagesLikeHandler(BaseHTTPRequestHandler):
    """Serves server.root: gzip for text, Cache-Control, 404.html, slash redirects."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet; requests go to server.requests instead
        pass

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _serve(self, send_body: bool) -> None:
        root: Path = self.server.root
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        relative = posixpath.normpath(url_path).lstrip("/")
        target = (root / relative).resolve() if relative not in ("", ".") else root
        status = 200
        if root != target and root not in target.parents:
            target, status = root / "404.html", 404
        elif target.is_dir():
            if not url_path.endswith("/"):
                self._send(301, b"", "text/html", send_body, {"Location": url_path + "/"})
                return
            target = target / "index.html"
        if not target.is_file():
            target, status = root / "404.html", 404
        body, encoding = self.server.content(target, self.headers.get("Accept-Encoding", ""))
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("json", "javascript")):
            content_type += "; charset=utf-8"
        extra = {"Cache-Control": "max-age=600", "Vary": "Accept-Encoding",
                 "Last-Modified": formatdate(target.stat().st_mtime, usegmt=True)}
        if encoding:
            extra["Content-Encoding"] = encoding
        self._send(status, body, content_type, send_body, extra)

    def _send(self, status: int, body: bytes, content_type: str, send_body: bool,
              extra: dict[str, str]) -> None:
        self.server.requests.append((self.path, status))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class PagesLikeServer(ThreadingHTTPServer):
    """A threaded server for one built site; compresses each file once and keeps it."""

    daemon_threads = True

    def __init__(self, root: Path):
        super().__init__(("127.0.0.1", 0), PagesLikeHandler)
        self.root = root.resolve()
        self.requests: list[tuple[str, int]] = []
        self._gzipped: dict[Path, bytes] = {}
        self._lock = threading.Lock()

    def content(self, path: Path, accept_encoding: str) -> tuple[bytes, str | None]:
        """The file's bytes, gzipped (level 6, like most hosts) for text if the client asks."""
        data = path.read_bytes()
        content_type = mimetypes.guess_type(path.name)[0] or ""
        if "gzip" not in accept_encoding or not content_type.startswith(COMPRESSIBLE):
            return data, None
        with self._lock:
            if path not in self._gzipped:
                self._gzipped[path] = gzip.compress(data, compresslevel=6, mtime=0)
            return self._gzipped[path], "gzip"


@contextmanager
def serve(root: Path) -> Iterator[PagesLikeServer]:
    """Serve a built site on 127.0.0.1 at a random port for the duration of the block."""
    mimetypes.add_type("text/javascript", ".js")
    mimetypes.add_type("application/json", ".json")
    mimetypes.add_type("image/svg+xml", ".svg")
    server = PagesLikeServer(root)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def base_url(server: PagesLikeServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/"


# ---- first-view weight ------------------------------------------------------------------

@dataclass
class Resource:
    path: str
    status: int
    raw: int
    gzipped: int


@dataclass
class FirstView:
    resources: list[Resource]
    problems: list[str] = field(default_factory=list)

    @property
    def raw(self) -> int:
        return sum(r.raw for r in self.resources)

    @property
    def gzipped(self) -> int:
        return sum(r.gzipped for r in self.resources)


def measure_first_view(browser, server: PagesLikeServer, page_path: str) -> FirstView:
    """Load one page with an empty cache; every response body, raw and gzip -9."""
    origin = base_url(server)
    recorded: list = []
    context = browser.new_context()
    context.on("response", recorded.append)
    server.requests.clear()
    page = context.new_page()
    try:
        page.goto(origin + page_path, wait_until="networkidle", timeout=30_000)
        page.wait_for_timeout(300)  # a late worker fetch would still show up here
        resources, problems = [], []
        for response in recorded:
            path = response.url[len(origin) - 1:] if response.url.startswith(origin) else response.url
            if not response.url.startswith(origin):
                problems.append(f"external request {response.url}")
            if response.status >= 400:
                problems.append(f"{response.status} for {path}")
            try:
                body = response.body()
            except Exception:  # redirects and aborted requests have no body
                body = b""
            gzipped = len(gzip.compress(body, compresslevel=9, mtime=0)) if body else 0
            resources.append(Resource(path, response.status, len(body), gzipped))
    finally:
        context.close()
    seen = {r.path for r in resources}
    for path, status in list(server.requests):
        if path not in seen:
            problems.append(f"server sent {path} ({status}) but the browser did not report it")
    return FirstView(resources, problems)


def measure_all_first_views(chromium: str, sites: dict[str, PagesLikeServer],
                            pages: list[SitePage]) -> dict[tuple[str, str], FirstView]:
    """First view of each page on each site: {(site, page name): FirstView}."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for page in pages:
                for site, server in sites.items():
                    results[(site, page.name)] = measure_first_view(browser, server, page.path)
        finally:
            browser.close()
    return results
