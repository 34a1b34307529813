"""The data files: read once, and each mistake named with its file, line or id."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from thinning_hair import data as site_data
from thinning_hair.data import glossary, pages, references
from thinning_hair.project import Project


def test_the_real_data_loads_and_is_read_once(project):
    first, second = site_data.load(project), site_data.load(project)
    assert first.references is second.references and first.glossary is second.glossary
    assert len(first.references) >= 90 and len(first.glossary.entries) >= 40


def test_a_changed_file_is_read_again(tmp_path, project):
    copy_root = tmp_path / "p"
    (copy_root / "includes").mkdir(parents=True)
    for name in ("references.yml", "glossary.yml"):
        (copy_root / "includes" / name).write_bytes((project.includes / name).read_bytes())
    (copy_root / "mkdocs.yml").write_bytes((project.root / "mkdocs.yml").read_bytes())
    before = site_data.load(Project(copy_root)).glossary
    path = copy_root / "includes" / "glossary.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("The medical word for hair loss "
                                                             "of any kind.", "Hair loss."),
                    encoding="utf-8")
    after = site_data.load(Project(copy_root)).glossary
    assert after is not before
    assert any(e.short == "Hair loss." for e in after.entries)


def reference_problems(data, change) -> list[str]:
    entries = copy.deepcopy([r.data for r in data.references.values()])
    change(entries)
    return references.problems(entries)


@pytest.mark.parametrize("change, message", [
    (lambda e: e[0].update(pmid="12x"), "malformed PMID"),
    (lambda e: e.append(dict(e[0])), "defined twice"),
    (lambda e: e[0].update(kind="blog"), "kind 'blog' is not one of"),
    (lambda e: e[0].update(url="http://example.org/"), "is not an https:// address"),
    (lambda e: e[0].pop("title"), "missing `title`"),
])
def test_bad_reference_data_is_named_with_its_id(data, change, message):
    problems = reference_problems(data, change)
    assert problems and message in problems[0]
    first_id = next(iter(data.references))
    assert f"reference '{first_id}'" in problems[0]


def test_a_glossary_term_defined_twice_is_named(tmp_path, project):
    text = (project.glossary_file).read_text(encoding="utf-8")
    path = tmp_path / "glossary.yml"
    path.write_text(text + "\n  - term: alopecia\n    short: Again.\n    full: Again.\n",
                    encoding="utf-8")
    with pytest.raises(glossary.GlossaryError, match="'alopecia' is defined twice"):
        glossary.load(path)


@pytest.mark.parametrize("text, message", [
    ("# No front matter\n", "docs/x.md:1: no front matter"),
    ("---\ntitle: A: B\n---\n", "docs/x.md:2: front matter is not valid YAML"),
    ("---\ntitle: T\ndescription: D\nreviewed: 2026-13-45\nreview_due: 2027-01-01\n---\n",
     "docs/x.md:4: `reviewed: 2026-13-45` is not a real date"),
    ("---\ntitle: T\n---\n", "lacks `description`"),
])
def test_front_matter_mistakes_name_the_file_and_line(text, message):
    with pytest.raises(pages.CheckError, match=message.replace("`", ".")):
        pages.front_matter(text, "docs/x.md")


def test_a_byte_that_is_not_utf8_is_named_with_its_line(tmp_path):
    path = tmp_path / "x.md"
    path.write_bytes(b"---\ntitle: T\n---\nna\xefve\n")
    with pytest.raises(pages.CheckError, match=r"docs/x.md:4: byte 0xef is not UTF-8"):
        pages.read_page(path, "docs/x.md")


def test_a_page_without_a_known_role_is_told_the_roles():
    text = ("---\ntitle: T\ndescription: D\nreviewed: 2026-01-01\nreview_due: 2027-01-01\n"
            "role: blog\n---\n")
    with pytest.raises(pages.CheckError, match=r"docs/x.md:6: `role: blog` is not a role; "
                                               r"one of: home .*decision .*reference"):
        pages.front_matter(text, "docs/x.md")


def test_each_kind_of_reference_is_listed_on_one_of_the_two_sources_pages():
    assert references.JOURNAL_KINDS <= set(references.KINDS)
    pages_of = {kind: references.sources_page_of(kind) for kind in references.KINDS}
    assert pages_of["randomised-trial"] == pages_of["case-report"] == "sources.md"
    assert pages_of["drug-label"] == pages_of["commercial"] == "sources-official.md"
    assert set(pages_of.values()) == set(references.SOURCES_PAGES)


def test_a_reference_links_to_its_entry_on_the_page_that_lists_its_kind(project):
    refs = site_data.load(project).references
    assert references.entry_link(refs["kaufman-1998"]) == "sources.md#kaufman-1998"
    assert references.entry_link(refs["propecia-smpc-uk"]) == \
        "sources-official.md#propecia-smpc-uk"
