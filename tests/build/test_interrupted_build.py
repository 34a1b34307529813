"""A build stopped part-way (Ctrl-C, or SIGTERM from a CI runner or `kill`) leaves the last
good editions as they were, removes its .build-* folder and says so, without a traceback; a
folder that cannot be replaced is named before anything moves."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from commands import project_env, thinning_hair
from pages import ROOT


def _start_build(out: Path) -> subprocess.Popen:
    # As from a terminal: a test run started in the background (`make test &`, some CI
    # runners) ignores SIGINT, and a child would inherit that.
    return subprocess.Popen(thinning_hair("build", "--out", str(out)), cwd=ROOT,
                            env=project_env(ROOT), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_build_stopped_during_the_engine_leaves_the_last_good_one(tmp_path, signum):
    out = tmp_path / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "index.html").write_text("the last good build", encoding="utf-8")
    build = _start_build(out)
    lines = []
    for line in build.stdout:  # wait until the engine is building the published edition
        lines.append(line)
        if "[1/5]" in line:
            break
    time.sleep(0.5)
    build.send_signal(signum)
    rest, _ = build.communicate(timeout=120)
    output = "".join(lines) + rest
    assert build.returncode == 130, output
    assert "build interrupted: nothing was replaced" in output
    assert "Traceback" not in output
    assert (out / "site" / "index.html").read_text(encoding="utf-8") == "the last good build"
    assert not list(out.glob(".build-*")), "the interrupted build left its folder behind"


def test_an_abandoned_build_folder_is_removed_by_the_next_build(tmp_path):
    out = tmp_path / "out"
    abandoned = out / ".build-killed"
    abandoned.mkdir(parents=True)
    (abandoned / "pid").write_text("999999999", encoding="utf-8")  # no such process
    result = subprocess.run(thinning_hair("build", "--out", str(out)), cwd=ROOT,
                            env=project_env(ROOT), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not abandoned.exists()
    assert (out / "site" / "index.html").is_file()


# An interrupt that arrives while the build deletes its own folder (after the swap): measured
# on a real `make build`, Ctrl-C there left .build-* behind and said only "build: interrupted".
_INTERRUPT_WHILE_CLEANING = r"""
import os, shutil, signal, sys
from pathlib import Path
signum, out = int(sys.argv[1]), sys.argv[2]
real = shutil.rmtree
def rmtree(path, *args, **kwargs):
    if Path(path).name.startswith(".build-"):
        os.kill(os.getpid(), signum)
    return real(path, *args, **kwargs)
shutil.rmtree = rmtree
signal.signal(signal.SIGINT, signal.default_int_handler)
from thinning_hair.cli import main
sys.argv = ["thinning-hair", "build", "--out", out]
sys.exit(main())
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_while_the_build_cleans_up_finishes_the_clean_up(tmp_path, signum):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-c", _INTERRUPT_WHILE_CLEANING, str(int(signum)),
                             str(out)], cwd=ROOT, env=project_env(ROOT), capture_output=True,
                            text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 130, output
    assert "build interrupted: the new build is in place." in output
    assert "Traceback" not in output
    assert not list(out.glob(".build-*")), "the build left its folder behind"
    assert (out / "site" / "index.html").is_file() and (out / "site-offline").is_dir()
