"""Pages print cleanly, in a real Chromium: a topic page with its title, text and citations
and no navigation or search; external links with their addresses; the questions page on two
A4 sheets at most. (Two builds of the same commit give the same bytes:
tests/build/test_reproducible_build.py.)"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

MAX_PRINTED_PAGES = 2


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
    assert "Kaufman KD, et al. Journal of the American Academy of Dermatology" in text, "references are missing"
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


def printed_pages(page, url: str) -> int:
    page.goto(url)
    page.emulate_media(media="print")
    return len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)


@pytest.mark.browser
def test_questions_page_prints_on_two_a4_pages_at_most(page, served):
    count = printed_pages(page, served + "questions/")
    assert count <= MAX_PRINTED_PAGES, f"questions page prints on {count} A4 pages"
    # The count is real: a long page gives many more.
    assert printed_pages(page, served + "finasteride/") > MAX_PRINTED_PAGES
