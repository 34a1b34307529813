"""Zensical as a second engine: both editions built with `thinning-hair build --engine
zensical` (`zensical build` from the same mkdocs.yml and mkdocs-offline.yml, then
html/postbuild.py) keep what readers rely
on: numbered citations with "Sources for this page", glossary links and tips, JSON-LD, the CSP
(with no violation in a real Chromium, search included) and offline search from file://.
Runs only where Zensical is installed (it is not in the project's pins)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("zensical")

from bs4 import BeautifulSoup  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from thinning_hair import editions  # noqa: E402
from thinning_hair.project import Project  # noqa: E402

PUBLISHED_URL = "https://thinning-hair-evidence.github.io/"
# Each edition's page file for a docs/ page: folders on the web, .html files offline.
FILES = {"published": "{}/index.html", "offline": "{}.html"}


@pytest.fixture(scope="module")
def zensical_sites(tmp_path_factory) -> dict[str, Path]:
    """Both editions and the zip, built as `thinning-hair build --engine zensical` builds them."""
    out = tmp_path_factory.mktemp("zensical")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", PUBLISHED_URL)
        assert editions.build(Project.find(Path(__file__).parent), out, "zensical") == 0
    return {"published": out / "site", "offline": out / "site-offline"}


def soup(site: Path, edition: str, page: str) -> BeautifulSoup:
    name = "index.html" if page == "index" else FILES[edition].format(page)
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("edition", ["published", "offline"])
def test_citations_are_numbered_with_sources_for_this_page(zensical_sites, edition):
    page = soup(zensical_sites[edition], edition, "finasteride")
    cites = page.select("article sup.cites a.cite")
    assert len(cites) > 20, "the finasteride page cites dozens of sources"
    listed = [li["id"] for li in page.select("#sources-for-this-page + details ol.page-sources > li")]
    numbers = {}
    for cite in cites:  # numbered 1, 2, ... in order of first citation, each with its entry
        target = cite["href"].removeprefix("#")
        numbers.setdefault(target, len(numbers) + 1)
        assert cite.get_text() == str(numbers[target]), cite
        assert cite["aria-label"].startswith(f"Source {numbers[target]}: ")
    assert listed == list(numbers), "the list follows the numbers, one entry per source"
    assert not page.select('article a[href*="sources.md"]'), "a .md link was left unrewritten"


@pytest.mark.parametrize("edition", ["published", "offline"])
def test_glossary_links_and_tips(zensical_sites, edition):
    site = zensical_sites[edition]
    page = soup(site, edition, "finasteride")
    glossary_ids = {tag["id"] for tag in soup(site, edition, "glossary").select("[id]")}
    links = page.select("article abbr[title] > a.glossary-link")
    assert links, "the first use of a glossary term links to its entry"
    for link in links:
        path, _, slug = link["href"].partition("#")
        assert path == ("../glossary/" if edition == "published" else "glossary.html"), link
        assert slug in glossary_ids, f"{link['href']}: no such entry on the glossary page"
    assert len(page.select("article abbr[title]")) > len(links), "later sections keep tips"


def test_json_ld_and_review_dates(zensical_sites):
    page = soup(zensical_sites["published"], "published", "finasteride")
    ld = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert ld["@type"] == "MedicalWebPage" and ld["about"]["@type"] == "Drug"
    # The page's own "Sources for this page" lists its sources; the JSON-LD does not repeat
    # them, as MkDocs writes it.
    assert page.select("ol.page-sources > li") and "citation" not in ld
    assert ld["name"] and ld["description"] and ld["lastReviewed"]
    assert ld["url"] == PUBLISHED_URL + "finasteride/"
    terms = json.loads(soup(zensical_sites["published"], "published", "glossary")
                       .select_one('script[type="application/ld+json"]').string)
    assert terms["about"]["hasDefinedTerm"], "the glossary lists its terms as DefinedTerms"
    dates = [t.get_text() for t in page.select(".review-dates time")]
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", d) for d in dates), dates
    offline = soup(zensical_sites["offline"], "offline", "finasteride")
    assert not offline.select('link[rel="canonical"]'), "files on disk have no canonical URL"


def test_published_pages_have_the_csp_and_one_stylesheet(zensical_sites):
    site = zensical_sites["published"]
    for path in sorted(site.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        csp = page.select_one('meta[http-equiv="Content-Security-Policy"]')
        assert csp is not None, f"{path}: no CSP"
        assert "'unsafe-inline'" not in csp["content"]
        assert len(page.select('link[rel="stylesheet"]')) == 1, path


@pytest.mark.browser
def test_published_search_and_tips_break_no_csp_rule(zensical_sites, page):
    """Served over HTTP, the CSP applies: Zensical's search dialog (its own <style> in a shadow
    root) and site.js's tips must not be blocked."""
    import functools
    import http.server
    import threading
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(zensical_sites["published"]))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/finasteride/")
        page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")
        page.locator("article abbr", has_text="DHT").first.hover()
        expect(page.locator("#site-tip .site-tip__text")).to_contain_text("testosterone")
        page.locator(".md-search__button").first.click()
        page.locator("input[role=combobox]").fill("mesotherapy")
        expect(page.locator("a[role=option]").first).to_be_visible(timeout=10_000)
    finally:
        server.shutdown()
    assert violations == []


@pytest.mark.browser
def test_offline_search_works_from_file(zensical_sites, page):
    """Zensical's offline plugin writes search.js (var __index = ...), loaded with a <script>
    from file://; the worker runs in the iframe-worker shim that postbuild copies."""
    site = zensical_sites["offline"]
    assert (site / "search.js").read_text(encoding="utf-8").startswith("var __index")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((site / "index.html").as_uri())
    page.locator(".md-search__button").first.click()
    page.locator("input[role=combobox]").fill("Kybella")
    first = page.locator("a[role=option]").first
    expect(first).to_have_attribute("href", re.compile(r"^file://.*(source-article-corrections|"
                                                       r"scalp-mesotherapy)\.html"))
    first.click()
    expect(page).to_have_url(re.compile(r"^file://.*\.html"))
    assert [u for u in requests if not u.startswith(("file://", "data:"))] == []
