"""Change notes (includes/changes.yml): each mistake named with the file and line; the page
section, the banner, the Updates page and the Atom feed made from the notes, without a build."""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as etree
from datetime import date

import markdown
import pytest

from thinning_hair.data import changes
from thinning_hair.data.changes import ChangesError
from thinning_hair.generate import updates_feed, updates_page
from thinning_hair.markdown import changes as changes_ext

from atom import ATOM, atom_problems
from rendering import ROOT

TODAY = date(2026, 12, 6)
PAGES = {"finasteride.md", "questions.md", "index.md"}
GOOD = """\
- date: 2026-12-06
  pages: [finasteride.md]
  what: The fact box counts men out of 1,000.
  why: It mixed two denominators.
  correction: false

- date: 2026-12-01
  pages: [finasteride.md, questions.md]
  what: The pregnancy line names dutasteride.
  why: The label says so.
  correction: true
  banner_until: 2027-03-01
"""


def load(tmp_path, text: str, today: date = TODAY):
    path = tmp_path / "changes.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return changes.load(path, PAGES, today)


def test_good_notes_load_newest_first_with_stable_ids(tmp_path):
    notes = load(tmp_path, GOOD)
    assert [n.id for n in notes] == ["2026-12-06-1", "2026-12-01-1"]
    assert notes[1].banner_on(date(2027, 3, 1)) and not notes[1].banner_on(date(2027, 3, 2))
    # A note added at the top, on a day that has one already, renumbers nothing below it.
    newer = load(tmp_path, GOOD.replace("- date: 2026-12-06\n", "- date: 2026-12-06\n"
                                        "  pages: [index.md]\n  what: New.\n  why: Why.\n"
                                        "  correction: false\n\n- date: 2026-12-06\n", 1))
    assert [n.id for n in newer] == ["2026-12-06-2", "2026-12-06-1", "2026-12-01-1"]
    assert newer[1].what == notes[0].what


@pytest.mark.parametrize("old, new, line, message", [
    ("date: 2026-12-06", "date: 2026-12-07", 1, "is in the future (today is 2026-12-06)"),
    ("date: 2026-12-06", "date: 2026-13-45", 1, "is not a real date"),
    ("date: 2026-12-06", "date: yesterday", 1, "must be a date written YYYY-MM-DD"),
    ("pages: [finasteride.md]", "pages: [finasterid.md]", 2, "page `finasterid.md` does not exist"),
    ("pages: [finasteride.md]", "pages: [docs/finasteride.md]", 2, "without docs/"),
    ("pages: [finasteride.md]", "pages: []", 2, "at least one page"),
    ("  what: The fact box counts men out of 1,000.\n", "  what: ''\n", 3, "`what` is empty"),
    ("  what: The fact box counts men out of 1,000.\n", "  what:\n", 3, "`what` is empty"),
    ("  why: It mixed two denominators.\n", "  why: '   '\n", 4, "`why` is empty"),
    ("  what: The fact box counts", "  what: The *fact* box counts", 3, "write plain text"),
    ("  correction: false\n\n", "  correction: false\n  seen_by: me\n\n", 6, "unknown key `seen_by`"),
    ("  correction: false\n\n", "  correction: maybe\n\n", 5, "must be true or false"),
    ("  correction: false\n\n", "\n", 1, "lacks `correction`"),
    ("  correction: false\n\n", "  correction: false\n  banner_until: 2027-01-01\n\n", 6,
     "only for corrections"),
    ("banner_until: 2027-03-01", "banner_until: 2026-11-30", 12, "is before the change's"),
    ("  why: It mixed two denominators.\n", "  why: It mixed.\n  why: Again.\n", 5,
     "`why` is given twice"),
    ("- date: 2026-12-01", "- date: 2026-12-06", 7, "same note as at line 1"),
])
def test_each_bad_note_is_named_with_file_and_line(tmp_path, old, new, line, message):
    bad = GOOD.replace(old, new, 1)
    assert bad != GOOD, "the test's edit did not apply"
    if "same note" in message:  # a true duplicate: same day and the same `what`
        bad = bad.replace("The pregnancy line names dutasteride.",
                          "The fact box counts men out of 1,000.")
    with pytest.raises(ChangesError) as caught:
        load(tmp_path, bad)
    assert str(caught.value).startswith(f"includes/changes.yml:{line}: "), str(caught.value)
    assert message in str(caught.value)


def test_notes_out_of_order_are_named(tmp_path):
    swapped = GOOD.split("\n\n")
    with pytest.raises(ChangesError, match=r"^includes/changes.yml:9: notes go newest first"):
        load(tmp_path, swapped[1] + "\n\n" + swapped[0] + "\n")


def test_a_file_that_is_not_a_list_is_named(tmp_path):
    with pytest.raises(ChangesError, match=r"^includes/changes.yml:1: expected a list"):
        load(tmp_path, "date: 2026-12-06\n")
    with pytest.raises(ChangesError, match=r"^includes/changes.yml:2: not valid YAML"):
        load(tmp_path, "- date: 2026-12-06\n  pages: [a\n")


def test_the_real_notes_load_and_name_real_pages(data, project):
    assert data.changes, "includes/changes.yml has no notes"
    dates = [n.date for n in data.changes]
    assert dates == sorted(dates, reverse=True)
    assert len({n.id for n in data.changes}) == len(data.changes)
    for note in data.changes:
        for page in note.pages:
            assert (project.docs / page).is_file(), f"line {note.line}: {page}"
        if note.banner_until:
            assert note.correction


# ---- the page: section at the end, banner at the top ------------------------------------

def render(text: str, today: str) -> str:
    return markdown.markdown(text, extensions=[
        "abbr", "attr_list", "toc", "md_in_html", "admonition",
        "thinning_hair.markdown.citations", "thinning_hair.markdown.changes"],
        extension_configs={"thinning_hair.markdown.citations": {"project": str(ROOT)},
                           "thinning_hair.markdown.changes": {"project": str(ROOT),
                                                              "today": today}})


def page_source(name: str) -> str:
    """A page's Markdown as an engine hands it over: front matter removed."""
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)


def test_a_page_ends_with_its_newest_notes_and_a_link_to_the_rest(data):
    html = render(page_source("finasteride.md"), "2026-12-06")
    mine = changes.for_page(data.changes, "finasteride.md")
    section = html[html.index('id="what-changed"'):]
    assert section.count("<li>") == min(3, len(mine))
    assert '<details class="page-changes">' in section
    assert mine[0].headline in section
    assert f'href="updates.md#change-{mine[0].id}"' in section
    assert 'href="updates.md"' in section
    assert html.rindex("<h2") == html.index('<h2 id="what-changed"'), "not the last section"


def test_a_page_without_notes_says_so():
    html = markdown.markdown("\n".join(changes_ext.section([], date(2026, 12, 6))),
                             extensions=["attr_list"])
    assert '<h2 id="what-changed">What changed on this page</h2>' in html
    assert "We have noted no changes to this page since we began this list on 6 December " \
           "2026." in html and 'href="updates.md"' in html


def test_a_handout_keeps_its_notes_and_box_off_paper(data):
    html = render(page_source("questions.md"), "2026-12-06")
    assert f'<div class="{changes_ext.NOT_PRINTED}">' in html
    if any(n.banner_on(TODAY) for n in changes.for_page(data.changes, "questions.md")):
        assert f'class="admonition warning {changes_ext.NOT_PRINTED}"' in html
    assert changes_ext.NOT_PRINTED not in render(page_source("finasteride.md"), "2026-12-06")


def test_a_recent_correction_is_shown_under_the_title_and_choice_until_its_day(data):
    shown = [n for n in data.changes if n.banner_until and "finasteride.md" in n.pages]
    assert shown, "no note with a banner on the finasteride page to test with"
    last = max(n.banner_until for n in shown).isoformat()
    html = render(page_source("finasteride.md"), last)
    box = html.index('<div class="admonition warning">')
    assert html.index('class="decision"') < box < html.index("At a glance")
    text = html[box:html.index("</div>", box)]
    assert 'href="#what-changed"' in text and "correction" in text.lower()
    later = render(page_source("finasteride.md"), "2099-01-01")
    assert "Corrected on" not in later and "Recent corrections" not in later


def test_reference_pages_get_no_correction_box(data):
    assert any(n.banner_on(TODAY) for n in changes.for_page(data.changes, "glossary.md")), \
        "no active correction on the glossary to test with"
    html = render(page_source("glossary.md"), TODAY.isoformat())
    assert 'id="what-changed"' in html and "Corrected on" not in html


def test_generated_pages_get_the_section_only_with_notes(project, data):
    lines = page_source("glossary.md").splitlines()

    def run(notes):
        return changes_ext.ChangeNotes(markdown.Markdown(), project, notes, TODAY).run(lines)

    assert run(()) == lines, "a generated page no note touches got a section"
    assert changes.for_page(data.changes, "glossary.md"), "no note on the glossary to test with"
    assert f"## {changes_ext.HEADING} {{#what-changed}}" in run(data.changes)
    updates = page_source("updates.md").splitlines()
    assert changes_ext.ChangeNotes(markdown.Markdown(), project, data.changes, TODAY).run(
        updates) == updates, "the Updates page lists its own changes"


# ---- the Updates page and the feed ------------------------------------------------------

def test_the_updates_page_lists_every_note(data):
    text = updates_page.render_page(data)
    anchors = re.findall(r"\{ #change-([0-9-]+) \}", text)
    assert anchors == [n.id for n in data.changes]


def test_atom_problems_can_fail():
    bare = etree.fromstring('<feed xmlns="http://www.w3.org/2005/Atom"><entry><updated>'
                            'yesterday</updated></entry></feed>')
    assert len(atom_problems(bare)) >= 5


@pytest.mark.parametrize("site_url", ["https://example.org/site/", None])
def test_the_feed_is_atom_newest_first_and_the_same_bytes_each_time(data, site_url):
    raw = updates_feed.render_feed(data, site_url)
    assert raw == updates_feed.render_feed(data, site_url)
    feed = etree.fromstring(raw)
    assert atom_problems(feed) == []
    assert feed.findtext(f"{ATOM}updated") == f"{data.changes[0].date.isoformat()}T00:00:00Z"
    stamps = [e.findtext(f"{ATOM}updated") for e in feed.findall(f"{ATOM}entry")]
    assert len(stamps) == len(data.changes) and stamps == sorted(stamps, reverse=True)
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    if site_url:
        assert all(h.startswith(site_url) for h in hrefs), hrefs
    else:
        assert not [h for h in hrefs if "://" in h or h.startswith("/")], hrefs
