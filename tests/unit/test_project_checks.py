"""The project as it stands: every page passes the author checks, and every generated file is
up to date with its data (what `make check` answers in seconds)."""

from __future__ import annotations

import subprocess
import sys

from thinning_hair import checks, generate


def test_every_page_passes_the_author_checks(data):
    assert checks.all_problems(data) == []


def test_generated_files_are_up_to_date(data, project):
    stale = [project.relative(p) for p in generate.stale(data)]
    assert stale == [], "run `make generate` and commit: " + ", ".join(stale)


def test_every_unknown_citation_is_reported_in_one_run(data, tmp_path, monkeypatch):
    page = ("---\ntitle: T\ndescription: D\nreviewed: 2026-01-01\nreview_due: 2027-01-01\n"
            "role: guide\n---\n")
    problems = checks.markdown_problems(
        page + "A ([X](sources.md#no-such-a)).\n\nB ([Y](sources.md#no-such-b)).\n",
        "docs/x.md", data)
    assert problems == [
        "docs/x.md:8: unknown reference 'no-such-a' cited (no entry with that id in "
        "includes/references.yml)",
        "docs/x.md:10: unknown reference 'no-such-b' cited (no entry with that id in "
        "includes/references.yml)"]


def test_outside_a_project_the_command_line_says_so_without_a_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "thinning_hair", "check"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "no mkdocs.yml in" in result.stderr and "Traceback" not in result.stderr
