"""The published edition, served on loopback and opened in a real Chromium: search works,
tooltips work, and no request goes to any other host; the CSP blocks nothing of ours."""

from __future__ import annotations

import pytest

from reader import first_result_goes_to, search, toggle_dark_mode, tooltip_for

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
    text = tooltip_for(page, "dihydrotestosterone", "hover")
    assert "testosterone" in text.lower()
    page.goto(served + "hair-loss/")
    assert tooltip_for(page, "dihydrotestosterone", "focus")


# Collects every CSP violation the page reports, from the first script on.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.__cspViolations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
"""


def _use_the_page(page) -> None:
    """What a reader does that makes Material's JavaScript write styles and elements:
    a tooltip, search, the palette toggle and, where there is one, a collapsible block."""
    if page.locator("article abbr").count():
        tooltip_for(page, "", "hover")
    search(page, "finasteride")
    page.keyboard.press("Escape")
    toggle_dark_mode(page)
    details = page.locator("article details summary")
    if details.count():
        details.first.click()


@pytest.mark.parametrize("path", ["", "finasteride/", "scalp-mesotherapy/", "glossary/",
                                  "sources/", "sources-official/", "404.html"])
def test_no_page_breaks_its_content_security_policy(page, served, path):
    page.add_init_script(RECORD_VIOLATIONS)
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    page.on("pageerror", lambda e: messages.append(str(e)))
    page.goto(served + path)
    page.wait_for_load_state("networkidle")
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    _use_the_page(page)
    violations = page.evaluate("() => window.__cspViolations")
    assert violations == [], f"{path or 'home'}: CSP violations: {violations}"
    assert not [m for m in messages if "Content Security Policy" in m or "Refused" in m], messages


def test_violation_recorder_sees_an_inline_style_and_script(page, served):
    """The check above would pass blind if the recorder missed violations: inject one of each."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(served + "finasteride/")
    page.wait_for_load_state("networkidle")
    page.evaluate("""() => {
      const s = document.createElement("style"); s.textContent = "p{}"; document.head.append(s);
      const j = document.createElement("script"); j.textContent = "1"; document.head.append(j);
    }""")
    page.wait_for_timeout(200)
    violations = " ".join(page.evaluate("() => window.__cspViolations"))
    assert "style-src" in violations and "script-src" in violations, violations
