"""Whether every pinned requirement of pyproject.toml is installed at its pinned version.

    .venv/bin/python src/thinning_hair/tools/installed.py [EXTRA ...]   # exit 1 naming what is not
    .venv/bin/python src/thinning_hair/tools/installed.py --pins [EXTRA ...]  # NAME==VERSION of each

The Makefile runs it (standard library only, so it works before the package is installed) to
decide whether to reinstall: a package deleted from .venv is put back by the next `make`."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution, version
from importlib.util import find_spec
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^;\s]+)")


def missing(pyproject: Path, extras: list[str]) -> list[tuple[str, str]]:
    """(requirement, what is wrong) for each pinned requirement not installed as pinned."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = [r.replace(" ", "") for r in project["dependencies"]]
    optional = project.get("optional-dependencies", {})
    todo, seen = list(extras), set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for requirement in optional.get(extra, []):
            inner = re.match(rf"^{re.escape(project['name'])}\[([^\]]+)\]$", requirement)
            if inner:
                todo += [e.strip() for e in inner.group(1).split(",")]
            else:
                wanted.append(requirement)
    out = []
    for requirement in wanted:
        pin = PIN.match(requirement)
        if not pin:
            continue
        name, pinned = pin.groups()
        try:
            found = version(name)
        except PackageNotFoundError:
            out.append((requirement, f"{name} (not installed)"))
            continue
        if found != pinned:
            out.append((requirement, f"{name} ({found}, pinned {pinned})"))
        elif not _importable(name):
            out.append((requirement, f"{name} (its files are gone)"))
    try:
        version(project["name"])
    except PackageNotFoundError:
        out.append(("-e .", f"{project['name']} (the project itself)"))
    return out


def _importable(name: str) -> bool:
    """Whether the modules the distribution installs are still there (a folder deleted from
    site-packages leaves its metadata behind)."""
    top = (distribution(name).read_text("top_level.txt") or "").split()
    return all(find_spec(module) is not None for module in top if module.isidentifier())


if __name__ == "__main__":
    args = sys.argv[1:]
    pins = "--pins" in args
    gone = missing(Path(__file__).resolve().parents[3] / "pyproject.toml",
                   [a for a in args if a != "--pins"])
    if pins:
        print(" ".join(requirement.split(";")[0].strip() for requirement, _ in gone
                       if requirement != "-e ."))
        sys.exit(0)
    if gone:
        print("reinstalling, not as pinned: " + ", ".join(why for _, why in gone),
              file=sys.stderr)
    sys.exit(1 if gone else 0)
