"""The glossary-links extension (markdown/glossary_links.py): which uses keep their tip."""

from __future__ import annotations

from bs4 import BeautifulSoup

from rendering import render

ABBR = "\n\n*[placebo]: A dummy treatment.\n"


def test_first_use_links_first_in_a_later_section_is_focusable_the_rest_are_plain():
    page = BeautifulSoup(render(
        "# Title\n\n## One\n\nA placebo and a placebo.\n\n## Two\n\nA placebo." + ABBR),
        "html.parser")
    abbrs = page.find_all("abbr")
    assert len(abbrs) == 2, page
    assert abbrs[0].a["class"] == ["glossary-link"]
    assert abbrs[0].a["href"] == "glossary.md#placebo"
    assert abbrs[1].get("tabindex") == "0" and abbrs[1].a is None
    assert "A placebo and a placebo." in page.get_text()


def test_a_term_in_a_heading_or_a_link_gets_no_link_of_its_own():
    page = BeautifulSoup(render(
        "# Title\n\n## Why a placebo\n\nSee [the placebo page](other.md)." + ABBR),
        "html.parser")
    assert page.h2.abbr is None
    link = page.find("a", href="other.md")
    assert link.abbr is not None and link.abbr.a is None
