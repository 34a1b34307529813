"""The figures (generate/figures.py) are drawn from one data file each and cannot drift: the
generated snippets match their data, two runs give the same bytes, each figure is on its page
in both editions with its accessible name and the data file's numbers, each weighs at most
8 KB gzip and carries no inline style or script. In Chromium (fits a 390 px screen, 3:1
contrast in light and dark, black and white in print): tests/browser/test_figures_in_browser.py."""

from __future__ import annotations

import gzip
import re
from dataclasses import replace

import pytest

from thinning_hair.generate import figures
from thinning_hair.project import Project

from pages import FIGURE_DATA as DATA
from pages import FIGURES as PLACEMENT
from pages import INCLUDES, ROOT, built_page, site_data
from pages import figure_data as data
from pages import site_data as site

OUT = INCLUDES / "figures"
MAX_GZIP = 8 * 1024
FORBIDDEN = re.compile(r"\sstyle=|<style|<script|\son[a-z]+=", re.I)


def figure(name: str) -> figures.Figure:
    """A figure's data file read as the build reads it."""
    path = DATA / f"{name}.yml"
    return figures.Figure(path, set(site().references), f"includes/figures/data/{path.name}")


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
        counts = figures.icon_counts(figure(name))
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
    assert sorted(p.stem for p in DATA.glob("*.yml")) == sorted(PLACEMENT)


def test_generated_figures_match_their_data():
    stale = [str(p.relative_to(ROOT)) for p, text in figures.outputs(site()).items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"out of date: {stale}; run `make generate`"


def test_two_runs_give_the_same_bytes():
    first, second = figures.outputs(site()), figures.outputs(site())
    assert {p: t.encode() for p, t in first.items()} == {p: t.encode() for p, t in second.items()}


@pytest.mark.parametrize("name", sorted(PLACEMENT))
def test_figure_is_small_and_has_no_inline_style_script_or_handlers(name):
    text = (OUT / f"{name}.md").read_text(encoding="utf-8")
    assert not FORBIDDEN.search(text), f"{name}: {FORBIDDEN.search(text).group(0)!r}"
    weight = len(gzip.compress(text.encode(), mtime=0))
    assert weight <= MAX_GZIP, f"{name}: {weight} bytes gzip"
    for svg in re.findall(r"<svg\b[^>]*>", text):
        assert 'viewBox="' in svg and ("aria-hidden" in svg or 'width="100%"' in svg), svg
    assert text.count("<figure") == 1 and "<figcaption" in text


def test_a_bad_data_file_fails_and_names_the_file(tmp_path):
    source = (DATA / "finasteride-icons-harm.yml").read_text(encoding="utf-8")
    broken = tmp_path / "includes" / "figures" / "data" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(source.replace("propecia-label-us:", "no-such-ref:"), encoding="utf-8")
    # The real references, and a project whose only figure is the broken one.
    broken_site = replace(site(), project=Project(tmp_path))
    with pytest.raises(figures.FigureError, match=r"broken\.yml: source ids not in "
                                                  r"includes/references\.yml: \['no-such-ref'\]"):
        figures.outputs(broken_site)


def test_icon_counts_add_up_to_100_and_follow_the_percentages():
    for name in ("finasteride-icons-benefit", "finasteride-icons-harm"):
        fig = figure(name)
        counts = figures.icon_counts(fig)
        assert sum(counts.values()) == 100
        if "extra_percent" in fig.data:  # a review that gives only the difference
            assert counts == {"anyway": 0, "extra": figures.whole(fig.data["extra_percent"]),
                              "none": 100 - figures.whole(fig.data["extra_percent"])}
        else:
            assert counts["anyway"] + counts["extra"] == figures.whole(fig.data["treated_percent"])


def test_factbox_numbers_match_the_finasteride_page():
    """Where docs/finasteride.md states the same facts, the numbers are identical: every number
    the fact box, the charts and the mechanism state is read from their data files (never typed
    here) and must be on each page their `restated_in` names."""
    problems = figures.restatement_problems(site_data())
    assert not problems, "\n".join(problems)
    stated = figures.stated_numbers(figure("finasteride-factbox"))
    assert len(stated) >= 10, "the fact box's harm rows state their rates"


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
    # Citations are real links: numbered citations (markdown/citations.py).
    assert fig.select("a.cite[href^='#src-']"), f"{name}: no source cited"
