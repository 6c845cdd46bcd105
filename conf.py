"""Sphinx configuration for Chris Mills' child protection blog.

The posts live in ``posts/YYYY/MM/<slug>.md`` (MyST Markdown with front
matter); ABlog turns them into a blog with archives, tag pages and Atom feeds,
sphinxcontrib-bibtex resolves their citations against ``references.bib``, and
``sphinx_citable_blog`` (``src/``) makes the blog a citable, searchable book.
"""

import os
from urllib.parse import urlparse

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
    # The blog machinery: checks, citation, listings, incremental builds (src/sphinx_citable_blog/).
    "sphinx_citable_blog",
]

exclude_patterns = [
    "_build",
    ".venv",
    "src",
    "README.md",
    "UPSTREAM.md",
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
# sphinx_citable_blog from the main feed's entries, not by ABlog, which would
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
# The roles {cite:p}, {cite:t} and {cite:yearpar}; what citations and reference
# lists look like is the CSL style's (citable_blog_csl_style below).
bibtex_reference_style = "author_year"
# Anchors derived from the BibTeX key, so "#ref-senge1990fifth" is a
# permanent link to an entry in a post's reference list.
bibtex_cite_id = "ref-{key}"
bibtex_bibliography_id = "bibliography-{bibliography_count}"
# Each post ends with its own reference list (":filter: docname in docnames"),
# so a work cited by two posts is listed on both pages, and each citation links
# to the list on its own page (tests/test_citations.py).

# -- HTML output (sphinx-book-theme) ------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = "Chris Mills: Child Protection Blog"
html_static_path = ["_static"]
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
        # The theme's and ABlog's panels, each marked in the page (so that it
        # can be replaced in place) and rendered once per folder.
        "panels/sbt-sidebar-nav.html",
        "panels/ablog/recentposts.html",
        "panels/ablog/tagcloud.html",
        "panels/ablog/categories.html",
        "panels/ablog/archives.html",
    ]
}

# -- sphinx_citable_blog -------------------------------------------------------------

# The tags and categories a post may use, each with the description shown on its page.
citable_blog_topics_file = "tags.yaml"
# Every published post's permanent BibTeX key.
citable_blog_keys_file = "citation-keys.txt"
# Citations and reference lists in APA 7th edition, from the official CSL style:
# "harvard-cite-them-right" is the other style shipped, and the path of any .csl
# file from the CSL styles repository (https://github.com/citation-style-language/styles)
# works too. In British English: a British blog.
citable_blog_csl_style = "apa"
citable_blog_csl_locale = "en-GB"
# "Cite this post" links the page on citing the blog.
citable_blog_how_to_cite = "how-to-cite"
# Posts marked "draft: true" are left out of the site unless DRAFTS=1 is set
# (`make live` and `make html DRAFTS=1`, for previews only).
citable_blog_show_drafts = os.environ.get("DRAFTS", "") not in {"", "0"}

# -- The book: EPUB and PDF (make epub, make pdf) ----------------------------------------

# After the home page's introduction and before the posts (src/sphinx_citable_blog/book/).
citable_blog_book_pages = ["about"]
# The site's address identifies the book (its dc:identifier).
epub_identifier = SITE_URL
epub_scheme = "URL"
epub_uid = "identifier"  # the XML id of that identifier in the package document
# Sphinx writes both, "unknown" unless set: the blog's own description, and its author (the only contributor).
epub_description = blog_feed_subtitle
epub_contributor = author
# Links stay links: no address printed after each one.
epub_show_urls = "no"
epub_basename = "chris-mills-child-protection-blog"
latex_documents = [(root_doc, "chris-mills-child-protection-blog.tex", project, author, "manual")]
latex_elements = {
    "papersize": "a4paper",
    # Chapter headings as LaTeX sets them ("Chapter 3", then the title as written), not capitals.
    "fncychap": "",
    # Read on screens more than printed: each chapter starts on the next page, not the next right-hand one.
    "extraclassoptions": "openany,oneside",
    # No index: the pages have no index entries (as html_use_index below).
    "printindex": "",
}

# -- The 404 page, and renamed posts -----------------------------------------------------

# The 404 page is served for any missing address, at any depth, so its links
# are root-relative: the path of the site's address ("/en/latest/").
notfound_urls_prefix = urlparse(SITE_URL).path
# No page has index entries, so Sphinx's general index would be an empty page
# (and the one page without the feed's <link rel="alternate">): leave it out.
html_use_index = False
# A renamed post keeps its old address as a page that sends readers on at once
# (front matter "redirect: posts/YYYY/MM/old-slug"; see README, "Permanent links").
post_redirect_refresh = 0
