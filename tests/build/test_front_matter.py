"""Every page has a title, a meta description and review dates a person set, and shows
them: "Page last reviewed … Next review due …"."""

from __future__ import annotations

import os
from datetime import date

import pytest

from thinning_hair.data import pages as page_checks  # the same front-matter check as the build's

from pages import ROOT, built_page, markdown_pages, site_data

LOW, HIGH = page_checks.DESCRIPTION_LENGTH


@pytest.mark.parametrize("path", markdown_pages(), ids=lambda p: p.name)
def test_page_has_complete_front_matter_with_sane_review_dates(path):
    name = f"docs/{path.name}"
    text = path.read_text(encoding="utf-8")
    try:
        meta = page_checks.front_matter(text, name)
    except page_checks.CheckError as error:
        raise AssertionError(str(error)) from None
    assert meta["reviewed"] < meta["review_due"], f"{name}: review due before last review"
    limit = meta["reviewed"].replace(year=meta["reviewed"].year + 3)
    assert meta["review_due"] <= limit, f"{name}: next review more than 3 years away"
    assert meta["reviewed"] <= date.today(), f"{name}: reviewed date is in the future"
    # The weekly publishing run sets REVIEW_OVERDUE=notice: the page is published saying it
    # is overdue and that workflow's review-dates job fails instead (publish.yml).
    if os.environ.get("REVIEW_OVERDUE") != "notice":
        assert not page_checks.overdue(meta), page_checks.overdue_message(name, meta, text)
    length = len(meta["description"])
    assert LOW <= length <= HIGH, (f"{name}: description is {length} characters (must be "
                                   f"{LOW}-{HIGH}: enough to say what the page covers, short "
                                   "enough not to be cut off in search results)")


def test_readme_gives_the_description_length_the_check_uses():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`description` ({LOW}–{HIGH} characters" in readme, \
        f"README.md must say descriptions are {LOW}–{HIGH} characters, as the check does"


@pytest.mark.parametrize("path", markdown_pages(), ids=lambda p: p.name)
def test_page_shows_its_review_dates(built, path):
    meta = page_checks.front_matter(path.read_text(encoding="utf-8"), path.name)
    text = built.soup(built_page(built.site, path.name)).select_one(".review-dates").get_text(" ")
    text = " ".join(text.split())
    reviewed = meta["reviewed"].strftime("%-d %B %Y")
    due = meta["review_due"].strftime("%-d %B %Y")
    assert f"Page last reviewed: {reviewed}" in text and f"Next review due: {due}" in text


@pytest.mark.parametrize("edition", ["published", "offline"])
def test_every_page_says_how_to_report_an_error(built, edition):
    """Each page links to the error-report form set once in mkdocs.yml, and to the About
    page's section on how reports are handled (which must exist)."""
    form = site_data().config["extra"]["report_error_url"]
    assert form.startswith("https://"), form
    folder = built.site if edition == "published" else built.offline
    for path in markdown_pages():
        soup = built.soup(built_page(folder, path.name))
        links = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".review-dates a")}
        assert links.get("Report an error") == form, f"{edition} {path.name}: {links}"
        about = links.get("how we handle reports", "")
        assert about.endswith("#report-an-error"), f"{edition} {path.name}: {about!r}"
    about = built.soup(built_page(folder, "about.md"))
    assert about.select_one("#report-an-error"), "about page: no 'Report an error' section"


def test_front_matter_check_rejects_inverted_dates_and_bad_lengths(tmp_path, monkeypatch):
    """The check above must be able to fail."""
    monkeypatch.delenv("REVIEW_OVERDUE", raising=False)
    bad = tmp_path / "bad.md"

    def fails(front: str, message: str) -> None:
        # Complete but for `front`'s mistake (`role` last, so the lines above keep their numbers).
        bad.write_text(f"---\ntitle: T\n{front}role: guide\n---\n# T\n", encoding="utf-8")
        with pytest.raises(AssertionError, match=message):
            test_page_has_complete_front_matter_with_sane_review_dates(bad)

    good = "description: " + "x" * 130 + "\n"
    fails(good + "reviewed: 2026-05-01\nreview_due: 2026-01-01\n", "review due before last review")
    fails(good + "reviewed: 2026-13-01\nreview_due: 2027-01-01\n", "not a real date")
    fails(good + "reviewed: 2024-01-01\nreview_due: 2025-01-01\n",
          r"bad.md:5: review overdue: review_due 2025-01-01 has passed")
    fails("description: " + "x" * 119 + "\nreviewed: 2026-01-01\nreview_due: 2027-01-01\n",
          "description is 119 characters")
    fails("description: " + "x" * 161 + "\nreviewed: 2026-01-01\nreview_due: 2027-01-01\n",
          "description is 161 characters")
