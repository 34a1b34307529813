"""The pages are written in UK English: common US spellings in our own prose fail the build's
tests, naming the page and the word. Reference titles (includes/refs/) keep the spelling the
publication used, and the names of US bodies keep theirs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Our own prose: the pages, the shared warnings and the glossary's source.
PROSE = [*sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "includes" / "warnings").glob("*.md")),
         ROOT / "includes" / "glossary.yml"]
# US spelling -> UK spelling, for words these pages are likely to use.
US_TO_UK = {
    "anemia": "anaemia", "anesthetic": "anaesthetic", "analyze": "analyse", "analyzed": "analysed",
    "behavior": "behaviour", "center": "centre", "centers": "centres", "color": "colour",
    "diarrhea": "diarrhoea", "edema": "oedema", "estrogen": "oestrogen", "favor": "favour",
    "favorable": "favourable", "fiber": "fibre", "gray": "grey", "hematoma": "haematoma",
    "hemorrhage": "haemorrhage", "labeled": "labelled", "labeling": "labelling",
    "liter": "litre", "minimize": "minimise", "organization": "organisation",
    "pediatric": "paediatric", "randomized": "randomised", "recognize": "recognise",
    "specialize": "specialise", "specializes": "specialises", "summarize": "summarise",
    "tumor": "tumour", "utilize": "use",
}
# Proper names spelt the American way on purpose.
NAMES = re.compile(r"Centers for Disease Control|World Health Organization")
# Markdown link targets and reference anchors are addresses, not prose.
ADDRESSES = re.compile(r"\]\([^)]*\)|https?://\S+")
WORD = re.compile(r"[A-Za-z]+")


def us_spellings(text: str) -> list[str]:
    text = ADDRESSES.sub(" ", NAMES.sub(" ", text))
    return sorted({w.lower() for w in WORD.findall(text) if w.lower() in US_TO_UK})


@pytest.mark.parametrize("path", PROSE, ids=lambda p: p.name)
def test_prose_uses_uk_spelling(path):
    found = us_spellings(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}: US spelling " + ", ".join(
        f"{w} (write {US_TO_UK[w]})" for w in found)


def test_spelling_check_catches_us_words_but_not_names_or_addresses():
    assert us_spellings("A randomized trial of the color of hair.") == ["color", "randomized"]
    assert us_spellings("The Centers for Disease Control and Prevention") == []
    assert us_spellings("[a study](https://example.org/randomized-trial)") == []
