"""Everything the build reads, read and validated once: `load(project)` returns a SiteData.

Each file is read again only when it changes (its size and modification time are the key),
so one `thinning-hair build` reads includes/references.yml once for both editions, and
`mkdocs serve` sees an author's edit on the next rebuild.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from ..project import Project, SiteError, read_utf8
from . import changes as changes_data
from . import glossary as glossary_data
from . import references as reference_data
from .changes import Change, ChangesError
from .glossary import Glossary, GlossaryError
from .references import Reference, ReferenceError


@dataclass(frozen=True)
class SiteData:
    project: Project
    references: dict[str, Reference]
    glossary: Glossary
    config: dict  # mkdocs.yml, its !ENV tags read as their defaults
    changes: tuple[Change, ...] = ()  # includes/changes.yml, newest first

    def nav_titles(self) -> dict[str, str]:
        """Each page's short name from mkdocs.yml's nav ("Finasteride"), for compact lists."""
        titles: dict[str, str] = {}

        def walk(items):
            for item in items or []:
                if isinstance(item, dict):
                    for title, target in item.items():
                        if isinstance(target, str):
                            titles[target] = title
                        else:
                            walk(target)
        walk(self.config.get("nav"))
        return titles


def _stamp(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), None, None)
    return (str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _references(stamp: tuple) -> dict[str, Reference]:
    return reference_data.load(Path(stamp[0]))


@functools.lru_cache(maxsize=8)
def _glossary(stamp: tuple) -> Glossary:
    return glossary_data.load(Path(stamp[0]))


@functools.lru_cache(maxsize=8)
def _changes(stamp: tuple, pages: tuple[str, ...], today: date) -> tuple[Change, ...]:
    return changes_data.load(Path(stamp[0]), set(pages), today)


def changes_file(project: Project) -> Path:
    return project.includes / "changes.yml"


def page_paths(project: Project) -> tuple[str, ...]:
    """Every page, as a docs/ path (finasteride.md), as change notes name them."""
    return tuple(sorted(path.relative_to(project.docs).as_posix()
                        for path in project.docs.rglob("*.md")))


@functools.lru_cache(maxsize=8)
def _config(stamp: tuple) -> dict:
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml's !ENV tags: the default (the last item) is all the tools outside MkDocs need.
    Loader.add_constructor("!ENV", lambda loader, node: (
        loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None))
    path = Path(stamp[0])
    try:
        return yaml.load(read_utf8(path, path.name), Loader=Loader)
    except (OSError, yaml.YAMLError) as error:
        raise SiteError(f"{path.name}: cannot read: {error}") from None


@functools.lru_cache(maxsize=128)
def _text(stamp: tuple) -> str:
    return read_utf8(Path(stamp[0]))


@functools.lru_cache(maxsize=64)
def _yaml(stamp: tuple):
    return yaml.safe_load(_text(stamp))


def read_text(path: Path) -> str:
    """A file's text, read again only when it changes (OSError passes; a byte that is not
    UTF-8 is a SiteError naming the file and line)."""
    return _text(_stamp(path))


def read_yaml(path: Path):
    """A YAML file's content (a copy: callers may change it), read again only when it changes.
    Raises OSError or yaml.YAMLError for the caller to name the file, SiteError on a byte
    that is not UTF-8."""
    return copy.deepcopy(_yaml(_stamp(path)))


def clear_cache() -> None:
    """Forget every file read (a test that counts reads starts from here)."""
    for cached in (_references, _glossary, _changes, _config, _yaml, _text):
        cached.cache_clear()


def load(project: Project, today: date | None = None) -> SiteData:
    """The site's data; SiteError (a ReferenceError, GlossaryError or ChangesError) naming the
    file on bad data. `today` decides which change notes are dated in the future."""
    return SiteData(project,
                    _references(_stamp(project.references_file)),
                    _glossary(_stamp(project.glossary_file)),
                    _config(_stamp(project.root / "mkdocs.yml")),
                    _changes(_stamp(changes_file(project)), page_paths(project),
                             today or date.today()))


__all__ = ["SiteData", "load", "Reference", "ReferenceError", "Glossary", "GlossaryError",
           "Change", "ChangesError"]
