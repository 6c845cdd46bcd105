"""Render each post's excerpt once per folder for the listing pages.

ABlog's archive, tag, category, author and month pages show every post's
excerpt, through ``Post.to_html(pagename)``: a post with four tags is rendered
about eight times per build, and each rendering first builds a fresh set of
docutils settings through optparse (``new_document("")``), which costs as much
as the rendering itself. For a thousand posts that was over 8,000 renderings
and a third of the build.

The listing template calls ``post_excerpt(post, pagename)``
(``reading.listings``); this one renders exactly as ``Post.to_html`` does (the
same steps and the same ABlog helpers) but reuses one set of default settings, and renders
each post once per build: the only thing a listing page changes in an excerpt
is the relative address of its links and images, so for a page elsewhere the
first rendering's relative addresses are resolved against the page it was
rendered for and made relative to the new page, as Sphinx itself makes them
(``relative_uri``). An excerpt with a link to the page it is rendered for or
shown on (an empty address, a bare ``#anchor``) would differ from page to
page, so it is rendered for every page.

The memory lives in the build's state, so it lasts one build; a build that
writes the listing pages starts it from the last build's excerpts of the posts
that have not changed (``speed.render.store``, which says what "changed" means).
With ``-j``, the excerpts of the page that lists every post are rendered half
by the main process and half by another (:func:`render_in_two`), before that
page is written.
"""

from __future__ import annotations

import copy
import posixpath
import re
from typing import TYPE_CHECKING, Any

from docutils import frontend, nodes
from docutils.utils import new_document
from sphinx.util.osutil import relative_uri
from sphinx.util.parallel import ParallelTasks

from sphinx_citable_blog.compat.ablog import resolve_post_copy, write_post_copy
from sphinx_citable_blog.compat.sphinx import without_heading_permalinks
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.speed import gc
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx

    from sphinx_citable_blog.compat.ablog import Post

_H1 = re.compile("<h1>(.*?)</h1>")


# A relative link or image address in rendered HTML, and an address's scheme
# (also used by speed.render.entries, which moves template links the same way).
LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


class SamePage(Exception):
    """A relative link in the HTML leads to the page it would be moved to."""


def relocate(html: str, from_uri: str, to_uri: str, current: bool = False) -> str:
    """*html* rendered for the page at *from_uri*, with its relative links and
    images made relative to the page at *to_uri* instead.

    A link to the page at *to_uri* raises :class:`SamePage`, unless *current*
    is true and the link has no fragment: it becomes ``#``, as Sphinx's
    ``pathto`` writes a page's link to itself.
    """
    folder = posixpath.dirname(from_uri)

    def move(match: re.Match[str]) -> str:
        url = match.group(2)
        if not url or url.startswith(("#", "/")) or SCHEME.match(url):
            return match.group(0)
        path, hash_, fragment = url.partition("#")
        target = posixpath.normpath(posixpath.join(folder, path))
        if target == to_uri:
            if current and not hash_:
                return match.group(1) + "#" + match.group(3)
            raise SamePage(url)
        return match.group(1) + relative_uri(to_uri, target) + hash_ + fragment + match.group(3)

    return LINK.sub(move, html)


class ExcerptRenderer:
    """Renders posts' excerpts as listing pages show them, remembering the results."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.settings = frontend.get_default_settings()
        # By post: the excerpt's HTML and the address of the page it was rendered for.
        self.first: dict[str, tuple[str, str]] = {}

    def __call__(self, post: Post, pagename: str) -> str:
        uri = self.app.builder.get_target_uri(pagename)
        found = self.first.get(post.docname)
        if found is not None and found[1] == uri:
            return found[0]
        if found is not None:
            try:
                return relocate(found[0], found[1], uri)
            except SamePage:
                return self.render(post, pagename)[0]
        html, page_independent = self.render(post, pagename)
        if page_independent:
            self.first[post.docname] = (html, uri)
        return html

    def first_renders(self, posts: Iterable[Post], pagename: str) -> dict[str, tuple[str, str]]:
        """Render *posts* for *pagename*, each remembered if it is the same on the other pages of the folder;
        return those remembered."""
        uri = self.app.builder.get_target_uri(pagename)
        found = {}
        for post in posts:
            html, page_independent = self.render(post, pagename)
            if page_independent:
                self.first[post.docname] = found[post.docname] = (html, uri)
        return found

    def render(self, post: Post, pagename: str, fulltext: bool = False, img_url: bool = False) -> tuple[str, bool]:
        """*post* as ``post.to_html(pagename, fulltext, img_url=img_url)`` renders
        it, and whether it would be the same on every page of *pagename*'s folder."""
        app = self.app
        doctree = new_document("", copy.copy(self.settings))
        if fulltext:
            copied = post.doctree.deepcopy()
            if isinstance(copied, nodes.document):
                doctree.extend(copied.children)
            else:
                doctree.append(copied)
        else:
            container = nodes.paragraph(classes=["ablog-post-excerpt"])
            for node in post.excerpt:
                container.append(node.deepcopy())
            doctree.append(container)
        resolve_post_copy(app.builder, pagename, doctree)
        page_independent = all(
            ref.get("refuri", "x")[:1] not in {"", "#"} and "refid" not in ref
            for ref in doctree.findall(nodes.reference)
        )
        with without_heading_permalinks(app.builder):
            html = write_post_copy(app.builder, pagename, doctree, img_url=img_url)
        return _H1.sub("", html, count=1), page_independent


# With fewer excerpts to render than this, starting another process costs more than it saves.
RENDER_IN_TWO_FROM = 100


def render_in_two(app: Sphinx, pagename: str, posts: Iterable[Post]) -> None:
    """Render the excerpts of *posts* not yet rendered for *pagename*, half in another process (with ``-j``).

    Each excerpt is rendered as :meth:`ExcerptRenderer.__call__` would render
    it first, so the page then takes them all from memory.
    """
    found = renderer(app)
    todo = [post for post in posts if post.docname not in found.first]
    if len(todo) < RENDER_IN_TWO_FROM or not app.builder.parallel_ok:
        return
    task = ParallelTasks(1)
    task.add_task(gc.in_worker(lambda half: found.first_renders(half, pagename)), todo[1::2],
                  lambda _half, theirs: found.first.update(theirs))
    found.first_renders(todo[::2], pagename)
    task.join()


def renderer(app: Sphinx) -> ExcerptRenderer:
    """This build's renderer."""
    return build_state(app).once("excerpt_renderer", lambda: ExcerptRenderer(app))


def add_renderer(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    if not writes_site(app):
        return
    context["post_excerpt"] = renderer(app)

