"""The figures' data files (generate/figures.py): every word a figure shows comes from its data
file, and a number a figure, a fact box and a page share is typed once. A fact box takes the
chart's numbers by reference ({finasteride-hair-counts.bars.1.value}); a page that restates
them is listed in the chart's `restated_in`, and restatement_problems() says when it does not.
The broken cases run on a copy of includes/, docs/ and mkdocs.yml, never on the real files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from thinning_hair import checks
from thinning_hair import data as site_data
from thinning_hair.generate import figures
from thinning_hair.project import Project

COUNTS = "includes/figures/data/finasteride-hair-counts.yml"
FACTBOX = "includes/figures/data/finasteride-factbox.yml"


def copy_of(project: Project, target: Path) -> Path:
    """What the figures and the checks read, copied to `target`."""
    for name in ("includes", "docs"):
        shutil.copytree(project.root / name, target / name)
    shutil.copy2(project.root / "mkdocs.yml", target / "mkdocs.yml")
    return target


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{name}: expected {old!r} once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def load(root: Path) -> site_data.SiteData:
    return site_data.load(Project(root))


def factbox_text(data: site_data.SiteData) -> str:
    return figures.outputs(data)[data.project.includes / "figures" / "finasteride-factbox.md"]


# ---- the real files ------------------------------------------------------------------------

def test_the_real_figures_have_no_restatement_problems(data):
    assert figures.restatement_problems(data) == []


def test_the_fact_box_takes_the_hair_counts_from_the_chart_instead_of_typing_them(project, data):
    counts = yaml.safe_load((project.root / COUNTS).read_text(encoding="utf-8"))
    one, two = (figures.num(bar["value"]) for bar in counts["bars"][:2])
    raw = (project.root / FACTBOX).read_text(encoding="utf-8")
    assert "{finasteride-hair-counts.bars.0.value}" in raw
    assert "{finasteride-hair-counts.bars.1.value}" in raw
    assert f"{two} more" not in raw, "the fact box types the 2-year count again"
    assert re.search(rf"<td\b[^>]*>{one} more than on placebo after 1 year, {two} more after "
                     r"2 years</td>", factbox_text(data))
    # The page restating them is listed, so `thinning-hair check` holds it to them.
    assert "docs/finasteride-evidence.md" in counts["restated_in"]


# ---- a number changed in one place ---------------------------------------------------------

def test_a_changed_count_is_reported_naming_the_chart_the_number_and_the_page(project, tmp_path):
    root = copy_of(project, tmp_path)
    edit(root, COUNTS, "value: 138", "value: 140")
    data = load(root)
    problems = figures.restatement_problems(data)
    assert len(problems) == 1, problems
    assert "finasteride-hair-counts.yml" in problems[0]
    assert "140" in problems[0] and "docs/finasteride-evidence.md" in problems[0]
    # `thinning-hair check` reports it too, and the fact box follows the chart.
    assert problems[0] in checks.all_problems(data)
    assert "140 more after 2 years" in factbox_text(data)


def test_a_data_file_that_types_the_number_is_named_with_the_pages(project, tmp_path):
    root = copy_of(project, tmp_path)
    edit(root, COUNTS, "value: 107", "value: 110")
    problems = figures.restatement_problems(load(root))
    assert len(problems) == 1, problems
    for name in ("110", "docs/finasteride-evidence.md", "docs/finasteride-injection.md",
                 "includes/figures/data/injection-factbox.yml"):
        assert name in problems[0]


def test_restated_in_naming_a_missing_page_is_reported(project, tmp_path):
    root = copy_of(project, tmp_path)
    edit(root, COUNTS, "  - docs/finasteride-evidence.md\n", "  - docs/no-such-page.md\n")
    problems = figures.restatement_problems(load(root))
    assert any("docs/no-such-page.md" in p and "cannot be read" in p for p in problems), problems


# ---- references and words that are not there ----------------------------------------------

@pytest.mark.parametrize("reference,named", [
    ("{no-such-figure.bars.1.value}", "no figure data file includes/figures/data/no-such-figure.yml"),
    ("{finasteride-hair-counts.bars.7.value}", "has no `bars.7.value`"),
    ("{finasteride-hair-counts.bars.1.label}", "is not a number"),
])
def test_a_bad_reference_in_a_fact_box_stops_generation(project, tmp_path, reference, named):
    root = copy_of(project, tmp_path)
    edit(root, FACTBOX, "{finasteride-hair-counts.bars.1.value} more after 2 years",
         f"{reference} more after 2 years")
    with pytest.raises(figures.FigureError) as caught:
        figures.outputs(load(root))
    message = str(caught.value)
    assert message.startswith(FACTBOX + ": ")
    assert "row 'Hairs in a 2.5 cm circle" in message and reference in message and named in message


@pytest.mark.parametrize("name,key", [
    ("finasteride-mechanism", "skin"),
    ("finasteride-mechanism", "scalp_fall"),
    ("hair-loss-scales", "key"),
    ("hair-loss-scales", "women_range"),
    ("finasteride-hair-counts", "zero_line"),
    ("injection-factbox", "question_heading"),
    ("spray-factbox", "source"),
])
def test_a_missing_word_stops_generation_naming_the_file_and_the_key(project, tmp_path, name, key):
    root = copy_of(project, tmp_path)
    path = root / "includes" / "figures" / "data" / f"{name}.yml"
    fields = yaml.safe_load(path.read_text(encoding="utf-8"))
    del fields["words"][key]
    path.write_text(yaml.safe_dump(fields, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(figures.FigureError,
                       match=rf"^includes/figures/data/{name}\.yml: missing `words\.{key}`$"):
        figures.outputs(load(root))


def test_the_diagrams_draw_their_words_from_the_data_file_escaped(project, tmp_path):
    root = copy_of(project, tmp_path)
    mechanism = "includes/figures/data/finasteride-mechanism.yml"
    edit(root, mechanism, 'skin: "skin"', 'skin: "scalp <skin> & more"')
    edit(root, mechanism, 'scalp_fall: "scalp DHT −{scalp}%"', 'scalp_fall: "DHT in the scalp: −{scalp}%"')
    edit(root, "includes/figures/data/hair-loss-scales.yml",
         'key: "thin or no hair', 'key: "little or no hair')
    out = figures.outputs(load(root))
    drawn = out[root / "includes" / "figures" / "finasteride-mechanism.md"]
    assert ">scalp &lt;skin&gt; &amp; more</text>" in drawn
    assert ">DHT in the scalp: −64%</text>" in drawn
    assert ">little or no hair (seen from above" in out[root / "includes" / "figures" / "hair-loss-scales.md"]


# ---- a number typed wrong in an icon array ----------------------------------------------------

HARM = "includes/figures/data/finasteride-icons-harm.yml"


def test_an_icon_arrays_title_fact_box_and_page_follow_its_number(project, tmp_path):
    root = copy_of(project, tmp_path / "p")
    edit(root, HARM, "treated_percent: 3.8", "treated_percent: 38")
    data = load(root)
    out = figures.outputs(data)
    icons = out[root / "includes" / "figures" / "finasteride-icons-harm.md"]
    assert "About 36 more men in 100 had a sexual side effect" in icons
    assert "About 2 more men" not in icons
    assert "380 in 1,000 (38%)" in factbox_text(data)
    problems = figures.restatement_problems(data)
    assert any("finasteride-icons-harm.yml states 38" in p and "docs/finasteride-evidence.md" in p
               for p in problems), problems


def test_a_fact_box_percentage_outside_0_to_100_is_refused(project, tmp_path):
    root = copy_of(project, tmp_path / "p")
    edit(root, HARM, "treated_percent: 3.8", "treated_percent: 380")
    with pytest.raises(figures.FigureError, match=r"380 is not a percentage|need 0 <= "):
        figures.outputs(load(root))
