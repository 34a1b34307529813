"""The figures (scripts/figures.py) are drawn from one data file each and cannot drift: the
generated snippets match their data, two runs give the same bytes, each figure is on its page
in both editions with its accessible name and the data file's numbers, each weighs at most
8 KB gzip, carries no inline style or script, and in Chromium it fits a 390 px screen, stays
at 3:1 contrast in light and dark, and prints in black and white without breaking."""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

import figures  # scripts/figures.py (conftest puts scripts/ on the path)
from pages import built_page

# Where each figure belongs. The include lines live in the pages (see the commit "Place
# figures: ..."); this map is what the tests hold them to.
PLACEMENT = {
    "finasteride-factbox": "finasteride.md",
    "finasteride-icons-benefit": "finasteride.md",
    "finasteride-icons-harm": "finasteride.md",
    "finasteride-mechanism": "finasteride.md",
    "finasteride-hair-counts": "finasteride.md",
    "spray-factbox": "finasteride.md",
    "mesotherapy-factbox": "scalp-mesotherapy.md",
    "injection-factbox": "finasteride-injection.md",
    "hair-loss-scales": "hair-loss.md",
}
MAX_GZIP = 8 * 1024
FORBIDDEN = re.compile(r"\sstyle=|<style|<script|\son[a-z]+=", re.I)


def data(name: str) -> dict:
    return yaml.safe_load((figures.DATA / f"{name}.yml").read_text(encoding="utf-8"))


def expected_numbers(name: str) -> list[str]:
    """The numbers a reader must find in a figure's text, as the generator writes them, taken
    straight from the data file."""
    d, n = data(name), figures.num
    if d["kind"] == "factbox":
        out = []
        for group in d["groups"]:
            for row in group["rows"]:
                out += [f"{n(p)}%" for p in row.get("percent", [])]
                out += [n(v) for v in row.get("values", [])]
                out += re.findall(r"\d[\d.,]*%?", " ".join(row.get("text", [])) + row.get("note", ""))
        return out
    if d["kind"] == "nonumbers":
        return [n for row in d["rows"] for n in re.findall(r"\d[\d.]*%?", row["text"])]
    if d["kind"] == "icons":
        fig = figures.Figure(figures.DATA / f"{name}.yml", figures.reference_ids())
        counts = figures.icon_counts(fig)
        shown = [str(v) for v in counts.values() if v]
        if "extra_percent" in d:  # only the difference is known: the rest are "same result"
            return shown
        return shown + [f"{n(d['treated_percent'])}%", f"{n(d['control_percent'])}%"]
    if d["kind"] == "bars":
        return [n(b["value"]) for b in d["bars"] if b["value"] is not None] + [n(d["baseline"])]
    if d["kind"] == "mechanism":
        return [f"{d['scalp_dht_fall']}%", f"{d['placebo_dht_fall']}%"]
    if d["kind"] == "scales":
        return [s["stage"] for s in d["men"]["stages"] + d["women"]["stages"]]
    raise AssertionError(f"{name}: no expected numbers for kind {d['kind']!r}")


# ---- generator ----------------------------------------------------------------------------

def test_every_data_file_has_a_place_and_every_place_a_data_file():
    assert sorted(p.stem for p in figures.DATA.glob("*.yml")) == sorted(PLACEMENT)


def test_generated_figures_match_their_data():
    stale = [str(p.relative_to(figures.ROOT)) for p, text in figures.outputs().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"out of date: {stale}; run `make figures`"


def test_two_runs_give_the_same_bytes():
    first, second = figures.outputs(), figures.outputs()
    assert {p: t.encode() for p, t in first.items()} == {p: t.encode() for p, t in second.items()}


@pytest.mark.parametrize("name", sorted(PLACEMENT))
def test_figure_is_small_and_has_no_inline_style_script_or_handlers(name):
    text = (figures.OUT / f"{name}.md").read_text(encoding="utf-8")
    assert not FORBIDDEN.search(text), f"{name}: {FORBIDDEN.search(text).group(0)!r}"
    weight = len(gzip.compress(text.encode(), mtime=0))
    assert weight <= MAX_GZIP, f"{name}: {weight} bytes gzip"
    for svg in re.findall(r"<svg\b[^>]*>", text):
        assert 'viewBox="' in svg and ("aria-hidden" in svg or 'width="100%"' in svg), svg
    assert text.count("<figure") == 1 and "<figcaption" in text


def test_a_bad_data_file_fails_and_names_the_file(tmp_path, monkeypatch):
    source = (figures.DATA / "finasteride-icons-harm.yml").read_text(encoding="utf-8")
    (tmp_path / "broken.yml").write_text(source.replace("propecia-label-us:", "no-such-ref:"),
                                         encoding="utf-8")
    monkeypatch.setattr(figures, "DATA", tmp_path)
    monkeypatch.setattr(figures, "ROOT", tmp_path.parent)
    with pytest.raises(figures.FigureError, match=r"broken\.yml: source ids not in "
                                                  r"includes/references\.yml: \['no-such-ref'\]"):
        figures.outputs()


def test_icon_counts_add_up_to_100_and_follow_the_percentages():
    for name in ("finasteride-icons-benefit", "finasteride-icons-harm"):
        fig = figures.Figure(figures.DATA / f"{name}.yml", figures.reference_ids())
        counts = figures.icon_counts(fig)
        assert sum(counts.values()) == 100
        if "extra_percent" in fig.data:  # a review that gives only the difference
            assert counts == {"anyway": 0, "extra": figures.whole(fig.data["extra_percent"]),
                              "none": 100 - figures.whole(fig.data["extra_percent"])}
        else:
            assert counts["anyway"] + counts["extra"] == figures.whole(fig.data["treated_percent"])


def test_factbox_numbers_match_the_finasteride_page():
    """Where docs/finasteride.md states the same facts, the numbers are identical."""
    page = (figures.ROOT / "docs" / "finasteride.md").read_text(encoding="utf-8")
    for number in ["1,553", "876", "107", "138", "3.8%", "2.1%", "1.8%", "1.3%", "0.7%",
                   "1.2%", "1.4%", "1.6%", "64%", "13%", "34.5%", "55.6%"]:
        assert number in page, f"finasteride.md no longer states {number}: check the figures"
    box = data("finasteride-factbox")
    harms = {row["label"]: row["percent"] for row in box["groups"][1]["rows"] if "percent" in row}
    assert harms["Any sexual side effect"] == [2.1, 3.8]
    assert harms["Lower sex drive"] == [1.3, 1.8]
    assert harms["Problems getting or keeping an erection"] == [0.7, 1.3]
    assert harms["Problems with ejaculation, mostly less semen"] == [0.7, 1.2]
    assert harms["Stopped the trial because of a side effect"] == [1.6, 1.4]
    assert [b["value"] for b in data("finasteride-hair-counts")["bars"]] == [107, 138, None]


# ---- the built site ------------------------------------------------------------------------

@pytest.mark.parametrize("edition", ["published", "offline"])
@pytest.mark.parametrize("name", sorted(PLACEMENT))
def test_figure_is_on_its_page_with_its_name_and_numbers(built, edition, name):
    site = built.site if edition == "published" else built.offline
    soup = built.soup(built_page(site, PLACEMENT[name]))
    found = soup.select(f"article figure#{name}")
    assert len(found) == 1, f"{name}: not on {PLACEMENT[name]} ({edition})"
    fig = found[0]
    caption = fig.find("figcaption")
    assert caption is not None and caption.get_text(strip=True)
    text = " ".join(fig.get_text(" ").split())
    svgs = fig.select("svg.fig__svg")
    for svg in svgs:
        assert svg.get("role") == "img" and svg.get("aria-label"), f"{name}: SVG has no name"
    names = " ".join(svg["aria-label"] for svg in svgs)
    for number in expected_numbers(name):
        assert number in text, f"{name}: {number!r} missing from the figure's text"
        if svgs and data(name)["kind"] in ("icons", "bars", "mechanism"):
            assert number.rstrip("%") in names, f"{name}: {number!r} missing from the SVG's name"
    # Citations are real links: numbered citations (overrides/hooks/citations.py).
    assert fig.select("a.cite[href^='#src-']"), f"{name}: no source cited"


# ---- in Chromium -----------------------------------------------------------------------------

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
    """Printed from either scheme, the marks are black on white paper."""
    page = new_context(color_scheme=scheme).new_page()
    page.goto(served + "finasteride/")
    page.emulate_media(media="print")
    styles = page.evaluate("""() => [...document.querySelectorAll('figure.fig')].map(f => ({
        id: f.id, breakInside: getComputedStyle(f).breakInside,
        text: getComputedStyle(f.querySelector('svg text') || f).fill,
        mark: (el => el ? getComputedStyle(el).fill : null)(
            f.querySelector('.fig-icon--extra, .fig-bar, .fig-bulb'))}))""")
    assert len(styles) == 6, styles
    for s in styles:
        assert s["breakInside"] == "avoid", s
        if s["mark"] is not None:
            assert s["mark"] == "rgb(0, 0, 0)" and s["text"] == "rgb(0, 0, 0)", s
    pdf = page.pdf(format="A4", print_background=False)
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
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
