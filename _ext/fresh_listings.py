"""Rewrite the pages that list posts when the posts change, on incremental builds.

ABlog's own listing pages (archives, tags, categories, feeds) are written
whenever what they show changes (``_ext/listing_pages.py``), but ordinary
pages are only rewritten when their source changes. Yet every page shows
posts that live elsewhere: the sidebar's recent
posts, tag cloud, category and archive counts, the home page's post list with
excerpts, and each post's previous/next links and related posts. Adding a
post, or changing a post's title, date, tags, category or first paragraph,
left all of those stale until a clean build (and ``make live`` never does one).

After reading, this extension compares a digest of every post's listed
metadata with the one stored in the environment by the previous build. When
it differs, it rewrites the pages whose own content shows other posts:

* the pages with a post list (the home page);
* every post whose previous or next post, or whose related posts, changed
  (each post's are kept in the environment to compare);
* the five most recent posts, before and after the change (the sidebar's
  recent posts leave out the page they are on), and the pages that are not
  posts (few, and in the navigation).

Every other post differs from its old page only by its sidebar, whose
fragments ``_ext/sidebar_cache.py`` renders once and marks in the page: at
least one such post is written in full, and in the others the marked
fragments are replaced by that post's new ones, read back from its page and
their relative links moved to the page's folder as Sphinx would write them. The
result is the page a full rewrite would give; the tests compare incremental
builds with clean ones file by file. Without the render caches
(``render_caches = False``) every page is rewritten instead. A change to a
post's body alone rewrites only that post.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ablog.post import PostList
from ablog_data import registered_blog
from docutils import nodes
from related_posts import relatedness
from excerpt_cache import relocate
from sidebar_cache import RECENT_POSTS_SHOWN, marked_fragments, replace_fragments, shared_posts
from sphinx.util import logging

if TYPE_CHECKING:
    from ablog.blog import Post
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

# What listings show of a post (ABlog's post info, less its doctree).
LISTED = (
    "title",
    "date",
    "update",
    "tags",
    "author",
    "category",
    "location",
    "language",
    "redirect",
    "excerpt",
    "image",
    "external_link",
    "canonical_link",
)


def _plain(value: Any) -> Any:
    if isinstance(value, nodes.Node):
        return value.pformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def listed(infos: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What listings show of one post (its entries in ABlog's ``env.ablog_posts``), as plain data."""
    return [{key: _plain(info.get(key)) for key in LISTED} for info in infos]


def listing_digest(posts: dict[str, list[dict[str, Any]]]) -> str:
    """A digest of what listings show of *posts* (ABlog's ``env.ablog_posts``)."""
    shown = {docname: listed(infos) for docname, infos in sorted(posts.items())}
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


def page_links(app: Sphinx) -> dict[str, Any]:
    """What each post's own page shows of other posts: its neighbours and related posts."""
    related = relatedness(app)

    def link(post: Post | None) -> list[str] | None:
        return None if post is None else [post.docname, post.title, post.date.isoformat()]

    return {
        post.docname: [link(post.prev), link(post.next)]
        + [link(other) for other in related.related(post, app.config.related_posts_limit)]
        for post in registered_blog(app).posts
    }


def newest_posts(app: Sphinx) -> list[str]:
    return [post.docname for post in registered_blog(app).recent(RECENT_POSTS_SHOWN)]


def note_post_lists(app: Sphinx, doctree: nodes.document) -> None:
    if any(doctree.findall(PostList)):
        app.env.post_list_docs.add(app.env.docname)  # type: ignore[attr-defined]


def init_env(app: Sphinx) -> None:
    if not hasattr(app.env, "post_list_docs"):
        app.env.post_list_docs = set()  # type: ignore[attr-defined]


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.post_list_docs.discard(docname)  # type: ignore[attr-defined]


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    env.post_list_docs |= other.post_list_docs & docnames  # type: ignore[attr-defined]


def bibliography_digest(app: Sphinx) -> str:
    """A digest of the bibliography files: excerpts show citations, and their tooltips show the works."""
    digest = hashlib.sha256()
    for name in app.config.bibtex_bibfiles:
        path = Path(app.srcdir) / name
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    digest = listing_digest(getattr(env, "ablog_posts", {})) + bibliography_digest(app)
    previous = getattr(env, "listing_digest", None)
    if previous == digest:
        return []  # the same posts, listed alike: the same links (kept from the build that listed them)
    env.listing_digest = digest  # type: ignore[attr-defined]
    old_links, old_newest = getattr(env, "page_links", {}), getattr(env, "newest_posts", [])
    env.page_links = links = page_links(app)  # type: ignore[attr-defined]
    env.newest_posts = newest_posts(app)  # type: ignore[attr-defined]
    if not app.config.render_caches or app.builder.format != "html":
        return sorted(env.found_docs)
    # The posts that were the newest leave the recent posts: their own list changes.
    rewrite = set(env.post_list_docs) | set(old_newest)  # type: ignore[attr-defined]
    rewrite |= env.found_docs - set(links)  # the pages that are not posts
    rewrite |= {docname for docname, shown in links.items() if old_links.get(docname) != shown}
    rewrite &= env.found_docs
    # The posts with sidebar fragments of their own (the newest, any in the
    # navigation) are written in full. The others differ only by their
    # fragments' relative links: one of them written gives the fragments for all.
    shared = shared_posts(app)
    rewrite |= set(links) - shared
    splice = shared - rewrite
    source = min(shared & rewrite, default=None)
    if splice and source is None:
        source = min(splice)
        splice.discard(source)
        rewrite.add(source)
    app.builder.sidebar_splice = splice  # type: ignore[attr-defined]
    app.builder.sidebar_source = source  # type: ignore[attr-defined]
    logger.info("listed posts changed: rewriting %d pages, updating the sidebar of %d", len(rewrite), len(splice))
    return sorted(rewrite)


def splice_sidebars(app: Sphinx, exception: Exception | None) -> None:
    """Give the posts that were not rewritten the new sidebar fragments.

    The fragments are read back from the page of a post that shares them and
    was rewritten (in whichever process wrote it), and moved to each page's folder.
    """
    splice = getattr(app.builder, "sidebar_splice", ())
    if exception is not None or not splice:
        return
    outdir = Path(app.builder.outdir)
    source = app.builder.sidebar_source  # type: ignore[attr-defined]
    source_uri = app.builder.get_target_uri(source)
    fragments = marked_fragments((outdir / (source + app.builder.out_suffix)).read_text(encoding="utf-8"))
    # These posts share their folder's fragments (_ext/sidebar_cache.py): moved once per folder.
    moved: dict[tuple[str, str], str] = {}

    def fragment(name: str, uri: str) -> str:
        key = (name, posixpath.dirname(uri))
        if key not in moved:
            moved[key] = relocate(fragments[name], source_uri, uri)
        return moved[key]

    for docname in sorted(splice):
        path = outdir / (docname + app.builder.out_suffix)
        html = path.read_text(encoding="utf-8")
        uri = app.builder.get_target_uri(docname)
        new = replace_fragments(html, lambda name: fragment(name, uri))
        if new != html:
            path.write_text(new, encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ablog")
    app.setup_extension("related_posts")
    app.setup_extension("sidebar_cache")
    app.connect("builder-inited", init_env)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("doctree-read", note_post_lists)
    app.connect("env-updated", pages_to_rewrite)
    # Before the extensions that read the finished pages (icon_font, 500).
    app.connect("build-finished", splice_sidebars, priority=400)
    return {"version": "1.0", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
