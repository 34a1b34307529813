"""Glossary terms on a touch screen, in both editions: a reader on a phone can read any term's
definition without leaving the page (the home page's promise, issue 12 §3).

Tapping a term shows its definition. The first use of a term on a page is also a link to its
glossary entry: the first tap shows the definition (and says a second tap opens the entry),
the second tap follows the link. A tap elsewhere closes the tip."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pages import site_data
from reader import TIP, show_tip
from reader import open_collapsed

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
    open_collapsed(page)
    shorts = {entry.short for entry in site_data().glossary.entries}
    later = page.locator("article abbr[tabindex]").first
    shown = show_tip(page, later, "tap")
    assert shown.strip() in shorts, f"tapping {later.inner_text()!r} showed {shown!r}"
    page.locator("article h1").tap()
    expect(page.locator(TIP)).to_be_hidden()


def test_tapping_a_linked_term_shows_its_definition_before_following_the_link(
        new_context, finasteride_url):
    page = new_context(**PHONE).new_page()
    page.goto(finasteride_url)
    open_collapsed(page)
    first = page.locator("article abbr a.glossary-link").first
    slug = first.get_attribute("href").rsplit("#", 1)[1]
    entry = next(e for e in site_data().glossary.entries if e.slug == slug)
    assert show_tip(page, first, "tap").strip() == entry.short
    page.wait_for_timeout(300)
    assert page.url == finasteride_url, f"the first tap on a linked term went to {page.url}"
    expect(page.locator(TIP)).to_contain_text("Tap again")
    first.tap()
    expect(page.locator(f"[id='{slug}']")).to_be_in_viewport()
    assert "glossary" in page.url, f"the second tap on the term went to {page.url}"
