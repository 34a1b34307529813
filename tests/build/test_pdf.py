"""The print edition as a reader and a screen reader get it: the PDF that `make build` makes,
read with pypdf. Its text, outline, links, fonts and tags; the published edition serves it
and its home page links to it with its size. (Two builds giving the same bytes:
tests/build/test_reproducible_build.py, which compares dist/ and site/downloads/ too.)"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pypdf
import pytest

from thinning_hair import pdf
from thinning_hair.data import load
from thinning_hair.data.pages import front_matter
from thinning_hair.editions import print_edition_name, read_edition
from thinning_hair.project import Project

from pages import DOCS, INCLUDES, ROOT

PROJECT = Project(ROOT)
PUBLISHED = read_edition(PROJECT, "published")
ORDER = pdf.page_order(pdf.nav_pages(load(PROJECT).config["nav"]))


@pytest.fixture(scope="module")
def pdf_file(built) -> Path:
    path = built.root / "dist" / Path(print_edition_name(PUBLISHED)).name
    assert path.is_file(), f"make build made no print edition at {path}"
    return path


@pytest.fixture(scope="module")
def reader(pdf_file) -> pypdf.PdfReader:
    return pypdf.PdfReader(pdf_file)


@functools.lru_cache(maxsize=None)
def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def squeeze(text: str) -> str:
    """Text without whitespace: a PDF's words are placed, not spaced, so extraction may join
    or split them at line ends."""
    return re.sub(r"\s+", "", text)


def h1_title(source: str) -> str:
    return front_matter((DOCS / source).read_text(encoding="utf-8"), source)["title"]


def test_the_pdf_has_a_sane_number_of_pages(reader):
    # Cover, contents and at least one A4 page per site page; a runaway layout (a table
    # one word wide, a page per line) would give many more.
    assert len(ORDER) + 2 <= len(reader.pages) <= 40 * len(ORDER), len(reader.pages)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842), "not A4"


def test_the_cover_names_the_site_the_newest_review_and_says_it_is_not_advice(reader):
    cover = reader.pages[0].extract_text()
    newest = max(front_matter((DOCS / s).read_text(encoding="utf-8"), s)["reviewed"]
                 for s in ORDER)
    assert "Thinning hair: the evidence" in cover
    assert pdf.long_date(newest) in cover
    assert "Information, not medical advice" in cover


def test_every_page_of_nav_is_in_the_text_and_the_contents(reader, pdf_file):
    text = squeeze(_text(pdf_file))
    # pypdf's plain mode loses lines drawn after a leader; its layout mode keeps them.
    contents = squeeze(reader.pages[1].extract_text(extraction_mode="layout"))
    where = []
    for source in ORDER:
        title = squeeze(h1_title(source))
        assert title in text, f"{source}: its title is not in the PDF"
        assert re.search(re.escape(title) + r"\.+\d+", contents), \
            f"{source}: not in the contents list with a page number"
        where.append(contents.index(title))
    assert where == sorted(where), "the contents list is not in nav's order"
    assert ORDER[-1] == "glossary.md"


def test_the_outline_lists_the_pages_in_order(reader):
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    pages = [h1_title(source) for source in ORDER]
    # The outline's titles are the pages' headings; front matter titles may be longer.
    assert top[0] == "Contents" and len(top) == len(ORDER) + 1, top
    for heading, title in zip(top[1:], pages):
        assert squeeze(heading).lower() in squeeze(title).lower() or \
            squeeze(title).lower() in squeeze(heading).lower(), (heading, title)


def test_the_pregnancy_warning_and_a_citation_with_its_source_are_printed(pdf_file, reader):
    text = squeeze(_text(pdf_file))
    # The warning's title, from the snippet every decision page includes.
    first = (INCLUDES / "warnings" / "pregnancy-5ari.md").read_text(encoding="utf-8")
    title = re.search(r'^!!! \w+ "([^"]+)"', first, re.M).group(1)
    assert squeeze(title) in text, "the pregnancy warning is not in the PDF"
    # Kaufman 1998 is cited on the finasteride page: its reference is in that page's sources,
    # and the citation's number links to it inside the PDF.
    assert squeeze("Kaufman KD, et al. Journal of the American Academy of Dermatology") in text
    destinations = reader.named_destinations
    assert "finasteride--src-kaufman-1998" in destinations
    assert any(link == "finasteride--src-kaufman-1998" for link in internal_links(reader))


def internal_links(reader) -> list[str]:
    """The named destination of every link annotation that stays in the document."""
    out = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            action = action.get_object() if action is not None else None
            if annotation.get("/Dest") is not None:
                out.append(str(annotation["/Dest"]))
            elif action is not None and action.get("/S") == "/GoTo":
                out.append(str(action["/D"]))
    return out


def test_links_go_inside_the_pdf_or_to_the_web_never_to_a_file(reader):
    destinations = set(reader.named_destinations)
    internal = internal_links(reader)
    assert len(internal) > 100, "almost no link points inside the PDF"
    missing = sorted({d for d in internal if d not in destinations})
    assert not missing, f"links to nowhere in the PDF: {missing[:10]}"
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                uri = str(action.get_object()["/URI"])
                assert uri.startswith(("https://", "http://", "mailto:")), uri


def test_every_font_is_embedded_and_is_the_pinned_one(reader):
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts, "no fonts found"
    assert all(fonts.values()), f"not embedded: {[f for f, e in fonts.items() if not e]}"
    others = [f for f in fonts if "Atkinson-Hyperlegible" not in f]
    assert not others, \
        f"a machine's own font was used (a character the pinned font lacks?): {others}"


def test_the_pdf_is_tagged_with_a_title_and_a_language(reader):
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "not tagged"
    # == True, not truthiness: pypdf's BooleanObject(False) is truthy.
    assert root["/MarkInfo"]["/Marked"] == True, "MarkInfo does not say it is tagged"  # noqa: E712
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Thinning hair: the evidence"
    structure = root["/StructTreeRoot"].get_object()
    kinds, figures = set(), []

    def walk(node, depth=0):
        node = node.get_object()
        if isinstance(node, dict) or hasattr(node, "get"):
            if node.get("/S") is not None:
                kinds.add(str(node["/S"]))
            if node.get("/S") == "/Figure":
                figures.append(str(node.get("/Alt") or ""))
            kids = node.get("/K")
            if kids is not None:
                for kid in (kids if isinstance(kids, list) else [kids]):
                    if hasattr(kid, "get_object") and depth < 60:
                        walk(kid, depth + 1)
    walk(structure)
    for kind in ("/H1", "/H2", "/P", "/L", "/Table", "/Link"):
        assert kind in kinds, f"no {kind} in the structure tree: {sorted(kinds)}"
    # Every picture has its alternative text: the figures' accessible names.
    assert figures and all(figures), f"a figure without alternative text: {figures}"
    assert any(alt.startswith("Testosterone is turned into DHT") for alt in figures), figures


def test_the_dates_are_the_newest_review_not_the_clock(reader):
    newest = max(front_matter((DOCS / s).read_text(encoding="utf-8"), s)["reviewed"]
                 for s in ORDER)
    assert reader.metadata["/CreationDate"].startswith(f"D:{newest:%Y%m%d}")
    assert reader.metadata["/ModDate"].startswith(f"D:{newest:%Y%m%d}")


def test_the_published_edition_serves_it_and_the_home_page_links_to_it_with_its_size(
        built, pdf_file, served):
    import urllib.request

    served_copy = built.site / print_edition_name(PUBLISHED)
    assert served_copy.read_bytes() == pdf_file.read_bytes()
    link = built.soup(built.site / "index.html").select_one(".print-download a[download]")
    assert link is not None, "the home page does not link to the print edition"
    assert pdf.size_label(pdf_file.stat().st_size) in link.get_text()
    with urllib.request.urlopen(served + link["href"]) as response:
        assert response.read() == pdf_file.read_bytes()
