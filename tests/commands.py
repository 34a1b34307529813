"""The commands the tests run, on the repository or on a copy of it (tests/build/test_bad_input.py
breaks a copy): `thinning-hair` as `make` runs it, and the engine itself (`mkdocs build`).

The package is installed (editable) into the environment that runs the tests, so a copy needs
no code of its own: a command finds its project from $THINNING_HAIR_ROOT, else from the
current folder (thinning_hair.project.Project.find), and both are set to the project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def thinning_hair(*args: str) -> list[str]:
    """`thinning-hair ARGS` (src/thinning_hair/cli.py), as a command for subprocess.run."""
    return [sys.executable, "-m", "thinning_hair", *args]


def project_env(project: Path, **env: str) -> dict[str, str]:
    """The environment for a command run on `project`, plus `env`."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "THINNING_HAIR_ROOT": str(project), **env}


def run(command: list[str], project: Path, timeout: float = 600,
        **env: str) -> subprocess.CompletedProcess:
    """Run `command` in `project` (its current folder and $THINNING_HAIR_ROOT), capturing
    its output as text."""
    return subprocess.run(command, cwd=project, env=project_env(project, **env),
                          capture_output=True, text=True, timeout=timeout)


# The engine's own command, not `python -m mkdocs`, which would put the project folder first on
# sys.path (where a stale *.egg-info can hide the plugin's entry point).
MKDOCS = Path(sys.executable).parent / "mkdocs"


def mkdocs_build(project: Path, *args: str, site_dir: Path | None = None,
                 **env: str) -> subprocess.CompletedProcess:
    """The engine alone, `mkdocs build --strict ARGS` (the published edition unless ARGS say
    `-f mkdocs-offline.yml`), into `site_dir` (default `project`/out): the plugin and the
    Markdown extensions run, the steps after the engine (`thinning-hair build`'s) do not."""
    return run([str(MKDOCS), "build", "--strict", "-d", str(site_dir or project / "out"), *args],
               project, **env)
