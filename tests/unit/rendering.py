"""The site's Markdown extensions on a few lines, without an engine."""

from __future__ import annotations

from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parents[2]


def render(text: str, *extra: str) -> str:
    """`text` as the site's Markdown renders it (the extensions that matter here)."""
    return markdown.markdown(
        text, extensions=["abbr", "attr_list", "toc", "md_in_html", *extra,
                          "thinning_hair.markdown.citations",
                          "thinning_hair.markdown.glossary_links"],
        extension_configs={"thinning_hair.markdown.citations": {"project": str(ROOT)},
                           "thinning_hair.markdown.glossary_links": {"project": str(ROOT)}})
