"""Shared fixtures: one real build of both editions per test session, a loopback server for
the published edition, and Playwright driving Debian's Chromium (Playwright cannot download
its own browsers here).

The tests are in folders by what they need: tests/build/ (the real build, no browser),
tests/browser/ (Chromium through Playwright), tests/engines/ (Firefox and WebKit); the modules
directly in tests/ need neither. pyproject.toml puts tests/ on the path (`pythonpath`) for the
helpers beside this file (pages.py, reader.py, commands.py) and tests/engines/drivers/."""

from __future__ import annotations

import functools
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from thinning_hair.editions import read_edition
from thinning_hair.project import Project
from thinning_hair.tools import loopback

from commands import run, thinning_hair
from pages import ROOT


@dataclass
class Built:
    root: Path
    site: Path
    offline: Path
    zip: Path
    unzipped: Path  # the folder the zip unpacks to, holding index.html

    def pages(self, edition: str = "published") -> list[Path]:
        """Every content page's HTML file (404 excluded)."""
        base = self.site if edition == "published" else self.offline
        return sorted(p for p in base.rglob("*.html") if p.name != "404.html"
                      and "assets" not in p.parts)

    def soup(self, path: Path) -> BeautifulSoup:
        """The page parsed once per session, shared by every test that reads it: do not change
        it (copy.copy() it first, as tests/build/test_references.py does)."""
        return _parsed(Path(path).resolve())


@functools.lru_cache(maxsize=None)
def _parsed(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    """Build both editions once, exactly as `make build` does, into a temporary folder."""
    out = tmp_path_factory.mktemp("build")
    result = run(thinning_hair("build", "--out", str(out)), ROOT, timeout=900)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    published = read_edition(Project(ROOT), "published")
    zip_path = out / "dist" / Path(published.offline_zip).name
    unzip_to = out / "unzipped"
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(unzip_to)
    return Built(out, out / "site", out / "site-offline", zip_path,
                 unzip_to / published.offline_folder)


@pytest.fixture(scope="session")
def served(built) -> str:
    """The published edition on a random loopback port; yields its base URL."""
    with loopback.serve(built.site) as url:
        yield url


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium not found: run `make test` (it installs Debian's chromium) "
                    "or set CHROMIUM=/path/to/chromium")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, pointed at Debian's Chromium."""
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB"}


class RequestLog:
    """Every request a page makes, so a test can assert where they went."""

    def __init__(self, page):
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def leaving(self, allowed_prefix: str) -> list[str]:
        return [u for u in self.urls if not u.startswith(allowed_prefix)
                and not u.startswith(("data:", "blob:", "about:"))]


@pytest.fixture
def request_log(page) -> RequestLog:
    return RequestLog(page)
