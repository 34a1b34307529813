"""The steps after the engine (html/postbuild.py), on a small page."""

from __future__ import annotations

import base64
import hashlib

import pytest

from thinning_hair.html.postbuild import PostBuildError, finish_page, shim_frame_script
from thinning_hair.html.tags import splice, tags

PAGE = """<!doctype html><html><head>
<meta charset="utf-8">
<script>var theme = 1;</script>
</head><body>
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">
<a href="https://example.org/">theme link</a>
<article><p><a href="https://pubmed.ncbi.nlm.nih.gov/1/">paper</a> <a href="../x/">inside</a></p>
</article></body></html>"""


def sha(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_toggles_lose_autocomplete_and_only_the_articles_external_links_get_noopener():
    out = finish_page(PAGE, "x.html", csp=False)
    assert 'autocomplete="off"' not in out
    assert '<a rel="noopener" href="https://pubmed.ncbi.nlm.nih.gov/1/">' in out
    assert '<a href="https://example.org/">theme link</a>' in out
    assert '<a href="../x/">' in out


def test_the_policy_hashes_the_themes_bare_inline_scripts_and_follows_meta_charset():
    out = finish_page(PAGE, "x.html", csp=True)
    meta = out.split('<meta charset="utf-8">\n', 1)[1].split("\n", 1)[0]
    assert meta.startswith('<meta http-equiv="Content-Security-Policy"')
    assert f"script-src 'self' {sha('var theme = 1;')};" in meta
    assert "unsafe-inline" not in meta


def test_a_script_inside_the_article_is_never_hashed():
    page = PAGE.replace("</article>", "<script>alert(1)</script></article>")
    assert sha("alert(1)") not in finish_page(page, "x.html", csp=True)


def test_a_theme_without_the_two_toggles_stops_naming_the_file():
    with pytest.raises(PostBuildError, match="x.html: expected Material's 2 toggle"):
        finish_page(PAGE.replace('autocomplete="off"', ""), "x.html", csp=False)


def test_tags_give_exact_offsets_and_splice_leaves_other_bytes_alone():
    text = 'a\n<p class="x">b</p>\n<br>'
    found = tags(text)
    assert [text[t.start:t.end] for t in found] == ['<p class="x">', "<br>"]
    assert splice(text, [(found[1].start, found[1].end, "<hr>")]) == 'a\n<p class="x">b</p>\n<hr>'


# The shape of iframe-worker's shim (pinned in package.json): it writes this script into an
# iframe, which inherits the page's policy, so the offline policy must carry its hash.
SHIM = ('function c(s,n){parent.postMessage(s,n||"*")}function d(...s){return s.reduce((n,e)=>'
        'n.then(()=>{let t=1}))}var o=class{constructor(e){this.w.document.write(`<html><body>'
        '<script>postMessage=${c};importScripts=${d};addEventListener("error",({error})=>{'
        'parent.x({filename:"${e}",error})})<\\/script><script src=${e}?${+Date.now()}>'
        '<\\/script></body></html>`)}}')


def test_the_offline_policy_hashes_the_script_the_search_shim_writes():
    written = shim_frame_script(SHIM, "assets/w.js")
    assert written == ('postMessage=function c(s,n){parent.postMessage(s,n||"*")};importScripts='
                       'function d(...s){return s.reduce((n,e)=>n.then(()=>{let t=1}))};'
                       'addEventListener("error",({error})=>{parent.x({filename:"assets/w.js",'
                       'error})})')
    page = PAGE.replace("</head>", '<script id="__config" type="application/json">'
                        '{"search": "assets/w.js"}</script></head>')
    assert sha(written) in finish_page(page, "x.html", csp=True, shim=SHIM)
    assert sha(written) not in finish_page(page, "x.html", csp=True)


def test_a_changed_shim_or_theme_stops_the_build_naming_what_changed():
    with pytest.raises(PostBuildError, match="iframe-worker changed"):
        shim_frame_script("document.write(`<p>no script</p>`)", "w.js")
    with pytest.raises(PostBuildError, match="x.html: no search worker"):
        finish_page(PAGE, "x.html", csp=True, shim=SHIM)
