"""Generate the site's figures from their data files.

    .venv/bin/python scripts/figures.py          # what `make figures` (and `make build`) run
    .venv/bin/python scripts/figures.py --check  # exit 1 if a generated file is out of date

Each figure has ONE data file, includes/figures/data/<name>.yml, holding its numbers, its words
and the ids of its sources (references in includes/references.yml). This script writes
includes/figures/<name>.md from it: a <figure> with a <figcaption>, the picture as inline SVG
(so that the page's CSS gives it the theme's colours, light, dark and print) and the same
numbers as a table or list, for screen readers and print. Picture and text come from the same
values, so a number cannot differ between them. Pages include a figure with
`--8<-- "figures/<name>.md"`.

Rules the output keeps (tests/test_figures.py checks them): no style= attributes, no <style> or
<script>, no on...= attributes; colours only through the classes in
docs/assets/stylesheets/figures.css; a viewBox and width 100%, so it fits a 390 px screen;
an accessible name (role="img" and aria-label) stating the key numbers; ids prefixed with the
figure's name (several figures share a page); the same bytes on every run.

A data file with an unknown source id, a missing field or numbers that do not add up stops
the script with FigureError, naming the file and the problem.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

import page_checks  # scripts/page_checks.py: reference ids, via scripts/references.py

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "includes" / "figures" / "data"
OUT = ROOT / "includes" / "figures"
INCLUDES = ROOT / "includes"

# The width every picture is drawn for: at 390 px a viewBox unit is about one CSS pixel, so
# 13-unit text reads at about 13 px on a phone. Wider screens cap the size in CSS.
WIDTH = 340


class FigureError(Exception):
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


def reference_ids() -> set[str]:
    """Every reference id in includes/references.yml: the same reading as the build's
    citation check (scripts/page_checks.py)."""
    try:
        return page_checks.reference_ids(INCLUDES)
    except page_checks.CheckError as error:
        raise FigureError(str(error)) from None


class Figure:
    """One data file, with checked access to its fields and its sources."""

    def __init__(self, path: Path, known_refs: set[str]):
        self.path = path
        self.name = path.stem
        try:
            self.data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            raise self.error(f"not valid YAML: {error}") from error
        self.labels = self.get("sources")
        unknown = sorted(set(self.labels) - known_refs)
        if unknown:
            raise self.error(f"source ids not in includes/references.yml: {unknown}")

    def error(self, message: str) -> FigureError:
        return FigureError(f"{self.path.relative_to(ROOT)}: {message}")

    def get(self, key: str, where: dict | None = None):
        where = self.data if where is None else where
        if key not in where or where[key] in (None, "", []):
            raise self.error(f"missing `{key}`")
        return where[key]

    def cite(self, ids: list[str]) -> str:
        """Citations in the site's Markdown form: ([Kaufman 1998](sources.md#kaufman-1998))."""
        if not ids:
            return ""
        missing = [i for i in ids if i not in self.labels]
        if missing:
            raise self.error(f"cited ids missing from `sources`: {missing}")
        links = "; ".join(f"[{self.labels[i]}](sources.md#{i})" for i in ids)
        return f" ({links})"

    def id(self, part: str) -> str:
        return f"{self.name}-{part}"


# ---- wrappers ---------------------------------------------------------------------------

def figure(fig: Figure, kind: str, caption: str, body: list[str]) -> str:
    head = (f"<!-- Generated by scripts/figures.py from includes/figures/data/{fig.name}.yml. "
            "Edit that file, then run `make figures`. -->")
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
    return f'<p class="fig__source" markdown="span">**Source and quality:** {esc(words)}{fig.cite(ids)}</p>'


# ---- fact boxes -------------------------------------------------------------------------

def render_factbox(fig: Figure) -> str:
    columns = fig.get("columns")
    if len(columns) != 2:
        raise fig.error("`columns` must name 2 groups: without, then with the treatment")
    # `corner` (optional) overrides the top-left heading, e.g. when a group counts per 1,000.
    corner = fig.data.get("corner", "For 100 people like those in the trial")
    rows = ['<table markdown>',
            f'<thead><tr><th scope="col">{esc(corner)}</th>'
            + "".join(f'<th scope="col">{esc(c)}</th>' for c in columns) + "</tr></thead>"]
    for group in fig.get("groups"):
        rows.append('<tbody markdown>')
        rows.append(f'<tr class="fig__group" markdown><th scope="colgroup" colspan="3" '
                    f'markdown="span">{esc(fig.get("heading", group))}'
                    f'{fig.cite(group.get("sources") or [])}</th></tr>')
        # A group may set `per: 1000`: its percent rows then read "16 in 1,000 (1.6%)".
        per = group.get("per", 100)
        if per not in (100, 1000):
            raise fig.error(f"group {group.get('heading')!r}: `per` must be 100 or 1000")
        for row in fig.get("rows", group):
            # A row cites its own sources when they differ from its group's.
            label = f'{esc(fig.get("label", row))}{fig.cite(row.get("sources") or [])}'
            if "percent" in row:
                count = about if per == 100 else per_thousand
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
            tds = (f'<td colspan="2">{esc(row["note"])}</td>' if cells is None
                   else "".join(f"<td>{esc(c)}</td>" for c in cells))
            rows.append(f'<tr markdown><th scope="row" markdown="span">{label}</th>{tds}</tr>')
        rows.append("</tbody>")
    rows.append("</table>")
    caption = f'**{esc(fig.get("title"))}.** {esc(fig.get("intro"))}'
    return figure(fig, "factbox", caption,
                  [*rows, sources_line(fig, fig.get("quality"), fig.get("quality_sources"))])


def render_nonumbers(fig: Figure) -> str:
    rows = ['<table markdown>',
            '<thead><tr><th scope="col">Question</th><th scope="col">What the studies show</th>'
            '</tr></thead>', '<tbody markdown>']
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


def render_icons(fig: Figure) -> str:
    counts = icon_counts(fig)
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
    caption = (f'**{esc(fig.get("title"))}.** {esc(fig.get("intro"))} {esc(detail)}'
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
    content.append(text(left, axis_bottom + 16, "0 = same as placebo", "fig-text fig-text--small"))
    height = axis_bottom + 24
    values = {f"bar{i}": num(b["value"]) for i, b in enumerate(bars) if b.get("value") is not None}
    label = " ".join(fig.get("label").format(baseline=num(fig.get("baseline")), **values).split())
    rows = ['<table markdown>',
            f'<thead><tr><th scope="col">Time on the drug</th><th scope="col">'
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
    box_w, box_h, cx = 150, 36, 88
    content = [
        f'<defs><marker id="{fig.id("arrow")}" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto"><path class="fig-arrowhead" '
        'd="M0 0L10 5L0 10z"/></marker></defs>',
        # testosterone
        f'<rect class="fig-box" x="{cx - box_w // 2}" y="4" width="{box_w}" height="{box_h}" rx="6"/>',
        text(cx, 27, "Testosterone", "fig-text fig-text--strong", "middle"),
        # arrow through the enzyme
        f'<path class="fig-line" d="M{cx} {4 + box_h}V{118}" marker-end="url(#{fig.id("arrow")})"/>',
        text(cx + 10, 56, "5-alpha-reductase", "fig-text"),
        text(cx + 10, 71, "(an enzyme, type II)", "fig-text fig-text--small"),
        # finasteride blocks the arrow
        f'<rect class="fig-box fig-box--drug" x="196" y="80" width="140" height="{box_h}" rx="6"/>',
        text(266, 103, "Finasteride", "fig-text fig-text--strong", "middle"),
        f'<path class="fig-block" d="M196 98H{cx + 4}"/>',
        f'<path class="fig-block" d="M{cx - 10} 88L{cx + 10} 108M{cx + 10} 88L{cx - 10} 108"/>',
        text(266, 136, "blocks this step", "fig-text", "middle"),
        text(266, 153, f"scalp DHT −{scalp}%", "fig-text fig-text--strong", "middle"),
        text(266, 169, f"(placebo −{placebo}%)", "fig-text fig-text--small", "middle"),
        # DHT
        f'<rect class="fig-box" x="{cx - box_w // 2}" y="122" width="{box_w}" height="{box_h}" rx="6"/>',
        text(cx, 145, "DHT", "fig-text fig-text--strong", "middle"),
        f'<path class="fig-line" d="M{cx} {122 + box_h}V{196}" marker-end="url(#{fig.id("arrow")})"/>',
        # follicles shrinking: skin line, then four roots from healthy to tiny
        text(cx + 10, 176, "makes sensitive hair", "fig-text fig-text--small"),
        text(cx + 10, 191, "roots shrink", "fig-text fig-text--small"),
        '<path class="fig-skin" d="M8 250H332"/>',
        text(336, 244, "skin", "fig-text fig-text--small", "end"),
        follicle(44, 250, 1.0), follicle(118, 250, 0.72), follicle(192, 250, 0.48),
        follicle(266, 250, 0.26),
        f'<path class="fig-line" d="M44 322H270" marker-end="url(#{fig.id("arrow")})"/>',
        text(157, 340, "each new hair thinner and shorter", "fig-text fig-text--small", "middle"),
    ]
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
    content = [f'<defs><clipPath id="{clip}"><ellipse rx="{HEAD_RX}" ry="{HEAD_RY}"/></clipPath></defs>',
               text(0, 14, men["name"], "fig-text fig-text--strong")]
    step = WIDTH / len(men["stages"])
    centres = {}
    for i, stage in enumerate(men["stages"]):
        x, y = step / 2 + i * step, 52
        centres[stage["stage"]] = x
        content.append(f'<g transform="translate({num(round(x, 1))} {y})">'
                       f'<g clip-path="url(#{clip})">{"".join(norwood_shapes(stage))}</g>'
                       f'{"".join(head_outline(clip))}</g>')
        content.append(text(round(x, 1), 96, stage["stage"], "fig-text fig-text--strong", "middle"))

    def bracket(span: dict, y: float, cls: str) -> list[str]:
        a, b = centres[span["from"]] - step / 2 + 4, centres[span["to"]] + step / 2 - 4
        mid = (a + b) / 2
        words = span["text"]
        out = [f'<path class="{cls}" d="M{num(round(a, 1))} {y - 5}V{y}H{num(round(b, 1))}V{y - 5}"/>']
        # Long labels take two lines under a short bracket.
        if len(words) * 6.6 > b - a + 30:
            first, _, second = words.partition(": ")
            out += [text(round(mid, 1), y + 15, first + ":", "fig-text fig-text--small", "middle"),
                    text(round(mid, 1), y + 29, second, "fig-text fig-text--small", "middle")]
        else:
            out.append(text(round(mid, 1), y + 15, words, "fig-text fig-text--small", "middle"))
        return out

    content += bracket(men["covered"], 110, "fig-bracket")
    content += bracket(men["not_shown"], 110, "fig-bracket fig-bracket--dashed")
    y0 = 168
    content.append(text(0, y0, women["name"], "fig-text fig-text--strong"))
    wstep = WIDTH / 4
    for i, stage in enumerate(women["stages"]):
        x, y = wstep / 2 + i * wstep, y0 + 38
        content.append(f'<g transform="translate({num(round(x, 1))} {y})">'
                       f'<g clip-path="url(#{clip})">{"".join(ludwig_shapes(stage))}</g>'
                       f'{"".join(head_outline(clip))}</g>')
        content.append(text(round(x, 1), y + 44, stage["stage"], "fig-text fig-text--strong", "middle"))
    note_x = wstep * 3 + 4
    first, _, second = women["note"].partition(" is ")
    content += [text(note_x, y0 + 34, first, "fig-text fig-text--small"),
                text(note_x, y0 + 48, "is " + second, "fig-text fig-text--small")]
    # Key: what the shading means.
    ky = y0 + 100
    content += [f'<rect class="fig-thin fig-key-box" x="0" y="{ky - 11}" width="14" height="14"/>',
                text(20, ky, "thin or no hair (seen from above, face at the top)", "fig-text fig-text--small")]
    height = ky + 8
    label = " ".join(fig.get("label").format(covered_from=men["covered"]["from"],
                                             covered_to=men["covered"]["to"]).split())
    items = [
        f'<li markdown="span">{esc(men["name"])}: stages {men["stages"][0]["stage"]} to '
        f'{men["stages"][-1]["stage"]}, from little or no loss to hair left only at the sides '
        f'and back{fig.cite(men["sources"])}.</li>',
        f'<li markdown="span">{esc(women["name"])}: grades {women["stages"][0]["stage"]} to '
        f'{women["stages"][-1]["stage"]}, from mild to severe thinning on top'
        f'{fig.cite(women["sources"])}; the hairline at the front usually stays'
        f'{fig.cite(women["hairline_sources"])}. '
        f'{esc(women["note"])}{fig.cite(women["note_sources"])}.</li>',
        f'<li markdown="span">{esc(men["covered"]["text"])} (about stages '
        f'{men["covered"]["from"]} to {men["covered"]["to"]}); '
        f'{esc(men["not_shown"]["text"][0].lower() + men["not_shown"]["text"][1:])} (about '
        f'stages {men["not_shown"]["from"]} to {men["not_shown"]["to"]})'
        f'{fig.cite(men["covered"]["sources"])}. {esc(fig.get("reading"))}</li>',
        f'<li markdown="span">{esc(fig.get("trials"))}{fig.cite(fig.get("trials_sources"))}</li>',
    ]
    caption = (f'**{esc(fig.get("title"))}.** Simple drawings made for this site, seen from '
               'above with the face at the top. Shading shows where hair is thin or gone.')
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


def outputs() -> dict[Path, str]:
    """Every generated file and its text, in a fixed order."""
    known = reference_ids()
    result = {}
    for path in sorted(DATA.glob("*.yml")):
        fig = Figure(path, known)
        kind = fig.get("kind")
        if kind not in RENDERERS:
            raise fig.error(f"unknown kind {kind!r}; one of {sorted(RENDERERS)}")
        result[OUT / f"{fig.name}.md"] = RENDERERS[kind](fig)
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Generate the figures from their data files.")
    parser.add_argument("--check", action="store_true",
                        help="only report generated files that are out of date")
    args = parser.parse_args(argv)
    try:
        files = outputs()
    except FigureError as error:
        print(f"figures: {error}", file=sys.stderr)
        return 1
    stale = [p for p, t in files.items() if not p.exists() or p.read_text(encoding="utf-8") != t]
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)} (run `make figures`)", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(files[path], encoding="utf-8")
    print(f"figures: {len(files)} generated, {len(stale)} changed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
