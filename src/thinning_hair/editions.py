"""The editions: the published site, the offline one and its zip, and the print edition (PDF).

Steps, each announced as it starts:
  0. the generated files (glossary, abbreviations, Sources page, figures), if their data
     changed, and every page's checks (checks.py), all reported at once
  1. the published edition: the engine builds mkdocs.yml, then html/postbuild.py -> OUT/site/
  2. the offline edition: the same for mkdocs-offline.yml -> OUT/site-offline/
  3. the print edition: one PDF of the whole site made from the offline edition's pages
     (pdf/), OUT/dist/<name>.pdf; PDF=0 in the environment skips it (and removes the last one)
  4. the offline edition packed as OUT/dist/<name>-offline.zip, one top-level folder holding
     index.html, with fixed timestamps so that the same commit gives the same bytes
  5. a copy of the zip and of the PDF in the published edition, where the home page links to
     them (the PDF's link, with its size, is added to the home page here: it is known only now)

Every step builds into OUT/.build-XXXX/; only when all have passed are site/, site-offline/,
the zip and the PDF moved into place, each by a rename. A failed build leaves the last good
ones as they were. MkDocs runs in this process (so the data files are read once for both
editions); ProperDocs, the continuation of MkDocs 1.x, runs as its own command; so does
Zensical, in a copy of the project, since it writes only inside the folder of its
configuration file and runs none of our plugin (step 0 and the checks are done without it).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import checks, generate, pdf
from .data import load
from .html import postbuild
from .project import Project, SiteError

ENGINES = ("mkdocs", "properdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"
CONFIG_FILES = {"published": "mkdocs.yml", "offline": "mkdocs-offline.yml"}


class StepFailed(SiteError):
    """A build step failed; the message says which and where to look."""


@dataclass(frozen=True)
class Edition:
    name: str           # "published" or "offline"
    config_file: str
    site_url: str
    polyfills: list
    offline_zip: str    # extra.offline_zip: where the published edition serves the zip
    offline_folder: str  # extra.offline_folder: the zip's top-level folder


def read_edition(project: Project, name: str) -> Edition:
    """What the steps after the engine need from an edition's configuration, read by MkDocs'
    own loader (INHERIT and !ENV included)."""
    from mkdocs.config import load_config

    config_file = CONFIG_FILES[name]
    try:
        with _quiet("mkdocs"):
            config = load_config(config_file=str(project.root / config_file))
    except Exception as error:  # noqa: BLE001 (MkDocs raises several kinds; all end here)
        raise StepFailed(f"{config_file}: {error}") from None
    extra = config.extra
    return Edition(name, config_file, config.site_url or "", list(extra.get("polyfills") or []),
                   extra["offline_zip"], extra["offline_folder"])


class _quiet:
    """Hide a logger's INFO lines for a moment (loading a config logs nothing useful)."""

    def __init__(self, name: str):
        self.logger = logging.getLogger(name)

    def __enter__(self):
        self.level = self.logger.level
        self.logger.setLevel(logging.WARNING)

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)


def check_engine(engine: str) -> None:
    """Stop with a clear message if `engine` is unknown or not installed in this Python."""
    if engine not in ENGINES:
        raise StepFailed(f"unknown engine {engine!r} (ENGINE or --engine): choose one of "
                         f"{', '.join(ENGINES)}")
    if importlib.util.find_spec(engine) is None:
        raise StepFailed(
            f"the {engine} engine is not installed in {sys.executable}: run "
            f"`ENGINE={engine} make build` (it installs the pinned \"{engine}\" extra of "
            f"pyproject.toml), or `.venv/bin/pip install -e '.[{engine}]'`")


def _log_to_terminal() -> None:
    """MkDocs' own messages, as its command line prints them."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "name", "") == "MkDocsStreamHandler" for h in logger.handlers):
        from mkdocs.__main__ import ColorFormatter

        handler = logging.StreamHandler()
        handler.setFormatter(ColorFormatter())
        handler.name = "MkDocsStreamHandler"
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def run_engine(engine: str, project: Project, config_file: str, site_dir: Path) -> None:
    """`ENGINE build --strict -f config_file --site-dir site_dir`."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material 9.8's end-of-life notice
    if engine == "mkdocs":
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        _log_to_terminal()
        try:
            config = load_config(config_file=str(project.root / config_file), strict=True,
                                 site_dir=str(site_dir))
            plugin = config.plugins.get("thinning-hair")
            if plugin is not None:  # step 0 generated and checked every page already
                plugin.config["generate"] = False
                plugin.config["check_markdown"] = False
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as error:
            raise StepFailed(f"`mkdocs build --strict -f {config_file}` failed: "
                             f"{error}".rstrip(": ")) from None
        except SiteError as error:
            raise StepFailed(str(error)) from None
        return
    if engine == "zensical":
        return _run_zensical(project, config_file, site_dir)
    command = [sys.executable, "-m", engine, "build", "--strict", "-f", config_file,
               "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=project.root)
    if result.returncode != 0:
        raise StepFailed(f"`{engine} build --strict -f {config_file}` failed (exit "
                         f"{result.returncode}); see {engine}'s messages above")


def _run_zensical(project: Project, config_file: str, site_dir: Path) -> None:
    """`zensical build --strict` in a copy of the project beside `site_dir`, whose output (the
    configuration's site_dir) is then moved to `site_dir`."""
    from mkdocs.config import load_config

    copy = site_dir.parent / "zensical-project"
    if not copy.exists():
        copy.mkdir()
        for name in ("docs", "includes", "overrides"):
            shutil.copytree(project.root / name, copy / name)
        for name in CONFIG_FILES.values():
            shutil.copy2(project.root / name, copy / name)
        (copy / "node_modules").symlink_to(project.node_modules)
    with _quiet("mkdocs"):
        built = Path(load_config(config_file=str(copy / config_file)).site_dir)
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "-f",
                             config_file], cwd=copy)
    if result.returncode != 0:
        raise StepFailed(f"`zensical build --strict -f {config_file}` failed (exit "
                         f"{result.returncode}); see its messages above")
    built.rename(site_dir)


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


def print_edition_name(edition: Edition) -> str:
    """Where the published edition serves the PDF: beside the zip, named after its folder
    (downloads/thinning-hair-evidence.pdf)."""
    return str(Path(edition.offline_zip).parent / f"{edition.offline_folder}.pdf")


def wants_pdf() -> bool:
    """PDF=0 in the environment skips the print edition (a quicker build while writing)."""
    return os.environ.get("PDF", "1").strip() not in ("0", "no", "false")


def build_into(staging: Path, project: Project, engine: str, with_pdf: bool = True) -> Edition:
    """Steps 0-5, all inside `staging`; returns the published edition (its zip's names)."""
    step = _Steps(engine)
    step("Generated files and the checks of every page")
    data = load(project)
    for path in generate.write(data):
        print(f"    wrote {project.relative(path)}", flush=True)
    # Every page's mistakes at once, before any engine (which would stop at the first, or,
    # on a byte that is not UTF-8, with a traceback naming no file).
    problems = checks.all_problems(data)
    if problems:
        raise StepFailed("\n".join(problems))
    editions = {name: read_edition(project, name) for name in CONFIG_FILES}
    for name, folder in (("published", "site"), ("offline", "site-offline")):
        edition = editions[name]
        step(f"{name.capitalize()} edition ({edition.config_file})")
        run_engine(engine, project, edition.config_file, staging / folder)
        postbuild.run(staging / folder, project, edition=name, site_url=edition.site_url,
                      polyfills=edition.polyfills)
    published = editions["published"]
    zip_name = Path(published.offline_zip).name
    pdf_path = print_edition_name(published)
    pdf_file = staging / "dist" / Path(pdf_path).name
    if with_pdf:
        step("Print edition (one PDF of the whole site, WeasyPrint)")
        pages = pdf.build(data, staging / "site-offline", pdf_file, site_url=published.site_url)
        print(f"    {pages} pages of the site, {pdf.size_label(pdf_file.stat().st_size)}",
              flush=True)
    else:
        step("Print edition: skipped (PDF=0)")
    step("Packing the offline edition")
    pack(staging / "site-offline", staging / "dist" / zip_name, published.offline_folder)
    step("Adding the zip" + (" and the PDF" if with_pdf else "") + " to the published edition")
    target = staging / "site" / published.offline_zip
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(staging / "dist" / zip_name, target)
    if with_pdf:
        shutil.copyfile(pdf_file, staging / "site" / pdf_path)
        pdf.link_from_home_page(staging / "site" / "index.html", pdf_path,
                                pdf_file.stat().st_size)
    return published


class _Steps:
    def __init__(self, engine: str):
        self.number = 0
        print(f"==> Engine: {engine}", flush=True)

    def __call__(self, title: str) -> None:
        print(f"==> [{self.number}/5] {title}", flush=True)
        self.number += 1


def move_into_place(staging: Path, out: Path, name: str, *also: str) -> None:
    """Replace OUT/site, OUT/site-offline, OUT/dist/<zip> and each OUT/dist/<also> (the PDF)
    with the new ones, or, if any move fails, put back what was moved and raise StepFailed:
    never the editions of two builds. An <also> this build did not make is removed (PDF=0),
    not left from another build. The old ones go into `staging`, which the caller deletes."""
    targets = [(staging / "site", out / "site"), (staging / "site-offline", out / "site-offline"),
               *((staging / "dist" / n, out / "dist" / n) for n in (name, *also))]
    for _, target in targets:  # a folder is moved only if it can be written (its "..")
        if target.exists() and not os.access(target if target.is_dir() else target.parent,
                                              os.W_OK):
            raise StepFailed(f"{target} cannot be replaced (no permission to write it): "
                             "fix its permissions, then build again")
    (out / "dist").mkdir(exist_ok=True)
    done: list[tuple[Path, Path]] = []
    try:
        for number, (new, target) in enumerate(targets):
            if target.exists():
                old = staging / f"old-{number}-{target.name}"
                target.rename(old)
                done.append((old, target))
            if new.exists():
                new.rename(target)
                done.append((target, new))
    except OSError as error:
        for moved_to, moved_from in reversed(done):
            moved_to.rename(moved_from)
        raise StepFailed(f"could not put the new build in place ({error}); the last good "
                         "build is as it was") from None


class _SignalsHeld:
    """SIGINT and SIGTERM wait while the new build is moved into place (a few renames), so an
    interrupt never leaves the editions of two builds."""

    def __enter__(self):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})

    def __exit__(self, *exc):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _terminate(signum, frame):
    raise KeyboardInterrupt  # SIGTERM, like Ctrl-C: clean up on the way out


def _clean_up(staging: Path, term_handler) -> bool:
    """Delete the build's folder with SIGINT and SIGTERM noted, not raised, so an interrupt
    cannot leave it half deleted; then restore `term_handler`. True if one arrived."""
    arrived: list[int] = []
    before = signal.signal(signal.SIGINT, lambda signum, frame: arrived.append(signum))
    signal.signal(signal.SIGTERM, lambda signum, frame: arrived.append(signum))
    try:
        shutil.rmtree(staging, ignore_errors=True)
    finally:
        signal.signal(signal.SIGINT, before)
        signal.signal(signal.SIGTERM, term_handler)
    return bool(arrived)


def remove_abandoned(out: Path) -> None:
    """Delete the .build-* folders of builds that were killed (their process is gone)."""
    for folder in out.glob(".build-*"):
        try:
            pid = int((folder / "pid").read_text(encoding="utf-8"))
            os.kill(pid, 0)
            continue  # still building
        except (OSError, ValueError):
            shutil.rmtree(folder, ignore_errors=True)


def build(project: Project, out: Path, engine: str = DEFAULT_ENGINE,
          with_pdf: bool | None = None) -> int:
    """Build the editions into `out`; 0, or 1 with a message naming what failed. The print
    edition is built unless `with_pdf` is False (None: unless PDF=0 in the environment)."""
    with_pdf = wants_pdf() if with_pdf is None else with_pdf
    try:
        check_engine(engine)
    except StepFailed as error:
        print(f"build failed: {error}.", file=sys.stderr)
        return 2
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    remove_abandoned(out)
    started = time.monotonic()
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    (staging / "pid").write_text(str(os.getpid()), encoding="utf-8")
    previous = signal.signal(signal.SIGTERM, _terminate)
    placed, status = False, 0
    try:
        published = build_into(staging, project, engine, with_pdf)
        name = Path(published.offline_zip).name
        pdf_name = Path(print_edition_name(published)).name
        with _SignalsHeld():
            move_into_place(staging, out, name, pdf_name)
            placed = True
    except SiteError as error:
        print(f"\nbuild failed: {error}\nNothing was replaced: site/, site-offline/ and "
              f"dist/ in {out} still hold the last good build.", file=sys.stderr)
        status = 1
    except KeyboardInterrupt:
        status = 130
    finally:
        if _clean_up(staging, previous):
            status = 130  # an interrupt while cleaning up: reported below, once
    if status == 130:
        print("\nbuild interrupted: " + ("the new build is in place." if placed else
              f"nothing was replaced: site/, site-offline/ and dist/ in {out} still hold "
              "the last good build."), file=sys.stderr)
    if status:
        return status
    zip_path = out / "dist" / name
    top = published.offline_folder
    print(f"\nBuilt in {time.monotonic() - started:.1f} s with {engine}:")
    print(f"  published edition  {out / 'site'}/  (serve it, or `make serve` while writing)")
    print(f"  offline edition    {out / 'site-offline'}/")
    print(f"  offline zip        {zip_path}  ({zip_path.stat().st_size / 1024:.0f} KB; unzip, "
          f"then open {top}/index.html)")
    pdf_path = out / "dist" / pdf_name
    if pdf_path.exists():
        print(f"  print edition      {pdf_path}  ({pdf.size_label(pdf_path.stat().st_size)})")
    else:
        print("  print edition      not built (PDF=0)")
    return 0
