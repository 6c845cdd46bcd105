"""Render each post's entry on the listing pages once per build.

The archive, tag, category, author, year and month pages list their posts,
each with its title, date, author, category and tags (``ablog/collection-entry.html``)
and its excerpt. A post with three tags is listed on about eight pages, so a
1,000-post blog rendered some 6,500 entries per build, each one through
Jinja's macros again.

The listing template calls ``collection_entry(post)`` (``reading.listings``);
this one renders the entry once per build, with a placeholder for the excerpt
(which ``speed.render.excerpts`` provides for each page), and on every other page
moves its links to that page: every link in the entry comes from the
template's ``pathto``, which gives the address of the target relative to the
page, or ``#`` for the page itself (a tag page's own tag), so the moved entry
is the one the template would render there.

The memory lives in the build's state, so it lasts one build; a build that
writes the listing pages starts it from the last build's entries of the posts
that have not changed (``speed.render.store``).
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any

from sphinx.util.osutil import relative_uri

from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.reading.listings import ENTRY_TEMPLATE
from sphinx_citable_blog.speed.render.excerpts import LINK, SCHEME
from sphinx_citable_blog.speed.render.excerpts import renderer as excerpt_renderer
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

    from sphinx_citable_blog.compat.ablog import Post

EXCERPT = "\x00excerpt\x00"  # where the excerpt goes; never in a page


def move_links(html: str, from_uri: str, to_uri: str) -> str:
    """*html*, whose relative links were made by ``pathto`` on the page at
    *from_uri*, with the links ``pathto`` would make on the page at *to_uri*."""
    folder = posixpath.dirname(from_uri)

    def move(match: re.Match[str]) -> str:
        url = match.group(2)
        if url == "#" or url.startswith("##"):  # pathto's "#" for the page itself (+ an anchor)
            path, anchor = "", url[1:]
        elif url.startswith(("#", "/")) or SCHEME.match(url):
            return match.group(0)
        else:
            path, hash_, fragment = url.partition("#")
            anchor = hash_ + fragment
        target = posixpath.normpath(posixpath.join(folder, path)) if path else from_uri
        return match.group(1) + (relative_uri(to_uri, target) or "#") + anchor + match.group(3)

    return LINK.sub(move, html)


class Entries:
    """The listing pages' entries of one build: by post, the HTML and the page it was rendered for."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.first: dict[str, tuple[str, str]] = {}

    def renderer(self, pagename: str, context: dict[str, Any]) -> Callable[[Post], str]:
        app = self.app

        def collection_entry(post: Post) -> str:
            excerpt = excerpt_renderer(app)(post, pagename)
            uri = app.builder.get_target_uri(pagename)
            found = self.first.get(post.docname)
            if found is None:
                html = app.builder.templates.render(ENTRY_TEMPLATE, {**context, "post": post, "excerpt": EXCERPT})
                found = self.first[post.docname] = (html, uri)
            html, rendered_for = found
            if rendered_for != uri:
                html = move_links(html, rendered_for, uri)
            return html.replace(EXCERPT, excerpt)

        return collection_entry


def entries(app: Sphinx) -> Entries:
    """This build's entries."""
    return build_state(app).once("collection_entries", lambda: Entries(app))


def add_renderer(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    if not writes_site(app):
        return
    context["collection_entry"] = entries(app).renderer(pagename, context)

