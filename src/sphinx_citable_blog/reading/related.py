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

import heapq
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from docutils import nodes

from sphinx_citable_blog.compat.ablog import registered_blog
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    import datetime as dt

    from sphinx.application import Sphinx

    from sphinx_citable_blog.compat.ablog import Post

SECTION_ID = "related-posts"


class Tagged(Protocol):
    docname: str
    title: str
    date: dt.datetime
    tags: Iterable[object]


def tag_names(post: Tagged) -> frozenset[str]:
    return frozenset(str(tag) for tag in post.tags)


class Relatedness:
    """The related posts of every post of a build, ranked from one index of their tags.

    Best means most tags in common, then newest, then by title (ties keep the
    order the posts were given in); a post is never its own relative. Posts
    are counted only through the tags they share, and posts with the same tags
    share one ranking (a blog has far fewer sets of tags than posts), so
    ranking every post of a large blog does not compare each post with every
    other one.
    """

    def __init__(self, posts: Iterable[Tagged]) -> None:
        self.ordered = sorted(posts, key=lambda p: (-p.date.timestamp(), p.title))
        self.by_tag: dict[str, list[int]] = {}
        for rank, post in enumerate(self.ordered):
            for tag in tag_names(post):
                self.by_tag.setdefault(tag, []).append(rank)
        self._ranked: dict[tuple[frozenset[str], int], list[int]] = {}

    def ranking(self, tags: frozenset[str], limit: int) -> list[int]:
        """The ranks of the best *limit* + 1 posts for a post with *tags* (one more: it may be one of them)."""
        key = (tags, limit)
        if key not in self._ranked:
            shared: Counter[int] = Counter()
            for tag in tags:
                shared.update(self.by_tag.get(tag, ()))
            self._ranked[key] = [rank for _, rank in heapq.nsmallest(
                limit + 1, ((-count, rank) for rank, count in shared.items()))]
        return self._ranked[key]

    def related(self, post: Tagged, limit: int) -> list[Tagged]:
        """The at most *limit* posts sharing a tag with *post*, best first."""
        ranks = self.ranking(tag_names(post), limit)
        return [self.ordered[rank] for rank in ranks if self.ordered[rank].docname != post.docname][:limit]


def relatedness(app: Sphinx) -> Relatedness:
    """The :class:`Relatedness` of the blog's posts, built once per build, once all posts are read."""
    return build_state(app).once("related_posts", lambda: Relatedness(registered_blog(app).posts))


def related_list(app: Sphinx, docname: str, posts: Iterable[tuple[str, str, dt.datetime]]) -> nodes.bullet_list:
    """The list of the section: each post (its docname, title and date) linked from page *docname*."""
    items = nodes.bullet_list()
    for other, title, date in posts:
        para = nodes.paragraph()
        uri = app.builder.get_relative_uri(docname, other)
        para += nodes.reference("", title, internal=True, refuri=uri, classes=["related-post"])
        para += nodes.Text(" · ")
        para += nodes.inline("", date.strftime(app.config.post_date_format), classes=["related-post-date"])
        items += nodes.list_item("", para)
    return items


def related_section(app: Sphinx, docname: str, posts: list[Post]) -> nodes.section:
    """The "Related posts" section linking *posts* from page *docname*."""
    # "no-search": other posts' titles belong to those posts in Sphinx's search index, not to this one.
    section = nodes.section(ids=[SECTION_ID], names=["related posts"], classes=["related-posts", "no-search"])
    section += nodes.title("", "Related posts")
    section += related_list(app, docname, [(post.docname, post.title, post.date) for post in posts])
    return section


def add_related_posts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not writes_site(app):
        return
    blog = registered_blog(app)
    post = blog.posts[docname]
    if post is None:  # not a published post (or a listing page rendering excerpts)
        return
    related = relatedness(app).related(post, app.config.citable_blog_related_posts)
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

