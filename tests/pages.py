"""What the content tests need to know about the pages: one list, read from the real files."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
INCLUDES = ROOT / "includes"

# Topic pages: the ones held to the readability, depth and "Related pages" rules.
TOPIC_PAGES = ["hair-loss.md", "finasteride.md", "scalp-mesotherapy.md",
               "finasteride-injection.md", "treatments-compared.md"]
# The pages the issue asks to be at least 1,200 words of body prose.
LONG_PAGES = ["finasteride.md", "scalp-mesotherapy.md"]

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def markdown_pages() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


def front_matter(path: Path) -> dict:
    match = _FRONT.match(path.read_text(encoding="utf-8"))
    try:
        return (yaml.safe_load(match.group(1)) or {}) if match else {}
    except (yaml.YAMLError, ValueError) as error:  # e.g. a date like 2026-13-01
        raise AssertionError(f"{path.name}: front matter is not a valid YAML mapping of "
                             f"valid dates: {error}") from error


def built_page(site: Path, name: str) -> Path:
    """An edition's HTML file for a Markdown page name: page/index.html in the published
    edition (directory URLs), page.html in the offline one."""
    stem = name.removesuffix(".md")
    if stem == "index":
        return site / "index.html"
    folder_page = site / stem / "index.html"
    return folder_page if folder_page.exists() else site / f"{stem}.html"


def citation_tip(entry) -> str:
    """The tip a citation shows (docs/assets/javascripts/site.js): the text of the "Sources
    for this page" entry it links to (a BeautifulSoup <li>), without where to read it
    (.ref-where), our note (.ref-note) or the link to the Sources page (.ref-entry)."""
    entry = copy.copy(entry)
    for part in entry.select(".ref-where, .ref-note, .ref-entry"):
        part.decompose()
    return " ".join(entry.get_text().split()) + "."
