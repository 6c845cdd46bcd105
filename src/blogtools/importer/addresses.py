"""A post's new address and the redirects from its old one.

A post keeps the slug the old blog gave it when that slug has this site's form
(lower-case ASCII letters and digits joined by single hyphens); otherwise it
gets the slug of its title, as a new post would. Two posts may not share a
slug (each has the label ``post-<slug>``), so a slug already taken gets
``-2``, ``-3``... and the report says so.

Its old address keeps working through ABlog's ``redirect`` front-matter key:
ABlog writes a page at ``<value>.html`` that sends readers on. So the value is
the old path relative to the site's root, without a leading "/" and without
".html" (``2014/04/slug`` for Blogger's ``/2014/04/slug.html``); a
directory-style address (WordPress's ``/2014/04/17/slug/``) becomes
``2014/04/17/slug/index``, the page a web server shows for that folder. Only
values that a strict check would accept are written: every segment in the
slug form above, no query (``?p=123``), no other suffix (``.php``), not in one
of the site's own folders and not an existing page or another redirect. Any
other old address is reported instead.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# The site's own folders and generated pages: a redirect there would hide or break one.
RESERVED = {"blog", "posts", "search", "genindex", "404", "imported", "tests"}


def fits(slug: str) -> bool:
    """Whether *slug* has this site's form: lower-case letters and digits joined by single hyphens."""
    return SLUG.fullmatch(slug) is not None


def unique_slug(slug: str, taken: set[str]) -> str:
    """*slug*, or *slug*-2, -3... when a post already has it; the result is added to *taken*."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate


def redirect_value(old_url: str, taken: set[str]) -> tuple[str, str]:
    """The ``redirect:`` value for *old_url*, or ("", why it cannot be one).

    *taken* holds every page and redirect of the site (without ``.html``).
    """
    parts = urlsplit(old_url)
    if parts.query:
        return "", "its address has a query (?...), which a page of this site cannot have"
    path = parts.path
    if path.strip("/") == "":
        return "", "it has no address of its own"
    if path.endswith("/"):
        value = path.strip("/") + "/index"
    else:
        last = path.rsplit("/", 1)[-1]
        if last.endswith(".html"):
            value = path.strip("/").removesuffix(".html")
        elif "." in last:
            return "", f"its address ends in {last[last.index('.'):]!r}, and a redirect page ends in .html"
        else:
            value = path.strip("/") + "/index"
    segments = value.split("/")
    if not all(fits(segment) for segment in segments):
        return "", "its address is not lower-case letters, digits and hyphens"
    if segments[0] in RESERVED:
        return "", f"its address is in the site's own folder {segments[0]!r}/"
    if value in taken:
        return "", f"{value}.html is already a page of this site"
    return value, ""
