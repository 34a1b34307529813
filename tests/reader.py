"""Small helpers for the browser tests: what a reader does, written once."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

SEARCH_RESULT = ".md-search-result__item a"


def search(page: Page, query: str) -> None:
    """Open search and type like a person (Material listens for key events, not fill())."""
    box = page.locator("input.md-search__input")
    opener = page.locator('label.md-header__button[for="__search"]').first
    (opener if opener.is_visible() else box).click()
    expect(box).to_be_focused()
    box.press_sequentially(query, delay=30)
    expect(page.locator(SEARCH_RESULT).first).to_be_visible(timeout=10_000)


def first_result_goes_to(page: Page, page_name: str) -> None:
    """Click the first search result and check where it lands."""
    page.locator(SEARCH_RESULT).first.click()
    expect(page).to_have_url(re.compile(re.escape(page_name)))


TIP = "#site-tip"  # the one tip element docs/assets/javascripts/site.js draws


def show_tip(page: Page, target, how: str = "hover") -> str:
    """Hover, focus or tap a tip's trigger (a glossary term or a citation); return the
    definition the reader then sees. The one place that knows how tips are drawn: one shared
    element made by docs/assets/javascripts/site.js (its text, without the "tap again" hint)."""
    target.scroll_into_view_if_needed()
    if how == "hover":
        target.hover()
    elif how == "tap":
        target.tap()
    else:
        focusable = target.locator("a")
        (focusable.first if focusable.count() else target).focus()
    tip = page.locator(f"{TIP} .site-tip__text")
    expect(tip).to_be_visible(timeout=5_000)
    return tip.inner_text()


def tooltip_for(page: Page, term: str, how: str = "hover") -> str:
    """Hover or focus the first tooltip-bearing use of a term; return the tooltip text."""
    return show_tip(page, page.locator("article abbr", has_text=term).first, how)


def toggle_dark_mode(page: Page) -> None:
    """Use the palette toggle until the dark (slate) scheme is shown."""
    for _ in range(2):
        if page.locator("body").get_attribute("data-md-color-scheme") == "slate":
            return
        page.locator("form[data-md-component=palette] label:visible").first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def open_collapsed(page) -> None:
    """Open every closed section of the article ("More: …", "Show the N sources"), as a reader
    who wants the detail does: the tests that use a term or citation wherever it is."""
    page.evaluate("document.querySelectorAll('article details:not([open])')"
                  ".forEach(d => d.open = true)")
