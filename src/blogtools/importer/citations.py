"""The old posts' numbered references, made into citations of references.bib.

This blog's posts first marked a source with "[1]" in the text and listed the
addresses, numbered the same way, at the end of the post: a line (or a
paragraph) starting "[1]" with a link or a bare address, or an ``<ol>`` of
links. This module finds that list at the end of a post (``find_sources``),
turns each "[n]" whose number matches an entry with an address into a
``<cite-ref>`` placeholder that the converter writes as `` {cite:p}`key` ``
(``cite``), and removes the cited entries, since the post's References
section lists them from then on. A marker whose number matches no entry with
an address is left as it was and reported, and so is an entry no marker cites
(it stays in the post, so nothing is lost).

Each cited address becomes a ``@misc`` entry (``bib_entry``) that follows the
rules in references.bib's header: its ``url``; ``urldate``, the date of the
post, the day the author is known to have seen it; as ``title`` a description
in square brackets taken from the post (the link's own words if they describe
it, else the entry's words, else "Web page at <host>"), never a guessed
headline; and ``year = {n.d.}``, "no date", since the page's own date is not
known (the build requires a year).

Written by hand, because no library knows this blog's old way of citing; it
works on BeautifulSoup's tree, and uses regular expressions only on the words
of a text node ("[1]", an address), never on HTML.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from blogtools.importer.convert import drop_empty_blocks, is_block, is_break, shown

MARKER = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
LEADING_MARKER = re.compile(r"^\s*\[(\d{1,3})\]")
BARE_URL = re.compile(r"https?://[^\s<>\"]+")
LIST_HEADINGS = {"references", "reference", "sources", "source", "links", "notes", "further reading", "bibliography"}
CONTAINERS = ("div", "section", "article")
STOP_WORDS = {"a", "an", "the", "of", "and", "on", "in", "for", "to", "at", "by", "web", "page", "from", "with"}


@dataclass
class Source:
    """An entry of a post's numbered list with an address: a work the post cites."""

    number: int
    url: str
    description: str
    nodes: list[object] = field(repr=False, default_factory=list)  # what to remove once it is cited
    key: str = ""


@dataclass
class Citations:
    """What ``cite`` did to one post."""

    cited: list[Source] = field(default_factory=list)  # in the order of their numbers
    unmatched: list[str] = field(default_factory=list)  # markers left as text, e.g. "[3]"
    uncited: list[int] = field(default_factory=list)  # numbers of entries with an address that no marker cites


def content_root(soup: BeautifulSoup) -> Tag:
    """The element holding the post's blocks: the document, or the one <div> that wraps them all."""
    root: Tag = soup
    while True:
        children = [node for node in root.children if shown(node)]
        if len(children) == 1 and isinstance(children[0], Tag) and children[0].name in CONTAINERS:
            root = children[0]
        else:
            return root


def lines_of(element: Tag) -> Iterator[list[object]]:
    """The lines of *element*: each block of it, and each run of words between <br> and blocks."""
    line: list[object] = []
    for node in element.children:
        if is_block(node) and isinstance(node, Tag) and node.name in ("p", *CONTAINERS):
            if line:
                yield line
                line = []
            yield from lines_of(node)
        elif is_block(node):
            if line:
                yield line
                line = []
            yield [node]
        elif is_break(node):
            line.append(node)
            yield line
            line = []
        else:
            line.append(node)
    if line:
        yield line


def words(nodes: list[object]) -> str:
    """The text of a line, white space collapsed."""
    text = "".join(node.get_text() if isinstance(node, Tag) else str(node) for node in nodes)
    return " ".join(text.replace("\xa0", " ").split())


def links(nodes: list[object]) -> list[Tag]:
    """The links to web pages in a line."""
    found = []
    for node in nodes:
        if isinstance(node, Tag):
            anchors = [node] if node.name == "a" else node.find_all("a")
            found += [a for a in anchors if a.get("href", "").startswith(("http://", "https://"))]
    return found


def address(nodes: list[object]) -> tuple[str, str]:
    """The first web address in a line, and the words of its link (empty for a bare address)."""
    anchors = links(nodes)
    if anchors:
        return anchors[0]["href"], " ".join(anchors[0].get_text().split())
    match = BARE_URL.search(words(nodes))
    return (match.group(0).rstrip(".,;:)"), "") if match else ("", "")


def is_address_only(nodes: list[object]) -> bool:
    """Whether a line holds nothing but a web address (linked or not)."""
    text = words(nodes)
    url, link_words = address(nodes)
    return bool(url) and text in {url, link_words, f"{link_words} {url}".strip()}


def looks_like_address(text: str) -> bool:
    return text.startswith(("http://", "https://", "www.")) or (" " not in text and "/" in text)


def describe(url: str, link_words: str, entry_words: str) -> str:
    """What the post says the cited page is: the link's words, else the entry's, else where it is."""
    if link_words and not looks_like_address(link_words) and link_words != url:
        return link_words
    rest = entry_words.replace(url, " ")
    if link_words:
        rest = rest.replace(link_words, " ")
    rest = " ".join(rest.split()).strip(" -–—:;,.")
    if rest and not looks_like_address(rest):
        return rest
    return f"Web page at {urlsplit(url).hostname or url}"


def find_sources(root: Tag) -> dict[int, Source] | None:
    """The numbered list of links at the end of the post, by number; None if it has none.

    Either an <ol> as the post's last block, or its last lines, each starting "[n]" or holding only
    the address of the entry above.
    """
    blocks = [node for node in root.children if shown(node)]
    if blocks and isinstance(blocks[-1], Tag) and blocks[-1].name == "ol":
        return ordered_list_sources(blocks[-1])
    lines = [line for line in lines_of(root) if words(line) or any(isinstance(n, Tag) for n in line)]
    start = None
    for i in range(len(lines) - 1, -1, -1):
        if LEADING_MARKER.match(words(lines[i])):
            start = i
        elif not is_address_only(lines[i]):
            break
    if start is None:
        return None
    sources: dict[int, Source] = {}
    entry: list[list[object]] = []
    for line in [*lines[start:], None]:
        if line is None or LEADING_MARKER.match(words(line)):
            if entry:
                add_source(sources, entry)
            entry = [line] if line is not None else []
        else:
            entry.append(line)
    return sources


def add_source(sources: dict[int, Source], entry: list[list[object]]) -> None:
    """Record one "[n] ..." entry (its lines) if it has an address; a number used twice is left out."""
    nodes = [node for line in entry for node in line]
    text = words(nodes)
    number = int(LEADING_MARKER.match(text).group(1))
    url, link_words = address(nodes)
    if number in sources:
        sources[number].url = ""  # ambiguous: two entries with one number
        return
    entry_words = LEADING_MARKER.sub("", text, count=1)
    sources[number] = Source(number, url, describe(url, link_words, entry_words) if url else "", nodes)


def ordered_list_sources(ol: Tag) -> dict[int, Source]:
    start = int(ol["start"]) if str(ol.get("start", "")).isdigit() else 1
    sources = {}
    for i, item in enumerate(ol.find_all("li", recursive=False)):
        url, link_words = address([item])
        description = describe(url, link_words, words([item])) if url else ""
        sources[start + i] = Source(start + i, url, description, [item])
    return sources


def marker_nodes(root: Tag, skip: set[int]) -> Iterator[NavigableString]:
    """The text nodes of the post that may hold a "[n]" marker (not in code, nor in the list itself)."""
    for node in list(root.find_all(string=MARKER)):
        if id(node) in skip or node.find_parent(["pre", "code"]):
            continue
        yield node


def cite(soup: BeautifulSoup, key_for: Callable[[Source], str]) -> Citations:
    """Make each "[n]" that matches an entry with an address a citation, and drop the cited entries.

    *key_for* gives the references.bib key of a cited source (and records its entry).
    """
    root = content_root(soup)
    result = Citations()
    sources = find_sources(root) or {}
    in_list = {id(text) for source in sources.values() for node in source.nodes
               for text in ([node] if isinstance(node, NavigableString) else node.find_all(string=True))}
    cited: dict[int, Source] = {}
    for node in marker_nodes(root, in_list):
        pieces: list[object] = []
        text = str(node)
        end = 0
        for match in MARKER.finditer(text):
            numbers = [int(n) for n in match.group(1).split(",")]
            if not all(sources.get(n) and sources[n].url for n in numbers):
                result.unmatched.append(match.group(0))
                continue
            keys = []
            for number in numbers:
                source = cited.setdefault(number, sources[number])
                source.key = source.key or key_for(source)
                keys.append(source.key)
            pieces.append(NavigableString(text[end:match.start()]))
            placeholder = soup.new_tag("cite-ref")
            placeholder["keys"] = ",".join(dict.fromkeys(keys))
            pieces.append(placeholder)
            end = match.end()
        if not pieces:
            continue
        pieces.append(NavigableString(text[end:]))
        replace_marker(node, [piece for piece in pieces if not isinstance(piece, NavigableString) or piece])
    for number, source in sorted(sources.items()):
        if number in cited:
            for node in source.nodes:
                node.extract()
        elif source.url:
            result.uncited.append(number)
    result.cited = [cited[number] for number in sorted(cited)]
    if cited and not any(source.url and number not in cited for number, source in sources.items()):
        drop_list_heading(root)
    drop_empty_blocks(soup)
    return result


def replace_marker(node: NavigableString, pieces: list[object]) -> None:
    """Put *pieces* where the text *node* was; a link or superscript holding only the marker goes too."""
    target: object = node
    parent = node.parent
    while (parent is not None and parent.name in ("a", "sup") and len(pieces) == 1
           and words([parent]) == words([node])):
        target, parent = parent, parent.parent
    target.replace_with(*pieces)


def drop_list_heading(root: Tag) -> None:
    """Remove a "References" (or "Notes", "Links"...) heading left with nothing under it."""
    lines = [line for line in lines_of(root) if words(line)]
    if lines and words(lines[-1]).rstrip(":").strip().casefold() in LIST_HEADINGS:
        for node in lines[-1]:
            node.extract()


# -- references.bib --------------------------------------------------------------------------


def ascii_word(text: str) -> str:
    """*text* in lower-case ASCII letters and digits only."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(c for c in folded if c.isalnum())


def make_key(source: Source, year: int, taken: set[str]) -> str:
    """A new key in the house form (``bbc2014wilshaw``): the site, the year, a word of the description.

    *taken* holds the keys in use, case-folded (BibTeX keys ignore case); the new one is added to it.
    """
    host = (urlsplit(source.url).hostname or "web").removeprefix("www.")
    site = ascii_word(host.split(".")[0]) or "web"
    described = [ascii_word(w) for w in source.description.split() if "." not in w.strip(".")]
    word = next((w for w in described if w and w not in STOP_WORDS and not w.isdigit()), "page")
    stem = f"{site}{year}{word}"
    key, n = stem, 1
    while key.casefold() in taken:
        n += 1
        key = f"{stem}{chr(ord('a') + n - 1)}" if n <= 26 else f"{stem}{n}"
    taken.add(key.casefold())
    return key


def bib_value(text: str) -> str:
    """*text* as a braced BibTeX value: braces and backslashes, which BibTeX would read as markup, become
    parentheses and slashes, and white space is collapsed."""
    return " ".join(text.replace("{", "(").replace("}", ")").replace("\\", "/").split())


def bib_entry(key: str, source: Source, urldate: str) -> str:
    """The references.bib entry of a cited web page, laid out as the file's other entries are."""
    fields = [
        ("title", f"[{bib_value(source.description)}]"),
        ("year", "n.d."),
        ("url", source.url.replace(" ", "%20").replace("{", "%7B").replace("}", "%7D")),
        ("urldate", urldate),
    ]
    body = "".join(f"  {name:<8} = {{{value}}},\n" for name, value in fields)
    return f"@misc{{{key},\n{body}}}\n"
