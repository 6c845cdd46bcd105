"""Write ``sitemap.xml`` and ``robots.txt`` so search engines find every page.

Readers mostly arrive from a search engine. The sitemap lists the absolute
address of every post and every listing page (home, archives, tags,
categories, the author), each post with the date it was last updated;
``robots.txt`` points crawlers to it. Pages with nothing to index (search
results, the general index, the 404 page, empty drafts list) are left out.

Documents come from the environment, so an incremental build that writes
only one page still lists them all; generated pages (ABlog's listings, the
month archives) come from the build's record of them, written or kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from sphinx_citable_blog.compat.ablog import registered_blog
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# The template of generated pages that only point elsewhere.
REDIRECTS = "ablog/redirect.html"


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


def excluded_pages(app: Sphinx) -> set[str]:
    """The pages left out of the sitemap: ``citable_blog_sitemap_exclude``, or by default those with nothing to
    index (search results, the general index, the 404 page and ABlog's list of drafts)."""
    excluded = app.config.citable_blog_sitemap_exclude
    if excluded is None:
        excluded = ["search", "genindex", "404", f"{app.config.blog_path}/drafts"]
    return set(excluded)


def write_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not writes_site(app):
        return
    base = app.config.html_baseurl
    if not base:
        return
    generated = {page for page, template in build_state(app).generated_pages.items() if template != REDIRECTS}
    pages = (set(app.env.found_docs) | generated) - excluded_pages(app)
    blog = registered_blog(app)
    updated = {post.docname: post.update for post in blog.posts} if blog else {}
    entries = []
    for page in sorted(pages):
        when = updated.get(page)
        entries.append((urljoin(base, app.builder.get_target_uri(page)), when.date().isoformat() if when else None))
    outdir = Path(app.builder.outdir)
    (outdir / "sitemap.xml").write_text(sitemap_xml(entries), encoding="utf-8")
    (outdir / "robots.txt").write_text(robots_txt(urljoin(base, "sitemap.xml")), encoding="utf-8")

