"""Read a Blogger export (an Atom feed), in either of the forms Blogger has written.

Blogger's export today (Google Takeout's ``feed.atom``, the 2018 schema) marks
each ``entry`` with ``blogger:type`` (``POST``, ``PAGE`` or ``COMMENT``) and
``blogger:status`` (``LIVE``, ``DRAFT`` or ``DELETED``), gives a post's
original path in ``blogger:filename`` (``/2014/04/slug.html``), a comment's
post in ``blogger:parent``, and its times in UTC (``...Z``).

The older export (``blog-MM-DD-YYYY.xml``) holds the template and every
setting too, and tells the kinds apart with a category in the
``http://schemas.google.com/g/2005#kind`` scheme whose term ends in
``kind#post``, ``#page``, ``#comment``, ``#template`` or ``#settings``; a
draft has ``<app:control><app:draft>yes</app:draft></app:control>``, a post's
address is its ``alternate`` link, a comment names its post in
``thr:in-reply-to``, times carry the blog's own offset, and the setting
``BLOG_CONVERT_LINE_BREAKS`` says whether a line break in a post was shown
as one.

In both, labels are ``category`` terms in any other scheme; Blogger has no
categories.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml import etree

from blogtools.importer import Comment, Export, ImportProblem, Post, Term
from blogtools.importer.exportfile import parse, text, where

ATOM = "http://www.w3.org/2005/Atom"
BLOGGER = "http://schemas.google.com/blogger/2018"
THREAD = "http://purl.org/syndication/thread/1.0"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
KINDS_2018 = {"POST": "post", "PAGE": "page", "COMMENT": "comment"}


def a(name: str) -> str:
    """An Atom element's name, with its namespace."""
    return f"{{{ATOM}}}{name}"


def b(name: str) -> str:
    """A Blogger (2018 schema) element's name, with its namespace."""
    return f"{{{BLOGGER}}}{name}"


def read(path: Path, time_zone: ZoneInfo | None = None) -> Export:
    """The posts and comments of the Blogger export at *path*; raise ImportProblem if it is not one.

    With *time_zone*, times are shown in that zone; otherwise as the export writes them.
    """
    root = parse(path)
    if root.tag != a("feed") or root.find(a("entry")) is None and root.find(a("id")) is None:
        raise ImportProblem([(f"{path.name}:{root.sourceline or 1}: not a Blogger export (an Atom feed): export "
                             "the blog from Blogger's Settings > Back up, or use `import wordpress` for a "
                             "WordPress export")])
    links = [link.get("href", "") for link in root.iterfind(a("link")) if link.get("rel") == "alternate"]
    export = Export("blogger", path, [link for link in links if link])
    settings = {entry_id.rsplit(".settings.", 1)[1]: text(entry.find(a("content")))
                for entry in root.iterfind(a("entry"))
                if ".settings." in (entry_id := text(entry.find(a("id"))))}
    line_breaks = settings.get("BLOG_CONVERT_LINE_BREAKS", "").lower() == "true"
    problems: list[str] = []
    for entry in root.iterfind(a("entry")):
        kind = entry_kind(entry)
        status = entry_status(entry)
        if status == "deleted":
            export.count_not_post(f"deleted {kind}")
            continue
        if kind == "comment":
            comment = read_comment(entry, time_zone)
            if comment is None:
                export.count_comment_not_kept("not on a post")
            else:
                export.comments.append(comment)
            continue
        if kind == "page":
            export.pages.append((text(entry.find(a("title"))), old_address(entry)))
        if kind != "post":
            export.count_not_post(kind)
            continue
        try:
            post, in_utc = read_post(path, entry, status == "draft", line_breaks, time_zone)
        except ValueError as exc:
            problems.append(f"{where(path, entry)}: {exc}")
            continue
        export.times_in_utc |= in_utc
        export.posts.append(post)
    if problems:
        raise ImportProblem(problems)
    post_ids = {post.source_id for post in export.posts}
    for comment in [c for c in export.comments if c.post_id not in post_ids]:
        export.comments.remove(comment)
        export.count_comment_not_kept("not on a post")
    return export


def entry_kind(entry: etree._Element) -> str:
    """post, page, comment, template or settings (the 2018 schema's blogger:type, or the older kind category)."""
    kind_2018 = text(entry.find(b("type")))
    if kind_2018:
        return KINDS_2018.get(kind_2018.upper(), kind_2018.lower())
    for category in entry.iterfind(a("category")):
        if category.get("scheme") == KIND_SCHEME:
            return category.get("term", "").removeprefix(KIND_PREFIX)
    return "unknown entry"


def entry_status(entry: etree._Element) -> str:
    """live, draft or deleted."""
    status = text(entry.find(b("status"))).lower()
    if status:
        return status
    if text(entry.find(b("trashed"))):
        return "deleted"
    for element in entry.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname == "draft":
            return "draft" if text(element).lower() == "yes" else "live"
    return "live"


def old_address(entry: etree._Element) -> str:
    """Where the old blog published the entry: blogger:filename, or its alternate link."""
    filename = text(entry.find(b("filename")))
    if filename:
        return filename
    for link in entry.iterfind(a("link")):
        if link.get("rel") == "alternate" and link.get("type", "text/html") == "text/html":
            return link.get("href", "")
    return ""


def read_time(raw: str, time_zone: ZoneInfo | None) -> tuple[dt.datetime, bool]:
    """The wall-clock time in *raw* (RFC 3339), and whether it is left in UTC (written "Z", no zone given)."""
    try:
        when = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"published {raw!r} is not a date and time (RFC 3339, e.g. 2014-04-17T09:30:00Z)") from None
    if time_zone is not None and when.tzinfo is not None:
        when = when.astimezone(time_zone)
    return when.replace(tzinfo=None, microsecond=0), time_zone is None and raw.upper().endswith("Z")


def content_html(entry: etree._Element) -> str:
    """The entry's content as HTML, whatever its Atom content type."""
    content = entry.find(a("content"))
    if content is None:
        return ""
    kind = content.get("type", "text")
    if kind == "xhtml":
        return "".join(etree.tostring(child, encoding="unicode", method="html") for child in content)
    body = text(content)
    return body if kind == "html" else html.escape(body)


def read_post(path: Path, entry: etree._Element, draft: bool, line_breaks: bool,
              time_zone: ZoneInfo | None) -> tuple[Post, bool]:
    """The post in *entry*, and whether the export gave its time in UTC; ValueError says what is wrong."""
    raw = text(entry.find(a("published")))
    if not raw:
        raise ValueError("the post has no <published> date")
    date, in_utc = read_time(raw, time_zone)
    address = old_address(entry)
    name = urlsplit(address).path.rsplit("/", 1)[-1]
    tags = [Term(category.get("term", "").strip()) for category in entry.iterfind(a("category"))
            if category.get("scheme") != KIND_SCHEME and category.get("term", "").strip()]
    authors = [text(author.find(a("name"))) for author in entry.iterfind(a("author"))]
    post = Post(
        source_id=text(entry.find(a("id"))),
        where=where(path, entry),
        title=" ".join(text(entry.find(a("title"))).split()),
        html=content_html(entry),
        date=date,
        authors=[name for name in authors if name],
        categories=[],
        tags=tags,
        draft=draft,
        old_slug=name.removesuffix(".html"),
        old_url="" if draft else address,
        line_breaks=line_breaks,
    )
    return post, in_utc


def read_comment(entry: etree._Element, time_zone: ZoneInfo | None) -> Comment | None:
    """The comment in *entry*, or None if it names no post."""
    parent = text(entry.find(b("parent")))
    if not parent:
        reply = entry.find(f"{{{THREAD}}}in-reply-to")
        parent = reply.get("ref", "") if reply is not None else ""
    if not parent:
        return None
    author = entry.find(a("author"))
    raw = text(entry.find(a("published")))
    try:
        date = read_time(raw, time_zone)[0] if raw else None
    except ValueError:
        date = None
    return Comment(
        post_id=parent,
        author=text(author.find(a("name"))) if author is not None else "",
        date=date,
        html=content_html(entry),
        url=text(author.find(a("uri"))) if author is not None else "",
        status="approved",
    )
