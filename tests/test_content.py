"""The pages do what the site promises readers: plain English, enough depth, the pregnancy
warning wherever a 5-ARI is discussed, own words, and pages that lead to each other."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pages import LONG_PAGES, ROOT, TOPIC_PAGES, built_page, markdown_pages
from prose_stats import extract_prose, metrics

OVERLAP_TOOL = ROOT.parent / "shared" / "tools" / "source_overlap.py"
# Pages that name finasteride without discussing it as a treatment: the reference list,
# the "about" page and the glossary (none there, by the shared conventions). Every other page that mentions a 5-ARI carries the warning.
NAMES_ONLY = {"sources.md", "about.md", "glossary.md"}


def html(built, name: str) -> str:
    return built_page(built.site, name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_topic_page_reads_as_plain_english(built, name):
    score = metrics(extract_prose(html(built, name)))["flesch"]
    assert score >= 60, f"{name}: Flesch reading ease {score} (must be at least 60)"


@pytest.mark.parametrize("name", LONG_PAGES)
def test_main_topic_pages_have_depth(built, name):
    words = metrics(extract_prose(html(built, name)))["words"]
    assert words >= 1200, f"{name}: {words} words of body prose (must be at least 1,200)"


def test_readability_measure_can_fail():
    hard = ("<p>Notwithstanding pharmacokinetic considerations, dihydrotestosterone "
            "suppression consequent upon 5-alpha-reductase inhibition necessitates "
            "comprehensive consideration of teratogenicity implications.</p>")
    assert metrics(extract_prose(hard))["flesch"] < 60


@pytest.mark.parametrize("path", [p for p in markdown_pages() if p.name not in NAMES_ONLY],
                         ids=lambda p: p.name)
def test_pages_discussing_5aris_carry_the_pregnancy_warning(built, path):
    soup = built.soup(built_page(built.site, path.name))
    text = soup.select_one("article").get_text(" ")
    if not re.search(r"\b(finasteride|dutasteride)\b", text, re.I):
        pytest.skip("does not mention a 5-ARI")
    titles = [t.get_text() for t in soup.select("article .admonition.danger .admonition-title")]
    assert any("Pregnancy" in t for t in titles), f"{path.name}: no pregnancy warning"


def test_injection_page_says_injection_is_not_shown_to_avoid_the_pregnancy_risk(built):
    text = " ".join(built.soup(built_page(built.site, "finasteride-injection.md"))
                    .select_one("article").get_text(" ").split())
    assert re.search(r"not been shown to (avoid|remove|lower|reduce)", text, re.I), \
        "finasteride-injection.md must say plainly that injection has not been shown to avoid the risk"


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_topic_page_ends_with_related_pages(built, name):
    soup = built.soup(built_page(built.site, name))
    headings = soup.select("article h2")
    assert headings and headings[-1].get_text().strip(" ¶") == "Related pages", \
        f"{name}: the last section must be 'Related pages'"
    links = headings[-1].find_next_sibling("ul").select("a[href]")
    assert len(links) >= 3, f"{name}: 'Related pages' lists {len(links)} links (at least 3)"


def test_pages_are_in_our_own_words():
    """No run of 10 or more words shared with the two source articles."""
    if not OVERLAP_TOOL.is_file():
        pytest.fail(f"{OVERLAP_TOOL} is missing: CI clones the project beside shared/")
    result = subprocess.run([sys.executable, str(OVERLAP_TOOL), "--fail-at", "10",
                             str(ROOT / "docs")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def link_graph(built) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Distinct page-to-page links inside each page's article (not the navigation)."""
    pages = {str(p.relative_to(built.site).parent) for p in built.pages()}
    out = {page: set() for page in pages}
    into = {page: set() for page in pages}
    for path in built.pages():
        here = str(path.relative_to(built.site).parent)
        for link in built.soup(path).select("article a[href]"):
            href = link["href"].split("#")[0]
            if not href or href.startswith(("http:", "https:", "mailto:")) or href.endswith(".zip"):
                continue
            target = str((path.parent / href).resolve().relative_to(built.site.resolve()))
            target = target if target != "." else "."
            if target in pages and target != here:
                out[here].add(target)
                into[target].add(here)
    return out, into


def test_every_page_links_to_three_and_is_linked_from_two(built):
    out, into = link_graph(built)
    weak = [f"{p}: links to {len(out[p])}, linked from {len(into[p])}"
            for p in sorted(out) if len(out[p]) < 3 or len(into[p]) < 2]
    assert not weak, weak
