"""The citations extension (markdown/citations.py), on a few lines of Markdown."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from thinning_hair.data.references import Reference, compact_html
from thinning_hair.project import SiteError

from rendering import render


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(render(text), "html.parser")


def test_a_bracketed_group_becomes_numbers_in_order_of_first_citation():
    page = soup("Hair grew ([Kaufman 1998](sources.md#kaufman-1998); "
                "[Mella 2010](sources.md#mella-2010)). It kept growing "
                "([Mella 2010](sources.md#mella-2010)).")
    groups = page.select("sup.cites")
    assert [g.get_text() for g in groups] == ["[1, 2]", "[2]"]
    assert "(" not in page.p.get_text() and "Kaufman" not in page.p.get_text()
    first = groups[0].select_one("a.cite")
    assert first["href"] == "#src-kaufman-1998"
    assert first["aria-label"] == "Source 1: Kaufman 1998, randomised trial"
    assert page.p.get_text().startswith("Hair grew[1, 2]. It kept growing[2].")


def test_a_link_in_a_sentence_keeps_its_words_and_gets_a_number_after_them():
    page = soup("A [2010 review](sources.md#mella-2010) of trials found it.")
    assert page.p.get_text() == "A 2010 review[1] of trials found it."


def test_the_page_lists_each_cited_source_once_under_its_own_heading():
    page = soup("# Title\n\nOne ([Kaufman 1998](sources.md#kaufman-1998)); two "
                "([Kaufman 1998](sources.md#kaufman-1998)).")
    heading = page.find("h2", id="sources-for-this-page")
    assert heading is not None
    more = heading.find_next_sibling("details", class_="page-sources-more")
    assert more.summary.get_text() == "Show the 1 source"
    items = more.find("ol", class_="page-sources").find_all("li")
    assert [li["id"] for li in items] == ["src-kaufman-1998"]
    assert items[0].get_text(" ", strip=True) == (
        "Kaufman KD, et al. Journal of the American Academy of Dermatology, 1998. "
        "Randomised trial In all sources")
    assert items[0].select_one("a.ref-entry")["href"] == "sources.md#kaufman-1998"


def test_a_compact_entry_is_who_which_document_or_journal_when_and_the_kind():
    """The page's own list is short: a study by its first author, journal and year; a label
    or regulator's document by who issued it and its title. Titles of studies, volume, pages,
    PMID and web addresses are on the Sources pages, which its "In all sources" link reaches."""
    ref = Reference("x", "drug-label", {
        "organisation": "Organon  LLC.", "title": "PROPECIA <tablets>: label.", "italic":
        ["tablets"], "container": "DailyMed", "year": "undated", "checked": "1 December 2026",
        "pmid": "123", "url": "https://example.org/label"})
    assert compact_html(ref) == ('Organon LLC. PROPECIA &lt;<em>tablets</em>&gt;: label, undated, '
                                 'read 1 December 2026. <span class="ref-kind">Drug label</span>')
    trial = Reference("z", "randomised-trial", {"authors": ["Kaufman KD", "Olsen EA"],
                                                 "title": "A long title", "container": "J Am",
                                                 "year": 1998, "pmid": "9777765"})
    assert compact_html(trial) == ('Kaufman KD, et al. J Am, 1998. '
                                   '<span class="ref-kind">Randomised trial</span>')
    one = Reference("y", "case-report", {"authors": ["Lee A"], "title": "T", "container": "J",
                                         "year": 2020})
    assert compact_html(one).startswith("Lee A. J, 2020. ")


def test_in_all_sources_links_to_the_sources_page_that_lists_the_entry():
    # Authors cite sources.md#id for every entry; a drug label is listed on the other page.
    page = soup("Trial ([Kaufman 1998](sources.md#kaufman-1998)); label "
                "([UK label](sources.md#propecia-smpc-uk)).")
    hrefs = [a["href"] for a in page.select("ol.page-sources a.ref-entry")]
    assert hrefs == ["sources.md#kaufman-1998", "sources-official.md#propecia-smpc-uk"]
    assert page.select_one('a.cite[href="#src-propecia-smpc-uk"]') is not None


def test_a_page_without_citations_gets_no_sources_heading():
    assert "sources-for-this-page" not in render("# Title\n\nNo citations here.")


def test_a_sellers_claim_is_shown_after_its_number():
    page = soup('Said so ([Clinic](sources.md#kaufman-1998 "a clinic\'s own account")).')
    assert page.select_one(".cite-claim").get_text() == ": a clinic's own account"


def test_an_unknown_reference_stops_with_its_id():
    with pytest.raises(SiteError, match="no-such-paper"):
        render("Claim ([Nobody 2020](sources.md#no-such-paper)).")
