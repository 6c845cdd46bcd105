"""Read a WordPress export (WXR, "WordPress eXtended RSS", versions 1.0 to 1.2).

A WXR file is an RSS 2.0 channel whose ``item`` elements are every kind of
thing the site holds: posts, pages, attachments, navigation menus, templates,
global styles and more, told apart by ``wp:post_type``. Only items of type
``post`` are posts; each keeps its ``wp:status`` (``publish``, or ``draft``,
``pending``, ``future`` and ``private``, which become drafts here; ``trash``
and ``auto-draft`` are left out and counted), its local time
(``wp:post_date``: WordPress writes it in the blog's own time zone), its author
(``dc:creator``, the login, shown as the ``wp:author``'s display name), its
``category`` elements (``domain="category"`` or ``"post_tag"``), its permalink
(``link``) and its comments (``wp:comment``). Attachments are listed with the
uploads-relative path WordPress stored for them (``_wp_attached_file``), so an
image can be found in a copy of the uploads folder.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from lxml import etree

from blogtools.importer import Attachment, Comment, Export, ImportProblem, Post, Term
from blogtools.importer.exportfile import parse, text, where

CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
WP_PREFIX = "http://wordpress.org/export/1."
DRAFT_STATUSES = {"draft", "pending", "future", "private"}
LEFT_OUT_STATUSES = {"trash": "post in the trash", "auto-draft": "automatic draft", "inherit": "revision"}


def wp_namespace(root: etree._Element) -> str | None:
    """The WXR namespace the file uses (``http://wordpress.org/export/1.2/`` and earlier versions)."""
    for uri in (root.nsmap or {}).values():
        if uri and uri.startswith(WP_PREFIX) and not uri.rstrip("/").endswith("excerpt"):
            return uri
    return None


def read(path: Path) -> Export:
    """The posts, comments and attachments of the WXR file at *path*; raise ImportProblem if it is not one."""
    root = parse(path)
    wp = wp_namespace(root)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None or wp is None:
        raise ImportProblem([(f"{path.name}:{root.sourceline or 1}: not a WordPress export (an RSS file with the "
                             "WXR namespace http://wordpress.org/export/1.2/): export the blog from WordPress's "
                             "Tools > Export, or use `import blogger` for a Blogger export")])
    reader = _Reader(path, wp)
    export = Export("wordpress", path, reader.blog_urls(channel))
    names = reader.author_names(channel)
    descriptions = reader.term_descriptions(channel)
    problems: list[str] = []
    for item in channel.iterfind("item"):
        kind = text(item.find(f"{{{wp}}}post_type")) or "post"
        if kind == "attachment":
            export.attachments.append(reader.attachment(item))
            export.count_not_post("attachment")
            continue
        if kind == "page":
            export.pages.append((html.unescape(text(item.find("title"))), text(item.find("link"))))
        if kind != "post":
            export.count_not_post(kind)
            reader.count_comments(item, export, f"comment on a {kind}")
            continue
        status = text(item.find(f"{{{wp}}}status")) or "publish"
        if status in LEFT_OUT_STATUSES:
            export.count_not_post(LEFT_OUT_STATUSES[status])
            reader.count_comments(item, export, f"comment on a {LEFT_OUT_STATUSES[status]}")
            continue
        try:
            export.posts.append(reader.post(item, status, names, descriptions))
        except ValueError as exc:
            problems.append(f"{where(path, item)}: {exc}")
            continue
        export.comments += reader.comments(item, export)
    if problems:
        raise ImportProblem(problems)
    return export


class _Reader:
    """The element look-ups of one WXR file (its ``wp`` namespace differs between versions)."""

    def __init__(self, path: Path, wp: str) -> None:
        self.path = path
        self.wp = wp

    def find(self, element: etree._Element, name: str) -> str:
        return text(element.find(f"{{{self.wp}}}{name}"))

    def blog_urls(self, channel: etree._Element) -> list[str]:
        urls = [text(channel.find("link")), self.find(channel, "base_blog_url")]
        return [url for url in dict.fromkeys(urls) if url]

    def author_names(self, channel: etree._Element) -> dict[str, str]:
        """Login -> the name the blog showed for that author (``wp:author_display_name``)."""
        names = {}
        for author in channel.iterfind(f"{{{self.wp}}}author"):
            login = self.find(author, "author_login")
            names[login] = html.unescape(self.find(author, "author_display_name")) or login
        return names

    def term_descriptions(self, channel: etree._Element) -> dict[tuple[str, str], str]:
        """(domain, name) -> the description the old blog gave that category or tag, if any."""
        found = {}
        for element, domain, name_tag, description_tag in [
            ("category", "category", "cat_name", "category_description"),
            ("tag", "post_tag", "tag_name", "tag_description"),
        ]:
            for term in channel.iterfind(f"{{{self.wp}}}{element}"):
                name = html.unescape(self.find(term, name_tag))
                found[(domain, name)] = " ".join(html.unescape(self.find(term, description_tag)).split())
        return found

    def post(self, item: etree._Element, status: str, names: dict[str, str],
             descriptions: dict[tuple[str, str], str]) -> Post:
        """The post in *item*; raise ValueError, saying why, if its date cannot be read."""
        raw_date = self.find(item, "post_date")
        try:
            date = dt.datetime.strptime(raw_date, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            raise ValueError(f"wp:post_date {raw_date!r} is not a date (YYYY-MM-DD HH:MM:SS)") from None
        login = text(item.find(f"{{{DC}}}creator"))
        terms: dict[str, list[Term]] = {"category": [], "post_tag": []}
        for element in item.iterfind("category"):
            domain = element.get("domain", "")
            if domain in terms:
                name = html.unescape(text(element))
                terms[domain].append(Term(name, descriptions.get((domain, name), "")))
        protected = bool(self.find(item, "post_password"))
        draft = status in DRAFT_STATUSES or protected
        content = text(item.find(f"{{{CONTENT}}}encoded"))
        return Post(
            source_id=self.find(item, "post_id"),
            where=where(self.path, item),
            title=" ".join(html.unescape(text(item.find("title"))).split()),
            html=content,
            date=date,
            authors=[names.get(login, login)] if login else [],
            categories=terms["category"],
            tags=terms["post_tag"],
            draft=draft,
            old_slug=self.find(item, "post_name"),
            old_url="" if draft else text(item.find("link")),
            # Content written with the block editor is marked with <!-- wp:... --> comments and has
            # its own <p> elements; WordPress adds paragraphs (wpautop) only to the classic editor's.
            autop="<!-- wp:" not in content,
        )

    def attachment(self, item: etree._Element) -> Attachment:
        upload_path = ""
        for meta in item.iterfind(f"{{{self.wp}}}postmeta"):
            if self.find(meta, "meta_key") == "_wp_attached_file":
                upload_path = self.find(meta, "meta_value")
        return Attachment(self.find(item, "attachment_url"), upload_path, self.find(item, "post_parent"))

    def comments(self, item: etree._Element, export: Export) -> list[Comment]:
        """The comments on the post in *item* worth keeping; spam and deleted ones are only counted."""
        kept = []
        post_id = self.find(item, "post_id")
        for element in item.iterfind(f"{{{self.wp}}}comment"):
            approved = self.find(element, "comment_approved")
            if approved in {"spam", "trash"}:
                export.count_comment_not_kept("spam" if approved == "spam" else "deleted")
                continue
            kind = self.find(element, "comment_type")
            status = "approved" if approved == "1" else "pending"
            if kind and kind != "comment":
                status += f" {kind}"
            raw_date = self.find(element, "comment_date")
            try:
                date = dt.datetime.strptime(raw_date, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                date = None
            kept.append(Comment(
                post_id=post_id,
                author=html.unescape(self.find(element, "comment_author")),
                date=date,
                html=self.find(element, "comment_content"),
                url=self.find(element, "comment_author_url"),
                status=status,
            ))
        return kept

    def count_comments(self, item: etree._Element, export: Export, reason: str) -> None:
        for _ in item.iterfind(f"{{{self.wp}}}comment"):
            export.count_comment_not_kept(reason)
