"""Render the sidebar's navigation and blog panels once per folder, not once per page.

Every page carries the same sidebar: the site's navigation, the five most
recent posts, the tag cloud, the categories and the archives by year and
month. Rendering them for each of a thousand pages, twice (pydata-sphinx-theme
renders every sidebar template once more to check that it is not empty), was
a third of a build.

The sidebar entries in ``html_sidebars`` are one-line templates under
``_templates/cached/`` that call ``sidebar_fragment(name)``, which renders the
theme's or ABlog's template *name* with the page's context, exactly as the
theme would include it, and remembers the HTML for the rest of the build.

A fragment depends on the page through the relative addresses of its links,
the same for every page of a folder, and through the page itself: a link to
the current page becomes ``#``, the navigation marks the current page, and the
recent posts leave it out. Posts are never linked from these fragments, except
the five most recent (and any post placed in the table of contents), so every
other post shares its folder's fragments; every other page (the home page,
the listing pages, the 404 page with its root-relative links) gets its own,
which still saves the theme's second rendering.

Each fragment is framed in the page by two HTML comments naming it, so that
``_ext/fresh_listings.py`` can give a post that it does not rewrite the new
fragments of a post it did rewrite, read back from that post's page (which may
have been written by another process, with ``-j``).

The memory lives on the builder, so it lasts one build. ``render_caches =
False`` turns it off, and ``excerpt_cache`` with it; the tests build the site
both ways and compare every file.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any

from ablog_data import registered_blog
from build_memo import once_per_build

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

RECENT_POSTS_SHOWN = 5  # ABlog's recentposts.html: ablog.recent(5, pagename)
# Each fragment is marked in the page, so that _ext/fresh_listings.py can
# replace it in a page it does not rewrite.
START, END = "<!-- sidebar-fragment {} -->", "<!-- /sidebar-fragment {} -->"
_MARKED = re.compile(r"<!-- sidebar-fragment (\S+) -->(.*?)<!-- /sidebar-fragment \1 -->", re.S)


def mark(name: str, html: str) -> str:
    return START.format(name) + html + END.format(name)


def replace_fragments(page: str, fragment: Callable[[str], str]) -> str:
    """*page* with each marked fragment replaced by ``fragment(name)``, marked."""
    return _MARKED.sub(lambda m: mark(m.group(1), fragment(m.group(1))), page)


def marked_fragments(page: str) -> dict[str, str]:
    """The fragments marked in *page*, by name."""
    return {match.group(1): match.group(2) for match in _MARKED.finditer(page)}


def shared_posts(app: Sphinx) -> set[str]:
    """The posts no fragment links to, which share their folder's fragments:
    all but the most recent and any placed in the table of contents."""
    blog = registered_blog(app)
    in_toctree = {app.config.root_doc} | {d for ds in app.env.toctree_includes.values() for d in ds}
    newest = {post.docname for post in blog.recent(RECENT_POSTS_SHOWN)}
    return {post.docname for post in blog.posts} - newest - in_toctree


class SidebarFragments:
    """The sidebar fragments of one build."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.memo: dict[tuple[str, str, str | None], str] = {}
        self.shared = shared_posts(app)

    def renderer(self, pagename: str, context: dict[str, Any]) -> Callable[[str], str]:
        def sidebar_fragment(name: str) -> str:
            if not self.app.config.render_caches:
                return mark(name, self.app.builder.templates.render(name, context))
            key = (name, posixpath.dirname(pagename), None if pagename in self.shared else pagename)
            html = self.memo.get(key)
            if html is None:
                html = self.memo[key] = self.app.builder.templates.render(name, context)
            return mark(name, html)

        return sidebar_fragment


def add_renderer(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    if app.builder.format != "html":
        return
    fragments = once_per_build(app, "sidebar_fragments", lambda: SidebarFragments(app))
    context["sidebar_fragment"] = fragments.renderer(pagename, context)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ablog")
    # Off only to check that the caches change nothing (tests/test_render_caches.py).
    app.add_config_value("render_caches", True, "", types=frozenset({bool}))
    # Before pydata-sphinx-theme's handler (500) renders the sidebar to see if it is empty.
    app.connect("html-page-context", add_renderer, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
