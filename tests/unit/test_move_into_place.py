"""editions.move_into_place: the three moves of a finished build either all happen or none
does (a failed move puts back what was moved), so readers never get the editions of two
builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from thinning_hair import editions


def make(root: Path, text: str) -> Path:
    for folder in ("site", "site-offline"):
        (root / folder).mkdir(parents=True)
        (root / folder / "index.html").write_text(text, encoding="utf-8")
    (root / "dist").mkdir()
    (root / "dist" / "x.zip").write_text(text, encoding="utf-8")
    return root


def contents(out: Path) -> list[str]:
    return [(out / f).read_text(encoding="utf-8")
            for f in ("site/index.html", "site-offline/index.html", "dist/x.zip")]


def test_all_three_move(tmp_path):
    out, staging = make(tmp_path / "out", "old"), make(tmp_path / "out" / ".build-1", "new")
    editions.move_into_place(staging, out, "x.zip")
    assert contents(out) == ["new", "new", "new"]


def test_a_failed_move_puts_back_what_was_moved(tmp_path, monkeypatch):
    out, staging = make(tmp_path / "out", "old"), make(tmp_path / "out" / ".build-1", "new")
    rename = Path.rename

    def failing(self, target):
        if self == staging / "site-offline":
            raise PermissionError(13, "Permission denied", str(target))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(editions.StepFailed, match="the last good build is as it was"):
        editions.move_into_place(staging, out, "x.zip")
    monkeypatch.undo()
    assert contents(out) == ["old", "old", "old"]
