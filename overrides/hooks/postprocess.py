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

Each step raises PluginError with the file and the problem rather than passing bad output on.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
SHIM_SOURCE = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
SHIM_TARGET = "assets/javascripts/iframe-worker-shim.js"

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
    lunr = site / "assets" / "javascripts" / "lunr"
    if lunr.is_dir():
        shutil.rmtree(lunr)
