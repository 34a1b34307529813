"""After the engine: what Material cannot be told to do in mkdocs.yml or a template block.
Runs on the built folder, so it is the same whichever engine wrote the pages.

1. Offline edition: ship the iframe-worker shim from node_modules (pinned in package.json), so
   search starts from file:// without internet (mkdocs-offline.yml names it in extra.polyfills).
2. External links in a page's article get rel="noopener" (Material adds nothing to them).
3. Material's two hidden checkbox toggles lose autocomplete="off", which the Nu HTML Checker
   rejects on checkboxes; they sit outside every block of base.html, so this is done here.
4. Both editions: a Content-Security-Policy <meta> allowing only this site's scripts, with
   a SHA-256 hash for each inline <script> of the theme (outside the article: a script written
   into a page is never hashed, so it would be blocked even if it got past checks.py), and
   styles from the site only: no 'unsafe-inline'. 404.html gets it too. Offline, 'self' is
   the folder on disk, so a page opened from file:// can load nothing from any host; the
   iframe the search shim writes inherits the policy, so its one inline script is hashed too.
5. feed.xml, the Atom feed of change notes (generate/updates_feed.py): absolute links in the
   published edition, relative ones offline. robots.txt for the published edition, pointing
   at its sitemap (site_url comes from the environment, so it cannot be a static file);
   offline, no sitemap (no address, and its dates would change the zip daily).
6. Output hygiene: no source maps, no lunr language packs (never loaded for an English site).
7. One stylesheet: Material's main and palette CSS and ours merged, in the order the pages link
   them, into assets/stylesheets/site.<hash>.min.css, with what no page uses removed by
   PurgeCSS (npm, pinned). Used means: every class, id, tag and attribute value in the built
   HTML and in site.js, plus, for what Material's JavaScript adds at run time, RUNTIME_CLASSES
   and the "md-…"/"data-md-…" names in Material's bundle whose component some page has. Every
   page links that one file instead of four render-blocking ones. esbuild (npm, pinned) then
   minifies it and site.js: our sources keep their comments, readers do not download them.

Each step raises PostBuildError naming the file and the problem rather than passing bad output on.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .. import data as site_data
from ..generate import updates_feed
from ..project import Project, SiteError
from .tags import Tag, splice, tags

SHIM_TARGET = "assets/javascripts/iframe-worker-shim.js"
# Classes Material's bundle adds that do not start with "md-" (step 7).
RUNTIME_CLASSES = ["js", "focus-visible", "js-focus-visible"]
_MATERIAL_NAME = re.compile(r"(?:data-)?md-[A-Za-z0-9_-]+")
STYLESHEETS = "assets/stylesheets/"


class PostBuildError(SiteError):
    """The built output is not what this step expects; the message names the file."""


def run(site: Path, project: Project, *, edition: str, site_url: str | None,
        polyfills: list[str] | None = None) -> None:
    """Every step, in order, over the built folder `site`."""
    if edition == "offline":
        add_shim(site, project, polyfills or [])
    styles = shadow_style_hashes(site)
    shim = (site / SHIM_TARGET).read_text(encoding="utf-8") if edition == "offline" else None
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        finished = finish_page(text, page.relative_to(site).as_posix(),
                               csp=True, noopener=page.name != "404.html",
                               style_hashes=styles, shim=shim)
        if finished != text:
            page.write_text(finished, encoding="utf-8")
    updates_feed.write(site, site_data.load(project),
                       site_url=None if edition == "offline" else site_url)
    if edition == "offline":
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site / name).unlink(missing_ok=True)
    else:
        if not site_url:
            raise PostBuildError("mkdocs.yml: site_url is empty; set SITE_URL or the default")
        (site / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n", encoding="utf-8")
    for path in site.rglob("*.map"):
        path.unlink()
    one_stylesheet(site, project)
    lunr = site / "assets" / "javascripts" / "lunr"
    if lunr.is_dir():
        shutil.rmtree(lunr)


# Zensical's bundle puts its search dialog in a shadow root with one <style> element whose text
# is a string constant: `X='…'` … `C("style",{},X.toString())`. Material's bundle has none.
_STYLE_ELEMENT = re.compile(r'\("style",\{\},(\w+)\.toString\(\)\)')


def shadow_style_hashes(site: Path) -> tuple[str, ...]:
    """CSP hashes of the <style> elements the theme's bundle inserts at run time."""
    out = []
    for bundle in (site / "assets" / "javascripts").glob("bundle.*.js"):
        code = bundle.read_text(encoding="utf-8")
        for name in _STYLE_ELEMENT.findall(code):
            literal = re.search(rf"\b{name}='((?:[^'\\]|\\.)*)'", code)
            if literal is None:
                raise PostBuildError(f"{bundle.name}: style constant {name} not found")
            text = literal[1].encode().decode("unicode_escape") if "\\" in literal[1] else literal[1]
            out.append(_sha256(text))
    return tuple(sorted(set(out)))


def add_shim(site: Path, project: Project, polyfills: list[str]) -> None:
    """Step 1."""
    if SHIM_TARGET not in polyfills:
        raise PostBuildError(f"mkdocs-offline.yml: extra.polyfills must list {SHIM_TARGET}")
    source = project.node_modules / "iframe-worker" / "shim" / "index.js"
    if not source.is_file():
        raise PostBuildError(f"{project.relative(source)} is missing: run `make build` (it "
                             "reinstalls missing npm packages) or `npm ci`.")
    target = site / SHIM_TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def finish_page(text: str, name: str, *, csp: bool, noopener: bool = True,
                style_hashes: tuple[str, ...] = (), shim: str | None = None) -> str:
    """Steps 2-4 for one page; `name` names it in errors; `shim` is the offline search shim."""
    found = tags(text)
    edits = []
    toggles = [t for t in found if t.name == "input" and t.has_class("md-toggle")
               and t.attrs.get("autocomplete") == "off"]
    if len(toggles) != 2:
        raise PostBuildError(f"{name}: expected Material's 2 toggle inputs, found "
                             f"{len(toggles)}; the theme's markup changed: review "
                             "html/postbuild.py")
    for tag in toggles:
        raw = text[tag.start:tag.end]
        edits.append((tag.start, tag.end, raw.replace(' autocomplete="off"', "", 1)))
    for tag in found:
        href = tag.attrs.get("href") or ""
        if (noopener and tag.name == "a" and "article" in tag.inside and "rel" not in tag.attrs
                and href.startswith(("http://", "https://"))):
            edits.append((tag.start, tag.start + len("<a"), '<a rel="noopener"'))
    if csp:
        charset = next((t for t in found if t.name == "meta" and "charset" in t.attrs), None)
        if charset is None:
            raise PostBuildError(f"{name}: no <meta charset> to put the CSP after")
        frame = (shim_frame_script(shim, search_worker(found, name), name),) if shim else ()
        edits.append((charset.end, charset.end,
                      "\n" + csp_meta(found, style_hashes, frame)))
    return splice(text, edits)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def csp_meta(found: list[Tag], style_hashes: tuple[str, ...] = (),
             scripts: tuple[str, ...] = ()) -> str:
    """Step 4's <meta>: hashes of the theme's inline scripts (bare <script>, outside <article>)
    and of `scripts`, inline scripts written at run time."""
    hashes = sorted({_sha256(t.body or "") for t in found
                     if t.name == "script" and not t.attrs and "article" not in t.inside}
                    | {_sha256(text) for text in scripts})
    policy = "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(hashes),
        # Material sets styles through the CSSOM, which CSP does not restrict, so no
        # 'unsafe-inline' (the browser tests record every violation).
        "style-src " + " ".join(["'self'", *style_hashes]),
        # data: for the icons Material's CSS embeds as SVG data URIs.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def search_worker(found: list[Tag], name: str) -> str:
    """The search worker's address as the page's Material config gives it."""
    config = next((t for t in found if t.name == "script" and t.attrs.get("id") == "__config"),
                  None)
    try:
        return json.loads(config.body or "")["search"]
    except (AttributeError, ValueError, KeyError, TypeError):
        raise PostBuildError(f"{name}: no search worker in Material's __config script; the "
                             "theme's markup changed: review html/postbuild.py") from None


# iframe-worker's shim writes `<script>postMessage=${c};importScripts=${d};…"${e}"…</script>`
# into an iframe: c and d are its own functions (their source text), e the worker's address.
_SHIM_FRAME = re.compile(r"document\.write\(`[^`]*?<script>(.*?)<\\/script>")


def shim_frame_script(shim: str, worker: str, name: str = SHIM_TARGET) -> str:
    """The text of the inline script the shim writes, as the browser will hash it."""
    frame = _SHIM_FRAME.search(shim)
    if frame is None:
        raise PostBuildError(f"{SHIM_TARGET}: the iframe script was not found; the pinned "
                             f"iframe-worker changed: review html/postbuild.py ({name})")

    def value(match: re.Match) -> str:
        if match[1] == "e":
            return worker
        start = shim.find(f"function {match[1]}(")
        if start < 0:
            raise PostBuildError(f"{SHIM_TARGET}: function {match[1]} not found; the pinned "
                                 "iframe-worker changed: review html/postbuild.py")
        depth, end = 0, shim.index("{", start)
        for end in range(end, len(shim)):  # the function's text runs to its closing brace
            depth += {"{": 1, "}": -1}.get(shim[end], 0)
            if depth == 0:
                break
        return shim[start:end + 1]

    return re.sub(r"\$\{(\w+)\}", value, frame[1])


def _stylesheet_links(text: str) -> list[Tag]:
    return [t for t in tags(text) if t.name == "link" and t.attrs.get("rel") == "stylesheet"
            and STYLESHEETS in (t.attrs.get("href") or "")
            and (t.attrs.get("href") or "").endswith(".css")]


def _local(href: str) -> str:
    return href[href.index(STYLESHEETS):]


def one_stylesheet(site: Path, project: Project) -> None:
    """Step 7: merge and purge the stylesheets every page links into one, and link it."""
    pages = sorted(site.rglob("*.html"))
    home = site / "index.html"
    order = [_local(t.attrs["href"]) for t in _stylesheet_links(home.read_text(encoding="utf-8"))]
    if len(order) < 2:
        raise PostBuildError(f"{home}: expected Material's and our stylesheets, found {order}")
    purgecss = project.node_modules / "purgecss" / "bin" / "purgecss.js"
    esbuild = project.node_modules / ".bin" / "esbuild"
    for tool in (purgecss, esbuild):
        if not tool.is_file():
            raise PostBuildError(f"{project.relative(tool)} is missing: run `make build` (it "
                                 "reinstalls missing npm packages) or `npm ci`.")
    merged = "\n".join((site / name).read_text(encoding="utf-8") for name in order)
    javascripts = site / "assets" / "javascripts"
    bundles = list(javascripts.glob("bundle.*.js"))
    if len(bundles) != 1:
        raise PostBuildError(f"{javascripts}: expected one Material bundle, found {bundles}")

    def block(name: str) -> str:
        return name.split("__")[0].split("--")[0]

    on_pages = {block(name) for page in pages
                for name in _MATERIAL_NAME.findall(page.read_text(encoding="utf-8"))}
    runtime = sorted({name for name in _MATERIAL_NAME.findall(bundles[0].read_text(
        encoding="utf-8")) if name.startswith("data-") or block(name) in on_pages})
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "site.css"
        source.write_text(merged, encoding="utf-8")
        safelist = Path(tmp) / "runtime-classes.txt"
        safelist.write_text(" ".join(runtime + RUNTIME_CLASSES), encoding="utf-8")
        result = subprocess.run(
            ["node", str(purgecss), "--css", str(source), "--output", str(Path(tmp) / "out"),
             "--variables", "--content", *map(str, pages), str(javascripts / "site.js"),
             str(safelist)],
            capture_output=True, text=True)
        purged = Path(tmp) / "out" / "site.css"
        if result.returncode != 0 or not purged.is_file():
            raise PostBuildError(f"PurgeCSS failed on {', '.join(order)}:\n{result.stderr[-2000:]}")
        css = minify(purged, "css", esbuild)
    script = javascripts / "site.js"
    script.write_text(minify(script, "js", esbuild), encoding="utf-8")
    digest = hashlib.sha256(css.encode()).hexdigest()[:8]
    target = f"{STYLESHEETS}site.{digest}.min.css"
    (site / target).write_text(css, encoding="utf-8")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        links = _stylesheet_links(text)
        found = [_local(t.attrs["href"]) for t in links]
        if found != order:
            raise PostBuildError(f"{page}: links stylesheets {found}, not {order} like the home "
                                 "page; review html/postbuild.py")
        first, rest = links[0], links[1:]
        raw = text[first.start:first.end]
        edits = [(first.start, first.end, raw.replace(order[0], target))]
        for tag in rest:  # each removed with its line's indent and its newline
            start, end = tag.start, tag.end
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            if text[end:end + 1] == "\n":
                end += 1
            edits.append((start, end, ""))
        page.write_text(splice(text, edits), encoding="utf-8")
    for name in order:
        (site / name).unlink()


def minify(path: Path, kind: str, esbuild: Path) -> str:
    """The file's text minified by esbuild (kind: "css" or "js"); fails loudly."""
    result = subprocess.run([str(esbuild), "--minify", f"--loader={kind}", "--log-level=warning"],
                            input=path.read_text(encoding="utf-8"), capture_output=True,
                            text=True)
    if result.returncode != 0 or not result.stdout.strip():
        raise PostBuildError(f"esbuild could not minify {path.name}:\n{result.stderr[-2000:]}")
    return result.stdout
