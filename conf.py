"""Sphinx configuration for Chris Mills' child protection blog.

The posts live in ``posts/YYYY/MM/<slug>.md`` (MyST Markdown with front
matter); ABlog turns them into a blog with archives, tag pages and Atom feeds,
sphinxcontrib-bibtex resolves their citations against ``references.bib``, and
the local extensions in ``_ext/`` fill the gaps between those tools.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

# -- Project ------------------------------------------------------------------

project = "Chris Mills: Child Protection Blog"
author = "Chris Mills"
copyright = "2014, Chris Mills"
language = "en"

# The one place the site's public address is set. Read the Docs passes the
# address of the version being built; every absolute URL (feeds, canonical
# links) derives from this constant.
SITE_URL = os.environ.get(
    "READTHEDOCS_CANONICAL_URL", "https://chris-mills-child-protection.readthedocs.io/en/latest/"
).rstrip("/") + "/"
html_baseurl = SITE_URL

extensions = [
    "myst_parser",
    "ablog",
    "sphinxcontrib.bibtex",
    # Local extensions, one feature each (see _ext/):
    "front_matter",
    "authoryear_style",
    "excerpt_citations",
    "excerpt_cache",
    "entry_cache",
    "sidebar_cache",
    "template_bytecode",
    "post_header",
    "post_navigation",
    "month_archives",
    "atom_feed",
    "related_posts",
    "seo_files",
    "not_found_page",
    "icon_font",
    "valid_html",
    "permalinks",
    "cite_this",
    "citation_meta",
    "tags_list",
    "bib_checks",
    "drafts",
    "post_copies",
    "parallel_reading",
    "parallel_writing",
    "fresh_listings",
    "listing_pages",
    "stable_reference_lists",
    "search_index_tidy",
    "garbage_collection",
]

exclude_patterns = [
    "_build",
    ".venv",
    "README.md",
    "tests",
    ".pytest_cache",
    "benchmarks",
    ".venv-bench",
    # What `python -m blogtools import` keeps for the author to decide on (an old
    # blog's comments, untitled posts): never published.
    "imported",
    "Thumbs.db",
    ".DS_Store",
]
templates_path = ["_templates"]
root_doc = "index"

# Fail on any reference that does not resolve (the build also runs with -n).
nitpicky = True

# -- MyST ---------------------------------------------------------------------

# Headings get slug anchors ("#notes", not "#id1") so links into posts are stable.
myst_heading_anchors = 3

# -- ABlog --------------------------------------------------------------------

blog_title = "Chris Mills: Child Protection Blog"
blog_path = "blog"
blog_baseurl = SITE_URL
blog_post_pattern = "posts/*/*/*.md"
blog_authors = {"Chris Mills": ("Chris Mills", None)}
blog_default_author = "Chris Mills"
blog_feed_fulltext = True  # readers get the whole post in their feed reader
# One feed per tag, category, year and author as well: written by
# _ext/atom_feed.py from the main feed's entries, not by ABlog, which would
# render every post again for each feed it is in.
blog_feed_archives = False
blog_feed_subtitle = "Child protection and children's social work in England"
post_date_format = "%-d %B %Y"  # "8 April 2014", the British form
post_date_format_short = "%-d %B %Y"
post_auto_excerpt = 1
# The theme's own previous/next footer is the only one (post_show_prev_next
# would add a second bar from ABlog's page template).
post_show_prev_next = False
# pydata-sphinx-theme turns this on whenever ABlog is loaded; saying so here
# keeps the config identical between runs, so incremental builds stay
# incremental instead of re-reading every page.
fontawesome_included = True

# -- sphinxcontrib-bibtex ---------------------------------------------------------

bibtex_bibfiles = ["references.bib"]
bibtex_reference_style = "author_year_round"  # _ext/authoryear_style.py
bibtex_default_style = "authoryear"  # ditto
# Anchors derived from the BibTeX key, so "#ref-senge1990fifth" is a
# permanent link to an entry in a post's reference list.
bibtex_cite_id = "ref-{key}"
bibtex_bibliography_id = "bibliography-{bibliography_count}"
suppress_warnings = [
    # Each post ends with its own reference list (":filter: docname in
    # docnames"), so a work cited by two posts is listed on both pages by
    # design. sphinxcontrib-bibtex resolves a citation to the list on its own
    # page first (BibtexDomain.resolve_xref), so the links stay on the page;
    # tests/test_citations.py proves it. Duplicates within one page have their
    # own subtype (bibtex.duplicate_local_citation) and still fail the build.
    "bibtex.duplicate_citation",
]

# -- HTML output (sphinx-book-theme) ------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = "Chris Mills: Child Protection Blog"
html_static_path = ["_static"]
html_css_files = ["blog.css", "reader.css"]
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "navbar_persistent": [],  # search lives in the sidebar, once
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    "search_bar_text": "Search the blog…",
}
html_sidebars = {
    "**": [
        "navbar-logo.html",
        "search-field.html",
        # The same templates as the theme's and ABlog's, rendered once per
        # folder instead of once per page (_ext/sidebar_cache.py).
        "cached/sbt-sidebar-nav.html",
        "cached/ablog/recentposts.html",
        "cached/ablog/tagcloud.html",
        "cached/ablog/categories.html",
        "cached/ablog/archives.html",
    ]
}

# -- Sitemap, robots.txt and the 404 page (_ext/seo_files.py, _ext/not_found_page.py) --

# The 404 page is served for any missing address, at any depth, so its links
# are root-relative: the path of the site's address ("/en/latest/").
notfound_urls_prefix = urlparse(SITE_URL).path
# No page has index entries, so Sphinx's general index would be an empty page
# (and the one page without the feed's <link rel="alternate">): leave it out.
html_use_index = False

# -- Permanent links (_ext/permalinks.py) ------------------------------------------

# A renamed post keeps its old address as a page that sends readers on at once
# (front matter "redirect: posts/YYYY/MM/old-slug"; see README, "Permanent links").
post_redirect_refresh = 0

# -- Tags, references and drafts (_ext/tags_list.py, _ext/bib_checks.py, _ext/drafts.py) --

# The tags and categories a post may use, each with the description shown on
# its page.
blog_topics_file = "tags.yaml"
# Posts marked "draft: true" are left out of the site unless DRAFTS=1 is set
# (`make live` and `make html DRAFTS=1`, for previews only) or the build is
# given -D blog_show_drafts=1.
blog_show_drafts = os.environ.get("DRAFTS", "") not in {"", "0"}
