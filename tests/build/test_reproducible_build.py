"""Two builds of the same commit give the same bytes: both editions, the offline zip and the
print edition (PDF), as `make build` makes them (the sitemap's build date aside)."""

from __future__ import annotations

import filecmp

from commands import run, thinning_hair
from pages import ROOT


def test_two_builds_of_the_same_commit_are_identical(built, tmp_path):
    result = run(thinning_hair("build", "--out", str(tmp_path)), ROOT)
    assert result.returncode == 0, result.stderr
    # The sitemap carries the build date on purpose (lastmod), and its .gz a timestamp.
    dated = {"sitemap.xml", "sitemap.xml.gz"}
    assert (tmp_path / "dist" / built.zip.name).read_bytes() == built.zip.read_bytes(), \
        "the offline zip differs between two builds"
    for first in sorted(p for p in (built.root / "dist").glob("*.pdf")):
        assert (tmp_path / "dist" / first.name).read_bytes() == first.read_bytes(), \
            f"the print edition ({first.name}) differs between two builds"
    assert list((built.root / "dist").glob("*.pdf")), "no print edition in dist/"
    differ = []
    for first in sorted(p for p in built.site.rglob("*") if p.is_file()):
        rel = first.relative_to(built.site)
        if rel.name in dated:
            continue
        second = tmp_path / "site" / rel
        if not second.is_file() or not filecmp.cmp(first, second, shallow=False):
            differ.append(str(rel))
    assert not differ, differ
