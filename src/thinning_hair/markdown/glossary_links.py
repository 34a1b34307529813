"""Glossary terms: which uses carry a tip, and how each is reached.

The abbr extension wraps every use of a defined term in <abbr title="…">. A reader needs the
definition where a term matters, not on each of its 192 uses on a page, and every tip is a
tab stop, so this keeps the <abbr> on the first use of a term in each h2 section only (a reader
who jumps to a section meets the term there first) and makes the other uses plain text. Of
the uses kept, the page's first links to the glossary entry (focusable); the first in each
later section gets tabindex="0". site.js draws the tip from the title on hover, focus and tap.
Terms inside a link keep their <abbr> untouched (a link in a link is invalid; the outer link
is focusable already); terms in a heading lose it (a tip there gets in the way of the title).
The glossary page (the one with a .glossary-list) links to itself nowhere.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from .. import data as site_data
from ..data.glossary import Entry
from ..project import Project, SiteError
from .citations import page_meta

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class GlossaryLinks(Treeprocessor):
    def __init__(self, md, entries: list[Entry], glossary_page: str):
        super().__init__(md)
        self.entries, self.glossary_page = entries, glossary_page
        self.by_form = {form: entry for entry in entries for form in entry.forms}

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        is_glossary = any("glossary-list" in (div.get("class") or "").split()
                          for div in root.iter("div"))
        meta = page_meta(self.md)
        if is_glossary and meta is not None:  # Zensical; MkDocs: config.extra, from the plugin
            meta["glossary_entries"] = [{"term": e.term, "slug": e.slug, "short": e.short}
                                        for e in self.entries]
        section = 0
        linked: set[str] = set()
        shown: set[tuple[int, str]] = set()  # (h2 section number, term slug) already tipped
        for element in list(root.iter()):
            if element.tag == "h2":
                section += 1
            if element.tag != "abbr" or element.get("title") is None:
                continue
            ancestors = _ancestors(element, parents)
            if any(a.tag in HEADINGS for a in ancestors):
                _unwrap(element, parents[element])
                continue
            if any(a.tag == "a" for a in ancestors):
                continue
            text = element.text or ""
            entry = self.by_form.get(text)
            if entry is None:
                raise SiteError(f"<abbr> for {text!r} is not in includes/glossary.yml")
            if (section, entry.slug) in shown:
                _unwrap(element, parents[element])
                continue
            shown.add((section, entry.slug))
            if is_glossary or entry.slug in linked:
                element.set("tabindex", "0")
                continue
            linked.add(entry.slug)
            link = etree.SubElement(element, "a", {"class": "glossary-link",
                                                   "href": f"{self.glossary_page}#{entry.slug}"})
            link.text, element.text = element.text, None


def _ancestors(element: etree.Element, parents: dict) -> list[etree.Element]:
    out = []
    while element in parents:
        element = parents[element]
        out.append(element)
    return out


def _unwrap(element: etree.Element, parent: etree.Element) -> None:
    """Replace the element by its text (an <abbr> holds text only)."""
    index = list(parent).index(element)
    text = (element.text or "") + (element.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        parent[index - 1].tail = (parent[index - 1].tail or "") + text
    parent.remove(element)


class GlossaryLinksExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "project": [".", "the folder holding mkdocs.yml and includes/"],
            "glossary_page": ["glossary.md", "the glossary page, relative to docs/"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        project = Project(Path(self.getConfig("project")).resolve())
        glossary = site_data.load(project).glossary
        md.treeprocessors.register(
            GlossaryLinks(md, glossary.entries, self.getConfig("glossary_page")),
            "thinning_hair_glossary_links", 6)


def makeExtension(**kwargs):
    return GlossaryLinksExtension(**kwargs)
