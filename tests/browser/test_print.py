"""A topic page prints cleanly (title, text and citations; no navigation or search), and
two builds of the same commit give the same bytes."""

from __future__ import annotations

import filecmp
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.browser
def test_topic_page_prints_with_title_and_references(page, served):
    page.goto(served + "finasteride/")
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden()
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".md-search").is_hidden()
    pdf = page.pdf(format="A4", print_background=False)
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Finasteride for hair loss" in text
    # Numbered citations, and the page's own list of sources at the end (issue 14).
    assert re.search(r"\[\d+(, \d+)*\]", text), "citation numbers are missing from the printout"
    assert "Sources for this page" in text, "the page's source list is missing from the printout"
    assert "Kaufman KD, Olsen EA, Whiting D, et al." in text, "references are missing"
    assert "Related pages" in text
    assert "Search" not in text.split("Finasteride for hair loss", 1)[0], "navigation printed"


@pytest.mark.browser
def test_printout_shows_where_external_links_go(page, served):
    page.goto(served + "sources/")
    page.emulate_media(media="print")
    after = page.evaluate("""() => {
        const a = document.querySelector('article a[href^="http"]');
        return getComputedStyle(a, '::after').content; }""")
    assert "http" in after


def test_two_builds_of_the_same_commit_are_identical(built, tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), "--out",
                             str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # The sitemap carries the build date on purpose (lastmod), and its .gz a timestamp.
    dated = {"sitemap.xml", "sitemap.xml.gz"}
    assert (tmp_path / "dist" / built.zip.name).read_bytes() == built.zip.read_bytes(), \
        "the offline zip differs between two builds"
    differ = []
    for first in sorted(p for p in built.site.rglob("*") if p.is_file()):
        rel = first.relative_to(built.site)
        if rel.name in dated:
            continue
        second = tmp_path / "site" / rel
        if not second.is_file() or not filecmp.cmp(first, second, shallow=False):
            differ.append(str(rel))
    assert not differ, differ
