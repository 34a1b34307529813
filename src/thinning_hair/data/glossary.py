"""The glossary: includes/glossary.yml read and checked, once per build.

includes/glossary.yml is the one place a term is written. load() fails, naming the term, on
a duplicate term or form, an empty or over-long definition, or a malformed entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from ..project import SiteError, read_utf8


MAX_SHORT_WORDS = 25


class GlossaryError(SiteError, ValueError):
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


def load(path: Path) -> Glossary:
    """Read and validate the glossary; raise GlossaryError naming the term on bad input."""
    name = f"includes/{path.name}"
    try:
        data = yaml.safe_load(read_utf8(path, name))
    except (OSError, yaml.YAMLError) as error:
        raise GlossaryError(f"{name}: cannot read: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise GlossaryError(f"{name}: expected a mapping with a `terms` list")
    for key in ("reviewed", "review_due"):
        if not isinstance(data.get(key), date):
            raise GlossaryError(f"{name}: `{key}` must be a date (YYYY-MM-DD)")
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for number, raw in enumerate(data["terms"], 1):
        if not isinstance(raw, dict) or not isinstance(raw.get("term"), str):
            raise GlossaryError(f"{name}: entry {number} has no `term`")
        term = raw["term"].strip()
        unknown = set(raw) - {"term", "variants", "short", "full"}
        if unknown:
            raise GlossaryError(f"{name}: term {term!r}: unknown keys {sorted(unknown)}")
        for key in ("short", "full"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                raise GlossaryError(f"{name}: term {term!r}: empty definition `{key}`")
        variants = raw.get("variants") or []
        if not all(isinstance(v, str) and v.strip() for v in variants):
            raise GlossaryError(f"{name}: term {term!r}: variants must be non-empty strings")
        entry = Entry(term, " ".join(raw["short"].split()), " ".join(raw["full"].split()),
                      [v.strip() for v in variants])
        words = len(entry.short.split())
        if words > MAX_SHORT_WORDS:
            raise GlossaryError(
                f"{name}: term {term!r}: tooltip has {words} words (at most {MAX_SHORT_WORDS})")
        if '"' in entry.short or "]" in entry.short:
            raise GlossaryError(f"{name}: term {term!r}: tooltip may not contain \" or ]")
        for form in entry.forms:
            if form in seen:
                raise GlossaryError(
                    f"{name}: term {term!r} is defined twice ({form!r} already belongs to "
                    f"{seen[form]!r})")
            seen[form] = term
        entries.append(entry)
    slugs = [e.slug for e in entries]
    for slug in slugs:
        if slugs.count(slug) > 1:
            raise GlossaryError(f"{name}: two terms share the anchor #{slug}")
    return Glossary(data["reviewed"], data["review_due"], entries)
