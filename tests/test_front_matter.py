"""Every page has a title, a meta description and review dates a person set, and shows
them: "Page last reviewed … Next review due …"."""

from __future__ import annotations

from datetime import date

import pytest

import build as site_build  # scripts/build.py (conftest puts scripts/ on the path)
from pages import built_page, front_matter, markdown_pages

REQUIRED = ("title", "description", "reviewed", "review_due")


@pytest.mark.parametrize("path", markdown_pages(), ids=lambda p: p.name)
def test_page_has_complete_front_matter_with_sane_review_dates(path):
    meta = front_matter(path)
    missing = [key for key in REQUIRED if not meta.get(key)]
    assert not missing, f"{path.name}: front matter lacks {missing}"
    for key in ("reviewed", "review_due"):
        assert isinstance(meta[key], date), f"{path.name}: {key} is not a valid YYYY-MM-DD date"
    assert meta["reviewed"] < meta["review_due"], f"{path.name}: review due before last review"
    limit = meta["reviewed"].replace(year=meta["reviewed"].year + 3)
    assert meta["review_due"] <= limit, f"{path.name}: next review more than 3 years away"
    assert meta["reviewed"] <= date.today(), f"{path.name}: reviewed date is in the future"
    assert 50 <= len(meta["description"]) <= 170, f"{path.name}: description length " \
        f"{len(meta['description'])} (aim 120-160)"


@pytest.mark.parametrize("path", markdown_pages(), ids=lambda p: p.name)
def test_page_shows_its_review_dates(built, path):
    meta = front_matter(path)
    text = built.soup(built_page(built.site, path.name)).select_one(".review-dates").get_text(" ")
    text = " ".join(text.split())
    reviewed = meta["reviewed"].strftime("%-d %B %Y")
    due = meta["review_due"].strftime("%-d %B %Y")
    assert f"Page last reviewed: {reviewed}" in text and f"Next review due: {due}" in text


@pytest.mark.parametrize("edition", ["published", "offline"])
def test_every_page_says_how_to_report_an_error(built, edition):
    """Each page links to the error-report form set once in mkdocs.yml, and to the About
    page's section on how reports are handled (which must exist)."""
    form = site_build.load_config()["extra"]["report_error_url"]
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


def test_front_matter_check_rejects_inverted_dates(tmp_path):
    """The check above must be able to fail."""
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: T\ndescription: " + "x" * 130 + "\nreviewed: 2026-05-01\n"
                   "review_due: 2026-01-01\n---\n# T\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="review due before last review"):
        test_page_has_complete_front_matter_with_sane_review_dates(bad)
    bad.write_text("---\ntitle: T\ndescription: " + "x" * 130 + "\nreviewed: 2026-13-01\n"
                   "review_due: 2027-01-01\n---\n# T\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="not a valid"):
        test_page_has_complete_front_matter_with_sane_review_dates(bad)
