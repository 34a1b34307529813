"""One command line for every job on the site (the Makefile calls it):

    thinning-hair build [--out DIR] [--engine mkdocs|properdocs]   both editions and the zip
    thinning-hair serve [--engine ...]       live preview on http://127.0.0.1:8000
    thinning-hair generate [--check]         glossary, abbreviations, Sources page, figures
    thinning-hair check                      every page's front matter, snippets, citations,
                                             and the generated files up to date (no engine)
    thinning-hair review-dates               name every page whose review is overdue
    thinning-hair references --stats         references counted by kind of evidence
    thinning-hair prose-stats PAGE.md ...    words, Flesch reading ease, sentence length
    thinning-hair bench [...]                Lighthouse and weights against stock Material
    thinning-hair compare OLD NEW            two builds compared byte for byte

Every mistake ends in one message naming the file (and line), never a traceback.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .project import Project, SiteError


def _data(project: Project):
    from .data import load

    return load(project)


def cmd_build(project: Project, args) -> int:
    from . import editions

    return editions.build(project, args.out or project.root, args.engine)


def cmd_serve(project: Project, args) -> int:
    from . import editions, generate

    editions.check_engine(args.engine)
    generate.write(_data(project))  # Zensical runs no plugin; the others regenerate on save
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # The plugin regenerates the generated files before each rebuild. The engine's own
    # command, not `python -m`, which would put the project folder first on sys.path.
    command = Path(sys.executable).parent / args.engine
    return subprocess.call([str(command), "serve", "-f", "mkdocs.yml", "--dev-addr",
                            args.dev_addr], cwd=project.root, env=env)


def cmd_generate(project: Project, args) -> int:
    from . import generate

    data = _data(project)
    if args.check:
        stale = generate.stale(data)
        for path in stale:
            print(f"out of date: {project.relative(path)} (run `make generate`)", file=sys.stderr)
        return 1 if stale else 0
    written = generate.write(data)
    for path in written:
        print(f"wrote {project.relative(path)}")
    print(f"generate: {len(written)} files changed")
    return 0


def cmd_check(project: Project, args) -> int:
    from . import checks, generate

    data = _data(project)
    problems = checks.all_problems(data)
    if not problems:
        problems = [f"{project.relative(path)}: out of date (run `make generate`)"
                    for path in generate.stale(data)]
    print("\n".join(problems) or "check: every page and generated file is fine")
    return 1 if problems else 0


def cmd_review_dates(project: Project, args) -> int:
    from .data import pages

    problems = []
    for path in sorted(project.docs.glob("*.md")):
        name = project.relative(path)
        try:
            text = pages.read_page(path, name)
            meta = pages.front_matter(text, name)
        except pages.CheckError as error:
            problems.append(str(error))
            continue
        if pages.overdue(meta):
            problems.append(pages.overdue_message(name, meta, text))
    print("\n".join(problems) or "review dates: no page is overdue")
    return 1 if problems else 0


def cmd_references(project: Project, args) -> int:
    from .data.references import KINDS

    refs = _data(project).references
    for kind, (label, _) in KINDS.items():
        print(f"{sum(r.kind == kind for r in refs.values()):3d}  {label}")
    print(f"{len(refs):3d}  in all")
    return 0


def cmd_prose_stats(project: Project, args) -> int:
    from .tools import prose_stats

    return prose_stats.main(args.pages)


def cmd_bench(project: Project, args) -> int:
    from .tools import bench

    return bench.main(args.rest)


def cmd_compare(project: Project, args) -> int:
    from .tools import compare

    return compare.main(args.old, args.new, verbose=not args.brief, same_tree=args.same_tree)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="thinning-hair", description=__doc__.split("\n\n")[0])
    sub = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    engine = os.environ.get("ENGINE") or "mkdocs"

    p = sub.add_parser("build", help="build both editions and the offline zip")
    p.add_argument("--out", type=Path, help="folder to build into (default: the project)")
    p.add_argument("--engine", default=engine,
                   help="mkdocs, properdocs or zensical (default: $ENGINE, else mkdocs)")
    p.set_defaults(run=cmd_build)

    p = sub.add_parser("serve", help="live preview while writing")
    p.add_argument("--engine", default=engine)
    p.add_argument("--dev-addr", default="127.0.0.1:8000")
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser("generate", help="write the generated files whose data changed")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if any is stale")
    p.set_defaults(run=cmd_generate)

    sub.add_parser("check", help="check every page without an engine").set_defaults(run=cmd_check)
    sub.add_parser("review-dates", help="name every overdue page").set_defaults(
        run=cmd_review_dates)
    p = sub.add_parser("references", help="the references counted by kind")
    p.add_argument("--stats", action="store_true")
    p.set_defaults(run=cmd_references)

    p = sub.add_parser("prose-stats", help="words and reading ease of pages")
    p.add_argument("pages", nargs="+")
    p.set_defaults(run=cmd_prose_stats)

    p = sub.add_parser("bench", help="Lighthouse and weights against stock Material",
                       add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(run=cmd_bench)

    p = sub.add_parser("compare", help="compare two builds byte for byte")
    p.add_argument("old", type=Path)
    p.add_argument("new", type=Path)
    p.add_argument("--brief", action="store_true", help="file names only")
    p.add_argument("--same-tree", action="store_true",
                   help="HTML differing only in attribute order or escaping counts as the same")
    p.set_defaults(run=cmd_compare)
    return main


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line read. bench hands its options to tools/bench.py; argparse's REMAINDER
    stops at the first one ("bench --pages x" was "unrecognized arguments"), so they are
    collected here."""
    command_line = parser()
    args, extra = command_line.parse_known_args(argv)
    if extra and args.command != "bench":
        command_line.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "bench":
        args.rest = [*extra, *args.rest]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        return args.run(Project.find(), args)
    except SiteError as error:
        print(f"{args.command}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\n{args.command}: interrupted", file=sys.stderr)
        return 130
