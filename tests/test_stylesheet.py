"""One stylesheet per page (overrides/hooks/postprocess.py, step 7): Material's main and
palette CSS and ours, merged and purged of unused rules at build time. The pages still look
as designed: dark mode, the palette toggle, our colour fixes, the search results and the
table wrappers that Material's JavaScript adds at run time."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser import search, toggle_dark_mode

pytestmark = pytest.mark.browser

ONE = re.compile(r"(\.\./)*assets/stylesheets/site\.[0-9a-f]{8}\.min\.css$")


@pytest.mark.parametrize("edition", ["published", "offline"])
def test_every_page_links_one_stylesheet_that_exists(built, edition):
    problems = []
    for path in built.pages(edition) + [(built.site if edition == "published"
                                         else built.offline) / "404.html"]:
        links = [link["href"] for link in built.soup(path).select('link[rel="stylesheet"]')]
        if len(links) != 1 or not ONE.search(links[0].lstrip("/")):
            problems.append(f"{path.name}: {links}")
        elif not (path.parent / links[0]).resolve().is_file() and not links[0].startswith("/"):
            problems.append(f"{path.name}: {links[0]} is missing")
    assert not problems, "\n".join(problems)


def _style(page, selector: str, *props: str) -> dict:
    return page.locator(selector).first.evaluate(
        "(el, props) => Object.fromEntries(props.map(p => [p, getComputedStyle(el)[p]]))",
        list(props))


def _dark(rgb: str) -> bool:
    r, g, b = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 80


def test_the_one_stylesheet_styles_the_palette_dark_mode_and_search(new_context, served):
    page = new_context(viewport={"width": 1280, "height": 900}, color_scheme="light").new_page()
    page.goto(served + "finasteride/")
    # Our colour fix (site.css) over Material's palette CSS: teal 700 in the header.
    assert _style(page, ".md-header", "backgroundColor")["backgroundColor"] == "rgb(0, 121, 107)"
    assert not _dark(_style(page, "body", "backgroundColor")["backgroundColor"])
    toggle = page.locator("form[data-md-component=palette] label:visible").first
    box = toggle.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24, f"palette toggle drawn {box}"
    # A class Material's JavaScript adds after load: the table's scrolling wrapper.
    assert _style(page, "article .md-typeset__scrollwrap", "overflowX")["overflowX"] == "auto"
    toggle_dark_mode(page)
    assert _dark(_style(page, "body", "backgroundColor")["backgroundColor"]), "not dark"
    expect(page.locator("form[data-md-component=palette] label:visible")).to_have_count(1)
    # Search results are markup Material's JavaScript writes: still laid out as a list.
    search(page, "finasteride")
    result = _style(page, ".md-search-result__link", "display", "outlineStyle")
    assert result["display"] == "block", result
    assert _style(page, ".md-search-result__meta", "fontSize")["fontSize"] != "16px"
