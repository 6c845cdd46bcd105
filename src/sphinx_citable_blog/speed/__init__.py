"""The speed layer: everything that exists only to make builds faster, and can be switched off.

Nothing outside this folder imports it. The package loads it when
``citable_blog_speed`` is true (the default; ``make html SPEED=0`` or
``-D citable_blog_speed=0`` builds without it), and the tests build sites with
it and without it and compare them file by file: it must never change a byte.

* ``parallel``: with ``-j``, few files read serially, pages written by as many
  workers as jobs, the feeds written and fixed in another process while the
  pages are written; and (``compat.sphinx``) one share of the documents read
  by each process, nothing cleared before reading a document never read;
* ``env_save``: with ``-j``, the environment saved by a forked process while
  the pages are written;
* ``gc``: the garbage collector tuned for a build, and idle in the main
  process while other processes write the pages;
* ``doc_settings``: docutils' settings for each document read, built once
  per build, and MyST's front matter loaded with libyaml;
* ``theme_checks``: the theme's emptiness check skipped for the templates
  that cannot come out empty;
* (``compat.sphinx``) the search index's stems remembered for a build, and
  no log record made that the verbosity does not show;
* ``jinja_cache``: compiled templates kept between builds, and not checked
  against their files again within one;
* ``assets``: the checksums of each page's style sheets and scripts
  remembered for a build;
* ``env_size``: ABlog's copies of each post kept out of the environment;
* ``render``: excerpts, listing entries and sidebar panels rendered once per
  build (``excerpts``, ``entries``, ``sidebar``) and kept for the next
  (``store``; a page written again when the panels cannot have changed takes
  them from its folder's other pages);
* ``listings``: listing pages and feeds written only when what they show
  changed; ``feed_entries``: the feeds' entries made and fixed only for posts
  that changed, the feeds written in another process free of the collector's
  tracing of what it inherited (``gc``);
* ``csl_packs``: posts that cannot affect each other's citations rendered
  in one call of the CSL processor;
* ``bib_items``: in a first build, the bibliography converted to CSL items
  while Sphinx starts;
* ``bib_checks``: a bibliography file checked again only when its text
  changed;
* ``bibtex_entries``: posts.bib's entries kept from one build to the next,
  written again only for the posts whose record changed; with ``-j``, the
  files written by another process while the listing pages are;
* ``indexes``: the search index and the object inventory left as they are
  when no document was read, removed or written, and the citations' index
  made only when a page asks when none was read or removed;
* ``refresh``: when listings change, only the pages that change are written
  again, the others get their new sidebar in place.
* ``warm_up``: the theme's CSS selectors compiled while the main process
  waits for pandoc, not when it writes its first page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from sphinx_citable_blog import events
from sphinx_citable_blog.authoring import bib_checks as authoring_bib_checks
from sphinx_citable_blog.citation import cite_this
from sphinx_citable_blog.compat.sphinx import disconnect_handlers, make_only_records_shown, use_speed_html_builder
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.reading import feeds
from sphinx_citable_blog.speed import assets, bib_checks, bib_items, bibtex_entries, csl_packs, doc_settings, env_save
from sphinx_citable_blog.speed import env_size
from sphinx_citable_blog.speed import gc
from sphinx_citable_blog.speed import indexes, jinja_cache, listings, theme_checks
from sphinx_citable_blog.speed import parallel, refresh, search_page, warm_up
from sphinx_citable_blog.speed.render import entries, excerpts, sidebar
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


def add_cached_renderers(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Replace the plain renderers of ``reading.listings`` with those that render once per build."""
    if not writes_site(app):
        return
    context["post_excerpt"] = excerpts.renderer(app)
    context["collection_entry"] = entries.entries(app).renderer(pagename, context)
    context["sidebar_fragment"] = sidebar.fragments(app).renderer(pagename, context)


def before_writing(app: Sphinx, docnames: set[str]) -> None:
    """As the documents' pages are about to be written: start writing the feeds (with ``-j``) and, when the
    sidebar's panels cannot have changed, take them from the pages not written again."""
    build_state(app).speed.pages_written = docnames
    listings.start_feed_before_pages(app, docnames)
    if writes_site(app) and listings.decide(app).pages_unchanged():
        found = sidebar.reuse_unchanged_panels(app, docnames)
        if found:
            logger.info("sidebar panels of %d folder(s) kept from the last build", found)


def setup(app: Sphinx, config: Config) -> None:
    """Connect the speed layer (at ``config-inited``, once the switch is read)."""
    gc.start_build(app, config)  # this config-inited is under way: its handlers are already chosen
    make_only_records_shown()
    doc_settings.start_build(app, config)
    bib_items.start(app)
    # The builder is made after config-inited.
    use_speed_html_builder(app, before_writing, indexes.unchanged)
    app.connect("env-get-outdated", indexes.note_outdated)
    app.connect("builder-inited", jinja_cache.use_bytecode_cache)
    app.connect("builder-inited", assets.start_build)
    app.connect("builder-inited", env_size.set_folder)
    app.connect("builder-inited", listings.take_over_generators)
    app.connect("builder-inited", listings.digest_config, priority=events.DIGEST_CONFIG)
    app.connect("builder-inited", csl_packs.share_calls)
    app.connect("builder-inited", theme_checks.start_build)
    disconnect_handlers(app, "builder-inited", (authoring_bib_checks.check_bibfiles,))
    app.connect("builder-inited", bib_checks.check_bibfiles, priority=events.CHECK_SOURCES_FILES)
    app.connect("env-before-read-docs", bib_items.hand_over, priority=events.HAND_OVER_CSL_ITEMS)
    app.connect("env-before-read-docs", parallel.read_few_serially)
    app.connect("env-before-read-docs", csl_packs.prerender_heading_citations)
    app.connect("env-before-read-docs", indexes.note_read, priority=events.NOTE_DOCUMENTS_READ)
    app.connect("doctree-read", listings.record_post_text, priority=events.DIGEST_POST_TEXT)
    app.connect("doctree-read", env_size.keep_copies_small, priority=events.STORE_POST_COPIES)
    app.connect("env-updated", parallel.jobs_asked, priority=events.RESTORE_JOBS)
    app.connect("env-updated", indexes.index_citations, priority=events.INDEX_CITATIONS)
    app.connect("env-updated", warm_up.queue, priority=events.WARM_UP)
    app.connect("env-updated", warm_up.finish, priority=events.WARMED_UP)
    app.connect("env-updated", env_save.save_in_background, priority=events.SAVE_ENV_IN_BACKGROUND)
    app.connect(events.LISTINGS_CHANGED, refresh.pages_that_change)
    app.connect("write-started", parallel.one_more_job)
    app.connect("write-started", gc.stop_while_writing)
    app.connect("html-page-context", add_cached_renderers, priority=events.CACHED_RENDERERS)
    app.connect("html-page-context", search_page.keep_unchanged, priority=events.UNCHANGED_PAGE)
    app.connect("html-collect-pages", parallel.jobs_asked_before_listings, priority=events.RESTORE_JOBS_FOR_LISTINGS)
    app.connect("html-collect-pages", gc.collect_after_writing, priority=events.RESTORE_JOBS_FOR_LISTINGS)
    app.connect("html-collect-pages", bibtex_entries.start_writing)
    app.connect("html-collect-pages", listings.collect)
    disconnect_handlers(app, "build-finished", (feeds.fix_feeds_after_build, cite_this.write_files))
    app.connect("build-finished", bibtex_entries.write_files)
    app.connect("build-finished", parallel.jobs_asked, priority=events.RESTORE_JOBS_FOR_LISTINGS)
    app.connect("build-finished", refresh.splice_sidebars, priority=events.SPLICE_SIDEBARS)
    app.connect("build-finished", parallel.finish_fixing_feeds, priority=events.JOIN_FEEDS)
    app.connect("build-finished", env_save.wait_for_save, priority=events.JOIN_ENV_SAVE)
    app.connect("build-finished", listings.save_stamp, priority=events.SAVE_LISTINGS_RECORD)
    app.connect("build-finished", env_size.remove_stale_copies, priority=events.SAVE_LISTINGS_RECORD)
    app.connect("build-finished", doc_settings.end_build, priority=events.FINISH_BUILD)
    app.connect("build-finished", theme_checks.end_build, priority=events.FINISH_BUILD)
    app.connect("build-finished", assets.end_build, priority=events.FINISH_BUILD)
    app.connect("build-finished", bib_items.finish, priority=events.FINISH_BUILD)
    app.connect("build-finished", gc.end_build, priority=events.FREEZE_MEMORY)
