"""Change notes: includes/changes.yml read and checked, once per build.

A person writes one entry per change a reader would care about, newest first:

    - date: 2026-12-06            # the day the change was made (never in the future)
      pages: [finasteride.md]      # the pages it touches, as in mkdocs.yml's nav
      what: The fact box shows ... # what changed, one or two plain sentences
      why: The label gives ...     # why, in plain words
      correction: true             # true if it corrects an error on the page
      banner_until: 2027-03-06     # optional, corrections only: show a box at the top of
                                   # each page until this day (a date a person sets, so the
                                   # build does not depend on counting days from today)

load() fails with a ChangesError naming includes/changes.yml and the line: a page that does
not exist, a date in the future or one that is not a date, an empty note, an unknown or
missing key, a duplicate entry, a banner that ends before its change, entries out of order.
Notes are plain text (no Markdown or HTML): they are set into pages, the Updates page and
the Atom feed alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from ..project import SiteError

NAME = "includes/changes.yml"
FIELDS = {
    "date": "the day the change was made, YYYY-MM-DD",
    "pages": "the pages it touches, as a list of docs/ paths like [finasteride.md]",
    "what": "what changed, in plain words",
    "why": "why it changed, in plain words",
    "correction": "true if it corrects an error, else false",
}
OPTIONAL = {"banner_until": "corrections only: the last day to show the note at the top of "
                            "each page (YYYY-MM-DD)"}
# Characters that Markdown or HTML would read as markup where the note is set into a page.
_MARKUP = re.compile(r"[<>\[\]`*_{}|\\]")


class ChangesError(SiteError, ValueError):
    """A bad change note; str() names the file and line."""


@dataclass(frozen=True)
class Change:
    id: str            # stable: date and its place among that day's notes, oldest first
    date: date
    pages: tuple[str, ...]
    what: str
    why: str
    correction: bool
    banner_until: date | None
    line: int          # where the entry starts in includes/changes.yml

    @property
    def headline(self) -> str:
        """The first sentence of `what`: the feed entry's title."""
        return self.what.split(". ")[0].rstrip(".") + "."

    def banner_on(self, today: date) -> bool:
        """Whether the note is shown at the top of its pages on `today`."""
        return self.banner_until is not None and today <= self.banner_until


def load(path: Path, pages: set[str], today: date | None = None,
         name: str = NAME) -> tuple[Change, ...]:
    """The change notes, newest first. `pages` are the docs/ paths that exist (finasteride.md);
    `today` decides what counts as the future."""
    today = today or date.today()
    if not path.exists():  # a project with no notes yet
        return ()
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError) as error:
        raise ChangesError(f"{name}: cannot read: {error}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and mark.line >= len(text.splitlines()):  # at the end: say where
            mark = error.context_mark                                   # the unclosed part began
        raise ChangesError(f"{name}:{mark.line + 1}: not valid YAML: {error.problem}") from None
    if root is None:
        return ()
    if not isinstance(root, yaml.SequenceNode):
        raise ChangesError(f"{name}:{root.start_mark.line + 1}: expected a list of change notes "
                           "(each starting with `- date:`)")
    changes = [_entry(node, pages, today, name) for node in root.value]
    _check_order_and_duplicates(changes, name)
    return tuple(_with_ids(changes))


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _entry(node: yaml.Node, pages: set[str], today: date, name: str) -> Change:
    where = f"{name}:{_line(node)}"
    if not isinstance(node, yaml.MappingNode):
        raise ChangesError(f"{where}: a change note must be `key: value` lines: "
                           + ", ".join(FIELDS))
    values: dict[str, yaml.Node] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        at = f"{name}:{_line(key_node)}"
        lines[key] = _line(key_node)
        if key in values:
            raise ChangesError(f"{at}: `{key}` is given twice in this note")
        if key not in FIELDS and key not in OPTIONAL:
            raise ChangesError(f"{at}: unknown key `{key}`; a note has "
                               + "; ".join(f"`{k}` ({v})" for k, v in {**FIELDS, **OPTIONAL}
                                           .items()))
        values[key] = value_node
    missing = [key for key in FIELDS if key not in values]
    if missing:
        raise ChangesError(f"{where}: this note lacks " + "; ".join(
            f"`{key}` ({FIELDS[key]})" for key in missing))
    day = _date(values["date"], "date", name)
    if day > today:
        raise ChangesError(f"{name}:{lines['date']}: `date: {day}` is in the future "
                           f"(today is {today}): write the day the change was made")
    touched = _pages(values["pages"], pages, name)
    what, why = (_text(values[key], key, name, lines[key]) for key in ("what", "why"))
    correction = _value(values["correction"])
    if not isinstance(correction, bool):
        raise ChangesError(f"{name}:{_line(values['correction'])}: `correction` must be true "
                           "or false")
    banner = None
    if "banner_until" in values:
        node_ = values["banner_until"]
        banner = _date(node_, "banner_until", name)
        if not correction:
            raise ChangesError(f"{name}:{_line(node_)}: `banner_until` is only for corrections "
                               "(set `correction: true`, or remove it)")
        if banner < day:
            raise ChangesError(f"{name}:{_line(node_)}: `banner_until: {banner}` is before the "
                               f"change's `date: {day}`")
    return Change("", day, touched, what, why, correction, banner, _line(node))


def _value(node: yaml.Node):
    """The Python value of one node, as yaml.safe_load gives it."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _date(node: yaml.Node, key: str, name: str) -> date:
    where = f"{name}:{_line(node)}"
    try:
        value = _value(node)
    except ValueError as error:  # 2026-13-45 looks like a date to YAML, then fails
        raise ChangesError(f"{where}: `{key}: {node.value}` is not a real date ({error})") \
            from None
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise ChangesError(f"{where}: `{key}: {node.value}` must be a date written YYYY-MM-DD")
    return value


def _pages(node: yaml.Node, pages: set[str], name: str) -> tuple[str, ...]:
    where = f"{name}:{_line(node)}"
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise ChangesError(f"{where}: `pages` must be a list of at least one page, like "
                           "[finasteride.md]")
    out: list[str] = []
    for item in node.value:
        page = item.value if isinstance(item, yaml.ScalarNode) else None
        at = f"{name}:{_line(item)}"
        if not isinstance(page, str) or not page.strip():
            raise ChangesError(f"{at}: each page is a docs/ path like finasteride.md")
        if page not in pages:
            hint = f" (write it without docs/: {page[5:]})" if page.startswith("docs/") else ""
            raise ChangesError(f"{at}: page `{page}` does not exist in docs/{hint}; the pages "
                               "are: " + ", ".join(sorted(pages)))
        if page in out:
            raise ChangesError(f"{at}: page `{page}` is listed twice in this note")
        out.append(page)
    return tuple(out)


def _text(node: yaml.Node, key: str, name: str, line: int) -> str:
    where = f"{name}:{line}"
    value = _value(node) if isinstance(node, yaml.ScalarNode) else None
    if value is None or isinstance(value, str) and not value.strip():
        raise ChangesError(f"{where}: `{key}` is empty: say {FIELDS[key]}, in a sentence or two")
    if not isinstance(value, str):
        raise ChangesError(f"{where}: `{key}` must be a sentence of text")
    text = " ".join(value.split())
    markup = _MARKUP.search(text)
    if markup:
        raise ChangesError(f"{where}: `{key}` holds {markup.group()!r}: write plain text (no "
                           "Markdown or HTML; it goes into pages and the feed as it is)")
    return text


def _check_order_and_duplicates(changes: list[Change], name: str) -> None:
    seen: dict[tuple, int] = {}
    for before, after in zip(changes, changes[1:]):
        if after.date > before.date:
            raise ChangesError(f"{name}:{after.line}: notes go newest first, but this one "
                               f"({after.date}) is newer than the one above it at line "
                               f"{before.line} ({before.date}): move it up")
    for change in changes:
        key = (change.date, change.what.lower())
        if key in seen:
            raise ChangesError(f"{name}:{change.line}: the same note as at line {seen[key]} "
                               f"(same date and `what`): remove one, or merge their pages")
        seen[key] = change.line


def _with_ids(changes: list[Change]) -> list[Change]:
    """Ids like 2026-12-06-3: the 3rd note of that day counted from the oldest, so adding a
    note at the top (as authors do) never renumbers the notes below it, nor their feed ids."""
    out = []
    for index, change in enumerate(changes):
        later_same_day = sum(1 for c in changes[index + 1:] if c.date == change.date)
        out.append(Change(f"{change.date.isoformat()}-{later_same_day + 1}", change.date,
                          change.pages, change.what, change.why, change.correction,
                          change.banner_until, change.line))
    return out


def for_page(changes: tuple[Change, ...], page: str) -> list[Change]:
    """The notes that touch `page` (a docs/ path), newest first."""
    return [change for change in changes if page in change.pages]


def long_date(day: date) -> str:
    """6 December 2026: how the pages write a date (no strftime, no locale)."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    return f"{day.day} {months[day.month - 1]} {day.year}"
