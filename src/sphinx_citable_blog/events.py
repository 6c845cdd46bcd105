"""The order in which the package's handlers run, and the events it adds: all in one place.

Sphinx runs the handlers of an event by priority (500 unless given), and the
package's handlers must run before or after those of ABlog,
sphinxcontrib-bibtex, pydata-sphinx-theme, sphinx-notfound-page and each
other. Each priority below is named for the step it orders and says why it
is where it is; a module connects a handler with ``priority=events.NAME``.

The package's own extension point is one event:

``citable-blog-listings-changed(app, env)``
    Emitted after reading when what any listing shows of the posts (titles,
    dates, tags, excerpts, the bibliography...) has changed since the last
    build. The first handler that returns a list of document names decides
    which pages are written again; with none, every page is (the pages that
    list posts are all the site's pages: every sidebar shows the recent
    posts). The speed layer answers with the pages whose content changed.
"""

from __future__ import annotations

LISTINGS_CHANGED = "citable-blog-listings-changed"

# -- config-inited -----------------------------------------------------------------
# Before anything reads the doctree folder: an unfinished build's is emptied.
START_BUILD = 1
# After ABlog matched the posts to blog_post_pattern (500): drafts are left out of them.
EXCLUDE_DRAFTS = 600

# -- builder-inited ----------------------------------------------------------------
# First: the build's state, which the other handlers use.
NEW_BUILD_STATE = 0
# Before sphinxcontrib-bibtex parses references.bib (500): its problems are named by line first.
CHECK_SOURCES_FILES = 400
# After the themes' handlers (500) have set their options: the speed layer digests the configuration.
DIGEST_CONFIG = 800
# Before Sphinx's EPUB builder checks the configuration (500): the book's version is set.
BOOK_EDITION = 400
# After every handler that connects or takes over a page generator (the speed layer's, 500): the EPUB
# gets none of the site's pages.
BOOK_PAGES_ONLY = 900

# -- env-before-read-docs / env-updated ---------------------------------------------
# First: the speed layer hands the bibliography's CSL items, converted while Sphinx started, to the environment.
HAND_OVER_CSL_ITEMS = 100
# After every handler that may add documents to read (500): the speed layer notes whether any are read.
NOTE_DOCUMENTS_READ = 900
# The first env-updated handler: the speed layer gives Sphinx back the processes asked for.
RESTORE_JOBS = 100
# Before sphinxcontrib-bibtex's (500): the speed layer says whether its domain indexes now or when asked.
INDEX_CITATIONS = 400
# After the front-matter check (500), which stops the build on an invalid post.
REPORT_UNCITED = 900
# Early: the speed layer queues work for the main process while the handlers after it wait for pandoc...
WARM_UP = 150
# ...and drops what no pandoc wait took before the environment is saved.
WARMED_UP = 940
# Last: with -j the speed layer has the environment saved by a process forked when Sphinx saves it.
SAVE_ENV_IN_BACKGROUND = 950

# -- doctree-read ------------------------------------------------------------------
# Before Sphinx makes the table of contents (500): the book's chapters are in the home page's.
BOOK_CONTENTS = 250
# Before Sphinx makes the table of contents (500): headings show their citations' text.
RECORD_CITATIONS = 300
# Before ABlog copies the post for excerpts and feeds (500): the copies keep their origin.
MARK_CITATION_ORIGINS = 400
# After ABlog has taken its copies (500): anchors, the draft banner and stripped copies.
AFTER_ABLOG_COPIES = 600
# After every handler that reads the post (the text digest is of the final doctree).
DIGEST_POST_TEXT = 900
# Last: the speed layer moves ABlog's copy of the whole post out of the environment.
STORE_POST_COPIES = 950

# -- missing-reference --------------------------------------------------------------
# Before ABlog resolves its own labels (500): in the book they lead to the page on the site.
BEFORE_ABLOG_LABELS = 400

# -- doctree-resolved ---------------------------------------------------------------
# Before the paragraph links are added (500): the byline counts the post's words for its reading time.
BYLINE = 450
# After sphinxcontrib-bibtex's reference list: "Cite this post" ends the post...
CITE_THIS_POST = 600
# ...and "Related posts" comes after it.
RELATED_POSTS = 700

# -- html-page-context -------------------------------------------------------------
# Before pydata-sphinx-theme (500) renders the sidebar once to see if it is empty.
SIDEBAR_RENDERERS = 400
# First of all: a page the speed layer keeps as it was written is given its template, and no other handler runs.
UNCHANGED_PAGE = 0
# After sphinx-notfound-page (400) has made pathto root-relative on the 404 page.
NOT_FOUND_BODY = 450
# After the plain renderers (SIDEBAR_RENDERERS, 500): the speed layer's cached ones replace them.
CACHED_RENDERERS = 450
# After ABlog (500) and the archive pages' feeds (500) have set the page's feed: its JSON Feed beside it.
ANNOUNCE_JSON_FEED = 600

# -- html-collect-pages ------------------------------------------------------------
# Before the listing pages are written: the speed layer's writing processes are put back.
RESTORE_JOBS_FOR_LISTINGS = 0

# -- build-finished ----------------------------------------------------------------
# First: with -j the feeds are fixed in another process while the main one finishes pages.
FIX_FEEDS = 100
# Before anything reads the finished pages (icon fonts, sitemap at 500).
SPLICE_SIDEBARS = 400
REMOVE_STALE_OUTPUT = 450
# After the other processes' work on the feeds and the environment's save is joined...
JOIN_FEEDS = 850
JOIN_ENV_SAVE = 850
# ...the listing pages' record is saved.
SAVE_LISTINGS_RECORD = 900
# The build has finished when every handler that touches files has run.
FINISH_BUILD = 9_000
# Last of all: the garbage collector freezes what the build leaves.
FREEZE_MEMORY = 10_000
