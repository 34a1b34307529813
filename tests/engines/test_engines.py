"""Every reader's browser: the site in Firefox ESR and WebKit (Safari's engine), in both
editions — the offline one unzipped and opened from disk (file://), the published one over
loopback — as a reader uses it: every page opens, search finds a term and its result
navigates, a glossary term's definition shows on hover and on keyboard focus, dark mode
toggles and stays on the next page, Tab from the top of a page reaches the article, no
request leaves the site and nothing logs a console error. Chromium, which the other browser
tests drive through Playwright, is checked here for the keyboard path only.

One browser session per engine for the whole run (tests/engines/drivers/); its pages are reused.
An engine that cannot run here is skipped with the reason, except when CI or
REQUIRE_ALL_ENGINES is set (.ci/run sets it): then a missing engine fails the run.

The tooltip checks are behavioural, whatever draws the tip: before the reader points at a
term its definition is shown nowhere; afterwards some visible element shows it.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from urllib.parse import unquote

import pytest

from engines import drivers

ENGINES = ["firefox", "webkit"]
EDITIONS = ["offline", "published"]

pytestmark = pytest.mark.browser


# ---- sessions ---------------------------------------------------------------------------------

def _must_run() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("REQUIRE_ALL_ENGINES"))


@pytest.fixture(scope="session", params=ENGINES)
def engine(request):
    """One browser session per engine for the whole test run."""
    reason = drivers.unavailable(request.param)
    if reason:
        if _must_run():
            pytest.fail(f"{reason} (CI/REQUIRE_ALL_ENGINES is set, so this fails)")
        pytest.skip(reason)
    browser = drivers.start(request.param)
    yield browser
    browser.close()


@pytest.fixture
def quiet(engine):
    """Start with an empty log; afterwards, hand it over so the test can assert it is clean."""
    engine.log()
    return engine


@pytest.fixture(params=EDITIONS)
def site(request, built, served):
    return Edition(request.param, built, served)


class Edition:
    """Where an edition's pages are, for a reader of that edition."""

    def __init__(self, name, built, served):
        self.name, self.built, self.served = name, built, served
        self.prefix = served if name == "published" else built.unzipped.as_uri() + "/"

    def url(self, stem: str) -> str:
        if self.name == "published":
            return self.served + ("" if stem == "index" else f"{stem}/")
        return (self.built.unzipped / f"{stem}.html").as_uri()

    def pages(self) -> list[tuple[str, str, Path]]:
        """(name, URL, HTML file) of every page a reader of this edition can open: the
        published 404 page too (the host serves it), not the offline one (nothing serves it)."""
        if self.name == "published":
            files = [*self.built.pages("published"), self.built.site / "404.html"]
            return [(f.relative_to(self.built.site).as_posix(),
                     self.served + f.relative_to(self.built.site).as_posix()
                     .removesuffix("index.html"), f) for f in files]
        return [(f.relative_to(self.built.offline).as_posix(),
                 (self.built.unzipped / f.relative_to(self.built.offline)).as_uri(), f)
                for f in self.built.pages("offline")]

    def html(self, stem: str):
        base = self.built.site if self.name == "published" else self.built.offline
        path = base / ("index.html" if stem == "index" else
                       (f"{stem}/index.html" if self.name == "published" else f"{stem}.html"))
        return self.built.soup(path)

    def outside(self, urls: list[str]) -> list[str]:
        """Requests that went anywhere but this edition's own files or server."""
        return [u for u in urls if not unquote(u).startswith(unquote(self.prefix))]


def wait_for(engine, body: str, *args, timeout: float = 10.0, what: str = ""):
    """Poll a page script until it returns something truthy; return that."""
    deadline = time.monotonic() + timeout
    while True:
        value = engine.js(body, *args)
        if value or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert value, f"{engine.name}: gave up after {timeout} s waiting for {what or body}"
    return value


def open_page(engine, url: str) -> None:
    """Open a page and wait until Material's script has run to its end (it publishes its
    component$ stream there), so that what the reader does next has listeners to meet."""
    engine.goto(url)
    wait_for(engine, "return typeof component$ === 'object'", what=f"Material's script on {url}")


def assert_quiet(engine, site) -> None:
    requests, errors = engine.log()
    assert site.outside(requests) == [], f"{engine.name}/{site.name}: requests left the site"
    assert errors == [], f"{engine.name}/{site.name}: console errors: {errors}"


# ---- what the page scripts look at ----------------------------------------------------------

# Marks the element the finder returns, so that a driver can act on "[data-engine-target]".
TARGET = "[data-engine-target]"
_MARK = """
document.querySelectorAll("[data-engine-target]").forEach(e => e.removeAttribute("data-engine-target"));
const el = (() => { FINDER })();
if (!el) return false;
el.scrollIntoView({block: "center"});
el.setAttribute("data-engine-target", "");
return true;
"""


def mark(engine, finder: str, *args, what: str) -> str:
    assert engine.js(_MARK.replace("FINDER", finder), *args), f"{engine.name}: no {what}"
    return TARGET


# The smallest visible element whose text includes the words given: a tip is "shown" when a
# reader can see its text, whatever element holds it.
SHOWN = """
const norm = s => (s || "").replace(/\\s+/g, " ").trim().toLowerCase();
const want = norm(arguments[0]);
const holds = el => norm(el.textContent).includes(want);
const seen = el => {
  const box = el.getBoundingClientRect();
  if (box.width < 1 || box.height < 1) return false;
  if (box.bottom < 0 || box.top > innerHeight || box.right < 0 || box.left > innerWidth) return false;
  return !el.checkVisibility || el.checkVisibility({opacityProperty: true, visibilityProperty: true});
};
for (const el of document.body.querySelectorAll("*")) {
  if (el.matches("script, style, template") || !holds(el)) continue;
  if ([...el.children].some(holds)) continue;
  if (seen(el)) return norm(el.textContent).slice(0, 200);
}
return null;
"""

# What has keyboard focus, and whether it is in the article, is its first link, or is (or
# holds, or sits in) a glossary term: then `term` is that term's index among the article's
# abbr elements, in document order, as in the built HTML.
FOCUSED = """
const el = document.activeElement || document.body;
const article = document.querySelector("article");
const tabbable = e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0
  && e.matches("a[href], button, input, select, textarea, summary, [tabindex]")
  && (!e.checkVisibility || e.checkVisibility({visibilityProperty: true}));
const first = article ? [...article.querySelectorAll("*")].find(tabbable) : null;
const terms = article ? [...article.querySelectorAll("abbr")] : [];
return {
  stop: `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ")[0] : ""}`
        + ` ${(el.getAttribute("href") || el.id || "").slice(0, 40)}`.trimEnd(),
  inArticle: !!(article && article.contains(el)),
  isFirstLink: !!first && el === first,
  firstLink: first ? `${first.tagName.toLowerCase()} ${first.getAttribute("href") || ""}` : null,
  term: terms.findIndex(a => a === el || a.contains(el) || el.contains(a)),
};
"""


def tab_until(engine, done, limit: int) -> tuple[dict, list[str]]:
    """Press Tab until done(focused) or `limit` presses; return the last focus and the stops."""
    stops = []
    for _ in range(limit):
        engine.press("Tab")
        focused = engine.js(FOCUSED)
        stops.append(focused["stop"])
        if done(focused):
            break
    return focused, stops


def heading(soup) -> str:
    h1 = soup.select_one("article h1")
    return re.sub(r"\s+", " ", h1.get_text(" ") if h1 else "").replace("¶", "").strip()


# ---- every page -------------------------------------------------------------------------------

_tours: dict[tuple[str, str], list[dict]] = {}


@pytest.fixture
def tour(engine, site) -> list[dict]:
    """Open every page of the edition once per engine; what each showed and logged."""
    key = (engine.name, site.name)
    if key not in _tours:
        engine.log()
        visits = []
        for name, url, path in site.pages():
            engine.goto(url)
            # Material's bundle ran to its end, where it publishes its component$ stream.
            ready = engine.js("return typeof component$ === 'object'")
            shown = engine.js("const h = document.querySelector('article h1');"
                              "return h ? h.textContent : ''")
            requests, errors = engine.log()
            visits.append({"name": name, "url": url, "want": heading(site.built.soup(path)),
                           "shown": re.sub(r"\s+", " ", shown).replace("¶", "").strip(),
                           "ready": ready, "outside": site.outside(requests),
                           "requests": requests, "errors": errors})
        _tours[key] = visits
    return _tours[key]


def test_every_page_opens_with_its_heading_and_its_scripts_running(engine, site, tour):
    assert len(tour) >= 10, f"only {len(tour)} pages found: the test would pass blind"
    wrong = [f"{v['name']}: heading {v['shown']!r}, wanted {v['want']!r}"
             for v in tour if not v["want"] or v["shown"] != v["want"]]
    not_ready = [v["name"] for v in tour if not v["ready"]]
    assert not wrong, f"{engine.name}/{site.name}:\n" + "\n".join(wrong)
    assert not not_ready, (f"{engine.name}/{site.name}: Material's script did not run to "
                           f"its end on {not_ready}")


def test_no_page_logs_a_console_error(engine, site, tour):
    errors = {v["name"]: v["errors"] for v in tour if v["errors"]}
    assert not errors, f"{engine.name}/{site.name}: console errors: {errors}"


def test_no_page_requests_anything_outside_the_site(engine, site, tour):
    outside = {v["name"]: v["outside"] for v in tour if v["outside"]}
    assert not outside, f"{engine.name}/{site.name}: requests leaving the site: {outside}"
    if engine.name == "firefox" and site.name == "published":
        # Firefox logs every request it makes; a log with nothing in it would prove nothing.
        assert all(v["requests"] for v in tour), "the request log recorded nothing"


def test_the_logs_see_a_request_leaving_and_a_console_error(quiet, built, tmp_path):
    """The two checks above would pass blind if the logs missed things: make one of each, on
    a copy of a page without its Content-Security-Policy (which would stop the request)."""
    engine = quiet
    page = (built.unzipped / "about.html").read_text(encoding="utf-8")
    start = page.index('<meta http-equiv="Content-Security-Policy"')
    unprotected = tmp_path / "about.html"
    unprotected.write_text(page[:start] + page[page.index(">", start) + 1:], encoding="utf-8")
    engine.goto(unprotected.as_uri())
    engine.js("for (const host of ['http://leak-check.invalid', 'https://leak-check.invalid']) {"
              "  const img = new Image(); img.src = host + '/x.png'; document.body.append(img); }"
              "console.error('engine-check: an error'); return 0")
    deadline = time.monotonic() + 10
    requests, errors = [], []
    while time.monotonic() < deadline and (len(requests) < 2 or not errors):
        time.sleep(0.3)
        more_requests, more_errors = engine.log()
        requests += more_requests
        errors += more_errors
    # WebKit reaches its proxy over TLS for https://, which hides the host: count those.
    assert len(requests) >= 2 and any("leak-check.invalid" in r for r in requests), requests
    assert any("engine-check: an error" in e for e in errors), errors


def test_the_offline_policy_stops_a_request_from_a_page_opened_from_disk(quiet, built):
    """The same image as above, on the offline edition's own page: its policy holds from file://
    in Chromium and Firefox, so nothing leaves (the test above shows the log would see it)."""
    engine = quiet
    engine.goto((built.unzipped / "about.html").as_uri())
    engine.js("const img = new Image(); img.src = 'https://leak-check.invalid/x.png';"
              "document.body.append(img); return 0")
    time.sleep(3)
    requests, _ = engine.log()
    leaked = [r for r in requests if "leak-check.invalid" in r or r.startswith("http")]
    if engine.name == "webkit":
        # Measured: WebKitGTK 2.50's MiniBrowser lets this request out from file:// despite the
        # policy. The day it holds, this fails, so the exception goes.
        assert leaked, "WebKitGTK now applies the policy from file://: drop this exception"
        pytest.xfail("WebKitGTK does not apply a file:// page's policy to this request")
    assert not leaked, requests


# ---- what a reader does -----------------------------------------------------------------------

def test_search_finds_a_term_and_its_result_opens_the_page(quiet, site):
    engine = quiet
    open_page(engine, site.url("index"))
    engine.click(mark(engine, "return document.querySelector('input.md-search__input')",
                      what="search box"))
    wait_for(engine, "return document.activeElement.matches('input.md-search__input')",
             what="the search box to take focus")
    engine.type("mesotherapy")
    # Material answers each keystroke: wait until the list stops changing.
    results = "return [...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)"
    last = None
    for _ in range(50):
        now = engine.js(results)
        if now and now == last:
            break
        last = now
        time.sleep(0.2)
    assert now, f"{engine.name}/{site.name}: no search result for 'mesotherapy'"
    engine.click(mark(engine, "return document.querySelector('.md-search-result__item a')",
                      what="first search result"))
    wait_for(engine, "return /scalp-mesotherapy/.test(location.href)"
             " && document.readyState === 'complete'",
             what="the first result to open the scalp mesotherapy page")
    shown = engine.js("return document.querySelector('article h1').textContent")
    assert heading(site.html("scalp-mesotherapy")) in shown.replace("¶", "")
    assert_quiet(engine, site)


def _terms(site, stem: str) -> list[str]:
    """The definitions of a page's glossary terms, in document order (from the built HTML:
    in the browser, the tip mechanism may move the title elsewhere)."""
    return [a.get("title", "") for a in site.html(stem).select("article abbr")]


def _part(definition: str) -> str:
    """A distinctive part of a definition: its first seven words."""
    return " ".join(definition.split()[:7])


def test_tooltip_shows_a_definition_on_hover(quiet, site):
    engine = quiet
    open_page(engine, site.url("finasteride"))
    definitions = _terms(site, "finasteride")
    # The first term whose definition the page does not already show in its text.
    index = next(i for i, d in enumerate(definitions)
                 if d and not engine.js(SHOWN, _part(d)))
    target = mark(engine, "return document.querySelectorAll('article abbr')[arguments[0]]",
                  index, what=f"glossary term {index}")
    assert not engine.js(SHOWN, _part(definitions[index]))
    engine.hover(target)
    wait_for(engine, SHOWN, _part(definitions[index]), timeout=5,
             what=f"the definition {_part(definitions[index])!r} after hovering its term")
    assert_quiet(engine, site)


def test_tooltip_shows_a_definition_on_keyboard_focus(quiet, site):
    engine = quiet
    open_page(engine, site.url("finasteride"))
    definitions = _terms(site, "finasteride")
    # From the article's first link (the heading's permalink), Tab to the first term.
    # (Reaching that link from the top of the page is the Tab test below.)
    engine.js("document.querySelector('article a[href]').focus(); return 0")
    focused, stops = tab_until(engine, lambda f: f["term"] >= 0, limit=40)
    assert focused["term"] >= 0, f"{engine.name}: no glossary term in 40 Tab stops: {stops}"
    part = _part(definitions[focused["term"]])
    wait_for(engine, SHOWN, part, timeout=5,
             what=f"the definition {part!r} after Tab focused its term")
    assert_quiet(engine, site)


def test_dark_mode_toggles_and_stays_on_the_next_page(quiet, site):
    engine = quiet
    scheme = "return document.body.getAttribute('data-md-color-scheme')"
    toggle = ("return [...document.querySelectorAll('form[data-md-component=palette] label')]"
              ".find(l => l.getClientRects().length && l.checkVisibility())")
    open_page(engine, site.url("index"))
    try:
        assert engine.js(scheme) == "default"
        engine.click(mark(engine, toggle, what="palette toggle"))
        wait_for(engine, scheme + " === 'slate'", what="the dark scheme after the toggle")
        open_page(engine, site.url("finasteride"))
        assert engine.js(scheme) == "slate", f"{engine.name}/{site.name}: dark mode was lost"
        assert_quiet(engine, site)
    finally:
        engine.js("localStorage.clear(); return 0")


def test_tab_from_the_top_of_a_page_reaches_the_articles_first_link(quiet, site):
    """WebKit once looped skip link → logo → palette → search box → skip link (Material
    blurs the search box on Tab; docs/assets/javascripts/site.js, part 3)."""
    engine = quiet
    open_page(engine, site.url("finasteride"))
    focused, stops = tab_until(engine, lambda f: f["inArticle"], limit=80)
    assert focused["inArticle"], (f"{engine.name}/{site.name}: 80 Tab presses never reached "
                                  f"the article; stops: {' → '.join(stops[:12])} …")
    assert focused["isFirstLink"], (f"{engine.name}/{site.name}: Tab entered the article at "
                                    f"{focused['stop']}, not its first link {focused['firstLink']}")
    assert_quiet(engine, site)


class _Chromium:
    """Playwright's page with the two methods tab_until needs."""

    name = "chromium"

    def __init__(self, page):
        self.page = page

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def js(self, body: str, *args):
        return self.page.evaluate(f"a => (function () {{ {body} }}).apply(null, a)", list(args))


def test_tab_from_the_top_of_a_page_reaches_the_articles_first_link_in_chromium(page, site):
    page.goto(site.url("finasteride"))
    focused, stops = tab_until(_Chromium(page), lambda f: f["inArticle"], limit=80)
    assert focused["inArticle"], f"chromium/{site.name}: Tab never reached the article: {stops}"
    assert focused["isFirstLink"], (f"chromium/{site.name}: Tab entered the article at "
                                    f"{focused['stop']}, not its first link {focused['firstLink']}")
