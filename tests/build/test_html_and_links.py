"""The built HTML is valid (Nu HTML Checker) and no link or #fragment inside the site is broken
(linkinator), in both editions. Each checker is also shown to catch a planted fault, so a
silent checker cannot make these tests pass."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from pages import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LINKINATOR_PACKAGE = ROOT / "node_modules" / "linkinator"
# Everything that is not this site: linkinator serves the folder on localhost itself.
SKIP_EXTERNAL = r"^https?://(?!(localhost|127\.0\.0\.1)[:/])"

EDITIONS = ["published", "offline"]


def _folder(built, edition: str) -> Path:
    return built.site if edition == "published" else built.offline


# ---- Nu HTML Checker ------------------------------------------------------------------------

# A page with two known errors, checked in the same run as the site: proof that the checker
# reads our folders and reports what it finds.
_INVALID_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>t</title></head>
<body><a href="x.html"><span tabindex="0">link in link</span></a>
<input type="checkbox" autocomplete="off"></body></html>
"""


@pytest.fixture(scope="module")
def vnu_errors(built, tmp_path_factory) -> dict[str, list[str]]:
    """One run of vnu.jar over both editions and a planted bad page: readable errors by folder."""
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR.relative_to(ROOT)} is missing: run `npm ci` (or `make test`)")
    planted = tmp_path_factory.mktemp("vnu-planted")
    (planted / "bad.html").write_text(_INVALID_HTML, encoding="utf-8")
    folders = {"published": built.site, "offline": built.offline, "planted": planted}
    try:
        result = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", "--format", "json",
             "--stdout", *map(str, folders.values())],
            capture_output=True, text=True, timeout=300)
    except FileNotFoundError:
        pytest.fail("java not found: the Nu HTML Checker needs a Java runtime (`make test` "
                    "installs one)")
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON report (exit {result.returncode}):\n"
                    f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    found: dict[str, list[str]] = {name: [] for name in folders}
    for message in messages:
        path = Path(re.sub(r"^file:(//)?", "", message.get("url", "")))
        for name, folder in folders.items():
            if path == folder or folder in path.parents:
                found[name].append(f"{path.relative_to(folder)}:{message.get('lastLine', '?')}: "
                                   f"{message['type']}: {message['message']}")
                break
        else:
            found.setdefault("elsewhere", []).append(json.dumps(message))
    assert not found.get("elsewhere"), f"vnu.jar reported on unexpected files: {found['elsewhere']}"
    return found


def test_html_checker_reports_planted_errors(vnu_errors):
    planted = "\n".join(vnu_errors["planted"])
    assert "tabindex" in planted and "autocomplete" in planted, (
        f"vnu.jar missed errors planted in a test page; its report was:\n{planted or '(empty)'}")


@pytest.mark.parametrize("edition", EDITIONS)
def test_built_html_is_valid(vnu_errors, edition):
    errors = vnu_errors[edition]
    assert not errors, (f"Nu HTML Checker: {len(errors)} error(s) in the {edition} edition "
                        "(file:line: message):\n" + "\n".join(errors))


# ---- linkinator -----------------------------------------------------------------------------

def _linkinator() -> list[str]:
    """The command for linkinator (LINKINATOR=/path overrides), failing clearly when the
    installed version cannot run on this Node.js."""
    if os.environ.get("LINKINATOR"):
        return [os.environ["LINKINATOR"]]
    manifest = LINKINATOR_PACKAGE / "package.json"
    if not manifest.is_file():
        pytest.fail("node_modules/linkinator is missing: run `npm ci` (or `make test`)")
    package = json.loads(manifest.read_text(encoding="utf-8"))
    needs = package.get("engines", {}).get("node", "")
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    wanted = re.search(r">=\s*(\d+)(?:\.(\d+))?", needs)
    have = re.match(r"v(\d+)\.(\d+)", node)
    if wanted and have and (int(have[1]), int(have[2])) < (int(wanted[1]), int(wanted[2] or 0)):
        pytest.fail(f"linkinator {package['version']} needs Node.js {needs} and this is {node}: "
                    "pin a linkinator that supports it in package.json (7.6.1 needs >=20) or "
                    "upgrade Node.js")
    return [str(ROOT / "node_modules" / ".bin" / "linkinator")]


def check_links(folder: Path) -> list[str]:
    """Crawl a built folder (linkinator serves it on localhost) checking every internal link
    and #fragment; return the broken ones as readable lines."""
    result = subprocess.run(
        [*_linkinator(), str(folder), "--recurse", "--check-fragments", "--skip", SKIP_EXTERNAL,
         "--format", "json"],
        capture_output=True, text=True, timeout=300, cwd=folder)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"linkinator gave no JSON report (exit {result.returncode}):\n"
                    f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    links = report.get("links", [])
    assert links, f"linkinator checked no links in {folder}: the test would pass blind"
    broken = [f"{link['url']} (status {link.get('status')}, found on {link.get('parent')})"
              for link in links if link["state"] == "BROKEN"]
    assert broken or result.returncode == 0, (
        f"linkinator failed (exit {result.returncode}) without naming a broken link:\n"
        f"{result.stderr[-2000:]}")
    return broken


def test_link_checker_reports_a_missing_page_and_a_missing_fragment(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>i</title><h2 id="here">Here</h2>'
        '<a href="other.html#here">ok</a> <a href="other.html#nowhere">bad fragment</a> '
        '<a href="#here">ok</a> <a href="missing.html">missing page</a>', encoding="utf-8")
    (tmp_path / "other.html").write_text(
        '<!doctype html><title>o</title><p id="here">Here</p>', encoding="utf-8")
    broken = "\n".join(check_links(tmp_path))
    assert "other.html#nowhere" in broken and "missing.html" in broken, broken
    assert "#here" not in broken, broken


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_broken_internal_links_or_fragments(built, edition):
    broken = check_links(_folder(built, edition))
    assert not broken, (f"linkinator: {len(broken)} broken link(s) in the {edition} edition:\n"
                        + "\n".join(broken))


_ROOTED = re.compile(r'\b(?:href|src)="(/[^"]*)"')


def test_offline_pages_use_no_root_absolute_links(built):
    """linkinator serves the offline folder from a web root, where "/page.html" works; from
    disk (file://) it points at the root of the reader's file system, so rule it out here."""
    found = [f"{path.relative_to(built.offline)}: {url}"
             for path in built.pages("offline")
             for url in _ROOTED.findall(path.read_text(encoding="utf-8"))]
    assert not found, "root-absolute links in the offline edition:\n" + "\n".join(found)
