"""Generate the glossary page and the tooltip list from includes/glossary.yml.

    .venv/bin/python scripts/glossary.py           # write both files (`make glossary`)
    .venv/bin/python scripts/glossary.py --check   # exit 1 if either file is out of date

includes/glossary.yml is the one place a term is written. This script writes
  - includes/abbreviations.md: `*[form]: short definition` for every form of every term,
    auto-appended to each page by pymdownx.snippets, so the abbr extension and Material's
    content.tooltips show the definition wherever the term appears;
  - docs/glossary.md: the glossary page, an A-Z jump list (terms that start with a digit
    under 0-9), an anchor per term and the topic page that uses it most.
It fails, naming the term, on a duplicate term or form, an empty or over-long definition,
or a malformed entry. overrides/hooks/glossary_links.py uses load() too.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

import page_checks  # scripts/page_checks.py: front matter and snippet checks

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "includes" / "glossary.yml"
ABBREVIATIONS = ROOT / "includes" / "abbreviations.md"
PAGE = ROOT / "docs" / "glossary.md"
DOCS = ROOT / "docs"
INCLUDES = ROOT / "includes"
MAX_SHORT_WORDS = 25


class GlossaryError(ValueError):
    """Bad glossary data; the message names the term and the problem."""


@dataclass
class Entry:
    term: str
    short: str
    full: str
    variants: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")

    @property
    def forms(self) -> list[str]:
        """Every spelling that gets this term's tooltip, capitalised forms included."""
        forms = []
        for form in [self.term, *self.variants]:
            forms.append(form)
            if form[0].islower():
                forms.append(form[0].upper() + form[1:])
        return forms


@dataclass
class Glossary:
    reviewed: date
    review_due: date
    entries: list[Entry]

    def by_form(self) -> dict[str, Entry]:
        return {form: entry for entry in self.entries for form in entry.forms}


def load(path: Path = SOURCE) -> Glossary:
    """Read and validate the glossary; raise GlossaryError naming the term on bad input."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise GlossaryError(f"{path}: cannot read: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise GlossaryError(f"{path}: expected a mapping with a `terms` list")
    for key in ("reviewed", "review_due"):
        if not isinstance(data.get(key), date):
            raise GlossaryError(f"{path}: `{key}` must be a date (YYYY-MM-DD)")
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for number, raw in enumerate(data["terms"], 1):
        if not isinstance(raw, dict) or not isinstance(raw.get("term"), str):
            raise GlossaryError(f"{path}: entry {number} has no `term`")
        term = raw["term"].strip()
        unknown = set(raw) - {"term", "variants", "short", "full"}
        if unknown:
            raise GlossaryError(f"{path}: term {term!r}: unknown keys {sorted(unknown)}")
        for key in ("short", "full"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                raise GlossaryError(f"{path}: term {term!r}: empty definition `{key}`")
        variants = raw.get("variants") or []
        if not all(isinstance(v, str) and v.strip() for v in variants):
            raise GlossaryError(f"{path}: term {term!r}: variants must be non-empty strings")
        entry = Entry(term, " ".join(raw["short"].split()), " ".join(raw["full"].split()),
                      [v.strip() for v in variants])
        words = len(entry.short.split())
        if words > MAX_SHORT_WORDS:
            raise GlossaryError(
                f"{path}: term {term!r}: tooltip has {words} words (at most {MAX_SHORT_WORDS})")
        if '"' in entry.short or "]" in entry.short:
            raise GlossaryError(f"{path}: term {term!r}: tooltip may not contain \" or ]")
        for form in entry.forms:
            if form in seen:
                raise GlossaryError(
                    f"{path}: term {term!r} is defined twice ({form!r} already belongs to "
                    f"{seen[form]!r})")
            seen[form] = term
        entries.append(entry)
    slugs = [e.slug for e in entries]
    for slug in slugs:
        if slugs.count(slug) > 1:
            raise GlossaryError(f"{path}: two terms share the anchor #{slug}")
    return Glossary(data["reviewed"], data["review_due"], entries)


# ---- usage: which pages use which term --------------------------------------------------

_SNIPPET = re.compile(r'^--8<--\s+"([^"]+)"\s*$', re.M)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def page_text(path: Path) -> str:
    """A page's Markdown with its snippets expanded and its front matter removed. Bad front
    matter or a snippet that does not exist raises GlossaryError naming the page and line
    (the same checks as the build's, overrides/hooks/checks.py)."""
    raw = path.read_text(encoding="utf-8")
    where = f"docs/{path.name}"
    try:
        page_checks.front_matter(raw, where)
    except page_checks.CheckError as error:
        raise GlossaryError(str(error)) from None
    missing = page_checks.snippet_problems(raw, where, INCLUDES)
    if missing:
        raise GlossaryError("\n".join(missing))
    text = _FRONT_MATTER.sub("", raw)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets are not words on the page
    return _SNIPPET.sub(lambda m: (INCLUDES / m.group(1)).read_text(encoding="utf-8"), text)


# Pages never offered under "Read more": every term appears on the Sources page (in reference
# titles), and the home, About and corrections pages are not where a reader goes to learn
# about a word. Listing them made each entry two or three lines longer on a phone.
NOT_LISTED = {"index.md", "glossary.md", "sources.md", "about.md",
              "source-article-corrections.md"}


def nav_titles() -> dict[str, str]:
    """Each page's short name from mkdocs.yml's nav ("Finasteride"), for compact lists."""
    import build  # scripts/build.py: the one mkdocs.yml loader

    titles: dict[str, str] = {}

    def walk(items):
        for item in items or []:
            if isinstance(item, dict):
                for title, target in item.items():
                    if isinstance(target, str):
                        titles[target] = title
                    else:
                        walk(target)
    walk(build.load_config().get("nav"))
    return titles


def usage(glossary: Glossary, docs: Path = DOCS) -> dict[str, list[tuple[str, str]]]:
    """For each term's slug, the (file, short name) of each listed page whose text contains a
    form of it, the page that uses it most first (then in the order of the navigation)."""
    titles = nav_titles()
    order = list(titles)
    pages = []
    for path in sorted(docs.glob("*.md")):
        if path.name in NOT_LISTED:
            continue
        pages.append((path.name, titles.get(path.name, path.stem), page_text(path)))
    used: dict[str, list[tuple[str, str]]] = {}
    for entry in glossary.entries:
        pattern = re.compile(r"\b(?:" + "|".join(
            re.escape(f) for f in sorted(entry.forms, key=len, reverse=True)) + r")\b")
        counts = [(len(pattern.findall(text)), name, title) for name, title, text in pages]
        counts.sort(key=lambda c: (-c[0], order.index(c[1]) if c[1] in order else 99, c[1]))
        used[entry.slug] = [(name, title) for count, name, title in counts if count]
    return used


# ---- output -----------------------------------------------------------------------------

HEADER = "<!-- Generated by scripts/glossary.py from includes/glossary.yml: do not edit. -->\n"


def render_abbreviations(glossary: Glossary) -> str:
    lines = [HEADER]
    for entry in glossary.entries:
        for form in entry.forms:
            lines.append(f"*[{form}]: {entry.short}\n")
    return "".join(lines)


DIGITS = "0-9"  # the group for terms that start with a digit, such as 5-alpha-reductase


def group_of(entry: Entry) -> str:
    first = entry.term[0].upper()
    return DIGITS if first.isdigit() else first


def render_page(glossary: Glossary, used: dict[str, list[tuple[str, str]]]) -> str:
    """The glossary page, laid out to be scanned on a phone: an A-Z jump list (0-9 first),
    then each entry as its term (a heading, so search and screen readers find it) run into
    its definition, with its other spellings and the page to read more on one short line.
    The CSS for it is under "Glossary page" in docs/assets/stylesheets/site.css."""
    entries = sorted(glossary.entries, key=lambda e: (group_of(e) != DIGITS, e.term.lower()))
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(group_of(entry), []).append(entry)

    def anchor(group: str) -> str:
        return "digits" if group == DIGITS else group.lower()

    def label(group: str) -> str:
        return "0–9" if group == DIGITS else group

    jump = []
    for group in [DIGITS, *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"]:
        if group in groups:
            jump.append(f"- [{label(group)}](#{anchor(group)})\n")
        else:  # shown, so a reader sees at once that there is no such letter
            jump.append(f'- <span class="glossary-az__none">{label(group)}</span>\n')
    out = [
        "---\n",
        "title: Glossary\n",
        "description: Plain-English meanings of the medical words used on this site, from "
        "5-alpha-reductase to Yellow Card, with links to the pages that use them.\n",
        f"reviewed: {glossary.reviewed.isoformat()}\n",
        f"review_due: {glossary.review_due.isoformat()}\n",
        "glossary: true\n",
        # Material's search boost: a reader who types a glossary word ("licensed") should
        # see its meaning among the first results, not only the pages that use it most.
        "search:\n",
        "  boost: 2\n",
        "---\n",
        HEADER,
        "\n# Glossary\n\n",
        "The medical and technical words used on this site, in plain English. On the other "
        "pages a word has a dotted underline where it first appears in each section: point "
        "at it, tap it or move to it with the keyboard to see a short meaning. The first "
        "time a word appears on a page, it also links here (on a phone, tap it twice).\n\n",
        '<nav class="glossary-az" aria-label="Glossary from A to Z" markdown>\n\n',
        *jump,
        "\n</nav>\n\n",
        '<div class="glossary-list" markdown>\n\n',
    ]
    for group, members in groups.items():
        out.append(f"## {label(group)} {{#{anchor(group)}}}\n\n")
        for entry in members:
            # The short definition (the tooltip's) is the entry; the full one, the term's
            # other spellings and a page to read more are one tap away in a <details>.
            # Full definitions for all terms made the page 18,500 px long on a phone.
            short = entry.short
            # Other spellings, unless the definition already shows them ("DHT ... dihydro-
            # testosterone"): a reader looking for one of them finds it here.
            # Plain plurals ("follicles") go unsaid.
            singular = [entry.term, *entry.variants]
            also = [v for v in entry.variants if v.lower() not in short.lower()
                    and not any(v in (f + "s", f + "es") for f in singular)]
            if also:
                short += (' <span class="glossary-also">Also written: '
                          + ", ".join(also) + ".</span>")
            more = [entry.full]
            pages = used.get(entry.slug, [])
            if pages:  # the page that uses the term most: a list of all took 2-3 lines
                name, title = pages[0]
                more.append(f"Read more: [{title}]({name}).")
            out.append('<div class="glossary-entry" markdown>\n\n'
                       f"### {entry.term} {{#{entry.slug}}}\n\n{short}\n\n"
                       '<details class="glossary-more" markdown>\n'
                       "<summary>Full definition</summary>\n\n"
                       + "\n\n".join(more) + "\n\n</details>\n\n</div>\n\n")
    out.append("</div>\n\n")
    out.append("## Related pages\n\n"
               "- [Home](index.md): key facts and what this site covers\n"
               "- [Understanding hair loss](hair-loss.md): the kinds of hair loss and their causes\n"
               "- [Treatments compared](treatments-compared.md): every option in one table\n"
               "- [Sources](sources.md): the publications behind each page\n")
    return "".join(out)


def outputs(glossary: Glossary) -> dict[Path, str]:
    return {
        ABBREVIATIONS: render_abbreviations(glossary),
        PAGE: render_page(glossary, usage(glossary)),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a generated file is out of date")
    args = parser.parse_args(argv)
    try:
        glossary = load()
        generated = outputs(glossary)
    except GlossaryError as error:
        print(f"glossary: {error}", file=sys.stderr)
        return 1
    stale = []
    for path, text in generated.items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(path.relative_to(ROOT))
        else:
            path.write_text(text, encoding="utf-8")
            print(f"glossary: wrote {path.relative_to(ROOT)}")
    if stale:
        print("glossary: out of date: " + ", ".join(map(str, stale))
              + " (run `make glossary`)", file=sys.stderr)
        return 1
    print(f"glossary: {len(glossary.entries)} terms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
