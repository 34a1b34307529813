"""Generate the glossary page and the tooltip list from includes/glossary.yml.

    .venv/bin/python scripts/glossary.py           # write both files (`make glossary`)
    .venv/bin/python scripts/glossary.py --check   # exit 1 if either file is out of date

includes/glossary.yml is the one place a term is written. This script writes
  - includes/abbreviations.md: `*[form]: short definition` for every form of every term,
    auto-appended to each page by pymdownx.snippets, so the abbr extension and Material's
    content.tooltips show the definition wherever the term appears;
  - docs/glossary.md: the glossary page, A to Z, with an anchor per term and the pages
    that use it.
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
    """A page's Markdown with its snippets expanded and its front matter removed; a snippet
    that does not exist raises GlossaryError naming the page and line."""
    raw = path.read_text(encoding="utf-8")
    missing = page_checks.snippet_problems(raw, f"docs/{path.name}", INCLUDES)
    if missing:
        raise GlossaryError("\n".join(missing))
    text = _FRONT_MATTER.sub("", raw)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets are not words on the page
    return _SNIPPET.sub(lambda m: (INCLUDES / m.group(1)).read_text(encoding="utf-8"), text)


def usage(glossary: Glossary, docs: Path = DOCS) -> dict[str, list[tuple[str, str]]]:
    """For each term's slug, the (file, title) of each page whose text contains a form of it."""
    pages = []
    for path in sorted(docs.glob("*.md")):
        if path.name == PAGE.name:
            continue
        text = page_text(path)
        try:  # the same check as the build's (overrides/hooks/checks.py), naming the page
            meta = page_checks.front_matter(path.read_text(encoding="utf-8"),
                                            f"docs/{path.name}")
        except page_checks.CheckError as error:
            raise GlossaryError(str(error)) from None
        pages.append((path.name, meta["title"], text))
    used: dict[str, list[tuple[str, str]]] = {}
    for entry in glossary.entries:
        pattern = re.compile(r"\b(?:" + "|".join(
            re.escape(f) for f in sorted(entry.forms, key=len, reverse=True)) + r")\b")
        used[entry.slug] = [(name, title) for name, title, text in pages if pattern.search(text)]
    return used


# ---- output -----------------------------------------------------------------------------

HEADER = "<!-- Generated by scripts/glossary.py from includes/glossary.yml: do not edit. -->\n"


def render_abbreviations(glossary: Glossary) -> str:
    lines = [HEADER]
    for entry in glossary.entries:
        for form in entry.forms:
            lines.append(f"*[{form}]: {entry.short}\n")
    return "".join(lines)


def render_page(glossary: Glossary, used: dict[str, list[tuple[str, str]]]) -> str:
    entries = sorted(glossary.entries, key=lambda e: e.term.lower().lstrip("0123456789-"))
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        letter = entry.term.lower().lstrip("0123456789-")[0].upper()
        groups.setdefault(letter, []).append(entry)
    out = [
        "---\n",
        "title: Glossary\n",
        "description: Plain-English meanings of the medical words used on this site, from "
        "5-alpha-reductase to Yellow Card, with links to the pages that use them.\n",
        f"reviewed: {glossary.reviewed.isoformat()}\n",
        f"review_due: {glossary.review_due.isoformat()}\n",
        "glossary: true\n",
        "---\n",
        HEADER,
        "\n# Glossary\n\n",
        "These are the medical and technical words used on this site, in plain English. "
        "On every page, a word that is explained here is underlined with dots: point at it, "
        "tap it or move to it with the keyboard to see a short meaning. The first time a "
        "word appears on a page, it also links here.\n\n",
        '--8<-- "warnings/pregnancy-5ari.md"\n\n',
        "Jump to a letter: " + " · ".join(f"[{letter}](#{letter.lower()})" for letter in groups)
        + "\n\n",
    ]
    for letter, group in groups.items():
        out.append(f"## {letter} {{#{letter.lower()}}}\n\n")
        for entry in group:
            out.append(f"### {entry.term} {{#{entry.slug}}}\n\n{entry.full}\n\n")
            if entry.variants:
                out.append("Also written: " + ", ".join(entry.variants) + ".\n\n")
            pages = used.get(entry.slug, [])
            if pages:
                out.append("Used on: " + ", ".join(f"[{title}]({name})" for name, title in pages)
                           + ".\n\n")
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
