"""Atom (RFC 4287) checked without a network: the elements the RFC requires, by hand, since no
pinned library here validates Atom offline (feedparser reads feeds, it does not judge them)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

ATOM = "{http://www.w3.org/2005/Atom}"


def atom_problems(feed: etree.Element) -> list[str]:
    """RFC 4287's required elements: feed id, title, updated, author (or one per entry);
    each entry id, title, updated, and a link or content; dates in RFC 3339."""
    out = []
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
    if feed.tag != f"{ATOM}feed":
        return [f"root is {feed.tag}, not atom:feed"]
    for name in ("id", "title", "updated"):
        if len(feed.findall(f"{ATOM}{name}")) != 1:
            out.append(f"feed needs exactly one atom:{name}")
    entries = feed.findall(f"{ATOM}entry")
    if feed.find(f"{ATOM}author/{ATOM}name") is None and not all(
            e.find(f"{ATOM}author/{ATOM}name") is not None for e in entries):
        out.append("no atom:author")
    for element in feed.iter():
        if element.tag in (f"{ATOM}updated", f"{ATOM}published") and not stamp.match(
                element.text or ""):
            out.append(f"{element.text!r} is not an RFC 3339 date")
        if element.tag == f"{ATOM}link" and not element.get("href"):
            out.append("a link without href")
    for entry in entries:
        for name in ("id", "title", "updated"):
            if len(entry.findall(f"{ATOM}{name}")) != 1:
                out.append(f"entry needs exactly one atom:{name}")
        if entry.find(f"{ATOM}content") is None and entry.find(
                f"{ATOM}link[@rel='alternate']") is None:
            out.append("entry has neither content nor an alternate link")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    if len(set(ids)) != len(ids):
        out.append("two entries share an id")
    return out
