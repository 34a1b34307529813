"""One source of truth for references: every citation points to a reference, every
reference is cited, and each reference names its source properly, with a stable link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pages import INCLUDES

REFERENCE_LINE = re.compile(r'^- <span id="([a-z0-9-]+)"></span>(.+)$')
STABLE_HOSTS = re.compile(
    r"https://(pubmed\.ncbi\.nlm\.nih\.gov|pmc\.ncbi\.nlm\.nih\.gov|(dx\.)?doi\.org|"
    r"www\.ncbi\.nlm\.nih\.gov|[a-z.]*gov\.uk|[a-z.]*\.gov|[a-z.]*europa\.eu|"
    r"[a-z.]*nhs\.uk|www\.medicines\.org\.uk|[a-z.]*\.[a-z]{2,})/")


def read_references(includes: Path = INCLUDES) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(id, entry text, "includes/refs/file.md:line") for each reference in
    includes/refs/*.md, and a message for each line that is not a reference. Never raises,
    so that a bad reference list fails tests instead of stopping pytest while collecting."""
    found, bad = [], []
    for path in sorted((includes / "refs").glob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"includes/refs/{path.name}:{number}"
            match = REFERENCE_LINE.match(line)
            if match:
                found.append((*match.groups(), where))
            else:
                bad.append(f"{where}: not a reference line (`- <span id=\"id\"></span>"
                           f"Authors. Title. ...`): {line[:80]}")
    return found, bad


def reference_list_problems(includes: Path = INCLUDES) -> list[str]:
    """Lines that are not references, and ids defined more than once (naming every place)."""
    found, bad = read_references(includes)
    places: dict[str, list[str]] = {}
    for ref, _, where in found:
        places.setdefault(ref, []).append(where)
    return bad + [f"reference id '{ref}' is defined {len(where)} times: " + " and ".join(where)
                  for ref, where in places.items() if len(where) > 1]


def references() -> dict[str, str]:
    """id -> entry text (the last one, if an id is defined twice: another test fails then)."""
    return {ref: text for ref, text, _ in read_references()[0]}


def test_each_reference_is_defined_once_on_a_reference_line():
    problems = reference_list_problems()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def citations(built) -> dict[str, set[str]]:
    """reference id -> the built pages whose text links to it."""
    cited: dict[str, set[str]] = {}
    for page in built.pages():
        if page.parent.name == "sources":
            continue
        for link in built.soup(page).select("article a[href*='sources/#']"):
            cited.setdefault(link["href"].split("#", 1)[1], set()).add(
                str(page.relative_to(built.site)))
    return cited


def problems(defined: set[str], cited: dict[str, set[str]]) -> list[str]:
    out = [f"{ref!r} cited on {sorted(pages)} but not in includes/refs/"
           for ref, pages in sorted(cited.items()) if ref not in defined]
    out += [f"{ref!r} is never cited" for ref in sorted(defined - set(cited))]
    return out


def test_every_citation_has_a_reference_and_every_reference_is_cited(built):
    assert problems(set(references()), citations(built)) == []


def test_reference_check_reports_both_kinds_of_mismatch():
    found = problems({"a-2020", "b-2021"}, {"a-2020": {"x"}, "c-2022": {"y"}})
    assert any("'c-2022' cited" in p for p in found)
    assert any("'b-2021' is never cited" in p for p in found)


@pytest.mark.parametrize("ref,text", sorted(references().items()))
def test_reference_names_source_year_and_stable_link(ref, text):
    assert re.search(r"\b(19|20)\d\d\b", text), f"{ref}: no year"
    links = re.findall(r"\]\((https?://[^)]+)\)", text)
    assert links, f"{ref}: no link"
    assert all(STABLE_HOSTS.match(u) for u in links), f"{ref}: link is not https: {links}"
    assert "search?q=" not in " ".join(links), f"{ref}: links to a search page, not the source"
    authors = text.split(".", 1)[0]
    assert len(authors) >= 3, f"{ref}: no authors or organisation"


def test_sources_page_renders_every_reference_with_its_anchor(built):
    soup = built.soup(built.site / "sources" / "index.html")
    anchors = {span["id"] for span in soup.select("article li span[id]")}
    assert set(references()) <= anchors
