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

from build import load_config  # scripts/build.py: mkdocs.yml with its !ENV defaults

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


def lighthouse_version() -> str:
    """The installed Lighthouse's version, from its package.json (pinned in ours)."""
    manifest = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]
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
    responses: list = []
    failed: list = []
    context = browser.new_context()  # a fresh context: empty cache, no stored state
    context.on("response", lambda response: responses.append(response))
    context.on("requestfailed", lambda request: failed.append(request))
    server.requests.clear()
    try:
        page = context.new_page()
        page.goto(origin + page_path, wait_until="networkidle", timeout=30_000)
        page.wait_for_timeout(300)  # a late worker fetch would still show up here
        resources = [resource_of(response, origin) for response in responses]
    finally:
        context.close()
    problems = [f"request failed: {request.url} ({request.failure})" for request in failed]
    problems += [f"{r.status} for {r.path}" for r in resources if r.status >= 400]
    problems += [f"external request {r.path}" for r in resources if "://" in r.path]
    seen = {r.path for r in resources}
    problems += [f"server sent {path} ({status}) but the browser did not report it"
                 for path, status in list(server.requests) if path not in seen]
    return FirstView(resources, problems)


def resource_of(response, origin: str) -> Resource:
    """One response as a Resource: path (from the site root), status, body raw and gzipped."""
    url = response.url
    path = url[len(origin) - 1:] if url.startswith(origin) else url
    try:
        body = response.body()
    except Exception:  # a redirect has no body
        body = b""
    gzipped = len(gzip.compress(body, compresslevel=9, mtime=0)) if body else 0
    return Resource(path, response.status, len(body), gzipped)


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


# ---- Lighthouse -------------------------------------------------------------------------

@dataclass
class LighthouseRun:
    scores: dict[str, int | None]       # category id -> 0..100
    metrics: dict[str, float | None]    # "lcp_s", "tbt_ms", "cls"
    lost: list[str]                     # "accessibility: color-contrast", ...
    error: str | None = None


def run_lighthouse(url: str, form: str, report: Path, chromium: str) -> LighthouseRun:
    """One Lighthouse run (mobile or desktop) against url; the JSON report goes to report."""
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
               "--only-categories=" + ",".join(LIGHTHOUSE_CATEGORIES)]
    if form == "desktop":
        command.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=chromium)
    try:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=240)
    except subprocess.TimeoutExpired:
        return LighthouseRun({}, {}, [], "timed out after 240 s")
    if result.returncode != 0 or not report.is_file():
        message = (result.stderr.strip() or result.stdout.strip()).splitlines()[-3:]
        return LighthouseRun({}, {}, [], f"exit {result.returncode}: {' / '.join(message)}")
    data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        return LighthouseRun({}, {}, [], data["runtimeError"].get("message", "runtime error"))
    return LighthouseRun(*summarise_lighthouse(data))


def summarise_lighthouse(data: dict) -> tuple[dict, dict, list[str]]:
    """Category scores, three headline metrics, and the weighted audits that lost points."""
    audits = data["audits"]
    scores, lost = {}, []
    for category_id in LIGHTHOUSE_CATEGORIES:
        category = data["categories"][category_id]
        score = category.get("score")
        scores[category_id] = None if score is None else round(score * 100)
        for ref in category["auditRefs"]:
            audit = audits.get(ref["id"], {})
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = audit.get("displayValue") or f"score {audit['score']:.2f}"
                lost.append(f"{category_id}: {ref['id']} ({value})")

    def numeric(audit_id: str) -> float | None:
        return audits.get(audit_id, {}).get("numericValue")

    lcp, tbt, cls = numeric("largest-contentful-paint"), numeric("total-blocking-time"), \
        numeric("cumulative-layout-shift")
    metrics = {"lcp_s": None if lcp is None else lcp / 1000, "tbt_ms": tbt, "cls": cls}
    return scores, metrics, lost


def run_all_lighthouse(chromium: str, sites: dict[str, PagesLikeServer], pages: list[SitePage],
                       reports: Path) -> dict[tuple[str, str, str], LighthouseRun]:
    """Lighthouse for each page, form and site: {(site, page name, form): LighthouseRun}.

    Ours and stock alternate, so that a slow spell of the machine hits both alike."""
    jobs = [(page, form, site) for page in pages for form in ("mobile", "desktop")
            for site in sites]
    results = {}
    for number, (page, form, site) in enumerate(jobs, 1):
        print(f"    [{number}/{len(jobs)}] {site} {page.name} {form}", flush=True)
        report = reports / f"{site}-{page.name}-{form}.json"
        results[(site, page.name, form)] = run_lighthouse(
            base_url(sites[site]) + page.path, form, report, chromium)
    return results


# ---- the report -------------------------------------------------------------------------

def table(headers: list[str], rows: list[list[str]], title: str) -> None:
    """Print a plain-text table: first column left-aligned, the others right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    print(f"\n{title}")
    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


def kb(size: int | float) -> str:
    return f"{size / KB:.1f}"


def mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def report_builds(ours: BuildTimes, stock: BuildTimes) -> None:
    """Build wall times and the ours/stock ratios."""
    rows = [[f"ours: {title}", f"{seconds:.1f}"] for title, seconds in ours.steps.items()]
    rows.append(["ours: scripts/build.py in all", f"{ours.total:.1f}"])
    rows.append(["stock Material: published edition only", f"{stock.total:.1f}"])
    published = ours.steps.get("Published edition")
    table(["build", "seconds"], rows,
          "Build wall time (one run each; expect +/-10 % noise on this machine)")
    print(f"ratio ours/stock, scripts/build.py in all (two editions + zip): "
          f"{ours.total / stock.total:.2f}x")
    if published:
        print(f"ratio ours/stock, published edition alone:                    "
              f"{published / stock.total:.2f}x")
    print(f"MkDocs warnings: ours {ours.warnings} (strict build), stock {stock.warnings} "
          "(not strict)")


def report_first_views(views: dict[tuple[str, str], FirstView], pages: list[SitePage]) -> None:
    """Side-by-side first-view weight per page, the totals, and where the bytes go."""
    rows = []
    for page in pages:
        ours, stock = views[("ours", page.name)], views[("stock", page.name)]
        rows.append([page.name, kb(ours.raw), kb(ours.gzipped), str(len(ours.resources)),
                     kb(stock.raw), kb(stock.gzipped), str(len(stock.resources)),
                     f"{ours.gzipped / stock.gzipped:.2f}",
                     mark(ours.gzipped <= TARGET_FIRST_VIEW_GZIP)])
    total = {site: [views[(site, p.name)] for p in pages] for site in ("ours", "stock")}
    sums = {site: (sum(v.raw for v in total[site]), sum(v.gzipped for v in total[site]),
                   sum(len(v.resources) for v in total[site])) for site in total}
    rows.append(["TOTAL, all pages", kb(sums["ours"][0]), kb(sums["ours"][1]),
                 str(sums["ours"][2]), kb(sums["stock"][0]), kb(sums["stock"][1]),
                 str(sums["stock"][2]), f"{sums['ours'][1] / sums['stock'][1]:.2f}", ""])
    n = len(pages)
    rows.append(["mean per page", kb(sums["ours"][0] / n), kb(sums["ours"][1] / n), "",
                 kb(sums["stock"][0] / n), kb(sums["stock"][1] / n), "", "", ""])
    table(["page", "ours raw", "ours gz", "ours req", "stock raw", "stock gz", "stock req",
           "ours/stock gz", f"<= {TARGET_FIRST_VIEW_GZIP // KB} KB gz"], rows,
          "First view, published edition, empty cache (KB; gz = gzip -9 of each response; "
          "req = responses)")

    example = next((p for p in pages if p.name == "finasteride"), pages[0])
    for site in ("ours", "stock"):
        view = views[(site, example.name)]
        table(["resource", "raw KB", "gz KB"],
              [[r.path if r.status == 200 else f"{r.path} ({r.status})", kb(r.raw),
                kb(r.gzipped)] for r in sorted(view.resources, key=lambda r: -r.gzipped)],
              f"Where the bytes go: {site}, {example.name}")

    problems = [f"{site} {page}: {problem}" for (site, page), view in views.items()
                for problem in view.problems]
    if problems:
        print("\nOdd things seen while loading pages:")
        for problem in sorted(set(problems)):
            print(f"  - {problem}")


def report_sizes(out: Path, stock_site: Path) -> None:
    """The offline zip against its target, and the built folders for scale."""
    zip_path = next((out / "dist").glob("*.zip"))

    def folder(path: Path, skip: Path | None = None) -> int:
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()
                   and (skip is None or skip not in p.parents and p != skip))

    published_zip = out / "site" / "downloads"
    rows = [
        ["offline zip (" + zip_path.name + ")", kb(zip_path.stat().st_size),
         f"<= {TARGET_ZIP // KB} KB", mark(zip_path.stat().st_size <= TARGET_ZIP)],
        ["ours: published folder, without the zip copy", kb(folder(out / "site", published_zip)),
         "", ""],
        ["ours: offline folder (unzipped)", kb(folder(out / "site-offline")), "", ""],
        ["stock: published folder", kb(folder(stock_site)), "", ""],
    ]
    table(["what", "KB", "target", ""], rows, "Sizes on disk")


def report_lighthouse(runs: dict[tuple[str, str, str], LighthouseRun],
                      pages: list[SitePage]) -> bool:
    """Scores side by side (target: ours mobile 100 in each), metrics, and lost points.

    Returns False when a run failed."""
    def scores(run: LighthouseRun) -> str:
        if run.error:
            return "error"
        return "/".join("-" if run.scores.get(c) is None else str(run.scores[c])
                        for c in LIGHTHOUSE_CATEGORIES)

    def lcp_tbt(run: LighthouseRun) -> str:
        if run.error or run.metrics.get("lcp_s") is None:
            return "-"
        return f"{run.metrics['lcp_s']:.1f} s / {run.metrics['tbt_ms']:.0f} ms"

    rows = []
    for page in pages:
        for form in ("mobile", "desktop"):
            ours, stock = runs[("ours", page.name, form)], runs[("stock", page.name, form)]
            target = ""
            if form == "mobile":
                target = mark(not ours.error and all(
                    ours.scores.get(c) == TARGET_LIGHTHOUSE_MOBILE for c in LIGHTHOUSE_CATEGORIES))
            rows.append([page.name, form, scores(ours), scores(stock), lcp_tbt(ours),
                         lcp_tbt(stock), target])
    table(["page", "form", "ours P/A/BP/SEO", "stock P/A/BP/SEO", "ours LCP / TBT",
           "stock LCP / TBT", "mobile 100x4"], rows,
          f"Lighthouse {lighthouse_version()} (P = performance, A = accessibility, "
          "BP = best practices; simulated throttling)")

    lost = [(page.name, form, item) for page in pages for form in ("mobile", "desktop")
            for item in runs[("ours", page.name, form)].lost]
    if lost:
        print("\nWhere ours lost Lighthouse points (weighted audits scoring below 1):")
        for page, form, item in lost:
            print(f"  - {page} {form}: {item}")
    errors = [(key, run.error) for key, run in runs.items() if run.error]
    for (site, page, form), error in errors:
        print(f"  ! Lighthouse failed for {site} {page} {form}: {error}")
    return not errors


# ---- main -------------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description="Build time, first-view weight and Lighthouse scores: ours against stock "
                    "Material. A report: missed targets do not fail it.")
    parser.add_argument("--quick", action="store_true", help="skip Lighthouse")
    parser.add_argument("--pages", help="comma-separated page names (home, finasteride, ...): "
                        "limits the weight table and chooses the Lighthouse pages "
                        f"(default: every page for weight; {','.join(DEFAULT_LIGHTHOUSE_PAGES)} "
                        "for Lighthouse)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the builds and Lighthouse JSON reports, and say where")
    args = parser.parse_args(argv)

    try:
        tools = find_tools(need_lighthouse=not args.quick)
    except MissingTool as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2

    config = load_config()
    all_pages = site_pages(config)
    try:
        if args.pages:
            weight_pages = lighthouse_pages = pick_pages(
                all_pages, [n.strip() for n in args.pages.split(",") if n.strip()])
        else:
            weight_pages = all_pages
            lighthouse_pages = pick_pages(all_pages, [n for n in DEFAULT_LIGHTHOUSE_PAGES
                                                      if n in {p.name for p in all_pages}])
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        return run(args, tools, config, weight_pages, lighthouse_pages, work)
    except BenchError as error:
        print(f"\nbench: {error}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"\nBuilds and reports kept in {work}/")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args, tools: Tools, config: dict, weight_pages: list[SitePage],
        lighthouse_pages: list[SitePage], work: Path) -> int:
    """The measurements in order, then the report. Returns the exit status."""
    steps = 3 if args.quick else 4
    ours_out, stock_site = work / "ours", work / "stock-site"

    print(f"==> [1/{steps}] Building ours: scripts/build.py --out {ours_out} "
          "(both editions and the zip)", flush=True)
    ours_build = build_ours(ours_out)
    print(f"==> [2/{steps}] Building stock Material (same docs, nav and Markdown; theme "
          "defaults except font: false, as Google Fonts cannot load offline)", flush=True)
    stock_config = write_stock_config(config, work / "stock-mkdocs.yml", stock_site)
    stock_build = build_stock(stock_config)

    with serve(ours_out / "site") as ours_server, serve(stock_site) as stock_server:
        sites = {"ours": ours_server, "stock": stock_server}
        print(f"==> [3/{steps}] First view of {len(weight_pages)} pages x 2 sites in Chromium "
              f"({tools.chromium}) via Playwright", flush=True)
        views = measure_all_first_views(tools.chromium, sites, weight_pages)
        runs = None
        if not args.quick:
            reports = work / "lighthouse"
            reports.mkdir()
            count = len(lighthouse_pages) * 4
            print(f"==> [4/{steps}] Lighthouse: {count} runs at about 13 s each "
                  f"(~{count * 13 / 60:.0f} min)", flush=True)
            runs = run_all_lighthouse(tools.chromium, sites, lighthouse_pages, reports)

    print("\n" + "=" * 78)
    print("Ours against stock Material for MkDocs 9.8 (KB = 1024 bytes)")
    print("=" * 78)
    report_builds(ours_build, stock_build)
    report_first_views(views, weight_pages)
    report_sizes(ours_out, stock_site)
    if runs is None:
        print("\nLighthouse: skipped (--quick)")
        return 0
    if not report_lighthouse(runs, lighthouse_pages):
        print("\nbench: some Lighthouse runs failed (see above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
