"""Checks of what authors write: one message per mistake, naming the file and line.

Of the Markdown, without an engine (`thinning-hair check`, and the plugin before each page):
  - front matter present, valid YAML, real dates, with title, description, reviewed, review_due;
  - every `--8<-- "path"` names a file in includes/; every file is UTF-8;
  - every citation names a reference, and a commercial one says whose claim it is.
Of the HTML a page becomes (the plugin, on each page's content with its snippets):
  - no <script>, <style>, on…=, style= or javascript: (the Content-Security-Policy allows none);
  - no http:// link or image, and nothing loaded from another host.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from .data import SiteData
from .data import pages

_SOURCES_LINK = re.compile(r"(?:^|/)sources(?:/|\.html|\.md)#(.+)$")
_EMBEDS = {"img", "iframe", "video", "audio", "source", "object", "embed", "script", "track"}


def markdown_problems(raw: str, name: str, data: SiteData) -> list[str]:
    """Every problem in one page's Markdown (its snippets included): front matter, snippets,
    citations. Empty when the page is fine."""
    try:
        pages.front_matter(raw, name)
    except pages.CheckError as error:
        return [str(error)]
    includes = data.project.includes
    problems = pages.snippet_problems(raw, name, includes)
    if problems:
        return problems
    found = pages.citations(raw, name, includes)
    kinds = {ref_id: ref.kind for ref_id, ref in data.references.items()}
    return list(dict.fromkeys(pages.citation_problems(found, kinds)))


def all_problems(data: SiteData) -> list[str]:
    """Every problem in every page under docs/, each page read once; then each number a
    figure's data file says a page restates (`restated_in`) that the page does not state."""
    from .generate.figures import restatement_problems

    out = []
    for path in sorted(data.project.docs.rglob("*.md")):
        name = data.project.relative(path)
        try:
            raw = pages.read_page(path, name)
        except pages.CheckError as error:
            out.append(str(error))
            continue
        out += markdown_problems(raw, name, data)
    out += restatement_problems(data)
    return out


def html_problems(html: str, raw: str, name: str, data: SiteData) -> list[str]:
    """What a page's HTML may not hold, each located in its Markdown (or a snippet)."""
    scanner = _Scanner(set(data.references))
    scanner.feed(html)
    scanner.close()
    return list(dict.fromkeys(
        f"{pages.locate(raw, name, pattern, data.project.includes)}: {problem}"
        for problem, pattern in scanner.found))


class _Scanner(HTMLParser):
    """Collects (problem, regex locating it in the Markdown) for the page's HTML."""

    def __init__(self, refs: set[str]):
        super().__init__(convert_charrefs=True)
        self.refs, self.found = refs, []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.found.append((f"raw <{tag}> in the page: the site's Content-Security-Policy "
                               f"blocks it, and pages may not carry their own {tag}s",
                               rf"<{tag}\b"))
        for attr, value in attrs:
            value = value or ""
            if attr.startswith("on"):
                self.found.append((f"event attribute {attr}= on <{tag}>: pages may not run "
                                   "scripts (Content-Security-Policy)", rf"\b{attr}\s*="))
            elif attr == "style" and tag in ("td", "th") and "text-align" in value:
                self.found.append(("a table column aligned with colons (:---:) writes "
                                   "style=\"text-align: …\", which the Content-Security-Policy "
                                   "blocks: remove the colons", r"^\s*\|?[\s:|-]*(:-|-:)[\s:|-]*$"))
            elif attr == "style":
                self.found.append((f'style="{value}" on <{tag}>: the Content-Security-Policy '
                                   "blocks inline styles; use a class styled in "
                                   "docs/assets/stylesheets/", r"\bstyle\s*="))
            elif attr in ("href", "src") and value.strip().lower().startswith("javascript:"):
                self.found.append((f"{attr}=\"javascript:…\" on <{tag}>: pages may not run "
                                   "scripts (Content-Security-Policy)", r"javascript:"))
            elif attr in ("href", "src") and value.startswith("http://"):
                self.found.append((f"{value} is plain http: write https:// (readers' privacy; "
                                   "browsers warn or block)", re.escape(value)))
            elif (attr == "src" and tag in _EMBEDS
                  and value.startswith(("https://", "//"))):
                self.found.append((f"<{tag}> loads {value} from another host: save the file "
                                   "under docs/assets/ (the offline edition has no network, "
                                   "and readers' visits must not be reported elsewhere)",
                                   re.escape(value)))
            elif attr == "href" and tag == "a":
                match = _SOURCES_LINK.search(value)
                if match and match.group(1) not in self.refs:
                    self.found.append((f"unknown reference '{match.group(1)}' cited (no "
                                       "entry with that id in includes/references.yml)",
                                       rf"sources\.md#{re.escape(match.group(1))}\b"))


def overdue_notice(html: str, due: date) -> str:
    """A warning box right after the page's <h1> (or at the top)."""
    when = escape(due.strftime("%-d %B %Y"))
    box = ('<div class="admonition warning review-overdue">'
           '<p class="admonition-title">Review overdue</p>'
           f"<p>This page was due to be reviewed by {when}. Some of it may be out of date: "
           "check with a pharmacist or doctor before you rely on it.</p></div>\n")
    end = html.find("</h1>")
    if end < 0:
        return box + html
    end += len("</h1>")
    return html[:end] + "\n" + box + html[end:]
