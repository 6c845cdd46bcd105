"""Bring an old blog in: ``python -m blogtools import blogger|wordpress EXPORT.xml``.

The readers (``blogger.py``, ``wordpress.py``) turn an export into an
``Export``: the posts with their dates, authors, categories, tags, old
addresses and HTML, their comments, the export's attachments and a count of
everything that is not a post. ``writer.plan`` then works out every file the
import would write (posts, comments, images, and the additions to
``references.bib``, ``tags.yaml``, ``permalinks.txt`` and ``conf.py``) and the
report, and only ``writer.apply`` writes. A problem found while reading or
planning stops the import before any file is written, with the file and line
to look at (``ImportProblem``).

The types shared by those modules live here; nothing in this package imports
Sphinx.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


class ImportProblem(Exception):
    """The import cannot go on; every message names the file and line to look at."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Where:
    """A place in an input file, for messages a writer can act on."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path.name}:{self.line}"


@dataclass(frozen=True)
class Term:
    """A tag or category as the old blog named it, with its description if the export has one."""

    name: str
    description: str = ""


@dataclass
class Comment:
    """A reader's comment, kept for the author to decide on; never published by the import."""

    post_id: str
    author: str
    date: dt.datetime | None
    html: str
    url: str = ""
    status: str = "approved"  # approved, pending; spam and deleted ones are counted, not kept


@dataclass
class Post:
    """One post of the export, as the old blog had it."""

    source_id: str
    where: Where
    title: str
    html: str
    date: dt.datetime  # wall-clock time, no time zone
    authors: list[str]
    categories: list[Term]
    tags: list[Term]
    draft: bool
    old_slug: str = ""  # the last part of its old address, as the old blog wrote it
    old_url: str = ""  # its published address, absolute or from the site's root; empty for a draft
    autop: bool = False  # blank lines in the HTML separate paragraphs (WordPress's classic editor)
    line_breaks: bool = False  # a single line break in the HTML is a <br> (Blogger's "convert line breaks")


@dataclass(frozen=True)
class Attachment:
    """A file the old blog had uploaded: its address and, if known, its path in the uploads folder."""

    url: str
    upload_path: str = ""
    parent_id: str = ""


@dataclass
class Export:
    """Everything the import uses from one export file."""

    platform: str  # "wordpress" or "blogger"
    path: Path
    blog_urls: list[str]  # the old blog's own addresses, to recognise links between its posts
    posts: list[Post] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    not_posts: dict[str, int] = field(default_factory=dict)  # what else the export held, by kind
    pages: list[tuple[str, str]] = field(default_factory=list)  # (title, old address) of its pages
    comments_not_kept: dict[str, int] = field(default_factory=dict)  # by reason
    times_in_utc: bool = False  # the export gives times in UTC, not the blog's own time

    def count_not_post(self, kind: str) -> None:
        self.not_posts[kind] = self.not_posts.get(kind, 0) + 1

    def count_comment_not_kept(self, reason: str) -> None:
        self.comments_not_kept[reason] = self.comments_not_kept.get(reason, 0) + 1
