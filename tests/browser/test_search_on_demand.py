"""Search loads only when the reader opens it (docs/assets/javascripts/site.js): no search
index and no search worker on a page load, in either edition; opening search (the header
button, the box, or the "/" key) loads them, and a search then finds its page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from reader import SEARCH_RESULT, first_result_goes_to, search

pytestmark = pytest.mark.browser

SEARCH_FILES = re.compile(r"/search/search_index\.js(on)?|/workers/search\.[^/]*\.js")


def test_published_page_load_fetches_no_search_index_or_worker(page, served, request_log):
    page.goto(served + "finasteride/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    early = [u for u in request_log.urls if SEARCH_FILES.search(u)]
    assert early == [], f"fetched before search was used: {early}"
    search(page, "mesotherapy")
    assert [u for u in request_log.urls if "search_index.json" in u], "search loaded no index"
    first_result_goes_to(page, "scalp-mesotherapy/")


def test_published_search_starts_from_the_slash_key(page, served):
    page.goto(served)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.press_sequentially("dutasteride", delay=30)
    expect(page.locator(SEARCH_RESULT).first).to_be_visible(timeout=10_000)


def test_offline_page_load_starts_no_search_worker(page, built):
    """From file:// the worker is the iframe-worker shim's hidden iframe, and Material adds
    the index as a script: neither exists until search is used."""
    page.goto((built.unzipped / "finasteride.html").as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert page.locator("iframe").count() == 0, "the search worker started at load"
    assert page.locator("script[src*='search_index']").count() == 0
    search(page, "mesotherapy")
    first_result_goes_to(page, "scalp-mesotherapy.html")
