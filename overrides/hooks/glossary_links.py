"""Build hook: which uses of a glossary term carry its tip, and how each is reached.

The abbr extension wraps every use of a defined term in <abbr title="…">. A reader needs the
definition where a term matters, not on each of its 192 uses on a page, and every tip is a
tab stop, so on each page this hook keeps the <abbr> on the first use of a term in each h2
section only (a reader who jumps to a section from the contents or a search result meets
the term there first), and writes the other uses as plain text. Of the uses kept,
  - the page's first becomes <abbr title><a class="glossary-link" href="…/glossary/#term">…
    </a></abbr> (a link to the full entry, and focusable),
  - the first in each later section gets tabindex="0", so it can be focused too.
The tip itself is drawn by docs/assets/javascripts/site.js from the title, on hover,
keyboard focus and tap (a tap on a linked term shows the tip; a second tap follows the link).
Terms inside a link are left alone: a link inside a link is invalid HTML, and the outer
link is already focusable. Terms in a heading (h1-h6) lose their <abbr>: a tooltip or link
there gets in the way of the title, so a term's first linked use is in the text. The
glossary page itself gets no self-links.

The terms come from includes/glossary.yml through scripts/glossary.py's load(), which
raises (failing the build, naming the term) on a duplicate, empty or over-long definition.
The template partials/jsonld.html reads the same entries from config.extra.glossary_entries.
"""

from __future__ import annotations

import bisect
import html
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import glossary  # noqa: E402  (scripts/glossary.py)

_ABBR = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')
_LINK = re.compile(r"<a\b.*?</a>", re.S)
_HEADING = re.compile(r"<h([1-6])\b.*?</h\1>", re.S)
_H2 = re.compile(r"<h2\b")

_by_form: dict[str, glossary.Entry] = {}


def on_config(config):
    try:
        data = glossary.load()
    except glossary.GlossaryError as error:
        raise PluginError(str(error)) from error
    _by_form.clear()
    _by_form.update(data.by_form())
    config.extra["glossary_entries"] = [
        {"term": e.term, "slug": e.slug, "short": e.short} for e in data.entries
    ]
    return config


def on_page_content(content, page, config, files):
    glossary_file = files.get_file_from_path("glossary.md")
    if glossary_file is None:
        raise PluginError("docs/glossary.md is missing: run `make glossary`")
    headings = [m.span() for m in _HEADING.finditer(content)]
    content = _ABBR.sub(lambda m: m.group(2) if any(s <= m.start() < e for s, e in headings)
                        else m.group(0), content)
    links = [m.span() for m in _LINK.finditer(content)]
    sections = [m.start() for m in _H2.finditer(content)]
    is_glossary = page.file.src_uri == "glossary.md"
    linked: set[str] = set()
    shown: set[tuple[int, str]] = set()  # (h2 section number, term slug) already tipped

    def replace(match: re.Match) -> str:
        title, text = match.groups()
        if any(start <= match.start() < end for start, end in links):
            # A term inside a link ("See also: …") is reached through the link; a tabindex
            # inside <a> is invalid HTML (Nu HTML Checker) and would add a second tab stop.
            return match.group(0)
        entry = _by_form.get(html.unescape(text))
        if entry is None:
            raise PluginError(f"{page.file.src_uri}: <abbr> for {text!r} is not in the glossary")
        section = bisect.bisect_right(sections, match.start())
        if (section, entry.slug) in shown:
            return text
        shown.add((section, entry.slug))
        if is_glossary or entry.slug in linked:
            return f'<abbr title="{title}" tabindex="0">{text}</abbr>'
        linked.add(entry.slug)
        href = get_relative_url(glossary_file.url, page.file.url) + "#" + entry.slug
        return f'<abbr title="{title}"><a class="glossary-link" href="{href}">{text}</a></abbr>'

    return _ABBR.sub(replace, content)
