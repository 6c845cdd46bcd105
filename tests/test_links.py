"""No broken internal link or anchor anywhere on the built site.

An offline crawler: every ``href``, ``src`` and form ``action`` of every
generated page, the sitemap and the feeds is resolved to a file of the built
site, and every ``#fragment`` to an element id (or ``<a name>``) on the target
page. External links are not fetched.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest
from conftest import DEFAULT_SITE_URL

ATOM = {"a": "http://www.w3.org/2005/Atom"}
SITE_PATH = urlsplit(DEFAULT_SITE_URL).path  # "/en/latest/": root-relative links (404 page) start here
LINK_ATTRS = {
    "a": "href", "link": "href", "area": "href", "script": "src", "img": "src", "source": "src", "form": "action",
}


@functools.cache
def _anchors(path: Path) -> frozenset[str]:
    tree = lxml.html.parse(str(path))
    return frozenset(tree.xpath("//@id") + tree.xpath("//a/@name"))


def html_pages(outdir: Path) -> list[Path]:
    return sorted(p for p in outdir.rglob("*.html") if not p.relative_to(outdir).parts[0].startswith("_"))


def links_of(page: Path) -> list[tuple[str, str]]:
    """``(element, url)`` of every link on *page*."""
    tree = lxml.html.parse(str(page))
    out = []
    for tag, attr in LINK_ATTRS.items():
        for el in tree.iter(tag):
            value = el.get(attr)
            if value is not None:
                out.append((tag, value.strip()))
    return out


def check(outdir: Path, page_url: str, url: str) -> str | None:
    """Why *url*, found on the page at *page_url* (a site-relative URL), is broken, or None."""
    parts = urlsplit(url)
    if parts.scheme in ("mailto", "tel", "data", "javascript"):
        return None
    if parts.scheme or parts.netloc:
        if not url.startswith(DEFAULT_SITE_URL):
            return None  # external: not fetched
        url = url.removeprefix(DEFAULT_SITE_URL)
        page_url = ""
    elif parts.path.startswith("/"):
        if not parts.path.startswith(SITE_PATH):
            return f"root-relative link outside the site's path {SITE_PATH}"
        url = url.removeprefix(SITE_PATH)
        page_url = ""
    target = urlsplit(urljoin("http://site/" + page_url, url))
    path = unquote(target.path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    file = outdir / path
    if not file.is_file():
        return f"no file {path}"
    if target.fragment and file.suffix == ".html" and unquote(target.fragment) not in _anchors(file):
        return f"no anchor #{target.fragment} in {path}"
    return None


def test_the_crawler_reports_broken_links(site):
    # The checker itself: a missing page, a missing anchor, and good links.
    assert check(site.outdir, "posts/2014/04/outsourcing.html", "../../../index.html") is None
    assert check(site.outdir, "posts/2014/04/outsourcing.html", "#related-posts") is None
    assert check(site.outdir, "index.html", "posts/2014/04/nope.html") == "no file posts/2014/04/nope.html"
    assert check(site.outdir, "index.html", "about.html#nope") == "no anchor #nope in about.html"
    assert check(site.outdir, "404.html", f"{SITE_PATH}about.html") is None
    assert check(site.outdir, "404.html", "/about.html").startswith("root-relative link outside")
    assert check(site.outdir, "index.html", "https://example.org/x") is None


def test_no_broken_internal_link_or_anchor_on_any_page(site):
    pages = html_pages(site.outdir)
    assert len(pages) > 20
    broken = []
    for page in pages:
        page_url = page.relative_to(site.outdir).as_posix()
        for tag, url in links_of(page):
            if (why := check(site.outdir, page_url, url)) is not None:
                broken.append(f"{page_url}: <{tag}> {url}: {why}")
    assert not broken, "\n".join(broken)


def test_every_page_is_reachable_by_links_from_the_home_page(site):
    pages = {p.relative_to(site.outdir).as_posix() for p in html_pages(site.outdir)}
    seen, todo = set(), ["index.html"]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        for tag, url in links_of(site.outdir / page):
            if tag not in ("a", "form") or check(site.outdir, page, url) is not None or urlsplit(url).scheme:
                continue
            target = urlsplit(urljoin("http://site/" + page, url)).path.lstrip("/")
            if target in pages:
                todo.append(target)
    # Pages nobody needs to browse to: the 404 page is served for missing
    # addresses, drafts is empty, and the list of authors has one name, whose
    # page every byline links to.
    assert pages - seen == {"404.html", "blog/drafts.html", "blog/author.html"}


@pytest.mark.parametrize("feed", ["blog/atom.xml", "blog/tag/policy/atom.xml", "blog/2014/atom.xml"])
def test_links_in_feeds_resolve(site, feed):
    root = lxml.etree.parse(str(site.outdir / feed)).getroot()
    urls = [link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link")]
    for content in root.iterfind("a:entry/a:content", ATOM):
        fragment = lxml.html.fragment_fromstring(content.text, create_parent="div")
        urls += [el.get(a) for el in fragment.iter() for a in ("href", "src") if el.get(a)]
    internal = [u for u in urls if u.startswith(DEFAULT_SITE_URL)]
    assert len(internal) > 10
    broken = [(u, why) for u in internal if (why := check(site.outdir, "", u)) is not None]
    assert not broken
