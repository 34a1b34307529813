"""The Atom feed of change notes (feed.xml, RFC 4287), written into each edition after the
engine (html/postbuild.py), since the two editions' links differ:
  - published: absolute links from site_url (a feed reader fetches feed.xml on its own);
  - offline: no absolute link at all, only links relative to feed.xml in the unzipped folder.
Built with ElementTree from includes/changes.yml alone, so the same notes give the same bytes:
`updated` is the newest note's date, never the time of the build. Ids are `urn:uuid:` names
made from each note's id, the same in both editions and whatever site_url is.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as etree
from datetime import date
from pathlib import Path

from ..data import SiteData
from ..data.changes import Change, long_date
from .updates_page import PAGE as UPDATES_PAGE, anchor

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
# The day the list of changes began: the feed's `updated` when it has no entries.
FIRST_DAY = date(2026, 12, 6)
_NAMES = uuid.NAMESPACE_URL
_FEED_NAME = "thinning-hair-evidence:changes"


def _tag(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _add(parent: etree.Element, name: str, text: str | None = None, **attrs) -> etree.Element:
    element = etree.SubElement(parent, _tag(name), {k: v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def page_url(page: str, site_url: str | None) -> str:
    """A docs/ page's address: absolute under site_url (folder URLs), else relative to the
    feed at the top of the offline folder (file names, as the offline edition has them)."""
    stem = page[:-len(".md")]
    if site_url is None:
        return f"{stem}.html"
    base = site_url if site_url.endswith("/") else site_url + "/"
    if stem == "index":
        return base
    if stem.endswith("/index"):
        return base + stem[:-len("index")]
    return f"{base}{stem}/"


def entry_title(change: Change) -> str:
    """The first sentence of `what`, marked when it corrects an error."""
    return ("Correction: " if change.correction else "") + change.headline.rstrip(".")


def render_feed(data: SiteData, site_url: str | None) -> bytes:
    """feed.xml for the published edition (site_url given) or the offline one (None)."""
    titles = data.nav_titles()
    config = data.config
    feed = etree.Element(_tag("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": "en-GB"})
    _add(feed, "id", uuid.uuid5(_NAMES, _FEED_NAME).urn)
    _add(feed, "title", f"{config.get('site_name', 'Thinning hair')} – updates")
    _add(feed, "subtitle", "What changed on each page of the site, and why, newest first.")
    newest = max((change.date for change in data.changes), default=FIRST_DAY)
    _add(feed, "updated", _stamp(newest))
    author = _add(feed, "author")
    _add(author, "name", config.get("site_author") or config.get("site_name", "The editors"))
    _add(feed, "link", rel="self", type="application/atom+xml",
         href=(site_url.rstrip("/") + "/" + FEED_FILE) if site_url else FEED_FILE)
    updates = page_url(UPDATES_PAGE, site_url)
    _add(feed, "link", rel="alternate", type="text/html", href=updates)
    for change in data.changes:  # newest first, as in includes/changes.yml
        entry = _add(feed, "entry")
        _add(entry, "id", uuid.uuid5(_NAMES, f"{_FEED_NAME}:{change.id}").urn)
        _add(entry, "title", entry_title(change))
        _add(entry, "updated", _stamp(change.date))
        _add(entry, "published", _stamp(change.date))
        _add(entry, "link", rel="alternate", type="text/html", href=f"{updates}#{anchor(change)}")
        for page in change.pages:
            _add(entry, "link", rel="related", type="text/html", href=page_url(page, site_url),
                 title=titles.get(page, page))
        if change.correction:
            _add(entry, "category", term="correction", label="Corrects an error")
        pages = ", ".join(titles.get(page, page) for page in change.pages)
        kind = "Correction. " if change.correction else ""
        _add(entry, "content", f"{long_date(change.date)}. {kind}{change.what}\n\nWhy: "
                               f"{change.why}\n\nPages: {pages}.", type="text")
    etree.register_namespace("", ATOM)
    etree.indent(feed)
    return etree.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write(site: Path, data: SiteData, site_url: str | None) -> Path:
    """Write feed.xml at the top of the built edition `site`; return its path."""
    target = site / FEED_FILE
    target.write_bytes(render_feed(data, site_url))
    return target
