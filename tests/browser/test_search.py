"""Search finds what readers type, in both editions, in a real Chromium: every glossary term,
the drug and brand names on the pages, hyphenated words and numbers, and words that only
appear inside brackets. For each query, the page that answers it must be among the first
three results (Material lists one result per page, best first).

Material's default tokenizer splits words only at spaces and hyphens, so "(Kybella)," was
one word nobody could find; mkdocs.yml and mkdocs-offline.yml set `separator` for both
editions, and the glossary page gets a search boost (generate/glossary_page.py)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from pages import site_data

pytestmark = pytest.mark.browser

RESULT_PAGES = ".md-search-result__list > li > a.md-search-result__link"

# query -> the pages (file stems) any of which answers it. Brand names are expected on the
# pages that discuss the drug, not on the shared warnings or the reference list alone (except
# HairMax, which only the reference list names).
QUERIES: list[tuple[str, set[str]]] = [
    # the drug and brand names on the pages
    ("finasteride", {"finasteride"}),
    ("dutasteride", {"finasteride", "finasteride-injection", "glossary"}),
    ("minoxidil", {"treatments-compared", "glossary", "hair-loss"}),
    ("Propecia", {"finasteride"}),
    ("Proscar", {"finasteride"}),
    ("Avodart", {"finasteride", "finasteride-injection", "scalp-mesotherapy",
                 "treatments-compared"}),
    ("Regaine", {"treatments-compared", "hair-loss", "scalp-mesotherapy"}),
    ("Alocare", {"finasteride", "finasteride-injection", "treatments-compared"}),
    ("Kybella", {"scalp-mesotherapy", "source-article-corrections"}),  # only as "(Kybella)"
    ("Finjuve", {"finasteride"}),
    ("HairMax", {"sources-official"}),  # an FDA clearance: on the other Sources page
    # hyphenated words and numbers, typed as readers type them
    ("5-ARI", {"glossary"}),
    ("5-ARIs", {"glossary", "finasteride"}),
    ("5-alpha-reductase", {"glossary"}),
    ("5 alpha reductase", {"glossary"}),
    ("alpha-reductase", {"glossary"}),
    ("Hamilton-Norwood", {"glossary", "hair-loss"}),  # written with an en dash on the pages
    ("post-finasteride syndrome", {"glossary", "finasteride"}),
    ("platelet-rich plasma", {"glossary", "treatments-compared"}),
    # an author: the pages that cite the paper (each lists it under "Sources for this page")
    ("Vañó-Galván", {"treatments-compared", "finasteride", "finasteride-injection",
                     "scalp-mesotherapy", "sources"}),
    # a decimal percentage, found whole (fluid build-up and a fact-box row on these pages)
    ("1.3%", {"treatments-compared", "finasteride", "finasteride-injection",
              "scalp-mesotherapy"}),
    # words that appear only inside brackets
    ("dihydrotestosterone", {"glossary", "hair-loss"}),
    ("catagen", {"glossary", "hair-loss"}),
    ("follicular unit excision", {"glossary", "treatments-compared"}),
    ("deoxycholic acid", {"scalp-mesotherapy", "source-article-corrections"}),
    # help a reader may look for
    ("Samaritans", {"index", "finasteride"}),
]


def all_queries() -> list[tuple[str, set[str]]]:
    """The list above plus every glossary term, which must bring up the glossary or, for a
    term that names a page's subject (finasteride, mesotherapy), that page."""
    listed = {query for query, _ in QUERIES}
    subject = {"mesotherapy": {"scalp-mesotherapy"}}
    terms = [(entry.term, {"glossary"} | subject.get(entry.term, set()))
             for entry in site_data().glossary.entries if entry.term not in listed]
    return QUERIES + terms


def page_key(href: str) -> str:
    """A result's page as a file stem, in either edition: .../finasteride/?h=x#y and
    .../finasteride.html?h=x both give "finasteride"; the home page gives "index"."""
    path = re.sub(r"[?#].*$", "", href).rstrip("/")
    stem = path.rsplit("/", 1)[-1].removesuffix(".html")
    return "index" if stem in ("", "index") or re.fullmatch(r"127\.0\.0\.1:\d+", stem) else stem


def first_three(page: Page, query: str) -> list[str]:
    """Type a query and return the first three results' pages, once the result list has
    stopped changing."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator('label.md-header__button[for="__search"]').first.click()
    box.click()
    box.press("Control+A")
    box.press("Backspace")
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(re.compile("Type to start", re.I), timeout=10_000)
    # Material searches on key events, not on fill(): fill all but the last character, then
    # type that one, so the query runs once rather than once per keystroke.
    box.fill(query[:-1])
    box.press_sequentially(query[-1])
    expect(meta).not_to_have_text(re.compile("Type to start|Initializing", re.I),
                                  timeout=10_000)
    read = """() => [document.querySelector('.md-search-result__meta').textContent,
                     [...document.querySelectorAll('RESULTS')].slice(0, 3).map(e => e.href)]
           """.replace("RESULTS", RESULT_PAGES)
    last = None
    for _ in range(50):  # Material answers each keystroke; wait for the last answer
        now = page.evaluate(read)
        if now == last:
            break
        last = now
        page.wait_for_timeout(120)
    return [page_key(h) for h in last[1]]


@pytest.fixture(params=["published", "offline"])
def start(request, built, served) -> str:
    if request.param == "published":
        return served
    return (built.unzipped / "index.html").as_uri()


def test_page_key_reads_both_editions():
    assert page_key("http://127.0.0.1:8000/finasteride/?h=x#y") == "finasteride"
    assert page_key("file:///tmp/a/finasteride-injection.html?h=x") == "finasteride-injection"
    assert page_key("http://127.0.0.1:8000/?h=x") == "index"
    assert page_key("file:///tmp/a/index.html#x") == "index"


def test_search_finds_what_readers_type(page, start):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(start)
    misses = []
    for query, wanted in all_queries():
        top = first_three(page, query)
        if not set(top) & wanted:
            misses.append(f"{query!r}: first three {top}, wanted one of {sorted(wanted)}")
    assert not misses, "\n".join(misses)


def test_the_check_can_fail(page, start):
    """A query whose answer is elsewhere is reported as a miss: the test above is not blind."""
    page.goto(start)
    assert "glossary" not in first_three(page, "Kybella")
    assert first_three(page, "zzzqxv") == []


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs-offline.yml"])
def test_both_editions_split_words_at_brackets_and_punctuation(built, config):
    """The offline edition's plugin list replaces the published one's, so both must say it."""
    site = built.site if config == "mkdocs.yml" else built.offline
    separator = json.loads((site / "search" / "search_index.json").read_text())["config"][
        "separator"]
    for text, words in [("(Kybella),", ["Kybella"]), ("5-ARI", ["5", "ARI"]),
                        ("Hamilton–Norwood", ["Hamilton", "Norwood"]),
                        ("finasteride/dutasteride;", ["finasteride", "dutasteride"])]:
        assert [w for w in re.split(separator, text) if w] == words, (config, text, separator)
    assert [w for w in re.split(separator, "1.3%.") if w] == ["1.3%"], "decimals must stay whole"
