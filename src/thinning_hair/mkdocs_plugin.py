"""The MkDocs (and ProperDocs) plugin: glue only. Each method hands off to the package.

Declared as the `thinning-hair` entry point in pyproject.toml and listed under `plugins:` in
both configuration files. What it adds to what the Markdown extensions already do:
  - before each build, the generated files are rewritten if their data changed (so `make
    serve` shows a new glossary term or reference on the next save);
  - each page's Markdown and HTML are checked (checks.py), failing with the file and line;
  - a page whose review is overdue fails the build (WARNING under --strict) and gets a box;
    with REVIEW_OVERDUE=notice it is published with the box and logged as INFO;
  - config.extra["glossary_entries"] for partials/jsonld.html.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from . import checks, generate
from .data import SiteData, load
from .data import pages
from .project import Project, SiteError

log = logging.getLogger("mkdocs.plugins.thinning_hair")

EDITIONS = ("published", "offline")


class ThinningHairConfig(Config):
    # Rewrite the glossary page, abbreviations, Sources page and figures before each build.
    generate = c.Type(bool, default=True)
    # Check each page's Markdown (front matter, snippets, citations) as it is built.
    # `thinning-hair build` turns both off: its step 0 has done them for every page at once.
    check_markdown = c.Type(bool, default=True)


class ThinningHairPlugin(BasePlugin[ThinningHairConfig]):
    data: SiteData

    def on_config(self, config):
        edition = config.extra.get("edition")
        if edition not in EDITIONS:
            raise PluginError(f"{config.config_file_path}: extra.edition must be one of "
                              f"{', '.join(EDITIONS)}, not {edition!r}")
        self._load(Path(config.config_file_path).resolve().parent)
        config.extra["glossary_entries"] = [
            {"term": e.term, "slug": e.slug, "short": e.short} for e in self.data.glossary.entries]
        self.overdue = {}
        return config

    def on_pre_build(self, config):
        if self.config.generate:
            self._load(self.data.project.root)
            try:
                for path in generate.write(self.data):
                    log.info(f"regenerated {self.data.project.relative(path)}")
            except SiteError as error:
                raise PluginError(str(error)) from None

    def on_page_markdown(self, markdown, page, config, files):
        name, raw = self._name(page), page.file.content_string
        problems = checks.markdown_problems(raw, name, self.data) if self.config.check_markdown \
            else []
        if problems:
            raise PluginError("\n".join(problems))
        meta = pages.front_matter(raw, name)
        if pages.overdue(meta):
            message = pages.overdue_message(name, meta, raw)
            if os.environ.get("REVIEW_OVERDUE", "error") == "notice":
                log.info(message + " (published with a 'Review overdue' notice)")
            else:
                log.warning(message)
            self.overdue[page.file.src_uri] = meta["review_due"]
        return markdown

    def on_page_content(self, html, page, config, files):
        problems = checks.html_problems(html, page.file.content_string, self._name(page),
                                        self.data)
        if problems:
            raise PluginError("\n".join(problems))
        due = self.overdue.get(page.file.src_uri)
        return checks.overdue_notice(html, due) if due else html

    def _load(self, root: Path) -> None:
        try:
            self.data = load(Project(root))
        except SiteError as error:
            raise PluginError(str(error)) from None

    @staticmethod
    def _name(page) -> str:
        return f"docs/{page.file.src_uri}"
