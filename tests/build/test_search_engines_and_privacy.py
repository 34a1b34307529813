"""What search engines, link previews and privacy need from every page: unique titles and
descriptions, canonical URLs, Open Graph, structured data, a real sitemap, robots.txt, a
helpful 404 page; and nothing loaded from anywhere else."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import urlparse

import pytest

from pages import DOCS, built_page, front_matter, markdown_pages

SITE_URL = "https://thinning-hair-evidence.github.io/"


def soups(built):
    return {path.name: built.soup(built_page(built.site, path.name)) for path in markdown_pages()}


def test_titles_and_descriptions_are_unique(built):
    pages = soups(built)
    titles = Counter(s.title.get_text() for s in pages.values())
    descriptions = Counter(s.select_one('meta[name="description"]')["content"]
                           for s in pages.values())
    assert [t for t, n in titles.items() if n > 1] == []
    assert [d for d, n in descriptions.items() if n > 1] == []


@pytest.mark.parametrize("path", markdown_pages(), ids=lambda p: p.name)
def test_page_head_has_canonical_open_graph_and_british_language(built, path):
    soup = built.soup(built_page(built.site, path.name))
    assert soup.html["lang"] == "en-GB"
    canonical = soup.select_one('link[rel="canonical"]')["href"]
    assert canonical.startswith(SITE_URL)
    for prop in ("og:title", "og:description", "og:url", "og:type", "og:locale"):
        assert soup.select_one(f'meta[property="{prop}"]'), f"{path.name}: no {prop}"
    assert soup.select_one('meta[property="og:url"]')["content"] == canonical
    assert soup.select_one('meta[name="description"]')["content"] == front_matter(path)["description"]


def jsonld(soup) -> dict:
    blocks = soup.select('script[type="application/ld+json"]')
    assert len(blocks) == 1
    return json.loads(blocks[0].string)


@pytest.mark.parametrize("name,about", [
    ("finasteride.md", "Drug"), ("scalp-mesotherapy.md", "MedicalProcedure"),
    ("finasteride-injection.md", "MedicalProcedure"), ("hair-loss.md", "MedicalCondition"),
    ("treatments-compared.md", "MedicalCondition"), ("glossary.md", "DefinedTermSet"),
])
def test_structured_data_describes_the_page(built, name, about):
    data = jsonld(built.soup(built_page(built.site, name)))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == front_matter(DOCS / name)["reviewed"].isoformat()
    assert data["about"]["@type"] == about and data["about"]["name"]
    assert data["url"].startswith(SITE_URL) and data["inLanguage"] == "en-GB"
    if about == "DefinedTermSet":
        assert len(data["about"]["hasDefinedTerm"]) >= 40
        # Each term by name and its entry's id; the meanings are the page's own text.
        ids = {tag["id"] for tag in built.soup(built_page(built.site, name)).select("[id]")}
        assert all(t["@type"] == "DefinedTerm" and t["name"] and t["termCode"] in ids
                   for t in data["about"]["hasDefinedTerm"])


def test_sitemap_lists_every_page_at_a_real_address(built):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in ET.parse(built.site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    assert len(urls) == len(markdown_pages())
    for url in urls:
        assert url.startswith(SITE_URL)
        path = urlparse(url).path.removeprefix(urlparse(SITE_URL).path)
        assert (built.site / path / "index.html").is_file() or (built.site / path).is_file(), url


def test_robots_txt_points_to_the_sitemap(built):
    text = (built.site / "robots.txt").read_text()
    assert "User-agent: *" in text and f"Sitemap: {SITE_URL}sitemap.xml" in text


def test_404_page_helps_the_reader_on(built):
    soup = built.soup(built.site / "404.html")
    assert "not found" in soup.select_one("article h1").get_text().lower()
    hrefs = [a["href"] for a in soup.select("article a[href]")]
    assert any(h.endswith("glossary/") for h in hrefs) and any(h == SITE_URL for h in hrefs)
    assert soup.select_one("input.md-search__input"), "the 404 page has no search box"


EXTERNAL = re.compile(r'(?:src|href)="(https?://[^"]+)"')


@pytest.mark.parametrize("edition", ["published", "offline"])
def test_pages_load_nothing_from_other_hosts(built, edition):
    offenders = []
    for path in built.pages(edition):
        soup = built.soup(path)
        for tag in soup.select("script[src], link[href], img[src], iframe, source[src], "
                               "video, audio, object, embed"):
            url = tag.get("src") or tag.get("href") or ""
            if tag.name == "link" and tag.get("rel") == ["canonical"]:
                continue
            if url.startswith(("http://", "https://", "//")):
                # Named by its source file: every published page is an index.html.
                base = built.site if edition == "published" else built.offline
                built_as = path.relative_to(base).with_suffix("")
                source = ("index" if built_as.parts in (("index",),) else
                          built_as.parent.as_posix() if built_as.name == "index" else
                          built_as.as_posix())
                offenders.append(f"docs/{source}.md: <{tag.name}> {url}")
    assert not offenders, offenders
    assert not list((built.site if edition == "published" else built.offline).rglob("*.woff*"))


@pytest.mark.parametrize("edition", ["published", "offline"])
def test_no_analytics_or_cookie_code(built, edition):
    base = built.site if edition == "published" else built.offline
    text = "".join(p.read_text(encoding="utf-8") for p in built.pages(edition))
    for marker in ("googletagmanager", "google-analytics", "gtag(", "__consent", "plausible"):
        assert marker not in text, marker
    assert base.joinpath("index.html").exists()


def test_external_links_carry_noopener(built):
    missing = []
    for path in built.pages():
        for link in built.soup(path).select('article a[href^="http"]'):
            if "noopener" not in (link.get("rel") or []):
                missing.append(f"{path.relative_to(built.site)}: {link['href']}")
    assert not missing, missing


@pytest.mark.parametrize("edition", ["published", "offline"])
def test_every_page_carries_a_hash_based_content_security_policy(built, edition):
    for path in built.pages(edition):
        soup = built.soup(path)
        meta = soup.select_one('meta[http-equiv="Content-Security-Policy"]')
        assert meta is not None, f"{path}: no CSP"
        policy = dict(part.strip().split(" ", 1) for part in meta["content"].split(";"))
        assert "'unsafe-inline'" not in policy["script-src"]
        inline = [s for s in soup.select("script:not([src])")
                  if s.get("type") not in ("application/json", "application/ld+json")]
        # Offline, one more: the script the search shim writes into its iframe.
        shim = 1 if edition == "offline" else 0
        assert policy["script-src"].count("'sha256-") == len({s.string for s in inline}) + shim
        assert policy["default-src"] == "'self'"
