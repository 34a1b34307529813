"""Build hook: an author's mistake stops `mkdocs build` with one message naming the file (and
line), instead of a traceback or a silently wrong page. Both editions run it.

For every page, before its Markdown is converted (scripts/page_checks.py does the work):
  - front matter: present, valid YAML, real dates, with title, description, reviewed and
    review_due (MkDocs alone would publish a broken block as a paragraph);
  - every `--8<-- "path"` names a file in includes/;
  - review_due in the past: a WARNING naming the page, which fails every build (they are all
    --strict), and a "Review overdue" box under the page's title. With REVIEW_OVERDUE=notice
    (the weekly publishing run, .github/workflows/publish.yml) it is logged as INFO instead, so
    the page is published saying it is overdue while that workflow's review-dates job fails.
For the page's HTML with its snippets (what readers get), before any other hook:
  - no <script>, <style>, on…=, style= or javascript: (the Content-Security-Policy allows none,
    postprocess.py hashes only the theme's own scripts);
  - no http:// link or image, and no image, video, frame or script from another host;
  - every citation `sources.md#id` names a reference defined in includes/references.yml.
Errors raise PluginError (MkDocs prints the message, no traceback).
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import date
from html import escape
from html.parser import HTMLParser
from pathlib import Path
import re

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import page_checks  # noqa: E402  (scripts/page_checks.py)

log = logging.getLogger("mkdocs.plugins.checks")

_state: dict = {"refs": set(), "includes": page_checks.INCLUDES, "overdue": {}}
_SOURCES_LINK = re.compile(r"(?:^|/)sources(?:/|\.html)#(.+)$")
_EMBEDS = {"img", "iframe", "video", "audio", "source", "object", "embed", "script", "track"}


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    _state["includes"] = root / "includes"
    try:
        _state["refs"] = page_checks.reference_ids(_state["includes"])
    except page_checks.CheckError as error:
        raise PluginError(str(error)) from None
    _state["overdue"] = {}
    return config


def _name(page, config) -> str:
    return f"{Path(config.docs_dir).name}/{page.file.src_uri}"


def on_page_markdown(markdown, page, config, files):
    name, raw = _name(page, config), page.file.content_string
    try:
        meta = page_checks.front_matter(raw, name)
    except page_checks.CheckError as error:
        raise PluginError(str(error)) from None
    problems = page_checks.snippet_problems(raw, name, _state["includes"])
    if problems:
        raise PluginError("\n".join(problems))
    if page_checks.overdue(meta):
        message = page_checks.overdue_message(name, meta, raw)
        if os.environ.get("REVIEW_OVERDUE", "error") == "notice":
            log.info(message + " (published with a 'Review overdue' notice)")
        else:
            log.warning(message)
        _state["overdue"][page.file.src_uri] = meta["review_due"]
    return markdown


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


def on_page_content(html, page, config, files):
    name, raw = _name(page, config), page.file.content_string
    scanner = _Scanner(_state["refs"])
    scanner.feed(html)
    scanner.close()
    if scanner.found:
        messages = [f"{page_checks.locate(raw, name, pattern, _state['includes'])}: {problem}"
                    for problem, pattern in scanner.found]
        raise PluginError("\n".join(dict.fromkeys(messages)))  # each message once
    due = _state["overdue"].get(page.file.src_uri)
    if due:
        html = _overdue_notice(html, due)
    return html


def _overdue_notice(html: str, due: date) -> str:
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
