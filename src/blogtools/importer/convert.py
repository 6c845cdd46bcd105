"""HTML to MyST Markdown, with markdownify doing the conversion.

markdownify (a maintained HTML-to-Markdown converter, on BeautifulSoup) turns
paragraphs, headings, lists, emphasis, links, block quotes, images, code and
tables into CommonMark, which MyST reads. ``MystConverter`` subclasses it only
where this site's MyST needs something else:

* headings start at ``##``: the post's title is its only ``#`` heading;
* a link to another post of the old blog becomes `` {ref}`text <post-slug>` ``
  (the writer marks such links with ``data-post-label``); a link to an anchor
  of the old page, or with no address the site can follow, keeps its text
  only, since MyST would take it for a broken cross-reference;
* an image the import copied is shown from its new place; one it could not
  copy becomes a link to its old address, so no page loads anything from
  another site (the writer marks them with ``data-missing``);
* a ``<cite-ref keys="...">`` placeholder (put where an old "[1]" marker was,
  by ``citations.py``) becomes `` {cite:p}`key` ``;
* superscript and subscript use MyST's ``{sup}`` and ``{sub}`` roles; struck
  text keeps its words only, as this site's MyST has no strikethrough;
* a line that starts with "%" is escaped, since MyST would take it for a
  comment and leave it out.

Written by hand, because no library does it: the two ways old blogs stored
paragraphs without ``<p>`` (``add_paragraphs``: WordPress's classic editor
separates them by blank lines and WordPress adds the ``<p>`` when it shows the
post; ``add_line_breaks``: Blogger's "convert line breaks" setting shows each
line break as one), both working on BeautifulSoup's tree, not on the text.
"""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag
from bs4.element import Comment
from markdownify import ATX, BACKSLASH, MarkdownConverter, chomp

BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "iframe", "li", "main", "nav", "ol",
    "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
MEDIA = ("img", "iframe", "video", "audio", "object", "embed", "table", "hr")
LINK_SCHEMES = ("http://", "https://", "mailto:", "ftp://")
BLANK_LINE = re.compile(r"\n[ \t\r\xa0]*\n")  # on text, not HTML: a blank line between words
ROLE_UNSAFE = re.compile(r"[`<>]")


def parse_html(html: str, autop: bool = False, line_breaks: bool = False) -> BeautifulSoup:
    """The post's HTML as a tree ready to convert: paragraphs made, empty ones and stray breaks dropped.

    *autop*: blank lines separate paragraphs and a line break is a <br> (WordPress's classic editor);
    *line_breaks*: every line break is a <br> (Blogger's "convert line breaks" setting).
    """
    with warnings.catch_warnings():
        # A body that is only an address makes BeautifulSoup warn that it looks like one; it is still HTML.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    if line_breaks:
        add_line_breaks(soup, soup)
    for container in [soup, *soup.find_all(["div", "blockquote", "p"])]:
        if container.parent is not None or container is soup:
            make_paragraphs(soup, container, blank_lines=autop)
    drop_empty_blocks(soup)
    return soup


def is_block(node: object) -> bool:
    return isinstance(node, Tag) and node.name in BLOCKS


def is_break(node: object) -> bool:
    return isinstance(node, Tag) and node.name == "br"


def shown(node: object) -> bool:
    """Whether *node* is an element or text with more than white space in it."""
    return isinstance(node, Tag) or bool(str(node).replace("\xa0", " ").strip())


def make_paragraphs(soup: BeautifulSoup, container: Tag, blank_lines: bool) -> None:
    """Split the text of *container* into paragraphs where the old blog showed a new one.

    Two or more <br> in a row end a paragraph (how Blogger's editor wrote them); with *blank_lines*,
    so does a blank line in the text, and a single line break is a <br> (WordPress's wpautop rule).
    """
    children = list(container.children)
    visible = [node for node in children if shown(node)]
    runs = {id(node) for k, node in enumerate(visible) if is_break(node) and (
        k + 1 < len(visible) and is_break(visible[k + 1]) or k > 0 and is_break(visible[k - 1]))}
    blank = blank_lines and any(isinstance(n, NavigableString) and BLANK_LINE.search(str(n)) for n in children)
    if not runs and not blank and not (blank_lines and container is soup):
        return
    groups: list[list[object]] = [[]]
    for node in children:
        if is_block(node):
            groups += [[node], []]
        elif id(node) in runs:
            if groups[-1]:
                groups.append([])
        elif blank_lines and isinstance(node, NavigableString) and BLANK_LINE.search(str(node)):
            parts = BLANK_LINE.split(str(node))
            groups[-1].append(NavigableString(parts[0]))
            groups += [[NavigableString(part)] for part in parts[1:]]
        else:
            groups[-1].append(node)
    pieces: list[Tag] = []
    for group in groups:
        if len(group) == 1 and is_block(group[0]):
            pieces.append(group[0].extract())
        elif any(shown(node) for node in group):
            paragraph = soup.new_tag("p")
            for node in group:
                paragraph.append(node.extract() if node.parent is not None else node)
            if blank_lines:
                add_line_breaks(soup, paragraph)
            pieces.append(paragraph)
    for node in list(container.children):
        node.extract()
    if container.name == "p" and container is not soup:
        container.replace_with(*pieces)
    else:
        for piece in pieces:
            container.append(piece)


def add_line_breaks(soup: BeautifulSoup, container: Tag) -> None:
    """Show each line break in the text of *container* as a <br>, outside <pre>, as the old blog did."""
    for node in list(container.find_all(string=True)):
        if node.find_parent(["pre", "code", "script", "style"]) or "\n" not in node:
            continue
        if not node.strip() and (is_block(node.previous_sibling) or is_block(node.next_sibling)
                                 or is_block(node.parent) and (not node.previous_sibling or not node.next_sibling)):
            continue  # the layout of the HTML source between blocks, not a line of text
        lines = str(node).split("\n")
        pieces: list[object] = []
        for i, line in enumerate(lines):
            if i:
                pieces.append(soup.new_tag("br"))
            pieces.append(NavigableString(line))
        node.replace_with(*pieces)


def has_content(element: Tag) -> bool:
    """Whether *element* shows anything: words, or an image, table or other media."""
    return bool(element.get_text().replace("\xa0", " ").strip()) or element.find(MEDIA) is not None


def drop_empty_blocks(soup: BeautifulSoup) -> None:
    """Remove paragraphs and divisions that show nothing, and line breaks that end no line."""
    for element in reversed(soup.find_all(["p", "div", "span", "blockquote", "li"])):
        if not has_content(element):
            element.decompose()
    while any(stray_break(br) for br in soup.find_all("br")):
        for br in [br for br in soup.find_all("br") if stray_break(br)]:
            br.decompose()


def stray_break(br: Tag) -> bool:
    """Whether the line break *br* starts or ends a block, or stands next to one, so that it breaks no line."""
    around = [node for node in br.parent.children if shown(node)]
    i = next(k for k, node in enumerate(around) if node is br)
    return i == 0 or i == len(around) - 1 or is_block(around[i - 1]) or is_block(around[i + 1])


def role(name: str, content: str) -> str:
    """A MyST role, `` {name}`content` ``."""
    return f"{{{name}}}`{content}`"


class MystConverter(MarkdownConverter):
    """markdownify's converter with the changes this site's MyST needs (see the module docstring)."""

    class Options(MarkdownConverter.DefaultOptions):
        heading_style = ATX
        bullets = "-"
        escape_misc = True
        newline_style = BACKSLASH
        strong_em_symbol = "*"

    def __init__(self, heading_shift: int = 0, **options: object) -> None:
        super().__init__(**options)
        self.heading_shift = heading_shift

    def escape(self, text: str, parent_tags: set[str]) -> str:
        text = super().escape(text, parent_tags)
        # "%" at the start of a line makes the line a MyST comment.
        return re.sub(r"(^|\n)%", r"\1\\%", text)

    def convert_hN(self, n: int, el: Tag, text: str, parent_tags: set[str]) -> str:
        return super().convert_hN(min(6, max(2, n + self.heading_shift)), el, text, parent_tags)

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:
            return text
        label = el.get("data-post-label")
        if label:
            words = " ".join(el.get_text().split())
            if not words or words == el.get("href") or ROLE_UNSAFE.search(words):
                return role("ref", label)
            prefix, suffix, _ = chomp(text)
            return f"{prefix}{role('ref', f'{words} <{label}>')}{suffix}"
        href = el.get("href", "")
        if not href.startswith(LINK_SCHEMES):
            return text  # an anchor of the old page, or an address this site cannot follow
        if any(c in href for c in " ()<>"):
            el["href"] = "<" + href.replace("<", "%3C").replace(">", "%3E") + ">"
        return super().convert_a(el, text, parent_tags)

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        missing = el.get("data-missing")
        if missing:
            alt = " ".join((el.get("alt") or "").split())
            words = self.escape(f"Image: {alt}" if alt else "Image", parent_tags)
            return f"[{words}](<{missing}>)"
        return super().convert_img(el, text, parent_tags)

    def convert_cite_ref(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return role("cite:p", el["keys"])

    def convert_sup(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self._script("sup", el, text)

    def convert_sub(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self._script("sub", el, text)

    def _script(self, name: str, el: Tag, text: str) -> str:
        words = " ".join(el.get_text().split())
        if not words or ROLE_UNSAFE.search(words) or el.find(["a", "img", "cite-ref"]):
            return text
        return role(name, words)

    def convert_del(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return text

    convert_s = convert_del
    convert_strike = convert_del

    def convert_iframe(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        src = el.get("src", "")
        if src.startswith("//"):
            src = "https:" + src
        if not src.startswith(LINK_SCHEMES):
            return ""
        words = self.escape(" ".join((el.get("title") or "Embedded content").split()), parent_tags)
        return f"\n\n[{words}](<{src}>)\n\n"

    def convert_pre(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if not text:
            return ""
        runs = [len(m) for m in re.findall(r"`+", text)]
        fence = "`" * max(3, max(runs, default=0) + 1)
        return f"\n\n{fence}\n{text.strip(chr(10))}\n{fence}\n\n"


def to_myst(soup: BeautifulSoup) -> str:
    """The MyST Markdown of a prepared tree (``parse_html``), headings starting at ``##``."""
    levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    converter = MystConverter(heading_shift=2 - min(levels) if levels else 0)
    text = converter.convert_soup(soup)
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def inline(text: str) -> str:
    """Plain *text* (a title, a name) as Markdown that shows exactly those words."""
    return MystConverter().escape(" ".join(text.split()), set())
