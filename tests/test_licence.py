"""The posts' licence is one setting: none is assumed, and a chosen one reaches every place readers look.

The author has not licensed the posts, so the site says "All rights reserved"
and claims nothing else: no licence link, no JSON-LD ``license``. A copy built
with ``citable_blog_license = "CC-BY-4.0"`` links the licence from each post's
"Reuse" line and every page's ``<head>``, gives it in the JSON-LD and in each
feed's ``<rights>`` (read by feedparser). An id that is no licence for writing
stops the build at its line of conf.py.
"""

from __future__ import annotations

import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import assert_no_crash_report, copy_with_settings, page_soup, post_pages, sphinx_build

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
POST = "posts/2014/04/outsourcing.html"


def json_ld(page: BeautifulSoup) -> dict:
    return json.loads(page.find("script", type="application/ld+json").string)


@pytest.fixture(scope="module")
def licensed(tmp_path_factory):
    base = tmp_path_factory.mktemp("licensed")
    project, _ = copy_with_settings(base / "src", 'citable_blog_license = "CC-BY-4.0"')
    build = sphinx_build(project, base / "html")
    assert build.returncode == 0, build.stderr
    return build


def test_without_a_licence_each_post_says_all_rights_reserved_and_claims_no_licence(site):
    pages = post_pages(site)
    assert pages
    for name in pages:
        page = page_soup(site, name)
        assert page.select_one(".cite-this-post .post-reuse").get_text() == "All rights reserved.", name
        assert not page.select("link[rel=license]") and not page.select(".post-licence"), name
        assert "license" not in json_ld(page), name
    assert feedparser.parse((site.outdir / "blog" / "atom.xml").read_bytes()).feed.rights == "All rights reserved."


def test_a_licence_is_linked_from_each_post_and_every_page(licensed):
    for name in post_pages(licensed):
        page = page_soup(licensed, name)
        reuse = page.select_one(".cite-this-post .post-reuse")
        assert reuse.a["href"] == CC_BY and reuse.a.get_text() == "CC BY 4.0", name
        assert "Creative Commons Attribution 4.0 International" in reuse.get_text()
        assert json_ld(page)["license"] == CC_BY
    for name in ("index.html", "about.html", "blog.html", POST):
        assert [link["href"] for link in page_soup(licensed, name).select("link[rel=license]")] == [CC_BY], name


def test_each_feed_gives_the_licence(licensed):
    for path in [licensed.outdir / "blog" / "atom.xml", licensed.outdir / "blog" / "tag" / "policy" / "atom.xml"]:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, path
        assert feed.feed.rights == f"Creative Commons Attribution 4.0 International (CC BY 4.0): {CC_BY}"


def test_an_unknown_licence_stops_the_build_at_its_line(tmp_path):
    project, line = copy_with_settings(tmp_path / "src", 'citable_blog_license = "MIT"')
    build = sphinx_build(project, tmp_path / "html")
    assert build.returncode != 0
    assert f"conf.py:{line}: ERROR: citable_blog_license = 'MIT' is not a licence for posts: give the SPDX id " \
           "of one (CC-BY-4.0, " in build.stderr
    assert_no_crash_report(build)
    assert not (tmp_path / "html" / "index.html").exists()
