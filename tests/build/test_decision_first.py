"""A decision page says first what choice the reader faces (IPDAS: the decision, stated first):
a paragraph of class `decision`, before At a glance and before the first section, naming the
options, doing nothing among them."""

from __future__ import annotations

import pytest

from thinning_hair.data import pages as page_data
from thinning_hair.project import Project

PROJECT = Project.find()
DECISION_PAGES = sorted(
    path.name for path in PROJECT.docs.glob("*.md")
    if page_data.front_matter(path.read_text(encoding="utf-8"), path.name)["role"] == "decision")


def test_there_are_decision_pages():
    assert len(DECISION_PAGES) >= 3, DECISION_PAGES


@pytest.mark.parametrize("name", DECISION_PAGES)
def test_the_choice_is_stated_before_anything_else(built, name):
    article = built.soup(built.site / name.removesuffix(".md") / "index.html").select_one("article")
    first_h2 = article.find("h2")
    decision = article.select_one("p.decision")
    assert decision is not None, f"{name}: no paragraph of class `decision` (the choice)"
    assert first_h2 is None or decision.find_all_next("h2")[:1] == [first_h2], \
        f"{name}: the choice comes after the first section"
    glance = article.select_one(".admonition.abstract")
    assert glance is None or glance in decision.find_all_next(), \
        f"{name}: the choice must come before At a glance"
    text = decision.get_text(" ", strip=True).lower()
    assert "no treatment" in text or "nothing" in text, f"{name}: doing nothing is a choice too"
