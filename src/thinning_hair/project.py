"""Where the project's files are: one object instead of a ROOT constant in every module."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


class SiteError(Exception):
    """An author's or maintainer's mistake; str() is the whole message, naming the file."""


def read_utf8(path: Path, name: str | None = None) -> str:
    """A text file's content; SiteError naming the file and line of a byte that is not UTF-8."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SiteError(f"{name or path}:{line}: byte 0x{data[error.start]:02x} is not UTF-8: "
                        "save the file as UTF-8 (retype the character around it)") from None


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
        """The folder holding mkdocs.yml: $THINNING_HAIR_ROOT, else `start` (or the current
        folder) or the nearest folder above it."""
        if os.environ.get("THINNING_HAIR_ROOT"):
            return cls(Path(os.environ["THINNING_HAIR_ROOT"]).resolve())
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "mkdocs.yml").is_file():
                return cls(folder)
        raise SiteError(f"no mkdocs.yml in {here} or above it: run this from the project")

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def includes(self) -> Path:
        return self.root / "includes"

    @property
    def references_file(self) -> Path:
        return self.includes / "references.yml"

    @property
    def glossary_file(self) -> Path:
        return self.includes / "glossary.yml"

    @property
    def figure_data(self) -> Path:
        return self.includes / "figures" / "data"

    @property
    def node_modules(self) -> Path:
        return self.root / "node_modules"

    def relative(self, path: Path) -> str:
        """`path` as an author reads it: relative to the project, with forward slashes."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
