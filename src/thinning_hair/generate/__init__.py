"""The generated files: written only when their text changes, so `mkdocs serve` can run this
on every rebuild without looping, and `--check` can tell an author what is stale."""

from __future__ import annotations

from pathlib import Path

from ..data import SiteData
from . import figures, glossary_page, sources_page, updates_page


# In the order they must be written: the glossary's "Read more" counts words in the pages
# with their snippets, figures included.
STAGES = (
    lambda data: {data.project.docs / name: text
                  for name, text in sources_page.render_pages(data.references).items()},
    figures.outputs,
    glossary_page.outputs,
    updates_page.outputs,
)


def _changed(texts: dict[Path, str]) -> dict[Path, str]:
    out = {}
    for path, text in texts.items():
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            out[path] = text
    return out


def stale(data: SiteData) -> list[Path]:
    """The generated files whose text on disk differs from what the data gives."""
    return [path for stage in STAGES for path in _changed(stage(data))]


def write(data: SiteData) -> list[Path]:
    """Write the stale files, stage by stage; return them."""
    written = []
    for stage in STAGES:
        for path, text in _changed(stage(data)).items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
