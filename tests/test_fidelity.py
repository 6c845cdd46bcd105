"""Every word of the original posts is on the site, in the right post, under the right date."""

from __future__ import annotations

import re
from copy import copy

import pytest
from seed import SEED, TITLES, normalise, split_posts

MARKER = re.compile(r"\s*\[\d+\]")  # "[1]": becomes a citation, so may differ


def comparable(text: str) -> str:
    """Normalise white space, and the space a removed citation leaves before punctuation."""
    return re.sub(r"\s+([.,;:)\]])", r"\1", normalise(text))


def post_text(article) -> str:
    """The article's words as a reader sees them, without citations or generated parts."""
    article = copy(article)
    for el in article.select("span.bibtex-citation, a.headerlink, .post-byline, section#references"):
        el.decompose()
    return comparable(article.get_text())


@pytest.fixture(scope="module")
def pages_by_title(site):
    pages = {}
    for path in site.post_pages():
        soup = site.page(path)
        pages[soup.select_one("article h1").get_text().rstrip("#").strip()] = (path, soup)
    return pages


def test_seed_splits_into_seven_posts():
    posts = split_posts()
    assert [p.title for p in posts] == TITLES
    assert [p.date for p in posts] == [
        "17 April 2014",
        "15 April 2014",
        "15 April 2014",
        "9 April 2014",
        "8 April 2014",
        "8 April 2014",
        "2 April 2014",
    ]
    assert all(p.paragraphs for p in posts)


def test_every_post_has_a_page(pages_by_title):
    assert sorted(pages_by_title) == sorted(TITLES)


@pytest.mark.parametrize("post", split_posts(), ids=lambda p: p.title[:30])
def test_post_title_and_date(post, pages_by_title):
    path, soup = pages_by_title[post.title]
    assert len(soup.select("article h1")) == 1
    assert soup.select_one(".post-byline .post-date").get_text(strip=True) == post.date
    # The date is also in the URL, and the file name is the title's slug.
    day, month, year = post.date.split()
    assert path.startswith(f"posts/{year}/04/")


@pytest.mark.parametrize("post", split_posts(), ids=lambda p: p.title[:30])
def test_every_paragraph_appears_word_for_word(post, pages_by_title):
    _, soup = pages_by_title[post.title]
    text = post_text(soup.select_one("article"))
    missing = []
    for paragraph in post.paragraphs:
        expected = comparable(MARKER.sub("", paragraph))
        if expected not in text:
            missing.append(expected)
    assert not missing, f"{post.title}: paragraphs missing or altered:\n" + "\n".join(missing)


def test_paragraphs_are_in_the_original_order(pages_by_title):
    for post in split_posts():
        _, soup = pages_by_title[post.title]
        text = post_text(soup.select_one("article"))
        positions = [text.index(comparable(MARKER.sub("", p))) for p in post.paragraphs]
        assert positions == sorted(positions), post.title


def test_letter_and_reply_are_block_quotes(pages_by_title):
    _, soup = pages_by_title[TITLES[4]]
    quotes = [normalise(q.get_text()) for q in soup.select("article blockquote")]
    assert len(quotes) == 2
    assert quotes[0].startswith("Dear (County Council), Please tell me what guidelines")
    assert quotes[1].startswith("Dear Mr Mills, (The) County Council’s general stance")


def test_bare_urls_are_links(pages_by_title):
    urls = set(re.findall(r"https?://[^\s)\]]+", SEED.read_text(encoding="utf-8")))
    hrefs = set()
    for _, soup in pages_by_title.values():
        hrefs |= {a["href"] for a in soup.select("article a[href]")}
    assert urls <= hrefs, urls - hrefs


def test_typography_is_unchanged(pages_by_title):
    _, soup = pages_by_title["Ofsted – and the TIWPIR problem"]
    text = soup.select_one("article").get_text()
    # Curly quotes, en dashes and ellipses as written, not "smartened" or flattened.
    assert "I’m becoming an Ofsted bore." in text
    assert "I could go on … and on." in text
    assert "– and the TIWPIR problem" in text
