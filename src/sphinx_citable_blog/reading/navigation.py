"""Link each post to the previous and next post by date.

Posts are kept out of the main toctree (ABlog marks them orphans), so the
theme's previous/next footer, which follows the toctree, is empty on a post.
This fills that one footer from ABlog's date order instead of adding a
second bar: "previous" is the older post, "next" the newer one.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from sphinx_citable_blog.compat.ablog import registered_blog
from sphinx_citable_blog.outputs import writes_site

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_citable_blog.compat.ablog import Post


def neighbour(app: Sphinx, pagename: str, docname: str, title: str) -> dict[str, str]:
    """The theme's ``prev`` or ``next`` for post *docname* (titled *title*), linked from page *pagename*."""
    # The theme inserts the title unescaped, as it does Sphinx's own (already
    # escaped) titles.
    return {"link": app.builder.get_relative_uri(pagename, docname), "title": html.escape(title)}


def _link(app: Sphinx, pagename: str, post: Post | None) -> dict[str, str] | None:
    return None if post is None else neighbour(app, pagename, post.docname, post.title)


def set_prev_next(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    if not writes_site(app) or doctree is None:
        return
    blog = registered_blog(app)
    post = blog.posts[pagename] if blog else None
    if post is None:
        return
    context["prev"] = _link(app, pagename, post.prev)
    context["next"] = _link(app, pagename, post.next)

