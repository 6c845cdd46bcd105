"""Write the feeds, making again only the entries of the posts that changed.

The main feed carries the full text of every post (``blog_feed_fulltext``):
ABlog renders every post again and gives feedgen every entry on every build
that writes it, and ``reading.feeds`` then parses the whole feed to fix it
(absolute links, UTC dates, DOIs, authors' pages), writes it again, and
derives from it the archives' feeds and every feed's JSON Feed. After one
post was edited on a 1,000-post blog that was most of a second, nearly all of
it spent on entries that had not changed.

This module writes the same files, keeping each entry as the fixed feed has
it, with its JSON Feed item, in the doctree folder (``feed-entries.pickle``),
under a digest of everything it is made from: what ABlog's
``generate_atom_feeds`` gives feedgen for it (its address, its HTML's key,
authors, dates, tags, title and summary), its DOI and its dates in UTC, and
what fixing uses of the site (the listing's address, the authors' pages and
iDs, the language) and of the setup (``speed.listings.fingerprints``:
configuration, bibliography, templates, code and package versions, feedgen
and lxml among them). The HTML's key is a digest of the post's text as read
and of the setup. A post's text can show other pages' titles (a link written
without its own text), so nothing is kept once a page's title changes or a
page goes; a page added changes no other page's rendering (with ``-n``, no link
could point at it before it existed).

The entries not kept are made by feedgen, with ABlog's code, in one feed with
the main feed's head, which is then fixed as ``reading.feeds`` fixes a feed;
the main feed is the fixed head with every entry's text spliced in, as lxml's
pretty print lays entries out, one after another, each the same wherever it
stands (the archives' feeds are written the same way,
``reading.feeds.write_archive_feed``).

With ``blog_feed_archives``, feed titles or templates, or feeds besides the
main one, ABlog's own generator writes the feeds and ``reading.feeds`` fixes
them. Without the speed layer that is always so, and the tests check that the
two give the same site.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator
from lxml import etree

from sphinx_citable_blog.compat.ablog import VERSION, generators, os_path_join, registered_blog
from sphinx_citable_blog.reading import feeds, json_feed
from sphinx_citable_blog.speed.render.excerpts import renderer
from sphinx_citable_blog.state import env_data

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

    from sphinx_citable_blog.compat.ablog import Blog, Post

CACHE = "feed-entries.pickle"  # pickled: the entries' texts load and save faster than as JSON
CACHE_FORMAT = 2  # what the cache holds, and how


def simple_feeds(app: Sphinx) -> bool:
    """Whether the feeds are those this module writes exactly as ABlog would."""
    blog = registered_blog(app)
    return (not blog.blog_feed_archives and not blog.blog_feed_titles and list(blog.blog_feed_templates) == ["atom"]
            and not any(blog.blog_feed_templates.values()))


class EntryCache:
    """The feed's entries of the last build, by post: each as the fixed feed has it, with its JSON Feed item."""

    def __init__(self, app: Sphinx, setup: str, titles: dict[str, str]) -> None:
        self.app = app
        self.setup = setup
        self.titles = titles
        self.path = Path(app.doctreedir) / CACHE
        try:
            with self.path.open("rb") as stored_file:
                stored = pickle.load(stored_file)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            stored = {}
        if not isinstance(stored, dict) or stored.get("version") != CACHE_FORMAT:
            stored = {}
        old_titles = stored.get("titles", {})
        # A post's HTML can show other pages' titles: none is kept once one changed.
        titles_kept = all(titles.get(docname) == title for docname, title in old_titles.items())
        self.old: dict[str, list[str]] = stored.get("entries", {}) if titles_kept else {}
        self.new: dict[str, list[str]] = {}

    def content_key(self, post: Post, pagename: str, fulltext: bool) -> str:
        """The digest of what the entry's HTML depends on (empty for a post whose text was not recorded)."""
        text = env_data(self.app.env).text_digests.get(post.docname, "")
        if not text:
            return ""
        return hashlib.sha256(f"{self.setup}\0{text}\0{pagename}\0{fulltext}".encode()).hexdigest()

    def content(self, post: Post, pagename: str, fulltext: bool) -> str:
        """``post.to_html(pagename, fulltext=fulltext, img_url=True)``, as the feed's writer asks for it."""
        html, _ = renderer(self.app).render(post, pagename, fulltext=fulltext, img_url=True)
        return html

    def fixed(self, docname: str, key: str) -> list[str] | None:
        """The entry made last time from the same fields and context (*key*, their digest), as the fixed
        feed has it: ``[key, text, updated, id, item]``."""
        found = self.old.get(docname)
        if found is None or found[0] != key:
            return None
        self.new[docname] = found
        return found

    def keep(self, docname: str, found: list[str]) -> None:
        self.new[docname] = found

    def save(self) -> None:
        partial = self.path.with_suffix(".partial")
        stored = {"version": CACHE_FORMAT, "titles": self.titles, "entries": self.new}
        with partial.open("wb") as out:
            pickle.dump(stored, out, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(self.path)


class Entry:
    """What ABlog's writer gives feedgen for one post's entry."""

    def __init__(self, post: Post, url: str, content: Callable[[], str], content_key: str) -> None:
        self.post, self.url, self.content_key = post, url, content_key
        self.content = functools.cache(content)  # rendered once, when first needed
        # ABlog's expression, as it is: a dict, so with several authors the entry names the last.
        self.author = {"name": author.name for author in post.author}
        self.published = post.date.astimezone()
        self.updated = post.update.astimezone()
        self.tags = [{"term": tag.name.strip().replace(" ", ""), "label": tag.label} for tag in sorted(post.tags)]
        self.summary = "".join(paragraph.astext() for paragraph in post.excerpt)

    def key(self) -> str:
        """A digest of the fields (the HTML by its key; without one, by its text)."""
        content = self.content_key or hashlib.sha256(self.content().encode()).hexdigest()
        fields = [self.url, content, self.author, self.published.isoformat(), self.updated.isoformat(),
                  self.tags, self.post.title, self.summary]
        return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()

    def add_to(self, feed: FeedGenerator) -> None:
        """Add the entry to *feed* as ABlog's ``generate_atom_feeds`` does."""
        entry = feed.add_entry(order="append")
        entry.id(self.url)
        entry.link(href=self.url)
        entry.author(self.author)
        entry.pubDate(self.published)
        entry.updated(self.updated)
        for tag in self.tags:
            entry.category(tag)
        entry.title(self.post.title)
        if self.summary:
            entry.summary(self.summary)
        content = self.content()
        if content:
            entry.content(content=content, type="html")


def main_feed(app: Sphinx, cache: EntryCache) -> tuple[FeedGenerator, list[Entry]]:
    """ABlog's main feed without its entries, and the entries ABlog would give it, in order."""
    blog = registered_blog(app)
    base_url = blog.blog_baseurl
    pagename = blog.blog_path
    feed_url = os_path_join(base_url, blog.blog_path, "atom.xml")
    feed = FeedGenerator()
    feed.id(blog.blog_baseurl)
    feed.title(blog.blog_title)
    feed.link(href=base_url)
    feed.subtitle(blog.blog_feed_subtitle)
    feed.link(href=feed_url, rel="self")
    feed.language(app.config.language)
    feed.generator("ABlog", VERSION, "https://ablog.readthedocs.io/")
    entries = []
    for i, post in enumerate(sorted(blog.posts, key=lambda post: post.date, reverse=True)):
        if blog.blog_feed_length and i == blog.blog_feed_length:
            break
        post_url = os_path_join(base_url, app.builder.get_target_uri(post.docname))
        if post.section:
            post_url += "#" + post.section
        content = functools.partial(cache.content, post, pagename, blog.blog_feed_fulltext)
        entries.append(Entry(post, post_url, content, cache.content_key(post, pagename, blog.blog_feed_fulltext)))
    return feed, entries


def entries_xml(feed: FeedGenerator, entries: list[Entry]) -> str:
    """*feed*, with *entries*, as feedgen pretty-prints it."""
    for entry in entries:
        entry.add_to(feed)
    return feed.atom_str(pretty=True).decode()


def write_feeds(app: Sphinx, setup: str, titles: dict[str, str]) -> None:
    """Write the main feed, fixed, and the archives' feeds, Atom and JSON, as ``reading.feeds`` writes them.

    With other feeds than ABlog's main one, ABlog writes them and
    ``reading.feeds`` fixes them.
    """
    blog = registered_blog(app)
    if not simple_feeds(app):
        _, atom_feeds = generators()
        for _ in atom_feeds(app):
            pass
        feeds.fix_feeds(app)
        return
    if not blog.blog_baseurl:
        return
    cache = EntryCache(app, setup, titles)
    feed, entries = main_feed(app, cache)
    write_fixed_feeds(app, blog, cache, feed, entries)
    cache.save()


def write_fixed_feeds(app: Sphinx, blog: Blog, cache: EntryCache, feed: FeedGenerator,
                      entries: list[Entry]) -> None:
    """Fix the main feed (its head, and each of its *entries* unless *cache* has it) and write it, and from
    its entries the archives' feeds, Atom and JSON (as ``reading.feeds.fix_feeds`` does)."""
    context = feeds.FeedContext.of(app, blog)
    outdir = Path(app.builder.outdir)
    main_path = outdir / blog.blog_path / "atom.xml"
    page_url = urljoin(context.site, app.builder.get_target_uri(blog.blog_path))
    language = app.config.language or "en"
    # What making and fixing an entry and its item take, besides its fields, its DOI and its dates: the
    # setup (configuration, code, package versions: speed.listings) and what fixing uses of the site.
    setting = json.dumps([cache.setup, page_url, context.author, context.author_urls, context.orcids, language],
                         sort_keys=True)
    keys, found = [], []
    for entry in entries:
        post = entry.post
        key = hashlib.sha256("\0".join([setting, entry.key(), context.dois.get(post.docname) or "",
                                        feeds.as_utc(post.date), feeds.as_utc(post.update)]).encode()).hexdigest()
        keys.append(key)
        found.append(cache.fixed(post.docname, key))
    missing = [i for i, kept in enumerate(found) if kept is None]
    # The head and the entries not kept, made by feedgen and fixed as one feed.
    tree = etree.fromstring(entries_xml(feed, [entries[i] for i in missing]).encode(),
                            etree.XMLParser(remove_blank_text=True))
    context.fix(tree, page_url)
    fixed_entries = tree.findall("a:entry", feeds.NS)
    data = etree.tostring(etree.ElementTree(tree), encoding="UTF-8", xml_declaration=True, pretty_print=True)
    made = feeds.ENTRY_TEXT.findall(data.decode("utf-8"))
    if len(made) != len(missing) or len(fixed_entries) != len(missing):
        raise ValueError("the fixed feed's entries are not laid out one after another")
    authors = json_feed.feed_authors(tree, context.author_urls)
    for i, element, text in zip(missing, fixed_entries, made, strict=True):
        found[i] = [keys[i], text, element.findtext("a:updated", namespaces=feeds.NS),
                    element.findtext("a:id", namespaces=feeds.NS),
                    json_feed.item_json(element, language, authors, context.author_urls)]
        cache.keep(entries[i].post.docname, found[i])
    # The main feed: its head, with the newest entry's date, and every entry.
    for element in fixed_entries:
        tree.remove(element)
    newest = max((kept[2] for kept in found), default="")
    if newest:
        tree.find("a:updated", feeds.NS).text = newest
    head_data = etree.tostring(etree.ElementTree(tree), encoding="UTF-8", xml_declaration=True, pretty_print=True)
    end_at = head_data.rindex(b"</feed>")
    entry_data = [kept[1].encode("utf-8") for kept in found]
    main_path.parent.mkdir(parents=True, exist_ok=True)
    with main_path.open("wb") as out:
        out.write(head_data[:end_at])
        out.writelines(entry_data)
        out.write(head_data[end_at:])
    indexed = feeds.MainEntries.from_parts([kept[3] for kept in found], [kept[2] for kept in found], entry_data,
                                           [kept[4] for kept in found])
    written = feeds.write_archive_feeds(app, blog, main_path, context.site, context.post_urls, (tree, b""), indexed)
    written[main_path] = (tree, [], indexed.items)
    json_feed.write_json_feeds(app, sorted((outdir / blog.blog_path).rglob("atom.xml")), context.author_urls,
                               written)
