"""ABlog internals the package uses (checked on ABlog 0.11.13).

ABlog documents its configuration and directives, not its Python objects; the
package needs them all the same:

* the blog and its posts, catalogs and collections (``ablog.blog.Blog``),
  registered lazily by ABlog on the first write-phase event that needs them;
* what ABlog records of each post while reading (``env.ablog_posts``: title,
  date, tags, excerpt, a copy of the whole post...);
* its page and feed generators (``ablog.post.generate_archive_pages``,
  ``generate_atom_feeds``), which the speed layer runs only when their pages
  changed, and the helpers ``Post.to_html`` renders a post's copy with, which
  the speed layer calls to render excerpts and feed entries once;
* the ``postlist`` node, to know which pages list posts;
* the pages ``generate_archive_pages`` yields: the redirect pages for a
  post's old addresses (template ``ablog/redirect.html``, context ``redirect``
  and ``post``) and the collection pages (``ablog/collection.html``: a
  collection of posts, its title, header and feed settings), which show
  nothing else of the blog but the sidebar;
* parallel reading: ABlog declares itself unsafe because it gives Sphinx no
  way to merge ``env.ablog_posts`` from the reading processes (its issue #264;
  pull request #330 adds the merge). :func:`support_parallel_reading` adds the
  merge and then declares ABlog safe. See ``UPSTREAM.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ablog
from ablog.blog import Blog, Catalog, Collection, Post, html_builder_write_doc, os_path_join, revise_pending_xrefs
from ablog.post import PostList, generate_archive_pages, generate_atom_feeds, register_posts

from sphinx_citable_blog.compat.sphinx import declare_parallel_read_safe

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

__all__ = [
    "Blog", "COLLECTION_TEMPLATE", "Catalog", "Collection", "Post", "PostList", "VERSION", "collection_shown",
    "forget_blog", "generators", "os_path_join", "post_records", "redirect_shown", "registered_blog",
    "resolve_post_copy", "support_parallel_reading", "write_post_copy",
]  # fmt: skip

VERSION: str = ablog.__version__


def registered_blog(app: Sphinx) -> Blog:
    """ABlog's blog with every post read so far registered.

    ABlog registers its posts lazily, on the first event of the write phase
    that needs them; a handler that may run first registers them itself.
    """
    found = Blog(app)
    if not found:
        register_posts(app)
    return found


def forget_blog() -> None:
    """Drop the blog ABlog keeps for the process, so the next build registers its posts anew.

    ``Blog`` shares one state between all its instances (``Blog._dict``) and
    fills it once per process; a process that builds more than once (the
    preview's builder) would otherwise list every post as the first build
    read it.
    """
    Blog._dict.clear()


def post_records(env: BuildEnvironment) -> dict[str, list[dict[str, Any]]]:
    """What ABlog recorded of each post while reading (``env.ablog_posts``), by docname."""
    return env.__dict__.get("ablog_posts", {})


REDIRECT_TEMPLATE = "ablog/redirect.html"


def redirect_shown(pagename: str, context: dict[str, Any], template: str) -> list[str] | None:
    """What a redirect page among ABlog's generated pages shows (the post's name and title); None for other pages."""
    if template != REDIRECT_TEMPLATE:
        return None
    return [context["redirect"], context["post"].title]


COLLECTION_TEMPLATE = "ablog/collection.html"
# What generate_archive_pages puts in a collection page's context besides the collection itself.
COLLECTION_CONTEXT = {"parents", "title", "header", "summary", "feed_path", "archive_feed", "feed_title", "atom_feed"}


def collection_shown(context: dict[str, Any], template: str, post_key: Callable[[str], str | None]) -> list | None:
    """What a collection page among ABlog's generated pages (or a month's page, made alike) shows: its
    context's values, the collection's name and addresses and, for each post it lists, its name and
    *post_key* of it; None for another page, a context with anything else or a post without a key."""
    if template != COLLECTION_TEMPLATE or "collection" not in context or set(context) - {"collection",
                                                                                        *COLLECTION_CONTEXT}:
        return None
    collection = context["collection"]
    posts = [[post.docname, post_key(post.docname)] for post in collection]
    if any(key is None for _, key in posts):
        return None
    values = {key: value if isinstance(value, (bool, list)) else str(value)
              for key, value in sorted(context.items()) if key != "collection"}
    addresses = [getattr(collection, name, None) for name in ("docname", "path", "href")]
    return [values, str(collection), addresses, posts]


def generators() -> tuple[Any, Any]:
    """ABlog's ``html-collect-pages`` handlers: its listing pages, and its Atom feeds."""
    return generate_archive_pages, generate_atom_feeds


def resolve_post_copy(builder: Builder, pagename: str, doctree: nodes.document) -> None:
    """Resolve the references in a copy of a post for the page *pagename*, as ``Post.to_html`` does."""
    revise_pending_xrefs(doctree, pagename)
    builder.env.resolve_references(doctree, pagename, builder)


def write_post_copy(builder: Builder, pagename: str, doctree: nodes.document, img_url: bool = False) -> str:
    """A resolved copy of a post written as HTML for *pagename*, as ``Post.to_html`` does."""
    return html_builder_write_doc(builder, pagename, doctree, img_url=img_url)


def merge_posts(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    """Take the posts of *docnames* that another process read into *env*."""
    theirs = post_records(other)
    ours = env.__dict__.setdefault("ablog_posts", {})
    for docname in docnames:
        if docname in theirs:
            ours[docname] = theirs[docname]


def support_parallel_reading(app: Sphinx) -> None:
    """Merge ABlog's post records from parallel reading processes, and tell Sphinx it may read in parallel.

    Everything else ABlog records while reading (the post's label in the
    standard domain, the page's orphan flag) lives where Sphinx merges it.
    """
    app.connect("env-merge-info", merge_posts)
    declare_parallel_read_safe(app, "ablog")


def blog_page_label(app: Sphinx, target: str) -> tuple[str, str] | None:
    """The page and title of one of ABlog's own labels (``blog-tags``, ``blog-archives``, a post's), if *target* is one.

    ABlog resolves these labels itself (``missing-reference``), from ``Blog.references``; for a builder
    whose name does not contain "html" it links the page's address without its ``.html``.
    """
    return registered_blog(app).references.get(target)
