"""Issue 11: every kind of author mistake fails `make build` or `make test` with one message
naming the file (and line, where there is one) and the problem, with no traceback.

Each test makes one bad edit in a temporary copy of the project (docs/, includes/, the configs,
overrides/ and tests/; the code is the installed package, src/thinning_hair, which finds the
copy from the folder it runs in: tests/commands.py) and runs the real check there: the build
(`mkdocs build --strict`, the published edition unless the case needs the offline one, or
`thinning-hair build`), `thinning-hair generate --check`, markdownlint, cspell or the overlap
tool. The control runs, which show that each check passes on the real pages, are shared: the
session's real build (`built`, which runs every build hook on both editions) and one run of
each linter on the repository (test_markdown_lint.py, test_uk_spelling.py, and
test_published_text_is_in_our_own_words below). The case numbers are the issue's.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from thinning_hair.data import references
from thinning_hair.html import postbuild

from commands import mkdocs_build, run, thinning_hair
from pages import DOCS, INCLUDES, ROOT, built_page
from test_front_matter import test_page_has_complete_front_matter_with_sane_review_dates
from test_markdown_lint import markdownlint
from test_uk_spelling import cspell

# No code: the copy is built and checked by the installed package (tests/commands.py).
COPIED = ["mkdocs.yml", "mkdocs-offline.yml", "docs", "includes", "overrides",
          "tests", "pyproject.toml", "README.md", ".markdownlint-cli2.jsonc",
          "cspell.config.yaml", "project-words.txt"]
# shared/ (the source articles and the overlap tool) sits beside the project: beside the
# checkout in CI and in /work, one level further up from a worktree under /work/wt/.
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent)
               if (p / "shared" / "tools").is_dir()), ROOT.parent / "shared")
OVERLAP_TOOL = SHARED / "tools" / "source_overlap.py"
SOURCE_ARTICLES = SHARED / "source-articles"
# The pages that carry the full pregnancy warning (the shared convention of the coordination
# notes); other pages carry the short linking box.
FULL_PREGNANCY_WARNING = ["finasteride.md", "finasteride-injection.md", "scalp-mesotherapy.md"]
PREGNANCY_SNIPPET = '--8<-- "warnings/pregnancy-5ari.md"'


# ---- helpers ------------------------------------------------------------------------------

@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project to break; node_modules is shared (read only)."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    return tmp_path


def build(project: Path, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the copy's published edition, an overdue review an error
    unless `env` says otherwise."""
    return mkdocs_build(project, **{"REVIEW_OVERDUE": "error", **env})


def fails_with(result: subprocess.CompletedProcess, *expected: str) -> str:
    """The failure's output, after checking it failed, said each `expected` and showed no
    traceback."""
    out = result.stdout + result.stderr
    assert result.returncode != 0, f"the check passed; it should have failed:\n{out}"
    for text in expected:
        assert text in out, f"expected {text!r} in the message:\n{out}"
    assert "Traceback" not in out, f"a traceback instead of a message:\n{out}"
    return out


def append(path: Path, text: str) -> int:
    """Append text to a file; return the line number of its first line."""
    old = path.read_text(encoding="utf-8")
    if not old.endswith("\n"):
        old += "\n"
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


def set_front_matter(path: Path, key: str, line: str | None) -> int:
    """Replace (or, with None, delete) the `key:` line of a page's front matter; its number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, text in enumerate(lines) if text.startswith(f"{key}:"))
    if line is None:
        del lines[number]
    else:
        lines[number] = line
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def test_unchanged_copy_passes_the_linters(project):
    """The control for the copies: the real project builds with every hook (`built`), an
    unchanged copy builds (test_strict_build_rejects_bad_input.py::test_unchanged_copy_builds),
    and the linters pass on an unchanged copy, so the failures below come from the edits."""
    assert markdownlint(project).returncode == 0
    assert cspell(project).returncode == 0


# ---- 1. overdue review ----------------------------------------------------------------------

def test_1_overdue_review_fails_the_build_and_tests_and_is_shown_to_readers(project, built,
                                                                            monkeypatch):
    monkeypatch.delenv("REVIEW_OVERDUE", raising=False)
    result = run(thinning_hair("review-dates"), ROOT)
    assert result.returncode == 0, f"a real page is overdue:\n{result.stdout}{result.stderr}"
    assert "Review overdue" not in built_page(built.site, "hair-loss.md").read_text("utf-8")
    page = project / "docs" / "hair-loss.md"
    set_front_matter(page, "reviewed", "reviewed: 2024-01-01")
    line = set_front_matter(page, "review_due", "review_due: 2025-01-01")
    message = f"docs/hair-loss.md:{line}: review overdue: review_due 2025-01-01 has passed"
    fails_with(build(project), message)
    with pytest.raises(AssertionError, match=message.replace("docs/", "")):
        test_page_has_complete_front_matter_with_sane_review_dates(page)
    # The weekly publishing run (REVIEW_OVERDUE=notice) publishes the page with a notice.
    result = build(project, REVIEW_OVERDUE="notice")
    assert result.returncode == 0, result.stderr
    assert message in result.stderr
    html = built_page(project / "out", "hair-loss.md").read_text(encoding="utf-8")
    assert "Review overdue" in html and "due to be reviewed by 1 January 2025" in html


def test_1_publishing_workflow_runs_weekly():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    triggers = workflow.get("on") or workflow.get(True)  # YAML 1.1 reads `on` as true
    assert triggers.get("schedule"), "publish.yml has no `schedule:` trigger"
    assert "review-dates" in workflow["jobs"], "no job naming overdue pages"


# ---- 2, 3, 4, 14. links, raw HTML and external resources in page content --------------------

CONTENT_CASES = [
    ("2", "about.md", "See [the charity](http://example.org/hair).",
     "http://example.org/hair is plain http: write https://"),
    ("3-script", "finasteride.md", "<script>alert('hello')</script>",
     "raw <script> in the page"),
    ("3-style", "finasteride.md", "<style>p { color: red }</style>", "raw <style> in the page"),
    ("3-onclick", "finasteride.md", '<p onclick="alert(1)">Tap</p>',
     "event attribute onclick= on <p>"),
    ("3-javascript-link", "about.md", '<a href="javascript:alert(1)">Tap</a>',
     'href="javascript:…" on <a>: pages may not run scripts'),
    # 4: a page that the browser CSP test does not visit
    ("4", "source-article-corrections.md", '<p style="color: red">Note</p>',
     'style="color: red" on <p>: the Content-Security-Policy blocks inline styles'),
    ("4-aligned-table", "about.md", "| a | b |\n| :-: | --- |\n| 1 | 2 |",
     "a table column aligned with colons (:---:) writes style="),  # the separator line
    ("14", "index.md", "![A chart](https://example.org/chart.png)",
     "<img> loads https://example.org/chart.png from another host"),
]


@pytest.mark.parametrize("case,page,text,message", CONTENT_CASES,
                         ids=[c[0] for c in CONTENT_CASES])
def test_2_3_4_14_page_content_the_site_must_not_publish(project, built, case, page, text,
                                                         message):
    line = append(project / "docs" / page, "\n" + text + "\n") + 1
    if case == "4-aligned-table":
        line += 1  # the |:-:| line
    out = fails_with(build(project), f"docs/{page}:{line}: {message}")
    assert out.count(f"docs/{page}:{line}:") == 1, f"more than one message:\n{out}"


def test_3_a_snippet_is_named_with_the_page_that_includes_it(project, built):
    line = append(project / "includes" / "warnings" / "mood.md", "\n<script>x()</script>\n") + 1
    fails_with(build(project),
               f"includes/warnings/mood.md:{line} (included in docs/", "raw <script>")


def test_3_the_csp_hashes_only_the_theme_scripts(built):
    """Every executable inline script of a published page is the theme's (none is inside the
    article), and each is allowed by a hash; nothing else is."""
    import base64

    for path in built.pages():
        html = path.read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
        allowed = set(re.findall(r"'(sha256-[^']+)'", policy))
        scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
        hashes = {"sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
                  for s in scripts}
        assert hashes == allowed, f"{path}: hashed scripts differ from the page's scripts"
        article = built.soup(path).select_one("article")
        assert not article.select("script"), f"{path}: a script inside the page's content"


def test_3_postprocess_never_hashes_a_script_in_the_content():
    content = "<article><script>stolen()</script></article>"
    toggles = '<input class="md-toggle" autocomplete="off">' * 2
    output = (f'<html><head><meta charset="utf-8"><script>theme()</script></head>'
              f"<body>{toggles}{content}</body></html>")
    result = postbuild.finish_page(output, "x/index.html", csp=True)
    assert result.count("sha256-") == 1, result


def _inline_code_problems(folder: Path) -> list[str]:
    """style=, on…= and <style> anywhere in a built edition (what the CSP would block)."""
    found = []
    for path in sorted(folder.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for pattern in (r"<[a-z][^>]*\sstyle\s*=", r"<[a-z][^>]*\son[a-z]+\s*=", r"<style\b"):
            for match in re.finditer(pattern, html, re.I):
                found.append(f"{path.relative_to(folder)}: {match.group(0)[:80]}")
    return found


@pytest.mark.parametrize("edition", ["published", "offline"])
def test_4_no_inline_style_or_event_code_on_any_page(built, edition):
    found = _inline_code_problems(built.site if edition == "published" else built.offline)
    assert not found, "\n".join(found)


def test_4_the_page_scan_can_fail(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p style="x">', encoding="utf-8")
    (tmp_path / "b.html").write_text('<img onerror="x()"><style>p{}</style>', encoding="utf-8")
    assert len(_inline_code_problems(tmp_path)) == 3


# ---- 5, 6. Markdown: images without alt text, table rows with a missing cell ---------------

LINT_CASES = [
    ("5", "hair-loss.md", "![](assets/favicon.svg)", "MD045/no-alt-text"),
    ("6", "treatments-compared.md", "| Option | Cost |\n| --- | --- |\n| Wait and see |",
     "MD056/table-column-count"),
    ("headings", "about.md", "#### Too deep", "MD001/heading-increment"),
]


@pytest.mark.parametrize("case,page,text,rule", LINT_CASES, ids=[c[0] for c in LINT_CASES])
def test_5_6_markdown_linter_names_file_line_and_rule(project, case, page, text, rule):
    line = append(project / "docs" / page, "\n" + text + "\n") + 1
    if case == "6":
        line += 2
    fails_with(markdownlint(project), f"docs/{page}:{line}", rule)


# ---- 7. copied sentences anywhere that is published ----------------------------------------

def overlap(project: Path) -> subprocess.CompletedProcess:
    """The overlap tool over everything the pages publish: docs/ and includes/ (.md), and the
    YAML sources in includes/ (the glossary, figure data), which it reads only when named."""
    if not OVERLAP_TOOL.is_file():
        pytest.fail(f"{OVERLAP_TOOL} is missing: the project is checked out beside shared/")
    yml = sorted(str(p) for p in (project / "includes").rglob("*.yml"))
    return subprocess.run([sys.executable, str(OVERLAP_TOOL), "--fail-at", "10",
                           str(project / "docs"), str(project / "includes"), *yml],
                          capture_output=True, text=True, timeout=120)


def test_published_text_is_in_our_own_words():
    """No run of 10 or more words shared with the source articles in anything published."""
    result = overlap(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def _copied_sentence() -> str:
    """A sentence of the source articles, read from them (never written into the project)."""
    text = (sorted(SOURCE_ARTICLES.glob("*.txt"))[0]).read_text(encoding="utf-8")
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text)]
    return next(s for s in sentences if 14 <= len(s.split()) <= 40 and "\n" not in s)


@pytest.mark.parametrize("target", ["warnings/mood.md", "glossary.yml"])
def test_7_a_copied_sentence_in_includes_is_found(project, target):
    sentence = _copied_sentence()
    path = project / "includes" / target
    if target.endswith(".yml"):
        data = path.read_text(encoding="utf-8").replace(
            "\nterms:\n", "\nterms:\n  - term: copied\n    short: A copied tooltip.\n"
            f"    full: {yaml.safe_dump(sentence, width=1000).strip()}\n", 1)
        assert "term: copied" in data
        path.write_text(data, encoding="utf-8")
    else:
        append(path, "\n    " + sentence + "\n")
    fails_with(overlap(project), f"includes/{target}: ", "words shared with")


# ---- 8. the full pregnancy warning ----------------------------------------------------------

def pregnancy_warning_problems(docs: Path = DOCS, includes: Path = INCLUDES) -> list[str]:
    """The pages that must carry the full warning include the shared snippet (a hand-written
    box, however titled, does not hold its facts); the snippet holds the key facts."""
    problems = []
    for name in FULL_PREGNANCY_WARNING:
        text = (docs / name).read_text(encoding="utf-8")
        if PREGNANCY_SNIPPET not in text:
            box = re.search(r"^!!!.*pregnan.*$", text, re.I | re.M)
            found = (f"; the hand-written box at line {text.count(chr(10), 0, box.start()) + 1}"
                     " does not count" if box else "")
            problems.append(f"docs/{name}: the full pregnancy warning is missing: include it "
                            f"with a line `{PREGNANCY_SNIPPET}`{found}")
    snippet = (includes / "warnings" / "pregnancy-5ari.md").read_text(encoding="utf-8")
    plain = " ".join(snippet.split()).lower()
    for fact, pattern in [
        ("a danger box", r"^!!! danger "),
        ("pregnancy", r"pregnan"),
        ("both drugs", r"finasteride.*dutasteride|dutasteride.*finasteride"),
        ("harm to a male baby", r"\b(baby boy|male (baby|foetus|fetus)|boy)"),
        ("handling crushed or broken tablets", r"crushed|broken"),
        ("a cited drug label", r"sources\.md#[a-z0-9-]*(smpc|label|pil)"),
    ]:
        if not re.search(pattern, snippet if fact == "a danger box" else plain, re.M):
            problems.append(f"includes/warnings/pregnancy-5ari.md: the warning no longer "
                            f"states {fact}")
    return problems


def test_8_full_pregnancy_warning_is_the_shared_snippet_with_its_facts():
    problems = pregnancy_warning_problems()
    assert not problems, "\n".join(problems)


def test_8_a_vague_hand_written_box_fails(project):
    page = project / "docs" / "finasteride.md"
    text = page.read_text(encoding="utf-8")
    assert PREGNANCY_SNIPPET in text
    page.write_text(text.replace(PREGNANCY_SNIPPET, '!!! danger "Pregnancy"\n    Be careful '
                                 "if a partner is pregnant.", 1), encoding="utf-8")
    problems = "\n".join(pregnancy_warning_problems(project / "docs", project / "includes"))
    assert "docs/finasteride.md: the full pregnancy warning is missing" in problems, problems
    assert "the hand-written box at line" in problems, problems
    (project / "includes" / "warnings" / "pregnancy-5ari.md").write_text(
        '!!! danger "Pregnancy"\n    Ask a doctor about pregnancy.\n', encoding="utf-8")
    problems = "\n".join(pregnancy_warning_problems(project / "docs", project / "includes"))
    assert "no longer states both drugs" in problems, problems


# ---- 10, 11. front matter and snippet paths -------------------------------------------------

FRONT_MATTER_CASES = [
    ("bad-yaml", "description", "description: Costs: what you pay",
     ":3: front matter is not valid YAML: mapping values are not allowed here"),
    ("impossible-date", "reviewed", "reviewed: 2026-13-45",
     ": `reviewed: 2026-13-45` is not a real date (month must be in 1..12)"),
    ("11-no-description", "description", None, ": front matter lacks `description`"),
]


@pytest.mark.parametrize("case,key,line,message", FRONT_MATTER_CASES,
                         ids=[c[0] for c in FRONT_MATTER_CASES])
def test_10_11_bad_front_matter_fails_build_and_glossary_naming_the_page(project, built, case,
                                                                         key, line, message):
    number = set_front_matter(project / "docs" / "hair-loss.md", key, line)
    expected = "docs/hair-loss.md" + (message if case != "impossible-date"
                                      else f":{number}{message}")
    if case == "bad-yaml":
        expected = expected.replace(":3:", f":{number}:")
    out = fails_with(build(project), expected)
    assert "Undefined" not in out and "JSON serializable" not in out
    fails_with(run(thinning_hair("generate", "--check"), project), expected)


def test_10_missing_snippet_fails_build_and_glossary_naming_page_and_line(project, built):
    line = append(project / "docs" / "hair-loss.md", '\n--8<-- "warnings/no-such-box.md"\n') + 1
    expected = (f'docs/hair-loss.md:{line}: snippet "warnings/no-such-box.md" does not exist '
                "(paths are relative to includes/)")
    fails_with(build(project), expected)
    fails_with(run(thinning_hair("generate", "--check"), project), expected)


# ---- 12, 13. references ---------------------------------------------------------------------

def test_12_duplicate_reference_id_is_a_failing_test_naming_it(project):
    assert references.problems(references.read(INCLUDES / "references.yml")) == []
    data = project / "includes" / "references.yml"
    text = data.read_text(encoding="utf-8")
    first = re.search(r"^- id: .*?(?=^- id: )", text, re.S | re.M)[0]
    ref = first.split()[2]
    count = text.count("\n- id: ") + (1 if text.startswith("- id: ") else 0)
    append(data, first)
    expected = f"reference '{ref}': defined twice (entries 1 and {count + 1})"
    assert any(expected in p for p in references.problems(references.read(data)))
    # pytest still collects the module and reports the failure as a test, not an error.
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o",
                  "addopts=", "tests/build/test_references.py", "-k", "complete_and_well_formed"],
                 project, timeout=120)
    out = fails_with(result, expected, "1 failed")
    assert "error" not in out.splitlines()[-1], out
    # and the build stops, naming it
    fails_with(build(project), expected)


def test_13_unknown_reference_is_named_with_the_page(project, built):
    line = append(project / "docs" / "finasteride.md",
                  "\nA claim ([Nobody 2020](sources.md#nobody-2020)).\n") + 1
    fails_with(build(project),
               f"docs/finasteride.md:{line}: unknown reference 'nobody-2020' cited")


# ---- 15. a failed build leaves the last good one; missing packages reinstall --------------

def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_15_failed_build_leaves_the_last_good_build_untouched(project, built, tmp_path_factory):
    out = tmp_path_factory.mktemp("last-good")
    for name in ("site", "site-offline", "dist"):
        shutil.copytree(built.root / name, out / name)
    before = {name: _tree_digest(out / name) for name in ("site", "site-offline", "dist")}
    # node_modules without iframe-worker: the published edition builds, the offline one fails.
    (project / "node_modules").unlink()
    (project / "node_modules").mkdir()
    for entry in (ROOT / "node_modules").iterdir():
        if entry.name != "iframe-worker":
            (project / "node_modules" / entry.name).symlink_to(entry)
    result = run(thinning_hair("build", "--out", str(out)), project, timeout=300)
    fails_with(result, "node_modules/iframe-worker/shim/index.js is missing",
               "Nothing was replaced")
    assert "[1/5] Published edition" in result.stdout  # it failed after a step had passed
    after = {name: _tree_digest(out / name) for name in ("site", "site-offline", "dist")}
    assert after == before, "the failed build changed the last good build"
    assert not list(out.glob(".build-*")), "the failed build left its temporary folder"


def test_15_make_reinstalls_a_missing_npm_package(tmp_path):
    for name in ("Makefile", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, tmp_path / name)
    import json

    packages = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    for package in packages:
        (tmp_path / "node_modules" / package).mkdir(parents=True)
        (tmp_path / "node_modules" / package / "package.json").write_text("{}")
    (tmp_path / "node_modules" / ".installed").touch()

    def dry_run() -> str:
        return subprocess.run(["make", "-n", "node-deps"], cwd=tmp_path, capture_output=True,
                              text=True, timeout=60).stdout

    assert "npm ci" not in dry_run(), "npm ci would run although everything is installed"
    shutil.rmtree(tmp_path / "node_modules" / "iframe-worker")
    assert "npm ci" in dry_run(), "a missing node_modules/iframe-worker is not reinstalled"
