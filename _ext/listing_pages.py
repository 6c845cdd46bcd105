"""Write the blog's listing pages and feeds only when what they show has changed.

Sphinx rewrites a page only when its source changes, but ABlog writes its
listing pages (every archive, tag, category and author page, each with the
excerpt of every post it lists) and its Atom feed (the full text of every
post) again on every build, and so did ``_ext/month_archives.py``. On a blog
of a thousand posts that was most of a rebuild in which nothing had changed.

This extension takes over ABlog's two page generators (``html-collect-pages``)
and the month pages, and runs them only when their inputs differ from those of
the last successful build, or when a file they wrote is missing. The inputs
are digested, never dated:

* listing pages: what listings show of every post (``fresh_listings``' digest
  of ABlog's post data: titles, dates, tags, category, excerpt, ...), every
  document's title and the site's toctree (the sidebar's navigation), the
  bibliography files (citations in excerpts), ``tags.yaml``, the Sphinx
  configuration, the local templates and extensions, and the versions of the
  packages that render them;
* the feed: all of that, plus the full text of every post, digested when the
  post is read (a post read again with the same text gives the same digest).
  When it has changed, ``_ext/main_feed.py`` writes it, rendering again only
  the posts whose text (or whose setup) changed.

When the listing pages are written, the posts' excerpts and entries that have
not changed since the last build that wrote them are not rendered again
(``_ext/render_store.py``).

The digests and the files written are kept in ``listing-pages.json`` in the
doctree folder, replaced only at the end of a successful build, so a failed
build leaves the next one to write everything again. Pages that were not
written this time are still reported to the extensions that list every page
(``listings(app).pages``, for the sitemap), and the feed's post-processing
runs only when the feed was written (``listings(app).feeds_written``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import render_store
from ablog.post import generate_archive_pages, generate_atom_feeds
from docutils import nodes
from fresh_listings import listing_digest
from main_feed import generate_main_feeds
from month_archives import collect_pages as month_pages
# Sphinx's digest of configuration values (it writes .buildinfo with it); a
# private module of the pinned Sphinx, so an upgrade that moves it fails loudly.
from sphinx.builders.html._build_info import BuildInfo
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.parallel import ParallelTasks

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

STAMP = "listing-pages.json"
PAGE_TASKS = 4  # with -j, the listing pages are written by this many tasks (and the feed by one more)
ABLOG_GENERATORS = (generate_archive_pages, generate_atom_feeds)
PACKAGES = ("sphinx", "ablog", "sphinx-book-theme", "pydata-sphinx-theme", "sphinxcontrib-bibtex", "myst-parser")
HERE = Path(__file__).resolve().parent


def _sha(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _files_digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# -- What the pages show -----------------------------------------------------------------


def record_post_text(app: Sphinx, doctree: nodes.document) -> None:
    """Keep a digest of every document's text as read (the feed shows posts' full text)."""
    app.env.listing_text_digests[app.env.docname] = hashlib.sha256(doctree.pformat().encode()).hexdigest()  # type: ignore[attr-defined]


def init_env(app: Sphinx) -> None:
    if not hasattr(app.env, "listing_text_digests"):
        app.env.listing_text_digests = {}  # type: ignore[attr-defined]


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.listing_text_digests.pop(docname, None)  # type: ignore[attr-defined]


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in other.listing_text_digests:  # type: ignore[attr-defined]
            env.listing_text_digests[docname] = other.listing_text_digests[docname]  # type: ignore[attr-defined]


def page_titles(app: Sphinx) -> dict[str, str]:
    return {docname: title.astext() for docname, title in sorted(app.env.titles.items())}


def fingerprints(app: Sphinx, titles: dict[str, str]) -> tuple[str, str, str]:
    """Digests of the build's setup (configuration, templates, extensions,
    bibliography and package versions), of the inputs of the listing pages
    (among them *titles*, :func:`page_titles`) and of those of the feed."""
    env, config = app.env, app.config
    srcdir = Path(app.srcdir)
    local = [p for d in config.templates_path for p in (srcdir / d).rglob("*") if p.is_file()]
    local += sorted(HERE.glob("*.py"))
    data = [srcdir / f for f in config.bibtex_bibfiles]
    if config.blog_topics_file:
        data.append(srcdir / config.blog_topics_file)
    setup = _sha(
        BuildInfo(config, app.tags, frozenset({"env", "html"})).config_hash,
        _files_digest(local + data),
        {name: metadata.version(name) for name in PACKAGES},
    )
    # fresh_listings works the posts' digest out at env-updated, on every build.
    posts_digest = getattr(env, "listing_digest", None) or listing_digest(getattr(env, "ablog_posts", {}))
    pages = _sha(
        setup,
        titles,
        {docname: list(children) for docname, children in sorted(env.toctree_includes.items())},
        sorted(env.found_docs),
        posts_digest,
    )
    posts = sorted(getattr(env, "ablog_posts", {}))
    feed = _sha(pages, {docname: env.listing_text_digests.get(docname) for docname in posts})  # type: ignore[attr-defined]
    return setup, pages, feed


# -- Writing them, or not ----------------------------------------------------------------


class Listings:
    """This build's decision for the listing pages and the feed."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.stamp_path = Path(app.doctreedir) / STAMP
        try:
            self.previous = json.loads(self.stamp_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        self.titles = page_titles(app)
        self.setup_fp, self.pages_fp, self.feed_fp = fingerprints(app, self.titles)
        self.pages: list[tuple[str, str]] = []  # (pagename, template) of every listing page
        self.feeds: list[str] = []  # the feed files, relative to the output folder
        self.feeds_written = False
        self.pages_written = False

    def pages_unchanged(self) -> bool:
        """Whether the listing pages' inputs (the setup, the posts' metadata, the pages) are the last build's."""
        return self.previous.get("pages_fingerprint") == self.pages_fp

    def _unchanged(self, kind: str, fingerprint: str, files: list[str]) -> bool:
        outdir = Path(self.app.builder.outdir)
        return self.previous.get(kind) == fingerprint and all((outdir / f).is_file() for f in files)

    def collect(self) -> Iterator[tuple[str, dict[str, Any], str]]:
        app = self.app
        old_pages = [tuple(p) for p in self.previous.get("pages", [])]
        pages: list[tuple[str, dict[str, Any], str]] = []
        if self._unchanged("pages_fingerprint", self.pages_fp, [f"{p}.html" for p, _ in old_pages]):
            self.pages = old_pages  # type: ignore[assignment]
            logger.info("listing pages unchanged, not written again")
        else:
            restored = render_store.restore(app, self.setup_fp, self.titles)
            logger.info("listing pages: %d posts' excerpts and entries kept from the last build", restored)
            pages = [*generate_archive_pages(app), *month_pages(app)]
            self.pages = [(pagename, template) for pagename, _, template in pages]
            self.pages_written = True
        old_feeds = self.previous.get("feeds", [])
        write_feed = not (old_feeds and self._unchanged("feed_fingerprint", self.feed_fp, old_feeds))
        if not write_feed:
            self.feeds = old_feeds
            logger.info("feeds unchanged, not written again")
        if app.builder.parallel_ok and (pages or write_feed):
            self._write_in_parallel(pages, write_feed)
        else:
            yield from pages
            if write_feed:
                yield from generate_main_feeds(app, self.setup_fp, self.titles)
        self.feeds_written = write_feed

    def _write_in_parallel(self, pages: list[tuple[str, dict[str, Any], str]], write_feed: bool) -> None:
        """With ``-j``, write the listing pages and the feed in worker processes.

        Sphinx writes the pages an ``html-collect-pages`` handler yields in the
        main process, one after another, after the documents' pages: on a
        1,000-post blog, its 48 listing pages and the feed's 1,000 full-text
        entries took 3.5 s of a cold build. Here the feed is one task, started
        first; then the main process writes the page that lists the most posts,
        which renders every post's excerpt and entry once into the render caches
        (``_ext/excerpt_cache.py``, ``_ext/entry_cache.py``), and the other pages
        are dealt round-robin (their sizes differ widely) into tasks that start
        from those caches instead of each rendering every excerpt again. Each
        page is written with the builder's own ``handle_page``, as Sphinx would.
        """
        app = self.app

        def write_pages(chunk: list[tuple[str, dict[str, Any], str]]) -> None:
            for pagename, context, template in chunk:
                app.builder.handle_page(pagename, context, template)

        def write_feed_() -> None:
            for _ in generate_main_feeds(app, self.setup_fp, self.titles):
                pass

        tasks = ParallelTasks(app.parallel)
        if write_feed:
            tasks.add_task(write_feed_)
        if pages:
            widest = max(range(len(pages)), key=lambda i: len(pages[i][1].get("collection") or ()))
            write_pages([pages[widest]])
            rest = pages[:widest] + pages[widest + 1 :]
            for i in range(PAGE_TASKS):
                if rest[i::PAGE_TASKS]:
                    tasks.add_task(write_pages, rest[i::PAGE_TASKS])
        tasks.join()

    def save(self) -> None:
        if self.pages_written:  # the renders of every listed post are in this process
            render_store.save(self.app, self.setup_fp, self.titles)
        if self.feeds_written:  # ABlog's feed and those _ext/atom_feed.py derived from it
            outdir = Path(self.app.builder.outdir)
            written = (outdir / self.app.config.blog_path).rglob("*.xml")
            self.feeds = sorted(p.relative_to(outdir).as_posix() for p in written)
        stamp = {
            "pages_fingerprint": self.pages_fp,
            "feed_fingerprint": self.feed_fp,
            "pages": self.pages,
            "feeds": self.feeds,
        }
        self.stamp_path.write_text(json.dumps(stamp, indent=0), encoding="utf-8")


def listings(app: Sphinx) -> Listings | None:
    """This build's :class:`Listings`, once the listing pages have been collected."""
    return getattr(app.builder, "blog_listings", None)


def take_over_ablog_generators(app: Sphinx) -> None:
    """Disconnect ABlog's own page and feed generators: :func:`collect` runs them."""
    found = set()
    for listener in list(app.events.listeners.get("html-collect-pages", [])):
        if listener.handler in ABLOG_GENERATORS:
            app.disconnect(listener.id)
            found.add(listener.handler)
    if found != set(ABLOG_GENERATORS):
        # A newer ABlog connects something else: the pages would be written twice.
        raise ExtensionError("listing_pages: ABlog's page and feed generators are not connected as in ABlog 0.11")


def collect(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if app.builder.format != "html":
        return
    app.builder.blog_listings = Listings(app)  # type: ignore[attr-defined]
    yield from app.builder.blog_listings.collect()  # type: ignore[attr-defined]


def save_stamp(app: Sphinx, exception: Exception | None) -> None:
    found = listings(app)
    if found is None:
        return
    if exception is None:
        found.save()
    else:
        found.stamp_path.unlink(missing_ok=True)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ablog")
    app.setup_extension("fresh_listings")
    app.setup_extension("month_archives")
    app.connect("builder-inited", take_over_ablog_generators)
    app.connect("builder-inited", init_env)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("doctree-read", record_post_text, priority=900)
    app.connect("html-collect-pages", collect)
    # Last, after the other extensions' build-finished work on the pages.
    app.connect("build-finished", save_stamp, priority=900)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
