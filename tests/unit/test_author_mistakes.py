"""Author mistakes that used to build and pass: each now stops with one message naming the file
and line and saying what to do (issue 24's families, one example or more each)."""

from __future__ import annotations

from datetime import date

import pytest

from thinning_hair import checks
from thinning_hair.data import references

from rendering import render

FRONT = ("---\ntitle: T\ndescription: D\nreviewed: 2026-01-01\nreview_due: 2027-01-01\n"
         "role: guide\n---\n\n")


def html_problems(markdown: str, data) -> list[str]:
    page = FRONT + markdown
    html = render(page.split("---\n", 2)[2], "admonition", "pymdownx.details",
                  "pymdownx.superfences")
    return checks.html_problems(html, page, "docs/x.md", data)


def test_a_misspelt_box_type_is_named_with_its_line(data):
    problems = checks.markdown_problems(FRONT + '!!! warn "Infection"\n    Text.\n',
                                        "docs/x.md", data)
    assert len(problems) == 1
    assert problems[0].startswith("docs/x.md:9: `warn` is not a box type")


def test_a_box_with_a_title_and_nothing_in_it_is_named(data):
    problems = html_problems('!!! danger "Infection risk"\n\nText not indented.\n', data)
    assert any('the box "Infection risk" has a title and nothing in it' in p for p in problems)
    assert any(p.startswith("docs/x.md:9:") for p in problems), problems


def test_markdown_left_as_text_inside_an_html_block_is_named(data):
    problems = html_problems('<div class="note">\nThis is **not** bold.\n</div>\n', data)
    assert any("reaches the reader with its Markdown" in p and "add `markdown`" in p
               for p in problems), problems


def test_the_same_markdown_with_markdown_enabled_passes(data):
    assert html_problems('<div class="note" markdown>\nThis is **bold**.\n</div>\n', data) == []


def test_a_citation_in_a_heading_is_named(data):
    problems = checks.markdown_problems(
        FRONT + "## Does it work ([Kaufman 1998](sources.md#kaufman-1998))\n", "docs/x.md", data)
    assert problems == ["docs/x.md:9: a citation in a heading would show in the contents as "
                        "its words: cite in the first sentence under the heading instead"]


@pytest.mark.parametrize("tag", [
    '<object data="https://example.org/x.pdf"></object>',
    '<video poster="https://example.org/x.jpg"></video>',
    '<img srcset="/a.png 1x, https://example.org/b.png 2x" alt="x">',
    '<link rel="preload" href="https://example.org/x.css">',
])
def test_content_from_another_host_through_any_attribute_is_named(data, tag):
    problems = html_problems(f"Text.\n\n{tag}\n", data)
    assert any("from another host" in p for p in problems), problems


def test_a_reference_dated_in_the_future_is_named(data):
    entry = dict(data.references["kaufman-1998"].data, year=2099, date=None)
    problems = references.problems([entry], today=date(2026, 12, 6))
    assert problems == ["includes/references.yml: reference 'kaufman-1998': `year: 2099` is "
                        "in the future: a source is cited once it is published"]
    entry = dict(entry, year=2026, date="2026-12-31")
    assert "`date: 2026-12-31` is in the future" in references.problems(
        [entry], today=date(2026, 12, 6))[0]


def test_the_real_pages_have_none_of_these_mistakes(data):
    assert checks.all_problems(data) == []


def test_an_html_block_indented_in_a_box_is_named(data):
    problems = html_problems('??? info "More"\n    <div class="x" markdown>\n    **Bold**\n    </div>\n', data)
    assert any("reached the page unprocessed" in p for p in problems), problems
