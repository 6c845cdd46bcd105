"""Citations resolve to the reference list on their own page, and nowhere leak."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PROJECT

CITE_ROLE = re.compile(r"\{cite:\w+\}`([^`]+)`")
BIB_KEY = re.compile(r"^@\w+\{([^,\s]+),", re.M)


def bib_keys() -> set[str]:
    return set(BIB_KEY.findall((PROJECT / "references.bib").read_text(encoding="utf-8")))


def cited_in_source(page: str) -> set[str]:
    source = (PROJECT / Path(page).with_suffix(".md")).read_text(encoding="utf-8")
    return {key.strip() for keys in CITE_ROLE.findall(source) for key in keys.split(",")}


def test_every_post_citation_links_to_its_own_reference_list(site):
    for page in site.post_pages():
        soup = site.page(page)
        links = soup.select("article span.bibtex-citation a")
        for a in links:
            href = a["href"]
            assert href.startswith("#ref-"), f"{page}: citation goes elsewhere: {href}"
            target = soup.find(id=href[1:])
            assert target is not None, f"{page}: {href} has no target"
            assert target.find_parent("section", id="references"), f"{page}: {href} is not in References"


def test_reference_list_holds_exactly_the_works_the_post_cites(site):
    for page in site.post_pages():
        listed = {div["id"].removeprefix("ref-") for div in site.page(page).select("section#references ul.references > li")}
        assert listed == cited_in_source(page), page


def test_entry_ids_derive_from_keys(site):
    for page in site.post_pages():
        entries = site.page(page).select("section#references ul.references > li")
        assert entries, page
        for li in entries:
            assert re.fullmatch(r"ref-[a-z0-9-]+", li["id"]), li["id"]


def test_every_bibliography_entry_is_cited(site):
    cited = set()
    for page in site.post_pages():
        cited |= {a["href"].removeprefix("#ref-") for a in site.page(page).select("span.bibtex-citation a")}
    assert cited == bib_keys()


def test_works_cited_by_two_posts_are_listed_on_both(site):
    pages = [p for p in site.post_pages() if "dfe2014workforce" in cited_in_source(p)]
    assert len(pages) == 2
    for page in pages:
        assert site.page(page).find(id="ref-dfe2014workforce")


def test_citations_are_author_year(site):
    soup = site.page("posts/2014/04/stepping-up-but-not-staying-in.html")
    texts = [c.get_text() for c in soup.select("article p span.bibtex-citation")]
    assert "(Baginsky & Manthorpe, 2014)" in texts


LISTINGS = ["index.html", "blog.html", "blog/2014.html", "blog/tag/policy.html", "blog/tag/research.html",
            "blog/category/policy-comment.html", "blog/author/chris-mills.html"]


@pytest.mark.parametrize("listing", LISTINGS)
def test_excerpt_citations_point_at_the_citing_post(site, listing):
    soup = site.page(listing)
    text = soup.select_one("article").get_text()
    assert "{cite" not in text and ":cite:" not in text
    for key in bib_keys():
        assert key not in text, f"raw key {key} in {listing}"
    citation_links = [a for a in soup.select("article a[href*='#ref-']")]
    assert citation_links, f"{listing} shows no excerpt with a citation"
    for a in citation_links:
        page, _, anchor = a["href"].partition("#")
        target = (site.outdir / listing).parent.joinpath(page).resolve()
        assert target.is_relative_to((site.outdir / "posts").resolve()), a["href"]
        assert site.page(target.relative_to(site.outdir.resolve()).as_posix()).find(id=anchor), a["href"]


@pytest.mark.parametrize("listing", ["index.html", "blog.html", "blog/tag/research.html"])
def test_excerpt_citations_link_to_the_post_they_were_copied_from(site, listing):
    soup = site.page(listing)
    for item in soup.select("article li.ablog-post, article div.ablog-post"):
        post = item.select_one(".ablog-post-title a")["href"]
        for a in item.select(".ablog-post-excerpt a[href*='#ref-']"):
            assert a["href"].partition("#")[0] == post, (listing, post, a["href"])


def test_feed_citations_link_to_the_entrys_own_reference_list(site):
    import lxml.etree
    import lxml.html

    atom = {"a": "http://www.w3.org/2005/Atom"}
    feed = lxml.etree.parse(str(site.outdir / "blog" / "atom.xml")).getroot()
    checked = 0
    for entry in feed.findall("a:entry", atom):
        url = entry.find("a:link", atom).get("href")
        content = lxml.html.fragment_fromstring(entry.findtext("a:content", namespaces=atom), create_parent="div")
        for a in content.xpath(".//span[contains(@class, 'bibtex-citation')]//a"):
            assert a.get("href").partition("#")[0] == url, (url, a.get("href"))
            checked += 1
    assert checked >= len(bib_keys())


def test_no_feed_entry_or_excerpt_shows_a_raw_key(site):
    """Every entry of every feed, and every excerpt of every listing page, shows citations as the page does."""
    import lxml.etree
    import lxml.html

    keys = bib_keys()
    key_word = re.compile(r"\b(" + "|".join(map(re.escape, keys)) + r")\b")
    atom = {"a": "http://www.w3.org/2005/Atom"}
    feeds = sorted(site.outdir.glob("blog/**/*.xml"))
    assert len(feeds) > 10
    entries = 0
    for path in feeds:
        for entry in lxml.etree.parse(str(path)).getroot().findall("a:entry", atom):
            for part in ("a:summary", "a:content"):
                html = entry.findtext(part, namespaces=atom) or ""
                text = lxml.html.fragment_fromstring(html, create_parent="div").text_content() if html else ""
                assert not key_word.search(text), (path.name, part, key_word.search(text).group())
                assert "{cite" not in text, (path.name, part)
            entries += 1
    assert entries > 40
    listings = [p for p in site.outdir.rglob("*.html") if p.relative_to(site.outdir).parts[0] != "posts"]
    excerpts = 0
    for path in listings:
        for excerpt in site.page(path.relative_to(site.outdir).as_posix()).select(".ablog-post-excerpt"):
            assert not key_word.search(excerpt.get_text()), (path.name, key_word.search(excerpt.get_text()).group())
            excerpts += 1
    assert excerpts > 20
    # As the page shows it: "as reported in Children and Young People Now (2014), that ...".
    feed = lxml.etree.parse(str(site.outdir / "blog" / "atom.xml")).getroot()
    summaries = [e.findtext("a:summary", namespaces=atom) or "" for e in feed.findall("a:entry", atom)]
    assert any("as reported in Children and Young People Now (2014), that" in s for s in summaries)
