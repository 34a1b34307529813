"""Where each start tag, text run and comment of an HTML document is, read by the standard
library's HTML parser, so a step can change one of them and leave every other byte as the engine
wrote it."""

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


@dataclass
class Span:
    """A run of text between two pieces of markup, or a comment, as written (not unescaped)."""
    start: int
    end: int
    inside: tuple[str, ...]  # names of the open elements around it, outermost first


# Elements with no end tag: they never enclose what follows.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


# Elements whose text the parser reads as it is, markup and all.
RAW_TEXT = {"script", "style"}


class _Scanner(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.text, self.tags, self.open = text, [], []
        # Where each piece the parser reports starts: a text run ends where the next begins.
        self.marks: list[int] = []
        self.texts: list[tuple[int, tuple[str, ...]]] = []     # (index in marks, inside)
        self.comments: list[tuple[int, tuple[str, ...]]] = []
        self.line_starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self.line_starts.append(index + 1)

    def _offset(self) -> int:
        line, column = self.getpos()
        offset = self.line_starts[line - 1] + column
        self.marks.append(offset)
        return offset

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
        self._offset()
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_data(self, data):
        self._offset()
        self.texts.append((len(self.marks) - 1, tuple(self.open)))
        if self.tags and self.open and self.open[-1] in RAW_TEXT \
                and self.tags[-1].name == self.open[-1]:
            self.tags[-1].body = (self.tags[-1].body or "") + data


    def handle_comment(self, data):
        self._offset()
        self.comments.append((len(self.marks) - 1, tuple(self.open)))

    def handle_decl(self, decl):
        self._offset()

    def handle_pi(self, data):
        self._offset()

    def unknown_decl(self, data):
        self._offset()


def _scan(text: str) -> _Scanner:
    scanner = _Scanner(text)
    scanner.feed(text)
    scanner.close()
    return scanner


def tags(text: str) -> list[Tag]:
    """Every start tag in `text`, in document order."""
    return _scan(text).tags


def _spans(scanner: _Scanner, found: list[tuple[int, tuple[str, ...]]]) -> list[Span]:
    """Each piece from where it starts to where the parser's next piece starts."""
    marks = scanner.marks
    return [Span(marks[index], marks[index + 1] if index + 1 < len(marks) else len(scanner.text),
                 inside) for index, inside in found]


def texts(text: str) -> list[Span]:
    """Every run of text between pieces of markup (a <script>'s or <style>'s body included),
    in document order."""
    scanner = _scan(text)
    out = []
    for span in _spans(scanner, scanner.texts):
        # Outside a script, only a lone "<" that starts no tag begins a run; a later one would
        # be markup, so the run stops there rather than reach into a tag.
        cut = -1 if RAW_TEXT & set(span.inside) else text.find("<", span.start + 1, span.end)
        out.append(span if cut < 0 else Span(span.start, cut, span.inside))
    return out


def comments(text: str) -> list[Span]:
    """Every comment, "<!--" to its ">" (bogus comments such as "</ x>" are left out)."""
    scanner = _scan(text)
    return [span for span in _spans(scanner, scanner.comments)
            if text.startswith("<!--", span.start) and text[span.end - 1] == ">"]


def splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, replacement) applied; the spans must not overlap."""
    out, position = [], 0
    for start, end, replacement in sorted(edits):
        out += [text[position:start], replacement]
        position = end
    return "".join(out) + text[position:]
