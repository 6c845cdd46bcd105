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
other post shares its folder's panels. So does any other page that a panel
does not link to, is not in the table of contents and has its links relative
as Sphinx writes them (not the 404 page, whose links are root-relative): an
ABlog redirect page shares all of them, a tag's page all but the tag cloud, a
month's all but the archives. Which pages a panel links to is read from its
rendering for a post that shares it (the same pages for every page, but for
the one it is on); until one is known, such a page gets its own panels,
which still saves the theme's second rendering.

Each panel is framed in the page by two HTML comments naming it
(``reading.listings.mark_panel``), so that ``speed.refresh`` can give a post
that it does not rewrite the new panels of a post it did rewrite, read back
from that post's page (which may have been written by another process, with
``-j``). The memory lives in the build's state, so it lasts one build.

The panels of the last build are on every page it wrote: when nothing the
panels show has changed since (the listing pages' fingerprint,
``speed.listings``, which covers the setup, the pages' titles, the table of
contents and what listings show of the posts), a post written again (an edited
one) takes its folder's panels from a page of that folder that is not written
again (:func:`reuse_unchanged_panels`), and the navigation is not rendered at
all: its first rendering in a process cost a fifth of a second (the theme
selects in it with CSS selectors, whose regular expressions soupsieve compiles
on first use), half of the build after one post was edited.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util.osutil import relative_uri

from sphinx_citable_blog.compat.ablog import registered_blog
from sphinx_citable_blog.reading.listings import PANEL_END, PANEL_START, mark_panel
from sphinx_citable_blog.speed.render.excerpts import LINK, SCHEME
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


def in_toctree(app: Sphinx) -> set[str]:
    """The root document and every document placed in the table of contents."""
    return {app.config.root_doc} | {d for ds in app.env.toctree_includes.values() for d in ds}


def shared_posts(app: Sphinx) -> set[str]:
    """The posts no panel links to, which share their folder's panels:
    all but the most recent and any placed in the table of contents."""
    blog = registered_blog(app)
    newest = {post.docname for post in blog.recent(RECENT_POSTS_SHOWN)}
    return {post.docname for post in blog.posts} - newest - in_toctree(app)


def linked_uris(html: str, uri: str) -> set[str]:
    """The addresses (without fragments) of the pages and files that *html*, rendered for the page at *uri*,
    links to relatively."""
    folder = posixpath.dirname(uri)
    found = set()
    for match in LINK.finditer(html):
        url = match.group(2)
        if url and not url.startswith(("#", "/")) and not SCHEME.match(url):
            found.add(posixpath.normpath(posixpath.join(folder, url.partition("#")[0])))
    return found


class SidebarFragments:
    """The sidebar panels of one build."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.memo: dict[tuple[str, str, str | None], str] = {}
        self.shared = shared_posts(app)
        blog = registered_blog(app)
        # Pages that share a folder's panels only if they are shared posts.
        self.own_panels = {post.docname for post in blog.posts} | in_toctree(app)
        self.links: dict[str, set[str]] = {}  # by panel: the pages it links to (learnt from a shared post's)

    def learn_links(self, name: str, html: str, uri: str) -> None:
        """Note the pages that panel *name* links to, from *html*: its rendering for a shared post at *uri*."""
        if name not in self.links:
            self.links[name] = linked_uris(html, uri)

    def shares(self, name: str, pagename: str, context: dict[str, Any]) -> bool:
        """Whether the page *pagename* shows panel *name* as every page of its folder that it does not link to."""
        if pagename in self.shared:
            return True
        links = self.links.get(name)
        if links is None or pagename in self.own_panels:
            return False
        builder = self.app.builder
        uri = builder.get_target_uri(pagename)
        if uri in links:
            return False
        # Its links are relative, as Sphinx writes them (the 404 page's are root-relative).
        root = self.app.config.root_doc
        return context["pathto"](root) == (relative_uri(uri, builder.get_target_uri(root)) or "#")

    def renderer(self, pagename: str, context: dict[str, Any]) -> Callable[[str], str]:
        def sidebar_fragment(name: str) -> str:
            shared = self.shares(name, pagename, context)
            key = (name, posixpath.dirname(pagename), None if shared else pagename)
            html = self.memo.get(key)
            if html is None:
                html = self.memo[key] = self.app.builder.templates.render(name, context)
                if pagename in self.shared:
                    self.learn_links(name, html, self.app.builder.get_target_uri(pagename))
            return mark_panel(name, html)

        return sidebar_fragment


def fragments(app: Sphinx) -> SidebarFragments:
    return build_state(app).once("sidebar_fragments", lambda: SidebarFragments(app))


def reuse_unchanged_panels(app: Sphinx, written: set[str]) -> int:
    """Before the pages of *written* are written, when the panels' inputs are the last build's: give the
    posts among them that share their folder's panels the panels of a page of that folder not written again.

    Returns the number of folders whose panels were found. Called in the main
    process before any page is written, so that the processes writing pages
    (with ``-j``) start with them.
    """
    shared = fragments(app).shared
    folders = {posixpath.dirname(docname) for docname in written & shared}
    if not folders:
        return 0
    sources: dict[str, str] = {}
    for docname in sorted(shared - written):  # the first unchanged post of each folder
        sources.setdefault(posixpath.dirname(docname), docname)
    panels_of = fragments(app)
    found = 0
    outdir, suffix = Path(app.builder.outdir), app.builder.out_suffix
    for folder in sorted(folders):
        source = sources.get(folder)
        page = outdir / (source + suffix) if source else None
        if page is None or not page.is_file():
            continue
        panels = marked_fragments(page.read_text(encoding="utf-8"))
        for name, html in panels.items():
            panels_of.memo.setdefault((name, folder, None), html)
            panels_of.learn_links(name, html, app.builder.get_target_uri(source))
        found += bool(panels)
    return found


def learn_links_from_pages(app: Sphinx, written: set[str]) -> None:
    """Learn which pages each panel links to from the page of a shared post among *written*, the pages this
    build wrote (with ``-j``, in other processes), so that the pages written next can share their folder's."""
    panels_of = fragments(app)
    source = min(panels_of.shared & written, default=None)
    if source is None:
        return
    page = Path(app.builder.outdir) / (source + app.builder.out_suffix)
    if not page.is_file():
        return
    for name, html in marked_fragments(page.read_text(encoding="utf-8")).items():
        panels_of.learn_links(name, html, app.builder.get_target_uri(source))
