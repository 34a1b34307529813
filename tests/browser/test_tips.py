"""Tips (docs/assets/javascripts/site.js): glossary terms and citations show their short text
on hover, keyboard focus and tap, in both editions, at no set-up cost at load: Material's
content.tooltips (one tooltip mounted per [title]) is not used. A tip is never clipped by a
table's scrolling wrapper, and a screen reader hears it as the term's description."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from pages import citation_tip, site_data
from reader import TIP, show_tip
from reader import open_collapsed

pytestmark = pytest.mark.browser

PHONE = {"has_touch": True, "is_mobile": True, "viewport": {"width": 390, "height": 844}}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
def url_of(built, served, edition: str, name: str) -> str:
    if edition == "published":
        return served + name + "/"
    return (built.unzipped / f"{name}.html").as_uri()


@pytest.mark.parametrize("edition", ["published", "offline"])
@pytest.mark.parametrize("how", ["hover", "focus", "tap"])
def test_a_tip_shows_on_hover_focus_and_tap_for_terms_and_citations(
        new_context, built, served, edition, how):
    page = new_context(**(PHONE if how == "tap" else LAPTOP)).new_page()
    page.goto(url_of(built, served, edition, "finasteride"))
    open_collapsed(page)
    shorts = {entry.short for entry in site_data().glossary.entries}
    for term in (page.locator("article abbr a.glossary-link").first,
                 page.locator("article abbr[tabindex]").first):
        owner = term.locator("xpath=ancestor-or-self::abbr")
        shown = show_tip(page, owner, how)
        assert shown.strip() in shorts, f"{how} on {term.inner_text()!r} showed {shown!r}"
        page.keyboard.press("Escape")
        expect(page.locator(TIP)).to_be_hidden()
    # A real citation (markdown/citations.py): its tip is the reference and kind from
    # the page's own entry for it, without web addresses (tests/pages.py: citation_tip).
    cite = page.locator("article a.cite").first
    entry = BeautifulSoup(page.locator("ol.page-sources > li").first.evaluate(
        "li => li.outerHTML"), "html.parser").li
    assert cite.get_attribute("href") == f"#{entry['id']}"
    reference = citation_tip(entry)
    assert len(reference) > 40 and "http" not in reference, reference
    assert show_tip(page, cite, how) == reference


def test_a_tip_is_not_set_up_by_material(page, built, served):
    """No Material tooltip is mounted (its per-[title] set-up was most of the blocking
    time); the titles stay in the HTML until a reader asks for one."""
    page.goto(served + "finasteride/")
    open_collapsed(page)
    page.wait_for_load_state("networkidle")
    assert page.locator(".md-tooltip2, .md-tooltip").count() == 0
    titled = page.locator("article abbr[title]").count()
    assert titled >= 20
    assert page.locator(TIP).count() == 0, "the tip element is made at load, not on first use"
    show_tip(page, page.locator("article abbr").nth(2), "hover")
    assert page.locator(".md-tooltip2, .md-tooltip").count() == 0
    page.keyboard.press("Escape")
    assert page.locator("article abbr[title]").count() == titled, "a title was not put back"


@pytest.mark.parametrize("screen", ["phone", "laptop"])
def test_a_tip_inside_a_table_is_not_clipped(new_context, served, screen):
    page = new_context(**(PHONE if screen == "phone" else LAPTOP)).new_page()
    page.goto(served + "finasteride-injection/")
    open_collapsed(page)
    term = page.locator("article .md-typeset__scrollwrap td abbr").last
    expect(term).to_have_count(1)
    show_tip(page, term, "tap" if screen == "phone" else "hover")
    tip = page.locator(TIP)
    box = tip.bounding_box()
    viewport = page.viewport_size
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= viewport["width"] \
        and box["y"] + box["height"] <= viewport["height"], f"tip {box} leaves the screen"
    # Every corner of the tip is drawn (not clipped or covered by the table's wrapper).
    corners = [(box["x"] + dx, box["y"] + dy) for dx in (2, box["width"] - 2)
               for dy in (2, box["height"] - 2)]
    hidden = tip.evaluate("""(tip, corners) => corners.filter(([x, y]) =>
        !tip.contains(document.elementFromPoint(x, y)))""", corners)
    assert not hidden, f"corners of the tip not shown: {hidden}"


def test_a_focused_term_is_described_by_its_tip(page, served):
    """What a screen reader says on focus: the term, then its definition."""
    page.goto(served + "finasteride/")
    open_collapsed(page)
    term = page.locator("article abbr[tabindex]").first
    definition = term.get_attribute("title")
    term.focus()
    expect(page.locator(TIP)).to_have_attribute("role", "tooltip")
    expect(term).to_have_accessible_description(definition)
    page.keyboard.press("Tab")
    expect(term).not_to_have_attribute("aria-describedby", TIP.lstrip("#"))
