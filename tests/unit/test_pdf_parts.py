"""The print edition's pure parts (src/thinning_hair/pdf/): page order from nav, links and ids
made to work inside one document, the home page's link, the pictures' stylesheet. No
WeasyPrint run here: tests/build/test_pdf.py reads the PDF a real build makes."""

from __future__ import annotations

import lxml.html
import pytest

from thinning_hair import pdf
from thinning_hair.data import load
from thinning_hair.project import Project

from pages import ROOT

ANCHORS = {"index.html": "index", "finasteride.html": "finasteride",
           "glossary.html": "glossary"}
SITE = "https://example.org/site/"


def test_nav_pages_are_in_reading_order_with_sections_flattened():
    nav = [{"Home": "index.md"}, {"Drugs": [{"Finasteride": "finasteride.md"},
                                            {"Elsewhere": "https://example.org/"}]},
           "about.md", {"Glossary": "glossary.md"}]
    assert pdf.nav_pages(nav) == ["index.md", "finasteride.md", "about.md", "glossary.md"]


def test_the_glossary_goes_to_the_back_and_the_rest_keep_nav_order():
    assert pdf.page_order(["index.md", "glossary.md", "sources.md", "about.md"]) == \
        ["index.md", "sources.md", "about.md", "glossary.md"]


def test_the_real_nav_gives_every_page_once_with_the_glossary_last():
    data = load(Project(ROOT))
    order = pdf.page_order(pdf.nav_pages(data.config["nav"]))
    assert order[-1] == "glossary.md" and order[0] == "index.md"
    on_disk = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert sorted(order) == sorted(on_disk), "a page of docs/ is missing from the print edition"


@pytest.mark.parametrize("href, expected", [
    ("#pregnancy", "#finasteride--pregnancy"),
    ("glossary.html#placebo", "#glossary--placebo"),
    ("glossary.html", "#glossary"),
    ("index.html", "#index"),
    ("./glossary.html#a", "#glossary--a"),
    # Not in the PDF: the published edition's address (directory URLs).
    ("about.html#report-an-error", SITE + "about/#report-an-error"),
    ("downloads/x.zip", SITE + "downloads/x.zip"),
    # Elsewhere: as it is.
    ("https://doi.org/10.1/x", "https://doi.org/10.1/x"),
    ("mailto:a@example.org", "mailto:a@example.org"),
])
def test_links_point_inside_the_pdf_or_to_the_web(href, expected):
    assert pdf.rewrite_href(href, "finasteride.html", ANCHORS, SITE) == expected


def test_the_home_page_of_the_published_site_is_its_root():
    assert pdf.published_url("index.html", SITE) == SITE
    assert pdf.published_url("about.html", SITE) == SITE + "about/"


def test_ids_and_every_reference_to_them_get_the_page_prefix():
    article = lxml.html.fragment_fromstring(
        '<article><h2 id="risks">Risks</h2>'
        '<table><tr><th id="c1">A</th><td headers="c1 r1">x</td></tr></table>'
        '<label for="q">Q</label>'
        '<svg><defs><clipPath id="clip"/><symbol id="icon"/></defs>'
        '<g clip-path="url(#clip)"><use href="#icon"/></g></svg>'
        '<a href="#risks">up</a></article>')
    pdf.prefix_ids(article, "finasteride")
    html = lxml.html.tostring(article, encoding="unicode")
    assert 'id="finasteride--risks"' in html
    assert 'headers="finasteride--c1 finasteride--r1"' in html
    assert 'for="finasteride--q"' in html
    assert 'url(#finasteride--clip)' in html and 'href="#finasteride--icon"' in html
    # Links are rewrite_href's job (it also knows the other pages): left alone here.
    assert '<a href="#risks">' in html


def test_chrome_goes_and_details_open():
    article = lxml.html.fragment_fromstring(
        '<article><h1>Title<a class="headerlink" href="#t">¶</a></h1>'
        '<div class="offline-download"><a>zip</a></div><script>x()</script>'
        '<details><summary>Sources</summary><ol><li>A</li></ol></details>'
        '<p>kept <button>b</button>tail</p></article>')
    pdf.strip_chrome(article)
    html = lxml.html.tostring(article, encoding="unicode")
    assert "headerlink" not in html and "offline-download" not in html
    assert "<script" not in html and "<button" not in html
    assert "<details open" in html and "kept tail" in html


def test_the_home_page_link_says_the_size_and_comes_after_the_zip():
    home = ('<main><div class="offline-download"><p><a href="z.zip" download>zip</a></p></div>\n'
            '<aside class="review-dates">dates</aside></main>')
    out = pdf.home_page_link(home, "downloads/x.pdf", 1_500_000)
    assert out.index("z.zip") < out.index('href="downloads/x.pdf"') < out.index("<aside")
    assert "(PDF, 1.4 MB)" in out
    inserted = out[out.index('<div class="offline-download print'):out.index("<aside")]
    assert out.replace(inserted, "") == home, "a byte of the page around the link changed"


def test_a_home_page_without_the_download_box_is_an_error_naming_the_template():
    with pytest.raises(pdf.PdfError, match="offline-download.html"):
        pdf.home_page_link("<p>no box</p>", "x.pdf", 10)


@pytest.mark.parametrize("size, label", [(900, "1 KB"), (512 * 1024, "512 KB"),
                                         (999 * 1024, "999 KB"), (1_048_161, "1.0 MB"),
                                         (1024 * 1024 * 3 // 2, "1.5 MB")])
def test_sizes_read_as_a_reader_reads_them(size, label):
    assert pdf.size_label(size) == label


def test_the_pictures_get_the_print_colours_without_var_or_media():
    css = pdf.svg_stylesheet((ROOT / "docs/assets/stylesheets/figures.css").read_text(),
                             pdf.STYLESHEET.read_text())
    assert "var(" not in css and "@media" not in css and ".md-typeset" not in css
    assert ".fig-thin { fill: #666 }" in css  # the print rule, after the screen one
    assert css.index(".fig-thin { fill: #666 }") > css.index(".fig-thin { fill: #000 }")
    assert f'font-family: "{pdf.FONT_NAME}"' in css.splitlines()[-1]


def test_the_pdf_fetches_nothing_from_the_network():
    from weasyprint.urls import FatalURLFetchingError

    fetcher = pdf._url_fetcher()
    with pytest.raises(FatalURLFetchingError, match="network"):
        fetcher.fetch("https://example.org/font.woff2")
    assert fetcher.fetch(pdf.STYLESHEET.as_uri()).read().startswith(b"/*")


def test_pictures_get_their_stylesheet_and_their_name_as_a_title():
    article = lxml.html.fragment_fromstring(
        '<article><svg role="img" aria-label="Ten men"><rect/></svg>'
        '<svg class="fig__swatch" aria-hidden="true"><rect/></svg></article>')
    pdf.prepare_pictures(article, ".fig-bar { fill: #000 }")
    named, swatch = article.findall("svg")
    assert named[0].tag == "title" and named[0].text == "Ten men"
    assert named[1].tag == "style" and named[1].text == ".fig-bar { fill: #000 }"
    assert swatch.find("title").text == pdf.KEY_SYMBOL
