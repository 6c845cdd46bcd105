"""Make ABlog's Atom feeds absolute, time-zone independent and reproducible.

ABlog writes ``blog/atom.xml`` (and one feed per tag, category and year) with
feedgen, which leaves three problems this extension fixes after the build:

* entry dates are naive datetimes passed through ``astimezone()``, so the
  feed's timestamps depend on the build machine's time zone: posts' dates are
  written here as UTC;
* the feed's ``<updated>`` is the time of the build: it becomes the newest
  entry's date, so two builds of the same sources give the same feed;
* post content is rendered with links relative to a listing page, which a feed
  reader cannot follow: every ``href`` and ``src`` is made absolute;
* every feed gets ABlog's single feed id: each gets its own (its URL);
* a feed has no author of its own: it gets the site's (``author`` in conf.py);
* each ``<author>`` gets the author's page on the blog as its ``<uri>`` and, once
  ``citable_blog_orcids`` gives it, the author's ORCID iD. Atom's person has no
  element for an identifier but takes extension elements (RFC 4287, 3.2), so
  the iD is written as ORCID's own schema writes it, in ORCID's namespace:
  ``<orcid:orcid-identifier>`` with its ``uri``, ``path`` and ``host``.

It also writes the per-tag, per-category, per-year and per-author feeds.
ABlog can write them too (``blog_feed_archives``), but it renders every post
again for every feed the post is in, which on a large blog costs more than
the rest of the build; here each archive feed is the main feed's entries for
that archive's posts, already rendered and made absolute. ABlog's archive
pages are told about their feeds (``feed_path``, ``archive_feed``) as ABlog
itself would tell them.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from sphinx.locale import get_translation

from sphinx_citable_blog.citation.identifiers import doi_url, post_doi
from sphinx_citable_blog.citation.licence import ALL_RIGHTS_RESERVED, licence_of
from sphinx_citable_blog.citation.orcid import orcid_url, orcids
from sphinx_citable_blog.compat.ablog import Blog, Collection, registered_blog
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.reading import json_feed
from sphinx_citable_blog.reading.json_feed import write_json_feeds
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_citable_blog.compat.ablog import Catalog, Post

ATOM = "http://www.w3.org/2005/Atom"
ORCID_NS = "http://www.orcid.org/ns/common"  # ORCID's message schema (common.xsd)
NS = {"a": ATOM, "orcid": ORCID_NS}
_ = get_translation("sphinx")  # ABlog's catalogue, for the same feed titles as ABlog's
# A feed written from the main feed: its head, its entries (the elements, when known) and its
# JSON Feed items (their JSON, when known).
ArchiveFeed = tuple[etree._Element, list[etree._Element] | None, list[str] | None]


def archive_catalogs(blog: Blog) -> list[tuple[str, Catalog]]:
    """The archives that get a feed, with the words ABlog puts before their names."""
    return [
        (_("Posts by"), blog.author),
        (_("Posts from"), blog.location),
        (_("Posts in"), blog.language),
        (_("Posts in"), blog.category),
        (_("Posted in"), blog.archive),
        (_("Posts tagged"), blog.tags),
    ]


def archive_collections(blog: Blog) -> list[tuple[str, Collection]]:
    """The archives whose feed this extension writes, each with the words before its name."""
    return [(header, coll) for header, catalog in archive_catalogs(blog) for coll in catalog if len(coll)]


def feed_files(app: Sphinx) -> set[str]:
    """The feeds the build writes, relative to the output folder: ABlog's main feed(s) and the archives'."""
    blog = registered_blog(app)
    if not app.config.blog_baseurl or not blog:
        return set()
    files = {f"{blog.blog_path}/{root}.xml" for root in blog.blog_feed_templates}
    if not app.config.blog_feed_archives:
        files |= {f"{coll.path}/atom.xml" for _, coll in archive_collections(blog)}
    return files | {name.rsplit("/", 1)[0] + "/" + json_feed.NAME for name in files if name.endswith("/atom.xml")}


def as_utc(when: dt.datetime) -> str:
    """A post's date, which has no time zone, as an RFC 3339 UTC timestamp."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat()


def absolutize_html(fragment: str, page_url: str, entry_url: str) -> str:
    """Rewrite the links in an HTML *fragment* rendered for *page_url*.

    Same-page links ("#ref-x") belong to the entry's own page, so they resolve
    against *entry_url*; everything else resolves against the page the
    fragment was rendered for.
    """
    parts = lxml.html.fragments_fromstring(fragment)
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        for el in part.iter():
            for attr in ("href", "src"):
                value = el.get(attr)
                if value is None:
                    continue
                base = entry_url if value.startswith("#") else page_url
                el.set(attr, urljoin(base, value))
        out.append(lxml.html.tostring(part, encoding="unicode"))
    return "".join(out)


def feed_rights(app: Sphinx) -> str:
    """The feed's ``<rights>``: the posts' licence, named and linked, or all rights reserved."""
    chosen = licence_of(app.config)
    return f"{chosen.name} ({chosen.short}): {chosen.url}" if chosen else ALL_RIGHTS_RESERVED


def fix_feed(path: Path, page_url: str, posts_by_url: dict[str, Post], author: str,
             dois: dict[str, str] | None = None, rights: str = "", author_urls: dict[str, str] | None = None,
             author_orcids: dict[str, str] | None = None) -> tuple[etree._Element, bytes]:
    """Fix the feed at *path* in place (:func:`fix_tree`); returns its feed element and the file's bytes."""
    tree = etree.parse(str(path), etree.XMLParser(remove_blank_text=True))
    fix_tree(tree.getroot(), page_url, posts_by_url, author, dois, rights, author_urls, author_orcids)
    data = etree.tostring(tree, encoding="UTF-8", xml_declaration=True, pretty_print=True)  # as tree.write writes
    path.write_bytes(data)
    return tree.getroot(), data


def fix_tree(feed: etree._Element, page_url: str, posts_by_url: dict[str, Post], author: str,
             dois: dict[str, str] | None = None, rights: str = "", author_urls: dict[str, str] | None = None,
             author_orcids: dict[str, str] | None = None) -> None:
    """Fix the *feed* element, as parsed without blank text, in place: its entries' dates in UTC, links
    absolute and DOIs, its own id, author, dates and rights, and every author's page and iD."""
    newest = ""
    for entry in feed.findall("a:entry", NS):
        url = entry.findtext("a:id", namespaces=NS)
        post = posts_by_url[url]
        published, updated = as_utc(post.date), as_utc(post.update)
        entry.find("a:published", NS).text = published
        entry.find("a:updated", NS).text = updated
        newest = max(newest, updated)
        doi = (dois or {}).get(post.docname)
        if doi:  # the post's DOI, beside its address (which stays the entry's id, so readers see no new entry)
            entry.find("a:link", NS).addnext(etree.Element(f"{{{ATOM}}}link", rel="related", href=doi_url(doi)))
        content = entry.find("a:content", NS)
        if content is not None and content.text:
            content.text = absolutize_html(content.text, page_url, url)
    if newest:
        feed.find("a:updated", NS).text = newest
    self_link = feed.find("a:link[@rel='self']", NS)
    feed.find("a:id", NS).text = self_link.get("href")
    if feed.find("a:author", NS) is None:
        name = etree.SubElement(etree.Element(f"{{{ATOM}}}author"), f"{{{ATOM}}}name")
        name.text = author
        feed.find("a:title", NS).addnext(name.getparent())
    for person in feed.iter(f"{{{ATOM}}}author"):  # each author with their page on the blog and their iD
        name = person.findtext("a:name", namespaces=NS) or ""
        url = (author_urls or {}).get(name)
        if url and person.find("a:uri", NS) is None:
            etree.SubElement(person, f"{{{ATOM}}}uri").text = url
        orcid = (author_orcids or {}).get(name)
        if orcid and person.find("orcid:orcid-identifier", NS) is None:
            add_orcid(person, orcid)
    if rights and feed.find("a:rights", NS) is None:
        feed.find("a:author", NS).addnext(etree.Element(f"{{{ATOM}}}rights"))
        feed.find("a:rights", NS).text = rights


def add_orcid(person: etree._Element, orcid: str) -> None:
    """Give the Atom *person* the iD *orcid* (``0000-0002-1825-0097``) as ORCID's schema writes it."""
    identifier = etree.SubElement(person, f"{{{ORCID_NS}}}orcid-identifier", nsmap={"orcid": ORCID_NS})
    for field, value in (("uri", orcid_url(orcid)), ("path", orcid), ("host", "orcid.org")):
        etree.SubElement(identifier, f"{{{ORCID_NS}}}{field}").text = value


ENTRY_TEXT = re.compile(r"^  <entry>\n.*?^  </entry>\n", re.MULTILINE | re.DOTALL)


class MainEntries:
    """The main feed's entries in order, each with its id, its ``<updated>`` and (with *texts*,
    :func:`entry_texts`) its text as the main feed's file has it, in UTF-8: worked out once for
    all the archives. Made from the main feed's tree, or (:meth:`from_parts`) from entries kept
    as text, with each entry's JSON Feed item."""

    def __init__(self, main: etree._Element, texts: dict[str, str] | None = None) -> None:
        self.elements: list[etree._Element] | None = main.findall("a:entry", NS)
        self.ids = [entry.findtext("a:id", namespaces=NS) for entry in self.elements]
        self.updated = [entry.findtext("a:updated", namespaces=NS) for entry in self.elements]
        self.texts = None if texts is None else [texts[id_].encode("utf-8") for id_ in self.ids]
        self.items: list[str] | None = None

    @classmethod
    def from_parts(cls, ids: list[str], updated: list[str], texts: list[bytes], items: list[str]) -> MainEntries:
        """Entries known as text: their ids, ``<updated>``, texts and JSON Feed items' JSON, in order."""
        self = cls.__new__(cls)
        self.elements, self.ids, self.updated, self.texts, self.items = None, ids, updated, texts, items
        return self

    def chosen(self, entry_ids: set[str]) -> list[int]:
        """The positions of the entries whose id is in *entry_ids*."""
        return [i for i, id_ in enumerate(self.ids) if id_ in entry_ids]

    def items_of(self, entry_ids: set[str]) -> list[str] | None:
        """The JSON Feed items of the entries whose id is in *entry_ids*, if they are known."""
        return None if self.items is None else [self.items[i] for i in self.chosen(entry_ids)]


def entry_texts(text: str, main: etree._Element) -> dict[str, str] | None:
    """Each entry of the main feed as the file *text* (lxml's pretty print of *main*) writes it, by id.

    An archive feed is its own head and a selection of these entries, and the
    entries are most of its bytes (each post's full text, escaped): writing the
    archives from the main feed's text escapes each post once, not once for
    every archive it is in. None when the text does not match the tree entry
    for entry (the caller then serializes each archive's tree).
    """
    entries = main.findall("a:entry", NS)
    chunks = ENTRY_TEXT.findall(text)
    if len(chunks) != len(entries) or any(child.tag == f"{{{ATOM}}}entry" for child in main[:-len(entries) or None]):
        return None  # entries not one block at the end of the feed
    return {entry.findtext("a:id", namespaces=NS): chunk for entry, chunk in zip(entries, chunks, strict=True)}


def archive_head(main: etree._Element, title: str, url: str, newest: str) -> etree._Element:
    """The feed element of an archive, without entries: *main*'s head with its own title, id and dates."""
    feed = etree.Element(main.tag, main.attrib, nsmap=main.nsmap)
    for child in main:
        if child.tag != f"{{{ATOM}}}entry":
            feed.append(copy.deepcopy(child))
    feed.find("a:title", NS).text = title
    feed.find("a:id", NS).text = url
    feed.find("a:link[@rel='self']", NS).set("href", url)
    feed.find("a:updated", NS).text = newest
    return feed


def write_archive_feed(main: etree._Element, path: Path, title: str, url: str, entry_ids: set[str],
                       texts: dict[str, str] | None = None,
                       indexed: MainEntries | None = None) -> tuple[etree._Element, list[etree._Element]]:
    """Write the feed of one archive: *main*'s entries whose id is in *entry_ids*.

    Returns the archive's head and entries (for its JSON Feed). With *texts*
    (:func:`entry_texts`) the entries are the main feed's text, spliced into
    the serialized head: the same bytes as serializing the whole archive.
    *indexed* is :class:`MainEntries` of *main* and *texts*, when the caller
    writes several archives.
    """
    if indexed is None:
        indexed = MainEntries(main, texts)
    chosen = indexed.chosen(entry_ids)
    entries = [] if indexed.elements is None else [indexed.elements[i] for i in chosen]
    newest = max((indexed.updated[i] for i in chosen), default="")
    feed = archive_head(main, title, url, newest)
    path.parent.mkdir(parents=True, exist_ok=True)
    if indexed.texts is None:
        whole = copy.deepcopy(feed)
        whole.extend(copy.deepcopy(entry) for entry in entries)
        etree.ElementTree(whole).write(str(path), encoding="utf-8", xml_declaration=True, pretty_print=True)
        return feed, entries
    head = etree.tostring(etree.ElementTree(feed), encoding="UTF-8", xml_declaration=True, pretty_print=True)
    end = head.rindex(b"</feed>")
    with path.open("wb") as out:
        out.write(head[:end])
        out.writelines(indexed.texts[i] for i in chosen)
        out.write(head[end:])
    return feed, entries


def write_archive_feeds(app: Sphinx, blog: Blog, main_feed: Path, site: str, post_urls: dict[str, str],
                        fixed: tuple[etree._Element, bytes] | None = None, indexed: MainEntries | None = None,
                        ) -> dict[Path, ArchiveFeed]:
    """Write the archives' feeds from *main_feed*; *post_urls* gives each post's address by docname.

    *fixed* is the main feed's element and bytes as :func:`fix_feed` wrote
    them (otherwise the file is read); with *indexed*, its entries as text,
    the element is the main feed's head. Returns each archive feed's head,
    entries and JSON Feed items (if *indexed* has them), by path.
    """
    if fixed is None:
        data = main_feed.read_bytes()
        main = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
    else:
        main, data = fixed
    if indexed is None:
        indexed = MainEntries(main, entry_texts(data.decode("utf-8"), main))
    outdir = Path(app.builder.outdir)
    written = {}
    for header, coll in archive_collections(blog):
        # The main feed has the published posts only (a catalog has the drafts too).
        ids = {post_urls[post.docname] for post in coll if post.docname in post_urls}
        url = urljoin(site, f"{coll.path}/atom.xml")
        title = f"{blog.blog_title} - {header} {coll}"
        path = outdir / coll.path / "atom.xml"
        written[path] = (*write_archive_feed(main, path, title, url, ids, indexed=indexed), indexed.items_of(ids))
    return written


def announce_archive_feeds(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Give an archive page the feed ABlog gives it when it writes archive feeds."""
    collection = context.get("collection")
    if templatename != "ablog/collection.html" or not isinstance(collection, Collection) or not len(collection):
        return
    blog = registered_blog(app)
    if not blog.blog_baseurl or not any(collection.catalog is c for _, c in archive_catalogs(blog)):
        return
    context["feed_path"] = collection.path
    context["feed_title"] = context["title"]
    context["archive_feed"] = True


def fix_feeds_after_build(app: Sphinx, exception: Exception | None) -> None:
    """Fix the feeds and write the archive feeds, unless the last build's stand (see ``BuildState``)."""
    if exception is not None or not writes_site(app) or not build_state(app).feeds_written:
        return
    fix_feeds(app)


@dataclass
class FeedContext:
    """What fixing the feeds takes from the build: the site's address, each post's address (by docname)
    and DOI, the author pages' addresses (by name), the site's author, the feed's rights and the iDs."""

    site: str
    post_urls: dict[str, str]
    posts_by_url: dict[str, Post]
    dois: dict[str, str]
    author_urls: dict[str, str]
    author: str
    rights: str
    orcids: dict[str, str]

    @classmethod
    def of(cls, app: Sphinx, blog: Blog) -> FeedContext:
        site = app.config.blog_baseurl
        post_urls = {p.docname: urljoin(site, app.builder.get_target_uri(p.docname)) for p in blog.posts}
        return cls(
            site=site,
            post_urls=post_urls,
            posts_by_url={post_urls[p.docname]: p for p in blog.posts},
            dois={p.docname: post_doi(app.env, p.docname) for p in blog.posts},
            author_urls={str(coll): urljoin(site, app.builder.get_target_uri(coll.docname)) for coll in blog.author},
            author=app.config.author,
            rights=feed_rights(app),
            orcids=orcids(app.config),
        )

    def fix(self, feed: etree._Element, page_url: str) -> None:
        """:func:`fix_tree` of *feed*, rendered for *page_url*."""
        fix_tree(feed, page_url, self.posts_by_url, self.author, self.dois, self.rights, self.author_urls,
                 self.orcids)


def fix_feeds(app: Sphinx) -> None:
    """Fix the main feeds and write the archives' feeds, Atom and JSON."""
    blog = registered_blog(app)
    site = app.config.blog_baseurl
    if not site or not blog:
        return
    context = FeedContext.of(app, blog)
    outdir = Path(app.builder.outdir)
    feeds = [outdir / blog.blog_path / "atom.xml"]
    if app.config.blog_feed_archives:  # ABlog wrote the archive feeds
        feeds = sorted((outdir / blog.blog_path).rglob("atom.xml"))
    fixed = {}
    for feed_path in feeds:
        pagename = feed_path.parent.relative_to(outdir).as_posix()
        page_url = urljoin(site, app.builder.get_target_uri(pagename))
        fixed[feed_path] = fix_feed(feed_path, page_url, context.posts_by_url, context.author, context.dois,
                                    context.rights, context.author_urls, context.orcids)
    main_feed = outdir / blog.blog_path / "atom.xml"
    written: dict[Path, ArchiveFeed] = {}
    if not app.config.blog_feed_archives:
        written = write_archive_feeds(app, blog, main_feed, site, context.post_urls, fixed.get(main_feed))
    if main_feed in fixed:  # its JSON Feed is made from the fixed feed, not from the file read again
        written[main_feed] = (fixed[main_feed][0], None, None)
    write_json_feeds(app, sorted((outdir / blog.blog_path).rglob("atom.xml")), context.author_urls, written)
