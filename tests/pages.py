"""What the content tests need to know about the pages: one list, read from the real files."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import yaml

from thinning_hair import data as _data
from thinning_hair.generate.figures import Figure
from thinning_hair.project import Project

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
INCLUDES = ROOT / "includes"



def pages_with_role(*roles: str) -> list[str]:
    """The pages whose front matter gives one of `roles` (data/pages.py ROLES), by file name:
    a page's role is read from the page, never listed here."""
    from thinning_hair.data import pages as page_data

    return sorted(path.name for path in DOCS.glob("*.md") if page_data.front_matter(
        path.read_text(encoding="utf-8"), path.name)["role"] in roles)


# Topic pages: the ones held to the readability, depth and "Related pages" rules.
TOPIC_PAGES = pages_with_role("decision", "guide", "detail")
# The pages the issue asks to be at least 1,200 words of body prose.
LONG_PAGES = ["finasteride.md", "scalp-mesotherapy.md"]
# Where each figure belongs: its data file (includes/figures/data/<name>.yml) -> the page that
# includes it. The include lines live in the pages (see the commit "Place figures: ..."); this
# map is what the tests hold them to (tests/build/test_figures.py and, in Chromium,
# tests/browser/test_figures_in_browser.py).
FIGURES = {
    "finasteride-factbox": "finasteride.md",
    "finasteride-icons-benefit": "finasteride-evidence.md",
    "finasteride-icons-harm": "finasteride-evidence.md",
    "finasteride-mechanism": "finasteride-evidence.md",
    "finasteride-hair-counts": "finasteride-evidence.md",
    "spray-factbox": "finasteride-evidence.md",
    "mesotherapy-factbox": "scalp-mesotherapy.md",
    "injection-factbox": "finasteride-injection.md",
    "hair-loss-scales": "hair-loss.md",
    "minoxidil-women-factbox": "thinning-hair-in-women.md",
}
FIGURE_DATA = INCLUDES / "figures" / "data"

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def site_data() -> _data.SiteData:
    """The references, the glossary and mkdocs.yml, read as the build reads them (once, until
    a file changes)."""
    return _data.load(Project(ROOT))


def markdown_pages() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


def front_matter(path: Path) -> dict:
    match = _FRONT.match(path.read_text(encoding="utf-8"))
    try:
        return (yaml.safe_load(match.group(1)) or {}) if match else {}
    except (yaml.YAMLError, ValueError) as error:  # e.g. a date like 2026-13-01
        raise AssertionError(f"{path.name}: front matter is not a valid YAML mapping of "
                             f"valid dates: {error}") from error


def figure_data(name: str) -> dict:
    """A figure's data file as the generator reads it: each {figure.field} in it replaced by
    the number it names (generate/figures.py, Figure.data)."""
    path = FIGURE_DATA / f"{name}.yml"
    return Figure(path, site_data().references, f"includes/figures/data/{path.name}").data


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
