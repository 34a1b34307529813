"""Compare two builds file by file: the safety net of a refactoring.

    thinning-hair compare OLD NEW      # OLD and NEW each hold site/, site-offline/, dist/

Prints each file that is only in one, and each that differs, with the first place it differs;
zips are compared by their members. Exit 0 when the two are the same, 1 when they differ.
With --same-tree, HTML files that differ only in the order of attributes, in how a character
is escaped, or in white space between tags count as the same (what a rewrite on the element
tree, or of a template's layout, changes).
"""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser
from pathlib import Path


class _Canonical(HTMLParser):
    """An HTML document as tokens, attributes sorted and characters unescaped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("<", tag, tuple(sorted(attrs))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.tokens.append(("</", tag))

    def handle_data(self, data):
        if self.tokens and self.tokens[-1][0] == "text":
            self.tokens[-1] = ("text", self.tokens[-1][1] + data)
        else:
            self.tokens.append(("text", data))

    def handle_comment(self, data):
        self.tokens.append(("!--", data))


def canonical(data: bytes) -> list:
    """The document's tokens; text that is only white space counts as one space (between
    tags, where a browser draws none of it)."""
    parser = _Canonical()
    parser.feed(data.decode("utf-8", "replace"))
    parser.close()
    return [("text", " ") if token[0] == "text" and not token[1].strip() else token
            for token in parser.tokens]


def _files(folder: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    out[f"{name}!{info.filename}"] = zf.read(info)
        out[name] = path.read_bytes()
    return out


def _first_difference(old: bytes, new: bytes) -> str:
    at = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    show = lambda data: data[max(0, at - 60):at + 80].decode("utf-8", "replace")  # noqa: E731
    return f"at byte {at}:\n      old: {show(old)!r}\n      new: {show(new)!r}"


def compare(old: Path, new: Path, *, verbose: bool = True, same_tree: bool = False) -> list[str]:
    """One line per difference between the builds in `old` and `new`."""
    differences = []
    for folder in ("site", "site-offline", "dist"):
        a, b = _files(old / folder), _files(new / folder)
        for name in sorted(set(a) | set(b)):
            where = f"{folder}/{name}"
            if name not in b:
                differences.append(f"only in {old}: {where}")
            elif name not in a:
                differences.append(f"only in {new}: {where}")
            elif a[name] != b[name]:
                if same_tree and name.endswith(".html"):
                    old_tokens, new_tokens = canonical(a[name]), canonical(b[name])
                    if old_tokens == new_tokens:
                        continue
                    at = next((i for i, (x, y) in enumerate(zip(old_tokens, new_tokens))
                               if x != y), min(len(old_tokens), len(new_tokens)))
                    differences.append(f"differs: {where} at token {at}:\n      old: "
                                       f"{old_tokens[max(0, at - 2):at + 3]}\n      new: "
                                       f"{new_tokens[max(0, at - 2):at + 3]}")
                    continue
                if same_tree and name.endswith((".zip", ".gz")):
                    continue  # their members are compared one by one
                line = f"differs: {where}"
                if verbose and not name.endswith((".zip", ".gz")):
                    line += " " + _first_difference(a[name], b[name])
                differences.append(line)
    return differences


def main(old: Path, new: Path, verbose: bool = True, same_tree: bool = False) -> int:
    differences = compare(old, new, verbose=verbose, same_tree=same_tree)
    print("\n".join(differences) or f"{old} and {new} hold the same files, "
          + ("the same HTML trees" if same_tree else "byte for byte"))
    if differences:
        print(f"{len(differences)} differences", flush=True)
    return 1 if differences else 0
