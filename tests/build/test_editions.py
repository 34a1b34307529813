"""Both editions come from one source: the offline zip is clean and complete, the published
edition carries it as a download, and the publishing workflow ships what `make build` made."""

from __future__ import annotations

import urllib.request
import zipfile

import yaml

from thinning_hair.editions import read_edition
from thinning_hair.project import Project

from commands import mkdocs_build
from pages import ROOT


def test_offline_zip_has_index_html_in_its_one_top_folder_and_no_source_maps(built):
    with zipfile.ZipFile(built.zip) as zf:
        names = zf.namelist()
    top = read_edition(Project(ROOT), "published").offline_folder
    assert f"{top}/index.html" in names
    assert all(name.startswith(top + "/") for name in names)
    assert not [n for n in names if n.endswith(".map")]
    assert not [n for n in names if "/lunr/" in n], "unused lunr language packs were shipped"
    assert f"{top}/assets/javascripts/iframe-worker-shim.js" in names


def test_offline_edition_links_pages_as_files_and_loads_no_cdn(built):
    home = (built.offline / "index.html").read_text(encoding="utf-8")
    assert 'href="finasteride.html"' in home
    assert "unpkg.com" not in home and "iframe-worker-shim.js" in home
    assert "navigation.instant" not in home


def test_published_edition_has_directory_urls_and_no_offline_shim(built):
    home = (built.site / "index.html").read_text(encoding="utf-8")
    assert 'href="finasteride/"' in home
    assert "iframe-worker" not in home


def test_published_home_page_links_to_the_zip_and_the_server_serves_it(built, served):
    soup = built.soup(built.site / "index.html")
    link = soup.select_one(".offline-download a[download]")
    assert link is not None, "the home page has no download link for the offline edition"
    with urllib.request.urlopen(served + link["href"]) as response:
        body = response.read()
    assert body == built.zip.read_bytes()


def test_offline_home_page_says_it_is_the_offline_edition(built):
    soup = built.soup(built.offline / "index.html")
    box = soup.select_one(".offline-download")
    assert box is not None and "offline edition" in box.get_text()
    assert box.select_one("a[download]") is None


def test_publishing_workflow_tests_then_deploys_what_make_build_made():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    runs = [step.get("run", "") for step in steps]
    assert "make test" in runs and "make build" in runs
    assert runs.index("make test") < runs.index("make build")
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "site"
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages") for s in steps)
    # GitHub has no ../shared, so the workflow may leave out the overlap checks, and only them.
    test_step = steps[runs.index("make test")]
    skipped = test_step.get("env", {}).get("PYTEST_ADDOPTS", "").split()
    # A test that moved is no longer deselected by its old name: each name must be a test here.
    for node in skipped:
        if node != "--deselect":
            path, _, name = node.partition("::")
            found = (ROOT / path).is_file() and f"def {name}(" in (ROOT / path).read_text("utf-8")
            assert found, f"the workflow deselects {node}, which is not a test (moved?)"
    assert set(skipped) <= {"--deselect", "tests/build/test_content.py::test_pages_are_in_our_own_words",
                            "tests/build/test_bad_input.py::test_published_text_is_in_our_own_words",
                            "tests/build/test_bad_input.py::test_7_a_copied_sentence_in_includes_is_found"}, (
        f"the workflow's tests skip more than the overlap check: {skipped}")


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme
    assert [line for line in ci.splitlines() if line.strip() == "make test"]


def test_site_url_can_be_set_from_the_environment(tmp_path):
    result = mkdocs_build(ROOT, site_dir=tmp_path / "s", SITE_URL="https://example.org/hair/")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "s" / "finasteride" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/hair/finasteride/">' in page
