"""Write ABlog's Atom feed, rendering only the posts whose text has changed.

The feed carries the full text of every post (``blog_feed_fulltext``), which
ABlog renders again on every build that writes it: a thousand renderings
whenever one post changes. This module writes the same feed, with the same
code as ABlog's ``generate_atom_feeds`` (feedgen, the same fields in the same
order), but takes each entry's HTML from a cache in the doctree folder,
``feed-entries.json``, when the post's text and everything else a rendering
depends on are unchanged: the key is a digest of the post's text as read and
of the build's setup (``speed.listings.fingerprints``: configuration,
bibliography, templates, extensions and package versions). A post's text can
also show other pages' titles (a link written without its own text), so the
whole cache is dropped when a page's title changes or a page goes; a page
added changes no other page's rendering (with ``-n``, no link could point at
it before it existed).

Only the main feeds are written here (``reading.feeds`` derives the archive
feeds from them); with ``blog_feed_archives`` or feed templates, ABlog's own
generator runs instead. Without the speed layer ABlog's generator always
writes the feed, and the tests check that the two give the same site.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from feedgen.feed import FeedGenerator

from sphinx_citable_blog.compat.ablog import VERSION, generators, os_path_join, registered_blog
from sphinx_citable_blog.speed.render.excerpts import renderer
from sphinx_citable_blog.state import env_data

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

    from sphinx_citable_blog.compat.ablog import Post

CACHE = "feed-entries.json"


def simple_feeds(app: Sphinx) -> bool:
    """Whether the feeds are those this module writes exactly as ABlog would."""
    blog = registered_blog(app)
    return not blog.blog_feed_archives and not blog.blog_feed_titles and not any(blog.blog_feed_templates.values())


class EntryCache:
    """The feed entries' HTML of the last build, by post."""

    def __init__(self, app: Sphinx, setup: str, titles: dict[str, str]) -> None:
        self.app = app
        self.setup = setup
        self.titles = titles
        self.path = Path(app.doctreedir) / CACHE
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        old_titles = stored.get("titles", {})
        titles_kept = all(titles.get(docname) == title for docname, title in old_titles.items())
        self.old: dict[str, list[str]] = stored.get("entries", {}) if titles_kept else {}
        self.new: dict[str, list[str]] = {}
        self.rendered = 0

    def content(self, post: Post, pagename: str, fulltext: bool) -> str:
        """``post.to_html(pagename, fulltext=fulltext, img_url=True)``, from the cache if it is there."""
        text = env_data(self.app.env).text_digests.get(post.docname, "")
        key = hashlib.sha256(f"{self.setup}\0{text}\0{pagename}\0{fulltext}".encode()).hexdigest()
        found = self.old.get(post.docname)
        if found is None or found[0] != key or not text:
            html, _ = renderer(self.app).render(post, pagename, fulltext=fulltext, img_url=True)
            self.rendered += 1
            found = [key, html]
        self.new[post.docname] = found
        return found[1]

    def save(self) -> None:
        partial = self.path.with_suffix(".partial")
        partial.write_text(json.dumps({"titles": self.titles, "entries": self.new}), encoding="utf-8")
        partial.replace(self.path)


def generate_main_feeds(app: Sphinx, setup: str, titles: dict[str, str]) -> Iterator[None]:
    """ABlog's ``generate_atom_feeds`` for the main feeds, with cached entries."""
    if not simple_feeds(app):
        _, atom_feeds = generators()
        yield from atom_feeds(app)
        return
    blog = registered_blog(app)
    base_url = blog.blog_baseurl
    if not base_url:
        return
    cache = EntryCache(app, setup, titles)
    pagename = blog.blog_path
    for feed_root in blog.blog_feed_templates:
        feed_path = os.path.join(app.builder.outdir, blog.blog_path, feed_root + ".xml")
        feed_url = os_path_join(base_url, blog.blog_path, feed_root + ".xml")
        feed = FeedGenerator()
        feed.id(blog.blog_baseurl)
        feed.title(blog.blog_title)
        feed.link(href=base_url)
        feed.subtitle(blog.blog_feed_subtitle)
        feed.link(href=feed_url, rel="self")
        feed.language(app.config.language)
        feed.generator("ABlog", VERSION, "https://ablog.readthedocs.io/")
        for i, post in enumerate(sorted(blog.posts, key=lambda post: post.date, reverse=True)):
            if blog.blog_feed_length and i == blog.blog_feed_length:
                break
            post_url = os_path_join(base_url, app.builder.get_target_uri(post.docname))
            if post.section:
                post_url += "#" + post.section
            content = cache.content(post, pagename, blog.blog_feed_fulltext)
            entry = feed.add_entry(order="append")
            entry.id(post_url)
            entry.link(href=post_url)
            entry.author({"name": author.name for author in post.author})
            entry.pubDate(post.date.astimezone())
            entry.updated(post.update.astimezone())
            for tag in sorted(post.tags):
                entry.category({"term": tag.name.strip().replace(" ", ""), "label": tag.label})
            entry.title(post.title)
            summary = "".join(paragraph.astext() for paragraph in post.excerpt)
            if summary:
                entry.summary(summary)
            if content:
                entry.content(content=content, type="html")
        os.makedirs(os.path.dirname(feed_path), exist_ok=True)
        with open(feed_path, "w", encoding="utf-8") as out:
            out.write(feed.atom_str(pretty=True).decode())
    cache.save()
    yield from ()
