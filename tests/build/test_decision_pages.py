"""The topic pages are built around the reader's decision (issue 9): an "At a glance" box
under the title whose every line leads to a section of the page, a section on doing
nothing, questions to ask, and the cost with a dated source. The glossary's tooltips for
finasteride and dutasteride say what the labels say. Every check is also run once on input
that must fail. (The questions page prints on two A4 sheets at most: tests/browser/test_print.py.)"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from bs4 import BeautifulSoup

from thinning_hair.tools.prose_stats import extract_prose, metrics

from pages import built_page, pages_with_role, site_data

DECISION_PAGES = pages_with_role("decision")
COST_PAGES = ["finasteride.md", "scalp-mesotherapy.md"]

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December")
# "Dated" means a phrase saying when the figures were seen, with a full date:
# "checked on 1 December 2026", "seen 3 March 2026", "accessed on 12 May 2025".
# "checked on 1 December 2026", "when we checked UK online services on 1 December 2026"
DATED = re.compile(rf"\b(?:seen|checked|accessed|read)(?:(?: [\w-]+){{0,4}} on| on)? "
                   rf"(\d{{1,2}} (?:{MONTHS}) 20\d\d)\b", re.I)


def article(built, name: str):
    return built.soup(built_page(built.site, name)).select_one("article")


def section(art, section_id: str) -> list:
    """The heading with this id and everything after it up to the next heading of the same
    or a higher level."""
    heading = art.find(id=section_id)
    if heading is None or not re.fullmatch(r"h[1-6]", heading.name or ""):
        return []
    level = int(heading.name[1])
    parts = [heading]
    for sibling in heading.find_next_siblings():
        if re.fullmatch(r"h[1-6]", sibling.name or "") and int(sibling.name[1]) <= level:
            break
        parts.append(sibling)
    return parts


def text_of(parts: list) -> str:
    return " ".join(" ".join(p.get_text(" ") for p in parts).split())


def is_correction_box(element) -> bool:
    """The box of recent corrections a reader may have acted on (includes/changes.yml)."""
    title = element.select_one(".admonition-title") if element.name == "div" else None
    return ("warning" in (element.get("class") or []) and title is not None
            and title.get_text(strip=True).startswith(("Corrected on", "Recent corrections")))


def at_a_glance_problems(art) -> list[str]:
    """What is wrong with a page's "At a glance" box (an empty list when nothing is)."""
    boxes = [box for box in art.select(".admonition.abstract")
             if box.select_one(".admonition-title")
             and box.select_one(".admonition-title").get_text(strip=True) == "At a glance"]
    if not boxes:
        return ["no 'At a glance' box"]
    box, problems = boxes[0], []
    first_h2 = art.find("h2")
    if first_h2 is not None and box not in first_h2.find_all_previous("div"):
        problems.append("the 'At a glance' box comes after the first h2")
    title = art.find("h1")
    first = title.find_next_sibling() if title is not None else None
    if first is not None and first.name == "p" and "decision" in (first.get("class") or []):
        first = first.find_next_sibling()  # the choice, stated first, may come before it
    if first is not None and is_correction_box(first):
        first = first.find_next_sibling()  # a recent correction (markdown/changes.py) too
    if title is None or first is not box:
        problems.append("the 'At a glance' box is not directly under the title")
    items = box.select("ul > li")
    if not 4 <= len(items) <= 6:
        problems.append(f"{len(items)} lines (want 4 to 6)")
    ids = {tag["id"] for tag in art.select("[id]")}
    for item in items:
        local = [a["href"][1:] for a in item.select('a[href^="#"]')]
        label = " ".join(item.get_text(" ").split())[:40]
        if not local:
            problems.append(f"line {label!r} links to no section")
        problems += [f"line {label!r} links to #{frag}, which is not on the page"
                     for frag in local if frag not in ids]
    return problems


def dated_source_problems(parts: list, today: date) -> list[str]:
    """A section is dated when it says when its figures were seen (a full date, not in the
    future) and cites a source from the sources page."""
    if not parts:
        return ["no such section"]
    problems = []
    dates = [datetime.strptime(m, "%d %B %Y").date() for m in DATED.findall(text_of(parts))]
    if not dates:
        problems.append("no 'checked/seen on <day month year>' date")
    elif any(d > today for d in dates):
        problems.append(f"a date in the future: {[d.isoformat() for d in dates]}")
    cites = [a for p in parts for a in p.select("a[href]") if "sources/" in a["href"]
             and "#" in a["href"] or "cite" in (a.get("class") or [])]
    if not cites:
        problems.append("no citation to the sources page")
    return problems


@pytest.mark.parametrize("name", DECISION_PAGES)
def test_at_a_glance_box_leads_to_sections_of_the_page(built, name):
    problems = at_a_glance_problems(article(built, name))
    assert not problems, f"{name}: {problems}"


@pytest.mark.parametrize("name", DECISION_PAGES)
def test_page_says_what_happens_if_you_do_nothing(built, name):
    parts = section(article(built, name), "do-nothing")
    assert parts, f"{name}: no section with id #do-nothing"
    body = text_of(parts[1:])
    assert len(body.split()) >= 30, f"{name}: the 'do nothing' section has {len(body.split())} words"
    assert any("sources/" in a["href"] or "cite" in (a.get("class") or [])
               for p in parts for a in p.select("a[href]")), \
        f"{name}: the 'do nothing' section cites no source"


@pytest.mark.parametrize("name", DECISION_PAGES)
def test_page_has_questions_to_ask_and_links_to_the_questions_page(built, name):
    art = article(built, name)
    parts = section(art, "questions")
    questions = [li for p in parts for li in p.select("li")
                 if li.get_text(strip=True).endswith("?")]
    assert len(questions) >= 3, f"{name}: {len(questions)} questions under #questions (want 3+)"
    to_page = [a for a in art.select("a[href]") if re.search(r"(^|/)questions(/|\.html)", a["href"])]
    assert to_page, f"{name}: no link to the questions page"


@pytest.mark.parametrize("name", COST_PAGES)
def test_cost_section_gives_a_dated_source(built, name):
    problems = dated_source_problems(section(article(built, name), "cost"), date.today())
    assert not problems, f"{name}: cost section: {problems}"


def test_decision_page_checks_can_fail():
    """The helpers above find each fault they are meant to find."""
    bad = BeautifulSoup(
        '<article><h1>T</h1><p>Intro</p><h2 id="a">A</h2>'
        '<div class="admonition abstract"><p class="admonition-title">At a glance</p>'
        '<ul><li>One <a href="#a">a</a></li><li>Two <a href="#missing">b</a></li>'
        '<li>Three</li></ul></div>'
        '<h2 id="cost">Cost</h2><p>About £30 a month, seen on 1 December 2099.</p>'
        '<h2 id="next">Next</h2></article>', "html.parser").article
    problems = " | ".join(at_a_glance_problems(bad))
    for fault in ("after the first h2", "not directly under the title", "3 lines",
                  "#missing", "links to no section"):
        assert fault in problems, (fault, problems)
    cost = " | ".join(dated_source_problems(section(bad, "cost"), date(2026, 12, 1)))
    assert "in the future" in cost and "no citation" in cost, cost
    assert dated_source_problems(section(bad, "nowhere"), date(2026, 12, 1)) == ["no such section"]
    undated = BeautifulSoup('<article><h2 id="cost">Cost</h2><p>About £30 '
                            '(<a href="../sources/#x">X</a>).</p></article>', "html.parser").article
    assert dated_source_problems(section(undated, "cost"), date(2026, 12, 1)) == \
        ["no 'checked/seen on <day month year>' date"]


def test_questions_page_reads_as_plain_english(built):
    score = metrics(extract_prose(built_page(built.site, "questions.md").read_text("utf-8")))["flesch"]
    assert score >= 60, f"questions.md: Flesch reading ease {score} (must be at least 60)"


# The labels: no woman may take finasteride 1 mg (UK SmPC, section 4.3); dutasteride is
# contraindicated in women, children and adolescents (UK Avodart SmPC, section 4.3).
LABEL_RULES = {
    "finasteride": [r"\bno wom[ae]n\b", r"\bunder 18\b"],
    "dutasteride": [r"\bnot for\b.*\bwomen\b", r"\bchildren\b", r"\badolescents\b"],
    "5-ARI": [r"\bno wom[ae]n\b"],
}


def label_problems(term: str, short: str) -> list[str]:
    return [rule for rule in LABEL_RULES[term] if not re.search(rule, short, re.I)]


@pytest.mark.parametrize("term", sorted(LABEL_RULES))
def test_glossary_tooltips_agree_with_the_labels(built, term):
    entry = site_data().glossary.by_form()[term]
    assert not label_problems(term, entry.short), \
        f"{term}: tooltip {entry.short!r} misses {label_problems(term, entry.short)}"
    # ...and that is what readers see when they point at the word on the finasteride page.
    shown = {abbr["title"] for abbr in article(built, "finasteride.md").select("abbr[title]")
             if abbr.get_text() in (term, term.capitalize())}
    assert shown <= {entry.short} and shown, f"{term}: tooltips on the page: {shown}"


def test_label_check_rejects_the_old_tooltips():
    """The definitions this issue replaced understated the labels; the check must catch them."""
    assert label_problems("finasteride", "A medicine that blocks type II 5-alpha-reductase. "
                          "It is contraindicated in pregnancy.")
    assert label_problems("dutasteride", "Contraindicated in women who are or could become pregnant.")
