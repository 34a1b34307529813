"""The published edition, served on loopback and opened in a real Chromium: search works,
tooltips work, and no request goes to any other host; the CSP blocks nothing of ours."""

from __future__ import annotations

import pytest

from browser import first_result_goes_to, search, tooltip_for

pytestmark = pytest.mark.browser


def test_published_search_finds_the_right_page_without_leaving_the_site(page, served, request_log):
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.goto(served)
    search(page, "dutasteride")
    first_result_goes_to(page, "/")
    page.goto(served + "scalp-mesotherapy/")
    search(page, "mesotherapy")
    first_result_goes_to(page, "scalp-mesotherapy/")
    assert request_log.urls
    assert request_log.leaving(served) == []
    assert csp_errors == []
    assert page.context.cookies() == []


def test_published_tooltips_show_definitions(page, served):
    page.goto(served + "hair-loss/")
    text = tooltip_for(page, "DHT", "hover")
    assert "testosterone" in text.lower()
    page.goto(served + "hair-loss/")
    assert tooltip_for(page, "DHT", "focus")


@pytest.mark.parametrize("path", ["", "finasteride/", "scalp-mesotherapy/", "glossary/",
                                  "sources/", "404.html"])
def test_no_page_breaks_its_content_security_policy(page, served, path):
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    page.on("pageerror", lambda e: messages.append(str(e)))
    page.goto(served + path)
    page.wait_for_load_state("networkidle")
    assert not [m for m in messages if "Content Security Policy" in m or "Refused" in m], messages
