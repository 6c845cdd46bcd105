"""What the listing pages and the sidebar show of the posts, rendered as the templates ask.

The package's templates call three functions that every page's context holds:

``post_excerpt(post, pagename)``
    a post's excerpt as listing page *pagename* shows it: ABlog's own
    ``Post.to_html``, resolved and written for that page;
``collection_entry(post)``
    a post's entry on a listing page (``ablog/collection-entry.html``: title,
    date, author, category, tags) with its excerpt;
``sidebar_fragment(name)``
    one of the sidebar's panels (the navigation, recent posts, tags, categories,
    archives: the template *name*), framed by two HTML comments naming it, so
    that the panel can be found in a finished page.

These are the plain versions: each renders what it is asked for, every time.
The speed layer replaces them with versions that render each post and panel
once per build and move the result to each page, and the tests check that the
site is the same, file by file, with either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx_citable_blog.outputs import writes_site

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

    from sphinx_citable_blog.compat.ablog import Post

ENTRY_TEMPLATE = "ablog/collection-entry.html"
# Each sidebar panel is framed in the page by these comments.
PANEL_START, PANEL_END = "<!-- sidebar-fragment {} -->", "<!-- /sidebar-fragment {} -->"


def mark_panel(name: str, html: str) -> str:
    """*html*, the panel *name*, framed by the comments that name it."""
    return PANEL_START.format(name) + html + PANEL_END.format(name)


def post_excerpt(post: Post, pagename: str) -> str:
    """The excerpt of *post* as the listing page *pagename* shows it (ABlog's rendering)."""
    return post.to_html(pagename)


def entry_renderer(app: Sphinx, pagename: str, context: dict[str, Any]) -> Callable[[Post], str]:
    def collection_entry(post: Post) -> str:
        excerpt = context["post_excerpt"](post, pagename)
        return app.builder.templates.render(ENTRY_TEMPLATE, {**context, "post": post, "excerpt": excerpt})

    return collection_entry


def panel_renderer(app: Sphinx, context: dict[str, Any]) -> Callable[[str], str]:
    def sidebar_fragment(name: str) -> str:
        return mark_panel(name, app.builder.templates.render(name, context))

    return sidebar_fragment


def add_renderers(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    if not writes_site(app):
        return
    context["post_excerpt"] = post_excerpt
    context["collection_entry"] = entry_renderer(app, pagename, context)
    context["sidebar_fragment"] = panel_renderer(app, context)
