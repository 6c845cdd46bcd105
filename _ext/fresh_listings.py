"""Rewrite the pages that list posts when the posts change, on incremental builds.

ABlog's own listing pages (archives, tags, categories, feeds) are generated
again in every build, but ordinary pages are only rewritten when their source
changes. Yet every page shows posts that live elsewhere: the sidebar's recent
posts, tag cloud, category and archive counts, the home page's post list with
excerpts, and each post's previous/next links and related posts. Adding a
post, or changing a post's title, date, tags, category or first paragraph,
left all of those stale until a clean build (and ``make live`` never does one).

After reading, this extension compares a digest of every post's listed
metadata with the one stored in the environment by the previous build. When
it differs, every page is rewritten: each one carries the sidebar, so none can
be left out. A change to a post's body alone rewrites only that post.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

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


def listing_digest(posts: dict[str, list[dict[str, Any]]]) -> str:
    """A digest of what listings show of *posts* (ABlog's ``env.ablog_posts``)."""
    listed = {
        docname: [{key: _plain(info.get(key)) for key in LISTED} for info in infos]
        for docname, infos in sorted(posts.items())
    }
    return hashlib.sha256(json.dumps(listed, sort_keys=True).encode()).hexdigest()


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    digest = listing_digest(getattr(env, "ablog_posts", {}))
    previous = getattr(env, "listing_digest", None)
    env.listing_digest = digest  # type: ignore[attr-defined]
    if previous == digest:
        return []
    return sorted(env.found_docs)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ablog")
    app.connect("env-updated", pages_to_rewrite)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
