"""Body-prose extraction and plain-English metrics, shared by the tests and by authors.

The site promises topic pages that score at least 60 on the Flesch reading-ease scale.
"Body prose" means the paragraphs and list items a reader reads as sentences: tables,
headings, admonition titles, code, the "Related pages" list and citation links are left out,
because they are not sentences and would distort the score either way.

Run it on Markdown while writing (it renders the page with the site's own extensions):

    .venv/bin/thinning-hair prose-stats docs/finasteride.md

textstat is pinned to 0.7.8 because 0.7.10 and later download NLTK data at first use,
which fails on a machine without internet.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import textstat
from bs4 import BeautifulSoup

# Citations look like "(Kaufman 1998; MHRA 2024)" once their links are removed: drop them whole.
_EMPTY_PARENS = re.compile(r"\(\s*[;,\s]*\)")
_SPACES = re.compile(r"\s+")


def extract_prose(html: str) -> str:
    """Return the body prose of a rendered page (or fragment) as plain sentences.

    Works on a whole Material page (it reads only the article) or on a bare fragment.
    """
    soup = BeautifulSoup(html, "html.parser")
    root = soup.select_one("article.md-content__inner") or soup
    root = _copy(root)
    # A heading called "Related pages" starts a link list, not prose: drop it and what follows.
    for heading in root.find_all(["h2", "h3"]):
        if heading.get_text(" ", strip=True).rstrip("¶").strip().lower() == "related pages":
            for sibling in list(heading.find_next_siblings()):
                sibling.decompose()
            heading.decompose()
    for tag in root.select(
        "table, pre, code, h1, h2, h3, h4, h5, h6, .admonition-title, .headerlink, "
        ".md-source-file, .review-dates, script, style, nav, "
        "sup.cites, "  # numbered citations (overrides/hooks/citations.py) are not prose
        ".page-sources-more"  # nor is the list of a page's sources (markdown/citations.py)
    ):
        tag.decompose()
    for link in root.select('a[href*="sources"]'):
        if "#" in (link.get("href") or ""):
            link.decompose()
    chunks = []
    for block in root.find_all(["p", "li"]):
        if block.name == "li" and block.find("p"):
            continue  # its paragraphs are counted on their own
        if block.name == "p" and block.find_parent("li") and block.find_parent("li").find("p") is None:
            continue
        text = _EMPTY_PARENS.sub("", block.get_text(" ", strip=True))
        text = _SPACES.sub(" ", text).strip()
        text = re.sub(r"\s+([.,;:!?])", r"\1", text)
        if not text:
            continue
        if text[-1] not in ".!?:":
            text += "."  # a list item is a sentence of its own
        chunks.append(text)
    return " ".join(chunks)


def _copy(node):
    return BeautifulSoup(str(node), "html.parser")


def metrics(prose: str) -> dict[str, float]:
    """Word count, Flesch reading ease and average sentence length of the prose."""
    words = textstat.lexicon_count(prose, removepunct=True)
    sentences = max(textstat.sentence_count(prose), 1)
    return {
        "words": words,
        "flesch": round(textstat.flesch_reading_ease(prose), 1),
        "words_per_sentence": round(words / sentences, 1),
    }


def _render_markdown(path: Path) -> str:
    """Render one Markdown page with the extensions that matter for prose."""
    import markdown

    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter
    from ..project import Project

    root = Project.find().root
    return markdown.markdown(
        text,
        extensions=["tables", "admonition", "attr_list", "md_in_html", "pymdownx.details",
                     "pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": {"base_path": [str(root / "includes")]}},
    )


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: thinning-hair prose-stats PAGE.md [PAGE.md ...]", file=sys.stderr)
        return 2
    for name in argv:
        path = Path(name)
        if not path.is_file():
            print(f"prose-stats: no such file: {name}", file=sys.stderr)
            return 2
        rendered = _render_markdown(path)
        m = metrics(extract_prose(rendered))
        # Citations: links into the sources page, counted as written and as distinct sources
        # (the shared warnings a page includes count too; the reader sees them there).
        cited = re.findall(r"sources\.md#([\w-]+)", rendered)
        print(f"{name}: {m['words']} words, Flesch {m['flesch']}, "
              f"{m['words_per_sentence']} words per sentence, "
              f"{len(cited)} citations of {len(set(cited))} sources")
    return 0

