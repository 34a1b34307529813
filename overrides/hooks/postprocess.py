"""Build hook: the few things Material cannot be told to do in mkdocs.yml or a template block.

1. Offline edition: ship the iframe-worker shim from node_modules (pinned in package.json), so
   search starts from file:// without internet. Fails the build if `npm ci` has not run.
2. External links open nothing in our context: add rel="noopener" (and mark them for print).
3. Published edition: a Content-Security-Policy <meta> that allows only this site's own
   scripts, with a SHA-256 hash for each inline script Material writes (they differ per page,
   because they embed the page's base URL), and styles from the site only: no 'unsafe-inline'.
   Only the theme's scripts are hashed: the page's own content is left out when hashing, so a
   script written into a page would be blocked even if it got past overrides/hooks/checks.py
   (which rejects it at build time, naming the page).
   404.html gets it too. `mkdocs serve` (authors' preview) gets none: its live-reload
   script is inline.
4. HTML validity: Material's two hidden checkbox toggles carry autocomplete="off", which the
   Nu HTML Checker rejects on checkboxes (the attribute is only defined for text-like inputs
   and form controls that keep values). The toggles live outside every template block of
   base.html, so the attribute is removed here instead of copying the whole template.
5. robots.txt for the published edition, pointing at its sitemap (the address depends on
   site_url, which is set from the environment, so it cannot be a static file).
6. Output hygiene: drop source maps (and, offline, the sitemap) and lunr language packs (never loaded for an English
   site): about 2 MB that would otherwise go into the offline zip.
7. One stylesheet (both editions): Material's main and palette CSS and ours (extra_css) are
   merged, in the order the pages link them, into assets/stylesheets/site.<hash>.min.css,
   with the rules and custom properties that no page uses removed by PurgeCSS (npm, pinned in
   package.json). What counts as used: every class, id, tag and attribute value in the built
   HTML and in our site.js, and, as the safelist for what Material's JavaScript adds at run
   time (search results, table wrappers, header and navigation states), RUNTIME_CLASSES and
   the "md-…" and "data-md-…" names in Material's bundle: every state attribute, and every
   class of a component that some page has (md-search-result__item because the pages have
   an md-search-result; not md-tooltip2__inner or md-version__list: no page has either). Every page then links that one file instead of
   four render-blocking ones, and the four are removed. Material's files are read from the
   build output, never edited or committed. The result, and our site.js, are then minified
   by esbuild (npm, pinned): our sources keep their comments, readers do not download them.

Each step raises PluginError with the file and the problem rather than passing bad output on.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
SHIM_SOURCE = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
SHIM_TARGET = "assets/javascripts/iframe-worker-shim.js"
PURGECSS = ROOT / "node_modules" / "purgecss" / "bin" / "purgecss.js"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
# Classes Material's bundle adds that do not start with "md-" (step 7).
RUNTIME_CLASSES = ["js", "focus-visible", "js-focus-visible"]
_MATERIAL_NAME = re.compile(r"(?:data-)?md-[A-Za-z0-9_-]+")
_STYLESHEET = re.compile(r'[ \t]*<link rel="stylesheet" href="([^"]*?)(assets/stylesheets/[^"]+\.css)">\n?')

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
_EXTERNAL_LINK = re.compile(r'<a (?![^>]*\brel=)([^>]*\bhref="https?://[^"]*"[^>]*)>')


# `mkdocs serve` injects an inline live-reload script into every page it serves; a CSP
# without its hash would block it, so pages built for `serve` get no CSP. Builds always do.
_command = "build"


def on_startup(command, dirty):
    global _command
    _command = command


def _offline(config) -> bool:
    return config.extra.get("edition") == "offline"


def _wants_csp(config) -> bool:
    return not _offline(config) and _command != "serve"


def on_files(files, config):
    """Add the iframe-worker shim to the offline edition."""
    if not _offline(config):
        return files
    if SHIM_TARGET not in config.extra.get("polyfills", []):
        raise PluginError(f"mkdocs-offline.yml: extra.polyfills must list {SHIM_TARGET}")
    if not SHIM_SOURCE.is_file():
        raise PluginError(
            f"{SHIM_SOURCE.relative_to(ROOT)} is missing: run `make build` (it reinstalls "
            "missing npm packages) or `npm ci`."
        )
    files.append(File.generated(config, SHIM_TARGET, abs_src_path=str(SHIM_SOURCE)))
    return files


def on_page_content(html, page, config, files):
    """Give external links rel="noopener" (Material adds nothing to them)."""
    return _EXTERNAL_LINK.sub(r'<a rel="noopener" \1>', html)


def on_post_page(output, page, config):
    """Fix the toggles' markup and, on the published edition, add the CSP."""
    return _finish(output, page.file.src_uri, config, page.content or "")


def on_post_template(output, template_name, config):
    """404.html is a static template, so on_post_page never sees it: finish it the same way."""
    if template_name != "404.html":
        return output
    return _finish(output, template_name, config)


def _finish(output: str, name: str, config, content: str = "") -> str:
    """What every page and the 404 page get: the toggles fixed, then the CSP if wanted.
    `name` names the file in errors; `content` is the page's own HTML, never hashed."""
    output, count = _TOGGLE_AUTOCOMPLETE.subn(r"\1", output)
    if count != 2:
        raise PluginError(
            f"{name}: expected Material's 2 toggle inputs, found {count}; "
            "the theme's markup changed, so review overrides/hooks/postprocess.py"
        )
    if not _wants_csp(config):
        return output
    if content and content not in output:
        raise PluginError(f"{name}: the page's content is not in the theme's output as "
                          "written; review overrides/hooks/postprocess.py")
    return _add_csp(output, name, output.replace(content, "") if content else output)


def _add_csp(output: str, name: str, theme: str) -> str:
    """Put a CSP <meta> right after <meta charset>, hashing the inline scripts of `theme`
    (the output without the page's content); `name` names the file in the error."""
    hashes = sorted({
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(theme)
    })
    policy = "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(hashes),
        # Stylesheets from the site only: Material's JavaScript sets styles through the
        # CSSOM, which CSP does not restrict, so no 'unsafe-inline' is needed (the browser
        # tests record every violation while using tooltips, search and the palette).
        "style-src 'self'",
        # data: for the icons Material's CSS embeds as SVG data URIs.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    # The policy must come before the first script to cover it.
    head = output.find('<meta charset="utf-8">')
    if head < 0:
        raise PluginError(f"{name}: no <meta charset> to put the CSP after")
    end = head + len('<meta charset="utf-8">')
    return output[:end] + "\n" + meta + output[end:]


def on_post_build(config):
    """Write robots.txt; delete source maps and unused lunr language packs."""
    site = Path(config.site_dir)
    if _offline(config):
        # Files on disk have no address to list, and the sitemap's dates would make the zip
        # differ from one day's build to the next.
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site / name).unlink(missing_ok=True)
    else:
        if not config.site_url:
            raise PluginError("mkdocs.yml: site_url is empty; set SITE_URL or the default")
        (site / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\n\nSitemap: {config.site_url}sitemap.xml\n",
            encoding="utf-8")
    for path in site.rglob("*.map"):
        path.unlink()
    _one_stylesheet(site)
    lunr = site / "assets" / "javascripts" / "lunr"
    if lunr.is_dir():
        shutil.rmtree(lunr)


def _one_stylesheet(site: Path) -> None:
    """Step 7: merge and purge the stylesheets every page links into one, and link it."""
    pages = sorted(site.rglob("*.html"))
    home = site / "index.html"
    order = [m.group(2) for m in _STYLESHEET.finditer(home.read_text(encoding="utf-8"))]
    if len(order) < 2:
        raise PluginError(f"{home}: expected Material's and our stylesheets, found {order}")
    for tool in (PURGECSS, ESBUILD):
        if not tool.is_file():
            raise PluginError(f"{tool.relative_to(ROOT)} is missing: run `make build` (it "
                              "reinstalls missing npm packages) or `npm ci`.")
    merged = "\n".join((site / name).read_text(encoding="utf-8") for name in order)
    javascripts = site / "assets" / "javascripts"
    bundles = list(javascripts.glob("bundle.*.js"))
    if len(bundles) != 1:
        raise PluginError(f"{javascripts}: expected one Material bundle, found {bundles}")
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
            ["node", str(PURGECSS), "--css", str(source), "--output", str(Path(tmp) / "out"),
             "--variables", "--content", *map(str, pages), str(javascripts / "site.js"),
             str(safelist)],
            capture_output=True, text=True)
        purged = Path(tmp) / "out" / "site.css"
        if result.returncode != 0 or not purged.is_file():
            raise PluginError(f"PurgeCSS failed on {', '.join(order)}:\n{result.stderr[-2000:]}")
        css = _minify(purged, "css")
    script = javascripts / "site.js"
    script.write_text(_minify(script, "js"), encoding="utf-8")
    digest = hashlib.sha256(css.encode()).hexdigest()[:8]
    target = f"assets/stylesheets/site.{digest}.min.css"
    (site / target).write_text(css, encoding="utf-8")
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = [m.group(2) for m in _STYLESHEET.finditer(html)]
        if found != order:
            raise PluginError(f"{page}: links stylesheets {found}, not {order} like the home "
                              "page; review overrides/hooks/postprocess.py")
        first = True

        def link(match: re.Match) -> str:
            nonlocal first
            if not first:
                return ""
            first = False
            return match.group(0).replace(match.group(2), target)

        page.write_text(_STYLESHEET.sub(link, html), encoding="utf-8")
    for name in order:
        (site / name).unlink()


def _minify(path: Path, kind: str) -> str:
    """The file's text minified by esbuild (kind: "css" or "js"); fails loudly."""
    result = subprocess.run([str(ESBUILD), "--minify", f"--loader={kind}", "--log-level=warning"],
                            input=path.read_text(encoding="utf-8"), capture_output=True,
                            text=True)
    if result.returncode != 0 or not result.stdout.strip():
        raise PluginError(f"esbuild could not minify {path.name}:\n{result.stderr[-2000:]}")
    return result.stdout
