"""Either engine builds the same site: ProperDocs (the continuation of MkDocs 1.x, the
"properdocs" extra of pyproject.toml) must write both editions and the offline zip byte for
byte as MkDocs does, so that the site keeps building, unchanged, when MkDocs 1.6.1 stops
installing. `ENGINE=properdocs make build` is the switch (thinning_hair.editions).

The session's `built` fixture is the MkDocs build; this module adds one ProperDocs build of
the same commit, exactly as `ENGINE=properdocs make build` runs it, and compares the trees.

The only difference allowed, and why:
  - the `<meta name="generator">` tag, once per HTML page: Material writes the engine's name
    and version into it ("mkdocs-1.6.1" / "mkdocs-ProperDocs 1.6.7"). Each page must have
    exactly one, and the ProperDocs build's must name ProperDocs (so the test cannot pass by
    comparing MkDocs with itself).
  - zip files (the offline zip in dist/ and its copy in the published edition) hold those
    pages, so their compressed bytes differ: they are compared member by member instead
    (names, order, dates, permissions, compression, then each member's bytes by the same rule).
The sitemap's dates are not an exception: the ProperDocs build gets SOURCE_DATE_EPOCH set to
the MkDocs build's date, so a session that crosses midnight still compares like with like.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from commands import run, thinning_hair
from pages import ROOT, site_data

# Exactly Material's tag (material/templates/base.html): `content` is the only part allowed
# to differ.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"<>]*">')
RENAME_NOTICE = "should be renamed to 'properdocs.yml'"


def _same_html(first: bytes, second: bytes) -> bool:
    if len(GENERATOR.findall(first)) != 1 or len(GENERATOR.findall(second)) != 1:
        return False
    return GENERATOR.sub(b"", first) == GENERATOR.sub(b"", second)


def _zip_differences(name: str, first: bytes, second: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(first)) as a, zipfile.ZipFile(io.BytesIO(second)) as b:
        left, right = a.infolist(), b.infolist()
        if [i.filename for i in left] != [i.filename for i in right]:
            return [f"{name}: the members differ (or are in another order)"]
        found = []
        for x, y in zip(left, right):
            where = f"{name}!{x.filename}"
            if (x.date_time, x.external_attr, x.compress_type) != \
                    (y.date_time, y.external_attr, y.compress_type):
                found.append(f"{where}: date, permissions or compression differ")
            elif not _same(x.filename, a.read(x), b.read(y)):
                found.append(f"{where}: the content differs")
        return found


def _same(name: str, first: bytes, second: bytes) -> bool:
    if first == second:
        return True
    if name.endswith(".html"):
        return _same_html(first, second)
    return False


def differences(first: Path, second: Path) -> list[str]:
    """Every way the tree `second` differs from `first`, beyond the generator tag."""
    files = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    others = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    found = [f"{name}: only in {first}" for name in sorted(files - others)]
    found += [f"{name}: only in {second}" for name in sorted(others - files)]
    for name in sorted(files & others):
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        if a == b:
            continue
        if name.endswith(".zip"):
            found += _zip_differences(name, a, b)
        elif not _same(name, a, b):
            found.append(f"{name}: the content differs")
    return found


def _build_date_epoch(built) -> str:
    """Midnight (UTC) of the day the MkDocs build wrote into its sitemap."""
    match = re.search(r"<lastmod>(\d{4}-\d{2}-\d{2})</lastmod>",
                      (built.site / "sitemap.xml").read_text(encoding="utf-8"))
    assert match, "the MkDocs build's sitemap.xml has no <lastmod> date"
    day = datetime.strptime(match.group(1), "%Y-%m-%d").replace(tzinfo=timezone.utc)
    return str(int(day.timestamp()))


@pytest.fixture(scope="module")
def properdocs_out(built, tmp_path_factory) -> Path:
    """Both editions and the zip built by ProperDocs, as `ENGINE=properdocs make build` does."""
    out = tmp_path_factory.mktemp("properdocs")
    result = run(thinning_hair("build", "--out", str(out)), ROOT, ENGINE="properdocs",
                 SOURCE_DATE_EPOCH=_build_date_epoch(built))
    assert result.returncode == 0, \
        f"the ProperDocs build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert "==> Engine: properdocs" in result.stdout
    # mkdocs.yml and mkdocs-offline.yml are passed with -f, so ProperDocs has nothing to say
    # about their names.
    assert RENAME_NOTICE not in result.stderr, result.stderr
    return out


def _assert_same(first: Path, second: Path) -> None:
    found = differences(first, second)
    assert not found, ("ProperDocs' build differs from MkDocs' (tests/build/test_engine_parity.py "
                       "says which differences are allowed):\n  " + "\n  ".join(found))


def test_properdocs_builds_the_published_edition_as_mkdocs_does(built, properdocs_out):
    _assert_same(built.site, properdocs_out / "site")


def test_properdocs_builds_the_offline_edition_and_zip_as_mkdocs_does(built, properdocs_out):
    _assert_same(built.offline, properdocs_out / "site-offline")
    _assert_same(built.zip.parent, properdocs_out / "dist")


def test_the_two_builds_really_come_from_different_engines(built, properdocs_out):
    """The one allowed difference is there: otherwise the comparison proves nothing."""
    for page in ("index.html", "404.html"):
        ours = GENERATOR.findall((built.site / page).read_bytes())
        theirs = GENERATOR.findall((properdocs_out / "site" / page).read_bytes())
        assert ours == [b'<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.1">']
        assert len(theirs) == 1 and b"ProperDocs" in theirs[0], theirs


def test_the_comparison_catches_every_other_difference(built, tmp_path):
    """differences() passes the generator tag only: a changed byte anywhere else, a missing
    or extra file and a changed member of the zip are each reported."""
    copy = tmp_path / "site"
    shutil.copytree(built.site, copy)
    page = copy / "finasteride" / "index.html"
    html = page.read_bytes()
    page.write_bytes(GENERATOR.sub(b'<meta name="generator" content="other-engine-9">', html))
    assert differences(built.site, copy) == []

    page.write_bytes(html.replace(b"</h1>", b" </h1>", 1))
    assert differences(built.site, copy) == ["finasteride/index.html: the content differs"]
    page.write_bytes(GENERATOR.sub(b"", html))  # a page without the tag is not passed
    assert differences(built.site, copy) == ["finasteride/index.html: the content differs"]
    page.write_bytes(html)

    (copy / "extra.txt").write_text("x")
    (copy / "robots.txt").unlink()
    assert differences(built.site, copy) == [f"robots.txt: only in {built.site}",
                                             f"extra.txt: only in {copy}"]
    (copy / "extra.txt").unlink()
    shutil.copy2(built.site / "robots.txt", copy / "robots.txt")

    zipped = next(copy.rglob(built.zip.name))  # the zip's copy in the published edition
    with zipfile.ZipFile(built.zip) as source, zipfile.ZipFile(zipped, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("/about.html"):
                data = data.replace(b"</h1>", b"!</h1>", 1)
            target.writestr(info, data)
    rel = zipped.relative_to(copy).as_posix()
    top = built.unzipped.name
    assert differences(built.site, copy) == [f"{rel}!{top}/about.html: the content differs"]


def _strict_environment():
    """Jinja2 made as strict as Zensical's template engine (MiniJinja) is: a missing value may
    be tested (`if x`, `x is defined`, `x | default(…)`), but printing it or reading an
    attribute of it is an error (Jinja2's own Undefined already refuses the attribute)."""
    import jinja2

    class Undefined(jinja2.Undefined):
        def __str__(self):
            self._fail_with_undefined_error()

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"),
                             undefined=Undefined, autoescape=True)
    env.filters["url"] = lambda value: value  # MkDocs' filter; the value is all we check
    return env


@pytest.mark.parametrize("partial", ["meta-social.html", "jsonld.html", "review-dates.html"])
def test_partials_render_for_a_page_without_front_matter(partial):
    """Zensical renders 404.html with a page that has no meta and no title, and gives
    front-matter dates as text: the partials must still render (defaults and guards)."""
    # mkdocs.yml as written: no glossary_entries (the plugin's)
    config = site_data().config
    env = _strict_environment()
    template = env.get_template(f"partials/{partial}")
    empty = template.render(page=type("Page", (), {})(), config=config)
    dated = template.render(page={"title": "T", "meta": {
        "title": "T", "description": "D", "reviewed": "2026-12-01",
        "review_due": "2027-12-01", "glossary": True}}, config=config)
    if partial == "meta-social.html":
        assert f'<meta property="og:title" content="{config["site_name"]}">' in empty
        assert "og:description" in empty
    elif partial == "review-dates.html":
        assert empty.strip() == ""
        # Written out by the partial's own macro, whatever type the engine gives the date.
        assert '<time datetime="2026-12-01">1 December 2026</time>' in dated
    else:
        assert empty.strip() == ""
        assert '"lastReviewed": "2026-12-01"' in dated and '"hasDefinedTerm": []' in dated
