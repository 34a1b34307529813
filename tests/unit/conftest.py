"""Quick tests: no engine, no browser. They call the package on the real data files, or on a
few lines of Markdown or HTML, and answer in seconds (`make test-fast`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from thinning_hair import data as site_data
from thinning_hair.project import Project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def data(project):
    return site_data.load(project)

