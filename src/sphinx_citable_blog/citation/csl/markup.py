"""The HTML pandoc writes for a citation or a reference, as docutils nodes and as plain text.

pandoc renders a style's output as a short HTML fragment: text, ``<em>``,
``<strong>``, ``<sup>``, ``<sub>``, ``<span class="smallcaps">``, links to a
reference (``<a href="#ref-key">``) or to a web address, and
``<span class="nodecoration">`` for text that must keep no decoration (a
bracketed description where a style italicises titles). lxml parses it; this
module only maps those few elements to docutils nodes (by hand: no library
converts HTML to docutils), so every builder (HTML, EPUB, LaTeX) writes it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import lxml.html
from docutils import nodes

# A link to a cited work: pandoc writes "#ref-" and the key.
REF_PREFIX = "#ref-"

# Makes the node for a link to the cited work *key*, holding *children*.
LinkMaker = Callable[[str, list[nodes.Node]], nodes.Node]

WRAPPERS: dict[str, type[nodes.TextElement]] = {
    "em": nodes.emphasis,
    "i": nodes.emphasis,
    "strong": nodes.strong,
    "b": nodes.strong,
    "sup": nodes.superscript,
    "sub": nodes.subscript,
}


@functools.lru_cache(maxsize=8192)
def parse(html: str) -> lxml.html.HtmlElement:
    """*html* parsed, in a ``div``; kept, because a work's reference and its citations recur on many pages.

    The tree is shared by every caller: read it, never change it.
    """
    return lxml.html.fragment_fromstring(html or "", create_parent="div")


def plain_text(html: str) -> str:
    """The text of *html*, as a reader would copy it."""
    return " ".join(parse(html).text_content().split())


def to_nodes(html: str, link: LinkMaker | None = None) -> list[nodes.Node]:
    """docutils nodes for *html*; links to works are made by *link* (or left as their text)."""
    return _children(parse(html), link, italic=False)


def _children(element: lxml.html.HtmlElement, link: LinkMaker | None, italic: bool) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    if element.text:
        out.append(nodes.Text(element.text))
    for child in element:
        out += _element(child, link, italic)
        if child.tail:
            out.append(nodes.Text(child.tail))
    return out


def _element(element: lxml.html.HtmlElement, link: LinkMaker | None, italic: bool) -> list[nodes.Node]:
    tag = element.tag if isinstance(element.tag, str) else ""
    classes = (element.get("class") or "").split()
    if tag == "span" and "nodecoration" in classes:
        # Plain text, even inside <em>: close the emphasis around it.
        return [_undecorated(element)] if italic else _children(element, link, italic)
    if tag in WRAPPERS:
        inner_italic = italic or WRAPPERS[tag] is nodes.emphasis
        children = _children(element, link, inner_italic)
        return _wrap(WRAPPERS[tag], children) if not (italic and WRAPPERS[tag] is nodes.emphasis) else children
    if tag == "span" and "smallcaps" in classes:
        return [nodes.inline("", "", *_children(element, link, italic), classes=["smallcaps"])]
    if tag == "a":
        href = element.get("href") or ""
        children = _children(element, link, italic)
        if href.startswith(REF_PREFIX):
            return [link(href[len(REF_PREFIX):], children)] if link else children
        return [nodes.reference("", "", *children, refuri=href)]
    return _children(element, link, italic)


def _undecorated(element: lxml.html.HtmlElement) -> nodes.Node:
    return nodes.inline("", element.text_content(), classes=["nodecoration"])


def _wrap(kind: type[nodes.TextElement], children: list[nodes.Node]) -> list[nodes.Node]:
    """*children* in a *kind* node; an undecorated span inside splits it, so that it stays plain."""
    out: list[nodes.Node] = []
    run: list[nodes.Node] = []
    for child in children:
        if isinstance(child, nodes.inline) and "nodecoration" in child["classes"]:
            if run:
                out.append(kind("", "", *run))
                run = []
            out.append(nodes.Text(child.astext()))
        else:
            run.append(child)
    if run:
        out.append(kind("", "", *run))
    return out
