"""Each Atom feed has a JSON Feed 1.1 beside it, with the same posts, and every page announces it.

Checked against the JSON Feed 1.1 specification (https://www.jsonfeed.org/version/1.1/):
its required fields, the type of every field the feeds use, absolute addresses,
RFC 3339 dates; and against the Atom feed it is made from: each JSON Feed as
the jsonfeed library reads it (feedparser 6.0 reads no JSON Feed) has the
entries feedparser reads in the Atom feed, in the same order, with the same
titles, text, dates and authors.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urljoin, urlparse

import feedparser
import jsonfeed
import pytest
from bs4 import BeautifulSoup
from conftest import DEFAULT_SITE_URL

TOP_LEVEL = {"version", "title", "home_page_url", "feed_url", "description", "user_comment", "next_url", "icon",
             "favicon", "authors", "language", "expired", "hubs", "items"}
ITEM = {"id", "url", "external_url", "title", "content_html", "content_text", "summary", "image", "banner_image",
        "date_published", "date_modified", "authors", "tags", "language", "attachments"}


def feeds(site) -> list:
    return sorted((site.outdir / "blog").rglob("atom.xml"))


def absolute(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme == "https" and bool(parsed.netloc)


def link_target(url: str) -> bool:
    """A link that works wherever the feed is read: a web address with its host, or an e-mail address."""
    parsed = urlparse(url)
    return (parsed.scheme in {"http", "https"} and bool(parsed.netloc)) or parsed.scheme == "mailto"


def rfc3339(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert parsed.tzinfo is not None, value
    return parsed


def check_author(author: dict) -> None:
    fields = {key for key in author if not key.startswith("_")}  # "_..." names an extension (the spec's rule)
    assert fields <= {"name", "url", "avatar"} and isinstance(author["name"], str) and author["name"]
    assert "url" not in author or absolute(author["url"])


def test_every_atom_feed_has_a_json_feed_with_the_same_posts(site):
    assert len(feeds(site)) > 10  # the main feed and one per tag, category, year and author
    for atom_path in feeds(site):
        atom = feedparser.parse(atom_path.read_bytes())
        assert not atom.bozo, (atom_path, atom.get("bozo_exception"))
        data = jsonfeed.Feed.parse_string(atom_path.with_name("feed.json").read_text(encoding="utf-8"))
        assert data.title == atom.feed.title and data.home_page_url and data.feed_url
        assert [item.id for item in data.items] == [entry.id for entry in atom.entries], atom_path
        for item, entry in zip(data.items, atom.entries, strict=True):
            assert item.title == entry.title
            assert item.content_html.strip() == entry.content[0].value.strip()
            assert rfc3339(item.date_published).timetuple()[:6] == entry.published_parsed[:6]
            assert rfc3339(item.date_modified).timetuple()[:6] == entry.updated_parsed[:6]
            assert [(a.name, a.url) for a in item.authors] == [(a.name, a.href) for a in entry.authors]


@pytest.mark.parametrize("name", ["blog/feed.json", "blog/tag/policy/feed.json"])
def test_the_json_feed_follows_the_specification(site, name):
    data = json.loads((site.outdir / name).read_text(encoding="utf-8"))
    assert set(data) <= TOP_LEVEL
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(data["title"], str) and data["title"]
    assert data["feed_url"] == urljoin(DEFAULT_SITE_URL, name)
    assert absolute(data["home_page_url"])
    if "/tag/" in name:  # an archive's feed describes the archive's page
        assert data["home_page_url"] == urljoin(DEFAULT_SITE_URL, "blog/tag/policy.html")
    assert data["language"] == "en"
    for author in data["authors"]:
        check_author(author)
    assert isinstance(data["items"], list) and data["items"]
    for item in data["items"]:
        assert set(item) <= ITEM
        assert isinstance(item["id"], str) and absolute(item["url"]) and item["id"] == item["url"]
        assert isinstance(item["content_html"], str) and "<p>" in item["content_html"]
        hrefs = BeautifulSoup(item["content_html"], "html.parser").find_all(href=True)
        assert all(link_target(a["href"]) for a in hrefs), [a["href"] for a in hrefs if not link_target(a["href"])]
        assert rfc3339(item["date_modified"]) >= rfc3339(item["date_published"])
        assert item["authors"] and all(check_author(a) is None for a in item["authors"])
        assert all(isinstance(tag, str) and tag for tag in item["tags"])
        assert item["language"] == "en"


def test_each_atom_author_links_the_authors_page(site):
    author_page = urljoin(DEFAULT_SITE_URL, "blog/author/chris-mills.html")
    for path in (site.outdir / "blog" / "atom.xml", site.outdir / "blog" / "tag" / "policy" / "atom.xml"):
        feed = feedparser.parse(path.read_bytes())
        assert feed.feed.author_detail == {"name": "Chris Mills", "href": author_page}
        assert all(entry.author_detail == {"name": "Chris Mills", "href": author_page} for entry in feed.entries)
    data = json.loads((site.outdir / "blog" / "feed.json").read_text(encoding="utf-8"))
    assert data["authors"] == [{"name": "Chris Mills", "url": author_page}]


def test_a_posts_item_ends_with_its_references(site):
    data = json.loads((site.outdir / "blog" / "feed.json").read_text(encoding="utf-8"))
    (item,) = [i for i in data["items"] if i["url"].endswith("posts/2014/04/outsourcing.html")]
    text = BeautifulSoup(item["content_html"], "html.parser").get_text(" ")
    assert "References" in text and "Children and Young People Now" in text


def test_every_page_announces_the_json_feed(site):
    for name in ("index.html", "about.html", "posts/2014/04/outsourcing.html", "blog/tag/policy.html"):
        page = BeautifulSoup((site.outdir / name).read_text(encoding="utf-8"), "html.parser")
        links = page.find_all("link", rel="alternate", type="application/feed+json")
        targets = {urlparse(urljoin(f"https://x/{name}", link["href"])).path for link in links}
        expected = {"/blog/tag/policy/feed.json"} if name == "blog/tag/policy.html" else {"/blog/feed.json"}
        assert targets == expected, name
        assert all(link.get("title") for link in links)


def test_items_encoded_once_give_what_json_dumps_gives(site):
    """Each item is encoded once for all the feeds it is in; the feed is still ``json.dumps`` of it."""
    from sphinx_citable_blog.reading.json_feed import dumps

    for name in ("blog/feed.json", "blog/tag/policy/feed.json"):
        text = (site.outdir / name).read_text(encoding="utf-8")
        data = json.loads(text)
        assert text == json.dumps(data, ensure_ascii=False) + "\n"
        item_texts: dict[int, str] = {}
        assert dumps(data, item_texts) == json.dumps(data, ensure_ascii=False)
        assert len(item_texts) == len(data["items"])
        assert dumps({"items": []}, {}) == json.dumps({"items": []})
