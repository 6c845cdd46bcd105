"""Show a post's date, author, category, tags and reading time under its title.

ABlog keeps this information in the sidebar ("postcard"), which a reader on a
phone never sees. This puts it where readers look for it: a byline directly
under the post's title, each author, category and tag linking to its page.
It is built from docutils nodes, not raw HTML, so the tags also reach the
search index and a search for a tag finds its posts.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_citable_blog.citation.identifiers import doi_url, post_doi, post_updated
from sphinx_citable_blog.citation.orcid import orcid_of, orcid_url
from sphinx_citable_blog.compat.ablog import registered_blog
from sphinx_citable_blog.outputs import writes_site

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_citable_blog.compat.ablog import Collection, Post

WORDS_PER_MINUTE = 200


def reading_minutes(words: int) -> int:
    """Minutes to read *words* words at an unhurried pace; never zero."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _link(app: Sphinx, fromdoc: str, coll: Collection, classes: list[str]) -> nodes.reference:
    uri = app.builder.get_relative_uri(fromdoc, coll.docname)
    return nodes.reference("", str(coll), internal=True, refuri=uri, classes=classes)


def _joined(app: Sphinx, fromdoc: str, colls: list[Collection], cls: str) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for i, coll in enumerate(colls):
        if i:
            out.append(nodes.Text(", "))
        out.append(_link(app, fromdoc, coll, [cls]))
    return out


def byline(app: Sphinx, docname: str, post: Post, words: int) -> nodes.container:
    """The byline block for *post*, as docutils nodes."""
    box = nodes.container(classes=["post-byline"])
    first = nodes.paragraph(classes=["post-byline-main"])
    first += nodes.inline("", post.date.strftime(app.config.post_date_format), classes=["post-date"])
    updated = post_updated(app.env, docname)
    if updated is not None:
        first += nodes.Text(" · ")
        first += nodes.inline("", "Updated on " + updated.strftime(app.config.post_date_format),
                              classes=["post-updated"])
    if post.author:
        first += nodes.Text(" · by ")
        first += _joined(app, docname, post.author, "post-author")
        for author in post.author:
            orcid = orcid_of(app.config, author)
            if orcid:  # the iD as ORCID asks it shown: its full address
                first += nodes.Text(" (ORCID: ")
                first += nodes.reference("", orcid_url(orcid), refuri=orcid_url(orcid), classes=["post-author-orcid"])
                first += nodes.Text(")")
    minutes = reading_minutes(words)
    first += nodes.Text(" · ")
    first += nodes.inline("", f"{minutes} min read", classes=["post-reading-time"])
    box += first
    if post.category or post.tags:
        second = nodes.paragraph(classes=["post-byline-topics"])
        if post.category:
            second += nodes.Text("Category: ")
            second += _joined(app, docname, post.category, "post-category")
        if post.tags:
            if post.category:
                second += nodes.Text(" · ")
            second += nodes.Text("Tags: ")
            second += _joined(app, docname, post.tags, "post-tag")
        box += second
    doi = post_doi(app.env, docname)
    if doi:
        line = nodes.paragraph(classes=["post-byline-doi"])
        line += nodes.Text("DOI: ")
        line += nodes.reference("", doi_url(doi), refuri=doi_url(doi), classes=["post-doi"])
        box += line
    return box


def add_byline(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not writes_site(app):
        return
    blog = registered_blog(app)
    post = blog.posts[docname] or blog.drafts[docname]
    if post is None or not post.date:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not isinstance(section[0], nodes.title):
        return
    words = len(section.astext().split())
    section.insert(1, byline(app, docname, post, words))

