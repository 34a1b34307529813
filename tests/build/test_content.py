"""The pages do what the site promises readers: plain English, enough depth, the safety warnings
where readers need them (full, short or none, by page), own words, and pages that lead to each other."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from thinning_hair.tools.prose_stats import extract_prose, metrics

from pages import LONG_PAGES, ROOT, TOPIC_PAGES, built_page, markdown_pages, pages_with_role

OVERLAP_TOOL = ROOT.parent / "shared" / "tools" / "source_overlap.py"


def html(built, name: str) -> str:
    return built_page(built.site, name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_topic_page_reads_as_plain_english(built, name):
    score = metrics(extract_prose(html(built, name)))["flesch"]
    assert score >= 60, f"{name}: Flesch reading ease {score} (must be at least 60)"


@pytest.mark.parametrize("name", LONG_PAGES)
def test_main_topic_pages_have_depth(built, name):
    words = metrics(extract_prose(html(built, name)))["words"]
    assert words >= 1200, f"{name}: {words} words of body prose (must be at least 1,200)"


def test_readability_measure_can_fail():
    hard = ("<p>Notwithstanding pharmacokinetic considerations, dihydrotestosterone "
            "suppression consequent upon 5-alpha-reductase inhibition necessitates "
            "comprehensive consideration of teratogenicity implications.</p>")
    assert metrics(extract_prose(hard))["flesch"] < 60


# Where the pregnancy warning goes (issue 9, section 3): the full box once on each page where a
# reader meets the drug, beside the section it belongs to; a short line linking to it on the
# other pages that mention a 5-ARI; nothing on the reference pages.
FULL_BOX_PAGES = pages_with_role("decision")
SHORT_LINE_PAGES = pages_with_role("home", "guide", "detail")
NO_WARNING_PAGES = pages_with_role("reference")
# The page section each full box must sit in (the nearest heading above it).
FULL_BOX_SECTION = {"finasteride.md": "pregnancy"}

# What each box must SAY, not only what it is called (lower case, spaces squeezed).
FULL_BOX_TEXT = [
    "no woman and no one under 18 may take finasteride 1 mg",
    "must not handle crushed or broken tablets",
    "must not touch the spray, a treated scalp",
    "no woman, child or teenager may take it",
    "leaking capsules",
    "advises a condom",
    "4 weeks after finasteride and 6 months after dutasteride",
    "no study has shown that injecting these drugs into the scalp removes these risks",
]
SHORT_LINE_TEXT = [
    "no woman may take finasteride or dutasteride",
    "must not handle crushed or broken finasteride tablets",
    "no woman, child or teenager should touch a leaking capsule",
    "read the full pregnancy warning",
]
MOOD_TEXT = [
    "stop it at once and contact a doctor as soon as they can",  # the MHRA's own advice
    "the mhra",
    "nhs 111",
    "samaritans free on 116 123",
    "call 999",
    "no direct link to suicidal thoughts",
    "yellow card",
]


def squeeze(text: str) -> str:
    return " ".join(text.split()).lower()


def snippet_title(name: str) -> str:
    first = (ROOT / "includes" / "warnings" / name).read_text(encoding="utf-8").splitlines()[0]
    return squeeze(re.search(r'"(.*)"', first).group(1))


def pregnancy_boxes(soup) -> list:
    """The pregnancy warnings on a page: boxes with a warning snippet's title or its text (a
    page's own callout about pregnancy, such as a corrected claim, is not one)."""
    titles = {snippet_title("pregnancy-5ari.md"), snippet_title("pregnancy-5ari-link.md")}
    return [box for box in soup.select("article .admonition")
            if squeeze(box.select_one(".admonition-title").get_text(" ")
                       if box.select_one(".admonition-title") else "") in titles
            or not missing_text(box, FULL_BOX_TEXT[:3])
            or not missing_text(box, SHORT_LINE_TEXT[:1])]


def missing_text(box, wanted: list[str]) -> list[str]:
    """The phrases a warning box fails to say (empty when it says them all)."""
    text = squeeze(box.get_text(" ")) if box is not None else ""
    return [phrase for phrase in wanted if phrase not in text]


def is_full(box) -> bool:
    return not missing_text(box, FULL_BOX_TEXT[:3])


def links_to(built, page_name: str, href: str, page_id: str, fragment: str) -> bool:
    """Does href, found on page_name, point at #fragment on page_id's page, and does it exist?"""
    here = built_page(built.site, page_name)
    path, _, frag = href.partition("#")
    target = (here.parent / path).resolve() if path else here.resolve()
    if target.is_dir():
        target = target / "index.html"
    if target != built_page(built.site, page_id).resolve() or frag != fragment:
        return False
    return built.soup(target).find(id=fragment) is not None


def mentions_5ari(soup) -> bool:
    return bool(re.search(r"\b(finasteride|dutasteride)\b", soup.select_one("article").get_text(" "), re.I))


@pytest.mark.parametrize("name", FULL_BOX_PAGES)
def test_full_pregnancy_warning_says_what_the_labels_say(built, name):
    soup = built.soup(built_page(built.site, name))
    boxes = pregnancy_boxes(soup)
    full = [box for box in boxes if is_full(box)]
    assert len(full) == 1, f"{name}: {len(full)} full pregnancy warnings (want exactly one)"
    assert not missing_text(full[0], FULL_BOX_TEXT), \
        f"{name}: the pregnancy warning does not say {missing_text(full[0], FULL_BOX_TEXT)}"
    assert len(boxes) == 1, f"{name}: {len(boxes)} pregnancy boxes; the short line is for other pages"


@pytest.mark.parametrize("name,section", sorted(FULL_BOX_SECTION.items()))
def test_full_pregnancy_warning_sits_beside_its_section(built, name, section):
    soup = built.soup(built_page(built.site, name))
    box = next(box for box in pregnancy_boxes(soup) if is_full(box))
    heading = box.find_previous(["h2", "h3"])
    assert heading is not None and heading.get("id") == section, \
        f"{name}: the pregnancy warning sits under #{heading.get('id') if heading else None}, not #{section}"


def short_line_pages(built) -> list[str]:
    """The listed pages, plus any other page that mentions a 5-ARI and is on neither list."""
    names = set(SHORT_LINE_PAGES)
    for path in markdown_pages():
        if path.name in FULL_BOX_PAGES or path.name in NO_WARNING_PAGES:
            continue
        if mentions_5ari(built.soup(built_page(built.site, path.name))):
            names.add(path.name)
    return sorted(names)


def test_other_pages_carry_the_short_pregnancy_line_not_the_full_box(built):
    problems = []
    for name in short_line_pages(built):
        boxes = pregnancy_boxes(built.soup(built_page(built.site, name)))
        if len(boxes) != 1 or is_full(boxes[0]):
            problems.append(f"{name}: want one short pregnancy line, found {len(boxes)} box(es)"
                            f"{' (a full box)' if any(is_full(b) for b in boxes) else ''}")
            continue
        if missing_text(boxes[0], SHORT_LINE_TEXT):
            problems.append(f"{name}: short line does not say {missing_text(boxes[0], SHORT_LINE_TEXT)}")
        hrefs = [a["href"] for a in boxes[0].select("a[href]")]
        if not any(links_to(built, name, h, "finasteride.md", "pregnancy") for h in hrefs):
            problems.append(f"{name}: short line does not link to finasteride.md#pregnancy: {hrefs}")
    assert not problems, problems


@pytest.mark.parametrize("name", NO_WARNING_PAGES)
def test_reference_pages_carry_no_pregnancy_box(built, name):
    boxes = pregnancy_boxes(built.soup(built_page(built.site, name)))
    assert not boxes, f"{name}: {len(boxes)} pregnancy box(es) on a reference page"


@pytest.mark.parametrize("name", ["finasteride.md", "scalp-mesotherapy.md"])
def test_mood_warning_gives_the_advice_and_urgent_help(built, name):
    """The mood warning (includes/warnings/mood.md) is self-contained: the MHRA's advice,
    the urgent-help numbers and links to the finasteride page's mood and lasting-effects
    sections, wherever it is included."""
    soup = built.soup(built_page(built.site, name))
    boxes = [box for box in soup.select("article .admonition.warning")
             if box.select_one(".admonition-title")
             and "mood" in box.select_one(".admonition-title").get_text().lower()]
    assert boxes, f"{name}: no mood warning"
    assert not missing_text(boxes[0], MOOD_TEXT), \
        f"{name}: the mood warning does not say {missing_text(boxes[0], MOOD_TEXT)}"
    hrefs = [a["href"] for a in boxes[0].select("a[href]")]
    for fragment in ("mood", "lasting-side-effects"):
        assert any(links_to(built, name, h, "finasteride.md", fragment) for h in hrefs), \
            f"{name}: the mood warning has no working link to finasteride.md#{fragment}: {hrefs}"


def test_warning_text_checks_can_fail():
    """A box with the right title but not the words, or the short line, must not pass as full."""
    from bs4 import BeautifulSoup
    title_only = BeautifulSoup('<div class="admonition danger"><p class="admonition-title">'
                               'Pregnancy: finasteride can harm a baby boy</p><p>Be careful.</p></div>',
                               "html.parser").div
    assert missing_text(title_only, FULL_BOX_TEXT) == FULL_BOX_TEXT
    assert missing_text(title_only, SHORT_LINE_TEXT) == SHORT_LINE_TEXT
    assert missing_text(title_only, MOOD_TEXT)
    short = (ROOT / "includes" / "warnings" / "pregnancy-5ari-link.md").read_text(encoding="utf-8")
    assert missing_text(BeautifulSoup(f"<div>{short}</div>", "html.parser").div, FULL_BOX_TEXT)


def test_injection_page_says_injection_is_not_shown_to_avoid_the_pregnancy_risk(built):
    text = " ".join(built.soup(built_page(built.site, "finasteride-injection.md"))
                    .select_one("article").get_text(" ").split())
    assert re.search(r"not been shown to (avoid|remove|lower|reduce)", text, re.I), \
        "finasteride-injection.md must say plainly that injection has not been shown to avoid the risk"


@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_topic_page_ends_with_related_pages(built, name):
    soup = built.soup(built_page(built.site, name))
    # The generated "Sources for this page" (markdown/citations.py) and "What changed on this
    # page" (markdown/changes.py) follow it.
    headings = [h for h in soup.select("article h2")
                if h.get("id") not in ("sources-for-this-page", "what-changed")]
    assert headings and headings[-1].get_text().strip(" ¶") == "Related pages", \
        f"{name}: the last section written by hand must be 'Related pages'"
    links = headings[-1].find_next_sibling("ul").select("a[href]")
    assert len(links) >= 3, f"{name}: 'Related pages' lists {len(links)} links (at least 3)"


def test_pages_are_in_our_own_words():
    """No run of 10 or more words shared with the two source articles."""
    if not OVERLAP_TOOL.is_file():
        pytest.fail(f"{OVERLAP_TOOL} is missing: CI clones the project beside shared/")
    result = subprocess.run([sys.executable, str(OVERLAP_TOOL), "--fail-at", "10",
                             str(ROOT / "docs")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def link_graph(built) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Distinct page-to-page links inside each page's article (not the navigation)."""
    pages = {str(p.relative_to(built.site).parent) for p in built.pages()}
    out = {page: set() for page in pages}
    into = {page: set() for page in pages}
    for path in built.pages():
        here = str(path.relative_to(built.site).parent)
        for link in built.soup(path).select("article a[href]"):
            href = link["href"].split("#")[0]
            if not href or href.startswith(("http:", "https:", "mailto:")) or href.endswith(".zip"):
                continue
            target = str((path.parent / href).resolve().relative_to(built.site.resolve()))
            target = target if target != "." else "."
            if target in pages and target != here:
                out[here].add(target)
                into[target].add(here)
    return out, into


def test_every_page_links_to_three_and_is_linked_from_two(built):
    out, into = link_graph(built)
    weak = [f"{p}: links to {len(out[p])}, linked from {len(into[p])}"
            for p in sorted(out) if len(out[p]) < 3 or len(into[p]) < 2]
    assert not weak, weak
