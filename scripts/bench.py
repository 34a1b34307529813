"""Ours against stock Material for MkDocs, page by page: Lighthouse, first-view weight, builds.

    make bench                                   # every page, 3 runs (an hour on 2 busy cores)
    make bench BENCH_ARGS="--pages index,finasteride --runs 1"       # a quick look
    .venv/bin/python scripts/bench.py --json bench.json --keep DIR   # JSON too; keep reports

How:
1. Build ours as `make build` does (scripts/build.py --out TMP: both editions and the zip),
   and "stock": the same docs, nav and Markdown extensions from a generated mkdocs.yml with
   Material's defaults (no custom_dir, hooks, extra CSS/JS; only the search plugin), except
   `font: false`, as Google Fonts cannot load here. Wall time of each, one run; sizes on disk.
2. Serve both published folders on loopback like a real host (scripts/loopback.py: gzip for
   text, keep-alive, Cache-Control), the same server code as the tests'.
3. Run Lighthouse (node_modules/.bin/lighthouse, pinned in package.json) with Debian's
   Chromium (CHROME_PATH; --headless=new --no-sandbox --disable-gpu), mobile (its default:
   simulated throttling, 4x CPU slowdown) and desktop (--preset=desktop), on every page
   (or --pages), --runs times each; ours and stock alternate so that a busy spell of the
   machine hits both. Reported: the median of each category score and of TBT, FCP and LCP.
4. First view = every request of the first mobile run (Lighthouse's network-requests audit:
   HTML, CSS, JS, search index and worker if fetched, fonts, images), by its transfer size
   (gzip body plus headers). Lighthouse 12.8.2 counts only the headers of a worker's own
   script; where a transfer size is below the bytes our server sends for that file, those
   bytes are counted instead, marked "*".

Blocking time is the CPU time of main-thread tasks, so it grows when other work shares the
machine; Lighthouse's benchmarkIndex (higher = faster machine) is printed to show how busy
it was. KB = 1024 bytes. The bench is a report: a missed target does not fail it. Exit 2
when a tool is missing, 1 when a build or a Lighthouse run fails.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from build import load_config  # scripts/build.py: mkdocs.yml with its !ENV defaults
from loopback import compressible, gzipped, serve

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
SITES = ["ours", "stock"]
FORMS = ["mobile", "desktop"]
KB = 1024
FIRST_VIEW_TARGET = 70 * KB
TBT_TARGET_MS = 50


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


class Failed(Exception):
    """A build or a tool failed; the message says which."""


# ---- builds -------------------------------------------------------------------------------

def run_timed(command: list[str], label: str) -> tuple[float, list[tuple[float, str]]]:
    """Run command in the repository; its wall time and output lines with their times."""
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = [(time.monotonic() - started, line.rstrip()) for line in proc.stdout]
    if proc.wait() != 0:
        raise Failed(f"{label} failed:\n" + "\n".join(line for _, line in lines[-30:]))
    return time.monotonic() - started, lines


def stock_config(config: dict, site_dir: Path) -> dict:
    """Stock Material on our docs, nav and Markdown (snippets still read from includes/)."""
    extensions = []
    for ext in config.get("markdown_extensions", []):
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            options = dict(ext["pymdownx.snippets"])
            bases = options.get("base_path", ["."])
            options["base_path"] = [str(ROOT / b) for b in ([bases] if isinstance(bases, str)
                                                             else bases)]
            ext = {"pymdownx.snippets": options}
        extensions.append(ext)
    keep = ("site_name", "site_description", "site_author", "site_url", "copyright", "nav")
    return {**{k: config[k] for k in keep if k in config},
            "docs_dir": str(ROOT / config.get("docs_dir", "docs")), "site_dir": str(site_dir),
            "use_directory_urls": True, "theme": {"name": "material", "font": False},
            "plugins": ["search"], "markdown_extensions": extensions}


def folder_size(folder: Path, skip: str = "") -> int:
    return sum(p.stat().st_size for p in folder.rglob("*")
               if p.is_file() and not (skip and p.name == skip))


def build_both(work: Path) -> dict:
    """Build ours and stock into work/; times (s) and sizes (bytes)."""
    say("building ours (scripts/build.py: both editions and the zip)")
    total, lines = run_timed([sys.executable, "scripts/build.py", "--out", str(work / "ours")],
                             "scripts/build.py")
    marks = {line[:9]: t for t, line in lines if line.startswith("==> [")}
    published = marks.get("==> [2/4]", total) - marks.get("==> [1/4]", 0)
    say("building stock Material (same docs, nav and Markdown; theme defaults)")
    config_file = work / "stock-mkdocs.yml"
    config_file.write_text(yaml.safe_dump(stock_config(load_config(), work / "stock"),
                                          sort_keys=False, allow_unicode=True), encoding="utf-8")
    stock, _ = run_timed([sys.executable, "-m", "mkdocs", "build", "-f", str(config_file)],
                         "stock Material build")
    zip_file = next((work / "ours" / "dist").glob("*.zip"))
    return {"seconds": {"ours, all (2 editions + zip)": total, "ours, published edition": published,
                        "stock, published edition": stock},
            "bytes": {"ours, offline zip": zip_file.stat().st_size,
                      "ours, published folder (no zip)": folder_size(work / "ours" / "site",
                                                                     zip_file.name),
                      "ours, offline folder": folder_size(work / "ours" / "site-offline"),
                      "stock, published folder": folder_size(work / "stock")}}


def site_pages(site: Path) -> list[str]:
    """Every page of a built published edition, as URL paths: '', 'finasteride/', ..."""
    return sorted(p.parent.relative_to(site).as_posix() + "/" if p.parent != site else ""
                  for p in site.rglob("index.html") if "assets" not in p.relative_to(site).parts)


def page_name(path: str) -> str:
    return path.strip("/") or "index"


# ---- Lighthouse ---------------------------------------------------------------------------

def lighthouse(url: str, form: str, report: Path, chromium: str) -> dict:
    """One Lighthouse run; its JSON report (also left at report)."""
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
               "--only-categories=" + ",".join(CATEGORIES)]
    if form == "desktop":
        command.append("--preset=desktop")
    try:
        result = subprocess.run(command, env=dict(os.environ, CHROME_PATH=chromium),
                                capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        raise Failed(f"Lighthouse timed out on {url} ({form})") from None
    if result.returncode != 0 or not report.is_file():
        raise Failed(f"Lighthouse failed on {url} ({form}): "
                     + " / ".join((result.stderr or result.stdout).strip().splitlines()[-3:]))
    data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise Failed(f"Lighthouse on {url} ({form}): {data['runtimeError'].get('message')}")
    return data


def summary(data: dict) -> dict:
    """The figures of one run: scores 0-100, TBT/FCP/LCP in ms, the machine's speed."""
    audits = data["audits"]
    lost = [f"{a['id']} ({a.get('displayValue') or a['score']})"
            for c in CATEGORIES for ref in data["categories"][c]["auditRefs"]
            if ref.get("weight") and (a := audits[ref["id"]]).get("score") is not None
            and a["score"] < 1]
    return {"scores": {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES},
            "tbt_ms": audits["total-blocking-time"]["numericValue"],
            "fcp_ms": audits["first-contentful-paint"]["numericValue"],
            "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
            "benchmark_index": data["environment"]["benchmarkIndex"], "lost_points": lost}


def served_bytes(site: Path, path: str) -> int | None:
    """What scripts/loopback.py sends for path: gzip -6 of a text file, other files as is."""
    file = site / unquote(path).lstrip("/")
    file = file / "index.html" if file.is_dir() else file
    if not file.is_file():
        return None
    return len(gzipped(file)) if compressible(file) else file.stat().st_size


def first_view(data: dict, site: Path) -> list[dict]:
    """Every request of a Lighthouse run (data: URLs aside), largest first: path, resource
    type, bytes; "corrected" where Lighthouse's transfer size is below what the server sends
    for that file (a worker's script) and those bytes are counted instead."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(data["finalDisplayedUrl"]))
    found = []
    for item in data["audits"]["network-requests"]["details"]["items"]:
        if item["url"].startswith("data:"):
            continue
        local = item["url"].startswith(origin + "/")
        path = urlsplit(item["url"]).path if local else item["url"]
        sent = served_bytes(site, path) if local else None
        corrected = sent is not None and item["transferSize"] < sent
        found.append({"path": path, "type": item.get("resourceType", ""),
                      "bytes": sent if corrected else item["transferSize"],
                      "lighthouse_bytes": item["transferSize"], "corrected": corrected})
    return sorted(found, key=lambda r: -r["bytes"])


def measure(pages: list[str], sites: dict[str, tuple[str, Path]], runs: int, chromium: str,
            reports: Path) -> dict:
    """results[page][site][form] = medians, runs, and (mobile) the first view."""
    jobs = [(p, r, f, s) for p in pages for r in range(runs) for f in FORMS for s in SITES]
    results: dict = {p: {s: {f: {"runs": []} for f in FORMS} for s in SITES} for p in pages}
    started = time.monotonic()
    for done, (page, run, form, site) in enumerate(jobs):
        left = "" if not done else \
            f", ~{(time.monotonic() - started) / done * (len(jobs) - done) / 60:.0f} min left"
        say(f"[{done + 1}/{len(jobs)}] Lighthouse {site} /{page} {form} run {run + 1}/{runs}{left}")
        url, folder = sites[site]
        report = reports / f"{site}-{page_name(page)}-{form}-{run + 1}.json"
        try:
            data = lighthouse(url + page, form, report, chromium)
        except Failed as error:  # a crash of Chromium on a busy machine: once more
            say(f"{error}; trying once more")
            data = lighthouse(url + page, form, report, chromium)
        entry = results[page][site][form]
        entry["runs"].append(summary(data))
        if form == "mobile" and run == 0:
            entry["first_view"] = first_view(data, folder)
    for page in pages:
        for site in SITES:
            for entry in results[page][site].values():
                rs = entry["runs"]
                entry["median"] = {
                    "scores": {c: statistics.median(r["scores"][c] for r in rs) for c in CATEGORIES},
                    **{m: statistics.median(r[m] for r in rs) for m in ("tbt_ms", "fcp_ms", "lcp_ms")}}
    return results


# ---- the report ---------------------------------------------------------------------------

def targets(results: dict) -> list[dict]:
    """Each issue-13 target: met on every page measured?, with the worst page's figure."""
    def check(name, value, ok, show, badness=lambda v: v):
        figures = {page_name(p): value(r) for p, r in results.items()}
        missed = [p for p, v in figures.items() if not ok(v)]
        worst = max(figures, key=lambda p: badness(figures[p]))
        detail = (f"missed on {len(missed)}/{len(figures)} pages" if missed else
                  f"all {len(figures)} pages") + f"; worst {worst}: {show(figures[worst])}"
        return {"target": name, "met": not missed, "detail": detail, "figures": figures}

    def med(r, site, form):
        return r[site][form]["median"]
    return [
        check("Lighthouse mobile 100 x4", lambda r: med(r, "ours", "mobile")["scores"],
              lambda v: all(s == 100 for s in v.values()), scores_text, lambda v: -sum(v.values())),
        check("Lighthouse desktop 100 x4", lambda r: med(r, "ours", "desktop")["scores"],
              lambda v: all(s == 100 for s in v.values()), scores_text, lambda v: -sum(v.values())),
        check(f"TBT < {TBT_TARGET_MS} ms (mobile)", lambda r: med(r, "ours", "mobile")["tbt_ms"],
              lambda v: v < TBT_TARGET_MS, lambda v: f"{v:.0f} ms"),
        check("FCP <= stock (mobile)", lambda r: med(r, "ours", "mobile")["fcp_ms"]
              - med(r, "stock", "mobile")["fcp_ms"], lambda v: v <= 0,
              lambda v: f"{v / 1000:+.2f} s against stock"),
        check(f"first view <= {FIRST_VIEW_TARGET // KB} KB gzip",
              lambda r: sum(x["bytes"] for x in r["ours"]["mobile"]["first_view"]),
              lambda v: v <= FIRST_VIEW_TARGET, lambda v: f"{v / KB:.1f} KB"),
    ]


def scores_text(scores: dict) -> str:
    return "/".join(f"{scores[c]:g}" for c in CATEGORIES)


def table(rows: list[list[str]], left: int = 1) -> list[str]:
    """Rows as aligned text: the first `left` columns left-aligned, the rest right-aligned."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(c.ljust(w) if i < left else c.rjust(w)
                             for i, (c, w) in enumerate(zip(row, widths))).rstrip()
            for row in rows]


def page_report(page: str, r: dict) -> list[str]:
    cols = [(s, f) for f in FORMS for s in SITES]
    rows = [[""] + [f"{s} {f}" for s, f in cols],
            ["P/A/BP/SEO"] + [scores_text(r[s][f]["median"]["scores"]) for s, f in cols],
            ["TBT ms"] + [f"{r[s][f]['median']['tbt_ms']:.0f}" for s, f in cols],
            ["FCP s"] + [f"{r[s][f]['median']['fcp_ms'] / 1000:.2f}" for s, f in cols],
            ["LCP s"] + [f"{r[s][f]['median']['lcp_ms'] / 1000:.2f}" for s, f in cols]]
    views = {s: {x["path"]: x for x in r[s]["mobile"]["first_view"]} for s in SITES}
    weight = [["first view, KB gzip", "ours", "stock"]]
    for path in sorted(views["ours"].keys() | views["stock"].keys(),
                       key=lambda p: -max(views[s].get(p, {"bytes": 0})["bytes"] for s in SITES)):
        cells = [f"{views[s][path]['bytes'] / KB:.1f}" + ("*" if views[s][path]["corrected"] else "")
                 if path in views[s] else "-" for s in SITES]
        weight.append([f"  {path} ({(views['ours'].get(path) or views['stock'][path])['type']})"]
                      + cells)
    weight.append([f"  total ({len(views['ours'])} / {len(views['stock'])} requests)"]
                  + [f"{sum(x['bytes'] for x in views[s].values()) / KB:.1f}" for s in SITES])
    lost = {f: sorted({x.split(" (")[0] for run in r["ours"][f]["runs"] for x in run["lost_points"]})
            for f in FORMS}
    return ([f"\n/{page}  (median of {len(r['ours']['mobile']['runs'])} run(s))"] + table(rows)
            + table(weight) + [f"  ours lost points ({f}): {', '.join(lost[f])}"
                               for f in FORMS if lost[f]])


def report(builds: dict, results: dict, meta: dict) -> list[str]:
    lines = [f"Ours against stock Material {meta['material']}: Lighthouse {meta['lighthouse']}, "
             f"{meta['chromium']}, {meta['runs']} run(s) per page and form; gzip-serving loopback.",
             f"Lighthouse benchmarkIndex {meta['benchmark_index_min']:.0f}-"
             f"{meta['benchmark_index_max']:.0f} (higher is faster; a busy machine inflates TBT).",
             "P/A/BP/SEO = performance/accessibility/best practices/SEO. * = worker script: "
             "bytes the server sends (Lighthouse counts its headers only)."]
    lines += ["\nBuilds (one run each) and sizes"]
    lines += table([[k, f"{v:.1f} s"] for k, v in builds["seconds"].items()]
                   + [[k, f"{v / KB:.0f} KB"] for k, v in builds["bytes"].items()])
    for page, r in results.items():
        lines += page_report(page, r)
    lines += ["\nIssue 13 targets (ours; medians)"]
    lines += table([[t["target"], "met" if t["met"] else "MISSED", t["detail"]]
                    for t in meta["targets"]], left=3)
    return lines


# ---- main ---------------------------------------------------------------------------------

def find_chromium() -> str:
    chromium = (os.environ.get("CHROMIUM") or shutil.which("chromium")
                or shutil.which("chromium-browser"))
    if not chromium:
        raise Failed("Chromium not found: install Debian's chromium (`make chromium` as root, "
                     "or apt-get install chromium) or set CHROMIUM=/path/to/chromium")
    if not shutil.which("node") or not LIGHTHOUSE.exists():
        raise Failed("Lighthouse not found (node_modules/.bin/lighthouse, needs Node.js 20): "
                     "run `make node-deps` (npm ci) first")
    return chromium


def version(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True).stdout.strip()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated, e.g. index,finasteride (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and form")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--keep", type=Path, help="keep the builds and Lighthouse reports here")
    args = parser.parse_args(argv)
    try:
        chromium = find_chromium()
        work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="bench-"))
        work.mkdir(parents=True, exist_ok=True)
        try:
            return run(args, chromium, work)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    except Failed as error:
        say(str(error))
        return 2 if "not found" in str(error) else 1


def run(args, chromium: str, work: Path) -> int:
    builds = build_both(work)
    pages = site_pages(work / "ours" / "site")
    if args.pages:
        by_name = {page_name(p): p for p in pages}
        unknown = [n for n in args.pages.split(",") if n not in by_name]
        if unknown:
            raise Failed(f"--pages: no page {', '.join(unknown)}; there are: {', '.join(by_name)}")
        pages = [by_name[n] for n in args.pages.split(",")]
    missing = [p for p in pages if p not in site_pages(work / "stock")]
    if missing:
        raise Failed(f"stock build lacks {', '.join(missing)}")
    (work / "lighthouse").mkdir(exist_ok=True)
    with serve(work / "ours" / "site", host_like=True) as ours_url, \
            serve(work / "stock", host_like=True) as stock_url:
        results = measure(pages, {"ours": (ours_url, work / "ours" / "site"),
                                  "stock": (stock_url, work / "stock")},
                          args.runs, chromium, work / "lighthouse")
    speeds = [x["benchmark_index"] for r in results.values() for s in SITES for f in FORMS
              for x in r[s][f]["runs"]]
    meta = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "runs": args.runs,
            "lighthouse": json.loads((ROOT / "node_modules/lighthouse/package.json")
                                     .read_text())["version"],
            "chromium": " ".join(version([chromium, "--version"]).split()[:2]),
            "material": importlib.metadata.version("mkdocs-material"),
            "benchmark_index_min": min(speeds), "benchmark_index_max": max(speeds),
            "targets": targets(results)}
    print("\n".join(report(builds, results, meta)))
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "builds": builds, "pages": {
            page_name(p): r for p, r in results.items()}}, indent=1), encoding="utf-8")
        say(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
