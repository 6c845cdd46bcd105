"""Monthly archive pages (``blog/2014/04.html``) beside ABlog's yearly ones.

ABlog archives posts by year only. This adds a page per month that has
posts, rendered with ABlog's own collection template so it looks like the
year pages, and gives templates ``month_archives`` to list them in the
sidebar under their year. The pages are collected with ABlog's (the speed
layer writes them again only when what they show has changed).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx_citable_blog.compat.ablog import os_path_join, registered_blog
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_citable_blog.compat.ablog import Post


@dataclass
class MonthArchive:
    """The posts of one month, shaped like the ABlog collections templates expect."""

    year: int
    month: int
    docname: str
    posts: list[Post] = field(default_factory=list)
    href = None  # collection.html links the heading when a collection has an href

    @property
    def path(self) -> str:
        return self.docname

    @property
    def name(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"

    def __str__(self) -> str:
        return self.name

    def __len__(self) -> int:
        return len(self.posts)

    def __iter__(self) -> Iterator[Post]:
        return iter(sorted(self.posts, reverse=True))


def month_archives(app: Sphinx) -> list[MonthArchive]:
    """Archives of every month with a published post, newest first.

    Worked out once per build, when the write phase first asks: every page's
    context has them, and the posts no longer change once all are read.
    """
    return build_state(app).once("month_archives", lambda: _month_archives(app))


def _month_archives(app: Sphinx) -> list[MonthArchive]:
    blog = registered_blog(app)
    months: dict[tuple[int, int], MonthArchive] = {}
    for post in blog.posts:
        key = (post.date.year, post.date.month)
        if key not in months:
            docname = os_path_join(blog.blog_path, str(key[0]), f"{key[1]:02d}")
            months[key] = MonthArchive(*key, docname=docname)
        months[key].posts.append(post)
    return [months[k] for k in sorted(months, reverse=True)]


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if not writes_site(app):
        return
    for archive in month_archives(app):
        context = {
            "parents": [],
            "title": f"Posted in {archive}",
            "header": "Posted in",
            "collection": archive,
            "summary": True,
            "archive_feed": False,
        }
        yield archive.docname, context, "ablog/collection.html"


def add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    if writes_site(app):
        context["month_archives"] = month_archives(app)

