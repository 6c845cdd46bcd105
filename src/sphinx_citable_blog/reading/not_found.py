"""Give the 404 page a way back in: a search form and the latest posts.

sphinx-notfound-page renders ``404.html`` with root-relative addresses, so the
page works whatever missing address the server answers it for
(``/en/latest/posts/2014/04/gone.html`` as well as ``/en/latest/gone``). Its
default body only says the page is missing; this fills the body with a search
form and links to the newest posts, using the page's own (absolute) ``pathto``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from sphinx_citable_blog.compat.ablog import registered_blog
from sphinx_citable_blog.outputs import writes_site

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_citable_blog.compat.ablog import Post

LATEST = 5


def not_found_body(search_url: str, latest: list[tuple[str, str, str]]) -> str:
    """The 404 page's body; *latest* holds ``(url, title, date)`` of the newest posts."""
    items = "\n".join(
        f'  <li><a href="{html.escape(url)}">{html.escape(title)}</a> · {html.escape(date)}</li>'
        for url, title, date in latest
    )
    return f"""<section id="page-not-found">
<h1>Page not found</h1>
<p>There is no page at this address. It may have been mistyped, or the page may have moved.
Search the blog, or start from one of the latest posts.</p>
<form class="not-found-search" action="{html.escape(search_url)}" method="get" role="search">
  <label for="not-found-query">Search the blog</label>
  <input type="search" id="not-found-query" name="q" autocomplete="off">
  <button type="submit" class="btn btn-sm">Search</button>
</form>
<h2 id="latest-posts">Latest posts</h2>
<ul class="not-found-latest">
{items}
</ul>
</section>
"""


def fill_body(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    if not writes_site(app) or pagename != app.config.notfound_pagename or doctree is not None:
        return
    pathto = context["pathto"]  # sphinx-notfound-page's: root-relative addresses
    blog = registered_blog(app)
    posts: list[Post] = sorted(blog.posts, reverse=True)[:LATEST] if blog else []
    date_format = app.config.post_date_format
    latest = [(pathto(p.docname), p.title, p.date.strftime(date_format)) for p in posts]
    context["title"] = "Page not found"
    context["body"] = not_found_body(pathto("search"), latest)

