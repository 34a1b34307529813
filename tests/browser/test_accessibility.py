"""Accessibility in a real Chromium: axe-core finds nothing on any page of either edition in
either colour scheme, and a keyboard alone can skip to the content, see where focus is,
search, and open glossary tooltips."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from pages import ROOT, site_data
from reader import SEARCH_RESULT, TIP

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                           "best-practice"]},
    # Only violations are reported, so axe need not record every passing node (faster).
    "resultTypes": ["violations"],
}
# Colour scheme the browser asks for -> the Material scheme the page must then show.
SCHEMES = {"light": "default", "dark": "slate"}
# Pages checked at once in each browser context: axe is CPU-bound, and separate tabs run it
# in parallel.
PARALLEL_TABS = 3

# Started in the page without waiting for it: let CSS transitions (such as the palette
# switch) finish, then run axe; the promise is collected later.
_START_AXE = """options => {
  const settled = Promise.race([
    Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),
    new Promise(resolve => setTimeout(resolve, 2000)),
  ]);
  window.__axeResult = settled.then(() => axe.run(document, options)).then(
    result => result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.flat(Infinity).join(" "),
                                summary: (n.failureSummary || "").replace(/\\s+/g, " ")})),
    })),
    error => [{id: "axe-error", impact: "error", help: String(error), nodes: []}]);
}"""


def _pages(built, served: str, edition: str) -> list[tuple[str, str]]:
    """(name, URL) of every page an edition's reader can see.

    The published 404 page is included (the host serves it); the offline edition's is not:
    read from disk there is no server to show it."""
    if edition == "published":
        files = [*built.pages("published"), built.site / "404.html"]
        return [(f.relative_to(built.site).as_posix(),
                 served + f.relative_to(built.site).as_posix().removesuffix("index.html"))
                for f in files]
    return [(f.relative_to(built.offline).as_posix(),
             (built.unzipped / f.relative_to(built.offline)).as_uri())
            for f in built.pages("offline")]


def _axe_edition_scheme(new_context, pages, scheme: str, axe_source: str) -> list[dict]:
    """Run axe on every page in one browser context asking for the given colour scheme."""
    context = new_context(color_scheme=scheme)
    tabs = [context.new_page() for _ in range(min(PARALLEL_TABS, len(pages)))]
    found = []
    for start in range(0, len(pages), len(tabs)):
        batch = list(zip(tabs, pages[start:start + len(tabs)]))
        for tab, (_, url) in batch:
            tab.goto(url)
        for tab, (name, _) in batch:
            shown = tab.locator("body")
            try:
                expect(shown).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
            except AssertionError:
                found.append({"id": "colour-scheme-not-applied", "impact": "test setup",
                              "help": f"asked for {scheme}, page shows "
                                      f"{shown.get_attribute('data-md-color-scheme')!r}",
                              "page": name, "nodes": []})
                continue
            tab.evaluate(axe_source)
            tab.evaluate(_START_AXE, AXE_OPTIONS)
        for tab, (name, _) in batch:
            if tab.evaluate("() => window.__axeResult === undefined"):
                continue
            for violation in tab.evaluate("() => window.__axeResult"):
                found.append({**violation, "page": name})
    context.close()
    return found


def test_axe_finds_no_violations_on_any_page_in_either_edition_or_colour_scheme(
        built, served, new_context):
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `npm ci` (or `make test`)")
    axe_source = AXE.read_text(encoding="utf-8")
    report: dict[tuple[str, str, str], list[str]] = {}
    checked = 0
    for edition in ("published", "offline"):
        pages = _pages(built, served, edition)
        checked += len(pages)
        for scheme in SCHEMES:
            for v in _axe_edition_scheme(new_context, pages, scheme, axe_source):
                key = (v["id"], v["impact"], v["help"])
                where = f"{edition}/{scheme} {v['page']}"
                nodes = v["nodes"] or [{"target": "", "summary": ""}]
                report.setdefault(key, []).extend(
                    f"    {where}: {n['target']}  {n['summary'][:220]}".rstrip() for n in nodes)
    assert checked >= 10, f"only {checked} pages found to check: the test would pass blind"
    lines = []
    for (rule, impact, help_text), nodes in sorted(report.items()):
        lines.append(f"{rule} ({impact}): {help_text} — {len(nodes)} node(s)")
        lines.extend(nodes)
    assert not report, (f"axe-core ({', '.join(AXE_OPTIONS['runOnly']['values'])}): "
                        f"{len(report)} rule(s) violated:\n" + "\n".join(lines))


# ---- keyboard -------------------------------------------------------------------------------

def _focused(page: Page) -> dict:
    """What has keyboard focus: its tag, classes, href and focus-indicator styles.

    A visually hidden control (Material's palette radio buttons) shows focus on the label
    drawn beside it, which is the label that follows it (it names the *other* scheme, so it
    is not among the input's own labels); that label's styles count for it."""
    return page.evaluate("""() => {
      const el = document.activeElement;
      const hidden = getComputedStyle(el).opacity === "0";
      const next = el.nextElementSibling;
      const label = hidden && next && next.tagName === "LABEL" && next.offsetParent !== null
        ? next : null;
      const style = getComputedStyle(label || el);
      return {tag: el.tagName.toLowerCase(), cls: el.className || "",
              href: el.getAttribute("href"), text: (el.textContent || "").trim().slice(0, 40),
              outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
              shadow: style.boxShadow !== "none",
              inArticle: !!el.closest("article"),
              inAbbr: !!el.closest("abbr")};
    }""")


def test_skip_link_is_the_first_tab_stop_and_moves_to_the_content(page, served):
    page.goto(served + "finasteride/")
    page.keyboard.press("Tab")
    first = _focused(page)
    assert "md-skip" in first["cls"], f"finasteride/: first Tab stop is {first}, not the skip link"
    expect(page.locator("a.md-skip")).to_be_visible()
    target = first["href"].lstrip("#")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#{re.escape(target)}$"))
    heading = page.locator(f"[id='{target}']")
    expect(heading).to_be_in_viewport()
    page.keyboard.press("Tab")
    after = _focused(page)
    assert after["inArticle"], (f"finasteride/: after the skip link, Tab went to {after} "
                                "instead of into the page content")


def test_every_tab_stop_shows_visible_focus(page, served):
    page.goto(served + "finasteride/")
    seen, missing = 0, []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if focused["tag"] == "body":
            continue
        seen += 1
        if not (focused["outline"] or focused["shadow"]):
            missing.append(focused)
    assert seen >= 30, f"finasteride/: only {seen} of 40 Tab presses focused anything"
    assert not missing, ("finasteride/: Tab stops with no visible focus indicator (no outline, "
                         "no box-shadow):\n" + "\n".join(map(str, missing)))


@pytest.mark.parametrize("open_with", ["/", "Tab"])
def test_search_works_without_a_mouse(page, served, open_with):
    page.goto(served)
    box = page.locator("input.md-search__input")
    if open_with == "/":
        page.keyboard.press("/")
    else:
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.matches('input.md-search__input')"):
                break
    expect(box).to_be_focused()
    page.keyboard.type("mesotherapy", delay=30)
    expect(page.locator(SEARCH_RESULT).first).to_be_visible(timeout=10_000)
    # Results are redrawn while the index loads (search starts on demand) and as the query
    # grows; an ArrowDown that lands during a redraw loses its target. Wait until the list
    # has stopped changing, then ArrowDown must move focus to the first result.
    previous = None
    for _ in range(20):
        now = page.locator(SEARCH_RESULT).evaluate_all("links => links.map(a => a.href).join()")
        if now == previous:
            break
        previous = now
        page.wait_for_timeout(250)
    page.keyboard.press("ArrowDown")
    result = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert result, "ArrowDown from the search box did not focus a search result"
    focused = _focused(page)
    assert focused["outline"] or focused["shadow"], f"the focused search result {focused} " \
        "shows no focus indicator"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(result.split("#")[0]) + "(#.*)?$"))
    expect(page).not_to_have_url(served)


def test_glossary_tooltip_opens_by_keyboard(page, served):
    page.goto(served + "finasteride/")
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if focused["inAbbr"] and "glossary-link" in focused["cls"]:
            break
    else:
        pytest.fail("finasteride/: no glossary term (abbr a.glossary-link) within 60 Tab presses")
    # The tip takes the abbr's title while it is shown, so the expected text comes from the
    # glossary's data: the tip must show one of its short definitions, whole.
    definitions = {entry.short for entry in site_data().glossary.entries}
    tooltip = page.locator(f"{TIP} .site-tip__text")
    expect(tooltip).to_be_visible(timeout=5_000)
    assert tooltip.inner_text().strip() in definitions, (
        f"finasteride/: the tooltip for {focused['text']!r} shows {tooltip.inner_text()!r}")
    assert focused["outline"] or focused["shadow"], \
        f"finasteride/: the focused glossary term {focused['text']!r} shows no focus indicator"
