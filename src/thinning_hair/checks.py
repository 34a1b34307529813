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

import functools
import re
from datetime import date
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from .data import SiteData
from .data import pages
from .html.tags import VOID
from .project import read_utf8

# A link to an entry on either Sources page (data/references.py SOURCES_PAGES), as built.
_SOURCES_LINK = re.compile(r"(?:^|/)sources(?:-official)?(?:/|\.html|\.md)#(.+)$")
# Authors cite sources.md#id only; the build routes it to the page the entry is on.
_OFFICIAL_CITATION = re.compile(r"\]\(sources-official\.md#([a-z0-9-]+)")
# Every attribute with which an element makes the browser fetch something as the page loads
# (a link's href only when it is a <link>: <a href> waits for a click).
_LOADING = {"src", "srcset", "data", "poster", "background", "xlink:href", "formaction",
            "action", "manifest", "ping", "imagesrcset"}
# Material's admonition types and their aliases (the CSS draws no others).
BOX_TYPES = {"note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
             "success", "check", "done", "question", "help", "faq", "warning", "caution",
             "attention", "failure", "fail", "missing", "danger", "error", "bug", "example",
             "quote", "cite"}
_BOX = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+([\w-]+)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_EMPTY_CITATION = re.compile(r"\[\s*\]\((?:\.\./)*sources(?:\.md|/)#")
# HTML blocks that hold Markdown: one left open swallows the rest of the page.
_BLOCK_TAG = re.compile(r"<(/?)(details|div|figure|section|aside)\b[^>]*>")
# A pipe table's header with no `| --- |` line under it is printed as text.
_PIPE_ROW = re.compile(r"\s*\|[^|\n]*\|")
# Markdown or tags that reached the reader as text: Markdown inside an HTML block without
# `markdown`, or a tag written with a typo.
_LITERAL = re.compile(r"\*\*\S|\S\*\*|\]\(|!!! |\?\?\? |--8<--|\{#[\w-]+\}|</?[a-z][a-z0-9]*[\s>/]")


def _loads(tag: str, attr: str) -> bool:
    return attr in _LOADING or (attr == "href" and tag in ("link", "use", "image"))


def _urls(attr: str, value: str) -> list[str]:
    if attr.endswith("srcset"):
        return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


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
    problems = pages.citation_problems(found, kinds)
    in_code = False
    blocks: list[tuple[str, str]] = []  # HTML blocks open: (tag, where it opened)
    for where, line in pages.page_lines(raw, name, includes):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code:
            continue
        if _HEADING.match(line) and pages.CITATION.search(line):
            problems.append(f"{where}: a citation in a heading would show in the contents as "
                            "its words: cite in the first sentence under the heading instead")
        if _EMPTY_CITATION.search(line):
            problems.append(f"{where}: a citation with no words in its [ ]: write the source's "
                            "name, e.g. [Kanti 2018](sources.md#kanti-2018); readers hear it")
        for tag in _BLOCK_TAG.finditer(line):
            if not tag.group(1):
                blocks.append((tag.group(2), where))
            elif blocks and blocks[-1][0] == tag.group(2):
                blocks.pop()
            else:
                problems.append(f"{where}: </{tag.group(2)}> closes nothing"
                                + (f" (the open block is <{blocks[-1][0]}> from {blocks[-1][1]})"
                                   if blocks else "") + ": check the block's tags")
        for match in _OFFICIAL_CITATION.finditer(line):
            problems.append(f"{where}: cite '{match.group(1)}' as [Label](sources.md#"
                            f"{match.group(1)}): every citation is written to sources.md, and "
                            "the build links it to whichever Sources page lists the entry")
        box = _BOX.match(line)
        if box and "sources.md#" in line:
            problems.append(f"{where}: a citation in a box's title is shown as plain text: cite "
                            "in the box's first sentence instead")
        if box and box.group(1) not in BOX_TYPES:
            problems.append(f"{where}: `{box.group(1)}` is not a box type, so the box would be "
                            f"drawn as a plain note: use one of {', '.join(sorted(BOX_TYPES))} "
                            "(a safety warning is `danger` or `warning`)")
    for tag, where in blocks:
        problems.append(f"{where}: <{tag}> is never closed, so the rest of the page would be "
                        f"inside it: add </{tag}> where the block ends")
    return list(dict.fromkeys(problems))


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
    out += config_problems(data)
    return out


_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])((?:https?:)?//[^"')\s]+)""")


def config_problems(data: SiteData) -> list[str]:
    """mkdocs.yml and our stylesheets: nothing loaded from another host (the offline edition
    has no network, and the policy would block it silently), and no theme feature Material
    does not know (it ignores a misspelt one)."""
    out = []
    config = data.config
    for key in ("extra_css", "extra_javascript"):
        for item in config.get(key) or []:
            address = item.get("path", "") if isinstance(item, dict) else str(item)
            if address.startswith(("http:", "https:", "//")):
                out.append(f"mkdocs.yml: `{key}` loads {address} from another host: save the "
                           "file under docs/assets/ and list that path")
    for sheet in sorted(data.project.docs.rglob("*.css")):
        for number, line in enumerate(read_utf8(sheet).splitlines(), 1):
            for address in _CSS_URL.findall(line):
                out.append(f"{data.project.relative(sheet)}:{number}: loads {address} from "
                           "another host: save the file under docs/assets/ and use its path")
    known = material_features()
    for feature in (config.get("theme") or {}).get("features") or []:
        if known and feature not in known:
            out.append(f"mkdocs.yml: theme feature `{feature}` is not one Material knows, so "
                       "it would be ignored: check its spelling in Material's documentation")
    return out


@functools.lru_cache(maxsize=1)
def material_features() -> frozenset[str]:
    """Every quoted dotted name in the installed Material's templates and bundle: the feature
    names it tests for. Empty when Material is not installed (another engine)."""
    try:
        import material
    except ImportError:
        return frozenset()
    theme = Path(material.__file__).parent / "templates"
    names = set()
    for path in [*theme.rglob("*.html"), *theme.glob("assets/javascripts/bundle.*.js")]:
        names.update(re.findall(r"""["']([a-z]+(?:\.[a-z]+)+)["']""",
                                path.read_text(encoding="utf-8")))
    return frozenset(names)


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
        self.open: list[tuple[str, str]] = []   # (tag, class) of the open elements
        self.box: dict | None = None            # the admonition being read: title, body seen

    def handle_endtag(self, tag):
        while self.open:
            name, cls = self.open.pop()
            if cls == "admonition" and self.box is not None:
                if not self.box["body"]:
                    title = self.box["title"].strip()
                    self.found.append((f"the box \"{title}\" has a title and nothing in it: "
                                       "indent its text by four spaces under the `!!!` line",
                                       re.escape(title) if title else r"^\s*(!!!|\?\?\?)"))
                self.box = None
            if name == tag:
                break

    def handle_data(self, data):
        inside = {name for name, _ in self.open}
        classes = " ".join(cls for _, cls in self.open).split()
        if self.box is not None and data.strip():
            if "admonition-title" in classes or "summary" in inside:
                self.box["title"] += data
            else:
                self.box["body"] = True
        if inside & {"code", "pre", "script", "style"}:
            return
        if "p" in inside and _PIPE_ROW.match(data):
            row = data.strip().splitlines()[0]
            self.found.append((f"\"{row[:60]}\" is printed as text, not a table: put a "
                               "`| --- | --- |` line under the header row, with a blank line "
                               "before the table", re.escape(row[:30])))
            return
        literal = _LITERAL.search(data)
        if literal:
            text = literal.group(0).strip()
            self.found.append((f"\"{data.strip()[:60]}\" reaches the reader with its Markdown "
                               f"or tag ({text!r}) as text: inside an HTML block, add "
                               "`markdown` to the block's opening tag, or fix the tag",
                               re.escape(data.strip()[:30])))

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        is_box = (tag == "div" and "admonition" in cls.split()) or tag == "details"
        if tag not in VOID:
            self.open.append((tag, "admonition" if is_box else cls))
        if is_box:
            self.box = {"title": "", "body": False}
        if "markdown" in dict(attrs):
            self.found.append((f"<{tag} markdown> reached the page unprocessed, so the Markdown "
                               "inside it shows as text or the layout breaks: an HTML block "
                               "(a figure, a div) indented inside a `???`/`!!!` box or a list "
                               "is not read as HTML; start it at the beginning of a line, e.g. "
                               "use <details class=\"info\" markdown> instead of `???` around it",
                               rf"<{tag}\b[^>]*\bmarkdown|--8<--"))
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
            elif (_loads(tag, attr) and any(url.startswith(("https://", "//"))
                                            for url in _urls(attr, value))):
                self.found.append((f"<{tag}> loads {value} from another host: save the file "
                                   "under docs/assets/ (the offline edition has no network, "
                                   "and readers' visits must not be reported elsewhere)",
                                   re.escape(value)))
            elif attr == "href" and tag == "a":
                match = _SOURCES_LINK.search(value)
                if not match:
                    continue
                ref_id = match.group(1)
                # Where the author wrote it: the Markdown line that links to this entry.
                written = rf"sources(?:-official)?\.md#{re.escape(ref_id)}\b"
                if not set(cls.split()) & {"cite", "ref-entry"} and ref_id in self.refs:
                    self.found.append((f"a link to the source '{ref_id}' was not made "
                                       "a numbered citation: write it as plain Markdown, "
                                       f"[Label](sources.md#{ref_id}), not in raw HTML "
                                       "or a heading", written))
                elif ref_id not in self.refs:
                    self.found.append((f"unknown reference '{ref_id}' cited (no "
                                       "entry with that id in includes/references.yml)", written))


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
