"""An author's ORCID iD is shown only once conf.py gives it, and then wherever an archive or reader looks.

No iD is known for Chris Mills, so the real site shows none. A copy configured
with ORCID's own test iD (0000-0002-1825-0097, which ORCID's documentation
uses for a fictitious researcher) links it from every byline and the author's
page, and gives it in ``citation_author_orcid`` (right after the author's
``citation_author``) and as the author's ``sameAs`` in the JSON-LD. A mistyped
iD (a wrong check digit) or an author not in ``blog_authors`` stops the build
at the setting's line. The feeds carry it with the author: in each Atom
``<author>`` (read with lxml, beside the name and page feedparser reads) and in
each JSON Feed author (read back with the jsonfeed library).
"""

from __future__ import annotations

import json

import feedparser
import jsonfeed
import pytest
from conftest import assert_no_crash_report, copy_with_settings, page_soup, post_pages, sphinx_build
from lxml import etree

ORCID = "https://orcid.org/0000-0002-1825-0097"
AUTHOR_PAGE = "blog/author/chris-mills.html"
FEEDS = ["blog/atom.xml", "blog/tag/policy/atom.xml", "blog/author/chris-mills/atom.xml"]
NS = {"a": "http://www.w3.org/2005/Atom", "orcid": "http://www.orcid.org/ns/common"}


def configured(tmp_path, setting: str):
    project, line = copy_with_settings(tmp_path / "src", f"citable_blog_orcids = {setting}")
    return sphinx_build(project, tmp_path / "html"), line


@pytest.fixture(scope="module")
def with_orcid(tmp_path_factory):
    build, _ = configured(tmp_path_factory.mktemp("orcid"), '{"Chris Mills": "0000-0002-1825-0097"}')
    assert build.returncode == 0, build.stderr
    return build


def test_the_real_site_claims_no_orcid(site):
    json_feeds = [name.replace("atom.xml", "feed.json") for name in FEEDS]
    for name in [*post_pages(site), AUTHOR_PAGE, "index.html", *FEEDS, *json_feeds]:
        assert "orcid" not in (site.outdir / name).read_text(encoding="utf-8").lower(), name


def test_each_byline_and_the_author_page_link_the_orcid(with_orcid):
    for name in post_pages(with_orcid):
        links = page_soup(with_orcid, name).select(".post-byline a.post-author-orcid")
        assert [(a["href"], a.get_text()) for a in links] == [(ORCID, ORCID)], name
    author = page_soup(with_orcid, AUTHOR_PAGE).select_one(".ablog-author-orcid a")
    assert author["href"] == ORCID


def test_the_metadata_gives_the_orcid_with_its_author(with_orcid):
    page = page_soup(with_orcid, "posts/2014/04/outsourcing.html")
    names = [(tag["name"], tag["content"]) for tag in page.find_all("meta", attrs={"name": True})
             if tag["name"].startswith("citation_author")]
    assert names == [("citation_author", "Mills, Chris"), ("citation_author_orcid", ORCID)]
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert [author.get("sameAs") for author in data["author"]] == [ORCID]


@pytest.mark.parametrize("name", FEEDS)
def test_each_atom_author_carries_the_orcid(with_orcid, name):
    path = with_orcid.outdir / name
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.author_detail.name == "Chris Mills" and feed.feed.author_detail.href.endswith(AUTHOR_PAGE)
    persons = etree.parse(str(path)).getroot().findall(".//a:author", NS)
    assert len(persons) == 1 + len(feed.entries)  # the feed's and each entry's
    for person in persons:
        identifiers = person.findall("orcid:orcid-identifier", NS)
        assert [(i.findtext("orcid:uri", namespaces=NS), i.findtext("orcid:path", namespaces=NS))
                for i in identifiers] == [(ORCID, "0000-0002-1825-0097")]


@pytest.mark.parametrize("name", [name.replace("atom.xml", "feed.json") for name in FEEDS])
def test_each_json_feed_author_carries_the_orcid(with_orcid, name):
    text = (with_orcid.outdir / name).read_text(encoding="utf-8")
    feed = jsonfeed.Feed.parse_string(text)
    assert [(a.name, a.url.endswith(AUTHOR_PAGE)) for a in feed.authors] == [("Chris Mills", True)]
    assert feed.items and all([a.name for a in item.authors] == ["Chris Mills"] for item in feed.items)
    data = json.loads(text)
    for author in [*data["authors"], *(a for item in data["items"] for a in item["authors"])]:
        assert author["_orcid"] == {"uri": ORCID, "path": "0000-0002-1825-0097"}


@pytest.mark.parametrize(("setting", "message"), [
    ('{"Chris Mills": "0000-0002-1825-0098"}',
     "citable_blog_orcids['Chris Mills'] = '0000-0002-1825-0098' is not an ORCID iD"),
    ('{"Chris Mils": "0000-0002-1825-0097"}',
     "citable_blog_orcids gives an ORCID iD for 'Chris Mils', who is not in blog_authors"),
], ids=["check digit", "unknown author"])
def test_a_wrong_orcid_setting_stops_the_build_at_its_line(tmp_path, setting, message):
    build, line = configured(tmp_path, setting)
    assert build.returncode != 0
    assert f"conf.py:{line}: ERROR: {message}" in build.stderr
    assert_no_crash_report(build)
    assert not (tmp_path / "html" / "index.html").exists()
