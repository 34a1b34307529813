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
    html = render(page.split("---\n", 2)[2], "admonition", "pymdownx.details", "tables",
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


# ---- the second round: three or more per family beyond the example ----------------

def test_a_block_left_open_swallowing_the_rest_of_the_page_is_named(data):
    problems = checks.markdown_problems(
        FRONT + '<details class="info" markdown>\n<summary>More</summary>\n\nHidden.\n\n'
        "## Next\n", "docs/x.md", data)
    assert problems == ["docs/x.md:9: <details> is never closed, so the rest of the page "
                        "would be inside it: add </details> where the block ends"]
    assert "closes nothing" in checks.markdown_problems(FRONT + "Text.\n</div>\n", "docs/x.md",
                                                        data)[0]


def test_a_table_without_its_separator_line_is_named(data):
    problems = html_problems("| Side effect | Placebo |\n| Lower sex drive | 1.3% |\n", data)
    assert problems and "is printed as text, not a table" in problems[0], problems
    assert problems[0].startswith("docs/x.md:9:")
    assert html_problems("| Side effect | Placebo |\n| --- | --- |\n| Low | 1.3% |\n",
                         data) == []


@pytest.mark.parametrize("line,message", [
    ("Hair grows [](sources.md#kanti-2018).", "a citation with no words in its [ ]"),
    ('!!! note "As Kanti says ([Kanti 2018](sources.md#kanti-2018))"\n    Text.',
     "a citation in a box's title is shown as plain text"),
    ("Licensed ([UK label](sources-official.md#propecia-smpc-uk)).",
     "cite 'propecia-smpc-uk' as [Label](sources.md#propecia-smpc-uk)"),
])
def test_citations_that_would_not_read_as_citations_are_named(data, line, message):
    problems = checks.markdown_problems(FRONT + line + "\n", "docs/x.md", data)
    assert problems and problems[0].startswith("docs/x.md:9: " + message), problems


def test_an_impossible_checked_date_is_named_not_a_traceback(data):
    entry = dict(data.references["propecia-smpc-uk"].data, checked="31 February 2026")
    assert references.problems([entry], today=date(2026, 12, 6)) == [
        "includes/references.yml: reference 'propecia-smpc-uk': `checked: 31 February 2026` "
        "is not a day of the calendar"]


def test_a_byte_that_is_not_utf8_in_a_data_file_names_file_and_line(tmp_path):
    from thinning_hair.project import SiteError, read_utf8

    path = tmp_path / "references.yml"
    path.write_bytes(b"- id: a\n  title: Caf\xe9\n")
    with pytest.raises(SiteError, match=r"^includes/references.yml:2: byte 0xe9 is not UTF-8"):
        read_utf8(path, "includes/references.yml")


def test_config_loading_from_another_host_or_an_unknown_feature_is_named(data):
    import dataclasses

    config = {**data.config, "extra_css": ["https://cdn.example.org/x.css"],
              "theme": {**data.config["theme"],
                        "features": [*data.config["theme"]["features"], "toc.folow"]}}
    problems = checks.config_problems(dataclasses.replace(data, config=config))
    assert problems == [
        "mkdocs.yml: `extra_css` loads https://cdn.example.org/x.css from another host: save "
        "the file under docs/assets/ and list that path",
        "mkdocs.yml: theme feature `toc.folow` is not one Material knows, so it would be "
        "ignored: check its spelling in Material's documentation"]
    assert checks.config_problems(data) == []
