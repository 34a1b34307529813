"""The glossary is written once (includes/glossary.yml) and cannot drift: the tooltips and
the glossary page are generated from it, every page's terms show their definition, and
the first use of each term on a page links to its entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from thinning_hair.data import glossary
from thinning_hair.generate import glossary_page

from commands import mkdocs_build
from pages import DOCS, ROOT, TOPIC_PAGES, built_page, site_data


def load() -> glossary.Glossary:
    """includes/glossary.yml, as the build reads it."""
    return site_data().glossary


def test_generated_glossary_files_match_their_source():
    data = site_data()
    stale = [str(path.relative_to(ROOT)) for path, text in glossary_page.outputs(data).items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    assert not stale, f"out of date: {stale}; run `make generate`"


def test_glossary_has_at_least_40_terms_with_short_tooltips():
    data = load()
    assert len(data.entries) >= 40
    assert all(len(e.short.split()) <= glossary.MAX_SHORT_WORDS for e in data.entries)


def write(tmp_path: Path, terms: str) -> Path:
    path = tmp_path / "glossary.yml"
    path.write_text("reviewed: 2026-01-01\nreview_due: 2027-01-01\nterms:\n" + terms,
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("terms,message", [
    ("  - {term: DHT, short: a, full: b}\n  - {term: DHT, short: c, full: d}\n",
     "'DHT' is defined twice"),
    ("  - {term: DHT, short: a, full: b}\n  - {term: hormone, variants: [DHT], short: c, full: d}\n",
     "'hormone' is defined twice"),
    ("  - {term: PSA, short: '', full: b}\n", "'PSA': empty definition `short`"),
    ("  - {term: PSA, short: a}\n", "'PSA': empty definition `full`"),
    ("  - {term: PSA, short: " + "word " * 26 + ", full: b}\n", "'PSA': tooltip has 26 words"),
])
def test_bad_glossary_input_fails_and_names_the_term(tmp_path, terms, message):
    with pytest.raises(glossary.GlossaryError, match=message.replace("(", r"\(")):
        glossary.load(write(tmp_path, terms))


def test_every_glossary_term_has_an_anchor_on_the_glossary_page(built):
    soup = built.soup(built.site / "glossary" / "index.html")
    ids = {tag["id"] for tag in soup.select("article [id]")}
    missing = [e.slug for e in load().entries if e.slug not in ids]
    assert not missing, missing


def test_every_page_shows_tooltips_for_its_terms(built):
    by_form = load().by_form()
    counts = {}
    for path in sorted(DOCS.glob("*.md")):
        soup = built.soup(built_page(built.site, path.name))
        abbrs = soup.select("article abbr[title]")
        counts[path.name] = len(abbrs)
        for abbr in abbrs:
            entry = by_form.get(abbr.get_text())
            assert entry is not None, f"{path.name}: tooltip for unknown term {abbr.get_text()!r}"
            assert abbr["title"] == entry.short, f"{path.name}: {abbr.get_text()!r} tooltip drifted"
    assert min(counts[name] for name in TOPIC_PAGES) >= 20, counts


def test_plural_and_variant_forms_get_tooltips(built):
    soup = built.soup(built_page(built.site, "hair-loss.md"))
    shown = {abbr.get_text() for abbr in soup.select("article abbr")}
    assert {"follicles", "DHT"} <= shown or {"follicle", "dihydrotestosterone"} & shown, shown


def test_first_use_of_each_term_links_to_its_glossary_entry(built):
    by_form = load().by_form()
    for path in sorted(DOCS.glob("*.md")):
        if path.name == "glossary.md":
            continue
        soup = built.soup(built_page(built.site, path.name))
        seen = set()
        for abbr in soup.select("article abbr"):
            if abbr.find_parent("a"):
                continue  # inside another link: it cannot hold a second one
            slug = by_form[abbr.get_text()].slug
            link = abbr.select_one("a.glossary-link")
            if slug not in seen:
                assert link is not None and link["href"].endswith(f"glossary/#{slug}"), \
                    f"{path.name}: first use of {abbr.get_text()!r} does not link to the glossary"
                seen.add(slug)
            else:
                assert abbr.get("tabindex") == "0", \
                    f"{path.name}: {abbr.get_text()!r} cannot get keyboard focus"


def test_each_term_carries_its_tip_once_per_section(built):
    """A tip where a term matters: its first use in each h2 section (a reader may arrive at a
    section from the contents or a search), not on every use (tab stops, page weight)."""
    by_form = load().by_form()
    repeated = []
    for path in sorted(DOCS.glob("*.md")):
        soup = built.soup(built_page(built.site, path.name))
        seen = set()
        for abbr in soup.select("article abbr"):
            if abbr.find_parent("a"):
                continue
            heading = abbr.find_previous("h2")
            key = (heading.get("id") if heading else None, by_form[abbr.get_text()].slug)
            if key in seen:
                repeated.append(f"{path.name}: {abbr.get_text()!r} again in section {key[0]}")
            seen.add(key)
    assert not repeated, "\n".join(repeated[:20])


def test_glossary_entry_points_to_the_page_that_uses_the_term_most(built):
    soup = built.soup(built.site / "glossary" / "index.html")
    entry = soup.select_one("#finasteride").find_parent(class_="glossary-entry")
    more = entry.select_one("details")
    assert more is not None and more.select_one("summary").get_text(strip=True)
    read_more = [p for p in more.select("p") if p.get_text().startswith("Read more")]
    assert read_more, f"#finasteride: no 'Read more' line in {more}"
    assert read_more[0].a["href"].rstrip("/").endswith("finasteride"), read_more[0]


def test_build_fails_on_a_bad_glossary(tmp_path):
    """The plugin loads the same data, so a bad glossary stops the build, naming the term."""
    for name in ["mkdocs.yml", "docs", "includes", "overrides"]:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / name)
    path = tmp_path / "includes" / "glossary.yml"
    path.write_text(path.read_text(encoding="utf-8") +
                    "  - term: PSA\n    short: again\n    full: again\n", encoding="utf-8")
    result = mkdocs_build(tmp_path)
    assert result.returncode != 0
    assert "'PSA' is defined twice" in result.stderr
