"""Build hook: quiet numbered citations, and a "Sources for this page" list on each page.

Authors cite with a plain Markdown link to the reference's entry on the Sources page,
`([Kaufman 1998](sources.md#kaufman-1998))`, which works as a link on any Markdown engine and
in any editor's preview. This hook turns those links, on every page that has them, into
  - a small superscript number per reference, in order of first citation on the page: a group
    "([A](…); [B](…))" becomes "[1, 2]"; a link that is part of a sentence ("a [2025
    review](…) ranked") keeps its words and gets its number after them. Each number is
    <a class="cite" href="#src-ID" aria-label="Source 1: Kaufman 1998, randomised trial">1</a>
    Its tip (docs/assets/javascripts/site.js, on hover, keyboard focus and tap) is the entry
    it points to in the page's own list, so the reference is in the HTML once per page, not
    once per citation (a `title` on each doubled the finasteride page, 151 citations, to
    40.7 KB gzip); screen readers hear the label;
  - a commercial source's link title ("a clinic's own account") shown after its number, so a
    reader sees whose claim it is (scripts/page_checks.py: citation_problems);
  - a numbered "Sources for this page" list at the end of the page (only the references the
    page cites, each with its kind of evidence and a link to its entry on the Sources page,
    where our note on what we read is), printed with the page;
  - page.meta["citation_ld"], the schema.org citation list for partials/jsonld.html.
Why a hook rather than pymdownx footnotes: footnotes would change all ~500 citations into a
non-CommonMark syntax, need each reference's text written into every page (or a generated
snippet appended to all of them), and give no short name for a screen reader.

The references come from includes/references.yml through scripts/references.py (formatted
by citeproc-py); bad reference data, an unknown id or an unlabelled commercial source stops
the build with PluginError naming the file, line and id. The Sources page itself is left as
generated (docs/sources.md, scripts/references.py).
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import page_checks  # noqa: E402  (scripts/page_checks.py)
import references  # noqa: E402  (scripts/references.py)

HEADING = "Sources for this page"
PLACEHOLDER = "<!-- sources-for-this-page -->"
_LINK = (r'<a href="(?P<href>[^"]*?sources(?:/|\.html)#(?P<id>[a-z0-9-]+))"'
         r'(?: title="(?P<claim>[^"]*)")?>(?P<label>(?:(?!</a>).)*)</a>')
_ONE = re.compile(_LINK, re.S)
_ANY = re.sub(r"\?P<\w+>", "", _LINK)  # the same link, without named groups
# A bracketed group "(<a>…</a>; <a>…</a>)" with the space before it (the number sits on the
# word it follows; a <wbr> still lets a narrow table cell break the line there), or else one
# link on its own, in reading order.
_CITATIONS = re.compile(r"\s*\((?P<group>" + _ANY + r"(?:;\s*" + _ANY + r")*)\)|(?P<one>"
                        + _ANY + ")", re.S)
_TAGS = re.compile(r"<[^>]+>")

_refs: dict[str, references.Reference] = {}


def on_config(config):
    try:
        _refs.clear()
        _refs.update(references.load())
    except references.ReferenceError as error:
        raise PluginError(str(error)) from None
    return config


def _skip(page) -> bool:
    return page.file.src_uri == "sources.md"


def on_page_markdown(markdown, page, config, files):
    """Check the page's citations (its snippets included); add the list's heading."""
    if _skip(page):
        return markdown
    name = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    includes = Path(config.config_file_path).resolve().parent / "includes"
    found = page_checks.citations(page.file.content_string, name, includes)
    problems = page_checks.citation_problems(found, {k: r.kind for k, r in _refs.items()})
    if problems:
        raise PluginError("\n".join(dict.fromkeys(problems)))
    if not found:
        return markdown
    return (markdown.rstrip() + f"\n\n## {HEADING} {{#sources-for-this-page}}\n\n"
            + PLACEHOLDER + "\n")


def _cite(number: int, ref: references.Reference, label: str, claim: str | None) -> str:
    spoken = f"Source {number}: {label}, {ref.kind_label.lower()}"
    out = f'<a class="cite" href="#src-{ref.id}" aria-label="{html.escape(spoken)}">{number}</a>'
    if claim:
        out += f'<span class="cite-claim">: {claim}</span>'
    return out


def on_page_content(content, page, config, files):
    if _skip(page) or PLACEHOLDER not in content:
        return content
    order: dict[str, int] = {}
    entry_href: dict[str, str] = {}

    def number(match: re.Match) -> str:
        ref_id = match["id"]
        if ref_id not in _refs:  # checked in on_page_markdown; a link written in raw HTML
            raise PluginError(f"{page.file.src_uri}: unknown reference '{ref_id}' cited")
        order.setdefault(ref_id, len(order) + 1)
        entry_href.setdefault(ref_id, match["href"])
        label = html.unescape(_TAGS.sub("", match["label"])).strip()
        return _cite(order[ref_id], _refs[ref_id], label, match["claim"])

    def group(match: re.Match) -> str:
        if match["group"]:
            cites = ", ".join(number(m) for m in _ONE.finditer(match["group"]))
            return f'<wbr><sup class="cites">[{cites}]</sup>'
        # A link outside brackets is part of the sentence ("a [2025 review](…) ranked"):
        # its words stay, and the number follows them.
        one = _ONE.match(match["one"])
        return f'{one["label"]}<wbr><sup class="cites">[{number(one)}]</sup>'

    content = _CITATIONS.sub(group, content)
    items = []
    for ref_id in order:
        ref = _refs[ref_id]
        items.append(f'<li id="src-{ref_id}">{references.entry_html(ref, note=False)} '
                     f'<a class="ref-entry" href="{entry_href[ref_id]}">In all sources</a></li>')
    # Kept in the search index: a reader's "Regaine" or "Vañó-Galván" was found on the pages
    # through the link text of their citations, which the numbers replace; the list restores
    # it (tests/test_search.py). It makes the index larger (173 to 274 KB raw); adding
    # data-search-exclude to this <ol> would leave those searches with the Sources page only.
    listing = '<ol class="page-sources">\n' + "\n".join(items) + "\n</ol>"
    page.meta["citation_ld"] = [_ld(_refs[ref_id]) for ref_id in order]
    return content.replace(PLACEHOLDER, listing)


def _ld(ref: references.Reference) -> dict:
    """schema.org for one reference: a ScholarlyArticle for a study, else a CreativeWork; its
    title, kind, date, identifiers and address. Authors and journal are left to the linked
    record: with them, this list was 5.5 of the finasteride page's 35 KB (gzip)."""
    d = ref.data
    item = {"@type": "ScholarlyArticle" if ref.kind in references.JOURNAL_KINDS
            else "CreativeWork", "name": " ".join(d["title"].split()), "genre": ref.kind_label}
    if d["year"] != "undated":
        item["datePublished"] = str(d.get("date") or d["year"])
    ids = [f"PMID:{d['pmid']}"] if d.get("pmid") else []
    ids += [f"doi:{d['doi']}"] if d.get("doi") else []
    ids += [d["pmc"]] if d.get("pmc") else []
    if ids:
        item["identifier"] = ids
    item["url"] = ref.links()[0]
    return item
