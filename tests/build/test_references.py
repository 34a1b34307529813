"""One source of truth for references (includes/references.yml, read by data/references.py):
every entry complete and well formed, every citation pointing to an entry, every entry cited,
commercial sources cited only for what the seller says; and on the built site, quiet numbered
citations whose tip is their page's own entry for the reference, each page's own source list,
the two Sources pages keeping every old anchor (each on the page of its kind), and the page's
JSON-LD listing its citations.

Each check is a function returning messages that name the page (file:line) and the id; the
"..._catches_..." tests feed it a broken copy to show it fails."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from thinning_hair.data import pages as page_checks
from thinning_hair.data import references

from commands import run, thinning_hair
from pages import DOCS, INCLUDES, ROOT, built_page, citation_tip, front_matter

SOURCE = INCLUDES / "references.yml"
OLD_IDS = [line for line in (ROOT / "tests" / "reference_ids_before_issue_14.txt")
           .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
# Read without raising, so that a broken file fails a test instead of stopping pytest while
# it collects this module (tests/build/test_bad_input.py checks that).
try:
    ENTRIES, READ_ERROR = references.read(SOURCE), None
except references.ReferenceError as error:
    ENTRIES, READ_ERROR = [], str(error)
KINDS = {e["id"]: e["kind"] for e in ENTRIES}
PAGES = sorted(p.name for p in DOCS.glob("*.md"))


def page_citations(name: str, includes: Path = INCLUDES) -> list[page_checks.Citation]:
    return page_checks.citations((DOCS / name).read_text(encoding="utf-8"), f"docs/{name}",
                                 includes)


CITED = {name: page_citations(name) for name in PAGES}
CITING = [name for name, found in CITED.items() if found]


# ---- the data file ----------------------------------------------------------------------

def test_every_reference_is_complete_and_well_formed():
    """Kind known, fields its kind needs present, PMID/PMC/DOI/links well formed, ids once."""
    problems = [READ_ERROR] if READ_ERROR else references.problems(ENTRIES)
    assert not problems, "\n".join(problems)


def _broken(ref_id: str, change) -> list[str]:
    entries = copy.deepcopy(ENTRIES)
    entry = next(e for e in entries if e["id"] == ref_id)
    change(entries, entry)
    return references.problems(entries)


@pytest.mark.parametrize("ref_id,change,expected", [
    ("kaufman-1998", lambda es, e: es.append(dict(e)), "'kaufman-1998': defined twice"),
    ("kaufman-1998", lambda es, e: e.update(pmid="977765x"), "'kaufman-1998': malformed PMID"),
    ("marzban-2017", lambda es, e: e.update(doi="doi:10.5812/htaa.14078"),
     "'marzban-2017': malformed DOI"),
    ("choi-2016", lambda es, e: e.update(pmc="4969473"), "'choi-2016': malformed PMC"),
    ("mella-2010", lambda es, e: e.pop("container"), "'mella-2010': missing `container`"),
    ("mella-2010", lambda es, e: e.update(year="undated"),
     "'mella-2010': a journal article needs its year"),
    ("mella-2010", lambda es, e: e.pop("pmid"),
     "'mella-2010': a journal article needs a PMID"),
    ("nhs-hair-loss", lambda es, e: e.pop("checked"),
     "'nhs-hair-loss': `year: undated` needs `checked`"),
    ("nhs-hair-loss", lambda es, e: e.pop("organisation"),
     "'nhs-hair-loss': needs exactly one of `authors`, `organisation`"),
    ("mhra-2017-dsu", lambda es, e: e.pop("url"),
     "'mhra-2017-dsu': a regulator or guideline needs the `url`"),
    ("wimpole-clinic-mesotherapy", lambda es, e: e.update(year=2025, checked=None),
     "'wimpole-clinic-mesotherapy': a commercial source needs `checked`"),
    ("drake-1999", lambda es, e: e.update(kind="trial"), "'drake-1999': kind 'trial' is not"),
    ("drake-1999", lambda es, e: e["authors"].append("L Drake"),
     "'drake-1999': author 'L Drake' is not written 'Family Initials'"),
])
def test_reference_checks_catch_each_mistake(ref_id, change, expected):
    assert any(expected in p for p in _broken(ref_id, change)), expected


def test_sources_page_is_generated_from_the_data():
    """`thinning-hair generate --check`: the Sources page (and the glossary and figures, also
    generated) is what the data gives."""
    result = run(thinning_hair("generate", "--check"), ROOT)
    assert result.returncode == 0, result.stderr


def test_formatting_keeps_names_volumes_and_identifiers():
    """citeproc-py's Vancouver text keeps what the data says (spot checks by kind)."""
    refs = references.load(SOURCE)
    assert refs["kaufman-1998"].html.startswith(
        "Kaufman KD, Olsen EA, Whiting D, et al. Finasteride in the treatment of men with "
        "androgenetic alopecia. Journal of the American Academy of Dermatology. "
        "1998;39(4 Pt 1):578–89. PubMed PMID: <a href=\"https://pubmed.ncbi.nlm.nih.gov/9777765/\">"
        "9777765</a>.")
    assert "Gubelin Harcha W, Barboza Martínez J" in refs["gubelin-harcha-2014"].html
    assert "Drug Safety Update [Internet]. 2017 May" in refs["mhra-2017-dsu"].html
    assert "NHS website (nhs.uk) [Internet]. [cited 2026 Nov]." in refs["nhs-hair-loss"].html
    assert 'href="https://doi.org/10.5812/htaa.14078"' in refs["marzban-2017"].html


# ---- citations in the pages' Markdown ---------------------------------------------------

def unknown_citations(found, kinds) -> list[str]:
    return [p for p in page_checks.citation_problems(found, kinds) if "unknown reference" in p]


def commercial_problems(found, kinds) -> list[str]:
    return [p for p in page_checks.citation_problems(found, kinds)
            if "commercial source" in p]


@pytest.mark.parametrize("name", CITING)
def test_every_citation_names_a_defined_reference(name):
    problems = unknown_citations(CITED[name], KINDS)
    assert not problems, "\n".join(problems)


def test_unknown_citation_check_names_page_line_and_id():
    found = CITED["finasteride.md"][:3]
    kinds = {k: v for k, v in KINDS.items() if k != found[1].id}
    problems = unknown_citations(found, kinds)
    assert problems and f"unknown reference '{found[1].id}'" in problems[0]
    assert re.match(r"^(docs|includes)/[\w/.-]+\.md:\d+", problems[0]), problems[0]


def never_cited(kinds, cited) -> list[str]:
    used = {c.id for found in cited.values() for c in found}
    return [f"reference '{ref}' (includes/references.yml) is never cited: cite it or remove it"
            for ref in kinds if ref not in used]


def test_every_reference_is_cited_somewhere():
    problems = never_cited(KINDS, CITED)
    assert not problems, "\n".join(problems)


def test_never_cited_check_names_the_id():
    assert never_cited({**KINDS, "nobody-2020": "case-report"}, CITED) == [
        "reference 'nobody-2020' (includes/references.yml) is never cited: cite it or remove it"]


@pytest.mark.parametrize("name", CITING)
def test_commercial_sources_are_cited_only_for_what_the_seller_says(name):
    problems = [p for p in page_checks.citation_problems(CITED[name], KINDS)
                if "commercial" in p]
    assert not problems, "\n".join(problems)


def test_commercial_check_catches_a_clinic_cited_for_an_effect(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Mesotherapy regrows hair ([Wimpole Clinic](sources.md#wimpole-clinic-"
                    "mesotherapy)).\nPrices vary ([UK prices](sources.md#uk-price-check-2026 "
                    "\"sellers' listed prices\")).\nA trial ([Kaufman 1998](sources.md#kaufman-"
                    "1998 \"a clinic's own account\")).\n", encoding="utf-8")
    found = page_checks.citations(page.read_text(encoding="utf-8"), "docs/page.md", INCLUDES)
    problems = page_checks.citation_problems(found, KINDS)
    assert len(problems) == 2, problems
    assert problems[0].startswith("docs/page.md:1: 'wimpole-clinic-mesotherapy' is a "
                                  "commercial source")
    assert problems[1].startswith("docs/page.md:3: 'kaufman-1998' is not a commercial source")


# ---- the built site ---------------------------------------------------------------------

def article(built, name, edition="published"):
    site = built.site if edition == "published" else built.offline
    return built.soup(built_page(site, name)).select_one("article")


def listed_ids(built, edition="published") -> dict[str, set[str]]:
    """The entry ids on each Sources page."""
    return {name: {el["id"] for el in article(built, name, edition).select(".ref-list li[id]")}
            for name in references.SOURCES_PAGES}


@pytest.mark.parametrize("edition", ["published", "offline"])
def test_every_old_sources_anchor_still_resolves(built, edition):
    """Every id that ever had an entry is an element id on the Sources page that lists its
    kind, in its entry, and on no other."""
    on = listed_ids(built, edition)
    kinds = {**{ref: KINDS.get(ref) for ref in OLD_IDS}, **KINDS}
    misplaced = [ref for ref, kind in kinds.items()
                 if kind is None or {p for p, ids in on.items() if ref in ids}
                 != {references.sources_page_of(kind)}]
    assert not misplaced, f"not on (only) the Sources page of their kind: {misplaced}"
    for ref in OLD_IDS:
        page = references.sources_page_of(KINDS[ref])
        assert article(built, page, edition).select_one(f"li#{ref} .ref-kind"), \
            f"{ref}: entry shows no kind of evidence"


def test_sources_pages_group_entries_by_kind_of_evidence(built):
    for ref, kind in KINDS.items():
        soup = article(built, references.sources_page_of(kind))
        heading = soup.select_one(f"li#{ref}").find_previous("h2")
        assert heading["id"] == f"kind-{kind}", f"{ref} is listed under {heading['id']}"
        label = soup.select_one(f"li#{ref} .ref-kind").get_text()
        assert label == references.KINDS[kind][0], (ref, label)


@pytest.mark.parametrize("edition", ["published", "offline"])
def test_a_drug_labels_entry_is_reached_on_the_other_sources_page(built, edition):
    """The finasteride page cites the UK label as sources.md#propecia-smpc-uk; its "In all
    sources" link goes to sources-official, which lists it, and the other page links back."""
    art = article(built, "finasteride.md", edition)
    more = art.select_one("ol.page-sources > li#src-propecia-smpc-uk a.ref-entry")["href"]
    assert more == {"published": "../sources-official/#propecia-smpc-uk",
                    "offline": "sources-official.html#propecia-smpc-uk"}[edition]
    trial = art.select_one("ol.page-sources > li#src-kaufman-1998 a.ref-entry")["href"]
    assert trial.split("#")[0] in ("../sources/", "sources.html")
    official = article(built, "sources-official.md", edition)
    assert official.select_one("li#propecia-smpc-uk .ref-kind").get_text() == "Drug label"
    main = article(built, "sources.md", edition)
    for page, other in ((main, "sources-official"), (official, "sources")):
        assert any(a["href"].split("#")[0].rstrip("/").removesuffix(".html").endswith(other)
                   for a in page.select("p a[href]")), f"no link to {other} in the intro"


def page_problems(art) -> list[str]:
    """What is wrong with a built page's citations and its own source list."""
    problems = []
    listed = [li["id"].removeprefix("src-") for li in art.select("ol.page-sources > li")]
    # Only "What changed on this page" (markdown/changes.py) may come after it.
    heading = [h for h in art.select("h2") if h.get("id") != "what-changed"][-1]
    if heading.get("id") != "sources-for-this-page":
        problems.append(f"the last heading is {heading.get_text()!r}, not 'Sources for this page'")
    order: list[str] = []
    for number, cite in enumerate(art.select("a.cite"), 1):
        ref = cite["href"].removeprefix("#src-")
        if ref not in order:
            order.append(ref)
        n = order.index(ref) + 1
        if cite.get_text() != str(n):
            problems.append(f"citation of {ref!r} shows {cite.get_text()!r}, expected {n}")
        spoken = cite.get("aria-label", "")
        kind = references.KINDS[KINDS[ref]][0] if ref in KINDS else "?"
        if cite.has_attr("title"):  # the tip is read from the entry: the page holds it once
            problems.append(f"citation of {ref!r} carries its reference in a title")
        entry = art.select_one(f"ol.page-sources > li#src-{ref}")
        tip = citation_tip(entry) if entry else ""
        if not tip.endswith(f"{kind}.") or len(tip) < 40 or "http" in tip:
            problems.append(f"citation of {ref!r}: its tip {tip!r} is not the reference and "
                            "kind without web addresses")
        if not re.match(rf"^Source {n}: .+, {re.escape(kind.lower())}$", spoken):
            problems.append(f"citation of {ref!r}: screen readers hear {spoken!r}")
        if not cite.find_parent("sup", class_="cites"):
            problems.append(f"citation of {ref!r} is not a quiet superscript")
    if listed != order:
        problems.append(f"'Sources for this page' lists {listed}, cited in order {order}")
    for link in art.select("a[href*='sources/#'], a[href*='sources.html#'], "
                           "a[href*='sources-official/#'], a[href*='sources-official.html#']"):
        if not link.find_parent("ol", class_="page-sources"):
            problems.append(f"a citation left as a long link: {link.get_text()!r}")
    text = art.get_text(" ")
    if re.search(r"\(\s*\[\d", text):
        problems.append("a citation number still inside round brackets")
    return problems


@pytest.mark.parametrize("edition", ["published", "offline"])
@pytest.mark.parametrize("name", CITING)
def test_page_has_quiet_citations_and_its_own_source_list(built, name, edition):
    art = article(built, name, edition)
    problems = page_problems(art)
    assert not problems, f"{name} ({edition}): " + "\n".join(problems)
    cited = list(dict.fromkeys(c.id for c in CITED[name]))
    listed = [li["id"].removeprefix("src-") for li in art.select("ol.page-sources > li")]
    assert sorted(listed) == sorted(cited), f"{name}: lists other references than it cites"
    # Compact: PMIDs and web addresses are on the Sources page, not repeated on each page.
    assert not art.select("ol.page-sources a[href^='http'], ol.page-sources .ref-where"), name


def test_page_check_catches_a_list_out_of_order(built):
    art = copy.copy(article(built, "finasteride.md"))
    items = art.select("ol.page-sources > li")
    items[0].insert_before(items[1].extract())
    assert any("'Sources for this page' lists" in p for p in page_problems(art))


def test_page_check_catches_a_citation_with_its_reference_in_a_title(built):
    art = copy.copy(article(built, "finasteride.md"))
    art.select_one("a.cite")["title"] = "Kaufman KD, Olsen EA, et al. Randomised trial."
    assert any("carries its reference in a title" in p for p in page_problems(art))


def test_page_check_catches_a_web_address_in_a_citations_tip(built):
    art = copy.copy(article(built, "finasteride.md"))
    art.select_one("ol.page-sources .ref-kind").insert_before(" https://example.org/paper ")
    assert any("without web addresses" in p for p in page_problems(art))


def test_page_without_citations_has_no_source_list(built):
    for other in sorted(set(PAGES) - set(CITING) - set(references.SOURCES_PAGES)):
        assert not article(built, other).select("ol.page-sources"), other


def test_commercial_citation_shows_whose_claim_it_is(built):
    art = article(built, "scalp-mesotherapy.md")
    cite = art.select_one("a.cite[href='#src-wimpole-clinic-mesotherapy']")
    claim = cite.find_next_sibling("span", class_="cite-claim")
    assert claim and claim.get_text() == ": a clinic's own account"


@pytest.mark.parametrize("name", CITING)
def test_json_ld_describes_the_page_without_repeating_its_sources(built, name):
    """The page's JSON-LD names the page, not its sources: the page lists them (each an entry
    that is on the Sources page for its kind), and a `citation` list repeated them in every
    page's first view."""
    soup = built.soup(built_page(built.site, name))
    ld = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert "citation" not in ld
    assert ld["@type"] == "MedicalWebPage" and ld["name"] and ld["description"]
    assert ld["url"] == soup.select_one('link[rel="canonical"]')["href"]
    assert ld["lastReviewed"] == front_matter(DOCS / name)["reviewed"].isoformat()
    listed = [li["id"].removeprefix("src-") for li in soup.select("ol.page-sources > li")]
    on_page = {page: {tag["id"] for tag in built.soup(built_page(built.site, page)).select(
        "article [id]")} for page in ("sources.md", "sources-official.md")}
    where = {ref: references.sources_page_of(KINDS[ref]) for ref in listed}
    assert listed and [ref for ref in listed if ref not in on_page[where[ref]]] == []
