"""The figures in a real Chromium (their data and the built pages: tests/build/test_figures.py):
each fits a 390 px screen, its marks keep 3:1 contrast in the light and the dark scheme, it
prints in black and white without breaking, and in the dark scheme it is drawn, not blank."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from pages import FIGURES as PLACEMENT
from pages import figure_data as data
from reader import open_collapsed


FIGURE_PAGES = sorted({page.removesuffix(".md") + "/" for page in PLACEMENT.values()})
# Pages with a drawn figure (fact boxes are tables, with no SVG).
SVG_PAGES = sorted({page.removesuffix(".md") + "/" for name, page in PLACEMENT.items()
                    if data(name)["kind"] not in ("factbox", "nonumbers")})

# For each kind of mark: the CSS property that carries its colour.
_COLOURS_JS = """() => {
  const marks = [['text', 'fill'], ['.fig-icon--extra', 'fill'], ['.fig-icon--anyway', 'stroke'],
    ['.fig-icon--none', 'stroke'], ['.fig-bar:not(.fig-bar--missing)', 'fill'], ['.fig-thin', 'fill'],
    ['.fig-head', 'stroke'], ['.fig-line', 'stroke'], ['.fig-box', 'stroke'],
    ['.fig-block', 'stroke'], ['.fig-bulb', 'fill'], ['.fig-hair', 'stroke'],
    ['.fig-bracket', 'stroke'], ['.fig-bar--missing', 'stroke'], ['.fig-skin', 'stroke']];
  const out = [];
  for (const [selector, property] of marks)
    for (const el of document.querySelectorAll('.fig__svg ' + selector))
      out.push({selector, colour: getComputedStyle(el)[property],
                figure: el.closest('figure').id});
  return {marks: out, background: getComputedStyle(document.body).backgroundColor};
}"""


def _rgba(text: str) -> tuple[float, float, float, float]:
    values = [float(v) for v in re.findall(r"[\d.]+", text)]
    assert len(values) in (3, 4), text
    return (*values[:3], values[3] if len(values) == 4 else 1.0)


def _luminance(rgb) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(colour: str, background: str) -> float:
    *fg, alpha = _rgba(colour)
    *bg, _ = _rgba(background)
    blended = [alpha * f + (1 - alpha) * b for f, b in zip(fg, bg)]
    lighter, darker = sorted([_luminance(blended), _luminance(bg)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_figure_marks_have_3_to_1_contrast_in_both_schemes(new_context, served, scheme):
    page = new_context(color_scheme=scheme).new_page()
    low = []
    for path in SVG_PAGES:
        page.goto(served + path)
        expected = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        found = page.evaluate(_COLOURS_JS)
        assert found["marks"], f"{path}: no figure marks found"
        for mark in found["marks"]:
            ratio = contrast(mark["colour"], found["background"])
            if ratio < 3:
                low.append(f"{mark['figure']} {mark['selector']}: {mark['colour']} "
                           f"on {found['background']} = {ratio:.2f}")
    assert not low, sorted(set(low))


@pytest.mark.browser
@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_figures_fit_a_390_px_screen(new_context, served, path):
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(served + path)
    overflow = page.evaluate("""() => [
        document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ...[...document.querySelectorAll('figure.fig')].map(f => [f.id,
            f.scrollWidth - f.clientWidth, f.getBoundingClientRect().right - innerWidth])]""")
    assert overflow[0] <= 0, f"{path}: the page scrolls sideways by {overflow[0]} px"
    for name, inner, outside in overflow[1:]:
        assert inner <= 0 and outside <= 0, f"{name}: overflows by {max(inner, outside)} px"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_figures_print_in_black_and_white_without_breaking(new_context, served, scheme):
    """Printed from either scheme, the marks are black on white paper: the fact box on the
    finasteride page, and the five figures on the evidence page."""
    page = new_context(color_scheme=scheme).new_page()
    styles, text = [], ""
    for path in ("finasteride/", "finasteride-evidence/"):
        page.goto(served + path)
        page.emulate_media(media="print")
        styles += page.evaluate("""() => [...document.querySelectorAll('figure.fig')].map(f => ({
            id: f.id, breakInside: getComputedStyle(f).breakInside,
            text: getComputedStyle(f.querySelector('svg text') || f).fill,
            mark: (el => el ? getComputedStyle(el).fill : null)(
                f.querySelector('.fig-icon--extra, .fig-bar, .fig-bulb'))}))""")
        pdf = page.pdf(format="A4", print_background=False)
        text += " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
                         .split())
    assert len(styles) == 6, styles
    for s in styles:
        assert s["breakInside"] == "avoid", s
        if s["mark"] is not None:
            assert s["mark"] == "rgb(0, 0, 0)" and s["text"] == "rgb(0, 0, 0)", s
    for words in ["Fact box: finasteride 1 mg tablets", "3.8%", "Testosterone",
                  "+138", "felt their hair had improved"]:
        assert words in text, f"{words!r} is missing from the printout"


@pytest.mark.browser
def test_figures_are_drawn_in_dark_mode(new_context, served, tmp_path):
    """A screenshot of each figure in the dark scheme is not blank: it has both light and
    dark pixels (marks drawn on the dark background)."""
    page = new_context(color_scheme="dark", viewport={"width": 390, "height": 844}).new_page()
    for path in FIGURE_PAGES:
        page.goto(served + path)
        open_collapsed(page)  # figures in closed "More: …" sections too
        for figure in page.locator("figure.fig").all():
            # Below the first screen a figure is drawn when it comes near the screen
            # (site.css, content-visibility): wait for that frame, as a reader's scroll does.
            figure.scroll_into_view_if_needed()
            figure.evaluate("""f => new Promise(done => { const ready = () =>
                f.firstElementChild.checkVisibility({contentVisibilityAuto: true})
                    ? done() : requestAnimationFrame(ready); ready(); })""")
            png = figure.screenshot()
            # PNG rows are compressed: a blank figure compresses to almost nothing.
            assert len(png) > 4000, f"{figure.get_attribute('id')}: looks blank in dark mode"
