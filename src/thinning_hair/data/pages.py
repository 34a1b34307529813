"""Pages as authors write them: front matter, snippets and citations, each problem named with
its file and line. Front matter: every page starts with a YAML block between `---` lines
holding `title`, `description`, `reviewed` and `review_due`, the dates real YYYY-MM-DD dates
(MkDocs alone would publish a broken block as a paragraph and carry on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from ..project import SiteError, read_utf8


# What a page is for. The checks and the generators read a page's role from its front matter,
# never from a list of file names, so a new page needs only its `role:`.
ROLES = {
    "home": "the home page",
    "decision": "a treatment a reader may choose: At a glance, do nothing, cost, living with "
                "it, questions, and the full pregnancy warning where the drugs are met",
    "guide": "background a reader needs to choose (held to the same reading rules)",
    "detail": "the numbers behind a decision page, which links to it (held to the same "
              "reading rules; a glossary entry's \"Read more\" goes to the decision page)",
    "handout": "made to print and take to an appointment",
    "reference": "the glossary, the sources, the corrections and the About page: no warnings, "
                 "and never offered under a glossary entry's \"Read more\"",
}
# The roles whose pages a glossary entry may send a reader to.
READ_MORE_ROLES = ("decision", "guide", "handout")

REQUIRED = {
    "title": "the page title (shown in the browser tab and search results)",
    "description": "one or two sentences, 120-160 characters, for search results and link "
                   "previews",
    "reviewed": "the date a person last reviewed the page (YYYY-MM-DD)",
    "review_due": "the date the next review is due (YYYY-MM-DD)",
    "role": "what the page is for, one of: " + ", ".join(ROLES),
}
DATES = ("reviewed", "review_due")
DESCRIPTION_LENGTH = (120, 160)

_BLOCK = re.compile(r"\A---[ \t]*\r?\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
SNIPPET = re.compile(r'^[ \t]*--8<--[ \t]+"([^"]+)"[ \t]*$', re.M)
REFERENCE = re.compile(r'<span id="([a-z0-9-]+)"></span>')


class CheckError(SiteError, ValueError):
    """An author's mistake; str() is the whole message, naming the file."""


def front_matter(text: str, name: str) -> dict:
    """The page's front matter as a dict; CheckError naming `name` (and the line) if it is
    missing, not YAML, not a mapping, lacks a required key or holds an impossible date."""
    if not text.startswith("---"):
        raise CheckError(f"{name}:1: no front matter: a page must start with a `---` line, "
                         f"then {', '.join(REQUIRED)}, then `---`")
    match = _BLOCK.match(text)
    if not match:
        raise CheckError(f"{name}:1: front matter is not closed: add a `---` line after it")
    block = match.group(1) or ""
    try:
        node = yaml.compose(block, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        line = (error.problem_mark or error.context_mark).line + 2
        raise CheckError(f"{name}:{line}: front matter is not valid YAML: {error.problem}"
                         + (f" ({error.context})" if error.context else "")
                         + (". A value holding a colon needs quotes" if "mapping values" in
                            str(error.problem) else "")) from None
    if not isinstance(node, yaml.MappingNode):
        raise CheckError(f"{name}:2: front matter must be `key: value` lines")
    # Dates one by one, so that an impossible one (2026-13-45) is named with its line.
    for key_node, value_node in node.value:
        if value_node.tag == "tag:yaml.org,2002:timestamp":
            try:
                yaml.SafeLoader(value_node.value).construct_yaml_timestamp(value_node)
            except ValueError as error:
                raise CheckError(
                    f"{name}:{value_node.start_mark.line + 2}: `{key_node.value}: "
                    f"{value_node.value}` is not a real date ({error})") from None
    meta = yaml.safe_load(block) or {}
    lines = {k.value: k.start_mark.line + 2 for k, _ in node.value}
    missing = [key for key in REQUIRED if meta.get(key) in (None, "")]
    if missing:
        raise CheckError(f"{name}: front matter lacks " + "; ".join(
            f"`{key}` ({REQUIRED[key]})" for key in missing))
    for key in DATES:
        if not isinstance(meta[key], date):
            raise CheckError(f"{name}:{lines[key]}: `{key}: {meta[key]}` must be a date "
                             "written YYYY-MM-DD")
    for key in ("title", "description"):
        if not isinstance(meta[key], str):
            raise CheckError(f"{name}:{lines[key]}: `{key}` must be text")
    if meta["role"] not in ROLES:
        raise CheckError(f"{name}:{lines['role']}: `role: {meta['role']}` is not a role; "
                         "one of: " + "; ".join(f"{k} ({v})" for k, v in ROLES.items()))
    return meta


def overdue(meta: dict, today: date | None = None) -> bool:
    return meta["review_due"] < (today or date.today())


def overdue_message(name: str, meta: dict, text: str | None = None) -> str:
    """`name: review overdue ...`, with the line of `review_due:` when the page's text is given."""
    where = str(locate(text, name, r"^review_due\s*:")) if text else name
    return (f"{where}: review overdue: review_due {meta['review_due'].isoformat()} has passed. "
            "Review the page, then set `reviewed` and `review_due` in its front matter.")


def snippet_problems(text: str, name: str, includes: Path) -> list[str]:
    """One message per `--8<-- "path"` line whose file does not exist in includes/."""
    problems = []
    for match in SNIPPET.finditer(text):
        if not (includes / match.group(1)).is_file():
            line = text.count("\n", 0, match.start()) + 1
            problems.append(f"{name}:{line}: snippet \"{match.group(1)}\" does not exist "
                            f"(paths are relative to includes/)")
    return problems


# ---- citations --------------------------------------------------------------------------
# A citation is a plain Markdown link to the reference's entry on the Sources page:
#     [Kaufman 1998](sources.md#kaufman-1998)
# always to sources.md, also for an entry listed on sources-official.md: the build routes the
# link (data/references.py `entry_link`), so moving a kind between the pages changes no page.
# A commercial source (kind `commercial`) may be cited only for what the clinic, seller or maker says
# about itself, and the link's title says so; the page shows that title beside the number:
#     [Wimpole Clinic](sources.md#wimpole-clinic-mesotherapy "a clinic's own account")
CITATION = re.compile(r'\[(?P<label>[^\]]+)\]\(sources\.md#(?P<id>[a-z0-9-]+)'
                      r'(?:[ \t]+"(?P<claim>[^"]*)")?\)')
CLAIM_WORDS = re.compile(r"\b(clinic|clinics|clinic's|seller|sellers|seller's|sellers'|maker|"
                         r"makers|maker's|makers')\b", re.I)


@dataclass
class Citation:
    id: str
    label: str
    claim: str | None
    where: "Location"


def page_lines(text: str, name: str, includes: Path, prefix: str = "includes/",
               via: str | None = None, depth: int = 0):
    """(Location, line) for each line of a page, with its snippets' lines in their place
    (followed down, as pymdownx.snippets does)."""
    for number, line in enumerate(text.splitlines(), 1):
        match = SNIPPET.match(line)
        path = includes / match.group(1) if match else None
        if path is not None and path.is_file() and depth < 5:
            yield from page_lines(path.read_text(encoding="utf-8"), prefix + match.group(1),
                                  includes, prefix, via or name, depth + 1)
        else:
            yield Location(name, number, via), line


def citations(text: str, name: str, includes: Path) -> list[Citation]:
    """Every citation on a page, its snippets included, in reading order."""
    return [Citation(m["id"], m["label"], m["claim"], where)
            for where, line in page_lines(text, name, includes)
            for m in CITATION.finditer(line)]


def citation_problems(found: list[Citation], kinds: dict[str, str]) -> list[str]:
    """One message per bad citation, naming file:line and id: an id with no reference, a
    commercial source cited without saying whose claim it is, a claim label on a source that
    is not commercial. `kinds` maps each reference id to its kind of evidence."""
    out = []
    for cite in found:
        kind = kinds.get(cite.id)
        if kind is None:
            out.append(f"{cite.where}: unknown reference '{cite.id}' cited (no entry with "
                       "that id in includes/references.yml)")
        elif kind == "commercial" and not (cite.claim and CLAIM_WORDS.search(cite.claim)):
            out.append(f"{cite.where}: '{cite.id}' is a commercial source: cite it only for what "
                       "the clinic, seller or maker says, and say so in the link's title, e.g. "
                       f'[{cite.label}](sources.md#{cite.id} "a clinic\'s own account")')
        elif kind != "commercial" and cite.claim is not None:
            out.append(f"{cite.where}: '{cite.id}' is not a commercial source: remove the "
                       f'link title "{cite.claim}" (only a seller\'s claim is labelled)')
    return out


@dataclass
class Location:
    """Where a piece of text came from: the page itself or one of the snippets it includes."""
    name: str
    line: int | None = None
    via: str | None = None

    def __str__(self) -> str:
        where = f"{self.name}:{self.line}" if self.line else self.name
        return f"{where} (included in {self.via})" if self.via else where


def locate(text: str, name: str, pattern: str, includes: Path | None = None,
           prefix: str = "includes/") -> Location:
    """The first line matching the regular expression `pattern` in a page's source, else in
    one of its snippets (followed one level down), else just the page."""
    regex = re.compile(pattern, re.I)
    for number, line in enumerate(text.splitlines(), 1):
        if regex.search(line):
            return Location(name, number)
    for match in SNIPPET.finditer(text) if includes else ():
        path = includes / match.group(1)
        if not path.is_file():
            continue
        inner = locate(path.read_text(encoding="utf-8"), prefix + match.group(1), pattern,
                       includes, prefix)
        if inner.line:
            return Location(inner.name, inner.line, name)
    return Location(name)


def read_page(path: Path, name: str | None = None) -> str:
    """A Markdown file's text; CheckError naming the file and line of a byte that is not UTF-8."""
    try:
        return read_utf8(path, name)
    except SiteError as error:
        raise CheckError(str(error)) from None
