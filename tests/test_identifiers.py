"""A post's DOI (``doi:``) and last update (``updated:``) reach every reference to it; none is made up.

A copy of the site whose Outsourcing post has a DOI (in Crossref's test
prefix, 10.5555, which is never registered) written as its address in mixed
case, and an update date. Read back as their readers read them: the page's
metadata by Zotero's own translator, the RIS file by rispy, the BibTeX file by
pybtex, the feed by feedparser, the JSON-LD as JSON. The real site, whose
posts have no DOI yet, claims none anywhere.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import feedparser
import pytest
import rispy
from bs4 import BeautifulSoup
from conftest import PROJECT, copy_project, sphinx_build
from pybtex.database import parse_string

POST = "posts/2014/04/outsourcing.md"
PAGE = "posts/2014/04/outsourcing.html"
DOI = "10.5555/example-outsourcing.2014"
DOI_URL = f"https://doi.org/{DOI}"
HARNESS = PROJECT / "tests" / "judges" / "zotero" / "em.js"


def with_front_matter(project: Path, *lines: str) -> None:
    path = project / POST
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n", "\n" + "\n".join(lines) + "\n---\n", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    base = tmp_path_factory.mktemp("identifiers")
    project = copy_project(base / "src")
    with_front_matter(project, "doi: https://doi.org/10.5555/Example-Outsourcing.2014", "updated: 2014-05-02")
    result = sphinx_build(project, base / "html")
    assert result.returncode == 0, result.stderr
    return result


def page(build, name: str = PAGE) -> BeautifulSoup:
    return BeautifulSoup((build.outdir / name).read_text(encoding="utf-8"), "html.parser")


def metas(soup: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})] + [
        tag["content"] for tag in soup.find_all("meta", attrs={"property": name})]


def json_ld(soup: BeautifulSoup) -> dict:
    return json.loads(soup.find("script", type="application/ld+json").string)


def test_the_byline_links_the_doi_and_says_when_the_post_was_updated(build):
    soup = page(build)
    link = soup.select_one(".post-byline a.post-doi")
    assert link["href"] == DOI_URL and link.get_text() == DOI_URL
    assert soup.select_one(".post-byline .post-updated").get_text() == "Updated on 2 May 2014"
    assert soup.select_one(".post-byline .post-date").get_text() == "17 April 2014"


def test_the_page_metadata_carries_the_doi_and_the_update(build):
    soup = page(build)
    assert metas(soup, "citation_doi") == [DOI]
    assert f"doi:{DOI}" in metas(soup, "DC.identifier")
    assert metas(soup, "article:modified_time") == ["2014-05-02"]
    data = json_ld(soup)
    assert data["sameAs"] == DOI_URL
    assert data["identifier"] == {"@type": "PropertyValue", "propertyID": "DOI", "value": DOI, "url": DOI_URL}
    assert data["datePublished"] == "2014-04-17" and data["dateModified"] == "2014-05-02"


def test_zotero_saves_the_doi(build):
    proc = subprocess.run(["node", str(HARNESS), str(build.outdir / PAGE)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    (item,) = json.loads(proc.stdout)
    assert item["itemType"] == "blogPost"
    assert item["DOI"] == DOI
    assert item["date"] == "2014/04/17"


def test_cite_this_post_gives_the_doi_where_the_style_puts_it(build):
    soup = page(build)
    apa = soup.select_one(".cite-apa").get_text()
    assert apa.endswith(DOI_URL)  # APA 7 (9.34): the DOI, instead of the address
    assert "outsourcing.html" not in apa


def test_the_ris_and_bibtex_files_carry_the_doi(build):
    (record,) = rispy.loads((build.outdir / PAGE.replace(".html", ".ris")).read_text(encoding="utf-8"))
    assert record["doi"] == DOI
    entries = parse_string((build.outdir / "posts.bib").read_text(encoding="utf-8"), "bibtex").entries
    with_doi = {key: entry.fields["doi"] for key, entry in entries.items() if "doi" in entry.fields}
    assert with_doi == {"mills2014outsourcing": DOI}


def test_the_feed_and_sitemap_give_the_update(build):
    feed = feedparser.parse((build.outdir / "blog" / "atom.xml").read_bytes())
    (entry,) = [e for e in feed.entries if e.link.endswith(PAGE)]
    assert entry.published.startswith("2014-04-17") and entry.updated.startswith("2014-05-02")
    assert entry.id.endswith(PAGE)  # the entry keeps its id: feed readers see no new entry
    assert [link.href for link in entry.links if link.rel == "related"] == [DOI_URL]
    tag_feed = feedparser.parse((build.outdir / "blog" / "tag" / "policy" / "atom.xml").read_bytes())
    (tagged,) = [e for e in tag_feed.entries if e.link.endswith(PAGE)]
    assert [link.href for link in tagged.links if link.rel == "related"] == [DOI_URL]
    sitemap = BeautifulSoup((build.outdir / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    lastmod = {url.loc.text.rsplit("/", 4)[-1]: url.lastmod.text for url in sitemap.find_all("url") if url.lastmod}
    assert lastmod["outsourcing.html"] == "2014-05-02"
    assert lastmod["pressure-of-work.html"] == "2014-04-02"


def test_no_post_of_the_real_site_claims_a_doi(site):
    for path in (site.outdir / "posts").rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not metas(soup, "citation_doi") and not soup.select(".post-doi"), path
        assert not soup.select(".post-updated"), path
        ld = soup.find("script", type="application/ld+json")
        if ld is not None:
            data = json.loads(ld.string)
            assert "sameAs" not in data and "identifier" not in data, path
    assert "DO  -" not in "".join(p.read_text(encoding="utf-8") for p in (site.outdir / "posts").rglob("*.ris"))
    assert "doi" not in (site.outdir / "posts.bib").read_text(encoding="utf-8").lower()
