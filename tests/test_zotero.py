"""Zotero saves each post as a blog post, with its title, author, full date, blog and address.

Zotero's own Embedded Metadata translator (the one it uses on a page no
site-specific translator knows), with the RDF translator it calls, runs on
the built pages under Node (tests/judges/zotero: the translators unchanged
from the zotero/translators repository, Zotero's framework code they need
ported; see its translators/SOURCES.md). What it returns is the item Zotero
would save.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import PROJECT
from test_cite_this import BLOG, SOURCES

HARNESS = PROJECT / "tests" / "judges" / "zotero" / "em.js"


def zotero_items(site, page: str) -> list[dict]:
    proc = subprocess.run(["node", str(HARNESS), str(site.outdir / page)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("src", SOURCES, ids=lambda s: s.page.rsplit("/", 1)[1][:30])
def test_each_post_is_saved_as_a_blog_post(site, src):
    (item,) = zotero_items(site, src.page)
    assert item["itemType"] == "blogPost"
    assert item["title"] == src.title
    given, family = src.author.rsplit(" ", 1)
    assert item["creators"] == [{"firstName": given, "lastName": family, "creatorType": "author"}]
    assert item["date"] == src.date.strftime("%Y/%m/%d")  # day and month kept
    assert item["blogTitle"] == BLOG
    assert item["url"] == src.url
    assert item["language"] == "en"
    assert item["abstractNote"]  # the description
    assert "publicationTitle" not in item and "websiteType" not in item


def test_the_home_page_is_saved_as_a_web_page(site):
    (item,) = zotero_items(site, "index.html")
    assert item["itemType"] == "webpage"
    assert item["websiteTitle"] == BLOG
