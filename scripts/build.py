"""Build both editions of the site and pack the offline one.

    .venv/bin/python scripts/build.py            # what `make build` runs
    .venv/bin/python scripts/build.py --out DIR  # build into DIR/ instead (the tests do this)
    ENGINE=properdocs .venv/bin/python scripts/build.py   # or --engine properdocs

The engine is MkDocs 1.6.1 unless ENGINE (or --engine) says "properdocs", the continuation of
MkDocs 1.x (the "properdocs" extra in pyproject.toml; `ENGINE=properdocs make build` installs
it). Both read the same two configuration files; this is the one place that picks the engine.

Steps, each announced as it starts:
  1. the published edition, `ENGINE build --strict -f mkdocs.yml` -> OUT/site/
  2. the offline edition, `ENGINE build --strict -f mkdocs-offline.yml` -> OUT/site-offline/
  3. the offline edition packed as OUT/dist/<name>-offline.zip, one top-level folder holding
     index.html, with fixed timestamps so that the same commit gives the same bytes
  4. a copy of the zip in the published edition, where the home page links to it

Every step builds into a temporary folder inside OUT (OUT/.build-XXXX/); only when all four
have passed are site/, site-offline/ and the zip moved into place, each by a rename. A failed
build therefore leaves the last good site/, site-offline/ and dist/ exactly as they were, and
removes its temporary folder.

MkDocs prints its own messages (a broken link, a missing anchor, a page left out of nav, and
the checks of overrides/hooks/checks.py), naming the file; this script stops at the first
failing step with its exit status.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# The engines that build this site from the same mkdocs.yml and mkdocs-offline.yml, each run
# as `python -m NAME`. The files are always passed with -f: ProperDocs looks for
# properdocs.yml first and prints a notice when it falls back to mkdocs.yml; with -f it does not.
ENGINES = ("mkdocs", "properdocs")
DEFAULT_ENGINE = "mkdocs"


def load_config() -> dict:
    """mkdocs.yml as a dict; !ENV tags give their defaults. Also used by bench.py and tests."""
    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml uses !ENV tags; their defaults are all this script needs.
    _Loader.add_constructor("!ENV", lambda loader, node: (
        loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None))
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def zip_name() -> str:
    """The zip's file name, from mkdocs.yml extra.offline_zip (one place for it)."""
    return Path(load_config()["extra"]["offline_zip"]).name


def offline_folder() -> str:
    return load_config()["extra"]["offline_folder"]


class StepFailed(Exception):
    """A build step failed; the message says which and where to look."""


def check_engine(engine: str) -> None:
    """Stop with a clear message if `engine` is unknown or not installed in this Python."""
    if engine not in ENGINES:
        raise StepFailed(f"unknown engine {engine!r} (ENGINE or --engine): choose one of "
                         f"{', '.join(ENGINES)}")
    if importlib.util.find_spec(engine) is None:
        raise StepFailed(
            f"the {engine} engine is not installed in {sys.executable}: run "
            f"`ENGINE={engine} make build` (it installs the pinned \"{engine}\" extra of "
            f"pyproject.toml), or `.venv/bin/pip install '.[{engine}]'`")


def run_engine(engine: str, config_file: str, site_dir: Path) -> None:
    command = [sys.executable, "-m", engine, "build", "--strict", "-f", config_file,
               "--site-dir", str(site_dir)]
    # Material 9.8 prints an end-of-life notice on every MkDocs build; it is known.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode != 0:
        raise StepFailed(f"`{engine} build --strict -f {config_file}` failed (exit "
                         f"{result.returncode}); see {engine}'s messages above")


def pack(folder: Path, target: Path, top: str) -> None:
    """Zip folder as top/..., sorted, with a fixed date: reproducible bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}",
                                   date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())


def build(staging: Path, name: str, top: str, engine: str = DEFAULT_ENGINE) -> None:
    """The four steps, all inside `staging`."""
    print(f"==> Engine: {engine}", flush=True)
    print("==> [1/4] Published edition", flush=True)
    run_engine(engine, "mkdocs.yml", staging / "site")
    print("==> [2/4] Offline edition", flush=True)
    run_engine(engine, "mkdocs-offline.yml", staging / "site-offline")
    print("==> [3/4] Packing the offline edition", flush=True)
    pack(staging / "site-offline", staging / "dist" / name, top)
    print("==> [4/4] Adding the zip to the published edition", flush=True)
    published_zip = staging / "site" / load_config()["extra"]["offline_zip"]
    published_zip.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(staging / "dist" / name, published_zip)


def move_into_place(staging: Path, out: Path, name: str) -> None:
    """Replace OUT/site, OUT/site-offline and OUT/dist/<zip> with the new ones; the old
    folders go into `staging`, which the caller deletes."""
    for folder in ("site", "site-offline"):
        if (out / folder).exists():
            (out / folder).rename(staging / f"old-{folder}")
        (staging / folder).rename(out / folder)
    (out / "dist").mkdir(exist_ok=True)
    os.replace(staging / "dist" / name, out / "dist" / name)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Build both editions of the site.")
    parser.add_argument("--out", type=Path, default=ROOT,
                        help="folder to build into (default: the repository)")
    parser.add_argument("--engine", default=os.environ.get("ENGINE") or DEFAULT_ENGINE,
                        help=f"{' or '.join(ENGINES)} (default: $ENGINE, else "
                             f"{DEFAULT_ENGINE})")
    args = parser.parse_args(argv)
    try:
        check_engine(args.engine)
    except StepFailed as error:
        print(f"build failed: {error}.", file=sys.stderr)
        return 2
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    name, top = zip_name(), offline_folder()
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        build(staging, name, top, args.engine)
        move_into_place(staging, out, name)
    except StepFailed as error:
        print(f"\nbuild failed: {error}.\nNothing was replaced: site/, site-offline/ and "
              f"dist/ in {out} still hold the last good build.", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    zip_path = out / "dist" / name
    size = zip_path.stat().st_size
    print(f"\nBuilt in {time.monotonic() - started:.1f} s with {args.engine}:")
    print(f"  published edition  {out / 'site'}/  (serve it, or `make serve` while writing)")
    print(f"  offline edition    {out / 'site-offline'}/")
    print(f"  offline zip        {zip_path}  ({size / 1024:.0f} KB; unzip, then open "
          f"{top}/index.html)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
