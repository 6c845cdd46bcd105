"""ABlog's structure: archives, tags, categories, author, feed, search, navigation."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import pytest
from conftest import DEFAULT_SITE_URL
from seed import TITLES

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def links_from(site, page: str) -> set[str]:
    """Every link on *page*, as a path relative to the site root."""
    soup = site.page(page)
    base = (site.outdir / page).parent
    out = set()
    for a in soup.select("article a[href]"):
        href = a["href"].partition("#")[0]
        if href and "://" not in href:
            out.add((base / href).resolve().relative_to(site.outdir.resolve()).as_posix())
    return out


def post_meta(site):
    """(page, title, date text, tags, category) of every post, read from its page."""
    for page in site.post_pages():
        soup = site.page(page)
        yield (
            page,
            soup.select_one("article h1").get_text().rstrip("#").strip(),
            soup.select_one(".post-date").get_text(strip=True),
            [a.get_text() for a in soup.select(".post-byline a.post-tag")],
            [a.get_text() for a in soup.select(".post-byline a.post-category")],
        )


def test_post_byline_shows_author_and_linked_tags(site):
    for page, _, _, tags, categories in post_meta(site):
        soup = site.page(page)
        assert soup.select_one(".post-byline a.post-author").get_text() == "Chris Mills"
        assert 2 <= len(tags) <= 4, page
        assert len(categories) == 1, page
        for a in soup.select(".post-byline a.post-tag"):
            assert a["href"].endswith(f"blog/tag/{a.get_text().replace(' ', '-')}.html")


def test_year_archive_lists_every_post(site):
    listed = links_from(site, "blog/2014.html")
    assert set(site.post_pages()) <= listed


def test_month_archive_lists_the_months_posts(site):
    assert set(site.post_pages()) <= links_from(site, "blog/2014/04.html")
    heading = site.page("blog/2014/04.html").select_one("article h1").get_text(" ", strip=True)
    assert " ".join(heading.split()) == "Posted in April 2014"
    sidebar = site.page("about.html").select_one(".ablog__archives")
    assert [a.get_text() for a in sidebar.select("a")] == ["Archives", "2014 (7)", "April 2014 (7)"]


def test_each_post_is_on_each_of_its_tag_pages(site):
    for page, title, _, tags, _ in post_meta(site):
        for tag in tags:
            assert page in links_from(site, f"blog/tag/{tag.replace(' ', '-')}.html"), (title, tag)


def test_tag_index_lists_every_tag(site):
    tags = {tag for *_, tags, _ in post_meta(site) for tag in tags}
    text = site.page("blog/tag.html").select_one("article").get_text()
    for tag in tags:
        assert tag in text


def test_category_and_author_pages(site):
    for page, _, _, _, categories in post_meta(site):
        assert page in links_from(site, f"blog/category/{categories[0].lower().replace(' ', '-')}.html")
        assert page in links_from(site, "blog/author/chris-mills.html")


def test_home_page_lists_posts_newest_first_with_excerpts(site):
    soup = site.page("index.html")
    items = soup.select("article li.ablog-post")
    assert len(items) == len(TITLES)
    dates = [dt.datetime.strptime(i.select_one("p").get_text().split("·")[-1].strip(), "%d %B %Y") for i in items]
    assert dates == sorted(dates, reverse=True)
    assert all(i.select_one(".ablog-post-excerpt") for i in items)


def test_sidebar_on_every_page(site):
    for page in ["index.html", "about.html", "blog/tag/policy.html", *site.post_pages()]:
        sidebar = site.page(page).select_one("#pst-primary-sidebar")
        assert sidebar.select_one("form[action$='search.html']"), page
        text = sidebar.get_text()
        for heading in ("Recent Posts", "Tags", "Archives"):
            assert heading in text, (page, heading)


def test_one_previous_next_bar_in_date_order(site):
    posts = sorted(post_meta(site), key=lambda m: (dt.datetime.strptime(m[2], "%d %B %Y"), m[1]))
    for i, (page, *_) in enumerate(posts):
        soup = site.page(page)
        assert len(soup.select(".prev-next-area")) == 1, page
        prev, nxt = soup.select_one(".prev-next-area a.left-prev"), soup.select_one(".prev-next-area a.right-next")
        older = posts[i - 1][1] if i > 0 else None
        newer = posts[i + 1][1] if i + 1 < len(posts) else None
        assert (prev.select_one(".prev-next-title").get_text() if prev else None) == older
        assert (nxt.select_one(".prev-next-title").get_text() if nxt else None) == newer


@pytest.fixture(scope="module")
def feed(site):
    return lxml.etree.parse(str(site.outdir / "blog" / "atom.xml")).getroot()


def test_feed_has_every_post_in_full(site, feed):
    entries = feed.findall("a:entry", ATOM)
    assert sorted(e.findtext("a:title", namespaces=ATOM) for e in entries) == sorted(TITLES)
    for entry in entries:
        url = entry.find("a:link", ATOM).get("href")
        assert url.startswith(DEFAULT_SITE_URL)
        page = url.removeprefix(DEFAULT_SITE_URL)
        assert (site.outdir / page).is_file()
        content = entry.findtext("a:content", namespaces=ATOM)
        # In full: the post's last paragraph is there, not only the excerpt.
        last = site.page(page).select("article section > p")[-1].get_text()[:60]
        assert last in lxml.html.fromstring(content).text_content()


def test_feed_links_are_absolute(feed):
    for entry in feed.findall("a:entry", ATOM):
        fragment = lxml.html.fragment_fromstring(entry.findtext("a:content", namespaces=ATOM), create_parent="div")
        for el in fragment.iter():
            for attr in ("href", "src"):
                if el.get(attr) is not None:
                    assert el.get(attr).startswith(("https://", "http://", "mailto:")), el.get(attr)


def test_feed_dates_are_utc_and_from_the_posts(site, feed):
    dates = {title: dt.datetime.strptime(date, "%d %B %Y") for _, title, date, _, _ in post_meta(site)}
    for entry in feed.findall("a:entry", ATOM):
        published = entry.findtext("a:published", namespaces=ATOM)
        assert published == dates[entry.findtext("a:title", namespaces=ATOM)].strftime("%Y-%m-%dT00:00:00+00:00")
    assert feed.findtext("a:updated", namespaces=ATOM) == max(dates.values()).strftime("%Y-%m-%dT00:00:00+00:00")
    assert feed.find("a:link[@rel='self']", ATOM).get("href") == urljoin(DEFAULT_SITE_URL, "blog/atom.xml")


def test_feed_has_an_author_and_its_own_id(site, feed):
    assert feed.findtext("a:author/a:name", namespaces=ATOM) == "Chris Mills"
    assert feed.findtext("a:id", namespaces=ATOM) == urljoin(DEFAULT_SITE_URL, "blog/atom.xml")
    tag_feed = lxml.etree.parse(str(site.outdir / "blog" / "tag" / "policy" / "atom.xml")).getroot()
    assert tag_feed.findtext("a:id", namespaces=ATOM) == urljoin(DEFAULT_SITE_URL, "blog/tag/policy/atom.xml")
    assert tag_feed.findtext("a:author/a:name", namespaces=ATOM) == "Chris Mills"


def test_an_archive_feed_spliced_from_the_main_feeds_text_is_the_archive_serialized(site, tmp_path):
    """Archive feeds are the main feed's head and, as the main feed's file has them, some of its entries."""
    from sphinx_citable_blog.reading.feeds import entry_texts, write_archive_feed

    text = (site.outdir / "blog" / "atom.xml").read_text(encoding="utf-8")
    main = lxml.etree.fromstring(text.encode(), lxml.etree.XMLParser(remove_blank_text=True))
    texts = entry_texts(text, main)
    ids = [entry.findtext("a:id", namespaces=ATOM) for entry in main.findall("a:entry", ATOM)]
    assert list(texts) == ids and all(chunk.startswith("  <entry>\n") for chunk in texts.values())
    chosen = set(ids[1::2])
    url = urljoin(DEFAULT_SITE_URL, "blog/tag/x/atom.xml")
    spliced = write_archive_feed(main, tmp_path / "spliced.xml", "Some posts", url, chosen, texts)
    whole = write_archive_feed(main, tmp_path / "whole.xml", "Some posts", url, chosen)
    assert (tmp_path / "spliced.xml").read_bytes() == (tmp_path / "whole.xml").read_bytes()
    archive = lxml.etree.parse(str(tmp_path / "spliced.xml")).getroot()
    assert [e.findtext("a:id", namespaces=ATOM) for e in archive.findall("a:entry", ATOM)] == ids[1::2]
    assert [e.findtext("a:id", namespaces=ATOM) for e in spliced[1]] == ids[1::2] == [
        e.findtext("a:id", namespaces=ATOM) for e in whole[1]]
    assert entry_texts(text.replace(texts[ids[0]], ""), main) is None  # a text without one of the tree's entries


def test_search_index_has_every_post(site):
    index = site.search_index()
    docnames = {d for d in index["docnames"]}
    titles = set(index["titles"])
    for page in site.post_pages():
        assert page.removesuffix(".html") in docnames
    assert set(TITLES) <= titles
    # Words from the posts' bodies are indexed too.
    assert "tiwpir" in index["terms"]


def test_the_sections_every_post_gets_are_not_searched(site):
    """"Cite this post" and "Related posts" are the same on every post, or name other posts:
    a search for "Zotero" finds the page on citing the blog, not every post."""
    index = site.search_index()
    pages = {name: number for number, name in enumerate(index["docnames"])}

    def found(term: str) -> set[int]:
        found = set()
        for kind in ("terms", "titleterms"):
            hits = index[kind].get(term, [])
            found |= set(hits if isinstance(hits, list) else [hits])
        return found

    assert found("zotero") == {pages["how-to-cite"]}
    assert not found("refwork") - {pages["how-to-cite"]}
    assert "Cite this post" not in index["alltitles"]
    assert "Related posts" not in index["alltitles"]
    # The posts' own words and reference lists are still found.
    assert pages["posts/2014/04/outsourcing"] in found("outsourc")
    assert "References" in index["alltitles"]


def test_possessives_put_no_word_s_in_the_search_index(site):
    """"Senge's" is indexed as "Senge": only a page with a real "s" (as in "s/he") has the word "s"."""
    from sphinx_citable_blog.reading.search import SearchEnglishPossessives

    assert SearchEnglishPossessives({}).split("Senge's and the NSPCC’s report, children’s services") == [
        "Senge", "and", "the", "NSPCC", "report", "children", "services"]
    pages = site.search_index()["terms"].get("s", [])
    assert len(pages if isinstance(pages, list) else [pages]) <= 1


def test_a_footnote_in_the_first_paragraph_links_nowhere_on_listing_pages(bad_build):
    build = bad_build("footnotes")
    assert build.returncode == 0, build.stderr
    for page in ["index.html", "blog/2014/04.html", "blog/tag/policy.html", "blog/2014.html"]:
        soup = build.page(page)
        assert soup.select(".footnote-reference") == [], page
        ids = {tag["id"] for tag in soup.select("[id]")}
        broken = [a["href"] for a in soup.select('a[href^="#"]') if a["href"] != "#" and a["href"][1:] not in ids]
        assert broken == [], page


def test_a_posts_footnotes_come_before_cite_this_post_and_related_posts(bad_build):
    build = bad_build("footnotes")
    article = build.page("posts/2014/04/footnotes.html").select_one("article")
    order = [tag.get("id") or "footnotes" for tag in article.select("#references, .footnote-list, #cite-this-post, "
                                                                   "#related-posts")]
    assert order == ["references", "footnotes", "cite-this-post", "related-posts"]
    assert [a["href"] for a in article.select("a.footnote-reference")] == ["#first", "#second"]
