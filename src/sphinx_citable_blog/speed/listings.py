"""Write the listing pages and feeds only when what they show has changed.

Sphinx rewrites a page only when its source changes, but ABlog writes its
listing pages (every archive, tag, category and author page, each with the
excerpt of every post it lists) and its Atom feed (the full text of every
post) again on every build, and so do the month archives. On a blog of a
thousand posts that was most of a rebuild in which nothing had changed.

This takes over ABlog's two page generators (``html-collect-pages``), the
month pages' (``reading.month_archives``) and the 404 page's
(sphinx-notfound-page's, which lists the latest posts), and runs them only when their
inputs differ from those of the last successful build, or when a file they
wrote is missing. The inputs are digested, never dated:

* listing pages: what listings show of every post (``incremental.listings``'
  digest of ABlog's post records and the bibliography), every document's title
  and the site's toctree (the sidebar's navigation), the bibliography files,
  the list of tags, the Sphinx configuration, the templates and this package's
  code, and the versions of the packages that render them;
* the feed: all of that, plus the full text of every post, digested when the
  post is read (a post read again with the same text gives the same digest).
  When it has changed, ``speed.feed_entries`` writes it, fixed, with the
  archives' feeds, making again only the entries of the posts whose text (or
  whose setup) changed.

When the listing pages are written, the posts' excerpts and entries that have
not changed since the last build that wrote them are not rendered again
(``speed.render.store``), and a redirect or collection page that shows what
it showed in the last build gets its new sidebar in place (``speed.refresh``)
when the posts' do.

The digests and the pages and feeds written are kept in ``listing-pages.json``
in the doctree folder, replaced only at the end of a successful build, so a
failed build leaves the next one to write everything again. The build's state
records every listing page, written or not (for the sitemap and the removal of
stale pages), whether the feeds were written (their fixing runs only then)
and whether the listings' inputs were unchanged (the RIS files then stand).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.parallel import ParallelTasks

import sphinx_citable_blog
from sphinx_citable_blog.compat.ablog import (
    collection_shown,
    generators,
    post_records,
    redirect_shown,
    registered_blog,
)
from sphinx_citable_blog.compat.notfound import generators as not_found_generators
from sphinx_citable_blog.compat.sphinx import config_digest, disconnect_handlers, jobs
from sphinx_citable_blog.incremental.listings import listing_digest
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.reading import month_archives
from sphinx_citable_blog.reading.feeds import feed_files
from sphinx_citable_blog.speed import feed_entries, gc
from sphinx_citable_blog.speed.render import excerpts, sidebar
from sphinx_citable_blog.speed.render import store as render_store
from sphinx_citable_blog.state import build_state, env_data

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

STAMP = "listing-pages.json"
CONFIG_DIGEST = "listings: config digest"  # in the build state's memo
PAGE_TASKS = 4  # with -j, the listing pages are written by this many tasks (and the feed by one more)
PACKAGES = ("sphinx", "ablog", "sphinx-book-theme", "pydata-sphinx-theme", "sphinxcontrib-bibtex", "myst-parser",
            "feedgen", "lxml")
# This package's code and templates: a change to either may change every listing.
PACKAGE = Path(sphinx_citable_blog.__file__).resolve().parent


def _sha(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _files_digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# -- The configuration ------------------------------------------------------------------


def digest_config(app: Sphinx) -> None:
    """Digest the configuration as the build starts, as Sphinx digests it for ``.buildinfo``.

    Not when the listings are collected: the themes add to ``html_theme_options`` as they render a
    page (pydata-sphinx-theme its logo's paths, sphinx-book-theme its buttons), so the digest then
    depended on whether a page had been written first.
    """
    build_state(app).memo[CONFIG_DIGEST] = config_digest(app)


# -- What the pages show -----------------------------------------------------------------


def record_post_text(app: Sphinx, doctree: nodes.document) -> None:
    """Keep a digest of every document's text as read (the feed shows posts' full text)."""
    env_data(app.env).text_digests[app.env.docname] = hashlib.sha256(doctree.pformat().encode()).hexdigest()


def page_titles(app: Sphinx) -> dict[str, str]:
    return {docname: title.astext() for docname, title in sorted(app.env.titles.items())}


def fingerprints(app: Sphinx, titles: dict[str, str]) -> tuple[str, str, str]:
    """Digests of the build's setup (configuration, templates, extensions,
    bibliography and package versions), of the inputs of the listing pages
    (among them *titles*, :func:`page_titles`) and of those of the feed."""
    env, config = app.env, app.config
    srcdir = Path(app.srcdir)
    local = [p for d in config.templates_path for p in (srcdir / d).rglob("*") if p.is_file()]
    # The static files: the pages link each with a digest of its content (Sphinx's "?v=").
    local += [p for d in config.html_static_path for p in (srcdir / d).rglob("*") if p.is_file()]
    local += sorted(PACKAGE.rglob("*.py"))
    data = [srcdir / f for f in config.bibtex_bibfiles]
    if config.citable_blog_topics_file:
        data.append(Path(app.confdir) / config.citable_blog_topics_file)
    setup = _sha(
        build_state(app).memo.get(CONFIG_DIGEST) or config_digest(app),
        _files_digest(local + data),
        {name: installed_version(name) for name in PACKAGES},
    )
    # incremental.listings works the posts' digest out at env-updated, on every build.
    posts_digest = env_data(env).listing_digest or listing_digest(post_records(env))
    pages = _sha(
        setup,
        titles,
        {docname: list(children) for docname, children in sorted(env.toctree_includes.items())},
        sorted(env.found_docs),
        posts_digest,
    )
    texts = env_data(env).text_digests
    feed = _sha(pages, {docname: texts.get(docname) for docname in sorted(post_records(env))})
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
        self.to_write: list[tuple[str, dict[str, Any], str]] | None = None  # the listing pages to write
        self.feed_decided = False
        self.feed_started = False  # a process writes the feeds (with -j)
        # By redirect and collection page: a digest of what it shows but the sidebar.
        self.shown: dict[str, str] = self.previous.get("shown", {})
        self.kept: dict[str, tuple[dict[str, Any], str]] = {}  # pages given their new sidebar in place

    def pages_unchanged(self) -> bool:
        """Whether the listing pages' inputs (the setup, the posts' metadata, the pages) are the last build's."""
        return self.previous.get("pages_fingerprint") == self.pages_fp

    def _unchanged(self, kind: str, fingerprint: str, files: list[str]) -> bool:
        outdir = Path(self.app.builder.outdir)
        return self.previous.get(kind) == fingerprint and all((outdir / f).is_file() for f in files)

    def listing_pages(self) -> list[tuple[str, dict[str, Any], str]]:
        """The listing pages to write, none if they are unchanged (decided once, after reading).

        ``self.pages`` gets every listing page, written or kept, and so does
        the build's record of the pages without a source document.
        """
        if self.to_write is not None:
            return self.to_write
        app = self.app
        old_pages = [tuple(p) for p in self.previous.get("pages", [])]
        pages: list[tuple[str, dict[str, Any], str]] = []
        if self._unchanged("pages_fingerprint", self.pages_fp, [f"{p}.html" for p, _ in old_pages]):
            self.pages = old_pages  # type: ignore[assignment]
            logger.info("listing pages unchanged, not written again")
        else:
            restored = render_store.restore(app, self.setup_fp, self.titles)
            logger.info("listing pages: %d posts' excerpts and entries kept from the last build", restored)
            archive_pages, _ = generators()
            pages = [*archive_pages(app), *month_archives.collect_pages(app)]
            pages += [page for not_found in not_found_generators() for page in not_found(app)]
            self.pages = [(pagename, template) for pagename, _, template in pages]
            self.pages_written = True
            pages = self.splice_unchanged_pages(pages)
        build_state(app).generated_pages.update(dict(self.pages))
        self.to_write = pages
        return pages

    def splice_unchanged_pages(
        self, pages: list[tuple[str, dict[str, Any], str]]
    ) -> list[tuple[str, dict[str, Any], str]]:
        """*pages* but for those that only need their new sidebar, left to ``speed.refresh``.

        A redirect page shows the post it sends to, a collection page (a tag's,
        a month's...) its posts' entries, and both the sidebar's panels. When
        the posts' pages get their new panels in place (``speed.refresh``), so
        does such a page if what it shows is what it showed in the last build:
        the same setup, the same context, the same posts each with the same
        key of what its entry is rendered from (``speed.render.store``), and
        no page's title changed (an excerpt shows the title of a page it links
        to). Not a page in the table of contents (the navigation marks it),
        nor any other (the catalogs, the 404 page): those are written.
        """
        app = self.app
        speed = build_state(app).speed
        outdir, suffix = Path(app.builder.outdir), app.builder.out_suffix
        earlier, self.shown = self.previous.get("shown", {}), {}
        earlier_titles = self.previous.get("titles")
        titles_kept = earlier_titles is not None and all(
            self.titles.get(docname) == title for docname, title in earlier_titles.items())
        keys = render_store.post_keys(app, self.setup_fp)
        in_navigation = sidebar.in_toctree(app)
        for pagename, context, template in pages:
            shown = redirect_shown(pagename, context, template) or collection_shown(context, template, keys.get)
            if shown is None or pagename in in_navigation:
                continue
            self.shown[pagename] = digest = _sha(self.setup_fp, shown)
            if speed.sidebar_source is not None and titles_kept and earlier.get(pagename) == digest and (
                    outdir / (pagename + suffix)).is_file():
                self.kept[pagename] = (context, template)
        speed.sidebar_splice |= set(self.kept)
        return [page for page in pages if page[0] not in self.kept]

    def collect(self) -> Iterator[tuple[str, dict[str, Any], str]]:
        app = self.app
        pages = self.listing_pages()
        write_feed = self.write_feed()
        state = build_state(app)
        state.listings_unchanged = self.pages_unchanged()
        if app.builder.parallel_ok and (pages or write_feed):
            self._write_in_parallel(pages, write_feed)
        else:
            yield from pages
            if write_feed and not self.feed_started:
                feed_entries.write_feeds(app, self.setup_fp, self.titles)

    def write_feed(self) -> bool:
        """Whether the feeds are written by this build (decided once: their inputs are known after reading)."""
        if self.feed_decided:
            return self.feeds_written
        self.feed_decided = True
        old_feeds = self.previous.get("feeds", [])
        write = not (old_feeds and self._unchanged("feed_fingerprint", self.feed_fp, old_feeds))
        if not write:
            self.feeds = old_feeds
            logger.info("feeds unchanged, not written again")
        build_state(self.app).feeds_written = self.feeds_written = write
        return write

    def start_feed(self, written: set[str]) -> None:
        """With ``-j``, have a process write the feeds, fix them and write the archives' feeds, if they changed.

        Started when the documents' pages are about to be written (*written*,
        their names), so that the feeds are written meanwhile, not after the
        pages: the feeds need only what reading recorded, but for one thing
        writing a page records, the images it shows (``builder.images``, by which
        an entry's ``<img>`` gets its address), recorded here first for the
        posts among *written*. Joined at ``build-finished``
        (``parallel.finish_fixing_feeds``).
        """
        app = self.app
        if self.feed_started or not app.builder.parallel_ok or not self.write_feed():
            return
        self.listing_pages()  # the JSON Feed of an archive links its page, if it has one

        def write_feed_() -> None:
            record_images(app, written)
            feed_entries.write_feeds(app, self.setup_fp, self.titles)

        feed_task = ParallelTasks(1)
        feed_task.add_task(gc.in_worker(write_feed_))
        build_state(app).speed.feed_fixing = feed_task
        self.feed_started = True

    def _write_in_parallel(self, pages: list[tuple[str, dict[str, Any], str]], write_feed: bool) -> None:
        """With ``-j``, write the listing pages and the feed in worker processes.

        Sphinx writes the pages an ``html-collect-pages`` handler yields in the
        main process, one after another, after the documents' pages: on a
        1,000-post blog, its 48 listing pages and the feed's 1,000 full-text
        entries took 3.5 s of a cold build. Here the feed is one task, started
        first unless it was with the documents' pages (:meth:`start_feed`),
        which goes on to fix the feeds and write the archives' feeds
        (``reading.feeds``, left to ``build-finished`` otherwise) and is joined
        at ``build-finished`` (``parallel.finish_fixing_feeds``); then the main
        process writes the page that lists the most posts, which renders every
        post's excerpt and entry once into the render caches (``speed.render``;
        the excerpts half in another process, ``excerpts.render_in_two``),
        and the other pages
        are dealt round-robin (their sizes differ widely) into tasks that start
        from those caches instead of each rendering every excerpt again. Each
        page is written with the builder's own ``handle_page``, as Sphinx would.
        Which pages the sidebar's panels link to is first read from a post page
        written by this build, so that the pages they do not link to share their
        folder's panels (``speed.render.sidebar``).
        """
        app = self.app

        def write_pages(chunk: list[tuple[str, dict[str, Any], str]]) -> None:
            for pagename, context, template in chunk:
                app.builder.handle_page(pagename, context, template)

        if write_feed:  # unless started before the documents' pages were written
            self.start_feed(set())
        tasks = ParallelTasks(jobs(app))
        if pages:
            sidebar.learn_links_from_pages(app, build_state(app).speed.pages_written)
            widest = max(range(len(pages)), key=lambda i: len(pages[i][1].get("collection") or ()))
            excerpts.render_in_two(app, pages[widest][0], pages[widest][1].get("collection") or ())
            write_pages([pages[widest]])
            rest = pages[:widest] + pages[widest + 1 :]
            for i in range(PAGE_TASKS):
                if rest[i::PAGE_TASKS]:
                    tasks.add_task(gc.in_worker(write_pages), rest[i::PAGE_TASKS])
        tasks.join()

    def save(self) -> None:
        if self.pages_written:  # the renders of every listed post are in this process
            render_store.save(self.app, self.setup_fp, self.titles)
        if self.feeds_written:  # ABlog's feed and those reading.feeds derived from it
            self.feeds = sorted(feed_files(self.app))
        stamp = {
            "pages_fingerprint": self.pages_fp,
            "feed_fingerprint": self.feed_fp,
            "pages": self.pages,
            "feeds": self.feeds,
            "shown": self.shown,
            "titles": self.titles,
        }
        self.stamp_path.write_text(json.dumps(stamp, indent=0), encoding="utf-8")


def listings(app: Sphinx) -> Listings | None:
    """This build's :class:`Listings`, once the listing pages have been collected."""
    return build_state(app).speed.listings


def take_over_generators(app: Sphinx) -> None:
    """Disconnect ABlog's page and feed generators, the month pages' and the 404 page's: :func:`collect` runs them."""
    wanted = (*generators(), month_archives.collect_pages, *not_found_generators())
    if disconnect_handlers(app, "html-collect-pages", wanted) != set(wanted):
        # A newer ABlog connects something else: the pages would be written twice.
        raise ExtensionError("speed.listings: the page and feed generators of ABlog and sphinx-notfound-page are not "
                             "connected as in ABlog 0.11 and sphinx-notfound-page 1.1")


def decide(app: Sphinx) -> Listings:
    """This build's :class:`Listings`, made the first time it is asked for (after reading)."""
    speed = build_state(app).speed
    if speed.listings is None:
        speed.listings = Listings(app)
    return speed.listings


def start_feed_before_pages(app: Sphinx, docnames: set[str]) -> None:
    """When the documents' pages are about to be written: with ``-j``, start writing the feeds."""
    if writes_site(app) and app.builder.parallel_ok:
        decide(app).start_feed(docnames)


def record_images(app: Sphinx, docnames: set[str]) -> None:
    """Record the images of the posts among *docnames* as writing their pages does (``builder.images``:
    each image file the environment found in them, and the name it is copied under)."""
    blog = registered_blog(app)
    posts = {post.docname for post in blog.posts} & docnames if blog else set()
    for filename, (documents, name) in app.env.images.items():
        if documents & posts:
            app.builder.images[filename] = name


def collect(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if not writes_site(app):
        return
    yield from decide(app).collect()


def save_stamp(app: Sphinx, exception: Exception | None) -> None:
    found = listings(app)
    if found is None:
        return
    if exception is None:
        found.save()
    else:
        found.stamp_path.unlink(missing_ok=True)


def installed_version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None
