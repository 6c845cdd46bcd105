"""What a reader arriving from a search engine needs: related posts, a sitemap,
robots.txt, a useful 404 page, and the feed announced on every page."""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import lxml.etree
import pytest
from conftest import DEFAULT_SITE_URL
from sphinx_citable_blog.reading.not_found import not_found_body
from sphinx_citable_blog.reading.related import Relatedness
from sphinx_citable_blog.reading.sitemap import robots_txt, sitemap_xml

ATOM = {"a": "http://www.w3.org/2005/Atom"}
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE_PATH = urlsplit(DEFAULT_SITE_URL).path


def posts_on_site(site) -> dict[str, SimpleNamespace]:
    """Every post as read from its page: title, date, tags, by page path."""
    out = {}
    for page in site.post_pages():
        soup = site.page(page)
        out[page] = SimpleNamespace(
            docname=page,
            title=soup.select_one("article h1").get_text().rstrip("#").strip(),
            date=dt.datetime.strptime(soup.select_one(".post-date").get_text(strip=True), "%d %B %Y"),
            tags=[a.get_text() for a in soup.select(".post-byline a.post-tag")],
        )
    return out


# -- Related posts -----------------------------------------------------------------


def _post(name: str, day: int, *tags: str) -> SimpleNamespace:
    return SimpleNamespace(docname=name, title=name.title(), date=dt.datetime(2014, 4, day), tags=list(tags))


def test_rank_related_orders_by_shared_tags_then_newest():
    me = _post("me", 10, "a", "b", "c")
    others = [
        me,
        _post("one-old", 1, "a"),
        _post("two", 2, "a", "b"),
        _post("one-new", 20, "c", "x"),
        _post("none", 30, "x"),
        _post("three", 3, "a", "b", "c"),
    ]

    def rank_related(post, others, limit):
        return Relatedness(others).related(post, limit)

    names = [p.docname for p in rank_related(me, others, limit=10)]
    assert names == ["three", "two", "one-new", "one-old"]
    assert [p.docname for p in rank_related(me, others, limit=2)] == ["three", "two"]
    assert rank_related(_post("lonely", 1, "z"), others, limit=3) == []


def test_related_posts_of_a_whole_blog_match_a_plain_sort():
    """The tag index ranks exactly as sorting every other post would, ties included."""
    rng = random.Random(6)
    tags = "abcdefg"
    posts = [
        SimpleNamespace(docname=f"p{i}", title=rng.choice("XYZ"), date=dt.datetime(2014, 4, rng.randint(1, 5)),
                        tags=rng.sample(tags, rng.randint(1, 3)))
        for i in range(120)
    ]

    def plain(post, limit):
        shared = [(len(set(post.tags) & set(o.tags)), o) for o in posts if o.docname != post.docname]
        ranked = sorted((pair for pair in shared if pair[0]), key=lambda p: (-p[0], -p[1].date.timestamp(), p[1].title))
        return [o.docname for _, o in ranked[:limit]]

    index = Relatedness(posts)
    for post in posts:
        for limit in (1, 3, 200):
            assert [o.docname for o in index.related(post, limit)] == plain(post, limit), (post.docname, limit)


def test_each_post_ends_with_related_posts_sharing_its_tags(site):
    posts = posts_on_site(site)
    for page, post in posts.items():
        soup = site.page(page)
        section = soup.select_one("article section#related-posts")
        assert section is not None, page
        # The last section of the post, after the references.
        h2s = [h.get_text().rstrip("#").strip() for h in soup.select("article h2")]
        assert h2s[-1] == "Related posts", (page, h2s)
        assert h2s.index("References") < h2s.index("Related posts")
        links = section.select("li a.related-post")
        assert 1 <= len(links) <= 3, page
        root = site.outdir.resolve()
        shown = [posts[(site.outdir / page).parent.joinpath(a["href"]).resolve().relative_to(root).as_posix()]
                 for a in links]
        assert post not in shown, page
        shared = [len(set(post.tags) & set(other.tags)) for other in shown]
        assert all(shared), page
        # Best first: more shared tags, then newer, then by title.
        keys = [(-n, -o.date.timestamp(), o.title) for n, o in zip(shared, shown, strict=True)]
        assert keys == sorted(keys), page
        # Nothing better left out.
        best_left_out = max(
            (len(set(post.tags) & set(o.tags)) for o in posts.values() if o is not post and o not in shown),
            default=0,
        )
        assert len(links) < 3 or best_left_out <= shared[-1], page
        for a, other in zip(links, shown, strict=True):
            assert a.get_text() == other.title
            assert other.date.strftime("%-d %B %Y") in a.parent.get_text()


def test_related_posts_stay_out_of_feeds_and_excerpts(site):
    assert "Related posts" not in (site.outdir / "blog" / "atom.xml").read_text(encoding="utf-8")
    for page in ["index.html", "blog/tag/policy.html", "blog/2014.html"]:
        assert site.page(page).select_one("#related-posts") is None, page
        assert "Related posts" not in site.page(page).select_one("article").get_text()


# -- Sitemap and robots.txt ------------------------------------------------------------


def test_sitemap_xml_escapes_and_dates():
    xml = sitemap_xml([("https://x.org/a&b.html", "2014-04-02"), ("https://x.org/", None)])
    root = lxml.etree.fromstring(xml.encode())
    assert root.xpath("//s:loc/text()", namespaces=SITEMAP) == ["https://x.org/a&b.html", "https://x.org/"]
    assert root.xpath("//s:lastmod/text()", namespaces=SITEMAP) == ["2014-04-02"]


def test_sitemap_lists_every_post_and_listing_page(site):
    root = lxml.etree.parse(str(site.outdir / "sitemap.xml")).getroot()
    urls = root.xpath("//s:loc/text()", namespaces=SITEMAP)
    assert len(urls) == len(set(urls))
    assert all(u.startswith(DEFAULT_SITE_URL) for u in urls)
    pages = {u.removeprefix(DEFAULT_SITE_URL) for u in urls}
    for page in pages:
        assert (site.outdir / page).is_file(), page
    listings = {
        "index.html", "about.html", "blog.html", "blog/archive.html", "blog/2014.html", "blog/2014/04.html",
        "blog/tag.html", "blog/category.html", "blog/author/chris-mills.html",
    }
    tags = {p.relative_to(site.outdir).as_posix() for p in (site.outdir / "blog" / "tag").glob("*.html")}
    categories = {p.relative_to(site.outdir).as_posix() for p in (site.outdir / "blog" / "category").glob("*.html")}
    assert len(tags) >= 5 and len(categories) >= 2
    assert set(site.post_pages()) | listings | tags | categories <= pages
    assert not pages & {"search.html", "404.html", "blog/drafts.html", "genindex.html"}
    # Posts carry their date.
    for url in root.iterfind("s:url", SITEMAP):
        page = url.findtext("s:loc", namespaces=SITEMAP).removeprefix(DEFAULT_SITE_URL)
        lastmod = url.findtext("s:lastmod", namespaces=SITEMAP)
        if page.startswith("posts/"):
            date = site.page(page).select_one(".post-date").get_text(strip=True)
            assert lastmod == dt.datetime.strptime(date, "%d %B %Y").date().isoformat()
        else:
            assert lastmod is None


def test_robots_txt_points_to_the_sitemap(site):
    text = (site.outdir / "robots.txt").read_text(encoding="utf-8")
    assert text == robots_txt(urljoin(DEFAULT_SITE_URL, "sitemap.xml"))
    assert f"Sitemap: {DEFAULT_SITE_URL}sitemap.xml" in text.splitlines()
    assert "Disallow: /" not in text


# -- 404 page ----------------------------------------------------------------------


def test_not_found_body_escapes():
    body = not_found_body("/s.html", [("/a.html?x=1&y=2", "A <b>", "1 April 2014")])
    assert '<a href="/a.html?x=1&amp;y=2">A &lt;b&gt;</a> · 1 April 2014' in body


def test_404_page_links_are_root_relative_and_offer_search_and_latest_posts(site):
    soup = site.page("404.html")
    article = soup.select_one("article")
    assert article.select_one("h1").get_text() == "Page not found"
    form = article.select_one("form[role=search]")
    assert form["action"] == f"{SITE_PATH}search.html"
    assert form.select_one("input[name=q]")
    latest = [a["href"] for a in article.select("ul.not-found-latest a")]
    newest_first = sorted(posts_on_site(site).values(), key=lambda p: (p.date, p.title), reverse=True)
    assert latest == [f"{SITE_PATH}{p.docname}" for p in newest_first[:5]]
    # Every address in the page works whatever the depth of the missing URL.
    for el in soup.select("[href], [src], [action]"):
        url = el.get("href") or el.get("src") or el.get("action")
        if url.startswith("#") or "://" in url or url.startswith("mailto:"):
            continue
        assert url.startswith(SITE_PATH), (el.name, url)


# -- Feeds ------------------------------------------------------------------------------


def test_every_page_announces_the_feed(site):
    pages = [p for p in site.outdir.rglob("*.html") if not p.relative_to(site.outdir).parts[0].startswith("_")]
    assert len(pages) > 20
    for path in pages:
        page = path.relative_to(site.outdir).as_posix()
        links = site.page(page).select('head link[rel=alternate][type="application/atom+xml"]')
        assert len(links) == 1, page
        href = links[0]["href"]
        target = href.removeprefix(SITE_PATH) if href.startswith("/") else (path.parent / href).resolve().relative_to(
            site.outdir.resolve()).as_posix()
        assert (site.outdir / target).is_file(), (page, href)
        assert target.endswith("atom.xml")
    # A tag page announces the tag's own feed.
    atom = 'head link[rel=alternate][type="application/atom+xml"]'
    assert site.page("blog/tag/policy.html").select_one(atom)["href"] == "policy/atom.xml"


@pytest.mark.parametrize("feed", ["blog/atom.xml", "blog/tag/policy/atom.xml", "blog/category/policy-comment/atom.xml"])
def test_feed_has_an_author_for_every_entry(site, feed):
    root = lxml.etree.parse(str(site.outdir / feed)).getroot()
    entries = root.findall("a:entry", ATOM)
    assert entries
    # RFC 4287 4.1.1: a feed without its own <author> needs one in every entry.
    if root.find("a:author", ATOM) is None:
        for entry in entries:
            assert entry.findtext("a:author/a:name", namespaces=ATOM) == "Chris Mills"


# -- Listings ----------------------------------------------------------------------------


def listing_pages(site) -> list[str]:
    blog = site.outdir / "blog"
    pages = [*blog.glob("tag/*.html"), *blog.glob("category/*.html"), *blog.glob("author/*.html"),
             *blog.glob("[0-9][0-9][0-9][0-9].html"), *blog.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9].html")]
    return sorted(p.relative_to(site.outdir).as_posix() for p in pages)


def test_listing_pages_show_their_posts_newest_first_with_dates(site):
    posts = posts_on_site(site)
    pages = listing_pages(site)
    assert {"blog/2014.html", "blog/2014/04.html", "blog/tag/policy.html", "blog/category/policy-comment.html",
            "blog/author/chris-mills.html"} <= set(pages)
    for page in pages:
        soup = site.page(page)
        cards = soup.select("article .ablog-post")
        assert cards, page
        listed = []
        for card in cards:
            link = card.select_one(".ablog-post-title a")
            target = (site.outdir / page).parent.joinpath(link["href"]).resolve().relative_to(site.outdir.resolve())
            post = posts[target.as_posix()]
            assert link.get_text(strip=True) == post.title
            date = card.select_one(".ablog-archive li span").get_text(strip=True)
            assert date == post.date.strftime("%-d %B %Y"), (page, post.title)
            listed.append(post)
        keys = [(p.date, p.title) for p in listed]
        assert keys == sorted(keys, reverse=True), page


def test_each_post_shows_its_reading_time(site):
    for page in site.post_pages():
        text = site.page(page).select_one(".post-byline .post-reading-time").get_text()
        assert text.endswith(" min read") and int(text.split()[0]) >= 1, page
