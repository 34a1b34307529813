"""Ours against stock Material for MkDocs, page by page: Lighthouse, first-view weight, builds.

    make bench                                   # every page, 3 runs (an hour on 2 busy cores)
    make bench BENCH_ARGS="--pages index,finasteride --runs 1"       # a quick look
    .venv/bin/thinning-hair bench --json bench.json --keep DIR   # JSON too; keep reports

1. Builds ours as `make build` does (thinning-hair build: both editions and the zip), and
   "stock": our docs, nav and Markdown extensions with Material's defaults (no custom_dir,
   hooks or extra CSS/JS; the search plugin only) but `font: false`, as Google Fonts cannot
   load here. Wall time of each (one run), and sizes on disk.
2. Serves both published folders on loopback like a real host (tools/loopback.py: gzip
   for text, keep-alive, Cache-Control) and runs Lighthouse (npm, pinned) with Debian's
   Chromium (CHROME_PATH; --headless=new --no-sandbox --disable-gpu), mobile (simulated
   throttling, 4x CPU slowdown) and desktop (--preset=desktop), --runs times per page; ours
   and stock alternate, so that a busy spell hits both. Reported: the median of each score
   and of TBT, FCP and LCP.
3. First view = every request of the first mobile run, from Lighthouse's network-requests
   audit (HTML, CSS, JS, search index and worker if fetched, fonts, images), by transfer
   size (gzip body plus headers). Lighthouse 12.8.2 counts only the headers of a worker's
   own script: where a transfer size is below what our server sends, that is counted ("*").
4. Prints a table per page and whether issue 13's targets hold on every page: mobile and
   desktop 100 x4, TBT < 50 ms and FCP <= stock (mobile), first view <= 70 KB.

TBT is main-thread CPU time, so it grows when other work shares the machine; Lighthouse's
benchmarkIndex (higher = faster) shows how busy it was. KB = 1024 bytes. A missed target
does not fail the bench; exit 2 when Chromium or Lighthouse is missing, 1 when a build or
a Lighthouse run fails (a failed run is left out of the medians).
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

from ..data import load
from ..project import Project
from .loopback import compressible, gzipped, serve

ROOT = Project.find().root
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
SITES, FORMS, METRICS = ["ours", "stock"], ["mobile", "desktop"], ["tbt_ms", "fcp_ms", "lcp_ms"]
KB = 1024
FIRST_VIEW_TARGET, TBT_TARGET_MS = 70 * KB, 50


class Failed(Exception):
    """A build or a Lighthouse run failed; the message says which and why (exit 1)."""


class Missing(Failed):
    """Chromium or Lighthouse is not installed; the message says how to get it (exit 2)."""


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# ---- builds -------------------------------------------------------------------------------

def run_timed(command: list[str], label: str) -> tuple[float, list[tuple[float, str]]]:
    """Run command in the repository: its wall time, and its output lines with their times."""
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = [(time.monotonic() - started, line.rstrip()) for line in proc.stdout]
    if proc.wait() != 0:
        raise Failed(f"{label} failed:\n" + "\n".join(line for _, line in lines[-30:]))
    return time.monotonic() - started, lines


def folder_size(folder: Path, skip: str = "") -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.name != skip)


def build_both(work: Path) -> dict:
    """Build ours and stock into work/: times (s) and sizes (bytes)."""
    say("building ours (thinning-hair build: both editions and the zip)")
    total, lines = run_timed([sys.executable, "-m", "thinning_hair", "build", "--out", str(work / "ours")],
                             "thinning-hair build")
    steps = {line[:9]: t for t, line in lines if line.startswith("==> [")}
    say("building stock Material (same docs, nav and Markdown; theme defaults)")
    config, config_file = load(Project(ROOT)).config, work / "stock-mkdocs.yml"
    keep = ("site_name", "site_description", "site_author", "site_url", "copyright", "nav",
            "markdown_extensions")  # built from ROOT, so snippets' base_path resolves
    config_file.write_text(yaml.safe_dump({
        **{k: config[k] for k in keep if k in config}, "site_dir": str(work / "stock"),
        "docs_dir": str(ROOT / config.get("docs_dir", "docs")), "use_directory_urls": True,
        "theme": {"name": "material", "font": False}, "plugins": ["search"]},
        sort_keys=False, allow_unicode=True), encoding="utf-8")
    stock, _ = run_timed([sys.executable, "-m", "mkdocs", "build", "-f", str(config_file)],
                         "stock Material build")
    zip_file = next((work / "ours" / "dist").glob("*.zip"))
    return {"seconds": {"ours, all (2 editions + zip)": total,
                        "ours, published edition": steps["==> [2/5]"] - steps["==> [1/5]"],
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
    """One Lighthouse run: its JSON report (also left at `report`)."""
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
               "--only-categories=" + ",".join(CATEGORIES)]
    command += ["--preset=desktop"] if form == "desktop" else []
    try:
        result = subprocess.run(command, env=dict(os.environ, CHROME_PATH=chromium),
                                capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        raise Failed(f"Lighthouse timed out on {url} ({form})") from None
    if result.returncode != 0 or not report.is_file():
        raise Failed(f"Lighthouse failed on {url} ({form}): "
                     + " / ".join((result.stderr or result.stdout).strip().splitlines()[-3:]))
    data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError") or any(data["categories"][c]["score"] is None
                                       for c in CATEGORIES):
        raise Failed(f"Lighthouse on {url} ({form}): "
                     f"{data.get('runtimeError', {}).get('message', 'a category has no score')}")
    return data


def summary(data: dict) -> dict:
    """One run's figures: scores 0-100, TBT/FCP/LCP in ms, the machine's speed, and the
    weighted audits that cost points."""
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


def served_bytes(site: Path, path: str) -> int:
    """What tools/loopback.py sends for path: gzip -6 of a text file, others as they are."""
    file = site / unquote(path).lstrip("/")
    file = file / "index.html" if file.is_dir() else file
    if not file.is_file():
        return 0
    return len(gzipped(file)) if compressible(file) else file.stat().st_size


def first_view(data: dict, site: Path) -> list[dict]:
    """Every request of a Lighthouse run (data: URLs aside), largest first: path, resource
    type, bytes; "corrected" where Lighthouse's transfer size is below what the server sends
    for that file (a worker's script) and those bytes are counted instead."""
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(data["finalDisplayedUrl"]))
    found = []
    for item in data["audits"]["network-requests"]["details"]["items"]:
        if item["url"].startswith("data:"):
            continue
        local = item["url"].startswith(origin)
        path = urlsplit(item["url"]).path if local else item["url"]
        sent = served_bytes(site, path) if local else 0
        corrected = item["transferSize"] < sent
        found.append({"path": path, "type": item.get("resourceType", ""),
                      "bytes": sent if corrected else item["transferSize"],
                      "lighthouse_bytes": item["transferSize"], "corrected": corrected})
    return sorted(found, key=lambda r: -r["bytes"])


def measure(pages: list[str], sites: dict[str, tuple[str, Path]], runs: int, chromium: str,
            reports: Path, failed: list[str]) -> dict:
    """results[page][site][form]: each run's figures, their medians, and the first run's
    first view (the mobile one is reported); a failed run is left out and added to `failed`."""
    jobs = [(p, r, f, s) for p in pages for r in range(runs) for f in FORMS for s in SITES]
    results: dict = {p: {s: {f: {"runs": []} for f in FORMS} for s in SITES} for p in pages}
    started = time.monotonic()
    for done, (page, run, form, site) in enumerate(jobs):
        left = (f", ~{(time.monotonic() - started) / done * (len(jobs) - done) / 60:.0f} min "
                "left") if done else ""
        say(f"[{done + 1}/{len(jobs)}] Lighthouse {site} /{page} {form} run {run + 1}/{runs}{left}")
        (url, folder), entry = sites[site], results[page][site][form]
        try:
            data = lighthouse(url + page, form, reports / f"{site}-{page_name(page)}-{form}-"
                              f"{run + 1}.json", chromium)
        except Failed as error:  # e.g. Chromium crashing on a busy machine
            say(f"{error}; this run is left out")
            failed.append(str(error))
            continue
        entry["runs"].append(summary(data))
        if "first_view" not in entry:
            entry["first_view"] = first_view(data, folder)
    for page, _, form, site in jobs:
        entry = results[page][site][form]
        if not entry["runs"]:
            raise Failed(f"every Lighthouse run of {site} /{page} {form} failed")
        entry["median"] = {
            "scores": {c: statistics.median(x["scores"][c] for x in entry["runs"])
                       for c in CATEGORIES},
            **{m: statistics.median(x[m] for x in entry["runs"]) for m in METRICS}}
    return results


# ---- the report ---------------------------------------------------------------------------

def targets(results: dict) -> list[dict]:
    """Each issue-13 target: met on every page measured?, and the worst page's figure."""
    def check(name, value, ok, show, badness=lambda v: v):
        figures = {page_name(p): value(r) for p, r in results.items()}
        missed = [p for p, v in figures.items() if not ok(v)]
        worst = max(figures, key=lambda p: badness(figures[p]))
        detail = (f"missed on {len(missed)}/{len(figures)} pages" if missed else
                  f"all {len(figures)} pages") + f"; worst {worst}: {show(figures[worst])}"
        return {"target": name, "met": not missed, "detail": detail, "figures": figures}

    def median(site, form, key):
        return lambda r: r[site][form]["median"][key]

    def all_100(scores):
        return all(s == 100 for s in scores.values())

    return [
        check("Lighthouse mobile 100 x4", median("ours", "mobile", "scores"), all_100,
              scores_text, lambda v: -sum(v.values())),
        check("Lighthouse desktop 100 x4", median("ours", "desktop", "scores"), all_100,
              scores_text, lambda v: -sum(v.values())),
        check(f"TBT < {TBT_TARGET_MS} ms (mobile)", median("ours", "mobile", "tbt_ms"),
              lambda v: v < TBT_TARGET_MS, lambda v: f"{v:.0f} ms"),
        check("FCP <= stock (mobile)", lambda r: median("ours", "mobile", "fcp_ms")(r)
              - median("stock", "mobile", "fcp_ms")(r), lambda v: v <= 0,
              lambda v: f"{v / 1000:+.2f} s against stock"),
        check(f"first view <= {FIRST_VIEW_TARGET // KB} KB gzip",
              lambda r: sum(x["bytes"] for x in r["ours"]["mobile"]["first_view"]),
              lambda v: v <= FIRST_VIEW_TARGET, lambda v: f"{v / KB:.1f} KB"),
    ]


def scores_text(scores: dict) -> str:
    return "/".join(f"{scores[c]:g}" for c in CATEGORIES)


def table(rows: list[list[str]], left: int = 1) -> list[str]:
    """Rows as aligned text: the first `left` columns left-aligned, the others right-aligned."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(c.ljust(w) if i < left else c.rjust(w)
                             for i, (c, w) in enumerate(zip(row, widths))).rstrip()
            for row in rows]


def page_report(page: str, r: dict) -> list[str]:
    """One page: scores and metrics, ours and stock, mobile and desktop; first view by request."""
    cols = [r[s][f] for f in FORMS for s in SITES]
    rows = [[""] + [f"{s} {f}" for f in FORMS for s in SITES],
            ["P/A/BP/SEO"] + [scores_text(c["median"]["scores"]) for c in cols],
            ["TBT ms"] + [f"{c['median']['tbt_ms']:.0f}" for c in cols],
            ["FCP s"] + [f"{c['median']['fcp_ms'] / 1000:.2f}" for c in cols],
            ["LCP s"] + [f"{c['median']['lcp_ms'] / 1000:.2f}" for c in cols]]
    views = {s: {x["path"]: x for x in r[s]["mobile"]["first_view"]} for s in SITES}
    weight = [["first view, KB gzip", "ours", "stock"]]
    for path in sorted(views["ours"].keys() | views["stock"].keys(),
                       key=lambda p: -max(views[s].get(p, {"bytes": 0})["bytes"] for s in SITES)):
        kind = (views["ours"].get(path) or views["stock"][path])["type"]
        weight.append([f"  {path} ({kind})"] + [
            f"{views[s][path]['bytes'] / KB:.1f}" + "*" * views[s][path]["corrected"]
            if path in views[s] else "-" for s in SITES])
    weight.append([f"  total ({len(views['ours'])} / {len(views['stock'])} requests)"]
                  + [f"{sum(x['bytes'] for x in views[s].values()) / KB:.1f}" for s in SITES])
    lost = {f: sorted({x.split(" (")[0] for run in r["ours"][f]["runs"] for x in run["lost_points"]})
            for f in FORMS}
    runs = "-".join(map(str, sorted({len(c["runs"]) for c in cols})))
    return ([f"\n/{page}  (median of {runs} run(s))"] + table(rows) + table(weight)
            + [f"  ours lost points ({f}): {', '.join(lost[f])}" for f in FORMS if lost[f]])


def report(builds: dict, results: dict, meta: dict) -> list[str]:
    lines = [f"Ours against stock Material {meta['material']}: Lighthouse {meta['lighthouse']}, "
             f"{meta['chromium']}, {meta['runs']} run(s) per page and form; gzip-serving loopback.",
             f"Lighthouse benchmarkIndex {meta['benchmark_index_min']:.0f}-"
             f"{meta['benchmark_index_max']:.0f} (higher is faster; a busy machine inflates TBT).",
             "P/A/BP/SEO = performance/accessibility/best practices/SEO. * = worker script: "
             "bytes the server sends (Lighthouse counts its headers only).",
             "\nBuilds (one run each) and sizes"]
    lines += table([[k, f"{v:.1f} s"] for k, v in builds["seconds"].items()]
                   + [[k, f"{v / KB:.0f} KB"] for k, v in builds["bytes"].items()])
    for page, r in results.items():
        lines += page_report(page, r)
    lines += ["\nIssue 13 targets (ours; medians)"]
    lines += table([[t["target"], "met" if t["met"] else "MISSED", t["detail"]]
                    for t in meta["targets"]], left=3)
    return lines + [f"Left out (failed): {error}" for error in meta["failed_runs"]]


# ---- main ---------------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated, e.g. index,finasteride (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and form")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--keep", type=Path, help="keep the builds and Lighthouse reports here")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    chromium = (os.environ.get("CHROMIUM") or shutil.which("chromium")
                or shutil.which("chromium-browser"))
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        if not chromium:
            raise Missing("Chromium not found: install Debian's chromium (`make chromium` as "
                          "root, or apt-get install chromium), or set CHROMIUM=/path/to/it")
        if not shutil.which("node") or not LIGHTHOUSE.exists():
            raise Missing("Lighthouse not found (node_modules/.bin/lighthouse; needs Node.js "
                          "20 and npm): run `make node-deps` first")
        (work / "lighthouse").mkdir(parents=True, exist_ok=True)
        return run(args, chromium, work)
    except Failed as error:
        say(str(error))
        return 2 if isinstance(error, Missing) else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(args, chromium: str, work: Path) -> int:
    builds = build_both(work)
    pages = site_pages(work / "ours" / "site")
    if args.pages:
        by_name = {page_name(p): p for p in pages}
        unknown = [n for n in args.pages.split(",") if n not in by_name]
        if unknown:
            raise Failed(f"--pages: no page {', '.join(unknown)}; there are: {', '.join(by_name)}")
        pages = [by_name[n] for n in args.pages.split(",")]
    failed: list[str] = []
    with serve(work / "ours" / "site", host_like=True) as ours_url, \
            serve(work / "stock", host_like=True) as stock_url:
        results = measure(pages, {"ours": (ours_url, work / "ours" / "site"),
                                  "stock": (stock_url, work / "stock")},
                          args.runs, chromium, work / "lighthouse", failed)
    speeds = [x["benchmark_index"] for r in results.values() for s in SITES for f in FORMS
              for x in r[s][f]["runs"]]
    version = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout
    meta = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "runs": args.runs,
            "lighthouse": json.loads((ROOT / "node_modules/lighthouse/package.json")
                                     .read_text())["version"],
            "chromium": " ".join(version.split()[:2]),
            "material": importlib.metadata.version("mkdocs-material"),
            "benchmark_index_min": min(speeds), "benchmark_index_max": max(speeds),
            "failed_runs": failed, "targets": targets(results)}
    print("\n".join(report(builds, results, meta)))
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "builds": builds, "pages": {
            page_name(p): r for p, r in results.items()}}, indent=1), encoding="utf-8")
        say(f"figures written to {args.json}")
    return 1 if failed else 0


