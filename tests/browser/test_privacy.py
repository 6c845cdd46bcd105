"""Reading the blog tells nobody else: no page makes a request to another host.

Every request the browser makes while loading each page (and waiting for the
network to go quiet) is recorded; all of them must go to the site itself. No
CDN fonts, analytics, trackers or embeds.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def site_pages(site) -> list[str]:
    return sorted(
        p.relative_to(site.outdir).as_posix()
        for p in site.outdir.rglob("*.html")
        if not p.relative_to(site.outdir).parts[0].startswith("_")
    )


def test_the_recorder_sees_foreign_requests(new_context, http_site):
    # The check itself: a page that asks another host is caught (and the
    # request refused, so nothing leaves the machine).
    visit = new_context()
    page = visit.context.new_page()
    page.goto(http_site.url("index.html"))
    page.evaluate("() => fetch('https://fonts.googleapis.com/css?family=Roboto').catch(() => null)")
    page.wait_for_load_state("networkidle")
    assert visit.foreign == ["https://fonts.googleapis.com/css?family=Roboto"]


def test_no_page_requests_another_host(new_context, http_site, site):
    pages = site_pages(site) + ["posts/2014/04/no-such-post.html"]  # and the 404 page
    assert len(pages) > 20
    visit = new_context()
    page = visit.context.new_page()
    offenders = {}
    for path in pages:
        visit.requests.clear()
        visit.foreign.clear()
        page.goto(http_site.url(path), wait_until="networkidle")
        page.evaluate("() => document.fonts.ready")
        assert visit.requests, path
        elsewhere = [u for u in visit.requests if urlsplit(u).netloc != urlsplit(http_site.origin).netloc]
        if elsewhere or visit.foreign:
            offenders[path] = sorted(set(elsewhere + visit.foreign))
    assert not offenders
