"""Render the sidebar's navigation and blog panels once per folder, not once per page.

Every page carries the same sidebar: the site's navigation, the five most
recent posts, the tag cloud, the categories and the archives by year and
month. Rendering them for each of a thousand pages, twice (pydata-sphinx-theme
renders every sidebar template once more to check that it is not empty), was
a third of a build.

The sidebar entries in ``html_sidebars`` are one-line templates under
``panels/`` that call ``sidebar_fragment(name)`` (``reading.listings``); this
one renders the theme's or ABlog's template *name* with the page's context,
exactly as the theme would include it, and remembers the HTML for the rest of
the build.

A panel depends on the page through the relative addresses of its links, the
same for every page of a folder, and through the page itself: a link to the
current page becomes ``#``, the navigation marks the current page, and the
recent posts leave it out. Posts are never linked from these panels, except
the five most recent (and any post placed in the table of contents), so every
other post shares its folder's panels; every other page (the home page, the
listing pages, the 404 page with its root-relative links) gets its own, which
still saves the theme's second rendering.

Each panel is framed in the page by two HTML comments naming it
(``reading.listings.mark_panel``), so that ``speed.refresh`` can give a post
that it does not rewrite the new panels of a post it did rewrite, read back
from that post's page (which may have been written by another process, with
``-j``). The memory lives in the build's state, so it lasts one build.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any

from sphinx_citable_blog.compat.ablog import registered_blog
from sphinx_citable_blog.reading.listings import PANEL_END, PANEL_START, mark_panel
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

RECENT_POSTS_SHOWN = 5  # ABlog's recentposts.html: ablog.recent(5, pagename)
_MARKED = re.compile(
    re.escape(PANEL_START).replace(r"\{\}", r"(\S+)") + "(.*?)" + re.escape(PANEL_END).replace(r"\{\}", r"\1"),
    re.S,
)


def replace_fragments(page: str, fragment: Callable[[str], str]) -> str:
    """*page* with each marked panel replaced by ``fragment(name)``, marked."""
    return _MARKED.sub(lambda m: mark_panel(m.group(1), fragment(m.group(1))), page)


def marked_fragments(page: str) -> dict[str, str]:
    """The panels marked in *page*, by name."""
    return {match.group(1): match.group(2) for match in _MARKED.finditer(page)}


def shared_posts(app: Sphinx) -> set[str]:
    """The posts no panel links to, which share their folder's panels:
    all but the most recent and any placed in the table of contents."""
    blog = registered_blog(app)
    in_toctree = {app.config.root_doc} | {d for ds in app.env.toctree_includes.values() for d in ds}
    newest = {post.docname for post in blog.recent(RECENT_POSTS_SHOWN)}
    return {post.docname for post in blog.posts} - newest - in_toctree


class SidebarFragments:
    """The sidebar panels of one build."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.memo: dict[tuple[str, str, str | None], str] = {}
        self.shared = shared_posts(app)

    def renderer(self, pagename: str, context: dict[str, Any]) -> Callable[[str], str]:
        def sidebar_fragment(name: str) -> str:
            key = (name, posixpath.dirname(pagename), None if pagename in self.shared else pagename)
            html = self.memo.get(key)
            if html is None:
                html = self.memo[key] = self.app.builder.templates.render(name, context)
            return mark_panel(name, html)

        return sidebar_fragment


def fragments(app: Sphinx) -> SidebarFragments:
    return build_state(app).once("sidebar_fragments", lambda: SidebarFragments(app))
