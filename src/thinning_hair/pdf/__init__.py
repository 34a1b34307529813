"""The print edition: one PDF of the whole site, made by WeasyPrint from the offline edition's
HTML (relative links, one .html file per page), with no network and no browser.

  pages     mkdocs.yml's nav, in order (data layer), the glossary moved to the back
  compose   one HTML document: a cover, a contents list, then each page's <article> with its
            ids prefixed by the page's name ("finasteride--pregnancy") and its links rewritten:
            to another page -> that page's anchor in the PDF; to a page or file not in the PDF
            -> the published site; within the page -> the prefixed id
  render    WeasyPrint with print.css (beside this file), the site's own figures.css and
            references.css (their print colours), and Atkinson Hyperlegible (OFL) from npm,
            so the output is the same on every machine. Tagged (PDF/UA-1), with a title and
            language; its dates are the newest review date, so the same sources give the same
            bytes.
"""

from __future__ import annotations

import logging
import posixpath
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from ..data import SiteData
from ..data.pages import front_matter, read_page
from ..project import SiteError

log = logging.getLogger("thinning_hair.pdf")

STYLESHEET = Path(__file__).with_name("print.css")
# The site's own stylesheets whose @media print rules the PDF uses as they are.
SITE_STYLESHEETS = ("assets/stylesheets/figures.css", "assets/stylesheets/references.css")
# The font, from the npm package pinned in package.json (SIL Open Font License 1.1).
FONT_PACKAGE = "@fontsource/atkinson-hyperlegible"
FONT_NAME = "Atkinson Hyperlegible"
# The page generate/glossary_page.py writes; readers look words up at the back of a booklet.
BACK_PAGES = ("glossary.md",)
LANGUAGE = "en-GB"
KEY_SYMBOL = "Symbol from the picture's key"  # alternative text of a key's swatch
SEPARATOR = "--"  # page name + SEPARATOR + the id it had on its own page
# Attributes whose value is a list of ids in the same document.
ID_LIST_ATTRIBUTES = ("headers", "for", "aria-labelledby", "aria-describedby", "aria-controls",
                      "aria-owns", "aria-details", "list")
# What a reader cannot use on paper or in a PDF: chrome, buttons, the permalink marks.
DROP_CLASSES = ("headerlink", "offline-download", "md-content__button", "md-source-file")
DROP_TAGS = ("script", "style", "form", "button", "input", "noscript", "template")


class PdfError(SiteError):
    """The print edition could not be made; the message names the page or file."""


@dataclass(frozen=True)
class Page:
    source: str    # "finasteride.md", as in nav
    anchor: str    # "finasteride": its id in the PDF, and the prefix of its ids
    title: str
    reviewed: date
    review_due: date
    article: etree._Element


# ---- pure functions (tests/unit/test_pdf_parts.py) ---------------------------------------

def nav_pages(nav) -> list[str]:
    """Every Markdown page of mkdocs.yml's nav, in reading order (sections flattened)."""
    found: list[str] = []

    def walk(items):
        for item in items or []:
            target = item
            if isinstance(item, dict):
                for target in item.values():
                    walk(target) if isinstance(target, list) else visit(target)
                continue
            visit(target)

    def visit(target):
        if isinstance(target, str) and target.endswith(".md") and not urlsplit(target).scheme \
                and target not in found:
            found.append(target)

    walk(nav)
    return found


def page_order(pages: list[str], back: tuple[str, ...] = BACK_PAGES) -> list[str]:
    """nav's order, with the pages named in `back` moved to the end (in nav's order)."""
    return [p for p in pages if p not in back] + [p for p in pages if p in back]


def html_file(source: str) -> str:
    """The offline edition's file for a page: finasteride.md -> finasteride.html."""
    return posixpath.splitext(source)[0] + ".html"


def anchor_for(source: str) -> str:
    """A page's id in the PDF: its path without .md, folders joined by "-"."""
    return posixpath.splitext(source)[0].replace("/", "-")


def prefixed(anchor: str, fragment: str) -> str:
    """An id of page `anchor` as it is in the PDF; the page's own anchor for no fragment."""
    return f"{anchor}{SEPARATOR}{fragment}" if fragment else anchor


def published_url(path: str, site_url: str) -> str:
    """Where the published edition serves an offline-edition file: about.html -> about/
    (directory URLs), index.html -> the site's root, anything else as it is."""
    if path.endswith(".html"):
        stem = path[:-len(".html")]
        if stem == "index" or stem.endswith("/index"):
            path = stem[:-len("index")]
        else:
            path = stem + "/"
    return site_url.rstrip("/") + "/" + path if site_url else path


def rewrite_href(href: str, current: str, anchors: dict[str, str], site_url: str) -> str:
    """A link of the offline edition's page `current` (an .html path) as the PDF needs it:
    within the page or to a page in the PDF -> "#" + the prefixed id; to anything else of the
    site -> its published address; an address elsewhere (https:, mailto:) as it is.
    `anchors` maps each page's .html path to its anchor."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return href
    if not parts.path:
        return "#" + prefixed(anchors[current], parts.fragment) if parts.fragment else href
    target = posixpath.normpath(posixpath.join(posixpath.dirname(current), parts.path))
    if target in anchors:
        return "#" + prefixed(anchors[target], parts.fragment)
    url = published_url(target, site_url)
    return url + ("#" + parts.fragment if parts.fragment else "")


def prefix_ids(root: etree._Element, anchor: str) -> None:
    """Give every id under `root`, and every reference to one (href="#x", headers, for,
    aria-*, url(#x) in SVG), the page's prefix, so that ids stay unique in one document."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name == "id":
                element.set(name, prefixed(anchor, value))
            elif name in ID_LIST_ATTRIBUTES:
                element.set(name, " ".join(prefixed(anchor, v) for v in value.split()))
            elif name.endswith("href") and value.startswith("#") and element.tag != "a":
                element.set(name, "#" + prefixed(anchor, value[1:]))  # SVG <use>
            elif "url(#" in value:
                element.set(name, _prefix_urls(value, anchor))


def _prefix_urls(value: str, anchor: str) -> str:
    """clip-path="url(#clip)" -> url(#page--clip), for each url(#...) in an attribute."""
    out, rest = [], value
    while "url(#" in rest:
        before, rest = rest.split("url(#", 1)
        out.append(before + "url(#" + anchor + SEPARATOR)
    return "".join(out) + rest


def strip_chrome(root: etree._Element) -> None:
    """Remove what only works on screen, and open every <details> (paper cannot click)."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        classes = (element.get("class") or "").split()
        if element.tag in DROP_TAGS or any(c in classes for c in DROP_CLASSES):
            _remove(element)
        elif element.tag == "details":
            element.set("open", "")


def _remove(element: etree._Element) -> None:
    """Drop an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def svg_stylesheet(figures_css: str, print_css: str) -> str:
    """figures.css's rules for what is inside the pictures, as WeasyPrint's SVG renderer
    needs them: it reads a <style> inside the <svg>, but neither @media nor var(). So its
    @media print rules come last, each var(--x) is replaced by its print value (figures.css's
    print block for --fig-*, print.css's :root for Material's), and the text gets the
    embedded font. Rules about the page around the picture (.md-typeset ...) are left out."""
    import tinycss2

    def rules(css):
        return tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)

    def declarations(rule):
        return [d for d in tinycss2.parse_declaration_list(rule.content, skip_comments=True,
                                                            skip_whitespace=True)
                if d.type == "declaration"]

    screen, printed, variables = [], [], {}
    for rule in rules(print_css):
        if rule.type == "qualified-rule" and tinycss2.serialize(rule.prelude).strip() == ":root":
            variables.update({d.name: tinycss2.serialize(d.value).strip()
                              for d in declarations(rule)})
    for rule in rules(figures_css):
        if rule.type == "qualified-rule":
            screen.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword == "media" \
                and "print" in tinycss2.serialize(rule.prelude):
            printed += [r for r in tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                            skip_whitespace=True)
                        if r.type == "qualified-rule"]
    for rule in printed:
        variables.update({d.name: tinycss2.serialize(d.value).strip()
                          for d in declarations(rule) if d.name.startswith("--")})

    def value(tokens):
        out = []
        for token in tokens:
            if token.type == "function" and token.lower_name == "var":
                name = tinycss2.serialize(token.arguments).split(",")[0].strip()
                out.append(variables.get(name, "currentColor"))
            else:
                out.append(tinycss2.serialize([token]))
        return "".join(out).strip()

    out = []
    for rule in screen + printed:
        selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
        selectors = [s for s in selectors if not s.startswith((".md-typeset", "[data-md"))]
        body = "; ".join(f"{d.name}: {value(d.value)}" for d in declarations(rule)
                         if not d.name.startswith("--"))
        if selectors and body:
            out.append(f"{', '.join(selectors)} {{ {body} }}")
    out.append(f'.fig__svg text {{ font-family: "{FONT_NAME}" }}')
    return "\n".join(out)


def prepare_pictures(root: etree._Element, stylesheet: str) -> None:
    """Put `stylesheet` (svg_stylesheet) first inside each inline SVG, and its accessible
    name in a <title>: a tagged PDF's figure takes its alternative text from there (WeasyPrint
    reads no aria-label). A key's swatch, hidden from screen readers beside the words it
    stands for, is named as what it is."""
    for svg in root.iter("svg"):
        style = etree.Element("style")
        style.text = stylesheet
        svg.insert(0, style)
        if svg.find("title") is None:
            title = etree.Element("title")
            title.text = svg.get("aria-label") or KEY_SYMBOL
            svg.insert(0, title)


# ---- reading the built pages ------------------------------------------------------------

def read_pages(data: SiteData, site: Path, site_url: str) -> list[Page]:
    """Each page of the PDF, in order, its article ready to be placed in one document."""
    order = page_order(nav_pages(data.config.get("nav")))
    if not order:
        raise PdfError("mkdocs.yml: nav lists no page, so the print edition would be empty")
    anchors = {html_file(source): anchor_for(source) for source in order}
    pictures = svg_stylesheet(
        (data.project.docs / "assets/stylesheets/figures.css").read_text(encoding="utf-8"),
        STYLESHEET.read_text(encoding="utf-8"))
    pages = []
    for source in order:
        path = site / html_file(source)
        if not path.is_file():
            raise PdfError(f"{path}: the offline edition has no file for nav's page {source}")
        meta = front_matter(read_page(data.project.docs / source, f"docs/{source}"),
                            f"docs/{source}")
        article = lxml.html.parse(str(path)).find(".//article")
        if article is None:
            raise PdfError(f"{path}: no <article> element (the theme's page layout changed?)")
        strip_chrome(article)
        for link in article.iter("a"):
            if link.get("href") is not None:
                link.set("href", rewrite_href(link.get("href"), html_file(source), anchors,
                                              site_url))
        prefix_ids(article, anchor_for(source))
        prepare_pictures(article, pictures)
        heading = article.find(".//h1")
        title = heading.text_content().strip() if heading is not None else meta["title"]
        pages.append(Page(source, anchor_for(source), title, meta["reviewed"],
                          meta["review_due"], article))
    return pages


# ---- the document -----------------------------------------------------------------------

def _element(tag: str, attrs: dict | None = None, text: str | None = None, *children):
    element = etree.Element(tag, attrs or {})
    element.text = text
    element.extend(children)
    return element


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def compose(pages: list[Page], *, site_name: str, description: str, author: str,
            site_url: str) -> etree._Element:
    """The print edition as one HTML document: cover, contents, then every page."""
    newest = max(page.reviewed for page in pages)
    head = _element("head", None, None,
                    _element("meta", {"charset": "utf-8"}),
                    _element("title", None, site_name),
                    _element("meta", {"name": "description", "content": description}),
                    _element("meta", {"name": "author", "content": author}),
                    # The PDF's dates: the newest review, not the clock (the same bytes again).
                    _element("meta", {"name": "dcterms.created", "content": newest.isoformat()}),
                    _element("meta", {"name": "dcterms.modified", "content": newest.isoformat()}))
    cover = _element(
        "section", {"class": "cover", "id": "print-cover"}, None,
        _element("p", {"class": "cover__kind"}, "Print edition"),
        _element("p", {"class": "cover__title"}, site_name),
        _element("p", {"class": "cover__lead"}, description),
        _element("p", {"class": "cover__notice"}, "Information, not medical advice. Talk to a "
                 "GP, pharmacist or dermatologist before you decide."),
        _element("p", {"class": "cover__date"}, "Pages reviewed up to ",
                 _element("time", {"datetime": newest.isoformat()}, long_date(newest))),
        _element("p", {"class": "cover__where"}, "The latest version is on the web at ",
                 _element("a", {"href": site_url}, site_url)) if site_url else
        _element("p", {"class": "cover__where"}))
    items = [_element("li", None, None, _element("a", {"href": "#" + page.anchor}, page.title))
             for page in pages]
    contents = _element("nav", {"class": "contents", "id": "print-contents",
                                "aria-labelledby": "print-contents-title"}, None,
                        _element("h2", {"id": "print-contents-title"}, "Contents"),
                        _element("ol", None, None, *items))
    body = _element("body", {"class": "md-typeset"}, None, cover, contents)
    for page in pages:
        section = _element("section", {"class": "page", "id": page.anchor})
        page.article.tag = "div"
        page.article.attrib.clear()
        page.article.set("class", "page__body")
        section.append(page.article)
        body.append(section)
    return _element("html", {"lang": LANGUAGE}, None, head, body)


# ---- rendering --------------------------------------------------------------------------

def font_faces(node_modules: Path) -> str:
    """@font-face rules for the pinned font's files (latin and latin-ext, regular and bold,
    upright and italic); PdfError if the package is missing."""
    folder = node_modules / FONT_PACKAGE / "files"
    rules = []
    for subset in ("latin", "latin-ext"):
        for weight in (400, 700):
            for style in ("normal", "italic"):
                path = folder / f"atkinson-hyperlegible-{subset}-{weight}-{style}.woff2"
                if not path.is_file():
                    raise PdfError(f"{path} is missing: run `make build` (it runs `npm ci`, "
                                   f"which installs {FONT_PACKAGE}, pinned in package.json)")
                rules.append(f'@font-face {{ font-family: "{FONT_NAME}"; src: url("'
                             f'{path.as_uri()}"); font-weight: {weight}; font-style: {style}; }}')
    return "\n".join(rules)


def _url_fetcher():
    """Files only: the PDF is made from what is on disk, never from the network."""
    from weasyprint import URLFetcher
    from weasyprint.urls import FatalURLFetchingError

    class LocalFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if urlsplit(url).scheme not in ("file", "data"):
                raise FatalURLFetchingError(f"the print edition fetches nothing from the "
                                            f"network, but the page asked for {url}")
            return super().fetch(url, headers)

    return LocalFiles(allowed_protocols={"file", "data"})


def render(document: etree._Element, target: Path, *, base: Path, project_docs: Path,
           node_modules: Path) -> None:
    """Write `document` as a tagged PDF/UA-1 file at `target`."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)  # its notes on unsupported CSS
    fetcher = _url_fetcher()
    fonts = FontConfiguration()  # @font-face rules count only through one of these
    source = lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")
    stylesheets = [CSS(string=font_faces(node_modules), url_fetcher=fetcher, font_config=fonts)]
    stylesheets += [CSS(filename=str(project_docs / name), url_fetcher=fetcher,
                        font_config=fonts) for name in SITE_STYLESHEETS]
    stylesheets.append(CSS(filename=str(STYLESHEET), url_fetcher=fetcher, font_config=fonts))
    target.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=source, base_url=base.as_uri() + "/", url_fetcher=fetcher).write_pdf(
        target, stylesheets=stylesheets, font_config=fonts, pdf_variant="pdf/ua-1",
        pdf_identifier=True)


def build(data: SiteData, site: Path, target: Path, *, site_url: str) -> int:
    """The print edition of the offline edition in `site`, written to `target`; its pages."""
    project = data.project
    pages = read_pages(data, site, site_url)
    config = data.config
    document = compose(pages, site_name=config["site_name"],
                       description=" ".join(str(config.get("site_description", "")).split()),
                       author=str(config.get("site_author", "")), site_url=site_url)
    render(document, target, base=site.resolve(), project_docs=project.docs,
           node_modules=project.node_modules)
    return len(pages)


def size_label(size: int) -> str:
    """A file's size as a reader reads it: 850 KB, 1.4 MB (1 KB = 1024 bytes); from 1000 KB
    in MB, never "1024 KB"."""
    if round(size / 1024) < 1000:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


# ---- the published home page's link -----------------------------------------------------

DOWNLOAD_BOX = "offline-download"  # overrides/partials/offline-download.html


def home_page_link(text: str, href: str, size: int) -> str:
    """The home page's HTML with a link to the PDF, with its size, in a box of its own right
    after the offline edition's download box (which the theme renders under "Can you read
    this site offline?"). The size is known only once the PDF is made, after the engine, so
    the link is added here, not by a template. Only start tags are read (html/tags.py);
    every other byte stays as it was."""
    from html import escape

    from ..html.tags import splice, tags

    found = tags(text)
    box = next((i for i, t in enumerate(found) if t.name == "div" and t.has_class(DOWNLOAD_BOX)),
               None)
    if box is None:
        raise PdfError(f"the home page has no <div class=\"{DOWNLOAD_BOX}\"> to link the print "
                       "edition from (overrides/partials/offline-download.html)")
    depth = len(found[box].inside)
    after = next((t.start for t in found[box + 1:] if len(t.inside) <= depth), None)
    if after is None:
        raise PdfError("the home page's download box is its last element: nowhere to put the "
                       "print edition's link after it")
    link = (f'<div class="{DOWNLOAD_BOX} print-download">\n  <p><a class="md-button md-button--primary" '
            f'href="{escape(href)}" download>Download the print edition (PDF, '
            f'{size_label(size)})</a></p>\n</div>\n')
    return splice(text, [(after, after, link)])


def link_from_home_page(home: Path, href: str, size: int) -> None:
    """Add the PDF's link to the published home page (index.html, `href` relative to it)."""
    home.write_text(home_page_link(home.read_text(encoding="utf-8"), href, size),
                    encoding="utf-8")
