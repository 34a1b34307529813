"""Citations: links to the Sources page become small numbers, with "Sources for this page".

Authors cite with a plain Markdown link to the reference's entry on the Sources page,
`([Kaufman 1998](sources.md#kaufman-1998))`, which reads as a link in any editor. On a page
that has them, this extension makes
  - a bracketed group "([A](…); [B](…))" into "[1, 2]", numbered in order of first citation on
    the page; a link that is part of a sentence ("a [2025 review](…) ranked") keeps its words
    and gets its number after them. Each number is
    <a aria-label="Source 1: Kaufman 1998, randomised trial" class="cite" href="#src-ID">1</a>;
    its tip (docs/assets/javascripts/site.js) is read from the entry it points to, so each
    reference is in the page once; screen readers hear the label;
  - a commercial source's link title ("a clinic's own account") shown after its number;
  - a numbered list under "Sources for this page" at the end, in a <details> closed on screen
    (open in print): each cited reference in short (first author, title, journal, year), its
    kind of evidence, and a link to its full entry on the Sources page (volume, pages, PMID,
    web addresses and our note). The page's JSON-LD does not repeat the list: readers and
    search engines read it on the page, and repeating it cost 0.4-0.8 KB gzip a page.
Why not pymdownx footnotes: they would need each reference's text written into every page,
a non-CommonMark syntax for ~500 citations, and give no short name for a screen reader.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .. import data as site_data
from ..data.pages import citations
from ..data.references import Reference, compact_html, entry_link
from ..project import Project, SiteError

HEADING = "Sources for this page"
HEADING_ID = "sources-for-this-page"
# Before the engine makes it relative the link is `sources.md#id`; allow the built forms too.
_SOURCE_LINK = re.compile(r"(?:^|/)sources(?:\.md|\.html|/)#(?P<id>[a-z0-9-]+)$")
_OPENING = re.compile(r"\s*\($")
_BETWEEN = re.compile(r";\s*")


def cited_id(element: etree.Element) -> str | None:
    """The reference id an <a> cites, or None."""
    if element.tag != "a":
        return None
    match = _SOURCE_LINK.search(element.get("href", ""))
    return match["id"] if match else None


class SourcesHeading(Preprocessor):
    """Adds the "Sources for this page" heading to a page that cites (its snippets included).
    It runs before pymdownx.snippets, so the heading ends the page's own text, before the
    auto-appended abbreviations."""

    def __init__(self, md, includes: Path):
        super().__init__(md)
        self.includes = includes

    def run(self, lines: list[str]) -> list[str]:
        if not citations("\n".join(lines), "page", self.includes):
            return lines
        return [*lines, "", f"## {HEADING} {{#{HEADING_ID}}}", ""]


class Citations(Treeprocessor):
    def __init__(self, md, references: dict[str, Reference]):
        super().__init__(md)
        self.references = references

    def run(self, root: etree.Element) -> None:
        order: dict[str, int] = {}
        for parent in list(root.iter()):
            index = 0
            while index < len(parent):
                if cited_id(parent[index]) is None:
                    index += 1
                    continue
                index = self._replace(parent, index, order)
        if order:
            self._list(root, order)

    def _cite(self, link: etree.Element, order: dict[str, int]) -> list[etree.Element]:
        """The numbered link (and a seller's claim) for one citation link."""
        ref_id = cited_id(link)
        ref = self.references.get(ref_id)
        if ref is None:
            raise SiteError(f"unknown reference '{ref_id}' cited (no entry with that id in "
                            "includes/references.yml)")
        number = order.setdefault(ref_id, len(order) + 1)
        label = "".join(link.itertext()).strip()
        cite = etree.Element("a", {"class": "cite", "href": f"#src-{ref_id}",
                                   "aria-label": f"Source {number}: {label}, "
                                                 f"{ref.kind_label.lower()}"})
        cite.text = str(number)
        out = [cite]
        if link.get("title"):
            claim = etree.Element("span", {"class": "cite-claim"})
            claim.text = f": {link.get('title')}"
            out.append(claim)
        return out

    def _replace(self, parent: etree.Element, index: int, order: dict[str, int]) -> int:
        """Replace the citation at parent[index] (and the group it opens); return the index
        after what was inserted."""
        last = index
        while (last + 1 < len(parent) and cited_id(parent[last + 1])
               and _BETWEEN.fullmatch(parent[last].tail or "")):
            last += 1
        before = parent.text if index == 0 else parent[index - 1].tail
        after = parent[last].tail or ""
        bracketed = bool(before and _OPENING.search(before) and after.startswith(")"))
        links = parent[index:last + 1] if bracketed else [parent[index]]
        # The number sits on the word it follows; <wbr> still lets a narrow cell break there.
        wbr = etree.Element("wbr")
        sup = etree.Element("sup", {"class": "cites"})
        sup.text = "["
        for number, link in enumerate(links):
            made = self._cite(link, order)
            sup.extend(made)
            made[-1].tail = ", " if number < len(links) - 1 else "]"
        if bracketed:
            _set_before(parent, index, _OPENING.sub("", before))
            sup.tail = after[1:]
            inserted = [wbr, sup]
        else:
            # A link that is part of the sentence keeps its words; its number follows them.
            link = links[0]
            sup.tail = link.tail
            _set_before(parent, index, (before or "") + (link.text or ""))
            inserted = [*link, wbr, sup]
        for link in links:
            parent.remove(link)
        for offset, element in enumerate(inserted):
            parent.insert(index + offset, element)
        return index + len(inserted)

    def _list(self, root: etree.Element, order: dict[str, int]) -> None:
        heading = next((h for h in root.iter("h2") if h.get("id") == HEADING_ID), None)
        if heading is None:
            raise SiteError(f"citations found but no '{HEADING}' heading to list them under")
        listing = etree.Element("ol", {"class": "page-sources"})
        listing.text = "\n"
        for ref_id in order:
            entry = etree.fromstring(f"<li>{compact_html(self.references[ref_id])}</li>")
            item = etree.SubElement(listing, "li", {"id": f"src-{ref_id}"})
            item.text = entry.text
            item.extend(entry)
            if len(item):
                item[-1].tail = (item[-1].tail or "") + " "
            else:
                item.text = (item.text or "") + " "
            more = etree.SubElement(item, "a", {"class": "ref-entry",
                                                "href": entry_link(self.references[ref_id])})
            more.text = "In all sources"
            item.tail = "\n"
        # Kept in the search index: a reader's "Regaine" or an author's name is found on the
        # pages through these entries, now that numbers replace the citations' words.
        # Closed on screen, so the page's core fits a phone; open in print (site.js), and a
        # citation's link or tip still reaches its entry.
        more = etree.Element("details", {"class": "page-sources-more"})
        summary = etree.SubElement(more, "summary")
        summary.text = f"Show the {len(order)} source{'s' if len(order) > 1 else ''}"
        summary.tail = "\n"
        more.append(listing)
        listing.tail = "\n"
        parent = next(p for p in root.iter() if heading in list(p))
        position = list(parent).index(heading)
        more.tail = "\n" + (heading.tail or "")
        heading.tail = "\n"
        parent.insert(position + 1, more)


def page_meta(md) -> dict | None:
    """The page's front matter, where an engine hands it to extensions (Zensical, through its
    rendering-context preprocessor, and reads it back for the templates); None in MkDocs."""
    for processor in md.preprocessors:
        meta = getattr(getattr(processor, "page", None), "meta", None)
        if isinstance(meta, dict):
            return meta
    return None


def _set_before(parent: etree.Element, index: int, text: str) -> None:
    if index == 0:
        parent.text = text
    else:
        parent[index - 1].tail = text


class CitationsExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"project": [".", "the folder holding mkdocs.yml and includes/"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        project = Project(Path(self.getConfig("project")).resolve())
        references = site_data.load(project).references
        md.preprocessors.register(SourcesHeading(md, project.includes),
                                  "thinning_hair_sources_heading", 33)
        md.treeprocessors.register(Citations(md, references), "thinning_hair_citations", 6.5)


def makeExtension(**kwargs):
    return CitationsExtension(**kwargs)
