"""The page for women (issue 21): every mention of finasteride or dutasteride sits in a section
that links to the full pregnancy warning, and "Treatments compared" has the women's rows."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from pages import built_page

PAGE = "thinning-hair-in-women.md"
FIVE_ARI = re.compile(r"\b(finasteride|dutasteride)\b", re.I)
# The full warning is on the finasteride page (finasteride.md#pregnancy): /finasteride/#pregnancy
# on the web, finasteride.html#pregnancy offline.
WARNING_LINK = re.compile(r"(^|/)finasteride(/|\.html)?#pregnancy$")
GENERATED = {"sources-for-this-page"}


def sections(article) -> list[tuple[str, list]]:
    """The article cut at each h2: (the h2's id, or "top" before the first one, and the
    elements in it), leaving out the generated "Sources for this page"."""
    cut, name, parts = [], "top", []
    for child in article.find_all(recursive=False):
        if child.name == "h2":
            cut.append((name, parts))
            name, parts = child.get("id") or child.get_text(strip=True), []
        else:
            parts.append(child)
    cut.append((name, parts))
    return [(name, parts) for name, parts in cut if name not in GENERATED]


def unguarded_mentions(article) -> list[str]:
    """Paragraphs, list items and table rows that name finasteride or dutasteride in a section
    with no link to the full pregnancy warning."""
    problems = []
    for name, parts in sections(article):
        guarded = any(WARNING_LINK.search(a["href"]) for part in parts
                      for a in ([part] if part.name == "a" else part.select("a[href]"))
                      if a.get("href"))
        if guarded:
            continue
        for part in parts:
            for block in [part] if part.name in ("p", "li", "tr") else part.select("p, li, tr"):
                text = " ".join(block.get_text(" ").split())
                if FIVE_ARI.search(text):
                    problems.append(f"#{name}: {text[:70]!r}")
    return problems


def article_of(built, name: str):
    return built.soup(built_page(built.site, name)).select_one("article")


def test_every_mention_of_finasteride_or_dutasteride_is_near_the_pregnancy_warning(built):
    article = article_of(built, PAGE)
    assert FIVE_ARI.search(article.get_text(" ")), f"{PAGE} names neither drug: the test is idle"
    problems = unguarded_mentions(article)
    assert not problems, f"{PAGE}: no link to the full pregnancy warning in the section of {problems}"


def test_the_mention_check_can_fail():
    bad = BeautifulSoup(
        '<article><h1>T</h1><p>Intro</p>'
        '<h2 id="safe">Safe</h2><p>Finasteride is not for women.</p>'
        '<p><a href="../finasteride/#pregnancy">warning</a></p>'
        '<h2 id="unsafe">Unsafe</h2><ul><li>Clinics inject dutasteride.</li></ul>'
        '<p><a href="../finasteride/">Finasteride page</a></p>'
        '<h2 id="sources-for-this-page">Sources</h2><ol><li>Finasteride label</li></ol>'
        '</article>', "html.parser").article
    problems = " | ".join(unguarded_mentions(bad))
    assert "#unsafe" in problems and "dutasteride" in problems, problems
    assert "#safe" not in problems and "sources" not in problems, problems


def test_treatments_table_has_the_womens_rows(built):
    table = article_of(built, "treatments-compared.md").select_one(".treatments-table table")
    assert table is not None, "treatments-compared.md: no treatments table"
    rows = {" ".join(row.find(["td", "th"]).get_text(" ").split()): row
            for row in table.select("tbody tr")}
    wanted = {"minoxidil on the scalp for women", "minoxidil tablets", "spironolactone"}
    for word in wanted:
        found = [name for name in rows if word in name.lower()]
        assert found, f"treatments-compared.md: no row for {word!r} in {sorted(rows)}"
        links = [a["href"] for a in rows[found[0]].select("a[href]")]
        assert any("thinning-hair-in-women" in href for href in links), \
            f"treatments-compared.md: the {found[0]!r} row does not link to the women's page"
