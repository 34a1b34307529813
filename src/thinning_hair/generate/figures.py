"""The figures, drawn from their data files (includes/figures/data/<name>.yml).

Each figure has ONE data file holding its numbers, its words and the ids of its sources. From it
comes includes/figures/<name>.md: a <figure> with a <figcaption>, the picture as inline SVG (so
the page's CSS gives it the theme's colours, light, dark and print) and the same numbers as a
table or list, for screen readers and print. Pages include it with `--8<-- "figures/<name>.md"`.

Every word a figure shows is in its data file, never in this code: the text of the fields each
kind reads, and the small words of its picture and table (headings, the key, the words in a
diagram) in a `words:` mapping. A word may hold {placeholders} for the figure's numbers (the
data file's comments say which). The two diagrams (kind mechanism, kind scales) are drawn from
Jinja2 templates in generate/templates/ (<kind>.svg.j2), which hold where things go and take
the words from `words:`, escaped (autoescape). A word missing from the data file raises
FigureError naming the file and the key (`words.skin`).

A number is typed once. Any text in a data file may take a number from any figure's data file,
its own included, instead of typing it: {<figure>.<field path>} (the figure's file name without
.yml, then keys and list positions joined by dots) is that number as the site writes it (num):
"{finasteride-hair-counts.bars.1.value} more after 2 years" reads "138 more after 2 years".
An unknown file or field, or a field that is not a number, raises FigureError naming the data
file, the row (or field) and the reference. Prose stays plain Markdown: a figure's data file
lists in `restated_in` the pages (and any data file that types its numbers) that restate them,
and restatement_problems(), run by `thinning-hair check`, reports each number such a file does
not state.

Rules the output keeps (tests check them): no style=, <style>, <script> or on...=; colours only
through the classes in docs/assets/stylesheets/figures.css; a viewBox and width 100%; an
accessible name stating the key numbers; ids prefixed with the figure's name; the same bytes
on every run. A data file that cannot make a correct figure raises FigureError naming it.
"""

from __future__ import annotations

import functools
import html
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from ..data import SiteData, read_text, read_yaml
from ..project import SiteError


# The width every picture is drawn for: at 390 px a viewBox unit is about one CSS pixel, so
# 13-unit text reads at about 13 px on a phone. Wider screens cap the size in CSS.
WIDTH = 340


class FigureError(SiteError):
    """A data file that cannot make a correct figure."""


def esc(text: object) -> str:
    """Text for an element's content (apostrophes stay readable in the Markdown source)."""
    return html.escape(str(text), quote=False)


def attr(text: object) -> str:
    """Text for an attribute value in double quotes."""
    return html.escape(str(text), quote=False).replace('"', "&quot;")


def num(value: float) -> str:
    """A number as written on the site: 1.0 -> 1, 2.10 -> 2.1, 1553 -> 1,553."""
    d = Decimal(str(value)).normalize()
    if d == d.to_integral():
        return f"{int(d):,}"
    return format(d, "f")


def about(percent: float) -> str:
    """A percentage as a natural frequency out of 100: 3.8 -> 'about 4', 0.7 -> 'fewer than 1'."""
    if percent < 1:
        return "fewer than 1"
    return f"about {int(Decimal(str(percent)).quantize(Decimal(1), ROUND_HALF_UP))}"


def per_thousand(percent: float) -> str:
    """A percentage as a count out of 1,000: 1.6 -> '16 in 1,000'. For small rates, where
    rounding to a whole number out of 100 would make a tiny difference look double."""
    return f"{int(Decimal(str(percent * 10)).quantize(Decimal(1), ROUND_HALF_UP)):,} in 1,000"


def whole(percent: float) -> int:
    return int(Decimal(str(percent)).quantize(Decimal(1), ROUND_HALF_UP))


# A number taken from a figure's data file: {finasteride-hair-counts.bars.0.value}.
# {figure.field.path} is that number; {figure.field.path*10} is it times 10 (a rate per 100
# given per 1,000, so a fact box keeps one denominator).
REFERENCE = re.compile(r"\{([a-z0-9][a-z0-9-]*)\.([A-Za-z0-9_.-]+?)(?:\*(\d+))?\}")


class Figure:
    """One data file, with checked access to its fields, its words and its sources.

    `raw` is the file as written; `data` is the same with every {figure.field} reference
    replaced by the number it names."""

    def __init__(self, path: Path, known_refs: set[str] | dict, where: str):
        self.path, self.where = path, where
        self.name = path.stem
        self.raw = self._load(path, where)
        self.data = self._resolve(self.raw, "", None, {self.name: self.raw})
        self.labels = self.get("sources")
        unknown = sorted(set(self.labels) - set(known_refs))
        if unknown:
            raise self.error(f"source ids not in includes/references.yml: {unknown}")

    @staticmethod
    def _load(path: Path, where: str) -> dict:
        try:
            data = read_yaml(path) or {}
        except (OSError, UnicodeDecodeError) as error:
            raise FigureError(f"{where}: cannot read: {error}") from None
        except yaml.YAMLError as error:
            raise FigureError(f"{where}: not valid YAML: {error}") from None
        if not isinstance(data, dict):
            raise FigureError(f"{where}: must be a mapping of fields")
        return data

    def error(self, message: str) -> FigureError:
        return FigureError(f"{self.where}: {message}")

    def get(self, key: str, where: dict | None = None, within: str = ""):
        """`where[key]` (the file's top level by default); FigureError naming the file and
        the key, prefixed with `within` ("words."), when it is missing or empty."""
        where = self.data if where is None else where
        if not isinstance(where, dict) or key not in where or where[key] in (None, "", []):
            raise self.error(f"missing `{within}{key}`")
        return where[key]

    # ---- numbers from other figures: {figure.field.path}

    def _resolve(self, value, at: str, row: str | None, files: dict):
        """`value` with every reference in its text replaced by the number it names. `at` is
        its field path and `row` the label of the row holding it, for messages."""
        if isinstance(value, str):
            whole_value = REFERENCE.fullmatch(value.strip())
            if whole_value:  # a number field given as a reference is that number
                return self._refer(whole_value, at, row, files)
            return REFERENCE.sub(lambda m: num(self._refer(m, at, row, files)), value)
        if isinstance(value, dict):
            if at and isinstance(value.get("label"), str):
                row = value["label"]
            return {k: self._resolve(v, f"{at}.{k}" if at else str(k), row, files)
                    for k, v in value.items()}
        if isinstance(value, list):
            return [self._resolve(v, f"{at}.{i}", row, files) for i, v in enumerate(value)]
        return value

    def _refer(self, match: re.Match, at: str, row: str | None, files: dict) -> float:
        name, path, times = match.groups()
        place = f"row {row!r} (`{at}`)" if row else f"`{at}`"
        target = Path(self.where).parent / f"{name}.yml"
        problem = f"{place}: {match.group(0)}: "
        if name not in files:
            if not (self.path.parent / f"{name}.yml").is_file():
                raise self.error(problem + f"no figure data file {target.as_posix()}")
            files[name] = self._load(self.path.parent / f"{name}.yml", target.as_posix())
        value = files[name]
        for part in path.split("."):
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                raise self.error(problem + f"{target.as_posix()} has no `{path}`")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(problem + f"`{path}` in {target.as_posix()} is not a number")
        return value * int(times) if times else value

    # ---- words

    def word(self, key: str, **values) -> str | list[str]:
        """`words.<key>` (a text, or a list of lines), its {placeholders} filled from `values`."""
        found = self.get(key, self.get("words"), within="words.")
        lines = found if isinstance(found, list) else [found]
        try:
            filled = [str(line).format(**values) for line in lines]
        except (KeyError, IndexError, ValueError) as error:
            known = ", ".join("{" + v + "}" for v in sorted(values)) or "no placeholders"
            raise self.error(f"`words.{key}`: cannot fill {error}: this figure's words may "
                             f"hold {known}") from None
        return filled if isinstance(found, list) else filled[0]

    def words(self, **values) -> "Words":
        return Words(self, values)

    def cite(self, ids: list[str]) -> str:
        """Citations in the site's Markdown form: ([Kaufman 1998](sources.md#kaufman-1998)),
        whichever Sources page lists the entry (markdown/citations.py routes the link)."""
        if not ids:
            return ""
        missing = [i for i in ids if i not in self.labels]
        if missing:
            raise self.error(f"cited ids missing from `sources`: {missing}")
        links = "; ".join(f"[{self.labels[i]}](sources.md#{i})" for i in ids)
        return f" ({links})"

    def id(self, part: str) -> str:
        return f"{self.name}-{part}"


class Words:
    """A figure's `words:` as a template reads them ({{ words.skin }}): a missing one raises
    FigureError naming the data file and the key, not an empty string."""

    __slots__ = ("_fig", "_values")

    def __init__(self, fig: Figure, values: dict):
        self._fig, self._values = fig, values

    def __getitem__(self, key: str):
        return self._fig.word(key, **self._values)


# ---- templates --------------------------------------------------------------------------

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def templates() -> jinja2.Environment:
    """The SVG templates: text is escaped (autoescape); an unknown name is an error, not an
    empty string; block tags leave no blank lines or indents behind."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["num"] = num
    return env


def draw(fig: Figure, template: str, **context) -> str:
    """The inner SVG of a figure, from templates/<template>."""
    try:
        return templates().get_template(template).render(**context).rstrip("\n")
    except jinja2.UndefinedError as error:
        raise fig.error(f"templates/{template}: {error}") from None


# ---- wrappers ---------------------------------------------------------------------------

def figure(fig: Figure, kind: str, caption: str, body: list[str]) -> str:
    head = (f"<!-- Generated by `thinning-hair generate` from includes/figures/data/{fig.name}.yml. "
            "Edit that file; `make build` or `make serve` regenerates this one. -->")
    return "\n".join([
        head,
        f'<figure class="fig fig--{kind}" id="{fig.name}" markdown>',
        f'<figcaption markdown="span">{caption}</figcaption>',
        *body,
        "</figure>",
        "",
    ])


def svg(fig: Figure, height: float, label: str, content: list[str], extra_class: str,
        width: float = WIDTH) -> str:
    return "\n".join([
        '<div class="fig__picture">',
        f'<svg class="fig__svg {extra_class}" viewBox="0 0 {num(width)} {num(height)}" width="100%" '
        f'role="img" aria-label="{attr(label)}" xmlns="http://www.w3.org/2000/svg">',
        *content,
        "</svg>",
        "</div>",
    ])


def text(x: float, y: float, words: str, cls: str = "", anchor: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' text-anchor="{anchor}"' if anchor else ""
    return f'<text x="{num(x)}" y="{num(y)}"{attrs}>{esc(words)}</text>'


def sources_line(fig: Figure, words: str, ids: list[str]) -> str:
    """The line under a fact box: `words.source` ("Source and quality"), then `quality`."""
    return (f'<p class="fig__source" markdown="span">**{esc(fig.word("source"))}:** '
            f'{esc(words)}{fig.cite(ids)}</p>')


# ---- fact boxes -------------------------------------------------------------------------

def render_factbox(fig: Figure) -> str:
    """A fact box: a table with two levels of headers (a group heading row per <tbody>, then
    one row header per row) under the column headers. Scope alone cannot say which group a
    cell belongs to, so every header cell has an id (the figure's name, then where it is:
    ids stay unique with several figures on a page and the same on every run) and every data
    cell lists its column header, its group header and its row header in `headers`."""
    columns = fig.get("columns")
    if len(columns) != 2:
        raise fig.error("`columns` must name 2 groups: without, then with the treatment")
    # `corner`: the top-left heading ("Men like those in the trials").
    corner = fig.get("corner")
    column_ids = [fig.id(f"col{n}") for n in range(3)]
    rows = ['<table markdown>',
            f'<thead><tr><th scope="col" id="{column_ids[0]}">{esc(corner)}</th>'
            + "".join(f'<th scope="col" id="{i}">{esc(c)}</th>'
                      for i, c in zip(column_ids[1:], columns)) + "</tr></thead>"]
    for g, group in enumerate(fig.get("groups"), start=1):
        group_id = fig.id(f"group{g}")
        rows.append('<tbody markdown>')
        rows.append(f'<tr class="fig__group" markdown><th scope="colgroup" colspan="3" '
                    f'id="{group_id}" markdown="span">{esc(fig.get("heading", group))}'
                    f'{fig.cite(group.get("sources") or [])}</th></tr>')
        # A group may set `per: 1000`: its percent rows then read "16 in 1,000 (1.6%)".
        per = group.get("per", 100)
        if per not in (100, 1000):
            raise fig.error(f"group {group.get('heading')!r}: `per` must be 100 or 1000")
        for r, row in enumerate(fig.get("rows", group), start=1):
            row_id = fig.id(f"group{g}-row{r}")
            # A row cites its own sources when they differ from its group's.
            label = f'{esc(fig.get("label", row))}{fig.cite(row.get("sources") or [])}'
            if "percent" in row:
                count = about if per == 100 else per_thousand
                for p in row["percent"]:
                    if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 100:
                        raise fig.error(f"row {row.get('label')!r}: {p!r} is not a percentage "
                                        "(0 to 100)")
                cells = [f"{count(p)} ({num(p)}%)" for p in row["percent"]]
            elif "values" in row:
                cells = [num(v) for v in row["values"]]
            elif "text" in row:
                cells = list(row["text"])
            elif "note" in row:
                cells = None
            else:
                raise fig.error(f"row {row.get('label')!r} has no percent, values, text or note")
            if cells is not None and len(cells) != 2:
                raise fig.error(f"row {row.get('label')!r} needs 2 cells")
            # Column header(s), group header, row header: the order a screen reader reads them.
            tds = (f'<td colspan="2" headers="{" ".join([*column_ids[1:], group_id, row_id])}">'
                   f'{esc(row["note"])}</td>' if cells is None
                   else "".join(f'<td headers="{column} {group_id} {row_id}">{esc(c)}</td>'
                                for column, c in zip(column_ids[1:], cells)))
            rows.append(f'<tr markdown><th scope="row" id="{row_id}" markdown="span">{label}</th>'
                        f'{tds}</tr>')
        rows.append("</tbody>")
    rows.append("</table>")
    caption = f'**{esc(fig.get("title"))}.** {esc(fig.get("intro"))}'
    return figure(fig, "factbox", caption,
                  [*rows, sources_line(fig, fig.get("quality"), fig.get("quality_sources"))])


def render_nonumbers(fig: Figure) -> str:
    rows = ['<table markdown>',
            f'<thead><tr><th scope="col">{esc(fig.word("question_heading"))}</th>'
            f'<th scope="col">{esc(fig.word("answer_heading"))}</th></tr></thead>',
            '<tbody markdown>']
    for row in fig.get("rows"):
        rows.append(f'<tr markdown><th scope="row">{esc(fig.get("label", row))}</th>'
                    f'<td markdown="span">**{esc(fig.get("answer", row))}.** '
                    f'{esc(fig.get("text", row))}{fig.cite(fig.get("sources", row))}</td></tr>')
    rows += ["</tbody>", "</table>"]
    caption = f'**{esc(fig.get("title"))}.** {esc(fig.get("intro"))}'
    return figure(fig, "factbox", caption,
                  [*rows, sources_line(fig, fig.get("quality"), fig.get("quality_sources"))])


# ---- icon arrays --------------------------------------------------------------------------

# One person, drawn in a 24 x 30 cell: a head and shoulders.
PERSON = "M12 2.5a4.5 4.5 0 1 1 0 9a4.5 4.5 0 1 1 0-9zM4.5 27.5v-8a7.5 6.5 0 0 1 15 0v8z"
CELL_W, CELL_H, PER_ROW = 24, 30, 10


def icon_counts(fig: Figure) -> dict[str, int]:
    """How many of the 100 figures are drawn as each kind. A source that gives both groups'
    rates (treated_percent, control_percent) fills all three kinds; one that gives only the
    difference (extra_percent, e.g. a review's number needed to treat) draws the extra people
    and leaves the rest as "same result as without it"."""
    if "extra_percent" in fig.data:
        extra = fig.get("extra_percent")
        if not 0 <= extra <= 100:
            raise fig.error("need 0 <= extra_percent <= 100")
        return {"anyway": 0, "extra": whole(extra), "none": 100 - whole(extra)}
    treated, control = fig.get("treated_percent"), fig.get("control_percent")
    if not 0 <= control <= treated <= 100:
        raise fig.error("need 0 <= control_percent <= treated_percent <= 100")
    counts = {"anyway": whole(control), "extra": whole(treated) - whole(control)}
    counts["none"] = 100 - counts["anyway"] - counts["extra"]
    return counts


# A number in an icon array's title or detail that is not a {field}: typed by hand, it can
# disagree with the picture. "in 100" is the array's own size.
_TYPED_NUMBER = re.compile(r"(?<![\w{.])\d+(?:\.\d+)?(?![\w}])")


def icon_words_problems(fig: Figure) -> None:
    """FigureError when the likely range leaves out the value, or a number is typed by hand."""
    value = (fig.get("extra_percent") if "extra_percent" in fig.data
             else fig.get("treated_percent") - fig.get("control_percent"))
    if "range_low" in fig.data or "range_high" in fig.data:
        low, high = fig.get("range_low"), fig.get("range_high")
        if not 0 <= low <= value <= high <= 100:
            raise fig.error(f"need 0 <= range_low <= the difference ({num(value)}) <= "
                            f"range_high <= 100; found {num(low)} and {num(high)}")
    for key in ("title", "detail"):
        text = re.sub(r"\{[^}]*\}", "", fig.raw.get(key) or "")
        typed = [n for n in _TYPED_NUMBER.findall(text) if n != "100"]
        if typed:
            raise fig.error(f"`{key}` types {', '.join(typed)} by hand: write each number "
                            "as its field ({extra}, {range_low}, {treated_pct} …), so the words "
                            "cannot disagree with the picture")


def render_icons(fig: Figure) -> str:
    counts = icon_counts(fig)
    icon_words_problems(fig)
    symbol = fig.id("person")
    content = [f'<defs><path id="{symbol}" d="{PERSON}"/></defs>']
    index = 0
    for kind in ("anyway", "extra", "none"):
        uses = []
        for _ in range(counts[kind]):
            x, y = (index % PER_ROW) * CELL_W, (index // PER_ROW) * CELL_H
            uses.append(f'<use href="#{symbol}" x="{x}" y="{y}"/>')
            index += 1
        content.append(f'<g class="fig-icon fig-icon--{kind}">{"".join(uses)}</g>')
    height = CELL_H * 10
    values = {"extra": counts["extra"], "none": counts["none"]}
    # A likely range from the source (the review's), given as numbers of men in 100.
    for key in ("range_low", "range_high"):
        if key in fig.data:
            values[key] = num(fig.get(key))
    if "extra_percent" not in fig.data:
        treated, control = fig.get("treated_percent"), fig.get("control_percent")
        values.update(treated=whole(treated), control=whole(control),
                      treated_pct=f"{num(treated)}%", control_pct=f"{num(control)}%")
    label = " ".join(fig.get("label").format(**values).split())
    key = fig.get("key")
    items = []
    for kind in (k for k in ("anyway", "extra", "none") if counts[k]):
        swatch = (f'<svg class="fig__swatch" viewBox="0 0 24 30" width="18" height="22" '
                  f'aria-hidden="true" focusable="false"><g class="fig-icon fig-icon--{kind}">'
                  f'<use href="#{symbol}"/></g></svg>')
        items.append(f'<li>{swatch} <strong>{counts[kind]}</strong> {esc(fig.get(kind, key))}</li>')
    detail = fig.get("detail").format(**values)
    # The title states the figure's own numbers, so it cannot disagree with the picture.
    title = fig.get("title").format(**values)
    caption = (f'**{esc(title)}.** {esc(fig.get("intro"))} {esc(detail)}'
               f'{fig.cite(list(fig.labels))}')
    return figure(fig, "icons", caption, [
        svg(fig, height, label, content, "fig__svg--icons", width=CELL_W * PER_ROW),
        '<ul class="fig__key">', *items, "</ul>",
    ])


# ---- bars: hair counts over time ------------------------------------------------------------

def render_bars(fig: Figure) -> str:
    bars = fig.get("bars")
    known = [b["value"] for b in bars if b.get("value") is not None]
    left, right, row_h = 96, 52, 44
    scale = (WIDTH - left - right) / max(known)
    content = []
    for i, bar in enumerate(bars):
        y = 14 + i * row_h
        content.append(text(0, y + 17, fig.get("label", bar), "fig-text"))
        if bar.get("value") is None:
            content.append(f'<rect class="fig-bar fig-bar--missing" x="{left}" y="{y}" '
                           f'width="{WIDTH - left - 2}" height="26" rx="3"/>')
            content.append(text(left + 8, y + 17, fig.get("missing", bar), "fig-text fig-text--small"))
        else:
            width = round(bar["value"] * scale, 1)
            content.append(f'<rect class="fig-bar" x="{left}" y="{y}" width="{num(width)}" '
                           f'height="26" rx="3"/>')
            content.append(text(left + width + 6, y + 18, f"+{num(bar['value'])}",
                                "fig-text fig-text--strong"))
    axis_bottom = 14 + len(bars) * row_h - 10
    content.append(f'<path class="fig-axis" d="M{left} 6V{axis_bottom}"/>')
    content.append(text(left, axis_bottom + 16, fig.word("zero_line"), "fig-text fig-text--small"))
    height = axis_bottom + 24
    values = {f"bar{i}": num(b["value"]) for i, b in enumerate(bars) if b.get("value") is not None}
    label = " ".join(fig.get("label").format(baseline=num(fig.get("baseline")), **values).split())
    rows = ['<table markdown>',
            f'<thead><tr><th scope="col">{esc(fig.word("time_heading"))}</th><th scope="col">'
            f'{esc(fig.get("unit")).capitalize()}</th></tr></thead>', '<tbody markdown>']
    for bar in bars:
        value = (num(bar["value"]) if bar.get("value") is not None
                 else fig.get("missing_long", bar))
        rows.append(f'<tr markdown><th scope="row">{esc(fig.get("label", bar))}</th>'
                    f'<td markdown="span">{esc(value)}{fig.cite(fig.get("sources", bar))}</td></tr>')
    rows += ["</tbody>", "</table>"]
    caption = f'**{esc(fig.get("title"))}.** {esc(fig.get("intro"))}'
    return figure(fig, "chart", caption,
                  [svg(fig, height, label, content, "fig__svg--chart"), *rows])


# ---- how finasteride works ------------------------------------------------------------------

def follicle(x: float, skin: float, size: float) -> str:
    """A hair root under the skin line and its hair above it; size 1 = healthy. Shrunken roots
    sit shallower and grow a thinner, shorter hair."""
    depth, above = 52 * size, 44 * size
    bulb_rx, bulb_ry = 6 * size + 1, 8 * size + 1.5
    width = max(1.5, 4.5 * size)
    bulb_y = skin + depth
    return (f'<path class="fig-hair" d="M{num(x)} {num(round(bulb_y - bulb_ry, 1))}'
            f'V{num(round(skin - above, 1))}" stroke-width="{num(round(width, 1))}"/>'
            f'<ellipse class="fig-bulb" cx="{num(x)}" cy="{num(round(bulb_y, 1))}" '
            f'rx="{num(round(bulb_rx, 1))}" ry="{num(round(bulb_ry, 1))}"/>')


def render_mechanism(fig: Figure) -> str:
    scalp, placebo = fig.get("scalp_dht_fall"), fig.get("placebo_dht_fall")
    skin = 250  # the skin line; four roots under it, from healthy to tiny
    content = [draw(fig, "mechanism.svg.j2", arrow=fig.id("arrow"), skin=skin,
                    words=fig.words(scalp=scalp, placebo=placebo),
                    follicles=[Markup(follicle(x, skin, size)) for x, size in
                               ((44, 1.0), (118, 0.72), (192, 0.48), (266, 0.26))])]
    height = 348
    label = " ".join(fig.get("label").format(scalp=scalp, placebo=placebo).split())
    steps = [f'<li markdown="span">{esc(fig.get("text", s).format(scalp=scalp, placebo=placebo))}'
             f'{fig.cite(s.get("sources") or [])}</li>' for s in fig.get("steps")]
    caption = f'**{esc(fig.get("title"))}.** {esc(fig.get("caption"))}'
    return figure(fig, "diagram", caption, [
        svg(fig, height, label, content, "fig__svg--diagram"),
        '<ol class="fig__steps" markdown>', *steps, "</ol>",
    ])


# ---- hair-loss scales -----------------------------------------------------------------------

HEAD_RX, HEAD_RY = 20, 25


def head_outline(clip: str) -> list[str]:
    return [f'<path class="fig-head" d="M-4 {-HEAD_RY + 1}L0 {-HEAD_RY - 5}L4 {-HEAD_RY + 1}"/>',
            f'<path class="fig-head" d="M{-HEAD_RX} -3q-4 3 0 6M{HEAD_RX} -3q4 3 0 6"/>',
            f'<ellipse class="fig-head" rx="{HEAD_RX}" ry="{HEAD_RY}"/>']


def norwood_shapes(stage: dict) -> list[str]:
    """Shaded areas for one Hamilton-Norwood stage, in head-local units (face towards -y)."""
    if stage.get("horseshoe"):
        return [f'<ellipse class="fig-thin" cy="-5" rx="{HEAD_RX - 3}" ry="{HEAD_RY - 2}"/>']
    t, f, c = stage.get("temple", 0), stage.get("front", 0), stage.get("crown", 0)
    front = -HEAD_RY + f          # the middle of the hairline
    temple = front + t            # how far back the temples reach
    shapes = []
    if t or f:
        # Everything in front of the hairline: it dips back at the temples and comes forward
        # again at the sides.
        shapes.append(f'<path class="fig-thin" d="M-24 -31H24V{num(temple - t / 2)}L13 {num(temple)}'
                      f'Q5 {num(front + 1)} 0 {num(front)}Q-5 {num(front + 1)} -13 {num(temple)}'
                      f'L-24 {num(temple - t / 2)}Z"/>')
    if c:
        shapes.append(f'<circle class="fig-thin" cy="7" r="{c}"/>')
    if stage.get("top"):
        shapes.append(f'<ellipse class="fig-thin" cy="-4" rx="12" ry="17"/>')
    return shapes


def ludwig_shapes(stage: dict) -> list[str]:
    w, length = stage["width"], stage["length"]
    return [f'<ellipse class="fig-thin" cy="{-HEAD_RY + 5 + length}" rx="{w}" ry="{length}"/>']


def render_scales(fig: Figure) -> str:
    men, women = fig.get("men"), fig.get("women")
    clip = fig.id("clip")
    outline = Markup("".join(head_outline(clip)))
    step = WIDTH / len(men["stages"])
    centres, men_heads = {}, []
    for i, stage in enumerate(men["stages"]):
        x = step / 2 + i * step
        centres[stage["stage"]] = x
        men_heads.append({"x": round(x, 1), "y": 52, "stage": stage["stage"],
                          "shapes": Markup("".join(norwood_shapes(stage)))})

    def bracket(span: dict, cls: str) -> dict:
        a, b = centres[span["from"]] - step / 2 + 4, centres[span["to"]] + step / 2 - 4
        words = span["text"]
        # Long labels take two lines under a short bracket, broken after the colon.
        if len(words) * 6.6 > b - a + 30:
            first, _, second = words.partition(": ")
            lines = [first + ":", second]
        else:
            lines = [words]
        return {"cls": cls, "a": round(a, 1), "b": round(b, 1), "mid": round((a + b) / 2, 1),
                "lines": lines}

    y0 = 168  # the women's scale starts here
    wstep = WIDTH / 4
    women_heads = [{"x": round(wstep / 2 + i * wstep, 1), "y": y0 + 38, "stage": stage["stage"],
                    "shapes": Markup("".join(ludwig_shapes(stage)))}
                   for i, stage in enumerate(women["stages"])]
    note = fig.get("note", women, within="women.")
    note = note if isinstance(note, list) else [note]
    ky = y0 + 100  # the key: what the shading means
    content = [draw(
        fig, "scales.svg.j2", words=fig.words(), clip=clip, head_rx=HEAD_RX, head_ry=HEAD_RY,
        outline=outline, men=men, men_heads=men_heads,
        brackets=[bracket(men["covered"], "fig-bracket"),
                  bracket(men["not_shown"], "fig-bracket fig-bracket--dashed")],
        bracket_y=110, y0=y0, women=women, women_heads=women_heads, note=note,
        note_x=wstep * 3 + 4, key_y=ky)]
    height = ky + 8
    label = " ".join(fig.get("label").format(covered_from=men["covered"]["from"],
                                             covered_to=men["covered"]["to"]).split())

    def spans(span: dict) -> str:
        return esc(fig.word("bracket_stages", first=span["from"], last=span["to"]))

    covered, not_shown = men["covered"], men["not_shown"]
    men_range = fig.word("men_range", first=men["stages"][0]["stage"],
                         last=men["stages"][-1]["stage"])
    women_range = fig.word("women_range", first=women["stages"][0]["stage"],
                           last=women["stages"][-1]["stage"])
    items = [
        f'<li markdown="span">{esc(men["name"])}: {esc(men_range)}{fig.cite(men["sources"])}.</li>',
        f'<li markdown="span">{esc(women["name"])}: {esc(women_range)}'
        f'{fig.cite(women["sources"])}; {esc(fig.word("women_hairline"))}'
        f'{fig.cite(women["hairline_sources"])}. '
        f'{esc(" ".join(note))}{fig.cite(women["note_sources"])}.</li>',
        f'<li markdown="span">{esc(covered["text"])} ({spans(covered)}); '
        f'{esc(not_shown["text"][0].lower() + not_shown["text"][1:])} ({spans(not_shown)})'
        f'{fig.cite(covered["sources"])}. {esc(fig.get("reading"))}</li>',
        f'<li markdown="span">{esc(fig.get("trials"))}{fig.cite(fig.get("trials_sources"))}</li>',
    ]
    caption = f'**{esc(fig.get("title"))}.** {esc(fig.get("caption"))}'
    return figure(fig, "diagram", caption, [
        svg(fig, height, label, content, "fig__svg--scales"),
        '<ul class="fig__notes" markdown>', *items, "</ul>",
    ])


RENDERERS = {
    "factbox": render_factbox,
    "nonumbers": render_nonumbers,
    "icons": render_icons,
    "bars": render_bars,
    "mechanism": render_mechanism,
    "scales": render_scales,
}


def outputs(data: SiteData) -> dict[Path, str]:
    """Every generated file and its text, in a fixed order."""
    project = data.project
    result = {}
    for path in sorted(project.figure_data.glob("*.yml")):
        fig = Figure(path, data.references, project.relative(path))
        kind = fig.get("kind")
        if kind not in RENDERERS:
            raise fig.error(f"unknown kind {kind!r}; one of {sorted(RENDERERS)}")
        result[project.includes / "figures" / f"{fig.name}.md"] = RENDERERS[kind](fig)
    return result


# ---- numbers restated in prose ------------------------------------------------------------

def stated_numbers(fig: Figure) -> dict[str, float]:
    """The numbers a figure states, by field path: what a page restating it must say too."""
    d = fig.data
    kind = d.get("kind")
    if kind == "bars":
        return {"baseline": fig.get("baseline"),
                **{f"bars.{i}.value": b["value"] for i, b in enumerate(fig.get("bars"))
                   if b.get("value") is not None}}
    if kind == "icons":
        keys = ("extra_percent",) if "extra_percent" in d else ("treated_percent", "control_percent")
        return {k: fig.get(k) for k in keys}
    if kind == "mechanism":
        return {k: fig.get(k) for k in ("scalp_dht_fall", "placebo_dht_fall")}
    if kind == "factbox":
        return {f"groups.{g}.rows.{r}.{field}.{i}": v
                for g, group in enumerate(d.get("groups") or [])
                for r, row in enumerate(group.get("rows") or [])
                for field in ("percent", "values")
                for i, v in enumerate(row.get(field) or [])}
    return {}


def _is_rate(field: str) -> bool:
    """Fields holding a percentage that pages write with "%" (not extra_percent: "29 in 100")."""
    return field in ("treated_percent", "control_percent") or ".percent." in field


def _states(text: str, number: str) -> bool:
    """Whether `text` has `number` ("1,553") on its own, not inside 21,553 or 1,553.5."""
    return re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", text) is not None


def restatement_problems(data: SiteData) -> list[str]:
    """Each number a figure states that a file in its `restated_in` does not state, as one
    message naming the data file, the number (as the site writes it: num) and every file that
    should state it. A data file states it by typing it or by referring to it
    ({figure.field}). No engine: the files are read as text."""
    project = data.project
    problems = []
    for path in sorted(project.figure_data.glob("*.yml")):
        where = project.relative(path)
        try:
            fig = Figure(path, data.references, where)
            stated = stated_numbers(fig)
        except FigureError as error:
            problems.append(str(error))
            continue
        entries = fig.raw.get("restated_in") or []
        if not isinstance(entries, list):
            problems.append(f"{where}: `restated_in` must be a list of files")
            continue
        files: list[tuple[str, list[str]]] = []
        for entry in entries:
            if isinstance(entry, str):
                files.append((entry, list(stated)))
            elif (isinstance(entry, dict) and len(entry) == 1
                  and isinstance(next(iter(entry.values())), list)):
                name, fields = next(iter(entry.items()))
                unknown = [f for f in fields if f not in stated]
                if unknown:
                    problems.append(f"{where}: `restated_in`: {name}: {unknown} are not numbers "
                                    f"this figure states (it states {list(stated)})")
                files.append((name, [f for f in fields if f in stated]))
            else:
                problems.append(f"{where}: `restated_in`: {entry!r} is neither a file nor "
                                "`file: [field, ...]`")
        texts = {}
        for name, _ in files:
            try:
                texts[name] = read_text(project.root / name)
            except (OSError, UnicodeDecodeError) as error:
                problems.append(f"{where}: `restated_in` names {name}, which cannot be read "
                                f"({error.__class__.__name__})")
        if files and not stated:
            problems.append(f"{where}: `restated_in` is set, but a figure of kind "
                            f"{fig.data.get('kind')!r} states no numbers to check")
        # One message per number, however many fields hold it.
        missing: dict[str, tuple[list[str], list[str]]] = {}
        for field, value in stated.items():
            number = num(value)
            for name, fields in files:
                if field not in fields or name not in texts:
                    continue
                text = texts[name]
                # A rate is written as a percentage ("3.8%"): a bare 38 elsewhere on the page
                # ("20 to 38") does not count.
                needle = f"{number}%" if _is_rate(field) else number
                if _states(text, needle) or f"{{{fig.name}.{field}}}" in text:
                    continue
                fields_of, names = missing.setdefault(number, ([], []))
                if field not in fields_of:
                    fields_of.append(field)
                if name not in names:
                    names.append(name)
        for number, (fields_of, names) in missing.items():
            hint = ""
            if any(n.endswith((".yml", ".yaml")) for n in names):
                hint = (f"; a data file can refer to it instead of typing it: "
                        f"{{{fig.name}.{fields_of[0]}}}")
            one = len(names) == 1
            listed = ", ".join(names[:-1]) + " and " + names[-1] if not one else names[0]
            problems.append(
                f"{where} states {number} (`{'`, `'.join(fields_of)}`), but {listed}, which "
                f"{'restates' if one else 'restate'} its numbers (`restated_in`), "
                f"{'does' if one else 'do'} not: write {number} {'there' if one else 'in each'}, "
                f"or take {'it' if one else 'them'} out of `restated_in`{hint}")
    return problems
