"""Rewrite the pages that show other posts when what they show of them changes.

Sphinx rewrites a page when its own source changes, but every page here shows
posts that live elsewhere: the sidebar's recent posts, tag cloud, category and
archive counts; the home page's list of posts with their excerpts (whose
citations show the works of ``references.bib``); each post's previous and
next posts and its related posts. Adding a post, or changing a post's title,
date, tags, category or first paragraph, or a work it cites, left all of
those stale until a clean build (and ``make live`` never does one).

After reading, this compares a digest of what listings show of every post
(ABlog's record of each post, less the copy of its whole text) and of the
bibliography with the one the last build recorded. When it differs, the pages
that show other posts are written again: every page, unless a handler of
``citable-blog-listings-changed`` (``events.LISTINGS_CHANGED``) names fewer,
as the speed layer does. A change to a post's body alone changes no digest
and rewrites only that post.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinx_citable_blog import events
from sphinx_citable_blog.compat.ablog import PostList, post_records
from sphinx_citable_blog.state import CSL_DIGESTS, build_state, env_data

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# What listings, feeds and citation files show of a post (ABlog's post record, less its doctree; the DOI
# is the package's, citation.identifiers).
LISTED = (
    "title",
    "date",
    "update",
    "doi",
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
    """What listings show of one post (its records in ABlog's ``env.ablog_posts``), as plain data."""
    return [{key: _plain(info.get(key)) for key in LISTED} for info in infos]


def listing_digest(posts: dict[str, list[dict[str, Any]]], kept: dict[str, tuple[str, str]] | None = None,
                   labels: dict[str, str] | None = None) -> str:
    """A digest of what listings show of *posts* (ABlog's records, by docname).

    *kept* holds each post's part as the last build worked it out, under the
    digest of its citations' rendering (*labels*, by docname): an excerpt's
    citations are labelled with their rendering after reading
    (``citation.references``). A post's part is kept until it is read again
    (:meth:`EnvData.purge`) or its rendering changes. *labels* None: the
    citations were not rendered in this build (none can have changed, as no
    document was read: the speed layer's ``indexes``), and kept parts stand.
    """
    kept = {} if kept is None else kept
    digest = hashlib.sha256()
    for docname in sorted(posts):
        label = "" if labels is None else labels.get(docname, "")
        part = kept.get(docname)
        if part is None or (labels is not None and part[0] != label):
            part = kept[docname] = (label, json.dumps(listed(posts[docname]), sort_keys=True))
        digest.update(f"{docname}\0{part[1]}\0".encode())
    return digest.hexdigest()


def bibliography_digest(app: Sphinx) -> str:
    """A digest of the bibliography files: excerpts show citations, and their tooltips show the works."""
    digest = hashlib.sha256()
    for name in app.config.bibtex_bibfiles:
        path = Path(app.srcdir) / name
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()


def note_post_lists(app: Sphinx, doctree: nodes.document) -> None:
    """Remember the pages with a list of posts (ABlog's ``postlist``: the home page)."""
    if any(doctree.findall(PostList)):
        env_data(app.env).post_list_docs.add(app.env.docname)


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    data = env_data(env)
    labels = build_state(app).memo.get(CSL_DIGESTS)
    digest = listing_digest(post_records(env), data.listed, labels) + bibliography_digest(app)
    if data.listing_digest == digest:
        return []
    data.listing_digest = digest
    chosen = app.emit_firstresult(events.LISTINGS_CHANGED, env)
    return sorted(env.found_docs) if chosen is None else chosen
