"""The pipeline as a whole: one `thinning-hair build` reads each data file once for both
editions, and the build leaves no generated file stale."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from thinning_hair import data, editions
from thinning_hair.project import Project

ROOT = Path(__file__).resolve().parents[2]


def test_one_build_reads_each_data_file_once(tmp_path, monkeypatch):
    reads: Counter = Counter()

    def counted(read):
        def counting(self, *args, **kwargs):
            reads[self.resolve()] += 1
            return read(self, *args, **kwargs)
        return counting

    data.clear_cache()
    # Text is read as bytes where a byte that is not UTF-8 must be named (project.read_utf8).
    monkeypatch.setattr(Path, "read_text", counted(Path.read_text))
    monkeypatch.setattr(Path, "read_bytes", counted(Path.read_bytes))
    assert editions.build(Project(ROOT), tmp_path) == 0
    data_files = [ROOT / "mkdocs.yml", ROOT / "includes" / "references.yml",
                  ROOT / "includes" / "glossary.yml",
                  *sorted((ROOT / "includes" / "figures" / "data").glob("*.yml"))]
    counts = {path.relative_to(ROOT).as_posix(): reads[path.resolve()] for path in data_files}
    assert {name: n for name, n in counts.items() if n != 1} == {}, counts
    assert (tmp_path / "site" / "index.html").is_file()
