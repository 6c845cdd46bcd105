"""Write ``sitemap.xml`` and ``robots.txt`` so search engines find every page.

Readers mostly arrive from a search engine. The sitemap lists the absolute
address of every post and every listing page (home, archives, tags,
categories, the author), each post with the date it was last updated;
``robots.txt`` points crawlers to it. Pages with nothing to index (search
results, the general index, the 404 page, empty drafts list) are left out.

Documents come from the environment, so an incremental build that writes
only one page still lists them all; generated pages (ABlog's listings, the
month archives) are re-rendered in every build and are collected as they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin
from weakref import WeakKeyDictionary
from xml.sax.saxutils import escape

from ablog.blog import Blog
from listing_pages import listings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Templates of generated pages that only point elsewhere.
REDIRECT_TEMPLATES = frozenset({"ablog/redirect.html"})


def sitemap_xml(entries: list[tuple[str, str | None]]) -> str:
    """A sitemap of *entries*, each ``(absolute url, last modified date or None)``."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for url, lastmod in entries:
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(url)}</loc>")
        if lastmod:
            lines.append(f"    <lastmod>{lastmod}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(sitemap_url: str) -> str:
    """Let every crawler in, and tell it where the sitemap is."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"


# The generated pages of the running build, per application.
_GENERATED: WeakKeyDictionary[Sphinx, set[str]] = WeakKeyDictionary()


def _generated_pages(app: Sphinx) -> set[str]:
    return _GENERATED.setdefault(app, set())


def note_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    # Pages without a doctree are generated in the main process at the end of
    # every build (html-collect-pages, search, genindex).
    if app.builder.format != "html" or doctree is not None or templatename in REDIRECT_TEMPLATES:
        return
    _generated_pages(app).add(pagename)


def _listing_pages(app: Sphinx) -> set[str]:
    """ABlog's listing pages, including those not written again by this build (_ext/listing_pages.py)."""
    found = listings(app)
    return {page for page, template in found.pages if template not in REDIRECT_TEMPLATES} if found else set()


def write_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    base = app.config.html_baseurl
    if not base:
        return
    excluded = set(app.config.sitemap_exclude)
    pages = (set(app.env.found_docs) | _generated_pages(app) | _listing_pages(app)) - excluded
    blog = Blog(app)
    updated = {post.docname: post.update for post in blog.posts} if blog else {}
    entries = []
    for page in sorted(pages):
        when = updated.get(page)
        entries.append((urljoin(base, app.builder.get_target_uri(page)), when.date().isoformat() if when else None))
    outdir = Path(app.builder.outdir)
    (outdir / "sitemap.xml").write_text(sitemap_xml(entries), encoding="utf-8")
    (outdir / "robots.txt").write_text(robots_txt(urljoin(base, "sitemap.xml")), encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ablog")
    excluded = ["search", "genindex", "404", "blog/drafts"]
    app.add_config_value("sitemap_exclude", excluded, "html", types=frozenset({list}))
    app.connect("html-page-context", note_page)
    app.connect("build-finished", write_files)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
