"""A JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) beside each Atom feed: the same posts, as JSON.

Feed readers and scholarly blog archives read JSON Feed as well as Atom. Each
``feed.json`` is written from the Atom feed next to it once that feed is
final (``reading.feeds``: absolute addresses, dates in UTC, each post's full
text ending with its references), so the two always list the same posts with
the same text: ``blog/feed.json`` and one per tag, category, year and author.
Each item has its ``id`` and ``url`` (the post's permanent address),
``title``, ``content_html``, ``summary``, ``date_published``,
``date_modified``, ``authors``, ``tags`` and ``language``; the feed has its
``authors``, ``language``, ``home_page_url`` and ``feed_url``. An author with
an ORCID iD in the Atom feed has it here too, in a JSON Feed extension object
(the specification's way to add a field: a name starting with ``_``):
``"_orcid": {"uri": ..., "path": ...}``, the fields ORCID's schema gives it.
Every page
announces the main feed (and an archive page its own) with ``<link
rel="alternate" type="application/feed+json">``.

Written by hand: JSON Feed is a dozen fields of JSON, written with the
standard library's ``json``; no maintained Python library writes it.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from lxml import etree

from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ATOM = "http://www.w3.org/2005/Atom"
ORCID_NS = "http://www.orcid.org/ns/common"
NS = {"a": ATOM, "orcid": ORCID_NS}
VERSION = "https://jsonfeed.org/version/1.1"
NAME = "feed.json"


def _text(element: etree._Element, path: str) -> str:
    return (element.findtext(path, namespaces=NS) or "").strip()


def _authors(element: etree._Element, urls: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for author in element.findall("a:author", NS):
        name = _text(author, "a:name")
        if name:
            url = _text(author, "a:uri") or urls.get(name, "")
            person: dict[str, Any] = {"name": name, **({"url": url} if url else {})}
            orcid = author.find("orcid:orcid-identifier", NS)
            if orcid is not None:
                person["_orcid"] = {"uri": _text(orcid, "orcid:uri"), "path": _text(orcid, "orcid:path")}
            out.append(person)
    return out


def json_item(entry: etree._Element, language: str, feed_authors: list[dict[str, Any]],
              author_urls: dict[str, str]) -> dict[str, Any]:
    """The JSON Feed item of the Atom *entry*."""
    url = _text(entry, "a:id")
    alternate = entry.find("a:link[@rel='alternate']", NS)
    if alternate is None:
        alternate = entry.find("a:link", NS)
    item: dict[str, Any] = {
        "id": url,
        "url": alternate.get("href") if alternate is not None else url,
        "title": _text(entry, "a:title"),
        "content_html": entry.findtext("a:content", namespaces=NS) or "",
    }
    if _text(entry, "a:summary"):
        item["summary"] = _text(entry, "a:summary")
    item["date_published"] = _text(entry, "a:published")
    item["date_modified"] = _text(entry, "a:updated")
    entry_authors = _authors(entry, author_urls) or feed_authors
    if entry_authors:
        item["authors"] = entry_authors
    tags = [c.get("label") or c.get("term") for c in entry.findall("a:category", NS)]
    if tags:
        item["tags"] = tags
    item["language"] = language
    return item


def json_feed(atom: etree._Element, feed_url: str, home_page_url: str, language: str,
              author_urls: dict[str, str], items: dict[Any, dict[str, Any]] | None = None,
              entries: list[etree._Element] | None = None) -> dict[str, Any]:
    """The JSON Feed of the Atom feed *atom*; *author_urls* gives an author's page by name.

    *items* keeps each entry's item by its id (and the feed's authors, which an entry without
    its own takes): an archive feed's entries are the main feed's, so each is converted once for
    all the feeds it is in. *entries* are the feed's entries when *atom* is only its head.
    """
    feed: dict[str, Any] = {
        "version": VERSION,
        "title": _text(atom, "a:title"),
        "home_page_url": home_page_url,
        "feed_url": feed_url,
    }
    if _text(atom, "a:subtitle"):
        feed["description"] = _text(atom, "a:subtitle")
    authors = _authors(atom, author_urls)
    if authors:
        feed["authors"] = authors
    feed["language"] = language
    known = {} if items is None else items
    converted = []
    for entry in atom.findall("a:entry", NS) if entries is None else entries:
        key = (_text(entry, "a:id"), repr(authors))
        if key not in known:
            known[key] = json_item(entry, language, authors, author_urls)
        converted.append(known[key])
    feed["items"] = converted
    return feed


def dumps(feed: dict[str, Any], item_texts: dict[int, str]) -> str:
    """``json.dumps(feed, ensure_ascii=False)``, each item's JSON taken from *item_texts* (by ``id()``) or added.

    The items are most of a feed's bytes (each post's full text) and the same
    objects in every feed a post is in, so each is encoded once per build.
    """
    parts = []
    for item in feed["items"]:
        if id(item) not in item_texts:
            item_texts[id(item)] = json.dumps(item, ensure_ascii=False)
        parts.append(item_texts[id(item)])
    return dumps_items(feed, parts)


def dumps_items(feed: dict[str, Any], items: list[str]) -> str:
    """``json.dumps(feed, ensure_ascii=False)`` with *items*, the items' JSON, as its ``items``."""
    head = {key: value for key, value in feed.items() if key != "items"}
    head_text = json.dumps(head, ensure_ascii=False)
    return head_text[:-1] + (", " if head else "") + '"items": [' + ", ".join(items) + "]}"


def item_json(entry: etree._Element, language: str, feed_authors: list[dict[str, Any]],
              author_urls: dict[str, str]) -> str:
    """The JSON of the JSON Feed item of the Atom *entry*, as :func:`dumps` writes it in a feed."""
    return json.dumps(json_item(entry, language, feed_authors, author_urls), ensure_ascii=False)


def feed_authors(atom: etree._Element, author_urls: dict[str, str]) -> list[dict[str, Any]]:
    """The JSON Feed authors of the Atom feed *atom* (which an item without its own takes)."""
    return _authors(atom, author_urls)


def write_json_feeds(app: Sphinx, atom_paths: list[Path], author_urls: dict[str, str],
                     known: dict[Path, tuple[etree._Element, list[etree._Element] | None, list[str] | None]]
                     | None = None) -> None:
    """Write ``feed.json`` beside each of the Atom feeds *atom_paths*.

    *known* gives the head, entries and items of feeds this build has just
    written (the archive feeds, made from the main feed's entries; None for a
    feed element with its entries, the main feed), which are not read again;
    the items (their JSON, :func:`item_json`), when known, are written as they
    are and the entries not looked at.
    """
    outdir = Path(app.builder.outdir)
    site = app.config.blog_baseurl or app.config.html_baseurl
    language = app.config.language or "en"
    items: dict[Any, dict[str, Any]] = {}  # the archive feeds' entries are the main feed's
    item_texts: dict[int, str] = {}  # items' JSON, by id() of the item (kept alive by *items*)
    for path in atom_paths:
        texts = None
        if path in (known or {}):
            atom, entries, texts = (known or {})[path]
        elif path.is_file():
            atom, entries = etree.parse(str(path)).getroot(), None
        else:
            continue
        folder = path.parent.relative_to(outdir).as_posix()
        feed_url = urljoin(site, f"{folder}/{NAME}")
        # An archive's feed describes its page (blog/tag/policy.html); the main feed, the blog (Atom's link).
        alternate = atom.find("a:link[@rel='alternate']", NS)
        home = alternate.get("href") if alternate is not None and alternate.get("href") else site
        if folder in build_state(app).generated_pages and folder != app.config.blog_path:
            home = urljoin(site, f"{folder}.html")
        if texts is None:
            data = json_feed(atom, feed_url, home, language, author_urls, items, entries)
            text = dumps(data, item_texts) + "\n"  # no indent: the C encoder, five times faster
        else:
            text = dumps_items(json_feed(atom, feed_url, home, language, author_urls, {}, []), texts) + "\n"
        target = path.with_name(NAME)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def announce(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    """``<link rel="alternate" type="application/feed+json">`` beside ABlog's Atom link (``feed_path``)."""
    feed_path = context.get("feed_path")
    if not writes_site(app) or not feed_path or not app.config.blog_baseurl:
        return
    href = context["pathto"](feed_path, 1) + "/" + NAME
    title = html.escape(str(context.get("feed_title") or app.config.blog_title), quote=True)
    link = f'<link rel="alternate" type="application/feed+json" href="{href}" title="{title}" />'
    context["metatags"] = context.get("metatags", "") + link + "\n"
