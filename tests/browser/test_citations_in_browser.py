"""Citations as a reader meets them, in a real Chromium, in both editions (the offline one
from file://): a small number that shows its full reference and kind of evidence as a tip on
hover, keyboard focus and tap, leads to the page's own list of sources, and prints.

The tip is found only through tests/reader.py::show_tip (the tip contract: i13-perf owns how
tips are drawn)."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from reader import show_tip

pytestmark = pytest.mark.browser

PHONE = {"has_touch": True, "is_mobile": True, "viewport": {"width": 390, "height": 844}}
KAUFMAN = "article a.cite[href='#src-kaufman-1998']"


@pytest.fixture(params=["published", "offline"])
def finasteride_url(request, built, served) -> str:
    if request.param == "published":
        return served + "finasteride/"
    return (built.unzipped / "finasteride.html").as_uri()


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_citation_shows_its_reference_and_kind(page, finasteride_url, how):
    page.goto(finasteride_url)
    cite = page.locator(KAUFMAN).first
    tip = show_tip(page, cite, how)
    assert tip == ("Kaufman KD, et al. Journal of the American Academy of Dermatology, 1998. "
                   "Randomised trial."), tip


def test_tapping_a_citation_shows_its_reference(new_context, finasteride_url):
    page = new_context(**PHONE).new_page()
    page.goto(finasteride_url)
    tip = show_tip(page, page.locator(KAUFMAN).first, "tap")
    assert "Kaufman KD" in tip and "Randomised trial." in tip, tip


def test_citation_is_quiet_and_named_for_screen_readers(page, finasteride_url):
    page.goto(finasteride_url)
    cite = page.locator(KAUFMAN).first
    number = cite.inner_text()
    assert number.isdigit(), number
    expect(cite).to_have_accessible_name(f"Source {number}: Kaufman 1998, randomised trial")
    # Smaller than the text around it: a superscript, not a bracketed name.
    sizes = cite.evaluate("""a => [parseFloat(getComputedStyle(a).fontSize),
        parseFloat(getComputedStyle(a.closest('sup').parentElement).fontSize)]""")
    assert sizes[0] < sizes[1] * 0.8, sizes


def test_citation_leads_to_the_pages_own_source_list(page, finasteride_url):
    page.goto(finasteride_url)
    cite = page.locator(KAUFMAN).first
    cite.evaluate("a => a.click()")  # the link itself, whatever a tip does on hover or tap
    entry = page.locator("ol.page-sources > li#src-kaufman-1998")
    expect(entry).to_be_in_viewport()
    expect(entry).to_contain_text("Randomised trial")
    entry.locator("a.ref-entry").click()
    expect(page.locator("li#kaufman-1998")).to_be_in_viewport()


def test_printout_has_the_numbers_and_the_pages_sources(page, served):
    page.goto(served + "finasteride/")
    page.emulate_media(media="print")
    text = " ".join("".join(p.extract_text() for p in PdfReader(
        io.BytesIO(page.pdf(format="A4"))).pages).split())
    listed = text.split("Sources for this page", 1)
    assert len(listed) == 2, "no 'Sources for this page' in the printout"
    assert "Kaufman KD, et al. Journal of the American Academy of Dermatology" in listed[1]
    assert "Randomised trial" in listed[1]
