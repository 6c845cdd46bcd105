"""End each post with "Related posts": the posts that share most of its tags.

A reader who arrives on one post from a search engine or a citation sees
nothing of the rest of the blog but the sidebar. This appends a short list of
the posts closest to it in subject, ranked by the number of tags they share
with it and then by date (newest first), at the very end of the post: after
the references and after the "Cite this post" section, which is added at an
earlier priority of the same event.

The section is added at ``doctree-resolved`` for the post's own page only, so
it is never copied into excerpts or feeds, which ABlog renders from the
doctree it stored when the post was read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from docutils import nodes
from ablog_data import registered_blog

if TYPE_CHECKING:
    import datetime as dt

    from ablog.blog import Post
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

SECTION_ID = "related-posts"
# After sphinxcontrib-bibtex's references and the "Cite this post" section
# (doctree-resolved, priority 600).
PRIORITY = 700


class Tagged(Protocol):
    docname: str
    title: str
    date: dt.datetime
    tags: Iterable[object]


def tag_names(post: Tagged) -> frozenset[str]:
    return frozenset(str(tag) for tag in post.tags)


def rank_related(
    post: Tagged, others: Iterable[Tagged], limit: int, tags: dict[str, frozenset[str]] | None = None
) -> list[Tagged]:
    """The at most *limit* posts of *others* sharing a tag with *post*, best first.

    Best means most tags in common, then newest, then by title; *post* itself
    is never included. *tags* may hold the posts' tag names by docname, to
    save working them out again for every post of a build.
    """
    tags = {} if tags is None else tags
    own = tags.get(post.docname) or tag_names(post)
    scored = []
    for other in others:
        if other.docname == post.docname:
            continue
        theirs = tags.get(other.docname)
        if theirs is None:
            theirs = tags[other.docname] = tag_names(other)
        shared = len(own & theirs)
        if shared:
            scored.append((shared, other))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].date.timestamp(), pair[1].title))
    return [other for _, other in scored[:limit]]


def related_tags(app: Sphinx) -> dict[str, frozenset[str]]:
    """The posts' tag names, worked out once per build (see :func:`rank_related`)."""
    found = getattr(app.builder, "related_posts_tags", None)
    if found is None:
        found = app.builder.related_posts_tags = {}  # type: ignore[attr-defined]
    return found


def related_section(app: Sphinx, docname: str, posts: list[Post]) -> nodes.section:
    """The "Related posts" section linking *posts* from page *docname*."""
    section = nodes.section(ids=[SECTION_ID], names=["related posts"], classes=["related-posts"])
    section += nodes.title("", "Related posts")
    items = nodes.bullet_list()
    for post in posts:
        para = nodes.paragraph()
        uri = app.builder.get_relative_uri(docname, post.docname)
        para += nodes.reference("", post.title, internal=True, refuri=uri, classes=["related-post"])
        para += nodes.Text(" · ")
        para += nodes.inline("", post.date.strftime(app.config.post_date_format), classes=["related-post-date"])
        items += nodes.list_item("", para)
    section += items
    return section


def add_related_posts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    blog = registered_blog(app)
    post = blog.posts[docname]
    if post is None:  # not a published post (or a listing page rendering excerpts)
        return
    related = rank_related(post, list(blog.posts), app.config.related_posts_limit, related_tags(app))
    if not related:
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    section = related_section(app, docname, related)
    if SECTION_ID in doctree.ids:  # the post has its own "Related posts" heading
        section["ids"] = []
        doctree.set_id(section, suggested_prefix=SECTION_ID)
    else:
        doctree.ids[SECTION_ID] = section
    top += section


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ablog")
    app.add_config_value("related_posts_limit", 3, "html", types=frozenset({int}))
    app.connect("doctree-resolved", add_related_posts, priority=PRIORITY)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
