"""Glossary terms on a touch screen, in both editions: tapping a term shows its definition.

The first use of a term on a page is also a link to its glossary entry, so a tap there opens
the entry (the full definition); every later use shows the short definition in a tooltip."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import glossary  # scripts/glossary.py (conftest puts scripts/ on the path)

pytestmark = pytest.mark.browser

PHONE = {"has_touch": True, "is_mobile": True, "viewport": {"width": 390, "height": 844}}


@pytest.fixture(params=["published", "offline"])
def finasteride_url(request, built, served) -> str:
    if request.param == "published":
        return served + "finasteride/"
    return (built.unzipped / "finasteride.html").as_uri()


def test_tapping_a_term_shows_its_definition(new_context, finasteride_url):
    page = new_context(**PHONE).new_page()
    page.goto(finasteride_url)
    shorts = {entry.short for entry in glossary.load().entries}

    later = page.locator("article abbr[tabindex]").first
    later.scroll_into_view_if_needed()
    later.tap()
    tooltip = page.locator(".md-tooltip2--active")
    expect(tooltip).to_be_visible(timeout=5_000)
    assert tooltip.inner_text().strip() in shorts, (
        f"tapping {later.inner_text()!r} showed {tooltip.inner_text()!r}")

    first = page.locator("article abbr a.glossary-link").first
    slug = first.get_attribute("href").rsplit("#", 1)[1]
    first.scroll_into_view_if_needed()
    first.tap()
    expect(page.locator(f"[id='{slug}']")).to_be_in_viewport()
    assert "glossary" in page.url, f"tapping the first use went to {page.url}"
