"""Reading: what a reader sees besides the posts' own words.

* ``listings``: the listing pages' posts and sidebar panels (the plain
  renderers the templates call), and the month archives' pages;
* ``byline``, ``navigation``, ``related``: a post's date, author, tags and
  reading time under its title; its previous and next posts; related posts;
* ``month_archives``: an archive page per month;
* ``feeds``: the Atom feeds made absolute and reproducible, and one per tag,
  category, year and author;
* ``json_feed``: a JSON Feed beside each Atom feed, announced on every page;
* ``sitemap``, ``not_found``: ``sitemap.xml`` and ``robots.txt``; the 404 page;
* ``search``: possessives searchable, no empty words in the index;
* ``icon_font``, ``valid_html``: the theme's icon font cut to the glyphs used;
  valid, accessible HTML where docutils and ABlog write otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_citable_blog import events

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    from sphinx_citable_blog.reading import (  # noqa: PLC0415 (see the package docstring)
        byline,
        feeds,
        icon_font,
        json_feed,
        listings,
        month_archives,
        navigation,
        not_found,
        related,
        search,
        sitemap,
        valid_html,
    )

    app.setup_extension("notfound.extension")
    app.add_search_language(search.SearchEnglishPossessives)
    # pydata-sphinx-theme adds its own behaviour on top of this translator.
    app.set_translator("html", valid_html.ValidHTMLTranslator)
    app.connect("html-page-context", listings.add_renderers, priority=events.SIDEBAR_RENDERERS)
    app.connect("html-page-context", not_found.fill_body, priority=events.NOT_FOUND_BODY)
    app.connect("html-page-context", navigation.set_prev_next)
    app.connect("html-page-context", month_archives.add_context)
    app.connect("html-page-context", feeds.announce_archive_feeds)
    app.connect("html-page-context", json_feed.announce, priority=events.ANNOUNCE_JSON_FEED)
    app.connect("html-collect-pages", month_archives.collect_pages)
    app.connect("doctree-resolved", byline.add_byline, priority=events.BYLINE)
    app.connect("doctree-resolved", related.add_related_posts, priority=events.RELATED_POSTS)
    app.connect("build-finished", feeds.fix_feeds_after_build, priority=events.FIX_FEEDS)
    app.connect("build-finished", sitemap.write_files)
    app.connect("build-finished", icon_font.subset_fonts)
    app.connect("build-finished", search.tidy_search_index)
