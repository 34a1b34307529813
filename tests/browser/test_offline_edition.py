"""The offline edition, unzipped and opened from disk (file://) in a real Chromium:
navigation, search, tooltips and dark mode work, and nothing is fetched from anywhere."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reader import first_result_goes_to, search, toggle_dark_mode, tooltip_for
from reader import open_collapsed

pytestmark = pytest.mark.browser


@pytest.fixture
def home(built, page, request_log):
    page.goto((built.unzipped / "index.html").as_uri())
    return page


def test_offline_zip_opens_at_a_documented_index_html(built):
    assert (built.unzipped / "index.html").is_file()
    assert built.unzipped.name == "thinning-hair-evidence"


def test_offline_navigation_search_and_dark_mode_make_no_network_request(home, request_log):
    page = home
    page.locator(".md-nav__link", has_text="Finasteride").first.click()
    assert page.url.startswith("file://") and page.url.endswith("finasteride.html")
    search(page, "dutasteride")
    first_result_goes_to(page, ".html")
    toggle_dark_mode(page)
    assert page.evaluate("document.cookie") == ""
    assert request_log.urls, "the request log recorded nothing: the test would pass blind"
    assert request_log.leaving("file://") == []


def test_offline_search_finds_mesotherapy_page(home):
    search(home, "mesotherapy")
    first_result_goes_to(home, "scalp-mesotherapy.html")


def test_offline_tooltip_shows_definition_on_hover_and_focus(built, page):
    page.goto((built.unzipped / "finasteride.html").as_uri())
    open_collapsed(page)
    assert "testosterone" in tooltip_for(page, "DHT", "hover").lower()
    page.mouse.move(0, 0)
    page.goto((built.unzipped / "finasteride.html").as_uri())
    open_collapsed(page)
    assert "5-alpha-reductase" in tooltip_for(page, "finasteride", "focus")


RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.__cspViolations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || "inline"}`));
"""


@pytest.mark.parametrize("name", ["index.html", "finasteride.html", "glossary.html"])
def test_offline_pages_keep_their_policy_while_read_from_disk(built, page, name):
    """Search (the shim's iframe inherits the policy), tooltips and dark mode break nothing."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto((built.unzipped / name).as_uri())
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    search(page, "dutasteride")
    page.keyboard.press("Escape")
    toggle_dark_mode(page)
    assert page.evaluate("() => window.__cspViolations") == []


def test_offline_policy_stops_content_from_another_host(built, page):
    """What checks.py would miss: an image, an object and a frame from a host, added at run
    time to a page opened from disk, are refused by the policy before any request leaves."""
    page.add_init_script(RECORD_VIOLATIONS)
    failed = []
    page.on("requestfailed", lambda r: failed.append((r.url, r.failure)))
    page.goto((built.unzipped / "about.html").as_uri())
    page.evaluate("""() => {
      const img = new Image(); img.src = "https://leak-check.invalid/x.png";
      const obj = document.createElement("object"); obj.data = "https://leak-check.invalid/o";
      const frame = document.createElement("iframe"); frame.src = "https://leak-check.invalid/f";
      document.body.append(img, obj, frame); }""")
    page.wait_for_timeout(1500)
    blocked = page.evaluate("() => window.__cspViolations")
    assert {v.split()[0] for v in blocked} >= {"img-src", "object-src", "frame-src"}, blocked
    assert [f for f in failed if "leak-check" in f[0] and f[1] != "csp"] == [], failed
