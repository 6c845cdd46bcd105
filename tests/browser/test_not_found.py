"""The 404 page works at any depth: styled, with a working search and the latest posts."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

MISSING = ["gone.html", "posts/2014/04/gone.html", "blog/tag/nothing/at/all/here.html"]


@pytest.mark.parametrize("path", MISSING)
def test_404_page_at_any_depth(new_context, http_site, path):
    visit = new_context()
    page = visit.context.new_page()
    response = page.goto(http_site.url(path), wait_until="networkidle")
    assert response.status == 404
    assert page.locator("article h1").inner_text() == "Page not found"
    # Styled: the theme's CSS and scripts loaded from the right place.
    assert not [s for s in http_site.log if s.status == 404 and s.path.split("?")[0].endswith((".css", ".js"))]
    assert page.evaluate("() => getComputedStyle(document.querySelector('.bd-sidebar-primary')).display") != "none"
    assert page.evaluate("() => typeof DOCUMENTATION_OPTIONS") == "object"
    # The latest posts link to the posts.
    latest = page.locator("article ul.not-found-latest a")
    assert latest.count() == 5
    first = latest.first.inner_text()
    latest.first.click()
    page.wait_for_load_state()
    assert page.locator("article h1").inner_text().rstrip("#").strip() == first


@pytest.mark.parametrize("path", MISSING)
def test_404_page_search_finds_posts(page, http_site, path):
    page.goto(http_site.url(path))
    field = page.locator("article form.not-found-search input[name=q]")
    field.fill("Ofsted")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/en/latest/search\.html\?q=Ofsted"))
    first = page.locator("#search-results ul.search li").first
    first.wait_for()
    assert first.inner_text().startswith("Ofsted – and the TIWPIR problem")


def test_404_page_sidebar_links_work(page, http_site):
    page.goto(http_site.url("posts/2014/04/gone.html"))
    page.locator("#pst-primary-sidebar a[href$='blog/tag/inspection.html']").click()
    page.wait_for_url("**/en/latest/blog/tag/inspection.html")
    assert "Ofsted" in page.locator("article").inner_text()
