"""Search works in a real browser, over HTTP and from the file system."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

RESULTS = "#search-results ul.search > li"


def results(page) -> list[str]:
    """Titles of the search results, best first, once the search has finished."""
    # The summary is empty while results are still being listed, one every few milliseconds.
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results .search-summary');"
        " return s && /Search finished|did not match/.test(s.textContent); }",
        timeout=15_000,
    )
    return [li.inner_text().split("\n")[0].strip() for li in page.locator(RESULTS).all()]


def summary(page) -> str:
    return page.locator("#search-results .search-summary").inner_text()


def test_typing_ofsted_in_the_sidebar_finds_the_ofsted_post_first(page, http_site):
    page.goto(http_site.url("index.html"))
    box = page.locator("#pst-primary-sidebar form.bd-search input[name=q]")
    box.fill("Ofsted")
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=Ofsted"))
    assert results(page)[0] == "Ofsted – and the TIWPIR problem"


def test_retention_finds_stepping_up_but_not_staying_in(page, http_site):
    page.goto(http_site.url("search.html?q=retention"))
    assert results(page)[0] == "Stepping up but not staying in?"


@pytest.mark.parametrize("tag", ["inspection", "workforce", "organisational culture", "service improvement"])
def test_a_tag_name_finds_that_tags_posts(page, http_site, site, tag):
    tag_page = site.page(f"blog/tag/{tag.replace(' ', '-')}.html")
    tagged = {a.get_text(strip=True) for a in tag_page.select("article li.ablog-post a, article h2 a")
              if "/posts/" in a.get("href", "")}
    assert tagged
    page.goto(http_site.url(f"search.html?q={tag.replace(' ', '+')}"))
    found = results(page)
    assert tagged <= set(found), (tag, found)


def test_a_search_with_no_match_says_so(page, http_site):
    page.goto(http_site.url("search.html?q=xylophonist"))
    assert results(page) == []
    assert "did not match any documents" in summary(page)


def test_search_works_from_the_file_system(page, site):
    page.goto((site.outdir / "search.html").resolve().as_uri() + "?q=Ofsted")
    assert results(page)[0] == "Ofsted – and the TIWPIR problem"
    # The result links to the post's file.
    href = page.locator(f"{RESULTS} a").first.get_attribute("href")
    assert href.endswith("posts/2014/04/ofsted-and-the-tiwpir-problem.html")


@pytest.mark.parametrize(("query", "word"), [
    ("Senge's", "Senge"), ("Senge’s", "Senge"), ("NSPCC's", "NSPCC"), ("NSPCC’s", "NSPCC"),
    ("children’s", "children"), ("children's", "children"),
])
def test_a_possessive_finds_what_the_word_alone_finds(page, http_site, query, word):
    page.goto(http_site.url(f"search.html?q={quote(word)}"))
    expected = results(page)
    page.goto(http_site.url(f"search.html?q={quote(query)}"))
    assert results(page) == expected
    assert 0 < len(expected) < 10  # neither nothing nor every page
