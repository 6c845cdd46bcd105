"""On a phone (375 px wide) no page scrolls sideways and the sidebar can be reached.

Screenshots of the home page and a post at 375 and 1280 px are saved to the
artifacts folder (printed; $TEST_ARTIFACTS or _build/test-artifacts).
"""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

POST = "posts/2014/04/is-it-any-wonder-that-child-protection-social-work-in-england-is-not-a-developing-profession.html"

# How far the page can scroll sideways, and which elements stick out.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1 && el.checkVisibility({visibilityProperty: true})) {
      wide.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(r.right)} px)`);
    }
  }
  window.scrollTo(10000, window.scrollY);
  const scrolled = window.scrollX;
  window.scrollTo(0, window.scrollY);
  return {scrollWidth: document.documentElement.scrollWidth, width, scrolled, wide: wide.slice(0, 10)};
}"""


def site_pages(site) -> list[str]:
    return sorted(
        p.relative_to(site.outdir).as_posix()
        for p in site.outdir.rglob("*.html")
        if not p.relative_to(site.outdir).parts[0].startswith("_")
    )


def test_the_overflow_check_sees_a_wide_element(new_context, http_site):
    page = new_context(viewport=PHONE).context.new_page()
    page.goto(http_site.url(POST), wait_until="networkidle")
    page.evaluate("() => { const d = document.createElement('div'); d.style.width = '600px';"
                  " d.style.height = '10px'; document.querySelector('article').append(d); }")
    result = page.evaluate(OVERFLOW_JS)
    assert result["scrolled"] > 0 and result["scrollWidth"] > result["width"]


def test_no_page_scrolls_sideways_on_a_phone(new_context, http_site, site):
    pages = [*site_pages(site), "posts/2014/04/no-such-post.html"]
    page = new_context(viewport=PHONE).context.new_page()
    problems = {}
    for path in pages:
        page.goto(http_site.url(path), wait_until="networkidle")
        result = page.evaluate(OVERFLOW_JS)
        if result["scrolled"] or result["scrollWidth"] > result["width"]:
            problems[path] = result
    assert not problems


@pytest.mark.parametrize("path", ["index.html", POST])
def test_sidebar_is_reachable_on_a_phone(new_context, http_site, site, path):
    page = new_context(viewport=PHONE).context.new_page()
    page.goto(http_site.url(path), wait_until="networkidle")
    sidebar = page.locator("#pst-primary-sidebar")
    assert not sidebar.get_by_text("Recent Posts").is_visible()  # folded away until asked for
    toggle = page.locator(".bd-header-article .primary-toggle")
    assert toggle.is_visible()
    toggle.click()
    modal = page.locator("#pst-primary-sidebar-modal")
    modal.wait_for(state="visible")
    for heading in ("Recent Posts", "Tags", "Archives"):
        assert modal.get_by_role("link", name=heading, exact=True).is_visible(), heading
    # The sidebar fits the screen, and scrolls within itself to the archives.
    box = modal.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    month = modal.get_by_role("link", name="April 2014 (7)")
    month.scroll_into_view_if_needed()
    assert month.is_visible()
    tag = modal.locator(".ablog-sidebar-item a[href*='tag/research']").first
    tag.click()
    page.wait_for_url("**/blog/tag/research.html")
    assert "Posts tagged research" in page.locator("article h1").inner_text()


@pytest.mark.parametrize("name, path", [("home", "index.html"), ("post", POST)])
@pytest.mark.parametrize("width, viewport", [(375, PHONE), (1280, DESKTOP)])
def test_screenshots(new_context, http_site, artifacts, name, path, width, viewport):
    page = new_context(viewport=viewport).context.new_page()
    page.goto(http_site.url(path), wait_until="networkidle")
    page.evaluate("() => document.fonts.ready")
    target = artifacts / f"{name}-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    print(f"\nscreenshot: {target}")
    assert target.stat().st_size > 10_000
