"""Where each start tag of an HTML document is, read by the standard library's HTML parser, so
a step can change one tag and leave every other byte as the engine wrote it."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class Tag:
    name: str
    attrs: dict[str, str | None]
    start: int           # offset of "<"
    end: int             # offset just after ">"
    inside: tuple[str, ...]  # names of the open elements around it, outermost first
    body: str | None = None  # a <script>'s or <style>'s text

    def has_class(self, name: str) -> bool:
        return name in (self.attrs.get("class") or "").split()


# Elements with no end tag: they never enclose what follows.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class _Scanner(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.text, self.tags, self.open = text, [], []
        self.line_starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self.line_starts.append(index + 1)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        raw = self.get_starttag_text() or ""
        self.tags.append(Tag(tag, dict(attrs), start, start + len(raw), tuple(self.open)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        start = self._offset()
        raw = self.get_starttag_text() or ""
        self.tags.append(Tag(tag, dict(attrs), start, start + len(raw), tuple(self.open)))

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_data(self, data):
        if self.tags and self.open and self.open[-1] in ("script", "style") \
                and self.tags[-1].name == self.open[-1]:
            self.tags[-1].body = (self.tags[-1].body or "") + data


def tags(text: str) -> list[Tag]:
    """Every start tag in `text`, in document order."""
    scanner = _Scanner(text)
    scanner.feed(text)
    scanner.close()
    return scanner.tags


def splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, replacement) applied; the spans must not overlap."""
    out, position = [], 0
    for start, end, replacement in sorted(edits):
        out += [text[position:start], replacement]
        position = end
    return "".join(out) + text[position:]
